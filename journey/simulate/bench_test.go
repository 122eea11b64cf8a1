package simulate_test

import (
	"runtime"
	"testing"
	"time"

	"github.com/cemkit/cem/journey/simulate"
)

// BenchmarkGenerate measures whole journeys (default model) per second and
// the largest heap in use, sampled every 10,000 journeys, which stays flat
// however many journeys stream through.
func BenchmarkGenerate(b *testing.B) {
	cfg := simulate.DefaultConfig(time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC), 1)
	cfg.Customers = 1 << 30
	b.ReportAllocs()
	n := 0
	var peak uint64
	var ms runtime.MemStats
	for _, err := range simulate.Generate(cfg, 1) {
		if err != nil {
			b.Fatal(err)
		}
		if n++; n%10000 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
		}
		if n >= b.N {
			break
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "journeys/s")
	if peak > 0 {
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	}
}

// BenchmarkSummaries measures BG/NBD customer summaries per second, the
// fast path for checking buy-till-you-die models.
func BenchmarkSummaries(b *testing.B) {
	cfg := simulate.DefaultConfig(time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC), 1)
	cfg.Customers = 1 << 30
	b.ReportAllocs()
	n := 0
	for _, err := range simulate.Summaries(cfg, 1) {
		if err != nil {
			b.Fatal(err)
		}
		if n++; n >= b.N {
			break
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "customers/s")
}
