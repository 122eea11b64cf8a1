package scoring_test

import (
	"math"
	"testing"
	"time"

	"github.com/cemkit/cem/scoring"
	"github.com/cemkit/cem/touchpoint"
)

func TestWeighted(t *testing.T) {
	happyBrowse := tp("a", 0, touchpoint.Web, touchpoint.Browse, csat(5))
	angrySupport := tp("b", 1, touchpoint.Phone, touchpoint.Support, csat(1))
	tps := []touchpoint.Touchpoint{happyBrowse, angrySupport}
	tests := []struct {
		reason string
		scorer scoring.Weighted
		want   scoring.Result
	}{
		{"default: support weighs twice browse", scoring.Weighted{}, scoring.Result{Score: 100.0 / 3, Evidence: 2}},
		{"a stage map replaces the defaults; unlisted stages weigh 1",
			scoring.Weighted{Stages: map[touchpoint.Stage]float64{touchpoint.Browse: 3}}, scoring.Result{Score: 75, Evidence: 2}},
		{"stage and channel weights multiply",
			scoring.Weighted{Stages: map[touchpoint.Stage]float64{touchpoint.Browse: 1}, Channels: map[touchpoint.Channel]float64{touchpoint.Phone: 3}},
			scoring.Result{Score: 25, Evidence: 2}},
		{"weight 0 removes a touchpoint from the evidence",
			scoring.Weighted{Channels: map[touchpoint.Channel]float64{touchpoint.Phone: 0, touchpoint.Web: 1}}, scoring.Result{Score: 100, Evidence: 1}},
		{"all feedback weighing 0 is neutral without evidence",
			scoring.Weighted{Channels: map[touchpoint.Channel]float64{touchpoint.Phone: 0, touchpoint.Web: 0, touchpoint.Store: 1}}, scoring.Result{Score: 50}},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			got, err := tt.scorer.Score(build(t, tps, nil, nil))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmpResult(tt.want, got); diff != "" {
				t.Errorf("Score() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRecency(t *testing.T) {
	old := tp("old", 0, touchpoint.Web, touchpoint.Browse, csat(1))
	recent := tp("new", 24, touchpoint.Web, touchpoint.Purchase, csat(5))
	silent := tp("later", 48, touchpoint.Web, touchpoint.Delivery, touchpoint.Feedback{})
	tests := []struct {
		reason string
		scorer scoring.Recency
		tps    []touchpoint.Touchpoint
		want   scoring.Result
	}{
		{"feedback one half-life older weighs half", scoring.Recency{HalfLife: 24 * time.Hour},
			[]touchpoint.Touchpoint{old, recent, silent}, scoring.Result{Score: 200.0 / 3, Evidence: 2}},
		{"the default half-life of 30 days barely discounts a day",
			scoring.Recency{}, []touchpoint.Touchpoint{old, recent}, scoring.Result{Score: 100 / (1 + math.Exp2(-1.0/30)), Evidence: 2}},
		{"a tiny half-life keeps only the latest feedback", scoring.Recency{HalfLife: time.Nanosecond},
			[]touchpoint.Touchpoint{old, recent}, scoring.Result{Score: 100, Evidence: 1}},
		{"no feedback is neutral", scoring.Recency{}, []touchpoint.Touchpoint{silent}, scoring.Result{Score: 50}},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			got, err := tt.scorer.Score(build(t, tt.tps, nil, nil))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmpResult(tt.want, got); diff != "" {
				t.Errorf("Score() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
