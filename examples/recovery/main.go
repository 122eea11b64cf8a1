// Command recovery shows how cem scores service recovery. It tells the
// brief's two stories — an item out of stock, a wrong item bought the first
// time — under four recovery policies (none, a slow refund, a fast apology
// with a discount, a replacement the business starts itself), stores every
// journey in an embedded SQLite database, reads them back, scores them with
// the recovery strategy and a composite, explains the scores and shows where
// each customer ends up on the loyalty ladder.
//
//	go run ./examples/recovery            # a temporary database, removed afterwards
//	go run ./examples/recovery -db cem.db # keep the database in cem.db
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/loyalty"
	"github.com/cemkit/cem/scoring"
	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/store/sqlstore"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "recovery:", err)
		os.Exit(1)
	}
}

// start is when every story begins; a fixed date keeps the output the same
// on every run.
var start = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("recovery", flag.ContinueOnError)
	fs.SetOutput(out)
	dbPath := fs.String("db", "", "SQLite database file to use (default: a temporary file, removed afterwards)")
	explain := fs.String("explain", "fast apology + discount", "policy whose scores are explained line by line")
	if err := fs.Parse(args); err != nil {
		return err
	}
	path := *dbPath
	if path == "" {
		dir, err := os.MkdirTemp("", "cem-recovery-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		path = filepath.Join(dir, "cem.db")
	}
	backend, err := sqlstore.OpenSQLite(path, sqlstore.Options{})
	if err != nil {
		return err
	}
	defer backend.Close()
	st, err := backend.Tenant("demo")
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "cem recovery demo — journeys stored in SQLite at %s\n", displayPath(*dbPath))

	customers, err := ingest(ctx, st)
	if err != nil {
		return err
	}
	return report(ctx, st, customers, *explain, out)
}

func displayPath(p string) string {
	if p == "" {
		return "a temporary file"
	}
	return p
}

// customer is one story told under one policy.
type customer struct {
	id            string
	story, policy string
}

// ingest writes every story under every policy as one batch per customer.
func ingest(ctx context.Context, st store.Store) ([]customer, error) {
	var out []customer
	for si, s := range stories() {
		for pi, p := range policies() {
			id := fmt.Sprintf("c-%d%d", si+1, pi+1)
			b, f := s.events(id, start)
			b.Recoveries = p.recover(f)
			if err := st.Append(ctx, b); err != nil {
				return nil, fmt.Errorf("store %s/%s: %w", s.name, p.name, err)
			}
			out = append(out, customer{id: id, story: s.name, policy: p.name})
		}
	}
	return out, nil
}

// scorers are the two views the demo prints: recovery alone, and a
// composite of feedback, effort and recovery.
func scorers() (recovery scoring.Scorer, composite scoring.Scorer) {
	recovery = scoring.Recovery{}
	composite = scoring.Composite{Parts: []scoring.Part{
		{Name: "feedback", Scorer: scoring.Mean{}, Weight: 1},
		{Name: "effort", Scorer: scoring.Effort{}, Weight: 1},
		{Name: "recovery", Scorer: recovery, Weight: 2},
	}}
	return recovery, composite
}

func report(ctx context.Context, st store.Store, customers []customer, explainPolicy string, out io.Writer) error {
	recovery, composite := scorers()
	// A customer whom the composite puts at risk is not satisfied, whatever
	// else the ladder rules see.
	rules := loyalty.Rules{
		Score: func(j *journey.Journey) (float64, error) {
			r, err := composite.Score(j)
			return r.Score, err
		},
		MinScore: scoring.DefaultAtRisk,
	}
	asOf := start.Add(30 * 24 * time.Hour)
	var bands scoring.Bands

	story := ""
	var tw *tabwriter.Writer
	var explained []string
	for _, c := range customers {
		if c.story != story {
			if tw != nil {
				tw.Flush()
			}
			story = c.story
			fmt.Fprintf(out, "\nStory %q: %s.\n\n", c.story, summary(c.story))
			tw = tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
			fmt.Fprintln(tw, "policy\trecovery\tcomposite\tband\tladder\t")
		}
		// Read the journey back from the database: what is scored is what
		// was stored.
		j, err := st.Journey(ctx, c.id, store.Window{})
		if err != nil {
			return err
		}
		rec, err := recovery.Score(j)
		if err != nil {
			return err
		}
		comp, err := composite.Score(j)
		if err != nil {
			return err
		}
		band, err := bands.Classify(comp.Score)
		if err != nil {
			return err
		}
		place, err := rules.Place(j, asOf)
		if err != nil {
			return err
		}
		fmt.Fprintf(tw, "%s\t%.1f\t%.1f\t%s\t%s\t\n", c.policy, rec.Score, comp.Score, band, place.Stage)
		if err := st.PutSnapshots(ctx,
			store.Snapshot{CustomerID: c.id, Time: asOf, Name: "score.composite", Value: comp.Score, Stage: band.String()},
			store.Snapshot{CustomerID: c.id, Time: asOf, Name: "ladder", Stage: place.Stage.String()},
		); err != nil {
			return err
		}
		if c.policy == explainPolicy {
			text, err := explainScore(recovery, j, c)
			if err != nil {
				return err
			}
			explained = append(explained, text)
		}
	}
	if tw != nil {
		tw.Flush()
	}
	for _, e := range explained {
		fmt.Fprint(out, e)
	}
	return atRisk(ctx, st, out)
}

func summary(name string) string {
	for _, s := range stories() {
		if s.name == name {
			return s.summary
		}
	}
	return ""
}

// explainScore prints the recovery score's contributions, which add up to
// the score.
func explainScore(s scoring.Scorer, j *journey.Journey, c customer) (string, error) {
	r, err := scoring.Explain(s, j)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\nWhy %q scores %.1f in the %q story (recovery strategy):\n", c.policy, r.Score, c.story)
	for _, ct := range r.Contributions {
		fmt.Fprintf(&b, "  %+6.1f  %s\n", ct.Points, ct.Text)
	}
	return b.String(), nil
}

// atRisk asks the store which customers' latest composite score is below
// the at-risk threshold: the list a CX team would call back.
func atRisk(ctx context.Context, st store.Store, out io.Writer) error {
	threshold := scoring.DefaultAtRisk
	fmt.Fprintf(out, "\nCustomers whose latest composite score is below %.0f (queried from the store):\n", threshold)
	n := 0
	for snap, err := range st.Latest(ctx, store.LatestQuery{Name: "score.composite", Below: &threshold}) {
		if err != nil {
			return err
		}
		n++
		fmt.Fprintf(out, "  %s  %.1f\n", snap.CustomerID, snap.Value)
	}
	if n == 0 {
		fmt.Fprintln(out, "  none")
	}
	return nil
}
