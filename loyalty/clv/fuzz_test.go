package clv_test

import (
	"errors"
	"math"
	"testing"

	"github.com/cemkit/cem/loyalty/clv"
)

// checkResult fails when a prediction is NaN, infinite or out of [lo, hi],
// or when it fails with an error other than the documented ones.
func checkResult(t *testing.T, what string, v float64, err error, lo, hi float64) {
	t.Helper()
	if err != nil {
		if !errors.Is(err, clv.ErrInvalidInput) && !errors.Is(err, clv.ErrNonFinite) && !errors.Is(err, clv.ErrNoConvergence) {
			t.Fatalf("%s: undocumented error %v", what, err)
		}
		return
	}
	if math.IsNaN(v) || math.IsInf(v, 0) || v < lo || v > hi {
		t.Fatalf("%s = %v, want a finite value in [%g, %g]", what, v, lo, hi)
	}
}

// FuzzSummary feeds arbitrary summaries and horizons to the predictions
// and log-likelihoods of the continuous-time models.
func FuzzSummary(f *testing.F) {
	f.Add(2.0, 30.43, 38.86, 39.0)
	f.Add(0.0, 0.0, 0.0, 1.0)
	f.Add(1e5, 39.0, 39.0, 1e4)
	f.Add(1.0, 1e-300, 1e300, 1e-300)
	f.Fuzz(func(t *testing.T, x, tx, T, h float64) {
		s := clv.Summary{Frequency: x, Recency: tx, Age: T}
		valid := s.Validate() == nil
		for _, m := range continuousModels() {
			ll, err := m.model.LogLikelihood(s)
			checkResult(t, m.name+" LogLikelihood", ll, err, -math.MaxFloat64, math.MaxFloat64)
			if valid && errors.Is(err, clv.ErrInvalidInput) {
				t.Fatalf("%s: valid summary %+v rejected: %v", m.name, s, err)
			}
			p, err := m.model.PAlive(s)
			checkResult(t, m.name+" PAlive", p, err, 0, 1)
			e, err := m.model.ExpectedPurchases(s, h)
			checkResult(t, m.name+" ExpectedPurchases", e, err, 0, math.MaxFloat64)
		}
	})
}

// FuzzPattern feeds arbitrary patterns and horizons to BG/BB.
func FuzzPattern(f *testing.F) {
	f.Add(3, 5, 6, 5)
	f.Add(0, 0, 0, 0)
	f.Add(6, 6, 6, 1<<20)
	f.Fuzz(func(t *testing.T, x, tx, n, k int) {
		m := clv.BGBB{Alpha: 1.204, Beta: 0.750, Gamma: 0.657, Delta: 2.783}
		p := clv.Pattern{Frequency: x, Recency: tx, Periods: n}
		ll, err := m.LogLikelihood(p)
		checkResult(t, "LogLikelihood", ll, err, -math.MaxFloat64, 0)
		pa, err := m.PAlive(p)
		checkResult(t, "PAlive", pa, err, 0, 1)
		e, err := m.ExpectedPurchases(p, k)
		checkResult(t, "ExpectedPurchases", e, err, 0, math.Max(float64(k), 0))
		e, err = m.ExpectedPurchasesNew(k)
		checkResult(t, "ExpectedPurchasesNew", e, err, 0, math.Max(float64(k), 0))
	})
}

// FuzzSpend feeds arbitrary spend summaries to Gamma-Gamma.
func FuzzSpend(f *testing.F) {
	f.Add(2.0, 22.35)
	f.Add(0.0, 0.0)
	f.Add(1e9, 1e-9)
	f.Fuzz(func(t *testing.T, x, z float64) {
		m := clv.GammaGamma{P: 6.25, Q: 3.74, V: 15.44}
		s := clv.Spend{Frequency: x, MeanValue: z}
		ll, err := m.LogLikelihood(s)
		checkResult(t, "LogLikelihood", ll, err, -math.MaxFloat64, math.MaxFloat64)
		e, err := m.ExpectedSpend(s)
		checkResult(t, "ExpectedSpend", e, err, 0, math.MaxFloat64)
	})
}
