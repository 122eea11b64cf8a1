package clv_test

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/cemkit/cem/loyalty/clv"
)

// table is a CSV file from testdata: column name → values, one per row.
type table struct {
	cols map[string][]float64
	n    int
}

func (tb table) col(t *testing.T, name string) []float64 {
	t.Helper()
	c, ok := tb.cols[name]
	if !ok {
		t.Fatalf("column %q missing", name)
	}
	return c
}

// readTable reads a numeric CSV from testdata; empty cells become NaN.
func readTable(t testing.TB, name string) table {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	tb := table{cols: map[string][]float64{}, n: len(recs) - 1}
	for j, h := range recs[0] {
		col := make([]float64, tb.n)
		for i, rec := range recs[1:] {
			if rec[j] == "" {
				col[i] = math.NaN()
				continue
			}
			v, err := strconv.ParseFloat(rec[j], 64)
			if err != nil {
				t.Fatalf("%s row %d col %s: %v", name, i+1, h, err)
			}
			col[i] = v
		}
		tb.cols[h] = col
	}
	return tb
}

// summaries reads a lifetimes-style summary file with the given column
// names for frequency, recency and age.
func summaries(t testing.TB, name, fx, ftx, fT string) []clv.Summary {
	t.Helper()
	tb := readTable(t, name)
	x, tx, T := tb.cols[fx], tb.cols[ftx], tb.cols[fT]
	if x == nil || tx == nil || T == nil {
		t.Fatalf("%s: missing columns", name)
	}
	out := make([]clv.Summary, tb.n)
	for i := range out {
		out[i] = clv.Summary{Frequency: x[i], Recency: tx[i], Age: T[i]}
	}
	return out
}

func cdnow(t testing.TB) []clv.Summary {
	return summaries(t, "cdnow_customers_summary.csv", "frequency", "recency", "T")
}

// relErr is |got − want| / max(|want|, tiny).
func relErr(got, want float64) float64 {
	return math.Abs(got-want) / math.Max(math.Abs(want), 1e-300)
}
