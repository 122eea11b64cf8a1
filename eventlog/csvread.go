package eventlog

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"iter"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/cemkit/cem/touchpoint"
)

// CSVOptions configures a [CSVReader]. The zero value reads the columns
// [CSVWriter] writes, with RFC 3339 times, stopping at the first bad row.
type CSVOptions struct {
	// Columns maps fields to headers; see [Columns].
	Columns Columns
	// Comma is the field separator; 0 means ','.
	Comma rune
	// Comment starts a comment line when it is the first character; 0
	// means no comments.
	Comment rune
	// TimeLayout is the time.Parse layout of the time column, read in
	// Location (nil means UTC); "" means RFC 3339 with any offset.
	TimeLayout string
	Location   *time.Location
	// Stages maps the activity names of the host's log to stages. When set,
	// a name it does not hold is an error ("unknown stage"); when nil, the
	// column must hold cem stage names (lower case: "purchase", or the
	// host's own well-formed names).
	Stages map[string]touchpoint.Stage
	// Channels maps the host's channel names to channels, like Stages.
	Channels map[string]touchpoint.Channel
	// DefaultChannel is the channel of rows with no channel column or an
	// empty channel.
	DefaultChannel touchpoint.Channel
	// DefaultCurrency is the currency of amounts with no currency column or
	// an empty currency.
	DefaultCurrency string
	// Namespace separates the host's key spaces when IDs are derived
	// (touchpoint.IDFromKey); "" means "eventlog". A row's ID is the id
	// column when it holds a UUID; otherwise it derives from the id
	// column's value, or, without one, from the whole row, so that
	// importing the same file twice gives the same IDs and a duplicated
	// row is one event.
	Namespace string
	// Limits validates every touchpoint read.
	Limits touchpoint.Limits
	// Policy says what happens to bad rows; MaxSkipped bounds how many the
	// Skip policy tolerates (0 means 1000).
	Policy     Policy
	MaxSkipped int
}

// CSVReader streams touchpoints from a CSV event log with a header row: one
// touchpoint per row, in file order. A UTF-8 byte-order mark and CRLF line
// ends are accepted; quoted fields may span lines (encoding/csv reads a CR
// LF inside a quoted field as LF). Cells are trimmed of surrounding white
// space, except the customer id, which is opaque and kept verbatim, and the
// Extra columns. A CSVReader streams once and is not safe for concurrent
// use.
type CSVReader struct {
	opt    CSVOptions
	in     io.Reader
	csv    *csv.Reader
	bad    *badRows
	names  [numFields]string
	col    [numFields]int // column index of each field, -1 for none
	extra  []int
	header []string // as spelled in the file, trimmed
	used   bool
}

// NewCSVReader returns a reader of r with the given options.
func NewCSVReader(r io.Reader, opt CSVOptions) *CSVReader {
	if opt.Namespace == "" {
		opt.Namespace = "eventlog"
	}
	// Copies, so that the caller's maps may change while the reader runs.
	opt.Stages, opt.Channels = maps.Clone(opt.Stages), maps.Clone(opt.Channels)
	opt.Columns.Extra = slices.Clone(opt.Columns.Extra)
	return &CSVReader{opt: opt, in: r, names: opt.Columns.names()}
}

// Report returns what the reader yielded and skipped so far.
func (r *CSVReader) Report() Report {
	if r.bad == nil {
		return Report{}
	}
	return r.bad.report
}

// Touchpoints streams the log's touchpoints. A bad row yields a
// *[ParseError] naming its line, column and header and ends the stream
// under the [Stop] policy; under [Skip] it is recorded in the [Report]. A
// bad header, a bad option or a read error always ends the stream.
func (r *CSVReader) Touchpoints() iter.Seq2[touchpoint.Touchpoint, error] {
	return func(yield func(touchpoint.Touchpoint, error) bool) {
		if err := r.start(); err != nil {
			yield(touchpoint.Touchpoint{}, err)
			return
		}
		for {
			tp, err := r.next()
			if err == io.EOF {
				return
			}
			if err != nil {
				yield(touchpoint.Touchpoint{}, err)
				return
			}
			r.bad.report.Read++
			if !yield(tp, nil) {
				return
			}
		}
	}
}

// next returns the next good row, io.EOF at the end, or the error that ends
// the stream.
func (r *CSVReader) next() (touchpoint.Touchpoint, error) {
	for {
		rec, err := r.csv.Read()
		if err == io.EOF {
			return touchpoint.Touchpoint{}, io.EOF
		}
		var perr *ParseError
		var cerr *csv.ParseError
		switch {
		case err == nil:
			var tp touchpoint.Touchpoint
			if tp, perr = r.row(rec); perr == nil {
				return tp, nil
			}
		case errors.As(err, &cerr):
			perr = &ParseError{Line: cerr.Line, Err: err}
		default:
			return touchpoint.Touchpoint{}, &ParseError{Err: err}
		}
		if err := r.bad.handle(perr); err != nil {
			return touchpoint.Touchpoint{}, err
		}
	}
}

func (r *CSVReader) start() error {
	if r.used {
		return errors.New("eventlog: a CSVReader streams once")
	}
	r.used = true
	bad, err := newBadRows(r.opt.Policy, r.opt.MaxSkipped)
	if err != nil {
		return err
	}
	r.bad = bad
	r.csv = csv.NewReader(skipBOM(r.in))
	r.csv.Comma, r.csv.Comment = orComma(r.opt.Comma), r.opt.Comment
	r.csv.FieldsPerRecord, r.csv.ReuseRecord = -1, true
	return r.readHeader()
}

func orComma(c rune) rune {
	if c == 0 {
		return ','
	}
	return c
}

// skipBOM drops a UTF-8 byte-order mark, which spreadsheet programs put at
// the start of the files they export.
func skipBOM(in io.Reader) io.Reader {
	br := bufio.NewReader(in)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		_, _ = br.Discard(3)
	}
	return br
}

func (r *CSVReader) readHeader() error {
	rec, err := r.csv.Read()
	if err == io.EOF {
		return &ParseError{Line: 1, Err: touchpoint.Invalid("eventlog", "header", "", "must be present")}
	}
	if err != nil {
		return &ParseError{Line: 1, Err: err}
	}
	r.header = make([]string, len(rec))
	at := map[string]int{}
	for i, h := range rec {
		key := normalise(h)
		if _, dup := at[key]; dup {
			return &ParseError{Line: 1, Column: i + 1, Field: key, Err: touchpoint.Invalid("eventlog", "header", key, "must not repeat a column")}
		}
		r.header[i], at[key] = strings.TrimSpace(h), i
	}
	return r.mapColumns(at)
}

func (r *CSVReader) mapColumns(at map[string]int) error {
	for f, name := range r.names {
		i, ok := at[normalise(name)]
		if !ok || name == "" {
			i = -1
		}
		r.col[f] = i
		if i < 0 && required(field(f), &r.opt) {
			return &ParseError{Line: 1, Field: defaultNames()[f],
				Err: touchpoint.Invalid("eventlog", "header", name, "must have a column for "+defaultNames()[f])}
		}
	}
	for _, x := range r.opt.Columns.Extra {
		i, ok := at[normalise(x)]
		if !ok {
			return &ParseError{Line: 1, Field: x, Err: touchpoint.Invalid("eventlog", "header", x, "must have the extra column")}
		}
		r.extra = append(r.extra, i)
	}
	return nil
}

// row turns one record into a validated touchpoint.
func (r *CSVReader) row(rec []string) (touchpoint.Touchpoint, *ParseError) {
	line, _ := r.csv.FieldPos(0)
	if len(rec) != len(r.header) {
		return touchpoint.Touchpoint{}, &ParseError{Line: line, Err: touchpoint.Invalid("eventlog", "row",
			strconv.Itoa(len(rec)), "must have "+strconv.Itoa(len(r.header))+" fields like the header")}
	}
	var tp touchpoint.Touchpoint
	for f := range numFields {
		if i := r.col[f]; i >= 0 || f == fChannel || f == fAmount {
			if err := r.set(&tp, f, rec); err != nil {
				return tp, r.fieldError(line, f, err)
			}
		}
	}
	if perr := r.setExtra(&tp, rec, line); perr != nil {
		return tp, perr
	}
	tp.ID = r.id(rec)
	if err := r.opt.Limits.Validate(tp); err != nil {
		var verr *touchpoint.ValidationError
		f, ok := fCustomer, errors.As(err, &verr)
		if ok {
			f, ok = jsonField(verr.Field)
		}
		if !ok {
			return tp, &ParseError{Line: line, Err: err}
		}
		return tp, r.fieldError(line, f, err)
	}
	return tp, nil
}

// setExtra adds the non-empty Extra cells to tp's attributes, keyed by the
// header as spelled in the file. A key the attributes column set already
// keeps its value: an equal cell is the same attribute written twice (as
// [CSVWriter] does), a different one is a bad row.
func (r *CSVReader) setExtra(tp *touchpoint.Touchpoint, rec []string, line int) *ParseError {
	for _, i := range r.extra {
		k, v := r.header[i], rec[i]
		if v == "" {
			continue
		}
		if old, ok := tp.Attributes[k]; ok {
			if old == v {
				continue
			}
			e := &ParseError{Line: line, Column: i + 1, Field: k,
				Err: touchpoint.Invalid("touchpoint", "attributes["+k+"]", v, "must agree with the attributes column, which holds "+strconv.Quote(old))}
			e.Line, _ = r.csv.FieldPos(i)
			return e
		}
		if tp.Attributes == nil {
			tp.Attributes = map[string]string{}
		}
		tp.Attributes[k] = v
	}
	return nil
}

func (r *CSVReader) fieldError(line int, f field, err error) *ParseError {
	e := &ParseError{Line: line, Field: r.names[f], Err: err}
	if i := r.col[f]; i >= 0 {
		e.Line, _ = r.csv.FieldPos(i)
		e.Column = i + 1
	}
	return e
}

// value returns the field's cell without surrounding white space (so
// "a, b" reads as "a" and "b", as spreadsheets write it), "" when the log
// has no such column. [CSVWriter] refuses customer ids that this would
// change.
func (r *CSVReader) value(rec []string, f field) string {
	if i := r.col[f]; i >= 0 {
		return strings.TrimSpace(rec[i])
	}
	return ""
}

func (r *CSVReader) id(rec []string) uuid.UUID {
	v := r.value(rec, fID)
	if v == "" {
		return touchpoint.IDFromKey(r.opt.Namespace, strings.Join(rec, "\x1f"))
	}
	if id, err := uuid.Parse(v); err == nil && len(v) == 36 {
		return id
	}
	return touchpoint.IDFromKey(r.opt.Namespace, v)
}

// set parses the cell of field f into tp.
func (r *CSVReader) set(tp *touchpoint.Touchpoint, f field, rec []string) error {
	v := r.value(rec, f)
	var err error
	switch f {
	case fCustomer:
		tp.CustomerID = v
	case fTime:
		tp.Time, err = r.parseTime(v)
	case fChannel:
		tp.Channel, err = r.channel(v)
	case fStage:
		tp.Stage, err = r.stage(v)
	case fOutcome:
		if v != "" {
			tp.Outcome, err = touchpoint.ParseOutcome(strings.ToLower(v))
		}
	case fCSAT, fNPS, fCES, fSentiment:
		err = setRating(&tp.Feedback, f, v)
	case fAmount:
		tp.Value, err = r.money(v, r.value(rec, fCurrency))
	case fDuration:
		tp.Duration, err = parseDuration("duration", v)
	case fWait:
		tp.Wait, err = parseDuration("wait", v)
	case fAttributes:
		tp.Attributes, err = parseAttributes(v)
	}
	return err
}

func (r *CSVReader) parseTime(v string) (time.Time, error) {
	if r.opt.TimeLayout == "" {
		return touchpoint.ParseTime("touchpoint", "time", v)
	}
	loc := r.opt.Location
	if loc == nil {
		loc = time.UTC
	}
	t, err := time.ParseInLocation(r.opt.TimeLayout, v, loc)
	if err != nil {
		return t, touchpoint.Invalid("touchpoint", "time", v, "must match the layout "+r.opt.TimeLayout)
	}
	return t.UTC(), nil
}

func (r *CSVReader) stage(v string) (touchpoint.Stage, error) {
	if r.opt.Stages == nil {
		return touchpoint.ParseStage(v)
	}
	s, ok := r.opt.Stages[v]
	if !ok {
		return "", touchpoint.Invalid("touchpoint", "stage", v, "unknown stage: not in the stage mapping")
	}
	return s, nil
}

func (r *CSVReader) channel(v string) (touchpoint.Channel, error) {
	switch {
	case v == "":
		return r.opt.DefaultChannel, nil
	case r.opt.Channels == nil:
		return touchpoint.ParseChannel(v)
	}
	c, ok := r.opt.Channels[v]
	if !ok {
		return "", touchpoint.Invalid("touchpoint", "channel", v, "unknown channel: not in the channel mapping")
	}
	return c, nil
}

func (r *CSVReader) money(amount, currency string) (touchpoint.Money, error) {
	if amount == "" {
		return touchpoint.Money{}, nil
	}
	if currency == "" {
		currency = r.opt.DefaultCurrency
	}
	if currency == "" {
		return touchpoint.Money{}, touchpoint.Invalid("touchpoint", "value.currency", "", "must be given for an amount")
	}
	return touchpoint.NewMoney(amount, currency)
}

func setRating(fb *touchpoint.Feedback, f field, v string) error {
	if v == "" {
		return nil
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return touchpoint.Invalid("touchpoint", "feedback."+defaultNames()[f], v, "must be a number")
	}
	switch f {
	case fCSAT:
		fb.CSAT = touchpoint.Rate(x)
	case fNPS:
		fb.NPS = touchpoint.Rate(x)
	case fCES:
		fb.CES = touchpoint.Rate(x)
	default:
		fb.Sentiment = touchpoint.Rate(x)
	}
	return nil
}

// parseDuration reads a Go duration ("1m30s") or a plain non-negative
// decimal number of seconds ("90", "1.001"). Seconds are parsed exactly, as
// the Go duration with an "s" appended, never through a float, so "1.001"
// is 1.001s and not 1.000999999s; digits beyond the nanosecond are
// truncated.
func parseDuration(name, v string) (time.Duration, error) {
	if v == "" {
		return 0, nil
	}
	if d, err := time.ParseDuration(v); err == nil {
		return d, nil
	}
	if plainDecimal(v) {
		if d, err := time.ParseDuration(v + "s"); err == nil {
			return d, nil
		}
	}
	return 0, touchpoint.Invalid("touchpoint", name, v, "must be a duration (1m30s) or a decimal number of seconds")
}

// plainDecimal reports whether v is digits with at most one decimal point
// and at least one digit: no sign, no exponent, no spaces.
func plainDecimal(v string) bool {
	digits, points := 0, 0
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case '0' <= c && c <= '9':
			digits++
		case c == '.':
			points++
		default:
			return false
		}
	}
	return digits > 0 && points <= 1
}

func parseAttributes(v string) (map[string]string, error) {
	if v == "" {
		return nil, nil
	}
	var m map[string]string
	if err := json.Unmarshal([]byte(v), &m); err != nil {
		return nil, touchpoint.Invalid("touchpoint", "attributes", v, "must be a JSON object of strings")
	}
	return m, nil
}
