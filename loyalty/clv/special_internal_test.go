package clv

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestLogHyp1 checks the quadrature for 2F1(1, p; q; z) near z = 1
// against the power series, summed to convergence.
func TestLogHyp1(t *testing.T) {
	for _, c := range []struct{ p, q, eps float64 }{
		{0.5, 2, 0.01}, {1.6, 2.2, 0.01}, {3, 3.5, 1e-3}, {20, 40, 0.01}, {0.01, 1.02, 1e-3}, {100, 101, 0.05}, {2, 2.5, 0.2},
	} {
		z := 1 - c.eps
		term, sum := 1.0, 1.0
		for n := 0.0; n < 1e7; n++ {
			term *= (c.p + n) / (c.q + n) * z
			sum += term
			if term < 1e-18*sum {
				break
			}
		}
		got := logHyp1(c.p, c.q, c.eps)
		if d := math.Abs(got - math.Log(sum)); d > 1e-11*math.Max(1, math.Abs(got)) {
			t.Errorf("ln 2F1(1, %g; %g; 1-%g) = %.15g, series %.15g (diff %.2g)", c.p, c.q, c.eps, got, math.Log(sum), d)
		}
	}
	// At z = 1 − 1e-12 the function is near its limits: Gauss's sum
	// (q−1)/(q−1−p) when q−p > 1, and Γ(q)Γ(1−b)/Γ(p) eps^(b−1) +
	// (q−1)/(b−1) with b = q−p < 1.
	const eps = 1e-12
	if got, want := math.Exp(logHyp1(0.5, 3, eps)), 2/1.5; math.Abs(got-want) > 1e-6 {
		t.Errorf("2F1(1, 0.5; 3; 1-eps) = %.12g, want ≈ %.12g", got, want)
	}
	want := math.Gamma(2.5)*math.Gamma(0.5)/math.Gamma(2)*math.Pow(eps, -0.5) + 1.5/(0.5-1)
	if got := math.Exp(logHyp1(2, 2.5, eps)); math.Abs(got-want) > 1e-9*want {
		t.Errorf("2F1(1, 2; 2.5; 1-eps) = %.12g, want ≈ %.12g", got, want)
	}
}

// TestParetoQuadratureMatchesSeries compares the two evaluations of the
// Pareto/NBD A₀ term where both work: the series (used in fits, with
// gradient) and the quadrature (used in predictions when 1−z < 0.01).
func TestParetoQuadratureMatchesSeries(t *testing.T) {
	for _, m := range []ParetoNBD{
		{R: 0.5, Alpha: 300, S: 0.7, Beta: 1},   // α >> β
		{R: 2, Alpha: 0.05, S: 1.5, Beta: 20},   // β >> α
		{R: 0.2, Alpha: 1000, S: 3, Beta: 0.01}, // 1−z = 1e-5
	} {
		for _, x := range []float64{0, 1, 7} {
			c := m.consts(x, true)
			for _, tt := range []float64{0, 0.5, 2} {
				lA, lB := math.Log(m.Alpha+tt), math.Log(m.Beta+tt)
				series, err := m.logA0Part(c, tt, lA, lB, true)
				if err != nil {
					continue // beyond the series' reach
				}
				quad, _ := m.logA0Part(c, tt, lA, lB, false)
				if d := math.Abs(series.h - quad.h); d > 1e-10*math.Max(1, math.Abs(series.h)) {
					t.Errorf("%+v x=%g t=%g: series %.14g, quadrature %.14g", m, x, tt, series.h, quad.h)
				}
			}
		}
	}
}

func TestRadixSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 2, 100, 20000} {
		a := make([]float64, n)
		for i := range a {
			switch rng.IntN(4) {
			case 0:
				a[i] = math.Copysign(0, -1)
			case 1:
				a[i] = float64(rng.IntN(10))
			default:
				a[i] = rng.ExpFloat64() * 1e3
			}
		}
		want := slices.Clone(a)
		slices.Sort(want)
		radixSort(a, floatKey)
		if !slices.Equal(a, want) {
			t.Errorf("n=%d: radixSort differs from slices.Sort", n)
		}
	}
}
