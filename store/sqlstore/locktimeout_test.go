package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/store/sqlstore"
	"github.com/cemkit/cem/touchpoint"
)

// holdLock runs query (which takes a lock) on a connection of its own and
// keeps the connection, and so the lock, until t ends.
func holdLock(t *testing.T, db *sql.DB, query string, arg any) {
	t.Helper()
	conn, err := db.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if _, err := conn.ExecContext(t.Context(), query, arg); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// TestCustomerLockTimeout checks that an Append that cannot get its
// customer's lock in time fails with an error matching ErrLockTimeout and
// stores nothing: on MySQL after the backend's lock wait, on PostgreSQL
// after the lock_timeout the host set in its DSN.
func TestCustomerLockTimeout(t *testing.T) {
	t.Parallel()
	t.Run("postgres", func(t *testing.T) {
		held := postgres.db(t)
		dsn := os.Getenv(postgres.env)
		sep := "?"
		if strings.Contains(dsn, "?") {
			sep = "&"
		}
		db, err := postgres.open(dsn + sep + "lock_timeout=300")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		s := tenantOf(t, openOn(t, db, sqlstore.Options{Dialect: sqlstore.Postgres}), "shop")
		key, _ := sqlstore.LockKey(s, "ada")
		holdLock(t, held, "SELECT pg_advisory_lock($1)", key)
		checkLockTimeout(t, s)
	})
	t.Run("mysql", func(t *testing.T) {
		db := mysql.db(t)
		b := openWaiting(t, db, time.Second)
		s := tenantOf(t, b, "shop")
		_, name := sqlstore.LockKey(s, "ada")
		holdLock(t, db, "DO GET_LOCK(?, 0)", name)
		checkLockTimeout(t, s)
	})
}

func checkLockTimeout(t *testing.T, s store.Store) {
	t.Helper()
	err := s.Append(t.Context(), store.Batch{Touchpoints: []touchpoint.Touchpoint{visit("ada", 1)}})
	if !errors.Is(err, sqlstore.ErrLockTimeout) {
		t.Fatalf("Append() with ada's lock held elsewhere: error = %v, want ErrLockTimeout", err)
	}
	if _, err := s.Journey(t.Context(), "ada", store.Window{}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Journey(ada) after the timed-out Append: error = %v, want ErrNotFound", err)
	}
}

// TestMySQLMigrationLock checks the errors of Open while another Open
// holds the migration lock: ErrLockTimeout when the wait runs out, the
// context's error (reachable with errors.Is) when the context ends first.
func TestMySQLMigrationLock(t *testing.T) {
	t.Parallel()
	db := mysql.db(t)
	prefix := randomPrefix()
	t.Cleanup(func() { sqlstore.DropTables(context.Background(), db, prefix) })
	holdLock(t, db, "DO GET_LOCK(?, 0)", prefix+"migrations")
	opts := sqlstore.Options{Dialect: sqlstore.MySQL, Prefix: prefix}
	if _, err := sqlstore.OpenWaiting(t.Context(), db, opts, time.Second); !errors.Is(err, sqlstore.ErrLockTimeout) {
		t.Errorf("Open() with the migration lock held: error = %v, want ErrLockTimeout", err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	if _, err := sqlstore.OpenWaiting(ctx, db, opts, time.Minute); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Open() with the migration lock held and a 300 ms context: error = %v, want context.DeadlineExceeded", err)
	}
}

// openWaiting opens a MySQL backend with a fresh prefix whose lock waits
// last wait, and drops its tables when t ends.
func openWaiting(t *testing.T, db *sql.DB, wait time.Duration) *sqlstore.Backend {
	t.Helper()
	opts := sqlstore.Options{Dialect: sqlstore.MySQL, Prefix: randomPrefix()}
	b, err := sqlstore.OpenWaiting(t.Context(), db, opts, wait)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		b.Close()
		sqlstore.DropTables(context.Background(), db, opts.Prefix)
	})
	return b
}
