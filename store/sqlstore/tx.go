package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"

	"github.com/go-sql-driver/mysql"

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

// write runs fn in one write transaction and commits it if fn returns
// nil. A transaction the database aborts as a deadlock victim or a
// serialisation failure is retried from the start, up to retries times;
// fn must be safe to run again.
//
// SQLite upgrades a deferred transaction's read lock to a write lock only
// if no other writer got there first, and fails with SQLITE_BUSY at once
// otherwise, whatever the busy timeout. Every write transaction of the
// adapter reads before it writes, so on SQLite it starts with BEGIN
// IMMEDIATE on a dedicated connection: the write lock is taken up front,
// and concurrent writers wait on the busy timeout instead of failing. This
// works with any DSN the host chose.
//
// PostgreSQL and MySQL run at READ COMMITTED, so that a statement that
// waited for another transaction's row sees that row once it is
// committed (MySQL's default REPEATABLE READ would keep showing the
// snapshot from before the wait).
func (b *Backend) write(ctx context.Context, fn func(q querier) error) error {
	var err error
	for range retries {
		switch b.dialect {
		case SQLite:
			err = b.writeSQLite(ctx, fn)
		default:
			err = b.writeServer(ctx, fn)
		}
		if !retryable(err) || ctx.Err() != nil {
			return err
		}
	}
	return err
}

// retries bounds how often a deadlocked transaction is tried.
const retries = 5

// writeServer runs a transaction on a connection of its own, so that
// MySQL's named locks, which belong to the session, can be released
// after it ends.
func (b *Backend) writeServer(ctx context.Context, fn func(q querier) error) error {
	conn, err := b.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close()
	if b.dialect == MySQL {
		defer func() {
			_, _ = conn.ExecContext(context.WithoutCancel(ctx), "DO RELEASE_ALL_LOCKS()")
		}()
	}
	tx, err := conn.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(connTx{tx, conn}); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// connTx is a transaction that also offers its connection, so that the
// PostgreSQL bulk path can reach the driver's native connection (COPY).
type connTx struct {
	*sql.Tx
	conn *sql.Conn
}

// retryable reports whether err says the database aborted the
// transaction to break a deadlock or a serialisation conflict.
func retryable(err error) bool {
	if err == nil {
		return false
	}
	var pg interface{ SQLState() string }
	if errors.As(err, &pg) {
		return pg.SQLState() == "40P01" || pg.SQLState() == "40001"
	}
	var my *mysql.MySQLError
	if errors.As(err, &my) {
		return my.Number == 1213 || my.Number == 3058
	}
	return false
}

func (b *Backend) writeSQLite(ctx context.Context, fn func(q querier) error) error {
	// Writers of this process queue here, which is cheaper than SQLite's
	// busy handler (it sleeps and polls); other processes still meet the
	// busy timeout.
	select {
	case b.writer <- struct{}{}:
		defer func() { <-b.writer }()
	case <-ctx.Done():
		return ctx.Err()
	}
	conn, err := b.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(conn); err != nil {
		rollback(ctx, conn)
		return err
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		rollback(ctx, conn)
		return fmt.Errorf("commit: %w", err)
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
