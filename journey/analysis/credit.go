package analysis

import (
	"cmp"
	"maps"
	"math/big"
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
		total := touchpoint.Money{Amount: stripZeros(acc.value[cur]), Currency: cur}
		res.Value = append(res.Value, total)
		for i, m := range splitMoney(total, shares, top) {
			res.Channels[i].MarkovValue = append(res.Channels[i].MarkovValue, m)
		}
	}
}

// splitMoney splits total by shares and gives the rounding remainder to
// shares[top] so the parts sum exactly to total. Each part is rounded to
// splitPlaces, which depends on the amount's value, never on how it was
// written, and carries no trailing zeros: 10 EUR and 10.00 EUR split alike.
func splitMoney(total touchpoint.Money, shares []float64, top int) []touchpoint.Money {
	places := splitPlaces(total)
	parts := make([]touchpoint.Money, len(shares))
	rest := total.Amount
	for i, s := range shares {
		amt := total.Amount.Mul(decimal.NewFromFloat(s)).Round(places)
		parts[i] = touchpoint.Money{Amount: amt, Currency: total.Currency}
		rest = rest.Sub(amt)
	}
	parts[top].Amount = parts[top].Amount.Add(rest)
	for i := range parts {
		parts[i].Amount = stripZeros(parts[i].Amount)
	}
	return parts
}

// splitPlaces returns the decimal places a share of total is rounded to:
// the currency's ISO 4217 minor unit (touchpoint.MinorUnits, the maximum of
// touchpoint.MaxMoneyFractionDigits for a currency without one), or more
// when total itself has more significant fraction digits, so a sub-cent
// total is not rounded away.
func splitPlaces(total touchpoint.Money) int32 {
	places, ok := touchpoint.MinorUnits(total.Currency)
	if !ok {
		places = touchpoint.MaxMoneyFractionDigits
	}
	own := int(-stripZeros(total.Amount).Exponent())
	return int32(min(max(places, own), touchpoint.MaxMoneyFractionDigits))
}

// stripZeros returns d without trailing fraction zeros (10.00 becomes 10),
// the one form of a value, so that equal amounts also print alike.
func stripZeros(d decimal.Decimal) decimal.Decimal {
	c, exp := d.Coefficient(), d.Exponent()
	if c.Sign() == 0 {
		return decimal.Zero
	}
	ten := big.NewInt(10)
	var q, r big.Int
	for exp < 0 {
		q.QuoRem(c, ten, &r)
		if r.Sign() != 0 {
			break
		}
		c.Set(&q)
		exp++
	}
	return decimal.NewFromBigInt(c, exp)
}
