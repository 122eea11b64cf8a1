package scoring

import (
	"math"
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

// Defaults of [Recovery], used where a field is zero. They are modelling
// choices consistent with the research cited on Recovery, not published
// estimates.
const (
	DefaultFailureCost       = 30.0           // points a critical failure without loss costs
	DefaultLossWeight        = 0.5            // extra cost share of a loss as large as the spend
	DefaultUnrecoveredFactor = 1.5            // how much more an unrecovered failure costs
	DefaultSpeedHalfLife     = 48 * time.Hour // resolution time at which speed is judged half as good
	DefaultParadoxBonus      = 5.0            // points the recovery paradox adds
	DefaultParadoxThreshold  = 0.8            // justice a recovery needs for the paradox
)

// Justice weighs the three dimensions of perceived justice in a recovery
// (Tax, Brown & Chandrashekaran 1998; Smith, Bolton & Wagner 1999). The
// weights are relative; all zero means the defaults 0.3, 0.3 and 0.4, with
// interactional justice heaviest because it weighs most on repatronage
// (Blodgett, Hill & Tax 1997).
type Justice struct {
	Distributive  float64 `json:"distributive,omitempty"`
	Procedural    float64 `json:"procedural,omitempty"`
	Interactional float64 `json:"interactional,omitempty"`
}

// Recovery scores a journey by its service failures and how they were put
// right, after service-recovery research.
//
// It starts from the [Mean] of the touchpoint feedback ([Neutral] without
// any). Each failure then costs FailureCost × its [journey.Severity.Weight]
// × (1 + LossWeight × loss share), the loss share being the customer's loss
// relative to what they spent in the journey in that currency (1 when the
// spend is unknown, capped at 1). A failure no attempt resolved costs
// UnrecoveredFactor times as much and earns nothing back: unrecovered
// failures weigh heaviest.
//
// A resolved failure earns back its cost × J, where J in [0, 1] is the
// perceived justice of all its attempts, a weighted mean (see [Justice]) of
//
//   - distributive justice: compensation matched to the loss. 1 for a
//     refund or replacement or for compensation at least as large as the
//     loss, compensation ÷ loss when smaller, 0.5 for a discount alone;
//   - procedural justice: the mean of speed (2^(−time to resolution ÷
//     SpeedHalfLife)), ease (1 ÷ the contacts the customer needed, counting
//     every attempt) and initiative (1 when the business started the first
//     attempt, 0.5 when the customer had to complain; Smith, Bolton & Wagner
//     1999);
//   - interactional justice: 0.4 for an apology, 0.4 for an explanation and
//     0.2 for a follow-up.
//
// The recovery paradox is explicit: when the journey has exactly one
// failure and its recovery reaches ParadoxThreshold justice, the score gains
// ParadoxBonus on top, so a well-recovered failure can end above the
// no-failure level. The meta-analysis of de Matos, Henrique & Rossi (2007)
// finds the effect for satisfaction, which this score measures, though not
// for repurchase intention or word of mouth; a second failure in the journey
// (a double deviation) removes it (Maxham & Netemeyer 2002). NoParadox turns
// it off.
//
// Recoveries are read through their failures, so an attempt whose failure is
// not in the journey (which [journey.Journey.AddRecovery] refuses anyway) is
// ignored. The score is kept within 0–100; Evidence counts the touchpoints
// with feedback. Zero fields mean the Default constants; other parameters
// outside [MinParameter]..[MaxParameter], an UnrecoveredFactor below 1, a ParadoxThreshold above 1
// or a negative SpeedHalfLife make Score return a
// *[touchpoint.ValidationError].
//
// Recovery is safe for concurrent use.
type Recovery struct {
	FailureCost       float64       `json:"failure_cost,omitempty"`
	LossWeight        float64       `json:"loss_weight,omitempty"`
	UnrecoveredFactor float64       `json:"unrecovered_factor,omitempty"`
	Justice           Justice       `json:"justice,omitzero"`
	SpeedHalfLife     time.Duration `json:"speed_half_life,omitempty"`
	ParadoxBonus      float64       `json:"paradox_bonus,omitempty"`
	ParadoxThreshold  float64       `json:"paradox_threshold,omitempty"`
	NoParadox         bool          `json:"no_paradox,omitempty"`
}

// Validate reports whether the parameters are usable.
func (r Recovery) Validate() error {
	for _, p := range []struct {
		field string
		v     float64
	}{
		{"recovery.failure_cost", r.FailureCost},
		{"recovery.loss_weight", r.LossWeight},
		{"recovery.unrecovered_factor", r.UnrecoveredFactor},
		{"recovery.justice.distributive", r.Justice.Distributive},
		{"recovery.justice.procedural", r.Justice.Procedural},
		{"recovery.justice.interactional", r.Justice.Interactional},
		{"recovery.paradox_bonus", r.ParadoxBonus},
		{"recovery.paradox_threshold", r.ParadoxThreshold},
	} {
		if err := checkWeight(p.field, p.v); err != nil {
			return err
		}
	}
	switch {
	case r.UnrecoveredFactor != 0 && r.UnrecoveredFactor < 1:
		return invalid("recovery.unrecovered_factor", r.UnrecoveredFactor, "must be ≥ 1 (or 0 for the default)")
	case r.ParadoxThreshold > 1:
		return invalid("recovery.paradox_threshold", r.ParadoxThreshold, "must be in 0..1")
	case r.SpeedHalfLife < 0:
		return touchpoint.Invalid(entity, "recovery.speed_half_life", r.SpeedHalfLife.String(), "must not be negative")
	}
	return nil
}

// withDefaults returns r with every zero parameter replaced by its default.
func (r Recovery) withDefaults() Recovery {
	def := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	def(&r.FailureCost, DefaultFailureCost)
	def(&r.LossWeight, DefaultLossWeight)
	def(&r.UnrecoveredFactor, DefaultUnrecoveredFactor)
	def(&r.ParadoxBonus, DefaultParadoxBonus)
	def(&r.ParadoxThreshold, DefaultParadoxThreshold)
	if r.Justice == (Justice{}) {
		r.Justice = Justice{Distributive: 0.3, Procedural: 0.3, Interactional: 0.4}
	}
	if r.SpeedHalfLife == 0 {
		r.SpeedHalfLife = DefaultSpeedHalfLife
	}
	return r
}

// Score implements [Scorer].
func (r Recovery) Score(j *journey.Journey) (Result, error) {
	if j == nil {
		return Result{}, ErrNoJourney
	}
	return r.withBase(j, meanOf(j.Touchpoints()))
}

// fromTally is Score reading the feedback baseline from t.
func (r Recovery) fromTally(j *journey.Journey, t *tally) (Result, error) {
	return r.withBase(j, t.mean())
}

// defaultRecovery is the zero Recovery with its defaults filled in.
var defaultRecovery = Recovery{}.withDefaults()

// withBase is Score from the feedback baseline: it adds what each failure
// and its recovery did to it.
func (r Recovery) withBase(j *journey.Journey, base Result) (Result, error) {
	if r == (Recovery{}) {
		r = defaultRecovery
	} else {
		if err := r.Validate(); err != nil {
			return Result{}, err
		}
		r = r.withDefaults()
	}
	raw := base.Score
	fs := j.Failures()
	var sp spend
	for i := range fs {
		raw += r.failure(j, &fs[i], len(fs) == 1, nil, &sp)
	}
	return Result{Score: onScale(raw), Evidence: base.Evidence}, nil
}

// Explain implements [Explainer].
func (r Recovery) Explain(j *journey.Journey) (Result, error) {
	if j == nil {
		return Result{}, ErrNoJourney
	}
	if err := r.Validate(); err != nil {
		return Result{}, err
	}
	r = r.withDefaults()
	n := &notes{}
	base := weightedMean(j.Touchpoints(), nil, n, nil)
	raw := base.Score
	fs := j.Failures()
	var sp spend
	for i := range fs {
		raw += r.failure(j, &fs[i], len(fs) == 1, n, &sp)
	}
	score := clamp(raw, n)
	return Result{Score: score, Evidence: base.Evidence, Contributions: n.list}, nil
}

// failure returns the points one failure and its recovery moved the score.
func (r Recovery) failure(j *journey.Journey, f *journey.Failure, only bool, n *notes, sp *spend) float64 {
	loss := amount(f.Loss)
	share := sp.lossShare(j.Touchpoints(), f.Loss.Currency, loss)
	cost := r.FailureCost * f.Severity.Weight() * (1 + r.LossWeight*share)
	a := attemptsOf(j.Recoveries(), f)
	if !a.resolved {
		if n != nil {
			explainUnrecovered(n, f, a, cost*r.UnrecoveredFactor)
		}
		return -cost * r.UnrecoveredFactor
	}
	jd := r.justice(f, loss, a)
	earned := cost * jd.total
	bonus := 0.0
	if only && !r.NoParadox && jd.total >= r.ParadoxThreshold {
		bonus = r.ParadoxBonus
	}
	if n != nil {
		explainRecovered(n, f, a, cost, earned, bonus, jd)
	}
	return -cost + earned + bonus
}

// spend is the customer's spend in one currency, remembered across the
// failures of a journey, which almost always share a currency.
type spend struct {
	currency string
	total    float64
	known    bool
}

// lossShare is the loss (amount loss in currency) relative to the
// customer's spend in that currency, capped at 1; 1 when the spend is
// unknown and 0 without a loss.
func (sp *spend) lossShare(tps []touchpoint.Touchpoint, currency string, loss float64) float64 {
	if loss <= 0 {
		return 0
	}
	if !sp.known || sp.currency != currency {
		sp.currency, sp.total, sp.known = currency, 0, true
		for i := range tps {
			if v := &tps[i].Value; v.Currency == currency {
				sp.total += max(amount(*v), 0)
			}
		}
	}
	if sp.total <= 0 {
		return 1
	}
	return min(loss/sp.total, 1)
}

// amount returns m's amount as a float64 (0 for the zero Money); scores
// need no more precision, and this avoids allocating decimals.
func amount(m touchpoint.Money) float64 {
	if m.IsZero() {
		return 0
	}
	v := m.Amount.InexactFloat64()
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return v
}

// attempts sums up every recovery attempt for one failure.
type attempts struct {
	count        int
	contacts     int
	actions      journey.Action
	compensation float64
	business     bool // the first attempt was business-initiated
	resolved     bool
	resolvedAt   time.Time
	resolver     *journey.Recovery // the attempt that resolved it first
}

func attemptsOf(rs []journey.Recovery, f *journey.Failure) attempts {
	var a attempts
	for i := range rs {
		rc := &rs[i]
		if rc.FailureID != f.ID {
			continue
		}
		if a.count == 0 {
			a.business = rc.Initiative == journey.BusinessInitiated
		}
		a.count++
		a.contacts += rc.ContactCount()
		a.actions |= rc.Actions
		a.compensation += amount(rc.Compensation)
		if rc.Resolved() && (!a.resolved || rc.ResolvedAt.Before(a.resolvedAt)) {
			a.resolved, a.resolvedAt, a.resolver = true, rc.ResolvedAt, rc
		}
	}
	return a
}

// justiceScores holds the three dimensions and their weighted mean, each in
// [0, 1].
type justiceScores struct {
	distributive, procedural, interactional, total float64
}

func (r Recovery) justice(f *journey.Failure, loss float64, a attempts) justiceScores {
	var js justiceScores
	js.distributive = distributive(loss, a)
	speed := math.Exp2(-max(a.resolvedAt.Sub(f.Time), 0).Seconds() / r.SpeedHalfLife.Seconds())
	initiative := 0.5
	if a.business {
		initiative = 1
	}
	js.procedural = (speed + 1/float64(max(a.contacts, 1)) + initiative) / 3
	if a.actions.Has(journey.Apology) {
		js.interactional += 0.4
	}
	if a.actions.Has(journey.Explanation) {
		js.interactional += 0.4
	}
	if a.actions.Has(journey.FollowUp) {
		js.interactional += 0.2
	}
	w := r.Justice
	js.total = (w.Distributive*js.distributive + w.Procedural*js.procedural + w.Interactional*js.interactional) /
		(w.Distributive + w.Procedural + w.Interactional)
	js.total = min(max(js.total, 0), 1)
	return js
}

func distributive(loss float64, a attempts) float64 {
	if a.actions.Has(journey.Refund) || a.actions.Has(journey.Replacement) {
		return 1
	}
	d := 0.0
	if a.actions.Has(journey.Discount) {
		d = 0.5
	}
	if a.compensation > 0 {
		if loss <= 0 {
			return 1
		}
		d = max(d, min(a.compensation/loss, 1))
	}
	return d
}
