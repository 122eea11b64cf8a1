package scoring

import (
	"errors"
	"fmt"

	"github.com/cemkit/cem/journey"
)

// The bounds of the score scale shared by every [Scorer].
const (
	Min     = 0.0   // the worst experience a model can describe
	Max     = 100.0 // the best experience a model can describe
	Neutral = 50.0  // neither good nor bad; the score of no evidence
)

// Scorer sums a customer's journey up in one score on the 0–100 scale.
//
// An implementation must keep these rules, which the package's own scorers
// and its callers ([Composite], [ScoreAll], [Collector]) rely on:
//
//   - Score is deterministic: the same journey content always gives the same
//     Result.
//   - Score never modifies the journey, nor keeps it or its slices after
//     returning.
//   - Score is safe for concurrent use by multiple goroutines.
//   - The result does not depend on the order in which events were added to
//     the journey; a [journey.Journey] already keeps them sorted, so reading
//     them in journey order is enough.
//   - Result.Score is a number in [Min, Max], never NaN.
//   - Score returns an error only for a journey it cannot score (a nil
//     journey, a configuration it cannot work with), and the error says
//     which; bad configuration is a *[touchpoint.ValidationError].
//
// An implementation that can also say why it gave a score implements
// [Explainer].
type Scorer interface {
	Score(j *journey.Journey) (Result, error)
}

// Explainer is a [Scorer] that can explain its score. Explain returns the
// same Result as Score plus [Result.Contributions] whose points add up to
// the score. Scorers that do not implement Explainer are explained by
// [Explain] as a single contribution.
type Explainer interface {
	Scorer
	Explain(j *journey.Journey) (Result, error)
}

// Result is a journey's score with the evidence it rests on.
type Result struct {
	// Score is on the 0–100 scale: 0 worst, 50 neutral, 100 best.
	Score float64
	// Evidence is how many touchpoints with feedback the score rests on.
	// Zero means the score reflects no survey answer at all (it may still
	// reflect failures, recoveries or effort).
	Evidence int
	// Contributions explains the score; it is nil unless an explanation
	// was asked for. The Points of all contributions add up to Score.
	Contributions []Contribution
}

// ErrNoJourney is returned for a nil *journey.Journey.
var ErrNoJourney = errors.New("scoring: nil journey")

// ErrOutOfScale is wrapped by the errors of callers that catch a [Scorer]
// breaking its contract with a score outside 0–100 or NaN.
var ErrOutOfScale = errors.New("scoring: score outside 0..100")

// Explain returns s's score for j with its explanation. It calls
// [Explainer.Explain] when s has it; otherwise it scores j and explains the
// result as a single contribution naming the scorer.
func Explain(s Scorer, j *journey.Journey) (Result, error) {
	if e, ok := s.(Explainer); ok {
		return e.Explain(j)
	}
	r, err := s.Score(j)
	if err != nil {
		return Result{}, err
	}
	r.Contributions = []Contribution{{
		Kind:   KindBaseline,
		Text:   fmt.Sprintf("score given by %T, which does not explain itself", s),
		Points: r.Score,
	}}
	return r, nil
}
