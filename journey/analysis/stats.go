package analysis

import (
	"math"
	"time"
)

// DurationStats summarises a set of durations. Median and P90 are exact for
// up to 512 values (interpolated between order statistics) and within 1%
// beyond (see the package documentation); Mean, Min and Max are exact. The
// zero value describes an empty set.
type DurationStats struct {
	N      int
	Mean   time.Duration
	Median time.Duration
	P90    time.Duration
	Min    time.Duration
	Max    time.Duration
}

// durationStats reads a sketch of nanoseconds.
func durationStats(s *sketch) DurationStats {
	if s.n == 0 {
		return DurationStats{}
	}
	return DurationStats{
		N:      s.n,
		Mean:   nanos(s.mean()),
		Median: nanos(s.quantile(0.5)),
		P90:    nanos(s.quantile(0.9)),
		Min:    nanos(s.min),
		Max:    nanos(s.max),
	}
}

func nanos(v float64) time.Duration { return time.Duration(math.Round(v)) }

// addDuration records d in nanoseconds.
func (s *sketch) addDuration(d time.Duration) { s.add(float64(d)) }

// ScoreStats summarises a set of scores, with the same accuracy as
// [DurationStats]. The zero value describes an empty set.
type ScoreStats struct {
	N      int
	Mean   float64
	Min    float64
	P25    float64
	Median float64
	P75    float64
	Max    float64
}

func scoreStats(s *sketch) ScoreStats {
	if s.n == 0 {
		return ScoreStats{}
	}
	return ScoreStats{
		N:      s.n,
		Mean:   s.mean(),
		Min:    s.min,
		P25:    s.quantile(0.25),
		Median: s.quantile(0.5),
		P75:    s.quantile(0.75),
		Max:    s.max,
	}
}

// ratio returns a/b, or 0 when b is 0, so no report ever holds NaN.
func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// finite reports whether v is a usable number.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
