package clv_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"log"
	"os"
	"strconv"
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/loyalty/clv"
	"github.com/cemkit/cem/touchpoint"
)

// loadCDNOW reads the CDNOW calibration summary (ID,frequency,recency,T;
// weeks) of Fader, Hardie & Lee (2005).
func loadCDNOW() []clv.Summary {
	f, err := os.Open("testdata/cdnow_customers_summary.csv")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		log.Fatal(err)
	}
	var out []clv.Summary
	for _, r := range recs[1:] {
		var v [3]float64
		for i := range v {
			if v[i], err = strconv.ParseFloat(r[i+1], 64); err != nil {
				log.Fatal(err)
			}
		}
		out = append(out, clv.Summary{Frequency: v[0], Recency: v[1], Age: v[2]})
	}
	return out
}

func ExampleFitBGNBD() {
	fit, err := clv.FitBGNBD(context.Background(), loadCDNOW(), clv.FitOptions{})
	if err != nil {
		log.Fatal(err)
	}
	m, se := fit.Model, fit.StdErr
	fmt.Printf("r = %.3f ± %.3f\n", m.R, se.R)
	fmt.Printf("alpha = %.3f ± %.3f\n", m.Alpha, se.Alpha)
	fmt.Printf("a = %.3f ± %.3f\n", m.A, se.A)
	fmt.Printf("b = %.3f ± %.3f\n", m.B, se.B)
	fmt.Printf("LL = %.1f over %v customers\n", fit.LogLikelihood, fit.Customers)
	// Output:
	// r = 0.243 ± 0.013
	// alpha = 4.414 ± 0.378
	// a = 0.793 ± 0.186
	// b = 2.426 ± 0.705
	// LL = -9582.4 over 2357 customers
}

func ExampleFitParetoNBD() {
	fit, err := clv.FitParetoNBD(context.Background(), loadCDNOW(), clv.FitOptions{})
	if err != nil {
		log.Fatal(err)
	}
	m := fit.Model
	fmt.Printf("r = %.3f, alpha = %.2f, s = %.3f, beta = %.1f, LL = %.1f\n", m.R, m.Alpha, m.S, m.Beta, fit.LogLikelihood)
	// Output:
	// r = 0.553, alpha = 10.58, s = 0.606, beta = 11.7, LL = -9595.0
}

func ExampleFitMBGNBD() {
	fit, err := clv.FitMBGNBD(context.Background(), loadCDNOW(), clv.FitOptions{})
	if err != nil {
		log.Fatal(err)
	}
	m := fit.Model
	fmt.Printf("r = %.3f, alpha = %.3f, a = %.3f, b = %.3f\n", m.R, m.Alpha, m.A, m.B)
	// Output:
	// r = 0.525, alpha = 6.183, a = 0.891, b = 1.614
}

func ExampleBGNBD_PAlive() {
	m := clv.BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426}
	// Customer 1 of CDNOW: 2 repeat purchases, the last at week 30.43,
	// first purchase 38.86 weeks before the end of the calibration period.
	s := clv.Summary{Frequency: 2, Recency: 30.43, Age: 38.86}
	p, err := m.PAlive(s)
	if err != nil {
		log.Fatal(err)
	}
	e, err := m.ExpectedPurchases(s, 39)
	if err != nil {
		log.Fatal(err)
	}
	n, err := m.ExpectedPurchasesNew(39)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("P(alive) = %.3f, next 39 weeks: %.3f purchases (new customer: %.3f)\n", p, e, n)
	// Output:
	// P(alive) = 0.727, next 39 weeks: 1.226 purchases (new customer: 1.197)
}

func ExampleBGNBD_ProbPurchases() {
	m := clv.BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426}
	for n := range 3 {
		p, err := m.ProbPurchases(39, n)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("P(X(39) = %d) = %.3f\n", n, p)
	}
	// Output:
	// P(X(39) = 0) = 0.574
	// P(X(39) = 1) = 0.199
	// P(X(39) = 2) = 0.085
}

func ExampleFitGammaGamma() {
	f, err := os.Open("testdata/cdnow_customers_summary_with_transactions.csv")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll() // ID,x,t_x,T,zbar
	if err != nil {
		log.Fatal(err)
	}
	var data []clv.Spend
	for _, r := range recs[1:] {
		x, err1 := strconv.ParseFloat(r[1], 64)
		z, err2 := strconv.ParseFloat(r[4], 64)
		if err1 != nil || err2 != nil {
			log.Fatal(r)
		}
		data = append(data, clv.Spend{Frequency: x, MeanValue: z})
	}
	// Customers without repeat purchases are skipped: 946 remain.
	fit, err := clv.FitGammaGamma(context.Background(), data, clv.FitOptions{})
	if err != nil {
		log.Fatal(err)
	}
	m := fit.Model
	fmt.Printf("p = %.2f, q = %.2f, v = %.1f over %v customers\n", m.P, m.Q, m.V, fit.Customers)
	// Output:
	// p = 6.25, q = 3.74, v = 15.4 over 946 customers
}

func ExampleGammaGamma_ExpectedSpend() {
	data := []clv.Spend{{Frequency: 2, MeanValue: 22.35}, {Frequency: 1, MeanValue: 11.77}, {Frequency: 0}}
	m := clv.GammaGamma{P: 6.25, Q: 3.74, V: 15.44} // Fader & Hardie (2013)
	for _, s := range data {
		e, err := m.ExpectedSpend(s)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("x = %v, mean %.2f: expected spend %.2f\n", s.Frequency, s.MeanValue, e)
	}
	// Output:
	// x = 2, mean 22.35: expected spend 24.66
	// x = 1, mean 11.77: expected spend 18.92
	// x = 0, mean 0.00: expected spend 35.22
}

func ExampleFitBGBB() {
	// The 1995 cohort of Fader, Hardie & Shang (2010), as weighted patterns
	// over 6 yearly opportunities.
	data := []clv.Pattern{
		{6, 6, 6, 1203}, {5, 6, 6, 728}, {4, 6, 6, 512}, {3, 6, 6, 357}, {2, 6, 6, 234}, {1, 6, 6, 129},
		{5, 5, 6, 335}, {4, 5, 6, 284}, {3, 5, 6, 225}, {2, 5, 6, 173}, {1, 5, 6, 119},
		{4, 4, 6, 240}, {3, 4, 6, 181}, {2, 4, 6, 155}, {1, 4, 6, 78},
		{3, 3, 6, 322}, {2, 3, 6, 255}, {1, 3, 6, 129},
		{2, 2, 6, 613}, {1, 2, 6, 277},
		{1, 1, 6, 1091},
		{0, 0, 6, 3464},
	}
	fit, err := clv.FitBGBB(context.Background(), data, clv.FitOptions{})
	if err != nil {
		log.Fatal(err)
	}
	m := fit.Model
	fmt.Printf("alpha = %.3f, beta = %.3f, gamma = %.3f, delta = %.3f\n", m.Alpha, m.Beta, m.Gamma, m.Delta)
	p, _ := m.PAlive(clv.Pattern{Frequency: 1, Recency: 1, Periods: 6})
	fmt.Printf("P(alive in 2002 | one donation, in 1996) = %.3f\n", p)
	// Output:
	// alpha = 1.204, beta = 0.750, gamma = 0.657, delta = 2.783
	// P(alive in 2002 | one donation, in 1996) = 0.069
}

func ExampleValue() {
	bg := clv.BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426}
	gg := clv.GammaGamma{P: 6.25, Q: 3.74, V: 15.44}
	s := clv.Summary{Frequency: 2, Recency: 30.43, Age: 38.86}
	sp := clv.Spend{Frequency: 2, MeanValue: 22.35}
	// A year of months (4.345 weeks each) at 1% a month, in US dollars.
	v, err := clv.Value(bg, gg, s, sp, clv.ValueOptions{Periods: 12, PeriodLength: 4.345, DiscountRate: 0.01, Currency: "USD"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(v.Amount, v.Currency)
	// Output:
	// 36.29 USD
}

// A host computes the models' input from its own stored purchases, here one
// customer who bought on 2 and 16 January and again on 6 February, with a
// calibration period that ends on 27 February.
func ExampleCalibration() {
	day := func(d int) time.Time { return time.Date(2026, 1, d, 15, 0, 0, 0, time.UTC) }
	limits := touchpoint.Limits{Now: func() time.Time { return day(1).AddDate(1, 0, 0) }}
	j := journey.NewWithLimits("c-7", limits)
	for i, d := range []int{2, 16, 37} {
		v, _ := touchpoint.NewMoney(fmt.Sprint(20+10*i), "EUR")
		err := j.Add(touchpoint.Touchpoint{ID: touchpoint.IDFromKey("orders", fmt.Sprint(i)), CustomerID: "c-7",
			Time: day(d), Channel: touchpoint.Web, Stage: touchpoint.Purchase, Value: v})
		if err != nil {
			panic(err)
		}
	}
	cal := clv.Calibration{Cutoff: time.Date(2026, 2, 27, 0, 0, 0, 0, time.UTC)}
	s, spend, ok, err := cal.Summarize(j)
	if err != nil || !ok {
		panic(err)
	}
	fmt.Printf("x=%v t_x=%.1f weeks T=%.1f weeks, mean repeat spend %.2f\n", s.Frequency, s.Recency, s.Age, spend.MeanValue)

	// The summary and the spend go to Value together: a year of months at
	// 1% a month under the CDNOW BG/NBD and Gamma-Gamma parameters.
	bg := clv.BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426}
	gg := clv.GammaGamma{P: 6.25, Q: 3.74, V: 15.44}
	v, err := clv.Value(bg, gg, s, spend, clv.ValueOptions{Periods: 12, PeriodLength: 4.345, DiscountRate: 0.01, Currency: "EUR"})
	if err != nil {
		panic(err)
	}
	fmt.Println("lifetime value for the next year:", v.Amount, v.Currency)
	// Output:
	// x=2 t_x=5.0 weeks T=8.0 weeks, mean repeat spend 35.00
	// lifetime value for the next year: 125.53 EUR
}
