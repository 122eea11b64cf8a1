package simulate

import (
	"maps"
	"slices"
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

// Week is the time unit of the buy-till-you-die models: [Summary] ages and
// recencies are in weeks.
const Week = 7 * 24 * time.Hour

// Config is a model of a customer base. Every field is used as given:
// [DefaultConfig] fills in a documented, realistic model, and a test changes
// only what it cares about. [Config.Validate] names the first field that
// does not make sense.
type Config struct {
	// Start is when the first customer may make a first purchase. It is
	// required: the simulator never reads the clock.
	Start time.Time
	// Acquisition is the window, from Start, over which first purchases are
	// spread uniformly; zero puts every first purchase at Start.
	Acquisition time.Duration
	// Horizon is how long after Start the observation ends; it must not be
	// shorter than Acquisition. Repeat purchases are simulated up to
	// Start+Horizon, so a customer's [Summary.Age] is the time from their
	// first purchase to then.
	Horizon time.Duration
	// Customers is how many customers [Generate] yields; at least 1.
	Customers int
	// CustomerPrefix starts every customer id, which ends with the
	// customer's index: "c-000042".
	CustomerPrefix string
	// Currency is the ISO 4217 code of every amount.
	Currency string

	// Channels is the channel mix: each customer's home channel is drawn
	// from it. The shares must sum to 1.
	Channels []ChannelShare
	// Switch is the probability that a touchpoint happens on another
	// channel than the one before (drawn again from Channels): a store
	// visit, then a call, then the web site.
	Switch float64
	// Chain is the Markov chain of stages that one purchase episode walks.
	Chain Chain
	// Delays is the mean time before a touchpoint at each stage, drawn from
	// an exponential distribution; a stage not listed follows the one
	// before after a minute.
	Delays map[touchpoint.Stage]time.Duration
	// SwitchDelay is added to the delay when the channel changes: calling
	// after a store visit takes longer than taking the next step in the
	// shop.
	SwitchDelay time.Duration

	// Failures are the ways a touchpoint can go wrong, by stage.
	Failures []FailureRule
	// Policies are the recovery policies the business follows; each
	// customer is treated under one, drawn by share (an A/B test across
	// customers). Empty means failures are never recovered.
	Policies []Policy
	// Feedback says who answers surveys and how the answers follow from
	// what happened.
	Feedback FeedbackModel

	// Mood is the standard deviation of a customer's lasting offset on the
	// 0–1 satisfaction scale: some customers are harder to please.
	Mood float64
	// Proneness is the standard deviation of the log of a customer's
	// multiplier on every failure probability: some customers are unlucky
	// (or demanding) more often than others.
	Proneness float64

	// Purchases is the repeat-buying process (BG/NBD); each purchase is one
	// episode of the chain.
	Purchases BGNBD
	// Spend is the order-value model (Gamma-Gamma).
	Spend GammaGamma
}

// ChannelShare is one channel's share of a mix.
type ChannelShare struct {
	Channel touchpoint.Channel
	Share   float64
}

// FailureRule makes touchpoints at Stage fail with probability P (before the
// customer's proneness), recording a failure of Kind and Severity whose loss
// is drawn uniformly between half and one and a half times Loss (in
// [Config.Currency]; 0 records no loss). At most one rule fires per
// touchpoint, tried in order.
type FailureRule struct {
	Stage    touchpoint.Stage
	Kind     journey.Kind
	Severity journey.Severity
	P        float64
	Loss     float64
}

// DefaultConfig returns the documented model for n customers acquired over
// 13 weeks from start and observed for 39 weeks, the calibration period of
// the CDNOW study:
//
//   - channels: web 45%, store 30%, phone 15%, app 10%, switching on 25% of
//     touchpoints;
//   - the stages of [DefaultChain];
//   - failures: out of stock at browse (8%, moderate, loss 15), unhelpful
//     staff at assistance (5%, minor), billing error at purchase (2%,
//     major, loss 40), late delivery (10%, moderate, loss 10), wrong item
//     (4%, major, loss 60) and defective item (3%, major, loss 80) at
//     delivery, long wait at support (15%, minor);
//   - recovery: the four policies of [DefaultPolicies], equally shared;
//   - feedback: [DefaultFeedback];
//   - customers: mood spread 0.1, proneness spread 0.5;
//   - purchases: the [CDNOW] BG/NBD model; spend: Gamma-Gamma with p=6.25,
//     q=3.74, v=15.44 (Fader, Hardie & Lee 2005, "RFM and CLV"), in EUR.
func DefaultConfig(start time.Time, n int) Config {
	return Config{
		Start: start, Acquisition: 13 * Week, Horizon: 39 * Week,
		Customers: n, CustomerPrefix: "c-", Currency: "EUR",
		Channels: []ChannelShare{
			{touchpoint.Web, 0.45}, {touchpoint.Store, 0.30}, {touchpoint.Phone, 0.15}, {touchpoint.App, 0.10},
		},
		Switch: 0.25, Chain: DefaultChain(), Delays: defaultDelays(), SwitchDelay: 6 * time.Hour,
		Failures: []FailureRule{
			{touchpoint.Browse, journey.OutOfStock, journey.Moderate, 0.08, 15},
			{touchpoint.Assistance, journey.UnhelpfulStaff, journey.Minor, 0.05, 0},
			{touchpoint.Purchase, journey.BillingError, journey.Major, 0.02, 40},
			{touchpoint.Delivery, journey.LateDelivery, journey.Moderate, 0.10, 10},
			{touchpoint.Delivery, journey.WrongItem, journey.Major, 0.04, 60},
			{touchpoint.Delivery, journey.DefectiveItem, journey.Major, 0.03, 80},
			{touchpoint.Support, journey.LongWait, journey.Minor, 0.15, 0},
		},
		Policies: DefaultPolicies(), Feedback: DefaultFeedback(),
		Mood: 0.1, Proneness: 0.5,
		Purchases: CDNOW(), Spend: GammaGamma{P: 6.25, Q: 3.74, V: 15.44},
	}
}

func defaultDelays() map[touchpoint.Stage]time.Duration {
	return map[touchpoint.Stage]time.Duration{
		touchpoint.Browse: 5 * time.Minute, touchpoint.Assistance: 10 * time.Minute,
		touchpoint.Purchase: 15 * time.Minute, touchpoint.Delivery: 48 * time.Hour,
		touchpoint.Usage: 24 * time.Hour, touchpoint.Support: 72 * time.Hour,
		touchpoint.Return: 96 * time.Hour, touchpoint.Advocacy: 7 * 24 * time.Hour,
	}
}

// clone returns a copy of c that shares no map or slice with it, so that a
// running generation is immune to the caller changing its Config.
func (c Config) clone() Config {
	c.Channels = slices.Clone(c.Channels)
	c.Failures = slices.Clone(c.Failures)
	c.Policies = slices.Clone(c.Policies)
	c.Delays = maps.Clone(c.Delays)
	chain := make(Chain, len(c.Chain))
	for s, row := range c.Chain {
		chain[s] = slices.Clone(row)
	}
	c.Chain = chain
	return c
}

// Limits returns the validation limits of the generated journeys: their
// clock stands still a year after the end of the observation, so that every
// simulated time validates however far the simulation lies in the future.
// The generator observes each customer at that clock: events the tail of
// an exponential delay would place after it are left out, and a resolution
// after it is cleared, as [journey.Journey.Until] does. A host that stores
// simulated journeys with a real clock should choose a Start far enough in
// the past.
func (c Config) Limits() touchpoint.Limits {
	now := c.Start.Add(c.Horizon).Add(52 * Week)
	return touchpoint.Limits{Now: func() time.Time { return now }}
}
