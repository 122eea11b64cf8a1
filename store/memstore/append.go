package memstore

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/touchpoint"
)

// ctxEvery is how many events Append validates between two looks at its
// context, so that cancelling a huge batch stops it quickly.
const ctxEvery = 1024

// Append implements [store.Appender]: it validates and copies the batch
// without holding the tenant's lock, then checks every ID against the
// stored events and the rest of the batch and stores the new events, all
// under one lock, so the batch lands whole or not at all.
//
// Errors: a *touchpoint.ValidationError (errors.Is(err, store.ErrInvalid)),
// also wrapping journey.ErrUnknownFailure for a recovery without its
// failure; [store.ErrConflict]; [store.ErrClosed]; the context's error.
func (s *Store) Append(ctx context.Context, b store.Batch) error {
	if err := s.usable(ctx); err != nil {
		return err
	}
	in, err := s.prepare(ctx, b)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.lockedUsable(ctx); err != nil {
		return err
	}
	p := s.newPlanner(b.Len())
	if err := p.plan(in); err != nil {
		return err
	}
	s.apply(p.batch)
	return nil
}

// prepare validates every event against the backend's limits and returns
// deep copies with times in UTC.
func (s *Store) prepare(ctx context.Context, b store.Batch) (*history, error) {
	l := s.b.limits
	in := &history{
		tps:        make([]touchpoint.Touchpoint, 0, len(b.Touchpoints)),
		failures:   make([]journey.Failure, 0, len(b.Failures)),
		recoveries: make([]journey.Recovery, 0, len(b.Recoveries)),
	}
	n := 0
	tick := func() error {
		if n++; n%ctxEvery == 0 {
			return s.usable(ctx)
		}
		return nil
	}
	for _, tp := range b.Touchpoints {
		if err := l.Validate(tp); err != nil {
			return nil, err
		}
		tp = tp.Clone()
		tp.Time = tp.Time.UTC()
		in.tps = append(in.tps, tp)
		if err := tick(); err != nil {
			return nil, err
		}
	}
	for _, f := range b.Failures {
		if err := journey.ValidateFailure(l, f); err != nil {
			return nil, err
		}
		f.Time = f.Time.UTC()
		in.failures = append(in.failures, f)
		if err := tick(); err != nil {
			return nil, err
		}
	}
	for _, r := range b.Recoveries {
		if err := journey.ValidateRecovery(l, r); err != nil {
			return nil, err
		}
		r.Time = r.Time.UTC()
		if r.Resolved() {
			r.ResolvedAt = r.ResolvedAt.UTC()
		}
		in.recoveries = append(in.recoveries, r)
		if err := tick(); err != nil {
			return nil, err
		}
	}
	return in, nil
}

// planner sorts a prepared batch into the events to store, skipping
// re-sends. batch is the batch's private copy as a history of its own, so
// an event of the batch and a stored one are both found through a [loc].
type planner struct {
	s     *Store
	batch *history
	seen  map[uuid.UUID]loc
}

func (s *Store) newPlanner(n int) *planner {
	return &planner{s: s, seen: make(map[uuid.UUID]loc, n)}
}

// find returns where an event with this ID is, stored or earlier in the
// batch.
func (p *planner) find(id uuid.UUID) (loc, bool) {
	if l, ok := p.s.events[id]; ok {
		return l, true
	}
	l, ok := p.seen[id]
	return l, ok
}

// isNew reports whether the event is not stored yet. An event with the
// same ID and kind for which same reports true is a re-send; anything else
// under the ID is a conflict.
func (p *planner) isNew(id uuid.UUID, k kind, same func(loc) bool) (bool, error) {
	l, ok := p.find(id)
	if !ok {
		return true, nil
	}
	if l.kind == k && same(l) {
		return false, nil
	}
	return false, fmt.Errorf("memstore: %s %s: %w", kindNames[k], id, store.ErrConflict)
}

var kindNames = [...]string{kindTouchpoint: "touchpoint", kindFailure: "failure", kindRecovery: "recovery"}

// plan filters in, the batch's private copy, down to the new events, in
// place: a kept event is written at or before its old index, so the loc of
// every event kept earlier stays valid.
func (p *planner) plan(in *history) error {
	p.batch = in
	tps, fs, rs := in.tps, in.failures, in.recoveries
	in.tps, in.failures, in.recoveries = tps[:0], fs[:0], rs[:0]
	for _, tp := range tps {
		tp.CustomerID = p.s.resolve(tp.CustomerID)
		ok, err := p.isNew(tp.ID, kindTouchpoint, func(l loc) bool { return l.h.tps[l.i].Equal(tp) })
		if err != nil {
			return err
		}
		if ok {
			p.seen[tp.ID] = loc{in, kindTouchpoint, int32(len(in.tps))}
			in.tps = append(in.tps, tp)
		}
	}
	for _, f := range fs {
		f.CustomerID = p.s.resolve(f.CustomerID)
		ok, err := p.isNew(f.ID, kindFailure, func(l loc) bool { return l.h.failures[l.i].Equal(f) })
		if err != nil {
			return err
		}
		if ok {
			p.seen[f.ID] = loc{in, kindFailure, int32(len(in.failures))}
			in.failures = append(in.failures, f)
		}
	}
	for _, r := range rs {
		if err := p.planRecovery(r); err != nil {
			return err
		}
	}
	return nil
}

func (p *planner) planRecovery(r journey.Recovery) error {
	r.CustomerID = p.s.resolve(r.CustomerID)
	ok, err := p.isNew(r.ID, kindRecovery, func(l loc) bool { return l.h.recoveries[l.i].Equal(r) })
	if err != nil || !ok {
		return err
	}
	if err := p.checkRecovery(r); err != nil {
		return err
	}
	p.seen[r.ID] = loc{p.batch, kindRecovery, int32(len(p.batch.recoveries))}
	p.batch.recoveries = append(p.batch.recoveries, r)
	return nil
}

// checkRecovery applies journey's rules for a recovery and its failure
// (same customer, not before the failure, compensation in the loss's
// currency) by adding both to a scratch journey, so the store and an
// in-memory journey can never disagree on what is valid.
func (p *planner) checkRecovery(r journey.Recovery) error {
	j := journey.NewWithLimits(r.CustomerID, p.s.b.read)
	if l, ok := p.find(r.FailureID); ok && l.kind == kindFailure {
		if f := l.h.failures[l.i]; f.CustomerID == r.CustomerID {
			if err := j.AddFailure(f); err != nil {
				return err
			}
		}
	}
	return j.AddRecovery(r)
}

// apply stores the planned events; it cannot fail.
func (s *Store) apply(b *history) {
	for _, tp := range b.tps {
		h := s.customer(tp.CustomerID)
		s.events[tp.ID] = loc{h, kindTouchpoint, int32(len(h.tps))}
		h.tps = append(h.tps, tp)
	}
	for _, f := range b.failures {
		h := s.customer(f.CustomerID)
		s.events[f.ID] = loc{h, kindFailure, int32(len(h.failures))}
		h.failures = append(h.failures, f)
	}
	for _, r := range b.recoveries {
		h := s.customer(r.CustomerID)
		s.events[r.ID] = loc{h, kindRecovery, int32(len(h.recoveries))}
		h.recoveries = append(h.recoveries, r)
	}
}
