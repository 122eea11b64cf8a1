package eventlog_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cemkit/cem/eventlog"
	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/journey/simulate"
	"github.com/cemkit/cem/touchpoint"
)

var start = time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC)

// simulated returns n journeys of the default simulation, in the past so
// that default limits accept them.
func simulated(t testing.TB, n int) []*journey.Journey {
	t.Helper()
	var js []*journey.Journey
	for j, err := range simulate.Generate(simulate.DefaultConfig(start, n), 11) {
		if err != nil {
			t.Fatal(err)
		}
		js = append(js, j)
	}
	return js
}

func allTouchpoints(js []*journey.Journey) []touchpoint.Touchpoint {
	var tps []touchpoint.Touchpoint
	for _, j := range js {
		tps = append(tps, j.Touchpoints()...)
	}
	return tps
}

func TestCSVRoundTrip(t *testing.T) {
	want := allTouchpoints(simulated(t, 40))
	var buf bytes.Buffer
	w := eventlog.NewCSVWriter(&buf, eventlog.Columns{})
	for _, tp := range want {
		if err := w.Write(tp); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	r := eventlog.NewCSVReader(&buf, eventlog.CSVOptions{})
	got, err := eventlog.Collect(r.Touchpoints())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("CSV round trip mismatch (-want +got):\n%s", diff)
	}
	if rep := r.Report(); rep.Read != len(want) || len(rep.Skipped) != 0 {
		t.Errorf("Report() = %+v, want %d read and none skipped", rep, len(want))
	}
}

func TestJSONLRoundTrip(t *testing.T) {
	want := simulated(t, 40)
	var buf bytes.Buffer
	w := eventlog.NewJSONLWriter(&buf)
	// Reverse the customers: Journeys sorts them back by id.
	for i := len(want) - 1; i >= 0; i-- {
		if err := w.WriteJourney(want[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	got, err := eventlog.Journeys(eventlog.NewJSONLReader(&buf, eventlog.JSONLOptions{}).Events(), touchpoint.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("JSON Lines round trip mismatch (-want +got):\n%s", diff)
	}
}

func TestEmptyLogs(t *testing.T) {
	var buf bytes.Buffer
	if err := eventlog.NewCSVWriter(&buf, eventlog.Columns{Duration: "-", Wait: "-", Attributes: "-"}).Flush(); err != nil {
		t.Fatal(err)
	}
	want := "id,customer_id,time,channel,stage,outcome,csat,nps,ces,sentiment,amount,currency\n"
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("empty CSV log mismatch (-want +got):\n%s", diff)
	}
	tps, err := eventlog.Collect(eventlog.NewCSVReader(&buf, eventlog.CSVOptions{}).Touchpoints())
	if err != nil || len(tps) != 0 {
		t.Errorf("reading a header-only log = %v, %v; want nothing and no error", tps, err)
	}
	js, err := eventlog.Journeys(eventlog.NewJSONLReader(bytes.NewReader(nil), eventlog.JSONLOptions{}).Events(), touchpoint.Limits{})
	if err != nil || len(js) != 0 {
		t.Errorf("reading an empty JSON Lines log = %v, %v; want nothing and no error", js, err)
	}
}

// TestWritersLargerLimits exports events that only larger limits accept
// and reads them back with those limits: writers check syntax, not sizes.
func TestWritersLargerLimits(t *testing.T) {
	large := touchpoint.Limits{MaxValueLen: 4096, MaxTextLen: 10000}
	x := touchpoint.Touchpoint{ID: touchpoint.NewID(), CustomerID: "c-1", Time: start, Channel: touchpoint.Web,
		Stage: touchpoint.Browse, Attributes: map[string]string{"note": strings.Repeat("x", 2000)}}
	f := journey.Failure{ID: touchpoint.NewID(), CustomerID: "c-1", Time: start, Kind: journey.LateDelivery,
		Severity: journey.Minor, Channel: touchpoint.Web, Note: strings.Repeat("n", 5000)}
	j := journey.NewWithLimits("c-1", large)
	if err := j.Add(x); err != nil {
		t.Fatal(err)
	}
	if err := j.AddFailure(f); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		run  func(t *testing.T)
	}{
		{"csv", func(t *testing.T) {
			var buf bytes.Buffer
			w := eventlog.NewCSVWriter(&buf, eventlog.Columns{})
			if err := w.Write(x); err != nil {
				t.Fatalf("Write = %v", err)
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			got, err := eventlog.Collect(eventlog.NewCSVReader(&buf, eventlog.CSVOptions{Limits: large}).Touchpoints())
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]touchpoint.Touchpoint{x}, got); diff != "" {
				t.Errorf("CSV round trip mismatch (-want +got):\n%s", diff)
			}
		}},
		{"jsonl", func(t *testing.T) {
			var buf bytes.Buffer
			w := eventlog.NewJSONLWriter(&buf)
			if err := w.WriteJourney(j); err != nil {
				t.Fatalf("WriteJourney = %v", err)
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			got, err := eventlog.Journeys(eventlog.NewJSONLReader(&buf, eventlog.JSONLOptions{Limits: large}).Events(), large)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]*journey.Journey{j}, got); diff != "" {
				t.Errorf("JSON Lines round trip mismatch (-want +got):\n%s", diff)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, tt.run)
	}
}
