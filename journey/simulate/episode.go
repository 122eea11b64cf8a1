package simulate

import (
	"math/rand/v2"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

// shopper is one customer being simulated: their lasting traits and the
// events drawn so far.
type shopper struct {
	g      *generator
	rng    *rand.Rand
	id     string
	home   touchpoint.Channel
	mood   float64
	prone  float64
	nu     float64
	policy *Policy

	stages []touchpoint.Stage
	chans  []touchpoint.Channel
	offs   []time.Duration
	tps    []touchpoint.Touchpoint
	fs     []journey.Failure
	rs     []journey.Recovery
}

func (g *generator) newShopper(rng *rand.Rand, id string) *shopper {
	s := &shopper{g: g, rng: rng, id: id}
	s.home = g.channel(rng)
	s.mood = rng.NormFloat64() * g.cfg.Mood
	s.prone = lognormalMeanOne(rng, g.cfg.Proneness)
	s.nu = g.cfg.Spend.nu(rng)
	if ps := g.cfg.Policies; len(ps) > 0 {
		s.policy = &ps[pick(rng, func(i int) float64 { return ps[i].Share }, len(ps))]
	}
	return s
}

func (g *generator) channel(rng *rand.Rand) touchpoint.Channel {
	cs := g.cfg.Channels
	return cs[pick(rng, func(i int) float64 { return cs[i].Share }, len(cs))].Channel
}

// episode simulates one purchase made at the given time: the walk through
// the chain placed so that its purchase happens then, the failures, the
// recoveries and the feedback.
func (s *shopper) episode(at time.Time) {
	first := len(s.tps)
	switches, bought := s.walk()
	for k, off := range s.offs {
		t := at.Add(off - bought)
		s.tps = append(s.tps, touchpoint.Touchpoint{
			ID: newID(s.rng, t), CustomerID: s.id, Time: t, Channel: s.chans[k], Stage: s.stages[k],
		})
	}
	last := len(s.tps) - 1
	o := outcome{switches: switches}
	fs, rs := len(s.fs), len(s.rs)
	for k := first; k <= last; k++ {
		if s.tps[k].Stage == touchpoint.Purchase && s.tps[k].Value.IsZero() {
			s.tps[k].Value = s.g.cfg.Spend.order(s.rng, s.nu, s.g.cfg.Currency)
		}
		s.fail(k)
	}
	o.failures, o.recoveries = s.fs[fs:], s.rs[rs:]
	if chance(s.rng, s.g.cfg.Feedback.Response) {
		s.tps[last].Feedback = s.g.cfg.Feedback.answer(s.rng, s.mood, o)
	}
}

// walk draws the stages, channels and time offsets of an episode into
// s.stages, s.chans and s.offs. It
// returns the number of channel switches and the offset of the purchase.
func (s *shopper) walk() (switches int, bought time.Duration) {
	cfg := &s.g.cfg
	s.stages = cfg.Chain.walk(s.rng, s.stages)
	s.offs, s.chans = s.offs[:0], s.chans[:0]
	ch, off := s.home, time.Duration(0)
	for k, st := range s.stages {
		if k > 0 {
			next := ch
			if chance(s.rng, cfg.Switch) {
				next = s.g.channel(s.rng)
			}
			off += exponential(s.rng, s.delay(st))
			if next != ch {
				off += exponential(s.rng, cfg.SwitchDelay)
				switches++
			}
			ch = next
		}
		if st == touchpoint.Purchase {
			bought = off
		}
		s.offs = append(s.offs, off)
		s.chans = append(s.chans, ch)
	}
	return switches, bought
}

func (s *shopper) delay(st touchpoint.Stage) time.Duration {
	if d, ok := s.g.cfg.Delays[st]; ok {
		return d
	}
	return time.Minute
}

// fail applies the first failure rule that fires to touchpoint k and
// recovers the failure under the customer's policy.
func (s *shopper) fail(k int) {
	tp := &s.tps[k]
	for _, rule := range s.g.cfg.Failures {
		if rule.Stage != tp.Stage || !chance(s.rng, rule.P*s.prone) {
			continue
		}
		tp.Outcome = touchpoint.Failed
		f := journey.Failure{
			ID: newID(s.rng, tp.Time), CustomerID: s.id, Time: tp.Time, Kind: rule.Kind,
			Severity: rule.Severity, Channel: tp.Channel, TouchpointID: tp.ID, Loss: s.loss(rule.Loss),
		}
		s.fs = append(s.fs, f)
		if s.policy != nil {
			tp.Attributes = map[string]string{PolicyAttribute: s.policy.Name}
			s.recover(f)
		}
		return
	}
}

func (s *shopper) loss(mean float64) touchpoint.Money {
	if mean == 0 {
		return touchpoint.Money{}
	}
	return s.money(mean * (0.5 + s.rng.Float64()))
}

func (s *shopper) money(v float64) touchpoint.Money {
	return cents(v, s.g.cfg.Currency)
}

// recover makes the policy's attempts at f until one resolves it.
func (s *shopper) recover(f journey.Failure) {
	p := s.policy
	if !chance(s.rng, p.Attempt) {
		return
	}
	ch := p.Channel
	if ch == "" {
		ch = f.Channel
	}
	t := f.Time
	for k := range p.attempts() {
		t = t.Add(exponential(s.rng, p.Delay))
		r := journey.Recovery{
			ID: newID(s.rng, t), FailureID: f.ID, CustomerID: s.id, Time: t,
			Actions: p.Actions, Channel: ch, Contacts: 1 + k,
		}
		if k == 0 && chance(s.rng, p.BusinessInitiated) {
			r.Initiative, r.Contacts = journey.BusinessInitiated, 1
		} else {
			s.tps = append(s.tps, touchpoint.Touchpoint{
				ID: newID(s.rng, t), CustomerID: s.id, Time: t, Channel: ch, Stage: touchpoint.Support,
			})
		}
		resolved := !chance(s.rng, p.Fail)
		if resolved {
			r.ResolvedAt = t.Add(exponential(s.rng, p.Delay/4))
			r.Compensation = s.compensation(f.Loss, p.Compensation)
		}
		s.rs = append(s.rs, r)
		if resolved {
			return
		}
	}
}

// censor leaves out what an observer at cutoff, the clock of
// [Config.Limits], could not have recorded yet: the events after it, which
// the long tail of exponential delays may reach however the delays are
// bounded, and resolutions after it (the attempt was still open). Events
// before touchpoint.MinTime, which a walk back from a purchase early in
// 1901 may reach, are left out too, with the recoveries of their failures.
func (s *shopper) censor(cutoff time.Time) {
	out := func(t time.Time) bool { return t.After(cutoff) || t.Before(touchpoint.MinTime()) }
	s.tps = slices.DeleteFunc(s.tps, func(tp touchpoint.Touchpoint) bool { return out(tp.Time) })
	kept := make(map[uuid.UUID]bool, len(s.fs))
	s.fs = slices.DeleteFunc(s.fs, func(f journey.Failure) bool {
		kept[f.ID] = !out(f.Time)
		return !kept[f.ID]
	})
	s.rs = slices.DeleteFunc(s.rs, func(r journey.Recovery) bool { return out(r.Time) || !kept[r.FailureID] })
	for i := range s.rs {
		if s.rs[i].ResolvedAt.After(cutoff) {
			s.rs[i].ResolvedAt = time.Time{}
		}
	}
}

func (s *shopper) compensation(loss touchpoint.Money, share float64) touchpoint.Money {
	if loss.IsZero() || share == 0 {
		return touchpoint.Money{}
	}
	return touchpoint.Money{Amount: loss.Amount.Mul(decimal.NewFromFloat(share)).Round(2), Currency: loss.Currency}
}
