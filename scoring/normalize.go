package scoring

import (
	"math"

	"github.com/cemkit/cem/touchpoint"
)

// This file is the one place where survey scales meet the score scale.
// Every scorer reads feedback through Satisfaction or EffortOf.

// Satisfaction maps a touchpoint's feedback onto 0–1, where 0 is the worst
// answer on every scale and 1 the best, and reports whether any answer was
// present. Each present answer is normalised linearly from its scale (the
// constants in package touchpoint) and the answers are averaged:
//
//	CSAT 1–5        (v − 1) / 4
//	NPS 0–10        v / 10
//	CES 1–7         (7 − v) / 6   inverted: low effort is good (Dixon, Freeman & Toman 2010)
//	sentiment −1..1 (v + 1) / 2
//
// Answers outside their scale are clamped and NaN answers ignored, so the
// result is always in [0, 1]; a validated journey never holds either.
func Satisfaction(f touchpoint.Feedback) (float64, bool) {
	sum, n := 0.0, 0
	if v, ok := f.CSAT.Value(); ok && v == v {
		sum += unit(v, touchpoint.CSATMin, touchpoint.CSATMax)
		n++
	}
	if v, ok := f.NPS.Value(); ok && v == v {
		sum += unit(v, touchpoint.NPSMin, touchpoint.NPSMax)
		n++
	}
	if v, ok := f.CES.Value(); ok && v == v {
		sum += 1 - unit(v, touchpoint.CESMin, touchpoint.CESMax)
		n++
	}
	if v, ok := f.Sentiment.Value(); ok && v == v {
		sum += unit(v, touchpoint.SentimentMin, touchpoint.SentimentMax)
		n++
	}
	if n == 0 {
		return 0, false
	}
	return sum / float64(n), true
}

// EffortOf maps a CES answer onto 0–1, 0 for "very easy" (CES 1) and 1 for
// "very hard" (CES 7), and reports whether the answer was present.
func EffortOf(f touchpoint.Feedback) (float64, bool) {
	v, ok := f.CES.Value()
	if !ok || math.IsNaN(v) {
		return 0, false
	}
	return unit(v, touchpoint.CESMin, touchpoint.CESMax), true
}

// unit maps v from [lo, hi] onto [0, 1], clamping.
func unit(v, lo, hi float64) float64 {
	return min(max((v-lo)/(hi-lo), 0), 1)
}

// points turns a 0–1 satisfaction into score points.
func points(s float64) float64 { return Min + s*(Max-Min) }
