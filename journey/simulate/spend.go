package simulate

import (
	"math"
	"math/rand/v2"

	"github.com/shopspring/decimal"

	"github.com/cemkit/cem/touchpoint"
)

// GammaGamma is the Gamma-Gamma model of spend per transaction (Fader,
// Hardie & Lee 2005, "RFM and CLV: Using Iso-Value Curves for Customer Base
// Analysis", JMR 42(4); Fader & Hardie 2013): each order value is drawn from
// Gamma(P, ν) (shape P, rate ν), and ν varies across customers as
// Gamma(Q, V). A customer's mean order value is P/ν; across customers it
// averages P·V/(Q−1) when Q > 1.
type GammaGamma struct {
	P, Q, V float64
}

// Validate returns a *touchpoint.ValidationError unless every parameter is
// a finite positive number.
func (g GammaGamma) Validate() error {
	for _, c := range []struct {
		name string
		v    float64
	}{{"p", g.P}, {"q", g.Q}, {"v", g.V}} {
		if !positive(c.v) {
			return invalid("spend."+c.name, fmtFloat(c.v), "must be a finite number > 0")
		}
	}
	return nil
}

// nu draws a customer's spend rate.
func (g GammaGamma) nu(rng *rand.Rand) float64 { return gamma(rng, g.Q, g.V) }

// order draws one order value for a customer with rate nu, in whole cents,
// at least one cent and below the largest amount touchpoint accepts.
func (g GammaGamma) order(rng *rand.Rand, nu float64, currency string) touchpoint.Money {
	v := min(max(gamma(rng, g.P, nu), 0.01), 1e12)
	return cents(v, currency)
}

// cents rounds v to whole cents, exactly: the decimal is built from the
// integer number of cents, not from the float's binary expansion.
func cents(v float64, currency string) touchpoint.Money {
	return touchpoint.Money{Amount: decimal.New(int64(math.Round(v*100)), -2), Currency: currency}
}
