package scoring_test

import (
	"testing"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/scoring"
	"github.com/cemkit/cem/touchpoint"
)

func TestEffort(t *testing.T) {
	webHelp := tp("a", 0, touchpoint.Web, touchpoint.Support, touchpoint.Feedback{})
	callHelp := tp("b", 1, touchpoint.Phone, touchpoint.Support, touchpoint.Feedback{})
	buy := tp("c", 2, touchpoint.Store, touchpoint.Purchase, touchpoint.Feedback{})
	tests := []struct {
		reason string
		scorer scoring.Effort
		tps    []touchpoint.Touchpoint
		fs     []journey.Failure
		rs     []journey.Recovery
		want   scoring.Result
	}{
		{"CES 1 is effortless", scoring.Effort{}, []touchpoint.Touchpoint{tp("x", 0, touchpoint.Web, touchpoint.Purchase, ces(1))}, nil, nil, scoring.Result{Score: 100, Evidence: 1}},
		{"CES 7 is the most effort", scoring.Effort{}, []touchpoint.Touchpoint{tp("x", 0, touchpoint.Web, touchpoint.Purchase, ces(7))}, nil, nil, scoring.Result{Score: 0, Evidence: 1}},
		{"CES answers are averaged", scoring.Effort{}, []touchpoint.Touchpoint{
			tp("x", 0, touchpoint.Web, touchpoint.Purchase, ces(1)), tp("y", 1, touchpoint.Web, touchpoint.Delivery, ces(4))}, nil, nil, scoring.Result{Score: 75, Evidence: 2}},
		{"switching channel for the same need and coming back cost effort", scoring.Effort{},
			[]touchpoint.Touchpoint{webHelp, callHelp}, nil, nil, scoring.Result{Score: 40}},
		{"moving on to another stage on another channel is no effort", scoring.Effort{},
			[]touchpoint.Touchpoint{webHelp, buy}, nil, nil, scoring.Result{Score: 50}},
		{"custom costs", scoring.Effort{SwitchCost: 10, RepeatCost: 1},
			[]touchpoint.Touchpoint{webHelp, callHelp}, nil, nil, scoring.Result{Score: 39}},
		{"CES only ignores inferred effort", scoring.Effort{CESOnly: true},
			[]touchpoint.Touchpoint{webHelp, callHelp}, nil, nil, scoring.Result{Score: 50}},
		{"a recovery needing three contacts and a second attempt costs three repeats", scoring.Effort{},
			nil,
			[]journey.Failure{failure("f", 0, journey.Minor, touchpoint.Money{})},
			[]journey.Recovery{
				recovery("r1", "f", 1, -1, journey.Apology, touchpoint.Money{}, journey.CustomerInitiated, 3),
				recovery("r2", "f", 2, 1, journey.Refund, touchpoint.Money{}, journey.CustomerInitiated, 0),
			},
			scoring.Result{Score: 35}},
		{"effort is kept on the scale", scoring.Effort{SwitchCost: 1000},
			[]touchpoint.Touchpoint{webHelp, callHelp}, nil, nil, scoring.Result{Score: 0}},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			got, err := tt.scorer.Score(build(t, tt.tps, tt.fs, tt.rs))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmpResult(tt.want, got); diff != "" {
				t.Errorf("Score() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
