package touchpoint

import (
	"bytes"
	"encoding/json"
	"errors"
	"time"

	"github.com/google/uuid"
)

// SchemaVersion is the version of cem's JSON schema for touchpoints,
// failures, recoveries and journeys. It changes only when a change would
// make an old reader misread new data. See the package documentation of
// package cem for the schema.
const SchemaVersion = 1

// wire is the JSON form of a Touchpoint. Times are RFC 3339 in UTC with
// nanoseconds, durations Go duration strings ("1m30s"), money a string
// amount with its currency.
type wire struct {
	ID         uuid.UUID         `json:"id"`
	CustomerID string            `json:"customer_id"`
	Time       string            `json:"time"`
	Channel    Channel           `json:"channel"`
	Stage      Stage             `json:"stage"`
	Outcome    Outcome           `json:"outcome"`
	Feedback   Feedback          `json:"feedback,omitzero"`
	Value      Money             `json:"value,omitzero"`
	Duration   string            `json:"duration,omitempty"`
	Wait       string            `json:"wait,omitempty"`
	Attributes map[string]string `json:"attributes,omitempty"`
}

// MarshalJSON encodes t in cem's JSON schema after checking its syntax with
// [SyntaxOnly]: neither the size bounds of [Limits] nor the future-time
// bound apply, so a touchpoint accepted under larger limits encodes too,
// and encoding does not depend on the clock.
func (t Touchpoint) MarshalJSON() ([]byte, error) {
	if err := SyntaxOnly().Validate(t); err != nil {
		return nil, err
	}
	w := wire{
		ID: t.ID, CustomerID: t.CustomerID, Time: FormatTime(t.Time),
		Channel: t.Channel, Stage: t.Stage, Outcome: t.Outcome,
		Feedback: t.Feedback, Value: t.Value,
		Duration: formatDuration(t.Duration), Wait: formatDuration(t.Wait),
		Attributes: t.Attributes,
	}
	return json.Marshal(w)
}

// UnmarshalJSON decodes cem's JSON schema strictly (unknown fields are an
// error) and validates the result with the default [Limits]. On error t is
// left unchanged. A host needing other limits decodes with
// [Limits.DecodeJSON].
func (t *Touchpoint) UnmarshalJSON(b []byte) error {
	v, err := Limits{}.DecodeJSON(b)
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// DecodeJSON decodes one touchpoint in cem's JSON schema and validates it
// against l.
func (l Limits) DecodeJSON(b []byte) (Touchpoint, error) {
	var w wire
	if err := Strict(b, &w); err != nil {
		return Touchpoint{}, jsonError("touchpoint", err)
	}
	tm, err := ParseTime("touchpoint", "time", w.Time)
	if err != nil {
		return Touchpoint{}, err
	}
	d, err := parseDuration("duration", w.Duration)
	if err != nil {
		return Touchpoint{}, err
	}
	wait, err := parseDuration("wait", w.Wait)
	if err != nil {
		return Touchpoint{}, err
	}
	t := Touchpoint{
		ID: w.ID, CustomerID: w.CustomerID, Time: tm,
		Channel: w.Channel, Stage: w.Stage, Outcome: w.Outcome,
		Feedback: w.Feedback, Value: w.Value, Duration: d, Wait: wait,
		Attributes: w.Attributes,
	}
	if err := l.Validate(t); err != nil {
		return Touchpoint{}, err
	}
	return t, nil
}

// Strict decodes one JSON value into v, rejecting unknown fields and
// trailing data. The other cem packages use it for their own schema types.
func Strict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return Invalid("json", "document", "", "must hold exactly one JSON value")
	}
	return nil
}

// jsonError turns a decoding failure into a ValidationError unless it is one
// already (a bad channel, say, surfaces from UnmarshalText).
func jsonError(entity string, err error) error {
	var verr *ValidationError
	if errors.As(err, &verr) {
		return verr
	}
	return Invalid(entity, "json", err.Error(), "must be a valid "+entity+" document")
}

// JSONError is jsonError for the other cem packages: it keeps a
// *ValidationError found in err and wraps anything else in one.
func JSONError(entity string, err error) error { return jsonError(entity, err) }

// FormatTime writes t as RFC 3339 in UTC with as many fraction digits as
// needed, the one time format in cem's JSON.
func FormatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// ParseTime reads an RFC 3339 time (any offset, converted to UTC). An empty
// string is the zero time. entity and field name it in the error.
func ParseTime(entity, field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, Invalid(entity, field, s, "must be an RFC 3339 time such as 2026-01-02T15:04:05Z")
	}
	return t.UTC(), nil
}

func formatDuration(d time.Duration) string {
	if d == 0 {
		return ""
	}
	return d.String()
}

func parseDuration(field, s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, Invalid("touchpoint", field, s, `must be a duration such as "1m30s"`)
	}
	return d, nil
}
