package eventlog

import (
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

// Type says which kind of event an [Event] holds.
type Type uint8

// The event types. The zero Type is not a valid event.
const (
	TouchpointEvent Type = iota + 1 // a touchpoint.Touchpoint
	FailureEvent                    // a journey.Failure
	RecoveryEvent                   // a journey.Recovery
)

// String returns "touchpoint", "failure" or "recovery", the names a JSON
// line's "type" holds.
func (t Type) String() string {
	switch t {
	case TouchpointEvent:
		return "touchpoint"
	case FailureEvent:
		return "failure"
	case RecoveryEvent:
		return "recovery"
	}
	return "invalid"
}

func parseType(s string) (Type, bool) {
	for _, t := range []Type{TouchpointEvent, FailureEvent, RecoveryEvent} {
		if t.String() == s {
			return t, true
		}
	}
	return 0, false
}

// Event is one line of a JSON Lines event log: a touchpoint, a failure or a
// recovery, as Type says; only that field is set.
type Event struct {
	Type       Type
	Touchpoint touchpoint.Touchpoint
	Failure    journey.Failure
	Recovery   journey.Recovery
}

// TouchpointOf returns tp as an Event.
func TouchpointOf(tp touchpoint.Touchpoint) Event {
	return Event{Type: TouchpointEvent, Touchpoint: tp}
}

// FailureOf returns f as an Event.
func FailureOf(f journey.Failure) Event { return Event{Type: FailureEvent, Failure: f} }

// RecoveryOf returns r as an Event.
func RecoveryOf(r journey.Recovery) Event { return Event{Type: RecoveryEvent, Recovery: r} }

// CustomerID returns the customer of the event.
func (e Event) CustomerID() string {
	switch e.Type {
	case FailureEvent:
		return e.Failure.CustomerID
	case RecoveryEvent:
		return e.Recovery.CustomerID
	}
	return e.Touchpoint.CustomerID
}

// Time returns when the event happened.
func (e Event) Time() time.Time {
	switch e.Type {
	case FailureEvent:
		return e.Failure.Time
	case RecoveryEvent:
		return e.Recovery.Time
	}
	return e.Touchpoint.Time
}
