package storetest

import (
	"errors"
	"iter"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/touchpoint"
)

// tenant returns the store of a new tenant with a random id, so cases and
// reruns never see each other's data.
func tenant(t testing.TB, b store.Backend) store.Store {
	t.Helper()
	s, err := b.Tenant("t-" + touchpoint.NewID().String())
	if err != nil {
		t.Fatalf("Tenant() error = %v", err)
	}
	return s
}

// mustAppend appends b and fails the test on error.
func mustAppend(t testing.TB, s store.Store, b store.Batch) {
	t.Helper()
	if err := s.Append(t.Context(), b); err != nil {
		t.Fatalf("Append(%d events) error = %v", b.Len(), err)
	}
}

// wantErr fails the test unless err matches target with errors.Is.
func wantErr(t testing.TB, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("%s error = %v, want %v", what, err, target)
	}
}

// wantJourney checks that the store returns want for customer c in w.
func wantJourney(t testing.TB, s store.Store, c string, w store.Window, want *journey.Journey) {
	t.Helper()
	got, err := s.Journey(t.Context(), c, w)
	if err != nil {
		t.Errorf("Journey(%q) error = %v", c, err)
		return
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Journey(%q) mismatch (-want +got):\n%s", c, diff)
	}
}

// wantNoJourney checks that the store has no event of customer c.
func wantNoJourney(t testing.TB, s store.Store, c string) {
	t.Helper()
	j, err := s.Journey(t.Context(), c, store.Window{})
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Journey(%q) = %d touchpoints, error %v; want ErrNotFound", c, journeyLen(j), err)
	}
}

func journeyLen(j *journey.Journey) int {
	if j == nil {
		return 0
	}
	return j.Len()
}

// collect drains seq and fails the test on its error.
func collect[T any](t testing.TB, what string, seq iter.Seq2[T, error]) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		if err != nil {
			t.Fatalf("%s error = %v", what, err)
		}
		out = append(out, v)
	}
	return out
}

// streamErr drains seq and returns its error, failing the test if it
// yields values as well.
func streamErr[T any](t testing.TB, what string, seq iter.Seq2[T, error]) error {
	t.Helper()
	n := 0
	for _, err := range seq {
		if err != nil {
			return err
		}
		n++
	}
	if n > 0 {
		t.Errorf("%s yielded %d values, want none", what, n)
	}
	return nil
}

// counts is how many of each record a tenant holds, read back through
// the public API.
type counts struct {
	Customers, Touchpoints, Failures, Recoveries int
}

// countAll reads every journey of the tenant and counts its events.
func countAll(t testing.TB, s store.Store) counts {
	t.Helper()
	var c counts
	for _, j := range collect(t, "Journeys()", s.Journeys(t.Context(), store.Query{})) {
		c.Customers++
		c.Touchpoints += j.Len()
		c.Failures += len(j.Failures())
		c.Recoveries += len(j.Recoveries())
	}
	return c
}

// wantCounts checks the tenant's record counts.
func wantCounts(t testing.TB, s store.Store, want counts) {
	t.Helper()
	if diff := cmp.Diff(want, countAll(t, s)); diff != "" {
		t.Errorf("stored records mismatch (-want +got):\n%s", diff)
	}
}

// customerIDs returns the customers of the journeys seq yields.
func customerIDs(t testing.TB, seq iter.Seq2[*journey.Journey, error]) []string {
	t.Helper()
	var ids []string
	for _, j := range collect(t, "Journeys()", seq) {
		ids = append(ids, j.CustomerID())
	}
	return ids
}

// cmpCounts returns the difference between two record counts, "" if none.
func cmpCounts(want, got counts) string { return cmp.Diff(want, got) }

func errIs(err, target error) bool { return errors.Is(err, target) }
