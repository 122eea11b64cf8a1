package eventlog_test

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cemkit/cem/eventlog"
	"github.com/cemkit/cem/touchpoint"
)

func eur(t *testing.T, s string) touchpoint.Money {
	t.Helper()
	m, err := touchpoint.NewMoney(s, "EUR")
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// hostOptions reads a process-mining style export: XES-like headers,
// semicolons, local times, the host's own activity and channel names.
func hostOptions() eventlog.CSVOptions {
	return eventlog.CSVOptions{
		Columns: eventlog.Columns{
			ID: "event_id", CustomerID: "case:concept:name", Stage: "concept:name", Time: "time:timestamp",
			Channel: "Channel", Amount: "Total", CSAT: "Satisfaction",
			Outcome: "-", NPS: "-", CES: "-", Sentiment: "-", Currency: "-", Duration: "-", Wait: "-", Attributes: "-",
			Extra: []string{"store_id"},
		},
		Comma:      ';',
		TimeLayout: "2006-01-02 15:04",
		Location:   time.FixedZone("CET", 3600),
		Stages: map[string]touchpoint.Stage{
			"Enter shop": touchpoint.Arrival, "Pay": touchpoint.Purchase, "Complaint": touchpoint.Support,
		},
		Channels:        map[string]touchpoint.Channel{"POS": touchpoint.Store, "Hotline": touchpoint.Phone},
		DefaultChannel:  touchpoint.Web,
		DefaultCurrency: "EUR",
	}
}

func TestCSVHostExport(t *testing.T) {
	in := "\ufeffevent_id;Case:Concept:Name;concept:name;time:timestamp;Channel;Total;Satisfaction;store_id\r\n" +
		"r-1;c-7;Enter shop;2025-03-01 10:00;POS;;;berlin-3\r\n" +
		"r-2;c-7;Pay;2025-03-01 10:20;;49.90;4;\r\n" +
		"r-3;c-7;Complaint;2025-03-02 09:00;Hotline;;;\r\n"
	got, err := eventlog.Collect(eventlog.NewCSVReader(strings.NewReader(in), hostOptions()).Touchpoints())
	if err != nil {
		t.Fatal(err)
	}
	at := func(h, m int) time.Time { return time.Date(2025, 3, 1, h-1, m, 0, 0, time.UTC) }
	pay := touchpoint.Touchpoint{ID: touchpoint.IDFromKey("eventlog", "r-2"), CustomerID: "c-7", Time: at(10, 20),
		Channel: touchpoint.Web, Stage: touchpoint.Purchase, Value: eur(t, "49.90")}
	pay.Feedback.CSAT = touchpoint.Rate(4)
	want := []touchpoint.Touchpoint{
		{ID: touchpoint.IDFromKey("eventlog", "r-1"), CustomerID: "c-7", Time: at(10, 0), Channel: touchpoint.Store,
			Stage: touchpoint.Arrival, Attributes: map[string]string{"store_id": "berlin-3"}},
		pay,
		{ID: touchpoint.IDFromKey("eventlog", "r-3"), CustomerID: "c-7", Time: at(33, 0), Channel: touchpoint.Phone,
			Stage: touchpoint.Support},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("host export mismatch (-want +got):\n%s", diff)
	}
}

func TestCSVIDsAreStableWithoutIDColumn(t *testing.T) {
	in := "customer_id,time,channel,stage\nc-1,2025-03-01T10:00:00Z,web,browse\nc-1,2025-03-01T10:00:00Z,web,browse\n"
	read := func() []touchpoint.Touchpoint {
		tps, err := eventlog.Collect(eventlog.NewCSVReader(strings.NewReader(in), eventlog.CSVOptions{}).Touchpoints())
		if err != nil {
			t.Fatal(err)
		}
		return tps
	}
	a, b := read(), read()
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("reading twice gave different touchpoints (-first +second):\n%s", diff)
	}
	if a[0].ID != a[1].ID {
		t.Error("a duplicated row got two IDs; want one event")
	}
}

func TestCSVBadRows(t *testing.T) {
	const header = "id,customer_id,time,channel,stage,csat,amount,currency\n"
	const good = "a,c-1,2025-03-01T10:00:00Z,web,browse,,,\n"
	tests := []struct {
		reason string
		in     string
		opt    eventlog.CSVOptions
		want   eventlog.ParseError // Err is checked with errors.As only
		valid  bool                // whether Err is a validation error
	}{
		{"missing required column", "id,customer_id,channel,stage\n", eventlog.CSVOptions{},
			eventlog.ParseError{Line: 1, Field: "time"}, true},
		{"bad timestamp", header + good + "b,c-1,yesterday,web,browse,,,\n", eventlog.CSVOptions{},
			eventlog.ParseError{Line: 3, Column: 3, Field: "time"}, true},
		{"unknown stage", header + good + "b,c-1,2025-03-01T10:00:00Z,web,Checkout,,,\n", eventlog.CSVOptions{},
			eventlog.ParseError{Line: 3, Column: 5, Field: "stage"}, true},
		{"unknown stage in a mapping", header + "b,c-1,2025-03-01T10:00:00Z,web,teleport,,,\n",
			eventlog.CSVOptions{Stages: map[string]touchpoint.Stage{"browse": touchpoint.Browse}},
			eventlog.ParseError{Line: 2, Column: 5, Field: "stage"}, true},
		{"wrong column count", header + good + "b,c-1,2025-03-01T10:00:00Z,web\n", eventlog.CSVOptions{},
			eventlog.ParseError{Line: 3}, true},
		{"CSAT off the scale", header + "b,c-1,2025-03-01T10:00:00Z,web,browse,6,,\n", eventlog.CSVOptions{},
			eventlog.ParseError{Line: 2, Column: 6, Field: "csat"}, true},
		{"CSAT not a number", header + "b,c-1,2025-03-01T10:00:00Z,web,browse,good,,\n", eventlog.CSVOptions{},
			eventlog.ParseError{Line: 2, Column: 6, Field: "csat"}, true},
		{"amount without currency", header + "b,c-1,2025-03-01T10:00:00Z,web,purchase,,12.50,\n", eventlog.CSVOptions{},
			eventlog.ParseError{Line: 2, Column: 7, Field: "amount"}, true},
		{"empty customer", header + "b,,2025-03-01T10:00:00Z,web,browse,,,\n", eventlog.CSVOptions{},
			eventlog.ParseError{Line: 2, Column: 2, Field: "customer_id"}, true},
		{"too far in the future", header + "b,c-1,2200-03-01T10:00:00Z,web,browse,,,\n", eventlog.CSVOptions{},
			eventlog.ParseError{Line: 2, Column: 3, Field: "time"}, true},
		{"bare quote", header + "b,c\"1,2025-03-01T10:00:00Z,web,browse,,,\n", eventlog.CSVOptions{},
			eventlog.ParseError{Line: 2}, false},
		{"a line after a multi-line field", header + "\"b\nb\",c-1,2025-03-01T10:00:00Z,web,browse,,,\nc,c-1,x,web,browse,,,\n",
			eventlog.CSVOptions{}, eventlog.ParseError{Line: 4, Column: 3, Field: "time"}, true},
		{"repeated header", "time,TIME\n", eventlog.CSVOptions{}, eventlog.ParseError{Line: 1, Column: 2, Field: "time"}, true},
		{"empty file", "", eventlog.CSVOptions{}, eventlog.ParseError{Line: 1}, true},
		{"unknown policy", header, eventlog.CSVOptions{Policy: 9}, eventlog.ParseError{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			tps, err := eventlog.Collect(eventlog.NewCSVReader(strings.NewReader(tt.in), tt.opt).Touchpoints())
			if tps != nil {
				t.Errorf("Collect returned %d touchpoints with an error; want none", len(tps))
			}
			checkParseError(t, err, tt.want, tt.valid)
		})
	}
}

func checkParseError(t *testing.T, err error, want eventlog.ParseError, valid bool) {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	if valid != errors.Is(err, touchpoint.ErrInvalid) {
		t.Errorf("errors.Is(%v, ErrInvalid) = %v, want %v", err, !valid, valid)
	}
	var perr *eventlog.ParseError
	if !errors.As(err, &perr) {
		if want != (eventlog.ParseError{}) {
			t.Fatalf("error %v is not a *ParseError", err)
		}
		return
	}
	got := eventlog.ParseError{Line: perr.Line, Column: perr.Column, Field: perr.Field}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("error position mismatch (-want +got):\n%s\n%v", diff, err)
	}
	if !strings.HasPrefix(err.Error(), "eventlog: line ") {
		t.Errorf("error %q does not start with the package and line", err)
	}
}

func TestCSVSkipPolicy(t *testing.T) {
	in := "customer_id,time,channel,stage\n" +
		"c-1,2025-03-01T10:00:00Z,web,browse\n" +
		"c-1,never,web,browse\n" +
		"c-1,2025-03-01T11:00:00Z,web\n" +
		"c-2,2025-03-01T12:00:00Z,store,purchase\n"
	r := eventlog.NewCSVReader(strings.NewReader(in), eventlog.CSVOptions{Policy: eventlog.Skip})
	tps, err := eventlog.Collect(r.Touchpoints())
	if err != nil {
		t.Fatal(err)
	}
	if len(tps) != 2 || tps[1].CustomerID != "c-2" {
		t.Errorf("got %d touchpoints, want the 2 good rows", len(tps))
	}
	rep := r.Report()
	var lines []int
	for _, e := range rep.Skipped {
		lines = append(lines, e.Line)
	}
	if diff := cmp.Diff([]int{3, 4}, lines); diff != "" || rep.Read != 2 {
		t.Errorf("Report() read %d, skipped lines mismatch (-want +got):\n%s", rep.Read, diff)
	}

	r = eventlog.NewCSVReader(strings.NewReader(in), eventlog.CSVOptions{Policy: eventlog.Skip, MaxSkipped: 1})
	if _, err := eventlog.Collect(r.Touchpoints()); !errors.Is(err, eventlog.ErrTooManyBad) || !errors.Is(err, touchpoint.ErrInvalid) {
		t.Errorf("with MaxSkipped 1, error = %v; want ErrTooManyBad wrapping the last bad row", err)
	}
}

func TestCSVReaderStreamsOnce(t *testing.T) {
	r := eventlog.NewCSVReader(strings.NewReader("customer_id,time,channel,stage\n"), eventlog.CSVOptions{})
	if _, err := eventlog.Collect(r.Touchpoints()); err != nil {
		t.Fatal(err)
	}
	if _, err := eventlog.Collect(r.Touchpoints()); err == nil {
		t.Error("a second stream of the same reader succeeded; want an error")
	}
}

func TestCSVWriterRefusesInvalid(t *testing.T) {
	var b strings.Builder
	w := eventlog.NewCSVWriter(&b, eventlog.Columns{})
	bad := touchpoint.Touchpoint{ID: touchpoint.NewID(), CustomerID: "c", Time: start, Channel: "Web!", Stage: touchpoint.Browse}
	if err := w.Write(bad); !errors.Is(err, touchpoint.ErrInvalid) {
		t.Errorf("Write(bad channel) = %v, want a validation error", err)
	}
}

// TestCSVDurations reads durations as Go durations or decimal seconds,
// exactly: a float would make 1.001 seconds 1.000999999s.
func TestCSVDurations(t *testing.T) {
	tests := []struct {
		in     string
		want   time.Duration
		reason string
	}{
		{"1.001", time.Second + time.Millisecond, "seconds are parsed exactly, not through a float"},
		{"0.3", 300 * time.Millisecond, "a fraction below one second"},
		{"90", 90 * time.Second, "whole seconds"},
		{"2.", 2 * time.Second, "a trailing point"},
		{".5", 500 * time.Millisecond, "a leading point"},
		{"1.0000000019", time.Second + time.Nanosecond, "digits beyond the nanosecond are truncated"},
		{"4503599627.370497", 4503599627*time.Second + 370497*time.Microsecond, "large values keep every digit"},
		{"1m30.5s", 90*time.Second + 500*time.Millisecond, "a Go duration"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			in := "customer_id,time,channel,stage,duration,wait\nc-1,2025-03-01T10:00:00Z,web,browse," + tt.in + "," + tt.in + "\n"
			tps, err := eventlog.Collect(eventlog.NewCSVReader(strings.NewReader(in), eventlog.CSVOptions{}).Touchpoints())
			if err != nil {
				t.Fatal(err)
			}
			if got := [2]time.Duration{tps[0].Duration, tps[0].Wait}; got != [2]time.Duration{tt.want, tt.want} {
				t.Errorf("duration, wait = %v, want %v both (%s)", got, tt.want, tt.reason)
			}
		})
	}
	for _, bad := range []string{"-1.5", "1e3", "+2", "1.2.3", ".", "0x10", "inf", "99999999999999"} {
		t.Run("bad "+bad, func(t *testing.T) {
			in := "customer_id,time,channel,stage,duration\nc-1,2025-03-01T10:00:00Z,web,browse," + bad + "\n"
			_, err := eventlog.Collect(eventlog.NewCSVReader(strings.NewReader(in), eventlog.CSVOptions{}).Touchpoints())
			checkParseError(t, err, eventlog.ParseError{Line: 2, Column: 5, Field: "duration"}, true)
		})
	}
}

// csvRoundTrip writes tps with cols and reads them back with the same
// columns.
func csvRoundTrip(t *testing.T, cols eventlog.Columns, tps ...touchpoint.Touchpoint) ([]touchpoint.Touchpoint, error) {
	t.Helper()
	var buf bytes.Buffer
	w := eventlog.NewCSVWriter(&buf, cols)
	for _, tp := range tps {
		if err := w.Write(tp); err != nil {
			t.Fatalf("Write(%+v) = %v", tp, err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return eventlog.Collect(eventlog.NewCSVReader(&buf, eventlog.CSVOptions{Columns: cols}).Touchpoints())
}

// TestCSVCustomerIDs checks customer ids through a write and a read:
// inside an id any character comes back as it was; white space at either
// end, which readers trim, is refused by the writer.
func TestCSVCustomerIDs(t *testing.T) {
	tests := []struct {
		id, reason string
		refused    bool
	}{
		{" c-1", "a leading space", true},
		{"c-1 ", "a trailing space", true},
		{"c-1\t", "a trailing tab", true},
		{"\tc-1", "a leading tab", true},
		{"c-1\r", "a trailing carriage return", true},
		{"a\nb", "a line feed inside", false},
		{"a\rb", "a lone carriage return inside", false},
		{"a b", "a space inside", false},
		{`"c,1"`, "quotes and the separator", false},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			tp := touchpoint.Touchpoint{ID: touchpoint.NewID(), CustomerID: tt.id, Time: start,
				Channel: touchpoint.Web, Stage: touchpoint.Browse, Attributes: map[string]string{"k": " v "}}
			if tt.refused {
				err := eventlog.NewCSVWriter(io.Discard, eventlog.Columns{}).Write(tp)
				var verr *touchpoint.ValidationError
				if !errors.As(err, &verr) || verr.Field != "customer_id" {
					t.Errorf("Write of customer %q = %v, want a ValidationError on customer_id", tt.id, err)
				}
				return
			}
			got, err := csvRoundTrip(t, eventlog.Columns{}, tp)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]touchpoint.Touchpoint{tp}, got); diff != "" {
				t.Errorf("round trip of customer %q mismatch (-want +got):\n%s", tt.id, diff)
			}
		})
	}
}

// TestCSVSpacesAfterSeparators reads a log written with a space after each
// comma, as some tools write it: the cells, the customer id included, are
// read without the spaces, so both rows belong to one customer.
func TestCSVSpacesAfterSeparators(t *testing.T) {
	const log = "time, customer_id, channel, stage\n" +
		"2025-03-01T10:00:00Z, c-1, web, browse\n" +
		"2025-03-01T11:00:00Z,c-1,web,purchase\n"
	tps, err := eventlog.Collect(eventlog.NewCSVReader(strings.NewReader(log), eventlog.CSVOptions{}).Touchpoints())
	if err != nil {
		t.Fatal(err)
	}
	if len(tps) != 2 || tps[0].CustomerID != "c-1" || tps[1].CustomerID != "c-1" {
		t.Errorf("customers %q, want both \"c-1\"", []string{tps[0].CustomerID, tps[1].CustomerID})
	}
}

// TestCSVWriterRefusesExtraNames checks Extra column names a reader would
// not map back to the same attribute.
func TestCSVWriterRefusesExtraNames(t *testing.T) {
	tp := touchpoint.Touchpoint{ID: touchpoint.NewID(), CustomerID: "c", Time: start, Channel: touchpoint.Web, Stage: touchpoint.Browse}
	for _, extra := range [][]string{{" store"}, {"store "}, {""}, {"a", "A"}, {"Channel"}, {"customer_id"}} {
		err := eventlog.NewCSVWriter(io.Discard, eventlog.Columns{Extra: extra}).Write(tp)
		var verr *touchpoint.ValidationError
		if !errors.As(err, &verr) || verr.Field != "columns.extra" {
			t.Errorf("Extra %q: Write = %v, want a ValidationError on columns.extra", extra, err)
		}
	}
}

// TestCSVWriterRefusesCRLF checks the one value CSV cannot carry is refused
// rather than changed on the way back.
func TestCSVWriterRefusesCRLF(t *testing.T) {
	tests := []struct {
		reason string
		cols   eventlog.Columns
		tp     touchpoint.Touchpoint
	}{
		{"customer id", eventlog.Columns{},
			touchpoint.Touchpoint{ID: touchpoint.NewID(), CustomerID: "a\r\nb", Time: start, Channel: touchpoint.Web, Stage: touchpoint.Browse}},
		{"extra column", eventlog.Columns{Extra: []string{"note"}},
			touchpoint.Touchpoint{ID: touchpoint.NewID(), CustomerID: "c", Time: start, Channel: touchpoint.Web, Stage: touchpoint.Browse,
				Attributes: map[string]string{"note": "one\r\ntwo"}}},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			var b strings.Builder
			w := eventlog.NewCSVWriter(&b, tt.cols)
			if err := w.Write(tt.tp); !errors.Is(err, touchpoint.ErrInvalid) {
				t.Errorf("Write = %v, want a validation error", err)
			}
		})
	}
	// In the attributes column JSON escapes CR LF, so it is written.
	tp := tests[1].tp
	got, err := csvRoundTrip(t, eventlog.Columns{}, tp)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]touchpoint.Touchpoint{tp}, got); diff != "" {
		t.Errorf("CR LF in the attributes column mismatch (-want +got):\n%s", diff)
	}
}

// TestCSVExtraColumns checks Extra attributes are keyed by the header as
// the file spells it and never duplicate or override the attributes column.
func TestCSVExtraColumns(t *testing.T) {
	tp := touchpoint.Touchpoint{ID: touchpoint.NewID(), CustomerID: "c-1", Time: start, Channel: touchpoint.Web,
		Stage: touchpoint.Browse, Attributes: map[string]string{"StoreID": "B-7"}}
	for _, tt := range []struct {
		reason string
		cols   eventlog.Columns
	}{
		{"with the attributes column the key is read once", eventlog.Columns{Extra: []string{"StoreID"}}},
		{"without it the key keeps its case", eventlog.Columns{Attributes: "-", Extra: []string{"StoreID"}}},
	} {
		t.Run(tt.reason, func(t *testing.T) {
			got, err := csvRoundTrip(t, tt.cols, tp)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]touchpoint.Touchpoint{tp}, got); diff != "" {
				t.Errorf("round trip mismatch (-want +got):\n%s", diff)
			}
		})
	}

	const row = "c-1,2025-03-01T10:00:00Z,web,browse,"
	read := func(in string, extra ...string) ([]touchpoint.Touchpoint, error) {
		opt := eventlog.CSVOptions{Columns: eventlog.Columns{ID: "-", Extra: extra}}
		return eventlog.Collect(eventlog.NewCSVReader(strings.NewReader(in), opt).Touchpoints())
	}
	t.Run("a header matches without regard to case and names the key as spelled", func(t *testing.T) {
		got, err := read("customer_id,time,channel,stage, Store ID \n"+row+"B-7\n", "store id")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(map[string]string{"Store ID": "B-7"}, got[0].Attributes); diff != "" {
			t.Errorf("attributes mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("a cell disagreeing with the attributes column is a bad row", func(t *testing.T) {
		_, err := read("customer_id,time,channel,stage,attributes,StoreID\n"+row+`"{""StoreID"":""A""}",B`+"\n", "StoreID")
		checkParseError(t, err, eventlog.ParseError{Line: 2, Column: 6, Field: "StoreID"}, true)
	})
}
