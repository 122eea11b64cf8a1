package eventlog

import (
	"fmt"
	"iter"
	"maps"
	"slices"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

// Journeys assembles a stream of events into one journey per customer,
// validated against l, in customer-id order. Events may come in any order:
// recoveries are added after every failure has been read. It returns all
// the journeys or, at the first error of the stream or of a journey
// (journey.ErrConflict, journey.ErrUnknownFailure, a
// *touchpoint.ValidationError), none.
//
// Every journey is in memory until the end; a host importing a log larger
// than memory streams the events into its store instead.
func Journeys(events iter.Seq2[Event, error], l touchpoint.Limits) ([]*journey.Journey, error) {
	byCustomer := map[string]*journey.Journey{}
	of := func(id string) *journey.Journey {
		j := byCustomer[id]
		if j == nil {
			j = journey.NewWithLimits(id, l)
			byCustomer[id] = j
		}
		return j
	}
	var recoveries []journey.Recovery
	for e, err := range events {
		if err != nil {
			return nil, err
		}
		j := of(e.CustomerID())
		switch e.Type {
		case TouchpointEvent:
			err = j.Add(e.Touchpoint)
		case FailureEvent:
			err = j.AddFailure(e.Failure)
		case RecoveryEvent:
			recoveries = append(recoveries, e.Recovery)
		default:
			err = touchpoint.Invalid("eventlog", "type", e.Type.String(), "must be touchpoint, failure or recovery")
		}
		if err != nil {
			return nil, fmt.Errorf("eventlog: customer %q: %w", e.CustomerID(), err)
		}
	}
	for _, r := range recoveries {
		if err := of(r.CustomerID).AddRecovery(r); err != nil {
			return nil, fmt.Errorf("eventlog: customer %q: %w", r.CustomerID, err)
		}
	}
	out := make([]*journey.Journey, 0, len(byCustomer))
	for _, id := range slices.Sorted(maps.Keys(byCustomer)) {
		out = append(out, byCustomer[id])
	}
	return out, nil
}

// TouchpointEvents adapts a stream of touchpoints, such as
// [CSVReader.Touchpoints], to a stream of events for [Journeys].
func TouchpointEvents(tps iter.Seq2[touchpoint.Touchpoint, error]) iter.Seq2[Event, error] {
	return func(yield func(Event, error) bool) {
		for tp, err := range tps {
			if !yield(TouchpointOf(tp), err) {
				return
			}
		}
	}
}
