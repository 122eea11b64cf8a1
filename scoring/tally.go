package scoring

import (
	"math"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

// tally is what one pass over a journey's touchpoints finds for the
// feedback models: the unweighted feedback for [Mean] and [Recovery], the
// best, worst and last moments for [PeakEnd], and the effort signals for
// [Effort]. Score paths read it instead of walking the touchpoints again,
// and a [Composite] computes it once for all its parts, so a blend of
// models costs about one pass over the journey rather than one per part.
// The explanation paths do not use it; they walk the journey themselves and
// must reach the same numbers, which the property tests check.
type tally struct {
	tps []touchpoint.Touchpoint

	// sum is the satisfaction summed over the touchpoints with feedback,
	// in journey order; evidence is how many there are.
	sum      float64
	evidence int
	// best, worst and last index the first touchpoint of highest and of
	// lowest valence (2·satisfaction − 1) and the last with feedback;
	// they are meaningful when evidence > 0.
	best, worst, last    int
	bestV, worstV, lastV float64

	// ces sums 1 − effort over the CES answers, in journey order.
	ces      float64
	cesCount int
	// switches counts channel changes within a stage and repeats the
	// returns to a service stage (see [Effort]).
	switches, repeats int
}

// span is how many touchpoints' satisfaction scan computes at a time.
const span = 32

// scan fills a zero tally from one pass over tps, gathering the feedback
// (for [Mean], [PeakEnd] and [Recovery]) and the effort signals (for
// [Effort]) as asked.
//
// It computes a span of satisfactions into a buffer on the stack in a loop
// that does nothing else, then walks the buffer: a call to [Satisfaction]
// inside the loop that tracks the moments would make Go spill and reload
// every value that loop keeps live around each call, which costs more
// than the tracking itself.
func (t *tally) scan(tps []touchpoint.Touchpoint, feedback, effort bool) {
	t.tps = tps
	if feedback {
		var buf [span]float64
		for from := 0; from < len(tps); from += span {
			n := fill(&buf, tps[from:])
			t.add(buf[:n], from)
		}
	}
	if effort {
		t.addEffort(tps)
	}
}

// fill writes the satisfaction of the first span of tps into buf, NaN for
// a touchpoint without feedback, and returns how many it wrote.
func fill(buf *[span]float64, tps []touchpoint.Touchpoint) int {
	n := min(len(tps), span)
	for i := range n {
		s, ok := Satisfaction(tps[i].Feedback)
		if !ok {
			s = math.NaN()
		}
		buf[i] = s
	}
	return n
}

// add tallies the satisfactions sat of the touchpoints from index from on.
func (t *tally) add(sat []float64, from int) {
	sum, evidence := t.sum, t.evidence
	best, worst, last := t.best, t.worst, t.last
	bestV, worstV, lastV := t.bestV, t.worstV, t.lastV
	for k, s := range sat {
		if s != s {
			continue
		}
		i, v := from+k, 2*s-1
		if evidence == 0 || v > bestV {
			best, bestV = i, v
		}
		if evidence == 0 || v < worstV {
			worst, worstV = i, v
		}
		last, lastV = i, v
		sum += s
		evidence++
	}
	t.sum, t.evidence = sum, evidence
	t.best, t.worst, t.last = best, worst, last
	t.bestV, t.worstV, t.lastV = bestV, worstV, lastV
}

// addEffort tallies the CES answers, channel switches and repeated service
// contacts of tps.
func (t *tally) addEffort(tps []touchpoint.Touchpoint) {
	var seen [3]bool
	for i := range tps {
		tp := &tps[i]
		if e, ok := EffortOf(tp.Feedback); ok {
			t.ces += 1 - e
			t.cesCount++
		}
		if i > 0 && tp.Stage == tps[i-1].Stage && tp.Channel != tps[i-1].Channel {
			t.switches++
		}
		if k := serviceStage(tp.Stage); k >= 0 {
			if seen[k] {
				t.repeats++
			}
			seen[k] = true
		}
	}
}

// mean is [Mean]'s score from the tally.
func (t *tally) mean() Result {
	return meanResult(t.sum, t.evidence)
}

// peak returns the index and valence of the peak moment among the
// touchpoints under mode: for [MostIntense] the one of largest magnitude,
// the negative one on a tie, as [PeakEnd.beats] chooses.
func (t *tally) peak(mode PeakMode) (int, float64) {
	switch mode {
	case Best:
		return t.best, t.bestV
	case Worst:
		return t.worst, t.worstV
	}
	if math.Abs(t.worstV) >= math.Abs(t.bestV) {
		return t.worst, t.worstV
	}
	return t.best, t.bestV
}

// needs reports which signals s reads from a tally: the built-in models
// other than [Weighted] and [Recency] (whose weights depend on their own
// parameters) read one.
func needs(s Scorer) (feedback, effort bool) {
	switch s.(type) {
	case Mean, PeakEnd, Recovery:
		return true, false
	case Effort:
		return false, true
	}
	return false, false
}

// scoreTallied scores j with s from t, which must hold the signals [needs]
// named for s.
func scoreTallied(s Scorer, j *journey.Journey, t *tally) (Result, error) {
	switch s := s.(type) {
	case Mean:
		return t.mean(), nil
	case PeakEnd:
		return s.fromTally(j, t)
	case Recovery:
		return s.fromTally(j, t)
	case Effort:
		return s.fromTally(j, t)
	}
	return s.Score(j)
}
