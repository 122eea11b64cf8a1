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
	// answer and for identical answers).
	Mean, SD float64
	// Interval is the Student t interval of Mean.
	Interval
}

// CES returns the mean effort answer with a Student t interval at the given
// level (0 means 0.95): Mean ± t(n−1)·S/√n, clamped to the scale, where S is
// the sample standard deviation SD floored at 1/√n. With a single answer
// nothing is known of the spread, so the interval is the whole scale, 1–7.
//
// The floor is a small-sample adjustment in the spirit of the NPS interval's
// pseudo-answers (see [Tally.NPS]; Agresti & Coull, "Approximate Is Better
// than 'Exact'", The American Statistician 1998): n identical answers do not
// show that everyone answers alike ("If nothing goes wrong, is everything
// all right?", Hanley & Lippman-Hand, JAMA 1983), yet the plain t interval
// would shrink to a point and claim certainty. Answers are whole numbers, so
// the least spread a sample of n answers can show without being all alike
// is one answer one step away from the others, a standard deviation of
// exactly 1/√n; identical answers are given that spread. The floor never
// binds for a sample with any spread, so such samples keep the plain t
// interval. Two identical answers thus still span the whole scale (t(1) is
// 12.7), never narrower than one answer, and seven 7s give 5.57–7.
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
	half := tFor(lvl, float64(r.N-1)) * r.spread() / math.Sqrt(float64(r.N))
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

// spread returns the standard deviation the interval and [CESChange] use:
// SD floored at 1/√N, the least spread N whole-number answers that are not
// all alike can show (see [Tally.CES]). N must be at least 2.
func (r CES) spread() float64 { return max(r.SD, 1/math.Sqrt(float64(r.N))) }
