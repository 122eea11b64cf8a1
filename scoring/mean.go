package scoring

import (
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

// Mean scores a journey as the plain mean of its touchpoints' feedback: each
// touchpoint with at least one answer counts once, with the mean of its
// answers mapped by [Satisfaction]. It is the baseline the other models are
// compared with, and the touchpoint-level view that journey-level research
// improves on (Rawson, Duncan & Jones, HBR 2013). A journey without feedback
// scores [Neutral] with no evidence.
//
// Mean has no parameters; its zero value is ready to use and safe for
// concurrent use.
type Mean struct{}

// Validate returns nil: Mean has no parameters to get wrong.
func (Mean) Validate() error { return nil }

// Score implements [Scorer].
func (Mean) Score(j *journey.Journey) (Result, error) {
	if j == nil {
		return Result{}, ErrNoJourney
	}
	return meanOf(j.Touchpoints()), nil
}

// meanOf is Mean's score without an explanation: the tight path Score and
// the other models' baselines take.
func meanOf(tps []touchpoint.Touchpoint) Result {
	return meanResult(plainSum(tps))
}

// meanResult is the unweighted mean's result from the sum of the
// satisfactions of the touchpoints with feedback and their number.
func meanResult(sum float64, evidence int) Result {
	if evidence == 0 {
		return Result{Score: Neutral}
	}
	return Result{Score: onScale(points(sum / float64(evidence))), Evidence: evidence}
}

// Explain implements [Explainer].
func (Mean) Explain(j *journey.Journey) (Result, error) {
	if j == nil {
		return Result{}, ErrNoJourney
	}
	return weightedMean(j.Touchpoints(), nil, &notes{}, nil), nil
}

// weightedMean scores tps as the mean of their satisfaction weighted by w
// (nil: every touchpoint weighs 1) and explains the score in n. Touchpoints
// of weight 0 are not evidence. why, when not nil, says in the explanation
// why a touchpoint got its weight.
func weightedMean(tps []touchpoint.Touchpoint, w func(*touchpoint.Touchpoint) float64, n *notes, why func(*touchpoint.Touchpoint, float64) string) Result {
	var sum, total float64
	var evidence int
	if w == nil {
		sum, evidence = plainSum(tps)
		total = float64(evidence)
	} else {
		sum, total, evidence = weightedSum(tps, w)
	}
	if evidence == 0 {
		n.add(KindBaseline, uuid.Nil, Neutral, "no touchpoint feedback: neutral (%g)", Neutral)
		return Result{Score: Neutral, Contributions: n.list}
	}
	raw := points(sum / total)
	explainMean(n, tps, w, total, why)
	score := clamp(raw, n)
	return Result{Score: score, Evidence: evidence, Contributions: n.list}
}

// plainSum sums the satisfaction of the touchpoints with feedback, the
// tight loop of the unweighted mean.
func plainSum(tps []touchpoint.Touchpoint) (sum float64, evidence int) {
	for i := range tps {
		if s, ok := Satisfaction(tps[i].Feedback); ok {
			sum += s
			evidence++
		}
	}
	return sum, evidence
}

// weightedSum sums the satisfaction of the touchpoints with feedback and a
// positive weight, weighted, and the weights.
func weightedSum(tps []touchpoint.Touchpoint, w func(*touchpoint.Touchpoint) float64) (sum, total float64, evidence int) {
	for i := range tps {
		s, ok := Satisfaction(tps[i].Feedback)
		if !ok {
			continue
		}
		if wi := w(&tps[i]); wi > 0 {
			sum += wi * s
			total += wi
			evidence++
		}
	}
	return sum, total, evidence
}

// explainMean writes one contribution per weighted touchpoint: how far its
// answers sit from neutral, times its share of the weight.
func explainMean(n *notes, tps []touchpoint.Touchpoint, w func(*touchpoint.Touchpoint) float64, total float64, why func(*touchpoint.Touchpoint, float64) string) {
	n.add(KindBaseline, uuid.Nil, Neutral, "starting point: neutral (%g)", Neutral)
	for i := range tps {
		tp := &tps[i]
		s, ok := Satisfaction(tp.Feedback)
		if !ok {
			continue
		}
		wi := 1.0
		if w != nil {
			if wi = w(tp); wi <= 0 {
				continue
			}
		}
		share := wi / total
		text := fmt.Sprintf("%s at %s (%s), %s neutral, %.0f%% of the weight", answers(tp.Feedback), tp.Stage, tp.Channel, direction(s), 100*share)
		if why != nil {
			text += "; " + why(tp, wi)
		}
		n.list = append(n.list, Contribution{Kind: KindTouchpoint, ID: tp.ID, Text: text, Points: share * (points(s) - Neutral)})
	}
}

func direction(s float64) string {
	switch {
	case points(s) > Neutral:
		return "above"
	case points(s) < Neutral:
		return "below"
	}
	return "at"
}

// answers writes the present answers as a CX analyst reads them:
// "CSAT 2/5, NPS 6/10".
func answers(f touchpoint.Feedback) string {
	var b strings.Builder
	put := func(name string, r touchpoint.Rating, scale string) {
		if v, ok := r.Value(); ok {
			if b.Len() > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s %g%s", name, v, scale)
		}
	}
	put("CSAT", f.CSAT, "/5")
	put("NPS", f.NPS, "/10")
	put("CES", f.CES, "/7 effort")
	put("sentiment", f.Sentiment, "")
	return b.String()
}
