package journey_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

// benchTouchpoints returns n touchpoints of one customer, every other one
// out of time order, so Add exercises both the append and the insert path.
func benchTouchpoints(n int) []touchpoint.Touchpoint {
	out := make([]touchpoint.Touchpoint, n)
	chans := touchpoint.Channels()
	stages := touchpoint.Stages()
	for i := range out {
		at := time.Duration(i) * time.Hour
		if i%2 == 1 {
			at -= 90 * time.Minute
		}
		out[i] = touchpoint.Touchpoint{ID: touchpoint.IDFromKey("bench", string(rune(i+'0'))), CustomerID: "ana",
			Time: t0.Add(at), Channel: chans[i%len(chans)], Stage: stages[i%len(stages)]}
		if i%3 == 0 {
			out[i].Feedback.CSAT = touchpoint.Rate(float64(1 + i%5))
		}
	}
	return out
}

// BenchmarkAdd builds a 12-touchpoint journey, validation included.
func BenchmarkAdd(b *testing.B) {
	tps := benchTouchpoints(12)
	l := limits()
	b.ReportAllocs()
	for b.Loop() {
		j := journey.NewWithLimits("ana", l)
		if err := j.Add(tps...); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(tps)), "ns/touchpoint")
}

// BenchmarkJSON encodes and decodes the same 12-touchpoint journey.
func BenchmarkJSON(b *testing.B) {
	j := journey.NewWithLimits("ana", limits())
	if err := j.Add(benchTouchpoints(12)...); err != nil {
		b.Fatal(err)
	}
	data, err := json.Marshal(j)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("marshal", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := json.Marshal(j); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("unmarshal", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			var back journey.Journey
			if err := json.Unmarshal(data, &back); err != nil {
				b.Fatal(err)
			}
		}
	})
}
