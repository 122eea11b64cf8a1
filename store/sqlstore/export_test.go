package sqlstore

import (
	"context"
	"database/sql"
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
