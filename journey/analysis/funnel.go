package analysis

import (
	"iter"
	"strconv"
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

// Step is one step of a funnel: a touchpoint at Stage, on Channel if
// Channel is set, on any channel otherwise.
type Step struct {
	Stage   touchpoint.Stage
	Channel touchpoint.Channel
}

// matches reports whether tp is at the step.
func (s Step) matches(tp touchpoint.Touchpoint) bool {
	return tp.Stage == s.Stage && (s.Channel == "" || tp.Channel == s.Channel)
}

// FunnelSpec describes a funnel: the ordered steps a journey should pass
// and how long it may take.
type FunnelSpec struct {
	// Steps are the funnel's steps in order; at least one. A step may repeat
	// (browse, browse, purchase asks for two browsing touchpoints before the
	// purchase): each step needs a touchpoint of its own, later than the
	// previous step's.
	Steps []Step
	// Window bounds the time from a journey's first step to each later
	// step it is counted as reaching; zero means no bound.
	Window time.Duration
}

// Validate checks the spec: at least one step, well-formed stages and
// channels, a window that is not negative. A well-formed stage no journey
// reaches is allowed: the report shows zero journeys reaching it.
func (s FunnelSpec) Validate() error {
	if len(s.Steps) == 0 {
		return invalid("steps", "", "must hold at least one step")
	}
	for i, st := range s.Steps {
		if err := st.Stage.Validate(); err != nil {
			return invalid("steps["+strconv.Itoa(i)+"].stage", string(st.Stage), "must be a well-formed stage")
		}
		if st.Channel == "" {
			continue
		}
		if err := st.Channel.Validate(); err != nil {
			return invalid("steps["+strconv.Itoa(i)+"].channel", string(st.Channel), "must be empty or a well-formed channel")
		}
	}
	if s.Window < 0 {
		return invalid("window", s.Window.String(), "must not be negative")
	}
	return nil
}

// FunnelReport is the result of [Funnel].
type FunnelReport struct {
	// Journeys is the number of non-empty journeys read.
	Journeys int
	// Steps holds one entry per step of the spec, in order.
	Steps []FunnelStep
}

// FunnelStep is how journeys fared at one step.
type FunnelStep struct {
	Step Step
	// Reached counts the journeys that reached this step after all the
	// previous ones, within the window.
	Reached int
	// Conversion is Reached over the previous step's Reached (over Journeys
	// for the first step); 0 when the previous step has none.
	Conversion float64
	// FromStart is Reached over the first step's Reached; 0 when nobody
	// entered the funnel.
	FromStart float64
	// DropOff is the previous step's Reached (Journeys for the first step)
	// minus Reached.
	DropOff int
	// Time is the time from the previous step to this one over the
	// journeys that reached it; zero for the first step.
	Time DurationStats
}

// Funnel counts how far each journey gets through the steps of spec, in
// one pass over journeys, with memory bounded by the number of steps.
//
// A journey reaches step k when it has touchpoints matching steps 1..k in
// that order (each strictly after the previous in the journey's order) and,
// with a Window, step k lies at most Window after step 1. Every touchpoint
// matching step 1 is tried as the start, the deepest match counts, and the
// earliest start wins a tie; from a start, each step takes the earliest
// matching touchpoint, which never reaches less deep than another choice.
// This is the strict-order, windowed funnel of web analytics (e.g.
// ClickHouse's windowFunnel). Nil and empty journeys are skipped.
//
// Funnel returns a *touchpoint.ValidationError when spec is invalid.
func Funnel(journeys iter.Seq[*journey.Journey], spec FunnelSpec) (FunnelReport, error) {
	if err := spec.Validate(); err != nil {
		return FunnelReport{}, err
	}
	reached := make([]int, len(spec.Steps))
	times := make([]sketch, len(spec.Steps))
	match := make([]int, 0, len(spec.Steps))
	best := make([]int, 0, len(spec.Steps))
	n := 0
	for j := range journeys {
		if !usable(j) {
			continue
		}
		n++
		tps := j.Touchpoints()
		best = deepest(tps, spec, match, best)
		for k := range best {
			reached[k]++
			if k > 0 {
				times[k].addDuration(tps[best[k]].Time.Sub(tps[best[k-1]].Time))
			}
		}
	}
	return funnelReport(spec, n, reached, times), nil
}

// deepest returns in best the positions of the deepest match of the
// funnel in tps; match is scratch space.
func deepest(tps []touchpoint.Touchpoint, spec FunnelSpec, match, best []int) []int {
	best = best[:0]
	for start, tp := range tps {
		if !spec.Steps[0].matches(tp) {
			continue
		}
		match = greedy(tps, spec, start, match)
		if len(match) > len(best) {
			best = append(best[:0], match...)
		}
		if len(best) == len(spec.Steps) || spec.Window == 0 {
			break // without a window the first start is never beaten
		}
	}
	return best
}

// greedy matches the steps from tps[start] on, earliest touchpoint first.
func greedy(tps []touchpoint.Touchpoint, spec FunnelSpec, start int, match []int) []int {
	match = append(match[:0], start)
	t0 := tps[start].Time
	for i := start + 1; i < len(tps) && len(match) < len(spec.Steps); i++ {
		if spec.Window > 0 && tps[i].Time.Sub(t0) > spec.Window {
			break
		}
		if spec.Steps[len(match)].matches(tps[i]) {
			match = append(match, i)
		}
	}
	return match
}

func funnelReport(spec FunnelSpec, n int, reached []int, times []sketch) FunnelReport {
	rep := FunnelReport{Journeys: n, Steps: make([]FunnelStep, len(spec.Steps))}
	prev := n
	for k, st := range spec.Steps {
		rep.Steps[k] = FunnelStep{
			Step:       st,
			Reached:    reached[k],
			Conversion: ratio(reached[k], prev),
			FromStart:  ratio(reached[k], reached[0]),
			DropOff:    prev - reached[k],
			Time:       durationStats(&times[k]),
		}
		prev = reached[k]
	}
	return rep
}
