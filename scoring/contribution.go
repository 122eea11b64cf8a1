package scoring

import (
	"fmt"
	"math"
	"strconv"

	"github.com/google/uuid"
)

// Kind says what kind of event a [Contribution] is about.
type Kind uint8

// The contribution kinds.
const (
	KindBaseline   Kind = iota // where the model starts, before any event moved the score
	KindTouchpoint             // a touchpoint's feedback
	KindFailure                // a service failure
	KindRecovery               // a recovery attempt, or the recovery paradox
	KindAdjustment             // a correction that keeps the score on the scale
)

var kindNames = [...]string{"baseline", "touchpoint", "failure", "recovery", "adjustment"}

// String returns the kind's name: "baseline", "touchpoint", "failure",
// "recovery" or "adjustment".
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// MarshalText implements encoding.TextMarshaler.
func (k Kind) MarshalText() ([]byte, error) {
	if int(k) >= len(kindNames) {
		return nil, fmt.Errorf("scoring: unknown contribution kind %d", k)
	}
	return []byte(kindNames[k]), nil
}

// Contribution is one line of a score's explanation: the event that moved
// the score and by how many points.
type Contribution struct {
	// Kind says what the event is.
	Kind Kind `json:"kind"`
	// ID is the touchpoint, failure or recovery, or uuid.Nil for the
	// baseline and adjustments.
	ID uuid.UUID `json:"id"`
	// Text says in a CX analyst's words what happened and why it counts.
	Text string `json:"text"`
	// Points is how far the event moved the score, negative when it pulled
	// it down.
	Points float64 `json:"points"`
}

// notes collects contributions while a scorer explains itself. A nil
// *notes means no explanation was asked for, and every call site checks
// for nil before formatting text, so scoring without an explanation never
// allocates.
type notes struct {
	list []Contribution
}

func (n *notes) add(k Kind, id uuid.UUID, points float64, format string, args ...any) {
	n.list = append(n.list, Contribution{Kind: k, ID: id, Text: fmt.Sprintf(format, args...), Points: points})
}

// onScale is clamp without an explanation, small enough to inline.
func onScale(raw float64) float64 {
	if raw != raw {
		return Neutral
	}
	return min(max(raw, Min), Max)
}

// clamp keeps raw on the scale and records the correction, if any, so the
// contributions still add up to the score. The correction is the score
// minus the contributions so far, added in order, rather than score − raw:
// when large costs were clamped, that makes the listed points add up to
// the score exactly instead of up to their rounding.
func clamp(raw float64, n *notes) float64 {
	s := Neutral
	if !math.IsNaN(raw) {
		s = min(max(raw, Min), Max)
	}
	if s != raw {
		sum := 0.0
		for _, c := range n.list {
			sum += c.Points
		}
		n.add(KindAdjustment, uuid.Nil, s-sum, "kept on the 0–100 scale (the model gave %.1f)", raw)
	}
	return s
}
