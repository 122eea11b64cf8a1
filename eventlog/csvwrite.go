package eventlog

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/cemkit/cem/touchpoint"
)

// CSVWriter writes touchpoints as a CSV event log that [CSVReader] reads
// back: a header row, then one row per touchpoint, with the columns of its
// [Columns] mapping in the order of the Columns fields and the Extra
// columns last. Times are RFC 3339 in UTC, durations Go duration strings,
// amounts exact decimals, attributes a JSON object. A CSVWriter is not safe
// for concurrent use.
type CSVWriter struct {
	w      *csv.Writer
	names  [numFields]string
	extra  []string
	header bool
	row    []string
}

// NewCSVWriter returns a writer to w with the given column mapping; the
// zero Columns writes the default headers.
func NewCSVWriter(w io.Writer, cols Columns) *CSVWriter {
	return &CSVWriter{w: csv.NewWriter(w), names: cols.names(), extra: cols.Extra}
}

// Write writes one touchpoint, after checking its syntax with
// touchpoint.SyntaxOnly (no size bounds and no clock, so that a touchpoint
// accepted under larger limits exports too and exporting does not depend on
// when it runs). A touchpoint that breaks a rule is not written and the
// *touchpoint.ValidationError is returned.
//
// With Columns that drop no field ("-"), such as the zero Columns, every
// touchpoint Write accepts reads back equal with a [CSVReader] of the same
// Columns. What a reader would change is refused instead, with a
// *touchpoint.ValidationError: a customer id with white space at either
// end (readers trim cells), a customer id or Extra attribute value
// containing CR LF ("\r\n", which encoding/csv reads back as LF), and
// Extra column names with white space at either end or that repeat
// another column's name regardless of case. The attributes column holds
// any value, since JSON escapes it.
func (w *CSVWriter) Write(tp touchpoint.Touchpoint) error {
	if err := touchpoint.SyntaxOnly().Validate(tp); err != nil {
		return err
	}
	if err := w.checkColumns(); err != nil {
		return err
	}
	if err := w.checkCells(tp); err != nil {
		return err
	}
	if err := w.writeHeader(); err != nil {
		return err
	}
	w.row = w.row[:0]
	for f, name := range w.names {
		if name != "" {
			w.row = append(w.row, cell(tp, field(f)))
		}
	}
	for _, x := range w.extra {
		w.row = append(w.row, tp.Attributes[x])
	}
	return w.w.Write(w.row)
}

// Flush writes the header if no touchpoint was written, then any buffered
// data to the underlying writer, and returns the first error of the
// writer's life.
func (w *CSVWriter) Flush() error {
	if err := w.writeHeader(); err != nil {
		return err
	}
	w.w.Flush()
	return w.w.Error()
}

// checkColumns refuses Extra column names that a reader would not map
// back to the same attribute.
func (w *CSVWriter) checkColumns() error {
	seen := map[string]bool{}
	for _, name := range w.names {
		if name != "" {
			seen[normalise(name)] = true
		}
	}
	for _, x := range w.extra {
		switch {
		case strings.TrimSpace(x) != x || x == "":
			return touchpoint.Invalid("eventlog", "columns.extra", x, "must be a name without white space at either end, as readers trim headers")
		case seen[normalise(x)]:
			return touchpoint.Invalid("eventlog", "columns.extra", x, "must not repeat another column's name, regardless of case")
		}
		seen[normalise(x)] = true
	}
	return nil
}

// checkCells refuses the cells that CSV cannot carry unchanged.
func (w *CSVWriter) checkCells(tp touchpoint.Touchpoint) error {
	const rule = `must not contain CR LF, which CSV reads back as LF`
	if w.names[fCustomer] != "" {
		switch {
		case strings.TrimSpace(tp.CustomerID) != tp.CustomerID:
			return touchpoint.Invalid("eventlog", "customer_id", tp.CustomerID, "must not begin or end with white space, which CSV readers trim")
		case strings.Contains(tp.CustomerID, "\r\n"):
			return touchpoint.Invalid("eventlog", "customer_id", tp.CustomerID, rule)
		}
	}
	for _, x := range w.extra {
		if v := tp.Attributes[x]; strings.Contains(v, "\r\n") {
			return touchpoint.Invalid("eventlog", "attributes["+x+"]", v, rule)
		}
	}
	return nil
}

func (w *CSVWriter) writeHeader() error {
	if w.header {
		return nil
	}
	w.header = true
	var h []string
	for _, name := range w.names {
		if name != "" {
			h = append(h, name)
		}
	}
	return w.w.Write(append(h, w.extra...))
}

// cell formats one field of tp.
func cell(tp touchpoint.Touchpoint, f field) string {
	switch f {
	case fID:
		return tp.ID.String()
	case fCustomer:
		return tp.CustomerID
	case fTime:
		return touchpoint.FormatTime(tp.Time)
	case fChannel:
		return string(tp.Channel)
	case fStage:
		return string(tp.Stage)
	case fOutcome:
		return tp.Outcome.String()
	case fCSAT:
		return rating(tp.Feedback.CSAT)
	case fNPS:
		return rating(tp.Feedback.NPS)
	case fCES:
		return rating(tp.Feedback.CES)
	case fSentiment:
		return rating(tp.Feedback.Sentiment)
	case fAmount:
		return amount(tp.Value)
	case fCurrency:
		return tp.Value.Currency
	case fDuration:
		return duration(tp.Duration)
	case fWait:
		return duration(tp.Wait)
	}
	return attributes(tp.Attributes)
}

func rating(r touchpoint.Rating) string {
	if v, ok := r.Value(); ok {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return ""
}

func amount(m touchpoint.Money) string {
	if m.IsZero() {
		return ""
	}
	return m.Amount.String()
}

func duration(d time.Duration) string {
	if d == 0 {
		return ""
	}
	return d.String()
}

func attributes(m map[string]string) string {
	if len(m) == 0 {
		return ""
	}
	b, _ := json.Marshal(m) // a map of strings always encodes
	return string(b)
}
