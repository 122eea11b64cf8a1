package sqlstore_test

import (
	"context"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/shopspring/decimal"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/store/sqlstore"
	"github.com/cemkit/cem/touchpoint"
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

// TestBulkKeepsAmounts appends a batch big enough for each dialect's bulk
// path (COPY on PostgreSQL) with amounts of every shape validation allows
// and reads them back equal.
func TestBulkKeepsAmounts(t *testing.T) {
	t.Parallel()
	amounts := []string{"0", "19.99", "-12.5", "0.00000001", "-0.00000001", "1000", "1e3", "123456789012345.12345678",
		"-999999999999999.99999999", "7.10"}
	for name, open := range dialects(t) {
		t.Run(name, func(t *testing.T) {
			s := tenantOf(t, open(t), "shop")
			batch := bulkBatch("ada", 300)
			for i := range batch.Touchpoints {
				batch.Touchpoints[i].Value = touchpoint.Money{Amount: decimal.RequireFromString(amounts[i%len(amounts)]), Currency: "EUR"}
			}
			if err := s.Append(t.Context(), batch); err != nil {
				t.Fatal(err)
			}
			j, err := s.Journey(t.Context(), "ada", store.Window{})
			if err != nil {
				t.Fatal(err)
			}
			got := j.Touchpoints()
			if len(got) != len(batch.Touchpoints) {
				t.Fatalf("Journey() has %d touchpoints, want %d", len(got), len(batch.Touchpoints))
			}
			for i, tp := range got {
				if want := batch.Touchpoints[i].Value; !tp.Value.Equal(want) {
					t.Errorf("touchpoint %d: amount read back %s %s, want %s %s", i, tp.Value.Amount, tp.Value.Currency, want.Amount, want.Currency)
				}
			}
		})
	}
}

// TestAppendInvisibleUntilCommit holds appends open just before their
// commit and counts their rows from another connection: none may be
// visible yet, for a small batch (PostgreSQL: unnest) and a big one
// (COPY), which on PostgreSQL checks that the BEGIN sent along with the
// first statements really opened the transaction.
func TestAppendInvisibleUntilCommit(t *testing.T) {
	t.Parallel()
	for name, open := range dialects(t) {
		t.Run(name, func(t *testing.T) {
			b := open(t)
			s := tenantOf(t, b, "shop")
			for _, n := range []int{3, 300} {
				customer := fmt.Sprint("c", n)
				seen := -1
				hold := func() {
					if seen >= 0 {
						return
					}
					q := "SELECT COUNT(*) FROM " + b.Prefix() + "events WHERE customer_id = '" + customer + "'"
					if err := rawDB(t, b).QueryRowContext(t.Context(), q).Scan(&seen); err != nil {
						t.Error(err)
					}
				}
				if err := sqlstore.AppendHeld(t.Context(), s, bulkBatch(customer, n), hold); err != nil {
					t.Fatalf("Append(%d) error = %v", n, err)
				}
				if seen > 0 {
					t.Errorf("%d of %d rows visible to another connection before the commit", seen, n)
				}
				if got := countTouchpoints(t, s); got == 0 {
					t.Errorf("no rows after the commit")
				}
			}
		})
	}
}
