package memstore_test

import (
	"context"
	"fmt"
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/store/memstore"
	"github.com/cemkit/cem/touchpoint"
)

// A shop records a web visitor's failed visit and its recovery, learns at
// checkout that the visitor is CRM customer 42, merges the two identities,
// and later asks which customers' latest score is below 40.
func Example() {
	ctx := context.Background()
	backend := memstore.New()
	defer backend.Close()
	shop, err := backend.Tenant("shop-eu")
	if err != nil {
		panic(err)
	}

	at := time.Date(2025, 3, 14, 10, 0, 0, 0, time.UTC)
	visit := touchpoint.Touchpoint{ID: touchpoint.IDFromKey("web", "visit-1"), CustomerID: "cookie-7f3a",
		Time: at, Channel: touchpoint.Web, Stage: touchpoint.Browse, Outcome: touchpoint.Failed}
	loss, _ := touchpoint.NewMoney("15", "EUR")
	voucher, _ := touchpoint.NewMoney("10", "EUR")
	f := journey.Failure{ID: touchpoint.IDFromKey("web", "oos-1"), CustomerID: "cookie-7f3a", Time: at,
		Kind: journey.OutOfStock, Severity: journey.Moderate, Channel: touchpoint.Web, Loss: loss}
	r := journey.Recovery{ID: touchpoint.IDFromKey("crm", "case-9"), FailureID: f.ID, CustomerID: "cookie-7f3a",
		Time: at.Add(time.Hour), ResolvedAt: at.Add(time.Hour), Actions: journey.Apology | journey.Discount,
		Compensation: voucher, Channel: touchpoint.Email, Initiative: journey.BusinessInitiated}
	batch := store.Batch{Touchpoints: []touchpoint.Touchpoint{visit}, Failures: []journey.Failure{f}, Recoveries: []journey.Recovery{r}}
	if err := shop.Append(ctx, batch); err != nil {
		panic(err)
	}
	// Re-sending is harmless: events are keyed by ID.
	if err := shop.Append(ctx, batch); err != nil {
		panic(err)
	}

	// At checkout the visitor logs in as customer 42.
	if err := shop.Merge(ctx, "cookie-7f3a", "crm-42"); err != nil {
		panic(err)
	}
	buy := touchpoint.Touchpoint{ID: touchpoint.IDFromKey("web", "order-1"), CustomerID: "cookie-7f3a",
		Time: at.Add(2 * time.Hour), Channel: touchpoint.Web, Stage: touchpoint.Purchase}
	if err := shop.Append(ctx, store.Batch{Touchpoints: []touchpoint.Touchpoint{buy}}); err != nil {
		panic(err)
	}

	j, err := shop.Journey(ctx, "crm-42", store.Window{})
	if err != nil {
		panic(err)
	}
	ttr, _ := j.TimeToRecovery(f.ID)
	fmt.Println("customer:", j.CustomerID(), "touchpoints:", j.Len(), "stages:", j.Stages())
	fmt.Println("recovered after:", ttr)

	err = shop.PutSnapshots(ctx,
		store.Snapshot{CustomerID: "crm-42", Time: at, Name: "score", Value: 35, Stage: "at_risk"},
		store.Snapshot{CustomerID: "crm-42", Time: at.Add(3 * time.Hour), Name: "score", Value: 72, Stage: "good"},
		store.Snapshot{CustomerID: "crm-77", Time: at, Name: "score", Value: 31, Stage: "at_risk"},
	)
	if err != nil {
		panic(err)
	}
	below := 40.0
	for s, err := range shop.Latest(ctx, store.LatestQuery{Name: "score", Below: &below}) {
		if err != nil {
			panic(err)
		}
		fmt.Printf("latest score below 40: %s (%g)\n", s.CustomerID, s.Value)
	}
	// Output:
	// customer: crm-42 touchpoints: 2 stages: [browse purchase]
	// recovered after: 1h0m0s
	// latest score below 40: crm-77 (31)
}
