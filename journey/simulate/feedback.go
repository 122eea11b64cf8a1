package simulate

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

// FeedbackModel says who answers a survey after an episode and how the
// answers follow from what happened. It is a deliberately simple,
// documented model, so that tests know which way the truth points:
//
// Satisfaction starts at Base plus the customer's mood, on a 0–1 scale.
// Each failure takes away Penalty times its severity weight; a resolved
// failure gives back a share of that, its justice: 0.4 for an apology or
// explanation (interactional justice, which weighs most; Blodgett, Hill &
// Tax 1997), 0.3 for a refund, replacement or discount, and 0.3 for speed
// (resolved within a day) or the business taking the initiative (Tax, Brown
// & Chandrashekaran 1998). When the episode held exactly one failure and it
// was recovered with full justice, Paradox is added: the recovery paradox
// (de Matos, Henrique & Rossi 2007), which a second failure in the episode
// removes (Maxham & Netemeyer 2002). Set Paradox to 0 to leave it out.
//
// CSAT is 1 + 4·satisfaction, NPS 10·satisfaction and sentiment
// 2·satisfaction − 1, each with normal noise of standard deviation Noise (on
// the 0–1 scale) and rounded onto its scale. CES grows with channel
// switches, failures and extra contacts (Dixon, Freeman & Toman 2010).
type FeedbackModel struct {
	// Response is the probability that an episode's last touchpoint carries
	// the customer's answers.
	Response float64
	Base     float64
	Penalty  float64
	Paradox  float64
	Noise    float64
}

// DefaultFeedback returns a response rate of 30%, base satisfaction 0.8,
// penalty 0.6, paradox 0.05 and noise 0.08.
func DefaultFeedback() FeedbackModel {
	return FeedbackModel{Response: 0.3, Base: 0.8, Penalty: 0.6, Paradox: 0.05, Noise: 0.08}
}

func (m FeedbackModel) validate() error {
	for _, c := range []struct {
		name string
		v    float64
		max  float64
	}{{"response", m.Response, 1}, {"base", m.Base, 1}, {"penalty", m.Penalty, 1}, {"paradox", m.Paradox, 1}, {"noise", m.Noise, 1}} {
		if !(c.v >= 0 && c.v <= c.max) {
			return invalid("feedback."+c.name, fmtFloat(c.v), "must be in [0, 1]")
		}
	}
	return nil
}

// outcome is what happened in one episode, as the feedback model sees it.
type outcome struct {
	failures   []journey.Failure
	recoveries []journey.Recovery
	switches   int
}

// answer draws the customer's feedback on the episode.
func (m FeedbackModel) answer(rng *rand.Rand, mood float64, o outcome) touchpoint.Feedback {
	s := clamp01(m.satisfaction(mood, o))
	noisy := func() float64 { return clamp01(s + rng.NormFloat64()*m.Noise) }
	effort := clamp01(0.1 + 0.1*float64(o.switches) + 0.15*float64(len(o.failures)) + 0.1*float64(extraContacts(o.recoveries)))
	return touchpoint.Feedback{
		CSAT:      touchpoint.Rate(math.Round(1 + 4*noisy())),
		NPS:       touchpoint.Rate(math.Round(10 * noisy())),
		CES:       touchpoint.Rate(math.Round(1 + 6*clamp01(effort+rng.NormFloat64()*m.Noise))),
		Sentiment: touchpoint.Rate(math.Round(100*(2*noisy()-1)) / 100),
	}
}

func (m FeedbackModel) satisfaction(mood float64, o outcome) float64 {
	s := m.Base + mood
	full := 0
	for _, f := range o.failures {
		j := justice(f, o.recoveries)
		if j >= 1 {
			full++
		}
		s -= m.Penalty * f.Severity.Weight() * (1 - j)
	}
	if len(o.failures) == 1 && full == 1 {
		s += m.Paradox
	}
	return s
}

// justice returns the share of a failure's penalty its resolving recovery
// gives back, 0 if it was not resolved.
func justice(f journey.Failure, rs []journey.Recovery) float64 {
	for _, r := range rs {
		if r.FailureID != f.ID || !r.Resolved() {
			continue
		}
		tenths := 0 // whole tenths, so that full justice is exactly 1
		if r.Actions&(journey.Apology|journey.Explanation) != 0 {
			tenths += 4
		}
		if r.Actions&(journey.Refund|journey.Replacement|journey.Discount) != 0 {
			tenths += 3
		}
		if r.ResolvedAt.Sub(f.Time) <= 24*time.Hour || r.Initiative == journey.BusinessInitiated {
			tenths += 3
		}
		return float64(tenths) / 10
	}
	return 0
}

func extraContacts(rs []journey.Recovery) int {
	n := 0
	for _, r := range rs {
		n += r.ContactCount() - 1
	}
	return n
}

func clamp01(v float64) float64 { return min(max(v, 0), 1) }
