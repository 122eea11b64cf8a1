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
