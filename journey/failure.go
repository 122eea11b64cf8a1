package journey

import (
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/cemkit/cem/touchpoint"
)

// Kind names what went wrong. The predefined kinds are constants; a host may
// use its own with the same syntax as a channel name.
type Kind string

// The predefined failure kinds.
const (
	OutOfStock     Kind = "out_of_stock"    // the wanted item was not available
	WrongItem      Kind = "wrong_item"      // the customer bought or received the wrong item
	LateDelivery   Kind = "late_delivery"   // delivery arrived after the promised date
	DefectiveItem  Kind = "defective_item"  // the item did not work or was damaged
	BillingError   Kind = "billing_error"   // the customer was charged wrongly
	LongWait       Kind = "long_wait"       // queue, hold time or slow answer
	UnhelpfulStaff Kind = "unhelpful_staff" // staff were rude, uninformed or unwilling
)

// Kinds returns the predefined failure kinds.
func Kinds() []Kind {
	return []Kind{OutOfStock, WrongItem, LateDelivery, DefectiveItem, BillingError, LongWait, UnhelpfulStaff}
}

// Validate checks the kind's syntax: 1 to 64 bytes, a lowercase letter
// first, then lowercase letters, digits, '_', '-' or '.'.
func (k Kind) Validate() error {
	if _, err := touchpoint.ParseChannel(string(k)); err != nil {
		return touchpoint.Invalid("failure", "kind", string(k), "must be 1-64 bytes of a-z, 0-9, '_', '-', '.' starting with a letter")
	}
	return nil
}

// String returns the kind's name.
func (k Kind) String() string { return string(k) }

// MarshalText implements encoding.TextMarshaler and refuses a malformed kind.
func (k Kind) MarshalText() ([]byte, error) {
	if err := k.Validate(); err != nil {
		return nil, err
	}
	return []byte(k), nil
}

// UnmarshalText implements encoding.TextUnmarshaler and validates the kind.
func (k *Kind) UnmarshalText(b []byte) error {
	v := Kind(b)
	if err := v.Validate(); err != nil {
		return err
	}
	*k = v
	return nil
}

// Severity grades how badly a failure hurt the customer, as a CX analyst
// would triage it. The zero value is not a valid severity: a failure must
// say how bad it was.
type Severity uint8

// The severities, from a nuisance to a broken relationship.
const (
	Minor    Severity = iota + 1 // an annoyance the customer shrugs off
	Moderate                     // a real inconvenience: a second trip, a call
	Major                        // the need went unmet or money was lost
	Critical                     // harm, or a failure the customer will tell others about
)

var severityNames = [...]string{"", "minor", "moderate", "major", "critical"}

// String returns "minor", "moderate", "major" or "critical".
func (s Severity) String() string {
	if int(s) < len(severityNames) && s > 0 {
		return severityNames[s]
	}
	return "severity(" + strconv.Itoa(int(s)) + ")"
}

// Weight returns the severity on a 0–1 scale (minor 0.25 … critical 1),
// the form scorers use.
func (s Severity) Weight() float64 {
	if s < Minor || s > Critical {
		return 0
	}
	return float64(s) / float64(Critical)
}

// ParseSeverity parses the names String returns.
func ParseSeverity(s string) (Severity, error) {
	for i := Minor; i <= Critical; i++ {
		if severityNames[i] == s {
			return i, nil
		}
	}
	return 0, touchpoint.Invalid("failure", "severity", s, "must be minor, moderate, major or critical")
}

// Validate reports whether s is one of the four severities.
func (s Severity) Validate() error {
	if s < Minor || s > Critical {
		return touchpoint.Invalid("failure", "severity", s.String(), "must be minor, moderate, major or critical")
	}
	return nil
}

// MarshalText implements encoding.TextMarshaler.
func (s Severity) MarshalText() ([]byte, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return []byte(s.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Failure is something that went wrong for the customer: the service
// failure that service-recovery research starts from (Tax, Brown &
// Chandrashekaran 1998). A Failure belongs to one customer's journey and may
// be followed by any number of [Recovery] attempts.
type Failure struct {
	// ID identifies the failure; recoveries refer to it.
	ID uuid.UUID
	// CustomerID is the customer who suffered it.
	CustomerID string
	// Time is when it happened (or was noticed).
	Time time.Time
	// Kind says what went wrong.
	Kind Kind
	// Severity says how badly it hurt.
	Severity Severity
	// Channel is where it happened.
	Channel touchpoint.Channel
	// TouchpointID is the touchpoint where it happened, or uuid.Nil if none
	// was recorded. It need not be in the journey: events may arrive in any
	// order.
	TouchpointID uuid.UUID
	// Loss is what the failure cost the customer (a wasted trip, a wrong
	// charge), or the zero Money if unknown. It must not be negative.
	Loss touchpoint.Money
	// Note is free text, at most Limits.MaxTextLen bytes.
	Note string
}

// Validate checks f with the default touchpoint.Limits.
func (f Failure) Validate() error { return ValidateFailure(touchpoint.Limits{}, f) }

// ValidateFailure checks f against l and returns a *touchpoint.ValidationError
// for the first broken rule.
func ValidateFailure(l touchpoint.Limits, f Failure) error {
	if f.ID == uuid.Nil {
		return touchpoint.Invalid("failure", "id", f.ID.String(), "must not be the nil UUID")
	}
	if err := l.CheckCustomerID("failure", f.CustomerID); err != nil {
		return err
	}
	if err := l.CheckTime("failure", "time", f.Time); err != nil {
		return err
	}
	if err := f.Kind.Validate(); err != nil {
		return err
	}
	if err := f.Severity.Validate(); err != nil {
		return err
	}
	if err := f.Channel.Validate(); err != nil {
		return err
	}
	if err := f.Loss.Validate(); err != nil {
		return err
	}
	if f.Loss.Amount.IsNegative() {
		return touchpoint.Invalid("failure", "loss", f.Loss.String(), "must not be negative")
	}
	return l.CheckLongText("failure", "note", f.Note)
}

// Equal reports whether f and o are the same event with the same content.
func (f Failure) Equal(o Failure) bool {
	return f.ID == o.ID && f.CustomerID == o.CustomerID && f.Time.Equal(o.Time) &&
		f.Kind == o.Kind && f.Severity == o.Severity && f.Channel == o.Channel &&
		f.TouchpointID == o.TouchpointID && f.Loss.Equal(o.Loss) && f.Note == o.Note
}
