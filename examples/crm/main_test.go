package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunSQLite(t *testing.T) {
	dsn := "file:" + filepath.Join(t.TempDir(), "crm.db") + "?_pragma=busy_timeout(10000)"
	first := runOK(t, "-dsn", dsn)
	for _, want := range []string{
		"imported 20 touchpoints, skipped 1 bad rows",
		`line 21, column 3 (Timestamp)`,
		"C-1002  Ben Krause",
		"C-1001  prospect → satisfied (Jan 05) → loyal (Feb 20) → advocate (Feb 25)",
		"C-1003  satisfied → first_time on 2026-01-24",
		"erased C-1005: 4 records removed",
		"store: not found",
		"host table crm_customers untouched by cem: 6 rows",
	} {
		if !strings.Contains(first, want) {
			t.Errorf("output lacks %q:\n%s", want, first)
		}
	}
	// Importing the same export again must not duplicate anything: the
	// events' IDs derive from the rows.
	second := runOK(t, "-dsn", dsn, "-erase", "")
	if !strings.Contains(second, "imported 20 touchpoints") || strings.Contains(second, "erased") {
		t.Errorf("second run:\n%s", second)
	}
}

// TestRunServers runs the example against the machine's PostgreSQL and
// MariaDB, each in its own table prefix and host table, dropped afterwards.
func TestRunServers(t *testing.T) {
	for _, s := range []struct{ driver, sqlDriver, env string }{
		{"postgres", "pgx", "CEM_POSTGRES_DSN"},
		{"mysql", "mysql", "CEM_MYSQL_DSN"},
	} {
		t.Run(s.driver, func(t *testing.T) {
			dsn := os.Getenv(s.env)
			if dsn == "" {
				if os.Getenv("CI") == "true" {
					t.Fatalf("%s is not set; CI must run the example against %s", s.env, s.driver)
				}
				t.Skipf("set %s to run the example against %s", s.env, s.driver)
			}
			suffix := fmt.Sprintf("%08x", rand.Uint32())
			prefix, host := "crmx"+suffix+"_", "crmx"+suffix+"_customers"
			db, err := sql.Open(s.sqlDriver, dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { dropPrefix(t, db, s.driver, "crmx"+suffix+"_"); db.Close() })
			out := runOK(t, "-driver", s.driver, "-dsn", dsn, "-prefix", prefix, "-host-table", host)
			if !strings.Contains(out, "erased C-1005: 4 records removed") {
				t.Errorf("output:\n%s", out)
			}
		})
	}
}

func dropPrefix(t *testing.T, db *sql.DB, driver, prefix string) {
	t.Helper()
	q := "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name LIKE '" + prefix + "%'"
	if driver == "mysql" {
		q = "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE '" + prefix + "%'"
	}
	rows, err := db.Query(q)
	if err != nil {
		t.Errorf("list tables: %v", err)
		return
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err == nil {
			names = append(names, n)
		}
	}
	rows.Close()
	for _, n := range names {
		if _, err := db.Exec("DROP TABLE " + n); err != nil {
			t.Errorf("drop %s: %v", n, err)
		}
	}
}

func runOK(t *testing.T, args ...string) string {
	t.Helper()
	var out bytes.Buffer
	if err := run(context.Background(), args, &out); err != nil {
		t.Fatalf("run(%q) = %v\n%s", args, err, out.String())
	}
	return out.String()
}

func TestRunRejects(t *testing.T) {
	for _, args := range [][]string{
		{"-driver", "oracle"},
		{"-driver", "postgres"},
		{"-host-table", "x; DROP TABLE y"},
		{"-dsn", "file:" + filepath.Join(t.TempDir(), "x.db"), "-prefix", "Bad-Prefix"},
	} {
		var out bytes.Buffer
		if err := run(context.Background(), args, &out); err == nil {
			t.Errorf("run(%q) succeeded, want an error", args)
		}
	}
}
