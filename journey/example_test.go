package journey_test

import (
	"fmt"
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

// The brief's out-of-stock story: the wanted item is not on the shelf, the
// customer calls the next day, gets an apology and a discount, and buys
// online.
func Example() {
	at := time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)
	clock := touchpoint.Limits{Now: func() time.Time { return at.Add(48 * time.Hour) }}
	j := journey.NewWithLimits("c-42", clock)

	visit := touchpoint.Touchpoint{ID: touchpoint.NewID(), CustomerID: "c-42", Time: at,
		Channel: touchpoint.Store, Stage: touchpoint.Browse, Outcome: touchpoint.Failed}
	call := touchpoint.Touchpoint{ID: touchpoint.NewID(), CustomerID: "c-42", Time: at.Add(24 * time.Hour),
		Channel: touchpoint.Phone, Stage: touchpoint.Support}
	buy := touchpoint.Touchpoint{ID: touchpoint.NewID(), CustomerID: "c-42", Time: at.Add(25 * time.Hour),
		Channel: touchpoint.Web, Stage: touchpoint.Purchase}
	// Events may arrive in any order; the journey sorts them.
	if err := j.Add(buy, visit, call); err != nil {
		panic(err)
	}

	loss, _ := touchpoint.NewMoney("15", "EUR")
	discount, _ := touchpoint.NewMoney("10", "EUR")
	f := journey.Failure{ID: touchpoint.NewID(), CustomerID: "c-42", Time: visit.Time,
		Kind: journey.OutOfStock, Severity: journey.Moderate, Channel: touchpoint.Store,
		TouchpointID: visit.ID, Loss: loss}
	r := journey.Recovery{ID: touchpoint.NewID(), FailureID: f.ID, CustomerID: "c-42",
		Time: call.Time, ResolvedAt: call.Time.Add(10 * time.Minute),
		Actions: journey.Apology | journey.Discount, Compensation: discount, Channel: touchpoint.Phone}
	if err := j.AddFailure(f); err != nil {
		panic(err)
	}
	if err := j.AddRecovery(r); err != nil {
		panic(err)
	}

	fmt.Println("channels:", j.Channels())
	fmt.Println("switches:", j.ChannelSwitches())
	ttr, _ := j.TimeToRecovery(f.ID)
	fmt.Println("recovered after:", ttr)
	fmt.Println("unrecovered:", len(j.Unrecovered()))
	// Output:
	// channels: [store phone web]
	// switches: 2
	// recovered after: 24h10m0s
	// unrecovered: 0
}
