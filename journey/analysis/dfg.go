package analysis

import (
	"cmp"
	"iter"
	"slices"

	"github.com/cemkit/cem/journey"
)

// DFG is a directly-follows graph: the activities of a set of journeys and,
// for each pair, how often one directly followed the other and how long it
// took (van der Aalst, "Process Mining", 2016, ch. 6; Leemans, Poppe & Wynn,
// "Directly Follows-Based Process Mining", ICPM 2019).
type DFG struct {
	// Journeys is the number of non-empty journeys read.
	Journeys int
	// Nodes are the activities, sorted by Activity.Compare.
	Nodes []Node
	// Edges are the directly-follows pairs, sorted by From then To. A
	// self-loop (an activity followed by itself) is an edge like any other.
	Edges []Edge
}

// Node is one activity of a [DFG].
type Node struct {
	Activity Activity
	// Count is the number of touchpoints with this activity.
	Count int
	// Journeys is the number of journeys with this activity at least once.
	Journeys int
	// Starts and Ends count the journeys that start and end with it.
	Starts, Ends int
	// Rework counts the journeys in which the activity occurs more than
	// once; Repeats counts the occurrences beyond each journey's first.
	Rework, Repeats int
}

// Edge is one directly-follows relation of a [DFG].
type Edge struct {
	From, To Activity
	// Count is how often a touchpoint with From was directly followed by
	// one with To.
	Count int
	// Duration describes the time between the two touchpoints.
	Duration DurationStats
}

// edgeKey identifies an edge by activity ids.
type edgeKey struct{ from, to int }

// dfgAcc accumulates a DFG.
type dfgAcc struct {
	acts  *activityIndex
	nodes []Node
	edges map[edgeKey]*sketch
	seen  []int // per activity id: occurrences in the current journey
	ids   []int // scratch: the current journey's activity ids
}

// DirectlyFollows builds the directly-follows graph of journeys at grain g
// in one pass, with memory bounded by the number of distinct activities and
// pairs. Nil and empty journeys are skipped; a journey of one touchpoint
// adds a node that starts and ends it and no edge.
//
// DirectlyFollows returns a *touchpoint.ValidationError when g is not a
// defined grain.
func DirectlyFollows(journeys iter.Seq[*journey.Journey], g Grain) (DFG, error) {
	if err := g.Validate(); err != nil {
		return DFG{}, err
	}
	acc := &dfgAcc{acts: newActivityIndex(), edges: make(map[edgeKey]*sketch)}
	n := 0
	for j := range journeys {
		if !usable(j) {
			continue
		}
		n++
		acc.add(j, g)
	}
	return acc.graph(n), nil
}

func (acc *dfgAcc) add(j *journey.Journey, g Grain) {
	tps := j.Touchpoints()
	acc.ids = acc.ids[:0]
	for i, tp := range tps {
		id := acc.acts.id(g.Of(tp))
		if id == len(acc.nodes) {
			acc.nodes = append(acc.nodes, Node{Activity: acc.acts.list[id]})
			acc.seen = append(acc.seen, 0)
		}
		acc.ids = append(acc.ids, id)
		acc.nodes[id].Count++
		acc.seen[id]++
		if i > 0 {
			acc.edge(edgeKey{acc.ids[i-1], id}).addDuration(tp.Time.Sub(tps[i-1].Time))
		}
	}
	acc.nodes[acc.ids[0]].Starts++
	acc.nodes[acc.ids[len(acc.ids)-1]].Ends++
	for _, id := range acc.ids {
		if k := acc.seen[id]; k > 0 {
			acc.nodes[id].Journeys++
			if k > 1 {
				acc.nodes[id].Rework++
				acc.nodes[id].Repeats += k - 1
			}
			acc.seen[id] = 0
		}
	}
}

func (acc *dfgAcc) edge(k edgeKey) *sketch {
	s := acc.edges[k]
	if s == nil {
		s = new(sketch)
		acc.edges[k] = s
	}
	return s
}

func (acc *dfgAcc) graph(n int) DFG {
	g := DFG{Journeys: n, Nodes: append(make([]Node, 0, len(acc.nodes)), acc.nodes...), Edges: make([]Edge, 0, len(acc.edges))}
	slices.SortFunc(g.Nodes, func(a, b Node) int { return a.Activity.Compare(b.Activity) })
	for k, s := range acc.edges {
		g.Edges = append(g.Edges, Edge{
			From:     acc.acts.list[k.from],
			To:       acc.acts.list[k.to],
			Count:    s.n,
			Duration: durationStats(s),
		})
	}
	slices.SortFunc(g.Edges, func(a, b Edge) int {
		return cmp.Or(a.From.Compare(b.From), a.To.Compare(b.To))
	})
	return g
}
