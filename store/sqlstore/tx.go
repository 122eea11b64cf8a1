package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"

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
		case Postgres:
			err = b.writePostgres(ctx, fn)
		default:
			err = b.writeMySQL(ctx, fn)
		}
		if !retryable(err) || ctx.Err() != nil {
			return err
		}
	}
	return err
}

// retries bounds how often a deadlocked transaction is tried.
const retries = 5

// writeMySQL runs a transaction on a connection of its own, so that
// MySQL's named locks, which belong to the session, can be released
// after it ends.
func (b *Backend) writeMySQL(ctx context.Context, fn func(q querier) error) error {
	conn, err := b.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close()
	defer func() {
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), "DO RELEASE_ALL_LOCKS()")
	}()
	tx, err := conn.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// writePostgres runs a transaction on a connection of its own, begun by
// hand (as on SQLite) so that its BEGIN can travel with the first
// statement: see pgTx.
func (b *Backend) writePostgres(ctx context.Context, fn func(q querier) error) error {
	conn, err := b.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close()
	tx := &pgTx{conn: conn}
	err = fn(tx)
	if tx.err != nil {
		// BEGIN failed under QueryRowContext; what fn saw was only the
		// cancelled context that stood in for it.
		err = tx.err
	}
	if err != nil {
		if tx.begun {
			rollback(ctx, conn)
		}
		return err
	}
	if !tx.begun {
		return nil
	}
	return tx.commit(ctx)
}

// pgBegin starts a PostgreSQL write transaction.
const pgBegin = "BEGIN ISOLATION LEVEL READ COMMITTED"

// pgTx is a PostgreSQL transaction on conn whose BEGIN is deferred: the
// statements of the querier interface send it first, in a round trip of
// its own, but the append path puts it at the head of its first pipeline
// (see lockResolvePgx), which saves that round trip. The connection is
// also what the bulk path reaches pgx's native connection through (COPY).
type pgTx struct {
	conn  *sql.Conn
	begun bool
	// err is a failed BEGIN that QueryRowContext, which cannot return it,
	// leaves for writePostgres.
	err error
}

func (t *pgTx) begin(ctx context.Context) error {
	if t.begun {
		return nil
	}
	t.begun = true
	if _, err := t.conn.ExecContext(ctx, pgBegin); err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	return nil
}

func (t *pgTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if err := t.begin(ctx); err != nil {
		return nil, err
	}
	return t.conn.ExecContext(ctx, query, args...)
}

func (t *pgTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if err := t.begin(ctx); err != nil {
		return nil, err
	}
	return t.conn.QueryContext(ctx, query, args...)
}

// QueryRowContext runs the query in the transaction. If BEGIN fails it
// runs nothing: the row reports a cancelled context, and the transaction
// fails with BEGIN's error.
func (t *pgTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if err := t.begin(ctx); err != nil {
		t.err = err
		failed, cancel := context.WithCancelCause(ctx)
		cancel(err)
		ctx = failed
	}
	return t.conn.QueryRowContext(ctx, query, args...)
}

func (t *pgTx) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	if err := t.begin(ctx); err != nil {
		return nil, err
	}
	return t.conn.PrepareContext(ctx, query)
}

// commit ends the transaction. PostgreSQL answers the COMMIT of a failed
// transaction with a rollback rather than an error, so the command tag is
// checked, which needs pgx's own connection; other drivers commit through
// database/sql.
func (t *pgTx) commit(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		rollback(ctx, t.conn)
		return fmt.Errorf("commit: %w", err)
	}
	// Once sent, COMMIT runs to its end: a deadline that expired while it
	// ran would report an error for a batch that was stored.
	ctx = context.WithoutCancel(ctx)
	var tag string
	native := false
	err := t.conn.Raw(func(dc any) error {
		pc, ok := dc.(interface{ Conn() *pgx.Conn })
		if !ok {
			return nil
		}
		native = true
		ct, err := pc.Conn().Exec(ctx, "COMMIT")
		tag = ct.String()
		return err
	})
	if err == nil && !native {
		_, err = t.conn.ExecContext(ctx, "COMMIT")
	}
	if err == nil && tag == "ROLLBACK" {
		err = errors.New("the transaction was rolled back")
	}
	if err != nil {
		rollback(ctx, t.conn)
		return fmt.Errorf("commit: %w", err)
	}
	return nil
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
	err = fn(conn)
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		rollback(ctx, conn)
		return err
	}
	// Once sent, COMMIT runs to its end (see pgTx.commit).
	if _, err := conn.ExecContext(context.WithoutCancel(ctx), "COMMIT"); err != nil {
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
