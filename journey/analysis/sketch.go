package analysis

import (
	"math"
	"slices"
)

// Quantile estimation. Up to exactCap values are kept and quantiles are
// exact (linear interpolation between order statistics, the "type 7"
// definition of Hyndman & Fan 1996 that spreadsheets use). Beyond that the
// values move into logarithmic buckets as in DDSketch (Masson, Rim & Lee,
// VLDB 2019): every quantile is then within sketchAlpha of the true value,
// relatively, and memory is bounded by the spread of the values (about 2,300
// buckets from a nanosecond to a century), not by their number.
const (
	exactCap    = 512
	sketchAlpha = 0.01
	sketchGamma = (1 + sketchAlpha) / (1 - sketchAlpha)
)

// sketch accumulates finite float64 values.
type sketch struct {
	n        int
	sum      float64
	min, max float64
	exact    []float64
	pos, neg map[int32]int // bucket counts once the sketch has spilled
	zero     int
}

// add records x; non-finite values are ignored by the callers.
func (s *sketch) add(x float64) {
	if s.n == 0 || x < s.min {
		s.min = x
	}
	if s.n == 0 || x > s.max {
		s.max = x
	}
	s.n++
	s.sum += x
	if s.pos == nil {
		s.exact = append(s.exact, x)
		if len(s.exact) > exactCap {
			s.spill()
		}
		return
	}
	s.bucket(x)
}

// spill moves the exact values into buckets.
func (s *sketch) spill() {
	s.pos, s.neg = make(map[int32]int), make(map[int32]int)
	for _, v := range s.exact {
		s.bucket(v)
	}
	s.exact = nil
}

func (s *sketch) bucket(x float64) {
	switch {
	case x > 0:
		s.pos[bucketIndex(x)]++
	case x < 0:
		s.neg[bucketIndex(-x)]++
	default:
		s.zero++
	}
}

// bucketIndex is ⌈log_γ x⌉ for x > 0.
func bucketIndex(x float64) int32 {
	return int32(math.Ceil(math.Log(x) / math.Log(sketchGamma)))
}

// bucketValue is the estimate DDSketch returns for bucket i: within α of
// every value in the bucket.
func bucketValue(i int32) float64 {
	return 2 * math.Pow(sketchGamma, float64(i)) / (sketchGamma + 1)
}

// mean returns the arithmetic mean, 0 when empty.
func (s *sketch) mean() float64 {
	if s.n == 0 {
		return 0
	}
	return s.sum / float64(s.n)
}

// quantile returns the q-quantile, q in [0, 1]; 0 when empty.
func (s *sketch) quantile(q float64) float64 {
	if s.n == 0 {
		return 0
	}
	if s.pos == nil {
		return exactQuantile(s.exact, q)
	}
	return min(max(s.sketchQuantile(q), s.min), s.max)
}

// exactQuantile interpolates between order statistics; it sorts a copy.
func exactQuantile(vs []float64, q float64) float64 {
	sorted := slices.Clone(vs)
	slices.Sort(sorted)
	h := q * float64(len(sorted)-1)
	lo := int(math.Floor(h))
	if lo >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}

// sketchQuantile walks the buckets in value order to the wanted rank.
func (s *sketch) sketchQuantile(q float64) float64 {
	rank := int(math.Round(q * float64(s.n-1)))
	seen := 0
	negs := sortedKeys(s.neg)
	for i := len(negs) - 1; i >= 0; i-- {
		if seen += s.neg[negs[i]]; seen > rank {
			return -bucketValue(negs[i])
		}
	}
	if seen += s.zero; seen > rank {
		return 0
	}
	for _, k := range sortedKeys(s.pos) {
		if seen += s.pos[k]; seen > rank {
			return bucketValue(k)
		}
	}
	return s.max
}

func sortedKeys(m map[int32]int) []int32 {
	keys := make([]int32, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
