package scoring

import (
	"fmt"
	"math"
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

// DefaultHalfLife is the half-life [Recency] uses when its HalfLife is 0:
// feedback a month older than the latest counts half as much.
const DefaultHalfLife = 30 * 24 * time.Hour

// Recency scores a journey as the mean of its touchpoints' feedback, with
// older feedback decaying exponentially: a touchpoint's weight is
// 2^(−age/HalfLife), its age measured back from the latest touchpoint that
// carries feedback (which therefore always weighs 1). It models how the end
// of an experience dominates its memory (Kahneman et al. 1993) and how
// memories fade (Ebbinghaus's forgetting curve, 1885), without the peak.
//
// A zero HalfLife means [DefaultHalfLife], a choice rather than a research
// finding; a negative one makes Score return a *[touchpoint.ValidationError].
// A journey without feedback scores [Neutral] with no evidence.
//
// Recency is safe for concurrent use.
type Recency struct {
	HalfLife time.Duration
}

// Validate reports whether the half-life is usable.
func (r Recency) Validate() error {
	if r.HalfLife < 0 {
		return touchpoint.Invalid(entity, "recency.half_life", r.HalfLife.String(), "must not be negative")
	}
	return nil
}

// Score implements [Scorer].
func (r Recency) Score(j *journey.Journey) (Result, error) {
	if j == nil {
		return Result{}, ErrNoJourney
	}
	if err := r.Validate(); err != nil {
		return Result{}, err
	}
	tps := j.Touchpoints()
	d := r.decay(latestFeedback(tps))
	var sum, total float64
	var evidence int
	for i := range tps {
		s, ok := Satisfaction(tps[i].Feedback)
		if !ok {
			continue
		}
		if wi := d.weight(&tps[i]); wi > 0 {
			sum += wi * s
			total += wi
			evidence++
		}
	}
	if evidence == 0 {
		return Result{Score: Neutral}, nil
	}
	return Result{Score: onScale(points(sum / total)), Evidence: evidence}, nil
}

// decay is the weighting of touchpoints by their age at latest.
func (r Recency) decay(latest time.Time) decay {
	halfLife := r.HalfLife
	if halfLife == 0 {
		halfLife = DefaultHalfLife
	}
	return decay{rate: -math.Ln2 / halfLife.Seconds(), sec: latest.Unix(), nsec: int64(latest.Nanosecond())}
}

// Explain implements [Explainer].
func (r Recency) Explain(j *journey.Journey) (Result, error) {
	if j == nil {
		return Result{}, ErrNoJourney
	}
	if err := r.Validate(); err != nil {
		return Result{}, err
	}
	tps := j.Touchpoints()
	latest := latestFeedback(tps)
	d := r.decay(latest)
	why := func(tp *touchpoint.Touchpoint, wi float64) string {
		return fmt.Sprintf("%s before the latest feedback, weight %.3g", age(latest, tp.Time), wi)
	}
	return weightedMean(tps, d.weight, &notes{}, why), nil
}

// decay weighs a touchpoint by e^(rate × age), age in seconds: with
// rate = −ln 2 / half-life that is 2^(−age / half-life).
type decay struct {
	rate float64
	sec  int64 // the latest feedback's time: Unix seconds
	nsec int64 // and nanoseconds within the second
}

func (d decay) weight(tp *touchpoint.Touchpoint) float64 {
	// Whole seconds apart, then the nanoseconds: validated times span up
	// to 1900..2262, more than int64 nanoseconds (or time.Duration) hold.
	age := float64(d.sec-tp.Time.Unix()) + float64(d.nsec-int64(tp.Time.Nanosecond()))/1e9
	return math.Exp(d.rate * age)
}

// age writes how long before latest t was: as a duration to the minute,
// or in years beyond what a time.Duration holds.
func age(latest, t time.Time) string {
	if d := latest.Sub(t); d < 200*365*24*time.Hour {
		return d.Round(time.Minute).String()
	}
	return fmt.Sprintf("%.0f years", float64(latest.Unix()-t.Unix())/(365.25*24*3600))
}

// latestFeedback returns the time of the last touchpoint with feedback, or
// the zero time if none has any.
func latestFeedback(tps []touchpoint.Touchpoint) time.Time {
	for i := len(tps) - 1; i >= 0; i-- {
		if !tps[i].Feedback.IsZero() {
			return tps[i].Time
		}
	}
	return time.Time{}
}
