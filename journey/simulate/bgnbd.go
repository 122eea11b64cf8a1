package simulate

import (
	"math/rand/v2"
	"strconv"

	"github.com/cemkit/cem/touchpoint"
)

// BGNBD holds the parameters of the beta-geometric/negative-binomial
// distribution model of repeat buying (Fader, Hardie & Lee 2005, "Counting
// Your Customers the Easy Way", Marketing Science 24(2)), with time in
// weeks:
//
//   - while active, a customer buys at a Poisson rate λ per week, λ varying
//     across customers as Gamma(R, Alpha) (shape R, rate Alpha);
//   - after every repeat purchase the customer drops out for good with
//     probability p, p varying across customers as Beta(A, B).
//
// The parameters Fader, Hardie & Lee estimate on the CDNOW data are
// R=0.243, Alpha=4.414, A=0.793, B=2.426 ([CDNOW]).
type BGNBD struct {
	R, Alpha, A, B float64
}

// CDNOW returns the BG/NBD model fitted to the CDNOW sample of 2,357
// customers by Fader, Hardie & Lee (2005), section 7.
func CDNOW() BGNBD { return BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426} }

// Validate returns a *touchpoint.ValidationError unless every parameter is
// a finite positive number.
func (p BGNBD) Validate() error {
	for _, c := range []struct {
		name string
		v    float64
	}{{"r", p.R}, {"alpha", p.Alpha}, {"a", p.A}, {"b", p.B}} {
		if !positive(c.v) {
			return invalid("purchases."+c.name, strconv.FormatFloat(c.v, 'g', -1, 64), "must be a finite number > 0")
		}
	}
	return nil
}

// Summary is one customer's repeat-buying record in the form the
// buy-till-you-die models take, with times in weeks since the first
// purchase: Frequency is the number of repeat purchases x, Recency the time
// t_x of the last one (0 when x = 0) and Age the length T of the
// observation window.
type Summary struct {
	CustomerID string
	Frequency  int
	Recency    float64
	Age        float64
}

// Draw is what the simulator drew for one customer: the latent purchase
// rate and dropout probability of the BG/NBD model, and the repeat purchase
// times in weeks after the first purchase, in increasing order.
type Draw struct {
	Lambda  float64
	Dropout float64
	Repeats []float64
}

// MaxRepeats caps the repeat purchases simulated for one customer, so that
// an extreme purchase rate cannot exhaust memory; with realistic parameters
// the cap never binds.
const MaxRepeats = 1000

// draw simulates one customer observed for age weeks after the first
// purchase. Dropout is possible only after a repeat purchase, as in the
// model, so a customer who never buys again is still alive.
func (p BGNBD) draw(rng *rand.Rand, age float64) Draw {
	d := Draw{Lambda: gamma(rng, p.R, p.Alpha), Dropout: beta(rng, p.A, p.B)}
	if d.Lambda <= 0 {
		return d
	}
	t := 0.0
	for {
		t += rng.ExpFloat64() / d.Lambda
		if t > age || len(d.Repeats) == MaxRepeats {
			return d
		}
		d.Repeats = append(d.Repeats, t)
		if chance(rng, d.Dropout) {
			return d
		}
	}
}

func invalid(field, value, rule string) error {
	return touchpoint.Invalid("simulate", field, value, rule)
}
