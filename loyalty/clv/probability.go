package clv

import (
	"math"

	"gonum.org/v1/gonum/integrate/quad"
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
// The integral, smooth on [0, t], is evaluated by 512-point
// Gauss–Legendre quadrature (gonum's integrate/quad) rather than with the
// closed form's hypergeometric functions; the tests check that the
// probabilities sum to 1 and that their mean is [ParetoNBD.ExpectedPurchasesNew].
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
	x := float64(n)
	lc := lgamma(m.R+x) - lgamma(m.R) - lgamma(x+1)
	lnb := func(tau float64) float64 {
		if tau <= 0 {
			if n == 0 {
				return 0
			}
			return math.Inf(-1)
		}
		return lc + m.R*math.Log(m.Alpha/(m.Alpha+tau)) + x*math.Log(tau/(m.Alpha+tau))
	}
	alive := math.Exp(m.S*math.Log(m.Beta/(m.Beta+t)) + lnb(t))
	ls := math.Log(m.S / m.Beta)
	dropped := quad.Fixed(func(tau float64) float64 {
		return math.Exp(ls + (m.S+1)*math.Log(m.Beta/(m.Beta+tau)) + lnb(tau))
	}, 0, t, 512, quad.Legendre{}, 0)
	return finite("probability", math.Min(math.Max(alive+dropped, 0), 1))
}
