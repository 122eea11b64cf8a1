package clv_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/cemkit/cem/loyalty/clv"
)

func TestInputErrors(t *testing.T) {
	bg := clv.BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426}
	nan := math.NaN()
	cases := []struct {
		name  string
		s     clv.Summary
		field string
	}{
		{"negative frequency", clv.Summary{Frequency: -1, Recency: 1, Age: 2}, "Frequency"},
		{"negative recency", clv.Summary{Frequency: 1, Recency: -1, Age: 2}, "Recency"},
		{"negative age", clv.Summary{Age: -1}, "Age"},
		{"recency above age", clv.Summary{Frequency: 1, Recency: 3, Age: 2}, "Recency"},
		{"repeat purchase at time 0", clv.Summary{Frequency: 2, Recency: 0, Age: 2}, "Recency"},
		{"recency without purchase", clv.Summary{Frequency: 0, Recency: 1, Age: 2}, "Recency"},
		{"NaN frequency", clv.Summary{Frequency: nan, Recency: 1, Age: 2}, "Frequency"},
		{"infinite age", clv.Summary{Frequency: 1, Recency: 1, Age: math.Inf(1)}, "Age"},
		{"fractional frequency", clv.Summary{Frequency: 0.5, Recency: 1, Age: 2}, "Frequency"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for what, err := range map[string]error{
				"PAlive":            second(bg.PAlive(c.s)),
				"ExpectedPurchases": second(bg.ExpectedPurchases(c.s, 1)),
				"LogLikelihood":     second(bg.LogLikelihood(c.s)),
				"FitBGNBD":          second(clv.FitBGNBD(context.Background(), []clv.Summary{{Frequency: 1, Recency: 1, Age: 2}, c.s}, clv.FitOptions{})),
			} {
				var ie *clv.InputError
				if !errors.Is(err, clv.ErrInvalidInput) || !errors.As(err, &ie) {
					t.Fatalf("%s: err = %v, want an *InputError", what, err)
				}
				if ie.Field != c.field {
					t.Errorf("%s: field %q, want %q", what, ie.Field, c.field)
				}
				if what == "FitBGNBD" && ie.Index != 1 {
					t.Errorf("%s: index %d, want 1", what, ie.Index)
				}
				if !strings.HasPrefix(err.Error(), "clv: ") {
					t.Errorf("%s: message %q does not start with \"clv: \"", what, err)
				}
			}
		})
	}
}

func second[T any](_ T, err error) error { return err }

func TestArgumentErrors(t *testing.T) {
	bg := clv.BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426}
	gg := clv.GammaGamma{P: 6.25, Q: 3.74, V: 15.44}
	bgbb := clv.BGBB{Alpha: 1.204, Beta: 0.750, Gamma: 0.657, Delta: 2.783}
	s := clv.Summary{Frequency: 2, Recency: 30, Age: 39}
	valueOpts := clv.ValueOptions{Periods: 12, PeriodLength: 4.345, DiscountRate: 0.01, Currency: "USD"}
	withOpts := func(f func(*clv.ValueOptions)) clv.ValueOptions {
		o := valueOpts
		f(&o)
		return o
	}
	ctx := context.Background()
	cases := []struct {
		name string
		err  error
		want error
	}{
		{"negative horizon", second(bg.ExpectedPurchases(s, -1)), clv.ErrInvalidInput},
		{"NaN horizon", second(bg.ExpectedPurchases(s, math.NaN())), clv.ErrInvalidInput},
		{"zero parameter", second(clv.BGNBD{R: 0, Alpha: 1, A: 1, B: 1}.PAlive(s)), clv.ErrInvalidInput},
		{"NaN parameter", second(clv.ParetoNBD{R: 1, Alpha: math.NaN(), S: 1, Beta: 1}.PAlive(s)), clv.ErrInvalidInput},
		{"ProbPurchases negative n", second(bg.ProbPurchases(39, -1)), clv.ErrInvalidInput},
		{"ProbPurchases zero horizon", second(bg.ProbPurchases(0, 1)), clv.ErrInvalidInput},
		{"empty data", second(clv.FitBGNBD(ctx, nil, clv.FitOptions{})), clv.ErrNoData},
		{"all frequency zero", second(clv.FitParetoNBD(ctx, []clv.Summary{{Age: 3}, {Age: 5}}, clv.FitOptions{})), clv.ErrNoRepeat},
		{"gamma-gamma no repeat buyer", second(clv.FitGammaGamma(ctx, []clv.Spend{{MeanValue: 3}}, clv.FitOptions{})), clv.ErrNoRepeat},
		{"gamma-gamma zero spend", second(clv.FitGammaGamma(ctx, []clv.Spend{{Frequency: 1, MeanValue: 0}}, clv.FitOptions{})), clv.ErrInvalidInput},
		{"gamma-gamma LL without repeat", second(gg.LogLikelihood(clv.Spend{MeanValue: 3})), clv.ErrInvalidInput},
		{"BG/BB recency above periods", second(bgbb.PAlive(clv.Pattern{Frequency: 1, Recency: 7, Periods: 6})), clv.ErrInvalidInput},
		{"BG/BB frequency above recency", second(bgbb.PAlive(clv.Pattern{Frequency: 3, Recency: 2, Periods: 6})), clv.ErrInvalidInput},
		{"BG/BB negative weight", second(clv.FitBGBB(ctx, []clv.Pattern{{Frequency: 1, Recency: 1, Periods: 2, Weight: -1}}, clv.FitOptions{})), clv.ErrInvalidInput},
		{"BG/BB no repeat", second(clv.FitBGBB(ctx, []clv.Pattern{{Periods: 6, Weight: 10}}, clv.FitOptions{})), clv.ErrNoRepeat},
		{"BG/BB negative horizon", second(bgbb.ExpectedPurchases(clv.Pattern{Periods: 6}, -1)), clv.ErrInvalidInput},
		{"value zero horizon", second(clv.Value(bg, gg, s, clv.Spend{Frequency: 1, MeanValue: 20}, withOpts(func(o *clv.ValueOptions) { o.Periods = 0 }))), clv.ErrInvalidInput},
		{"value negative discount", second(clv.Value(bg, gg, s, clv.Spend{Frequency: 1, MeanValue: 20}, withOpts(func(o *clv.ValueOptions) { o.DiscountRate = -0.1 }))), clv.ErrInvalidInput},
		{"value too many periods", second(clv.Value(bg, gg, s, clv.Spend{Frequency: 1, MeanValue: 20}, withOpts(func(o *clv.ValueOptions) { o.Periods = clv.MaxPeriods + 1 }))), clv.ErrInvalidInput},
		{"value zero period length", second(clv.Value(bg, gg, s, clv.Spend{Frequency: 1, MeanValue: 20}, withOpts(func(o *clv.ValueOptions) { o.PeriodLength = 0 }))), clv.ErrInvalidInput},
		{"value bad currency", second(clv.Value(bg, gg, s, clv.Spend{Frequency: 1, MeanValue: 20}, withOpts(func(o *clv.ValueOptions) { o.Currency = "usd" }))), clv.ErrInvalidInput},
		{"value infinite mean spend", second(clv.Value(bg, clv.GammaGamma{P: 0.1, Q: 0.5, V: 1}, clv.Summary{Age: 3}, clv.Spend{}, valueOpts)), clv.ErrNonFinite},
	}
	for _, c := range cases {
		if !errors.Is(c.err, c.want) {
			t.Errorf("%s: err = %v, want %v", c.name, c.err, c.want)
		}
		if c.err != nil && !strings.HasPrefix(c.err.Error(), "clv: ") {
			t.Errorf("%s: message %q does not start with \"clv: \"", c.name, c.err)
		}
	}
}
