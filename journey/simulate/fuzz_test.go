package simulate_test

import (
	"testing"
	"time"

	"github.com/cemkit/cem/journey/simulate"
	"github.com/cemkit/cem/touchpoint"
)

// FuzzConfig checks that any configuration is either refused with a
// validation error or generates journeys whose summaries match the truth,
// without panicking.
func FuzzConfig(f *testing.F) {
	f.Add(uint8(3), 0.25, 0.1, 1.0, 0.243, 4.414, 0.793, 2.426, 0.5, uint64(1))
	f.Add(uint8(2), 1.0, 1.0, 10.0, 5.0, 0.1, 0.01, 0.01, 5.0, uint64(7))
	f.Add(uint8(1), -1.0, 2.0, -1.0, 0.0, -1.0, 1.0, 1.0, 0.0, uint64(0))
	f.Fuzz(func(t *testing.T, n uint8, sw, fail, comp, r, alpha, a, b, prone float64, seed uint64) {
		cfg := simulate.DefaultConfig(time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC), int(n%6))
		cfg.Switch, cfg.Proneness = sw, prone
		cfg.Failures[0].P, cfg.Policies[1].Compensation = fail, comp
		cfg.Purchases = simulate.BGNBD{R: r, Alpha: alpha, A: a, B: b}
		if err := cfg.Validate(); err != nil {
			if _, ok := err.(*touchpoint.ValidationError); !ok {
				t.Fatalf("Validate() = %T %v, want a *touchpoint.ValidationError", err, err)
			}
			return
		}
		end := cfg.Start.Add(cfg.Horizon)
		for c, err := range simulate.Customers(cfg, seed) {
			if err != nil {
				t.Fatalf("valid config, generation failed: %v", err)
			}
			if got := simulate.SummaryOf(c.Journey, end); got != c.Summary {
				t.Fatalf("SummaryOf = %+v, truth %+v", got, c.Summary)
			}
			if c.Summary.Frequency > simulate.MaxRepeats {
				t.Fatalf("%d repeats, more than MaxRepeats", c.Summary.Frequency)
			}
		}
	})
}
