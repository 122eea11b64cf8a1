package scoring_test

import (
	"time"

	"github.com/cemkit/cem/scoring"
	"github.com/cemkit/cem/touchpoint"
)

// builtins returns one configured instance of every built-in strategy,
// named for sub-tests and benchmarks.
func builtins() []struct {
	name   string
	scorer scoring.Scorer
} {
	return []struct {
		name   string
		scorer scoring.Scorer
	}{
		{"mean", scoring.Mean{}},
		{"weighted", scoring.Weighted{Channels: map[touchpoint.Channel]float64{touchpoint.Phone: 1.5}}},
		{"recency", scoring.Recency{}},
		{"peak_end", scoring.PeakEnd{}},
		{"effort", scoring.Effort{}},
		{"recovery", scoring.Recovery{}},
		{"composite", scoring.Composite{Parts: []scoring.Part{
			{Name: "feedback", Scorer: scoring.Mean{}, Weight: 1},
			{Name: "memory", Scorer: scoring.PeakEnd{}, Weight: 1},
			{Name: "effort", Scorer: scoring.Effort{}, Weight: 1},
			{Name: "recovery", Scorer: scoring.Recovery{}, Weight: 2},
		}}},
	}
}

// variants are further configurations of the built-in strategies that take
// other branches of their Score paths than the defaults do; the property
// tests run them too.
func variants() []struct {
	name   string
	scorer scoring.Scorer
} {
	return []struct {
		name   string
		scorer scoring.Scorer
	}{
		{"weighted_stages", scoring.Weighted{Stages: map[touchpoint.Stage]float64{touchpoint.Purchase: 3, touchpoint.Support: 0}}},
		{"recency_week", scoring.Recency{HalfLife: 7 * 24 * time.Hour}},
		{"peak_end_best", scoring.PeakEnd{Peak: scoring.Best}},
		{"peak_end_worst_no_failures", scoring.PeakEnd{Peak: scoring.Worst, IgnoreFailures: true}},
		{"effort_ces_only", scoring.Effort{CESOnly: true}},
		{"effort_costs", scoring.Effort{SwitchCost: 2, RepeatCost: 9}},
		{"recovery_custom", scoring.Recovery{FailureCost: 20, Justice: scoring.Justice{Interactional: 1}, SpeedHalfLife: time.Hour, NoParadox: true}},
		{"recovery_paradox", scoring.Recovery{ParadoxBonus: 12, ParadoxThreshold: 0.3, LossWeight: 2}},
		{"composite_all", scoring.Composite{Parts: []scoring.Part{
			{Scorer: scoring.Weighted{}, Weight: 1},
			{Scorer: scoring.Recency{}, Weight: 1},
			{Scorer: scoring.Effort{CESOnly: true}, Weight: 0.5},
			{Scorer: scoring.PeakEnd{Peak: scoring.Best}, Weight: 0},
			{Scorer: scoring.Composite{Parts: []scoring.Part{{Scorer: scoring.Mean{}, Weight: 1}, {Scorer: scoring.Recovery{}, Weight: 1}}}, Weight: 2},
		}}},
	}
}
