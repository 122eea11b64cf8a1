package journey_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

func TestJSONRoundTrip(t *testing.T) {
	for name, s := range map[string]story{"out of stock": outOfStock(), "wrong item": wrongItem()} {
		j := mustBuild(t, s)
		b, err := json.Marshal(j)
		if err != nil {
			t.Fatal(err)
		}
		got := journey.NewWithLimits("", limits())
		if err := json.Unmarshal(b, got); err != nil {
			t.Fatalf("%s: Unmarshal = %v\n%s", name, err, b)
		}
		if diff := cmp.Diff(j, got); diff != "" {
			t.Errorf("%s: round trip mismatch (-want +got):\n%s", name, diff)
		}
	}
}

func TestJSONRejects(t *testing.T) {
	good, err := json.Marshal(mustBuild(t, outOfStock()))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(good)
	recoveryID := id(20).String()
	failureID := id(10).String()
	tests := []struct {
		name, doc string
		is        error
	}{
		{"version", strings.Replace(doc, `"version":1`, `"version":2`, 1), touchpoint.ErrInvalid},
		{"no customer", strings.Replace(doc, `"customer_id":"ana","touchpoints"`, `"customer_id":"","touchpoints"`, 1), touchpoint.ErrInvalid},
		{"recovery for missing failure", strings.Replace(doc, `"failure_id":"`+failureID, `"failure_id":"`+recoveryID, 1), journey.ErrUnknownFailure},
		{"bad action", strings.Replace(doc, `"apology"`, `"hug"`, 1), touchpoint.ErrInvalid},
		{"bad severity", strings.Replace(doc, `"moderate"`, `"meh"`, 1), touchpoint.ErrInvalid},
		{"unknown field", strings.Replace(doc, `"version":1`, `"version":1,"extra":true`, 1), touchpoint.ErrInvalid},
		{"negative loss", strings.Replace(doc, `"12.5"`, `"-12.5"`, 1), touchpoint.ErrInvalid},
		{"NUL in the customer id", strings.ReplaceAll(doc, `"customer_id":"ana"`, `"customer_id":"a\u0000na"`), touchpoint.ErrInvalid},
		{"NUL in the customer id of an empty journey",
			`{"version":1,"customer_id":"a\u0000b","touchpoints":[],"failures":[],"recoveries":[]}`, touchpoint.ErrInvalid},
		{"customer id over the limit", `{"version":1,"customer_id":"` + strings.Repeat("c", 257) + `","touchpoints":[],"failures":[],"recoveries":[]}`,
			touchpoint.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.doc == doc {
				t.Fatal("the edit did not apply; fix the test")
			}
			j := mustBuild(t, wrongItem())
			before := j.Clone()
			err := json.Unmarshal([]byte(tt.doc), j)
			if !errors.Is(err, tt.is) {
				t.Errorf("Unmarshal error = %v, want %v", err, tt.is)
			}
			if diff := cmp.Diff(before, j); diff != "" {
				t.Errorf("failed Unmarshal changed the journey (-want +got):\n%s", diff)
			}
		})
	}
}

// FuzzJourneyJSON checks that decoding never panics and that any accepted
// journey re-encodes and decodes to an equal journey.
func FuzzJourneyJSON(f *testing.F) {
	for _, s := range []story{outOfStock(), wrongItem()} {
		j, err := s.build()
		if err != nil {
			f.Fatal(err)
		}
		b, _ := json.Marshal(j)
		f.Add(b)
	}
	f.Add([]byte(`{"version":1,"customer_id":"x","touchpoints":[],"failures":[],"recoveries":[]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		j := journey.NewWithLimits("", limits())
		if err := json.Unmarshal(b, j); err != nil {
			return
		}
		out, err := json.Marshal(j)
		if err != nil {
			t.Fatalf("cannot encode an accepted journey: %v", err)
		}
		back := journey.NewWithLimits("", limits())
		if err := json.Unmarshal(out, back); err != nil {
			t.Fatalf("cannot decode own output: %v\n%s", err, out)
		}
		if !back.Equal(j) {
			t.Fatalf("round trip changed the journey:\n%s\n%s", b, out)
		}
	})
}

// TestJSONUsesJourneyLimits decodes a journey set in the future (a
// simulation) with limits whose clock is later still: the events must be
// checked against those limits, not against the real clock.
func TestJSONUsesJourneyLimits(t *testing.T) {
	future := touchpoint.Limits{Now: func() time.Time { return time.Date(2041, 1, 1, 0, 0, 0, 0, time.UTC) }}
	at := time.Date(2040, 6, 1, 9, 0, 0, 0, time.UTC)
	j := journey.NewWithLimits("ana", future)
	x := touchpoint.Touchpoint{ID: id(1), CustomerID: "ana", Time: at, Channel: touchpoint.Web, Stage: touchpoint.Purchase}
	f := journey.Failure{ID: id(2), CustomerID: "ana", Time: at, Kind: journey.LateDelivery, Severity: journey.Minor, Channel: touchpoint.Web}
	r := journey.Recovery{ID: id(3), FailureID: f.ID, CustomerID: "ana", Time: at.Add(time.Hour), Actions: journey.Apology, Channel: touchpoint.Email}
	addAll(t, j, x, f, r)
	b, err := json.Marshal(j)
	if err != nil {
		t.Fatal(err)
	}
	got, err := journey.DecodeJSON(future, b)
	if err != nil {
		t.Fatalf("DecodeJSON with future limits = %v", err)
	}
	if diff := cmp.Diff(j, got); diff != "" {
		t.Errorf("round trip mismatch (-want +got):\n%s", diff)
	}
	viaMethod := journey.NewWithLimits("", future)
	if err := json.Unmarshal(b, viaMethod); err != nil {
		t.Errorf("Unmarshal into NewWithLimits(future) = %v", err)
	}
	if _, err := journey.DecodeJSON(touchpoint.Limits{}, b); !errors.Is(err, touchpoint.ErrInvalid) {
		t.Errorf("DecodeJSON with the real clock = %v, want a validation error for 2040", err)
	}
	fb, _ := json.Marshal(f)
	if _, err := journey.DecodeFailure(future, fb); err != nil {
		t.Errorf("DecodeFailure(future) = %v", err)
	}
	rb, _ := json.Marshal(r)
	if _, err := journey.DecodeRecovery(future, rb); err != nil {
		t.Errorf("DecodeRecovery(future) = %v", err)
	}
}

// TestJSONEncodesUnderLargerLimits encodes a journey whose events only its
// larger limits accept, and decodes it back with those limits.
func TestJSONEncodesUnderLargerLimits(t *testing.T) {
	large := limits()
	large.MaxValueLen, large.MaxTextLen, large.MaxIDLen = 4096, 10000, 1000
	cust := strings.Repeat("c", 300)
	x := tp(1, 0, touchpoint.Web, touchpoint.Browse)
	x.CustomerID = cust
	x.Attributes = map[string]string{"note": strings.Repeat("x", 2000)}
	f := journey.Failure{ID: id(2), CustomerID: cust, Time: t0, Kind: journey.LateDelivery, Severity: journey.Minor,
		Channel: touchpoint.Web, Note: strings.Repeat("n", 5000)}
	r := journey.Recovery{ID: id(3), FailureID: f.ID, CustomerID: cust, Time: t0.Add(time.Hour), Actions: journey.Apology, Channel: touchpoint.Email}
	j := journey.NewWithLimits(cust, large)
	addAll(t, j, x, f, r)
	b, err := json.Marshal(j)
	if err != nil {
		t.Fatalf("Marshal(journey accepted under larger limits) = %v", err)
	}
	got, err := journey.DecodeJSON(large, b)
	if err != nil {
		t.Fatalf("DecodeJSON with the larger limits = %v", err)
	}
	if diff := cmp.Diff(j, got); diff != "" {
		t.Errorf("round trip mismatch (-want +got):\n%s", diff)
	}
	if _, err := journey.DecodeJSON(limits(), b); !errors.Is(err, touchpoint.ErrInvalid) {
		t.Errorf("DecodeJSON with the default limits = %v, want a validation error", err)
	}
}

// TestJSONZeroJourney checks a zero Journey round-trips, and that Marshal
// refuses what no decoder would read back.
func TestJSONZeroJourney(t *testing.T) {
	b, err := json.Marshal(&journey.Journey{})
	if err != nil {
		t.Fatalf("Marshal(zero Journey) = %v", err)
	}
	var got journey.Journey
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("Unmarshal(%s) = %v, want the zero journey back", b, err)
	}
	if diff := cmp.Diff(&journey.Journey{}, &got); diff != "" {
		t.Errorf("zero journey round trip mismatch (-want +got):\n%s", diff)
	}
	x := tp(1, 0, touchpoint.Web, touchpoint.Browse)
	x.Time = time.Now().Add(-time.Hour)
	if err := got.Add(x); err != nil || got.CustomerID() != "ana" {
		t.Errorf("Add to the decoded zero journey = %v, customer %q; want it to take ana", err, got.CustomerID())
	}
	if _, err := json.Marshal(journey.New("a\x00b")); !errors.Is(err, touchpoint.ErrInvalid) {
		t.Errorf("Marshal(journey of customer with NUL) = %v, want a validation error", err)
	}
}

// addAll adds a touchpoint, a failure and a recovery to j.
func addAll(t *testing.T, j *journey.Journey, x touchpoint.Touchpoint, f journey.Failure, r journey.Recovery) {
	t.Helper()
	if err := j.Add(x); err != nil {
		t.Fatal(err)
	}
	if err := j.AddFailure(f); err != nil {
		t.Fatal(err)
	}
	if err := j.AddRecovery(r); err != nil {
		t.Fatal(err)
	}
}
