package clv

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
)

// Spend is one customer's spending in the calibration period, the input of
// the [GammaGamma] model.
type Spend struct {
	// Frequency is x, the number of repeat transactions whose values are
	// averaged in MeanValue.
	Frequency float64
	// MeanValue is z̄, the mean value of those transactions, in the unit of
	// money the predictions will use. It must be positive when Frequency
	// is positive and is ignored when Frequency is 0.
	MeanValue float64
}

// Validate checks that s is possible: a whole, non-negative Frequency, and
// a finite MeanValue that is positive when Frequency is positive.
func (s Spend) Validate() error { return s.validate(-1) }

func (s Spend) validate(i int) error {
	switch {
	case !isFinite(s.Frequency) || s.Frequency < 0 || s.Frequency != math.Trunc(s.Frequency):
		return &InputError{i, "Frequency", s.Frequency, "must be a whole, non-negative number"}
	case !isFinite(s.MeanValue):
		return &InputError{i, "MeanValue", s.MeanValue, "must be finite"}
	case s.Frequency > 0 && s.MeanValue <= 0:
		return &InputError{i, "MeanValue", s.MeanValue, "must be positive when Frequency is positive"}
	}
	return nil
}

// GammaGamma is the Gamma-Gamma model of monetary value (Fader, Hardie &
// Lee 2005, "RFM and CLV: Using Iso-Value Curves for Customer Base
// Analysis", Journal of Marketing Research 42(4):415-430; Fader & Hardie
// 2013, "The Gamma-Gamma Model of Monetary Value", note 025 at
// brucehardie.com).
//
// Each transaction value of a customer is Gamma(P, ν); ν varies across
// customers as Gamma(Q, V). Spend is assumed independent of the
// transaction process, so the model combines with any of [BGNBD],
// [ParetoNBD] or [MBGNBD] in [Value]. On the 946 CDNOW repeat buyers the
// published fit is P = 6.25, Q = 3.74, V = 15.44.
//
// All methods are safe for concurrent use and follow the error conventions
// of [BGNBD].
type GammaGamma struct {
	P, Q, V float64
}

func (m GammaGamma) validate() error {
	return positive([]string{"P", "Q", "V"}, m.P, m.Q, m.V)
}

// LogLikelihood returns the log-likelihood of a customer's mean
// transaction value given the number of transactions (Fader & Hardie
// 2013, eq. 4 with the Jacobian of z̄). A customer without repeat
// transactions carries no spend information; that is an [*InputError].
func (m GammaGamma) LogLikelihood(s Spend) (float64, error) {
	if err := m.validate(); err != nil {
		return 0, err
	}
	if err := s.Validate(); err != nil {
		return 0, err
	}
	if s.Frequency == 0 {
		return 0, &InputError{-1, "Frequency", 0, "must be positive for a spend likelihood"}
	}
	c := m.consts(s.Frequency, false)
	return finite("log-likelihood", m.rowLL(&c, s.MeanValue, 1, nil))
}

// ggConsts are the terms of the log-likelihood and its gradient that
// depend on the frequency x only.
type ggConsts struct {
	x, px, lg, lx, dpq, dp, dq, lv float64
}

func (m GammaGamma) consts(x float64, grad bool) ggConsts {
	px := m.P * x
	c := ggConsts{x: x, px: px, lx: math.Log(x), lv: math.Log(m.V),
		lg: lgamma(px+m.Q) - lgamma(px) - lgamma(m.Q)}
	if grad {
		c.dpq = digamma(px + m.Q)
		c.dp = digamma(px)
		c.dq = digamma(m.Q)
	}
	return c
}

// rowLL returns the log-likelihood of mean value z given c.x transactions
// and, when g is not nil, adds w times its gradient with respect to
// (p, q, v) to g.
func (m GammaGamma) rowLL(c *ggConsts, z, w float64, g []float64) float64 {
	lz, lxzv := math.Log(z), math.Log(c.x*z+m.V)
	ll := c.lg + m.Q*c.lv + (c.px-1)*lz + c.px*c.lx - (c.px+m.Q)*lxzv
	if g != nil {
		g[0] += w * c.x * (c.dpq - c.dp + lz + c.lx - lxzv)
		g[1] += w * (c.dpq - c.dq + c.lv - lxzv)
		g[2] += w * (m.Q/m.V - (c.px+m.Q)/(c.x*z+m.V))
	}
	return ll
}

// ExpectedSpend returns E[Z | x, z̄], the expected mean transaction value
// of the customer (Fader, Hardie & Lee 2005 JMR, eq. 5):
// p(v + x z̄)/(px + q − 1), a weighted average of the population mean
// pv/(q − 1) and the customer's own mean. With Frequency 0 it is the
// population mean. When the mean is infinite (px + q <= 1) it returns an
// error wrapping [ErrNonFinite].
func (m GammaGamma) ExpectedSpend(s Spend) (float64, error) {
	if err := m.validate(); err != nil {
		return 0, err
	}
	if err := s.Validate(); err != nil {
		return 0, err
	}
	x, z := s.Frequency, s.MeanValue
	if x == 0 {
		z = 0
	}
	den := m.P*x + m.Q - 1
	if den <= 0 {
		return 0, fmt.Errorf("%w: expected spend is infinite (p·x + q <= 1)", ErrNonFinite)
	}
	return finite("expected spend", m.P*(m.V+x*z)/den)
}

// FitGammaGamma estimates a [GammaGamma] model by maximum likelihood on
// the customers with at least one repeat transaction; customers with
// Frequency 0 carry no spend information and are skipped. Identical rows
// are merged first.
//
// It returns an [*InputError] for an invalid row, [ErrNoData] for an empty
// slice, [ErrNoRepeat] when no customer has Frequency > 0, and an error
// wrapping [ErrNoConvergence] when the optimiser fails.
func FitGammaGamma(ctx context.Context, data []Spend, opts FitOptions) (*Fit[GammaGamma], error) {
	if len(data) == 0 {
		return nil, ErrNoData
	}
	type key struct{ x, z float64 }
	idx := map[key]int{}
	var rows []wrow
	for i, s := range data {
		if err := s.validate(i); err != nil {
			return nil, err
		}
		if s.Frequency == 0 {
			continue
		}
		k := key{s.Frequency, s.MeanValue}
		if j, ok := idx[k]; ok {
			rows[j].w++
			continue
		}
		idx[k] = len(rows)
		rows = append(rows, wrow{x: s.Frequency, tx: s.MeanValue, w: 1})
	}
	if len(rows) == 0 {
		return nil, ErrNoRepeat
	}
	slices.SortFunc(rows, func(a, b wrow) int { return cmp.Or(cmp.Compare(a.x, b.x), cmp.Compare(a.tx, b.tx)) })
	var total, mean float64
	for _, r := range rows {
		total += r.w
		mean += r.w * r.tx
	}
	// Start at p = 1, q = 2, with v matching the mean of the observed means.
	res, err := fitRows(ctx, rows, ggObjective, []float64{1, 2, mean / total}, opts)
	if err != nil {
		return nil, err
	}
	return newFit(res, func(p []float64) GammaGamma { return GammaGamma{p[0], p[1], p[2]} }), nil
}

func ggObjective(rows []wrow) objective {
	var total float64
	for _, r := range rows {
		total += r.w
	}
	return objective{total: total, eval: func(p, grad []float64) float64 {
		m := GammaGamma{p[0], p[1], p[2]}
		acc := parallelRows(len(rows), 3, func(lo, hi int, acc []float64) {
			var g []float64
			if grad != nil {
				g = acc[1:]
			}
			c := m.consts(rows[lo].x, g != nil)
			for _, r := range rows[lo:hi] {
				if r.x != c.x {
					c = m.consts(r.x, g != nil)
				}
				acc[0] += r.w * m.rowLL(&c, r.tx, r.w, g)
			}
		})
		copy(grad, acc[1:])
		return acc[0]
	}}
}
