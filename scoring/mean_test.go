package scoring_test

import (
	"testing"

	"github.com/cemkit/cem/scoring"
	"github.com/cemkit/cem/touchpoint"
)

func TestMean(t *testing.T) {
	tests := []struct {
		reason string
		tps    []touchpoint.Touchpoint
		want   scoring.Result
	}{
		{"no touchpoints is neutral without evidence", nil, scoring.Result{Score: scoring.Neutral}},
		{"touchpoints without feedback are no evidence",
			[]touchpoint.Touchpoint{tp("a", 0, touchpoint.Web, touchpoint.Browse, touchpoint.Feedback{})},
			scoring.Result{Score: scoring.Neutral}},
		{"CSAT 5 and NPS 0 average to neutral",
			[]touchpoint.Touchpoint{
				tp("a", 0, touchpoint.Web, touchpoint.Browse, csat(5)),
				tp("b", 1, touchpoint.Web, touchpoint.Purchase, nps(0)),
			},
			scoring.Result{Score: 50, Evidence: 2}},
		{"CES 1 is the best effort",
			[]touchpoint.Touchpoint{tp("a", 0, touchpoint.Phone, touchpoint.Support, ces(1))},
			scoring.Result{Score: 100, Evidence: 1}},
		{"answers of one touchpoint are averaged first",
			[]touchpoint.Touchpoint{
				tp("a", 0, touchpoint.Web, touchpoint.Browse, touchpoint.Feedback{CSAT: touchpoint.Rate(5), Sentiment: touchpoint.Rate(-1)}),
				tp("b", 1, touchpoint.Web, touchpoint.Purchase, csat(4)),
			},
			scoring.Result{Score: 62.5, Evidence: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			got, err := scoring.Mean{}.Score(build(t, tt.tps, nil, nil))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmpResult(tt.want, got); diff != "" {
				t.Errorf("Score() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
