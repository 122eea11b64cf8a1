package analysis_test

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"gonum.org/v1/gonum/mat"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/journey/analysis"
	"github.com/cemkit/cem/touchpoint"
)

// scoreByCustomer turns a table into an outcome function.
func scoreByCustomer(scores map[string]float64) func(*journey.Journey) (float64, bool) {
	return func(j *journey.Journey) (float64, bool) {
		s, ok := scores[j.CustomerID()]
		return s, ok
	}
}

func TestKeyDriversOneFeature(t *testing.T) {
	// Only support varies: x = 1,1,0,0 against y = 50,60,80,90. cov = −7.5,
	// var x = 0.25, var y = 250, so r = −7.5/√62.5 = −0.9487, R² = 0.9, and
	// the lone feature carries all of it.
	js := []*journey.Journey{
		build(t, "a", at("arrival@web", 0), at("support@web", time.Hour), at("purchase@web", 2*time.Hour)),
		build(t, "b", at("arrival@web", 0), at("support@web", time.Hour), at("purchase@web", 2*time.Hour)),
		build(t, "c", at("arrival@web", 0), at("purchase@web", 2*time.Hour)),
		build(t, "d", at("arrival@web", 0), at("purchase@web", 2*time.Hour)),
		build(t, "e", at("arrival@web", 0)), // no score: skipped
	}
	scores := map[string]float64{"a": 50, "b": 60, "c": 80, "d": 90}
	got, err := analysis.KeyDrivers(slices.Values(js), scoreByCustomer(scores))
	if err != nil {
		t.Fatal(err)
	}
	r := -7.5 / math.Sqrt(62.5)
	want := analysis.DriverReport{
		Journeys: 4, Skipped: 1, RSquared: 0.9,
		Drivers: []analysis.Driver{{Feature: analysis.Feature{Kind: analysis.StageReached, Name: "support"},
			Present: 2, MeanWith: 55, MeanWithout: 85, Correlation: r, Beta: r, Weight: 0.9, Share: 1}},
		Constant: []analysis.Feature{
			{Kind: analysis.StageReached, Name: "arrival"},
			{Kind: analysis.StageReached, Name: "purchase"},
			{Kind: analysis.ChannelUsed, Name: "web"},
		},
		Warning: got.Warning,
	}
	if diff := cmp.Diff(want, got, approx); diff != "" {
		t.Errorf("KeyDrivers() mismatch (-want +got):\n%s", diff)
	}
	if !strings.Contains(got.Warning, "Green 1991") {
		t.Errorf("Warning = %q, want the sample-size warning for 4 journeys", got.Warning)
	}
}

func TestKeyDriversCollinear(t *testing.T) {
	// Support always happens by phone: the two features are one, and split
	// the weight equally instead of blowing up.
	js := []*journey.Journey{
		build(t, "a", at("arrival@web", 0), at("support@phone", time.Hour)),
		build(t, "b", at("arrival@web", 0), at("support@phone", time.Hour)),
		build(t, "c", at("arrival@web", 0)),
		build(t, "d", at("arrival@web", 0)),
	}
	scores := map[string]float64{"a": 50, "b": 60, "c": 80, "d": 90}
	got, err := analysis.KeyDrivers(slices.Values(js), scoreByCustomer(scores))
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got.RSquared-0.9) > 1e-9 || len(got.Drivers) != 2 {
		t.Fatalf("KeyDrivers() = %+v, want R² 0.9 over two drivers", got)
	}
	for _, d := range got.Drivers {
		if math.Abs(d.Weight-0.45) > 1e-9 || math.Abs(d.Share-0.5) > 1e-9 {
			t.Errorf("driver %v: weight %v share %v, want 0.45 and 0.5", d.Feature, d.Weight, d.Share)
		}
	}
}

func TestKeyDriversBadInput(t *testing.T) {
	if _, err := analysis.KeyDrivers(slices.Values([]*journey.Journey{}), nil); !errors.Is(err, touchpoint.ErrInvalid) {
		t.Errorf("KeyDrivers(nil outcome) error = %v, want a ValidationError", err)
	}
	tests := []struct {
		reason   string
		journeys []*journey.Journey
		outcome  func(*journey.Journey) (float64, bool)
		warning  string
	}{
		{"empty input", nil, syntheticScore, "0 journeys"},
		{"one journey", []*journey.Journey{build(t, "a", at("arrival", 0))}, syntheticScore, "1 journeys"},
		{"constant outcome", gen{seed: 5, n: 50}.slice(), func(*journey.Journey) (float64, bool) { return 7, true }, "the same for every journey"},
		{"NaN outcomes are skipped", gen{seed: 5, n: 50}.slice(), func(*journey.Journey) (float64, bool) { return math.NaN(), true }, "0 journeys"},
	}
	for _, tt := range tests {
		got, err := analysis.KeyDrivers(slices.Values(tt.journeys), tt.outcome)
		if err != nil {
			t.Fatalf("%s: KeyDrivers() error = %v", tt.reason, err)
		}
		if !strings.Contains(got.Warning, tt.warning) || got.RSquared != 0 {
			t.Errorf("%s: Warning %q, R² %v; want a warning containing %q and R² 0", tt.reason, got.Warning, got.RSquared, tt.warning)
		}
		for _, d := range got.Drivers {
			if d.Weight != 0 || math.IsNaN(d.Correlation) || math.IsNaN(d.MeanWith) {
				t.Errorf("%s: driver %+v, want zero weight and no NaN", tt.reason, d)
			}
		}
	}
}

// TestKeyDriversAgainstOLS checks R² against an ordinary least-squares fit
// with an intercept solved by gonum on the full design matrix, and that the
// weights are non-negative and sum to R², on generated journeys.
func TestKeyDriversAgainstOLS(t *testing.T) {
	js := gen{seed: 6, n: 3000}.slice()
	got, err := analysis.KeyDrivers(slices.Values(js), syntheticScore)
	if err != nil {
		t.Fatal(err)
	}
	if got.Warning != "" {
		t.Errorf("Warning = %q, want none for 3000 journeys", got.Warning)
	}
	sum := 0.0
	for _, d := range got.Drivers {
		if d.Weight < -1e-12 {
			t.Errorf("driver %v: negative weight %v", d.Feature, d.Weight)
		}
		sum += d.Weight
	}
	if math.Abs(sum-got.RSquared) > 1e-9 {
		t.Errorf("weights sum to %v, want R² %v", sum, got.RSquared)
	}
	if want := olsRSquared(t, js, got.Drivers); math.Abs(got.RSquared-want) > 1e-6 {
		t.Errorf("RSquared = %v, want %v from a direct least-squares fit", got.RSquared, want)
	}
	top := got.Drivers[0].Feature
	if top.Kind != analysis.StageReached || top.Name != "purchase" {
		t.Errorf("top driver = %v, want stage:purchase (the largest effect in the synthetic score)", top)
	}
}

func olsRSquared(t *testing.T, js []*journey.Journey, ds []analysis.Driver) float64 {
	t.Helper()
	x := mat.NewDense(len(js), len(ds)+1, nil)
	y := mat.NewVecDense(len(js), nil)
	mean := 0.0
	for i, j := range js {
		x.Set(i, 0, 1)
		for k, d := range ds {
			if has(j, d.Feature) {
				x.Set(i, k+1, 1)
			}
		}
		s, _ := syntheticScore(j)
		y.SetVec(i, s)
		mean += s / float64(len(js))
	}
	// Support always happens by phone in the generator, so the design is
	// rank-deficient: solve by SVD at its numerical rank.
	var svd mat.SVD
	if !svd.Factorize(x, mat.SVDThin) {
		t.Fatal("SVD failed")
	}
	var beta, fit mat.VecDense
	svd.SolveVecTo(&beta, y, svd.Rank(1e-10))
	fit.MulVec(x, &beta)
	var ssRes, ssTot float64
	for i := range len(js) {
		ssRes += math.Pow(y.AtVec(i)-fit.AtVec(i), 2)
		ssTot += math.Pow(y.AtVec(i)-mean, 2)
	}
	return 1 - ssRes/ssTot
}

// has recomputes a feature independently of the package.
func has(j *journey.Journey, f analysis.Feature) bool {
	switch f.Kind {
	case analysis.StageReached:
		return j.Reached(touchpoint.Stage(f.Name))
	case analysis.ChannelUsed:
		return slices.Contains(j.Channels(), touchpoint.Channel(f.Name))
	case analysis.FailureKind:
		return slices.ContainsFunc(j.Failures(), func(x journey.Failure) bool { return string(x.Kind) == f.Name })
	default:
		a, _ := journey.ParseAction(f.Name)
		return slices.ContainsFunc(j.Recoveries(), func(r journey.Recovery) bool { return r.Actions.Has(a) })
	}
}
