package scoring_test

import (
	"math"
	"testing"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/scoring"
	"github.com/cemkit/cem/touchpoint"
)

func TestPeakEndRule(t *testing.T) {
	tests := []struct {
		reason      string
		intensities []float64
		want        float64
	}{
		{"peak 8, end 7 gives 7.5 (Kahneman et al. 1993)", []float64{3, 8, 5, 7}, 7.5},
		{"peak 8, end 1 gives 4.5", []float64{2, 8, 4, 1}, 4.5},
		{"two moments", []float64{8, 7}, 7.5},
		{"duration is neglected: more mild moments change nothing", []float64{8, 2, 2, 2, 2, 2, 2, 1}, 4.5},
		{"a single moment is both peak and end", []float64{6}, 6},
		{"NaN moments are skipped", []float64{math.NaN(), 8, math.NaN(), 1}, 4.5},
		{"no moment gives 0", nil, 0},
	}
	for _, tt := range tests {
		if got := scoring.PeakEndRule(tt.intensities); got != tt.want {
			t.Errorf("%s: PeakEndRule(%v) = %v, want %v", tt.reason, tt.intensities, got, tt.want)
		}
	}
}

// npsJourney is a journey of NPS answers an hour apart.
func npsJourney(t *testing.T, answers ...float64) (tps []touchpoint.Touchpoint) {
	t.Helper()
	for i, v := range answers {
		tps = append(tps, tp(string(rune('a'+i)), float64(i), touchpoint.Web, touchpoint.Browse, nps(v)))
	}
	return tps
}

func TestPeakEnd(t *testing.T) {
	late := failure("late", 10, journey.Critical, touchpoint.Money{})
	early := failure("early", -1, journey.Minor, touchpoint.Money{})
	tests := []struct {
		reason string
		scorer scoring.PeakEnd
		tps    []touchpoint.Touchpoint
		fs     []journey.Failure
		want   scoring.Result
	}{
		{"best peak 8, end 7 is 7.5 on 0–10", scoring.PeakEnd{Peak: scoring.Best}, npsJourney(t, 3, 8, 5, 7), nil, scoring.Result{Score: 75, Evidence: 4}},
		{"best peak 8, end 1 is 4.5 on 0–10", scoring.PeakEnd{Peak: scoring.Best}, npsJourney(t, 2, 8, 4, 1), nil, scoring.Result{Score: 45, Evidence: 4}},
		{"most intense moment is the peak", scoring.PeakEnd{}, npsJourney(t, 5, 8, 6, 7), nil, scoring.Result{Score: 75, Evidence: 4}},
		{"a bad end that is also the most intense counts twice", scoring.PeakEnd{}, npsJourney(t, 5, 8, 6, 1), nil, scoring.Result{Score: 10, Evidence: 4}},
		{"equal intensity: the worse moment is the peak", scoring.PeakEnd{}, npsJourney(t, 10, 0, 5), nil, scoring.Result{Score: 25, Evidence: 3}},
		{"worst moment as the peak", scoring.PeakEnd{Peak: scoring.Worst}, npsJourney(t, 3, 8, 5, 7), nil, scoring.Result{Score: 50, Evidence: 4}},
		{"duration neglect", scoring.PeakEnd{}, npsJourney(t, 8, 6, 6, 6, 6, 6, 6, 7), nil, scoring.Result{Score: 75, Evidence: 8}},
		{"a critical failure at the end is peak and end", scoring.PeakEnd{}, npsJourney(t, 9), []journey.Failure{late}, scoring.Result{Score: 0, Evidence: 1}},
		{"failures ignored on request", scoring.PeakEnd{IgnoreFailures: true}, npsJourney(t, 9), []journey.Failure{late}, scoring.Result{Score: 90, Evidence: 1}},
		{"an early minor failure is neither peak nor end", scoring.PeakEnd{}, npsJourney(t, 9, 7), []journey.Failure{early}, scoring.Result{Score: 80, Evidence: 2}},
		{"only a failure", scoring.PeakEnd{}, nil, []journey.Failure{early}, scoring.Result{Score: 37.5}},
		{"nothing to remember is neutral", scoring.PeakEnd{}, nil, nil, scoring.Result{Score: 50}},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			got, err := tt.scorer.Score(build(t, tt.tps, tt.fs, nil))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmpResult(tt.want, got); diff != "" {
				t.Errorf("Score() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
