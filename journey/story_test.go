package journey_test

import (
	"time"

	"github.com/google/uuid"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

var t0 = time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)

func limits() touchpoint.Limits {
	return touchpoint.Limits{Now: func() time.Time { return t0.Add(90 * 24 * time.Hour) }}
}

func id(n int) uuid.UUID { return touchpoint.IDFromKey("test", string(rune('A'+n))) }

func eur(s string) touchpoint.Money {
	m, err := touchpoint.NewMoney(s, "EUR")
	if err != nil {
		panic(err)
	}
	return m
}

func tp(n int, at time.Duration, ch touchpoint.Channel, st touchpoint.Stage) touchpoint.Touchpoint {
	return touchpoint.Touchpoint{ID: id(n), CustomerID: "ana", Time: t0.Add(at), Channel: ch, Stage: st}
}

// outOfStock is the brief's first story: Ana arrives at the store, the item
// she wants is out of stock, she asks a clerk, later calls, gets an apology
// and a discount, and buys online.
type story struct {
	tps        []touchpoint.Touchpoint
	failures   []journey.Failure
	recoveries []journey.Recovery
}

func outOfStock() story {
	visit := tp(0, 0, touchpoint.Store, touchpoint.Arrival)
	shelf := tp(1, 10*time.Minute, touchpoint.Store, touchpoint.Browse)
	shelf.Outcome = touchpoint.Failed
	clerk := tp(2, 15*time.Minute, touchpoint.Store, touchpoint.Assistance)
	clerk.Feedback.CSAT = touchpoint.Rate(2)
	call := tp(3, 26*time.Hour, touchpoint.Phone, touchpoint.Support)
	call.Wait = 4 * time.Minute
	buy := tp(4, 27*time.Hour, touchpoint.Web, touchpoint.Purchase)
	buy.Value = eur("89.00")
	buy.Feedback.NPS = touchpoint.Rate(9)
	f := journey.Failure{
		ID: id(10), CustomerID: "ana", Time: shelf.Time, Kind: journey.OutOfStock,
		Severity: journey.Moderate, Channel: touchpoint.Store, TouchpointID: shelf.ID, Loss: eur("12.50"),
	}
	r := journey.Recovery{
		ID: id(20), FailureID: f.ID, CustomerID: "ana", Time: call.Time, ResolvedAt: call.Time.Add(5 * time.Minute),
		Actions: journey.Apology | journey.Discount, Compensation: eur("10.00"),
		Initiative: journey.CustomerInitiated, Channel: touchpoint.Phone, Contacts: 1,
	}
	return story{
		tps:        []touchpoint.Touchpoint{visit, shelf, clerk, call, buy},
		failures:   []journey.Failure{f},
		recoveries: []journey.Recovery{r},
	}
}

// wrongItem is the brief's second story: Ana buys the wrong item, returns
// it by phone, and gets a replacement.
func wrongItem() story {
	buy := tp(0, 0, touchpoint.Web, touchpoint.Purchase)
	buy.Value = eur("30")
	deliver := tp(1, 48*time.Hour, touchpoint.Web, touchpoint.Delivery)
	deliver.Outcome = touchpoint.Failed
	ret := tp(2, 50*time.Hour, touchpoint.Phone, touchpoint.Return)
	f := journey.Failure{
		ID: id(10), CustomerID: "ana", Time: deliver.Time, Kind: journey.WrongItem,
		Severity: journey.Major, Channel: touchpoint.Web, TouchpointID: deliver.ID, Loss: eur("30"),
	}
	r := journey.Recovery{
		ID: id(20), FailureID: f.ID, CustomerID: "ana", Time: ret.Time, ResolvedAt: ret.Time.Add(72 * time.Hour),
		Actions: journey.Replacement | journey.Apology, Channel: touchpoint.Phone,
	}
	return story{
		tps:        []touchpoint.Touchpoint{buy, deliver, ret},
		failures:   []journey.Failure{f},
		recoveries: []journey.Recovery{r},
	}
}

func (s story) build() (*journey.Journey, error) {
	j := journey.NewWithLimits("ana", limits())
	if err := j.Add(s.tps...); err != nil {
		return nil, err
	}
	if err := j.AddFailure(s.failures...); err != nil {
		return nil, err
	}
	if err := j.AddRecovery(s.recoveries...); err != nil {
		return nil, err
	}
	return j, nil
}
