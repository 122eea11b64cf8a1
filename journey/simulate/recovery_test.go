package simulate_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/cemkit/cem/journey/simulate"
	"github.com/cemkit/cem/loyalty/clv"
)

// TestBGNBDParameterRecovery simulates a customer base from known BG/NBD
// parameters, fits the model with package loyalty/clv and checks that the
// known parameters come back: each estimate within 4 standard errors of
// the truth and within 15% of it. The simulator draws exact (continuous)
// purchase times, the process the model's likelihood describes, so a
// maximum-likelihood fit is consistent for the generating parameters.
func TestBGNBDParameterRecovery(t *testing.T) {
	n := 40_000
	if testing.Short() {
		n = 10_000
	}
	truths := []simulate.BGNBD{
		simulate.CDNOW(),
		{R: 1.2, Alpha: 6, A: 0.6, B: 3.5},
	}
	for _, truth := range truths {
		cfg := simulate.DefaultConfig(time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), n)
		cfg.Purchases = truth
		var data []clv.Summary
		for s, err := range simulate.Summaries(cfg, 11) {
			if err != nil {
				t.Fatal(err)
			}
			data = append(data, clv.Summary{Frequency: float64(s.Frequency), Recency: s.Recency, Age: s.Age})
		}
		fit, err := clv.FitBGNBD(context.Background(), data, clv.FitOptions{})
		if err != nil {
			t.Fatal(err)
		}
		got := []float64{fit.Model.R, fit.Model.Alpha, fit.Model.A, fit.Model.B}
		se := []float64{fit.StdErr.R, fit.StdErr.Alpha, fit.StdErr.A, fit.StdErr.B}
		want := []float64{truth.R, truth.Alpha, truth.A, truth.B}
		for i, name := range []string{"r", "alpha", "a", "b"} {
			if se[i] <= 0 || math.IsNaN(se[i]) {
				t.Fatalf("%+v: no standard error for %s", truth, name)
			}
			if z := math.Abs(got[i]-want[i]) / se[i]; z > 4 {
				t.Errorf("%+v: %s = %.4f ± %.4f, %.1f standard errors from the truth %.4f", truth, name, got[i], se[i], z, want[i])
			}
			if rel := math.Abs(got[i]-want[i]) / want[i]; rel > 0.15 {
				t.Errorf("%+v: %s = %.4f, %.0f%% from the truth %.4f", truth, name, got[i], 100*rel, want[i])
			}
		}
		t.Logf("truth %+v: fit r=%.4f±%.4f alpha=%.3f±%.3f a=%.3f±%.3f b=%.3f±%.3f (n=%d)", truth,
			fit.Model.R, fit.StdErr.R, fit.Model.Alpha, fit.StdErr.Alpha, fit.Model.A, fit.StdErr.A, fit.Model.B, fit.StdErr.B, n)
	}
}
