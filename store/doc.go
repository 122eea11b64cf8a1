// Package store defines how cem keeps customer data: the [Store] a host
// uses for one tenant, the [Backend] that hands out stores per tenant, the
// query types, and the errors every adapter returns.
//
// The adapters live in subpackages: store/memstore keeps everything in
// memory (tests, simulations, small hosts); store/sqlstore keeps it in the
// host's own SQL database (SQLite by default, PostgreSQL, MySQL/MariaDB).
// store/storetest is the conformance suite every adapter passes; a new
// adapter's generic test is one call to storetest.Run.
//
// The interfaces are split by role ([Appender], [Reader], [Identity],
// [Snapshots]) so that code which only reads can say so. Scores and ladder
// stages are stored as plain [Snapshot] records, so this package depends on
// touchpoint and journey only.
//
// Rules every adapter keeps:
//   - Tenancy: every record belongs to the tenant of the Store that wrote
//     it; no read crosses tenants.
//   - Idempotency: events are keyed by their UUID; re-sending an event is
//     harmless, re-sending different content under the same ID is
//     [ErrConflict].
//   - Atomicity: a [Batch], a merge and an erasure happen whole or not at
//     all; bad input leaves stored data exactly as it was.
//   - Copies: values are copied in and out.
//   - Errors: [ErrNotFound], [ErrConflict], [ErrClosed], validation errors
//     (errors.Is(err, [ErrInvalid])), context errors and wrapped driver
//     errors, always with %w.
package store
