package reliability_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/store/memstore"
	"github.com/cemkit/cem/store/sqlstore"
	"github.com/cemkit/cem/touchpoint"
)

// adapter opens fresh backends of one kind.
type adapter struct {
	name string
	open func(t testing.TB) *fixture
}

// fixture is an open backend and, for the SQL adapters, the database
// under it, so a test can reopen the same data or scan its tables.
type fixture struct {
	store.Backend
	db      *sql.DB // nil for memstore
	dialect sqlstore.Dialect
	prefix  string
}

// reopen returns a second backend over the same data, or nil for an
// adapter whose data lives in the backend itself (memstore).
func (f *fixture) reopen(t testing.TB) store.Backend {
	t.Helper()
	if f.db == nil {
		return nil
	}
	b, err := sqlstore.Open(f.db, sqlstore.Options{Dialect: f.dialect, Prefix: f.prefix})
	if err != nil {
		t.Fatalf("reopen %s: %v", f.dialect, err)
	}
	return b
}

// server is a database server reached through an environment variable.
type server struct {
	dialect sqlstore.Dialect
	env     string
	example string
	open    func(dsn string) (*sql.DB, error)
}

var (
	postgres = server{sqlstore.Postgres, "CEM_POSTGRES_DSN", "postgres://postgres@127.0.0.1:5432/test?sslmode=disable",
		func(dsn string) (*sql.DB, error) { return sql.Open("pgx", dsn) }}
	mysql = server{sqlstore.MySQL, "CEM_MYSQL_DSN", "root@tcp(127.0.0.1:3306)/test",
		func(dsn string) (*sql.DB, error) { return sql.Open("mysql", dsn) }}
)

// dsn returns the server's DSN, or skips t when the variable is unset
// (fails it under CI=true, where the server must be there).
func (s server) dsn(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(s.env)
	if dsn == "" {
		msg := fmt.Sprintf("%s is not set; run with %s='%s'", s.env, s.env, s.example)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return dsn
}

// db opens the server's database for t.
func (s server) db(t testing.TB) *sql.DB {
	t.Helper()
	db, err := s.open(s.dsn(t))
	if err != nil {
		t.Fatalf("open %s: %v", s.dialect, err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.PingContext(context.Background()); err != nil {
		t.Fatalf("cannot reach %s (%s): %v", s.dialect, s.env, err)
	}
	return db
}

// fixture opens a backend on the server with a fresh table prefix and
// drops the tables when t ends.
func (s server) fixture(t testing.TB) *fixture {
	t.Helper()
	return sqlFixture(t, s.db(t), s.dialect)
}

// adapters returns every adapter this machine can run: memstore and SQLite
// always, PostgreSQL and MySQL/MariaDB when their variables are set.
func adapters() []adapter {
	return []adapter{
		{"memstore", func(testing.TB) *fixture { return &fixture{Backend: memstore.New()} }},
		{"sqlite", sqliteFixture},
		{"postgres", postgres.fixture},
		{"mysql", mysql.fixture},
	}
}

// forEachAdapter runs f as a parallel subtest per adapter: the adapters
// share nothing, and most of a SQL adapter's time is spent waiting.
func forEachAdapter(t *testing.T, f func(t *testing.T, a adapter)) {
	t.Helper()
	for _, a := range adapters() {
		t.Run(a.name, func(t *testing.T) {
			t.Parallel()
			f(t, a)
		})
	}
}

// sqliteDSN is the DSN sqlstore.OpenSQLite uses, so a fixture that opens
// the *sql.DB itself (to keep it across backends) behaves the same.
func sqliteDSN(path string) string {
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "foreign_keys(1)", "synchronous(NORMAL)"} {
		q.Add("_pragma", p)
	}
	return "file:" + path + "?" + q.Encode()
}

// sqliteFixture opens a backend on a new SQLite file in t's temporary
// directory.
func sqliteFixture(t testing.TB) *fixture {
	t.Helper()
	db, err := sql.Open("sqlite", sqliteDSN(filepath.Join(t.TempDir(), "cem.db")))
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return sqlFixture(t, db, sqlstore.SQLite)
}

// sqlFixture opens a backend on db under a random prefix and drops its
// tables when t ends.
func sqlFixture(t testing.TB, db *sql.DB, d sqlstore.Dialect) *fixture {
	t.Helper()
	prefix := randomPrefix()
	b, err := sqlstore.Open(db, sqlstore.Options{Dialect: d, Prefix: prefix})
	if err != nil {
		t.Fatalf("Open(%s): %v", d, err)
	}
	f := &fixture{Backend: b, db: db, dialect: d, prefix: prefix}
	t.Cleanup(func() {
		b.Close()
		if err := dropTables(context.Background(), f); err != nil {
			t.Errorf("drop tables %s*: %v", prefix, err)
		}
	})
	return f
}

// randomPrefix returns a table prefix no other test or run uses.
func randomPrefix() string { return fmt.Sprintf("rel%08x_", rand.Uint32()) }

// tables lists the fixture's tables from the database catalogue, so that a
// table added by a later migration is scanned and dropped too.
func tables(ctx context.Context, f *fixture) ([]string, error) {
	q := map[sqlstore.Dialect]string{
		sqlstore.SQLite:   "SELECT name FROM sqlite_master WHERE type = 'table'",
		sqlstore.Postgres: "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()",
		sqlstore.MySQL:    "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()",
	}[f.dialect]
	rows, err := f.db.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		// LIKE would treat the prefix's '_' as a wildcard.
		if strings.HasPrefix(name, f.prefix) {
			out = append(out, name)
		}
	}
	return out, rows.Err()
}

// dropTables drops every table of the fixture.
func dropTables(ctx context.Context, f *fixture) error {
	names, err := tables(ctx, f)
	if err != nil {
		return err
	}
	for _, n := range names {
		if _, err := f.db.ExecContext(ctx, "DROP TABLE IF EXISTS "+n); err != nil {
			return err
		}
	}
	return nil
}

// rowsNaming scans every column of every row of every table of the
// fixture and returns "table: row" for each row in which some text or
// blob value contains needle.
func rowsNaming(ctx context.Context, f *fixture, needle string) ([]string, error) {
	names, err := tables(ctx, f)
	if err != nil {
		return nil, err
	}
	var hits []string
	for _, n := range names {
		h, err := scanTable(ctx, f.db, n, []byte(needle))
		if err != nil {
			return nil, fmt.Errorf("scan %s: %w", n, err)
		}
		hits = append(hits, h...)
	}
	return hits, nil
}

func scanTable(ctx context.Context, db *sql.DB, table string, needle []byte) ([]string, error) {
	rows, err := db.QueryContext(ctx, "SELECT * FROM "+table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var hits []string
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		if rowContains(vals, needle) {
			hits = append(hits, fmt.Sprintf("%s: %q", table, vals))
		}
	}
	return hits, rows.Err()
}

func rowContains(vals []any, needle []byte) bool {
	for _, v := range vals {
		switch v := v.(type) {
		case string:
			if strings.Contains(v, string(needle)) {
				return true
			}
		case []byte:
			if bytes.Contains(v, needle) {
				return true
			}
		}
	}
	return false
}

// tenant returns the store of a new tenant with a random id.
func tenant(t testing.TB, b store.Backend) (store.Store, string) {
	t.Helper()
	id := "t-" + touchpoint.NewID().String()
	s, err := b.Tenant(id)
	if err != nil {
		t.Fatalf("Tenant(%q) error = %v", id, err)
	}
	return s, id
}
