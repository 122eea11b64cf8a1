package analysis

import (
	"errors"
	"strconv"

	"github.com/cemkit/cem/touchpoint"
)

// ErrNoConversions is returned by [Attribute] when no journey in the input
// converts: with P(conversion) = 0 the removal effect is undefined.
var ErrNoConversions = errors.New("analysis: no conversions to attribute")

// entity names this package in validation errors.
const entity = "analysis"

// invalid builds the package's *touchpoint.ValidationError.
func invalid(field, value, rule string) error {
	return touchpoint.Invalid(entity, field, value, rule)
}

// invalidInt is invalid for an integer value.
func invalidInt(field string, v int64, rule string) error {
	return invalid(field, strconv.FormatInt(v, 10), rule)
}
