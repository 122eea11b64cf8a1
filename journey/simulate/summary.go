package simulate

import (
	"slices"
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

// SummaryOf returns the repeat-buying summary of a journey observed until
// end: its purchase touchpoints (stage touchpoint.Purchase) up to end, the
// first one starting the clock. Weeks are [Week]s. A journey without a
// purchase by end has Age 0 and no repeats.
//
// For a simulated journey and the end of its observation, SummaryOf returns
// the customer's [Customer.Summary]: the truth can be recomputed from the
// events alone, as a host would.
func SummaryOf(j *journey.Journey, end time.Time) Summary {
	var times []time.Time
	for _, tp := range j.Touchpoints() {
		if tp.Stage == touchpoint.Purchase && !tp.Time.After(end) {
			times = append(times, tp.Time)
		}
	}
	return summarise(j.CustomerID(), times, end)
}

// summarise computes (x, t_x, T) from sorted purchase times.
func summarise(id string, times []time.Time, end time.Time) Summary {
	s := Summary{CustomerID: id}
	if len(times) == 0 {
		return s
	}
	times = slices.Clone(times)
	slices.SortFunc(times, time.Time.Compare)
	first := times[0]
	s.Frequency = len(times) - 1
	s.Age = weeks(end.Sub(first))
	s.Recency = weeks(times[len(times)-1].Sub(first))
	return s
}
