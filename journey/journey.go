package journey

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/cemkit/cem/touchpoint"
)

// ErrConflict is returned when an event is added whose ID is already in the
// journey with different content. Adding the very same event again is not
// an error: it is a no-op, so a host may re-send events safely.
var ErrConflict = errors.New("journey: conflicting event with the same id")

// ErrUnknownFailure is returned, together with a *touchpoint.ValidationError,
// when a recovery points at a failure that is not in the journey. Add the
// failure first.
var ErrUnknownFailure = errors.New("journey: recovery for a failure not in the journey")

// Journey is one customer's experience as a whole: their touchpoints in time
// order across every channel, with the failures that happened and the
// attempts to recover from them. Research on customer experience finds that
// satisfaction with the whole journey predicts overall satisfaction and
// loyalty better than satisfaction with single touchpoints (Rawson, Duncan &
// Jones, "The Truth About Customer Experience", HBR 2013); this type is what
// cem's scorers look at.
//
// A Journey keeps its events sorted by time, ties broken by ID, so the order
// in which events are added never changes the result. Adding an event whose
// ID is already present is a no-op when the content is equal and
// [ErrConflict] when it differs. Events of another customer are rejected.
//
// The zero value is an empty journey whose customer is set by the first
// event stored (an event refused with an error sets nothing); [New] fixes
// the customer up front. A zero Journey encodes to JSON with customer_id ""
// and decodes back to a zero Journey. A Journey is not safe for concurrent
// mutation; concurrent reads are safe.
type Journey struct {
	customerID string
	limits     touchpoint.Limits
	tps        []touchpoint.Touchpoint
	failures   []Failure
	recoveries []Recovery
	// times maps every event ID to its time, so a duplicate is found with a
	// binary search instead of a scan.
	times map[uuid.UUID]time.Time
}

// New returns an empty journey for customerID, validating events with the
// default touchpoint.Limits.
func New(customerID string) *Journey { return &Journey{customerID: customerID} }

// NewWithLimits returns an empty journey for customerID whose events are
// validated against l (a fixed clock in a simulation, larger attribute
// bounds, ...).
func NewWithLimits(customerID string, l touchpoint.Limits) *Journey {
	return &Journey{customerID: customerID, limits: l}
}

// CustomerID returns the journey's customer, "" for a zero Journey that has
// no events yet.
func (j *Journey) CustomerID() string { return j.customerID }

// Len returns the number of touchpoints.
func (j *Journey) Len() int { return len(j.tps) }

// Touchpoints returns the touchpoints in time order. The slice is the
// journey's own: read it, do not modify it (use [Journey.Clone] for a copy
// to change). It is valid until the next Add.
func (j *Journey) Touchpoints() []touchpoint.Touchpoint { return j.tps }

// Failures returns the failures in time order; the same ownership rule as
// [Journey.Touchpoints] applies.
func (j *Journey) Failures() []Failure { return j.failures }

// Recoveries returns all recovery attempts in time order; the same
// ownership rule as [Journey.Touchpoints] applies.
func (j *Journey) Recoveries() []Recovery { return j.recoveries }

// Add adds touchpoints to the journey, in any order. It validates each one
// and stops at the first error, leaving the journey with the touchpoints
// before it. The errors are a *touchpoint.ValidationError for bad input
// (including a touchpoint of another customer) and [ErrConflict] for an ID
// already present with different content.
func (j *Journey) Add(tps ...touchpoint.Touchpoint) error {
	j.tps = slices.Grow(j.tps, len(tps))
	if j.times == nil {
		j.times = make(map[uuid.UUID]time.Time, len(tps))
	}
	for _, tp := range tps {
		if err := j.add(tp); err != nil {
			return err
		}
	}
	return nil
}

func (j *Journey) add(tp touchpoint.Touchpoint) error {
	if err := j.limits.Validate(tp); err != nil {
		return err
	}
	if err := j.checkCustomer("touchpoint", tp.CustomerID); err != nil {
		return err
	}
	if t, ok := j.times[tp.ID]; ok {
		i, found := slices.BinarySearchFunc(j.tps, tp.ID, func(e touchpoint.Touchpoint, id uuid.UUID) int {
			return cmpKey(e.Time, e.ID, t, id)
		})
		if found && j.tps[i].Equal(tp) {
			return nil
		}
		return fmt.Errorf("%w: touchpoint %s", ErrConflict, tp.ID)
	}
	tp = tp.Clone()
	tp.Time = tp.Time.UTC()
	j.tps = insertSorted(j.tps, tp, func(e touchpoint.Touchpoint) (time.Time, uuid.UUID) { return e.Time, e.ID })
	j.remember(tp.ID, tp.Time)
	j.own(tp.CustomerID)
	return nil
}

// AddFailure adds failures, with the same rules as [Journey.Add].
func (j *Journey) AddFailure(fs ...Failure) error {
	for _, f := range fs {
		if err := j.addFailure(f); err != nil {
			return err
		}
	}
	return nil
}

func (j *Journey) addFailure(f Failure) error {
	if err := ValidateFailure(j.limits, f); err != nil {
		return err
	}
	if err := j.checkCustomer("failure", f.CustomerID); err != nil {
		return err
	}
	if _, ok := j.times[f.ID]; ok {
		if old, found := j.Failure(f.ID); found && old.Equal(f) {
			return nil
		}
		return fmt.Errorf("%w: failure %s", ErrConflict, f.ID)
	}
	f.Time = f.Time.UTC()
	j.failures = insertSorted(j.failures, f, func(e Failure) (time.Time, uuid.UUID) { return e.Time, e.ID })
	j.remember(f.ID, f.Time)
	j.own(f.CustomerID)
	return nil
}

// AddRecovery adds recovery attempts, with the rules of [Journey.Add] plus
// those against the failure each points at: the failure must already be in
// the journey ([ErrUnknownFailure] otherwise), belong to the same customer,
// and not lie after the attempt or its resolution; compensation must be in
// the loss's currency.
func (j *Journey) AddRecovery(rs ...Recovery) error {
	for _, r := range rs {
		if err := j.addRecovery(r); err != nil {
			return err
		}
	}
	return nil
}

func (j *Journey) addRecovery(r Recovery) error {
	if err := ValidateRecovery(j.limits, r); err != nil {
		return err
	}
	if err := j.checkCustomer("recovery", r.CustomerID); err != nil {
		return err
	}
	f, ok := j.Failure(r.FailureID)
	if !ok {
		verr := touchpoint.Invalid("recovery", "failure_id", r.FailureID.String(), "must name a failure in the journey")
		return fmt.Errorf("%w: %w", ErrUnknownFailure, verr)
	}
	if err := r.checkAgainst(f); err != nil {
		return err
	}
	if _, ok := j.times[r.ID]; ok {
		if old, found := j.recovery(r.ID); found && old.Equal(r) {
			return nil
		}
		return fmt.Errorf("%w: recovery %s", ErrConflict, r.ID)
	}
	r.Time = r.Time.UTC()
	if r.Resolved() {
		r.ResolvedAt = r.ResolvedAt.UTC()
	}
	j.recoveries = insertSorted(j.recoveries, r, func(e Recovery) (time.Time, uuid.UUID) { return e.Time, e.ID })
	j.remember(r.ID, r.Time)
	j.own(r.CustomerID)
	return nil
}

// checkCustomer rejects an event of anyone but the journey's customer. It
// does not claim the customer of a zero Journey: [Journey.own] does, once
// an event is stored, so a refused event leaves the journey as it was.
func (j *Journey) checkCustomer(entity, customerID string) error {
	if j.customerID != "" && customerID != j.customerID {
		return touchpoint.Invalid(entity, "customer_id", customerID, "must be the journey's customer "+quote(j.customerID))
	}
	return nil
}

// own fixes the journey's customer when the first event is stored.
func (j *Journey) own(customerID string) {
	if j.customerID == "" {
		j.customerID = customerID
	}
}

func (j *Journey) remember(id uuid.UUID, t time.Time) {
	if j.times == nil {
		j.times = make(map[uuid.UUID]time.Time)
	}
	j.times[id] = t
}

// Failure returns the failure with the given ID.
func (j *Journey) Failure(id uuid.UUID) (Failure, bool) {
	t, ok := j.times[id]
	if !ok {
		return Failure{}, false
	}
	i, found := slices.BinarySearchFunc(j.failures, id, func(e Failure, id uuid.UUID) int {
		return cmpKey(e.Time, e.ID, t, id)
	})
	if !found {
		return Failure{}, false
	}
	return j.failures[i], true
}

func (j *Journey) recovery(id uuid.UUID) (Recovery, bool) {
	t, ok := j.times[id]
	if !ok {
		return Recovery{}, false
	}
	i, found := slices.BinarySearchFunc(j.recoveries, id, func(e Recovery, id uuid.UUID) int {
		return cmpKey(e.Time, e.ID, t, id)
	})
	if !found {
		return Recovery{}, false
	}
	return j.recoveries[i], true
}

// Clone returns a deep copy of j.
func (j *Journey) Clone() *Journey {
	c := &Journey{
		customerID: j.customerID,
		limits:     j.limits,
		tps:        make([]touchpoint.Touchpoint, len(j.tps)),
		failures:   slices.Clone(j.failures),
		recoveries: slices.Clone(j.recoveries),
	}
	for i, tp := range j.tps {
		c.tps[i] = tp.Clone()
	}
	if j.times != nil {
		c.times = make(map[uuid.UUID]time.Time, len(j.times))
		for k, v := range j.times {
			c.times[k] = v
		}
	}
	return c
}

// Equal reports whether j and o hold the same customer and the same events
// with the same content. go-cmp uses it, so cmp.Diff works on journeys.
func (j *Journey) Equal(o *Journey) bool {
	if j == nil || o == nil {
		return j == o
	}
	return j.customerID == o.customerID &&
		slices.EqualFunc(j.tps, o.tps, touchpoint.Touchpoint.Equal) &&
		slices.EqualFunc(j.failures, o.failures, Failure.Equal) &&
		slices.EqualFunc(j.recoveries, o.recoveries, Recovery.Equal)
}

func cmpKey(t1 time.Time, id1 uuid.UUID, t2 time.Time, id2 uuid.UUID) int {
	if c := t1.Compare(t2); c != 0 {
		return c
	}
	for i := range id1 {
		if id1[i] != id2[i] {
			if id1[i] < id2[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

// insertSorted inserts v into s, which is sorted by (time, id), keeping it
// sorted. Appending in order, the common case, costs no search.
func insertSorted[T any](s []T, v T, key func(T) (time.Time, uuid.UUID)) []T {
	vt, vid := key(v)
	if n := len(s); n == 0 || func() bool { t, id := key(s[n-1]); return cmpKey(t, id, vt, vid) < 0 }() {
		return append(s, v)
	}
	i, _ := slices.BinarySearchFunc(s, v, func(e, v T) int {
		et, eid := key(e)
		return cmpKey(et, eid, vt, vid)
	})
	return slices.Insert(s, i, v)
}

func quote(s string) string { return fmt.Sprintf("%q", s) }
