package scoring_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

// events is a journey's content as the host would send it.
type events struct {
	tps []touchpoint.Touchpoint
	fs  []journey.Failure
	rs  []journey.Recovery
}

// randomEvents draws a valid journey: up to 15 touchpoints on any channel
// and stage with any subset of answers, up to 3 failures and up to 3
// attempts each, with random losses and compensation in one currency.
func randomEvents(rng *rand.Rand) events {
	var e events
	at := func() time.Time { return t0.Add(time.Duration(rng.IntN(30*24)) * time.Hour) }
	money := func() touchpoint.Money {
		if rng.IntN(2) == 0 {
			return touchpoint.Money{}
		}
		return touchpoint.Money{Amount: decimal.New(int64(rng.IntN(20000)), -2), Currency: "EUR"}
	}
	channels, stages := touchpoint.Channels(), touchpoint.Stages()
	for i := range rng.IntN(16) {
		t := touchpoint.Touchpoint{
			ID: id(fmt.Sprint("tp", i)), CustomerID: customer, Time: at(),
			Channel: channels[rng.IntN(len(channels))], Stage: stages[rng.IntN(len(stages))],
			Feedback: randomFeedback(rng), Value: money(),
		}
		e.tps = append(e.tps, t)
	}
	for i := range rng.IntN(4) {
		f := journey.Failure{
			ID: id(fmt.Sprint("f", i)), CustomerID: customer, Time: at(), Kind: journey.Kinds()[rng.IntN(len(journey.Kinds()))],
			Severity: journey.Severity(1 + rng.IntN(4)), Channel: channels[rng.IntN(len(channels))], Loss: money(),
		}
		e.fs = append(e.fs, f)
		for k := range rng.IntN(4) {
			start := f.Time.Add(time.Duration(rng.IntN(96)) * time.Hour)
			r := journey.Recovery{
				ID: id(fmt.Sprint("r", i, k)), FailureID: f.ID, CustomerID: customer, Time: start,
				Actions: journey.Action(rng.IntN(128)), Compensation: money(), Initiative: journey.Initiative(rng.IntN(2)),
				Channel: channels[rng.IntN(len(channels))], Contacts: rng.IntN(5),
			}
			if rng.IntN(3) > 0 {
				r.ResolvedAt = start.Add(time.Duration(rng.IntN(200)) * time.Hour)
			}
			e.rs = append(e.rs, r)
		}
	}
	return e
}

func randomFeedback(rng *rand.Rand) touchpoint.Feedback {
	var f touchpoint.Feedback
	if rng.IntN(2) == 0 {
		f.CSAT = touchpoint.Rate(float64(1 + rng.IntN(5)))
	}
	if rng.IntN(3) == 0 {
		f.NPS = touchpoint.Rate(float64(rng.IntN(11)))
	}
	if rng.IntN(3) == 0 {
		f.CES = touchpoint.Rate(float64(1 + rng.IntN(7)))
	}
	if rng.IntN(4) == 0 {
		f.Sentiment = touchpoint.Rate(rng.Float64()*2 - 1)
	}
	return f
}

// shuffled returns the events in a random order (failures still before
// their recoveries, which the journey requires).
func (e events) shuffled(rng *rand.Rand) events {
	out := events{tps: append([]touchpoint.Touchpoint(nil), e.tps...), fs: append([]journey.Failure(nil), e.fs...), rs: append([]journey.Recovery(nil), e.rs...)}
	rng.Shuffle(len(out.tps), func(i, k int) { out.tps[i], out.tps[k] = out.tps[k], out.tps[i] })
	rng.Shuffle(len(out.fs), func(i, k int) { out.fs[i], out.fs[k] = out.fs[k], out.fs[i] })
	rng.Shuffle(len(out.rs), func(i, k int) { out.rs[i], out.rs[k] = out.rs[k], out.rs[i] })
	return out
}

// journeyOf adds the events one by one, in their order.
func journeyOf(t testing.TB, e events) *journey.Journey {
	t.Helper()
	j := journey.New(customer)
	for _, tp := range e.tps {
		if err := j.Add(tp); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range e.fs {
		if err := j.AddFailure(f); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range e.rs {
		if err := j.AddRecovery(r); err != nil {
			t.Fatal(err)
		}
	}
	return j
}
