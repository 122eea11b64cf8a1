package clv_test

import (
	"errors"
	"math"
	"testing"

	"github.com/cemkit/cem/loyalty/clv"
)

// continuousModels returns the continuous-time models at their published
// CDNOW parameters, plus extreme parameter sets.
func continuousModels() []struct {
	name  string
	model transactionModel
	new   func(float64) (float64, error)
} {
	bg := clv.BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426}
	bgA := clv.BGNBD{R: 2, Alpha: 0.5, A: 1, B: 0.3} // a = 1: removable singularity
	pn := clv.ParetoNBD{R: 0.553, Alpha: 10.578, S: 0.606, Beta: 11.669}
	pnS := clv.ParetoNBD{R: 3, Alpha: 0.1, S: 1, Beta: 100} // s = 1, z = 0.999 at t = 0
	mbg := clv.MBGNBD{R: 0.525, Alpha: 6.183, A: 0.891, B: 1.614}
	mbgA := clv.MBGNBD{R: 0.01, Alpha: 100, A: 5, B: 0.01}
	return []struct {
		name  string
		model transactionModel
		new   func(float64) (float64, error)
	}{
		{"BG/NBD", bg, bg.ExpectedPurchasesNew},
		{"BG/NBD a=1", bgA, bgA.ExpectedPurchasesNew},
		{"Pareto/NBD", pn, pn.ExpectedPurchasesNew},
		{"Pareto/NBD s=1 alpha<<beta", pnS, pnS.ExpectedPurchasesNew},
		{"MBG/NBD", mbg, mbg.ExpectedPurchasesNew},
		{"MBG/NBD extreme", mbgA, mbgA.ExpectedPurchasesNew},
	}
}

var extremeSummaries = []struct {
	s      clv.Summary
	reason string
}{
	{clv.Summary{}, "new customer, age 0"},
	{clv.Summary{Age: 39}, "no repeat purchase"},
	{clv.Summary{Age: 1e6}, "no repeat purchase, very old"},
	{clv.Summary{Frequency: 1e5, Recency: 39, Age: 39}, "x = 1e5, t_x = T"},
	{clv.Summary{Frequency: 1e5, Recency: 1, Age: 1e4}, "x = 1e5, long silence"},
	{clv.Summary{Frequency: 1, Recency: 1e-9, Age: 1e6}, "one early purchase, very old"},
	{clv.Summary{Frequency: 3, Recency: 20, Age: 20}, "t_x = T"},
	{clv.Summary{Frequency: 500, Recency: 1e-3, Age: 1e5}, "many purchases at the start"},
}

// tolerable reports whether err is one of the documented errors for a
// valid input without a finite answer.
func tolerable(err error) bool {
	return errors.Is(err, clv.ErrNonFinite) || errors.Is(err, clv.ErrNoConvergence)
}

func TestPredictionRanges(t *testing.T) {
	horizons := []float64{0, 1e-6, 1, 39, 1e4}
	for _, m := range continuousModels() {
		for _, c := range extremeSummaries {
			ll, err := m.model.LogLikelihood(c.s)
			// A density in the purchase times, so it may exceed 0.
			if err == nil && (math.IsNaN(ll) || math.IsInf(ll, 0)) {
				t.Errorf("%s %+v (%s): LogLikelihood = %v, want finite", m.name, c.s, c.reason, ll)
			} else if err != nil && !tolerable(err) {
				t.Errorf("%s %+v (%s): LogLikelihood error %v", m.name, c.s, c.reason, err)
			}
			p, err := m.model.PAlive(c.s)
			if err == nil && !(p >= 0 && p <= 1) {
				t.Errorf("%s %+v (%s): PAlive = %v, want in [0, 1]", m.name, c.s, c.reason, p)
			} else if err != nil && !tolerable(err) {
				t.Errorf("%s %+v (%s): PAlive error %v", m.name, c.s, c.reason, err)
			}
			prev := 0.0
			for _, h := range horizons {
				e, err := m.model.ExpectedPurchases(c.s, h)
				if err != nil {
					if !tolerable(err) {
						t.Errorf("%s %+v (%s): ExpectedPurchases(%g) error %v", m.name, c.s, c.reason, h, err)
					}
					continue
				}
				if !(e >= 0) || math.IsInf(e, 0) || e < prev*(1-1e-9) {
					t.Errorf("%s %+v (%s): ExpectedPurchases(%g) = %v, want finite, >= 0, non-decreasing (previous %v)", m.name, c.s, c.reason, h, e, prev)
				}
				prev = e
			}
		}
		prev := 0.0
		for _, h := range horizons {
			e, err := m.new(h)
			if err != nil {
				if !tolerable(err) {
					t.Errorf("%s: ExpectedPurchasesNew(%g) error %v", m.name, h, err)
				}
				continue
			}
			if !(e >= 0) || math.IsInf(e, 0) || e < prev*(1-1e-9) {
				t.Errorf("%s: ExpectedPurchasesNew(%g) = %v (previous %v)", m.name, h, e, prev)
			}
			prev = e
		}
	}
}

// TestExpectedPurchasesSmallHorizon checks the limit E[Y(t)] ≈ P(alive)
// (r+x)/(α+T) t as t → 0, which exercises the transformed series.
func TestExpectedPurchasesSmallHorizon(t *testing.T) {
	bg := clv.BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426}
	pn := clv.ParetoNBD{R: 0.553, Alpha: 10.578, S: 0.606, Beta: 11.669}
	s := clv.Summary{Frequency: 4, Recency: 30, Age: 38}
	const h = 1e-7
	for _, c := range []struct {
		name  string
		model transactionModel
		rate  float64
	}{
		{"BG/NBD", bg, (bg.R + 4) / (bg.Alpha + 38)},
		{"Pareto/NBD", pn, (pn.R + 4) / (pn.Alpha + 38)},
	} {
		p, _ := c.model.PAlive(s)
		e, err := c.model.ExpectedPurchases(s, h)
		if err != nil {
			t.Fatal(err)
		}
		if want := p * c.rate * h; relErr(e, want) > 1e-5 {
			t.Errorf("%s: E[Y(%g)] = %g, want %g", c.name, h, e, want)
		}
	}
}

// TestProbPurchases checks that P(X(t)=n) sums to 1 and that its mean is
// E[X(t)] (two independent formulas of Fader, Hardie & Lee 2005).
func TestProbPurchases(t *testing.T) {
	cases := []struct {
		m clv.BGNBD
		t float64
	}{
		{clv.BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426}, 39},
		{clv.BGNBD{R: 0.243, Alpha: 4.414, A: 1.793, B: 2.426}, 78},
		{clv.BGNBD{R: 2, Alpha: 1, A: 3, B: 4}, 10},
	}
	for _, c := range cases {
		var sum, mean float64
		for n := range 5000 {
			p, err := c.m.ProbPurchases(c.t, n)
			if err != nil {
				t.Fatalf("%+v: P(X(%g)=%d): %v", c.m, c.t, n, err)
			}
			if p < 0 || p > 1 {
				t.Fatalf("%+v: P(X(%g)=%d) = %v", c.m, c.t, n, p)
			}
			sum += p
			mean += float64(n) * p
		}
		if math.Abs(sum-1) > 1e-6 {
			t.Errorf("%+v: Σ P(X(%g)=n) = %.9f, want 1", c.m, c.t, sum)
		}
		want, err := c.m.ExpectedPurchasesNew(c.t)
		if err != nil {
			t.Fatal(err)
		}
		if relErr(mean, want) > 1e-5 {
			t.Errorf("%+v: Σ n P(X(%g)=n) = %.9f, E[X(t)] = %.9f", c.m, c.t, mean, want)
		}
	}
}

func TestBGBBRanges(t *testing.T) {
	m := clv.BGBB{Alpha: 1.204, Beta: 0.750, Gamma: 0.657, Delta: 2.783}
	one := clv.BGBB{Alpha: 0.5, Beta: 3, Gamma: 1, Delta: 0.2} // γ = 1
	for _, model := range []clv.BGBB{m, one} {
		for _, p := range []clv.Pattern{
			{}, {Periods: 1000}, {Frequency: 1000, Recency: 1000, Periods: 1000},
			{Frequency: 1, Recency: 1, Periods: clv.MaxPeriods}, {Frequency: 3, Recency: 6, Periods: 6},
		} {
			pa, err := model.PAlive(p)
			if err != nil || !(pa >= 0 && pa <= 1) {
				t.Errorf("%+v PAlive(%+v) = %v, %v", model, p, pa, err)
			}
			e, err := model.ExpectedPurchases(p, 10)
			if err != nil || !(e >= 0) || math.IsInf(e, 0) || e > 10 {
				t.Errorf("%+v ExpectedPurchases(%+v, 10) = %v, %v; want in [0, 10]", model, p, e, err)
			}
		}
		e, err := model.ExpectedPurchasesNew(6)
		if err != nil || !(e >= 0 && e <= 6) {
			t.Errorf("%+v ExpectedPurchasesNew(6) = %v, %v", model, e, err)
		}
	}
}

func TestGammaGammaExpectedSpend(t *testing.T) {
	m := clv.GammaGamma{P: 6.25, Q: 3.74, V: 15.44}
	pop, err := m.ExpectedSpend(clv.Spend{})
	if err != nil {
		t.Fatal(err)
	}
	if want := m.P * m.V / (m.Q - 1); relErr(pop, want) > 1e-12 {
		t.Errorf("population mean = %v, want pv/(q-1) = %v", pop, want)
	}
	// Many transactions: the customer's own mean dominates.
	got, err := m.ExpectedSpend(clv.Spend{Frequency: 1e6, MeanValue: 42})
	if err != nil || math.Abs(got-42) > 1e-3 {
		t.Errorf("ExpectedSpend(1e6 at 42) = %v, %v; want ≈ 42", got, err)
	}
	_, err = clv.GammaGamma{P: 1, Q: 0.5, V: 1}.ExpectedSpend(clv.Spend{})
	if !errors.Is(err, clv.ErrNonFinite) {
		t.Errorf("infinite mean: err = %v, want ErrNonFinite", err)
	}
}
