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

func stages(ss ...touchpoint.Stage) []analysis.Activity {
	out := make([]analysis.Activity, len(ss))
	for i, s := range ss {
		out[i] = analysis.Activity{Stage: s}
	}
	return out
}

func variantJourneys(t *testing.T) []*journey.Journey {
	return []*journey.Journey{
		build(t, "a", at("arrival@store", 0), at("browse@web", 10*time.Minute), at("purchase@web", 30*time.Minute)),
		build(t, "b", at("arrival@web", 0), at("browse@web", 5*time.Minute)),
		build(t, "c", at("arrival@web", 0), at("browse@web", 20*time.Minute), at("purchase@web", time.Hour)),
		build(t, "d", at("purchase@store", 0)),
	}
}

func TestVariants(t *testing.T) {
	tests := []struct {
		reason   string
		journeys []*journey.Journey
		grain    analysis.Grain
		want     analysis.VariantReport
	}{{
		reason:   "by stage, a and c share a variant; ties sort by sequence",
		journeys: variantJourneys(t),
		want: analysis.VariantReport{Journeys: 4, Variants: []analysis.Variant{
			{Activities: stages(touchpoint.Arrival, touchpoint.Browse, touchpoint.Purchase), Count: 2, Share: 0.5,
				Duration: withQuantiles(durations(30*time.Minute, time.Hour), 45*time.Minute, 57*time.Minute)},
			{Activities: stages(touchpoint.Arrival, touchpoint.Browse), Count: 1, Share: 0.25,
				Duration: withQuantiles(durations(5*time.Minute), 5*time.Minute, 5*time.Minute)},
			{Activities: stages(touchpoint.Purchase), Count: 1, Share: 0.25, Duration: durations(0)},
		}},
	}, {
		reason:   "by channel, a's store arrival sets it apart from c",
		journeys: variantJourneys(t),
		grain:    analysis.ByChannel,
		want: analysis.VariantReport{Journeys: 4, Variants: []analysis.Variant{
			{Activities: []analysis.Activity{{Channel: "store"}}, Count: 1, Share: 0.25, Duration: durations(0)},
			{Activities: []analysis.Activity{{Channel: "store"}, {Channel: "web"}, {Channel: "web"}}, Count: 1, Share: 0.25,
				Duration: withQuantiles(durations(30*time.Minute), 30*time.Minute, 30*time.Minute)},
			{Activities: []analysis.Activity{{Channel: "web"}, {Channel: "web"}}, Count: 1, Share: 0.25,
				Duration: withQuantiles(durations(5*time.Minute), 5*time.Minute, 5*time.Minute)},
			{Activities: []analysis.Activity{{Channel: "web"}, {Channel: "web"}, {Channel: "web"}}, Count: 1, Share: 0.25,
				Duration: withQuantiles(durations(time.Hour), time.Hour, time.Hour)},
		}},
	}, {
		reason:   "empty input",
		journeys: []*journey.Journey{nil, journey.New("x")},
		want:     analysis.VariantReport{Variants: []analysis.Variant{}},
	}}
	for _, tt := range tests {
		got, err := analysis.Variants(slices.Values(tt.journeys), tt.grain)
		if err != nil {
			t.Fatalf("%s: Variants() error = %v", tt.reason, err)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: Variants() mismatch (-want +got):\n%s", tt.reason, diff)
		}
	}
}

func TestVariantsTop(t *testing.T) {
	rep, err := analysis.Variants(slices.Values(variantJourneys(t)), analysis.ByStage)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ k, want int }{{-1, 0}, {0, 0}, {1, 1}, {3, 3}, {10, 3}} {
		if got := len(rep.Top(tt.k)); got != tt.want {
			t.Errorf("Top(%d) has %d variants, want %d", tt.k, got, tt.want)
		}
	}
	if got := rep.Top(1)[0].Count; got != 2 {
		t.Errorf("Top(1) count = %d, want the most frequent variant (2)", got)
	}
}

func TestGrainInvalid(t *testing.T) {
	js := slices.Values(variantJourneys(t))
	if _, err := analysis.Variants(js, analysis.Grain(9)); !errors.Is(err, touchpoint.ErrInvalid) {
		t.Errorf("Variants(Grain(9)) error = %v, want a ValidationError", err)
	}
	if _, err := analysis.DirectlyFollows(js, analysis.Grain(9)); !errors.Is(err, touchpoint.ErrInvalid) {
		t.Errorf("DirectlyFollows(Grain(9)) error = %v, want a ValidationError", err)
	}
}

// TestVariantsProperties: shares sum to one, counts to the journeys, and
// the report does not depend on the order of the journeys.
func TestVariantsProperties(t *testing.T) {
	js := gen{seed: 2, n: 2000}.slice()
	rep, err := analysis.Variants(slices.Values(js), analysis.ByStageChannel)
	if err != nil {
		t.Fatal(err)
	}
	count, share := 0, 0.0
	for _, v := range rep.Variants {
		count += v.Count
		share += v.Share
	}
	if count != rep.Journeys || share < 1-1e-9 || share > 1+1e-9 {
		t.Errorf("counts sum to %d (journeys %d), shares to %v; want journeys and 1", count, rep.Journeys, share)
	}
	slices.Reverse(js)
	rev, err := analysis.Variants(slices.Values(js), analysis.ByStageChannel)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(rep, rev); diff != "" {
		t.Errorf("Variants() depends on journey order (-forward +reversed):\n%s", diff)
	}
}
