package touchpoint

import (
	"errors"
	"strconv"
)

// ErrInvalid is matched by every [*ValidationError]: errors.Is(err,
// touchpoint.ErrInvalid) reports whether err is a validation failure without
// caring which field broke which rule.
var ErrInvalid = errors.New("invalid input")

// ErrCurrencyMismatch is returned by [Money] arithmetic and comparisons when
// the two amounts are in different currencies. cem never converts or sums
// across currencies silently.
var ErrCurrencyMismatch = errors.New("touchpoint: currency mismatch")

// ValidationError reports one field of a domain value that broke one rule.
// The cem packages (touchpoint, journey, store adapters) all return this type
// for bad input, so a host needs a single errors.As to handle them:
//
//	var verr *touchpoint.ValidationError
//	if errors.As(err, &verr) {
//		log.Printf("rejected %s: %s", verr.Field, verr.Rule)
//	}
type ValidationError struct {
	// Entity names the kind of value that was checked: "touchpoint",
	// "failure", "recovery", "journey", "money", "channel", "stage", ...
	Entity string
	// Field is the offending field in JSON naming, e.g. "feedback.csat" or
	// "attributes[color]".
	Field string
	// Value is the offending value as text, truncated to 64 bytes.
	Value string
	// Rule says what the value should have been, e.g. "must be 1..5".
	Rule string
}

// Error returns e.g. `touchpoint: invalid feedback.csat "7": must be an integer in 1..5`.
func (e *ValidationError) Error() string {
	return e.Entity + ": invalid " + e.Field + " " + strconv.Quote(e.Value) + ": " + e.Rule
}

// Is makes errors.Is(err, ErrInvalid) true for every ValidationError.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// maxQuoted bounds the bad value echoed in an error, so a 10 MB attribute
// does not turn into a 10 MB log line.
const maxQuoted = 64

// Invalid builds a *ValidationError. It is exported for the other cem
// packages and for hosts validating their own extensions; value is truncated
// to 64 bytes.
func Invalid(entity, field, value, rule string) *ValidationError {
	if len(value) > maxQuoted {
		value = value[:maxQuoted] + "…"
	}
	return &ValidationError{Entity: entity, Field: field, Value: value, Rule: rule}
}
