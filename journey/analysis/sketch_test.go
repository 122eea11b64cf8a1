package analysis_test

import (
	"errors"
	"iter"
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/journey/analysis"
)

// spread yields n two-touchpoint journeys lasting 1, 2, …, n minutes.
func spread(t *testing.T, n int) iter.Seq[*journey.Journey] {
	return func(yield func(*journey.Journey) bool) {
		for i := 1; i <= n; i++ {
			if !yield(build(t, "s"+strconv.Itoa(i), at("arrival", 0), at("purchase", time.Duration(i)*time.Minute))) {
				return
			}
		}
	}
}

func within(got, want, rel float64) bool { return math.Abs(got-want) <= rel*math.Abs(want) }

// TestQuantilesBeyondExact checks the sketch that takes over after 512
// values: quantiles within 1%, mean, min and max exact.
func TestQuantilesBeyondExact(t *testing.T) {
	const n = 5000
	rep, err := analysis.Variants(spread(t, n), analysis.ByStage)
	if err != nil {
		t.Fatal(err)
	}
	d := rep.Variants[0].Duration
	if d.N != n || d.Min != time.Minute || d.Max != n*time.Minute || d.Mean != 2500*time.Minute+30*time.Second {
		t.Errorf("Duration = %+v, want N %d, min 1m, max %dm, mean 2500.5m exactly", d, n, n)
	}
	if !within(d.Median.Minutes(), 2500.5, 0.01) || !within(d.P90.Minutes(), 4500.1, 0.01) {
		t.Errorf("Median %v, P90 %v; want within 1%% of 2500.5m and 4500.1m", d.Median, d.P90)
	}
}

func TestScoreQuantilesBeyondExact(t *testing.T) {
	const n = 2000
	// Scores −1 … −2000: negative values go through the sketch's mirror
	// store.
	score := func(j *journey.Journey) (float64, bool) {
		i, _ := strconv.Atoi(j.CustomerID()[1:])
		return -float64(i), true
	}
	rep, err := analysis.Cohorts(spread(t, n), analysis.CohortSpec{Score: score})
	if err != nil {
		t.Fatal(err)
	}
	s := rep.Cohorts[0].Score
	if s.N != n || s.Min != -n || s.Max != -1 || !within(s.Median, -1000.5, 0.01) || !within(s.P25, -1500.25, 0.01) {
		t.Errorf("Score = %+v, want min −2000, max −1, median ≈ −1000.5, P25 ≈ −1500.25", s)
	}
}

func TestStream(t *testing.T) {
	boom := errors.New("store down")
	seq := func(yield func(*journey.Journey, error) bool) {
		if !yield(build(t, "a", at("arrival", 0)), nil) {
			return
		}
		if !yield(nil, boom) {
			return
		}
		t.Error("Stream read past the error")
	}
	var err error
	rep, _ := analysis.Variants(analysis.Stream(seq, &err), analysis.ByStage)
	if !errors.Is(err, boom) || rep.Journeys != 1 {
		t.Errorf("Stream: err = %v, journeys = %d; want the store's error after 1 journey", err, rep.Journeys)
	}
}

// TestQuantilesOfZeros: zero durations (one-touchpoint journeys) have a
// bucket of their own once the sketch takes over.
func TestQuantilesOfZeros(t *testing.T) {
	zeros := func(yield func(*journey.Journey) bool) {
		for i := range 1000 {
			if !yield(build(t, "z"+strconv.Itoa(i), at("arrival", 0))) {
				return
			}
		}
	}
	rep, err := analysis.Variants(zeros, analysis.ByStage)
	if err != nil {
		t.Fatal(err)
	}
	if d := rep.Variants[0].Duration; d != (analysis.DurationStats{N: 1000}) {
		t.Errorf("Duration = %+v, want 1000 zero durations", d)
	}
}

func TestFeatureString(t *testing.T) {
	for f, want := range map[analysis.Feature]string{
		{Kind: analysis.StageReached, Name: "support"}:   "stage:support",
		{Kind: analysis.ChannelUsed, Name: "web"}:        "channel:web",
		{Kind: analysis.FailureKind, Name: "long_wait"}:  "failure:long_wait",
		{Kind: analysis.RecoveryAction, Name: "apology"}: "action:apology",
		{Name: "x"}: "unknown:x",
	} {
		if got := f.String(); got != want {
			t.Errorf("%#v.String() = %q, want %q", f, got, want)
		}
	}
}
