package sqlstore

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
)

// pgColumnTypes are the array types the unnest insert binds, one per
// readColumns entry. Integers travel as int8 and are narrowed by the
// INSERT; amounts travel as exact text and are cast to numeric.
var pgColumnTypes = [...]string{
	"bytea", "int8", "text", "int8", "int8", "text", "text", "int8",
	"float8", "float8", "float8", "float8", "text", "text", "int8", "int8",
	"text", "text", "int8", "bytea", "text", "int8", "int8", "int8", "int8",
}

// unnestRows is the number of rows per unnest INSERT, so that one huge
// batch does not build one huge set of arrays.
const unnestRows = 5000

// copyThreshold is the batch size from which PostgreSQL appends go
// through COPY; below it one unnest INSERT is cheaper than the extra round
// trips.
const copyThreshold = 256

// copySavepoint is the savepoint a COPY rolls back to when it meets a
// taken ID.
const copySavepoint = "cem_copy"

// insertPostgres inserts with COPY when the driver exposes its pgx
// connection (github.com/jackc/pgx/v5/stdlib does) and the batch was big
// enough for resolveEvents to set the savepoint, and with unnest
// otherwise or when COPY met a taken ID.
func (s *Store) insertPostgres(ctx context.Context, q querier, evs []event, windows []time.Time, savepoint bool) (int64, error) {
	ct, ok := q.(*pgTx)
	if !ok || !savepoint {
		return s.insertUnnest(ctx, q, evs, windows)
	}
	n := int64(-1)
	err := ct.conn.Raw(func(dc any) error {
		pc, ok := dc.(interface{ Conn() *pgx.Conn })
		if !ok {
			return nil
		}
		var err error
		n, err = s.insertCopy(ctx, pc.Conn(), evs, windows)
		return err
	})
	if err != nil || n >= 0 {
		return n, err
	}
	return s.insertUnnest(ctx, q, evs, windows)
}

// insertCopy is PostgreSQL's fastest bulk path. It COPYs (binary)
// straight into the events table under the savepoint resolveEvents set
// (which costs no round trip of its own): a batch of new events,
// the common case, then costs what a raw COPY costs. If an ID is taken
// COPY fails with a unique violation; the adapter rolls back to the
// savepoint and inserts the batch again with the unnest INSERT, which
// skips taken IDs. (An earlier version COPYed into a session-local
// staging table instead; a pooled session kept that table, shaped like
// the events table when it was created, across later schema changes.)
//
// It returns -1 and no error when the caller must fall back to unnest.
func (s *Store) insertCopy(ctx context.Context, c *pgx.Conn, evs []event, windows []time.Time) (int64, error) {
	cols := insertColumns(s.b.dialect, evs)
	names := strings.Split(eventColumns, ", ")[:cols]
	n, err := c.CopyFrom(ctx, pgx.Identifier{s.b.table("events")}, names, newCopySource(s.tenant, evs, windows, cols))
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "23505" {
		return n, err
	}
	if _, err := c.Exec(ctx, "ROLLBACK TO SAVEPOINT "+copySavepoint); err != nil {
		return 0, err
	}
	return -1, nil
}

// copySource is the [pgx.CopyFromSource] of the events: it fills one
// reused row of values per event, which pgx encodes before it asks for the
// next, so no batch-sized [][]any is built. Amounts go as pgtype.Numeric
// built from the decimal's coefficient and exponent, exact without a
// round trip through text.
type copySource struct {
	tenant  string
	evs     []event
	windows []time.Time
	next    int
	row     []any
}

// newCopySource returns the source of the first cols columns of the
// events' rows.
func newCopySource(tenant string, evs []event, windows []time.Time, cols int) *copySource {
	return &copySource{tenant: tenant, evs: evs, windows: windows, row: make([]any, cols)}
}

func (c *copySource) Next() bool {
	c.next++
	return c.next <= len(c.evs)
}

func (c *copySource) Values() ([]any, error) {
	i := c.next - 1
	e := &c.evs[i]
	clear(c.row)
	e.fill(c.row, c.tenant, c.windows[i])
	if c.row[amountColumn] != nil {
		d := e.amount().Amount
		c.row[amountColumn] = pgtype.Numeric{Int: d.Coefficient(), Exp: d.Exponent(), Valid: true}
	}
	return c.row, nil
}

func (c *copySource) Err() error { return nil }

// insertUnnest is PostgreSQL's bulk path through database/sql: one
// parameter per column, an array holding that column of every row, and a
// single INSERT ... SELECT FROM unnest(...) per unnestRows rows, which
// skips taken IDs in the same statement.
func (s *Store) insertUnnest(ctx context.Context, q querier, evs []event, windows []time.Time) (int64, error) {
	var n int64
	query := s.unnestSQL()
	for start := 0; start < len(evs); start += unnestRows {
		end := min(start+unnestRows, len(evs))
		cols := newColumns(end - start)
		for i := start; i < end; i++ {
			cols.add(evs[i].args(s.tenant, windows[i])[1:])
		}
		k, err := affected(q.ExecContext(ctx, query, append([]any{s.tenant}, cols...)...))
		if err != nil {
			return 0, err
		}
		n += k
	}
	return n, nil
}

func (s *Store) unnestSQL() string {
	names := strings.Split(readColumns, ", ")
	sel := make([]string, len(names))
	arrays := make([]string, len(names))
	for i, name := range names {
		sel[i] = "u." + name
		if name == "amount" {
			sel[i] = "u.amount::numeric"
		}
		arrays[i] = "$" + strconv.Itoa(i+2) + "::" + pgColumnTypes[i] + "[]"
	}
	return "INSERT INTO " + s.b.table("events") + " (" + eventColumns + ") SELECT $1, " + strings.Join(sel, ", ") +
		" FROM unnest(" + strings.Join(arrays, ", ") + ") AS u(" + readColumns + ")" +
		" ON CONFLICT (tenant, id) DO NOTHING"
}

// columns transposes rows into one typed slice per column, the form pgx
// encodes as an array; nil entries become SQL NULLs.
type columns []any

func newColumns(n int) columns {
	c := make(columns, len(pgColumnTypes))
	for i, t := range pgColumnTypes {
		switch t {
		case "bytea":
			c[i] = make([][]byte, 0, n)
		case "int8":
			c[i] = make([]*int64, 0, n)
		case "text":
			c[i] = make([]*string, 0, n)
		default:
			c[i] = make([]*float64, 0, n)
		}
	}
	return c
}

func (c columns) add(row []any) {
	for i, v := range row {
		switch col := c[i].(type) {
		case [][]byte:
			b, _ := v.([]byte)
			c[i] = append(col, b)
		case []*int64:
			c[i] = append(col, ptr[int64](v))
		case []*string:
			c[i] = append(col, ptr[string](v))
		case []*float64:
			c[i] = append(col, ptr[float64](v))
		}
	}
}

func ptr[T any](v any) *T {
	if t, ok := v.(T); ok {
		return &t
	}
	return nil
}
