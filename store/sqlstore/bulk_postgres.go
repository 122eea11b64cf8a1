package sqlstore

import (
	"context"
	"strconv"
	"strings"
	"time"
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

// insertUnnest is PostgreSQL's bulk path through database/sql: one
// parameter per column, an array holding that column of every row, and a
// single INSERT ... SELECT FROM unnest(...) per [unnestRows] rows. It
// needs no staging table and skips taken IDs in the same statement.
func (s *Store) insertUnnest(ctx context.Context, q querier, evs []event, windows []time.Time) (int64, error) {
	var n int64
	query := s.unnestSQL()
	for start := 0; start < len(evs); start += unnestRows {
		end := min(start+unnestRows, len(evs))
		cols := newColumns(end - start)
		for i := start; i < end; i++ {
			cols.add(evs[i].args(s.tenant, windows[i])[1:])
		}
		res, err := q.ExecContext(ctx, query, append([]any{s.tenant}, cols...)...)
		if err != nil {
			return 0, err
		}
		k, err := res.RowsAffected()
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
