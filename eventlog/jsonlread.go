package eventlog

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"iter"
	"strconv"
	"strings"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

// JSONLOptions configures a [JSONLReader]. The zero value validates with
// the default limits and stops at the first bad line.
type JSONLOptions struct {
	// Limits validates every event read.
	Limits touchpoint.Limits
	// Policy says what happens to bad lines; MaxSkipped bounds how many the
	// Skip policy tolerates (0 means 1000).
	Policy     Policy
	MaxSkipped int
	// MaxLineBytes bounds a line; 0 means 1 MiB. A longer line is a bad
	// line.
	MaxLineBytes int
}

// JSONLReader streams events from JSON Lines written by [JSONLWriter]: one
// {"type":"touchpoint"|"failure"|"recovery","event":{…}} object per line,
// decoded strictly (unknown fields are errors) and validated. Blank lines
// are ignored; a UTF-8 byte-order mark and CRLF line ends are accepted; a
// last line without a newline is read like any other, so a truncated file
// ends with a bad line. A JSONLReader streams once and is not safe for
// concurrent use.
type JSONLReader struct {
	opt  JSONLOptions
	in   *bufio.Reader
	bad  *badRows
	line int
	buf  []byte
	used bool
}

// NewJSONLReader returns a reader of r with the given options.
func NewJSONLReader(r io.Reader, opt JSONLOptions) *JSONLReader {
	if opt.MaxLineBytes <= 0 {
		opt.MaxLineBytes = 1 << 20
	}
	return &JSONLReader{opt: opt, in: bufio.NewReader(r)}
}

// Report returns what the reader yielded and skipped so far.
func (r *JSONLReader) Report() Report {
	if r.bad == nil {
		return Report{}
	}
	return r.bad.report
}

// Events streams the log's events in file order. A bad line yields a
// *[ParseError] naming the line, the byte column when known and the field
// and ends the stream under the [Stop] policy; under [Skip] it is recorded
// in the [Report]. A read error always ends the stream.
func (r *JSONLReader) Events() iter.Seq2[Event, error] {
	return func(yield func(Event, error) bool) {
		if err := r.start(); err != nil {
			yield(Event{}, err)
			return
		}
		for {
			e, err := r.next()
			if err == io.EOF {
				return
			}
			if err != nil {
				yield(Event{}, err)
				return
			}
			r.bad.report.Read++
			if !yield(e, nil) {
				return
			}
		}
	}
}

func (r *JSONLReader) start() error {
	if r.used {
		return errors.New("eventlog: a JSONLReader streams once")
	}
	r.used = true
	bad, err := newBadRows(r.opt.Policy, r.opt.MaxSkipped)
	r.bad = bad
	return err
}

// next returns the next good event, io.EOF at the end, or the error that
// ends the stream.
func (r *JSONLReader) next() (Event, error) {
	for {
		line, tooLong, err := r.readLine()
		if err != nil {
			return Event{}, err
		}
		var perr *ParseError
		switch {
		case tooLong:
			perr = &ParseError{Line: r.line, Err: touchpoint.Invalid("eventlog", "line", "",
				"must be at most "+strconv.Itoa(r.opt.MaxLineBytes)+" bytes")}
		case len(bytes.TrimSpace(line)) == 0:
			continue
		default:
			var e Event
			if e, perr = r.decode(line); perr == nil {
				return e, nil
			}
		}
		if err := r.bad.handle(perr); err != nil {
			return Event{}, err
		}
	}
}

// readLine reads one line without its line end, reporting whether it was
// longer than the limit (and then dropping the rest of it).
func (r *JSONLReader) readLine() (line []byte, tooLong bool, err error) {
	r.buf = r.buf[:0]
	for {
		chunk, err := r.in.ReadSlice('\n')
		if len(r.buf)+len(chunk) <= r.opt.MaxLineBytes+2 {
			r.buf = append(r.buf, chunk...)
		} else {
			tooLong = true
		}
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF && len(r.buf) == 0 && !tooLong:
			return nil, false, io.EOF
		case err != nil && err != io.EOF:
			return nil, false, &ParseError{Line: r.line + 1, Err: err}
		}
		r.line++
		line = bytes.TrimSuffix(bytes.TrimSuffix(r.buf, []byte("\n")), []byte("\r"))
		if r.line == 1 {
			line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
		}
		return line, tooLong || len(line) > r.opt.MaxLineBytes, nil
	}
}

type envelope struct {
	Type  string          `json:"type"`
	Event json.RawMessage `json:"event"`
}

// decode reads one line.
func (r *JSONLReader) decode(line []byte) (Event, *ParseError) {
	var env envelope
	if err := touchpoint.Strict(line, &env); err != nil {
		col := syntaxColumn(err, 0)
		if errors.Is(err, io.ErrUnexpectedEOF) {
			col = len(line) + 1 // a truncated line: what is missing is at its end
		}
		return Event{}, &ParseError{Line: r.line, Column: col, Err: touchpoint.JSONError("eventlog", err)}
	}
	t, ok := parseType(env.Type)
	if !ok {
		return Event{}, &ParseError{Line: r.line, Column: keyColumn(line, 0, "type"), Field: "type",
			Err: touchpoint.Invalid("eventlog", "type", env.Type, "must be touchpoint, failure or recovery")}
	}
	if len(env.Event) == 0 {
		return Event{}, &ParseError{Line: r.line, Field: "event", Err: touchpoint.Invalid("eventlog", "event", "", "must be present")}
	}
	e, err := r.decodeEvent(t, env.Event)
	if err != nil {
		return Event{}, r.eventError(line, env.Event, t, err)
	}
	return e, nil
}

func (r *JSONLReader) decodeEvent(t Type, b []byte) (Event, error) {
	e := Event{Type: t}
	var err error
	switch t {
	case TouchpointEvent:
		e.Touchpoint, err = r.opt.Limits.DecodeJSON(b)
	case FailureEvent:
		e.Failure, err = journey.DecodeFailure(r.opt.Limits, b)
	default:
		e.Recovery, err = journey.DecodeRecovery(r.opt.Limits, b)
	}
	return e, err
}

// eventError places an error in the event: at the syntax error's offset,
// or at the key of the field a validation error names.
func (r *JSONLReader) eventError(line, event []byte, t Type, err error) *ParseError {
	off := max(bytes.Index(line, event), 0)
	var verr *touchpoint.ValidationError
	if !errors.As(err, &verr) {
		err = touchpoint.JSONError(t.String(), err)
		errors.As(err, &verr)
	}
	e := &ParseError{Line: r.line, Field: "event", Err: err}
	key := ""
	switch {
	case verr == nil:
	case verr.Field == "json": // a decoding error, not a field's
		key = unknownField(verr.Value)
	case verr.Field != "":
		e.Field = "event." + verr.Field
		key = leaf(verr.Field)
	}
	if e.Column = syntaxColumn(err, off); e.Column == 0 {
		e.Column = keyColumn(line, off, key)
	}
	return e
}

// unknownField returns the name in encoding/json's `unknown field "name"`
// message, "" for other messages.
func unknownField(msg string) string {
	_, name, ok := strings.Cut(msg, `unknown field "`)
	if !ok {
		return ""
	}
	name, _, _ = strings.Cut(name, `"`)
	return name
}

// syntaxColumn returns the 1-based column of a JSON syntax or type error,
// 0 if err carries no offset.
func syntaxColumn(err error, off int) int {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return off + int(se.Offset)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return off + int(te.Offset)
	}
	return 0
}

// keyColumn returns the 1-based column of the first "key" at or after off,
// 0 if there is none.
func keyColumn(line []byte, off int, key string) int {
	if key == "" {
		return 0
	}
	i := bytes.Index(line[off:], []byte(`"`+key+`"`))
	if i < 0 {
		return 0
	}
	return off + i + 1
}

// leaf returns the last key of a field path: "csat" for "feedback.csat",
// "attributes" for "attributes[color]".
func leaf(f string) string {
	if i := strings.IndexByte(f, '['); i >= 0 {
		f = f[:i]
	}
	return f[strings.LastIndexByte(f, '.')+1:]
}
