package scoring

import (
	"strconv"

	"github.com/cemkit/cem/touchpoint"
)

// entity names this package in every *touchpoint.ValidationError it returns,
// so error strings start with "scoring:".
const entity = "scoring"

func invalid(field string, v float64, rule string) error {
	return touchpoint.Invalid(entity, field, strconv.FormatFloat(v, 'g', -1, 64), rule)
}

// MaxParameter bounds every weight, cost and bonus. Costs and bonuses are
// points on the 0–100 scale, so a thousand is already far past anything a
// model needs; and since some parameters multiply (a failure's cost grows
// with LossWeight), a larger bound would let single contributions reach
// magnitudes at which float64 rounding shows when an explanation's points
// are added up (1e6 × 1e6 points leave an error of about 1e-4).
const MaxParameter = 1e3

// MinParameter is the smallest weight, cost or bonus other than 0. Smaller
// ones are lost to rounding once multiplied with a satisfaction (a weight
// of 5e-324 times 0.8 is 0), which would skew a weighted mean without a
// word.
const MinParameter = 1e-9

// badWeight reports whether w is neither 0 nor in
// MinParameter..MaxParameter (NaN included).
func badWeight(w float64) bool { return !(w == 0 || w >= MinParameter && w <= MaxParameter) }

const weightRule = "must be 0 or a number in 1e-9..1000"

// checkWeight accepts a finite, non-negative weight.
func checkWeight(field string, w float64) error {
	if badWeight(w) {
		return invalid(field, w, weightRule)
	}
	return nil
}

// checkWeights checks every weight of a map and that a non-empty map does
// not weigh everything 0, which would leave nothing to score.
func checkWeights[K ~string](field string, m map[K]float64) error {
	if len(m) == 0 {
		return nil
	}
	sum := 0.0
	for k, w := range m {
		if badWeight(w) {
			return invalid(field+"["+string(k)+"]", w, weightRule)
		}
		sum += w
	}
	if sum == 0 {
		return invalid(field, sum, "weights must not all be 0")
	}
	return nil
}
