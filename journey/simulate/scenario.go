package simulate

import (
	"fmt"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

// Story builds one customer's journey step by step, in the words of the
// story a test tells:
//
//	j, err := simulate.Scenario("c-42", start).
//		Arrive(touchpoint.Store).
//		Browse(touchpoint.Store).Fail(journey.OutOfStock, journey.Moderate, "12.50").
//		After(26 * time.Hour).Call().
//		Recover(journey.Apology|journey.Discount, "10.00").
//		After(time.Hour).Buy(touchpoint.Web, "89.00").NPS(9).
//		After(7 * 24 * time.Hour).Recommend().
//		Journey()
//
// A Story keeps a clock that starts at the scenario's start and moves only
// with [Story.After]; every step happens at the clock's time. Touchpoint
// steps record a touchpoint; Fail marks the last touchpoint failed and
// records the failure; Recover answers the last failure. IDs derive from the
// customer id and the step number ([touchpoint.IDFromKey]), so the same
// story always gives the same journey.
//
// The first mistake (an amount that does not parse, a failure before any
// touchpoint, a negative delay) is kept and returned by [Story.Journey],
// naming the step; later steps are ignored. A Story is not safe for
// concurrent use.
type Story struct {
	customer string
	now      time.Time
	currency string
	steps    int
	tps      []touchpoint.Touchpoint
	fs       []journey.Failure
	rs       []journey.Recovery
	err      error
}

// Scenario starts a story for customerID at start, with amounts in EUR.
func Scenario(customerID string, start time.Time) *Story {
	return &Story{customer: customerID, now: start, currency: "EUR"}
}

// Currency sets the ISO 4217 code of the amounts in the steps that follow.
func (s *Story) Currency(code string) *Story {
	return s.step(func() error {
		if !touchpoint.ValidCurrency(code) {
			return invalid("scenario.currency", code, "must be an ISO 4217 code")
		}
		s.currency = code
		return nil
	})
}

// After moves the clock forward by d.
func (s *Story) After(d time.Duration) *Story {
	return s.step(func() error {
		if d < 0 {
			return invalid("scenario.after", d.String(), "must not be negative: stories move forward")
		}
		s.now = s.now.Add(d)
		return nil
	})
}

// At records a touchpoint on channel ch at stage st.
func (s *Story) At(ch touchpoint.Channel, st touchpoint.Stage) *Story {
	return s.step(func() error { s.touch(ch, st); return nil })
}

func (s *Story) touch(ch touchpoint.Channel, st touchpoint.Stage) *touchpoint.Touchpoint {
	s.tps = append(s.tps, touchpoint.Touchpoint{
		ID: s.id(), CustomerID: s.customer, Time: s.now, Channel: ch, Stage: st,
	})
	return s.last()
}

// Arrive records the customer arriving: entering the shop, landing on the
// site.
func (s *Story) Arrive(ch touchpoint.Channel) *Story { return s.At(ch, touchpoint.Arrival) }

// Browse records the customer looking for a product.
func (s *Story) Browse(ch touchpoint.Channel) *Story { return s.At(ch, touchpoint.Browse) }

// Ask records the customer asking for help.
func (s *Story) Ask(ch touchpoint.Channel) *Story { return s.At(ch, touchpoint.Assistance) }

// Call records a support call.
func (s *Story) Call() *Story { return s.At(touchpoint.Phone, touchpoint.Support) }

// Deliver records the delivery of an order.
func (s *Story) Deliver(ch touchpoint.Channel) *Story { return s.At(ch, touchpoint.Delivery) }

// Return records the customer returning an item.
func (s *Story) Return(ch touchpoint.Channel) *Story { return s.At(ch, touchpoint.Return) }

// Buy records a purchase of amount (a decimal such as "89.00") on ch.
func (s *Story) Buy(ch touchpoint.Channel, amount string) *Story {
	return s.step(func() error {
		v, err := touchpoint.NewMoney(amount, s.currency)
		if err != nil {
			return err
		}
		s.touch(ch, touchpoint.Purchase).Value = v
		return nil
	})
}

// Recommend records the customer recommending the business on social media
// with an NPS answer of 10.
func (s *Story) Recommend() *Story {
	return s.step(func() error {
		s.touch(touchpoint.Social, touchpoint.Advocacy).Feedback.NPS = touchpoint.Rate(10)
		return nil
	})
}

// CSAT records a CSAT answer (1–5) on the last touchpoint.
func (s *Story) CSAT(v float64) *Story {
	return s.onLast(func(tp *touchpoint.Touchpoint) { tp.Feedback.CSAT = touchpoint.Rate(v) })
}

// NPS records a likelihood-to-recommend answer (0–10) on the last
// touchpoint.
func (s *Story) NPS(v float64) *Story {
	return s.onLast(func(tp *touchpoint.Touchpoint) { tp.Feedback.NPS = touchpoint.Rate(v) })
}

// CES records a customer-effort answer (1–7, lower is better) on the last
// touchpoint.
func (s *Story) CES(v float64) *Story {
	return s.onLast(func(tp *touchpoint.Touchpoint) { tp.Feedback.CES = touchpoint.Rate(v) })
}

// Waited records how long the customer waited before the last touchpoint
// was served.
func (s *Story) Waited(d time.Duration) *Story {
	return s.onLast(func(tp *touchpoint.Touchpoint) { tp.Wait = d })
}

// Fail marks the last touchpoint failed and records a failure of kind and
// severity there, with loss (a decimal, or "" for none) to the customer.
func (s *Story) Fail(kind journey.Kind, sev journey.Severity, loss string) *Story {
	return s.step(func() error {
		tp := s.last()
		if tp == nil {
			return invalid("scenario.fail", string(kind), "must follow a touchpoint")
		}
		m, err := s.money(loss)
		if err != nil {
			return err
		}
		tp.Outcome = touchpoint.Failed
		s.fs = append(s.fs, journey.Failure{
			ID: s.id(), CustomerID: s.customer, Time: tp.Time, Kind: kind, Severity: sev,
			Channel: tp.Channel, TouchpointID: tp.ID, Loss: m,
		})
		return nil
	})
}

// Recover records a recovery of the last failure, started by the customer
// and resolved now, on the channel of the last touchpoint, giving back
// compensation (a decimal, or "" for none).
func (s *Story) Recover(actions journey.Action, compensation string) *Story {
	return s.attempt(actions, compensation, true)
}

// TryRecover records a recovery attempt that does not resolve the last
// failure: a call that goes nowhere.
func (s *Story) TryRecover(actions journey.Action) *Story {
	return s.attempt(actions, "", false)
}

// ByBusiness marks the last recovery as started by the business, before
// the customer complained.
func (s *Story) ByBusiness() *Story {
	return s.step(func() error {
		if len(s.rs) == 0 {
			return invalid("scenario.by_business", "", "must follow a recovery")
		}
		s.rs[len(s.rs)-1].Initiative = journey.BusinessInitiated
		return nil
	})
}

// Journey returns the story as a journey validated against a clock that
// stands at the story's end, or the first mistake in the story.
func (s *Story) Journey() (*journey.Journey, error) {
	if s.err != nil {
		return nil, s.err
	}
	end := s.now
	j := journey.NewWithLimits(s.customer, touchpoint.Limits{Now: func() time.Time { return end }})
	if err := j.Add(s.tps...); err != nil {
		return nil, err
	}
	if err := j.AddFailure(s.fs...); err != nil {
		return nil, err
	}
	if err := j.AddRecovery(s.rs...); err != nil {
		return nil, err
	}
	return j, nil
}

func (s *Story) attempt(actions journey.Action, compensation string, resolved bool) *Story {
	return s.step(func() error {
		if len(s.fs) == 0 || len(s.tps) == 0 {
			return invalid("scenario.recover", actions.String(), "must follow a failure")
		}
		m, err := s.money(compensation)
		if err != nil {
			return err
		}
		r := journey.Recovery{
			ID: s.id(), FailureID: s.fs[len(s.fs)-1].ID, CustomerID: s.customer, Time: s.now,
			Actions: actions, Compensation: m, Channel: s.last().Channel,
		}
		if resolved {
			r.ResolvedAt = s.now
		}
		s.rs = append(s.rs, r)
		return nil
	})
}

func (s *Story) onLast(f func(*touchpoint.Touchpoint)) *Story {
	return s.step(func() error {
		tp := s.last()
		if tp == nil {
			return invalid("scenario", "", "an answer or a wait must follow a touchpoint")
		}
		f(tp)
		return nil
	})
}

// step runs one step unless an earlier one failed, naming the step in the
// error.
func (s *Story) step(f func() error) *Story {
	if s.err != nil {
		return s
	}
	s.steps++
	if err := f(); err != nil {
		s.err = fmt.Errorf("simulate: scenario %q, step %d: %w", s.customer, s.steps, err)
	}
	return s
}

func (s *Story) last() *touchpoint.Touchpoint {
	if len(s.tps) == 0 {
		return nil
	}
	return &s.tps[len(s.tps)-1]
}

func (s *Story) money(amount string) (touchpoint.Money, error) {
	if amount == "" {
		return touchpoint.Money{}, nil
	}
	return touchpoint.NewMoney(amount, s.currency)
}

func (s *Story) id() uuid.UUID {
	return touchpoint.IDFromKey("cem/simulate/scenario", s.customer+"/"+strconv.Itoa(s.steps))
}
