package clv

import (
	"fmt"
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

// Week is the time unit of the CDNOW papers and the default unit of a
// [Calibration].
const Week = 7 * 24 * time.Hour

// Calibration turns a customer's stored purchase touchpoints into the
// summaries the models take, for the calibration period that ends at
// Cutoff: what a host does before fitting a model on its own data, and
// what Fader, Hardie & Lee (2005) do with the CDNOW transactions.
//
// A purchase is a touchpoint at Stage with outcome touchpoint.OK at or
// before Cutoff. Purchases on the same calendar day (UTC) count as one
// transaction with their values added, as in the CDNOW data; a
// transaction's time is the start of its day. The first transaction starts
// the customer's clock; Frequency counts the later
// ones, Recency is the time from the first to the last, and Age the time
// from the first to Cutoff, all in Unit. The spend of a customer is the
// mean value of the repeat transactions that carry a value (the first
// purchase is left out, as the Gamma-Gamma model requires).
type Calibration struct {
	// Cutoff ends the calibration period; required.
	Cutoff time.Time
	// Unit is the time unit of Recency and Age; zero means [Week].
	Unit time.Duration
	// Stage is the stage of purchases; "" means touchpoint.Purchase.
	Stage touchpoint.Stage
}

// Summarize returns the customer's summary and spend in the calibration
// period, and false when the customer made no purchase by Cutoff (such a
// customer is not yet in the cohort the models describe). Values in more
// than one currency are an error wrapping touchpoint.ErrCurrencyMismatch;
// a zero Cutoff, a negative Unit or a nil journey an *InputError.
func (c Calibration) Summarize(j *journey.Journey) (Summary, Spend, bool, error) {
	if err := c.validate(j); err != nil {
		return Summary{}, Spend{}, false, err
	}
	days, err := c.transactions(j)
	if err != nil || len(days) == 0 {
		return Summary{}, Spend{}, false, err
	}
	unit := float64(c.unit())
	first, last := days[0].day, days[len(days)-1].day
	s := Summary{
		Frequency: float64(len(days) - 1),
		Recency:   float64(last.Sub(first)) / unit,
		Age:       float64(c.Cutoff.Sub(first)) / unit,
	}
	var sp Spend
	var total float64
	for _, d := range days[1:] {
		if d.valued {
			sp.Frequency++
			total += d.value
		}
	}
	if sp.Frequency > 0 {
		sp.MeanValue = total / sp.Frequency
	}
	return s, sp, true, nil
}

func (c Calibration) unit() time.Duration {
	if c.Unit == 0 {
		return Week
	}
	return c.Unit
}

func (c Calibration) stage() touchpoint.Stage {
	if c.Stage == "" {
		return touchpoint.Purchase
	}
	return c.Stage
}

func (c Calibration) validate(j *journey.Journey) error {
	switch {
	case j == nil:
		return &InputError{Index: -1, Field: "journey", Value: "nil", Rule: "must not be nil"}
	case c.Cutoff.IsZero():
		return &InputError{Index: -1, Field: "Cutoff", Value: "zero time", Rule: "must be set"}
	case c.Unit < 0:
		return &InputError{Index: -1, Field: "Unit", Value: c.Unit.String(), Rule: "must not be negative"}
	}
	return nil
}

// transaction is one day's purchases.
type transaction struct {
	day    time.Time
	value  float64
	valued bool
}

// transactions groups the journey's purchases up to Cutoff by UTC day, in
// time order (the journey's own order).
func (c Calibration) transactions(j *journey.Journey) ([]transaction, error) {
	var out []transaction
	// sum is kept only to refuse values in more than one currency.
	var sum touchpoint.Money
	for _, tp := range j.Touchpoints() {
		if tp.Time.After(c.Cutoff) {
			break
		}
		if tp.Stage != c.stage() || tp.Outcome != touchpoint.OK {
			continue
		}
		day := tp.Time.UTC().Truncate(24 * time.Hour)
		if n := len(out); n == 0 || !out[n-1].day.Equal(day) {
			out = append(out, transaction{day: day})
		}
		if tp.Value.IsZero() {
			continue
		}
		var err error
		if sum, err = sum.Add(tp.Value); err != nil {
			return nil, fmt.Errorf("clv: purchases of %q: %w", j.CustomerID(), err)
		}
		v, _ := tp.Value.Amount.Float64()
		t := &out[len(out)-1]
		t.value += v
		t.valued = true
	}
	return out, nil
}
