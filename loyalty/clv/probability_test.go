package clv_test

import (
	"errors"
	"math"
	"testing"

	"github.com/cemkit/cem/loyalty/clv"
)

// The count distributions must be distributions (they sum to 1) whose means
// are the models' own E[X(t)] of a new customer, computed by a different
// formula: a check of both.
func TestProbPurchasesIsTheCountDistribution(t *testing.T) {
	type model interface {
		ProbPurchases(t float64, n int) (float64, error)
		ExpectedPurchasesNew(t float64) (float64, error)
	}
	models := map[string]model{
		"bgnbd cdnow":  clv.BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426},
		"mbgnbd cdnow": clv.MBGNBD{R: 0.525, Alpha: 6.183, A: 0.891, B: 1.614},
		"mbgnbd busy":  clv.MBGNBD{R: 2.5, Alpha: 1.5, A: 1.3, B: 4},
		"pnbd cdnow":   clv.ParetoNBD{R: 0.5534, Alpha: 10.5802, S: 0.6061, Beta: 11.6562},
		"pnbd busy":    clv.ParetoNBD{R: 3, Alpha: 2, S: 1.5, Beta: 20},
	}
	for name, m := range models {
		for _, horizon := range []float64{1, 39, 78} {
			sum, mean := 0.0, 0.0
			for n := 0; n < 4000; n++ {
				p, err := m.ProbPurchases(horizon, n)
				if err != nil {
					t.Fatalf("%s: ProbPurchases(%v, %d) = %v", name, horizon, n, err)
				}
				if p < 0 || p > 1 {
					t.Fatalf("%s: ProbPurchases(%v, %d) = %v, not a probability", name, horizon, n, p)
				}
				sum += p
				mean += float64(n) * p
				if 1-sum < 1e-13 {
					break
				}
			}
			want, err := m.ExpectedPurchasesNew(horizon)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(sum-1) > 1e-9 {
				t.Errorf("%s, t=%v: probabilities sum to %.12f, want 1", name, horizon, sum)
			}
			if math.Abs(mean-want) > 1e-6*math.Max(1, want) {
				t.Errorf("%s, t=%v: mean of the distribution %.9f, E[X(t)] %.9f", name, horizon, mean, want)
			}
		}
	}
}

func TestBGBBProbPurchases(t *testing.T) {
	m := clv.BGBB{Alpha: 1.204, Beta: 0.750, Gamma: 0.657, Delta: 2.783}
	for _, k := range []int{1, 6, 11, 50} {
		sum, mean := 0.0, 0.0
		for n := 0; n <= k; n++ {
			p, err := m.ProbPurchases(k, n)
			if err != nil || p < 0 || p > 1 {
				t.Fatalf("ProbPurchases(%d, %d) = %v, %v", k, n, p, err)
			}
			sum += p
			mean += float64(n) * p
		}
		want, err := m.ExpectedPurchasesNew(k)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(sum-1) > 1e-9 || math.Abs(mean-want) > 1e-9*math.Max(1, want) {
			t.Errorf("k=%d: sum %.12f (want 1), mean %.10f (want E[X(k)] %.10f)", k, sum, mean, want)
		}
	}
	if p, err := m.ProbPurchases(3, 4); err != nil || p != 0 {
		t.Errorf("more purchases than opportunities: %v, %v; want 0", p, err)
	}
	for _, args := range [][2]int{{-1, 0}, {3, -1}, {clv.MaxPeriods + 1, 0}} {
		if _, err := m.ProbPurchases(args[0], args[1]); err == nil {
			t.Errorf("ProbPurchases%v accepted", args)
		}
	}
}

// Pareto/NBD's P(X(t)=n) against an independent reference: mpmath (40
// digits) integrating the same formula in u = ln(1+τ/β) with tanh-sinh and
// Gauss–Legendre over 200 panels, both agreeing to at least 1e-14. The cases
// far beyond the dropout scale β are those a quadrature over [0, t] misses.
func TestParetoNBDProbPurchasesReference(t *testing.T) {
	cdnow := clv.ParetoNBD{R: 0.553, Alpha: 10.58, S: 0.606, Beta: 11.67}
	quick := clv.ParetoNBD{R: 0.553, Alpha: 10.58, S: 0.606, Beta: 0.05}
	tests := []struct {
		name   string
		m      clv.ParetoNBD
		t      float64
		n      int
		want   float64
		reason string
	}{
		{"cdnow t=39 n=0", cdnow, 39, 0, 0.59364866082297474, "the calibration horizon"},
		{"cdnow t=39 n=1", cdnow, 39, 1, 0.1655643304115345, "the calibration horizon"},
		{"cdnow t=39 n=5", cdnow, 39, 5, 0.021482191617391564, "the calibration horizon"},
		{"cdnow t=1000 n=0", cdnow, 1000, 0, 0.5122912251509488, "t ≫ β"},
		{"cdnow t=1000 n=5", cdnow, 1000, 5, 0.021970997375802439, "t ≫ β"},
		{"cdnow t=1e5 n=1", cdnow, 1e5, 1, 0.13406263512075709, "t ≫ β"},
		{"cdnow t=1e7 n=0", cdnow, 1e7, 0, 0.509724571441211, "reviewer's case: 0.18324 over [0, t]"},
		{"cdnow t=1e7 n=1", cdnow, 1e7, 1, 0.13405575914414066, "t ≫ β"},
		{"cdnow t=1e7 n=5", cdnow, 1e7, 5, 0.021270843970358829, "t ≫ β"},
		{"beta 0.05 t=52 n=0", quick, 52, 0, 0.95811118331839423, "mass in a thin layer near τ = 0"},
		{"beta 0.05 t=5200 n=0", quick, 5200, 0, 0.95561239527065591, "reviewer's case: 0.942255 over [0, t]"},
		{"beta 0.05 t=5200 n=3", quick, 5200, 3, 0.0028052421672625883, "thin layer, n > 0"},
		{"busy n=100", clv.ParetoNBD{R: 3, Alpha: 2, S: 1.5, Beta: 20}, 78, 100, 0.0014657863473288554, "a peak away from τ = 0"},
		{"quick dropout", clv.ParetoNBD{R: 0.5, Alpha: 10, S: 1e4, Beta: 10}, 1e12, 0, 0.99995000249987501,
			"a boundary layer 1e-4 wide at u = 0 of a range 25 long"},
		{"quick dropout n=1", clv.ParetoNBD{R: 0.5, Alpha: 10, S: 1e4, Beta: 10}, 1e12, 1, 4.9990001624750038e-5,
			"the same layer, n > 0"},
		{"narrow peak", clv.ParetoNBD{R: 1e5, Alpha: 1, S: 1, Beta: 1}, 1e3, 50000, 4.4444148150123444e-6,
			"a peak 0.002 wide in u"},
		{"far tail", clv.ParetoNBD{R: 50, Alpha: 1, S: 20, Beta: 0.01}, 1000, 40000, 1.2855700313439416e-100,
			"a narrow peak and a thin layer at once, with a tiny probability"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.m.ProbPurchases(tt.t, tt.n)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(got-tt.want) > 1e-9*tt.want {
				t.Errorf("ProbPurchases(%g, %d) = %.17g, want %.17g (%s)", tt.t, tt.n, got, tt.want, tt.reason)
			}
		})
	}
}

// TestParetoNBDProbPurchasesExtreme checks parameters at the edges a fit
// can drift to, against mpmath at 50 digits: a near-homogeneous purchase
// rate (r = α huge), where ln Γ(r+n) − ln Γ(r) once lost most of its
// digits, and everyone dropping out at once (s huge), where the boundary
// layer at τ = 0 was once skipped. Where float64 cannot reach the accuracy
// at all, the answer must be ErrNoConvergence, never a wrong number.
func TestParetoNBDProbPurchasesExtreme(t *testing.T) {
	tests := []struct {
		name string
		m    clv.ParetoNBD
		t    float64
		n    int
		want float64 // 0: ErrNoConvergence is acceptable
	}{
		{"r = α = 1e12", clv.ParetoNBD{R: 1e12, Alpha: 1e12, S: 1, Beta: 1}, 10, 10, 0.017039947280336761},
		{"r = α = 1e14", clv.ParetoNBD{R: 1e14, Alpha: 1e14, S: 1, Beta: 1}, 10, 10, 0.01703994728039511},
		{"s = 1e20", clv.ParetoNBD{R: 1, Alpha: 1, S: 1e20, Beta: 1}, 10, 0, 1 - 1e-20},
		{"r = 1e17, n = 0", clv.ParetoNBD{R: 1e17, Alpha: 1, S: 1, Beta: 1}, 10, 0, 0},
	}
	for _, tt := range tests {
		got, err := tt.m.ProbPurchases(tt.t, tt.n)
		switch {
		case err != nil && tt.want == 0 && errors.Is(err, clv.ErrNoConvergence):
		case err != nil:
			t.Errorf("%s: ProbPurchases(%g, %d) error = %v", tt.name, tt.t, tt.n, err)
		case tt.want == 0:
			t.Errorf("%s: ProbPurchases(%g, %d) = %v, want ErrNoConvergence", tt.name, tt.t, tt.n, got)
		case math.Abs(got-tt.want) > 1e-8*tt.want:
			t.Errorf("%s: ProbPurchases(%g, %d) = %.17g, want %.17g", tt.name, tt.t, tt.n, got, tt.want)
		}
	}
}
