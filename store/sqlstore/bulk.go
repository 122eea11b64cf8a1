package sqlstore

import (
	"context"
	"time"
)

// insertEvents inserts the rows with the dialect's fast path, skipping
// IDs already taken, and returns how many rows it inserted.
func (s *Store) insertEvents(ctx context.Context, q querier, evs []event, windows []time.Time) (int64, error) {
	switch s.b.dialect {
	case Postgres:
		return s.insertUnnest(ctx, q, evs, windows)
	case MySQL:
		return s.insertMultiRow(ctx, q, evs, windows)
	}
	return s.insertPrepared(ctx, q, evs, windows)
}

func (s *Store) insertSQL(rows int) string {
	row := "(" + placeholders(numEventColumns) + ")"
	values := row
	for range rows - 1 {
		values += ", " + row
	}
	return s.q("INSERT INTO {events} (" + eventColumns + ") VALUES " + values + s.b.dialect.ignoreDuplicates("tenant, id"))
}

// insertPrepared runs one prepared single-row INSERT per event, SQLite's
// fastest path: inside one transaction each row costs a B-tree insert and
// no parsing.
func (s *Store) insertPrepared(ctx context.Context, q querier, evs []event, windows []time.Time) (int64, error) {
	stmt, err := q.PrepareContext(ctx, s.insertSQL(1))
	if err != nil {
		return 0, err
	}
	defer stmt.Close()
	var n int64
	for i, e := range evs {
		res, err := stmt.ExecContext(ctx, e.args(s.tenant, windows[i])...)
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

// insertMultiRow sends the events as multi-row INSERTs of up to
// [multiRows] rows, MySQL's fastest path short of LOAD DATA (which needs
// server and client settings a host may not allow).
func (s *Store) insertMultiRow(ctx context.Context, q querier, evs []event, windows []time.Time) (int64, error) {
	var n int64
	for start := 0; start < len(evs); start += multiRows {
		end := min(start+multiRows, len(evs))
		args := make([]any, 0, (end-start)*numEventColumns)
		for i := start; i < end; i++ {
			args = append(args, evs[i].args(s.tenant, windows[i])...)
		}
		res, err := q.ExecContext(ctx, s.insertSQL(end-start), args...)
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

// multiRows is the number of rows per multi-row INSERT: 26 columns × 500
// rows stays below MySQL's 65,535 placeholders per statement.
const multiRows = 500
