package scoring_test

import (
	"errors"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/scoring"
	"github.com/cemkit/cem/touchpoint"
)

func TestSummarize(t *testing.T) {
	tests := []struct {
		reason string
		scores []float64
		ps     []float64
		want   scoring.Summary
	}{
		{"no scores", nil, nil, scoring.Summary{}},
		{"one score has no spread", []float64{70}, []float64{0.5}, scoring.Summary{Count: 1, Mean: 70, Quantiles: []scoring.Quantile{{P: 0.5, Value: 70}}}},
		{"mean, sample standard deviation and quantiles", []float64{40, 10, 30, 20}, []float64{0, 0.5, 1},
			scoring.Summary{Count: 4, Mean: 25, StdDev: math.Sqrt(500.0 / 3), Quantiles: []scoring.Quantile{{0, 10}, {0.5, 25}, {1, 40}}}},
		{"default quantiles", []float64{0, 100}, nil,
			scoring.Summary{Count: 2, Mean: 50, StdDev: math.Sqrt(5000), Quantiles: []scoring.Quantile{{0.1, 10}, {0.25, 25}, {0.5, 50}, {0.75, 75}, {0.9, 90}}}},
	}
	for _, tt := range tests {
		got, err := scoring.Summarize(tt.scores, tt.ps...)
		if err != nil {
			t.Fatalf("%s: %v", tt.reason, err)
		}
		if diff := cmp.Diff(tt.want, got, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
			t.Errorf("%s: Summarize() mismatch (-want +got):\n%s", tt.reason, diff)
		}
	}
}

func TestSummarizeErrors(t *testing.T) {
	for _, tt := range []struct {
		reason string
		scores []float64
		ps     []float64
	}{
		{"NaN score", []float64{1, math.NaN()}, nil},
		{"quantile above 1", []float64{1}, []float64{1.5}},
		{"NaN quantile", []float64{1}, []float64{math.NaN()}},
	} {
		if _, err := scoring.Summarize(tt.scores, tt.ps...); !errors.Is(err, touchpoint.ErrInvalid) {
			t.Errorf("%s: Summarize() error = %v, want a validation error", tt.reason, err)
		}
	}
}

func TestCollector(t *testing.T) {
	web := build(t, []touchpoint.Touchpoint{tp("a", 0, touchpoint.Web, touchpoint.Browse, csat(5))}, nil, nil)
	both := build(t, []touchpoint.Touchpoint{
		tp("b", 0, touchpoint.Web, touchpoint.Browse, csat(1)),
		tp("c", 1, touchpoint.Phone, touchpoint.Support, csat(2)),
	}, nil, nil)
	c := scoring.Collector{Quantiles: []float64{0.5}}
	for _, j := range []struct {
		j     *journey.Journey
		score float64
	}{{web, 90}, {both, 30}, {both, 60}} {
		c.Add(j.j, scoring.Result{Score: j.score})
	}
	got, err := c.Population()
	if err != nil {
		t.Fatal(err)
	}
	sum := func(mean, sd, median float64, n int) scoring.Summary {
		return scoring.Summary{Count: n, Mean: mean, StdDev: sd, Quantiles: []scoring.Quantile{{P: 0.5, Value: median}}}
	}
	want := scoring.Population{
		All:       sum(60, 30, 60, 3),
		ByChannel: map[touchpoint.Channel]scoring.Summary{touchpoint.Web: sum(60, 30, 60, 3), touchpoint.Phone: sum(45, math.Sqrt(450), 45, 2)},
		ByStage:   map[touchpoint.Stage]scoring.Summary{touchpoint.Browse: sum(60, 30, 60, 3), touchpoint.Support: sum(45, math.Sqrt(450), 45, 2)},
		Bands:     map[scoring.Band]int{scoring.AtRisk: 1, scoring.Steady: 1, scoring.Delighted: 1},
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
		t.Errorf("Population() mismatch (-want +got):\n%s", diff)
	}
}

func TestBands(t *testing.T) {
	tests := []struct {
		reason string
		bands  scoring.Bands
		score  float64
		want   scoring.Band
	}{
		{"below 50 is at risk by default", scoring.Bands{}, 49.9, scoring.AtRisk},
		{"neutral is steady", scoring.Bands{}, 50, scoring.Steady},
		{"85 is delighted by default", scoring.Bands{}, 85, scoring.Delighted},
		{"custom thresholds", scoring.Bands{AtRisk: 30, Delighted: 70}, 69, scoring.Steady},
		{"custom thresholds, delighted", scoring.Bands{AtRisk: 30, Delighted: 70}, 70, scoring.Delighted},
		{"NaN is treated as at risk", scoring.Bands{}, math.NaN(), scoring.AtRisk},
	}
	for _, tt := range tests {
		got, err := tt.bands.Classify(tt.score)
		if err != nil || got != tt.want {
			t.Errorf("%s: Classify(%v) = %v, %v; want %v", tt.reason, tt.score, got, err, tt.want)
		}
	}
	for _, b := range []scoring.Bands{{AtRisk: 90, Delighted: 80}, {Delighted: 101}, {AtRisk: math.NaN()}} {
		if _, err := b.Classify(50); !errors.Is(err, touchpoint.ErrInvalid) {
			t.Errorf("Classify with %+v: error = %v, want a validation error", b, err)
		}
	}
}

func TestBandText(t *testing.T) {
	for _, b := range []scoring.Band{scoring.AtRisk, scoring.Steady, scoring.Delighted} {
		text, err := b.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back scoring.Band
		if err := back.UnmarshalText(text); err != nil || back != b {
			t.Errorf("round trip of %v gave %v, %v", b, back, err)
		}
	}
	var b scoring.Band
	if err := b.UnmarshalText([]byte("ecstatic")); err == nil {
		t.Error("UnmarshalText(ecstatic) succeeded")
	}
}
