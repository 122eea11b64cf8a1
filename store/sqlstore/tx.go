package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"

	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/touchpoint"
)

// querier is what *sql.Tx, *sql.Conn and *sql.DB have in common: the
// adapter's statements run on any of them.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// write runs fn in one write transaction and commits it if fn returns nil.
//
// SQLite upgrades a deferred transaction's read lock to a write lock only
// if no other writer got there first, and fails with SQLITE_BUSY at once
// otherwise, whatever the busy timeout. Every write transaction of the
// adapter reads before it writes, so on SQLite it starts with BEGIN
// IMMEDIATE on a dedicated connection: the write lock is taken up front,
// and concurrent writers wait on the busy timeout instead of failing. This
// works with any DSN the host chose.
func (b *Backend) write(ctx context.Context, fn func(q querier) error) error {
	if b.dialect == SQLite {
		return b.writeSQLite(ctx, fn)
	}
	tx, err := b.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlstore: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlstore: commit: %w", err)
	}
	return nil
}

func (b *Backend) writeSQLite(ctx context.Context, fn func(q querier) error) error {
	conn, err := b.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sqlstore: connect: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return fmt.Errorf("sqlstore: begin: %w", err)
	}
	if err := fn(conn); err != nil {
		rollback(ctx, conn)
		return err
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		rollback(ctx, conn)
		return fmt.Errorf("sqlstore: commit: %w", err)
	}
	return nil
}

// rollback ends a transaction begun by hand. It runs even when ctx is
// done, and if it fails (SQLite may have rolled back already when a
// statement was interrupted) the connection is discarded rather than
// returned to the pool in an unknown state.
func rollback(ctx context.Context, conn *sql.Conn) {
	if _, err := conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK"); err != nil {
		_ = conn.Raw(func(any) error { return driver.ErrBadConn })
	}
}

// wrap adds the package name and the operation to a driver or context
// error, keeping it reachable with errors.Is and errors.As. The adapter's
// own errors (validation, conflict, not found, closed) pass through.
func wrap(op string, err error) error {
	var verr *touchpoint.ValidationError
	switch {
	case err == nil, errors.As(err, &verr), errors.Is(err, store.ErrConflict),
		errors.Is(err, store.ErrNotFound), errors.Is(err, store.ErrClosed):
		return err
	}
	return fmt.Errorf("sqlstore: %s: %w", op, err)
}
