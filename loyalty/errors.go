package loyalty

import (
	"errors"
	"strconv"
)

// ErrNoAnswers is returned when a statistic is asked of a group with no
// answers (or, for a t interval or test, too few): an NPS of nobody is not
// zero, it is unknown.
var ErrNoAnswers = errors.New("loyalty: not enough answers")

func itoa(n int) string { return strconv.Itoa(n) }

func ftoa(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
