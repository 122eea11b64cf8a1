package simulate

import (
	"strconv"
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

// Policy is how the business answers failures, the input that service
// recovery research judges by its outcome, procedure and treatment (Tax,
// Brown & Chandrashekaran 1998; Smith, Bolton & Wagner 1999).
//
// A failure gets a recovery with probability Attempt. Each attempt starts an
// exponentially distributed time with mean Delay after the failure (or the
// attempt before), takes Actions, is started by the business with
// probability BusinessInitiated (the first attempt only: a second attempt
// always follows a complaint), and fails to resolve with probability Fail;
// up to MaxAttempts (0 means 1, at most 1000, the most contacts a recovery
// records) attempts are made until one resolves. The resolving attempt
// resolves after a further exponential time with mean Delay/4 and gives
// back Compensation times the loss. A customer-initiated attempt is also a
// support touchpoint: the complaint. Delay is at most 52 weeks, like
// [Config.Delays].
type Policy struct {
	// Name labels the policy; failed touchpoints carry it in the
	// "sim_policy" attribute so that effects can be compared by policy.
	Name string
	// Share is the fraction of customers treated under this policy; the
	// shares of [Config.Policies] sum to 1.
	Share             float64
	Attempt           float64
	Actions           journey.Action
	Delay             time.Duration
	BusinessInitiated float64
	Fail              float64
	MaxAttempts       int
	Compensation      float64
	// Channel is where the attempts happen; empty means the failure's
	// channel.
	Channel touchpoint.Channel
}

// PolicyAttribute is the touchpoint attribute that names the recovery
// policy on a simulated failed touchpoint.
const PolicyAttribute = "sim_policy"

// DefaultPolicies returns four policies sharing the customers equally:
//
//   - "none": failures are never recovered;
//   - "slow-refund": a refund of the loss by e-mail after a week on
//     average, after the customer complains; one attempt in five goes
//     nowhere and a second is made;
//   - "apology-discount": an apology and a discount of half the loss within
//     two hours on average, by phone, the business acting first in 30% of
//     cases;
//   - "proactive-replacement": the business notices first (90%), apologises,
//     replaces the item fast and follows up, within an hour on average.
func DefaultPolicies() []Policy {
	return []Policy{
		{Name: "none", Share: 0.25},
		{Name: "slow-refund", Share: 0.25, Attempt: 0.9, Actions: journey.Refund, Delay: 7 * 24 * time.Hour,
			Fail: 0.2, MaxAttempts: 2, Compensation: 1, Channel: touchpoint.Email},
		{Name: "apology-discount", Share: 0.25, Attempt: 1, Actions: journey.Apology | journey.Discount,
			Delay: 2 * time.Hour, BusinessInitiated: 0.3, Fail: 0.05, Compensation: 0.5, Channel: touchpoint.Phone},
		{Name: "proactive-replacement", Share: 0.25, Attempt: 1,
			Actions: journey.Apology | journey.Replacement | journey.Expedite | journey.FollowUp,
			Delay:   time.Hour, BusinessInitiated: 0.9, Fail: 0.05, Compensation: 1},
	}
}

// maxAttempts bounds Policy.MaxAttempts: the last attempt records that
// many contacts, and journey.Recovery allows at most 1000.
const maxAttempts = 1000

func (p Policy) attempts() int { return max(p.MaxAttempts, 1) }

func (p Policy) validate(field string) error {
	for _, c := range []struct {
		name string
		v    float64
	}{{"share", p.Share}, {"attempt", p.Attempt}, {"business_initiated", p.BusinessInitiated}, {"fail", p.Fail}} {
		if !probability(c.v) {
			return invalid(field+"."+c.name, fmtFloat(c.v), "must be a probability in [0, 1]")
		}
	}
	switch {
	case p.Delay < 0 || p.Delay > 52*Week:
		return invalid(field+".delay", p.Delay.String(), "must be in [0, 52 weeks]")
	case p.MaxAttempts < 0 || p.MaxAttempts > maxAttempts:
		return invalid(field+".max_attempts", strconv.Itoa(p.MaxAttempts), "must be in [0, 1000]")
	case !(p.Compensation >= 0 && p.Compensation <= 10):
		return invalid(field+".compensation", fmtFloat(p.Compensation), "must be a multiple of the loss in [0, 10]")
	}
	if err := p.Actions.Validate(); err != nil {
		return invalid(field+".actions", p.Actions.String(), "must hold defined actions")
	}
	if p.Channel != "" {
		if err := p.Channel.Validate(); err != nil {
			return invalid(field+".channel", string(p.Channel), "must be empty or a valid channel")
		}
	}
	if len(p.Name) > touchpoint.MaxNameLen {
		return invalid(field+".name", p.Name, "must be at most 64 bytes")
	}
	return touchpoint.CheckText("simulate", field+".name", p.Name)
}
