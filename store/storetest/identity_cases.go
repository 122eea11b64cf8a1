package storetest

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/touchpoint"
)

func identityCases() []testCase {
	return []testCase{
		{"Merge", "Merge moves the whole history to the surviving customer and counts nothing twice", merge},
		{"MergeAlias", "after Merge, events sent for the merged customer are stored under the surviving one, and re-sends stay idempotent", mergeAlias},
		{"MergeChain", "merging into a customer that was merged routes to the final survivor", mergeChain},
		{"MergeErrors", "self-merge and cycles are ErrConflict, a customer without records is ErrNotFound, and a failed merge changes nothing", mergeErrors},
		{"MergeSnapshots", "Merge moves snapshots; on a key collision the surviving customer's snapshot is kept", mergeSnapshots},
		{"Erase", "Erase removes every event and snapshot of the customer and nothing else", erase},
		{"EraseIdempotent", "erasing an unknown or erased customer removes nothing and is no error", eraseIdempotent},
		{"EraseAliases", "Erase removes the aliases naming the customer: later events for a merged id are its own again", eraseAliases},
	}
}

func merge(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	from, into := story("web-visitor", 0), story("crm-42", 10)
	mustAppend(t, s, concat(from, into, story("bystander", 0)))
	if err := s.Merge(t.Context(), "web-visitor", "crm-42"); err != nil {
		t.Fatalf("Merge() error = %v", err)
	}
	wantNoJourney(t, s, "web-visitor")
	wantJourney(t, s, "crm-42", store.Window{}, journeyOf(t, "crm-42", as("crm-42", from), into))
	wantJourney(t, s, "bystander", store.Window{}, journeyOf(t, "bystander", story("bystander", 0)))
	wantCounts(t, s, counts{Customers: 2, Touchpoints: 9, Failures: 3, Recoveries: 3})
}

func mergeAlias(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	from := story("anon", 0)
	mustAppend(t, s, from)
	if err := s.Merge(t.Context(), "anon", "known"); err != nil {
		t.Fatalf("Merge(into a new id) error = %v", err)
	}
	// A re-send of the merged events is recognised, not stored again.
	mustAppend(t, s, from)
	later := store.Batch{Touchpoints: []touchpoint.Touchpoint{web("anon", 50)}}
	mustAppend(t, s, later)
	wantNoJourney(t, s, "anon")
	wantJourney(t, s, "known", store.Window{}, journeyOf(t, "known", as("known", concat(from, later))))
	// A recovery sent later under the old id finds its failure.
	f := failure("anon", 60, touchpoint.Money{})
	mustAppend(t, s, store.Batch{Failures: []journey.Failure{f}})
	mustAppend(t, s, store.Batch{Recoveries: []journey.Recovery{recovery(f, touchpoint.Money{})}})
	wantCounts(t, s, counts{Customers: 1, Touchpoints: 4, Failures: 2, Recoveries: 2})
}

func mergeChain(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	mustAppend(t, s, concat(story("a", 0), story("b", 10), story("c", 20)))
	for _, m := range [][2]string{{"a", "b"}, {"b", "c"}} {
		if err := s.Merge(t.Context(), m[0], m[1]); err != nil {
			t.Fatalf("Merge(%q, %q) error = %v", m[0], m[1], err)
		}
	}
	later := store.Batch{Touchpoints: []touchpoint.Touchpoint{web("a", 50), web("b", 51)}}
	mustAppend(t, s, later)
	want := journeyOf(t, "c", as("c", concat(story("a", 0), story("b", 10), later)), story("c", 20))
	wantJourney(t, s, "c", store.Window{}, want)
	wantCounts(t, s, counts{Customers: 1, Touchpoints: 11, Failures: 3, Recoveries: 3})
}

func mergeErrors(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	mustAppend(t, s, concat(story("a", 0), story("b", 10)))
	wantErr(t, "Merge(a, a)", s.Merge(t.Context(), "a", "a"), store.ErrConflict)
	wantErr(t, "Merge(nobody, a)", s.Merge(t.Context(), "nobody", "a"), store.ErrNotFound)
	wantErr(t, "Merge(bad id)", s.Merge(t.Context(), "a\x00", "b"), store.ErrInvalid)
	if err := s.Merge(t.Context(), "a", "b"); err != nil {
		t.Fatalf("Merge(a, b) error = %v", err)
	}
	// b now holds a's history; a → b exists, so b → a would be a cycle.
	wantErr(t, "Merge(b, a) after Merge(a, b)", s.Merge(t.Context(), "b", "a"), store.ErrConflict)
	wantJourney(t, s, "b", store.Window{}, journeyOf(t, "b", as("b", story("a", 0)), story("b", 10)))
	wantCounts(t, s, counts{Customers: 1, Touchpoints: 6, Failures: 2, Recoveries: 2})
}

// snap is a snapshot of customer c, name "ladder", d days after base.
func snap(c string, d int, value float64, stage string) store.Snapshot {
	return store.Snapshot{CustomerID: c, Time: base().AddDate(0, 0, d), Name: "ladder", Value: value, Stage: stage}
}

func mergeSnapshots(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	mustAppend(t, s, concat(story("a", 0), story("b", 10)))
	put(t, s, snap("a", 0, 10, "satisfied"), snap("a", 1, 20, "loyal"), snap("b", 1, 90, "advocate"), snap("b", 2, 95, "advocate"))
	if err := s.Merge(t.Context(), "a", "b"); err != nil {
		t.Fatalf("Merge() error = %v", err)
	}
	got := collect(t, "Snapshots(b)", s.Snapshots(t.Context(), "b", "ladder"))
	want := []store.Snapshot{snap("b", 0, 10, "satisfied"), snap("b", 1, 90, "advocate"), snap("b", 2, 95, "advocate")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Snapshots(b) after merge mismatch (-want +got):\n%s", diff)
	}
	if got := collect(t, "Snapshots(a)", s.Snapshots(t.Context(), "a", "")); len(got) != 0 {
		t.Errorf("Snapshots(a) after merge = %v, want none", got)
	}
}

// put stores snapshots and fails the test on error.
func put(t *testing.T, s store.Store, snaps ...store.Snapshot) {
	t.Helper()
	if err := s.PutSnapshots(t.Context(), snaps...); err != nil {
		t.Fatalf("PutSnapshots() error = %v", err)
	}
}

func erase(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	mustAppend(t, s, concat(story("gone", 0), story("kept", 0)))
	put(t, s, snap("gone", 0, 1, "loyal"), snap("gone", 1, 2, "satisfied"), snap("kept", 0, 3, "loyal"))
	n, err := s.Erase(t.Context(), "gone")
	if err != nil {
		t.Fatalf("Erase() error = %v", err)
	}
	if n != 7 {
		t.Errorf("Erase() = %d records, want 7 (3 touchpoints, 1 failure, 1 recovery, 2 snapshots)", n)
	}
	wantNoJourney(t, s, "gone")
	if got := collect(t, "Snapshots(gone)", s.Snapshots(t.Context(), "gone", "")); len(got) != 0 {
		t.Errorf("Snapshots(gone) after Erase = %v, want none", got)
	}
	for _, l := range collect(t, "Latest()", s.Latest(t.Context(), store.LatestQuery{Name: "ladder"})) {
		if l.CustomerID == "gone" {
			t.Errorf("Latest() after Erase yields %v", l)
		}
	}
	wantJourney(t, s, "kept", store.Window{}, journeyOf(t, "kept", story("kept", 0)))
	wantCounts(t, s, counts{Customers: 1, Touchpoints: 3, Failures: 1, Recoveries: 1})
	// The erased events' IDs are free again: re-adding is not a conflict.
	mustAppend(t, s, story("gone", 0))
}

func eraseIdempotent(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	mustAppend(t, s, story("c1", 0))
	for i, c := range []string{"nobody", "c1", "c1"} {
		n, err := s.Erase(t.Context(), c)
		if err != nil {
			t.Errorf("Erase(%q) #%d error = %v", c, i, err)
		}
		if want := map[int]int{0: 0, 1: 5, 2: 0}[i]; n != want {
			t.Errorf("Erase(%q) #%d = %d records, want %d", c, i, n, want)
		}
	}
	wantCounts(t, s, counts{})
}

func eraseAliases(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	mustAppend(t, s, concat(story("anon", 0), story("known", 10)))
	if err := s.Merge(t.Context(), "anon", "known"); err != nil {
		t.Fatalf("Merge() error = %v", err)
	}
	if _, err := s.Erase(t.Context(), "known"); err != nil {
		t.Fatalf("Erase() error = %v", err)
	}
	wantCounts(t, s, counts{})
	// No alias survives: an event for anon stays anon's.
	later := store.Batch{Touchpoints: []touchpoint.Touchpoint{web("anon", 100)}}
	mustAppend(t, s, later)
	wantJourney(t, s, "anon", store.Window{}, journeyOf(t, "anon", later))
	wantNoJourney(t, s, "known")
}
