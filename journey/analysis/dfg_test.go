package analysis_test

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/journey/analysis"
	"github.com/cemkit/cem/touchpoint"
)

func dfgJourneys(t *testing.T) []*journey.Journey {
	return []*journey.Journey{
		build(t, "a", at("arrival@store", 0), at("browse@web", 10*time.Minute), at("browse@web", 20*time.Minute), at("purchase@web", 30*time.Minute)),
		build(t, "b", at("arrival@web", 0), at("browse@web", 5*time.Minute)),
		build(t, "c", at("purchase@store", 0)),
	}
}

var (
	arrival  = analysis.Activity{Stage: touchpoint.Arrival}
	browse   = analysis.Activity{Stage: touchpoint.Browse}
	purchase = analysis.Activity{Stage: touchpoint.Purchase}
)

func TestDirectlyFollows(t *testing.T) {
	got, err := analysis.DirectlyFollows(slices.Values(dfgJourneys(t)), analysis.ByStage)
	if err != nil {
		t.Fatal(err)
	}
	want := analysis.DFG{
		Journeys: 3,
		Nodes: []analysis.Node{
			{Activity: arrival, Count: 2, Journeys: 2, Starts: 2},
			{Activity: browse, Count: 3, Journeys: 2, Ends: 1, Rework: 1, Repeats: 1},
			{Activity: purchase, Count: 2, Journeys: 2, Starts: 1, Ends: 2},
		},
		Edges: []analysis.Edge{
			{From: arrival, To: browse, Count: 2,
				Duration: withQuantiles(durations(10*time.Minute, 5*time.Minute), 7*time.Minute+30*time.Second, 9*time.Minute+30*time.Second)},
			{From: browse, To: browse, Count: 1, Duration: withQuantiles(durations(10*time.Minute), 10*time.Minute, 10*time.Minute)},
			{From: browse, To: purchase, Count: 1, Duration: withQuantiles(durations(10*time.Minute), 10*time.Minute, 10*time.Minute)},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("DirectlyFollows() mismatch (-want +got):\n%s", diff)
	}
}

func TestDirectlyFollowsEmpty(t *testing.T) {
	got, err := analysis.DirectlyFollows(slices.Values([]*journey.Journey{nil}), analysis.ByStageChannel)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(analysis.DFG{Nodes: []analysis.Node{}, Edges: []analysis.Edge{}}, got); diff != "" {
		t.Errorf("DirectlyFollows(empty) mismatch (-want +got):\n%s", diff)
	}
}

func TestDOT(t *testing.T) {
	g, err := analysis.DirectlyFollows(slices.Values(dfgJourneys(t)), analysis.ByStageChannel)
	if err != nil {
		t.Fatal(err)
	}
	want := `digraph dfg {
	rankdir=LR;
	node [shape=box];
	"•start" [shape=circle,label="start"];
	"•end" [shape=doublecircle,label="end"];
	"arrival@store" [label="arrival@store\n1"];
	"arrival@web" [label="arrival@web\n1"];
	"browse@web" [label="browse@web\n3"];
	"purchase@store" [label="purchase@store\n1"];
	"purchase@web" [label="purchase@web\n1"];
	"•start" -> "arrival@store" [label="1"];
	"•start" -> "arrival@web" [label="1"];
	"browse@web" -> "•end" [label="1"];
	"•start" -> "purchase@store" [label="1"];
	"purchase@store" -> "•end" [label="1"];
	"purchase@web" -> "•end" [label="1"];
	"arrival@store" -> "browse@web" [label="1 (10m0s)"];
	"arrival@web" -> "browse@web" [label="1 (5m0s)"];
	"browse@web" -> "browse@web" [label="1 (10m0s)"];
	"browse@web" -> "purchase@web" [label="1 (10m0s)"];
}
`
	if diff := cmp.Diff(want, g.DOT()); diff != "" {
		t.Errorf("DOT() mismatch (-want +got):\n%s", diff)
	}
}

// TestDirectlyFollowsProperties: edges out of a node plus its ends equal
// its count, and start counts sum to the journeys.
func TestDirectlyFollowsProperties(t *testing.T) {
	g, err := analysis.DirectlyFollows(gen{seed: 3, n: 2000}.all(), analysis.ByStageChannel)
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[analysis.Activity]int)
	for _, e := range g.Edges {
		out[e.From] += e.Count
		if e.Duration.Median < e.Duration.Min || e.Duration.Median > e.Duration.Max || e.Duration.P90 < e.Duration.Median {
			t.Errorf("edge %v→%v: durations out of order: %+v", e.From, e.To, e.Duration)
		}
	}
	starts := 0
	for _, n := range g.Nodes {
		starts += n.Starts
		if out[n.Activity]+n.Ends != n.Count {
			t.Errorf("node %v: out-edges %d + ends %d != count %d", n.Activity, out[n.Activity], n.Ends, n.Count)
		}
	}
	if starts != g.Journeys {
		t.Errorf("starts sum to %d, want journeys %d", starts, g.Journeys)
	}
}
