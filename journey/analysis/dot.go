package analysis

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// WriteDOT writes the graph in Graphviz DOT: one box per activity labelled
// with its count, an edge per directly-follows pair labelled with its count
// and median duration, and edges from a "start" and to an "end" circle for
// the journeys that start and end at each activity. Nodes and edges come in
// the graph's sorted order, so the same graph always gives the same text.
func (g DFG) WriteDOT(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "digraph dfg {")
	fmt.Fprintln(bw, "\trankdir=LR;")
	fmt.Fprintln(bw, "\tnode [shape=box];")
	fmt.Fprintln(bw, "\t\"•start\" [shape=circle,label=\"start\"];")
	fmt.Fprintln(bw, "\t\"•end\" [shape=doublecircle,label=\"end\"];")
	for _, n := range g.Nodes {
		id := dotID(n.Activity.String())
		fmt.Fprintf(bw, "\t%s [label=%s];\n", id, dotID(n.Activity.String()+"\n"+strconv.Itoa(n.Count)))
	}
	for _, n := range g.Nodes {
		id := dotID(n.Activity.String())
		if n.Starts > 0 {
			fmt.Fprintf(bw, "\t\"•start\" -> %s [label=\"%d\"];\n", id, n.Starts)
		}
		if n.Ends > 0 {
			fmt.Fprintf(bw, "\t%s -> \"•end\" [label=\"%d\"];\n", id, n.Ends)
		}
	}
	for _, e := range g.Edges {
		label := strconv.Itoa(e.Count) + " (" + e.Duration.Median.String() + ")"
		fmt.Fprintf(bw, "\t%s -> %s [label=%s];\n", dotID(e.From.String()), dotID(e.To.String()), dotID(label))
	}
	fmt.Fprintln(bw, "}")
	return bw.Flush()
}

// DOT returns the graph as Graphviz DOT text; see [DFG.WriteDOT].
func (g DFG) DOT() string {
	var b strings.Builder
	_ = g.WriteDOT(&b) // a strings.Builder never fails
	return b.String()
}

// dotID quotes s as a DOT string: backslashes and quotes escaped, newlines
// as \n.
func dotID(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}
