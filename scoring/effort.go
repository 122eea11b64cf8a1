package scoring

import (
	"github.com/google/uuid"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

// Default effort costs of [Effort], in score points.
const (
	DefaultSwitchCost = 5.0 // per change of channel within one stage
	DefaultRepeatCost = 5.0 // per repeated contact for the same need
)

// Effort scores how easy the journey was for the customer, 100 effortless.
// Reducing effort builds loyalty more than delighting does, and the main
// sources of effort are having to switch channels and having to contact the
// business again for the same need (Dixon, Freeman & Toman, "Stop Trying to
// Delight Your Customers", HBR 2010).
//
// The score starts from the mean of the journey's CES answers, inverted onto
// 0–100 (CES 1 scores 100, CES 7 scores 0), or from [Neutral] when nobody
// answered CES; [Result.Evidence] counts the CES answers. Unless CESOnly is
// set, effort is then inferred from the journey itself:
//
//   - each channel switch for the same need costs SwitchCost: consecutive
//     touchpoints at the same stage on different channels, such as a
//     customer who tried the web site and then had to call;
//   - each repeated contact for the same need costs RepeatCost: a second or
//     later touchpoint at the same service stage (assistance, support,
//     return), a second or later recovery attempt for the same failure, and
//     each contact beyond the first that one attempt needed.
//
// Zero costs mean [DefaultSwitchCost] and [DefaultRepeatCost]; other costs
// outside [MinParameter]..[MaxParameter] make Score return a
// *[touchpoint.ValidationError]. The score is kept within 0–100. Effort is
// safe for concurrent use.
type Effort struct {
	SwitchCost float64 `json:"switch_cost,omitempty"`
	RepeatCost float64 `json:"repeat_cost,omitempty"`
	CESOnly    bool    `json:"ces_only,omitempty"`
}

// Validate reports whether the costs are usable.
func (e Effort) Validate() error {
	if err := checkWeight("effort.switch_cost", e.SwitchCost); err != nil {
		return err
	}
	return checkWeight("effort.repeat_cost", e.RepeatCost)
}

func (e Effort) costs() (switchCost, repeatCost float64) {
	switchCost, repeatCost = e.SwitchCost, e.RepeatCost
	if switchCost == 0 {
		switchCost = DefaultSwitchCost
	}
	if repeatCost == 0 {
		repeatCost = DefaultRepeatCost
	}
	return switchCost, repeatCost
}

// Score implements [Scorer].
func (e Effort) Score(j *journey.Journey) (Result, error) {
	if j == nil {
		return Result{}, ErrNoJourney
	}
	var t tally
	t.scan(j.Touchpoints(), false, true)
	return e.fromTally(j, &t)
}

// fromTally is Score reading the CES answers, channel switches and
// repeated service contacts from t.
func (e Effort) fromTally(j *journey.Journey, t *tally) (Result, error) {
	if err := e.Validate(); err != nil {
		return Result{}, err
	}
	raw := Neutral
	if t.cesCount > 0 {
		raw = points(t.ces / float64(t.cesCount))
	}
	if !e.CESOnly {
		sc, rc := e.costs()
		raw -= sc*float64(t.switches) + rc*float64(t.repeats+recoveryRepeats(j.Recoveries(), nil, rc))
	}
	return Result{Score: onScale(raw), Evidence: t.cesCount}, nil
}

// Explain implements [Explainer].
func (e Effort) Explain(j *journey.Journey) (Result, error) {
	if j == nil {
		return Result{}, ErrNoJourney
	}
	if err := e.Validate(); err != nil {
		return Result{}, err
	}
	tps := j.Touchpoints()
	n := &notes{}
	raw, evidence := cesBase(tps, n)
	if !e.CESOnly {
		sc, rc := e.costs()
		raw -= sc*float64(switches(tps, n, sc)) + rc*float64(stageRepeats(tps, n, rc)+recoveryRepeats(j.Recoveries(), n, rc))
	}
	score := clamp(raw, n)
	return Result{Score: score, Evidence: evidence, Contributions: n.list}, nil
}

// cesBase returns the mean CES answer as points and how many there were,
// and explains it in n.
func cesBase(tps []touchpoint.Touchpoint, n *notes) (float64, int) {
	sum, count := 0.0, 0
	for i := range tps {
		if v, ok := EffortOf(tps[i].Feedback); ok {
			sum += 1 - v
			count++
		}
	}
	if count == 0 {
		n.add(KindBaseline, uuid.Nil, Neutral, "no CES answer: neutral (%g)", Neutral)
		return Neutral, 0
	}
	n.add(KindBaseline, uuid.Nil, Neutral, "starting point: neutral (%g)", Neutral)
	for i := range tps {
		if v, ok := EffortOf(tps[i].Feedback); ok {
			n.add(KindTouchpoint, tps[i].ID, (points(1-v)-Neutral)/float64(count),
				"CES %s/7 at %s (%s)", tps[i].Feedback.CES, tps[i].Stage, tps[i].Channel)
		}
	}
	return points(sum / float64(count)), count
}

// switches counts channel changes between consecutive touchpoints at the
// same stage: moving from browsing on the web to buying in the shop is the
// journey going on, calling after failing to get help on the web is effort.
func switches(tps []touchpoint.Touchpoint, n *notes, cost float64) int {
	count := 0
	for i := 1; i < len(tps); i++ {
		if tps[i].Stage == tps[i-1].Stage && tps[i].Channel != tps[i-1].Channel {
			count++
			n.add(KindTouchpoint, tps[i].ID, -cost, "had to switch from %s to %s for the same %s need", tps[i-1].Channel, tps[i].Channel, tps[i].Stage)
		}
	}
	return count
}

// stageRepeats counts touchpoints at a service stage the customer had
// already needed.
func stageRepeats(tps []touchpoint.Touchpoint, n *notes, cost float64) int {
	var seen [3]bool
	count := 0
	for i := range tps {
		k := serviceStage(tps[i].Stage)
		if k < 0 {
			continue
		}
		if seen[k] {
			count++
			n.add(KindTouchpoint, tps[i].ID, -cost, "came back to %s on %s for the same need", tps[i].Stage, tps[i].Channel)
		}
		seen[k] = true
	}
	return count
}

func serviceStage(s touchpoint.Stage) int {
	switch s {
	case touchpoint.Assistance:
		return 0
	case touchpoint.Support:
		return 1
	case touchpoint.Return:
		return 2
	}
	return -1
}

// recoveryRepeats counts the contacts recovery needed beyond one per
// failure: further attempts for the same failure and extra contacts within
// an attempt.
func recoveryRepeats(rs []journey.Recovery, n *notes, cost float64) int {
	count := 0
	for i := range rs {
		extra := rs[i].ContactCount() - 1
		if earlierAttempt(rs[:i], rs[i].FailureID) {
			extra++
		}
		if extra > 0 {
			count += extra
			if n != nil {
				n.add(KindRecovery, rs[i].ID, -cost*float64(extra), "recovery needed %d more contact(s) from the customer", extra)
			}
		}
	}
	return count
}

func earlierAttempt(rs []journey.Recovery, failure uuid.UUID) bool {
	for i := range rs {
		if rs[i].FailureID == failure {
			return true
		}
	}
	return false
}
