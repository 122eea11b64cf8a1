package loyalty

import (
	"slices"
	"time"

	"github.com/cemkit/cem/journey"
)

// Move is one step of a customer along the ladder, up or down.
type Move struct {
	// From and To are the stages before and after the move.
	From, To Stage
	// Time is when the move happened: the event that caused it, or the
	// moment a piece of evidence lapsed.
	Time time.Time
	// Why says which rule placed the customer on To.
	Why string
	// Evidence is the evidence of the placement on To.
	Evidence []Evidence
}

// Up reports whether the move is a promotion.
func (m Move) Up() bool { return m.To > m.From }

// History replays the journey and returns every move along the ladder in
// time order, starting from [Prospect], including moves down when evidence
// lapses or dissatisfaction appears. It evaluates [Rules.Place] at every
// moment the placement can change: each event, each resolution, and each
// moment a purchase, answer, advocacy touchpoint or failure leaves its
// window, up to until; a zero until means the journey's last event (so
// lapses after it are not shown). The cost grows with the square of the
// number of events. Errors are those of Rules.Place.
func (r Rules) History(j *journey.Journey, until time.Time) ([]Move, error) {
	if err := r.check(j, time.Unix(0, 0)); err != nil {
		return nil, err
	}
	if until.IsZero() {
		until = j.End()
	}
	var moves []Move
	cur := Prospect
	for _, t := range r.checkpoints(j, until) {
		p, err := r.Place(j, t)
		if err != nil {
			return nil, err
		}
		if p.Stage != cur {
			moves = append(moves, Move{From: cur, To: p.Stage, Time: t, Why: p.Why, Evidence: p.Evidence})
			cur = p.Stage
		}
	}
	return moves, nil
}

// checkpoints returns the sorted, distinct moments up to until at which a
// placement may change.
func (r Rules) checkpoints(j *journey.Journey, until time.Time) []time.Time {
	var ts []time.Time
	add := func(t time.Time) {
		if !t.IsZero() && !t.After(until) {
			ts = append(ts, t)
		}
	}
	for _, tp := range j.Touchpoints() {
		add(tp.Time)
		add(tp.Time.Add(r.window()))
		if tp.Stage == r.purchaseStage() {
			add(tp.Time.Add(r.loyalRecency()))
		}
	}
	for _, f := range j.Failures() {
		add(f.Time)
		add(f.Time.Add(r.window()))
	}
	for _, rc := range j.Recoveries() {
		add(rc.ResolvedAt)
	}
	slices.SortFunc(ts, time.Time.Compare)
	return slices.CompactFunc(ts, time.Time.Equal)
}
