//go:build race

package sqlstore_test

// raceEnabled reports a -race build: modernc's SQLite, transpiled C, runs
// some twenty times slower under the race detector, so the heaviest tests
// shrink their data.
const raceEnabled = true
