package store

import (
	"context"
	"iter"

	"github.com/cemkit/cem/journey"
)

// Backend is a database that holds the data of many tenants: an
// in-memory map, a SQLite file, a schema in the host's PostgreSQL. Hosts
// open one Backend and take a [Store] per tenant from it.
//
// Implementations must be safe for concurrent use.
type Backend interface {
	// Tenant returns the store of one tenant. Every record written through
	// it belongs to the tenant and no read through it sees another tenant's
	// records. It returns a validation error for a malformed id (see
	// [ValidateTenant]) and [ErrClosed] after Close.
	Tenant(id string) (Store, error)
	// Close releases the backend's resources. Stores taken from it return
	// [ErrClosed] afterwards. A SQL backend over a host's *sql.DB does not
	// close the host's handle.
	Close() error
}

// Store is everything a host does with one tenant's customer data. It is
// made of small role interfaces so that code needing only to read can ask
// for a [Reader].
//
// Every method honours ctx: a cancelled context stops the call, returns
// ctx.Err() (wrapped) and, for writes, leaves the data unchanged. Every
// method of a closed store returns [ErrClosed]. Implementations must be safe
// for concurrent use and must copy values in and out: a caller changing a
// value after passing it, or a value it got back, changes nothing stored.
type Store interface {
	Appender
	Reader
	Identity
	Snapshots
}

// Appender writes events.
type Appender interface {
	// Append stores a batch of touchpoints, failures and recoveries,
	// all-or-nothing. Each event is validated; events are idempotent by ID:
	// an event already stored with equal content is skipped, with different
	// content the whole batch fails with [ErrConflict]. Two events with the
	// same ID but different content inside one batch are [ErrConflict] too.
	// A recovery must refer to a failure of the same customer in the batch
	// or already stored (a validation error wrapping
	// journey.ErrUnknownFailure otherwise). Events for a customer that was
	// merged into another are stored under the surviving customer.
	//
	// Errors: a *touchpoint.ValidationError (errors.Is(err, ErrInvalid)),
	// ErrConflict, ErrClosed, the context's error, or a wrapped driver error.
	Append(ctx context.Context, b Batch) error
}

// Reader reads journeys.
type Reader interface {
	// Journey returns one customer's journey restricted to the window (the
	// zero Window for everything). Errors: ErrNotFound when the customer
	// has no event in the window, ErrClosed, the context's error, a wrapped
	// driver error.
	Journey(ctx context.Context, customerID string, w Window) (*journey.Journey, error)
	// Journeys streams the journeys q selects, in ascending customer id
	// order, each restricted to q.Window. The stream stops at the first
	// error, which it yields with a nil journey; reading is lazy, so memory
	// does not grow with the number of customers.
	Journeys(ctx context.Context, q Query) iter.Seq2[*journey.Journey, error]
}

// Identity changes who events belong to.
type Identity interface {
	// Merge moves the whole history of customer from (events and
	// snapshots) to customer into, atomically, and remembers the alias so
	// that later events sent for from are stored under into. Nothing is
	// counted twice. Merging a customer into itself, or into a customer
	// that was merged into from (a cycle), is ErrConflict. Merging a
	// customer without any record is ErrNotFound.
	Merge(ctx context.Context, from, into string) error
	// Erase removes every trace of a customer: events, snapshots and
	// aliases naming it, in every table, as privacy law requires. Erasing
	// an unknown customer is not an error (erasure is idempotent); the
	// returned count says how many records were removed. Erasing an id
	// that was merged away removes only its alias: Merge moved its events
	// to the customer it was merged into, so erase that customer to remove
	// them.
	Erase(ctx context.Context, customerID string) (int, error)
}

// Snapshots keeps computed values (scores, ladder stages) over time.
type Snapshots interface {
	// PutSnapshots stores snapshots all-or-nothing, idempotent by
	// (CustomerID, Name, Time). Errors: a validation error, ErrConflict,
	// ErrClosed, the context's error.
	PutSnapshots(ctx context.Context, s ...Snapshot) error
	// Snapshots streams one customer's snapshots of a name in time order
	// (all names if name is "").
	Snapshots(ctx context.Context, customerID, name string) iter.Seq2[Snapshot, error]
	// Latest streams each customer's latest snapshot of q.Name that meets
	// q's conditions, in ascending customer id order.
	Latest(ctx context.Context, q LatestQuery) iter.Seq2[Snapshot, error]
	// Transitions streams stage changes between consecutive snapshots of
	// q.Name, ordered by customer id then time.
	Transitions(ctx context.Context, q TransitionQuery) iter.Seq2[Transition, error]
}
