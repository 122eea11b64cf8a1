package clv_test

import (
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/loyalty/clv"
	"github.com/cemkit/cem/touchpoint"
)

func TestValue(t *testing.T) {
	bg := clv.BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426}
	pn := clv.ParetoNBD{R: 0.553, Alpha: 10.578, S: 0.606, Beta: 11.669}
	gg := clv.GammaGamma{P: 6.25, Q: 3.74, V: 15.44}
	s := clv.Summary{Frequency: 2, Recency: 30.43, Age: 38.86}
	sp := clv.Spend{Frequency: 2, MeanValue: 22.35}
	spend, err := gg.ExpectedSpend(sp)
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
		got, err := clv.Value(c.tm, gg, s, sp, c.opts)
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
	got, _ := clv.Value(bg, gg, s, sp, clv.ValueOptions{Periods: 1, PeriodLength: 39, Currency: "EUR"})
	if w := decimal.NewFromFloat(e39 * spend).Round(2); !got.Amount.Equal(w) {
		t.Errorf("one period: %v, want %v", got.Amount, w)
	}
	// Discounting lowers the value; a longer horizon raises it.
	base := clv.ValueOptions{Periods: 12, PeriodLength: 4.345, DiscountRate: 0.01, Currency: "USD"}
	v1, _ := clv.Value(bg, gg, s, sp, base)
	base.DiscountRate = 0.05
	v2, _ := clv.Value(bg, gg, s, sp, base)
	base.Periods = 24
	v3, _ := clv.Value(bg, gg, s, sp, base)
	if !v2.Amount.LessThan(v1.Amount) || !v2.Amount.LessThan(v3.Amount) {
		t.Errorf("values %v (1%%), %v (5%%), %v (5%%, 24 periods): want the second smallest", v1, v2, v3)
	}
}

// Value takes the Spend that Calibration returns, whose Frequency counts
// only the repeat purchases with a value: a customer with an unvalued
// repeat purchase is valued on the valued ones, and one with no valued
// repeat purchase at the population mean spend, not refused.
func TestValueFromCalibration(t *testing.T) {
	bg := clv.BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426}
	gg := clv.GammaGamma{P: 6.25, Q: 3.74, V: 15.44}
	opts := clv.ValueOptions{Periods: 12, PeriodLength: 4.345, DiscountRate: 0.01, Currency: "EUR"}
	day := func(d int) time.Time { return time.Date(2026, 1, d, 15, 0, 0, 0, time.UTC) }
	cal := clv.Calibration{Cutoff: time.Date(2026, 2, 27, 0, 0, 0, 0, time.UTC)}
	tests := []struct {
		name      string
		days      []int
		valued    []bool
		wantSpend clv.Spend
		reason    string
	}{
		{"one repeat purchase without a value", []int{2, 16, 37}, []bool{true, false, true},
			clv.Spend{Frequency: 1, MeanValue: 40}, "two repeat purchases, one valued: spend rests on x = 1, not 2"},
		{"no valued repeat purchase", []int{2, 16}, []bool{true, false},
			clv.Spend{}, "a repeat purchase without a value: the population mean spend"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := journey.NewWithLimits("c-7", touchpoint.Limits{Now: func() time.Time { return day(1).AddDate(1, 0, 0) }})
			for i, d := range tt.days {
				tp := touchpoint.Touchpoint{ID: touchpoint.IDFromKey("orders", fmt.Sprint(i)), CustomerID: "c-7",
					Time: day(d), Channel: touchpoint.Web, Stage: touchpoint.Purchase}
				if tt.valued[i] {
					tp.Value, _ = touchpoint.NewMoney("40", "EUR")
				}
				if err := j.Add(tp); err != nil {
					t.Fatal(err)
				}
			}
			s, sp, _, err := cal.Summarize(j)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.wantSpend, sp); diff != "" {
				t.Fatalf("Summarize() spend mismatch (-want +got):\n%s", diff)
			}
			got, err := clv.Value(bg, gg, s, sp, opts)
			if err != nil {
				t.Fatalf("Value() = %v (%s)", err, tt.reason)
			}
			// The documented sum, with E[Z] = p(v + x z̄)/(px + q − 1) written out.
			z := gg.P * (gg.V + sp.Frequency*sp.MeanValue) / (gg.P*sp.Frequency + gg.Q - 1)
			var v float64
			for k := 1; k <= opts.Periods; k++ {
				hi, _ := bg.ExpectedPurchases(s, float64(k)*opts.PeriodLength)
				lo, _ := bg.ExpectedPurchases(s, float64(k-1)*opts.PeriodLength)
				v += (hi - lo) * z / math.Pow(1+opts.DiscountRate, float64(k))
			}
			if want := decimal.NewFromFloat(v).Round(2); !got.Amount.Equal(want) {
				t.Errorf("Value() = %v, want %v (%s)", got.Amount, want, tt.reason)
			}
		})
	}
}

func TestValueSpendBeyondSummary(t *testing.T) {
	bg := clv.BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426}
	gg := clv.GammaGamma{P: 6.25, Q: 3.74, V: 15.44}
	_, err := clv.Value(bg, gg, clv.Summary{Frequency: 1, Recency: 2, Age: 5}, clv.Spend{Frequency: 2, MeanValue: 30},
		clv.ValueOptions{Periods: 1, PeriodLength: 1, Currency: "EUR"})
	var ie *clv.InputError
	if !errors.As(err, &ie) || ie.Field != "spend Frequency" {
		t.Errorf("Value() err = %v, want an InputError on spend Frequency: more valued repeat purchases than repeat purchases", err)
	}
}
