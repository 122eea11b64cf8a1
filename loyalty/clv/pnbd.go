package clv

import (
	"context"
	"math"
)

// ParetoNBD is the Pareto/NBD model of Schmittlein, Morrison & Colombo
// (1987), "Counting Your Customers: Who Are They and What Will They Do
// Next?", Management Science 33(1):1-24, in the formulation of Fader &
// Hardie (2005), "A Note on Deriving the Pareto/NBD Model and Related
// Expressions" (note 009 at brucehardie.com).
//
// While alive, a customer buys as a Poisson process with rate λ,
// Gamma(R, Alpha) across customers, and has an exponential lifetime with
// rate μ, Gamma(S, Beta) across customers. Fader, Hardie & Lee (2005)
// report R = 0.553, Alpha = 10.578, S = 0.606, Beta = 11.669 on CDNOW
// (weeks).
//
// All methods are safe for concurrent use and follow the error conventions
// of [BGNBD].
type ParetoNBD struct {
	R, Alpha, S, Beta float64
}

func (m ParetoNBD) validate() error {
	return positive([]string{"R", "Alpha", "S", "Beta"}, m.R, m.Alpha, m.S, m.Beta)
}

// pnbdH holds h(t) = ln[2F1(a, b; a+1; z(t)) / (max(α,β)+t)^a], with
// a = r+s+x, of the A₀ term of note 009, and its gradient with respect
// to (r, α, s, β).
type pnbdH struct {
	h float64
	g [4]float64
}

// pnbdConsts are the terms that depend on the frequency x only, including
// the reciprocals 1/(p+n) and 1/(q+n) of the series, grown on demand and
// shared by the rows with that x.
type pnbdConsts struct {
	x, lgr, psr float64
	lnS, lnA    float64 // ln s and ln(r+s+x)
	// hi, lo, b, p are max(α,β), min(α,β), the note's second 2F1
	// parameter and p = a+1−b; iHi.. are the indexes of the parameters
	// playing those roles in the gradient.
	hi, lo, b, p, q  float64
	maxTerms         int // bound on the terms of G's series
	iHi, iLo, iB, iP int
	invP, invQ       []float64
}

func (m ParetoNBD) consts(x float64, grad bool) *pnbdConsts {
	c := &pnbdConsts{x: x, lgr: lgamma(m.R+x) - lgamma(m.R), q: m.R + m.S + x + 1,
		lnS: math.Log(m.S), lnA: math.Log(m.R + m.S + x),
		invP: make([]float64, 0, 64), invQ: make([]float64, 0, 64), maxTerms: maxSeriesTerms}
	if grad {
		c.psr = digamma(m.R+x) - digamma(m.R)
	}
	if m.Alpha >= m.Beta {
		c.hi, c.lo, c.b, c.p = m.Alpha, m.Beta, m.S+1, m.R+x
		c.iHi, c.iLo, c.iB, c.iP = 1, 3, 2, 0
	} else {
		c.hi, c.lo, c.b, c.p = m.Beta, m.Alpha, m.R+x, m.S+1
		c.iHi, c.iLo, c.iB, c.iP = 3, 1, 0, 2
	}
	return c
}

// reciprocals returns 1/(p+n) and 1/(q+n) for n = 0..k−1.
func (c *pnbdConsts) reciprocals(k int) ([]float64, []float64) {
	for n := len(c.invP); n < k; n++ {
		c.invP = append(c.invP, 1/(c.p+float64(n)))
		c.invQ = append(c.invQ, 1/(c.q+float64(n)))
	}
	return c.invP, c.invQ
}

// logA0Part evaluates h(t). The note writes A₀ with 2F1(a, b; a+1; z),
// z = |α−β|/(max(α,β)+t) in [0, 1), b = s+1 when α >= β and r+x otherwise.
// Euler's transformation gives 2F1(a, b; a+1; z) = (1−z)^(1−b) G(z) with
// G = 2F1(1, p; a+1; z) and p = a+1−b; G's series has positive terms whose
// ratio is below z, so it converges geometrically without cancellation,
// and its derivatives with respect to p, q = a+1 and z come out of the
// same loop. Then h = (1−b) ln(min+t) − p ln(max+t) + ln G.
//
// lA and lB are ln(α+t) and ln(β+t).
func (m ParetoNBD) logA0Part(c *pnbdConsts, t, lA, lB float64, grad bool) (pnbdH, error) {
	z := (c.hi - c.lo) / (c.hi + t)
	if eps := (c.lo + t) / (c.hi + t); eps < quadEps && !grad {
		// Predictions near z = 1: quadrature instead of a long series.
		lLo, lHi := lB, lA
		if c.iHi == 3 {
			lLo, lHi = lA, lB
		}
		return pnbdH{h: (1-c.b)*lLo - c.p*lHi + logHyp1(c.p, c.q, eps)}, nil
	}
	G, Gp, Gq, Gz := 1.0, 0.0, 0.0, 0.0
	if z > 0 {
		term, sp, sq := 1.0, 0.0, 0.0
		invP, invQ := c.reciprocals(64)
		n := 0
		for ; n < c.maxTerms; n++ {
			if n == len(invP) {
				invP, invQ = c.reciprocals(2 * n)
			}
			term *= (c.p + float64(n)) * invQ[n] * z
			G += term
			if grad {
				sp += invP[n]
				sq += invQ[n]
				Gp += term * sp
				Gq -= term * sq
				Gz += float64(n+1) * term
			}
			if term*float64(n+2) <= 1e-17*G {
				break
			}
		}
		if n >= c.maxTerms {
			return pnbdH{}, ErrNoConvergence
		}
		Gz /= z
	}
	lLo, lHi := lB, lA
	if c.iHi == 3 {
		lLo, lHi = lA, lB
	}
	out := pnbdH{h: (1-c.b)*lLo - c.p*lHi + math.Log(G)}
	if grad {
		out.g[c.iB] -= lLo
		out.g[c.iLo] += (1 - c.b) / (c.lo + t)
		out.g[c.iP] += Gp/G - lHi
		out.g[c.iHi] -= c.p / (c.hi + t)
		out.g[0] += Gq / G // q = r+s+x+1
		out.g[2] += Gq / G
		out.g[c.iHi] += Gz / G * (c.lo + t) / ((c.hi + t) * (c.hi + t))
		out.g[c.iLo] -= Gz / G / (c.hi + t)
	}
	return out, nil
}

// terms returns the logs of the two terms of the likelihood (note 009,
// eq. 19) after the common factor Γ(r+x)α^r β^s / Γ(r): "alive at T",
// la, and "died between t_x and T", ld (−Inf when t_x = T), with their
// gradients when grad is set.
func (m ParetoNBD) terms(c *pnbdConsts, tx, T float64, grad bool) (la, ld float64, ga, gd [4]float64, err error) {
	x := c.x
	lAT, lBT := math.Log(m.Alpha+T), math.Log(m.Beta+T)
	la = -(m.R+x)*lAT - m.S*lBT
	if grad {
		ga = [4]float64{-lAT, -(m.R + x) / (m.Alpha + T), -lBT, -m.S / (m.Beta + T)}
	}
	if tx == T {
		return la, math.Inf(-1), ga, gd, nil
	}
	h1, err := m.logA0Part(c, tx, math.Log(m.Alpha+tx), math.Log(m.Beta+tx), grad)
	if err != nil {
		return 0, 0, ga, gd, err
	}
	h2, err := m.logA0Part(c, T, lAT, lBT, grad)
	if err != nil {
		return 0, 0, ga, gd, err
	}
	a := m.R + m.S + x
	rho := math.Exp(h2.h - h1.h)
	ld = c.lnS - c.lnA + h1.h + log1mExp(h2.h-h1.h)
	if grad && rho < 1 {
		for i := range gd {
			gd[i] = (h1.g[i] - rho*h2.g[i]) / (1 - rho)
		}
		gd[0] -= 1 / a
		gd[2] += 1/m.S - 1/a
	}
	return la, ld, ga, gd, nil
}

// rowLL returns one customer's log-likelihood and, when g is not nil, adds
// w times its gradient with respect to (r, α, s, β) to g.
func (m ParetoNBD) rowLL(c *pnbdConsts, tx, T, w float64, g []float64) (float64, error) {
	la, ld, ga, gd, err := m.terms(c, tx, T, g != nil)
	if err != nil {
		return 0, err
	}
	ll := c.lgr + m.R*math.Log(m.Alpha) + m.S*math.Log(m.Beta) + logAddExp(la, ld)
	if g != nil {
		sd := 0.0
		if !math.IsInf(ld, -1) {
			sd = sigmoid(ld - la)
		}
		base := [4]float64{c.psr + math.Log(m.Alpha), m.R / m.Alpha, math.Log(m.Beta), m.S / m.Beta}
		for i := range base {
			g[i] += w * (base[i] + (1-sd)*ga[i] + sd*gd[i])
		}
	}
	return ll, nil
}

func (m ParetoNBD) check(s Summary) error {
	if err := m.validate(); err != nil {
		return err
	}
	return s.Validate()
}

// LogLikelihood returns the log-likelihood of one customer's summary
// (Fader & Hardie 2005, note 009, eq. 19), in log space with a stable
// hypergeometric series.
func (m ParetoNBD) LogLikelihood(s Summary) (float64, error) {
	if err := m.check(s); err != nil {
		return 0, err
	}
	ll, err := m.rowLL(m.consts(s.Frequency, false), s.Recency, s.Age, 1, nil)
	if err != nil {
		return 0, err
	}
	return finite("log-likelihood", ll)
}

// PAlive returns the probability that the customer is still alive at the
// end of the calibration period (note 009, eq. 22): the share of the
// "alive at T" term in the likelihood.
func (m ParetoNBD) PAlive(s Summary) (float64, error) {
	if err := m.check(s); err != nil {
		return 0, err
	}
	la, ld, _, _, err := m.terms(m.consts(s.Frequency, false), s.Recency, s.Age, false)
	if err != nil {
		return 0, err
	}
	if math.IsInf(ld, -1) {
		return 1, nil
	}
	return finite("probability alive", sigmoid(la-ld))
}

// ExpectedPurchases returns E[Y(t) | x, t_x, T], the expected number of
// purchases of this customer in the next t time units (note 009, eq. 24):
// (r+x)(β+T)/((α+T)(s−1)) (1 − ((β+T)/(β+T+t))^(s−1)) P(alive), with the
// removable singularity at s = 1 evaluated through expm1.
func (m ParetoNBD) ExpectedPurchases(s Summary, t float64) (float64, error) {
	if err := m.check(s); err != nil {
		return 0, err
	}
	if !isFinite(t) || t < 0 {
		return 0, argError("horizon", t, "must be finite and not negative")
	}
	if t == 0 {
		return 0, nil
	}
	pa, err := m.PAlive(s)
	if err != nil {
		return 0, err
	}
	l := -math.Log1p(t / (m.Beta + s.Age))
	e := (m.R + s.Frequency) / (m.Alpha + s.Age) * (m.Beta + s.Age) * -l * expm1Rel((m.S-1)*l)
	return finite("expected purchases", e*pa)
}

// ExpectedPurchasesNew returns E[X(t)], the expected number of repeat
// purchases of a new customer in the t time units after the first
// purchase (note 009, eq. 17), rβ/(α(s−1)) (1 − (β/(β+t))^(s−1)).
func (m ParetoNBD) ExpectedPurchasesNew(t float64) (float64, error) {
	return m.ExpectedPurchases(Summary{}, t)
}

// FitParetoNBD estimates a [ParetoNBD] model by maximum likelihood, like
// [FitBGNBD] and with the same errors.
func FitParetoNBD(ctx context.Context, data []Summary, opts FitOptions) (*Fit[ParetoNBD], error) {
	rows, _, err := compress(data)
	if err != nil {
		return nil, err
	}
	age := meanAge(rows)
	res, err := fitRows(ctx, rows, pnbdObjective, []float64{1, age, 1, age}, opts)
	if err != nil {
		return nil, err
	}
	return newFit(res, func(p []float64) ParetoNBD { return ParetoNBD{p[0], p[1], p[2], p[3]} }), nil
}

// quadEps is the 1−z below which predictions evaluate G by quadrature
// ([logHyp1]) rather than by its series, which would need over 4,000
// terms.
const quadEps = 0.01

// fitSeriesTerms bounds the hypergeometric series during a fit. G's
// series needs about 40/(1−z) terms, and z = |α−β|/(max(α,β)+t) comes
// close to 1 only where one rate scale is hundreds of times the other,
// far from any plausible optimum. There the bound makes the likelihood
// −Inf, which the line search treats as a step too far, so a fit that
// wanders there costs milliseconds rather than minutes.
const fitSeriesTerms = 10_000

func pnbdObjective(rows []wrow) objective {
	var total float64
	for _, r := range rows {
		total += r.w
	}
	return objective{total: total, eval: func(p, grad []float64) float64 {
		m := ParetoNBD{p[0], p[1], p[2], p[3]}
		acc := parallelRows(len(rows), 4, func(lo, hi int, acc []float64) {
			var g []float64
			if grad != nil {
				g = acc[1:]
			}
			c := m.consts(rows[lo].x, g != nil)
			c.maxTerms = fitSeriesTerms
			for _, r := range rows[lo:hi] {
				if r.x != c.x {
					c = m.consts(r.x, g != nil)
					c.maxTerms = fitSeriesTerms
				}
				ll, err := m.rowLL(c, r.tx, r.T, r.w, g)
				if err != nil {
					acc[0] = math.Inf(-1)
					return
				}
				acc[0] += r.w * ll
			}
		})
		copy(grad, acc[1:])
		return acc[0]
	}}
}
