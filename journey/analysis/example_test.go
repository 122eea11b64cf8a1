package analysis_test

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/journey/analysis"
	"github.com/cemkit/cem/touchpoint"
)

// trip builds a journey of "stage@channel" touchpoints an hour apart,
// starting on 2 March 2026.
func trip(customer string, steps ...string) *journey.Journey {
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	j := journey.NewWithLimits(customer, touchpoint.Limits{Now: func() time.Time { return start.AddDate(1, 0, 0) }})
	for i, s := range steps {
		stage, ch, _ := strings.Cut(s, "@")
		tp := touchpoint.Touchpoint{ID: touchpoint.IDFromKey("example", fmt.Sprint(customer, i)), CustomerID: customer,
			Time: start.Add(time.Duration(i) * time.Hour), Stage: touchpoint.Stage(stage), Channel: touchpoint.Channel(ch)}
		if err := j.Add(tp); err != nil {
			panic(err)
		}
	}
	return j
}

func shop() []*journey.Journey {
	return []*journey.Journey{
		trip("ann", "arrival@web", "browse@web", "purchase@web"),
		trip("bob", "arrival@store", "browse@store"),
		trip("cat", "arrival@web", "browse@web", "browse@app", "purchase@app"),
		trip("dan", "arrival@email", "browse@web"),
	}
}

func ExampleFunnel() {
	spec := analysis.FunnelSpec{
		Steps:  []analysis.Step{{Stage: touchpoint.Arrival}, {Stage: touchpoint.Browse}, {Stage: touchpoint.Purchase}},
		Window: 7 * 24 * time.Hour,
	}
	rep, err := analysis.Funnel(slices.Values(shop()), spec)
	if err != nil {
		panic(err)
	}
	for _, st := range rep.Steps {
		fmt.Printf("%-8s reached %d  conversion %.0f%%  drop-off %d  median time %v\n",
			st.Step.Stage, st.Reached, 100*st.Conversion, st.DropOff, st.Time.Median)
	}
	// Output:
	// arrival  reached 4  conversion 100%  drop-off 0  median time 0s
	// browse   reached 4  conversion 100%  drop-off 0  median time 1h0m0s
	// purchase reached 2  conversion 50%  drop-off 2  median time 1h30m0s
}

func ExampleVariants() {
	rep, err := analysis.Variants(slices.Values(shop()), analysis.ByStage)
	if err != nil {
		panic(err)
	}
	for _, v := range rep.Top(2) {
		fmt.Printf("%v: %d journeys (%.0f%%), median %v\n", v.Activities, v.Count, 100*v.Share, v.Duration.Median)
	}
	// Output:
	// [arrival browse]: 2 journeys (50%), median 1h0m0s
	// [arrival browse browse purchase]: 1 journeys (25%), median 3h0m0s
}

func ExampleDirectlyFollows() {
	g, err := analysis.DirectlyFollows(slices.Values(shop()), analysis.ByStage)
	if err != nil {
		panic(err)
	}
	for _, n := range g.Nodes {
		fmt.Printf("%s: %d times, starts %d, ends %d, rework in %d journeys\n", n.Activity, n.Count, n.Starts, n.Ends, n.Rework)
	}
	for _, e := range g.Edges {
		fmt.Printf("%s → %s: %d\n", e.From, e.To, e.Count)
	}
	// Pipe this into `dot -Tsvg` to draw the graph.
	if err := g.WriteDOT(os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// arrival: 4 times, starts 4, ends 0, rework in 0 journeys
	// browse: 5 times, starts 0, ends 2, rework in 1 journeys
	// purchase: 2 times, starts 0, ends 2, rework in 0 journeys
	// arrival → browse: 4
	// browse → browse: 1
	// browse → purchase: 2
	// digraph dfg {
	// 	rankdir=LR;
	// 	node [shape=box];
	// 	"•start" [shape=circle,label="start"];
	// 	"•end" [shape=doublecircle,label="end"];
	// 	"arrival" [label="arrival\n4"];
	// 	"browse" [label="browse\n5"];
	// 	"purchase" [label="purchase\n2"];
	// 	"•start" -> "arrival" [label="4"];
	// 	"browse" -> "•end" [label="2"];
	// 	"purchase" -> "•end" [label="2"];
	// 	"arrival" -> "browse" [label="4 (1h0m0s)"];
	// 	"browse" -> "browse" [label="1 (1h0m0s)"];
	// 	"browse" -> "purchase" [label="2 (1h0m0s)"];
	// }
}

func ExampleAttribute() {
	rep, err := analysis.Attribute(slices.Values(shop()), analysis.AttributionSpec{})
	if err != nil {
		panic(err)
	}
	// In a first-order chain a channel earns credit for leading customers
	// to a state that converts, even on a path that did not: email brought
	// dan to the web, and the web converts.
	fmt.Printf("%d of %d journeys converted\n", rep.Conversions, rep.Journeys)
	for _, c := range rep.Channels {
		fmt.Printf("%-6s removal effect %.2f  markov %.2f  first %.0f  last %.0f  linear %.2f\n",
			c.Channel, c.RemovalEffect, c.Markov, c.FirstTouch, c.LastTouch, c.Linear)
	}
	// Output:
	// 2 of 4 journeys converted
	// app    removal effect 0.50  markov 0.55  first 0  last 1  linear 0.50
	// email  removal effect 0.33  markov 0.36  first 0  last 0  linear 0.00
	// store  removal effect 0.00  markov 0.00  first 0  last 0  linear 0.00
	// web    removal effect 1.00  markov 1.09  first 2  last 1  linear 1.50
}

func ExampleKeyDrivers() {
	// A satisfaction score per customer, from a survey or a scorer.
	csat := map[string]float64{"ann": 5, "bob": 2, "cat": 4, "dan": 3}
	score := func(j *journey.Journey) (float64, bool) {
		s, ok := csat[j.CustomerID()]
		return s, ok
	}
	rep, err := analysis.KeyDrivers(slices.Values(shop()), score)
	if err != nil {
		panic(err)
	}
	fmt.Printf("R² %.2f over %d journeys\n", rep.RSquared, rep.Journeys)
	for _, d := range rep.Drivers[:2] {
		fmt.Printf("%v: %.0f%% of R², mean %.1f with, %.1f without\n", d.Feature, 100*d.Share, d.MeanWith, d.MeanWithout)
	}
	fmt.Println(rep.Warning)
	// Output:
	// R² 1.00 over 4 journeys
	// stage:purchase: 28% of R², mean 4.5 with, 2.5 without
	// channel:web: 25% of R², mean 4.0 with, 2.0 without
	// 4 journeys for 5 features: fewer than 50 + 8 × features (Green 1991), the weights are unreliable
}

func ExampleCohorts() {
	ladder := map[string]string{"ann": "loyal", "cat": "advocate"}
	rep, err := analysis.Cohorts(slices.Values(shop()), analysis.CohortSpec{
		Period: analysis.Month,
		Ladder: func(j *journey.Journey) string { return ladder[j.CustomerID()] },
	})
	if err != nil {
		panic(err)
	}
	fmt.Println("without a purchase:", rep.NoPurchase)
	for _, c := range rep.Cohorts {
		fmt.Println(c.Start.Format("2006-01"), c.Journeys, c.Ladder)
	}
	// Output:
	// without a purchase: 2
	// 2026-03 2 [{advocate 1 0.5} {loyal 1 0.5}]
}
