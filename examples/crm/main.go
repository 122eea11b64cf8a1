// Command crm shows cem embedded in an existing CRM database. It opens the
// host's *sql.DB (SQLite by default; PostgreSQL or MySQL/MariaDB with
// -driver and -dsn), which already holds the host's own customers table,
// runs cem's migrations next to it under a table prefix, imports the host's
// CSV export of customer events through a column mapping, scores every
// customer, lists those at risk and the moves on the loyalty ladder, and
// erases one customer as a privacy request demands.
//
//	go run ./examples/crm
//	go run ./examples/crm -driver postgres -dsn 'postgres://postgres@127.0.0.1:5432/test?sslmode=disable'
//	go run ./examples/crm -driver mysql -dsn 'root@tcp(127.0.0.1:3306)/test'
package main

import (
	"context"
	"database/sql"
	_ "embed"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/go-sql-driver/mysql" // MySQL/MariaDB, driver "mysql"
	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL, driver "pgx"
	_ "modernc.org/sqlite"             // SQLite, driver "sqlite"

	"github.com/cemkit/cem/eventlog"
	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/loyalty"
	"github.com/cemkit/cem/scoring"
	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/store/sqlstore"
	"github.com/cemkit/cem/touchpoint"
)

//go:embed events.csv
var sampleEvents []byte

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "crm:", err)
		os.Exit(1)
	}
}

type config struct {
	driver, dsn, prefix, hostTable, events, erase string
}

func parse(args []string, out io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("crm", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&c.driver, "driver", "sqlite", "database: sqlite, postgres or mysql")
	fs.StringVar(&c.dsn, "dsn", "", "data source name (default for sqlite: a file in a temporary directory)")
	fs.StringVar(&c.prefix, "prefix", "cem_", "prefix of cem's tables in the host database")
	fs.StringVar(&c.hostTable, "host-table", "crm_customers", "name of the host's own customers table")
	fs.StringVar(&c.events, "events", "", "CSV export of customer events (default: the bundled sample)")
	fs.StringVar(&c.erase, "erase", "C-1005", "customer to erase at the end (\"\" for none)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	return c, nil
}

func run(ctx context.Context, args []string, out io.Writer) error {
	c, err := parse(args, out)
	if err != nil {
		return err
	}
	db, cleanup, err := openHostDB(c)
	if err != nil {
		return err
	}
	defer cleanup()
	if err := createHostTable(ctx, db, c); err != nil {
		return err
	}

	// cem's tables go next to the host's, under the prefix.
	backend, err := sqlstore.Open(db, sqlstore.Options{Prefix: c.prefix})
	if err != nil {
		return err
	}
	defer backend.Close()
	st, err := backend.Tenant("retail-eu")
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "cem tables with prefix %q created in the host's %s database, next to %s\n",
		c.prefix, backend.Dialect(), c.hostTable)

	if err := importEvents(ctx, st, c, out); err != nil {
		return err
	}
	if err := scoreEveryone(ctx, st, db, c, out); err != nil {
		return err
	}
	if err := ladderMoves(ctx, st, out); err != nil {
		return err
	}
	return erase(ctx, st, db, c, out)
}

func openHostDB(c config) (*sql.DB, func(), error) {
	noop := func() {}
	switch c.driver {
	case "sqlite":
		dsn, cleanup := c.dsn, noop
		if dsn == "" {
			dir, err := os.MkdirTemp("", "cem-crm-")
			if err != nil {
				return nil, nil, err
			}
			dsn = "file:" + filepath.Join(dir, "crm.db") + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)"
			cleanup = func() { os.RemoveAll(dir) }
		}
		db, err := sql.Open("sqlite", dsn)
		if err != nil {
			cleanup()
			return nil, nil, err
		}
		return db, func() { db.Close(); cleanup() }, nil
	case "postgres", "mysql":
		if c.dsn == "" {
			return nil, nil, fmt.Errorf("-driver %s needs -dsn", c.driver)
		}
		name := map[string]string{"postgres": "pgx", "mysql": "mysql"}[c.driver]
		db, err := sql.Open(name, c.dsn)
		if err != nil {
			return nil, nil, err
		}
		return db, func() { db.Close() }, nil
	}
	return nil, nil, fmt.Errorf("unknown -driver %q: want sqlite, postgres or mysql", c.driver)
}

// createHostTable stands in for the CRM's existing schema: a customers
// table cem never touches.
func createHostTable(ctx context.Context, db *sql.DB, c config) error {
	if !validIdent(c.hostTable) {
		return fmt.Errorf("-host-table %q: want letters, digits and underscores", c.hostTable)
	}
	if _, err := db.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS "+c.hostTable+
		" (id VARCHAR(64) PRIMARY KEY, name VARCHAR(200) NOT NULL)"); err != nil {
		return fmt.Errorf("create host table: %w", err)
	}
	names := map[string]string{"C-1001": "Ada Berger", "C-1002": "Ben Krause", "C-1003": "Clara Weiss",
		"C-1004": "Deniz Yilmaz", "C-1005": "Emil Novak", "C-1006": "Fatma Demir"}
	for id, name := range names {
		if _, err := db.ExecContext(ctx, rebind(c.driver, "DELETE FROM "+c.hostTable+" WHERE id = ?"), id); err != nil {
			return err
		}
		if _, err := db.ExecContext(ctx, rebind(c.driver, "INSERT INTO "+c.hostTable+" (id, name) VALUES (?, ?)"), id, name); err != nil {
			return err
		}
	}
	return nil
}

func validIdent(s string) bool {
	if s == "" || len(s) > 48 {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

func rebind(driver, q string) string {
	if driver != "postgres" {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// importEvents reads the host's CSV export as it is, through a column
// mapping and a vocabulary for its activity and channel names; bad rows are
// skipped and reported instead of stopping the import.
func importEvents(ctx context.Context, st store.Store, c config, out io.Writer) error {
	var r io.Reader = strings.NewReader(string(sampleEvents))
	if c.events != "" {
		f, err := os.Open(c.events)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	reader := eventlog.NewCSVReader(r, eventlog.CSVOptions{
		Columns: eventlog.Columns{
			ID: "-", CustomerID: "Customer", Stage: "Activity", Time: "Timestamp", Channel: "Channel",
			Outcome: "Result", CSAT: "CSAT", NPS: "NPS", Amount: "Amount", Extra: []string{"Store"},
			CES: "-", Sentiment: "-", Currency: "-", Duration: "-", Wait: "-", Attributes: "-",
		},
		Stages: map[string]touchpoint.Stage{
			"Store visit": touchpoint.Arrival, "Web visit": touchpoint.Arrival, "Product search": touchpoint.Browse,
			"Question": touchpoint.Assistance, "Purchase": touchpoint.Purchase, "Delivery": touchpoint.Delivery,
			"Hotline": touchpoint.Support, "Return": touchpoint.Return, "Review": touchpoint.Advocacy,
		},
		Channels:        map[string]touchpoint.Channel{"Shop": touchpoint.Store, "Online": touchpoint.Web, "Phone": touchpoint.Phone, "App": touchpoint.App},
		DefaultCurrency: "EUR",
		Namespace:       "crm-export",
		Policy:          eventlog.Skip,
	})
	var batch store.Batch
	for tp, err := range reader.Touchpoints() {
		if err != nil {
			return err
		}
		batch.Touchpoints = append(batch.Touchpoints, tp)
	}
	// One all-or-nothing batch: a failure leaves the database as it was.
	if err := st.Append(ctx, batch); err != nil {
		return err
	}
	rep := reader.Report()
	fmt.Fprintf(out, "imported %d touchpoints, skipped %d bad rows\n", rep.Read, len(rep.Skipped))
	for _, e := range rep.Skipped {
		fmt.Fprintf(out, "  skipped: %v\n", e)
	}
	return nil
}

func composite() scoring.Scorer {
	return scoring.Composite{Parts: []scoring.Part{
		{Name: "feedback", Scorer: scoring.PeakEnd{}, Weight: 2},
		{Name: "effort", Scorer: scoring.Effort{}, Weight: 1},
	}}
}

// asOf is the date of the report; fixed so the output is the same on every
// run.
var asOf = time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)

// scoreEveryone streams every journey from the store, scores it, stores the
// score as a snapshot, and lists the customers at risk with their names
// from the host's own table.
func scoreEveryone(ctx context.Context, st store.Store, db *sql.DB, c config, out io.Writer) error {
	s := composite()
	var bands scoring.Bands
	for j, err := range st.Journeys(ctx, store.Query{}) {
		if err != nil {
			return err
		}
		r, err := s.Score(j)
		if err != nil {
			return err
		}
		band, err := bands.Classify(r.Score)
		if err != nil {
			return err
		}
		snap := store.Snapshot{CustomerID: j.CustomerID(), Time: asOf, Name: "score", Value: r.Score, Stage: band.String()}
		if err := st.PutSnapshots(ctx, snap); err != nil {
			return err
		}
	}
	threshold := scoring.DefaultAtRisk
	fmt.Fprintf(out, "\nat-risk customers (latest score below %.0f):\n", threshold)
	for snap, err := range st.Latest(ctx, store.LatestQuery{Name: "score", Below: &threshold}) {
		if err != nil {
			return err
		}
		var name string
		err := db.QueryRowContext(ctx, rebind(c.driver, "SELECT name FROM "+c.hostTable+" WHERE id = ?"), snap.CustomerID).Scan(&name)
		if err != nil {
			return fmt.Errorf("look up %s in the host table: %w", snap.CustomerID, err)
		}
		fmt.Fprintf(out, "  %-7s %-14s score %5.1f\n", snap.CustomerID, name, snap.Value)
	}
	return nil
}

// ladderMoves replays every journey on the loyalty ladder, stores each
// move as a "ladder" snapshot, and asks the store for the moves down.
func ladderMoves(ctx context.Context, st store.Store, out io.Writer) error {
	s := composite()
	rules := loyalty.Rules{Score: func(j *journey.Journey) (float64, error) {
		r, err := s.Score(j)
		return r.Score, err
	}}
	fmt.Fprintf(out, "\nladder moves up to %s:\n", asOf.Format(time.DateOnly))
	for j, err := range st.Journeys(ctx, store.Query{}) {
		if err != nil {
			return err
		}
		moves, err := rules.History(j, asOf)
		if err != nil {
			return err
		}
		var path []string
		for _, m := range moves {
			path = append(path, fmt.Sprintf("%s (%s)", m.To, m.Time.Format("Jan 02")))
			err := st.PutSnapshots(ctx, store.Snapshot{CustomerID: j.CustomerID(), Time: m.Time, Name: "ladder", Stage: m.To.String()})
			if err != nil {
				return err
			}
		}
		if len(path) == 0 {
			path = []string{"(no purchase yet)"}
		}
		fmt.Fprintf(out, "  %-7s prospect → %s\n", j.CustomerID(), strings.Join(path, " → "))
	}
	fmt.Fprintln(out, "\nmoves down the ladder (queried from the store):")
	n := 0
	for tr, err := range st.Transitions(ctx, store.TransitionQuery{Name: "ladder"}) {
		if err != nil {
			return err
		}
		from, _ := loyalty.ParseStage(tr.From)
		to, _ := loyalty.ParseStage(tr.To)
		if to >= from {
			continue
		}
		n++
		fmt.Fprintf(out, "  %-7s %s → %s on %s\n", tr.CustomerID, tr.From, tr.To, tr.Time.Format(time.DateOnly))
	}
	if n == 0 {
		fmt.Fprintln(out, "  none")
	}
	return nil
}

// erase honours a privacy request: every trace of the customer leaves cem's
// tables; the host's own table is the host's business.
func erase(ctx context.Context, st store.Store, db *sql.DB, c config, out io.Writer) error {
	if c.erase == "" {
		return nil
	}
	n, err := st.Erase(ctx, c.erase)
	if err != nil {
		return err
	}
	_, err = st.Journey(ctx, c.erase, store.Window{})
	fmt.Fprintf(out, "\nerased %s: %d records removed; journey now: %v\n", c.erase, n, err)
	var hostRows int
	if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+c.hostTable).Scan(&hostRows); err != nil {
		return err
	}
	fmt.Fprintf(out, "host table %s untouched by cem: %d rows\n", c.hostTable, hostRows)
	return nil
}
