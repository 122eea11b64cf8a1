package clv_test

import (
	"math"
	"testing"

	"github.com/cemkit/cem/loyalty/clv"
	"github.com/cemkit/cem/touchpoint"
	"github.com/shopspring/decimal"
)

func TestValue(t *testing.T) {
	bg := clv.BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426}
	pn := clv.ParetoNBD{R: 0.553, Alpha: 10.578, S: 0.606, Beta: 11.669}
	gg := clv.GammaGamma{P: 6.25, Q: 3.74, V: 15.44}
	s := clv.Summary{Frequency: 2, Recency: 30.43, Age: 38.86}
	const meanValue = 22.35
	spend, err := gg.ExpectedSpend(clv.Spend{Frequency: 2, MeanValue: meanValue})
	if err != nil {
		t.Fatal(err)
	}
	// want recomputes the documented sum independently of Value.
	want := func(tm clv.TransactionModel, o clv.ValueOptions) decimal.Decimal {
		var v float64
		for k := 1; k <= o.Periods; k++ {
			hi, _ := tm.ExpectedPurchases(s, float64(k)*o.PeriodLength)
			lo, _ := tm.ExpectedPurchases(s, float64(k-1)*o.PeriodLength)
			v += (hi - lo) * spend / math.Pow(1+o.DiscountRate, float64(k))
		}
		return decimal.NewFromFloat(v).Round(2)
	}
	cases := []struct {
		name   string
		tm     clv.TransactionModel
		opts   clv.ValueOptions
		reason string
	}{
		{"BG/NBD year of months", bg, clv.ValueOptions{Periods: 12, PeriodLength: 4.345, DiscountRate: 0.01, Currency: "USD"}, "lifetimes' default use"},
		{"BG/NBD one period undiscounted", bg, clv.ValueOptions{Periods: 1, PeriodLength: 39, Currency: "EUR"}, "E[Y(39)] × E[Z]"},
		{"Pareto/NBD weekly, 5 years", pn, clv.ValueOptions{Periods: 260, PeriodLength: 1, DiscountRate: 0.002, Currency: "JPY"}, "many periods"},
	}
	for _, c := range cases {
		got, err := clv.Value(c.tm, gg, s, meanValue, c.opts)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		w := touchpoint.Money{Amount: want(c.tm, c.opts), Currency: c.opts.Currency}
		if !got.Equal(w) {
			t.Errorf("%s (%s): Value = %v, want %v", c.name, c.reason, got, w)
		}
	}
	// One undiscounted period is E[Y(39)] times the expected spend.
	e39, _ := bg.ExpectedPurchases(s, 39)
	got, _ := clv.Value(bg, gg, s, meanValue, clv.ValueOptions{Periods: 1, PeriodLength: 39, Currency: "EUR"})
	if w := decimal.NewFromFloat(e39 * spend).Round(2); !got.Amount.Equal(w) {
		t.Errorf("one period: %v, want %v", got.Amount, w)
	}
	// Discounting lowers the value; a longer horizon raises it.
	base := clv.ValueOptions{Periods: 12, PeriodLength: 4.345, DiscountRate: 0.01, Currency: "USD"}
	v1, _ := clv.Value(bg, gg, s, meanValue, base)
	base.DiscountRate = 0.05
	v2, _ := clv.Value(bg, gg, s, meanValue, base)
	base.Periods = 24
	v3, _ := clv.Value(bg, gg, s, meanValue, base)
	if !v2.Amount.LessThan(v1.Amount) || !v2.Amount.LessThan(v3.Amount) {
		t.Errorf("values %v (1%%), %v (5%%), %v (5%%, 24 periods): want the second smallest", v1, v2, v3)
	}
}
