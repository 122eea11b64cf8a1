package clv_test

import (
	"math"
	"testing"

	"github.com/cemkit/cem/loyalty/clv"
)

// transactionModel is what the continuous-time models have in common.
type transactionModel interface {
	LogLikelihood(clv.Summary) (float64, error)
	PAlive(clv.Summary) (float64, error)
	ExpectedPurchases(clv.Summary, float64) (float64, error)
}

// TestCDNOWVectors checks per-customer values against lifetimes 0.11.3 at
// the fixed parameters of testdata/README (shared/data/README.md, sec. 2).
func TestCDNOWVectors(t *testing.T) {
	tb := readTable(t, "cdnow_lifetimes_vectors.csv")
	x, tx, T := tb.col(t, "frequency"), tb.col(t, "recency"), tb.col(t, "T")
	cases := []struct {
		name   string
		model  transactionModel
		prefix string
	}{
		{"BG/NBD", clv.BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426}, "bgnbd"},
		{"Pareto/NBD", clv.ParetoNBD{R: 0.5534, Alpha: 10.5802, S: 0.6061, Beta: 11.6562}, "pnbd"},
		{"MBG/NBD", clv.MBGNBD{R: 0.525, Alpha: 6.183, A: 0.891, B: 1.614}, "mbgnbd"},
	}
	const tol = 1e-6
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			wantLL, wantP, wantE := tb.col(t, c.prefix+"_ll"), tb.col(t, c.prefix+"_p_alive"), tb.col(t, c.prefix+"_exp_39")
			for i := range tb.n {
				s := clv.Summary{Frequency: x[i], Recency: tx[i], Age: T[i]}
				checks := []struct {
					what string
					f    func() (float64, error)
					want float64
				}{
					{"LogLikelihood", func() (float64, error) { return c.model.LogLikelihood(s) }, wantLL[i]},
					{"PAlive", func() (float64, error) { return c.model.PAlive(s) }, wantP[i]},
					{"ExpectedPurchases(39)", func() (float64, error) { return c.model.ExpectedPurchases(s, 39) }, wantE[i]},
				}
				for _, ch := range checks {
					got, err := ch.f()
					if err != nil {
						t.Fatalf("row %d %+v: %s: %v", i, s, ch.what, err)
					}
					if e := relErr(got, ch.want); e > tol {
						t.Errorf("row %d %+v: %s = %.10g, want %.10g (rel err %.2g > %g)", i, s, ch.what, got, ch.want, e, tol)
					}
				}
			}
		})
	}
}

func TestGammaGammaVectors(t *testing.T) {
	tb := readTable(t, "cdnow_lifetimes_vectors.csv")
	x, mv := tb.col(t, "frequency"), tb.col(t, "monetary_value")
	wantLL, wantE := tb.col(t, "gg_ll"), tb.col(t, "gg_exp_avg_spend")
	m := clv.GammaGamma{P: 6.25, Q: 3.74, V: 15.44}
	const tol = 1e-6
	var sum float64
	for i := range tb.n {
		s := clv.Spend{Frequency: x[i], MeanValue: mv[i]}
		e, err := m.ExpectedSpend(s)
		if err != nil {
			t.Fatalf("row %d: ExpectedSpend: %v", i, err)
		}
		if relErr(e, wantE[i]) > tol {
			t.Errorf("row %d %+v: ExpectedSpend = %.10g, want %.10g", i, s, e, wantE[i])
		}
		if math.IsNaN(wantLL[i]) {
			continue
		}
		ll, err := m.LogLikelihood(s)
		if err != nil {
			t.Fatalf("row %d: LogLikelihood: %v", i, err)
		}
		sum += ll
		if relErr(ll, wantLL[i]) > tol {
			t.Errorf("row %d %+v: LogLikelihood = %.10g, want %.10g", i, s, ll, wantLL[i])
		}
	}
	if math.Abs(sum - -4055.9247) > 1e-3 {
		t.Errorf("sum of log-likelihoods = %.4f, want -4055.9247", sum)
	}
}

func TestBGBBVectors(t *testing.T) {
	tb := readTable(t, "donations_lifetimes_vectors.csv")
	x, tx, n, w := tb.col(t, "frequency"), tb.col(t, "recency"), tb.col(t, "periods"), tb.col(t, "weights")
	wantLL, wantP, wantE := tb.col(t, "bgbb_ll"), tb.col(t, "bgbb_p_alive_next"), tb.col(t, "bgbb_exp_next5")
	m := clv.BGBB{Alpha: 1.204, Beta: 0.750, Gamma: 0.657, Delta: 2.783}
	const tol = 1e-6
	var sum float64
	for i := range tb.n {
		p := clv.Pattern{Frequency: int(x[i]), Recency: int(tx[i]), Periods: int(n[i])}
		checks := []struct {
			what string
			f    func() (float64, error)
			want float64
		}{
			{"LogLikelihood", func() (float64, error) { return m.LogLikelihood(p) }, wantLL[i]},
			{"PAlive", func() (float64, error) { return m.PAlive(p) }, wantP[i]},
			{"ExpectedPurchases(5)", func() (float64, error) { return m.ExpectedPurchases(p, 5) }, wantE[i]},
		}
		for _, ch := range checks {
			got, err := ch.f()
			if err != nil {
				t.Fatalf("row %d %+v: %s: %v", i, p, ch.what, err)
			}
			if e := relErr(got, ch.want); e > tol {
				t.Errorf("row %d %+v: %s = %.10g, want %.10g (rel err %.2g)", i, p, ch.what, got, ch.want, e)
			}
			if ch.what == "LogLikelihood" {
				sum += w[i] * got
			}
		}
	}
	if math.Abs(sum - -33225.5818) > 1e-3 {
		t.Errorf("weighted log-likelihood = %.4f, want -33225.5818", sum)
	}
}
