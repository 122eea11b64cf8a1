package memstore

import (
	"context"
	"fmt"

	"github.com/cemkit/cem/store"
)

// Merge implements [store.Identity]. It moves from's events and snapshots
// to into (or to the customer into was itself merged into), rewriting their
// CustomerID, and records the alias from → into; aliases that pointed at
// from now point at into. A snapshot of from whose (Name, Time) key into
// already has is dropped: the surviving customer's value wins.
//
// Errors: a *touchpoint.ValidationError for a malformed id,
// [store.ErrConflict] for a self-merge or a cycle, [store.ErrNotFound] when
// from has no record, [store.ErrClosed], the context's error.
func (s *Store) Merge(ctx context.Context, from, into string) error {
	if err := s.usable(ctx); err != nil {
		return err
	}
	for _, id := range []string{from, into} {
		if err := s.b.limits.CheckCustomerID("customer", id); err != nil {
			return err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.lockedUsable(ctx); err != nil {
		return err
	}
	target := s.resolve(into)
	if from == into || target == from {
		return fmt.Errorf("memstore: merge %q into %q would form a cycle: %w", from, into, store.ErrConflict)
	}
	hf, ok := s.customers[from]
	if !ok {
		return fmt.Errorf("memstore: merge customer %q: %w", from, store.ErrNotFound)
	}
	s.move(hf, target)
	delete(s.customers, from)
	for alias, to := range s.aliases {
		if to == from {
			s.aliases[alias] = target
		}
	}
	s.aliases[from] = target
	return nil
}

// move appends hf's records to target's history under target's id.
func (s *Store) move(hf *history, target string) {
	ht := s.customer(target)
	for _, tp := range hf.tps {
		tp.CustomerID = target
		s.events[tp.ID] = loc{ht, kindTouchpoint, int32(len(ht.tps))}
		ht.tps = append(ht.tps, tp)
	}
	for _, f := range hf.failures {
		f.CustomerID = target
		s.events[f.ID] = loc{ht, kindFailure, int32(len(ht.failures))}
		ht.failures = append(ht.failures, f)
	}
	for _, r := range hf.recoveries {
		r.CustomerID = target
		s.events[r.ID] = loc{ht, kindRecovery, int32(len(ht.recoveries))}
		ht.recoveries = append(ht.recoveries, r)
	}
	for _, sn := range hf.snaps {
		sn.CustomerID = target
		if _, found := ht.snapshot(sn.Name, sn.Time); !found {
			ht.insertSnapshot(sn)
		}
	}
}

// Erase implements [store.Identity]: it removes the customer's events and
// snapshots and every alias from or to the customer, and returns how many
// of those records it removed. Erasing an unknown customer removes nothing
// and is not an error.
//
// Errors: [store.ErrClosed], the context's error.
func (s *Store) Erase(ctx context.Context, customerID string) (int, error) {
	if err := s.usable(ctx); err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.lockedUsable(ctx); err != nil {
		return 0, err
	}
	n := 0
	if h, ok := s.customers[customerID]; ok {
		n = s.forget(h)
		delete(s.customers, customerID)
	}
	for alias, to := range s.aliases {
		if alias == customerID || to == customerID {
			delete(s.aliases, alias)
			n++
		}
	}
	return n, nil
}

// forget removes h's events from the tenant's index and returns how many
// records h holds.
func (s *Store) forget(h *history) int {
	for _, tp := range h.tps {
		delete(s.events, tp.ID)
	}
	for _, f := range h.failures {
		delete(s.events, f.ID)
	}
	for _, r := range h.recoveries {
		delete(s.events, r.ID)
	}
	return h.events() + len(h.snaps)
}
