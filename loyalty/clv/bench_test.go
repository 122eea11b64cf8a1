package clv_test

import (
	"context"
	"testing"

	"github.com/cemkit/cem/loyalty/clv"
)

// The fit benchmarks time whole fits (compression, optimisation and
// standard errors) on data already in memory. See docs/BENCHMARKS.md for
// the comparison with lifetimes.

func BenchmarkFitBGNBD_CDNOW(b *testing.B) {
	benchFit(b, cdnow(b), clv.FitBGNBD)
}

func BenchmarkFitParetoNBD_CDNOW(b *testing.B) {
	benchFit(b, cdnow(b), clv.FitParetoNBD)
}

func BenchmarkFitMBGNBD_CDNOW(b *testing.B) {
	benchFit(b, cdnow(b), clv.FitMBGNBD)
}

func BenchmarkFitGammaGamma_CDNOW(b *testing.B) {
	benchFit(b, cdnowSpend(b), clv.FitGammaGamma)
}

func BenchmarkFitBGBB_Donations(b *testing.B) {
	benchFit(b, donations(b), clv.FitBGBB)
}

func BenchmarkFitBGNBD_Synthetic100k(b *testing.B) {
	benchFit(b, synthetic(b), clv.FitBGNBD)
}

func benchFit[D, M any](b *testing.B, data []D, fit func(context.Context, []D, clv.FitOptions) (*clv.Fit[M], error)) {
	b.Helper()
	ctx := context.Background()
	start := cpuTime()
	for b.Loop() {
		if _, err := fit(ctx, data, clv.FitOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	if used := cpuTime() - start; used > 0 {
		b.ReportMetric(float64(used.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}
