package analysis

import (
	"cmp"
	"maps"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/cemkit/cem/touchpoint"
)

// result solves the chain and assembles the report.
func (acc *attributionAcc) result() (Attribution, error) {
	ch := acc.chain
	order := ch.canonical()
	p, err := ch.conversionProbability(order, -1)
	if err != nil {
		return Attribution{}, err
	}
	res := Attribution{Journeys: acc.journeys, Conversions: acc.conversions, ConversionRate: p}
	res.Channels = make([]ChannelCredit, len(ch.channels))
	for c, name := range ch.channels {
		pc, err := ch.conversionProbability(order, c)
		if err != nil {
			return Attribution{}, err
		}
		re := min(max(1-pc/p, 0), 1)
		res.Channels[c] = ChannelCredit{
			Channel:       name,
			RemovalEffect: re,
			FirstTouch:    float64(acc.first[c]),
			LastTouch:     float64(acc.last[c]),
			Linear:        acc.linearCredit(c),
		}
	}
	// Sorted before summing, so the sum does not depend on the order in
	// which channels were first seen.
	slices.SortFunc(res.Channels, func(a, b ChannelCredit) int { return cmp.Compare(a.Channel, b.Channel) })
	var sumRE float64
	for _, c := range res.Channels {
		sumRE += c.RemovalEffect
	}
	acc.markov(&res, sumRE)
	return res, nil
}

// linearCredit sums channel c's linear credit, path length by path length
// in increasing order, so the float sum is the same for any input order.
func (acc *attributionAcc) linearCredit(c int) float64 {
	lengths := make([]int, 0)
	for k := range acc.linear {
		if k.channel == c {
			lengths = append(lengths, k.length)
		}
	}
	slices.Sort(lengths)
	var sum float64
	for _, l := range lengths {
		sum += float64(acc.linear[linearKey{c, l}]) / float64(l)
	}
	return sum
}

// markov fills in the Markov credits and values. Some channel converts on
// every converting path, so sumRE > 0 whenever there are conversions.
func (acc *attributionAcc) markov(res *Attribution, sumRE float64) {
	shares := make([]float64, len(res.Channels))
	top := 0
	for i := range res.Channels {
		if sumRE > 0 {
			shares[i] = res.Channels[i].RemovalEffect / sumRE
		}
		res.Channels[i].Markov = shares[i] * float64(acc.conversions)
		if shares[i] > shares[top] {
			top = i
		}
	}
	for _, cur := range slices.Sorted(maps.Keys(acc.value)) {
		total := touchpoint.Money{Amount: acc.value[cur], Currency: cur}
		res.Value = append(res.Value, total)
		for i, m := range splitMoney(total, shares, top) {
			res.Channels[i].MarkovValue = append(res.Channels[i].MarkovValue, m)
		}
	}
}

// splitMoney splits total by shares, rounded to the total's decimal places,
// and gives the rounding remainder to shares[top] so the parts sum exactly
// to total.
func splitMoney(total touchpoint.Money, shares []float64, top int) []touchpoint.Money {
	places := min(max(-total.Amount.Exponent(), 0), touchpoint.MaxMoneyFractionDigits)
	parts := make([]touchpoint.Money, len(shares))
	rest := total.Amount
	for i, s := range shares {
		amt := total.Amount.Mul(decimal.NewFromFloat(s)).Round(places)
		parts[i] = touchpoint.Money{Amount: amt, Currency: total.Currency}
		rest = rest.Sub(amt)
	}
	parts[top].Amount = parts[top].Amount.Add(rest)
	return parts
}
