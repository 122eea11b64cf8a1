package analysis

import (
	"iter"
	"maps"
	"slices"
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

// CohortSpec configures [Cohorts]. The zero value groups by calendar month
// of the first purchase and only counts journeys.
type CohortSpec struct {
	// Period is the length of a cohort; the zero value is Month.
	Period Period
	// Converts reports whether a touchpoint is a purchase; nil means
	// [Purchased].
	Converts func(touchpoint.Touchpoint) bool
	// Score returns a journey's score (from package scoring, say) and
	// whether it has one; nil means no score distribution.
	Score func(*journey.Journey) (float64, bool)
	// Ladder returns a journey's loyalty-ladder stage ("satisfied",
	// "loyal", "advocate", ...), "" for none; nil means no ladder
	// distribution.
	Ladder func(*journey.Journey) string
}

// CohortReport is the result of [Cohorts].
type CohortReport struct {
	// Journeys is the number of non-empty journeys read.
	Journeys int
	// NoPurchase counts the journeys without a purchase, which belong to
	// no cohort.
	NoPurchase int
	// Cohorts are sorted by Start; periods without a first purchase are
	// left out.
	Cohorts []Cohort
}

// Cohort summarises the journeys whose first purchase fell in one period.
type Cohort struct {
	// Start is the first instant of the period, in UTC.
	Start time.Time
	// Journeys is the cohort's size.
	Journeys int
	// Score describes the scores of the cohort's journeys that have one.
	Score ScoreStats
	// Ladder gives the share of each ladder stage among the journeys that
	// have one, sorted by stage name.
	Ladder []LadderShare
}

// LadderShare is how many journeys of a cohort stand on one ladder stage.
type LadderShare struct {
	Stage string
	Count int
	// Share is Count over the cohort's journeys with a stage.
	Share float64
}

// cohortAcc accumulates one cohort.
type cohortAcc struct {
	journeys int
	score    sketch
	ladder   map[string]int
}

// Cohorts groups journeys by the period of their first purchase, the usual
// cohort definition of customer-base analysis (e.g. Fader & Hardie's
// acquisition cohorts), and summarises the scores and ladder stages of each
// cohort, in one pass with memory bounded by the number of cohorts and
// ladder stages. Scores that are NaN or infinite are ignored. A customer's
// history split over several journeys is counted once per journey: pass one
// journey per customer for customer cohorts.
//
// Cohorts returns a *touchpoint.ValidationError when the period is not
// defined.
func Cohorts(journeys iter.Seq[*journey.Journey], spec CohortSpec) (CohortReport, error) {
	if err := spec.Period.Validate(); err != nil {
		return CohortReport{}, err
	}
	converts := orPurchased(spec.Converts)
	var rep CohortReport
	byStart := make(map[time.Time]*cohortAcc)
	for j := range journeys {
		if !usable(j) {
			continue
		}
		rep.Journeys++
		at, ok := firstPurchase(j, converts)
		if !ok {
			rep.NoPurchase++
			continue
		}
		c := byStart[spec.Period.Start(at)]
		if c == nil {
			c = &cohortAcc{ladder: make(map[string]int)}
			byStart[spec.Period.Start(at)] = c
		}
		c.add(j, spec)
	}
	for _, start := range slices.SortedFunc(maps.Keys(byStart), time.Time.Compare) {
		rep.Cohorts = append(rep.Cohorts, byStart[start].cohort(start))
	}
	return rep, nil
}

func firstPurchase(j *journey.Journey, converts func(touchpoint.Touchpoint) bool) (time.Time, bool) {
	for _, tp := range j.Touchpoints() {
		if converts(tp) {
			return tp.Time, true
		}
	}
	return time.Time{}, false
}

func (c *cohortAcc) add(j *journey.Journey, spec CohortSpec) {
	c.journeys++
	if spec.Score != nil {
		if s, ok := spec.Score(j); ok && finite(s) {
			c.score.add(s)
		}
	}
	if spec.Ladder != nil {
		if st := spec.Ladder(j); st != "" {
			c.ladder[st]++
		}
	}
}

func (c *cohortAcc) cohort(start time.Time) Cohort {
	out := Cohort{Start: start, Journeys: c.journeys, Score: scoreStats(&c.score)}
	total := 0
	for _, n := range c.ladder {
		total += n
	}
	for _, st := range slices.Sorted(maps.Keys(c.ladder)) {
		out.Ladder = append(out.Ladder, LadderShare{Stage: st, Count: c.ladder[st], Share: ratio(c.ladder[st], total)})
	}
	return out
}
