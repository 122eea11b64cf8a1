package simulate_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/journey/simulate"
	"github.com/cemkit/cem/touchpoint"
)

var start = time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC)

func collect(t *testing.T, cfg simulate.Config, seed uint64) []simulate.Customer {
	t.Helper()
	var cs []simulate.Customer
	for c, err := range simulate.Customers(cfg, seed) {
		if err != nil {
			t.Fatal(err)
		}
		cs = append(cs, c)
	}
	return cs
}

func journeys(cs []simulate.Customer) []*journey.Journey {
	js := make([]*journey.Journey, len(cs))
	for i, c := range cs {
		js[i] = c.Journey
	}
	return js
}

func TestGenerateIsDeterministic(t *testing.T) {
	cfg := simulate.DefaultConfig(start, 50)
	a, b := journeys(collect(t, cfg, 42)), journeys(collect(t, cfg, 42))
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("same seed, different journeys (-first +second):\n%s", diff)
	}
	small := cfg
	small.Customers = 10
	if diff := cmp.Diff(a[:10], journeys(collect(t, small, 42))); diff != "" {
		t.Errorf("the first customers of a larger run differ (-large +small):\n%s", diff)
	}
	if other := journeys(collect(t, cfg, 43)); cmp.Equal(a, other) {
		t.Error("seeds 42 and 43 gave the same journeys")
	}
}

// TestGenerateGolden pins a fingerprint of a run, so that a change to the
// generator that changes its output is noticed: the same seed must give the
// same journeys in every version, or the change must say why.
func TestGenerateGolden(t *testing.T) {
	var got struct{ Touchpoints, Failures, Recoveries, Purchases int }
	cs := collect(t, simulate.DefaultConfig(start, 20), 1)
	for _, c := range cs {
		got.Touchpoints += c.Journey.Len()
		got.Failures += len(c.Journey.Failures())
		got.Recoveries += len(c.Journey.Recoveries())
		got.Purchases += c.Summary.Frequency + 1
	}
	want := struct{ Touchpoints, Failures, Recoveries, Purchases int }{210, 8, 6, 36}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("fingerprint of seed 1 changed (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff("0194fa45-8512-7da9-9864-c9072b2327e9", cs[0].Journey.Touchpoints()[0].ID.String()); diff != "" {
		t.Errorf("first ID of seed 1 changed (-want +got):\n%s", diff)
	}
}

func TestSummaryOfMatchesTruth(t *testing.T) {
	cfg := simulate.DefaultConfig(start, 200)
	cs := collect(t, cfg, 9)
	var fast []simulate.Summary
	for s, err := range simulate.Summaries(cfg, 9) {
		if err != nil {
			t.Fatal(err)
		}
		fast = append(fast, s)
	}
	end := cfg.Start.Add(cfg.Horizon)
	for i, c := range cs {
		if diff := cmp.Diff(c.Summary, simulate.SummaryOf(c.Journey, end)); diff != "" {
			t.Errorf("customer %d: SummaryOf(journey) differs from the truth (-truth +journey):\n%s", i, diff)
		}
		if diff := cmp.Diff(c.Summary, fast[i]); diff != "" {
			t.Errorf("customer %d: Summaries differs from Customers (-customers +summaries):\n%s", i, diff)
		}
	}
}

// TestJourneysAreWellFormed checks what every generated journey must hold:
// its customer's events only, valid under the config's limits, a purchase
// per BG/NBD transaction, every failure on a failed touchpoint, recoveries
// after their failures and labelled with the customer's policy, and a JSON
// round trip.
func TestJourneysAreWellFormed(t *testing.T) {
	cfg := simulate.DefaultConfig(start, 300)
	failures := 0
	for _, c := range collect(t, cfg, 3) {
		j := c.Journey
		failures += len(j.Failures())
		checkFailures(t, c)
		b, err := json.Marshal(j)
		if err != nil {
			t.Fatalf("%s: %v", j.CustomerID(), err)
		}
		back := journey.NewWithLimits("", cfg.Limits())
		if err := json.Unmarshal(b, back); err != nil {
			t.Fatalf("%s: generated journey does not decode: %v", j.CustomerID(), err)
		}
		if !back.Equal(j) {
			t.Fatalf("%s: JSON round trip changed the journey", j.CustomerID())
		}
	}
	if failures == 0 {
		t.Error("300 customers under the default model had no failure")
	}
}

func checkFailures(t *testing.T, c simulate.Customer) {
	t.Helper()
	byID := map[string]touchpoint.Touchpoint{}
	for _, tp := range c.Journey.Touchpoints() {
		byID[tp.ID.String()] = tp
	}
	for _, f := range c.Journey.Failures() {
		tp, ok := byID[f.TouchpointID.String()]
		if !ok || tp.Outcome != touchpoint.Failed || tp.Attributes[simulate.PolicyAttribute] != c.Policy {
			t.Fatalf("%s: failure %v not on a failed touchpoint labelled %q: %+v", c.Journey.CustomerID(), f.Kind, c.Policy, tp)
		}
	}
	if c.Policy == "none" && len(c.Journey.Recoveries()) > 0 {
		t.Errorf("%s: recoveries under the policy none", c.Journey.CustomerID())
	}
}

func TestGenerateStopsEarly(t *testing.T) {
	n := 0
	for range simulate.Generate(simulate.DefaultConfig(start, 1000), 1) {
		n++
		if n == 3 {
			break
		}
	}
	if n != 3 {
		t.Errorf("yielded %d journeys after break, want 3", n)
	}
}

// TestRecoveryPoliciesShowInFeedback checks that the feedback model points
// the documented way: customers whose failures were recovered with an
// apology, a discount and speed are more satisfied, on average, after a
// failure than customers whose failures went unrecovered.
func TestRecoveryPoliciesShowInFeedback(t *testing.T) {
	cfg := simulate.DefaultConfig(start, 3000)
	cfg.Feedback.Response = 1
	sum, count := map[string]float64{}, map[string]float64{}
	for _, c := range collect(t, cfg, 5) {
		for _, tp := range c.Journey.Touchpoints() {
			if v, ok := tp.Feedback.CSAT.Value(); ok && len(c.Journey.Failures()) > 0 {
				sum[c.Policy] += v
				count[c.Policy]++
			}
		}
	}
	none, good := sum["none"]/count["none"], sum["proactive-replacement"]/count["proactive-replacement"]
	t.Logf("mean CSAT of customers with failures: none %.2f, proactive-replacement %.2f", none, good)
	if !(good > none+0.3) {
		t.Errorf("mean CSAT after failures: proactive-replacement %.2f, none %.2f; want recovery to help by > 0.3", good, none)
	}
}

func TestInvalidConfig(t *testing.T) {
	tests := []struct {
		reason string
		change func(*simulate.Config)
		field  string
	}{
		{"no start", func(c *simulate.Config) { c.Start = time.Time{} }, "start"},
		{"no customers", func(c *simulate.Config) { c.Customers = 0 }, "customers"},
		{"acquisition longer than the horizon", func(c *simulate.Config) { c.Acquisition = 2 * c.Horizon }, "acquisition"},
		{"bad currency", func(c *simulate.Config) { c.Currency = "eur" }, "currency"},
		{"channel shares sum to 0.9", func(c *simulate.Config) { c.Channels[0].Share -= 0.1 }, "channels"},
		{"negative share", func(c *simulate.Config) { c.Channels[0].Share = -0.1 }, "channels[0].share"},
		{"switch above 1", func(c *simulate.Config) { c.Switch = 1.5 }, "switch"},
		{"chain row does not sum to 1", func(c *simulate.Config) { c.Chain[touchpoint.Browse][0].P = 0.3 }, "chain[browse]"},
		{"chain without arrival", func(c *simulate.Config) { delete(c.Chain, touchpoint.Arrival) }, "chain[arrival]"},
		{"chain to an unknown stage", func(c *simulate.Config) {
			c.Chain[touchpoint.Advocacy] = []simulate.Step{{To: "nowhere", P: 1}}
		}, "chain[advocacy][0].to"},
		{"a path that skips the purchase", func(c *simulate.Config) {
			c.Chain[touchpoint.Arrival] = []simulate.Step{{To: touchpoint.Browse, P: 0.9}, {To: simulate.End, P: 0.1}}
		}, "chain"},
		{"a loop with no way out", func(c *simulate.Config) {
			c.Chain[touchpoint.Advocacy] = []simulate.Step{{To: touchpoint.Advocacy, P: 1}}
		}, "chain[advocacy]"},
		{"a second purchase in one episode", func(c *simulate.Config) {
			c.Chain[touchpoint.Advocacy] = []simulate.Step{{To: touchpoint.Browse, P: 1}}
		}, "chain[purchase]"},
		{"negative delay", func(c *simulate.Config) { c.Delays[touchpoint.Browse] = -time.Second }, "delays[browse]"},
		{"failure probability NaN", func(c *simulate.Config) { c.Failures[2].P = nan() }, "failures[2].p"},
		{"failure without severity", func(c *simulate.Config) { c.Failures[0].Severity = 0 }, "failures[0].severity"},
		{"negative loss", func(c *simulate.Config) { c.Failures[0].Loss = -1 }, "failures[0].loss"},
		{"policy shares sum to 1.25", func(c *simulate.Config) { c.Policies[0].Share = 0.5 }, "policies"},
		{"negative policy delay", func(c *simulate.Config) { c.Policies[1].Delay = -time.Hour }, "policies[1].delay"},
		{"policy delay beyond 52 weeks", func(c *simulate.Config) { c.Policies[1].Delay = 2 * 52 * simulate.Week }, "policies[1].delay"},
		{"more attempts than a recovery records contacts", func(c *simulate.Config) { c.Policies[1].MaxAttempts = 1001 }, "policies[1].max_attempts"},
		{"a prefix that makes the six-digit ids too long", func(c *simulate.Config) { c.CustomerPrefix = strings.Repeat("c", 251) }, "customer_prefix"},
		{"a prefix with NUL", func(c *simulate.Config) { c.CustomerPrefix = "c\x00" }, "customer_prefix"},
		{"policy failure rate above 1", func(c *simulate.Config) { c.Policies[1].Fail = 2 }, "policies[1].fail"},
		{"policy name too long", func(c *simulate.Config) { c.Policies[2].Name = strings.Repeat("n", 65) }, "policies[2].name"},
		{"response above 1", func(c *simulate.Config) { c.Feedback.Response = 1.1 }, "feedback.response"},
		{"negative mood", func(c *simulate.Config) { c.Mood = -0.1 }, "mood"},
		{"negative BG/NBD rate", func(c *simulate.Config) { c.Purchases.R = -1 }, "purchases.r"},
		{"infinite alpha", func(c *simulate.Config) { c.Purchases.Alpha = inf() }, "purchases.alpha"},
		{"zero spend shape", func(c *simulate.Config) { c.Spend.P = 0 }, "spend.p"},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			cfg := simulate.DefaultConfig(start, 5)
			tt.change(&cfg)
			var verr *touchpoint.ValidationError
			err := cfg.Validate()
			if !errors.As(err, &verr) {
				t.Fatalf("Validate() = %v, want a *touchpoint.ValidationError", err)
			}
			if diff := cmp.Diff(tt.field, verr.Field); diff != "" {
				t.Errorf("field mismatch (-want +got):\n%s\n%v", diff, err)
			}
			n := 0
			for j, gerr := range simulate.Generate(cfg, 1) {
				n++
				if j != nil || !errors.Is(gerr, touchpoint.ErrInvalid) {
					t.Errorf("Generate yielded (%v, %v), want (nil, the validation error)", j, gerr)
				}
			}
			if n != 1 {
				t.Errorf("Generate yielded %d times for a bad config, want 1", n)
			}
		})
	}
}

func nan() float64 { return inf() - inf() }
func inf() float64 { return 1 / zero }

var zero = 0.0

func TestGenerateCopiesConfig(t *testing.T) {
	cfg := simulate.DefaultConfig(start, 20)
	want := journeys(collect(t, cfg, 8))
	seq := simulate.Customers(cfg, 8)
	cfg.Channels[0].Share, cfg.Chain[touchpoint.Arrival] = 7, nil
	clear(cfg.Delays)
	var got []*journey.Journey
	for c, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, c.Journey)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("changing the config after Customers changed the journeys (-before +after):\n%s", diff)
	}
}

// TestGenerateAtTheBounds generates from configurations at the edge of what
// Validate accepts: generation must not fail midway. Delays of a year, a
// thousand attempts a year apart and a start in 1901 draw events beyond the
// clock of Config.Limits and before touchpoint.MinTime; they are left out.
func TestGenerateAtTheBounds(t *testing.T) {
	slow := []simulate.Policy{{Name: "stubborn", Share: 1, Attempt: 1, Fail: 1, MaxAttempts: 1000, Delay: 52 * simulate.Week}}
	tests := []struct {
		reason string
		change func(*simulate.Config)
	}{
		{"a thousand attempts, each a year after the last", func(c *simulate.Config) { c.Policies = slow }},
		{"a thousand attempts a minute apart", func(c *simulate.Config) {
			c.Policies = []simulate.Policy{{Name: "quick", Share: 1, Attempt: 1, Fail: 1, MaxAttempts: 1000, Delay: time.Minute}}
		}},
		{"every delay a year, from the earliest start", func(c *simulate.Config) {
			c.Start = touchpoint.MinTime().AddDate(1, 0, 0)
			for s := range c.Delays {
				c.Delays[s] = 52 * simulate.Week
			}
			for _, s := range []touchpoint.Stage{touchpoint.Arrival, touchpoint.Browse, touchpoint.Assistance} {
				c.Delays[s] = 52 * simulate.Week
			}
			c.SwitchDelay, c.Switch = 52*simulate.Week, 1
			c.Policies = slow
		}},
		{"the longest prefix", func(c *simulate.Config) { c.CustomerPrefix = strings.Repeat("c", 250) }},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			cfg := simulate.DefaultConfig(start, 5)
			for i := range cfg.Failures {
				cfg.Failures[i].P = 1
			}
			tt.change(&cfg)
			if err := cfg.Validate(); err != nil {
				t.Fatalf("Validate() = %v", err)
			}
			end := cfg.Start.Add(cfg.Horizon)
			for _, seed := range []uint64{1, 2, 3} {
				for c, err := range simulate.Customers(cfg, seed) {
					if err != nil {
						t.Fatalf("seed %d: Generate failed on a valid config: %v", seed, err)
					}
					if got := simulate.SummaryOf(c.Journey, end); got != c.Summary {
						t.Fatalf("SummaryOf = %+v, truth %+v", got, c.Summary)
					}
				}
			}
		})
	}
}
