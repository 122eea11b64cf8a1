package scoring_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/scoring"
)

// checkProperties checks the Scorer contract on one journey for every
// built-in strategy: the score is on the scale, the explanation gives the
// same score and evidence and adds up to it, scoring leaves the journey
// untouched, and a journey built from the same events in another order
// scores the same.
func checkProperties(t *testing.T, j, reordered *journey.Journey) {
	t.Helper()
	before := j.Clone()
	for _, b := range append(builtins(), variants()...) {
		got, err := b.scorer.Score(j)
		if err != nil {
			t.Fatalf("%s: Score: %v", b.name, err)
		}
		if math.IsNaN(got.Score) || got.Score < scoring.Min || got.Score > scoring.Max {
			t.Errorf("%s: score %v outside 0..100", b.name, got.Score)
		}
		ex, err := scoring.Explain(b.scorer, j)
		if err != nil {
			t.Fatalf("%s: Explain: %v", b.name, err)
		}
		if ex.Score != got.Score || ex.Evidence != got.Evidence {
			t.Errorf("%s: Explain gave %v (evidence %d), Score %v (evidence %d)", b.name, ex.Score, ex.Evidence, got.Score, got.Evidence)
		}
		sum := 0.0
		for _, c := range ex.Contributions {
			sum += c.Points
		}
		if math.Abs(sum-ex.Score) > 1e-9 {
			t.Errorf("%s: contributions add up to %.12f, score is %.12f", b.name, sum, ex.Score)
		}
		other, err := scoring.Explain(b.scorer, reordered)
		if err != nil {
			t.Fatalf("%s: Explain reordered: %v", b.name, err)
		}
		// cmp.Diff only on a mismatch: it is slow under the race detector.
		if ex.Score != other.Score || ex.Evidence != other.Evidence || !slices.Equal(ex.Contributions, other.Contributions) {
			t.Errorf("%s: insertion order changed the result (-in order +shuffled):\n%s", b.name, cmp.Diff(ex, other))
		}
	}
	if !j.Equal(before) {
		t.Errorf("scoring modified the journey")
	}
}

func TestProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n := 500
	if testing.Short() {
		n = 50
	}
	for range n {
		e := randomEvents(rng)
		checkProperties(t, journeyOf(t, e), journeyOf(t, e.shuffled(rng)))
	}
	for k := range 4 {
		checkProperties(t, realistic(t, k), realistic(t, k))
	}
}
