package eventlog

import (
	"errors"
	"fmt"
	"iter"
	"strconv"

	"github.com/cemkit/cem/touchpoint"
)

// ErrTooManyBad ends a stream read with the [Skip] policy when more rows
// were bad than the reader's limit allows: a file that is mostly wrong is
// more likely the wrong file, or the wrong column mapping, than a file with
// a few bad rows.
var ErrTooManyBad = errors.New("eventlog: too many bad rows")

// ParseError reports one bad row or field: where it is and what is wrong.
// Line is 1-based. Column is 1-based and 0 when unknown: in CSV it is the
// number of the field in the row, in JSON Lines the byte in the line. Field
// names the column's header (CSV) or the JSON field. Err is the cause; for
// bad data it is a *touchpoint.ValidationError, so errors.As and
// errors.Is(err, touchpoint.ErrInvalid) see through a ParseError.
type ParseError struct {
	Line   int
	Column int
	Field  string
	Err    error
}

// Error returns e.g. `eventlog: line 3, column 2 (time): touchpoint: invalid
// time "yesterday": must be RFC 3339`.
func (e *ParseError) Error() string {
	s := "eventlog: line " + strconv.Itoa(e.Line)
	if e.Column > 0 {
		s += ", column " + strconv.Itoa(e.Column)
	}
	if e.Field != "" {
		s += " (" + e.Field + ")"
	}
	return s + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *ParseError) Unwrap() error { return e.Err }

// Policy says what a reader does with a bad row.
type Policy uint8

// The policies.
const (
	// Stop ends the stream at the first bad row, with its *ParseError.
	// Rows before it have been yielded; use [Collect] to get all or
	// nothing.
	Stop Policy = iota
	// Skip leaves bad rows out, records them in the reader's [Report] and
	// goes on, until more than the reader's MaxSkipped rows were bad
	// ([ErrTooManyBad]). Errors that make the rest of the input
	// unreadable, such as a bad CSV header or a failing io.Reader, still
	// stop the stream.
	Skip
)

// String returns "stop" or "skip".
func (p Policy) String() string {
	switch p {
	case Stop:
		return "stop"
	case Skip:
		return "skip"
	}
	return "policy(" + strconv.Itoa(int(p)) + ")"
}

// Report says what a reader did: how many events it yielded and which rows
// it skipped under the [Skip] policy, in input order.
type Report struct {
	Read    int
	Skipped []*ParseError
}

// defaultMaxSkipped is the number of bad rows the Skip policy tolerates
// when the options say 0.
const defaultMaxSkipped = 1000

// badRows applies a policy to bad rows and keeps the report.
type badRows struct {
	policy Policy
	max    int
	report Report
}

func newBadRows(p Policy, maxSkipped int) (*badRows, error) {
	if p != Stop && p != Skip {
		return nil, touchpoint.Invalid("eventlog", "policy", p.String(), "must be stop or skip")
	}
	if maxSkipped <= 0 {
		maxSkipped = defaultMaxSkipped
	}
	return &badRows{policy: p, max: maxSkipped}, nil
}

// handle records a bad row and returns the error that ends the stream, or
// nil to go on.
func (b *badRows) handle(err *ParseError) error {
	if b.policy == Stop {
		return err
	}
	b.report.Skipped = append(b.report.Skipped, err)
	if len(b.report.Skipped) > b.max {
		return fmt.Errorf("%w: more than %d skipped, the last %w", ErrTooManyBad, b.max, err)
	}
	return nil
}

// Collect reads a whole stream and returns all its values, or none and the
// first error: the all-or-nothing import that a streaming reader under the
// [Stop] policy does not give by itself.
func Collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var all []T
	for v, err := range seq {
		if err != nil {
			return nil, err
		}
		all = append(all, v)
	}
	return all, nil
}
