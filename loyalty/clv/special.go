package clv

import (
	"math"

	"gonum.org/v1/gonum/mathext"
)

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func lgamma(v float64) float64 {
	l, _ := math.Lgamma(v)
	return l
}

func digamma(v float64) float64 { return mathext.Digamma(v) }

// lbeta returns ln B(a, b) for positive a and b.
func lbeta(a, b float64) float64 { return lgamma(a) + lgamma(b) - lgamma(a+b) }

// sigmoid returns e^d / (1 + e^d) without overflow.
func sigmoid(d float64) float64 {
	if d >= 0 {
		return 1 / (1 + math.Exp(-d))
	}
	e := math.Exp(d)
	return e / (1 + e)
}

// logAddExp returns ln(e^a + e^b); -Inf arguments are allowed.
func logAddExp(a, b float64) float64 {
	if a < b {
		a, b = b, a
	}
	if math.IsInf(a, -1) {
		return a
	}
	return a + math.Log1p(math.Exp(b-a))
}

// log1mExp returns ln(1 - e^d) for d <= 0 (-Inf at d = 0), accurate for d
// near 0 and for very negative d (Mächler 2012).
func log1mExp(d float64) float64 {
	if d > -math.Ln2 {
		return math.Log(-math.Expm1(d))
	}
	return math.Log1p(-math.Exp(d))
}

// expm1Rel returns (e^y - 1) / y, with its limit 1 at y = 0.
func expm1Rel(y float64) float64 {
	if math.Abs(y) < 1e-8 {
		return 1 + y/2
	}
	return math.Expm1(y) / y
}

// maxSeriesTerms bounds every series so that pathological arguments cost
// bounded time and end in [ErrNoConvergence] rather than a hang.
const maxSeriesTerms = 1_000_000

// hypTail sums Σ_{n≥1} t_n with t_1 = first and
// t_{n+1} = t_n (a+n)(b+n) / ((c+n)(n+1)) z, for 0 <= z < 1: the part of a
// Gauss hypergeometric series 2F1(a, b; c; z) after its leading 1, scaled.
// Because c and n are positive the ratio tends to z < 1, so the terms end
// up shrinking geometrically; the loop stops once a term is negligible and
// the ratio is below 1.
func hypTail(a, b, c, z, first float64) (float64, error) {
	t, s := first, first
	for n := 1.0; n < maxSeriesTerms; n++ {
		ratio := (a + n) * (b + n) / ((c + n) * (n + 1)) * z
		t *= ratio
		s += t
		if math.Abs(t) <= 1e-17*math.Abs(s) && math.Abs(ratio) < 1 || t == 0 {
			return s, nil
		}
	}
	return 0, ErrNoConvergence
}
