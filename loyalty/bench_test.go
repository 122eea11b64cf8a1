package loyalty_test

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/loyalty"
	"github.com/cemkit/cem/touchpoint"
)

// benchJourney is a two-year journey of n touchpoints: purchases, surveys,
// a referral now and then, and a failure every 25 touchpoints, half of
// them resolved.
func benchJourney(b *testing.B, n int) *journey.Journey {
	b.Helper()
	rng := rand.New(rand.NewPCG(7, uint64(n)))
	j := journey.NewWithLimits("c-1", clock)
	stages := []touchpoint.Stage{touchpoint.Browse, touchpoint.Purchase, touchpoint.Delivery, touchpoint.Support, touchpoint.Advocacy}
	for i := range n {
		x := touchpoint.Touchpoint{ID: id(i), CustomerID: "c-1", Time: t0.Add(time.Duration(i) * 730 * loyalty.Day / time.Duration(n)),
			Channel: touchpoint.Web, Stage: stages[rng.IntN(len(stages))]}
		if rng.IntN(4) == 0 {
			x.Feedback.NPS = touchpoint.Rate(float64(rng.IntN(11)))
		}
		if err := j.Add(x); err != nil {
			b.Fatal(err)
		}
		if i%25 == 24 {
			f := journey.Failure{ID: id(10000 + i), CustomerID: "c-1", Time: x.Time, Kind: journey.LateDelivery,
				Severity: journey.Major, Channel: touchpoint.Web}
			if err := j.AddFailure(f); err != nil {
				b.Fatal(err)
			}
			if i%50 == 49 {
				r := journey.Recovery{ID: id(20000 + i), FailureID: f.ID, CustomerID: "c-1", Time: x.Time,
					ResolvedAt: x.Time.Add(48 * time.Hour), Actions: journey.Refund, Channel: touchpoint.Phone}
				if err := j.AddRecovery(r); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	return j
}

func BenchmarkPlace(b *testing.B) {
	j := benchJourney(b, 200)
	asOf := t0.Add(400 * loyalty.Day)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := (loyalty.Rules{}).Place(j, asOf); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHistory(b *testing.B) {
	for _, n := range []int{50, 200} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			j := benchJourney(b, n)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := (loyalty.Rules{}).History(j, time.Time{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkHistoryScored adds a Score function, which makes every
// placement rebuild the journey as it stood then.
func BenchmarkHistoryScored(b *testing.B) {
	j := benchJourney(b, 50)
	r := loyalty.Rules{Score: func(p *journey.Journey) (float64, error) { return float64(p.Len()), nil }}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.History(j, time.Time{}); err != nil {
			b.Fatal(err)
		}
	}
}

func benchAnswers(n int) []touchpoint.Touchpoint {
	rng := rand.New(rand.NewPCG(3, 4))
	chans := touchpoint.Channels()
	out := make([]touchpoint.Touchpoint, n)
	for i := range out {
		out[i] = touchpoint.Touchpoint{Time: t0.Add(time.Duration(i) * time.Minute), Channel: chans[rng.IntN(len(chans))],
			Feedback: touchpoint.Feedback{NPS: touchpoint.Rate(float64(rng.IntN(11))), CSAT: touchpoint.Rate(float64(1 + rng.IntN(5)))}}
	}
	return out
}

// BenchmarkSegment tallies 100,000 answered touchpoints by channel and by
// month; Baseline is the bare loop reading each answer into a map of
// counters, the floor any grouping pays.
func BenchmarkSegment(b *testing.B) {
	tps := benchAnswers(100_000)
	b.Run("Baseline", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			m := make(map[touchpoint.Channel]*[11]int)
			for _, tp := range tps {
				c := m[tp.Channel]
				if c == nil {
					c = new([11]int)
					m[tp.Channel] = c
				}
				v, _ := tp.Feedback.NPS.Value()
				c[int(v)]++
			}
		}
	})
	monthly, err := loyalty.ByPeriod(loyalty.Monthly, nil)
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range []struct {
		name string
		by   loyalty.Segmenter
	}{{"Channel", loyalty.ByChannel}, {"Month", monthly}} {
		b.Run(s.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := loyalty.Segment(slices.Values(tps), s.by); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkWalletShares(b *testing.B) {
	ranks := map[string]int{"a": 1, "b": 2, "c": 2, "d": 3, "e": 4, "f": 4, "g": 4, "h": 5, "i": 6, "j": 7}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := loyalty.WalletShares(ranks); err != nil {
			b.Fatal(err)
		}
	}
}
