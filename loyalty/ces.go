package loyalty

import (
	"math"

	"github.com/cemkit/cem/touchpoint"
)

// CES is a customer-effort score: the mean answer on the 1–7 scale, lower
// is better (Dixon, Freeman & Toman, "Stop Trying to Delight Your
// Customers", HBR 2010).
type CES struct {
	// N is the number of answers.
	N int
	// Mean is the mean answer, SD the sample standard deviation (0 for one
	// answer).
	Mean, SD float64
	// Interval is the Student t interval of Mean.
	Interval
}

// CES returns the mean effort answer with a Student t interval at the given
// level (0 means 0.95): Mean ± t(n−1)·SD/√n, clamped to the scale. With a
// single answer nothing is known of the spread, so the interval is the
// whole scale, 1–7.
//
// It returns [ErrNoAnswers] when no CES answer was tallied and a
// *touchpoint.ValidationError for a level outside (0, 1).
func (t Tally) CES(lvl float64) (CES, error) {
	lvl, err := level(lvl)
	if err != nil {
		return CES{}, err
	}
	r := t.cesMoments()
	switch r.N {
	case 0:
		return CES{}, ErrNoAnswers
	case 1:
		r.Interval = Interval{Low: touchpoint.CESMin, High: touchpoint.CESMax, Level: lvl}
		return r, nil
	}
	half := tFor(lvl, float64(r.N-1)) * r.SD / math.Sqrt(float64(r.N))
	r.Interval = interval(r.Mean, half, touchpoint.CESMin, touchpoint.CESMax, lvl)
	return r, nil
}

// cesMoments returns N, Mean and SD, computed in two passes over the counts
// so that a large tally loses no precision.
func (t Tally) cesMoments() CES {
	r := CES{N: sum(t.ces[:])}
	if r.N == 0 {
		return r
	}
	var s float64
	for i, c := range t.ces {
		s += float64(c) * float64(i+touchpoint.CESMin)
	}
	r.Mean = s / float64(r.N)
	if r.N == 1 {
		return r
	}
	var ss float64
	for i, c := range t.ces {
		d := float64(i+touchpoint.CESMin) - r.Mean
		ss += float64(c) * d * d
	}
	r.SD = math.Sqrt(ss / float64(r.N-1))
	return r
}
