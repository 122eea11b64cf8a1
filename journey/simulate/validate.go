package simulate

import (
	"maps"
	"math"
	"slices"
	"strconv"

	"github.com/cemkit/cem/touchpoint"
)

// Validate checks the configuration and returns a *touchpoint.ValidationError
// naming the first field that is missing, out of range, or whose
// probabilities do not sum to 1.
func (c Config) Validate() error {
	for _, check := range []func() error{
		c.validateWindow, c.validateCustomers, c.validateChannels, c.Chain.validate,
		c.validateDelays, c.validateFailures, c.validatePolicies, c.Feedback.validate,
		c.validateHeterogeneity, c.Purchases.Validate, c.Spend.Validate,
	} {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

func (c Config) validateWindow() error {
	switch {
	case c.Start.IsZero():
		return invalid("start", "", "must be set: the simulator never reads the clock")
	case c.Start.Before(touchpoint.MinTime().AddDate(1, 0, 0)):
		return invalid("start", touchpoint.FormatTime(c.Start), "must be after 1901")
	case c.Horizon <= 0:
		return invalid("horizon", c.Horizon.String(), "must be positive")
	case c.Acquisition < 0 || c.Acquisition > c.Horizon:
		return invalid("acquisition", c.Acquisition.String(), "must be in [0, horizon]")
	case c.Start.Add(c.Horizon).After(touchpoint.MaxTime().AddDate(-2, 0, 0)):
		return invalid("horizon", c.Horizon.String(), "must end two years before the latest time cem accepts")
	}
	return nil
}

func (c Config) validateCustomers() error {
	if c.Customers < 1 {
		return invalid("customers", strconv.Itoa(c.Customers), "must be at least 1")
	}
	// The last customer's id is the longest.
	if err := c.Limits().CheckCustomerID("simulate", customerID(c.CustomerPrefix, c.Customers-1)); err != nil {
		return invalid("customer_prefix", c.CustomerPrefix, "must make valid customer ids")
	}
	if !touchpoint.ValidCurrency(c.Currency) {
		return invalid("currency", c.Currency, "must be an ISO 4217 code")
	}
	return nil
}

func (c Config) validateChannels() error {
	if len(c.Channels) == 0 {
		return invalid("channels", "", "must not be empty")
	}
	sum := 0.0
	for i, s := range c.Channels {
		f := "channels[" + strconv.Itoa(i) + "]"
		if err := s.Channel.Validate(); err != nil {
			return invalid(f+".channel", string(s.Channel), "must be a valid channel")
		}
		if !probability(s.Share) {
			return invalid(f+".share", fmtFloat(s.Share), "must be a probability in [0, 1]")
		}
		sum += s.Share
	}
	if !sumsToOne(sum) {
		return invalid("channels", fmtFloat(sum), "shares must sum to 1")
	}
	if !probability(c.Switch) {
		return invalid("switch", fmtFloat(c.Switch), "must be a probability in [0, 1]")
	}
	return nil
}

func (c Config) validateDelays() error {
	for _, s := range slices.Sorted(maps.Keys(c.Delays)) {
		if err := s.Validate(); err != nil {
			return invalid("delays", string(s), "must be keyed by valid stages")
		}
		if d := c.Delays[s]; d < 0 || d > 52*Week {
			return invalid("delays["+string(s)+"]", d.String(), "must be in [0, 52 weeks]")
		}
	}
	if c.SwitchDelay < 0 || c.SwitchDelay > 52*Week {
		return invalid("switch_delay", c.SwitchDelay.String(), "must be in [0, 52 weeks]")
	}
	return nil
}

func (c Config) validateFailures() error {
	for i, r := range c.Failures {
		f := "failures[" + strconv.Itoa(i) + "]"
		switch {
		case r.Stage.Validate() != nil:
			return invalid(f+".stage", string(r.Stage), "must be a valid stage")
		case r.Kind.Validate() != nil:
			return invalid(f+".kind", string(r.Kind), "must be a valid kind")
		case r.Severity.Validate() != nil:
			return invalid(f+".severity", strconv.Itoa(int(r.Severity)), "must be minor, moderate, major or critical")
		case !probability(r.P):
			return invalid(f+".p", fmtFloat(r.P), "must be a probability in [0, 1]")
		case !(r.Loss >= 0 && r.Loss <= 1e9):
			return invalid(f+".loss", fmtFloat(r.Loss), "must be in [0, 1e9]")
		}
	}
	return nil
}

func (c Config) validatePolicies() error {
	sum := 0.0
	for i, p := range c.Policies {
		if err := p.validate("policies[" + strconv.Itoa(i) + "]"); err != nil {
			return err
		}
		sum += p.Share
	}
	if len(c.Policies) > 0 && !sumsToOne(sum) {
		return invalid("policies", fmtFloat(sum), "shares must sum to 1")
	}
	return nil
}

func (c Config) validateHeterogeneity() error {
	if !(c.Mood >= 0 && c.Mood <= 1) {
		return invalid("mood", fmtFloat(c.Mood), "must be in [0, 1]")
	}
	if !(c.Proneness >= 0 && c.Proneness <= 5) {
		return invalid("proneness", fmtFloat(c.Proneness), "must be in [0, 5]")
	}
	return nil
}

func sumsToOne(sum float64) bool { return math.Abs(sum-1) <= 1e-9 }
