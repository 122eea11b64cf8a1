package sqlstore

import (
	"context"
	"fmt"
	"iter"
	"math"
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/touchpoint"
)

// page is how many customer ids Journeys reads per query. The ids are
// read into memory before any journey is loaded, so no result set stays
// open while the caller's loop body runs (it may write to the store, even
// over a single-connection pool).
const page = 256

// Journey implements [store.Reader] with one indexed range scan over the
// customer's events. Errors: [store.ErrNotFound] when the customer has no
// event in w, [store.ErrClosed], the context's error, a wrapped driver
// error.
func (s *Store) Journey(ctx context.Context, customerID string, w store.Window) (*journey.Journey, error) {
	if err := s.usable(ctx); err != nil {
		return nil, err
	}
	j, err := s.load(ctx, customerID, w)
	if err != nil {
		return nil, wrap("journey", err)
	}
	if j == nil {
		return nil, fmt.Errorf("sqlstore: customer %q: %w", customerID, store.ErrNotFound)
	}
	return j, nil
}

// load returns the customer's journey in w, or nil if it has no event
// there. Recoveries are in the window when their failure is, which the
// window_ns column records.
func (s *Store) load(ctx context.Context, customerID string, w store.Window) (*journey.Journey, error) {
	where, args := windowSQL(w, []any{s.tenant, customerID})
	rows, err := s.b.db.QueryContext(ctx, s.q("SELECT "+readColumns+" FROM {events} WHERE tenant = ? AND customer_id = ?"+where+
		" ORDER BY kind, time_ns, id"), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var (
		tps []touchpoint.Touchpoint
		fs  []journey.Failure
		rs  []journey.Recovery
		sc  scanner
	)
	for rows.Next() {
		e, err := sc.scan(rows)
		if err != nil {
			return nil, err
		}
		switch e.kind {
		case kindTouchpoint:
			tps = append(tps, e.tp)
		case kindFailure:
			fs = append(fs, *e.f)
		default:
			rs = append(rs, *e.r)
		}
	}
	if err := closeRows(rows); err != nil || len(tps)+len(fs)+len(rs) == 0 {
		return nil, err
	}
	// The events were validated when they were appended; Assemble keeps
	// the journey's structural rules without validating every field again.
	j, err := journey.Assemble(customerID, s.b.read, tps, fs, rs)
	if err != nil {
		return nil, fmt.Errorf("stored journey of %q: %w", customerID, err)
	}
	return j, nil
}

// unixNanos returns t as Unix nanoseconds, clamped to the int64 range:
// time.Time.UnixNano wraps around for times before 1678 or after 2262,
// which a query bound (a window's end in the year 3000, say) may be even
// though no stored time is.
func unixNanos(t time.Time) int64 {
	switch {
	case t.Before(time.Unix(0, math.MinInt64)):
		return math.MinInt64
	case t.After(time.Unix(0, math.MaxInt64)):
		return math.MaxInt64
	}
	return t.UnixNano()
}

// windowSQL returns the conditions restricting window_ns to w and the
// arguments extended with their values.
func windowSQL(w store.Window, args []any) (string, []any) {
	where := ""
	if !w.From.IsZero() {
		where += " AND window_ns >= ?"
		args = append(args, unixNanos(w.From))
	}
	if !w.To.IsZero() {
		where += " AND window_ns < ?"
		args = append(args, unixNanos(w.To))
	}
	return where, args
}

// Journeys implements [store.Reader]. It pages through the customer ids
// that q selects, in byte-wise ascending order (the schema's collation),
// one grouped query per 256 ids, and loads each journey on its own. A
// customer merged away or erased between the two steps is skipped.
func (s *Store) Journeys(ctx context.Context, q store.Query) iter.Seq2[*journey.Journey, error] {
	return func(yield func(*journey.Journey, error) bool) {
		after, left := q.After, q.Limit
		for {
			if err := s.usable(ctx); err != nil {
				yield(nil, err)
				return
			}
			ids, err := s.customerPage(ctx, q, after)
			if err != nil {
				yield(nil, wrap("journeys", err))
				return
			}
			for _, id := range ids {
				if err := s.usable(ctx); err != nil {
					yield(nil, err)
					return
				}
				j, err := s.load(ctx, id, q.Window)
				if err != nil {
					yield(nil, wrap("journeys", err))
					return
				}
				if j == nil {
					continue
				}
				if !yield(j, nil) {
					return
				}
				if left--; left == 0 {
					return
				}
			}
			if len(ids) < page {
				return
			}
			after = ids[len(ids)-1]
		}
	}
}

// customerPage returns up to page ids after after that q selects.
// Touchpoints and failures make a customer present in the window; the
// filters are conditions on the group of one customer's events.
func (s *Store) customerPage(ctx context.Context, q store.Query, after string) ([]string, error) {
	where, args := windowSQL(q.Window, []any{s.tenant, after})
	having := ""
	if len(q.Channels) > 0 {
		having += " AND SUM(CASE WHEN kind = 0 AND channel IN (" + placeholders(len(q.Channels)) + ") THEN 1 ELSE 0 END) > 0"
		for _, c := range q.Channels {
			args = append(args, string(c))
		}
	}
	if len(q.Stages) > 0 {
		having += " AND SUM(CASE WHEN kind = 0 AND stage IN (" + placeholders(len(q.Stages)) + ") THEN 1 ELSE 0 END) > 0"
		for _, st := range q.Stages {
			args = append(args, string(st))
		}
	}
	if q.HasFailures {
		having += " AND SUM(CASE WHEN kind = 1 THEN 1 ELSE 0 END) > 0"
	}
	query := "SELECT customer_id FROM {events} WHERE tenant = ? AND customer_id > ? AND kind < 2" + where +
		" GROUP BY customer_id HAVING COUNT(*) > 0" + having + " ORDER BY customer_id LIMIT " + fmt.Sprint(page)
	rows, err := s.b.db.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return nil, err
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, closeRows(rows)
}
