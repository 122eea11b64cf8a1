package reliability_test

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/store/sqlstore"
)

// acks collects the batches a child reported as acknowledged.
type acks struct {
	mu   sync.Mutex
	done map[int]bool
	next int // one past the highest acknowledged batch
}

func (a *acks) add(k int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.done[k] = true
	a.next = max(a.next, k+1)
}

// run starts cmd, waits for the kill moment kill picks, kills the child
// with SIGKILL and records every acknowledgement it wrote.
func (a *acks) run(t *testing.T, cmd *exec.Cmd, kill func(ready <-chan struct{})) {
	t.Helper()
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start child: %v", err)
	}
	ready := make(chan struct{})
	read := make(chan struct{})
	go func() {
		defer close(read)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			line := sc.Text()
			if line == "ready" {
				close(ready)
				continue
			}
			if k, ok := strings.CutPrefix(line, "ack "); ok {
				n, _ := strconv.Atoi(k)
				a.add(n)
			}
		}
	}()
	kill(ready)
	killErr := cmd.Process.Kill() // SIGKILL on Unix
	<-read
	waitErr := cmd.Wait()
	if killErr != nil || !strings.Contains(fmt.Sprint(waitErr), "killed") {
		t.Fatalf("child ended on its own before the kill: %v (kill: %v)", waitErr, killErr)
	}
}

// killAfter returns a kill-moment picker: a random moment up to d after
// the child is ready, or, on one run in five, a random moment up to 30 ms
// after it starts, which may fall inside opening and migrating the
// database.
func killAfter(d time.Duration, run int) func(ready <-chan struct{}) {
	if run%5 == 4 {
		return func(<-chan struct{}) { time.Sleep(rand.N(30 * time.Millisecond)) }
	}
	return func(ready <-chan struct{}) {
		select {
		case <-ready:
		case <-time.After(30 * time.Second):
		}
		time.Sleep(rand.N(d))
	}
}

// crashRuns is how many times the crash tests kill their child.
func crashRuns(ci, long int) int {
	if longRun() {
		return long
	}
	return ci
}

// TestCrashSQLite kills a child ingesting into a SQLite file with SIGKILL
// at random moments and checks after each kill that every acknowledged
// batch is stored whole, no batch is stored in part, PRAGMA
// integrity_check is ok, and ingest continues where it stopped.
func TestCrashSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "crash.db")
	a := &acks{done: map[int]bool{}}
	kills := crashRuns(20, 100)
	for run := range kills {
		cmd := child(t, "ingest", envSQLite+"="+path, envStart+"="+strconv.Itoa(a.next))
		start := a.next
		a.run(t, cmd, killAfter(150*time.Millisecond, run))
		checkIntegrity(t, path)
		b, err := sqlstore.OpenSQLite(path, sqlstore.Options{})
		if err != nil {
			t.Fatalf("run %d: reopen after SIGKILL: %v", run, err)
		}
		checkBatches(t, b, a, start, fmt.Sprintf("run %d", run))
		b.Close()
	}
	b, err := sqlstore.OpenSQLite(path, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	continueIngest(t, b, a)
	t.Logf("%d kills, %d batches acknowledged (%d touchpoints)", kills, len(a.done), len(a.done)*batchTouchpoints)
}

// TestCrashPostgres kills a child whose ingest transaction into PostgreSQL
// is open, and checks that the server rolled it back: no batch in part,
// every acknowledged batch whole, ingest continues.
func TestCrashPostgres(t *testing.T) {
	dsn := postgres.dsn(t)
	f := postgres.fixture(t)
	app := fmt.Sprintf("cem_crash_%08x", rand.Uint32())
	childDSN := dsn + sep(dsn) + "application_name=" + app
	a := &acks{done: map[int]bool{}}
	kills := crashRuns(5, 20)
	for run := range kills {
		start := a.next
		cmd := child(t, "ingest", envPG+"="+childDSN, envPrefix+"="+f.prefix, envStart+"="+strconv.Itoa(start))
		a.run(t, cmd, func(ready <-chan struct{}) {
			<-ready
			time.Sleep(rand.N(100 * time.Millisecond))
			waitFor(t, f.db, app, "xact_start IS NOT NULL", true)
		})
		// The server notices the dead client and rolls its transaction back.
		waitFor(t, f.db, app, "true", false)
		checkBatches(t, f, a, start, fmt.Sprintf("run %d", run))
	}
	continueIngest(t, f, a)
	t.Logf("%d kills inside a transaction, %d batches acknowledged", kills, len(a.done))
}

// sep returns the separator that appends a query parameter to dsn.
func sep(dsn string) string {
	if strings.Contains(dsn, "?") {
		return "&"
	}
	return "?"
}

// waitFor polls pg_stat_activity until a session of application app
// meeting cond exists (want true) or none does (want false).
func waitFor(t *testing.T, db *sql.DB, app, cond string, want bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		var n int
		err := db.QueryRow("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1 AND "+cond, app).Scan(&n)
		if err != nil {
			t.Fatalf("pg_stat_activity: %v", err)
		}
		if (n > 0) == want {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("no session of %s with %s = %v after 10 s", app, cond, want)
}

// checkIntegrity runs SQLite's own consistency check on the file.
func checkIntegrity(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", sqliteDSN(path))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var res string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&res); err != nil {
		t.Fatalf("integrity_check: %v", err)
	}
	if res != "ok" {
		t.Fatalf("integrity_check = %q, want ok", res)
	}
}

// checkBatches reads the crash tenant's events of batches from on (a
// window keeps each check to the batches of one run) and checks that each
// batch found is whole and that each acknowledged batch is found.
func checkBatches(t *testing.T, b store.Backend, a *acks, from int, when string) {
	t.Helper()
	s, err := b.Tenant(childTenant)
	if err != nil {
		t.Fatal(err)
	}
	type parts struct{ tps, failures, recoveries int }
	found := map[string]*parts{}
	get := func(k string) *parts {
		if found[k] == nil {
			found[k] = &parts{}
		}
		return found[k]
	}
	q := store.Query{Window: store.Window{From: at(from * batchTouchpoints)}}
	for j, err := range s.Journeys(context.Background(), q) {
		if err != nil {
			t.Fatalf("%s: Journeys() error = %v", when, err)
		}
		for _, tp := range j.Touchpoints() {
			get(tp.Attributes["batch"]).tps++
		}
		for _, f := range j.Failures() {
			p := get(f.Note)
			p.failures++
			p.recoveries += len(j.RecoveriesOf(f.ID))
		}
	}
	for k, p := range found {
		if *p != (parts{batchTouchpoints, 1, 1}) {
			t.Errorf("%s: batch %s stored in part: %+v", when, k, *p)
		}
	}
	for k := range a.done {
		if k >= from && found[strconv.Itoa(k)] == nil {
			t.Errorf("%s: acknowledged batch %d lost", when, k)
		}
	}
	if t.Failed() {
		t.FailNow()
	}
}

// continueIngest appends the next batch in the parent and checks it.
func continueIngest(t *testing.T, b store.Backend, a *acks) {
	t.Helper()
	s, err := b.Tenant(childTenant)
	if err != nil {
		t.Fatal(err)
	}
	k := a.next
	if err := s.Append(context.Background(), crashBatch(k)); err != nil {
		t.Fatalf("ingest after the crashes: Append(batch %d) error = %v", k, err)
	}
	a.add(k)
	checkBatches(t, b, a, 0, "after the crashes: every batch")
}

// longRun reports whether the long variants run: CEM_LONG=1.
func longRun() bool { return os.Getenv("CEM_LONG") == "1" }
