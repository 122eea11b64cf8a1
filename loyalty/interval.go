package loyalty

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// DefaultLevel is the confidence level used when a level of 0 is given.
const DefaultLevel = 0.95

// Interval is a confidence interval on the scale of the statistic it
// belongs to (NPS points, CSAT percent, CES answer).
type Interval struct {
	// Low and High bound the interval; both lie on the statistic's scale.
	Low, High float64
	// Level is the confidence level, e.g. 0.95.
	Level float64
}

// Contains reports whether v lies in the interval, bounds included.
func (i Interval) Contains(v float64) bool { return i.Low <= v && v <= i.High }

// level returns the level to use for l, refusing what is not in (0, 1).
func level(l float64) (float64, error) {
	if l == 0 {
		return DefaultLevel, nil
	}
	if !(l > 0 && l < 1) {
		return 0, invalid("level", ftoa(l), "must be in (0, 1); 0 means 0.95")
	}
	return l, nil
}

// zFor returns the two-sided normal quantile for a level: 1.96 for 0.95.
func zFor(level float64) float64 {
	return distuv.UnitNormal.Quantile(1 - (1-level)/2)
}

// tFor returns the two-sided Student t quantile with df degrees of freedom.
func tFor(level, df float64) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(1 - (1-level)/2)
}

// interval builds an Interval center ± half, clamped to [lo, hi].
func interval(center, half, lo, hi, level float64) Interval {
	return Interval{Low: max(lo, center-half), High: min(hi, center+half), Level: level}
}

// reach widens i, if needed, to contain v: against rounding at the ends
// of the scale, and for the NPS adjustment (see [Tally.NPS]).
func (i Interval) reach(v float64) Interval {
	i.Low, i.High = min(i.Low, v), max(i.High, v)
	return i
}

// normalP returns the two-sided p-value of a standard normal statistic.
func normalP(z float64) float64 { return math.Erfc(math.Abs(z) / math.Sqrt2) }
