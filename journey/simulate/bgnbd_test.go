package simulate_test

import (
	"math"
	"testing"
	"time"

	"github.com/cemkit/cem/journey/simulate"
)

// hyp2f1 sums the Gauss hypergeometric series 2F1(a, b; c; z) for 0 ≤ z < 1.
func hyp2f1(a, b, c, z float64) float64 {
	sum, term := 1.0, 1.0
	for n := 0.0; n < 100000; n++ {
		term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z
		sum += term
		if math.Abs(term) < 1e-15*math.Abs(sum) {
			break
		}
	}
	return sum
}

// expectedRepeats is E[X(t)] of the BG/NBD model (Fader, Hardie & Lee 2005,
// equation 9).
func expectedRepeats(p simulate.BGNBD, t float64) float64 {
	z := t / (p.Alpha + t)
	return (p.A + p.B - 1) / (p.A - 1) *
		(1 - math.Pow(p.Alpha/(p.Alpha+t), p.R)*hyp2f1(p.R, p.B, p.A+p.B-1, z))
}

// noRepeats is P(X(t) = 0): dropout happens only after a repeat purchase,
// so a customer makes none exactly when the first Poisson arrival comes
// after t, which over Gamma(r, alpha) rates is (alpha/(alpha+t))^r.
func noRepeats(p simulate.BGNBD, t float64) float64 {
	return math.Pow(p.Alpha/(p.Alpha+t), p.R)
}

// TestSummariesMatchBGNBD checks the simulated purchase counts against the
// model's closed forms. With n customers, a sample mean lies within 4
// standard errors of the truth with probability 1 − 6e-5, so the test is
// tight enough to catch a wrong process (dropout before the first repeat,
// rate read as a scale) yet fails by chance almost never; and since the
// seed is fixed, it is deterministic.
func TestSummariesMatchBGNBD(t *testing.T) {
	n := 100000
	if testing.Short() {
		n = 20000
	}
	tests := []struct {
		reason string
		p      simulate.BGNBD
		weeks  float64
	}{
		{"the CDNOW estimates, 39-week calibration period", simulate.CDNOW(), 39},
		{"a > 1, heavier buyers, a year", simulate.BGNBD{R: 2, Alpha: 5, A: 2.5, B: 4}, 52},
		{"a short window", simulate.BGNBD{R: 0.5, Alpha: 2, A: 1.5, B: 3}, 4},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			cfg := simulate.DefaultConfig(time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC), n)
			cfg.Purchases, cfg.Acquisition, cfg.Horizon = tt.p, 0, time.Duration(tt.weeks*float64(simulate.Week))
			var sum, sumSq, zeros float64
			for s, err := range simulate.Summaries(cfg, 7) {
				if err != nil {
					t.Fatal(err)
				}
				x := float64(s.Frequency)
				sum, sumSq = sum+x, sumSq+x*x
				if s.Frequency == 0 {
					zeros++
				}
				if s.Age != tt.weeks || s.Recency > s.Age || (s.Frequency == 0) != (s.Recency == 0) {
					t.Fatalf("inconsistent summary %+v for a %v-week window", s, tt.weeks)
				}
			}
			N := float64(n)
			mean := sum / N
			se := math.Sqrt((sumSq/N - mean*mean) / N)
			t.Logf("mean %.4f (E[X(T)] %.4f, SE %.4f); zero share %.4f (P(X=0) %.4f)",
				mean, expectedRepeats(tt.p, tt.weeks), se, zeros/N, noRepeats(tt.p, tt.weeks))
			if want := expectedRepeats(tt.p, tt.weeks); math.Abs(mean-want) > 4*se {
				t.Errorf("mean repeat purchases = %.4f, want E[X(T)] = %.4f ± %.4f (4 SE)", mean, want, 4*se)
			}
			p0 := noRepeats(tt.p, tt.weeks)
			if got, se0 := zeros/N, math.Sqrt(p0*(1-p0)/N); math.Abs(got-p0) > 4*se0 {
				t.Errorf("share without repeats = %.4f, want P(X(T)=0) = %.4f ± %.4f (4 SE)", got, p0, 4*se0)
			}
		})
	}
}

// TestHyp2f1 pins the helper on closed forms: 2F1(1, 1; 2; z) = −ln(1−z)/z
// and 2F1(a, b; b; z) = (1−z)^−a.
func TestHyp2f1(t *testing.T) {
	if got, want := hyp2f1(1, 1, 2, 0.5), -math.Log(0.5)/0.5; math.Abs(got-want) > 1e-12 {
		t.Errorf("2F1(1,1;2;0.5) = %v, want %v", got, want)
	}
	if got, want := hyp2f1(0.3, 2, 2, 0.9), math.Pow(0.1, -0.3); math.Abs(got-want) > 1e-9 {
		t.Errorf("2F1(0.3,2;2;0.9) = %v, want %v", got, want)
	}
}
