package scoring_test

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/scoring"
)

// FuzzScore checks that any journey the foundation's validator accepts (a
// journey decoded from JSON) scores within bounds with every built-in
// strategy, that its explanation adds up, and that adding its events in
// another order never changes the result. The seed corpus is in
// testdata/fuzz/FuzzScore.
func FuzzScore(f *testing.F) {
	for k := range 2 {
		b, err := json.Marshal(realistic(f, k))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, uint64(k))
	}
	f.Fuzz(func(t *testing.T, b []byte, seed uint64) {
		var j journey.Journey
		if err := json.Unmarshal(b, &j); err != nil {
			return
		}
		e := events{tps: j.Touchpoints(), fs: j.Failures(), rs: j.Recoveries()}
		reordered := journey.New(j.CustomerID())
		if j.CustomerID() != "" {
			reordered = journeyOfCustomer(t, j.CustomerID(), e.shuffled(rand.New(rand.NewPCG(seed, 7))))
		}
		checkProperties(t, &j, reordered)
	})
}

// journeyOfCustomer is journeyOf for any customer.
func journeyOfCustomer(t *testing.T, customerID string, e events) *journey.Journey {
	t.Helper()
	j := journey.New(customerID)
	if err := j.Add(e.tps...); err != nil {
		t.Fatal(err)
	}
	if err := j.AddFailure(e.fs...); err != nil {
		t.Fatal(err)
	}
	if err := j.AddRecovery(e.rs...); err != nil {
		t.Fatal(err)
	}
	return j
}

// FuzzFromConfig checks that no configuration panics FromConfig, that
// every accepted one survives a round trip through ConfigOf and JSON, and
// that the scorer it gives keeps its score on the scale and its
// explanation adding up.
func FuzzFromConfig(f *testing.F) {
	for _, seed := range []string{
		`{"strategy":"mean"}`,
		`{"strategy":"weighted","params":{"stages":{"support":2},"channels":{"phone":0.5}}}`,
		`{"strategy":"recency","params":{"half_life":"168h"}}`,
		`{"strategy":"peak_end","params":{"peak":"best","ignore_failures":true}}`,
		`{"strategy":"effort","params":{"switch_cost":3}}`,
		`{"strategy":"recovery","params":{"justice":{"interactional":1},"speed_half_life":"24h","no_paradox":true}}`,
		`{"strategy":"composite","params":{"parts":[{"name":"a","weight":1,"scorer":{"strategy":"mean"}}]}}`,
		`{"strategy":"nope"}`,
	} {
		f.Add([]byte(seed))
	}
	j := realistic(f, 1)
	f.Fuzz(func(t *testing.T, b []byte) {
		var c scoring.Config
		if err := json.Unmarshal(b, &c); err != nil {
			return
		}
		s, err := scoring.FromConfig(c)
		if err != nil {
			return
		}
		back, err := scoring.ConfigOf(s)
		if err != nil {
			t.Fatalf("ConfigOf(%#v): %v", s, err)
		}
		again, err := scoring.FromConfig(back)
		if err != nil {
			t.Fatalf("FromConfig(ConfigOf(s)) = %v for %s", err, back.Params)
		}
		if diff := cmp.Diff(s, again); diff != "" {
			t.Errorf("round trip mismatch (-want +got):\n%s", diff)
		}
		r, err := scoring.Explain(s, j)
		if err != nil {
			t.Fatalf("Explain: %v", err)
		}
		sum := 0.0
		for _, c := range r.Contributions {
			sum += c.Points
		}
		if !(r.Score >= scoring.Min && r.Score <= scoring.Max) || math.Abs(sum-r.Score) > 1e-9 {
			t.Errorf("%s scored %v, explained as %v", back.Params, r.Score, sum)
		}
	})
}
