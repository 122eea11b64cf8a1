package memstore

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"sort"

	"github.com/google/uuid"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/touchpoint"
)

// Journey implements [store.Reader]: it returns a new journey holding
// copies of the customer's events in w. Errors: [store.ErrNotFound] when
// the customer has no event in w, [store.ErrClosed], the context's error.
func (s *Store) Journey(ctx context.Context, customerID string, w store.Window) (*journey.Journey, error) {
	if err := s.usable(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	j, err := s.journey(customerID, w)
	if err != nil {
		return nil, err
	}
	if j == nil {
		return nil, fmt.Errorf("memstore: customer %q: %w", customerID, store.ErrNotFound)
	}
	return j, nil
}

// Journeys implements [store.Reader]. It takes the ids after q.After when
// iteration starts and builds each journey under a read lock of its own,
// never holding the lock while the caller's loop body runs, so the body
// may write to the store. Customers created during iteration appear in the
// next pass; customers erased or merged away before their turn are skipped.
// The ids taken are the only memory that grows with the number of
// customers. Errors: [store.ErrClosed], the context's error.
func (s *Store) Journeys(ctx context.Context, q store.Query) iter.Seq2[*journey.Journey, error] {
	return func(yield func(*journey.Journey, error) bool) {
		if err := s.usable(ctx); err != nil {
			yield(nil, err)
			return
		}
		n := 0
		for _, id := range s.idsAfter(q.After) {
			if err := s.usable(ctx); err != nil {
				yield(nil, err)
				return
			}
			j, err := s.selected(id, q)
			if err != nil {
				yield(nil, err)
				return
			}
			if j == nil {
				continue
			}
			if !yield(j, nil) {
				return
			}
			if n++; q.Limit > 0 && n >= q.Limit {
				return
			}
		}
	}
}

// idsAfter returns the customer ids sorting after after, in order.
func (s *Store) idsAfter(after string) []string {
	s.mu.RLock()
	ids := make([]string, 0, len(s.customers))
	for id, h := range s.customers {
		if id > after && h.events() > 0 {
			ids = append(ids, id)
		}
	}
	s.mu.RUnlock()
	sort.Strings(ids)
	return ids
}

// selected returns id's journey in q.Window if q selects it, else nil.
func (s *Store) selected(id string, q store.Query) (*journey.Journey, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.customers == nil {
		return nil, store.ErrClosed
	}
	j, err := s.journey(id, q.Window)
	if j == nil || err != nil {
		return nil, err
	}
	if q.HasFailures && len(j.Failures()) == 0 {
		return nil, nil
	}
	if len(q.Channels) > 0 && !slices.ContainsFunc(j.Touchpoints(), func(tp touchpoint.Touchpoint) bool {
		return slices.Contains(q.Channels, tp.Channel)
	}) {
		return nil, nil
	}
	if len(q.Stages) > 0 && !slices.ContainsFunc(j.Touchpoints(), func(tp touchpoint.Touchpoint) bool {
		return slices.Contains(q.Stages, tp.Stage)
	}) {
		return nil, nil
	}
	return j, nil
}

// journey builds customerID's journey from the events in w, or returns nil
// if there are none. The caller holds s.mu. Events are added in journey
// order. The events were validated when they were appended, so the journey
// is assembled without validating them again; attribute maps are copied
// first, since journey.Assemble keeps them and callers must not reach the
// store's own.
func (s *Store) journey(customerID string, w store.Window) (*journey.Journey, error) {
	h, ok := s.customers[customerID]
	if !ok {
		return nil, nil
	}
	tps := inWindow(h.tps, w, func(tp touchpoint.Touchpoint) bool { return w.Contains(tp.Time) })
	fs := inWindow(h.failures, w, func(f journey.Failure) bool { return w.Contains(f.Time) })
	if len(tps)+len(fs) == 0 {
		return nil, nil
	}
	kept := make(map[uuid.UUID]bool, len(fs))
	for _, f := range fs {
		kept[f.ID] = true
	}
	rs := inWindow(h.recoveries, w, func(r journey.Recovery) bool { return kept[r.FailureID] })
	for i := range tps {
		tps[i] = tps[i].Clone()
	}
	j, err := journey.Assemble(customerID, s.b.read, tps, fs, rs)
	if err != nil {
		return nil, fmt.Errorf("memstore: stored journey of %q: %w", customerID, err)
	}
	return j, nil
}

// inWindow returns the elements of events keep accepts, in a new slice (the
// whole slice copied when the window is open).
func inWindow[T any](events []T, w store.Window, keep func(T) bool) []T {
	if w == (store.Window{}) {
		return slices.Clone(events)
	}
	out := make([]T, 0, len(events))
	for _, e := range events {
		if keep(e) {
			out = append(out, e)
		}
	}
	return out
}
