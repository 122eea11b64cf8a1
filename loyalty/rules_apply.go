package loyalty

import (
	"math"
	"strconv"
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

// dissatisfied returns why the facts show dissatisfaction, or "" if they
// do not.
func (r Rules) dissatisfied(f facts) string {
	if v, ok := answer(f.nps, npsOf); ok && v <= DetractorMax {
		return "the latest NPS answer is a detractor's (" + ftoa(v) + ")"
	}
	if v, ok := answer(f.csat, csatOf); ok && v <= r.lowCSAT() {
		return "the latest CSAT answer is low (" + ftoa(v) + ")"
	}
	if f.disparaged != nil {
		return "the latest advocacy touchpoint is negative (" + r.negative(f.disparaged) + ")"
	}
	if n := len(f.unresolved); n > 0 {
		return "a " + f.unresolved[n-1].Severity.String() + " failure is unresolved"
	}
	if f.scored && f.score < r.minScore() {
		return "the journey score " + ftoa(f.score) + " is below " + ftoa(r.minScore())
	}
	return ""
}

// advocating returns why the facts show advocacy, or "" if they do not.
func (r Rules) advocating(f facts) string {
	if v, ok := answer(f.nps, npsOf); ok && v >= PromoterMin {
		return "a promoter (NPS " + ftoa(v) + ")"
	}
	if f.advocacy != nil {
		return "recommended the business (" + string(f.advocacy.Stage) + " touchpoint)"
	}
	return ""
}

// negative returns which answer of tp speaks against the business — a
// negative sentiment, a detractor's NPS, a low CSAT — or "" if none does.
func (r Rules) negative(tp *touchpoint.Touchpoint) string {
	if v, ok := tp.Feedback.Sentiment.Value(); ok && v < 0 {
		return "sentiment " + ftoa(v)
	}
	if v, ok := answer(tp, npsOf); ok && v <= DetractorMax {
		return "NPS " + ftoa(v)
	}
	if v, ok := answer(tp, csatOf); ok && v <= r.lowCSAT() {
		return "CSAT " + ftoa(v)
	}
	return ""
}

func npsOf(tp *touchpoint.Touchpoint) touchpoint.Rating  { return tp.Feedback.NPS }
func csatOf(tp *touchpoint.Touchpoint) touchpoint.Rating { return tp.Feedback.CSAT }

// answer reads one answer of a touchpoint that may be missing.
func answer(tp *touchpoint.Touchpoint, of func(*touchpoint.Touchpoint) touchpoint.Rating) (float64, bool) {
	if tp == nil {
		return 0, false
	}
	return of(tp).Value()
}

// evidence lists the facts in the documented order.
func (r Rules) evidence(f facts, asOf time.Time) []Evidence {
	var ev []Evidence
	if f.purchases > 0 {
		ev = append(ev, Evidence{Kind: Purchases, Value: float64(f.purchases), Time: f.lastPurchase.Time, Ref: f.lastPurchase.ID})
	}
	if f.lapsed {
		ev = append(ev, Evidence{Kind: Lapsed, Value: asOf.Sub(f.lastPurchase.Time).Hours() / 24, Time: f.lastPurchase.Time, Ref: f.lastPurchase.ID})
	}
	ev = appendAnswer(ev, NPSAnswer, f.nps, npsOf)
	ev = appendAnswer(ev, CSATAnswer, f.csat, csatOf)
	if f.advocacy != nil {
		ev = append(ev, Evidence{Kind: Advocacy, Value: 1, Time: f.advocacy.Time, Ref: f.advocacy.ID})
	}
	if f.disparaged != nil {
		ev = append(ev, Evidence{Kind: NegativeAdvocacy, Value: -1, Time: f.disparaged.Time, Ref: f.disparaged.ID})
	}
	for _, fl := range f.unresolved {
		ev = append(ev, Evidence{Kind: Unresolved, Value: float64(fl.Severity), Time: fl.Time, Ref: fl.ID})
	}
	if f.scored {
		ev = append(ev, Evidence{Kind: JourneyScore, Value: f.score})
	}
	return ev
}

func appendAnswer(ev []Evidence, k EvidenceKind, tp *touchpoint.Touchpoint, of func(*touchpoint.Touchpoint) touchpoint.Rating) []Evidence {
	v, ok := answer(tp, of)
	if !ok {
		return ev
	}
	return append(ev, Evidence{Kind: k, Value: v, Time: tp.Time, Ref: tp.ID})
}

// asOf returns the journey as it stood at t: j itself when nothing happened
// after t, otherwise a copy without the later events and with later
// resolutions cleared. The copy validates the events again, with r.Limits;
// an error means the journey was built with other limits.
func (r Rules) asOf(j *journey.Journey, t time.Time) (*journey.Journey, error) {
	if !j.End().After(t) {
		return j, nil
	}
	l := r.Limits
	l.Now = func() time.Time { return t }
	past := journey.NewWithLimits(j.CustomerID(), l)
	if err := past.Add(until(j.Touchpoints(), t, func(tp touchpoint.Touchpoint) time.Time { return tp.Time })...); err != nil {
		return nil, err
	}
	if err := past.AddFailure(until(j.Failures(), t, func(f journey.Failure) time.Time { return f.Time })...); err != nil {
		return nil, err
	}
	recs := until(j.Recoveries(), t, func(rc journey.Recovery) time.Time { return rc.Time })
	for i := range recs {
		if recs[i].ResolvedAt.After(t) {
			recs[i].ResolvedAt = time.Time{}
		}
	}
	return past, past.AddRecovery(recs...)
}

// until copies the events of a time-sorted slice up to and including t.
func until[E any](s []E, t time.Time, at func(E) time.Time) []E {
	var out []E
	for _, e := range s {
		if at(e).After(t) {
			break
		}
		out = append(out, e)
	}
	return out
}

func days(d time.Duration) string {
	return strconv.FormatFloat(d.Hours()/24, 'f', -1, 64) + " days"
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
