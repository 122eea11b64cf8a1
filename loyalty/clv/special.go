package clv

import (
	"math"
	"slices"

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

// logHyp1 returns ln 2F1(1, p; q; z) for p > 0, q > 1 and z = 1 − eps
// close to 1, where its power series needs about 40/eps terms. It
// integrates Euler's representation
//
//	2F1(1, p; q; z) = (q−1) ∫₀^∞ e^{−(q−1)v} (eps + z e^{−v})^{−p} dv
//
// (u = 1−t = e^{−v} in the usual integral over t) with the exp-sinh
// double-exponential rule in log space, halving the step until two
// successive sums agree to 1e-14. The integrand is smooth with a bend
// near v = ln(1/eps); a few hundred nodes usually suffice, 9,217 at most.
func logHyp1(p, q, eps float64) float64 {
	const tMax = 4.5
	z := 1 - eps
	lq := math.Log(q - 1)
	logF := func(tau float64) float64 {
		sh := math.Sinh(tau)
		v := math.Exp(math.Pi / 2 * sh)
		// ln of the integrand times dv/dτ
		return lq - (q-1)*v - p*math.Log(eps+z*math.Exp(-v)) + math.Log(math.Pi/2*math.Cosh(tau)) + math.Pi/2*sh
	}
	h := 1.0 / 8
	var ls []float64
	for k := -36; k <= 36; k++ {
		ls = append(ls, logF(float64(k)*h))
	}
	ref := slices.Max(ls)
	var sum float64
	for _, l := range ls {
		sum += math.Exp(l - ref)
	}
	est := sum * h
	for range 7 {
		h /= 2
		for tau := -tMax + h; tau < tMax; tau += 2 * h {
			sum += math.Exp(logF(tau) - ref)
		}
		prev := est
		est = sum * h
		if math.Abs(est-prev) <= 1e-14*est {
			break
		}
	}
	return ref + math.Log(est)
}
