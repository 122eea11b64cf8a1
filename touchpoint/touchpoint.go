package touchpoint

import (
	"maps"
	"time"

	"github.com/google/uuid"
)

// Touchpoint is one interaction between a customer and the business: a shop
// visit, a page view, a call, a delivery. Touchpoints are plain values; a
// [journey.Journey] orders one customer's touchpoints into a whole.
//
// Only ID, CustomerID, Time, Channel and Stage are required. Feedback,
// Value, Duration, Wait and Attributes are optional; their zero values mean
// "not recorded".
type Touchpoint struct {
	// ID identifies the touchpoint. Use [NewID] for a fresh one or
	// [IDFromKey] to derive it from the host's own event id, so that a
	// re-sent event is recognised.
	ID uuid.UUID
	// CustomerID is the host's own, opaque customer identifier.
	CustomerID string
	// Time is when the interaction happened. JSON keeps it in UTC with
	// nanoseconds; the SQL adapter stores it exactly.
	Time time.Time
	// Channel is where the interaction happened.
	Channel Channel
	// Stage is the step of the experience.
	Stage Stage
	// Outcome flags a failed interaction; the zero value is [OK].
	Outcome Outcome
	// Feedback holds the customer's survey answers about this touchpoint, if
	// any.
	Feedback Feedback
	// Value is the money involved (an order total, a refund as a negative
	// amount), or the zero Money.
	Value Money
	// Duration is how long the interaction took, 0 if unknown.
	Duration time.Duration
	// Wait is how long the customer waited before being served (queue, hold
	// time), 0 if unknown or none.
	Wait time.Duration
	// Attributes are free-form host data (order number, store id, agent).
	// They are bounded by [Limits]: by default 32 entries, keys up to 64
	// bytes, values up to 1 KiB.
	Attributes map[string]string
}

// Validate checks t with the default [Limits]. It returns a
// [*ValidationError] naming the first field that breaks a rule.
func (t Touchpoint) Validate() error { return Limits{}.Validate(t) }

// Validate checks t against l: a non-nil ID, a valid customer id, a time
// that is set and not too far in the future, well-formed channel and stage,
// a known outcome, feedback on its scales, valid money, non-negative
// durations and bounded attributes.
func (l Limits) Validate(t Touchpoint) error {
	if t.ID == uuid.Nil {
		return Invalid("touchpoint", "id", t.ID.String(), "must not be the nil UUID")
	}
	if err := l.CheckCustomerID("touchpoint", t.CustomerID); err != nil {
		return err
	}
	if err := l.CheckTime("touchpoint", "time", t.Time); err != nil {
		return err
	}
	for _, check := range [...]func() error{
		t.Channel.Validate, t.Stage.Validate, t.Outcome.Validate, t.Feedback.Validate, t.Value.Validate,
	} {
		if err := check(); err != nil {
			return err
		}
	}
	if err := CheckDuration("touchpoint", "duration", t.Duration); err != nil {
		return err
	}
	if err := CheckDuration("touchpoint", "wait", t.Wait); err != nil {
		return err
	}
	return l.checkAttributes(t.Attributes)
}

// Clone returns a deep copy of t: changing the copy's attributes does not
// change t's.
func (t Touchpoint) Clone() Touchpoint {
	if t.Attributes != nil {
		t.Attributes = maps.Clone(t.Attributes)
	}
	return t
}

// Equal reports whether t and o describe the same event with the same
// content: times are compared as instants, money numerically, and a nil
// attribute map equals an empty one. Stores use it to tell a harmless
// re-send from a conflicting one.
func (t Touchpoint) Equal(o Touchpoint) bool {
	return t.ID == o.ID &&
		t.CustomerID == o.CustomerID &&
		t.Time.Equal(o.Time) &&
		t.Channel == o.Channel &&
		t.Stage == o.Stage &&
		t.Outcome == o.Outcome &&
		t.Feedback == o.Feedback &&
		t.Value.Equal(o.Value) &&
		t.Duration == o.Duration &&
		t.Wait == o.Wait &&
		maps.Equal(t.Attributes, o.Attributes)
}

// Before reports whether t sorts before o in a journey: by time, then by ID
// so that touchpoints at the same instant still have one fixed order.
func (t Touchpoint) Before(o Touchpoint) bool {
	if c := t.Time.Compare(o.Time); c != 0 {
		return c < 0
	}
	return compareIDs(t.ID, o.ID) < 0
}

// Compare orders touchpoints as [Touchpoint.Before] does, returning -1, 0
// or +1; it suits slices.SortFunc.
func Compare(a, b Touchpoint) int {
	if c := a.Time.Compare(b.Time); c != 0 {
		return c
	}
	return compareIDs(a.ID, b.ID)
}

func compareIDs(a, b uuid.UUID) int {
	for i := range a {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}
