package scoring_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/scoring"
	"github.com/cemkit/cem/touchpoint"
)

// TestInvalidConfiguration checks that every unusable parameter gives a
// *touchpoint.ValidationError naming it, from Score as from Explain.
func TestInvalidConfiguration(t *testing.T) {
	j := realistic(t, 0)
	tests := []struct {
		reason string
		scorer scoring.Scorer
		field  string
	}{
		{"NaN stage weight", scoring.Weighted{Stages: map[touchpoint.Stage]float64{touchpoint.Browse: math.NaN()}}, "weighted.stages[browse]"},
		{"negative channel weight", scoring.Weighted{Channels: map[touchpoint.Channel]float64{touchpoint.Web: -1}}, "weighted.channels[web]"},
		{"a stage weight too small to survive rounding", scoring.Weighted{Stages: map[touchpoint.Stage]float64{touchpoint.Purchase: 5e-324}}, "weighted.stages[purchase]"},
		{"a composite weight too small to survive rounding", scoring.Composite{Parts: []scoring.Part{{Scorer: scoring.Mean{}, Weight: 1e-300}}}, "composite.parts[0].weight"},
		{"infinite stage weight", scoring.Weighted{Stages: map[touchpoint.Stage]float64{touchpoint.Browse: math.Inf(1)}}, "weighted.stages[browse]"},
		{"negative half-life", scoring.Recency{HalfLife: -time.Hour}, "recency.half_life"},
		{"unknown peak mode", scoring.PeakEnd{Peak: 9}, "peak_end.peak"},
		{"negative switch cost", scoring.Effort{SwitchCost: -1}, "effort.switch_cost"},
		{"NaN repeat cost", scoring.Effort{RepeatCost: math.NaN()}, "effort.repeat_cost"},
		{"NaN failure cost", scoring.Recovery{FailureCost: math.NaN()}, "recovery.failure_cost"},
		{"unrecovered failures costing less than recovered ones", scoring.Recovery{UnrecoveredFactor: 0.5}, "recovery.unrecovered_factor"},
		{"paradox threshold above 1", scoring.Recovery{ParadoxThreshold: 2}, "recovery.paradox_threshold"},
		{"negative justice weight", scoring.Recovery{Justice: scoring.Justice{Procedural: -1}}, "recovery.justice.procedural"},
		{"negative speed half-life", scoring.Recovery{SpeedHalfLife: -time.Hour}, "recovery.speed_half_life"},
		{"a composite with no parts", scoring.Composite{}, "composite.parts"},
		{"a composite part without scorer", scoring.Composite{Parts: []scoring.Part{{Weight: 1}}}, "composite.parts[0].scorer"},
		{"a composite part with NaN weight", scoring.Composite{Parts: []scoring.Part{{Scorer: scoring.Mean{}, Weight: math.NaN()}}}, "composite.parts[0].weight"},
		{"composite weights summing to zero", scoring.Composite{Parts: []scoring.Part{{Scorer: scoring.Mean{}}}}, "composite.parts"},
	}
	for _, tt := range tests {
		for name, score := range map[string]func(*journey.Journey) (scoring.Result, error){
			"Score":   tt.scorer.Score,
			"Explain": func(j *journey.Journey) (scoring.Result, error) { return scoring.Explain(tt.scorer, j) },
		} {
			_, err := score(j)
			var verr *touchpoint.ValidationError
			if !errors.As(err, &verr) || verr.Field != tt.field || verr.Entity != "scoring" {
				t.Errorf("%s: %s() error = %v, want a scoring ValidationError on %s", tt.reason, name, err, tt.field)
			}
		}
	}
}

// TestWeightsSummingToZero checks that Validate refuses a stage map that
// weighs everything 0, while Score, which checks only the weights it uses,
// scores the journey with every stage the map does not list at weight 1.
func TestWeightsSummingToZero(t *testing.T) {
	w := scoring.Weighted{Stages: map[touchpoint.Stage]float64{touchpoint.Browse: 0}}
	var verr *touchpoint.ValidationError
	if err := w.Validate(); !errors.As(err, &verr) || verr.Field != "weighted.stages" {
		t.Errorf("Validate() = %v, want a ValidationError on weighted.stages", err)
	}
	only := build(t, []touchpoint.Touchpoint{tp("a", 0, touchpoint.Web, touchpoint.Browse, csat(5))}, nil, nil)
	got, err := w.Score(only)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmpResult(scoring.Result{Score: scoring.Neutral}, got); diff != "" {
		t.Errorf("Score() of a journey weighing 0 mismatch (-want +got):\n%s", diff)
	}
}

// TestNilJourney checks that no scorer panics on a nil journey.
func TestNilJourney(t *testing.T) {
	for _, b := range builtins() {
		if _, err := b.scorer.Score(nil); !errors.Is(err, scoring.ErrNoJourney) {
			t.Errorf("%s: Score(nil) error = %v, want ErrNoJourney", b.name, err)
		}
		if _, err := scoring.Explain(b.scorer, nil); !errors.Is(err, scoring.ErrNoJourney) {
			t.Errorf("%s: Explain(nil) error = %v, want ErrNoJourney", b.name, err)
		}
	}
}

// TestDegenerateJourneys checks the documented scores of journeys with
// little or odd evidence.
func TestDegenerateJourneys(t *testing.T) {
	silent := []touchpoint.Touchpoint{tp("a", 0, touchpoint.Web, touchpoint.Browse, touchpoint.Feedback{})}
	minor := []journey.Failure{failure("f", 1, journey.Minor, touchpoint.Money{})}
	tests := []struct {
		reason string
		j      *journey.Journey
		want   map[string]float64
	}{
		{"an empty journey is neutral", &journey.Journey{}, map[string]float64{
			"mean": 50, "weighted": 50, "recency": 50, "peak_end": 50, "effort": 50, "recovery": 50, "composite": 50}},
		{"no feedback is neutral", build(t, silent, nil, nil), map[string]float64{
			"mean": 50, "weighted": 50, "recency": 50, "peak_end": 50, "effort": 50, "recovery": 50, "composite": 50}},
		{"only failures: the feedback models stay neutral, the others fall", build(t, nil, minor, nil), map[string]float64{
			"mean": 50, "weighted": 50, "recency": 50, "peak_end": 37.5, "effort": 50, "recovery": 50 - 30*0.25*1.5,
			"composite": (50 + 37.5 + 50 + 2*(50-30*0.25*1.5)) / 5}},
	}
	for _, tt := range tests {
		for _, b := range builtins() {
			got, err := b.scorer.Score(tt.j)
			if err != nil {
				t.Fatalf("%s: %s: %v", tt.reason, b.name, err)
			}
			if want := tt.want[b.name]; math.Abs(got.Score-want) > 1e-9 || got.Evidence != 0 {
				t.Errorf("%s: %s scored %v with evidence %d, want %v with none", tt.reason, b.name, got.Score, got.Evidence, want)
			}
		}
	}
}

// TestRecoveryWithoutFailure checks that an attempt whose failure is not in
// the journey cannot get in, so no scorer ever meets one.
func TestRecoveryWithoutFailure(t *testing.T) {
	j := journey.New(customer)
	err := j.AddRecovery(recovery("r", "missing", 1, 1, journey.Apology, touchpoint.Money{}, journey.CustomerInitiated, 1))
	if !errors.Is(err, journey.ErrUnknownFailure) {
		t.Fatalf("AddRecovery() error = %v, want ErrUnknownFailure", err)
	}
	if got, err := (scoring.Recovery{}).Score(j); err != nil || got.Score != scoring.Neutral {
		t.Errorf("Score() = %v, %v; want neutral", got.Score, err)
	}
}

// TestRecencyAcrossCenturies scores a journey whose feedback spans more
// than the 292 years an int64 of nanoseconds holds: the old answer from
// 1900 must weigh next to nothing against the recent one.
func TestRecencyAcrossCenturies(t *testing.T) {
	now := time.Date(2261, 6, 1, 0, 0, 0, 0, time.UTC)
	j := journey.NewWithLimits(customer, touchpoint.Limits{Now: func() time.Time { return now }})
	old := touchpoint.Touchpoint{ID: touchpoint.IDFromKey("test", "old"), CustomerID: customer, Time: time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC),
		Channel: touchpoint.Web, Stage: touchpoint.Usage, Feedback: touchpoint.Feedback{CSAT: touchpoint.Rate(5)}}
	recent := old
	recent.ID, recent.Time, recent.Feedback = touchpoint.IDFromKey("test", "recent"), now.Add(-time.Hour), touchpoint.Feedback{CSAT: touchpoint.Rate(1)}
	if err := j.Add(old, recent); err != nil {
		t.Fatal(err)
	}
	for _, r := range []scoring.Recency{{}, {HalfLife: 100 * 365 * 24 * time.Hour}} {
		got, err := r.Score(j)
		if err != nil {
			t.Fatal(err)
		}
		ex, err := scoring.Explain(r, j)
		if err != nil {
			t.Fatal(err)
		}
		sum := 0.0
		for _, c := range ex.Contributions {
			sum += c.Points
			if math.IsNaN(c.Points) {
				t.Errorf("half-life %v: NaN contribution %+v", r.HalfLife, c)
			}
		}
		if math.Abs(sum-got.Score) > 1e-9 || ex.Score != got.Score {
			t.Errorf("half-life %v: explanation adds up to %v, Explain %v, Score %v", r.HalfLife, sum, ex.Score, got.Score)
		}
		if r.HalfLife == 0 && got.Score > 1e-6 {
			t.Errorf("default half-life: score %v, want about 0 (the 1900 answer weighs nothing)", got.Score)
		}
		if r.HalfLife != 0 && !(got.Score > 1 && got.Score < 50) {
			t.Errorf("100-year half-life: score %v, want the 1900 answer to count a little", got.Score)
		}
	}
}

// TestExplanationAddsUpAtLargestParameters checks the explanation still
// adds up when every cost is at MaxParameter, so that single contributions
// are far off the scale and the score is clamped.
func TestExplanationAddsUpAtLargestParameters(t *testing.T) {
	big := scoring.MaxParameter
	scorers := []scoring.Scorer{
		scoring.Recovery{FailureCost: big, LossWeight: big, ParadoxBonus: big, UnrecoveredFactor: big},
		scoring.Effort{SwitchCost: big, RepeatCost: big},
		scoring.Composite{Parts: []scoring.Part{
			{Scorer: scoring.Recovery{FailureCost: big, LossWeight: big, ParadoxBonus: big}, Weight: 1},
			{Scorer: scoring.Effort{SwitchCost: big, RepeatCost: big}, Weight: big},
			{Scorer: scoring.Mean{}, Weight: 1},
		}},
	}
	rng := rand.New(rand.NewPCG(7, 8))
	for k := range 3000 {
		j := journeyOf(t, randomEvents(rng))
		for _, s := range scorers {
			ex, err := scoring.Explain(s, j)
			if err != nil {
				t.Fatal(err)
			}
			sum := 0.0
			for _, c := range ex.Contributions {
				sum += c.Points
			}
			if math.Abs(sum-ex.Score) > 1e-9 {
				t.Fatalf("journey %d, %T: contributions add up to %v, score %v", k, s, sum, ex.Score)
			}
		}
	}
}
