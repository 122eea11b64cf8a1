// Package memstore keeps cem's customer data in memory: the [store.Backend]
// for tests, simulations and hosts small enough to rebuild their data on
// start.
//
// A [Backend] holds any number of tenants; each tenant's [Store] keeps its
// events per customer behind its own read-write mutex, so tenants never
// contend and readers of one tenant run in parallel. Values are copied in
// and out: a caller changing a touchpoint's attributes after [Store.Append],
// or a journey it read, changes nothing stored (the in-memory store of
// hashicorp/raft, which keeps the caller's pointers, is the mistake avoided).
//
// The package passes the store/storetest conformance suite, so everything
// package store promises (idempotency, all-or-nothing batches, merges,
// erasure, tenancy, snapshots) holds here exactly as in the SQL adapter.
// Nothing is persisted: the data lives as long as the Backend.
package memstore
