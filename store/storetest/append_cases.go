package storetest

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/touchpoint"
)

// hostile are strings that break naive SQL, encodings and collations. Each
// is valid cem text, so a store must keep it verbatim.
func hostile() []string {
	return []string{
		`O'Brien "the" \ customer`,
		`'; DROP TABLE touchpoints; --`,
		`100% _wild_ %_\%`,
		"Zoë Ångström 東京 مرحبا",
		"emoji 🧑‍🚀🏳️‍🌈 family 👨‍👩‍👧",
		"tab\tnew\nline\rreturn",
		strings.Repeat("long-", 50),
	}
}

// key cuts s to a valid attribute key (64 bytes), on a rune boundary.
func key(s string) string {
	for len(s) > 64 {
		_, n := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-n]
	}
	return s
}

// full is a touchpoint with every field set, and exact money.
func full(c string, n int, amount string) touchpoint.Touchpoint {
	t := tp(c, n, touchpoint.Phone, touchpoint.Support)
	t.Outcome = touchpoint.Failed
	t.Feedback = touchpoint.Feedback{CSAT: touchpoint.Rate(4), NPS: touchpoint.Rate(0),
		CES: touchpoint.Rate(7), Sentiment: touchpoint.Rate(-0.125)}
	t.Value = money(amount, "EUR")
	t.Duration = 3*time.Minute + time.Nanosecond
	t.Wait = 41 * time.Second
	t.Attributes = map[string]string{"order": "A-1", "agent": "Zoë"}
	return t
}

func appendCases() []testCase {
	return []testCase{
		{"RoundTrip", "Journey returns exactly the events appended: every field, in journey order", roundTrip},
		{"Exactness", "money, nanosecond times, unicode and SQL metacharacters in every free-text field come back unchanged", exactness},
		{"TimeZones", "times are instants: an event appended in any zone comes back equal, in journey order", timeZones},
		{"Idempotent", "re-sending an event with equal content stores it once", idempotent},
		{"Conflict", "the same ID with different content is ErrConflict and changes nothing", conflict},
		{"ConflictAcrossCustomers", "event IDs are unique per tenant: the same ID under another customer is ErrConflict", conflictAcrossCustomers},
		{"DuplicateInBatch", "an ID twice in one batch is stored once if equal, ErrConflict if not", duplicateInBatch},
		{"AllOrNothing", "a bad event anywhere in a batch of 1000 stores nothing", allOrNothing},
		{"HostileInput", "NUL, invalid UTF-8 and oversized fields are a validation error and store nothing", hostileInput},
		{"MixedCurrencies", "compensation in another currency than the loss is a validation error and stores nothing", mixedCurrencies},
		{"RecoveryWithoutFailure", "a recovery whose failure is neither stored nor in the batch wraps journey.ErrUnknownFailure", recoveryWithoutFailure},
		{"RecoveryLater", "a recovery may refer to a failure stored by an earlier batch", recoveryLater},
		{"EmptyBatch", "an empty batch is no error and stores nothing", emptyBatch},
		{"BigBatch", "a batch of 12 000 touchpoints with failures and recoveries lands whole, and re-sending it stores nothing new", bigBatch},
	}
}

func roundTrip(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	batch := story("c1", 0)
	batch.Touchpoints = append(batch.Touchpoints, full("c1", 5, "19.99"))
	// Appended out of order: the journey sorts.
	batch.Touchpoints[0], batch.Touchpoints[3] = batch.Touchpoints[3], batch.Touchpoints[0]
	mustAppend(t, s, batch)
	wantJourney(t, s, "c1", store.Window{}, journeyOf(t, "c1", batch))
	wantCounts(t, s, counts{Customers: 1, Touchpoints: 4, Failures: 1, Recoveries: 1})
}

func exactness(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	amounts := []string{"0.1", "0.2", "0.30000000", "123456789012345.12345678", "-999999999999999.99999999", "0", "0.00000001"}
	for i, text := range hostile() {
		c := text + fmt.Sprint(i)
		var batch store.Batch
		for k, a := range amounts {
			tp := full(c, k, a)
			tp.Time = tp.Time.Add(time.Duration(k+1) * time.Nanosecond)
			tp.Attributes = map[string]string{key(text): text, key("k" + text): "", "plain": text}
			batch.Touchpoints = append(batch.Touchpoints, tp)
		}
		f := failure(c, 1, money("123456789012345.12345678", "JPY"))
		f.Note = text
		f.TouchpointID = batch.Touchpoints[0].ID
		r := recovery(f, money("0.00000001", "JPY"))
		r.Contacts = 3
		r.Initiative = journey.BusinessInitiated
		r.Actions = journey.Apology | journey.Explanation | journey.Refund | journey.Replacement |
			journey.Discount | journey.Expedite | journey.FollowUp
		batch.Failures, batch.Recoveries = []journey.Failure{f}, []journey.Recovery{r}
		mustAppend(t, s, batch)
		wantJourney(t, s, c, store.Window{}, journeyOf(t, c, batch))
		exactMoney(t, s, c, batch)
	}
}

// exactMoney checks every amount as a canonical decimal string, so that no
// rounding hides behind Money.Equal. Trailing zeros may differ (NUMERIC(23,8)
// keeps eight): 0.3 and 0.30000000 are the same amount.
func exactMoney(t *testing.T, s store.Store, c string, batch store.Batch) {
	t.Helper()
	j, err := s.Journey(t.Context(), c, store.Window{})
	if err != nil {
		t.Fatalf("Journey(%q) error = %v", c, err)
	}
	want := map[string]string{}
	for _, tp := range batch.Touchpoints {
		want[tp.ID.String()] = tp.Value.Amount.String() + " " + tp.Value.Currency
	}
	for _, tp := range j.Touchpoints() {
		if got := tp.Value.Amount.String() + " " + tp.Value.Currency; got != want[tp.ID.String()] {
			t.Errorf("touchpoint %s value = %s, want %s", tp.ID, got, want[tp.ID.String()])
		}
	}
}

func timeZones(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	east := time.FixedZone("UTC+14", 14*3600)
	west := time.FixedZone("UTC-12", -12*3600)
	a, c := web("c1", 0), web("c1", 1)
	a.Time = a.Time.In(east)
	c.Time = c.Time.In(west)
	mustAppend(t, s, store.Batch{Touchpoints: []touchpoint.Touchpoint{c, a}})
	wantJourney(t, s, "c1", store.Window{}, journeyOf(t, "c1", store.Batch{Touchpoints: []touchpoint.Touchpoint{a, c}}))
}

func idempotent(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	batch := story("c1", 0)
	mustAppend(t, s, batch)
	mustAppend(t, s, batch)
	// A re-send may come in another batch shape and another zone.
	again := story("c1", 0)
	again.Touchpoints[0].Time = again.Touchpoints[0].Time.In(time.FixedZone("X", 3600))
	mustAppend(t, s, store.Batch{Touchpoints: again.Touchpoints[:1], Recoveries: again.Recoveries})
	wantJourney(t, s, "c1", store.Window{}, journeyOf(t, "c1", batch))
	wantCounts(t, s, counts{Customers: 1, Touchpoints: 3, Failures: 1, Recoveries: 1})
}

func conflict(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	batch := story("c1", 0)
	mustAppend(t, s, batch)
	changed := []store.Batch{
		{Touchpoints: []touchpoint.Touchpoint{func() touchpoint.Touchpoint {
			tp := batch.Touchpoints[1].Clone()
			tp.Attributes = map[string]string{"k": "v"}
			return tp
		}()}},
		{Failures: []journey.Failure{func() journey.Failure { f := batch.Failures[0]; f.Severity = journey.Critical; return f }()}},
		{Recoveries: []journey.Recovery{func() journey.Recovery { r := batch.Recoveries[0]; r.Contacts = 5; return r }()}},
		// A failure reusing a touchpoint's ID is not the same event either.
		{Failures: []journey.Failure{func() journey.Failure {
			f := failure("c1", 7, touchpoint.Money{})
			f.ID = batch.Touchpoints[0].ID
			return f
		}()}},
	}
	for i, bad := range changed {
		// New, valid events ride along and must not be stored.
		bad.Touchpoints = append(bad.Touchpoints, web("c1", 50+i))
		wantErr(t, fmt.Sprintf("Append(changed event %d)", i), s.Append(t.Context(), bad), store.ErrConflict)
	}
	wantJourney(t, s, "c1", store.Window{}, journeyOf(t, "c1", batch))
}

func conflictAcrossCustomers(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	mustAppend(t, s, store.Batch{Touchpoints: []touchpoint.Touchpoint{web("c1", 0)}})
	other := web("c1", 0)
	other.CustomerID = "c2"
	wantErr(t, "Append(same ID, other customer)", s.Append(t.Context(), store.Batch{Touchpoints: []touchpoint.Touchpoint{other}}), store.ErrConflict)
	wantNoJourney(t, s, "c2")
	wantCounts(t, s, counts{Customers: 1, Touchpoints: 1})
}

func duplicateInBatch(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	a := web("c1", 0)
	mustAppend(t, s, store.Batch{Touchpoints: []touchpoint.Touchpoint{a, web("c1", 1), a.Clone()}})
	wantCounts(t, s, counts{Customers: 1, Touchpoints: 2})

	d := web("c2", 0)
	d2 := d.Clone()
	d2.Stage = touchpoint.Purchase
	err := s.Append(t.Context(), store.Batch{Touchpoints: []touchpoint.Touchpoint{d, web("c2", 1), d2}})
	wantErr(t, "Append(conflicting duplicate in batch)", err, store.ErrConflict)
	wantNoJourney(t, s, "c2")
	wantCounts(t, s, counts{Customers: 1, Touchpoints: 2})
}

// bulk is n touchpoints spread over n/10 customers.
func bulk(prefix string, n int) store.Batch {
	var b store.Batch
	for i := range n {
		b.Touchpoints = append(b.Touchpoints, web(fmt.Sprintf("%s-%03d", prefix, i%(n/10+1)), i))
	}
	return b
}

func allOrNothing(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	stored := story("kept", 0)
	mustAppend(t, s, stored)
	want := countAll(t, s)
	spoil := map[string]func(*store.Batch){
		"invalid touchpoint": func(b *store.Batch) { b.Touchpoints[500].Channel = "Not A Channel" },
		"conflict with stored": func(b *store.Batch) {
			b.Touchpoints[500] = stored.Touchpoints[0].Clone()
			b.Touchpoints[500].Stage = touchpoint.Return
		},
		"conflict inside batch": func(b *store.Batch) {
			b.Touchpoints[999] = b.Touchpoints[3].Clone()
			b.Touchpoints[999].Wait = time.Second
		},
		"invalid failure": func(b *store.Batch) { b.Failures = []journey.Failure{{ID: id("bad failure"), CustomerID: "x"}} },
		"future time":     func(b *store.Batch) { b.Touchpoints[500].Time = time.Now().Add(30 * 24 * time.Hour) },
	}
	for name, f := range spoil {
		batch := bulk("bulk", 1000)
		f(&batch)
		if err := s.Append(t.Context(), batch); err == nil {
			t.Errorf("Append(batch of 1000 with %s) = nil, want an error", name)
		}
		if diff := cmpCounts(want, countAll(t, s)); diff != "" {
			t.Errorf("after Append(batch of 1000 with %s): records mismatch (-want +got):\n%s", name, diff)
		}
	}
}

func hostileInput(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	mustAppend(t, s, story("kept", 0))
	want := countAll(t, s)
	bad := map[string]func(*touchpoint.Touchpoint){
		"NUL in customer id":        func(tp *touchpoint.Touchpoint) { tp.CustomerID = "a\x00b" },
		"invalid UTF-8 customer id": func(tp *touchpoint.Touchpoint) { tp.CustomerID = "a\xffb" },
		"overlong customer id":      func(tp *touchpoint.Touchpoint) { tp.CustomerID = strings.Repeat("x", 100_000) },
		"NUL in attribute value":    func(tp *touchpoint.Touchpoint) { tp.Attributes = map[string]string{"k": "v\x00"} },
		"invalid UTF-8 attribute":   func(tp *touchpoint.Touchpoint) { tp.Attributes = map[string]string{"k\xc3": "v"} },
		"overlong attribute value":  func(tp *touchpoint.Touchpoint) { tp.Attributes = map[string]string{"k": strings.Repeat("v", 1<<20)} },
		"quote in channel":          func(tp *touchpoint.Touchpoint) { tp.Channel = "web'; --" },
		"too many fraction digits":  func(tp *touchpoint.Touchpoint) { tp.Value = money("0.000000001", "EUR") },
		"too many integer digits":   func(tp *touchpoint.Touchpoint) { tp.Value = money("1234567890123456", "EUR") },
		"unknown currency":          func(tp *touchpoint.Touchpoint) { tp.Value = money("1", "E'R") },
		"time before 1900":          func(tp *touchpoint.Touchpoint) { tp.Time = time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC) },
		"missing id":                func(tp *touchpoint.Touchpoint) { tp.ID = [16]byte{} },
	}
	for name, spoil := range bad {
		batch := bulk("hostile", 20)
		spoil(&batch.Touchpoints[10])
		wantErr(t, "Append(batch with "+name+")", s.Append(t.Context(), batch), store.ErrInvalid)
	}
	f := failure("hostile", 1, touchpoint.Money{})
	f.Note = "note\x00"
	wantErr(t, "Append(failure note with NUL)", s.Append(t.Context(), store.Batch{Failures: []journey.Failure{f}}), store.ErrInvalid)
	if diff := cmpCounts(want, countAll(t, s)); diff != "" {
		t.Errorf("records mismatch after hostile input (-want +got):\n%s", diff)
	}
}

func mixedCurrencies(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	f := failure("c1", 0, money("15", "EUR"))
	batch := store.Batch{
		Touchpoints: []touchpoint.Touchpoint{web("c1", 0)},
		Failures:    []journey.Failure{f},
		Recoveries:  []journey.Recovery{recovery(f, money("10", "USD"))},
	}
	wantErr(t, "Append(EUR loss, USD compensation)", s.Append(t.Context(), batch), store.ErrInvalid)
	wantNoJourney(t, s, "c1")

	// Against a stored failure too.
	mustAppend(t, s, store.Batch{Failures: []journey.Failure{f}})
	err := s.Append(t.Context(), store.Batch{Recoveries: []journey.Recovery{recovery(f, money("10", "USD"))}})
	wantErr(t, "Append(USD compensation for stored EUR failure)", err, store.ErrInvalid)
	wantCounts(t, s, counts{Customers: 1, Failures: 1})
}

func recoveryWithoutFailure(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	orphan := recovery(failure("c1", 0, touchpoint.Money{}), touchpoint.Money{})
	batch := store.Batch{Touchpoints: []touchpoint.Touchpoint{web("c1", 0)}, Recoveries: []journey.Recovery{orphan}}
	err := s.Append(t.Context(), batch)
	wantErr(t, "Append(orphan recovery)", err, store.ErrInvalid)
	wantErr(t, "Append(orphan recovery)", err, journey.ErrUnknownFailure)
	wantNoJourney(t, s, "c1")

	// A failure of another customer does not count.
	f := failure("c2", 0, touchpoint.Money{})
	mustAppend(t, s, store.Batch{Failures: []journey.Failure{f}})
	r := recovery(f, touchpoint.Money{})
	r.CustomerID = "c1"
	wantErr(t, "Append(recovery of another customer's failure)", s.Append(t.Context(), store.Batch{Recoveries: []journey.Recovery{r}}), store.ErrInvalid)
	wantCounts(t, s, counts{Customers: 1, Failures: 1})
}

func recoveryLater(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	batch := story("c1", 0)
	first := store.Batch{Touchpoints: batch.Touchpoints, Failures: batch.Failures}
	mustAppend(t, s, first)
	mustAppend(t, s, store.Batch{Recoveries: batch.Recoveries})
	wantJourney(t, s, "c1", store.Window{}, journeyOf(t, "c1", batch))
}

func emptyBatch(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	if err := s.Append(t.Context(), store.Batch{}); err != nil {
		t.Errorf("Append(empty batch) error = %v", err)
	}
	wantCounts(t, s, counts{})
}

func bigBatch(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	batch := BenchData(7, 400, 30)
	for i := range 400 {
		tp := batch.Touchpoints[i]
		f := failure(tp.CustomerID, 2000, money("0.01", "USD"))
		batch.Failures = append(batch.Failures, f)
		batch.Recoveries = append(batch.Recoveries, recovery(f, money("0.01", "USD")))
	}
	mustAppend(t, s, batch)
	want := counts{Customers: 400, Touchpoints: 12_000, Failures: 400, Recoveries: 400}
	wantCounts(t, s, want)
	mustAppend(t, s, batch)
	wantCounts(t, s, want)
	c := batch.Touchpoints[123].CustomerID
	wantJourney(t, s, c, store.Window{}, journeyOf(t, c, batch))
}
