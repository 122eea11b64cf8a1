package sqlstore_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// pgDriver is a minimal database/sql driver over a native pgx.Conn, for
// the tests only. Hosts use github.com/jackc/pgx/v5/stdlib; the tests
// cannot yet, because stdlib imports pgxpool, whose module
// (github.com/jackc/puddle/v2, and golang.org/x/sync) go.mod does not
// list. Once it does, pgDB can return sql.Open("pgx", dsn) and this file
// can go. The adapter itself needs nothing of pgx.
type pgDriver struct{}

func pgDB(dsn string) *sql.DB { return sql.OpenDB(pgConnector{dsn}) }

type pgConnector struct{ dsn string }

func (c pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := pgx.Connect(ctx, c.dsn)
	if err != nil {
		return nil, err
	}
	return &pgConn{conn}, nil
}

func (pgConnector) Driver() driver.Driver { return pgDriver{} }

func (pgDriver) Open(dsn string) (driver.Conn, error) {
	return pgConnector{dsn}.Connect(context.Background())
}

type pgConn struct{ c *pgx.Conn }

var (
	_ driver.ExecerContext      = (*pgConn)(nil)
	_ driver.QueryerContext     = (*pgConn)(nil)
	_ driver.ConnBeginTx        = (*pgConn)(nil)
	_ driver.NamedValueChecker  = (*pgConn)(nil)
	_ driver.Validator          = (*pgConn)(nil)
	_ driver.SessionResetter    = (*pgConn)(nil)
	_ driver.ConnPrepareContext = (*pgConn)(nil)
)

func (c *pgConn) Prepare(query string) (driver.Stmt, error) { return &pgStmt{c, query}, nil }

func (c *pgConn) PrepareContext(_ context.Context, query string) (driver.Stmt, error) {
	return &pgStmt{c, query}, nil
}

func (c *pgConn) Close() error { return c.c.Close(context.Background()) }

func (c *pgConn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

func (c *pgConn) BeginTx(ctx context.Context, _ driver.TxOptions) (driver.Tx, error) {
	tx, err := c.c.Begin(ctx)
	if err != nil {
		return nil, err
	}
	return pgTx{tx}, nil
}

// CheckNamedValue passes every argument to pgx untouched, so slices
// travel as PostgreSQL arrays.
func (c *pgConn) CheckNamedValue(*driver.NamedValue) error { return nil }

func (c *pgConn) IsValid() bool { return !c.c.IsClosed() }

func (c *pgConn) ResetSession(context.Context) error {
	if c.c.IsClosed() {
		return driver.ErrBadConn
	}
	return nil
}

func args(nv []driver.NamedValue) []any {
	out := make([]any, len(nv))
	for i, v := range nv {
		out[i] = v.Value
	}
	return out
}

func (c *pgConn) ExecContext(ctx context.Context, query string, nv []driver.NamedValue) (driver.Result, error) {
	tag, err := c.c.Exec(ctx, query, args(nv)...)
	if err != nil {
		return nil, err
	}
	return driver.RowsAffected(tag.RowsAffected()), nil
}

func (c *pgConn) QueryContext(ctx context.Context, query string, nv []driver.NamedValue) (driver.Rows, error) {
	rows, err := c.c.Query(ctx, query, args(nv)...)
	if err != nil {
		return nil, err
	}
	return &pgRows{rows: rows, m: c.c.TypeMap()}, nil
}

type pgTx struct{ tx pgx.Tx }

func (t pgTx) Commit() error   { return t.tx.Commit(context.Background()) }
func (t pgTx) Rollback() error { return t.tx.Rollback(context.Background()) }

type pgStmt struct {
	c     *pgConn
	query string
}

func (s *pgStmt) Close() error  { return nil }
func (s *pgStmt) NumInput() int { return -1 }

func (s *pgStmt) Exec(v []driver.Value) (driver.Result, error) {
	return s.ExecContext(context.Background(), named(v))
}

func (s *pgStmt) Query(v []driver.Value) (driver.Rows, error) {
	return s.QueryContext(context.Background(), named(v))
}

func (s *pgStmt) ExecContext(ctx context.Context, nv []driver.NamedValue) (driver.Result, error) {
	return s.c.ExecContext(ctx, s.query, nv)
}

func (s *pgStmt) QueryContext(ctx context.Context, nv []driver.NamedValue) (driver.Rows, error) {
	return s.c.QueryContext(ctx, s.query, nv)
}

func named(v []driver.Value) []driver.NamedValue {
	out := make([]driver.NamedValue, len(v))
	for i, x := range v {
		out[i] = driver.NamedValue{Ordinal: i + 1, Value: x}
	}
	return out
}

type pgRows struct {
	rows pgx.Rows
	m    *pgtype.Map
}

func (r *pgRows) Columns() []string {
	fds := r.rows.FieldDescriptions()
	out := make([]string, len(fds))
	for i, fd := range fds {
		out[i] = fd.Name
	}
	return out
}

func (r *pgRows) Close() error {
	r.rows.Close()
	return r.rows.Err()
}

// Next decodes each column into the database/sql value type that fits it;
// numerics and everything else come as text, which keeps amounts exact.
func (r *pgRows) Next(dest []driver.Value) error {
	if !r.rows.Next() {
		if err := r.rows.Err(); err != nil {
			return err
		}
		return io.EOF
	}
	fds := r.rows.FieldDescriptions()
	for i, raw := range r.rows.RawValues() {
		if raw == nil {
			dest[i] = nil
			continue
		}
		v, err := r.decode(fds[i].DataTypeOID, fds[i].Format, raw)
		if err != nil {
			return err
		}
		dest[i] = v
	}
	return nil
}

func (r *pgRows) decode(oid uint32, format int16, raw []byte) (driver.Value, error) {
	switch oid {
	case pgtype.Int2OID, pgtype.Int4OID, pgtype.Int8OID:
		var v int64
		return v, r.m.Scan(oid, format, raw, &v)
	case pgtype.Float4OID, pgtype.Float8OID:
		var v float64
		return v, r.m.Scan(oid, format, raw, &v)
	case pgtype.ByteaOID:
		var v []byte
		return v, r.m.Scan(oid, format, raw, &v)
	case pgtype.BoolOID:
		var v bool
		return v, r.m.Scan(oid, format, raw, &v)
	}
	var v string
	if err := r.m.Scan(oid, format, raw, &v); err != nil {
		return nil, errors.Join(errors.New("pgdriver: cannot read a column as text"), err)
	}
	return v, nil
}

// Conn exposes the native connection as stdlib.Conn does, so the adapter
// can COPY.
func (c *pgConn) Conn() *pgx.Conn { return c.c }
