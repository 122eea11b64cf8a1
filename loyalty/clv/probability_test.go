package clv_test

import (
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
