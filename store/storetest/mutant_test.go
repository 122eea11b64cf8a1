package storetest_test

import (
	"context"
	"iter"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/store/memstore"
	"github.com/cemkit/cem/store/storetest"
	"github.com/cemkit/cem/touchpoint"
)

// mutants are backends with one deliberate bug each, and the rule the suite
// must report as broken for it. A suite that passed them would not be
// checking what it claims to.
func mutants() map[string]struct {
	open       func() store.Backend
	test, rule string
} {
	return map[string]struct {
		open       func() store.Backend
		test, rule string
	}{
		"shared-tenants": {func() store.Backend { return sharedTenants{memstore.New()} }, "TenantIsolation",
			"no read through one tenant's store sees another tenant's records"},
		"ignores-context": {func() store.Backend { return ignoresContext{memstore.New()} }, "CancelledContext",
			"every method returns the context's error for a cancelled context, and writes store nothing"},
		"never-closes": {func() store.Backend { return neverCloses{memstore.New()} }, "Closed",
			"after Close, Tenant and every method of a store taken before return ErrClosed, never panic"},
		"piecemeal": {func() store.Backend { return piecemeal{memstore.New()} }, "AllOrNothing",
			"a bad event anywhere in a batch of 1000 stores nothing"},
		"no-limit": {func() store.Backend { return noLimit{memstore.New()} }, "Pagination",
			"paging with After and Limit visits every customer exactly once"},
	}
}

// TestMutants runs the case of the suite each mutant breaks in a child
// process and checks that it fails naming the mutant's rule.
func TestMutants(t *testing.T) {
	for name, m := range mutants() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestMutant$/^"+m.test+"$", "-test.count=1")
			cmd.Env = append(os.Environ(), "STORETEST_MUTANT="+name)
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("the suite passed a backend that is %s", name)
			}
			if !strings.Contains(string(out), "broken rule: "+m.rule) {
				t.Errorf("the suite failed %s without naming the rule %q; output:\n%s", name, m.rule, out)
			}
		})
	}
}

// TestMutant is the child process of TestMutants.
func TestMutant(t *testing.T) {
	name := os.Getenv("STORETEST_MUTANT")
	if name == "" {
		t.Skip("run by TestMutants")
	}
	storetest.Run(t, func(*testing.T) store.Backend { return mutants()[name].open() })
}

// sharedTenants gives every tenant the same store.
type sharedTenants struct{ store.Backend }

func (b sharedTenants) Tenant(string) (store.Store, error) { return b.Backend.Tenant("everyone") }

// ignoresContext appends with a context of its own.
type ignoresContext struct{ store.Backend }

func (b ignoresContext) Tenant(id string) (store.Store, error) {
	s, err := b.Backend.Tenant(id)
	return contextFree{s}, err
}

type contextFree struct{ store.Store }

func (s contextFree) Append(_ context.Context, batch store.Batch) error {
	return s.Store.Append(context.Background(), batch)
}

// neverCloses ignores Close.
type neverCloses struct{ store.Backend }

func (neverCloses) Close() error { return nil }

// noLimit ignores Query.Limit.
type noLimit struct{ store.Backend }

func (b noLimit) Tenant(id string) (store.Store, error) {
	s, err := b.Backend.Tenant(id)
	return unlimited{s}, err
}

type unlimited struct{ store.Store }

func (s unlimited) Journeys(ctx context.Context, q store.Query) iter.Seq2[*journey.Journey, error] {
	q.Limit = 0
	return s.Store.Journeys(ctx, q)
}

// piecemeal appends a batch one touchpoint at a time.
type piecemeal struct{ store.Backend }

func (b piecemeal) Tenant(id string) (store.Store, error) {
	s, err := b.Backend.Tenant(id)
	return oneByOne{s}, err
}

type oneByOne struct{ store.Store }

func (s oneByOne) Append(ctx context.Context, b store.Batch) error {
	for _, tp := range b.Touchpoints {
		if err := s.Store.Append(ctx, store.Batch{Touchpoints: []touchpoint.Touchpoint{tp}}); err != nil {
			return err
		}
	}
	return s.Store.Append(ctx, store.Batch{Failures: b.Failures, Recoveries: b.Recoveries})
}
