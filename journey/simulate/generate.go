package simulate

import (
	"fmt"
	"iter"
	"math"
	"math/rand/v2"
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

// Customer is one simulated customer: the journey a host would record and
// the truth behind it that no host ever sees, for checking models against.
type Customer struct {
	// Journey holds every episode's touchpoints, failures and recoveries.
	Journey *journey.Journey
	// Summary is the customer's repeat-buying record at the end of the
	// observation; [SummaryOf] computes the same from the journey.
	Summary Summary
	// Draw holds the latent BG/NBD purchase rate and dropout probability.
	Draw Draw
	// SpendRate is the Gamma-Gamma rate ν: the customer's mean order value
	// is Spend.P/SpendRate.
	SpendRate float64
	// Policy is the name of the recovery policy the customer was treated
	// under, "" if there are none.
	Policy string
	// Home is the customer's usual channel.
	Home touchpoint.Channel
	// Mood is the customer's offset on the 0–1 satisfaction scale, and
	// Proneness the multiplier on failure probabilities.
	Mood, Proneness float64
}

// Generate yields cfg.Customers journeys, one per customer, in customer
// order. The same cfg and seed give the same journeys, IDs included, on
// every run; each customer is drawn from random streams of their own,
// derived from the seed and the customer's index, so the first n customers
// of a larger run equal those of a smaller one.
//
// Only one customer is in memory at a time: a million journeys stream
// through a constant footprint. Generate copies cfg, so changing cfg
// afterwards does not affect the iterator. An invalid
// cfg yields one *touchpoint.ValidationError and nothing else. Each call of
// the iterator starts again from the first customer.
func Generate(cfg Config, seed uint64) iter.Seq2[*journey.Journey, error] {
	return func(yield func(*journey.Journey, error) bool) {
		for c, err := range Customers(cfg, seed) {
			if !yield(c.Journey, err) {
				return
			}
		}
	}
}

// Customers is [Generate] with the truth behind each journey.
func Customers(cfg Config, seed uint64) iter.Seq2[Customer, error] {
	cfg = cfg.clone()
	return func(yield func(Customer, error) bool) {
		if err := cfg.Validate(); err != nil {
			yield(Customer{}, err)
			return
		}
		g := newGenerator(cfg)
		for i := range cfg.Customers {
			c, err := g.customer(seed, i)
			if !yield(c, err) || err != nil {
				return
			}
		}
	}
}

// Summaries yields the repeat-buying summaries that [Customers] would
// report for the same cfg and seed, without building the journeys: the
// fast way to simulate a large customer base for a buy-till-you-die model.
func Summaries(cfg Config, seed uint64) iter.Seq2[Summary, error] {
	cfg = cfg.clone()
	return func(yield func(Summary, error) bool) {
		if err := cfg.Validate(); err != nil {
			yield(Summary{}, err)
			return
		}
		g := newGenerator(cfg)
		for i := range cfg.Customers {
			p := g.purchases(seed, i)
			if !yield(p.summary, nil) {
				return
			}
		}
	}
}

// generator holds what every customer of one run shares.
type generator struct {
	cfg    Config
	end    time.Time
	limits touchpoint.Limits
}

func newGenerator(cfg Config) *generator {
	return &generator{
		cfg: cfg, end: cfg.Start.Add(cfg.Horizon), limits: cfg.Limits(),
	}
}

// purchaseHistory is the outcome of the purchase process for one customer.
type purchaseHistory struct {
	times   []time.Time // the first purchase, then the repeats
	draw    Draw
	summary Summary
}

// purchases draws a customer's first purchase and repeat purchases from the
// customer's purchase stream.
func (g *generator) purchases(seed uint64, i int) purchaseHistory {
	rng := stream(seed, i, 0)
	id := customerID(g.cfg.CustomerPrefix, i)
	first := g.cfg.Start.Add(time.Duration(rng.Float64() * float64(g.cfg.Acquisition)))
	d := g.cfg.Purchases.draw(rng, weeks(g.end.Sub(first)))
	h := purchaseHistory{times: []time.Time{first}, draw: d}
	for _, t := range d.Repeats {
		h.times = append(h.times, first.Add(time.Duration(t*float64(Week))))
	}
	h.summary = summarise(id, h.times, g.end)
	return h
}

// customer simulates customer i: the purchases, then one episode each.
func (g *generator) customer(seed uint64, i int) (Customer, error) {
	h := g.purchases(seed, i)
	s := g.newShopper(stream(seed, i, 1), h.summary.CustomerID)
	for _, t := range h.times {
		s.episode(t)
	}
	s.censor(g.limits.Now())
	j := journey.NewWithLimits(s.id, g.limits)
	if err := addAll(j, s); err != nil {
		return Customer{}, fmt.Errorf("simulate: customer %s: %w", s.id, err)
	}
	c := Customer{
		Journey: j, Summary: h.summary, Draw: h.draw, SpendRate: s.nu,
		Home: s.home, Mood: s.mood, Proneness: s.prone,
	}
	if s.policy != nil {
		c.Policy = s.policy.Name
	}
	return c, nil
}

// customerID returns the id of customer i: the prefix, then the index in
// at least six digits.
func customerID(prefix string, i int) string { return fmt.Sprintf("%s%06d", prefix, i) }

func addAll(j *journey.Journey, s *shopper) error {
	if err := j.Add(s.tps...); err != nil {
		return err
	}
	if err := j.AddFailure(s.fs...); err != nil {
		return err
	}
	return j.AddRecovery(s.rs...)
}

// stream returns customer i's random stream number k: seeds mixed with
// SplitMix64 so that neighbouring customers get unrelated streams.
func stream(seed uint64, i, k int) *rand.Rand {
	a := splitmix(seed ^ splitmix(uint64(i)))
	return rand.New(rand.NewPCG(a, splitmix(a+uint64(k)+1)))
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

func weeks(d time.Duration) float64 { return float64(d) / float64(Week) }

// lognormalMeanOne draws exp(σZ − σ²/2), a positive multiplier with mean 1.
func lognormalMeanOne(rng *rand.Rand, sigma float64) float64 {
	return math.Exp(sigma*rng.NormFloat64() - sigma*sigma/2)
}
