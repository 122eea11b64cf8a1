package reliability_test

import (
	"context"
	"errors"
	"iter"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/touchpoint"
)

// isolated fills a tenant with everything a read can find: journeys with
// failures on several channels and stages, a merge (an alias), and ladder
// snapshots with stage changes.
func isolated(t *testing.T, s store.Store, customers ...string) {
	t.Helper()
	for i, c := range customers {
		mustAppend(t, s, story(c))
		snaps := []store.Snapshot{snap(c, 0, 80, "loyal"), snap(c, 1, 30, "satisfied"), snap(c, 2, 90, "advocate")}
		if err := s.PutSnapshots(context.Background(), snaps[:1+i%3]...); err != nil {
			t.Fatalf("PutSnapshots(%q) error = %v", c, err)
		}
	}
	mustAppend(t, s, story("merged-away"))
	if err := s.Merge(context.Background(), "merged-away", customers[0]); err != nil {
		t.Fatalf("Merge() error = %v", err)
	}
}

// reads is every read of the store API, each turned into the customer ids
// of the rows it returns.
func reads(s store.Store, customers []string) map[string]func() ([]string, error) {
	ctx := context.Background()
	ptr := func(v float64) *float64 { return &v }
	out := map[string]func() ([]string, error){}
	queries := map[string]store.Query{
		"all": {}, "channel": {Channels: []touchpoint.Channel{touchpoint.Web, touchpoint.Store}},
		"stage": {Stages: []touchpoint.Stage{touchpoint.Purchase}}, "failures": {HasFailures: true},
		"window": {Window: store.Window{From: at(0), To: at(10)}}, "after": {After: "a"}, "limit": {Limit: 1},
	}
	for name, q := range queries {
		out["Journeys/"+name] = func() ([]string, error) { return ids(s.Journeys(ctx, q), (*journey.Journey).CustomerID) }
	}
	latest := map[string]store.LatestQuery{
		"all": {Name: "ladder"}, "below": {Name: "ladder", Below: ptr(50)}, "at least": {Name: "ladder", AtLeast: ptr(50)},
		"stage": {Name: "ladder", Stage: "loyal"}, "as of": {Name: "ladder", AsOf: base().AddDate(0, 0, 1)},
	}
	for name, q := range latest {
		out["Latest/"+name] = func() ([]string, error) { return ids(s.Latest(ctx, q), snapCustomer) }
	}
	transitions := map[string]store.TransitionQuery{
		"all": {Name: "ladder"}, "from": {Name: "ladder", From: "loyal"}, "to": {Name: "ladder", To: "advocate"},
		"window": {Name: "ladder", Window: store.Window{From: base(), To: base().AddDate(0, 0, 3)}},
	}
	for name, q := range transitions {
		out["Transitions/"+name] = func() ([]string, error) {
			return ids(s.Transitions(ctx, q), func(tr store.Transition) string { return tr.CustomerID })
		}
	}
	for _, c := range append(customers, "merged-away") {
		out["Journey/"+c] = func() ([]string, error) {
			j, err := s.Journey(ctx, c, store.Window{})
			if errors.Is(err, store.ErrNotFound) {
				return nil, nil
			}
			if err != nil {
				return nil, err
			}
			return []string{j.CustomerID()}, nil
		}
		for _, name := range []string{"", "ladder"} {
			out["Snapshots/"+c+"/"+name] = func() ([]string, error) { return ids(s.Snapshots(ctx, c, name), snapCustomer) }
		}
	}
	return out
}

func snapCustomer(s store.Snapshot) string { return s.CustomerID }

// ids collects the customer id of every row of a stream.
func ids[T any](seq iter.Seq2[T, error], customer func(T) string) ([]string, error) {
	var out []string
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, customer(v))
	}
	return out, nil
}

// TestTenantIsolation tries every read API with every filter, on every
// adapter, from an empty tenant and from a tenant holding other
// customers, for the customers of a full tenant: no row of the full tenant
// comes back. Merges and erasures through the other tenants leave the
// full tenant exactly as it was.
func TestTenantIsolation(t *testing.T) {
	forEachAdapter(t, func(t *testing.T, a adapter) {
		f := a.open(t)
		full, fullID := tenant(t, f)
		victims := []string{"alice", "bob", "carol"}
		isolated(t, full, victims...)
		before := dump(t, full, victims...)
		// The control: in their own tenant, every read finds rows.
		for read, run := range reads(full, victims) {
			if got, err := run(); (len(got) == 0) != strings.Contains(read, "merged-away") || err != nil {
				t.Errorf("own tenant: %s = %q, %v", read, got, err)
			}
		}
		other, _ := tenant(t, f)
		isolated(t, other, "xavier", "yvonne")
		empty, _ := tenant(t, f)
		near, err := f.Tenant(fullID[:len(fullID)-1])
		if err != nil {
			t.Fatal(err)
		}
		for name, s := range map[string]store.Store{"empty": empty, "other": other, "prefix of the name": near} {
			for read, run := range reads(s, victims) {
				got, err := run()
				if err != nil {
					t.Errorf("%s tenant: %s error = %v", name, read, err)
				}
				for _, c := range got {
					if c != "xavier" && c != "yvonne" {
						t.Errorf("%s tenant: %s returned customer %q of another tenant", name, read, c)
					}
				}
			}
			for _, c := range victims {
				if err := s.Merge(context.Background(), c, "xavier"); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("%s tenant: Merge(%q) error = %v, want ErrNotFound", name, c, err)
				}
				if n, err := s.Erase(context.Background(), c); n != 0 || err != nil {
					t.Errorf("%s tenant: Erase(%q) = %d, %v; want 0, nil", name, c, n, err)
				}
			}
		}
		if diff := cmp.Diff(before, dump(t, full, victims...)); diff != "" {
			t.Errorf("the full tenant changed (-before +after):\n%s", diff)
		}
	})
}

// TestErasureScan erases a customer that holds events, a failure with its
// recovery, snapshots and an alias (another customer merged into it), then
// scans every column of every row of every table the SQL adapter owns,
// listed from the database catalogue: no row names the customer, nor the
// customer merged into it. The same scan finds them before the erasure,
// which shows it would see a leftover.
func TestErasureScan(t *testing.T) {
	forEachAdapter(t, func(t *testing.T, a adapter) {
		f := a.open(t)
		if f.db == nil {
			t.Skip("memstore has no tables to scan")
		}
		s, _ := tenant(t, f)
		suffix := touchpoint.NewID().String()
		target, alias, keep := "erase-me-"+suffix, "merge-me-"+suffix, "keep-me-"+suffix
		isolated(t, s, target, keep)
		mustAppend(t, s, story(alias))
		if err := s.Merge(context.Background(), alias, target); err != nil {
			t.Fatal(err)
		}
		wantRows := func(c string, want bool) {
			t.Helper()
			hits, err := rowsNaming(context.Background(), f, c)
			if err != nil {
				t.Fatal(err)
			}
			if (len(hits) > 0) != want {
				t.Errorf("rows naming %q: %d, want some: %v\n%v", c, len(hits), want, hits)
			}
		}
		wantRows(target, true)
		wantRows(alias, true)
		n, err := s.Erase(context.Background(), target)
		if err != nil || n == 0 {
			t.Fatalf("Erase() = %d, %v; want > 0, nil", n, err)
		}
		wantRows(target, false)
		wantRows(alias, false)
		wantRows(keep, true)
	})
}
