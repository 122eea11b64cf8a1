package storetest

import (
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cemkit/cem/store"
)

func snapshotCases() []testCase {
	return []testCase{
		{"SnapshotRoundTrip", "Snapshots returns a customer's snapshots exactly, in time order, filtered by name", snapshotRoundTrip},
		{"SnapshotIdempotent", "storing a snapshot key again with equal content is a no-op, with other content ErrConflict, all-or-nothing", snapshotIdempotent},
		{"SnapshotInvalid", "a malformed snapshot is a validation error and stores nothing", snapshotInvalid},
		{"Latest", "Latest yields each customer's latest snapshot meeting the conditions, in customer order", latest},
		{"Transitions", "Transitions yields stage changes between consecutive snapshots whose new snapshot lies in the window", transitions},
	}
}

func snapshotRoundTrip(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	score := func(d int, v float64) store.Snapshot {
		sn := snap("c'1;", d, v, "")
		sn.Name = "score.recovery"
		sn.Time = sn.Time.Add(time.Duration(d+1) * time.Nanosecond)
		return sn
	}
	put(t, s, snap("c'1;", 2, 0, "advocate"), score(1, 0.1), score(0, 99.99999999999999), snap("c'1;", 0, -1.5e300, "loyal"), snap("other", 0, 1, "loyal"))
	got := collect(t, "Snapshots(ladder)", s.Snapshots(t.Context(), "c'1;", "ladder"))
	want := []store.Snapshot{snap("c'1;", 0, -1.5e300, "loyal"), snap("c'1;", 2, 0, "advocate")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Snapshots(ladder) mismatch (-want +got):\n%s", diff)
	}
	got = collect(t, "Snapshots(all)", s.Snapshots(t.Context(), "c'1;", ""))
	want = []store.Snapshot{snap("c'1;", 0, -1.5e300, "loyal"), score(0, 99.99999999999999), score(1, 0.1), snap("c'1;", 2, 0, "advocate")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Snapshots(all names) mismatch (-want +got):\n%s", diff)
	}
	if got := collect(t, "Snapshots(unknown)", s.Snapshots(t.Context(), "nobody", "")); len(got) != 0 {
		t.Errorf("Snapshots(unknown customer) = %v, want none", got)
	}
}

func snapshotIdempotent(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	a, c := snap("c1", 0, 10, "loyal"), snap("c1", 1, 20, "loyal")
	put(t, s, a, c)
	put(t, s, a, c, a)
	changed := a
	changed.Value = 11
	wantErr(t, "PutSnapshots(changed value)", s.PutSnapshots(t.Context(), snap("c1", 5, 1, ""), changed), store.ErrConflict)
	wantErr(t, "PutSnapshots(conflict inside the call)", s.PutSnapshots(t.Context(), snap("c2", 0, 1, ""), snap("c2", 0, 2, "")), store.ErrConflict)
	// The same instant in another zone is the same key.
	sameKey := a
	sameKey.Time = a.Time.In(time.FixedZone("X", -5*3600))
	put(t, s, sameKey)
	got := collect(t, "Snapshots", s.Snapshots(t.Context(), "c1", ""))
	if diff := cmp.Diff([]store.Snapshot{a, c}, got); diff != "" {
		t.Errorf("Snapshots(c1) mismatch (-want +got):\n%s", diff)
	}
	if got := collect(t, "Snapshots(c2)", s.Snapshots(t.Context(), "c2", "")); len(got) != 0 {
		t.Errorf("Snapshots(c2) = %v, want none", got)
	}
}

func snapshotInvalid(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	bad := map[string]store.Snapshot{
		"NaN value":        {CustomerID: "c1", Time: base(), Name: "score", Value: math.NaN()},
		"infinite value":   {CustomerID: "c1", Time: base(), Name: "score", Value: math.Inf(-1)},
		"empty name":       {CustomerID: "c1", Time: base(), Value: 1},
		"SQL in name":      {CustomerID: "c1", Time: base(), Name: "score'; --", Value: 1},
		"SQL in stage":     {CustomerID: "c1", Time: base(), Name: "score", Stage: "loyal' OR '1'='1"},
		"NUL customer":     {CustomerID: "c\x00", Time: base(), Name: "score"},
		"zero time":        {CustomerID: "c1", Name: "score"},
		"far future":       {CustomerID: "c1", Time: time.Now().AddDate(1, 0, 0), Name: "score"},
		"invalid UTF-8 id": {CustomerID: "c\xff", Time: base(), Name: "score"},
	}
	for name, sn := range bad {
		err := s.PutSnapshots(t.Context(), snap("c1", 0, 1, "loyal"), sn)
		wantErr(t, "PutSnapshots("+name+")", err, store.ErrInvalid)
	}
	if got := collect(t, "Snapshots", s.Snapshots(t.Context(), "c1", "")); len(got) != 0 {
		t.Errorf("Snapshots(c1) = %v, want none", got)
	}
	err := streamErr(t, "Latest(no name)", s.Latest(t.Context(), store.LatestQuery{}))
	wantErr(t, "Latest(no name)", err, store.ErrInvalid)
	err = streamErr(t, "Transitions(no name)", s.Transitions(t.Context(), store.TransitionQuery{}))
	wantErr(t, "Transitions(no name)", err, store.ErrInvalid)
}

func ptr(v float64) *float64 { return &v }

func latest(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	score := func(c string, d int, v float64, stage string) store.Snapshot {
		sn := snap(c, d, v, stage)
		sn.Name = "score"
		return sn
	}
	put(t, s,
		score("a", 0, 80, "good"), score("a", 10, 30, "at_risk"),
		score("b", 0, 20, "at_risk"), score("b", 10, 60, "good"),
		score("c", 5, 39.999, "at_risk"),
		score("d", 0, 40, "good"),
		snap("e", 0, 1, "loyal"), // another name
	)
	cases := []struct {
		reason string
		q      store.LatestQuery
		want   []store.Snapshot
	}{
		{"every customer's latest", store.LatestQuery{Name: "score"},
			[]store.Snapshot{score("a", 10, 30, "at_risk"), score("b", 10, 60, "good"), score("c", 5, 39.999, "at_risk"), score("d", 0, 40, "good")}},
		{"latest below 40: an earlier low score does not count, 40 is not below", store.LatestQuery{Name: "score", Below: ptr(40)},
			[]store.Snapshot{score("a", 10, 30, "at_risk"), score("c", 5, 39.999, "at_risk")}},
		{"at least 40", store.LatestQuery{Name: "score", AtLeast: ptr(40)},
			[]store.Snapshot{score("b", 10, 60, "good"), score("d", 0, 40, "good")}},
		{"band", store.LatestQuery{Name: "score", AtLeast: ptr(35), Below: ptr(60)},
			[]store.Snapshot{score("c", 5, 39.999, "at_risk"), score("d", 0, 40, "good")}},
		{"as of day 5, inclusive", store.LatestQuery{Name: "score", AsOf: base().AddDate(0, 0, 5), Below: ptr(40)},
			[]store.Snapshot{score("b", 0, 20, "at_risk"), score("c", 5, 39.999, "at_risk")}},
		{"stage", store.LatestQuery{Name: "score", Stage: "good"},
			[]store.Snapshot{score("b", 10, 60, "good"), score("d", 0, 40, "good")}},
		{"unknown name", store.LatestQuery{Name: "nothing"}, nil},
		{"as of the year 3000, beyond int64 nanoseconds", store.LatestQuery{Name: "score", AsOf: time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)},
			[]store.Snapshot{score("a", 10, 30, "at_risk"), score("b", 10, 60, "good"), score("c", 5, 39.999, "at_risk"), score("d", 0, 40, "good")}},
	}
	for _, c := range cases {
		got := collect(t, "Latest("+c.reason+")", s.Latest(t.Context(), c.q))
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("Latest(%s) mismatch (-want +got):\n%s", c.reason, diff)
		}
	}
}

func transitions(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	month := store.Window{From: base().AddDate(0, 0, 10), To: base().AddDate(0, 1, 10)}
	put(t, s,
		// a: loyal → satisfied inside the month.
		snap("a", 0, 0, "satisfied"), snap("a", 5, 0, "loyal"), snap("a", 15, 0, "satisfied"),
		// b: loyal → satisfied before the month, then unchanged inside it.
		snap("b", 0, 0, "loyal"), snap("b", 5, 0, "satisfied"), snap("b", 15, 0, "satisfied"),
		// c: loyal → advocate → satisfied inside the month: not consecutive.
		snap("c", 0, 0, "loyal"), snap("c", 12, 0, "advocate"), snap("c", 20, 0, "satisfied"),
		// d: loyal → satisfied exactly at the end of the month: outside.
		snap("d", 0, 0, "loyal"), store.Snapshot{CustomerID: "d", Time: month.To, Name: "ladder", Stage: "satisfied"},
	)
	tr := func(c, from, to string, d int) store.Transition {
		return store.Transition{CustomerID: c, Name: "ladder", From: from, To: to, Time: base().AddDate(0, 0, d)}
	}
	cases := []struct {
		reason string
		q      store.TransitionQuery
		want   []store.Transition
	}{
		{"loyal to satisfied this month", store.TransitionQuery{Name: "ladder", From: "loyal", To: "satisfied", Window: month},
			[]store.Transition{tr("a", "loyal", "satisfied", 15)}},
		{"every change this month", store.TransitionQuery{Name: "ladder", Window: month},
			[]store.Transition{tr("a", "loyal", "satisfied", 15), tr("c", "loyal", "advocate", 12), tr("c", "advocate", "satisfied", 20)}},
		{"every change to satisfied, ever", store.TransitionQuery{Name: "ladder", To: "satisfied"},
			[]store.Transition{tr("a", "loyal", "satisfied", 15), tr("b", "loyal", "satisfied", 5), tr("c", "advocate", "satisfied", 20),
				{CustomerID: "d", Name: "ladder", From: "loyal", To: "satisfied", Time: month.To}}},
		{"unknown name", store.TransitionQuery{Name: "score"}, nil},
	}
	for _, c := range cases {
		got := collect(t, "Transitions("+c.reason+")", s.Transitions(t.Context(), c.q))
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("Transitions(%s) mismatch (-want +got):\n%s", c.reason, diff)
		}
	}
}
