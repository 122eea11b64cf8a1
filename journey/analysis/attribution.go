package analysis

import (
	"cmp"
	"iter"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

// MaxOrder is the highest chain order [Attribute] accepts. States grow as
// channels^order; beyond 4 the chain is too sparse to estimate from any
// realistic data.
const MaxOrder = 4

// AttributionSpec configures [Attribute]. The zero value is a first-order
// chain with [Purchased] as the conversion.
type AttributionSpec struct {
	// Order is the Markov chain's order, 1..MaxOrder; 0 means 1. In a chain
	// of order k a state is the last k channels of the path.
	Order int
	// Converts reports whether a touchpoint is a conversion; nil means
	// [Purchased].
	Converts func(touchpoint.Touchpoint) bool
}

// Validate checks the order.
func (s AttributionSpec) Validate() error {
	if s.Order < 0 || s.Order > MaxOrder {
		return invalidInt("order", int64(s.Order), "must be 0..4")
	}
	return nil
}

// Attribution is the result of [Attribute].
type Attribution struct {
	// Journeys is the number of non-empty journeys read; Conversions the
	// number that converted.
	Journeys, Conversions int
	// ConversionRate is P(conversion) from the chain's start state. With
	// transition probabilities estimated from the same paths it equals
	// Conversions/Journeys, which the tests check.
	ConversionRate float64
	// Value is the total value of the conversions (the converting
	// touchpoints' Value), one entry per currency in currency order,
	// without trailing zeros.
	Value []touchpoint.Money
	// Channels holds one entry per channel seen on a path, sorted by
	// channel. A channel seen only after a journey's conversion is not on
	// any path.
	Channels []ChannelCredit
}

// ChannelCredit is the conversions credited to one channel by each model.
// Each model's credits sum to Attribution.Conversions (up to floating-point
// rounding).
type ChannelCredit struct {
	Channel touchpoint.Channel
	// RemovalEffect is 1 − P(conversion | channel removed)/P(conversion),
	// in [0, 1].
	RemovalEffect float64
	// Markov is the removal effect normalised over all channels, times the
	// conversions.
	Markov float64
	// MarkovValue is the conversion value split the same way, one entry per
	// currency of Attribution.Value, each rounded to the currency's ISO
	// 4217 minor unit (touchpoint.MinorUnits: cents for EUR, whole yen for
	// JPY; 8 places for a currency without one), or to the total's own
	// significant decimals if it has more, with the rounding remainder
	// given to the channel with the most credit, so the values sum exactly
	// to the total. The places depend on the amount's value, not on how it
	// was written: 10 EUR and 10.00 EUR split alike, and amounts carry no
	// trailing zeros.
	MarkovValue []touchpoint.Money
	// FirstTouch and LastTouch credit each conversion wholly to the first
	// or last channel of its path; Linear splits it equally over the
	// path's touchpoints.
	FirstTouch, LastTouch, Linear float64
}

// Credit returns the credit of channel c; a channel not on any path gets
// the zero ChannelCredit, with nothing credited.
func (a Attribution) Credit(c touchpoint.Channel) ChannelCredit {
	i, ok := slices.BinarySearchFunc(a.Channels, c, func(cc ChannelCredit, c touchpoint.Channel) int {
		return cmp.Compare(cc.Channel, c)
	})
	if !ok {
		return ChannelCredit{Channel: c}
	}
	return a.Channels[i]
}

// Attribute credits conversions to channels with the Markov-chain model of
// Anderl, Becker, von Wangenheim & Schumann ("Mapping the customer journey:
// Lessons learned from graph-based online attribution modeling", IJRM
// 2016), beside the first-touch, last-touch and linear heuristics, in one
// pass over journeys with memory bounded by the number of chain states.
//
// Each journey is a path of the channels of its touchpoints, from a start
// state to an absorbing conversion state, through its first converting
// touchpoint (which counts as a contact on its channel), or to an absorbing
// null state when it never converts. Touchpoints after the conversion are
// not on the path. The removal effect of a channel c is
// RE(c) = 1 − P(conversion | c removed)/P(conversion), where removing c
// sends every state that contains it to null; the probabilities are solved
// exactly from the absorbing chain, so results are deterministic and do not
// depend on the order of the journeys. A channel's Markov credit is
// RE(c)/Σ RE × conversions.
//
// A first-order state forgets how the customer got there, so a channel
// that leads customers to a channel that converts earns credit even from
// paths that did not convert; higher orders remember more of the path at
// the cost of more states to estimate (Anderl et al. compare orders 1 to 4).
//
// Attribute returns a *touchpoint.ValidationError for an invalid spec and
// ErrNoConversions when no journey converts (including empty input).
func Attribute(journeys iter.Seq[*journey.Journey], spec AttributionSpec) (Attribution, error) {
	if err := spec.Validate(); err != nil {
		return Attribution{}, err
	}
	acc := newAttributionAcc(max(spec.Order, 1))
	converts := orPurchased(spec.Converts)
	for j := range journeys {
		if usable(j) {
			acc.add(j.Touchpoints(), converts)
		}
	}
	if acc.conversions == 0 {
		return Attribution{Journeys: acc.journeys}, ErrNoConversions
	}
	return acc.result()
}

// attributionAcc accumulates the chain and the heuristic models.
type attributionAcc struct {
	chain       *chain
	journeys    int
	conversions int
	first, last map[int]int
	linear      map[linearKey]int
	value       map[string]decimal.Decimal
	path        []int // scratch
}

// linearKey counts a channel's touches on converting paths of one length,
// so linear credit is summed in a fixed order at the end.
type linearKey struct{ channel, length int }

func newAttributionAcc(order int) *attributionAcc {
	return &attributionAcc{
		chain:  newChain(order),
		first:  make(map[int]int),
		last:   make(map[int]int),
		linear: make(map[linearKey]int),
		value:  make(map[string]decimal.Decimal),
	}
}

func (acc *attributionAcc) add(tps []touchpoint.Touchpoint, converts func(touchpoint.Touchpoint) bool) {
	acc.journeys++
	acc.path = acc.path[:0]
	converted := false
	for _, tp := range tps {
		acc.path = append(acc.path, acc.chain.channelID(tp.Channel))
		if converted = converts(tp); converted {
			acc.convert(tp.Value)
			break
		}
	}
	acc.chain.addPath(acc.path, converted)
}

// convert records the heuristic credits and value of the converting path
// in acc.path.
func (acc *attributionAcc) convert(v touchpoint.Money) {
	acc.conversions++
	acc.first[acc.path[0]]++
	acc.last[acc.path[len(acc.path)-1]]++
	for _, c := range acc.path {
		acc.linear[linearKey{c, len(acc.path)}]++
	}
	if !v.IsZero() {
		acc.value[v.Currency] = acc.value[v.Currency].Add(v.Amount)
	}
}
