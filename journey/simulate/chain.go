package simulate

import (
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/cemkit/cem/touchpoint"
)

// End is the pseudo-stage that ends an episode in a [Chain].
const End touchpoint.Stage = ""

// maxSteps bounds an episode, so that a chain with a likely loop still ends.
const maxSteps = 64

// Chain is a Markov chain over stages: for each stage, the probabilities of
// the stage that comes next, [End] ending the episode. An episode starts at
// touchpoint.Arrival.
//
// Every episode is one purchase of the repeat-buying process, so
// [Config.Validate] requires that every path from Arrival to End passes
// touchpoint.Purchase and none passes it twice, that every row sums to 1,
// and that End is reachable from every stage the walk can reach. An episode is cut after 64 stages.
type Chain map[touchpoint.Stage][]Step

// Step is one transition of a [Chain]: to stage To with probability P.
type Step struct {
	To touchpoint.Stage
	P  float64
}

// DefaultChain returns the chain of a typical purchase: arrive, browse
// (sometimes again), maybe ask for help, check out; then delivery (for 70%
// of purchases), use, and sometimes support, a return or a recommendation.
func DefaultChain() Chain {
	return Chain{
		touchpoint.Arrival:    {{touchpoint.Browse, 0.9}, {touchpoint.Assistance, 0.1}},
		touchpoint.Browse:     {{touchpoint.Browse, 0.2}, {touchpoint.Assistance, 0.25}, {touchpoint.Purchase, 0.55}},
		touchpoint.Assistance: {{touchpoint.Browse, 0.3}, {touchpoint.Purchase, 0.7}},
		touchpoint.Purchase:   {{touchpoint.Delivery, 0.7}, {touchpoint.Usage, 0.2}, {End, 0.1}},
		touchpoint.Delivery:   {{touchpoint.Usage, 0.8}, {touchpoint.Return, 0.1}, {touchpoint.Support, 0.1}},
		touchpoint.Usage:      {{touchpoint.Support, 0.1}, {touchpoint.Advocacy, 0.15}, {End, 0.75}},
		touchpoint.Support:    {{touchpoint.Return, 0.2}, {touchpoint.Advocacy, 0.05}, {End, 0.75}},
		touchpoint.Return:     {{touchpoint.Support, 0.1}, {End, 0.9}},
		touchpoint.Advocacy:   {{End, 1}},
	}
}

// next draws the stage after s.
func (c Chain) next(rng *rand.Rand, s touchpoint.Stage) touchpoint.Stage {
	row := c[s]
	return row[pick(rng, func(i int) float64 { return row[i].P }, len(row))].To
}

// walk draws the stages of one episode; it always contains Purchase.
func (c Chain) walk(rng *rand.Rand, buf []touchpoint.Stage) []touchpoint.Stage {
	buf = buf[:0]
	bought := false
	for s := touchpoint.Arrival; s != End && len(buf) < maxSteps; s = c.next(rng, s) {
		buf = append(buf, s)
		bought = bought || s == touchpoint.Purchase
	}
	if !bought {
		buf = append(buf, touchpoint.Purchase)
	}
	return buf
}

// validate checks the rows, then the paths.
func (c Chain) validate() error {
	if len(c[touchpoint.Arrival]) == 0 {
		return invalid("chain[arrival]", "", "must have transitions: every episode starts at arrival")
	}
	for _, s := range slices.Sorted(maps.Keys(c)) {
		if err := c.validateRow(s); err != nil {
			return err
		}
	}
	return c.validatePaths()
}

func (c Chain) validateRow(s touchpoint.Stage) error {
	field := "chain[" + string(s) + "]"
	if err := s.Validate(); err != nil {
		return invalid(field, string(s), "must be a valid stage")
	}
	sum := 0.0
	for i, st := range c[s] {
		f := field + "[" + strconv.Itoa(i) + "]"
		if !probability(st.P) {
			return invalid(f+".p", fmtFloat(st.P), "must be a probability in [0, 1]")
		}
		if _, ok := c[st.To]; st.To != End && !ok {
			return invalid(f+".to", string(st.To), "must be End or a stage with transitions")
		}
		sum += st.P
	}
	if !sumsToOne(sum) {
		return invalid(field, fmtFloat(sum), "probabilities must sum to 1")
	}
	return nil
}

// validatePaths checks that End is reachable from every reachable stage and
// that no path reaches End without a purchase.
func (c Chain) validatePaths() error {
	reach := c.reachable(touchpoint.Arrival, "")
	for s := range reach {
		if s != End && !c.reachable(s, "")[End] {
			return invalid("chain["+string(s)+"]", string(s), "must be able to reach End")
		}
	}
	if c.reachable(touchpoint.Arrival, touchpoint.Purchase)[End] {
		return invalid("chain", "", "every path from arrival to End must pass purchase")
	}
	for _, st := range c[touchpoint.Purchase] {
		if st.P > 0 && (st.To == touchpoint.Purchase || c.reachable(st.To, "")[touchpoint.Purchase]) {
			return invalid("chain[purchase]", string(st.To), "must not lead back to purchase: an episode is one purchase")
		}
	}
	return nil
}

// reachable returns the stages reachable from s through positive
// transitions without entering avoid.
func (c Chain) reachable(s, avoid touchpoint.Stage) map[touchpoint.Stage]bool {
	seen := map[touchpoint.Stage]bool{s: true}
	todo := []touchpoint.Stage{s}
	for len(todo) > 0 {
		cur := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		for _, st := range c[cur] {
			if st.P > 0 && !seen[st.To] && (avoid == "" || st.To != avoid) {
				seen[st.To] = true
				todo = append(todo, st.To)
			}
		}
	}
	return seen
}

func probability(p float64) bool { return p >= 0 && p <= 1 }

func positive(v float64) bool { return v > 0 && !math.IsInf(v, 1) }

func fmtFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
