package scoring_test

import (
	"testing"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/scoring"
	"github.com/cemkit/cem/touchpoint"
)

func TestRecovery(t *testing.T) {
	none := touchpoint.Money{}
	all := journey.Refund | journey.Apology | journey.Explanation | journey.FollowUp
	moderate := failure("f", 0, journey.Moderate, none)
	second := failure("g", 10, journey.Moderate, none)
	// perfect is business-initiated, immediate, one contact, with every
	// action: justice 1.
	perfect := recovery("r", "f", 0, 0, all, none, journey.BusinessInitiated, 1)
	perfect2 := recovery("r2", "g", 10, 0, all, none, journey.BusinessInitiated, 1)
	// poor does nothing but fix it, after the customer complained and two
	// speed half-lives: justice 0.3·0 + 0.3·(0.25+1+0.5)/3 + 0.4·0 = 0.175.
	poor := recovery("r", "f", 0, 96, 0, none, journey.CustomerInitiated, 1)
	spend := tp("buy", 0, touchpoint.Web, touchpoint.Purchase, touchpoint.Feedback{})
	spend.Value = eur(t, "120")
	tests := []struct {
		reason string
		scorer scoring.Recovery
		tps    []touchpoint.Touchpoint
		fs     []journey.Failure
		rs     []journey.Recovery
		want   scoring.Result
	}{
		{"no failure is the feedback mean", scoring.Recovery{}, []touchpoint.Touchpoint{tp("a", 0, touchpoint.Web, touchpoint.Browse, csat(4))}, nil, nil,
			scoring.Result{Score: 75, Evidence: 1}},
		{"an unrecovered failure costs 1.5 times", scoring.Recovery{}, nil, []journey.Failure{moderate}, nil,
			scoring.Result{Score: 50 - 30*0.5*1.5}},
		{"an attempt that resolves nothing earns nothing", scoring.Recovery{}, nil, []journey.Failure{moderate},
			[]journey.Recovery{recovery("r", "f", 1, -1, all, none, journey.BusinessInitiated, 1)},
			scoring.Result{Score: 50 - 30*0.5*1.5}},
		{"recovery paradox: one perfectly recovered failure ends above the no-failure level", scoring.Recovery{}, nil,
			[]journey.Failure{moderate}, []journey.Recovery{perfect}, scoring.Result{Score: 55}},
		{"the paradox can be turned off", scoring.Recovery{NoParadox: true}, nil,
			[]journey.Failure{moderate}, []journey.Recovery{perfect}, scoring.Result{Score: 50}},
		{"the paradox bonus is configurable", scoring.Recovery{ParadoxBonus: 2}, nil,
			[]journey.Failure{moderate}, []journey.Recovery{perfect}, scoring.Result{Score: 52}},
		{"double deviation removes the paradox", scoring.Recovery{}, nil,
			[]journey.Failure{moderate, second}, []journey.Recovery{perfect, perfect2}, scoring.Result{Score: 50}},
		{"a poor recovery earns little back", scoring.Recovery{}, nil,
			[]journey.Failure{moderate}, []journey.Recovery{poor}, scoring.Result{Score: 50 - 15 + 15*0.175}},
		{"interactional justice weighs what the host says", scoring.Recovery{Justice: scoring.Justice{Interactional: 1}}, nil,
			[]journey.Failure{moderate}, []journey.Recovery{poor}, scoring.Result{Score: 35}},
		{"the loss adds cost in proportion to the spend", scoring.Recovery{}, []touchpoint.Touchpoint{spend},
			[]journey.Failure{failure("f", 1, journey.Moderate, eur(t, "60"))}, nil,
			scoring.Result{Score: 50 - 30*0.5*(1+0.5*0.5)*1.5}},
		{"a loss without known spend counts in full", scoring.Recovery{}, nil,
			[]journey.Failure{failure("f", 1, journey.Moderate, eur(t, "60"))}, nil,
			scoring.Result{Score: 50 - 30*0.5*1.5*1.5}},
		{"compensation matched to the loss is full distributive justice", scoring.Recovery{NoParadox: true, Justice: scoring.Justice{Distributive: 1}}, nil,
			[]journey.Failure{failure("f", 1, journey.Moderate, eur(t, "60"))},
			[]journey.Recovery{recovery("r", "f", 1, 1, journey.Discount, eur(t, "60"), journey.CustomerInitiated, 1)},
			scoring.Result{Score: 50}},
		{"half the loss back is half distributive justice", scoring.Recovery{NoParadox: true, Justice: scoring.Justice{Distributive: 1}}, nil,
			[]journey.Failure{failure("f", 1, journey.Moderate, eur(t, "60"))},
			[]journey.Recovery{recovery("r", "f", 1, 1, 0, eur(t, "30"), journey.CustomerInitiated, 1)},
			scoring.Result{Score: 50 - 22.5 + 22.5*0.5}},
		{"critical unrecovered failures floor the score at 0", scoring.Recovery{}, nil,
			[]journey.Failure{failure("f", 0, journey.Critical, none), failure("g", 1, journey.Critical, none)}, nil,
			scoring.Result{Score: 0}},
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
