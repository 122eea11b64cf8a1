package journey

import (
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/cemkit/cem/touchpoint"
)

// Action is one thing the business did to put a failure right. Actions
// combine as a bit set: Apology|Refund.
//
// The actions map onto the three dimensions of perceived justice in service
// recovery (Tax, Brown & Chandrashekaran 1998; Smith, Bolton & Wagner 1999):
// Refund, Replacement and Discount are distributive (the outcome); Expedite
// and FollowUp are procedural (the process); Apology and Explanation are
// interactional (the treatment).
type Action uint16

// The recovery actions.
const (
	Apology     Action = 1 << iota // said sorry
	Explanation                    // explained what went wrong and why
	Refund                         // gave money back
	Replacement                    // replaced or re-sent the item
	Discount                       // compensated: a discount, voucher or gift
	Expedite                       // put the fix ahead of the queue
	FollowUp                       // came back to check the customer was happy
)

var actionNames = [...]struct {
	a    Action
	name string
}{
	{Apology, "apology"}, {Explanation, "explanation"}, {Refund, "refund"},
	{Replacement, "replacement"}, {Discount, "discount"}, {Expedite, "expedite"},
	{FollowUp, "follow_up"},
}

// allActions is the union of the defined actions.
const allActions = Apology | Explanation | Refund | Replacement | Discount | Expedite | FollowUp

// Has reports whether a contains every action in b.
func (a Action) Has(b Action) bool { return a&b == b }

// Names returns the names of the actions in a, in a fixed order.
func (a Action) Names() []string {
	var out []string
	for _, n := range actionNames {
		if a.Has(n.a) {
			out = append(out, n.name)
		}
	}
	return out
}

// String returns the names joined by "+", e.g. "apology+discount", or "none".
func (a Action) String() string {
	if a == 0 {
		return "none"
	}
	return strings.Join(a.Names(), "+")
}

// ParseAction parses one action name ("apology", "follow_up", ...).
func ParseAction(s string) (Action, error) {
	for _, n := range actionNames {
		if n.name == s {
			return n.a, nil
		}
	}
	return 0, touchpoint.Invalid("recovery", "actions", s, "must be one of apology, explanation, refund, replacement, discount, expedite, follow_up")
}

// Validate reports whether a holds only defined actions.
func (a Action) Validate() error {
	if a&^allActions != 0 {
		return touchpoint.Invalid("recovery", "actions", strconv.FormatUint(uint64(a), 10), "holds undefined action bits")
	}
	return nil
}

// Initiative says who started a recovery. Recovery the business starts
// before the customer complains is judged fairer (procedural justice; Smith,
// Bolton & Wagner 1999). The zero value is [CustomerInitiated], the usual
// case of a complaint.
type Initiative uint8

// The initiatives.
const (
	CustomerInitiated Initiative = iota // the customer complained or asked
	BusinessInitiated                   // the business noticed and acted first
)

// String returns "customer" or "business".
func (i Initiative) String() string {
	if i == BusinessInitiated {
		return "business"
	}
	if i == CustomerInitiated {
		return "customer"
	}
	return "initiative(" + strconv.FormatUint(uint64(i), 10) + ")"
}

// ParseInitiative parses "customer" or "business".
func ParseInitiative(s string) (Initiative, error) {
	switch s {
	case "customer":
		return CustomerInitiated, nil
	case "business":
		return BusinessInitiated, nil
	}
	return 0, touchpoint.Invalid("recovery", "initiative", s, `must be "customer" or "business"`)
}

// MarshalText implements encoding.TextMarshaler.
func (i Initiative) MarshalText() ([]byte, error) {
	if i > BusinessInitiated {
		return nil, touchpoint.Invalid("recovery", "initiative", i.String(), `must be "customer" or "business"`)
	}
	return []byte(i.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (i *Initiative) UnmarshalText(b []byte) error {
	v, err := ParseInitiative(string(b))
	if err != nil {
		return err
	}
	*i = v
	return nil
}

// Recovery is one attempt to put a [Failure] right. A failure may see
// several attempts (a call that goes nowhere, then a refund); each is a
// Recovery pointing at the same FailureID.
type Recovery struct {
	// ID identifies the attempt.
	ID uuid.UUID
	// FailureID is the failure this attempt addresses; it must be in the
	// same journey.
	FailureID uuid.UUID
	// CustomerID is the customer of the failure.
	CustomerID string
	// Time is when the attempt started; not before the failure.
	Time time.Time
	// ResolvedAt is when the failure was resolved by this attempt, or the
	// zero time if the attempt did not resolve it. Not before Time.
	ResolvedAt time.Time
	// Actions is what the business did.
	Actions Action
	// Compensation is the money given back (refund, discount, voucher), or
	// the zero Money. Not negative; in the failure's loss currency when the
	// loss has one.
	Compensation touchpoint.Money
	// Initiative says who started the attempt.
	Initiative Initiative
	// Channel is where the attempt happened.
	Channel touchpoint.Channel
	// Contacts is how many contacts the customer needed for this attempt (1
	// for a one-call fix). 0 means 1. More contacts mean more effort and
	// lower procedural justice.
	Contacts int
}

// Resolved reports whether this attempt resolved its failure.
func (r Recovery) Resolved() bool { return !r.ResolvedAt.IsZero() }

// ContactCount returns Contacts with 0 read as 1.
func (r Recovery) ContactCount() int { return max(r.Contacts, 1) }

// Validate checks r on its own with the default touchpoint.Limits; the
// checks against its failure happen when it is added to a [Journey].
func (r Recovery) Validate() error { return ValidateRecovery(touchpoint.Limits{}, r) }

// ValidateRecovery checks r against l on its own; see [Journey.AddRecovery]
// for the checks against its failure.
func ValidateRecovery(l touchpoint.Limits, r Recovery) error {
	if r.ID == uuid.Nil {
		return touchpoint.Invalid("recovery", "id", r.ID.String(), "must not be the nil UUID")
	}
	if r.FailureID == uuid.Nil {
		return touchpoint.Invalid("recovery", "failure_id", r.FailureID.String(), "must not be the nil UUID")
	}
	if err := l.CheckCustomerID("recovery", r.CustomerID); err != nil {
		return err
	}
	if err := l.CheckTime("recovery", "time", r.Time); err != nil {
		return err
	}
	if r.Resolved() {
		if err := l.CheckTime("recovery", "resolved_at", r.ResolvedAt); err != nil {
			return err
		}
		if r.ResolvedAt.Before(r.Time) {
			return touchpoint.Invalid("recovery", "resolved_at", touchpoint.FormatTime(r.ResolvedAt), "must not be before the recovery's time")
		}
	}
	if err := r.Actions.Validate(); err != nil {
		return err
	}
	if err := r.Compensation.Validate(); err != nil {
		return err
	}
	if r.Compensation.Amount.IsNegative() {
		return touchpoint.Invalid("recovery", "compensation", r.Compensation.String(), "must not be negative")
	}
	if r.Initiative > BusinessInitiated {
		return touchpoint.Invalid("recovery", "initiative", r.Initiative.String(), `must be "customer" or "business"`)
	}
	if err := r.Channel.Validate(); err != nil {
		return err
	}
	if r.Contacts < 0 || r.Contacts > 1000 {
		return touchpoint.Invalid("recovery", "contacts", strconv.Itoa(r.Contacts), "must be in 0..1000")
	}
	return nil
}

// checkAgainst checks r against the failure it points at.
func (r Recovery) checkAgainst(f Failure) error {
	if r.CustomerID != f.CustomerID {
		return touchpoint.Invalid("recovery", "customer_id", r.CustomerID, "must be the customer of its failure")
	}
	if r.Time.Before(f.Time) {
		return touchpoint.Invalid("recovery", "time", touchpoint.FormatTime(r.Time), "must not be before its failure at "+touchpoint.FormatTime(f.Time))
	}
	if r.Resolved() && r.ResolvedAt.Before(f.Time) {
		return touchpoint.Invalid("recovery", "resolved_at", touchpoint.FormatTime(r.ResolvedAt), "must not be before its failure")
	}
	if !r.Compensation.IsZero() && !f.Loss.IsZero() && r.Compensation.Currency != f.Loss.Currency {
		return touchpoint.Invalid("recovery", "compensation", r.Compensation.String(), "must be in the failure's loss currency "+f.Loss.Currency)
	}
	return nil
}

// Equal reports whether r and o are the same attempt with the same content.
func (r Recovery) Equal(o Recovery) bool {
	return r.ID == o.ID && r.FailureID == o.FailureID && r.CustomerID == o.CustomerID &&
		r.Time.Equal(o.Time) && r.ResolvedAt.Equal(o.ResolvedAt) && r.Actions == o.Actions &&
		r.Compensation.Equal(o.Compensation) && r.Initiative == o.Initiative &&
		r.Channel == o.Channel && r.ContactCount() == o.ContactCount()
}
