package analysis_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/journey/analysis"
	"github.com/cemkit/cem/touchpoint"
)

// funnelJourneys are four journeys whose funnel is easy to follow on paper.
func funnelJourneys(t *testing.T) []*journey.Journey {
	return []*journey.Journey{
		build(t, "a", at("arrival@store", 0), at("browse@web", 10*time.Minute), at("purchase@web", 30*time.Minute)),
		build(t, "b", at("arrival@web", 0), at("browse@web", 5*time.Minute)),
		build(t, "c", at("browse@web", 0), at("purchase@web", time.Hour)), // never arrives: outside the funnel
		build(t, "d", at("arrival@app", 0), at("browse@app", 2*time.Hour), at("purchase@app", 50*time.Hour)),
	}
}

var threeSteps = []analysis.Step{{Stage: touchpoint.Arrival}, {Stage: touchpoint.Browse}, {Stage: touchpoint.Purchase}}

func durations(ds ...time.Duration) analysis.DurationStats {
	s := analysis.DurationStats{N: len(ds), Min: slices.Min(ds), Max: slices.Max(ds)}
	var sum time.Duration
	for _, d := range ds {
		sum += d
	}
	s.Mean = sum / time.Duration(len(ds))
	return s
}

func withQuantiles(s analysis.DurationStats, median, p90 time.Duration) analysis.DurationStats {
	s.Median, s.P90 = median, p90
	return s
}

func TestFunnel(t *testing.T) {
	tests := []struct {
		reason   string
		journeys []*journey.Journey
		spec     analysis.FunnelSpec
		want     analysis.FunnelReport
	}{{
		reason:   "no window: a, b and d arrive and browse; a and d buy (d after 50h)",
		journeys: funnelJourneys(t),
		spec:     analysis.FunnelSpec{Steps: threeSteps},
		want: analysis.FunnelReport{Journeys: 4, Steps: []analysis.FunnelStep{
			{Step: threeSteps[0], Reached: 3, Conversion: 0.75, FromStart: 1, DropOff: 1},
			{Step: threeSteps[1], Reached: 3, Conversion: 1, FromStart: 1, DropOff: 0,
				Time: withQuantiles(durations(10*time.Minute, 5*time.Minute, 2*time.Hour), 10*time.Minute, 98*time.Minute)},
			{Step: threeSteps[2], Reached: 2, Conversion: 2.0 / 3, FromStart: 2.0 / 3, DropOff: 1,
				Time: withQuantiles(durations(20*time.Minute, 48*time.Hour), 24*time.Hour+10*time.Minute, 43*time.Hour+14*time.Minute)},
		}},
	}, {
		reason:   "a 24h window drops d's purchase",
		journeys: funnelJourneys(t),
		spec:     analysis.FunnelSpec{Steps: threeSteps, Window: 24 * time.Hour},
		want: analysis.FunnelReport{Journeys: 4, Steps: []analysis.FunnelStep{
			{Step: threeSteps[0], Reached: 3, Conversion: 0.75, FromStart: 1, DropOff: 1},
			{Step: threeSteps[1], Reached: 3, Conversion: 1, FromStart: 1, DropOff: 0,
				Time: withQuantiles(durations(10*time.Minute, 5*time.Minute, 2*time.Hour), 10*time.Minute, 98*time.Minute)},
			{Step: threeSteps[2], Reached: 1, Conversion: 1.0 / 3, FromStart: 1.0 / 3, DropOff: 2,
				Time: withQuantiles(durations(20*time.Minute), 20*time.Minute, 20*time.Minute)},
		}},
	}, {
		reason:   "a step on one channel: only b arrives on the web",
		journeys: funnelJourneys(t),
		spec:     analysis.FunnelSpec{Steps: []analysis.Step{{Stage: touchpoint.Arrival, Channel: touchpoint.Web}, {Stage: touchpoint.Browse}}},
		want: analysis.FunnelReport{Journeys: 4, Steps: []analysis.FunnelStep{
			{Step: analysis.Step{Stage: touchpoint.Arrival, Channel: touchpoint.Web}, Reached: 1, Conversion: 0.25, FromStart: 1, DropOff: 3},
			{Step: analysis.Step{Stage: touchpoint.Browse}, Reached: 1, Conversion: 1, FromStart: 1,
				Time: withQuantiles(durations(5*time.Minute), 5*time.Minute, 5*time.Minute)},
		}},
	}, {
		reason: "with a window, a later start that gets further wins",
		journeys: []*journey.Journey{build(t, "e", at("arrival", 0), at("arrival", 30*time.Hour),
			at("browse", 31*time.Hour), at("purchase", 32*time.Hour))},
		spec: analysis.FunnelSpec{Steps: threeSteps, Window: 24 * time.Hour},
		want: analysis.FunnelReport{Journeys: 1, Steps: []analysis.FunnelStep{
			{Step: threeSteps[0], Reached: 1, Conversion: 1, FromStart: 1},
			{Step: threeSteps[1], Reached: 1, Conversion: 1, FromStart: 1, Time: withQuantiles(durations(time.Hour), time.Hour, time.Hour)},
			{Step: threeSteps[2], Reached: 1, Conversion: 1, FromStart: 1, Time: withQuantiles(durations(time.Hour), time.Hour, time.Hour)},
		}},
	}, {
		reason: "a repeated step needs a touchpoint of its own",
		journeys: []*journey.Journey{
			build(t, "f", at("browse", 0), at("purchase", time.Hour), at("browse", 2*time.Hour), at("purchase", 3*time.Hour)),
			build(t, "g", at("browse", 0), at("purchase", time.Hour)),
		},
		spec: analysis.FunnelSpec{Steps: []analysis.Step{{Stage: touchpoint.Browse}, {Stage: touchpoint.Browse}, {Stage: touchpoint.Purchase}}},
		want: analysis.FunnelReport{Journeys: 2, Steps: []analysis.FunnelStep{
			{Step: analysis.Step{Stage: touchpoint.Browse}, Reached: 2, Conversion: 1, FromStart: 1},
			{Step: analysis.Step{Stage: touchpoint.Browse}, Reached: 1, Conversion: 0.5, FromStart: 0.5, DropOff: 1,
				Time: withQuantiles(durations(2*time.Hour), 2*time.Hour, 2*time.Hour)},
			{Step: analysis.Step{Stage: touchpoint.Purchase}, Reached: 1, Conversion: 1, FromStart: 0.5,
				Time: withQuantiles(durations(time.Hour), time.Hour, time.Hour)},
		}},
	}, {
		reason:   "a stage nobody reaches: zeros, not NaN, at that step and after",
		journeys: funnelJourneys(t),
		spec:     analysis.FunnelSpec{Steps: []analysis.Step{{Stage: "teleport"}, {Stage: touchpoint.Purchase}}},
		want: analysis.FunnelReport{Journeys: 4, Steps: []analysis.FunnelStep{
			{Step: analysis.Step{Stage: "teleport"}, DropOff: 4},
			{Step: analysis.Step{Stage: touchpoint.Purchase}},
		}},
	}, {
		reason: "empty input and journeys of one touchpoint",
		journeys: []*journey.Journey{nil, journey.New("empty"),
			build(t, "one", at("arrival", 0))},
		spec: analysis.FunnelSpec{Steps: threeSteps},
		want: analysis.FunnelReport{Journeys: 1, Steps: []analysis.FunnelStep{
			{Step: threeSteps[0], Reached: 1, Conversion: 1, FromStart: 1},
			{Step: threeSteps[1], DropOff: 1},
			{Step: threeSteps[2]},
		}},
	}}
	for _, tt := range tests {
		got, err := analysis.Funnel(slices.Values(tt.journeys), tt.spec)
		if err != nil {
			t.Fatalf("%s: Funnel() error = %v", tt.reason, err)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: Funnel() mismatch (-want +got):\n%s", tt.reason, diff)
		}
	}
}

func TestFunnelInvalidSpec(t *testing.T) {
	tests := []struct {
		reason string
		spec   analysis.FunnelSpec
		field  string
	}{
		{"no steps", analysis.FunnelSpec{}, "steps"},
		{"malformed stage", analysis.FunnelSpec{Steps: []analysis.Step{{Stage: "Not A Stage"}}}, "steps[0].stage"},
		{"empty stage", analysis.FunnelSpec{Steps: []analysis.Step{{Stage: touchpoint.Arrival}, {}}}, "steps[1].stage"},
		{"malformed channel", analysis.FunnelSpec{Steps: []analysis.Step{{Stage: touchpoint.Arrival, Channel: "WEB!"}}}, "steps[0].channel"},
		{"negative window", analysis.FunnelSpec{Steps: threeSteps, Window: -time.Second}, "window"},
	}
	for _, tt := range tests {
		_, err := analysis.Funnel(slices.Values(funnelJourneys(t)), tt.spec)
		var verr *touchpoint.ValidationError
		if !errors.As(err, &verr) || verr.Field != tt.field || !errors.Is(err, touchpoint.ErrInvalid) {
			t.Errorf("%s: Funnel() error = %v, want a ValidationError on %q", tt.reason, err, tt.field)
		}
	}
}

// TestFunnelProperties checks on generated journeys that every conversion
// lies in [0, 1], reach never grows along the funnel, and drop-offs add up.
func TestFunnelProperties(t *testing.T) {
	spec := analysis.FunnelSpec{Steps: threeSteps, Window: 72 * time.Hour}
	rep, err := analysis.Funnel(gen{seed: 1, n: 2000}.all(), spec)
	if err != nil {
		t.Fatal(err)
	}
	prev, drops := rep.Journeys, 0
	for k, st := range rep.Steps {
		if st.Conversion < 0 || st.Conversion > 1 || st.FromStart < 0 || st.FromStart > 1 {
			t.Errorf("step %d: conversion %v, from start %v, want both in [0, 1]", k, st.Conversion, st.FromStart)
		}
		if st.Reached > prev {
			t.Errorf("step %d: reached %d > previous %d", k, st.Reached, prev)
		}
		drops += st.DropOff
		prev = st.Reached
	}
	if drops+prev != rep.Journeys {
		t.Errorf("drop-offs %d + last step %d != journeys %d", drops, prev, rep.Journeys)
	}
}
