package scoring_test

import (
	"context"
	"iter"
	"math"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/scoring"
	"github.com/cemkit/cem/touchpoint"
)

// benchJourneys is how many distinct journeys a benchmark cycles through, so
// that it measures scoring from memory rather than from one hot journey.
const benchJourneys = 1024

func benchSet(b *testing.B) (js []*journey.Journey, touchpoints int) {
	b.Helper()
	js = make([]*journey.Journey, benchJourneys)
	for i := range js {
		js[i] = realistic(b, i)
		touchpoints += js[i].Len()
	}
	return js, touchpoints
}

// reportPerTouchpoint reports ns per touchpoint, the unit the performance
// goal is stated in.
func reportPerTouchpoint(b *testing.B, js []*journey.Journey, touchpoints int) {
	perJourney := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	b.ReportMetric(perJourney*float64(len(js))/float64(touchpoints), "ns/touchpoint")
}

// floor is the least work any feedback model does: one plain loop over a
// journey's touchpoints that normalises and sums the feedback.
func floor(j *journey.Journey) float64 {
	tps := j.Touchpoints()
	sum, count := 0.0, 0
	for k := range tps {
		if s, ok := scoring.Satisfaction(tps[k].Feedback); ok {
			sum += s
			count++
		}
	}
	if count == 0 {
		return 0
	}
	return sum / float64(count)
}

// BenchmarkFloor is the raw floor the scorers are measured against.
func BenchmarkFloor(b *testing.B) {
	js, n := benchSet(b)
	b.ReportAllocs()
	sink := 0.0
	i := 0
	for b.Loop() {
		sink += floor(js[i%len(js)])
		i++
	}
	reportPerTouchpoint(b, js, n)
	_ = sink
}

// BenchmarkVsFloor checks the performance goal as a ratio measured in one
// run: each iteration times the floor and the scorer on the same 64
// journeys, so a busy machine slows both alike. The two take turns going
// first, so neither always finds the journeys already in the cache. It
// reports the scorer's time as a multiple of the floor's (x_floor).
func BenchmarkVsFloor(b *testing.B) {
	js, _ := benchSet(b)
	const batch = 64
	for _, s := range builtins() {
		b.Run(s.name, func(b *testing.B) {
			var floorTime, scoreTime time.Duration
			sink, i := 0.0, 0
			runFloor := func(part []*journey.Journey) {
				start := time.Now()
				for _, j := range part {
					sink += floor(j)
				}
				floorTime += time.Since(start)
			}
			runScorer := func(part []*journey.Journey) {
				start := time.Now()
				for _, j := range part {
					r, _ := s.scorer.Score(j)
					sink += r.Score
				}
				scoreTime += time.Since(start)
			}
			for b.Loop() {
				part := js[i%(len(js)/batch)*batch:][:batch]
				if i%2 == 0 {
					runFloor(part)
					runScorer(part)
				} else {
					runScorer(part)
					runFloor(part)
				}
				i++
			}
			b.ReportMetric(float64(scoreTime)/float64(floorTime), "x_floor")
			_ = sink
		})
	}
}

// BenchmarkLowerBounds measures, against the floor in the same run as
// BenchmarkVsFloor does, loops that do only the floor's work plus the one
// step a model cannot do without: for [scoring.Recency] one math.Exp per
// touchpoint with feedback (its weight is 2^(−age/half-life)), for
// [scoring.Weighted] one map lookup of the channel's weight. An x_floor
// near or above 1.5 says the per-strategy goal (within 1.5× of the floor)
// is out of that model's reach however it is written.
func BenchmarkLowerBounds(b *testing.B) {
	js, _ := benchSet(b)
	const batch = 64
	channels := map[touchpoint.Channel]float64{touchpoint.Phone: 1.5}
	rate := -math.Ln2 / scoring.DefaultHalfLife.Seconds()
	bounds := []struct {
		name string
		f    func(*journey.Journey) float64
	}{
		{"floor_again", floor}, // the noise of the method itself
		{"floor+exp", func(j *journey.Journey) float64 {
			tps := j.Touchpoints()
			latest := tps[len(tps)-1].Time.Unix()
			sum, total := 0.0, 0.0
			for k := range tps {
				if s, ok := scoring.Satisfaction(tps[k].Feedback); ok {
					w := math.Exp(rate * float64(latest-tps[k].Time.Unix()))
					sum += w * s
					total += w
				}
			}
			return sum / total
		}},
		{"floor+map_lookup", func(j *journey.Journey) float64 {
			tps := j.Touchpoints()
			sum, total := 0.0, 0.0
			for k := range tps {
				if s, ok := scoring.Satisfaction(tps[k].Feedback); ok {
					w := 1.0
					if v, ok := channels[tps[k].Channel]; ok {
						w = v
					}
					sum += w * s
					total += w
				}
			}
			return sum / total
		}},
	}
	for _, lb := range bounds {
		b.Run(lb.name, func(b *testing.B) {
			var floorTime, boundTime time.Duration
			sink, i := 0.0, 0
			run := func(f func(*journey.Journey) float64, part []*journey.Journey, into *time.Duration) {
				start := time.Now()
				for _, j := range part {
					sink += f(j)
				}
				*into += time.Since(start)
			}
			for b.Loop() {
				part := js[i%(len(js)/batch)*batch:][:batch]
				if i%2 == 0 {
					run(floor, part, &floorTime)
					run(lb.f, part, &boundTime)
				} else {
					run(lb.f, part, &boundTime)
					run(floor, part, &floorTime)
				}
				i++
			}
			b.ReportMetric(float64(boundTime)/float64(floorTime), "x_floor")
			_ = sink
		})
	}
}

// BenchmarkScorers scores realistic journeys (twelve touchpoints, failures
// and recoveries) with every built-in strategy, without an explanation.
func BenchmarkScorers(b *testing.B) {
	js, n := benchSet(b)
	for _, s := range builtins() {
		b.Run(s.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := s.scorer.Score(js[i%len(js)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
			reportPerTouchpoint(b, js, n)
		})
	}
}

// BenchmarkExplain is the explanation path, which may allocate.
func BenchmarkExplain(b *testing.B) {
	js, _ := benchSet(b)
	for _, s := range builtins() {
		b.Run(s.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := scoring.Explain(s.scorer, js[i%len(js)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// BenchmarkScoreAll scores a stream of journeys with the composite scorer
// on one worker and on two; the ratio of the two is the batch speed-up.
func BenchmarkScoreAll(b *testing.B) {
	js, _ := benchSet(b)
	s := builtins()[len(builtins())-1].scorer
	const perOp = 16 * benchJourneys
	stream := func(yield func(*journey.Journey, error) bool) {
		for i := range perOp {
			if !yield(js[i%len(js)], nil) {
				return
			}
		}
	}
	for _, workers := range []int{1, 2} {
		b.Run(map[int]string{1: "workers=1", 2: "workers=2"}[workers], func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				drain(b, scoring.ScoreAll(context.Background(), s, stream, workers))
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/perOp, "ns/journey")
		})
	}
}

// BenchmarkScoreAllSpeedup measures the batch goal as a ratio within one
// run: each iteration scores the same stream on one worker, then on two,
// and the benchmark reports time(1 worker) ÷ time(2 workers) as speedup.
func BenchmarkScoreAllSpeedup(b *testing.B) {
	js, _ := benchSet(b)
	s := builtins()[len(builtins())-1].scorer
	stream := func(yield func(*journey.Journey, error) bool) {
		for i := range 4 * benchJourneys {
			if !yield(js[i%len(js)], nil) {
				return
			}
		}
	}
	var one, two time.Duration
	for b.Loop() {
		start := time.Now()
		drain(b, scoring.ScoreAll(context.Background(), s, stream, 1))
		mid := time.Now()
		drain(b, scoring.ScoreAll(context.Background(), s, stream, 2))
		one += mid.Sub(start)
		two += time.Since(mid)
	}
	b.ReportMetric(float64(one)/float64(two), "speedup")
}

func drain(b *testing.B, seq iter.Seq2[scoring.Scored, error]) {
	for _, err := range seq {
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParallelCeiling is the reference for BenchmarkScoreAllSpeedup:
// the same stream scored on one goroutine, then split dynamically over two
// goroutines that take 64 journeys at a time from an atomic counter, with
// no reading of an input, no ordering and no results. Its speedup is what
// the machine's two cores give this work at best.
func BenchmarkParallelCeiling(b *testing.B) {
	js, _ := benchSet(b)
	s := builtins()[len(builtins())-1].scorer
	n := 4 * benchJourneys
	var one, two time.Duration
	for b.Loop() {
		start := time.Now()
		for i := range n {
			s.Score(js[i%len(js)])
		}
		mid := time.Now()
		var wg sync.WaitGroup
		var next atomic.Int64
		for range 2 {
			wg.Go(func() {
				for {
					from := int(next.Add(64)) - 64
					if from >= n {
						return
					}
					for i := from; i < min(from+64, n); i++ {
						s.Score(js[i%len(js)])
					}
				}
			})
		}
		wg.Wait()
		one += mid.Sub(start)
		two += time.Since(mid)
	}
	b.ReportMetric(float64(one)/float64(two), "speedup")
}
