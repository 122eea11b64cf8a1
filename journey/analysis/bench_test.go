package analysis_test

import (
	"iter"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/journey/analysis"
	"github.com/cemkit/cem/touchpoint"
)

// benchSizes are the stream lengths: peak and retained memory should be
// about the same for both, since every analysis keeps only per-activity,
// per-variant or per-state counts.
var benchSizes = []int{100_000, 1_000_000}

// sampled passes seq through, recording the peak HeapInuse every 10,000
// journeys.
func sampled(seq iter.Seq[*journey.Journey], peak *uint64) iter.Seq[*journey.Journey] {
	return func(yield func(*journey.Journey) bool) {
		var ms runtime.MemStats
		i := 0
		for j := range seq {
			if i++; i%10_000 == 0 {
				runtime.ReadMemStats(&ms)
				*peak = max(*peak, ms.HeapInuse)
			}
			if !yield(j) {
				return
			}
		}
	}
}

// benchStream streams n generated journeys into run per iteration and
// reports journeys/s, the peak heap in use while streaming and the heap
// the result retains after a GC.
func benchStream(b *testing.B, run func(iter.Seq[*journey.Journey]) any) {
	b.Helper()
	for _, n := range benchSizes {
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			var peak uint64
			var ms runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&ms)
			base := ms.HeapAlloc
			var res any
			start := time.Now()
			for i := 0; b.Loop(); i++ {
				res = run(sampled(gen{seed: uint64(i), n: n}.all(), &peak))
			}
			elapsed := time.Since(start)
			runtime.GC()
			runtime.ReadMemStats(&ms)
			retained := int64(ms.HeapAlloc) - int64(base)
			runtime.KeepAlive(res)
			b.ReportMetric(float64(n)*float64(b.N)/elapsed.Seconds(), "journeys/s")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(max(retained, 0))/(1<<10), "retained-KB")
			if k, unit := distinct(res); unit != "" {
				b.ReportMetric(float64(k), unit)
			}
		})
	}
}

// BenchmarkGenerate is the baseline: generating and streaming the journeys
// without analysing them. The analyses' cost is their time over this one.
func BenchmarkGenerate(b *testing.B) {
	benchStream(b, func(seq iter.Seq[*journey.Journey]) any {
		n := 0
		for j := range seq {
			n += j.Len()
		}
		return n
	})
}

func BenchmarkFunnel(b *testing.B) {
	spec := analysis.FunnelSpec{
		Steps:  []analysis.Step{{Stage: touchpoint.Arrival}, {Stage: touchpoint.Browse}, {Stage: touchpoint.Purchase}, {Stage: touchpoint.Delivery}},
		Window: 7 * 24 * time.Hour,
	}
	benchStream(b, func(seq iter.Seq[*journey.Journey]) any { return must(analysis.Funnel(seq, spec)) })
}

func BenchmarkVariants(b *testing.B) {
	benchStream(b, func(seq iter.Seq[*journey.Journey]) any { return must(analysis.Variants(seq, analysis.ByStageChannel)) })
}

func BenchmarkDirectlyFollows(b *testing.B) {
	benchStream(b, func(seq iter.Seq[*journey.Journey]) any {
		return must(analysis.DirectlyFollows(seq, analysis.ByStageChannel))
	})
}

func BenchmarkAttribute(b *testing.B) {
	for _, order := range []int{1, 2} {
		b.Run("order="+strconv.Itoa(order), func(b *testing.B) {
			benchStream(b, func(seq iter.Seq[*journey.Journey]) any {
				return must(analysis.Attribute(seq, analysis.AttributionSpec{Order: order}))
			})
		})
	}
}

func BenchmarkKeyDrivers(b *testing.B) {
	benchStream(b, func(seq iter.Seq[*journey.Journey]) any { return must(analysis.KeyDrivers(seq, syntheticScore)) })
}

func BenchmarkCohorts(b *testing.B) {
	spec := analysis.CohortSpec{Period: analysis.Week, Score: syntheticScore}
	benchStream(b, func(seq iter.Seq[*journey.Journey]) any { return must(analysis.Cohorts(seq, spec)) })
}

// distinct says how many distinct things a result holds, what its memory
// is bounded by.
func distinct(res any) (int, string) {
	switch r := res.(type) {
	case analysis.VariantReport:
		return len(r.Variants), "variants"
	case analysis.DFG:
		return len(r.Edges), "edges"
	case analysis.DriverReport:
		return len(r.Drivers) + len(r.Constant), "features"
	case analysis.CohortReport:
		return len(r.Cohorts), "cohorts"
	}
	return 0, ""
}

// BenchmarkAnalysisOnly measures each analysis without the generator: a
// million journeys, ten passes over 100,000 built beforehand.
func BenchmarkAnalysisOnly(b *testing.B) {
	js := gen{seed: 42, n: 100_000}.slice()
	seq := func(yield func(*journey.Journey) bool) {
		for range 10 {
			for _, j := range js {
				if !yield(j) {
					return
				}
			}
		}
	}
	funnel := analysis.FunnelSpec{Steps: []analysis.Step{{Stage: touchpoint.Arrival}, {Stage: touchpoint.Browse}, {Stage: touchpoint.Purchase}}, Window: 7 * 24 * time.Hour}
	runs := []struct {
		name string
		run  func() any
	}{
		{"Funnel", func() any { return must(analysis.Funnel(seq, funnel)) }},
		{"Variants", func() any { return must(analysis.Variants(seq, analysis.ByStageChannel)) }},
		{"DirectlyFollows", func() any { return must(analysis.DirectlyFollows(seq, analysis.ByStageChannel)) }},
		{"Attribute1", func() any { return must(analysis.Attribute(seq, analysis.AttributionSpec{})) }},
		{"Attribute2", func() any { return must(analysis.Attribute(seq, analysis.AttributionSpec{Order: 2})) }},
		{"KeyDrivers", func() any { return must(analysis.KeyDrivers(seq, syntheticScore)) }},
		{"Cohorts", func() any { return must(analysis.Cohorts(seq, analysis.CohortSpec{Score: syntheticScore})) }},
	}
	for _, r := range runs {
		b.Run(r.name, func(b *testing.B) {
			start := time.Now()
			for b.Loop() {
				r.run()
			}
			b.ReportMetric(1e6*float64(b.N)/time.Since(start).Seconds(), "journeys/s")
		})
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
