package storetest

import (
	"testing"

	"github.com/cemkit/cem/store"
)

// Run checks that the backends newBackend opens keep every rule of package
// store. Each rule is a parallel subtest, named after the rule's subject,
// with a backend of its own; a failing subtest logs "broken rule: " and the
// rule in full.
//
// newBackend opens a fresh backend for one case, which may share a database
// with other cases (the suite uses random tenant ids) but must not share
// tenants' data. It may register clean-up with t.Cleanup (drop a schema,
// remove a file); the suite closes the backend itself when the case ends,
// and one case closes it early to check [store.ErrClosed].
func Run(t *testing.T, newBackend func(t *testing.T) store.Backend) {
	t.Helper()
	for _, c := range cases() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			t.Cleanup(func() {
				if t.Failed() {
					t.Logf("broken rule: %s", c.rule)
				}
			})
			b := newBackend(t)
			t.Cleanup(func() { _ = b.Close() })
			c.run(t, b)
		})
	}
}

// testCase is one rule of package store and how to check it.
type testCase struct {
	name string
	rule string
	run  func(t *testing.T, b store.Backend)
}

// cases returns every case of the suite, grouped by concern.
func cases() []testCase {
	var all []testCase
	for _, group := range [][]testCase{
		appendCases(), readCases(), streamCases(), identityCases(),
		tenancyCases(), lifecycleCases(), snapshotCases(),
	} {
		all = append(all, group...)
	}
	return all
}
