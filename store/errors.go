package store

import (
	"errors"

	"github.com/cemkit/cem/touchpoint"
)

// The errors every adapter returns, wrapped with %w so that errors.Is works
// and the driver's own error stays reachable with errors.As.
var (
	// ErrNotFound: the customer, journey or snapshot asked for does not
	// exist in this tenant.
	ErrNotFound = errors.New("store: not found")
	// ErrConflict: an event or snapshot with the same ID (or key) is stored
	// with different content, or a merge would form a cycle.
	ErrConflict = errors.New("store: conflict")
	// ErrClosed: the store was closed.
	ErrClosed = errors.New("store: closed")
)

// ErrInvalid matches every validation error (a *touchpoint.ValidationError),
// the same sentinel as touchpoint.ErrInvalid, so errors.Is(err,
// store.ErrInvalid) needs no import of package touchpoint.
var ErrInvalid = touchpoint.ErrInvalid

// MaxTenantLen bounds a tenant id in bytes.
const MaxTenantLen = 64

// ValidateTenant checks a tenant id: 1 to 64 bytes of UTF-8 text without
// control characters. Adapters call it in Tenant.
func ValidateTenant(id string) error {
	if id == "" {
		return touchpoint.Invalid("store", "tenant", id, "must not be empty")
	}
	if len(id) > MaxTenantLen {
		return touchpoint.Invalid("store", "tenant", id, "must be at most 64 bytes")
	}
	return touchpoint.CheckText("store", "tenant", id)
}
