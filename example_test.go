package cem_test

import (
	"context"
	"fmt"
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/loyalty"
	"github.com/cemkit/cem/scoring"
	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/store/memstore"
	"github.com/cemkit/cem/touchpoint"
)

// Example follows one customer from touchpoints to a stored score and
// ladder stage: the item she wants is out of stock, she calls, gets an
// apology and a discount, and buys online.
func Example() {
	ctx := context.Background()
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	event := func(key string, after time.Duration, ch touchpoint.Channel, st touchpoint.Stage) touchpoint.Touchpoint {
		return touchpoint.Touchpoint{ID: touchpoint.IDFromKey("example", key), CustomerID: "ana",
			Time: at.Add(after), Channel: ch, Stage: st}
	}

	// 1. Touchpoints, as the host records them.
	shelf := event("shelf", 0, touchpoint.Store, touchpoint.Browse)
	shelf.Outcome = touchpoint.Failed
	call := event("call", 24*time.Hour, touchpoint.Phone, touchpoint.Support)
	buy := event("buy", 25*time.Hour, touchpoint.Web, touchpoint.Purchase)
	buy.Feedback.NPS = touchpoint.Rate(9)

	// 2. The failure and its recovery.
	loss, _ := touchpoint.NewMoney("15", "EUR")
	discount, _ := touchpoint.NewMoney("10", "EUR")
	oos := journey.Failure{ID: touchpoint.IDFromKey("example", "oos"), CustomerID: "ana", Time: shelf.Time,
		Kind: journey.OutOfStock, Severity: journey.Moderate, Channel: touchpoint.Store, Loss: loss}
	fix := journey.Recovery{ID: touchpoint.IDFromKey("example", "fix"), FailureID: oos.ID, CustomerID: "ana",
		Time: call.Time, ResolvedAt: call.Time.Add(15 * time.Minute), Channel: touchpoint.Phone,
		Actions: journey.Apology | journey.Discount, Compensation: discount}

	// 3. Store them; the store assembles the journey.
	backend := memstore.New()
	defer backend.Close()
	st, err := backend.Tenant("shop-1")
	if err != nil {
		panic(err)
	}
	err = st.Append(ctx, store.Batch{
		Touchpoints: []touchpoint.Touchpoint{shelf, call, buy},
		Failures:    []journey.Failure{oos},
		Recoveries:  []journey.Recovery{fix},
	})
	if err != nil {
		panic(err)
	}
	j, err := st.Journey(ctx, "ana", store.Window{})
	if err != nil {
		panic(err)
	}
	fmt.Println("journey:", j.Len(), "touchpoints on", j.Channels())

	// 4. Score the journey by how the failure was recovered.
	res, err := scoring.Recovery{}.Score(j)
	if err != nil {
		panic(err)
	}
	fmt.Printf("recovery score: %.0f/100\n", res.Score)

	// 5. Place her on the loyalty ladder and keep both as snapshots.
	asOf := at.Add(48 * time.Hour)
	place, err := loyalty.Rules{}.Place(j, asOf)
	if err != nil {
		panic(err)
	}
	fmt.Println("ladder:", place.Stage)
	err = st.PutSnapshots(ctx,
		store.Snapshot{CustomerID: "ana", Time: asOf, Name: "score.recovery", Value: res.Score},
		store.Snapshot{CustomerID: "ana", Time: asOf, Name: "ladder", Stage: place.Stage.String()})
	if err != nil {
		panic(err)
	}
	for s, err := range st.Snapshots(ctx, "ana", "") {
		if err != nil {
			panic(err)
		}
		fmt.Printf("stored %s = %.0f %s\n", s.Name, s.Value, s.Stage)
	}
	// Output:
	// journey: 3 touchpoints on [store phone web]
	// recovery score: 81/100
	// ladder: satisfied
	// stored ladder = 0 satisfied
	// stored score.recovery = 81
}
