package reliability_test

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/touchpoint"
)

// base is the tests' reference time: in the past, so the default limits
// accept it, with nanoseconds a rounding store would lose.
func base() time.Time { return time.Date(2025, time.March, 3, 9, 30, 0, 123456789, time.UTC) }

// at returns base plus n minutes.
func at(n int) time.Time { return base().Add(time.Duration(n) * time.Minute) }

// id derives a stable event ID from its parts.
func id(parts ...any) uuid.UUID { return touchpoint.IDFromKey("reliability", fmt.Sprint(parts...)) }

// money builds an exact amount; amount must be a valid decimal.
func money(amount, currency string) touchpoint.Money {
	return touchpoint.Money{Amount: decimal.RequireFromString(amount), Currency: currency}
}

// tp is a touchpoint of customer c at minute n; key makes its ID unique.
func tp(key string, c string, n int) touchpoint.Touchpoint {
	return touchpoint.Touchpoint{ID: id(key, "/tp/", c, "/", n), CustomerID: c, Time: at(n),
		Channel: touchpoint.Web, Stage: touchpoint.Browse}
}

// story is a small complete history of customer c: three touchpoints (one
// with a price and a CSAT answer), a failure and its resolved recovery.
func story(c string) store.Batch {
	paid := tp("story", c, 1)
	paid.Stage, paid.Channel = touchpoint.Purchase, touchpoint.Store
	paid.Value = money("19.99", "EUR")
	paid.Feedback.CSAT = touchpoint.Rate(4)
	paid.Attributes = map[string]string{"order": "A-1"}
	f := journey.Failure{ID: id("story/failure/", c), CustomerID: c, Time: at(2), Kind: journey.LateDelivery,
		Severity: journey.Moderate, Channel: touchpoint.Web, Loss: money("5", "EUR")}
	r := journey.Recovery{ID: id("story/recovery/", c), FailureID: f.ID, CustomerID: c, Time: at(3),
		ResolvedAt: at(4), Actions: journey.Apology | journey.Refund, Compensation: money("5", "EUR"),
		Channel: touchpoint.Phone}
	return store.Batch{
		Touchpoints: []touchpoint.Touchpoint{tp("story", c, 0), paid, tp("story", c, 5)},
		Failures:    []journey.Failure{f},
		Recoveries:  []journey.Recovery{r},
	}
}

// bulk returns n touchpoints of customer c numbered from first, keyed by
// key so that different writers never share an ID.
func bulk(key, c string, first, n int) []touchpoint.Touchpoint {
	out := make([]touchpoint.Touchpoint, n)
	for i := range out {
		out[i] = tp(key, c, first+i)
	}
	return out
}

// snap is a snapshot of customer c on day d.
func snap(c string, d int, value float64, stage string) store.Snapshot {
	return store.Snapshot{CustomerID: c, Time: base().AddDate(0, 0, d), Name: "ladder", Value: value, Stage: stage}
}

// mustAppend appends b and fails the test on error.
func mustAppend(t testing.TB, s store.Store, b store.Batch) {
	t.Helper()
	if err := s.Append(context.Background(), b); err != nil {
		t.Fatalf("Append(%d events) error = %v", b.Len(), err)
	}
}

// state is everything a tenant holds, in a form cmp.Diff compares: each
// journey in cem's JSON and each customer's snapshots.
type state struct {
	Journeys  map[string]string
	Snapshots map[string][]string
}

// dump reads everything a tenant holds. Snapshots are read for the
// customers with a journey and for extra customers.
func dump(t testing.TB, s store.Store, extra ...string) state {
	t.Helper()
	ctx := context.Background()
	st := state{Journeys: map[string]string{}, Snapshots: map[string][]string{}}
	customers := append([]string(nil), extra...)
	for j, err := range s.Journeys(ctx, store.Query{}) {
		if err != nil {
			t.Fatalf("Journeys() error = %v", err)
		}
		b, err := json.Marshal(j)
		if err != nil {
			t.Fatalf("marshal journey: %v", err)
		}
		st.Journeys[j.CustomerID()] = string(b)
		customers = append(customers, j.CustomerID())
	}
	for _, c := range customers {
		for sn, err := range s.Snapshots(ctx, c, "") {
			if err != nil {
				t.Fatalf("Snapshots(%q) error = %v", c, err)
			}
			st.Snapshots[c] = append(st.Snapshots[c], snapString(sn))
		}
	}
	return st
}

// snapString is a snapshot's content without its customer, as text.
func snapString(s store.Snapshot) string {
	return fmt.Sprintf("%s %s %v %s", s.Time.Format(time.RFC3339Nano), s.Name, s.Value, s.Stage)
}

// events maps the ID of every event a tenant holds to its customer and
// reports an ID held twice.
func events(t testing.TB, s store.Store) map[uuid.UUID]string {
	t.Helper()
	out := map[uuid.UUID]string{}
	add := func(id uuid.UUID, c string) {
		if prev, ok := out[id]; ok {
			t.Errorf("event %s stored twice: under %q and %q", id, prev, c)
		}
		out[id] = c
	}
	for j, err := range s.Journeys(context.Background(), store.Query{}) {
		if err != nil {
			t.Fatalf("Journeys() error = %v", err)
		}
		for _, e := range j.Touchpoints() {
			add(e.ID, j.CustomerID())
		}
		for _, e := range j.Failures() {
			add(e.ID, j.CustomerID())
		}
		for _, e := range j.Recoveries() {
			add(e.ID, j.CustomerID())
		}
	}
	return out
}

// drain reads a stream to its end and returns how many values it yielded
// and its error.
func drain[T any](seq iter.Seq2[T, error]) (int, error) {
	n := 0
	for _, err := range seq {
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
