package loyalty_test

import (
	"errors"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/cemkit/cem/loyalty"
	"github.com/cemkit/cem/touchpoint"
)

// approx compares floats to 1e-9 relative, enough for values computed
// independently (Python's statistics and mpmath, see the comments).
var approx = cmpopts.EquateApprox(1e-9, 1e-12)

// tally counts the answers of one scale into a fresh Tally.
func tally(t *testing.T, add func(*loyalty.Tally, float64) error, answers ...float64) loyalty.Tally {
	t.Helper()
	var tl loyalty.Tally
	for _, a := range answers {
		if err := add(&tl, a); err != nil {
			t.Fatalf("add(%v): %v", a, err)
		}
	}
	return tl
}

func repeat(v float64, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = v
	}
	return out
}

func concat(parts ...[]float64) []float64 {
	var out []float64
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func TestNPS(t *testing.T) {
	tests := []struct {
		name    string
		answers []float64
		level   float64
		want    loyalty.NPS
		reason  string
	}{
		{
			name: "brief", answers: []float64{9, 10, 6, 8},
			want: loyalty.NPS{N: 4, Promoters: 2, Passives: 1, Detractors: 1, Score: 25,
				Interval: loyalty.Interval{Low: -44.159768529899175, High: 72.73119710132774, Level: 0.95}},
			reason: "the brief's vector: 2 promoters, 1 detractor of 4 → 25, adjusted-Wald interval",
		},
		{
			name: "level 0.9", answers: []float64{9, 10, 6, 8}, level: 0.9,
			want: loyalty.NPS{N: 4, Promoters: 2, Passives: 1, Detractors: 1, Score: 25,
				Interval: loyalty.Interval{Low: -34.763281076693666, High: 63.334709648122235, Level: 0.9}},
			reason: "a lower level gives a narrower interval",
		},
		{
			name: "all promoters", answers: repeat(10, 10),
			want: loyalty.NPS{N: 10, Promoters: 10, Score: 100,
				Interval: loyalty.Interval{Low: 47.503551544790206, High: 100, Level: 0.95}},
			reason: "ten of ten promoters is not a certain 100: the adjustment keeps the interval open, clamped at 100",
		},
		{
			name: "boundaries", answers: []float64{0, 6, 7, 8, 9},
			want:   loyalty.NPS{N: 5, Promoters: 1, Passives: 2, Detractors: 2, Score: -20},
			reason: "6 is a detractor, 7 and 8 passives, 9 a promoter, 0 a detractor",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tally(t, (*loyalty.Tally).AddNPS, tt.answers...).NPS(tt.level)
			if err != nil {
				t.Fatal(err)
			}
			if tt.want.Level == 0 { // only the counts matter for this case
				got.Interval = loyalty.Interval{}
			}
			if diff := cmp.Diff(tt.want, got, approx); diff != "" {
				t.Errorf("NPS() mismatch (-want +got):\n%s\n%s", diff, tt.reason)
			}
		})
	}
}

func TestCSAT(t *testing.T) {
	tests := []struct {
		name    string
		answers []float64
		want    loyalty.CSAT
		reason  string
	}{
		{
			name: "seven of ten", answers: []float64{5, 4, 4, 3, 2, 5, 5, 1, 4, 4},
			want: loyalty.CSAT{N: 10, Satisfied: 7, Score: 70,
				Interval: loyalty.Interval{Low: 39.677814746114535, High: 89.2208732593699, Level: 0.95}},
			reason: "4s and 5s count, Wilson interval",
		},
		{
			name: "none satisfied", answers: []float64{1, 2, 3, 3, 2},
			want: loyalty.CSAT{N: 5, Satisfied: 0, Score: 0,
				Interval: loyalty.Interval{Low: 0, High: 43.448246478317465, Level: 0.95}},
			reason: "Wilson stays open above 0 % when no answer is satisfied",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tally(t, (*loyalty.Tally).AddCSAT, tt.answers...).CSAT(0)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, approx); diff != "" {
				t.Errorf("CSAT() mismatch (-want +got):\n%s\n%s", diff, tt.reason)
			}
		})
	}
}

func TestCES(t *testing.T) {
	tests := []struct {
		name    string
		answers []float64
		want    loyalty.CES
		reason  string
	}{
		{
			name: "five answers", answers: []float64{2, 3, 3, 4, 5},
			want: loyalty.CES{N: 5, Mean: 3.4, SD: 1.140175425099138,
				Interval: loyalty.Interval{Low: 1.984285223017728, High: 4.815714776982272, Level: 0.95}},
			reason: "t interval with 4 degrees of freedom",
		},
		{
			name: "one answer", answers: []float64{2},
			want:   loyalty.CES{N: 1, Mean: 2, Interval: loyalty.Interval{Low: 1, High: 7, Level: 0.95}},
			reason: "one answer says nothing of the spread: the whole scale",
		},
		{
			name: "two identical answers", answers: []float64{1, 1},
			want:   loyalty.CES{N: 2, Mean: 1, Interval: loyalty.Interval{Low: 1, High: 7, Level: 0.95}},
			reason: "two alike answers must not give a narrower interval than one: SD floored at 1/√2, t(1) = 12.7",
		},
		{
			name: "no spread", answers: []float64{7, 7, 7},
			// t(2) quantile in closed form: (2p−1)/√(2p(1−p)) at p = 0.975.
			want: loyalty.CES{N: 3, Mean: 7, Interval: loyalty.Interval{
				Low: 7 - 0.95/math.Sqrt(2*0.975*0.025)/3, High: 7, Level: 0.95}},
			reason: "identical answers are not certainty: SD floored at 1/√3, so the half-width is t(2)/3",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tally(t, (*loyalty.Tally).AddCES, tt.answers...).CES(0)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, approx); diff != "" {
				t.Errorf("CES() mismatch (-want +got):\n%s\n%s", diff, tt.reason)
			}
		})
	}
}

func TestTallyErrors(t *testing.T) {
	tests := []struct {
		name   string
		add    func(*loyalty.Tally, float64) error
		v      float64
		field  string
		reason string
	}{
		{"nps 11", (*loyalty.Tally).AddNPS, 11, "nps", "NPS is 0..10"},
		{"nps -1", (*loyalty.Tally).AddNPS, -1, "nps", "NPS is 0..10"},
		{"nps fraction", (*loyalty.Tally).AddNPS, 8.5, "nps", "answers are integers"},
		{"nps NaN", (*loyalty.Tally).AddNPS, math.NaN(), "nps", "NaN is never an answer"},
		{"nps Inf", (*loyalty.Tally).AddNPS, math.Inf(1), "nps", "Inf is never an answer"},
		{"csat 0", (*loyalty.Tally).AddCSAT, 0, "csat", "CSAT is 1..5"},
		{"csat 6", (*loyalty.Tally).AddCSAT, 6, "csat", "CSAT is 1..5"},
		{"ces 8", (*loyalty.Tally).AddCES, 8, "ces", "CES is 1..7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var tl loyalty.Tally
			err := tt.add(&tl, tt.v)
			var verr *touchpoint.ValidationError
			if !errors.As(err, &verr) || verr.Field != tt.field || !errors.Is(err, touchpoint.ErrInvalid) {
				t.Fatalf("err = %v, want a ValidationError on %q (%s)", err, tt.field, tt.reason)
			}
			if diff := cmp.Diff(loyalty.Tally{}, tl, cmp.AllowUnexported(loyalty.Tally{})); diff != "" {
				t.Errorf("tally changed by a refused answer (-want +got):\n%s", diff)
			}
		})
	}
}

func TestStatisticErrors(t *testing.T) {
	var empty loyalty.Tally
	one := tally(t, (*loyalty.Tally).AddNPS, 9)
	if _, err := empty.NPS(0); !errors.Is(err, loyalty.ErrNoAnswers) {
		t.Errorf("NPS of nothing: err = %v, want ErrNoAnswers", err)
	}
	if _, err := empty.CSAT(0); !errors.Is(err, loyalty.ErrNoAnswers) {
		t.Errorf("CSAT of nothing: err = %v, want ErrNoAnswers", err)
	}
	if _, err := empty.CES(0); !errors.Is(err, loyalty.ErrNoAnswers) {
		t.Errorf("CES of nothing: err = %v, want ErrNoAnswers", err)
	}
	for _, lvl := range []float64{-0.1, 1, 1.5, math.NaN()} {
		if _, err := one.NPS(lvl); !errors.Is(err, touchpoint.ErrInvalid) {
			t.Errorf("NPS(%v): err = %v, want a ValidationError", lvl, err)
		}
	}
}

func TestAddFeedback(t *testing.T) {
	var tl loyalty.Tally
	ok := touchpoint.Feedback{NPS: touchpoint.Rate(10), CSAT: touchpoint.Rate(4), CES: touchpoint.Rate(2), Sentiment: touchpoint.Rate(0.5)}
	if err := tl.AddFeedback(ok); err != nil {
		t.Fatal(err)
	}
	bad := touchpoint.Feedback{NPS: touchpoint.Rate(9), CES: touchpoint.Rate(9)}
	if err := tl.AddFeedback(bad); !errors.Is(err, touchpoint.ErrInvalid) {
		t.Fatalf("bad CES: err = %v, want a ValidationError", err)
	}
	type lens struct{ NPS, CSAT, CES int }
	var got lens
	got.NPS, got.CSAT, got.CES = tl.Len()
	if diff := cmp.Diff(lens{1, 1, 1}, got); diff != "" {
		t.Errorf("Len() mismatch (-want +got):\n%s\nthe refused feedback must not count its valid NPS", diff)
	}
}

func TestMerge(t *testing.T) {
	a := tally(t, (*loyalty.Tally).AddNPS, 9, 10)
	b := tally(t, (*loyalty.Tally).AddNPS, 6, 8)
	a.Merge(b)
	got, err := a.NPS(0)
	if err != nil {
		t.Fatal(err)
	}
	if got.Score != 25 || got.N != 4 {
		t.Errorf("merged NPS = %v from %d answers, want 25 from 4", got.Score, got.N)
	}
}

func TestChanges(t *testing.T) {
	npsBefore := tally(t, (*loyalty.Tally).AddNPS, concat(repeat(10, 30), repeat(7, 40), repeat(3, 30))...)
	npsAfter := tally(t, (*loyalty.Tally).AddNPS, concat(repeat(9, 45), repeat(8, 35), repeat(0, 20))...)
	csatBefore := tally(t, (*loyalty.Tally).AddCSAT, concat(repeat(5, 60), repeat(2, 40))...)
	csatAfter := tally(t, (*loyalty.Tally).AddCSAT, concat(repeat(4, 75), repeat(3, 25))...)
	cesBefore := tally(t, (*loyalty.Tally).AddCES, 1, 2, 2, 3, 3, 3, 4)
	cesAfter := tally(t, (*loyalty.Tally).AddCES, 3, 4, 4, 5, 5, 6)
	cesOnes := tally(t, (*loyalty.Tally).AddCES, 1, 1)
	cesTwos := tally(t, (*loyalty.Tally).AddCES, 2, 2)
	csatAll := tally(t, (*loyalty.Tally).AddCSAT, 5, 5)

	tests := []struct {
		name   string
		test   func(a, b loyalty.Tally) (loyalty.Change, error)
		before loyalty.Tally
		after  loyalty.Tally
		want   loyalty.Change
		reason string
	}{
		{"nps", loyalty.NPSChange, npsBefore, npsAfter,
			loyalty.Change{Before: 0, After: 25, Diff: 25, Stat: 2.264024336167951, P: 0.023572618026940925},
			"two-sample z on the adjusted estimates"},
		{"csat", loyalty.CSATChange, csatBefore, csatAfter,
			loyalty.Change{Before: 60, After: 75, Diff: 15, Stat: 2.264554068289192, P: 0.023540058261177926},
			"pooled two-proportion z"},
		{"csat all satisfied", loyalty.CSATChange, csatAll, csatAll,
			loyalty.Change{Before: 100, After: 100, P: 1},
			"no variance at all: no evidence of change, P 1 not NaN"},
		{"ces", loyalty.CESChange, cesBefore, cesAfter,
			loyalty.Change{Before: 18.0 / 7, After: 4.5, Diff: 4.5 - 18.0/7, Stat: 3.4125309393675205, DF: 10.40122667929155, P: 0.006270845178780959},
			"Welch t with Welch–Satterthwaite degrees of freedom (reference from mpmath)"},
		{"ces no spread", loyalty.CESChange, cesOnes, cesTwos,
			// With 2 degrees of freedom P(|T| > t) = 1 − t/√(2+t²).
			loyalty.Change{Before: 1, After: 2, Diff: 1, Stat: math.Sqrt2, DF: 2, P: 1 - 1/math.Sqrt2},
			"no spread is not certainty: SDs floored at 1/√2, a conservative P, not 0"},
		{"ces no spread, equal", loyalty.CESChange, cesTwos, cesTwos,
			loyalty.Change{Before: 2, After: 2, DF: 2, P: 1},
			"no spread and equal means: no evidence of change"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.test(tt.before, tt.after)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateApprox(1e-6, 1e-12)); diff != "" {
				t.Errorf("change mismatch (-want +got):\n%s\n%s", diff, tt.reason)
			}
		})
	}
}

func TestChangeErrors(t *testing.T) {
	var empty loyalty.Tally
	one := tally(t, (*loyalty.Tally).AddCES, 3)
	for name, f := range map[string]func(a, b loyalty.Tally) (loyalty.Change, error){
		"nps": loyalty.NPSChange, "csat": loyalty.CSATChange, "ces": loyalty.CESChange,
	} {
		if _, err := f(empty, empty); !errors.Is(err, loyalty.ErrNoAnswers) {
			t.Errorf("%s of nothing: err = %v, want ErrNoAnswers", name, err)
		}
	}
	if _, err := loyalty.CESChange(one, one); !errors.Is(err, loyalty.ErrNoAnswers) {
		t.Errorf("Welch with one answer each: err = %v, want ErrNoAnswers", err)
	}
}
