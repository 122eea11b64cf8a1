package loyalty_test

import (
	"fmt"
	"slices"
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/loyalty"
	"github.com/cemkit/cem/touchpoint"
)

// A customer buys twice, says she would recommend the shop, then goes
// quiet: the default rules place her as an advocate, and her history shows
// her climb and the slide once her last purchase is half a year old.
func ExampleRules_History() {
	start := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	clock := touchpoint.Limits{Now: func() time.Time { return start.AddDate(1, 0, 0) }}
	j := journey.NewWithLimits("c-42", clock)
	at := func(days int, stage touchpoint.Stage, fb touchpoint.Feedback) touchpoint.Touchpoint {
		return touchpoint.Touchpoint{ID: touchpoint.IDFromKey("example", fmt.Sprint(days)), CustomerID: "c-42",
			Time: start.AddDate(0, 0, days), Channel: touchpoint.Web, Stage: stage, Feedback: fb}
	}
	err := j.Add(
		at(0, touchpoint.Purchase, touchpoint.Feedback{}),
		at(21, touchpoint.Purchase, touchpoint.Feedback{}),
		at(25, touchpoint.Usage, touchpoint.Feedback{NPS: touchpoint.Rate(10)}),
	)
	if err != nil {
		panic(err)
	}

	var rules loyalty.Rules // the retail defaults
	p, err := rules.Place(j, start.AddDate(0, 1, 0))
	if err != nil {
		panic(err)
	}
	fmt.Println(p.Stage, "-", p.Why)

	moves, err := rules.History(j, start.AddDate(1, 0, 0))
	if err != nil {
		panic(err)
	}
	for _, m := range moves {
		fmt.Println(m.Time.Format(time.DateOnly), m.From, "→", m.To, "-", m.Why)
	}
	// Output:
	// advocate - loyal and a promoter (NPS 10)
	// 2026-01-05 prospect → satisfied - bought 1 time(s), no sign of dissatisfaction
	// 2026-01-26 satisfied → loyal - 2 purchases, the latest within 180 days
	// 2026-01-30 loyal → advocate - loyal and a promoter (NPS 10)
	// 2026-07-25 advocate → satisfied - repeat buyer, but the latest purchase is older than 180 days
}

// NPS, CSAT and CES of a small survey, each with its sample size and 95 %
// interval: four answers say little.
func ExampleTally() {
	var t loyalty.Tally
	for _, v := range []float64{9, 10, 6, 8} {
		if err := t.AddNPS(v); err != nil {
			panic(err)
		}
	}
	for _, v := range []float64{5, 4, 2, 4} {
		if err := t.AddCSAT(v); err != nil {
			panic(err)
		}
	}
	for _, v := range []float64{2, 3, 2, 1} {
		if err := t.AddCES(v); err != nil {
			panic(err)
		}
	}
	nps, _ := t.NPS(0)
	csat, _ := t.CSAT(0)
	ces, _ := t.CES(0)
	fmt.Printf("NPS  %+.0f (n=%d, 95%% CI %+.0f…%+.0f)\n", nps.Score, nps.N, nps.Low, nps.High)
	fmt.Printf("CSAT %.0f%% (n=%d, 95%% CI %.0f…%.0f%%)\n", csat.Score, csat.N, csat.Low, csat.High)
	fmt.Printf("CES  %.2f (n=%d, 95%% CI %.2f…%.2f)\n", ces.Mean, ces.N, ces.Low, ces.High)

	if err := t.AddNPS(11); err != nil {
		fmt.Println(err)
	}
	// Output:
	// NPS  +25 (n=4, 95% CI -44…+73)
	// CSAT 75% (n=4, 95% CI 30…95%)
	// CES  2.00 (n=4, 95% CI 1.00…3.30)
	// loyalty: invalid nps "11": must be an integer in 0..10
}

// Was last month's NPS improvement real? Tally per month, then test.
func ExampleNPSChange() {
	at := func(month time.Month, n int, v float64) touchpoint.Touchpoint {
		return touchpoint.Touchpoint{ID: touchpoint.IDFromKey("survey", fmt.Sprint(month, n)),
			Time: time.Date(2026, month, 10, 0, 0, 0, 0, time.UTC), Feedback: touchpoint.Feedback{NPS: touchpoint.Rate(v)}}
	}
	var answers []touchpoint.Touchpoint
	for i := range 100 {
		answers = append(answers, at(time.March, i, []float64{10, 7, 3}[i%3]))
		answers = append(answers, at(time.April, i, []float64{10, 9, 8, 2}[i%4]))
	}
	monthly, err := loyalty.ByPeriod(loyalty.Monthly, nil)
	if err != nil {
		panic(err)
	}
	months, err := loyalty.Segment(slices.Values(answers), monthly)
	if err != nil {
		panic(err)
	}
	c, err := loyalty.NPSChange(months["2026-03"], months["2026-04"])
	if err != nil {
		panic(err)
	}
	fmt.Printf("NPS %+.0f → %+.0f, p = %.3f\n", c.Before, c.After, c.P)
	// Output:
	// NPS +1 → +25, p = 0.042
}

// The Wallet Allocation Rule: a customer who uses three grocers and ranks
// two of them equal first.
func ExampleWalletShares() {
	shares, err := loyalty.WalletShares(map[string]int{"ours": 1, "rival": 1, "discounter": 2})
	if err != nil {
		panic(err)
	}
	for _, b := range []string{"ours", "rival", "discounter"} {
		fmt.Printf("%-10s %.3f\n", b, shares[b])
	}
	// Output:
	// ours       0.417
	// rival      0.417
	// discounter 0.167
}

// Place shows the evidence behind a stage: a repeat buyer whose latest
// delivery failed badly and has not been put right is not loyal, whatever
// the purchase count says.
func ExampleRules_Place() {
	start := time.Date(2026, 2, 2, 9, 0, 0, 0, time.UTC)
	clock := touchpoint.Limits{Now: func() time.Time { return start.AddDate(0, 2, 0) }}
	j := journey.NewWithLimits("c-7", clock)
	buy := func(days int) touchpoint.Touchpoint {
		return touchpoint.Touchpoint{ID: touchpoint.IDFromKey("orders", fmt.Sprint(days)), CustomerID: "c-7",
			Time: start.AddDate(0, 0, days), Channel: touchpoint.Store, Stage: touchpoint.Purchase}
	}
	late := journey.Failure{ID: touchpoint.IDFromKey("failures", "1"), CustomerID: "c-7", Time: start.AddDate(0, 0, 33),
		Kind: journey.LateDelivery, Severity: journey.Major, Channel: touchpoint.Web}
	if err := j.Add(buy(0), buy(30)); err != nil {
		panic(err)
	}
	if err := j.AddFailure(late); err != nil {
		panic(err)
	}

	p, err := loyalty.Rules{}.Place(j, start.AddDate(0, 1, 10))
	if err != nil {
		panic(err)
	}
	fmt.Println(p.Stage, "-", p.Why)
	for _, e := range p.Evidence {
		fmt.Println(" ", e)
	}
	// Output:
	// first_time - bought, but a major failure is unresolved
	//   2 purchase(s), latest on 2026-03-04
	//   unresolved major failure on 2026-03-07
}

// Each customer ranks the grocers they use; the Wallet Allocation Rule turns
// the ranks into shares, averaged per brand.
func ExampleAverageWalletShares() {
	customers := []map[string]int{
		{"ours": 1, "rival": 2},
		{"rival": 1, "ours": 2, "discounter": 3},
		{"ours": 1},
	}
	shares, err := loyalty.AverageWalletShares(slices.Values(customers))
	if err != nil {
		panic(err)
	}
	for _, s := range shares {
		fmt.Printf("%-10s %.3f of all spending, %.3f among its %d users\n", s.Brand, s.Share, s.UserShare, s.Users)
	}
	// Output:
	// ours       0.667 of all spending, 0.667 among its 3 users
	// rival      0.278 of all spending, 0.417 among its 2 users
	// discounter 0.056 of all spending, 0.167 among its 1 users
}
