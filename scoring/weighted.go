package scoring

import (
	"fmt"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

// Weighted scores a journey as the mean of its touchpoints' feedback, each
// touchpoint weighted by its stage's weight times its channel's weight. It
// lets a host say that some moments matter more to the journey as a whole
// than others (Rawson, Duncan & Jones, HBR 2013).
//
// A nil or empty Stages map means the default stage weights
// ([DefaultStageWeight]): the after-sales service stages weigh more, because
// service interactions are about four times more likely to drive disloyalty
// than loyalty (Dixon, Freeman & Toman, "Stop Trying to Delight Your
// Customers", HBR 2010). A non-empty map replaces the defaults; a stage it
// does not list weighs 1. Channels works the same way, except that its
// default is 1 for every channel. Weights must be 0 or lie in
// [MinParameter]..[MaxParameter], and
// a non-empty map must not weigh everything 0: [Weighted.Validate] and
// [FromConfig] check all weights, Score the ones the journey uses, and both
// return a *[touchpoint.ValidationError] naming the bad weight. A touchpoint
// of weight 0 is ignored, and a journey whose feedback all weighs 0 scores
// [Neutral] with no evidence.
//
// Weighted is safe for concurrent use as long as its maps are not modified.
type Weighted struct {
	Stages   map[touchpoint.Stage]float64   `json:"stages,omitempty"`
	Channels map[touchpoint.Channel]float64 `json:"channels,omitempty"`
}

// DefaultStageWeight returns the stage weight [Weighted] uses when its
// Stages map is empty: 2 for support and returns, 1.5 for delivery, 1 for
// every other stage (Dixon, Freeman & Toman 2010).
func DefaultStageWeight(s touchpoint.Stage) float64 {
	switch s {
	case touchpoint.Support, touchpoint.Return:
		return 2
	case touchpoint.Delivery:
		return 1.5
	}
	return 1
}

// Validate reports whether the weights are usable.
func (w Weighted) Validate() error {
	if err := checkWeights("weighted.stages", w.Stages); err != nil {
		return err
	}
	return checkWeights("weighted.channels", w.Channels)
}

// Score implements [Scorer].
func (w Weighted) Score(j *journey.Journey) (Result, error) {
	if j == nil {
		return Result{}, ErrNoJourney
	}
	tps := j.Touchpoints()
	var sum, total float64
	var evidence int
	for i := range tps {
		s, ok := Satisfaction(tps[i].Feedback)
		if !ok {
			continue
		}
		sw, cw := w.weights(&tps[i])
		if badWeight(sw) || badWeight(cw) {
			return Result{}, w.check(&tps[i])
		}
		if wi := sw * cw; wi > 0 {
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

// Explain implements [Explainer].
func (w Weighted) Explain(j *journey.Journey) (Result, error) {
	if j == nil {
		return Result{}, ErrNoJourney
	}
	why := func(tp *touchpoint.Touchpoint, wi float64) string {
		return fmt.Sprintf("weight %g for %s on %s", wi, tp.Stage, tp.Channel)
	}
	// Checking every weight of the maps on every call would cost more than
	// the scoring; Score checks the weights it uses, Validate all of them.
	var bad *touchpoint.Touchpoint
	weigh := func(tp *touchpoint.Touchpoint) float64 {
		sw, cw := w.weights(tp)
		if badWeight(sw) || badWeight(cw) {
			if bad == nil {
				bad = tp // name the first, as Score does
			}
			return 0
		}
		return sw * cw
	}
	r := weightedMean(j.Touchpoints(), weigh, &notes{}, why)
	if bad != nil {
		return Result{}, w.check(bad)
	}
	return r, nil
}

// weights returns a touchpoint's stage and channel weights.
func (w Weighted) weights(tp *touchpoint.Touchpoint) (stage, channel float64) {
	stage, channel = 1, 1
	if len(w.Stages) == 0 {
		stage = DefaultStageWeight(tp.Stage)
	} else if v, ok := w.Stages[tp.Stage]; ok {
		stage = v
	}
	if v, ok := w.Channels[tp.Channel]; ok {
		channel = v
	}
	return stage, channel
}

// check names the bad weight a touchpoint met.
func (w Weighted) check(tp *touchpoint.Touchpoint) error {
	if v := w.Stages[tp.Stage]; badWeight(v) {
		return invalid("weighted.stages["+string(tp.Stage)+"]", v, weightRule)
	}
	v := w.Channels[tp.Channel]
	return invalid("weighted.channels["+string(tp.Channel)+"]", v, weightRule)
}
