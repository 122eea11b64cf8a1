package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"

	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/store/sqlstore"
	"github.com/cemkit/cem/store/storetest"
)

func FuzzAppend(f *testing.F) {
	b, err := sqlstore.OpenSQLite(filepath.Join(f.TempDir(), "fuzz.db"), sqlstore.Options{})
	if err != nil {
		f.Fatal(err)
	}
	storetest.FuzzAppend(f, b)
}

// FuzzPrefix checks that any prefix a host passes is either refused with
// a validation error, creating nothing, or names exactly the adapter's
// tables.
func FuzzPrefix(f *testing.F) {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(f.TempDir(), "prefix.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { db.Close() })
	for _, p := range []string{"cem_", "a", "x1_", "Cem_", "cem-", "1cem", "cem_; DROP TABLE t; --", "abcdefghijklmnopqrstuvwxyz012345"} {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, prefix string) {
		if prefix == "" {
			return // the default prefix
		}
		b, err := sqlstore.Open(db, sqlstore.Options{Prefix: prefix})
		if err != nil {
			if !errors.Is(err, store.ErrInvalid) {
				t.Fatalf("Open(prefix %q) error = %v, want a validation error", prefix, err)
			}
			if got := tableNames(t, db); len(got) != 0 {
				t.Fatalf("Open(prefix %q) failed but left tables %v", prefix, got)
			}
			return
		}
		defer sqlstore.DropTables(context.Background(), db, prefix)
		defer b.Close()
		for _, name := range tableNames(t, db) {
			if len(name) < len(prefix) || name[:len(prefix)] != prefix {
				t.Fatalf("Open(prefix %q) created table %q", prefix, name)
			}
		}
	})
}

// tableNames lists the tables of a SQLite database.
func tableNames(t testing.TB, db *sql.DB) []string {
	t.Helper()
	rows, err := db.Query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	return names
}
