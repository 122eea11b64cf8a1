package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/cemkit/cem/store/sqlstore"
)

// server describes a database server the tests reach through an
// environment variable.
type server struct {
	dialect sqlstore.Dialect
	env     string
	driver  string
	example string
}

var (
	postgres = server{sqlstore.Postgres, "CEM_POSTGRES_DSN", "pgx", "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"}
	mysql    = server{sqlstore.MySQL, "CEM_MYSQL_DSN", "mysql", "root@tcp(127.0.0.1:3306)/test"}
)

// db opens the server's database for the whole test, or skips the test
// when the variable is unset (fails under CI=true, where the server must
// be there).
func (s server) db(t testing.TB) *sql.DB {
	t.Helper()
	dsn := os.Getenv(s.env)
	if dsn == "" {
		msg := fmt.Sprintf("%s is not set; run with %s='%s' go test ./store/sqlstore/", s.env, s.env, s.example)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	db, err := s.open(dsn)
	if err != nil {
		t.Fatalf("open %s: %v", s.dialect, err)
	}
	if err := db.PingContext(context.Background()); err != nil {
		db.Close()
		t.Fatalf("cannot reach %s (%s): %v", s.dialect, s.env, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func (s server) open(dsn string) (*sql.DB, error) { return sql.Open(s.driver, dsn) }

// randomPrefix returns a table prefix no other test run uses.
func randomPrefix() string {
	return fmt.Sprintf("t%08x_", rand.Uint32())
}

// openOn opens a backend with a fresh prefix on db and drops its tables
// when t ends.
func openOn(t testing.TB, db *sql.DB, opts sqlstore.Options) *sqlstore.Backend {
	t.Helper()
	if opts.Prefix == "" {
		opts.Prefix = randomPrefix()
	}
	b, err := sqlstore.Open(db, opts)
	if err != nil {
		t.Fatalf("Open(%s, prefix %q): %v", opts.Dialect, opts.Prefix, err)
	}
	t.Cleanup(func() {
		b.Close()
		if err := sqlstore.DropTables(context.Background(), db, opts.Prefix); err != nil {
			t.Errorf("drop tables %q: %v", opts.Prefix, err)
		}
	})
	return b
}

// openSQLite opens a backend on a new SQLite file in t's temporary
// directory.
func openSQLite(t testing.TB, opts sqlstore.Options) *sqlstore.Backend {
	t.Helper()
	b, err := sqlstore.OpenSQLite(filepath.Join(t.TempDir(), "cem.db"), opts)
	if err != nil {
		t.Fatalf("OpenSQLite: %v", err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

// opener opens a fresh backend of one dialect.
type opener func(t testing.TB) *sqlstore.Backend

// dialects returns one opener per dialect, for tests that check the
// three alike. The server dialects share one *sql.DB per call, closed
// when t ends; an unset server variable skips (or under CI fails) t.
func dialects(t *testing.T) map[string]opener {
	t.Helper()
	out := map[string]opener{
		"sqlite": func(t testing.TB) *sqlstore.Backend { return openSQLite(t, sqlstore.Options{}) },
	}
	for _, s := range []server{postgres, mysql} {
		if os.Getenv(s.env) == "" && os.Getenv("CI") != "true" {
			t.Logf("%s is not set: skipping %s", s.env, s.dialect)
			continue
		}
		db := s.db(t)
		out[string(s.dialect)] = func(t testing.TB) *sqlstore.Backend {
			return openOn(t, db, sqlstore.Options{Dialect: s.dialect})
		}
	}
	return out
}
