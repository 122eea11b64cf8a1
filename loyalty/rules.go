package loyalty

import (
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

// Day is 24 hours, the unit the default windows are counted in.
const Day = 24 * time.Hour

// Rules decide where on the ladder a customer stands. The zero value holds
// the documented retail defaults; a host changes only the fields it cares
// about. Rules are plain values, safe for concurrent use as long as the
// Score function is.
//
// With the defaults, as of a moment t:
//
//   - A purchase is a touchpoint at [touchpoint.Purchase] with outcome
//     [touchpoint.OK] at or before t.
//   - Prospect: no purchase yet.
//   - A recommendation is a touchpoint at [touchpoint.Advocacy] (a referral,
//     a review) with outcome [touchpoint.OK] and no negative answer; an
//     answer is negative when the sentiment is below 0, the NPS a
//     detractor's (0–6) or the CSAT low (1 or 2). An advocacy touchpoint with
//     a negative answer, whatever its outcome, is negative word of mouth (a
//     one-star review), which dissatisfied customers spread more than
//     satisfied ones spread praise (Anderson, "Customer Satisfaction and
//     Word of Mouth", Journal of Service Research 1998). Of the advocacy
//     touchpoints the latest word counts, as with survey answers: a later
//     recommendation outweighs an earlier bad review and the reverse; an
//     advocacy touchpoint that is neither (a failed referral without
//     answers) counts for nothing.
//   - Dissatisfaction is any of, within the last 365 days before t: the
//     latest NPS answer is a detractor's (0–6); the latest CSAT answer is 1
//     or 2; the latest word at an advocacy touchpoint is negative; a failure of severity [journey.Major] or worse that no recovery
//     had resolved by t. With a Score function, a journey score below 50 (on
//     0–100, the neutral point of package scoring's scale) is
//     dissatisfaction too.
//   - FirstTime: at least one purchase, but dissatisfied.
//   - Satisfied: at least one purchase and no dissatisfaction.
//   - Loyal: satisfied, at least 2 purchases, and the latest within 180 days
//     of t. Repeat purchases by a dissatisfied customer do not count as
//     loyalty: that is "spurious loyalty", which ends as soon as a rival
//     offers an alternative (Dick & Basu, Journal of the Academy of
//     Marketing Science 1994).
//   - Advocate: loyal, and within 365 days of t the latest NPS answer is a
//     promoter's (9–10) or the customer made a recommendation.
//
// Evidence lapses: once the latest purchase is older than LoyalRecency the
// customer falls back from loyal (or advocate) to satisfied, and answers,
// advocacy touchpoints and failures older than Window stop counting, so a
// customer may move down the ladder and back up. [Rules.History] shows every
// such move.
type Rules struct {
	// PurchaseStage is the stage whose successful touchpoints count as
	// purchases; "" means [touchpoint.Purchase].
	PurchaseStage touchpoint.Stage
	// AdvocacyStage is the stage whose touchpoints count as advocacy
	// (referrals, reviews), good or bad; "" means [touchpoint.Advocacy].
	AdvocacyStage touchpoint.Stage
	// LoyalPurchases is the number of purchases a loyal customer has made;
	// 0 means 2.
	LoyalPurchases int
	// LoyalRecency is how recent a loyal customer's latest purchase must be;
	// 0 means 180 days.
	LoyalRecency time.Duration
	// Window is how long survey answers, advocacy touchpoints and failures
	// count as evidence; 0 means 365 days.
	Window time.Duration
	// MajorSeverity is the least severity of an unresolved failure that
	// shows dissatisfaction; 0 means [journey.Major].
	MajorSeverity journey.Severity
	// LowCSAT is the highest CSAT answer that shows dissatisfaction; 0 means
	// 2. A negative value ignores CSAT.
	LowCSAT float64
	// Score, if not nil, scores the journey as it stood at the moment of
	// placement, on 0–100; nil ignores journey scores. A score of package
	// scoring plugs in as
	//
	//	Score: func(j *journey.Journey) (float64, error) {
	//		r, err := scorer.Score(j)
	//		return r.Score, err
	//	}
	//
	// The journey passed in holds only the events up to the moment of
	// placement, with resolutions after it cleared. It must not be kept or
	// changed. An error from Score is returned by Place and History.
	Score func(*journey.Journey) (float64, error)
	// MinScore is the lowest journey score of a satisfied customer; 0 means
	// 50, the neutral point of package scoring's 0–100 scale and its
	// default at-risk threshold: a journey without any evidence scores
	// neutral there, and absence of evidence is not dissatisfaction. Used
	// only with Score.
	MinScore float64
	// Limits are the limits the journey's events were validated with; they
	// are needed only with Score, to rebuild the journey as it stood at an
	// earlier moment. The zero value means the defaults; Now is ignored.
	Limits touchpoint.Limits
}

func (r Rules) purchaseStage() touchpoint.Stage {
	return or(r.PurchaseStage, touchpoint.Purchase)
}

func (r Rules) advocacyStage() touchpoint.Stage {
	return or(r.AdvocacyStage, touchpoint.Advocacy)
}

func (r Rules) loyalPurchases() int         { return or(r.LoyalPurchases, 2) }
func (r Rules) loyalRecency() time.Duration { return or(r.LoyalRecency, 180*Day) }
func (r Rules) window() time.Duration       { return or(r.Window, 365*Day) }
func (r Rules) majorSeverity() journey.Severity {
	return or(r.MajorSeverity, journey.Major)
}
func (r Rules) lowCSAT() float64  { return or(r.LowCSAT, 2) }
func (r Rules) minScore() float64 { return or(r.MinScore, 50) }

// or returns v, or def when v is the zero value.
func or[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// validate refuses settings that cannot mean anything.
func (r Rules) validate() error {
	switch {
	case r.LoyalPurchases < 0:
		return invalid("rules.loyal_purchases", itoa(r.LoyalPurchases), "must not be negative")
	case r.LoyalRecency < 0:
		return invalid("rules.loyal_recency", r.LoyalRecency.String(), "must not be negative")
	case r.Window < 0:
		return invalid("rules.window", r.Window.String(), "must not be negative")
	case r.MajorSeverity != 0 && r.MajorSeverity.Validate() != nil:
		return invalid("rules.major_severity", r.MajorSeverity.String(), "must be a severity")
	case !finite(r.LowCSAT) || !finite(r.MinScore):
		return invalid("rules", ftoa(r.LowCSAT)+"/"+ftoa(r.MinScore), "low_csat and min_score must be finite")
	}
	return nil
}
