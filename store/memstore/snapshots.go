package memstore

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/touchpoint"
)

// PutSnapshots implements [store.Snapshots]: all-or-nothing, idempotent by
// (CustomerID, Name, Time). A snapshot for a merged customer is stored
// under the surviving customer, like its events.
//
// Errors: a *touchpoint.ValidationError, [store.ErrConflict],
// [store.ErrClosed], the context's error.
func (s *Store) PutSnapshots(ctx context.Context, snaps ...store.Snapshot) error {
	if err := s.usable(ctx); err != nil {
		return err
	}
	in := make([]store.Snapshot, len(snaps))
	for i, sn := range snaps {
		if err := store.CheckSnapshot(s.b.limits, sn); err != nil {
			return err
		}
		sn.Time = sn.Time.UTC()
		in[i] = sn
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.lockedUsable(ctx); err != nil {
		return err
	}
	fresh, err := s.planSnapshots(in)
	if err != nil {
		return err
	}
	for _, sn := range fresh {
		s.customer(sn.CustomerID).insertSnapshot(sn)
	}
	return nil
}

// planSnapshots returns the snapshots not stored yet, without duplicates,
// or ErrConflict if a key is stored or repeated with other content.
func (s *Store) planSnapshots(in []store.Snapshot) ([]store.Snapshot, error) {
	batch := make(map[string]*history)
	fresh := in[:0]
	for _, sn := range in {
		sn.CustomerID = s.resolve(sn.CustomerID)
		old, found := s.customers[sn.CustomerID].snapshot(sn.Name, sn.Time)
		if !found {
			old, found = batch[sn.CustomerID].snapshot(sn.Name, sn.Time)
		}
		switch {
		case found && old.Equal(sn):
			continue
		case found:
			return nil, fmt.Errorf("memstore: snapshot %q of %q at %s: %w",
				sn.Name, sn.CustomerID, touchpoint.FormatTime(sn.Time), store.ErrConflict)
		}
		h := batch[sn.CustomerID]
		if h == nil {
			h = &history{}
			batch[sn.CustomerID] = h
		}
		h.insertSnapshot(sn)
		fresh = append(fresh, sn)
	}
	return fresh, nil
}

func snapKey(sn store.Snapshot, name string, t time.Time) int {
	return cmp.Or(strings.Compare(sn.Name, name), sn.Time.Compare(t))
}

// snapshot finds the snapshot with key (name, t); h may be nil.
func (h *history) snapshot(name string, t time.Time) (store.Snapshot, bool) {
	if h == nil {
		return store.Snapshot{}, false
	}
	i, ok := slices.BinarySearchFunc(h.snaps, t, func(sn store.Snapshot, t time.Time) int { return snapKey(sn, name, t) })
	if !ok {
		return store.Snapshot{}, false
	}
	return h.snaps[i], true
}

// insertSnapshot adds sn, whose key h does not hold, keeping the order.
func (h *history) insertSnapshot(sn store.Snapshot) {
	i, _ := slices.BinarySearchFunc(h.snaps, sn, func(e, sn store.Snapshot) int { return snapKey(e, sn.Name, sn.Time) })
	h.snaps = slices.Insert(h.snaps, i, sn)
}

// named returns h's snapshots of name in time order, a sub-slice of
// h.snaps.
func (h *history) named(name string) []store.Snapshot {
	lo := sort.Search(len(h.snaps), func(i int) bool { return h.snaps[i].Name >= name })
	hi := sort.Search(len(h.snaps), func(i int) bool { return h.snaps[i].Name > name })
	return h.snaps[lo:hi]
}

// Snapshots implements [store.Snapshots]: the customer's snapshots of name
// (all names if name is ""), in time order, ties by name. An unknown
// customer yields nothing. Errors: [store.ErrClosed], the context's error.
func (s *Store) Snapshots(ctx context.Context, customerID, name string) iter.Seq2[store.Snapshot, error] {
	return func(yield func(store.Snapshot, error) bool) {
		if err := s.usable(ctx); err != nil {
			yield(store.Snapshot{}, err)
			return
		}
		s.mu.RLock()
		var out []store.Snapshot
		if h, ok := s.customers[customerID]; ok {
			if name == "" {
				out = slices.Clone(h.snaps)
			} else {
				out = slices.Clone(h.named(name))
			}
		}
		s.mu.RUnlock()
		slices.SortStableFunc(out, func(a, b store.Snapshot) int {
			return cmp.Or(a.Time.Compare(b.Time), strings.Compare(a.Name, b.Name))
		})
		for _, sn := range out {
			if !yield(sn, nil) {
				return
			}
		}
	}
}

// Latest implements [store.Snapshots]. Errors: a *touchpoint.ValidationError
// for a malformed q.Name, [store.ErrClosed], the context's error.
func (s *Store) Latest(ctx context.Context, q store.LatestQuery) iter.Seq2[store.Snapshot, error] {
	return perCustomer(s, ctx, q.Name, func(snaps []store.Snapshot, yield func(store.Snapshot) bool) bool {
		if !q.AsOf.IsZero() {
			n := sort.Search(len(snaps), func(i int) bool { return snaps[i].Time.After(q.AsOf) })
			snaps = snaps[:n]
		}
		if len(snaps) == 0 {
			return true
		}
		last := snaps[len(snaps)-1]
		if (q.Below != nil && !(last.Value < *q.Below)) ||
			(q.AtLeast != nil && !(last.Value >= *q.AtLeast)) ||
			(q.Stage != "" && last.Stage != q.Stage) {
			return true
		}
		return yield(last)
	})
}

// Transitions implements [store.Snapshots]: a transition is a pair of
// consecutive snapshots of q.Name with different stages; a customer's
// first snapshot is none. Errors: a *touchpoint.ValidationError for a
// malformed q.Name, [store.ErrClosed], the context's error.
func (s *Store) Transitions(ctx context.Context, q store.TransitionQuery) iter.Seq2[store.Transition, error] {
	return perCustomer(s, ctx, q.Name, func(snaps []store.Snapshot, yield func(store.Transition) bool) bool {
		for i := 1; i < len(snaps); i++ {
			prev, cur := snaps[i-1], snaps[i]
			if prev.Stage == cur.Stage || !q.Window.Contains(cur.Time) ||
				(q.From != "" && prev.Stage != q.From) || (q.To != "" && cur.Stage != q.To) {
				continue
			}
			t := store.Transition{CustomerID: cur.CustomerID, Name: q.Name, From: prev.Stage, To: cur.Stage, Time: cur.Time}
			if !yield(t) {
				return false
			}
		}
		return true
	})
}

// perCustomer streams, in ascending customer id order, what each customer's
// snapshots of name give through each. It copies one customer's snapshots
// at a time under the read lock and calls each without it.
func perCustomer[T any](s *Store, ctx context.Context, name string, each func([]store.Snapshot, func(T) bool) bool) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		if err := s.usable(ctx); err != nil {
			yield(zero, err)
			return
		}
		if _, err := touchpoint.ParseChannel(name); err != nil {
			yield(zero, touchpoint.Invalid("snapshot", "name", name, "must be 1-64 bytes of a-z, 0-9, '_', '-', '.' starting with a letter"))
			return
		}
		for _, id := range s.snapshotOwners() {
			if err := s.usable(ctx); err != nil {
				yield(zero, err)
				return
			}
			s.mu.RLock()
			var snaps []store.Snapshot
			if h, ok := s.customers[id]; ok {
				snaps = slices.Clone(h.named(name))
			}
			s.mu.RUnlock()
			if !each(snaps, func(v T) bool { return yield(v, nil) }) {
				return
			}
		}
	}
}

// snapshotOwners returns the ids of customers with snapshots, sorted.
func (s *Store) snapshotOwners() []string {
	s.mu.RLock()
	ids := make([]string, 0, len(s.customers))
	for id, h := range s.customers {
		if len(h.snaps) > 0 {
			ids = append(ids, id)
		}
	}
	s.mu.RUnlock()
	sort.Strings(ids)
	return ids
}
