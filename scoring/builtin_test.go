package scoring_test

import (
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
