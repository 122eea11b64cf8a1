package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cemkit/cem/loyalty/clv"
	"github.com/google/go-cmp/cmp"
)

const testdata = "../../loyalty/clv/testdata/"

func TestRunJSON(t *testing.T) {
	cases := []struct {
		model, file string
		want        map[string]float64 // published estimates
		ll          float64
	}{
		{"bgnbd", "cdnow_customers_summary.csv", map[string]float64{"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}, -9582.4},
		{"pnbd", "cdnow_customers_summary.csv", map[string]float64{"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669}, -9595.0},
		{"mbgnbd", "cdnow_customers_summary.csv", map[string]float64{"r": 0.525, "alpha": 6.183, "a": 0.891, "b": 1.614}, -9582.1},
		{"gg", "cdnow_customers_summary_with_transactions.csv", map[string]float64{"p": 6.25, "q": 3.74, "v": 15.44}, -4055.9},
		{"bgbb", "donations.csv", map[string]float64{"alpha": 1.204, "beta": 0.750, "gamma": 0.657, "delta": 2.783}, -33225.6},
	}
	for _, c := range cases {
		t.Run(c.model, func(t *testing.T) {
			var out bytes.Buffer
			if err := run([]string{"-model", c.model, "-data", testdata + c.file, "-json"}, &out); err != nil {
				t.Fatal(err)
			}
			var got jsonResult
			if err := json.Unmarshal(out.Bytes(), &got); err != nil {
				t.Fatalf("output is not JSON: %v\n%s", err, out.String())
			}
			approx := cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) < 0.01 })
			if diff := cmp.Diff(c.want, got.Params, approx); diff != "" {
				t.Errorf("params mismatch (-want +got):\n%s", diff)
			}
			if len(got.StdErrors) != len(c.want) {
				t.Errorf("std_errors = %v, want one per parameter", got.StdErrors)
			}
			if math.Abs(got.LogLikelihood-c.ll) > 0.1 {
				t.Errorf("log_likelihood = %v, want %v", got.LogLikelihood, c.ll)
			}
		})
	}
}

func TestRunReport(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"-data", testdata + "cdnow_customers_summary.csv", "-customers", "2"}, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"BG/NBD fitted on 2357 customers", "alpha", "± 0.3782", "log-likelihood  -9582.4256", "P(alive)", "0.7266"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

// A small CDNOW-style log: header, CRLF, two purchases on one day.
const smallLog = " customer_id  date number_of_cds  dollar_value\r\n" +
	" 00001 19970101  1   11.77\r\n" +
	" 00001 19970101  2   20.00\r\n" +
	" 00001 19970115  1   5.00\r\n" +
	" 00001 19970930  1   5.00\r\n" +
	" 00001 19971001  1   5.00\r\n" +
	" 00001 19980630  1   5.00\r\n" +
	" 00001 19980701  1   5.00\r\n" +
	" 00002 19970312  1   9.99\r\n" +
	" 00003 19971005  1   9.99"

func TestSplitTransactions(t *testing.T) {
	logs, err := readTransactions(strings.NewReader(smallLog), "small")
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		ID      string
		S       clv.Summary
		Holdout int
		OK      bool
	}
	var got []row
	for _, l := range logs {
		s, h, ok := split(l)
		got = append(got, row{l.id, s, h, ok})
	}
	want := []row{
		// Jan 1 twice counts once; Jan 15 and Sep 30 are repeats; Oct 1 and
		// Jun 30 fall in the holdout, Jul 1 after it.
		{"00001", clv.Summary{Frequency: 2, Recency: 272.0 / 7, Age: 272.0 / 7}, 2, true},
		{"00002", clv.Summary{Frequency: 0, Recency: 0, Age: 202.0 / 7}, 0, true},
		{"00003", clv.Summary{}, 0, false}, // first purchase after calibration
	}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) < 1e-9 })); diff != "" {
		t.Errorf("split mismatch (-want +got):\n%s", diff)
	}
}

func TestRunTransactions(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"-model", "bgnbd", "-transactions", testdata + "CDNOW_master.txt"}, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"fitted on 23570 customers", "Repeat purchases in the holdout: actual 19684", "7+"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestRunErrors(t *testing.T) {
	dir := t.TempDir()
	noZbar := filepath.Join(dir, "rfm.csv")
	if err := os.WriteFile(noZbar, []byte("ID,frequency,recency,T\n1,1,2,3\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	badHeader := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(badHeader, []byte("a,b\n1,2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"unknown model", []string{"-model", "xyz"}, "unknown model"},
		{"missing file", []string{"-data", filepath.Join(dir, "none.csv")}, "no such file"},
		{"bad header", []string{"-data", badHeader}, "lacks frequency"},
		{"gg without spend", []string{"-model", "gg", "-data", noZbar}, "zbar"},
		{"bgbb on RFM data", []string{"-model", "bgbb", "-data", noZbar}, "periods"},
		{"transactions with bgbb", []string{"-model", "bgbb", "-transactions", testdata + "CDNOW_master.txt"}, "not a continuous-time"},
		{"stray argument", []string{"extra"}, "unexpected arguments"},
	}
	for _, c := range cases {
		var out bytes.Buffer
		err := run(c.args, &out)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want one containing %q", c.name, err, c.want)
		}
	}
}
