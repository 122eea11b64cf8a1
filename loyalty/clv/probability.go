package clv

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mathext"
)

// ProbPurchases returns P(X(t) = n), the probability that a new customer
// makes exactly n repeat purchases in the t time units after the first
// purchase. In the MBG/NBD model a customer may drop out at time 0 and
// after each purchase, each time with probability p, so
//
//	P(X(t)=n) = B(a, b+n+1)/B(a,b) · NB(n) + B(a+1, b+n)/B(a,b) · P(N(t) ≥ n),
//
// where NB is the negative binomial count of a Gamma(r, α)–Poisson process
// over t and P(N(t) ≥ n) its tail (1 for n = 0), evaluated as a regularised
// incomplete beta function like [BGNBD.ProbPurchases] (the BG/NBD formula
// of Fader, Hardie & Lee 2005, eq. 8, with the extra dropout opportunity
// of Batislam, Denizel & Filiztekin 2007).
func (m MBGNBD) ProbPurchases(t float64, n int) (float64, error) {
	if _, err := m.family(); err != nil {
		return 0, err
	}
	if !isFinite(t) || t <= 0 {
		return 0, argError("horizon", t, "must be positive and finite")
	}
	if n < 0 {
		return 0, argError("n", n, "must not be negative")
	}
	x := float64(n)
	lp := math.Log(m.Alpha / (m.Alpha + t))
	lq := math.Log(t / (m.Alpha + t))
	if m.Alpha/t < 1e-8 {
		lq = -math.Log1p(m.Alpha / t)
	}
	lb := lbeta(m.A, m.B)
	nb := lgamma(m.R+x) - lgamma(m.R) - lgamma(x+1) + m.R*lp + x*lq
	tail := 1.0
	if n > 0 {
		tail = mathext.RegIncBeta(x, m.R, t/(m.Alpha+t))
	}
	p := math.Exp(lbeta(m.A, m.B+x+1)-lb+nb) + math.Exp(lbeta(m.A+1, m.B+x)-lb)*tail
	return finite("probability", math.Min(math.Max(p, 0), 1))
}

// ProbPurchases returns P(X(k) = n), the probability that a new customer
// makes exactly n repeat transactions in the first k opportunities (Fader,
// Hardie & Shang 2010, eq. 6):
//
//	P(X(k)=n) = C(k,n) B(α+n, β+k−n)/B(α,β) · B(γ, δ+k)/B(γ,δ)
//	          + Σ_{i=n}^{k−1} C(i,n) B(α+n, β+i−n)/B(α,β) · B(γ+1, δ+i)/B(γ,δ),
//
// the first term for a customer still alive after k opportunities, the sum
// for one who dropped out after opportunity i. Terms are computed in log
// space. It is 0 for n > k.
func (m BGBB) ProbPurchases(k, n int) (float64, error) {
	if err := m.validate(); err != nil {
		return 0, err
	}
	if k < 0 || k > MaxPeriods {
		return 0, argError("horizon", k, "must be between 0 and 2^20 opportunities")
	}
	if n < 0 {
		return 0, argError("n", n, "must not be negative")
	}
	if n > k {
		return 0, nil
	}
	x := float64(n)
	lab, lgd := lbeta(m.Alpha, m.Beta), lbeta(m.Gamma, m.Delta)
	lchoose := func(a, b float64) float64 { return lgamma(a+1) - lgamma(b+1) - lgamma(a-b+1) }
	kf := float64(k)
	p := math.Exp(lchoose(kf, x) + lbeta(m.Alpha+x, m.Beta+kf-x) - lab + lbeta(m.Gamma, m.Delta+kf) - lgd)
	for i := n; i < k; i++ {
		fi := float64(i)
		p += math.Exp(lchoose(fi, x) + lbeta(m.Alpha+x, m.Beta+fi-x) - lab + lbeta(m.Gamma+1, m.Delta+fi) - lgd)
	}
	return finite("probability", math.Min(math.Max(p, 0), 1))
}

// ProbPurchases returns P(X(t) = n), the probability that a new customer
// makes exactly n repeat purchases in the t time units after the first
// purchase. Given the purchase rate λ ~ Gamma(r, α) and the dropout rate
// μ ~ Gamma(s, β) of Schmittlein, Morrison & Colombo (1987), a customer
// still alive at t has made a negative-binomial NB(n; τ=t) count, one who
// dropped out at τ < t an NB(n; τ) count, so
//
//	P(X(t)=n) = (β/(β+t))^s NB(n; t) + ∫₀ᵗ (s/β) (β/(β+τ))^(s+1) NB(n; τ) dτ.
//
// The integral is evaluated numerically rather than with the closed form's
// hypergeometric functions. Its mass crowds near τ = 0 when β ≪ t, in a
// layer of width about β/s, so it is taken in u = ln(1 + τ/β), where it
// becomes ∫₀^{ln(1+t/β)} s e^{−su} NB(n; τ(u)) du over a range of at most
// about 1,500 units whatever t and β. That integral is computed by globally
// adaptive 15-point Gauss–Kronrod quadrature (QUADPACK's QAG scheme;
// Piessens et al. 1983), with breaks that resolve the boundary layer at
// τ = 0 and the peak of NB(n; τ) at τ = nα/r, to a relative error estimate
// of 1e-11 — or, with n or r in the millions, to the accuracy with which
// float64 can evaluate NB(n; τ) at all, as its log-gamma terms then
// cancel. If the quadrature does not reach that accuracy, ProbPurchases
// returns an error wrapping [ErrNoConvergence] rather than an inaccurate
// probability, as it does where float64 cannot evaluate NB(n; τ) to 1e-8
// at all (r in the 1e17s, say); a horizon so long that t/β overflows
// gives an error wrapping [ErrNonFinite]. The tests check it against an mpmath reference, and that
// the probabilities sum to 1 with mean [ParetoNBD.ExpectedPurchasesNew].
func (m ParetoNBD) ProbPurchases(t float64, n int) (float64, error) {
	if err := m.validate(); err != nil {
		return 0, err
	}
	if !isFinite(t) || t <= 0 {
		return 0, argError("horizon", t, "must be positive and finite")
	}
	if n < 0 {
		return 0, argError("n", n, "must not be negative")
	}
	nb := newNBCount(m.R, m.Alpha, float64(n))
	alive := math.Exp(-m.S*math.Log1p(t/m.Beta) + nb.log(t))
	// In u = ln(1+τ/β): dτ = (β+τ) du and (β/(β+τ))^(s+1) = e^{−(s+1)u}.
	ls := math.Log(m.S)
	end := math.Log1p(t / m.Beta)
	tol := nb.tolerance(t)
	if tol > maxTolerance {
		return 0, fmt.Errorf("%w: Pareto/NBD P(X(%g)=%d): float64 evaluates NB(n; τ) only to %.2g here", ErrNoConvergence, t, n, tol)
	}
	dropped, err := integrate(func(u float64) float64 {
		return math.Exp(ls - m.S*u + nb.log(m.Beta*math.Expm1(u)))
	}, m.breaks(nb.x, end), tol)
	if err != nil {
		return 0, fmt.Errorf("%w: Pareto/NBD P(X(%g)=%d) quadrature", err, t, n)
	}
	return finite("probability", math.Min(math.Max(alive+dropped, 0), 1))
}

// nbCount is NB(n; τ) = Γ(r+n)/(Γ(r) n!) (α/(α+τ))^r (τ/(α+τ))^n, the
// negative binomial count of a Gamma(r, α)–Poisson process over τ.
type nbCount struct{ r, alpha, x, lc float64 }

func newNBCount(r, alpha, x float64) nbCount {
	return nbCount{r, alpha, x, lgammaRatio(r, x) - lgamma(x+1)}
}

// lgammaRatio returns ln Γ(r+x) − ln Γ(r). For large r the two log-gammas
// are huge and nearly equal, and their difference would keep only a few
// digits (at r = 1e14 an error of 15 % in NB), so it is taken from the
// difference of Stirling's series instead, through log1p: its first
// omitted term is below 1e-19 for r ≥ 1e4.
func lgammaRatio(r, x float64) float64 {
	if x == 0 {
		return 0
	}
	if r < 1e4 {
		return lgamma(r+x) - lgamma(r)
	}
	tail := func(z float64) float64 { return 1/(12*z) - 1/(360*z*z*z) }
	return x*math.Log(r) + (r+x-0.5)*math.Log1p(x/r) - x + tail(r+x) - tail(r)
}

// log returns ln NB(n; τ), through log1p so that neither power loses
// precision when τ is far from α.
func (c nbCount) log(tau float64) float64 {
	switch {
	case tau <= 0 && c.x == 0:
		return 0
	case tau <= 0:
		return math.Inf(-1)
	case c.x == 0:
		return c.lc - c.r*math.Log1p(tau/c.alpha)
	}
	return c.lc - c.r*math.Log1p(tau/c.alpha) - c.x*math.Log1p(c.alpha/tau)
}

// size returns the sum of the magnitudes of the terms of [nbCount.log] at
// τ: times the machine epsilon, the relative accuracy of NB(n; τ) in
// float64, which with n or r in the millions is worse than 1e-11.
func (c nbCount) size(tau float64) float64 {
	s := math.Abs(c.lc) + c.r*math.Log1p(tau/c.alpha)
	if c.x > 0 {
		s += c.x * math.Log1p(c.alpha/tau)
	}
	return s
}

// maxTolerance is the worst relative accuracy ProbPurchases accepts; where
// float64 cannot evaluate NB(n; τ) that well it returns an error instead.
const maxTolerance = 1e-8

// tolerance returns the relative accuracy to ask of an integral of
// NB(n; τ) over [0, t]: 1e-11, or the accuracy of NB itself at its peak
// (at t for n = 0) when that is worse.
func (c nbCount) tolerance(t float64) float64 {
	tau := t
	if c.x > 0 {
		tau = min(t, c.x*c.alpha/c.r)
	}
	return max(1e-11, 32*0x1p-52*c.size(tau))
}

// breaks returns the quadrature breaks of [ParetoNBD.ProbPurchases] on
// [0, end] in u = ln(1+τ/β) for n = x purchases. At u = 0 the integrand
// falls at the rate s + rβ/α (for n = 0), a layer of width 1/(s + rβ/α); for
// n > 0, NB(n; τ) peaks at τ = nα/r, where its width in ln τ is
// √((n+r)/(nr)), times τ/(β+τ) in u.
func (m ParetoNBD) breaks(x, end float64) []float64 {
	b := []float64{0, end}
	b = append(b, around(0, 1/(m.S+m.R*m.Beta/m.Alpha), 0, end)...)
	if x > 0 {
		tau := x * m.Alpha / m.R
		w := math.Sqrt((x+m.R)/(x*m.R)) * tau / (m.Beta + tau)
		b = append(b, around(math.Log1p(tau/m.Beta), w, 0, end)...)
	}
	slices.Sort(b)
	return slices.Compact(b)
}
