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

// MarshalJSON encodes f in cem's JSON schema (see package cem).
func (f Failure) MarshalJSON() ([]byte, error) {
	if err := ValidateFailure(syntaxOnly(), f); err != nil {
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
// touchpoint.Limits; on error f is unchanged.
func (f *Failure) UnmarshalJSON(b []byte) error {
	var w failureWire
	if err := touchpoint.Strict(b, &w); err != nil {
		return touchpoint.JSONError("failure", err)
	}
	t, err := touchpoint.ParseTime("failure", "time", w.Time)
	if err != nil {
		return err
	}
	v := Failure{
		ID: w.ID, CustomerID: w.CustomerID, Time: t, Kind: w.Kind, Severity: w.Severity,
		Channel: w.Channel, Loss: w.Loss, Note: w.Note,
	}
	if w.TouchpointID != nil {
		v.TouchpointID = *w.TouchpointID
	}
	if err := v.Validate(); err != nil {
		return err
	}
	*f = v
	return nil
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
// an array of names, e.g. ["apology","discount"].
func (r Recovery) MarshalJSON() ([]byte, error) {
	if err := ValidateRecovery(syntaxOnly(), r); err != nil {
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
// default touchpoint.Limits; on error r is unchanged.
func (r *Recovery) UnmarshalJSON(b []byte) error {
	var w recoveryWire
	if err := touchpoint.Strict(b, &w); err != nil {
		return touchpoint.JSONError("recovery", err)
	}
	t, err := touchpoint.ParseTime("recovery", "time", w.Time)
	if err != nil {
		return err
	}
	res, err := touchpoint.ParseTime("recovery", "resolved_at", w.ResolvedAt)
	if err != nil {
		return err
	}
	var acts Action
	for _, name := range w.Actions {
		a, err := ParseAction(name)
		if err != nil {
			return err
		}
		acts |= a
	}
	v := Recovery{
		ID: w.ID, FailureID: w.FailureID, CustomerID: w.CustomerID, Time: t, ResolvedAt: res,
		Actions: acts, Compensation: w.Compensation, Initiative: w.Initiative,
		Channel: w.Channel, Contacts: w.Contacts,
	}
	if err := v.Validate(); err != nil {
		return err
	}
	*r = v
	return nil
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
// with events in journey order.
func (j *Journey) MarshalJSON() ([]byte, error) {
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

// UnmarshalJSON decodes a journey strictly, checking the schema version and
// every event, including each recovery against its failure. On error j is
// unchanged: the journey is built aside and swapped in only when complete.
func (j *Journey) UnmarshalJSON(b []byte) error {
	var w journeyWire
	if err := touchpoint.Strict(b, &w); err != nil {
		return touchpoint.JSONError("journey", err)
	}
	if w.Version != touchpoint.SchemaVersion {
		return touchpoint.Invalid("journey", "version", strconv.Itoa(w.Version), "must be "+strconv.Itoa(touchpoint.SchemaVersion))
	}
	if w.CustomerID == "" {
		return touchpoint.Invalid("journey", "customer_id", "", "must not be empty")
	}
	nj := NewWithLimits(w.CustomerID, j.limits)
	if err := nj.Add(w.Touchpoints...); err != nil {
		return err
	}
	if err := nj.AddFailure(w.Failures...); err != nil {
		return err
	}
	if err := nj.AddRecovery(w.Recoveries...); err != nil {
		return err
	}
	*j = *nj
	return nil
}

// syntaxOnly checks every rule except the clock-dependent future bound, so
// that encoding does not depend on when it runs.
func syntaxOnly() touchpoint.Limits { return touchpoint.Limits{Now: touchpoint.MaxTime} }
