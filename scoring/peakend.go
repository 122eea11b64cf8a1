package scoring

import (
	"fmt"
	"math"
	"time"

	"github.com/google/uuid"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

// PeakEndRule returns the remembered intensity of an experience from its
// moment-by-moment intensities in time order: the mean of the most intense
// moment and the final one, whatever the number of moments (duration
// neglect; Kahneman, Fredrickson, Schreiber & Redelmeier 1993). Peak 8 and
// end 7 give 7.5; peak 8 and end 1 give 4.5. NaN moments are skipped; no
// moment gives 0.
func PeakEndRule(intensities []float64) float64 {
	peak, end, seen := math.Inf(-1), 0.0, false
	for _, v := range intensities {
		if math.IsNaN(v) {
			continue
		}
		peak, end, seen = max(peak, v), v, true
	}
	if !seen {
		return 0
	}
	return (peak + end) / 2
}

// PeakMode says which moment of a journey [PeakEnd] takes as its peak.
type PeakMode uint8

// The peak modes.
const (
	// MostIntense takes the moment furthest from neutral, good or bad; on
	// a tie the worse one, since bad moments weigh more than good ones of
	// the same size (Baumeister et al., "Bad Is Stronger Than Good", 2001).
	MostIntense PeakMode = iota
	// Best takes the best moment, the reading of the peak as a high point.
	Best
	// Worst takes the worst moment, the reading of the peak as the pain
	// point of Kahneman's experiments.
	Worst
)

// PeakEnd scores a journey by the peak-end rule: a customer remembers an
// experience by its most intense moment and its final moment, and neglects
// how long it lasted (Kahneman et al. 1993). Each moment has a valence in
// [−1, 1], 0 neutral: a touchpoint's feedback mapped by [Satisfaction]
// (valence 2s − 1), and, unless IgnoreFailures is set, each failure at
// −[journey.Severity.Weight] (a critical failure is the worst moment there
// is). The score is 50 + 50 × (peak + end) / 2. With Peak set to [Best],
// NPS answers 8 then 7 score 75 and 8 then 1 score 45: the rule's 7.5 and
// 4.5 on a 0–100 scale.
//
// A journey with neither feedback nor failures scores [Neutral] with no
// evidence. The zero value takes the [MostIntense] moment as the peak and
// counts failures. PeakEnd is safe for concurrent use.
type PeakEnd struct {
	Peak           PeakMode `json:"peak,omitempty"`
	IgnoreFailures bool     `json:"ignore_failures,omitempty"`
}

// Validate reports whether the peak mode is known.
func (p PeakEnd) Validate() error {
	if p.Peak > Worst {
		return invalid("peak_end.peak", float64(p.Peak), "must be most_intense, best or worst")
	}
	return nil
}

// moment is one candidate for the peak or the end: a touchpoint with
// feedback or a failure.
type moment struct {
	valence float64
	tp      *touchpoint.Touchpoint // nil for a failure
	f       *journey.Failure       // nil for a touchpoint
}

func (m moment) id() uuid.UUID {
	if m.f != nil {
		return m.f.ID
	}
	return m.tp.ID
}

func (m moment) at() time.Time {
	if m.f != nil {
		return m.f.Time
	}
	return m.tp.Time
}

// Score implements [Scorer].
func (p PeakEnd) Score(j *journey.Journey) (Result, error) {
	if j == nil {
		return Result{}, ErrNoJourney
	}
	var t tally
	t.scan(j.Touchpoints(), true, false)
	return p.fromTally(j, &t)
}

// fromTally is Score reading the touchpoints' moments from t.
func (p PeakEnd) fromTally(j *journey.Journey, t *tally) (Result, error) {
	if err := p.Validate(); err != nil {
		return Result{}, err
	}
	var peak, end moment
	if t.evidence > 0 {
		i, v := t.peak(p.Peak)
		peak = moment{valence: v, tp: &t.tps[i]}
		end = moment{valence: t.lastV, tp: &t.tps[t.last]}
	}
	if !p.IgnoreFailures {
		peak, end = p.failureMoments(j.Failures(), peak, end)
	}
	if end.tp == nil && end.f == nil {
		return Result{Score: Neutral}, nil
	}
	half := (Max - Neutral) / 2
	return Result{Score: onScale(Neutral + half*(peak.valence+end.valence)), Evidence: t.evidence}, nil
}

// Explain implements [Explainer].
func (p PeakEnd) Explain(j *journey.Journey) (Result, error) {
	if j == nil {
		return Result{}, ErrNoJourney
	}
	if err := p.Validate(); err != nil {
		return Result{}, err
	}
	peak, end, evidence := p.touchpointMoments(j.Touchpoints())
	if !p.IgnoreFailures {
		peak, end = p.failureMoments(j.Failures(), peak, end)
	}
	n := &notes{}
	if end.tp == nil && end.f == nil {
		n.add(KindBaseline, uuid.Nil, Neutral, "no feedback and no failure: neutral (%g)", Neutral)
		return Result{Score: Neutral, Contributions: n.list}, nil
	}
	half := (Max - Neutral) / 2
	raw := Neutral + half*(peak.valence+end.valence)
	explainPeakEnd(n, peak, end, half)
	score := clamp(raw, n)
	return Result{Score: score, Evidence: evidence, Contributions: n.list}, nil
}

// touchpointMoments returns the peak and the end among the touchpoints with
// feedback, and how many there were. Touchpoints are in time order, so the
// end is the last one with feedback.
func (p PeakEnd) touchpointMoments(tps []touchpoint.Touchpoint) (peak, end moment, evidence int) {
	for i := range tps {
		s, ok := Satisfaction(tps[i].Feedback)
		if !ok {
			continue
		}
		m := moment{valence: 2*s - 1, tp: &tps[i]}
		if evidence == 0 || p.beats(m.valence, peak.valence) {
			peak = m
		}
		end = m
		evidence++
	}
	return peak, end, evidence
}

// failureMoments lets the failures compete for the peak and the end. On a
// tie in time the worse moment is the end.
func (p PeakEnd) failureMoments(fs []journey.Failure, peak, end moment) (moment, moment) {
	seen := end.tp != nil
	for i := range fs {
		m := moment{valence: -fs[i].Severity.Weight(), f: &fs[i]}
		if !seen || p.beats(m.valence, peak.valence) {
			peak = m
		}
		if !seen || m.at().After(end.at()) || (m.at().Equal(end.at()) && m.valence < end.valence) {
			end = m
		}
		seen = true
	}
	return peak, end
}

// beats reports whether a moment of valence v should replace the current
// peak of valence cur.
func (p PeakEnd) beats(v, cur float64) bool {
	switch p.Peak {
	case Best:
		return v > cur
	case Worst:
		return v < cur
	}
	av, ac := math.Abs(v), math.Abs(cur)
	return av > ac || (av == ac && v < cur)
}

func explainPeakEnd(n *notes, peak, end moment, half float64) {
	n.add(KindBaseline, uuid.Nil, Neutral, "starting point: neutral (%g); only the peak and the end are remembered", Neutral)
	if peak.tp == end.tp && peak.f == end.f {
		n.add(kindOf(end), end.id(), 2*half*end.valence, "%s was both the peak and the end of the journey", end.describe())
		return
	}
	n.add(kindOf(peak), peak.id(), half*peak.valence, "the peak, the most memorable moment: %s", peak.describe())
	n.add(kindOf(end), end.id(), half*end.valence, "the end, the final moment: %s", end.describe())
}

func kindOf(m moment) Kind {
	if m.f != nil {
		return KindFailure
	}
	return KindTouchpoint
}

func (m moment) describe() string {
	if m.f != nil {
		return fmt.Sprintf("%s %s failure on %s", m.f.Severity, m.f.Kind, m.f.Channel)
	}
	return fmt.Sprintf("%s at %s (%s)", answers(m.tp.Feedback), m.tp.Stage, m.tp.Channel)
}
