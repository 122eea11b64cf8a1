package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/touchpoint"
)

// FuzzAppend is the shared fuzz target for the rule that host input either
// round-trips exactly or is refused whole: it appends a touchpoint and a
// failure built from arbitrary strings, amounts and times to a new tenant
// of b and checks that Append either succeeds and Journey returns exactly
// what went in, or fails with a validation error and the tenant holds
// nothing. It never expects a panic. Call it from an adapter's FuzzAppend
// with a backend opened for the whole run:
//
//	func FuzzAppend(f *testing.F) { storetest.FuzzAppend(f, memstore.New()) }
func FuzzAppend(f *testing.F, b store.Backend) {
	f.Cleanup(func() { _ = b.Close() })
	f.Add("c-1", "order", "A-1", "a note", "19.99", "EUR", int64(1_741_000_000_123_456_789))
	f.Add(`O'Brien; DROP TABLE x; --`, `%_\`, "東京 🧑‍🚀", "'\"", "123456789012345.12345678", "JPY", int64(-2_208_988_800_000_000_000))
	f.Add("a\x00b", "k\xff", "v", "n\x00", "0.000000001", "XXX", int64(0))
	f.Fuzz(func(t *testing.T, customer, key, value, note, amount, currency string, nanos int64) {
		s := tenant(t, b)
		tp := touchpoint.Touchpoint{ID: id("fuzz-tp"), CustomerID: customer, Time: time.Unix(0, nanos),
			Channel: touchpoint.Web, Stage: touchpoint.Browse, Attributes: map[string]string{key: value}}
		if a, err := decimal.NewFromString(amount); err == nil {
			tp.Value = touchpoint.Money{Amount: a, Currency: currency}
		}
		fl := journey.Failure{ID: id("fuzz-failure"), CustomerID: customer, Time: tp.Time,
			Kind: journey.WrongItem, Severity: journey.Minor, Channel: touchpoint.Web, Note: note, Loss: tp.Value}
		batch := store.Batch{Touchpoints: []touchpoint.Touchpoint{tp}, Failures: []journey.Failure{fl}}
		err := s.Append(t.Context(), batch)
		if err != nil {
			if !errors.Is(err, store.ErrInvalid) {
				t.Fatalf("Append() error = %v, want nil or a validation error", err)
			}
			if n := len(collect(t, "Journeys()", s.Journeys(t.Context(), store.Query{}))); n != 0 {
				t.Fatalf("Append() failed with %v but stored %d journeys", err, n)
			}
			return
		}
		got, err := s.Journey(t.Context(), customer, store.Window{})
		if err != nil {
			t.Fatalf("Journey() after Append error = %v", err)
		}
		if diff := cmp.Diff(journeyOf(t, customer, batch), got); diff != "" {
			t.Fatalf("Journey() mismatch (-want +got):\n%s", diff)
		}
	})
}
