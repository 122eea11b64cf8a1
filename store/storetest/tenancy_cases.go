package storetest

import (
	"strings"
	"testing"

	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/touchpoint"
)

func tenancyCases() []testCase {
	return []testCase{
		{"TenantIsolation", "no read through one tenant's store sees another tenant's records", tenantIsolation},
		{"TenantWrites", "event IDs are per tenant, and merges and erasures in one tenant leave the others alone", tenantWrites},
		{"TenantIDs", "a malformed tenant id is a validation error; the same id gives the same data", tenantIDs},
	}
}

func tenantIsolation(t *testing.T, b store.Backend) {
	s1, s2 := tenant(t, b), tenant(t, b)
	mustAppend(t, s1, story("c1", 0))
	put(t, s1, snap("c1", 0, 10, "loyal"), snap("c1", 1, 5, "satisfied"))
	ctx := t.Context()
	wantNoJourney(t, s2, "c1")
	wantCounts(t, s2, counts{})
	checks := map[string]error{
		"Snapshots":   streamErr(t, "Snapshots", s2.Snapshots(ctx, "c1", "")),
		"Latest":      streamErr(t, "Latest", s2.Latest(ctx, store.LatestQuery{Name: "ladder"})),
		"Transitions": streamErr(t, "Transitions", s2.Transitions(ctx, store.TransitionQuery{Name: "ladder"})),
	}
	for name, err := range checks {
		if err != nil {
			t.Errorf("%s() in another tenant error = %v", name, err)
		}
	}
	wantErr(t, "Merge(c1) in another tenant", s2.Merge(ctx, "c1", "c2"), store.ErrNotFound)
	if n, err := s2.Erase(ctx, "c1"); n != 0 || err != nil {
		t.Errorf("Erase(c1) in another tenant = %d, %v; want 0, nil", n, err)
	}
	wantJourney(t, s1, "c1", store.Window{}, journeyOf(t, "c1", story("c1", 0)))
	if got := collect(t, "Snapshots", s1.Snapshots(ctx, "c1", "")); len(got) != 2 {
		t.Errorf("Snapshots(c1) = %d snapshots, want 2", len(got))
	}
}

func tenantWrites(t *testing.T, b store.Backend) {
	s1, s2 := tenant(t, b), tenant(t, b)
	// The very same events, even with other content, are fine in another tenant.
	mustAppend(t, s1, story("c1", 0))
	other := story("c1", 0)
	other.Touchpoints[0].Stage = "elsewhere"
	mustAppend(t, s2, other)
	mustAppend(t, s2, story("c2", 0))
	if err := s2.Merge(t.Context(), "c1", "c2"); err != nil {
		t.Fatalf("Merge() in tenant 2 error = %v", err)
	}
	// Later events for c1 in tenant 1 are not routed by tenant 2's alias.
	mustAppend(t, s1, store.Batch{Touchpoints: story("c1", 20).Touchpoints})
	wantJourney(t, s1, "c1", store.Window{}, journeyOf(t, "c1", story("c1", 0), store.Batch{Touchpoints: story("c1", 20).Touchpoints}))
	if _, err := s2.Erase(t.Context(), "c2"); err != nil {
		t.Fatalf("Erase() in tenant 2 error = %v", err)
	}
	wantCounts(t, s2, counts{})
	wantCounts(t, s1, counts{Customers: 1, Touchpoints: 6, Failures: 1, Recoveries: 1})
}

func tenantIDs(t *testing.T, b store.Backend) {
	for _, bad := range []string{"", strings.Repeat("t", store.MaxTenantLen+1), "a\x00b", "a\xffb", "tab\x01"} {
		if _, err := b.Tenant(bad); !errIs(err, store.ErrInvalid) {
			t.Errorf("Tenant(%q) error = %v, want a validation error", bad, err)
		}
	}
	name := "tenant 'quoted'; 東京 %_" + touchpoint.NewID().String()[:8]
	s1, err := b.Tenant(name)
	if err != nil {
		t.Fatalf("Tenant(%q) error = %v", name, err)
	}
	mustAppend(t, s1, story("c1", 0))
	s2, err := b.Tenant(name)
	if err != nil {
		t.Fatalf("Tenant(%q) again error = %v", name, err)
	}
	wantJourney(t, s2, "c1", store.Window{}, journeyOf(t, "c1", story("c1", 0)))
	// A tenant whose name is a prefix or pattern of another sees nothing.
	for _, near := range []string{name[:len(name)-1], name[:len(name)-1] + "%", name[:len(name)-1] + "_", strings.ToUpper(name)} {
		s, err := b.Tenant(near)
		if err != nil {
			t.Fatalf("Tenant(%q) error = %v", near, err)
		}
		wantCounts(t, s, counts{})
	}
}
