package loyalty

import "math"

// NPS is a Net Promoter Score with its sample and confidence interval.
type NPS struct {
	// N is the number of answers; Promoters, Passives and Detractors split
	// it into the answers 9–10, 7–8 and 0–6.
	N, Promoters, Passives, Detractors int
	// Score is the share of promoters minus the share of detractors, in
	// points from −100 to 100 (Reichheld 2003).
	Score float64
	// Interval is the confidence interval of Score, in points.
	Interval
}

// npsPseudo is the adjusted-Wald pseudo-count added to promoters and to
// detractors (and twice over to passives, 3 answers in all).
const npsPseudo = 0.75

// NPS returns the Net Promoter Score of the tallied answers with a
// confidence interval at the given level (0 means 0.95).
//
// The NPS is a difference of two proportions of one sample, so its
// variance is Var = (p_P + p_D − (p_P − p_D)²)/n, and the interval is the
// normal one, NPS ± z·√Var. That plain "Wald" interval is too narrow for
// small samples and collapses to a single point when every answer falls in
// one group (ten promoters out of ten give 100 ± 0). NPS therefore uses the
// adjusted-Wald interval that Rocks ("Interval Estimation for the Net
// Promoter Score", The American Statistician 2016) found to have the best
// coverage: add 3 pseudo-answers, ¾ to promoters, ¾ to detractors and 1½ to
// passives, and centre the interval on the adjusted estimate with the
// adjusted variance. The interval is clamped to [−100, 100]; Score itself is
// the plain, unadjusted NPS. Because the adjustment pulls the centre towards
// 0, with a handful of answers the interval could miss Score (one promoter:
// 100, interval −48.5…98.5); it is then widened to reach Score, which only
// makes it more conservative.
//
// It returns [ErrNoAnswers] when no NPS answer was tallied and a
// *touchpoint.ValidationError for a level outside (0, 1).
func (t Tally) NPS(lvl float64) (NPS, error) {
	lvl, err := level(lvl)
	if err != nil {
		return NPS{}, err
	}
	r := t.npsCounts()
	if r.N == 0 {
		return NPS{}, ErrNoAnswers
	}
	r.Score = 100 * float64(r.Promoters-r.Detractors) / float64(r.N)
	center, v := r.adjusted()
	r.Interval = interval(100*center, 100*zFor(lvl)*math.Sqrt(v), -100, 100, lvl).reach(r.Score)
	return r, nil
}

func (t Tally) npsCounts() NPS {
	var r NPS
	for v, c := range t.nps {
		switch {
		case v >= PromoterMin:
			r.Promoters += c
		case v <= DetractorMax:
			r.Detractors += c
		default:
			r.Passives += c
		}
		r.N += c
	}
	return r
}

// adjusted returns the adjusted-Wald estimate of the NPS as a proportion
// difference and its variance; the variance is always positive.
func (r NPS) adjusted() (center, variance float64) {
	n := float64(r.N) + 4*npsPseudo
	pp := (float64(r.Promoters) + npsPseudo) / n
	pd := (float64(r.Detractors) + npsPseudo) / n
	center = pp - pd
	return center, (pp + pd - center*center) / n
}
