package eventlog_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cemkit/cem/eventlog"
	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

const (
	tpLine = `{"type":"touchpoint","event":{"id":"0195a1b2-0000-7000-8000-000000000001","customer_id":"c-1","time":"2025-03-01T10:00:00Z","channel":"store","stage":"browse","outcome":"failed"}}`
	fLine  = `{"type":"failure","event":{"id":"0195a1b2-0000-7000-8000-000000000002","customer_id":"c-1","time":"2025-03-01T10:00:00Z","kind":"out_of_stock","severity":"moderate","channel":"store","loss":{"amount":"12.50","currency":"EUR"}}}`
	rLine  = `{"type":"recovery","event":{"id":"0195a1b2-0000-7000-8000-000000000003","failure_id":"0195a1b2-0000-7000-8000-000000000002","customer_id":"c-1","time":"2025-03-02T09:00:00Z","resolved_at":"2025-03-02T09:10:00Z","actions":["apology","discount"],"compensation":{"amount":"10","currency":"EUR"},"initiative":"customer","channel":"phone"}}`
)

func TestJSONLReadsEveryType(t *testing.T) {
	// Recovery first, CRLF line ends, a blank line and a byte-order mark:
	// all accepted.
	in := "\ufeff" + rLine + "\r\n\r\n" + tpLine + "\r\n" + fLine
	js, err := eventlog.Journeys(eventlog.NewJSONLReader(strings.NewReader(in), eventlog.JSONLOptions{}).Events(), touchpoint.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(js) != 1 {
		t.Fatalf("got %d journeys, want 1", len(js))
	}
	j := js[0]
	got := []int{j.Len(), len(j.Failures()), len(j.Recoveries()), len(j.Unrecovered())}
	if diff := cmp.Diff([]int{1, 1, 1, 0}, got); diff != "" {
		t.Errorf("touchpoints, failures, recoveries, unrecovered mismatch (-want +got):\n%s", diff)
	}
	if acts := j.Recoveries()[0].Actions; acts != journey.Apology|journey.Discount {
		t.Errorf("actions = %v, want apology+discount", acts)
	}
}

func TestJSONLBadLines(t *testing.T) {
	tests := []struct {
		reason string
		in     string
		want   eventlog.ParseError
	}{
		{"truncated last line", tpLine + "\n" + tpLine[:80], eventlog.ParseError{Line: 2, Column: 81}},
		{"not JSON", "hello\n", eventlog.ParseError{Line: 1, Column: 1}},
		{"unknown type", `{"type":"visit","event":{}}`, eventlog.ParseError{Line: 1, Column: 2, Field: "type"}},
		{"missing event", `{"type":"failure"}`, eventlog.ParseError{Line: 1, Field: "event"}},
		{"unknown envelope field", `{"type":"failure","event":{},"extra":1}`, eventlog.ParseError{Line: 1}},
		{"unknown event field", strings.Replace(tpLine, `"outcome"`, `"mood":1,"outcome"`, 1),
			eventlog.ParseError{Line: 1, Column: 160, Field: "event"}},
		{"bad time in the event", strings.Replace(tpLine, "2025-03-01T10:00:00Z", "March", 1),
			eventlog.ParseError{Line: 1, Column: 95, Field: "event.time"}},
		{"bad severity", "\n\n" + strings.Replace(fLine, "moderate", "awful", 1),
			eventlog.ParseError{Line: 3, Column: 144, Field: "event.severity"}},
		{"recovery resolved before it started", strings.Replace(rLine, "09:10", "08:10", 1),
			eventlog.ParseError{Line: 1, Column: 175, Field: "event.resolved_at"}},
		{"line too long", tpLine + "\n" + `{"type":"touchpoint","event":{"x":"` + strings.Repeat("y", 2000) + `"}}` + "\n",
			eventlog.ParseError{Line: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			r := eventlog.NewJSONLReader(strings.NewReader(tt.in), eventlog.JSONLOptions{MaxLineBytes: 1000})
			evs, err := eventlog.Collect(r.Events())
			if evs != nil {
				t.Errorf("Collect returned %d events with an error; want none", len(evs))
			}
			checkParseError(t, err, tt.want, true)
		})
	}
}

func TestJSONLSkipPolicy(t *testing.T) {
	in := strings.Join([]string{tpLine, "{", fLine, `{"type":"x","event":{}}`, rLine}, "\n")
	r := eventlog.NewJSONLReader(strings.NewReader(in), eventlog.JSONLOptions{Policy: eventlog.Skip})
	evs, err := eventlog.Collect(r.Events())
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	for _, e := range evs {
		types = append(types, e.Type.String())
	}
	if diff := cmp.Diff([]string{"touchpoint", "failure", "recovery"}, types); diff != "" {
		t.Errorf("events mismatch (-want +got):\n%s", diff)
	}
	var lines []int
	for _, e := range r.Report().Skipped {
		lines = append(lines, e.Line)
	}
	if diff := cmp.Diff([]int{2, 4}, lines); diff != "" {
		t.Errorf("skipped lines mismatch (-want +got):\n%s", diff)
	}
}

func TestJourneysRejectsOrphanRecovery(t *testing.T) {
	_, err := eventlog.Journeys(eventlog.NewJSONLReader(strings.NewReader(rLine), eventlog.JSONLOptions{}).Events(), touchpoint.Limits{})
	if !errors.Is(err, journey.ErrUnknownFailure) {
		t.Errorf("Journeys(recovery without its failure) = %v, want ErrUnknownFailure", err)
	}
}

func TestJSONLWriterRefusesInvalid(t *testing.T) {
	var b strings.Builder
	w := eventlog.NewJSONLWriter(&b)
	if err := w.Write(eventlog.Event{}); !errors.Is(err, touchpoint.ErrInvalid) {
		t.Errorf("Write(zero event) = %v, want a validation error", err)
	}
	if err := w.Write(eventlog.FailureOf(journey.Failure{CustomerID: "c"})); !errors.Is(err, touchpoint.ErrInvalid) {
		t.Errorf("Write(bad failure) = %v, want a validation error", err)
	}
	if err := w.Flush(); err != nil || b.Len() != 0 {
		t.Errorf("after refused writes: %q, %v; want nothing written", b.String(), err)
	}
}

// TestJSONLFutureLimits reads back failures and recoveries set in 2040 with
// limits whose clock is later still: the reader's limits, not the real
// clock, decide.
func TestJSONLFutureLimits(t *testing.T) {
	at := time.Date(2040, 6, 1, 9, 0, 0, 0, time.UTC)
	future := touchpoint.Limits{Now: func() time.Time { return at.Add(48 * time.Hour) }}
	f := journey.Failure{ID: touchpoint.NewID(), CustomerID: "c", Time: at, Kind: journey.LateDelivery,
		Severity: journey.Minor, Channel: touchpoint.Web}
	r := journey.Recovery{ID: touchpoint.NewID(), FailureID: f.ID, CustomerID: "c", Time: at.Add(time.Hour),
		Actions: journey.Apology, Channel: touchpoint.Email}
	var buf bytes.Buffer
	w := eventlog.NewJSONLWriter(&buf)
	for _, e := range []eventlog.Event{eventlog.FailureOf(f), eventlog.RecoveryOf(r)} {
		if err := w.Write(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	events, err := eventlog.Collect(eventlog.NewJSONLReader(bytes.NewReader(buf.Bytes()), eventlog.JSONLOptions{Limits: future}).Events())
	if err != nil {
		t.Fatalf("reading with future limits: %v", err)
	}
	if len(events) != 2 || !events[0].Failure.Equal(f) || !events[1].Recovery.Equal(r) {
		t.Errorf("read back %+v", events)
	}
	if _, err := eventlog.Collect(eventlog.NewJSONLReader(bytes.NewReader(buf.Bytes()), eventlog.JSONLOptions{}).Events()); err == nil {
		t.Error("default limits accepted a failure in 2040")
	}
}
