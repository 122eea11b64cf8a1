package journey

import (
	"encoding/json"
	"strconv"

	"github.com/google/uuid"

	"github.com/cemkit/cem/touchpoint"
)

type failureWire struct {
	ID           uuid.UUID          `json:"id"`
	CustomerID   string             `json:"customer_id"`
	Time         string             `json:"time"`
	Kind         Kind               `json:"kind"`
	Severity     Severity           `json:"severity"`
	Channel      touchpoint.Channel `json:"channel"`
	TouchpointID *uuid.UUID         `json:"touchpoint_id,omitempty"`
	Loss         touchpoint.Money   `json:"loss,omitzero"`
	Note         string             `json:"note,omitempty"`
}

// MarshalJSON encodes f in cem's JSON schema (see package cem) after
// checking its syntax with touchpoint.SyntaxOnly: a note longer than the
// default limit, accepted under larger limits, encodes too.
func (f Failure) MarshalJSON() ([]byte, error) {
	if err := ValidateFailure(touchpoint.SyntaxOnly(), f); err != nil {
		return nil, err
	}
	w := failureWire{
		ID: f.ID, CustomerID: f.CustomerID, Time: touchpoint.FormatTime(f.Time),
		Kind: f.Kind, Severity: f.Severity, Channel: f.Channel, Loss: f.Loss, Note: f.Note,
	}
	if f.TouchpointID != uuid.Nil {
		w.TouchpointID = &f.TouchpointID
	}
	return json.Marshal(w)
}

// UnmarshalJSON decodes f strictly and validates it with the default
// touchpoint.Limits; on error f is unchanged. [DecodeFailure] takes other
// limits.
func (f *Failure) UnmarshalJSON(b []byte) error {
	v, err := DecodeFailure(touchpoint.Limits{}, b)
	if err != nil {
		return err
	}
	*f = v
	return nil
}

// DecodeFailure decodes one failure in cem's JSON schema strictly and
// validates it against l.
func DecodeFailure(l touchpoint.Limits, b []byte) (Failure, error) {
	var w failureWire
	if err := touchpoint.Strict(b, &w); err != nil {
		return Failure{}, touchpoint.JSONError("failure", err)
	}
	t, err := touchpoint.ParseTime("failure", "time", w.Time)
	if err != nil {
		return Failure{}, err
	}
	v := Failure{
		ID: w.ID, CustomerID: w.CustomerID, Time: t, Kind: w.Kind, Severity: w.Severity,
		Channel: w.Channel, Loss: w.Loss, Note: w.Note,
	}
	if w.TouchpointID != nil {
		v.TouchpointID = *w.TouchpointID
	}
	if err := ValidateFailure(l, v); err != nil {
		return Failure{}, err
	}
	return v, nil
}

type recoveryWire struct {
	ID           uuid.UUID          `json:"id"`
	FailureID    uuid.UUID          `json:"failure_id"`
	CustomerID   string             `json:"customer_id"`
	Time         string             `json:"time"`
	ResolvedAt   string             `json:"resolved_at,omitempty"`
	Actions      []string           `json:"actions"`
	Compensation touchpoint.Money   `json:"compensation,omitzero"`
	Initiative   Initiative         `json:"initiative"`
	Channel      touchpoint.Channel `json:"channel"`
	Contacts     int                `json:"contacts,omitempty"`
}

// MarshalJSON encodes r in cem's JSON schema (see package cem). Actions are
// an array of names, e.g. ["apology","discount"]. Like [Failure.MarshalJSON]
// it checks syntax only, not the size bounds of touchpoint.Limits.
func (r Recovery) MarshalJSON() ([]byte, error) {
	if err := ValidateRecovery(touchpoint.SyntaxOnly(), r); err != nil {
		return nil, err
	}
	w := recoveryWire{
		ID: r.ID, FailureID: r.FailureID, CustomerID: r.CustomerID,
		Time: touchpoint.FormatTime(r.Time), Actions: r.Actions.Names(),
		Compensation: r.Compensation, Initiative: r.Initiative, Channel: r.Channel,
		Contacts: r.Contacts,
	}
	if w.Actions == nil {
		w.Actions = []string{}
	}
	if r.Resolved() {
		w.ResolvedAt = touchpoint.FormatTime(r.ResolvedAt)
	}
	return json.Marshal(w)
}

// UnmarshalJSON decodes r strictly and validates it on its own with the
// default touchpoint.Limits; on error r is unchanged. [DecodeRecovery] takes
// other limits.
func (r *Recovery) UnmarshalJSON(b []byte) error {
	v, err := DecodeRecovery(touchpoint.Limits{}, b)
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// DecodeRecovery decodes one recovery attempt in cem's JSON schema strictly
// and validates it on its own against l; the checks against its failure
// happen when it is added to a [Journey].
func DecodeRecovery(l touchpoint.Limits, b []byte) (Recovery, error) {
	var w recoveryWire
	if err := touchpoint.Strict(b, &w); err != nil {
		return Recovery{}, touchpoint.JSONError("recovery", err)
	}
	t, err := touchpoint.ParseTime("recovery", "time", w.Time)
	if err != nil {
		return Recovery{}, err
	}
	res, err := touchpoint.ParseTime("recovery", "resolved_at", w.ResolvedAt)
	if err != nil {
		return Recovery{}, err
	}
	var acts Action
	for _, name := range w.Actions {
		a, err := ParseAction(name)
		if err != nil {
			return Recovery{}, err
		}
		acts |= a
	}
	v := Recovery{
		ID: w.ID, FailureID: w.FailureID, CustomerID: w.CustomerID, Time: t, ResolvedAt: res,
		Actions: acts, Compensation: w.Compensation, Initiative: w.Initiative,
		Channel: w.Channel, Contacts: w.Contacts,
	}
	if err := ValidateRecovery(l, v); err != nil {
		return Recovery{}, err
	}
	return v, nil
}

type journeyWire struct {
	Version     int                     `json:"version"`
	CustomerID  string                  `json:"customer_id"`
	Touchpoints []touchpoint.Touchpoint `json:"touchpoints"`
	Failures    []Failure               `json:"failures"`
	Recoveries  []Recovery              `json:"recoveries"`
}

// MarshalJSON encodes j as
//
//	{"version":1,"customer_id":"…","touchpoints":[…],"failures":[…],"recoveries":[…]}
//
// with events in journey order. A journey without a customer (a zero
// Journey, which has no events) writes customer_id "", which [DecodeJSON]
// reads back as a journey without a customer. A customer id that breaks
// the syntax of touchpoint.Limits.CheckCustomerID (NUL, invalid UTF-8) is
// refused with a *touchpoint.ValidationError, since no decoder would read
// it back; like the events, it is not held to a size bound.
func (j *Journey) MarshalJSON() ([]byte, error) {
	if j.customerID != "" {
		if err := touchpoint.SyntaxOnly().CheckCustomerID("journey", j.customerID); err != nil {
			return nil, err
		}
	}
	w := journeyWire{
		Version: touchpoint.SchemaVersion, CustomerID: j.customerID,
		Touchpoints: j.tps, Failures: j.failures, Recoveries: j.recoveries,
	}
	if w.Touchpoints == nil {
		w.Touchpoints = []touchpoint.Touchpoint{}
	}
	if w.Failures == nil {
		w.Failures = []Failure{}
	}
	if w.Recoveries == nil {
		w.Recoveries = []Recovery{}
	}
	return json.Marshal(w)
}

// rawJourneyWire is journeyWire with the events left undecoded, so that
// they are validated against the journey's limits rather than the defaults.
type rawJourneyWire struct {
	Version     int               `json:"version"`
	CustomerID  string            `json:"customer_id"`
	Touchpoints []json.RawMessage `json:"touchpoints"`
	Failures    []json.RawMessage `json:"failures"`
	Recoveries  []json.RawMessage `json:"recoveries"`
}

// UnmarshalJSON decodes a journey strictly, checking the schema version and
// every event against the journey's limits (those of [NewWithLimits], the
// defaults for a zero Journey), including each recovery against its
// failure. On error j is unchanged: the journey is built aside and swapped
// in only when complete.
func (j *Journey) UnmarshalJSON(b []byte) error {
	nj, err := DecodeJSON(j.limits, b)
	if err != nil {
		return err
	}
	*j = *nj
	return nil
}

// DecodeJSON decodes one journey in cem's JSON schema and validates its
// customer id and every event against l; the journey keeps l for later
// additions. An empty customer id is accepted only for a journey without
// events, which decodes to a journey whose customer the first event added
// sets, like a zero Journey.
func DecodeJSON(l touchpoint.Limits, b []byte) (*Journey, error) {
	var w rawJourneyWire
	if err := touchpoint.Strict(b, &w); err != nil {
		return nil, touchpoint.JSONError("journey", err)
	}
	if w.Version != touchpoint.SchemaVersion {
		return nil, touchpoint.Invalid("journey", "version", strconv.Itoa(w.Version), "must be "+strconv.Itoa(touchpoint.SchemaVersion))
	}
	switch {
	case w.CustomerID == "" && len(w.Touchpoints)+len(w.Failures)+len(w.Recoveries) > 0:
		return nil, touchpoint.Invalid("journey", "customer_id", "", "must not be empty in a journey with events")
	case w.CustomerID != "":
		if err := l.CheckCustomerID("journey", w.CustomerID); err != nil {
			return nil, err
		}
	}
	nj := NewWithLimits(w.CustomerID, l)
	for _, raw := range w.Touchpoints {
		tp, err := l.DecodeJSON(raw)
		if err != nil {
			return nil, err
		}
		if err := nj.Add(tp); err != nil {
			return nil, err
		}
	}
	for _, raw := range w.Failures {
		f, err := DecodeFailure(l, raw)
		if err != nil {
			return nil, err
		}
		if err := nj.AddFailure(f); err != nil {
			return nil, err
		}
	}
	for _, raw := range w.Recoveries {
		r, err := DecodeRecovery(l, raw)
		if err != nil {
			return nil, err
		}
		if err := nj.AddRecovery(r); err != nil {
			return nil, err
		}
	}
	return nj, nil
}
