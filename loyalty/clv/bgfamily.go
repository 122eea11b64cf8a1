package clv

import (
	"context"
	"fmt"
	"math"
)

// bgFamily holds what BG/NBD and MBG/NBD share. The two differ only in
// whether a customer can drop out at time 0, right after the first
// purchase: k = 0 for BG/NBD (no), k = 1 for MBG/NBD (yes), which shifts b
// by one in the dropout terms.
type bgFamily struct {
	r, alpha, a, b float64
	k              float64
}

// bgConsts are the terms of the log-likelihood and its gradient that
// depend on the frequency x only.
type bgConsts struct {
	lgr, psr       float64 // lnΓ(r+x) − lnΓ(r) and ψ(r+x) − ψ(r)
	a2, a2a, a2b   float64 // ln[B(a, b+x+k)/B(a, b)] and its a, b derivatives
	dropout        bool    // whether the "dropped out after t_x" branch exists
	lbx, ibx       float64 // ln(b+x+k−1) and its reciprocal
	lnAlpha, lnA   float64
	rPlusX, rAlpha float64 // r+x and r/α
}

func (m bgFamily) consts(x float64, grad bool) bgConsts {
	c := bgConsts{
		lgr:     lgamma(m.r+x) - lgamma(m.r),
		a2:      lgamma(m.b+x+m.k) - lgamma(m.a+m.b+x+m.k) - lgamma(m.b) + lgamma(m.a+m.b),
		dropout: x > 0 || m.k > 0,
		lnAlpha: math.Log(m.alpha),
		lnA:     math.Log(m.a),
		rPlusX:  m.r + x,
		rAlpha:  m.r / m.alpha,
	}
	if c.dropout {
		c.lbx = math.Log(m.b + x + m.k - 1)
		c.ibx = 1 / (m.b + x + m.k - 1)
	}
	if grad {
		c.psr = digamma(m.r+x) - digamma(m.r)
		dab := digamma(m.a + m.b)
		dabx := digamma(m.a + m.b + x + m.k)
		c.a2a = dab - dabx
		c.a2b = digamma(m.b+x+m.k) - dabx - digamma(m.b) + dab
	}
	return c
}

// logDropout returns d, the log of the ratio of the "dropped out after the
// last purchase" term to the "still alive at T" term of the likelihood
// (Fader, Hardie & Lee 2005, eq. 6; Batislam et al. 2007, eq. 5).
func (m bgFamily) logDropout(c *bgConsts, tx, T float64) float64 {
	return c.lnA - c.lbx - c.rPlusX*(math.Log(m.alpha+tx)-math.Log(m.alpha+T))
}

// rowLL returns one customer's log-likelihood and, when g is not nil, adds
// w times its gradient with respect to (r, α, a, b) to g. lT is
// ln(α+T), which callers share between rows with the same T.
func (m bgFamily) rowLL(c *bgConsts, tx, T, lT, w float64, g []float64) float64 {
	ll := c.lgr + m.r*c.lnAlpha + c.a2 - c.rPlusX*lT
	if !c.dropout {
		if g != nil {
			g[0] += w * (c.psr + c.lnAlpha - lT)
			g[1] += w * (c.rAlpha - c.rPlusX/(m.alpha+T))
			g[2] += w * c.a2a
			g[3] += w * c.a2b
		}
		return ll
	}
	lt := math.Log(m.alpha + tx)
	d := c.lnA - c.lbx - c.rPlusX*(lt-lT)
	// softplus(d) and sigmoid(d) from one exponential.
	e := math.Exp(-math.Abs(d))
	// ln(1+e) rather than Log1p: when e is tiny the absolute error is
	// still ~1e-16, and Log is several times faster.
	ll += math.Max(d, 0) + math.Log(1+e)
	if g != nil {
		s := 1 / (1 + e)
		if d < 0 {
			s = e * s
		}
		g[0] += w * (c.psr + c.lnAlpha - lT - s*(lt-lT))
		g[1] += w * (c.rAlpha - c.rPlusX/(m.alpha+T) - s*c.rPlusX*(1/(m.alpha+tx)-1/(m.alpha+T)))
		g[2] += w * (c.a2a + s/m.a)
		g[3] += w * (c.a2b - s*c.ibx)
	}
	return ll
}

func (m bgFamily) logLikelihood(s Summary) (float64, error) {
	if err := s.Validate(); err != nil {
		return 0, err
	}
	c := m.consts(s.Frequency, false)
	return finite("log-likelihood", m.rowLL(&c, s.Recency, s.Age, math.Log(m.alpha+s.Age), 1, nil))
}

func (m bgFamily) pAlive(s Summary) (float64, error) {
	if err := s.Validate(); err != nil {
		return 0, err
	}
	c := m.consts(s.Frequency, false)
	if !c.dropout {
		return 1, nil
	}
	return finite("probability alive", sigmoid(-m.logDropout(&c, s.Recency, s.Age)))
}

// expected returns E[Y(t) | x, t_x, T]. The textbook form, (C/(a−1)) ×
// (1 − 2F1(r+x, b+x+k; C; z) ((α+T)/(α+T+t))^(r+x)) with
// C = a+b+x+k−1 and z = t/(α+T+t) × P(alive), overflows for large x and
// is 0/0 at a = 1. Two Pfaff transformations turn it into
// 2F1(C−r−x, a−1; C; z) (1−z)^(a−1), whose series has small, quickly
// shrinking terms, and the 1/(a−1) is divided out of the series
// analytically.
func (m bgFamily) expected(s Summary, t float64) (float64, error) {
	if err := s.Validate(); err != nil {
		return 0, err
	}
	if !isFinite(t) || t < 0 {
		return 0, argError("horizon", t, "must be finite and not negative")
	}
	if t == 0 {
		return 0, nil
	}
	x, R := s.Frequency, m.r+s.Frequency
	C := m.a + m.b + x + m.k - 1
	if C <= 0 {
		return 0, fmt.Errorf("%w: expected purchases need a+b+x+k-1 > 0", ErrNonFinite)
	}
	u := t / (m.alpha + s.Age)
	z := t / (m.alpha + s.Age + t)
	L := -math.Log1p(u) // ln(1−z)
	A := C - R
	K, err := hypTail(A, m.a-1, C, z, A*z/C)
	if err != nil {
		return 0, err
	}
	e := math.Exp((m.a - 1) * L)
	alive := C * (-L*expm1Rel((m.a-1)*L) - e*K)
	p, err := m.pAlive(s)
	if err != nil {
		return 0, err
	}
	return finite("expected purchases", math.Max(alive*p, 0))
}

// fitBGFamily maximises the BG/NBD (k = 0) or MBG/NBD (k = 1)
// log-likelihood over compressed summaries.
func fitBGFamily(ctx context.Context, data []Summary, k float64, opts FitOptions) (fitResult, error) {
	rows, _, err := compress(data)
	if err != nil {
		return fitResult{}, err
	}
	var sx, sw float64
	for _, r := range rows {
		sx += r.w * r.x
		sw += r.w
	}
	start := []float64{1, meanAge(rows) * sw / (sx + sw), 1, 1}
	return fitRows(ctx, rows, func(rows []wrow) objective { return bgObjective(rows, k) }, start, opts)
}

// bgObjective is the BG/NBD or MBG/NBD log-likelihood of rows sorted by
// frequency, with the per-frequency terms computed once per group.
func bgObjective(rows []wrow, k float64) objective {
	gs := groups(rows)
	gi := make([]int32, len(rows))
	var total float64
	for i, g := range gs {
		for j := g.start; j < g.end; j++ {
			gi[j] = int32(i)
			total += rows[j].w
		}
	}
	cs := make([]bgConsts, len(gs))
	return objective{total: total, eval: func(p, grad []float64) float64 {
		m := bgFamily{p[0], p[1], p[2], p[3], k}
		for i, g := range gs {
			cs[i] = m.consts(g.x, grad != nil)
		}
		acc := parallelRows(len(rows), 4, func(lo, hi int, acc []float64) {
			var g []float64
			if grad != nil {
				g = acc[1:]
			}
			lastT, lT := math.NaN(), 0.0
			for i := lo; i < hi; i++ {
				r := &rows[i]
				if r.T != lastT {
					lastT, lT = r.T, math.Log(m.alpha+r.T)
				}
				acc[0] += r.w * m.rowLL(&cs[gi[i]], r.tx, r.T, lT, r.w, g)
			}
		})
		copy(grad, acc[1:])
		return acc[0]
	}}
}
