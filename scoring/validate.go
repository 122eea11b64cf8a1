package scoring

import (
	"math"
	"strconv"

	"github.com/cemkit/cem/touchpoint"
)

// entity names this package in every *touchpoint.ValidationError it returns,
// so error strings start with "scoring:".
const entity = "scoring"

func invalid(field string, v float64, rule string) error {
	return touchpoint.Invalid(entity, field, strconv.FormatFloat(v, 'g', -1, 64), rule)
}

// badWeight reports whether w is not a finite, non-negative number.
func badWeight(w float64) bool { return math.IsNaN(w) || math.IsInf(w, 0) || w < 0 }

const weightRule = "must be a finite number ≥ 0"

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
