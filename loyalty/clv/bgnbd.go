package clv

import (
	"context"
	"math"

	"gonum.org/v1/gonum/mathext"
)

// BGNBD is the beta-geometric/negative-binomial distribution model of
// Fader, Hardie & Lee (2005), "'Counting Your Customers' the Easy Way: An
// Alternative to the Pareto/NBD Model", Marketing Science 24(2):275-284.
//
// While alive, a customer buys as a Poisson process with rate λ; λ varies
// across customers as Gamma(R, Alpha). After each purchase the customer
// drops out for good with probability p; p varies across customers as
// Beta(A, B). Time is in the unit of the [Summary] values (weeks in the
// paper, which reports R = 0.243, Alpha = 4.414, A = 0.793, B = 2.426 on
// CDNOW).
//
// All methods are safe for concurrent use. Methods return an
// [*InputError] for invalid summaries, horizons or parameters, and an
// error wrapping [ErrNonFinite] or [ErrNoConvergence] when a valid input
// has no finite answer in float64; they never return NaN or Inf.
type BGNBD struct {
	R, Alpha, A, B float64
}

func (m BGNBD) family() (bgFamily, error) {
	err := positive([]string{"R", "Alpha", "A", "B"}, m.R, m.Alpha, m.A, m.B)
	return bgFamily{m.R, m.Alpha, m.A, m.B, 0}, err
}

// LogLikelihood returns the log-likelihood of one customer's summary
// (Fader, Hardie & Lee 2005, eq. 6), computed in log space.
func (m BGNBD) LogLikelihood(s Summary) (float64, error) {
	f, err := m.family()
	if err != nil {
		return 0, err
	}
	return f.logLikelihood(s)
}

// PAlive returns the probability that the customer is still alive at the
// end of the calibration period (Fader, Hardie & Lee 2005, eq. 12). A
// customer without repeat purchases is alive for sure under BG/NBD, since
// dropout happens only right after a purchase.
func (m BGNBD) PAlive(s Summary) (float64, error) {
	f, err := m.family()
	if err != nil {
		return 0, err
	}
	return f.pAlive(s)
}

// ExpectedPurchases returns E[Y(t) | x, t_x, T], the expected number of
// purchases of this customer in the next t time units (Fader, Hardie & Lee
// 2005, eq. 10). t = 0 gives 0.
func (m BGNBD) ExpectedPurchases(s Summary, t float64) (float64, error) {
	f, err := m.family()
	if err != nil {
		return 0, err
	}
	return f.expected(s, t)
}

// ExpectedPurchasesNew returns E[X(t)], the expected number of repeat
// purchases of a new customer in the t time units after the first purchase
// (Fader, Hardie & Lee 2005, eq. 9).
func (m BGNBD) ExpectedPurchasesNew(t float64) (float64, error) {
	return m.ExpectedPurchases(Summary{}, t)
}

// ProbPurchases returns P(X(t) = n), the probability that a new customer
// makes exactly n repeat purchases in the t time units after the first
// purchase (Fader, Hardie & Lee 2005, eq. 8). The finite sum in the paper
// is evaluated as a regularised incomplete beta function, the negative
// binomial tail, so large n cost no more than small n.
func (m BGNBD) ProbPurchases(t float64, n int) (float64, error) {
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
	term := math.Exp(lbeta(m.A, m.B+x) - lb + lgamma(m.R+x) - lgamma(m.R) - lgamma(x+1) + m.R*lp + x*lq)
	if n > 0 {
		tail := mathext.RegIncBeta(x, m.R, t/(m.Alpha+t))
		term += math.Exp(lbeta(m.A+1, m.B+x-1)-lb) * tail
	}
	return finite("probability", math.Min(math.Max(term, 0), 1))
}

// FitBGNBD estimates a [BGNBD] model by maximum likelihood. Identical
// summaries are merged into weighted rows first; the optimiser is gonum's
// BFGS on the logarithms of the parameters with the analytic gradient.
//
// It returns an [*InputError] for an invalid summary, [ErrNoData] for an
// empty slice, [ErrNoRepeat] when nobody bought twice, an error wrapping
// [ErrNoConvergence] when the optimiser fails, and the context's error
// when ctx is done first.
func FitBGNBD(ctx context.Context, data []Summary, opts FitOptions) (*Fit[BGNBD], error) {
	res, err := fitBGFamily(ctx, data, 0, opts)
	if err != nil {
		return nil, err
	}
	return newFit(res, func(p []float64) BGNBD { return BGNBD{p[0], p[1], p[2], p[3]} }), nil
}
