package reliability_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/store/memstore"
	"github.com/cemkit/cem/touchpoint"
)

// env is what a hostile case acts on: a tenant seeded with alice, bob and
// carol, its backend, and a way to get the same tenant on a closed backend.
type env struct {
	s      store.Store
	b      store.Backend
	closed func() store.Store
}

// hostileCase is one piece of bad input and the typed error it must give.
type hostileCase struct {
	name  string
	setup func(e env) error // optional; runs before the data is recorded
	op    func(e env) error
	want  error // errors.Is target
	// validation also requires errors.As(err, **touchpoint.ValidationError).
	validation bool
}

// mallory returns a valid touchpoint of a new customer, changed by edit.
func mallory(edit func(*touchpoint.Touchpoint)) store.Batch {
	t := tp("hostile", "mallory", 0)
	edit(&t)
	return store.Batch{Touchpoints: []touchpoint.Touchpoint{t}}
}

// malloryFailure returns a valid failure of a new customer, changed by edit.
func malloryFailure(edit func(*journey.Failure)) store.Batch {
	f := journey.Failure{ID: id("hostile/failure"), CustomerID: "mallory", Time: at(0), Kind: journey.WrongItem,
		Severity: journey.Minor, Channel: touchpoint.Web}
	edit(&f)
	return store.Batch{Failures: []journey.Failure{f}}
}

// malloryRecovery returns a valid failure and recovery of a new customer,
// with the recovery changed by edit.
func malloryRecovery(edit func(*journey.Recovery)) store.Batch {
	b := malloryFailure(func(*journey.Failure) {})
	f := b.Failures[0]
	r := journey.Recovery{ID: id("hostile/recovery"), FailureID: f.ID, CustomerID: f.CustomerID,
		Time: at(1), Actions: journey.Apology, Channel: touchpoint.Phone}
	edit(&r)
	b.Recoveries = []journey.Recovery{r}
	return b
}

func appendOp(b store.Batch) func(env) error {
	return func(e env) error { return e.s.Append(context.Background(), b) }
}

func rating(v float64) touchpoint.Rating { return touchpoint.Rate(v) }

// cancelled returns a context that is already cancelled.
func cancelled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

// streamErr returns the error drain reports.
func streamErr(_ int, err error) error { return err }

func feedbackCases() []hostileCase {
	fb := func(name string, edit func(*touchpoint.Feedback)) hostileCase {
		return hostileCase{name: name, op: appendOp(mallory(func(t *touchpoint.Touchpoint) { edit(&t.Feedback) })),
			want: store.ErrInvalid, validation: true}
	}
	return []hostileCase{
		fb("CSAT NaN", func(f *touchpoint.Feedback) { f.CSAT = rating(math.NaN()) }),
		fb("NPS +Inf", func(f *touchpoint.Feedback) { f.NPS = rating(math.Inf(1)) }),
		fb("sentiment -Inf", func(f *touchpoint.Feedback) { f.Sentiment = rating(math.Inf(-1)) }),
		fb("CSAT 6 above the 1-5 scale", func(f *touchpoint.Feedback) { f.CSAT = rating(6) }),
		fb("CSAT 0 below the 1-5 scale", func(f *touchpoint.Feedback) { f.CSAT = rating(0) }),
		fb("CSAT 3.5 not an integer", func(f *touchpoint.Feedback) { f.CSAT = rating(3.5) }),
		fb("NPS -1 below the 0-10 scale", func(f *touchpoint.Feedback) { f.NPS = rating(-1) }),
		fb("NPS 11 above the 0-10 scale", func(f *touchpoint.Feedback) { f.NPS = rating(11) }),
		fb("CES 0 below the 1-7 scale", func(f *touchpoint.Feedback) { f.CES = rating(0) }),
		fb("CES 8 above the 1-7 scale", func(f *touchpoint.Feedback) { f.CES = rating(8) }),
		fb("sentiment 1.5 above -1..1", func(f *touchpoint.Feedback) { f.Sentiment = rating(1.5) }),
	}
}

func touchpointCases() []hostileCase {
	bad := func(name string, edit func(*touchpoint.Touchpoint)) hostileCase {
		return hostileCase{name: name, op: appendOp(mallory(edit)), want: store.ErrInvalid, validation: true}
	}
	huge := strings.Repeat("x", 10<<20)
	return []hostileCase{
		bad("zero time", func(t *touchpoint.Touchpoint) { t.Time = time.Time{} }),
		bad("time before 1900", func(t *touchpoint.Touchpoint) { t.Time = time.Date(1850, 1, 1, 0, 0, 0, 0, time.UTC) }),
		bad("far-future time, year 2300", func(t *touchpoint.Touchpoint) { t.Time = time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC) }),
		bad("time 25 hours ahead", func(t *touchpoint.Touchpoint) { t.Time = time.Now().Add(25 * time.Hour) }),
		bad("empty customer id", func(t *touchpoint.Touchpoint) { t.CustomerID = "" }),
		bad("customer id of 257 bytes", func(t *touchpoint.Touchpoint) { t.CustomerID = strings.Repeat("c", 257) }),
		bad("customer id of 10 MB", func(t *touchpoint.Touchpoint) { t.CustomerID = huge }),
		bad("invalid UTF-8 customer id", func(t *touchpoint.Touchpoint) { t.CustomerID = "mal\xffory" }),
		bad("NUL in customer id", func(t *touchpoint.Touchpoint) { t.CustomerID = "mal\x00lory" }),
		bad("nil UUID", func(t *touchpoint.Touchpoint) { t.ID = uuid.Nil }),
		bad("SQL in channel", func(t *touchpoint.Touchpoint) { t.Channel = "web'; DROP TABLE events; --" }),
		bad("empty stage", func(t *touchpoint.Touchpoint) { t.Stage = "" }),
		bad("unknown outcome", func(t *touchpoint.Touchpoint) { t.Outcome = 7 }),
		bad("negative duration", func(t *touchpoint.Touchpoint) { t.Duration = -time.Second }),
		bad("negative wait", func(t *touchpoint.Touchpoint) { t.Wait = -time.Second }),
		bad("10 MB attribute value", func(t *touchpoint.Touchpoint) { t.Attributes = map[string]string{"k": huge} }),
		bad("NUL in attribute value", func(t *touchpoint.Touchpoint) { t.Attributes = map[string]string{"k": "a\x00b"} }),
		bad("invalid UTF-8 attribute key", func(t *touchpoint.Touchpoint) { t.Attributes = map[string]string{"k\xfe": "v"} }),
		bad("attribute key of 65 bytes", func(t *touchpoint.Touchpoint) { t.Attributes = map[string]string{strings.Repeat("k", 65): "v"} }),
		bad("33 attributes", func(t *touchpoint.Touchpoint) {
			t.Attributes = map[string]string{}
			for i := range 33 {
				t.Attributes[string(rune('a'+i%26))+strings.Repeat("x", i)] = "v"
			}
		}),
		bad("unknown currency code", func(t *touchpoint.Touchpoint) { t.Value = money("1", "ABC") }),
		bad("lower-case currency code", func(t *touchpoint.Touchpoint) { t.Value = money("1", "eur") }),
		bad("amount without currency", func(t *touchpoint.Touchpoint) { t.Value = money("1", "") }),
		bad("amount with 16 integer digits", func(t *touchpoint.Touchpoint) { t.Value = money("1234567890123456", "EUR") }),
		bad("amount with 9 fraction digits", func(t *touchpoint.Touchpoint) { t.Value = money("0.123456789", "EUR") }),
	}
}

func failureCases() []hostileCase {
	bad := func(name string, b store.Batch) hostileCase {
		return hostileCase{name: name, op: appendOp(b), want: store.ErrInvalid, validation: true}
	}
	return []hostileCase{
		bad("failure severity 9", malloryFailure(func(f *journey.Failure) { f.Severity = 9 })),
		bad("failure without kind", malloryFailure(func(f *journey.Failure) { f.Kind = "" })),
		bad("failure note of 10 MB", malloryFailure(func(f *journey.Failure) { f.Note = strings.Repeat("n", 10<<20) })),
		bad("failure loss of 21 integer digits", malloryFailure(func(f *journey.Failure) { f.Loss = money("1e20", "EUR") })),
		bad("recovery before its failure", malloryRecovery(func(r *journey.Recovery) { r.Time = at(-1) })),
		bad("recovery resolved before it started", malloryRecovery(func(r *journey.Recovery) { r.ResolvedAt = at(0) })),
		bad("recovery with negative compensation", malloryRecovery(func(r *journey.Recovery) { r.Compensation = money("-5", "EUR") })),
		bad("recovery with -1 contacts", malloryRecovery(func(r *journey.Recovery) { r.Contacts = -1 })),
		{name: "recovery of an unknown failure", op: appendOp(malloryRecovery(func(r *journey.Recovery) { r.FailureID = id("nowhere") })),
			want: journey.ErrUnknownFailure, validation: true},
		{name: "recovery of another customer's failure", op: appendOp(store.Batch{Recoveries: []journey.Recovery{{
			ID: id("hostile/steal"), FailureID: story("alice").Failures[0].ID, CustomerID: "mallory", Time: at(5),
			Actions: journey.Refund, Channel: touchpoint.Web}}}), want: journey.ErrUnknownFailure, validation: true},
		bad("a valid event and an invalid one in one batch: nothing stored", store.Batch{
			Touchpoints: append(bulk("hostile/ok", "mallory", 0, 3), mallory(func(t *touchpoint.Touchpoint) { t.Channel = "" }).Touchpoints...)}),
	}
}

func conflictCases() []hostileCase {
	alice := story("alice").Touchpoints[0]
	changed := alice
	changed.Stage = touchpoint.Return
	twin := tp("hostile", "mallory", 0)
	twin2 := twin
	twin2.Channel = touchpoint.Phone
	asOther := alice
	asOther.CustomerID = "mallory"
	asFailure := malloryFailure(func(f *journey.Failure) { f.ID = alice.ID })
	return []hostileCase{
		{name: "stored ID re-sent with other content", op: appendOp(store.Batch{Touchpoints: []touchpoint.Touchpoint{changed}}), want: store.ErrConflict},
		{name: "one ID twice in a batch with different content", op: appendOp(store.Batch{Touchpoints: []touchpoint.Touchpoint{twin, twin2}}), want: store.ErrConflict},
		{name: "stored ID under another customer", op: appendOp(store.Batch{Touchpoints: []touchpoint.Touchpoint{asOther}}), want: store.ErrConflict},
		{name: "touchpoint ID reused by a failure", op: appendOp(asFailure), want: store.ErrConflict},
		{name: "conflicting snapshot", op: func(e env) error {
			return e.s.PutSnapshots(context.Background(), snap("alice", 0, 99, "advocate"))
		}, want: store.ErrConflict},
		{name: "NaN snapshot", op: func(e env) error {
			return e.s.PutSnapshots(context.Background(), snap("alice", 9, math.NaN(), ""))
		}, want: store.ErrInvalid, validation: true},
		{name: "SQL in snapshot name", op: func(e env) error {
			s := snap("alice", 9, 1, "")
			s.Name = "ladder' OR '1'='1"
			return e.s.PutSnapshots(context.Background(), s)
		}, want: store.ErrInvalid, validation: true},
	}
}

func identityCases() []hostileCase {
	merge := func(from, into string) func(env) error {
		return func(e env) error { return e.s.Merge(context.Background(), from, into) }
	}
	return []hostileCase{
		{name: "merge into itself", op: merge("alice", "alice"), want: store.ErrConflict},
		{name: "merge cycle of two", setup: merge("bob", "alice"), op: merge("alice", "bob"), want: store.ErrConflict},
		{name: "merge cycle of three", setup: func(e env) error {
			if err := merge("bob", "alice")(e); err != nil {
				return err
			}
			return merge("alice", "carol")(e)
		}, op: merge("carol", "bob"), want: store.ErrConflict},
		{name: "merge of an unknown customer", op: merge("nobody", "alice"), want: store.ErrNotFound},
		{name: "merge into an empty id", op: merge("alice", ""), want: store.ErrInvalid, validation: true},
		{name: "merge from a NUL id", op: merge("al\x00ice", "bob"), want: store.ErrInvalid, validation: true},
		{name: "journey of an unknown customer", op: func(e env) error {
			_, err := e.s.Journey(context.Background(), "nobody", store.Window{})
			return err
		}, want: store.ErrNotFound},
		{name: "latest without a name", op: func(e env) error {
			return streamErr(drain(e.s.Latest(context.Background(), store.LatestQuery{})))
		}, want: store.ErrInvalid, validation: true},
		{name: "malformed tenant id", op: func(e env) error { _, err := e.b.Tenant("t\x00"); return err }, want: store.ErrInvalid, validation: true},
		{name: "tenant id of 65 bytes", op: func(e env) error { _, err := e.b.Tenant(strings.Repeat("t", 65)); return err }, want: store.ErrInvalid, validation: true},
		{name: "summing stored amounts in two currencies", op: func(e env) error {
			ctx := context.Background()
			a, err := e.s.Journey(ctx, "alice", store.Window{})
			if err != nil {
				return err
			}
			c, err := e.s.Journey(ctx, "carol", store.Window{})
			if err != nil {
				return err
			}
			_, err = a.Touchpoints()[1].Value.Add(c.Touchpoints()[0].Value)
			return err
		}, want: touchpoint.ErrCurrencyMismatch},
	}
}

func lifecycleCases() []hostileCase {
	valid := store.Batch{Touchpoints: bulk("hostile/valid", "mallory", 0, 3)}
	return []hostileCase{
		{name: "append with a cancelled context", op: func(e env) error { return e.s.Append(cancelled(), valid) }, want: context.Canceled},
		{name: "merge with a cancelled context", op: func(e env) error { return e.s.Merge(cancelled(), "bob", "alice") }, want: context.Canceled},
		{name: "erase with a cancelled context", op: func(e env) error { _, err := e.s.Erase(cancelled(), "alice"); return err }, want: context.Canceled},
		{name: "snapshots with a cancelled context", op: func(e env) error {
			return e.s.PutSnapshots(cancelled(), snap("bob", 1, 1, ""))
		}, want: context.Canceled},
		{name: "stream with a cancelled context", op: func(e env) error {
			return streamErr(drain(e.s.Journeys(cancelled(), store.Query{})))
		}, want: context.Canceled},
		{name: "append to a closed store", op: func(e env) error { return e.closed().Append(context.Background(), valid) }, want: store.ErrClosed},
		{name: "erase in a closed store", op: func(e env) error { _, err := e.closed().Erase(context.Background(), "alice"); return err }, want: store.ErrClosed},
		{name: "merge in a closed store", op: func(e env) error { return e.closed().Merge(context.Background(), "bob", "alice") }, want: store.ErrClosed},
		{name: "read from a closed store", op: func(e env) error {
			_, err := e.closed().Journey(context.Background(), "alice", store.Window{})
			return err
		}, want: store.ErrClosed},
	}
}

// hostileCatalogue is every case, in one table.
func hostileCatalogue() []hostileCase {
	var all []hostileCase
	for _, g := range [][]hostileCase{feedbackCases(), touchpointCases(), failureCases(), conflictCases(), identityCases(), lifecycleCases()} {
		all = append(all, g...)
	}
	return all
}

// seed stores the data every hostile case starts from.
func seed(t testing.TB, s store.Store) {
	t.Helper()
	mustAppend(t, s, story("alice"))
	mustAppend(t, s, story("bob"))
	carol := tp("seed", "carol", 7)
	carol.Value = money("12.50", "USD")
	mustAppend(t, s, store.Batch{Touchpoints: []touchpoint.Touchpoint{carol}})
	if err := s.PutSnapshots(context.Background(), snap("alice", 0, 70, "loyal"), snap("alice", 1, 40, "satisfied")); err != nil {
		t.Fatalf("PutSnapshots() error = %v", err)
	}
}

// TestHostileInput runs the hostile input catalogue against every adapter:
// each case must fail with its typed error and leave every stored journey
// and snapshot of the tenant exactly as it was.
func TestHostileInput(t *testing.T) {
	cases := hostileCatalogue()
	if len(cases) < 40 {
		t.Fatalf("the catalogue has %d cases, want at least 40", len(cases))
	}
	forEachAdapter(t, func(t *testing.T, a adapter) {
		f := a.open(t)
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) { runHostile(t, f, c) })
		}
	})
}

func runHostile(t *testing.T, f *fixture, c hostileCase) {
	s, tenantID := tenant(t, f)
	seed(t, s)
	e := env{s: s, b: f, closed: func() store.Store { return closedTenant(t, f, tenantID) }}
	if c.setup != nil {
		if err := c.setup(e); err != nil {
			t.Fatalf("setup error = %v", err)
		}
	}
	before := dump(t, s, "alice", "bob", "carol")
	err := c.op(e)
	var verr *touchpoint.ValidationError
	if !errors.Is(err, c.want) || (c.validation && !errors.As(err, &verr)) {
		t.Errorf("error = %v, want %v (validation error: %v)", err, c.want, c.validation)
	}
	if diff := cmp.Diff(before, dump(t, s, "alice", "bob", "carol")); diff != "" {
		t.Errorf("stored data changed (-before +after):\n%s", diff)
	}
}

// closedTenant returns the tenant on a second backend over the same data,
// closed. memstore has no second handle on its data, so there the closed
// store is a fresh backend's.
func closedTenant(t testing.TB, f *fixture, tenantID string) store.Store {
	t.Helper()
	b := f.reopen(t)
	if b == nil {
		b = memstore.New()
	}
	s, err := b.Tenant(tenantID)
	if err != nil {
		t.Fatalf("Tenant() error = %v", err)
	}
	if err := b.Close(); err != nil {
		t.Fatalf("Close() error = %v", err)
	}
	return s
}
