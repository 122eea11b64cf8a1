package clv

import "context"

// MBGNBD is the modified BG/NBD model of Batislam, Denizel & Filiztekin
// (2007), "Empirical validation and comparison of models for customer base
// analysis", International Journal of Research in Marketing 24(3):201-209,
// as implemented in the R package BTYDplus (Platzer & Reutterer).
//
// It is [BGNBD] with one change: a customer may also drop out at time 0,
// right after the first purchase, so customers without repeat purchases
// are no longer certainly alive. On CDNOW the fit is R = 0.525,
// Alpha = 6.183, A = 0.891, B = 1.614 (weeks).
//
// All methods are safe for concurrent use and follow the error conventions
// of [BGNBD].
type MBGNBD struct {
	R, Alpha, A, B float64
}

func (m MBGNBD) family() (bgFamily, error) {
	err := positive([]string{"R", "Alpha", "A", "B"}, m.R, m.Alpha, m.A, m.B)
	return bgFamily{m.R, m.Alpha, m.A, m.B, 1}, err
}

// LogLikelihood returns the log-likelihood of one customer's summary
// (Batislam et al. 2007, eq. 5).
func (m MBGNBD) LogLikelihood(s Summary) (float64, error) {
	f, err := m.family()
	if err != nil {
		return 0, err
	}
	return f.logLikelihood(s)
}

// PAlive returns the probability that the customer is still alive at the
// end of the calibration period, 1 / (1 + a/(b+x) ((α+T)/(α+t_x))^(r+x)).
func (m MBGNBD) PAlive(s Summary) (float64, error) {
	f, err := m.family()
	if err != nil {
		return 0, err
	}
	return f.pAlive(s)
}

// ExpectedPurchases returns E[Y(t) | x, t_x, T], the expected number of
// purchases of this customer in the next t time units.
func (m MBGNBD) ExpectedPurchases(s Summary, t float64) (float64, error) {
	f, err := m.family()
	if err != nil {
		return 0, err
	}
	return f.expected(s, t)
}

// ExpectedPurchasesNew returns E[X(t)], the expected number of repeat
// purchases of a new customer in the t time units after the first
// purchase, b/(a−1) (1 − 2F1(r, b+1; a+b; t/(α+t)) (α/(α+t))^r).
func (m MBGNBD) ExpectedPurchasesNew(t float64) (float64, error) {
	return m.ExpectedPurchases(Summary{}, t)
}

// FitMBGNBD estimates an [MBGNBD] model by maximum likelihood, like
// [FitBGNBD] and with the same errors.
func FitMBGNBD(ctx context.Context, data []Summary, opts FitOptions) (*Fit[MBGNBD], error) {
	res, err := fitBGFamily(ctx, data, 1, opts)
	if err != nil {
		return nil, err
	}
	return newFit(res, func(p []float64) MBGNBD { return MBGNBD{p[0], p[1], p[2], p[3]} }), nil
}
