package journey

import (
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/cemkit/cem/touchpoint"
)

// Assemble builds a journey from events that were validated before: what a
// store reads back of events it validated when they were appended. It does
// not check each field again, which is most of the cost of [Journey.Add],
// but it does keep the journey's own rules, so corrupt data cannot build a
// journey that Add would refuse: every event must belong to customerID, IDs
// must be unique (an exact duplicate is dropped, a different event under a
// taken ID is [ErrConflict]), and every recovery must point at a failure of
// the journey ([ErrUnknownFailure]) and not precede it.
//
// Assemble takes ownership of the slices (it sorts them in place); the
// caller must not use them afterwards. Touchpoint attribute maps are kept,
// not copied. The journey validates later additions against l.
func Assemble(customerID string, l touchpoint.Limits, tps []touchpoint.Touchpoint, fs []Failure, rs []Recovery) (*Journey, error) {
	j := &Journey{customerID: customerID, limits: l, times: make(map[uuid.UUID]time.Time, len(tps)+len(fs)+len(rs))}
	for i := range tps {
		tps[i].Time = tps[i].Time.UTC()
		if err := j.claimOnly("touchpoint", tps[i].CustomerID); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(tps, touchpoint.Compare)
	var err error
	if j.tps, err = dedupe(j, "touchpoint", tps, func(e touchpoint.Touchpoint) (time.Time, uuid.UUID) { return e.Time, e.ID }, touchpoint.Touchpoint.Equal); err != nil {
		return nil, err
	}
	for i := range fs {
		fs[i].Time = fs[i].Time.UTC()
		if err := j.claimOnly("failure", fs[i].CustomerID); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(fs, func(a, b Failure) int { return cmpKey(a.Time, a.ID, b.Time, b.ID) })
	if j.failures, err = dedupe(j, "failure", fs, func(e Failure) (time.Time, uuid.UUID) { return e.Time, e.ID }, Failure.Equal); err != nil {
		return nil, err
	}
	for i := range rs {
		r := &rs[i]
		r.Time = r.Time.UTC()
		if r.Resolved() {
			r.ResolvedAt = r.ResolvedAt.UTC()
		}
		if err := j.claimOnly("recovery", r.CustomerID); err != nil {
			return nil, err
		}
		f, ok := j.Failure(r.FailureID)
		if !ok {
			verr := touchpoint.Invalid("recovery", "failure_id", r.FailureID.String(), "must name a failure in the journey")
			return nil, fmt.Errorf("%w: %w", ErrUnknownFailure, verr)
		}
		if err := r.checkAgainst(f); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(rs, func(a, b Recovery) int { return cmpKey(a.Time, a.ID, b.Time, b.ID) })
	if j.recoveries, err = dedupe(j, "recovery", rs, func(e Recovery) (time.Time, uuid.UUID) { return e.Time, e.ID }, Recovery.Equal); err != nil {
		return nil, err
	}
	return j, nil
}

// claimOnly is claim for Assemble: the customer is fixed up front.
func (j *Journey) claimOnly(entity, customerID string) error {
	if customerID != j.customerID || customerID == "" {
		return touchpoint.Invalid(entity, "customer_id", customerID, "must be the journey's customer "+quote(j.customerID))
	}
	return nil
}

// dedupe drops exact duplicates from the sorted slice s and records every
// ID in j.times; a second, different event under an ID is ErrConflict.
func dedupe[T any](j *Journey, entity string, s []T, key func(T) (time.Time, uuid.UUID), equal func(T, T) bool) ([]T, error) {
	out := s[:0]
	for _, e := range s {
		t, id := key(e)
		if _, taken := j.times[id]; taken {
			if n := len(out); n > 0 && equal(out[n-1], e) {
				continue
			}
			return nil, fmt.Errorf("%w: %s %s", ErrConflict, entity, id)
		}
		j.times[id] = t
		out = append(out, e)
	}
	return out, nil
}
