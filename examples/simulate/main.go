// Command simulate generates a customer base with the seeded simulator,
// stores it, scores every journey and prints population statistics: score
// quantiles, NPS with its confidence interval, the loyalty-ladder
// distribution and how well each recovery policy worked.
//
//	go run ./examples/simulate                 # 2,000 customers in a temporary SQLite file
//	go run ./examples/simulate -n 100000 -store mem
//	go run ./examples/simulate -seed 7 -db sim.db
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/journey/simulate"
	"github.com/cemkit/cem/loyalty"
	"github.com/cemkit/cem/scoring"
	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/store/memstore"
	"github.com/cemkit/cem/store/sqlstore"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "simulate:", err)
		os.Exit(1)
	}
}

type options struct {
	n        int
	seed     uint64
	backend  string
	db       string
	progress bool
}

// start is the first day of the simulated quarter; fixed so a seed gives
// the same output everywhere.
var start = time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)

func run(ctx context.Context, args []string, out, progressOut io.Writer) error {
	var o options
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.IntVar(&o.n, "n", 2000, "number of customers")
	fs.Uint64Var(&o.seed, "seed", 1, "random seed: the same seed gives the same customers")
	fs.StringVar(&o.backend, "store", "sqlite", "where to keep the journeys: sqlite or mem")
	fs.StringVar(&o.db, "db", "", "SQLite file (default: a temporary file, removed afterwards)")
	fs.BoolVar(&o.progress, "progress", true, "draw a progress bar for runs of 10,000 customers or more")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.n < 1 {
		return fmt.Errorf("-n %d: want at least 1 customer", o.n)
	}
	backend, cleanup, err := open(o)
	if err != nil {
		return err
	}
	defer cleanup()
	st, err := backend.Tenant("simulation")
	if err != nil {
		return err
	}
	cfg := simulate.DefaultConfig(start, o.n)
	bar := newBar(progressOut, o.n, o.progress && o.n >= 10000)
	if err := generate(ctx, st, cfg, o.seed, bar); err != nil {
		return err
	}
	end := cfg.Start.Add(cfg.Horizon)
	fmt.Fprintf(out, "simulated %d customers (seed %d) from %s to %s, stored in %s\n",
		o.n, o.seed, cfg.Start.Format(time.DateOnly), end.Format(time.DateOnly), o.backend)
	st2 := stats{policies: map[string]*policyStats{}}
	if err := st2.collect(ctx, st, end, newBar(progressOut, o.n, o.progress && o.n >= 10000)); err != nil {
		return err
	}
	return st2.print(out)
}

func open(o options) (store.Backend, func(), error) {
	switch o.backend {
	case "mem":
		b := memstore.New()
		return b, func() { b.Close() }, nil
	case "sqlite":
		path, dir := o.db, ""
		if path == "" {
			var err error
			if dir, err = os.MkdirTemp("", "cem-simulate-"); err != nil {
				return nil, nil, err
			}
			path = filepath.Join(dir, "sim.db")
		}
		b, err := sqlstore.OpenSQLite(path, sqlstore.Options{})
		if err != nil {
			os.RemoveAll(dir)
			return nil, nil, err
		}
		return b, func() {
			b.Close()
			if dir != "" {
				os.RemoveAll(dir)
			}
		}, nil
	}
	return nil, nil, fmt.Errorf("-store %q: want sqlite or mem", o.backend)
}

// generate streams the simulated journeys into the store in batches of
// about 5,000 events, so neither memory nor transaction size grows with -n.
func generate(ctx context.Context, st store.Store, cfg simulate.Config, seed uint64, bar *bar) error {
	var b store.Batch
	flush := func() error {
		if b.Len() == 0 {
			return nil
		}
		err := st.Append(ctx, b)
		b = store.Batch{}
		return err
	}
	for j, err := range simulate.Generate(cfg, seed) {
		if err != nil {
			return err
		}
		b.Touchpoints = append(b.Touchpoints, j.Touchpoints()...)
		b.Failures = append(b.Failures, j.Failures()...)
		b.Recoveries = append(b.Recoveries, j.Recoveries()...)
		if b.Len() >= 5000 {
			if err := flush(); err != nil {
				return err
			}
		}
		bar.step()
	}
	bar.done()
	return flush()
}

// policyStats is what one recovery policy achieved for the customers who
// met a failure.
type policyStats struct {
	customers, failures, resolved int
	recovery, composite           float64
	satisfied                     int
}

type stats struct {
	pop      scoring.Collector
	nps      loyalty.Tally
	ladder   [5]int
	policies map[string]*policyStats
}

func scorers() (recovery, composite scoring.Scorer) {
	recovery = scoring.Recovery{}
	composite = scoring.Composite{Parts: []scoring.Part{
		{Name: "peak-end", Scorer: scoring.PeakEnd{}, Weight: 1},
		{Name: "effort", Scorer: scoring.Effort{}, Weight: 1},
		{Name: "recovery", Scorer: recovery, Weight: 2},
	}}
	return recovery, composite
}

// collect streams every journey back from the store and scores it on two
// cores, in input order.
func (s *stats) collect(ctx context.Context, st store.Store, end time.Time, bar *bar) error {
	recovery, composite := scorers()
	var rules loyalty.Rules
	for scored, err := range scoring.ScoreAll(ctx, composite, st.Journeys(ctx, store.Query{}), 0) {
		if err != nil {
			return err
		}
		j := scored.Journey
		s.pop.Add(j, scored.Result)
		for _, tp := range j.Touchpoints() {
			if v, ok := tp.Feedback.NPS.Value(); ok {
				if err := s.nps.AddNPS(v); err != nil {
					return err
				}
			}
		}
		place, err := rules.Place(j, end)
		if err != nil {
			return err
		}
		s.ladder[place.Stage]++
		if len(j.Failures()) > 0 {
			rec, err := recovery.Score(j)
			if err != nil {
				return err
			}
			s.addPolicy(j, rec.Score, scored.Result.Score, place.Stage >= loyalty.Satisfied)
		}
		bar.step()
	}
	bar.done()
	return nil
}

func (s *stats) addPolicy(j *journey.Journey, recovery, composite float64, satisfied bool) {
	name := "unknown"
	for _, tp := range j.Touchpoints() {
		if p, ok := tp.Attributes[simulate.PolicyAttribute]; ok {
			name = p
			break
		}
	}
	p := s.policies[name]
	if p == nil {
		p = &policyStats{}
		s.policies[name] = p
	}
	p.customers++
	p.failures += len(j.Failures())
	p.resolved += len(j.Failures()) - len(j.Unrecovered())
	p.recovery += recovery
	p.composite += composite
	if satisfied {
		p.satisfied++
	}
}

func (s *stats) print(out io.Writer) error {
	pop, err := s.pop.Population()
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\njourney scores (composite of peak-end, effort and recovery, 0–100), %d journeys:\n", pop.All.Count)
	fmt.Fprintf(out, "  mean %.1f, sd %.1f;", pop.All.Mean, pop.All.StdDev)
	for _, q := range pop.All.Quantiles {
		fmt.Fprintf(out, " p%g %.1f", q.P*100, q.Value)
	}
	fmt.Fprintln(out)
	fmt.Fprintf(out, "  bands: at risk %d, steady %d, delighted %d\n",
		pop.Bands[scoring.AtRisk], pop.Bands[scoring.Steady], pop.Bands[scoring.Delighted])

	nps, err := s.nps.NPS(loyalty.DefaultLevel)
	if err != nil {
		fmt.Fprintf(out, "\nNPS: %v\n", err)
	} else {
		fmt.Fprintf(out, "\nNPS %+.1f (95%% CI %+.1f to %+.1f) from %d answers: %d promoters, %d passives, %d detractors\n",
			nps.Score, nps.Low, nps.High, nps.N, nps.Promoters, nps.Passives, nps.Detractors)
	}

	fmt.Fprintln(out, "\nloyalty ladder at the end of the observation:")
	total := 0
	for _, n := range s.ladder {
		total += n
	}
	for _, stage := range loyalty.Stages() {
		n := s.ladder[stage]
		fmt.Fprintf(out, "  %-10s %6d  %5.1f%%\n", stage, n, 100*float64(n)/float64(max(total, 1)))
	}

	fmt.Fprintln(out, "\nrecovery effectiveness by policy (customers with at least one failure):")
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "policy\tcustomers\tfailures\tresolved\trecovery score\tcomposite\tsatisfied+\t")
	names := make([]string, 0, len(s.policies))
	for n := range s.policies {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		p := s.policies[n]
		c := float64(p.customers)
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.0f%%\t%.1f\t%.1f\t%.0f%%\t\n", n, p.customers, p.failures,
			100*float64(p.resolved)/float64(max(p.failures, 1)), p.recovery/c, p.composite/c, 100*float64(p.satisfied)/c)
	}
	return tw.Flush()
}

// bar is a text progress bar on its own writer (stderr), so the report on
// stdout stays clean.
type bar struct {
	w          io.Writer
	total, n   int
	active     bool
	lastRedraw int
}

func newBar(w io.Writer, total int, active bool) *bar {
	return &bar{w: w, total: total, active: active}
}

func (b *bar) step() {
	b.n++
	if !b.active {
		return
	}
	pct := b.n * 100 / b.total
	if pct == b.lastRedraw && b.n != b.total {
		return
	}
	b.lastRedraw = pct
	filled := pct / 2
	fmt.Fprintf(b.w, "\r[%s%s] %3d%% %d/%d", strings.Repeat("#", filled), strings.Repeat(" ", 50-filled), pct, b.n, b.total)
}

func (b *bar) done() {
	if b.active {
		fmt.Fprintln(b.w)
	}
}
