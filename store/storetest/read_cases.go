package storetest

import (
	"testing"
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/touchpoint"
)

func readCases() []testCase {
	return []testCase{
		{"Window", "Journey with a window returns the events in [From, To), recoveries with their failures", window},
		{"NotFound", "Journey of an unknown customer, or of a window without events, is ErrNotFound", notFound},
		{"CopyIn", "changing a value after Append changes nothing stored", copyIn},
		{"CopyOut", "changing a journey read from the store changes nothing stored", copyOut},
	}
}

func window(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	early, late := story("c1", 0), story("c1", 10)
	all := concat(early, late)
	mustAppend(t, s, all)
	cases := []struct {
		reason string
		w      store.Window
		want   *journey.Journey
	}{
		{"zero window reads everything", store.Window{}, journeyOf(t, "c1", all)},
		{"open end", store.Window{From: at(10)}, journeyOf(t, "c1", late)},
		{"open start, To excluded", store.Window{To: at(10)}, journeyOf(t, "c1", early)},
		{"From included, To excluded", store.Window{From: at(1), To: at(2)}, journeyOf(t, "c1",
			store.Batch{Touchpoints: early.Touchpoints[1:2], Failures: early.Failures, Recoveries: early.Recoveries})},
		{"a recovery in the window whose failure is not stays out", store.Window{From: at(2), To: at(3)},
			journeyOf(t, "c1", store.Batch{Touchpoints: early.Touchpoints[2:3]})},
		{"nanosecond bound", store.Window{From: at(0).Add(1), To: at(1)}, nil},
		// Query bounds are not validated like stored times: a window may
		// reach beyond the years an int64 of nanoseconds holds.
		{"bounds beyond 1678..2262", store.Window{From: time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC),
			To: time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)}, journeyOf(t, "c1", all)},
	}
	for _, c := range cases {
		if c.want == nil {
			_, err := s.Journey(t.Context(), "c1", c.w)
			wantErr(t, "Journey(c1, "+c.reason+")", err, store.ErrNotFound)
			continue
		}
		t.Logf("case: %s", c.reason)
		wantJourney(t, s, "c1", c.w, c.want)
	}
}

func notFound(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	_, err := s.Journey(t.Context(), "nobody", store.Window{})
	wantErr(t, "Journey(unknown customer)", err, store.ErrNotFound)
	mustAppend(t, s, story("c1", 0))
	_, err = s.Journey(t.Context(), "c1", store.Window{From: at(100)})
	wantErr(t, "Journey(window after every event)", err, store.ErrNotFound)
	// Customer ids are compared exactly, never by pattern or case.
	for _, c := range []string{"C1", "c%", "c_", "c1 ", "c"} {
		_, err = s.Journey(t.Context(), c, store.Window{})
		wantErr(t, "Journey("+c+")", err, store.ErrNotFound)
	}
}

func copyIn(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	tp := full("c1", 0, "1.5")
	want := journeyOf(t, "c1", store.Batch{Touchpoints: []touchpoint.Touchpoint{tp.Clone()}})
	batch := store.Batch{Touchpoints: []touchpoint.Touchpoint{tp}}
	mustAppend(t, s, batch)
	tp.Attributes["order"] = "changed"
	tp.Attributes["new"] = "added"
	batch.Touchpoints[0].Stage = touchpoint.Return
	wantJourney(t, s, "c1", store.Window{}, want)
}

func copyOut(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	batch := store.Batch{Touchpoints: []touchpoint.Touchpoint{full("c1", 0, "1.5")}}
	mustAppend(t, s, batch)
	want := journeyOf(t, "c1", batch)
	got, err := s.Journey(t.Context(), "c1", store.Window{})
	if err != nil {
		t.Fatalf("Journey() error = %v", err)
	}
	got.Touchpoints()[0].Attributes["order"] = "changed"
	got.Touchpoints()[0].Stage = touchpoint.Return
	for j, err := range s.Journeys(t.Context(), store.Query{}) {
		if err != nil {
			t.Fatalf("Journeys() error = %v", err)
		}
		j.Touchpoints()[0].Attributes["agent"] = "changed"
	}
	wantJourney(t, s, "c1", store.Window{}, want)
}
