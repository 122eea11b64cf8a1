package sqlstore_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/store/sqlstore"
	"github.com/cemkit/cem/touchpoint"
)

func TestOpenRejectsBadOptions(t *testing.T) {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "bad.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tests := []struct {
		reason string
		opts   sqlstore.Options
	}{
		{"upper case", sqlstore.Options{Prefix: "Cem_"}},
		{"starts with a digit", sqlstore.Options{Prefix: "1cem_"}},
		{"SQL in the prefix", sqlstore.Options{Prefix: "cem_; DROP TABLE x; --"}},
		{"hyphen", sqlstore.Options{Prefix: "cem-"}},
		{"32 characters", sqlstore.Options{Prefix: "abcdefghijklmnopqrstuvwxyz012345x"}},
		{"unknown dialect", sqlstore.Options{Dialect: "oracle"}},
		{"ids wider than MySQL's columns", sqlstore.Options{Dialect: sqlstore.MySQL, Limits: touchpoint.Limits{MaxIDLen: 1024}}},
	}
	for _, tt := range tests {
		_, err := sqlstore.Open(db, tt.opts)
		if !errors.Is(err, store.ErrInvalid) {
			t.Errorf("Open(%+v) error = %v, want a validation error (%s)", tt.opts, err, tt.reason)
		}
	}
	if got := tableNames(t, db); len(got) != 0 {
		t.Errorf("rejected Opens created tables %v", got)
	}
	if _, err := sqlstore.Open(nil, sqlstore.Options{}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("Open(nil) error = %v, want a validation error", err)
	}
}

func TestDialectDetection(t *testing.T) {
	b := openSQLite(t, sqlstore.Options{})
	if got := b.Dialect(); got != sqlstore.SQLite {
		t.Errorf("OpenSQLite().Dialect() = %q, want sqlite", got)
	}
	if got := b.Prefix(); got != sqlstore.DefaultPrefix {
		t.Errorf("Prefix() = %q, want %q", got, sqlstore.DefaultPrefix)
	}
	db := mysql.db(t)
	if got := openOn(t, db, sqlstore.Options{}).Dialect(); got != sqlstore.MySQL {
		t.Errorf("Open(mysql db).Dialect() = %q, want mysql", got)
	}
}

// TestMigrations checks that every dialect records its migrations, that
// opening again applies nothing twice, and that only prefixed tables
// exist afterwards.
func TestMigrations(t *testing.T) {
	t.Parallel()
	for name, open := range dialects(t) {
		t.Run(name, func(t *testing.T) {
			b := open(t)
			db := rawDB(t, b)
			again, err := sqlstore.Open(db, sqlstore.Options{Dialect: b.Dialect(), Prefix: b.Prefix()})
			if err != nil {
				t.Fatalf("second Open() error = %v", err)
			}
			defer again.Close()
			var versions []int
			rows, err := db.Query("SELECT version FROM " + b.Prefix() + "migrations ORDER BY version")
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var v int
				if err := rows.Scan(&v); err != nil {
					t.Fatal(err)
				}
				versions = append(versions, v)
			}
			if diff := cmp.Diff([]int{1}, versions); diff != "" {
				t.Errorf("recorded migrations mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// rawDB returns the *sql.DB under a test backend, recorded when it was
// opened.
func rawDB(t testing.TB, b *sqlstore.Backend) *sql.DB {
	t.Helper()
	db, ok := sqlstore.DB(b)
	if !ok {
		t.Fatal("no *sql.DB")
	}
	return db
}

// TestPrefixIsolation checks that two backends with different prefixes on
// one database never see each other's data, even for the same tenant.
func TestPrefixIsolation(t *testing.T) {
	t.Parallel()
	for name, open := range dialects(t) {
		t.Run(name, func(t *testing.T) {
			a := open(t)
			b := openOn(t, rawDB(t, a), sqlstore.Options{Dialect: a.Dialect()})
			sa, sb := tenantOf(t, a, "shop"), tenantOf(t, b, "shop")
			if err := sa.Append(t.Context(), store.Batch{Touchpoints: []touchpoint.Touchpoint{visit("alice", 1)}}); err != nil {
				t.Fatal(err)
			}
			if _, err := sb.Journey(t.Context(), "alice", store.Window{}); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("other prefix: Journey() error = %v, want ErrNotFound", err)
			}
			if _, err := sa.Journey(t.Context(), "alice", store.Window{}); err != nil {
				t.Errorf("own prefix: Journey() error = %v", err)
			}
		})
	}
}

func tenantOf(t testing.TB, b store.Backend, id string) store.Store {
	t.Helper()
	s, err := b.Tenant(id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// visit is touchpoint n of a customer, n hours into 2025.
func visit(customer string, n int) touchpoint.Touchpoint {
	return touchpoint.Touchpoint{
		ID:         touchpoint.IDFromKey("sqlstore-test", fmt.Sprint(customer, "/", n)),
		CustomerID: customer,
		Time:       time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(n) * time.Hour),
		Channel:    touchpoint.Web,
		Stage:      touchpoint.Browse,
	}
}

// TestSQLiteConcurrentWriters runs 8 writers at once, on one backend and
// on two backends over the same file (two *sql.DB, as two processes
// would), and expects no "database is locked" and every event stored.
func TestSQLiteConcurrentWriters(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "shared.db")
	first, err := sqlstore.OpenSQLite(path, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	second, err := sqlstore.OpenSQLite(path, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	const writers = 8
	batches, size := 20, 50
	if testing.Short() || raceEnabled {
		batches, size = 5, 20
	}
	var wg sync.WaitGroup
	for w := range writers {
		b := []*sqlstore.Backend{first, second}[w%2]
		s := tenantOf(t, b, "shop")
		wg.Go(func() {
			for i := range batches {
				var batch store.Batch
				for k := range size {
					batch.Touchpoints = append(batch.Touchpoints, visit(fmt.Sprintf("w%d", w), i*size+k))
				}
				if err := s.Append(context.Background(), batch); err != nil {
					t.Errorf("writer %d: Append() error = %v", w, err)
					return
				}
				// A read between writes keeps readers and writers mixed.
				if _, err := s.Journey(context.Background(), fmt.Sprintf("w%d", w), store.Window{}); err != nil {
					t.Errorf("writer %d: Journey() error = %v", w, err)
					return
				}
			}
		})
	}
	wg.Wait()
	n := 0
	for j, err := range tenantOf(t, first, "shop").Journeys(t.Context(), store.Query{}) {
		if err != nil {
			t.Fatal(err)
		}
		n += j.Len()
	}
	if n != writers*batches*size {
		t.Errorf("stored %d touchpoints, want %d", n, writers*batches*size)
	}
}

// TestCloseLeavesHostDB checks that Close of a backend over the host's
// *sql.DB keeps the handle open, and that the stores then fail with
// ErrClosed.
func TestCloseLeavesHostDB(t *testing.T) {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "host.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	b, err := sqlstore.Open(db, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := tenantOf(t, b, "shop")
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Errorf("second Close() error = %v", err)
	}
	if err := db.Ping(); err != nil {
		t.Errorf("host db after Close: Ping() error = %v", err)
	}
	if err := s.Append(t.Context(), store.Batch{Touchpoints: []touchpoint.Touchpoint{visit("a", 1)}}); !errors.Is(err, store.ErrClosed) {
		t.Errorf("Append() after Close error = %v, want ErrClosed", err)
	}
}

// TestBulkPaths sends batches around each dialect's bulk boundaries (500
// rows per MySQL INSERT, COPY from 256 rows on PostgreSQL, unnest below),
// re-sends them (which sends PostgreSQL's COPY to its unnest fallback),
// and checks that the rows land once and that a
// conflicting event deep inside a big batch stores nothing.
func TestBulkPaths(t *testing.T) {
	t.Parallel()
	sizes := []int{1, 99, 100, 101, 255, 256, 499, 500, 501, 5001}
	if testing.Short() || raceEnabled {
		sizes = []int{1, 101, 501}
	}
	for name, open := range dialects(t) {
		t.Run(name, func(t *testing.T) {
			s := tenantOf(t, open(t), "shop")
			total := 0
			for _, n := range sizes {
				batch := bulkBatch(fmt.Sprint("n", n), n)
				for range 2 {
					if err := s.Append(t.Context(), batch); err != nil {
						t.Fatalf("Append(%d) error = %v", n, err)
					}
				}
				total += n
			}
			bad := bulkBatch("late", 600)
			bad.Touchpoints[599] = visit(fmt.Sprint("n", 501), 7)
			bad.Touchpoints[599].Channel = touchpoint.Phone
			if err := s.Append(t.Context(), bad); !errors.Is(err, store.ErrConflict) {
				t.Errorf("Append(conflict at row 600) error = %v, want ErrConflict", err)
			}
			if got := countTouchpoints(t, s); got != total {
				t.Errorf("stored %d touchpoints, want %d", got, total)
			}
		})
	}
}

func bulkBatch(customer string, n int) store.Batch {
	var b store.Batch
	for i := range n {
		b.Touchpoints = append(b.Touchpoints, visit(customer, i))
	}
	return b
}

func countTouchpoints(t testing.TB, s store.Store) int {
	t.Helper()
	n := 0
	for j, err := range s.Journeys(t.Context(), store.Query{}) {
		if err != nil {
			t.Fatal(err)
		}
		n += j.Len()
	}
	return n
}

// TestSchemaUsesIndexes checks on SQLite that a journey read and the
// customer listing use the (tenant, customer_id, window_ns) index rather
// than scanning the table.
func TestSchemaUsesIndexes(t *testing.T) {
	b := openSQLite(t, sqlstore.Options{})
	db := rawDB(t, b)
	for _, q := range []string{
		"SELECT * FROM cem_events WHERE tenant = 'x' AND customer_id = 'c' AND window_ns >= 1 ORDER BY kind, time_ns, id",
		"SELECT customer_id FROM cem_events WHERE tenant = 'x' AND customer_id > '' AND kind < 2 GROUP BY customer_id ORDER BY customer_id LIMIT 256",
	} {
		rows, err := db.Query("EXPLAIN QUERY PLAN " + q)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		if !slices.ContainsFunc(plan, func(d string) bool { return strings.Contains(d, "cem_events_customer") }) {
			t.Errorf("plan of %q = %q, want the customer index", q, plan)
		}
	}
}

// TestManyCustomersInOneBatch appends one batch touching 3000 customers,
// more than one statement's worth of customer locks.
func TestManyCustomersInOneBatch(t *testing.T) {
	t.Parallel()
	for name, open := range dialects(t) {
		t.Run(name, func(t *testing.T) {
			var batch store.Batch
			for c := range 3000 {
				batch.Touchpoints = append(batch.Touchpoints, visit(fmt.Sprintf("c%04d", c), 0))
			}
			s := tenantOf(t, open(t), "shop")
			if err := s.Append(t.Context(), batch); err != nil {
				t.Fatalf("Append(3000 customers) error = %v", err)
			}
			if got := countTouchpoints(t, s); got != 3000 {
				t.Errorf("stored %d touchpoints, want 3000", got)
			}
		})
	}
}

// TestEraseLeavesNoRow checks erasure in the tables themselves: after
// Erase no row of any of the adapter's tables names the customer.
func TestEraseLeavesNoRow(t *testing.T) {
	t.Parallel()
	for name, open := range dialects(t) {
		t.Run(name, func(t *testing.T) {
			b := open(t)
			s := tenantOf(t, b, "shop")
			ctx := t.Context()
			for _, c := range []string{"ada", "ada-old", "bob"} {
				if err := s.Append(ctx, store.Batch{Touchpoints: []touchpoint.Touchpoint{visit(c, 1), visit(c, 2)}}); err != nil {
					t.Fatal(err)
				}
				if err := s.PutSnapshots(ctx, store.Snapshot{CustomerID: c, Name: "score", Time: visit(c, 3).Time, Value: 50}); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.Merge(ctx, "ada-old", "ada"); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Erase(ctx, "ada"); err != nil {
				t.Fatal(err)
			}
			db, p := rawDB(t, b), b.Prefix()
			for _, q := range []string{
				"SELECT COUNT(*) FROM " + p + "events WHERE customer_id IN ('ada', 'ada-old')",
				"SELECT COUNT(*) FROM " + p + "snapshots WHERE customer_id IN ('ada', 'ada-old')",
				"SELECT COUNT(*) FROM " + p + "aliases WHERE alias IN ('ada', 'ada-old') OR customer_id IN ('ada', 'ada-old')",
			} {
				var n int
				if err := db.QueryRow(q).Scan(&n); err != nil {
					t.Fatal(err)
				}
				if n != 0 {
					t.Errorf("%s = %d after Erase, want 0", q, n)
				}
			}
			var bob int
			if err := db.QueryRow("SELECT COUNT(*) FROM " + p + "events WHERE customer_id = 'bob'").Scan(&bob); err != nil || bob != 2 {
				t.Errorf("bob's events after erasing ada = %d (%v), want 2", bob, err)
			}
		})
	}
}

// TestEraseWaitsForAppendThroughAlias races Erase with an Append to a
// merged-away id: the append resolves ada-old to ada and writes its row
// under ada, then Erase(ada) runs before the append commits. Erase must
// wait for the append (both lock ada) and delete its row too; without the
// lock, PostgreSQL's Erase misses the uncommitted row, which then
// survives under the erased id with no alias left to explain it.
//
// The re-send case is a batch big enough for COPY on PostgreSQL that
// holds an event already stored: COPY meets the taken ID and rolls back to
// its savepoint, which must not release the lock on ada taken after the
// savepoint was first set.
func TestEraseWaitsForAppendThroughAlias(t *testing.T) {
	t.Parallel()
	for name, open := range dialects(t) {
		for _, tc := range []struct {
			name string
			late store.Batch
		}{
			{"one event", store.Batch{Touchpoints: []touchpoint.Touchpoint{visit("ada-old", 2)}}},
			{"re-send of 300", bulkBatch("ada-old", 300)},
		} {
			t.Run(name+"/"+tc.name, func(t *testing.T) {
				eraseDuringAppend(t, open(t), tc.late)
			})
		}
	}
}

// eraseDuringAppend merges ada-old into ada, holds an append of late (for
// ada-old) open just before its commit, erases ada meanwhile and checks
// that nothing is left under ada.
func eraseDuringAppend(t *testing.T, b *sqlstore.Backend, late store.Batch) {
	t.Helper()
	s := tenantOf(t, b, "shop")
	ctx := t.Context()
	for _, c := range []string{"ada", "ada-old"} {
		if err := s.Append(ctx, store.Batch{Touchpoints: []touchpoint.Touchpoint{visit(c, 1)}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Merge(ctx, "ada-old", "ada"); err != nil {
		t.Fatal(err)
	}
	whileAppendHeld(t, s, late, "Erase(ada)", func() error {
		_, err := s.Erase(ctx, "ada")
		return err
	})
	var n int
	q := "SELECT COUNT(*) FROM " + b.Prefix() + "events WHERE customer_id = 'ada'"
	if err := rawDB(t, b).QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("%d events stored under ada after Erase(ada), want 0", n)
	}
}

// whileAppendHeld appends late to s, holds the append open just before its
// commit, runs op (named name) meanwhile, gives op 300 ms to finish if it
// does not wait for the append, then lets the append commit. Both must
// succeed.
func whileAppendHeld(t *testing.T, s store.Store, late store.Batch, name string, op func() error) {
	t.Helper()
	written, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	appended := make(chan error, 1)
	go func() {
		appended <- sqlstore.AppendHeld(t.Context(), s, late, func() {
			once.Do(func() { close(written) })
			<-release
		})
	}()
	<-written
	done := make(chan error, 1)
	go func() { done <- op() }()
	select {
	case err := <-done:
		done <- err
	case <-time.After(300 * time.Millisecond):
	}
	close(release)
	if err := <-appended; err != nil {
		t.Fatalf("Append error = %v", err)
	}
	if err := <-done; err != nil {
		t.Fatalf("%s error = %v", name, err)
	}
}

// TestMergeWaitsForAppendThroughAlias appends a COPY-sized re-send for a,
// which was merged into b, while b is merged into c: the merge must wait
// for the append, so that no event stays under the merged-away b.
func TestMergeWaitsForAppendThroughAlias(t *testing.T) {
	t.Parallel()
	for name, open := range dialects(t) {
		t.Run(name, func(t *testing.T) {
			b := open(t)
			s := tenantOf(t, b, "shop")
			ctx := t.Context()
			for _, c := range []string{"a", "b", "c"} {
				if err := s.Append(ctx, store.Batch{Touchpoints: []touchpoint.Touchpoint{visit(c, 0)}}); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.Merge(ctx, "a", "b"); err != nil {
				t.Fatal(err)
			}
			whileAppendHeld(t, s, bulkBatch("a", 300), "Merge(b, c)", func() error { return s.Merge(ctx, "b", "c") })
			j, err := s.Journey(ctx, "c", store.Window{})
			if err != nil {
				t.Fatal(err)
			}
			var stray int
			if err := rawDB(t, b).QueryRow("SELECT COUNT(*) FROM " + b.Prefix() + "events WHERE customer_id = 'b'").Scan(&stray); err != nil {
				t.Fatal(err)
			}
			if j.Len() != 302 || stray != 0 {
				t.Errorf("Journey(c) has %d touchpoints, want 302 (a 300, b 1, c 1); %d rows left under merged-away b", j.Len(), stray)
			}
		})
	}
}

// TestConcurrentResendsInOtherOrders re-sends the same 400 events of three
// customers from eight goroutines, each batch in its own order and some as
// 50-event batches: every append must succeed (PostgreSQL deadlocked when
// rows went in in batch order) and the 400 events must be stored once.
func TestConcurrentResendsInOtherOrders(t *testing.T) {
	t.Parallel()
	for name, open := range dialects(t) {
		t.Run(name, func(t *testing.T) {
			s := tenantOf(t, open(t), "shop")
			all := slices.Concat(bulkBatch("ada", 150).Touchpoints, bulkBatch("bob", 150).Touchpoints, bulkBatch("cy", 100).Touchpoints)
			var wg sync.WaitGroup
			errs := make(chan error, 24)
			for g := range 8 {
				wg.Go(func() {
					r := rand.New(rand.NewPCG(uint64(g), 1))
					for range 3 {
						tps := slices.Clone(all)
						r.Shuffle(len(tps), func(i, j int) { tps[i], tps[j] = tps[j], tps[i] })
						if g%2 == 1 {
							tps = tps[:50]
						}
						if err := s.Append(context.Background(), store.Batch{Touchpoints: tps}); err != nil {
							errs <- err
						}
					}
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
			if n := countTouchpoints(t, s); n != 400 {
				t.Errorf("%d touchpoints stored, want 400", n)
			}
		})
	}
}

// TestEraseLeavesNoBytes erases a customer from a SQLite file and checks
// that the erased values are gone from the file itself, not only from the
// tables: deleted pages keep their content unless secure_delete is on.
func TestEraseLeavesNoBytes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "erase.db")
	be, err := sqlstore.OpenSQLite(path, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := be.Tenant("t")
	if err != nil {
		t.Fatal(err)
	}
	const secret = "jane.doe.secret@example.com"
	at := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	var b store.Batch
	for i := range 50 {
		b.Touchpoints = append(b.Touchpoints, touchpoint.Touchpoint{ID: touchpoint.NewID(), CustomerID: secret,
			Time: at.Add(time.Duration(i) * time.Minute), Channel: touchpoint.Web, Stage: touchpoint.Browse,
			Attributes: map[string]string{"email": secret}})
	}
	ctx := context.Background()
	if err := s.Append(ctx, b); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Erase(ctx, secret); err != nil || n != 50 {
		t.Fatalf("Erase = %d, %v; want 50 rows", n, err)
	}
	if err := be.Close(); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{path, path + "-wal"} {
		data, err := os.ReadFile(f)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(data, []byte(secret)) {
			t.Errorf("%s still holds the erased customer's bytes", filepath.Base(f))
		}
	}
}

// TestMySQLFoundRows runs on a MySQL connection whose DSN sets
// clientFoundRows, which makes a skipped duplicate count as an affected
// row: a re-send with other content must still be ErrConflict.
func TestMySQLFoundRows(t *testing.T) {
	base := mysql.db(t) // skips or fails like every MySQL test
	base.Close()
	dsn := os.Getenv(mysql.env)
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	db, err := sql.Open("mysql", dsn+sep+"clientFoundRows=true")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	be := openOn(t, db, sqlstore.Options{Dialect: sqlstore.MySQL})
	if sqlstore.ExactCounts(be) {
		t.Error("with clientFoundRows=true the backend trusts affected-row counts")
	}
	if plain := openOn(t, mysql.db(t), sqlstore.Options{Dialect: sqlstore.MySQL}); !sqlstore.ExactCounts(plain) {
		t.Error("with the default DSN the backend does not trust affected-row counts")
	}
	s, err := be.Tenant("t")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	at := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	tp := touchpoint.Touchpoint{ID: touchpoint.NewID(), CustomerID: "c", Time: at, Channel: touchpoint.Web, Stage: touchpoint.Browse}
	if err := s.Append(ctx, store.Batch{Touchpoints: []touchpoint.Touchpoint{tp}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Append(ctx, store.Batch{Touchpoints: []touchpoint.Touchpoint{tp}}); err != nil {
		t.Errorf("an equal re-send = %v, want nil", err)
	}
	changed := tp
	changed.Stage = touchpoint.Purchase
	if err := s.Append(ctx, store.Batch{Touchpoints: []touchpoint.Touchpoint{changed}}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("a re-send with other content = %v, want ErrConflict", err)
	}
	snap := store.Snapshot{CustomerID: "c", Time: at, Name: "score", Value: 40}
	if err := s.PutSnapshots(ctx, snap); err != nil {
		t.Fatal(err)
	}
	snap.Value = 41
	if err := s.PutSnapshots(ctx, snap); !errors.Is(err, store.ErrConflict) {
		t.Errorf("a snapshot re-put with another value = %v, want ErrConflict", err)
	}
}

// TestCancelBeforeCommit cancels an append's context after its rows are
// written and before it commits: the append must fail and store nothing,
// so that an error always means nothing of the batch was stored.
func TestCancelBeforeCommit(t *testing.T) {
	t.Parallel()
	for name, open := range dialects(t) {
		for _, n := range []int{3, 300} {
			t.Run(fmt.Sprint(name, "/", n), func(t *testing.T) {
				b := open(t)
				s := tenantOf(t, b, "shop")
				ctx, cancel := context.WithCancel(t.Context())
				err := sqlstore.AppendHeld(ctx, s, bulkBatch("ada", n), cancel)
				if !errors.Is(err, context.Canceled) {
					t.Errorf("Append error = %v, want context.Canceled", err)
				}
				if got := countTouchpoints(t, s); got != 0 {
					t.Errorf("%d touchpoints stored after a failed append, want 0", got)
				}
			})
		}
	}
}

// TestDeadlineDuringAppend sweeps an append's deadline across its whole
// run, COMMIT included, and checks that an append never reports an error
// for a batch it stored, nor stores part of one.
func TestDeadlineDuringAppend(t *testing.T) {
	t.Parallel()
	const rows, sweep = 3000, 40
	for name, open := range dialects(t) {
		t.Run(name, func(t *testing.T) {
			b := open(t)
			s := tenantOf(t, b, "shop")
			start := time.Now()
			if err := s.Append(t.Context(), bulkBatch("warm", rows)); err != nil {
				t.Fatal(err)
			}
			full := time.Since(start)
			for i := range sweep {
				customer := fmt.Sprint("c", i)
				ctx, cancel := context.WithTimeout(t.Context(), full/2+time.Duration(i)*full/sweep)
				err := s.Append(ctx, bulkBatch(customer, rows))
				cancel()
				stored := 0
				j, jerr := s.Journey(t.Context(), customer, store.Window{})
				switch {
				case jerr == nil:
					stored = j.Len()
				case !errors.Is(jerr, store.ErrNotFound):
					t.Fatal(jerr)
				}
				switch {
				case err != nil && stored > 0:
					t.Errorf("deadline %d of %d: Append = %v, yet %d touchpoints were stored", i, sweep, err, stored)
				case err == nil && stored != rows:
					t.Errorf("deadline %d of %d: Append succeeded with %d of %d touchpoints stored", i, sweep, stored, rows)
				}
			}
		})
	}
}
