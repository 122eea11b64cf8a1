package sqlstore

import (
	"context"
	"database/sql"
	"io/fs"
	"time"

	"github.com/cemkit/cem/store"
)

// DropTables removes every table of the prefix: the tests' clean-up.
func DropTables(ctx context.Context, db *sql.DB, prefix string) error {
	for _, t := range tables {
		if _, err := db.ExecContext(ctx, "DROP TABLE IF EXISTS "+prefix+t); err != nil {
			return err
		}
	}
	return nil
}

// Tables lists the adapter's tables without their prefix.
var Tables = tables[:]

// DB returns the backend's database handle.
func DB(b *Backend) (*sql.DB, bool) { return b.db, b.db != nil }

// EventColumns are the events table's columns in the order FloorRows
// fills them.
const EventColumns = eventColumns

// FloorRows encodes touchpoints into rows of the events table exactly as
// Append does, for the benchmarks' raw floors.
func FloorRows(tenant string, b store.Batch) [][]any {
	rows := make([][]any, len(b.Touchpoints))
	for i, tp := range b.Touchpoints {
		e := event{kind: kindTouchpoint, tp: tp}
		rows[i] = e.args(tenant, tp.Time)
	}
	return rows
}

// AppendHeld appends b like st.Append but calls hold inside the write
// transaction, after the rows are written and before the commit, so that
// a test can run another call against the uncommitted append. hold may
// run more than once if the transaction is retried.
func AppendHeld(ctx context.Context, st store.Store, b store.Batch, hold func()) error {
	s := st.(*Store)
	evs, err := s.prepare(ctx, b)
	if err != nil {
		return err
	}
	return s.b.write(ctx, func(q querier) error {
		if err := s.appendTx(ctx, q, evs); err != nil {
			return err
		}
		hold()
		return nil
	})
}

// OpenWaiting opens a backend like Open, with ctx for the migrations and
// wait as the bound of every lock wait.
func OpenWaiting(ctx context.Context, db *sql.DB, opts Options, wait time.Duration) (*Backend, error) {
	b, err := newBackend(db, opts)
	if err != nil {
		return nil, err
	}
	b.lockWait, b.migrateWait = wait, wait
	if err := b.setUp(ctx); err != nil {
		return nil, err
	}
	return b, nil
}

// LockKey returns the advisory lock key of a customer of st (PostgreSQL)
// and the name of its MySQL named lock.
func LockKey(st store.Store, customerID string) (int64, string) {
	k := st.(*Store).lockKeys([]string{customerID})[0]
	return k, lockName(k)
}

// MigrationFS holds the embedded migrations.
var MigrationFS fs.FS = migrationFS

// OpenWithMigrations opens a backend like Open, with the migrations in
// fsys instead of the embedded ones.
func OpenWithMigrations(db *sql.DB, opts Options, fsys fs.FS) (*Backend, error) {
	b, err := newBackend(db, opts)
	if err != nil {
		return nil, err
	}
	b.migrations = fsys
	if err := b.setUp(context.Background()); err != nil {
		return nil, err
	}
	return b, nil
}

// ExactCounts reports whether the backend trusts affected-row counts to
// tell inserted rows from skipped ones.
func ExactCounts(b *Backend) bool { return b.exactCounts }
