// Package storetest is the conformance suite every cem store adapter runs,
// in the manner of testing/slogtest: [Run] checks one rule per case, each
// case names the rule it checks, and a failing case prints that rule, so an
// adapter author learns which promise of package store is broken rather
// than which assertion fired. Every adapter's generic test is one call:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) store.Backend { return memstore.New() })
//	}
//
// The cases cover round trips (money, nanosecond times, unicode and SQL
// metacharacters in every free-text field), idempotency and conflicts,
// all-or-nothing batches, windowed reads, streaming with every [store.Query]
// filter, cursor pagination under concurrent inserts, merges, erasure,
// tenancy, copy semantics, context cancellation, closed backends,
// snapshots, and concurrent writers.
//
// [Benchmark] holds the shared benchmarks, so every adapter's figures are
// measured the same way and can be compared, and [FuzzAppend] the shared
// fuzz target for hostile input.
//
// Every case runs in parallel with the others on a backend of its own, in
// tenants with random ids; the suite writes times in the past only, so
// adapters validate with their default limits.
package storetest
