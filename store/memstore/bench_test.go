package memstore_test

import (
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/store/memstore"
	"github.com/cemkit/cem/store/storetest"
	"github.com/cemkit/cem/touchpoint"
)

func BenchmarkStore(b *testing.B) {
	storetest.Benchmark(b, func(*testing.B) store.Backend { return memstore.New() })
}

// BenchmarkMemory measures how much heap a stored touchpoint takes: the
// live heap after appending 100 000 touchpoints minus the live heap before,
// both after a full collection, divided by the count. "typical" is
// storetest.BenchData's shape (value, two attributes, some feedback);
// "minimal" has only the required fields.
func BenchmarkMemory(b *testing.B) {
	typical := storetest.BenchData(0, 1000, 100)
	minimal := storetest.BenchData(1, 1000, 100)
	for i := range minimal.Touchpoints {
		tp := &minimal.Touchpoints[i]
		tp.Value, tp.Attributes, tp.Feedback, tp.Duration = touchpoint.Money{}, nil, touchpoint.Feedback{}, 0
	}
	for _, c := range []struct {
		name string
		data store.Batch
	}{{"typical", typical}, {"minimal", minimal}} {
		b.Run(c.name, func(b *testing.B) {
			var grown uint64
			for b.Loop() {
				grown = heapGrowth(b, c.data)
			}
			b.ReportMetric(float64(grown)/float64(len(c.data.Touchpoints)), "bytes/touchpoint")
		})
	}
}

// heapGrowth appends data to a new backend and returns how much the live
// heap grew.
func heapGrowth(b *testing.B, data store.Batch) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	backend := memstore.New()
	s, err := backend.Tenant("bench")
	if err != nil {
		b.Fatal(err)
	}
	for chunk := range slices.Chunk(data.Touchpoints, 10_000) {
		if err := s.Append(b.Context(), store.Batch{Touchpoints: chunk}); err != nil {
			b.Fatal(err)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(s)
	return after.HeapAlloc - before.HeapAlloc
}

// BenchmarkAppendVsFloor compares a bulk Append of 1000 touchpoints with
// its floor: the work any store must do for the same batch (validating and
// deep-copying each touchpoint) without indexing or storing it. Each
// iteration times both on the same batch, interleaved, so that load on the
// machine hits both alike; "x-floor" is the ratio of their total times, the
// cost of memstore's bookkeeping (and of the garbage collector scanning a
// store that grows by 1000 touchpoints per iteration).
func BenchmarkAppendVsFloor(b *testing.B) {
	s, err := memstore.New().Tenant("bench")
	if err != nil {
		b.Fatal(err)
	}
	batches := make([]store.Batch, 0, 64)
	sink := make([]touchpoint.Touchpoint, 0, 1000)
	var floor, appending time.Duration
	for i := 0; b.Loop(); i++ {
		if i%64 == 0 {
			b.StopTimer()
			batches = batches[:0]
			for k := range 64 {
				batches = append(batches, storetest.BenchData(i+k, 100, 10))
			}
			b.StartTimer()
		}
		batch := batches[i%64]
		t0 := time.Now()
		sink = validateAndCopy(b, sink[:0], batch)
		t1 := time.Now()
		if err := s.Append(b.Context(), batch); err != nil {
			b.Fatal(err)
		}
		floor, appending = floor+t1.Sub(t0), appending+time.Since(t1)
	}
	n := float64(b.N * 1000)
	b.ReportMetric(n/floor.Seconds(), "floor-touchpoints/s")
	b.ReportMetric(n/appending.Seconds(), "append-touchpoints/s")
	b.ReportMetric(appending.Seconds()/floor.Seconds(), "x-floor")
}

func validateAndCopy(b *testing.B, sink []touchpoint.Touchpoint, batch store.Batch) []touchpoint.Touchpoint {
	var l touchpoint.Limits
	for _, tp := range batch.Touchpoints {
		if err := l.Validate(tp); err != nil {
			b.Fatal(err)
		}
		sink = append(sink, tp.Clone())
	}
	return sink
}
