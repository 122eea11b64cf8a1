package reliability_test

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/scoring"
	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/store/memstore"
	"github.com/cemkit/cem/touchpoint"
)

// eventSet is the content of a journey.
type eventSet struct {
	tps        []touchpoint.Touchpoint
	failures   []journey.Failure
	recoveries []journey.Recovery
}

// eventsFrom turns arbitrary bytes into the events of one valid journey:
// each 8 bytes make a touchpoint (channel, stage, time step, which answers
// are present and their values on each scale) and, when it failed, a
// failure with an optional recovery. Every value is in range, so the
// fuzzer explores journeys, not validation.
func eventsFrom(data []byte) eventSet {
	var e eventSet
	t := base()
	channels, stages, kinds := touchpoint.Channels(), touchpoint.Stages(), journey.Kinds()
	for i := 0; i+8 <= len(data) && i < 8*64; i += 8 {
		b := data[i : i+8]
		t = t.Add(time.Duration(b[2]) * time.Minute)
		tp := touchpoint.Touchpoint{ID: id("fuzz/tp/", i), CustomerID: "fuzz", Time: t,
			Channel: channels[int(b[0])%len(channels)], Stage: stages[int(b[1])%len(stages)],
			Wait: time.Duration(b[7]) * time.Second}
		if b[3]&1 != 0 {
			tp.Feedback.CSAT = touchpoint.Rate(float64(1 + b[4]%5))
		}
		if b[3]&2 != 0 {
			tp.Feedback.NPS = touchpoint.Rate(float64(b[5] % 11))
		}
		if b[3]&4 != 0 {
			tp.Feedback.CES = touchpoint.Rate(float64(1 + b[6]%7))
		}
		if b[3]&8 != 0 {
			tp.Feedback.Sentiment = touchpoint.Rate(float64(b[7])/127.5 - 1)
		}
		if b[3]&16 != 0 {
			tp.Outcome = touchpoint.Failed
			e.addFailure(tp, b, kinds[int(b[4])%len(kinds)])
		}
		e.tps = append(e.tps, tp)
	}
	return e
}

// addFailure records a failure at tp and, depending on b, a recovery.
func (e *eventSet) addFailure(tp touchpoint.Touchpoint, b []byte, kind journey.Kind) {
	f := journey.Failure{ID: id("fuzz/failure/", tp.ID), CustomerID: tp.CustomerID, Time: tp.Time, Kind: kind,
		Severity: journey.Severity(1 + b[5]%4), Channel: tp.Channel, TouchpointID: tp.ID,
		Loss: touchpoint.Money{Amount: decimal.NewFromInt(int64(b[6])), Currency: "EUR"}}
	e.failures = append(e.failures, f)
	if b[3]&32 == 0 {
		return
	}
	r := journey.Recovery{ID: id("fuzz/recovery/", tp.ID), FailureID: f.ID, CustomerID: f.CustomerID,
		Time: f.Time.Add(time.Duration(b[7]) * time.Hour), Actions: journey.Action(b[6]) & 0x7f,
		Initiative: journey.Initiative(b[3] >> 7), Channel: f.Channel, Contacts: int(b[5] % 5),
		Compensation: touchpoint.Money{Amount: decimal.NewFromInt(int64(b[4])), Currency: "EUR"}}
	if b[3]&64 != 0 {
		r.ResolvedAt = r.Time.Add(time.Duration(b[2]) * time.Minute)
	}
	e.recoveries = append(e.recoveries, r)
}

// build adds the events to a new journey in the order perm gives (failures
// before the recoveries that need them).
func (e eventSet) build(t *testing.T, perm *rand.Rand) *journey.Journey {
	t.Helper()
	j := journey.New("fuzz")
	must := func(err error) {
		if err != nil {
			t.Fatalf("building the journey: %v", err)
		}
	}
	must(j.Add(shuffled(e.tps, perm)...))
	must(j.AddFailure(shuffled(e.failures, perm)...))
	must(j.AddRecovery(shuffled(e.recoveries, perm)...))
	return j
}

func shuffled[T any](s []T, r *rand.Rand) []T {
	s = slices.Clone(s)
	if r != nil {
		r.Shuffle(len(s), func(i, k int) { s[i], s[k] = s[k], s[i] })
	}
	return s
}

// builtIn returns every built-in scorer with its defaults, and a composite
// of them all.
func builtIn() map[string]scoring.Scorer {
	all := map[string]scoring.Scorer{
		"mean": scoring.Mean{}, "weighted": scoring.Weighted{}, "recency": scoring.Recency{},
		"peak-end": scoring.PeakEnd{}, "effort": scoring.Effort{}, "recovery": scoring.Recovery{},
	}
	var c scoring.Composite
	for name, s := range all {
		c.Parts = append(c.Parts, scoring.Part{Name: name, Weight: 1, Scorer: s})
	}
	slices.SortFunc(c.Parts, func(a, b scoring.Part) int { return strings.Compare(a.Name, b.Name) })
	all["composite"] = c
	return all
}

// checkScore checks the properties every scorer promises for j: no error,
// a score in 0..100, and an explanation that adds up to the same score.
func checkScore(t *testing.T, name string, s scoring.Scorer, j *journey.Journey) scoring.Result {
	t.Helper()
	r, err := s.Score(j)
	if err != nil {
		t.Fatalf("%s: Score() error = %v", name, err)
	}
	if math.IsNaN(r.Score) || r.Score < scoring.Min || r.Score > scoring.Max {
		t.Fatalf("%s: Score() = %v, want a number in 0..100", name, r.Score)
	}
	ex, err := scoring.Explain(s, j)
	if err != nil {
		t.Fatalf("%s: Explain() error = %v", name, err)
	}
	sum := 0.0
	for _, c := range ex.Contributions {
		sum += c.Points
	}
	if math.Abs(ex.Score-r.Score) > 1e-9 || math.Abs(sum-r.Score) > 1e-6 {
		t.Fatalf("%s: Score() = %v, Explain() = %v with contributions adding up to %v", name, r.Score, ex.Score, sum)
	}
	return r
}

// FuzzScorers checks every built-in scorer on arbitrary valid journeys:
// the score lies in 0..100, is never NaN, the explanation adds up to it,
// and it does not depend on the order in which the events were added.
func FuzzScorers(f *testing.F) {
	f.Add([]byte{}, uint64(0))
	f.Add([]byte("\x00\x01\x05\x0f\x04\x0a\x00\x80\x02\x03\x3c\x3f\x00\x00\x06\xff"), uint64(1))
	f.Add([]byte("\x01\x02\x03\x70\x01\x02\x03\x04\x05\x06\x07\x71\x05\x06\x07\x08\x00\x00\x00\xff\xff\xff\xff\xff"), uint64(2))
	f.Fuzz(func(t *testing.T, data []byte, seed uint64) {
		e := eventsFrom(data)
		inOrder := e.build(t, nil)
		other := e.build(t, rand.New(rand.NewPCG(seed, 1)))
		for name, s := range builtIn() {
			want := checkScore(t, name, s, inOrder)
			got := checkScore(t, name, s, other)
			if want.Score != got.Score || want.Evidence != got.Evidence {
				t.Fatalf("%s: score depends on the order of adding: %v/%d in order, %v/%d shuffled", name, want.Score, want.Evidence, got.Score, got.Evidence)
			}
		}
	})
}

// batchJSON is a batch in cem's JSON schema: the touchpoints, failures and
// recoveries decode with their own (validating) decoders.
type batchJSON struct {
	Touchpoints []touchpoint.Touchpoint `json:"touchpoints"`
	Failures    []journey.Failure       `json:"failures"`
	Recoveries  []journey.Recovery      `json:"recoveries"`
}

// FuzzAppendJSON appends any JSON document that decodes as a batch to a
// memstore tenant already holding a customer: Append either fails with a
// validation error or ErrConflict and leaves the tenant exactly as it was,
// or succeeds and every event of the batch reads back equal under its
// customer, with the earlier data still there.
func FuzzAppendJSON(f *testing.F) {
	for _, b := range []store.Batch{story("alice"), story("bob"), {Touchpoints: story("alice").Touchpoints[:1]}} {
		doc, err := json.Marshal(batchJSON{b.Touchpoints, b.Failures, b.Recoveries})
		if err != nil {
			f.Fatal(err)
		}
		f.Add(doc)
	}
	backend := memstore.New()
	f.Fuzz(func(t *testing.T, doc []byte) {
		var in batchJSON
		if json.Unmarshal(doc, &in) != nil {
			return
		}
		s, _ := tenant(t, backend)
		mustAppend(t, s, story("alice"))
		before := dump(t, s)
		b := store.Batch{Touchpoints: in.Touchpoints, Failures: in.Failures, Recoveries: in.Recoveries}
		if err := s.Append(context.Background(), b); err != nil {
			var verr *touchpoint.ValidationError
			if !errors.As(err, &verr) && !errors.Is(err, store.ErrConflict) {
				t.Fatalf("Append() error = %v, want a validation error or ErrConflict", err)
			}
			if diff := cmp.Diff(before, dump(t, s)); diff != "" {
				t.Fatalf("failed Append(%v) changed the data (-before +after):\n%s", err, diff)
			}
			return
		}
		wantStored(t, s, b)
		wantStored(t, s, story("alice"))
	})
}

// wantStored checks that every event of b reads back equal under its
// customer.
func wantStored(t *testing.T, s store.Store, b store.Batch) {
	t.Helper()
	journeys := map[string]*journey.Journey{}
	get := func(c string) *journey.Journey {
		if journeys[c] == nil {
			j, err := s.Journey(context.Background(), c, store.Window{})
			if err != nil {
				t.Fatalf("Journey(%q) after Append error = %v", c, err)
			}
			journeys[c] = j
		}
		return journeys[c]
	}
	for _, tp := range b.Touchpoints {
		if !slices.ContainsFunc(get(tp.CustomerID).Touchpoints(), tp.Equal) {
			t.Fatalf("touchpoint %s did not round-trip", tp.ID)
		}
	}
	for _, f := range b.Failures {
		if g, ok := get(f.CustomerID).Failure(f.ID); !ok || !g.Equal(f) {
			t.Fatalf("failure %s did not round-trip: %+v", f.ID, g)
		}
	}
	for _, r := range b.Recoveries {
		if !slices.ContainsFunc(get(r.CustomerID).RecoveriesOf(r.FailureID), r.Equal) {
			t.Fatalf("recovery %s did not round-trip", r.ID)
		}
	}
}
