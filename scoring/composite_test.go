package scoring_test

import (
	"errors"
	"math"
	"testing"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/scoring"
	"github.com/cemkit/cem/touchpoint"
)

// fixed is a host scorer that always gives the same answer.
type fixed struct {
	score float64
	err   error
}

func (f fixed) Score(*journey.Journey) (scoring.Result, error) {
	return scoring.Result{Score: f.score}, f.err
}

func TestComposite(t *testing.T) {
	j := build(t, []touchpoint.Touchpoint{tp("a", 0, touchpoint.Web, touchpoint.Purchase, ces(1))}, nil, nil)
	c := scoring.Composite{Parts: []scoring.Part{
		{Name: "flat", Scorer: fixed{score: 20}, Weight: 3},
		{Name: "effort", Scorer: scoring.Effort{}, Weight: 1},
		{Name: "unused", Scorer: fixed{score: 0}, Weight: 0},
	}}
	got, err := c.Score(j)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmpResult(scoring.Result{Score: 40, Evidence: 1}, got); diff != "" {
		t.Errorf("Score() mismatch (-want +got):\n%s", diff)
	}
	nested := scoring.Composite{Parts: []scoring.Part{{Scorer: c, Weight: 1}, {Scorer: fixed{score: 60}, Weight: 1}}}
	if got, err := nested.Score(j); err != nil || got.Score != 50 {
		t.Errorf("nested Score() = %v, %v; want 50, nil", got.Score, err)
	}
}

func TestCompositeBrokenPart(t *testing.T) {
	j := build(t, nil, nil, nil)
	boom := errors.New("host: boom")
	tests := []struct {
		reason string
		part   scoring.Scorer
		want   error
	}{
		{"a part's error is wrapped", fixed{err: boom}, boom},
		{"a score above 100 breaks the contract", fixed{score: 150}, scoring.ErrOutOfScale},
		{"a NaN score breaks the contract", fixed{score: math.NaN()}, scoring.ErrOutOfScale},
	}
	for _, tt := range tests {
		c := scoring.Composite{Parts: []scoring.Part{{Name: "host", Scorer: tt.part, Weight: 1}}}
		if _, err := c.Score(j); !errors.Is(err, tt.want) {
			t.Errorf("%s: Score() error = %v, want %v", tt.reason, err, tt.want)
		}
	}
}
