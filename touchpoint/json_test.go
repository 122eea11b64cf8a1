package touchpoint_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cemkit/cem/touchpoint"
)

func TestJSONRoundTrip(t *testing.T) {
	tp := valid()
	tp.Time = time.Date(2026, 3, 14, 14, 9, 26, 535897932, time.FixedZone("CET", 3600))
	tp.Wait = 3*time.Minute + 7*time.Millisecond
	tp.Outcome = touchpoint.Failed
	tp.Feedback.Sentiment = touchpoint.Rate(-0.25)
	tp.Value = mustMoney("0.30", "EUR")
	tp.Attributes["q"] = `'"; DROP TABLE t; -- ✓ 日本`
	b, err := json.Marshal(tp)
	if err != nil {
		t.Fatal(err)
	}
	var got touchpoint.Touchpoint
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("Unmarshal(%s) = %v", b, err)
	}
	if diff := cmp.Diff(tp, got); diff != "" {
		t.Errorf("round trip mismatch (-want +got):\n%s", diff)
	}
	if got.Time.Location() != time.UTC {
		t.Errorf("decoded time zone = %v, want UTC", got.Time.Location())
	}
}

func TestJSONForm(t *testing.T) {
	tp := valid()
	tp.Attributes = nil
	b, err := json.Marshal(tp)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id":"0195e6b2-7c1a-7d3e-8f00-000000000001","customer_id":"c-42","time":"2026-03-14T14:09:26.535897932Z",` +
		`"channel":"store","stage":"browse","outcome":"ok","feedback":{"csat":4,"nps":0},` +
		`"value":{"amount":"19.99","currency":"EUR"},"duration":"1m30s"}`
	if diff := cmp.Diff(want, string(b)); diff != "" {
		t.Errorf("JSON form changed (-want +got):\n%s", diff)
	}
}

func TestJSONRejects(t *testing.T) {
	good, err := json.Marshal(valid())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, doc, reason string
	}{
		{"not json", `{`, "truncated document"},
		{"unknown field", strings.Replace(string(good), `"stage"`, `"stagee":"x","stage"`, 1), "typos must not pass silently"},
		{"bad channel", strings.Replace(string(good), `"store"`, `"Store"`, 1), "names are validated while decoding"},
		{"bad time", strings.Replace(string(good), `2026-03-14T14:09:26.535897932Z`, `14/03/2026`, 1), "RFC 3339 only"},
		{"nps 11", strings.Replace(string(good), `"nps":0`, `"nps":11`, 1), "scales are checked"},
		{"money float", strings.Replace(string(good), `"19.99"`, `"19.999999999"`, 1), "more than 8 fraction digits"},
		{"bad duration", strings.Replace(string(good), `"1m30s"`, `"ninety"`, 1), "Go duration strings"},
		{"negative duration", strings.Replace(string(good), `"1m30s"`, `"-1s"`, 1), "validated after decoding"},
		{"trailing data", string(good) + `{}`, "one document per value"},
		{"outcome", strings.Replace(string(good), `"ok"`, `"fine"`, 1), "ok or failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := (touchpoint.Limits{}).DecodeJSON([]byte(tt.doc)); !errors.Is(err, touchpoint.ErrInvalid) {
				t.Errorf("DecodeJSON error = %v, want ErrInvalid (%s)", err, tt.reason)
			}
			// encoding/json reports syntax errors itself, before the
			// decoder runs; either way the target must stay unchanged.
			before := valid()
			if err := json.Unmarshal([]byte(tt.doc), &before); err == nil {
				t.Errorf("Unmarshal accepted it (%s)", tt.reason)
			}
			if diff := cmp.Diff(valid(), before); diff != "" {
				t.Errorf("a failed Unmarshal changed the target (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRatingAbsentIsNotZero(t *testing.T) {
	var f touchpoint.Feedback
	if err := json.Unmarshal([]byte(`{"nps":0,"csat":null}`), &f); err != nil {
		t.Fatal(err)
	}
	if v, ok := f.NPS.Value(); !ok || v != 0 {
		t.Errorf("NPS = %v, %v; want a present 0", v, ok)
	}
	if f.CSAT.IsSet() || f.CES.IsSet() {
		t.Error("null and missing answers must stay absent")
	}
	if f.Count() != 1 {
		t.Errorf("Count() = %d, want 1", f.Count())
	}
}

// FuzzTouchpointJSON checks that decoding never panics, that whatever it
// accepts is valid, and that accepted documents round-trip exactly.
func FuzzTouchpointJSON(f *testing.F) {
	good, _ := json.Marshal(valid())
	f.Add(good)
	f.Add([]byte(`{"id":"0195e6b2-7c1a-7d3e-8f00-000000000001","customer_id":"x","time":"2020-01-01T00:00:00Z","channel":"web","stage":"purchase","outcome":"failed"}`))
	f.Add([]byte(`{"feedback":{"nps":NaN}}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var tp touchpoint.Touchpoint
		if err := json.Unmarshal(b, &tp); err != nil {
			return
		}
		if err := tp.Validate(); err != nil {
			t.Fatalf("decoder accepted an invalid touchpoint: %v", err)
		}
		out, err := json.Marshal(tp)
		if err != nil {
			t.Fatalf("cannot re-encode an accepted touchpoint: %v", err)
		}
		var back touchpoint.Touchpoint
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("cannot decode own output %s: %v", out, err)
		}
		if !back.Equal(tp) {
			t.Fatalf("round trip changed the touchpoint:\n%s\n%s", b, out)
		}
	})
}

// TestJSONIgnoresSizeLimits encodes touchpoints that only larger Limits
// accept: encoding checks syntax, the decoder's limits check sizes.
func TestJSONIgnoresSizeLimits(t *testing.T) {
	large := touchpoint.Limits{Now: fixedLimits().Now, MaxAttributes: 100, MaxKeyLen: 200, MaxValueLen: 4096, MaxIDLen: 1000}
	many := map[string]string{}
	for i := range 40 {
		many["k"+strings.Repeat("x", i)] = "v"
	}
	tests := []struct {
		name, reason string
		change       func(*touchpoint.Touchpoint)
	}{
		{"long value", "values up to MaxValueLen", func(tp *touchpoint.Touchpoint) { tp.Attributes["note"] = strings.Repeat("x", 2000) }},
		{"long key", "keys up to MaxKeyLen", func(tp *touchpoint.Touchpoint) { tp.Attributes[strings.Repeat("k", 100)] = "v" }},
		{"many attributes", "up to MaxAttributes entries", func(tp *touchpoint.Touchpoint) { tp.Attributes = many }},
		{"long customer id", "customer ids up to MaxIDLen", func(tp *touchpoint.Touchpoint) { tp.CustomerID = strings.Repeat("c", 500) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tp := valid()
			tt.change(&tp)
			if err := large.Validate(tp); err != nil {
				t.Fatalf("large limits reject the test touchpoint: %v", err)
			}
			b, err := json.Marshal(tp)
			if err != nil {
				t.Fatalf("Marshal = %v; want it encoded (%s)", err, tt.reason)
			}
			got, err := large.DecodeJSON(b)
			if err != nil {
				t.Fatalf("DecodeJSON with the large limits = %v", err)
			}
			if diff := cmp.Diff(tp, got); diff != "" {
				t.Errorf("round trip mismatch (-want +got):\n%s", diff)
			}
			if _, err := fixedLimits().DecodeJSON(b); !errors.Is(err, touchpoint.ErrInvalid) {
				t.Errorf("DecodeJSON with the default limits = %v, want a validation error", err)
			}
		})
	}
}
