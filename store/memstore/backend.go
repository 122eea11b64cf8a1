package memstore

import (
	"sync"
	"sync/atomic"

	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/touchpoint"
)

// Backend is an in-memory [store.Backend]. The zero value is not usable;
// call [New]. A Backend is safe for concurrent use.
type Backend struct {
	limits touchpoint.Limits
	// read are the limits journeys are rebuilt with when read: the
	// backend's bounds with the clock at touchpoint.MaxTime, so data that
	// was valid when stored never fails to load later.
	read   touchpoint.Limits
	closed atomic.Bool

	mu      sync.Mutex
	tenants map[string]*Store
}

var _ store.Backend = (*Backend)(nil)

// Option configures a [Backend].
type Option func(*Backend)

// WithLimits makes appends validate events against l instead of the default
// touchpoint.Limits: a fixed clock for a simulation that writes the future,
// larger attribute bounds, and so on.
func WithLimits(l touchpoint.Limits) Option {
	return func(b *Backend) { b.limits = l }
}

// New returns an empty Backend.
func New(opts ...Option) *Backend {
	b := &Backend{tenants: make(map[string]*Store)}
	for _, o := range opts {
		o(b)
	}
	b.read = b.limits
	b.read.Now = touchpoint.MaxTime
	return b
}

// Tenant returns the store of tenant id, creating it empty on first use;
// every call with the same id returns the same store. It returns a
// *touchpoint.ValidationError for a malformed id (see [store.ValidateTenant])
// and [store.ErrClosed] after [Backend.Close].
func (b *Backend) Tenant(id string) (store.Store, error) {
	if err := store.ValidateTenant(id); err != nil {
		return nil, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed.Load() {
		return nil, store.ErrClosed
	}
	s, ok := b.tenants[id]
	if !ok {
		s = newStore(b)
		b.tenants[id] = s
	}
	return s, nil
}

// Close drops every tenant's data. Stores taken from b return
// [store.ErrClosed] afterwards. Closing twice is harmless.
func (b *Backend) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed.Store(true)
	for _, s := range b.tenants {
		s.drop()
	}
	b.tenants = nil
	return nil
}
