package scoring_test

import (
	"fmt"
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/scoring"
	"github.com/cemkit/cem/touchpoint"
)

// WaitScorer is a host's own model: customers hate waiting, so every
// minute in a queue or on hold costs a point, from 100 down to 0. It keeps
// the Scorer contract: deterministic, read-only, safe for concurrent use
// (it has no state), independent of insertion order (it only sums), on the
// 0–100 scale, and an error only for a journey it cannot score.
type WaitScorer struct {
	PointsPerMinute float64
}

// Score implements scoring.Scorer.
func (w WaitScorer) Score(j *journey.Journey) (scoring.Result, error) {
	if j == nil {
		return scoring.Result{}, scoring.ErrNoJourney
	}
	var waited time.Duration
	for _, tp := range j.Touchpoints() {
		waited += tp.Wait
	}
	score := max(scoring.Max-w.PointsPerMinute*waited.Minutes(), scoring.Min)
	return scoring.Result{Score: score}, nil
}

// Example_hostScorer plugs a host's own scorer into a composite next to a
// built-in one; the composite explains the built-in part in detail and the
// host's part as one line.
func Example_hostScorer() {
	at := time.Date(2025, 6, 2, 10, 0, 0, 0, time.UTC)
	j := journey.New("carl")
	_ = j.Add(
		touchpoint.Touchpoint{ID: touchpoint.IDFromKey("host", "1"), CustomerID: "carl", Time: at,
			Channel: touchpoint.Phone, Stage: touchpoint.Support, Wait: 12 * time.Minute,
			Feedback: touchpoint.Feedback{CSAT: touchpoint.Rate(4)}},
	)

	blend := scoring.Composite{Parts: []scoring.Part{
		{Name: "feedback", Scorer: scoring.Mean{}, Weight: 1},
		{Name: "waiting", Scorer: WaitScorer{PointsPerMinute: 2.5}, Weight: 1},
	}}
	r, err := scoring.Explain(blend, j)
	if err != nil {
		panic(err)
	}
	for _, c := range r.Contributions {
		fmt.Printf("%+6.2f %s\n", c.Points, c.Text)
	}
	fmt.Printf("%6.2f in total\n", r.Score)
	// Output:
	// +25.00 "feedback" (50%): starting point: neutral (50)
	// +12.50 "feedback" (50%): CSAT 4/5 at support (phone), above neutral, 100% of the weight
	// +35.00 "waiting" (50%): score given by scoring_test.WaitScorer, which does not explain itself
	//  72.50 in total
}
