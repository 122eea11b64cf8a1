package clv

import (
	"errors"
	"fmt"
)

// Sentinel errors returned (usually wrapped) by the package. Use
// [errors.Is] to test for them.
var (
	// ErrInvalidInput is matched by every [*InputError].
	ErrInvalidInput = errors.New("clv: invalid input")
	// ErrNoData is returned when a fit gets no rows, or no rows with a
	// positive weight.
	ErrNoData = errors.New("clv: no data to fit")
	// ErrNoRepeat is returned when every customer has frequency 0: the
	// likelihood then has no interior maximum and the model cannot be fitted.
	ErrNoRepeat = errors.New("clv: no repeat purchases, model cannot be fitted")
	// ErrNonFinite is returned when valid inputs lead to a result that
	// cannot be represented as a finite float64 (for example an expected
	// spend under a Gamma-Gamma model with q <= 1, whose mean is infinite).
	ErrNonFinite = errors.New("clv: result is not finite")
	// ErrNoConvergence is returned when an optimiser or a series does not
	// converge.
	ErrNoConvergence = errors.New("clv: no convergence")
)

// InputError reports one invalid input value: the index of the row in the
// slice that was passed (-1 for a scalar argument), the field, the value and
// the rule it breaks. It matches [ErrInvalidInput] with [errors.Is].
type InputError struct {
	Index int    // row index in the input slice, or -1 for an argument
	Field string // field or argument name, e.g. "Recency" or "horizon"
	Value any    // the offending value (a float64, an int or a string)
	Rule  string // the rule that was broken, e.g. "must not exceed Age"
}

// Error returns a message quoting the offending value.
func (e *InputError) Error() string {
	if e.Index < 0 {
		return fmt.Sprintf("clv: invalid %s %#v: %s", e.Field, e.Value, e.Rule)
	}
	return fmt.Sprintf("clv: row %d: invalid %s %#v: %s", e.Index, e.Field, e.Value, e.Rule)
}

// Is reports whether target is [ErrInvalidInput].
func (e *InputError) Is(target error) bool { return target == ErrInvalidInput }

func argError(field string, v any, rule string) error {
	return &InputError{Index: -1, Field: field, Value: v, Rule: rule}
}

// finite returns v, or an error wrapping [ErrNonFinite] naming what was
// computed.
func finite(what string, v float64) (float64, error) {
	if isFinite(v) {
		return v, nil
	}
	return 0, fmt.Errorf("%w: %s", ErrNonFinite, what)
}
