package main

import (
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/touchpoint"
)

// policy is one way the business may answer a failure.
type policy struct {
	name string
	// recover returns the recovery attempts for a failure, or none.
	recover func(f journey.Failure) []journey.Recovery
}

func eur(amount string) touchpoint.Money {
	m, err := touchpoint.NewMoney(amount, "EUR")
	if err != nil {
		panic(err) // constant amounts in this file
	}
	return m
}

// policies are the four answers the demo compares.
func policies() []policy {
	attempt := func(f journey.Failure, key string, after, took time.Duration, acts journey.Action,
		comp touchpoint.Money, who journey.Initiative, ch touchpoint.Channel, contacts int) journey.Recovery {
		start := f.Time.Add(after)
		return journey.Recovery{
			ID: touchpoint.IDFromKey("demo-recovery", f.ID.String()+key), FailureID: f.ID,
			CustomerID: f.CustomerID, Time: start, ResolvedAt: start.Add(took), Actions: acts,
			Compensation: comp, Initiative: who, Channel: ch, Contacts: contacts,
		}
	}
	return []policy{
		{"no recovery", func(journey.Failure) []journey.Recovery { return nil }},
		{"slow refund", func(f journey.Failure) []journey.Recovery {
			// The customer has to chase it: three contacts, ten days.
			return []journey.Recovery{attempt(f, "refund", 2*24*time.Hour, 8*24*time.Hour,
				journey.Refund, f.Loss, journey.CustomerInitiated, touchpoint.Phone, 3)}
		}},
		{"fast apology + discount", func(f journey.Failure) []journey.Recovery {
			return []journey.Recovery{attempt(f, "discount", 20*time.Minute, 10*time.Minute,
				journey.Apology|journey.Explanation|journey.Discount, eur("10"), journey.CustomerInitiated, touchpoint.Phone, 1)}
		}},
		{"business-initiated replacement", func(f journey.Failure) []journey.Recovery {
			return []journey.Recovery{attempt(f, "replace", time.Hour, 24*time.Hour,
				journey.Apology|journey.Replacement|journey.Expedite|journey.FollowUp, touchpoint.Money{},
				journey.BusinessInitiated, touchpoint.Phone, 1)}
		}},
	}
}

// story is one of the brief's two stories, told for one customer; it
// returns the events and the failure that recovery policies answer.
type story struct {
	name, summary string
	events        func(customer string, start time.Time) (store.Batch, journey.Failure)
}

func tp(customer, key string, at time.Time, ch touchpoint.Channel, st touchpoint.Stage) touchpoint.Touchpoint {
	return touchpoint.Touchpoint{ID: touchpoint.IDFromKey("demo", customer+"/"+key), CustomerID: customer,
		Time: at, Channel: ch, Stage: st}
}

func stories() []story {
	return []story{
		{
			name: "out of stock",
			summary: "a returning customer comes to the store for an item that is out of stock, asks a clerk,\n" +
				"calls the next day and buys online",
			events: func(c string, t0 time.Time) (store.Batch, journey.Failure) {
				earlier := tp(c, "earlier-purchase", t0.Add(-60*24*time.Hour), touchpoint.Store, touchpoint.Purchase)
				earlier.Value = eur("45.00")
				arrive := tp(c, "arrive", t0, touchpoint.Store, touchpoint.Arrival)
				shelf := tp(c, "shelf", t0.Add(5*time.Minute), touchpoint.Store, touchpoint.Browse)
				shelf.Outcome = touchpoint.Failed
				clerk := tp(c, "clerk", t0.Add(12*time.Minute), touchpoint.Store, touchpoint.Assistance)
				clerk.Feedback.CSAT = touchpoint.Rate(3)
				call := tp(c, "call", t0.Add(24*time.Hour), touchpoint.Phone, touchpoint.Support)
				call.Wait = 6 * time.Minute
				buy := tp(c, "buy", t0.Add(25*time.Hour), touchpoint.Web, touchpoint.Purchase)
				buy.Value = eur("89.00")
				f := journey.Failure{ID: touchpoint.IDFromKey("demo-failure", c+"/oos"), CustomerID: c,
					Time: shelf.Time, Kind: journey.OutOfStock, Severity: journey.Moderate,
					Channel: touchpoint.Store, TouchpointID: shelf.ID, Loss: eur("15.00")}
				return store.Batch{Touchpoints: []touchpoint.Touchpoint{earlier, arrive, shelf, clerk, call, buy},
					Failures: []journey.Failure{f}}, f
			},
		},
		{
			name:    "wrong item",
			summary: "a customer buys the wrong item online the first time, and returns it by phone",
			events: func(c string, t0 time.Time) (store.Batch, journey.Failure) {
				browse := tp(c, "browse", t0, touchpoint.Web, touchpoint.Browse)
				buy := tp(c, "buy", t0.Add(10*time.Minute), touchpoint.Web, touchpoint.Purchase)
				buy.Value = eur("30.00")
				deliver := tp(c, "deliver", t0.Add(48*time.Hour), touchpoint.Web, touchpoint.Delivery)
				deliver.Outcome = touchpoint.Failed
				ret := tp(c, "return", t0.Add(50*time.Hour), touchpoint.Phone, touchpoint.Return)
				f := journey.Failure{ID: touchpoint.IDFromKey("demo-failure", c+"/wrong"), CustomerID: c,
					Time: deliver.Time, Kind: journey.WrongItem, Severity: journey.Major,
					Channel: touchpoint.Web, TouchpointID: deliver.ID, Loss: eur("30.00")}
				return store.Batch{Touchpoints: []touchpoint.Touchpoint{browse, buy, deliver, ret},
					Failures: []journey.Failure{f}}, f
			},
		},
	}
}
