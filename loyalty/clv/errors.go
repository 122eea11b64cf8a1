package clv

import (
	"errors"
	"fmt"
	"strconv"
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
	Index int     // row index in the input slice, or -1 for an argument
	Field string  // field or argument name, e.g. "Recency" or "horizon"
	Value float64 // the offending value
	Rule  string  // the rule that was broken, e.g. "must not exceed Age"
}

// Error returns a message quoting the offending value.
func (e *InputError) Error() string {
	v := strconv.FormatFloat(e.Value, 'g', -1, 64)
	if e.Index < 0 {
		return fmt.Sprintf("clv: invalid %s %s: %s", e.Field, v, e.Rule)
	}
	return fmt.Sprintf("clv: row %d: invalid %s %s: %s", e.Index, e.Field, v, e.Rule)
}

// Is reports whether target is [ErrInvalidInput].
func (e *InputError) Is(target error) bool { return target == ErrInvalidInput }

func argError(field string, v float64, rule string) error {
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
