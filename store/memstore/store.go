package memstore

import (
	"context"
	"fmt"
	"sync"

	"github.com/google/uuid"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/touchpoint"
)

// Store is one tenant's data in a [Backend]. It implements [store.Store]
// and is safe for concurrent use: reads share a read lock, writes take the
// tenant's lock only to check and apply, after validating outside it.
type Store struct {
	b  *Backend
	mu sync.RWMutex
	// customers holds each customer's records; a customer with only
	// snapshots has a history without events.
	customers map[string]*history
	// events locates every stored event of the tenant by ID, which makes
	// IDs unique per tenant and re-sends cheap to recognise.
	events map[uuid.UUID]loc
	// aliases maps a merged customer to the surviving one. Targets are
	// kept resolved (never themselves aliases), so one lookup suffices.
	aliases map[string]string
}

var _ store.Store = (*Store)(nil)

// history is one customer's records. Events are kept in arrival order so
// that a [loc] stays valid; reads sort copies.
type history struct {
	tps        []touchpoint.Touchpoint
	failures   []journey.Failure
	recoveries []journey.Recovery
	// snaps is sorted by (Name, Time).
	snaps []store.Snapshot
}

func (h *history) events() int { return len(h.tps) + len(h.failures) + len(h.recoveries) }

// kind says which of a history's slices an event is in.
type kind uint8

const (
	kindTouchpoint kind = iota
	kindFailure
	kindRecovery
)

// loc is where an event is stored: a history, which slice, which index.
type loc struct {
	h    *history
	kind kind
	i    int32
}

func newStore(b *Backend) *Store {
	return &Store{
		b:         b,
		customers: make(map[string]*history),
		events:    make(map[uuid.UUID]loc),
		aliases:   make(map[string]string),
	}
}

// drop releases the data when the backend closes.
func (s *Store) drop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.customers, s.events, s.aliases = nil, nil, nil
}

// usable returns the error a call must stop with: the backend is closed or
// the context is done.
func (s *Store) usable(ctx context.Context) error {
	if s.b.closed.Load() {
		return store.ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("memstore: %w", err)
	}
	return nil
}

// lockedUsable is usable for a caller holding s.mu: Close may have dropped
// the data between the first check and the lock.
func (s *Store) lockedUsable(ctx context.Context) error {
	if s.customers == nil {
		return store.ErrClosed
	}
	return s.usable(ctx)
}

// resolve returns the customer that events for id are stored under.
func (s *Store) resolve(id string) string {
	if into, ok := s.aliases[id]; ok {
		return into
	}
	return id
}

// customer returns id's history, creating it if needed.
func (s *Store) customer(id string) *history {
	h, ok := s.customers[id]
	if !ok {
		h = &history{}
		s.customers[id] = h
	}
	return h
}
