package eventlog_test

import (
	"bytes"
	"testing"

	"github.com/cemkit/cem/eventlog"
	"github.com/cemkit/cem/touchpoint"
)

// benchLogs returns the touchpoints of 200 simulated customers (about
// 2,000 touchpoints) and their CSV and JSON Lines logs.
func benchLogs(b *testing.B) ([]touchpoint.Touchpoint, []byte, []byte) {
	b.Helper()
	js := simulated(b, 200)
	tps := allTouchpoints(js)
	var csvBuf, jsonlBuf bytes.Buffer
	cw, jw := eventlog.NewCSVWriter(&csvBuf, eventlog.Columns{}), eventlog.NewJSONLWriter(&jsonlBuf)
	for _, tp := range tps {
		if err := cw.Write(tp); err != nil {
			b.Fatal(err)
		}
		if err := jw.Write(eventlog.TouchpointOf(tp)); err != nil {
			b.Fatal(err)
		}
	}
	if err := cw.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := jw.Flush(); err != nil {
		b.Fatal(err)
	}
	return tps, csvBuf.Bytes(), jsonlBuf.Bytes()
}

func report(b *testing.B, events int) {
	b.ReportMetric(float64(events)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

func BenchmarkCSVRead(b *testing.B) {
	tps, csvLog, _ := benchLogs(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(csvLog)))
	for b.Loop() {
		n := 0
		for _, err := range eventlog.NewCSVReader(bytes.NewReader(csvLog), eventlog.CSVOptions{}).Touchpoints() {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != len(tps) {
			b.Fatalf("read %d, want %d", n, len(tps))
		}
	}
	report(b, len(tps))
}

func BenchmarkCSVWrite(b *testing.B) {
	tps, csvLog, _ := benchLogs(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(csvLog)))
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		w := eventlog.NewCSVWriter(&buf, eventlog.Columns{})
		for _, tp := range tps {
			if err := w.Write(tp); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
	}
	report(b, len(tps))
}

func BenchmarkJSONLRead(b *testing.B) {
	tps, _, jsonlLog := benchLogs(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(jsonlLog)))
	for b.Loop() {
		n := 0
		for _, err := range eventlog.NewJSONLReader(bytes.NewReader(jsonlLog), eventlog.JSONLOptions{}).Events() {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != len(tps) {
			b.Fatalf("read %d, want %d", n, len(tps))
		}
	}
	report(b, len(tps))
}

func BenchmarkJSONLWrite(b *testing.B) {
	tps, _, jsonlLog := benchLogs(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(jsonlLog)))
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		w := eventlog.NewJSONLWriter(&buf)
		for _, tp := range tps {
			if err := w.Write(eventlog.TouchpointOf(tp)); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
	}
	report(b, len(tps))
}
