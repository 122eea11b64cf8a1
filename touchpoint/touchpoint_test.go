package touchpoint_test

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/cemkit/cem/touchpoint"
)

var now = time.Date(2026, 3, 14, 15, 9, 26, 535897932, time.UTC)

func fixedLimits() touchpoint.Limits {
	return touchpoint.Limits{Now: func() time.Time { return now }}
}

func valid() touchpoint.Touchpoint {
	return touchpoint.Touchpoint{
		ID:         uuid.MustParse("0195e6b2-7c1a-7d3e-8f00-000000000001"),
		CustomerID: "c-42",
		Time:       now.Add(-time.Hour),
		Channel:    touchpoint.Store,
		Stage:      touchpoint.Browse,
		Feedback:   touchpoint.Feedback{CSAT: touchpoint.Rate(4), NPS: touchpoint.Rate(0)},
		Value:      mustMoney("19.99", "EUR"),
		Duration:   90 * time.Second,
		Attributes: map[string]string{"store": "Berlin-Mitte"},
	}
}

func mustMoney(amount, cur string) touchpoint.Money {
	m, err := touchpoint.NewMoney(amount, cur)
	if err != nil {
		panic(err)
	}
	return m
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(*touchpoint.Touchpoint)
		field  string // "" means valid
		reason string
	}{
		{"valid", func(*touchpoint.Touchpoint) {}, "", "the fixture is valid"},
		{"host channel", func(tp *touchpoint.Touchpoint) { tp.Channel = "kiosk" }, "", "host-defined channels are allowed"},
		{"host stage", func(tp *touchpoint.Touchpoint) { tp.Stage = "installation" }, "", "host-defined stages are allowed"},
		{"zero NPS", func(tp *touchpoint.Touchpoint) { tp.Feedback.NPS = touchpoint.Rate(0) }, "", "0 is a valid NPS answer"},
		{"sql metachars in id", func(tp *touchpoint.Touchpoint) { tp.CustomerID = `'; DROP TABLE x; --` }, "", "any printable text is a valid id"},
		{"nil id", func(tp *touchpoint.Touchpoint) { tp.ID = uuid.Nil }, "id", "an event needs an id"},
		{"empty customer", func(tp *touchpoint.Touchpoint) { tp.CustomerID = "" }, "customer_id", "a touchpoint belongs to someone"},
		{"long customer", func(tp *touchpoint.Touchpoint) { tp.CustomerID = strings.Repeat("x", 257) }, "customer_id", "ids are bounded"},
		{"NUL in customer", func(tp *touchpoint.Touchpoint) { tp.CustomerID = "a\x00b" }, "customer_id", "PostgreSQL cannot store NUL"},
		{"invalid UTF-8", func(tp *touchpoint.Touchpoint) { tp.CustomerID = "a\xffb" }, "customer_id", "databases disagree on invalid UTF-8"},
		{"zero time", func(tp *touchpoint.Touchpoint) { tp.Time = time.Time{} }, "time", "time is required"},
		{"far future", func(tp *touchpoint.Touchpoint) { tp.Time = now.Add(25 * time.Hour) }, "time", "beyond the 24h skew allowance"},
		{"near future", func(tp *touchpoint.Touchpoint) { tp.Time = now.Add(23 * time.Hour) }, "", "clock skew within 24h is tolerated"},
		{"ancient", func(tp *touchpoint.Touchpoint) { tp.Time = time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC) }, "time", "before 1900"},
		{"empty channel", func(tp *touchpoint.Touchpoint) { tp.Channel = "" }, "name", "channel required"},
		{"upper channel", func(tp *touchpoint.Touchpoint) { tp.Channel = "Web" }, "name", "names are lowercase"},
		{"space stage", func(tp *touchpoint.Touchpoint) { tp.Stage = "check out" }, "name", "no spaces in names"},
		{"bad outcome", func(tp *touchpoint.Touchpoint) { tp.Outcome = 7 }, "outcome", "only ok and failed"},
		{"csat 6", func(tp *touchpoint.Touchpoint) { tp.Feedback.CSAT = touchpoint.Rate(6) }, "feedback.csat", "CSAT is 1..5"},
		{"csat 0", func(tp *touchpoint.Touchpoint) { tp.Feedback.CSAT = touchpoint.Rate(0) }, "feedback.csat", "CSAT has no 0"},
		{"csat fraction", func(tp *touchpoint.Touchpoint) { tp.Feedback.CSAT = touchpoint.Rate(3.5) }, "feedback.csat", "CSAT answers are integers"},
		{"nps 11", func(tp *touchpoint.Touchpoint) { tp.Feedback.NPS = touchpoint.Rate(11) }, "feedback.nps", "NPS is 0..10"},
		{"nps NaN", func(tp *touchpoint.Touchpoint) { tp.Feedback.NPS = touchpoint.Rate(math.NaN()) }, "feedback.nps", "NaN is never an answer"},
		{"ces 8", func(tp *touchpoint.Touchpoint) { tp.Feedback.CES = touchpoint.Rate(8) }, "feedback.ces", "CES is 1..7"},
		{"sentiment Inf", func(tp *touchpoint.Touchpoint) { tp.Feedback.Sentiment = touchpoint.Rate(math.Inf(1)) }, "feedback.sentiment", "Inf is never an answer"},
		{"sentiment 1.5", func(tp *touchpoint.Touchpoint) { tp.Feedback.Sentiment = touchpoint.Rate(1.5) }, "feedback.sentiment", "sentiment is -1..1"},
		{"unknown currency", func(tp *touchpoint.Touchpoint) { tp.Value.Currency = "EUX" }, "currency", "ISO 4217 only"},
		{"lowercase currency", func(tp *touchpoint.Touchpoint) { tp.Value.Currency = "eur" }, "currency", "codes are upper case"},
		{"negative duration", func(tp *touchpoint.Touchpoint) { tp.Duration = -time.Second }, "duration", "durations are not negative"},
		{"negative wait", func(tp *touchpoint.Touchpoint) { tp.Wait = -time.Second }, "wait", "waits are not negative"},
		{"huge attribute", func(tp *touchpoint.Touchpoint) { tp.Attributes["note"] = strings.Repeat("x", 10<<20) }, "attributes[note]", "10 MB values are refused"},
		{"empty attribute key", func(tp *touchpoint.Touchpoint) { tp.Attributes[""] = "x" }, "attributes", "keys need a name"},
		{"too many attributes", func(tp *touchpoint.Touchpoint) {
			for i := range 33 {
				tp.Attributes[strings.Repeat("k", i+1)] = "v"
			}
		}, "attributes", "at most 32 entries"},
		{"NUL in attribute", func(tp *touchpoint.Touchpoint) { tp.Attributes["k"] = "\x00" }, "attributes[k]", "no NUL anywhere"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tp := valid()
			tt.edit(&tp)
			err := fixedLimits().Validate(tp)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil (%s)", err, tt.reason)
				}
				return
			}
			var verr *touchpoint.ValidationError
			if !errors.As(err, &verr) {
				t.Fatalf("Validate() = %v, want a *ValidationError on %s (%s)", err, tt.field, tt.reason)
			}
			if verr.Field != tt.field {
				t.Errorf("Validate() field = %q, want %q (%s); error: %v", verr.Field, tt.field, tt.reason, err)
			}
			if !errors.Is(err, touchpoint.ErrInvalid) {
				t.Errorf("errors.Is(%v, ErrInvalid) = false", err)
			}
			if len(verr.Value) > 70 {
				t.Errorf("error echoes %d bytes of the bad value, want it truncated", len(verr.Value))
			}
		})
	}
}

func TestCloneIsDeep(t *testing.T) {
	tp := valid()
	c := tp.Clone()
	c.Attributes["store"] = "changed"
	if tp.Attributes["store"] != "Berlin-Mitte" {
		t.Errorf("changing a clone's attributes changed the original: %v", tp.Attributes)
	}
	if !tp.Clone().Equal(tp) {
		t.Error("a clone is not Equal to its original")
	}
}

func TestEqual(t *testing.T) {
	a := valid()
	b := valid()
	b.Time = a.Time.In(time.FixedZone("CET", 3600))
	b.Value = mustMoney("19.990", "EUR")
	if !a.Equal(b) {
		t.Error("same instant in another zone and 19.99 vs 19.990 should be Equal")
	}
	b.Feedback.CES = touchpoint.Rate(2)
	if a.Equal(b) {
		t.Error("an added CES answer should make touchpoints differ")
	}
}

func TestCompareOrdersByTimeThenID(t *testing.T) {
	a, b := valid(), valid()
	b.ID = uuid.MustParse("0195e6b2-7c1a-7d3e-8f00-000000000002")
	if touchpoint.Compare(a, b) >= 0 || !a.Before(b) {
		t.Error("at the same time the smaller ID sorts first")
	}
	b.Time = a.Time.Add(-time.Nanosecond)
	if touchpoint.Compare(a, b) <= 0 {
		t.Error("the earlier time sorts first whatever the IDs")
	}
}

func TestIDs(t *testing.T) {
	if v := touchpoint.NewID().Version(); v != 7 {
		t.Errorf("NewID() version = %d, want 7", v)
	}
	a := touchpoint.IDFromKey("pos", "receipt-1")
	if a != touchpoint.IDFromKey("pos", "receipt-1") {
		t.Error("IDFromKey is not stable")
	}
	if a.Version() != 5 {
		t.Errorf("IDFromKey version = %d, want 5", a.Version())
	}
	if touchpoint.IDFromKey("a", "bc") == touchpoint.IDFromKey("ab", "c") {
		t.Error("namespace and key must not run together")
	}
	// Pin the derivation: a change here would duplicate every re-sent event.
	if got, want := a.String(), "784139cb-896d-5c57-9bcd-96575eef325a"; got != want {
		t.Errorf("IDFromKey = %s, want %s", got, want)
	}
}

func TestNames(t *testing.T) {
	for _, c := range touchpoint.Channels() {
		if err := c.Validate(); err != nil || !c.Predefined() {
			t.Errorf("predefined channel %q: Validate = %v, Predefined = %v", c, err, c.Predefined())
		}
	}
	for i, s := range touchpoint.Stages() {
		if err := s.Validate(); err != nil || s.Order() != i {
			t.Errorf("predefined stage %q: Validate = %v, Order = %d, want %d", s, err, s.Order(), i)
		}
	}
	if touchpoint.Stage("installation").Predefined() || touchpoint.Channel("kiosk").Predefined() {
		t.Error("host-defined names are not predefined")
	}
	if _, err := touchpoint.ParseChannel(strings.Repeat("a", 65)); err == nil {
		t.Error("ParseChannel accepted a 65-byte name")
	}
	if _, err := touchpoint.ParseOutcome("maybe"); !errors.Is(err, touchpoint.ErrInvalid) {
		t.Errorf("ParseOutcome(maybe) = %v, want ErrInvalid", err)
	}
}
