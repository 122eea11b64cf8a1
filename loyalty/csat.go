package loyalty

import "math"

// CSAT is a customer-satisfaction score with its sample and confidence
// interval.
type CSAT struct {
	// N is the number of answers, Satisfied the number of 4s and 5s.
	N, Satisfied int
	// Score is the share of satisfied answers in percent, 0–100.
	Score float64
	// Interval is the Wilson score interval of Score, in percent.
	Interval
}

// CSAT returns the share of 4–5 answers on the 1–5 scale with a Wilson
// score interval at the given level (0 means 0.95). The Wilson interval
// (Wilson 1927) keeps its coverage for small samples and for shares near 0
// or 100 %, where the plain normal interval fails (Brown, Cai & DasGupta,
// Statistical Science 2001); it never leaves [0, 100].
//
// It returns [ErrNoAnswers] when no CSAT answer was tallied and a
// *touchpoint.ValidationError for a level outside (0, 1).
func (t Tally) CSAT(lvl float64) (CSAT, error) {
	lvl, err := level(lvl)
	if err != nil {
		return CSAT{}, err
	}
	r := CSAT{N: sum(t.csat[:]), Satisfied: sum(t.csat[SatisfiedMin-1:])}
	if r.N == 0 {
		return CSAT{}, ErrNoAnswers
	}
	n, p, z := float64(r.N), float64(r.Satisfied)/float64(r.N), zFor(lvl)
	r.Score = 100 * p
	denom := 1 + z*z/n
	center := (p + z*z/(2*n)) / denom
	half := z / denom * math.Sqrt(p*(1-p)/n+z*z/(4*n*n))
	r.Interval = interval(100*center, 100*half, 0, 100, lvl).reach(r.Score)
	return r, nil
}
