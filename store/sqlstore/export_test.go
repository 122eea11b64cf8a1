package sqlstore

import (
	"context"
	"database/sql"

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
		rows[i] = event{kind: kindTouchpoint, tp: tp}.args(tenant, tp.Time)
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
