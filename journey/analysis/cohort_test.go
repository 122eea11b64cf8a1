package analysis_test

import (
	"errors"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/journey/analysis"
	"github.com/cemkit/cem/touchpoint"
)

func TestCohorts(t *testing.T) {
	// t0 is Monday 5 January 2026; 40 days later is 14 February.
	feb := 40 * 24 * time.Hour
	js := []*journey.Journey{
		build(t, "a", at("browse", 0), at("purchase", time.Hour), at("purchase", feb)), // first purchase counts: January
		build(t, "b", at("purchase", 2*time.Hour)),
		build(t, "c", at("browse", 0), at("purchase", feb)),
		build(t, "d", at("browse", 0)), // never buys
		build(t, "e", at("purchase", 3*time.Hour)),
	}
	scores := map[string]float64{"a": 80, "b": 60, "c": 90, "d": 10, "e": math.NaN()}
	ladder := map[string]string{"a": "loyal", "b": "satisfied", "c": "advocate", "d": "satisfied", "e": "loyal"}
	spec := analysis.CohortSpec{
		Score:  scoreByCustomer(scores),
		Ladder: func(j *journey.Journey) string { return ladder[j.CustomerID()] },
	}
	got, err := analysis.Cohorts(slices.Values(js), spec)
	if err != nil {
		t.Fatal(err)
	}
	want := analysis.CohortReport{Journeys: 5, NoPurchase: 1, Cohorts: []analysis.Cohort{{
		Start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Journeys: 3,
		Score: analysis.ScoreStats{N: 2, Mean: 70, Min: 60, P25: 65, Median: 70, P75: 75, Max: 80},
		Ladder: []analysis.LadderShare{
			{Stage: "loyal", Count: 2, Share: 2.0 / 3},
			{Stage: "satisfied", Count: 1, Share: 1.0 / 3},
		},
	}, {
		Start: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), Journeys: 1,
		Score:  analysis.ScoreStats{N: 1, Mean: 90, Min: 90, P25: 90, Median: 90, P75: 90, Max: 90},
		Ladder: []analysis.LadderShare{{Stage: "advocate", Count: 1, Share: 1}},
	}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Cohorts() mismatch (-want +got):\n%s", diff)
	}
}

func TestCohortsEmptyAndCountOnly(t *testing.T) {
	got, err := analysis.Cohorts(slices.Values([]*journey.Journey{nil}), analysis.CohortSpec{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(analysis.CohortReport{}, got); diff != "" {
		t.Errorf("Cohorts(empty) mismatch (-want +got):\n%s", diff)
	}
	one := []*journey.Journey{build(t, "a", at("purchase", 0))}
	got, err = analysis.Cohorts(slices.Values(one), analysis.CohortSpec{Period: analysis.Year})
	if err != nil {
		t.Fatal(err)
	}
	want := analysis.CohortReport{Journeys: 1, Cohorts: []analysis.Cohort{{Start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Journeys: 1}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Cohorts(no score, no ladder) mismatch (-want +got):\n%s", diff)
	}
	if _, err := analysis.Cohorts(slices.Values(one), analysis.CohortSpec{Period: 7}); !errors.Is(err, touchpoint.ErrInvalid) {
		t.Errorf("Cohorts(Period 7) error = %v, want a ValidationError", err)
	}
}

func TestPeriodStart(t *testing.T) {
	sunday := time.Date(2026, 5, 17, 23, 30, 0, 0, time.FixedZone("CEST", 2*3600)) // 21:30 UTC
	tests := []struct {
		p    analysis.Period
		want time.Time
	}{
		{analysis.Month, time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)},
		{analysis.Week, time.Date(2026, 5, 11, 0, 0, 0, 0, time.UTC)},
		{analysis.Quarter, time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)},
		{analysis.Year, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		if got := tt.p.Start(sunday); !got.Equal(tt.want) {
			t.Errorf("Period(%d).Start(%v) = %v, want %v", tt.p, sunday, got, tt.want)
		}
	}
	monday := time.Date(2026, 5, 11, 0, 0, 0, 0, time.UTC)
	if got := analysis.Week.Start(monday); !got.Equal(monday) {
		t.Errorf("Week.Start(Monday 00:00) = %v, want itself", got)
	}
}
