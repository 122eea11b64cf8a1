package journey

import (
	"time"

	"github.com/google/uuid"

	"github.com/cemkit/cem/touchpoint"
)

// Start returns the time of the first event (touchpoint, failure or
// recovery), or the zero time for an empty journey.
func (j *Journey) Start() time.Time {
	var t time.Time
	pick := func(c time.Time) {
		if t.IsZero() || c.Before(t) {
			t = c
		}
	}
	if len(j.tps) > 0 {
		pick(j.tps[0].Time)
	}
	if len(j.failures) > 0 {
		pick(j.failures[0].Time)
	}
	if len(j.recoveries) > 0 {
		pick(j.recoveries[0].Time)
	}
	return t
}

// End returns the time of the last event, counting a recovery's resolution,
// or the zero time for an empty journey.
func (j *Journey) End() time.Time {
	var t time.Time
	pick := func(c time.Time) {
		if c.After(t) {
			t = c
		}
	}
	if n := len(j.tps); n > 0 {
		pick(j.tps[n-1].Time)
	}
	if n := len(j.failures); n > 0 {
		pick(j.failures[n-1].Time)
	}
	for _, r := range j.recoveries {
		pick(r.Time)
		pick(r.ResolvedAt)
	}
	return t
}

// Duration returns End − Start, 0 for an empty journey.
func (j *Journey) Duration() time.Duration {
	if j.Start().IsZero() {
		return 0
	}
	return j.End().Sub(j.Start())
}

// Channels returns the distinct channels of the touchpoints in the order
// they were first used.
func (j *Journey) Channels() []touchpoint.Channel {
	var out []touchpoint.Channel
	for _, tp := range j.tps {
		if !contains(out, tp.Channel) {
			out = append(out, tp.Channel)
		}
	}
	return out
}

// Stages returns the distinct stages reached, in the order they were first
// reached.
func (j *Journey) Stages() []touchpoint.Stage {
	var out []touchpoint.Stage
	for _, tp := range j.tps {
		if !contains(out, tp.Stage) {
			out = append(out, tp.Stage)
		}
	}
	return out
}

// Reached reports whether any touchpoint is at stage s.
func (j *Journey) Reached(s touchpoint.Stage) bool {
	for _, tp := range j.tps {
		if tp.Stage == s {
			return true
		}
	}
	return false
}

// ChannelSwitches counts how often consecutive touchpoints change channel:
// store, phone, web is two switches. Switching is a source of customer
// effort (Dixon, Freeman & Toman 2010).
func (j *Journey) ChannelSwitches() int {
	n := 0
	for i := 1; i < len(j.tps); i++ {
		if j.tps[i].Channel != j.tps[i-1].Channel {
			n++
		}
	}
	return n
}

// RecoveriesOf returns the recovery attempts for one failure, in time order,
// in a new slice.
func (j *Journey) RecoveriesOf(failureID uuid.UUID) []Recovery {
	var out []Recovery
	for _, r := range j.recoveries {
		if r.FailureID == failureID {
			out = append(out, r)
		}
	}
	return out
}

// Resolution returns the earliest time any attempt resolved the failure,
// and false if none did.
func (j *Journey) Resolution(failureID uuid.UUID) (time.Time, bool) {
	var best time.Time
	for _, r := range j.recoveries {
		if r.FailureID == failureID && r.Resolved() && (best.IsZero() || r.ResolvedAt.Before(best)) {
			best = r.ResolvedAt
		}
	}
	return best, !best.IsZero()
}

// TimeToRecovery returns how long the failure took to resolve, from the
// failure to the earliest resolution, and false if it is unknown or
// unresolved.
func (j *Journey) TimeToRecovery(failureID uuid.UUID) (time.Duration, bool) {
	f, ok := j.Failure(failureID)
	if !ok {
		return 0, false
	}
	at, ok := j.Resolution(failureID)
	if !ok {
		return 0, false
	}
	return at.Sub(f.Time), true
}

// Unrecovered returns the failures no attempt has resolved, in time order,
// in a new slice. Unrecovered failures weigh heaviest on satisfaction.
func (j *Journey) Unrecovered() []Failure {
	var out []Failure
	for _, f := range j.failures {
		if _, ok := j.Resolution(f.ID); !ok {
			out = append(out, f)
		}
	}
	return out
}

// Episodes splits the touchpoints wherever two consecutive ones are more
// than gap apart: a visit on Monday and a call three weeks later are two
// episodes with a gap of a week. Each episode is a sub-slice of
// [Journey.Touchpoints] under the same ownership rule. A gap ≤ 0 returns one
// episode; an empty journey none.
func (j *Journey) Episodes(gap time.Duration) [][]touchpoint.Touchpoint {
	if len(j.tps) == 0 {
		return nil
	}
	var out [][]touchpoint.Touchpoint
	start := 0
	for i := 1; i < len(j.tps); i++ {
		if gap > 0 && j.tps[i].Time.Sub(j.tps[i-1].Time) > gap {
			out = append(out, j.tps[start:i:i])
			start = i
		}
	}
	return append(out, j.tps[start:len(j.tps):len(j.tps)])
}

// Feedback counts the touchpoints that carry at least one survey answer.
func (j *Journey) Feedback() int {
	n := 0
	for _, tp := range j.tps {
		if !tp.Feedback.IsZero() {
			n++
		}
	}
	return n
}

func contains[T comparable](s []T, v T) bool {
	for _, e := range s {
		if e == v {
			return true
		}
	}
	return false
}

// Limits returns the limits the journey validates its events with.
func (j *Journey) Limits() touchpoint.Limits { return j.limits }

// Until returns a new journey holding the events up to and including t, as
// the journey stood at that moment: touchpoints, failures and recovery
// attempts after t are left out, and a resolution after t is cleared (the
// attempt was still open then). Scoring or placing the result shows how the
// customer stood at t. The result shares no memory with j.
func (j *Journey) Until(t time.Time) *Journey {
	c := &Journey{customerID: j.customerID, limits: j.limits}
	for _, tp := range j.tps {
		if tp.Time.After(t) {
			break
		}
		c.tps = append(c.tps, tp.Clone())
		c.remember(tp.ID, tp.Time)
	}
	for _, f := range j.failures {
		if f.Time.After(t) {
			break
		}
		c.failures = append(c.failures, f)
		c.remember(f.ID, f.Time)
	}
	for _, r := range j.recoveries {
		if r.Time.After(t) {
			break
		}
		if r.ResolvedAt.After(t) {
			r.ResolvedAt = time.Time{}
		}
		c.recoveries = append(c.recoveries, r)
		c.remember(r.ID, r.Time)
	}
	return c
}
