package clv_test

import (
	"testing"

	"github.com/cemkit/cem/loyalty/clv"
)

// cdnowSpend reads the Gamma-Gamma input: x and zbar of the CDNOW sample.
func cdnowSpend(t testing.TB) []clv.Spend {
	t.Helper()
	tb := readTable(t, "cdnow_customers_summary_with_transactions.csv")
	x, z := tb.cols["x"], tb.cols["zbar"]
	out := make([]clv.Spend, tb.n)
	for i := range out {
		out[i] = clv.Spend{Frequency: x[i], MeanValue: z[i]}
	}
	return out
}

// donations reads the weighted BG/BB patterns of Fader, Hardie & Shang.
func donations(t testing.TB) []clv.Pattern {
	t.Helper()
	tb := readTable(t, "donations.csv")
	x, tx, n, w := tb.cols["frequency"], tb.cols["recency"], tb.cols["periods"], tb.cols["weights"]
	out := make([]clv.Pattern, tb.n)
	for i := range out {
		out[i] = clv.Pattern{Frequency: int(x[i]), Recency: int(tx[i]), Periods: int(n[i]), Weight: w[i]}
	}
	return out
}

func synthetic(t testing.TB) []clv.Summary {
	return summaries(t, "bgnbd_synthetic_100k.csv", "frequency", "recency", "T")
}
