package reliability_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"testing"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/store/sqlstore"
	"github.com/cemkit/cem/touchpoint"
)

// The crash and memory tests re-execute the test binary as a child
// process; these variables tell the child what to do.
const (
	envChild  = "CEM_RELIABILITY_CHILD"  // "ingest" or "stream"
	envSQLite = "CEM_RELIABILITY_SQLITE" // path of the SQLite file
	envPG     = "CEM_RELIABILITY_PG"     // PostgreSQL DSN, instead of a file
	envPrefix = "CEM_RELIABILITY_PREFIX" // table prefix on PostgreSQL
	envStart  = "CEM_RELIABILITY_START"  // first batch to ingest
	envLimit  = "CEM_RELIABILITY_LIMIT"  // journeys to stream, 0 for all
)

// childTenant is the tenant the child processes work in.
const childTenant = "crash"

// batchTouchpoints is the number of touchpoints in a crash-test batch,
// large enough that a random kill often lands inside the transaction.
const batchTouchpoints = 100

func TestMain(m *testing.M) {
	if mode := os.Getenv(envChild); mode != "" {
		if err := runChild(mode); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(2)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// child returns a command that re-executes the test binary in mode.
func child(t testing.TB, mode string, env ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatalf("os.Executable: %v", err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(append(os.Environ(), envChild+"="+mode), env...)
	cmd.Stderr = os.Stderr
	return cmd
}

func runChild(mode string) error {
	b, err := childBackend()
	if err != nil {
		return err
	}
	defer b.Close()
	s, err := b.Tenant(childTenant)
	if err != nil {
		return err
	}
	switch mode {
	case "ingest":
		return ingest(s)
	case "stream":
		return stream(s)
	}
	return fmt.Errorf("unknown mode %q", mode)
}

// childBackend opens the database the parent named.
func childBackend() (*sqlstore.Backend, error) {
	if dsn := os.Getenv(envPG); dsn != "" {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, err
		}
		return sqlstore.Open(db, sqlstore.Options{Dialect: sqlstore.Postgres, Prefix: os.Getenv(envPrefix)})
	}
	return sqlstore.OpenSQLite(os.Getenv(envSQLite), sqlstore.Options{})
}

// ingest appends crash batches from the start the parent gave, forever,
// and writes "ack K" to stdout after batch K is acknowledged. The parent
// kills it.
func ingest(s store.Store) error {
	k, err := strconv.Atoi(os.Getenv(envStart))
	if err != nil {
		return err
	}
	fmt.Println("ready")
	for ; ; k++ {
		if err := s.Append(context.Background(), crashBatch(k)); err != nil {
			return fmt.Errorf("batch %d: %w", k, err)
		}
		fmt.Printf("ack %d\n", k)
	}
}

// crashBatch is batch k of the crash tests: batchTouchpoints touchpoints, a
// failure and its recovery, each marked with k so that the parent can tell
// a whole batch from part of one.
func crashBatch(k int) store.Batch {
	c := fmt.Sprintf("c%02d", k%25)
	tps := bulk(fmt.Sprint("crash/", k), c, k*batchTouchpoints, batchTouchpoints)
	for i := range tps {
		tps[i].Attributes = map[string]string{"batch": strconv.Itoa(k)}
	}
	f := journey.Failure{ID: id("crash/failure/", k), CustomerID: c, Time: at(k * batchTouchpoints),
		Kind: journey.OutOfStock, Severity: journey.Major, Channel: touchpoint.Store, Note: strconv.Itoa(k)}
	r := journey.Recovery{ID: id("crash/recovery/", k), FailureID: f.ID, CustomerID: c, Time: f.Time,
		Actions: journey.Apology, Channel: touchpoint.Store}
	return store.Batch{Touchpoints: tps, Failures: []journey.Failure{f}, Recoveries: []journey.Recovery{r}}
}

// stream reads every journey of the tenant (or the first envLimit), then
// reports how many touchpoints it saw, the peak of its anonymous resident
// memory (sampled every 20 journeys), its peak RSS and what the Go
// runtime obtained from the OS.
func stream(s store.Store) error {
	limit, _ := strconv.Atoi(os.Getenv(envLimit))
	n, journeys, peakAnon := 0, 0, 0
	for j, err := range s.Journeys(context.Background(), store.Query{Limit: limit}) {
		if err != nil {
			return err
		}
		n += j.Len()
		if journeys++; journeys%20 == 0 {
			st, err := procStatus()
			if err != nil {
				return err
			}
			peakAnon = max(peakAnon, st["RssAnon"])
		}
	}
	st, err := procStatus()
	if err != nil {
		return err
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fmt.Printf("journeys=%d touchpoints=%d peak_anon_kb=%d peak_rss_kb=%d go_sys_kb=%d\n",
		journeys, n, max(peakAnon, st["RssAnon"]), st["VmHWM"], m.Sys>>10)
	return nil
}
