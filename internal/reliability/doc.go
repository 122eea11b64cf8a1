// Package reliability proves, in tests that run in CI, the guarantees a
// host embedding cem relies on when it trusts cem with its customers'
// history: acknowledged data is never lost, bad input never corrupts
// anything, and one tenant never sees another's customers.
//
// The package has no code of its own; everything is in its tests (package
// reliability_test), which cut across packages and run against every store
// adapter the machine offers: store/memstore and SQLite always,
// PostgreSQL and MySQL/MariaDB when CEM_POSTGRES_DSN and CEM_MYSQL_DSN are
// set (under CI=true an unset variable fails the test instead of skipping
// it). The store/storetest conformance suite checks each rule of package
// store once, on small data; the tests here are the heavy ones:
//
//   - TestCrashSQLite kills a child process ingesting into a SQLite file
//     with SIGKILL at random moments, at least 20 times, and checks after
//     each kill that every acknowledged batch is stored whole, no batch is
//     stored in part, PRAGMA integrity_check is ok and ingest continues.
//     TestCrashPostgres kills the client while its transaction is open and
//     checks that the server rolled it back.
//   - TestConcurrentWriters has 8 writers append while readers stream, and
//     checks exact counts; TestConcurrentIdentity races merges and
//     erasures with appends and checks the end state event by event.
//   - TestHostileInput runs a catalogue of more than 40 kinds of bad input,
//     each with the typed error it must give, and checks that the stored
//     data did not change.
//   - TestTenantIsolation tries every read with every filter across
//     tenants; TestErasureScan scans every row of every table of the SQL
//     adapter for an erased customer.
//   - TestStreamMemoryFlat measures the peak RSS of a child process
//     streaming journeys; TestCancelledRead checks that cancelled streams
//     stop.
//   - FuzzScorers and FuzzAppendJSON fuzz properties that span packages.
//
// The crash and memory tests re-execute the test binary as the child
// process (see TestMain). Setting CEM_LONG=1 runs the full sizes
// (8 × 50,000 touchpoints, 1M streamed touchpoints, 100 kills); without it
// the sizes fit CI's time budget. docs/RELIABILITY.md lists each guarantee
// with the test that proves it.
package reliability
