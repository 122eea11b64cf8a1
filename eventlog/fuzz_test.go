package eventlog_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cemkit/cem/eventlog"
	"github.com/cemkit/cem/touchpoint"
)

// FuzzCSVReader checks that any input, under either policy, yields only
// valid touchpoints or located errors, never panics, and that what it
// accepts survives a write and a second read unchanged.
func FuzzCSVReader(f *testing.F) {
	f.Add([]byte("customer_id,time,channel,stage,csat,amount,currency\nc-1,2025-03-01T10:00:00Z,web,browse,4,12.50,EUR\n"), false)
	f.Add([]byte("\ufeffid;customer_id;time;channel;stage\r\nx;c;2025-03-01T10:00:00+01:00;store;purchase\r\n"), true)
	f.Add([]byte("customer_id,time,channel,stage,attributes\n\"c\n2\",2025-03-01T10:00:00Z,web,browse,\"{\"\"a\"\":\"\"b\"\"}\"\nc\"3,x\n"), true)
	f.Fuzz(func(t *testing.T, in []byte, skip bool) {
		opt := eventlog.CSVOptions{}
		if skip {
			opt.Policy = eventlog.Skip
		}
		if bytes.Count(in, []byte(";")) > bytes.Count(in, []byte(",")) {
			opt.Comma = ';'
		}
		r := eventlog.NewCSVReader(bytes.NewReader(in), opt)
		var got []touchpoint.Touchpoint
		for tp, err := range r.Touchpoints() {
			if err != nil {
				checkFuzzError(t, err)
				return
			}
			if err := tp.Validate(); err != nil {
				t.Fatalf("yielded an invalid touchpoint: %v", err)
			}
			got = append(got, tp)
		}
		for _, e := range r.Report().Skipped {
			checkFuzzError(t, e)
		}
		var buf bytes.Buffer
		w := eventlog.NewCSVWriter(&buf, eventlog.Columns{})
		for _, tp := range got {
			if err := w.Write(tp); err != nil {
				t.Fatalf("cannot write an accepted touchpoint: %v", err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		back, err := eventlog.Collect(eventlog.NewCSVReader(&buf, eventlog.CSVOptions{}).Touchpoints())
		if err != nil {
			t.Fatalf("cannot read own output: %v\n%s", err, buf.String())
		}
		if diff := cmp.Diff(got, back); diff != "" {
			t.Fatalf("write and read changed the touchpoints (-first +second):\n%s", diff)
		}
	})
}

// FuzzJSONLReader does the same for JSON Lines.
func FuzzJSONLReader(f *testing.F) {
	f.Add([]byte(tpLine+"\n"+fLine+"\n"+rLine+"\n"), false)
	f.Add([]byte("\ufeff"+tpLine+"\r\n\r\n"+tpLine[:60]), true)
	f.Add([]byte(`{"type":"touchpoint","event":null}`+"\n"+`{"type":"failure","event":{"id":1}}`), true)
	f.Fuzz(func(t *testing.T, in []byte, skip bool) {
		opt := eventlog.JSONLOptions{MaxLineBytes: 4096}
		if skip {
			opt.Policy = eventlog.Skip
		}
		r := eventlog.NewJSONLReader(bytes.NewReader(in), opt)
		var got []eventlog.Event
		for e, err := range r.Events() {
			if err != nil {
				checkFuzzError(t, err)
				return
			}
			got = append(got, e)
		}
		for _, e := range r.Report().Skipped {
			checkFuzzError(t, e)
		}
		var buf bytes.Buffer
		w := eventlog.NewJSONLWriter(&buf)
		for _, e := range got {
			if err := w.Write(e); err != nil {
				t.Fatalf("cannot write an accepted event: %v", err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		back, err := eventlog.Collect(eventlog.NewJSONLReader(&buf, eventlog.JSONLOptions{}).Events())
		if err != nil {
			t.Fatalf("cannot read own output: %v\n%s", err, buf.String())
		}
		if len(back) != len(got) {
			t.Fatalf("read %d events back, want %d", len(back), len(got))
		}
		for i := range got {
			if !eventsEqual(got[i], back[i]) {
				t.Fatalf("event %d changed in a write and read:\n%+v\n%+v", i, got[i], back[i])
			}
		}
	})
}

func eventsEqual(a, b eventlog.Event) bool {
	return a.Type == b.Type && a.Touchpoint.Equal(b.Touchpoint) && a.Failure.Equal(b.Failure) && a.Recovery.Equal(b.Recovery)
}

// checkFuzzError checks an error is a located ParseError (or the too-many
// error wrapping one) with an error string of the package.
func checkFuzzError(t *testing.T, err error) {
	t.Helper()
	var perr *eventlog.ParseError
	if !errors.As(err, &perr) || perr.Line < 0 || perr.Column < 0 || !strings.HasPrefix(err.Error(), "eventlog: ") {
		t.Fatalf("error %q (%T) is not a located eventlog error", err, err)
	}
}

// FuzzCSVWriteRead checks the other direction: any touchpoint valid under
// the default limits, with hostile but valid customer ids and attributes,
// is written by CSVWriter and read back unchanged by CSVReader, or refused
// with a validation error for what CSV cannot carry: CR LF in a plain
// cell, white space around a customer id (readers trim cells).
func FuzzCSVWriteRead(f *testing.F) {
	f.Add(" c-1", "k", " v ", "B-7")
	f.Add("c-1\t", "StoreID", "x", "")
	f.Add("a\r\nb", "k", "v", "w")
	f.Add("a\rb\n", "k\n", "\"", "x\r\ny")
	f.Add(`"c,1"`, "é", `\.`, " lead")
	f.Fuzz(func(t *testing.T, customer, key, value, extra string) {
		tp := touchpoint.Touchpoint{ID: touchpoint.NewID(), CustomerID: customer, Time: start,
			Channel: touchpoint.Web, Stage: touchpoint.Browse, Attributes: map[string]string{key: value, "Extra": extra}}
		if tp.Validate() != nil {
			return
		}
		cols := eventlog.Columns{Extra: []string{"Extra"}}
		var buf bytes.Buffer
		w := eventlog.NewCSVWriter(&buf, cols)
		if err := w.Write(tp); err != nil {
			refused := strings.Contains(customer, "\r\n") || strings.Contains(tp.Attributes["Extra"], "\r\n") ||
				strings.TrimSpace(customer) != customer
			if !refused || !errors.Is(err, touchpoint.ErrInvalid) {
				t.Fatalf("Write(%+v) = %v; want it written", tp, err)
			}
			return
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		back, err := eventlog.Collect(eventlog.NewCSVReader(&buf, eventlog.CSVOptions{Columns: cols}).Touchpoints())
		if err != nil {
			t.Fatalf("cannot read own output: %v\n%q", err, buf.String())
		}
		if diff := cmp.Diff([]touchpoint.Touchpoint{tp}, back); diff != "" {
			t.Fatalf("write and read changed the touchpoint (-want +got):\n%s", diff)
		}
	})
}
