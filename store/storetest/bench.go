package storetest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/touchpoint"
)

// BenchData returns the touchpoints the shared benchmarks append: each of
// customers customers gets each touchpoints one hour apart, with a value,
// two attributes and, on every third, a CSAT answer — the shape of a
// shop's purchase events. run separates the IDs of successive calls, so
// the same (customers, each) with another run gives new events. An
// adapter measuring its raw floor (a plain prepared INSERT, pgx CopyFrom)
// should insert this data, so the ratio compares like with like.
func BenchData(run, customers, each int) store.Batch {
	tps := make([]touchpoint.Touchpoint, 0, customers*each)
	price := money("19.99", "EUR")
	start := time.Date(2024, time.January, 1, 8, 0, 0, 0, time.UTC)
	for k := range each {
		for c := range customers {
			cust := fmt.Sprintf("bench-%d-%06d", run, c)
			tp := touchpoint.Touchpoint{
				ID: touchpoint.IDFromKey("storetest-bench", fmt.Sprint(cust, "/", k)), CustomerID: cust,
				Time:    start.Add(time.Duration(k)*time.Hour + time.Duration(c)*time.Millisecond),
				Channel: touchpoint.Web, Stage: touchpoint.Purchase, Value: price,
				Duration:   90 * time.Second,
				Attributes: map[string]string{"order": fmt.Sprintf("o-%d-%d", c, k), "shop": "main"},
			}
			if k%3 == 0 {
				tp.Feedback.CSAT = touchpoint.Rate(float64(1 + (c+k)%5))
			}
			tps = append(tps, tp)
		}
	}
	return store.Batch{Touchpoints: tps}
}

// Benchmark runs the shared benchmarks against the backends newBackend
// opens:
//
//   - AppendBulk: batches of 1000 touchpoints (100 customers × 10); reports
//     touchpoints/s.
//   - AppendOne: one touchpoint per Append; reports touchpoints/s.
//   - LoadJourney/touchpoints=N: Journey of one random 50-touchpoint
//     customer from a tenant holding N touchpoints (100k, and 1M unless
//     -short); reports the p50 and p99 latency in ns.
//   - StreamJourneys: reads 1000 journeys of 10 touchpoints through
//     Journeys; reports journeys/s.
//
// The data of LoadJourney and StreamJourneys is appended once per call of
// Benchmark, lazily (only for the sub-benchmarks -bench selects) and before
// the timer starts, in batches of 10 000 touchpoints.
func Benchmark(b *testing.B, newBackend func(b *testing.B) store.Backend) {
	b.Run("AppendBulk", func(b *testing.B) { benchAppend(b, newBackend, 100, 10) })
	b.Run("AppendOne", func(b *testing.B) { benchAppend(b, newBackend, 1, 1) })
	for _, customers := range []int{2_000, 20_000} {
		seeded := sync.OnceValues(func() (store.Store, error) { return seed(b, newBackend, customers, 50) })
		b.Run(fmt.Sprintf("LoadJourney/touchpoints=%d", customers*50), func(b *testing.B) {
			if customers > 2_000 && testing.Short() {
				b.Skip("1M touchpoints: skipped in -short mode")
			}
			benchLoad(b, seeded, customers)
		})
	}
	streamSeed := sync.OnceValues(func() (store.Store, error) { return seed(b, newBackend, 1000, 10) })
	b.Run("StreamJourneys", func(b *testing.B) { benchStream(b, streamSeed) })
}

func benchAppend(b *testing.B, newBackend func(*testing.B) store.Backend, customers, each int) {
	s := tenant(b, newBackend(b))
	batches := make([]store.Batch, 0, 64)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if i%64 == 0 {
			// Build the data outside the timer, 64 batches at a time.
			b.StopTimer()
			batches = batches[:0]
			for k := range 64 {
				batches = append(batches, BenchData(i+k, customers, each))
			}
			b.StartTimer()
		}
		if err := s.Append(b.Context(), batches[i%64]); err != nil {
			b.Fatalf("Append() error = %v", err)
		}
	}
	b.ReportMetric(float64(b.N*customers*each)/b.Elapsed().Seconds(), "touchpoints/s")
}

// seed opens a backend and appends customers × each touchpoints to one
// tenant of it, in batches of 10 000.
func seed(b *testing.B, newBackend func(*testing.B) store.Backend, customers, each int) (store.Store, error) {
	s, err := newBackend(b).Tenant("bench-" + touchpoint.NewID().String())
	if err != nil {
		return nil, err
	}
	data := BenchData(0, customers, each)
	for chunk := range slices.Chunk(data.Touchpoints, 10_000) {
		if err := s.Append(b.Context(), store.Batch{Touchpoints: chunk}); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func benchLoad(b *testing.B, seeded func() (store.Store, error), customers int) {
	s, err := seeded()
	if err != nil {
		b.Fatalf("seeding: %v", err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	lat := make([]time.Duration, 0, 1024)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		c := fmt.Sprintf("bench-0-%06d", rng.IntN(customers))
		t0 := time.Now()
		j, err := s.Journey(b.Context(), c, store.Window{})
		lat = append(lat, time.Since(t0))
		if err != nil || j.Len() != 50 {
			b.Fatalf("Journey(%s) = %d touchpoints, error %v; want 50", c, journeyLen(j), err)
		}
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2]), "p50-ns")
	b.ReportMetric(float64(lat[len(lat)*99/100]), "p99-ns")
}

func benchStream(b *testing.B, seeded func() (store.Store, error)) {
	s, err := seeded()
	if err != nil {
		b.Fatalf("seeding: %v", err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for b.Loop() {
		for j, err := range s.Journeys(b.Context(), store.Query{}) {
			if err != nil {
				b.Fatalf("Journeys() error = %v", err)
			}
			n += min(1, j.Len())
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "journeys/s")
}
