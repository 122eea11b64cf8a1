package eventlog

import (
	"bufio"
	"encoding/json"
	"io"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

// JSONLWriter writes events as JSON Lines: one
// {"type":"…","event":{…}} object per line, the event in cem's JSON schema
// (see package cem). A JSONLWriter buffers; call Flush at the end. It is
// not safe for concurrent use.
type JSONLWriter struct {
	w   *bufio.Writer
	err error
}

// NewJSONLWriter returns a writer to w.
func NewJSONLWriter(w io.Writer) *JSONLWriter {
	return &JSONLWriter{w: bufio.NewWriter(w)}
}

// Write writes one event. An event that breaks a rule of the schema is not
// written and an error wrapping its *touchpoint.ValidationError is
// returned; a write error is returned by this and every later call.
func (w *JSONLWriter) Write(e Event) error {
	if w.err != nil {
		return w.err
	}
	b, err := encode(e)
	if err != nil {
		return err
	}
	for _, part := range [][]byte{[]byte(`{"type":"`), []byte(e.Type.String()), []byte(`","event":`), b, []byte("}\n")} {
		if _, err := w.w.Write(part); err != nil {
			w.err = err
			return err
		}
	}
	return nil
}

func encode(e Event) ([]byte, error) {
	switch e.Type {
	case TouchpointEvent:
		return json.Marshal(e.Touchpoint)
	case FailureEvent:
		return json.Marshal(e.Failure)
	case RecoveryEvent:
		return json.Marshal(e.Recovery)
	}
	return nil, touchpoint.Invalid("eventlog", "type", e.Type.String(), "must be touchpoint, failure or recovery")
}

// WriteJourney writes a journey's touchpoints, then its failures, then its
// recoveries, each in journey order, so that a reader meets every failure
// before the recoveries that point at it.
func (w *JSONLWriter) WriteJourney(j *journey.Journey) error {
	for _, tp := range j.Touchpoints() {
		if err := w.Write(TouchpointOf(tp)); err != nil {
			return err
		}
	}
	for _, f := range j.Failures() {
		if err := w.Write(FailureOf(f)); err != nil {
			return err
		}
	}
	for _, r := range j.Recoveries() {
		if err := w.Write(RecoveryOf(r)); err != nil {
			return err
		}
	}
	return nil
}

// Flush writes buffered lines to the underlying writer.
func (w *JSONLWriter) Flush() error {
	if w.err != nil {
		return w.err
	}
	w.err = w.w.Flush()
	return w.err
}
