package sqlstore_test

import (
	"context"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/store/sqlstore"
)

// TestPostgresCopyOnOneSession appends through PostgreSQL's COPY path,
// re-sends included (COPY meets taken IDs and the adapter falls back),
// with every backend on one *sql.DB of a single connection, so that all
// of them share one session: two prefixes in turn, then the first prefix
// again after its tables were dropped and re-created with the columns in
// another order, as a later schema could have them. Nothing the session
// kept from one backend's appends may misdirect another's.
func TestPostgresCopyOnOneSession(t *testing.T) {
	t.Parallel()
	db := postgres.db(t)
	db.SetMaxOpenConns(1)
	first, second := randomPrefix(), randomPrefix()
	t.Cleanup(func() {
		for _, p := range []string{first, second} {
			sqlstore.DropTables(context.Background(), db, p)
		}
	})
	resend := func(b *sqlstore.Backend, customer string) {
		t.Helper()
		s := tenantOf(t, b, "shop")
		batch := bulkBatch(customer, 300)
		for range 2 {
			if err := s.Append(t.Context(), batch); err != nil {
				t.Fatalf("prefix %s: Append(300) error = %v", b.Prefix(), err)
			}
		}
		j, err := s.Journey(t.Context(), customer, store.Window{})
		if err != nil || j.Len() != 300 {
			t.Fatalf("prefix %s: Journey(%s) = %d touchpoints, error %v; want 300", b.Prefix(), customer, journeyLen(j), err)
		}
	}
	a, err := sqlstore.Open(db, sqlstore.Options{Dialect: sqlstore.Postgres, Prefix: first})
	if err != nil {
		t.Fatal(err)
	}
	b, err := sqlstore.Open(db, sqlstore.Options{Dialect: sqlstore.Postgres, Prefix: second})
	if err != nil {
		t.Fatal(err)
	}
	resend(a, "ada")
	resend(b, "bob")
	resend(a, "cy")
	if err := sqlstore.DropTables(t.Context(), db, first); err != nil {
		t.Fatal(err)
	}
	reordered, err := sqlstore.OpenWithMigrations(db, sqlstore.Options{Dialect: sqlstore.Postgres, Prefix: first}, noteFirst(t))
	if err != nil {
		t.Fatal(err)
	}
	resend(reordered, "dee")
}

// noteFirst returns the PostgreSQL migrations with the events table's
// note column moved to the front.
func noteFirst(t *testing.T) fs.FS {
	t.Helper()
	const file = "migrations/postgres/001_init.sql"
	data, err := fs.ReadFile(sqlstore.MigrationFS, file)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	const note, create = "\tnote         TEXT     NOT NULL DEFAULT '',\n", "CREATE TABLE {prefix}events (\n"
	if !strings.Contains(text, note) || !strings.Contains(text, create) {
		t.Fatalf("%s has changed: update noteFirst", file)
	}
	text = strings.Replace(strings.Replace(text, note, "", 1), create, create+note, 1)
	return fstest.MapFS{file: {Data: []byte(text)}}
}

func journeyLen(j *journey.Journey) int {
	if j == nil {
		return -1
	}
	return j.Len()
}
