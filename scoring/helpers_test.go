package scoring_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

// t0 is the start of every test journey; validation accepts it with the
// default clock.
var t0 = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

const customer = "c-42"

// id derives a stable ID from a test-local key.
func id(key string) uuid.UUID { return touchpoint.IDFromKey("scoring-test", key) }

// tp builds a touchpoint h hours after t0.
func tp(key string, h float64, ch touchpoint.Channel, st touchpoint.Stage, fb touchpoint.Feedback) touchpoint.Touchpoint {
	return touchpoint.Touchpoint{
		ID: id(key), CustomerID: customer, Time: t0.Add(time.Duration(h * float64(time.Hour))),
		Channel: ch, Stage: st, Feedback: fb,
	}
}

func csat(v float64) touchpoint.Feedback { return touchpoint.Feedback{CSAT: touchpoint.Rate(v)} }
func nps(v float64) touchpoint.Feedback  { return touchpoint.Feedback{NPS: touchpoint.Rate(v)} }
func ces(v float64) touchpoint.Feedback  { return touchpoint.Feedback{CES: touchpoint.Rate(v)} }

func eur(t testing.TB, amount string) touchpoint.Money {
	t.Helper()
	return touchpoint.Money{Amount: decimal.RequireFromString(amount), Currency: "EUR"}
}

func failure(key string, h float64, sev journey.Severity, loss touchpoint.Money) journey.Failure {
	return journey.Failure{
		ID: id(key), CustomerID: customer, Time: t0.Add(time.Duration(h * float64(time.Hour))),
		Kind: journey.LateDelivery, Severity: sev, Channel: touchpoint.Web, Loss: loss,
	}
}

// recovery builds an attempt for failure fkey starting h hours after t0 and
// resolving it after fix hours (fix < 0: unresolved).
func recovery(key, fkey string, h, fix float64, a journey.Action, comp touchpoint.Money, in journey.Initiative, contacts int) journey.Recovery {
	start := t0.Add(time.Duration(h * float64(time.Hour)))
	r := journey.Recovery{
		ID: id(key), FailureID: id(fkey), CustomerID: customer, Time: start,
		Actions: a, Compensation: comp, Initiative: in, Channel: touchpoint.Phone, Contacts: contacts,
	}
	if fix >= 0 {
		r.ResolvedAt = start.Add(time.Duration(fix * float64(time.Hour)))
	}
	return r
}

// build makes a journey of the given events, failing the test on error.
func build(t testing.TB, tps []touchpoint.Touchpoint, fs []journey.Failure, rs []journey.Recovery) *journey.Journey {
	t.Helper()
	j := journey.New(customer)
	if err := j.Add(tps...); err != nil {
		t.Fatalf("Add: %v", err)
	}
	if err := j.AddFailure(fs...); err != nil {
		t.Fatalf("AddFailure: %v", err)
	}
	if err := j.AddRecovery(rs...); err != nil {
		t.Fatalf("AddRecovery: %v", err)
	}
	return j
}

// realistic builds the benchmark's kind of journey: twelve touchpoints over
// a week across four channels, eight with feedback, one failure recovered
// well and, when k is odd, a second one left unrecovered.
func realistic(t testing.TB, k int) *journey.Journey {
	t.Helper()
	key := func(s string) string { return fmt.Sprintf("%d-%s", k, s) }
	v := float64(k % 3)
	tps := []touchpoint.Touchpoint{
		tp(key("a"), 0, touchpoint.Web, touchpoint.Arrival, touchpoint.Feedback{}),
		tp(key("b"), 0.2, touchpoint.Web, touchpoint.Browse, csat(4)),
		tp(key("c"), 0.5, touchpoint.App, touchpoint.Browse, touchpoint.Feedback{}),
		tp(key("d"), 1, touchpoint.Chat, touchpoint.Assistance, touchpoint.Feedback{CSAT: touchpoint.Rate(3 + float64(k%2)), CES: touchpoint.Rate(3)}),
		tp(key("e"), 1.5, touchpoint.Web, touchpoint.Purchase, csat(5)),
		tp(key("f"), 30, touchpoint.Email, touchpoint.Delivery, touchpoint.Feedback{}),
		tp(key("g"), 50, touchpoint.Phone, touchpoint.Support, touchpoint.Feedback{CSAT: touchpoint.Rate(2), CES: touchpoint.Rate(5 - v), Sentiment: touchpoint.Rate(-0.4)}),
		tp(key("h"), 52, touchpoint.Phone, touchpoint.Support, ces(4)),
		tp(key("i"), 60, touchpoint.Email, touchpoint.Delivery, touchpoint.Feedback{}),
		tp(key("j"), 80, touchpoint.App, touchpoint.Usage, nps(8)),
		tp(key("k"), 120, touchpoint.Web, touchpoint.Usage, touchpoint.Feedback{CSAT: touchpoint.Rate(4), Sentiment: touchpoint.Rate(0.5)}),
		tp(key("l"), 160, touchpoint.Social, touchpoint.Advocacy, nps(9-v)),
	}
	tps[4].Value = eur(t, "120.00")
	fs := []journey.Failure{failure(key("late"), 48, journey.Moderate, eur(t, "10"))}
	rs := []journey.Recovery{recovery(key("fix"), key("late"), 50, 4, journey.Apology|journey.Explanation|journey.Discount, eur(t, "10"), journey.CustomerInitiated, 2)}
	if k%2 == 1 {
		fs = append(fs, failure(key("broken"), 100, journey.Major, touchpoint.Money{}))
	}
	return build(t, tps, fs, rs)
}
