package simulate_test

import (
	"fmt"
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/journey/simulate"
	"github.com/cemkit/cem/touchpoint"
)

// A test tells its story and gets an ordinary journey: the customer finds
// the item out of stock in the store, calls the next day, gets an apology
// and a discount, buys online and recommends the shop.
func ExampleScenario() {
	start := time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)
	j, err := simulate.Scenario("c-42", start).
		Arrive(touchpoint.Store).
		After(10*time.Minute).Browse(touchpoint.Store).Fail(journey.OutOfStock, journey.Moderate, "12.50").
		After(26*time.Hour).Call().
		Recover(journey.Apology|journey.Discount, "10.00").
		After(time.Hour).Buy(touchpoint.Web, "89.00").
		After(7 * 24 * time.Hour).Recommend().
		Journey()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, tp := range j.Touchpoints() {
		fmt.Println(tp.Time.Format("Jan 2 15:04"), tp.Channel, tp.Stage, tp.Outcome)
	}
	f := j.Failures()[0]
	ttr, _ := j.TimeToRecovery(f.ID)
	fmt.Println(f.Kind, "recovered after", ttr, "with", j.Recoveries()[0].Actions)
	// Output:
	// Mar 14 10:00 store arrival ok
	// Mar 14 10:10 store browse failed
	// Mar 15 12:10 phone support ok
	// Mar 15 13:10 web purchase ok
	// Mar 22 13:10 social advocacy ok
	// out_of_stock recovered after 26h0m0s with apology+discount
}

// Generate streams a customer base drawn from the default model; the same
// seed gives the same customers every time.
func ExampleGenerate() {
	cfg := simulate.DefaultConfig(time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC), 1000)
	var journeys, failures, recovered int
	for j, err := range simulate.Generate(cfg, 2026) {
		if err != nil {
			fmt.Println(err)
			return
		}
		journeys++
		failures += len(j.Failures())
		recovered += len(j.Failures()) - len(j.Unrecovered())
	}
	fmt.Println(journeys, "journeys,", failures, "failures,", recovered, "recovered")
	// Output:
	// 1000 journeys, 596 failures, 418 recovered
}

// Summaries draws the repeat-buying record of a customer base from known
// BG/NBD parameters, the truth a fitted model should recover.
func ExampleSummaries() {
	cfg := simulate.DefaultConfig(time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC), 3)
	cfg.Purchases = simulate.BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426}
	for s, err := range simulate.Summaries(cfg, 1) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s x=%d t_x=%.2f T=%.2f\n", s.CustomerID, s.Frequency, s.Recency, s.Age)
	}
	// Output:
	// c-000000 x=0 t_x=0.00 T=33.69
	// c-000001 x=2 t_x=18.40 T=31.71
	// c-000002 x=0 t_x=0.00 T=26.91
}
