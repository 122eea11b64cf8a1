package clv

import (
	"fmt"
	"math"

	"github.com/cemkit/cem/touchpoint"
	"github.com/shopspring/decimal"
)

// TransactionModel predicts how many purchases a customer will make. It is
// implemented by [BGNBD], [ParetoNBD] and [MBGNBD].
type TransactionModel interface {
	// ExpectedPurchases returns the expected number of purchases of the
	// customer summarised by s in the next t time units.
	ExpectedPurchases(s Summary, t float64) (float64, error)
}

var (
	_ TransactionModel = BGNBD{}
	_ TransactionModel = ParetoNBD{}
	_ TransactionModel = MBGNBD{}
)

// ValueOptions sets the horizon, discounting and currency of [Value].
type ValueOptions struct {
	// Periods is the horizon as a number of discount periods, e.g. 12
	// for a year of months. It must be between 1 and [MaxPeriods].
	Periods int
	// PeriodLength is the length of one period in the time unit of the
	// summaries, e.g. 4.345 for a month when summaries are in weeks
	// (lifetimes' freq="W"). It must be positive and finite.
	PeriodLength float64
	// DiscountRate is the discount rate per period, e.g. 0.01 for 1% a
	// month. It must be finite and not negative.
	DiscountRate float64
	// Currency is the ISO 4217 code of the spend values, e.g. "USD".
	Currency string
}

// Value returns the discounted customer lifetime value of one customer
// over opts.Periods periods:
//
//	CLV = Σ_{k=1..K} (E[Y(kL)] − E[Y((k−1)L)]) × E[Z] / (1 + d)^k
//
// where E[Y(t)] is tm's expected number of purchases in the next t time
// units of the customer summarised by s, L is opts.PeriodLength, d is
// opts.DiscountRate and E[Z] is gg's expected spend per purchase for the
// customer's spend sp ([GammaGamma.ExpectedSpend]). Each period's purchases
// are discounted at the end of the period. This is the discrete sum of
// lifetimes' customer_lifetime_value, and the discrete-time counterpart of
// the discounted expected residual transactions of Fader, Hardie & Lee
// (2005, JMR).
//
// s and sp are the two results of [Calibration.Summarize]: sp.Frequency
// counts only the repeat purchases that carry a value, so it may be below
// s.Frequency, and the spend model must see that count, not s.Frequency. A
// customer none of whose repeat purchases carries a value (sp.Frequency 0)
// is given the population mean spend, as the Gamma-Gamma model does for a
// customer without repeat purchases.
//
// The amount is rounded half away from zero to 2 decimal places. Value
// returns an [*InputError] for an invalid summary, spend or option, or a
// spend with more valued repeat purchases than s has repeat purchases, and
// an error wrapping [ErrNonFinite] when the value does not fit in a
// [touchpoint.Money].
func Value(tm TransactionModel, gg GammaGamma, s Summary, sp Spend, opts ValueOptions) (touchpoint.Money, error) {
	switch {
	case opts.Periods <= 0 || opts.Periods > MaxPeriods:
		return touchpoint.Money{}, argError("horizon", opts.Periods, "must be between 1 and 2^20 periods")
	case !isFinite(opts.PeriodLength) || opts.PeriodLength <= 0:
		return touchpoint.Money{}, argError("period length", opts.PeriodLength, "must be positive and finite")
	case !isFinite(opts.DiscountRate) || opts.DiscountRate < 0:
		return touchpoint.Money{}, argError("discount rate", opts.DiscountRate, "must be finite and not negative")
	case !touchpoint.ValidCurrency(opts.Currency):
		return touchpoint.Money{}, argError("currency", opts.Currency, "must be an ISO 4217 code such as USD")
	case sp.Frequency > s.Frequency:
		return touchpoint.Money{}, argError("spend Frequency", sp.Frequency, "must not exceed the summary's Frequency")
	}
	z, err := gg.ExpectedSpend(sp)
	if err != nil {
		return touchpoint.Money{}, err
	}
	var total, prev float64
	lnDisc := math.Log1p(opts.DiscountRate)
	for k := 1; k <= opts.Periods; k++ {
		cum, err := tm.ExpectedPurchases(s, float64(k)*opts.PeriodLength)
		if err != nil {
			return touchpoint.Money{}, err
		}
		total += (cum - prev) * z * math.Exp(-float64(k)*lnDisc)
		prev = cum
	}
	if _, err := finite("lifetime value", total); err != nil {
		return touchpoint.Money{}, err
	}
	m := touchpoint.Money{Amount: decimal.NewFromFloat(total).Round(2), Currency: opts.Currency}
	if err := m.Validate(); err != nil {
		return touchpoint.Money{}, fmt.Errorf("%w: lifetime value %s out of range: %v", ErrNonFinite, m.Amount, err)
	}
	return m, nil
}
