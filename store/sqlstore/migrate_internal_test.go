package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// TestMigrateAppliesOnlyNewSteps opens a SQLite database at schema 001,
// then migrates with a 002 that works and a 003 that fails half-way: 002
// is applied and recorded once, 003 leaves neither its first table nor a
// record behind, and the next attempt starts again at 003.
func TestMigrateAppliesOnlyNewSteps(t *testing.T) {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	first, err := Open(db, Options{Prefix: "m_"})
	if err != nil {
		t.Fatal(err)
	}
	v1, _ := migrationFS.ReadFile("migrations/sqlite/001_init.sql")
	fsys := fstest.MapFS{
		"migrations/sqlite/001_init.sql":  {Data: v1},
		"migrations/sqlite/002_notes.sql": {Data: []byte("-- a second step\nCREATE TABLE {prefix}notes (id INTEGER PRIMARY KEY);\n")},
		"migrations/sqlite/003_bad.sql":   {Data: []byte("CREATE TABLE {prefix}half (id INTEGER);\nCREATE TABLE {prefix}half (id INTEGER);\n")},
	}
	first.migrations = fsys
	if err := first.migrate(ctx); err == nil {
		t.Fatal("migrate() with a failing 003 succeeded")
	}
	if err := first.migrate(ctx); err == nil {
		t.Fatal("second migrate() with a failing 003 succeeded")
	}
	if diff := cmp.Diff([]string{"001:init", "002:notes"}, recorded(t, db, "m_")); diff != "" {
		t.Errorf("recorded migrations mismatch (-want +got):\n%s", diff)
	}
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM sqlite_master WHERE name = 'm_half'").Scan(&n); err != nil || n != 0 {
		t.Errorf("failed migration left table m_half (count %d, %v)", n, err)
	}
	if err := db.QueryRow("SELECT COUNT(*) FROM m_notes").Scan(&n); err != nil {
		t.Errorf("migration 002 did not create m_notes: %v", err)
	}
}

func recorded(t *testing.T, db *sql.DB, prefix string) []string {
	t.Helper()
	rows, err := db.Query("SELECT version, name FROM " + prefix + "migrations ORDER BY version")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v int
		var name string
		if err := rows.Scan(&v, &name); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%03d:%s", v, name))
	}
	return out
}
