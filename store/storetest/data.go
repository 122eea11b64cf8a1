package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/touchpoint"
)

// base is the suite's reference time: in the past, so adapters validate
// with their default limits, and with a nanosecond part that a store
// rounding to micro- or milliseconds would lose.
func base() time.Time { return time.Date(2025, time.March, 3, 9, 30, 0, 123456789, time.UTC) }

// at returns base plus h hours.
func at(h int) time.Time { return base().Add(time.Duration(h) * time.Hour) }

// id derives a stable event ID, so a case can re-create an event to re-send
// it.
func id(parts ...any) uuid.UUID {
	return touchpoint.IDFromKey("storetest", fmt.Sprint(parts...))
}

// tp is a minimal touchpoint of customer c, n hours after base.
func tp(c string, n int, ch touchpoint.Channel, st touchpoint.Stage) touchpoint.Touchpoint {
	return touchpoint.Touchpoint{ID: id(c, "/tp/", n), CustomerID: c, Time: at(n), Channel: ch, Stage: st}
}

// web is tp on the web at the browse stage.
func web(c string, n int) touchpoint.Touchpoint { return tp(c, n, touchpoint.Web, touchpoint.Browse) }

// money builds an exact amount; amount must be a valid decimal.
func money(amount, currency string) touchpoint.Money {
	return touchpoint.Money{Amount: decimal.RequireFromString(amount), Currency: currency}
}

// failure is a failure of customer c, n hours after base, losing loss.
func failure(c string, n int, loss touchpoint.Money) journey.Failure {
	return journey.Failure{ID: id(c, "/failure/", n), CustomerID: c, Time: at(n),
		Kind: journey.OutOfStock, Severity: journey.Moderate, Channel: touchpoint.Store, Loss: loss}
}

// recovery is an attempt on f one hour after it, resolving it, with
// compensation comp.
func recovery(f journey.Failure, comp touchpoint.Money) journey.Recovery {
	return journey.Recovery{ID: id(f.ID, "/recovery"), FailureID: f.ID, CustomerID: f.CustomerID,
		Time: f.Time.Add(time.Hour), ResolvedAt: f.Time.Add(2 * time.Hour),
		Actions: journey.Apology | journey.Discount, Compensation: comp, Channel: touchpoint.Phone}
}

// story is a customer's small but complete history: three touchpoints, a
// failure on the second and a resolved recovery, starting n hours after
// base.
func story(c string, n int) store.Batch {
	f := failure(c, n+1, money("15", "EUR"))
	return store.Batch{
		Touchpoints: []touchpoint.Touchpoint{
			tp(c, n, touchpoint.Store, touchpoint.Browse),
			tp(c, n+1, touchpoint.Store, touchpoint.Purchase),
			tp(c, n+2, touchpoint.Web, touchpoint.Support),
		},
		Failures:   []journey.Failure{f},
		Recoveries: []journey.Recovery{recovery(f, money("10", "EUR"))},
	}
}

// journeyOf builds the journey a store should return for the batches'
// events of customer c, with the limits stores read with: a clock at the
// end of time.
func journeyOf(t testing.TB, c string, batches ...store.Batch) *journey.Journey {
	t.Helper()
	must := func(err error) {
		if err != nil {
			t.Fatalf("storetest: invalid test data: %v", err)
		}
	}
	j := journey.NewWithLimits(c, touchpoint.Limits{Now: touchpoint.MaxTime})
	for _, b := range batches {
		for _, tp := range b.Touchpoints {
			if tp.CustomerID == c {
				must(j.Add(tp))
			}
		}
		for _, f := range b.Failures {
			if f.CustomerID == c {
				must(j.AddFailure(f))
			}
		}
	}
	for _, b := range batches {
		for _, r := range b.Recoveries {
			if r.CustomerID == c {
				must(j.AddRecovery(r))
			}
		}
	}
	return j
}

// as returns a copy of b with every event moved to customer c, as a merge
// does.
func as(c string, b store.Batch) store.Batch {
	var out store.Batch
	for _, tp := range b.Touchpoints {
		tp = tp.Clone()
		tp.CustomerID = c
		out.Touchpoints = append(out.Touchpoints, tp)
	}
	for _, f := range b.Failures {
		f.CustomerID = c
		out.Failures = append(out.Failures, f)
	}
	for _, r := range b.Recoveries {
		r.CustomerID = c
		out.Recoveries = append(out.Recoveries, r)
	}
	return out
}

// concat joins batches into one.
func concat(bs ...store.Batch) store.Batch {
	var out store.Batch
	for _, b := range bs {
		out.Touchpoints = append(out.Touchpoints, b.Touchpoints...)
		out.Failures = append(out.Failures, b.Failures...)
		out.Recoveries = append(out.Recoveries, b.Recoveries...)
	}
	return out
}
