package store

import (
	"math"
	"time"

	"github.com/cemkit/cem/touchpoint"
)

// Snapshot is a value computed about a customer at a point in time: a
// journey score, a loyalty-ladder stage, a CLV estimate. The store keeps
// them as plain records so it never depends on the packages that compute
// them (scoring, loyalty).
//
// A snapshot is identified by (CustomerID, Name, Time); storing the same
// key again with equal content is a no-op and with different content
// [ErrConflict].
type Snapshot struct {
	// CustomerID is the customer described.
	CustomerID string
	// Time is when the value was computed, or the as-of date it describes.
	Time time.Time
	// Name says what the value is, with the syntax of a channel name, e.g.
	// "score.recovery" or "ladder".
	Name string
	// Value is the number (a score 0–100, a CLV), or 0 when only Stage
	// matters. It must be finite.
	Value float64
	// Stage is a label (a ladder stage such as "loyal", a score band such as
	// "at_risk"), or "". Same syntax as a channel name when set.
	Stage string
}

// ValidateSnapshot checks s with default touchpoint.Limits.
func ValidateSnapshot(s Snapshot) error { return CheckSnapshot(touchpoint.Limits{}, s) }

// CheckSnapshot checks s against l: a valid customer id, a time within l's
// bounds, a well-formed name and stage, a finite value. Adapters call it
// with the limits they were opened with, so that a simulation's
// future-dated snapshots are accepted where its events are.
func CheckSnapshot(l touchpoint.Limits, s Snapshot) error {
	if err := l.CheckCustomerID("snapshot", s.CustomerID); err != nil {
		return err
	}
	if err := l.CheckTime("snapshot", "time", s.Time); err != nil {
		return err
	}
	if _, err := touchpoint.ParseChannel(s.Name); err != nil {
		return touchpoint.Invalid("snapshot", "name", s.Name, "must be 1-64 bytes of a-z, 0-9, '_', '-', '.' starting with a letter")
	}
	if math.IsNaN(s.Value) || math.IsInf(s.Value, 0) {
		return touchpoint.Invalid("snapshot", "value", "non-finite", "must be a finite number")
	}
	if s.Stage != "" {
		if _, err := touchpoint.ParseChannel(s.Stage); err != nil {
			return touchpoint.Invalid("snapshot", "stage", s.Stage, "must be 1-64 bytes of a-z, 0-9, '_', '-', '.' starting with a letter")
		}
	}
	return nil
}

// Equal reports whether s and o are the same snapshot with the same content.
func (s Snapshot) Equal(o Snapshot) bool {
	return s.CustomerID == o.CustomerID && s.Time.Equal(o.Time) && s.Name == o.Name &&
		s.Value == o.Value && s.Stage == o.Stage
}

// LatestQuery selects, for one snapshot name, each customer's most recent
// snapshot (at or before AsOf, if set) and keeps those matching the
// conditions: "customers whose latest score is below 40" is
// LatestQuery{Name: "score", Below: ptr(40)}.
type LatestQuery struct {
	// Name is the snapshot name; required.
	Name string
	// AsOf, if set, ignores snapshots after it.
	AsOf time.Time
	// Below keeps latest values < *Below; nil means no bound.
	Below *float64
	// AtLeast keeps latest values >= *AtLeast; nil means no bound.
	AtLeast *float64
	// Stage, if set, keeps latest snapshots with this stage.
	Stage string
}

// Transition is a change of a customer's snapshot stage between two
// consecutive snapshots of one name: "moved from loyal to satisfied on
// 3 March".
type Transition struct {
	CustomerID string
	Name       string
	From, To   string
	// Time is the time of the snapshot with the new stage.
	Time time.Time
}

// TransitionQuery selects stage changes of one snapshot name whose new
// snapshot lies in the window: "customers who moved from loyal to satisfied
// this month" is TransitionQuery{Name: "ladder", From: "loyal", To:
// "satisfied", Window: thisMonth}.
type TransitionQuery struct {
	// Name is the snapshot name; required.
	Name string
	// From and To, if set, keep only changes from / to these stages.
	From, To string
	// Window restricts the time of the new snapshot.
	Window Window
}
