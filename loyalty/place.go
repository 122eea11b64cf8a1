package loyalty

import (
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

// Placement is where a customer stands on the ladder at one moment, and why.
type Placement struct {
	// Stage is the customer's rung.
	Stage Stage
	// AsOf is the moment of placement; nothing after it was looked at.
	AsOf time.Time
	// Why says in one sentence which rule decided the stage.
	Why string
	// Evidence lists the facts the rules looked at, in a fixed order:
	// purchases, lapse, NPS, CSAT, advocacy (or negative advocacy),
	// unresolved failures, score.
	Evidence []Evidence
}

// facts is what Place gathers from a journey before applying the rules.
type facts struct {
	purchases    int
	lastPurchase touchpoint.Touchpoint
	lapsed       bool // enough purchases for loyalty, but the latest too old
	nps, csat    *touchpoint.Touchpoint
	advocacy     *touchpoint.Touchpoint // the latest recommendation
	disparaged   *touchpoint.Touchpoint // a negative advocacy touchpoint after it
	unresolved   []journey.Failure
	score        float64
	scored       bool
}

// Place returns the customer's stage as of asOf, looking only at events up
// to and including asOf. It returns a *[touchpoint.ValidationError] for a
// nil journey, a zero asOf or rules with negative settings, and any error of
// Rules.Score. With a Score function, an event that breaks Rules.Limits
// (because the journey was built with other limits) is reported as a
// *touchpoint.ValidationError too.
func (r Rules) Place(j *journey.Journey, asOf time.Time) (Placement, error) {
	if err := r.check(j, asOf); err != nil {
		return Placement{}, err
	}
	f, err := r.gather(j, asOf)
	if err != nil {
		return Placement{}, err
	}
	p := r.decide(f)
	p.AsOf = asOf
	p.Evidence = r.evidence(f, asOf)
	return p, nil
}

func (r Rules) check(j *journey.Journey, asOf time.Time) error {
	if j == nil {
		return invalid("journey", "nil", "must not be nil")
	}
	if asOf.IsZero() {
		return invalid("as_of", "0001-01-01", "must be set")
	}
	return r.validate()
}

// gather collects the facts up to asOf. Answers, advocacy and failures count
// while they are younger than the window. Of the advocacy touchpoints the
// latest word counts: a recommendation clears an earlier negative one, and
// one that is neither (a failed referral without answers) changes nothing.
func (r Rules) gather(j *journey.Journey, asOf time.Time) (facts, error) {
	var f facts
	fresh := func(t time.Time) bool { return asOf.Sub(t) < r.window() }
	tps := j.Touchpoints()
	for i := range tps {
		tp := &tps[i]
		if tp.Time.After(asOf) {
			break
		}
		if tp.Stage == r.purchaseStage() && tp.Outcome == touchpoint.OK {
			f.purchases++
			f.lastPurchase = *tp
		}
		if !fresh(tp.Time) {
			continue
		}
		if tp.Feedback.NPS.IsSet() {
			f.nps = tp
		}
		if tp.Feedback.CSAT.IsSet() {
			f.csat = tp
		}
		if tp.Stage != r.advocacyStage() {
			continue
		}
		switch {
		case r.negative(tp) != "":
			f.disparaged = tp
		case tp.Outcome == touchpoint.OK:
			f.advocacy, f.disparaged = tp, nil
		}
	}
	f.lapsed = f.purchases >= r.loyalPurchases() && asOf.Sub(f.lastPurchase.Time) >= r.loyalRecency()
	for _, fl := range j.Failures() {
		if fl.Time.After(asOf) {
			break
		}
		if fresh(fl.Time) && fl.Severity >= r.majorSeverity() && !resolvedBy(j, fl, asOf) {
			f.unresolved = append(f.unresolved, fl)
		}
	}
	if r.Score == nil {
		return f, nil
	}
	past, err := r.asOf(j, asOf)
	if err != nil {
		return f, err
	}
	s, err := r.Score(past)
	if err != nil {
		return f, err
	}
	if !finite(s) {
		return f, invalid("score", ftoa(s), "must be a finite number")
	}
	f.score, f.scored = s, true
	return f, nil
}

func resolvedBy(j *journey.Journey, f journey.Failure, asOf time.Time) bool {
	at, ok := j.Resolution(f.ID)
	return ok && !at.After(asOf)
}

// decide applies the ladder rules to the facts, from the bottom up.
func (r Rules) decide(f facts) Placement {
	if f.purchases == 0 {
		return Placement{Stage: Prospect, Why: "no purchase yet"}
	}
	if why := r.dissatisfied(f); why != "" {
		return Placement{Stage: FirstTime, Why: "bought, but " + why}
	}
	switch {
	case f.purchases < r.loyalPurchases():
		return Placement{Stage: Satisfied, Why: "bought " + itoa(f.purchases) + " time(s), no sign of dissatisfaction"}
	case f.lapsed:
		return Placement{Stage: Satisfied, Why: "repeat buyer, but the latest purchase is older than " + days(r.loyalRecency())}
	}
	if why := r.advocating(f); why != "" {
		return Placement{Stage: Advocate, Why: "loyal and " + why}
	}
	return Placement{Stage: Loyal, Why: itoa(f.purchases) + " purchases, the latest within " + days(r.loyalRecency())}
}
