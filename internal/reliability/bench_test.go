package reliability_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/cemkit/cem/store"
)

// BenchmarkConcurrentAppend appends batches of 100 touchpoints from 1 and
// from 8 goroutines into each adapter; one op is one batch. The ratio of
// the two touchpoints/s figures says whether concurrent writers share the
// database well (≥ 1) or lose time waiting for each other (< 1).
func BenchmarkConcurrentAppend(b *testing.B) {
	for _, a := range adapters() {
		for _, writers := range []int{1, 8} {
			b.Run(fmt.Sprintf("%s/writers=%d", a.name, writers), func(b *testing.B) {
				s, _ := tenant(b, a.open(b))
				var next atomic.Int64
				b.ReportAllocs()
				b.ResetTimer()
				var wg sync.WaitGroup
				for w := range writers {
					wg.Go(func() {
						for n := next.Add(1); n <= int64(b.N); n = next.Add(1) {
							c := fmt.Sprintf("w%d-c%d", w, n%10)
							batch := store.Batch{Touchpoints: bulk(fmt.Sprint("bench/", n), c, int(n)*100, 100)}
							if err := s.Append(context.Background(), batch); err != nil {
								b.Error(err)
								return
							}
						}
					})
				}
				wg.Wait()
				b.ReportMetric(float64(b.N*100)/b.Elapsed().Seconds(), "touchpoints/s")
			})
		}
	}
}
