package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"strings"
	"time"

	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/touchpoint"
)

// PutSnapshots implements [store.Snapshots]: in one write transaction it
// inserts each snapshot unless its key (customer, name, time) is taken,
// and compares the taken ones with what is stored. A snapshot for a
// customer that was merged away is stored under the surviving customer,
// like an event.
//
// Errors: a *touchpoint.ValidationError, [store.ErrConflict],
// [ErrLockTimeout], [store.ErrClosed], the context's error, a wrapped
// driver error.
func (s *Store) PutSnapshots(ctx context.Context, snaps ...store.Snapshot) error {
	if err := s.usable(ctx); err != nil {
		return err
	}
	in := make([]store.Snapshot, len(snaps))
	for i, sn := range snaps {
		if err := s.validateSnapshot(sn); err != nil {
			return err
		}
		sn.Time = sn.Time.UTC()
		in[i] = sn
	}
	if len(in) == 0 {
		return nil
	}
	return wrap("put snapshots", s.b.write(ctx, func(q querier) error { return s.putTx(ctx, q, in) }))
}

// validateSnapshot applies store's rules with the backend's limits.
func (s *Store) validateSnapshot(sn store.Snapshot) error { return store.CheckSnapshot(s.b.limits, sn) }

func (s *Store) putTx(ctx context.Context, q querier, in []store.Snapshot) error {
	ids := make([]string, len(in))
	for i, sn := range in {
		ids[i] = sn.CustomerID
	}
	// Lock the customers as Append does, so a concurrent Merge cannot move
	// them between resolving and inserting.
	to, err := s.resolveLocked(ctx, q, ids, false)
	if err != nil {
		return err
	}
	stmt, err := q.PrepareContext(ctx, s.q("INSERT INTO {snapshots} (tenant, customer_id, name, time_ns, value, stage) VALUES (?, ?, ?, ?, ?, ?)"+
		s.b.dialect.ignoreDuplicates("tenant, customer_id, name, time_ns")))
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, sn := range in {
		sn.CustomerID = to[sn.CustomerID]
		// Unless the counts are exact (see detectCounts), every insert is
		// compared with what is stored.
		n, err := affected(stmt.ExecContext(ctx, s.tenant, sn.CustomerID, sn.Name, sn.Time.UnixNano(), sn.Value, sn.Stage))
		if err != nil {
			return err
		}
		if n == 1 && s.b.exactCounts {
			continue
		}
		if err := s.sameSnapshot(ctx, q, sn); err != nil {
			return err
		}
	}
	return nil
}

// sameSnapshot checks that the snapshot stored under sn's key equals sn.
func (s *Store) sameSnapshot(ctx context.Context, q querier, sn store.Snapshot) error {
	var got store.Snapshot
	err := q.QueryRowContext(ctx, s.q("SELECT value, stage FROM {snapshots} WHERE tenant = ? AND customer_id = ? AND name = ? AND time_ns = ?"),
		s.tenant, sn.CustomerID, sn.Name, sn.Time.UnixNano()).Scan(&got.Value, &got.Stage)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if err != nil || got.Value != sn.Value || got.Stage != sn.Stage {
		return fmt.Errorf("sqlstore: snapshot %q %s of %q: %w", sn.Name, touchpoint.FormatTime(sn.Time), sn.CustomerID, store.ErrConflict)
	}
	return nil
}

// Snapshots implements [store.Snapshots]: one customer's snapshots of a
// name (all names if name is ""), by time then name. They are read in one
// query before the first is yielded.
func (s *Store) Snapshots(ctx context.Context, customerID, name string) iter.Seq2[store.Snapshot, error] {
	return func(yield func(store.Snapshot, error) bool) {
		if err := s.usable(ctx); err != nil {
			yield(store.Snapshot{}, err)
			return
		}
		query, args := "SELECT customer_id, name, time_ns, value, stage FROM {snapshots} WHERE tenant = ? AND customer_id = ?", []any{s.tenant, customerID}
		if name != "" {
			query += " AND name = ?"
			args = append(args, name)
		}
		snaps, err := s.querySnapshots(ctx, query+" ORDER BY time_ns, name", args)
		if err != nil {
			yield(store.Snapshot{}, wrap("snapshots", err))
			return
		}
		for _, sn := range snaps {
			if !yield(sn, nil) {
				return
			}
		}
	}
}

func (s *Store) querySnapshots(ctx context.Context, query string, args []any) ([]store.Snapshot, error) {
	rows, err := s.b.db.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return nil, err
	}
	var out []store.Snapshot
	for rows.Next() {
		var sn store.Snapshot
		var ns int64
		if err := rows.Scan(&sn.CustomerID, &sn.Name, &ns, &sn.Value, &sn.Stage); err != nil {
			rows.Close()
			return nil, err
		}
		sn.Time = unixTime(ns)
		out = append(out, sn)
	}
	return out, closeRows(rows)
}

// Latest implements [store.Snapshots]. Each page of 256 customers is
// one query that picks every customer's latest snapshot with a correlated
// MAX over the (tenant, name, customer_id, time_ns) index and applies q's
// conditions to it. Errors: a *touchpoint.ValidationError when q.Name is
// malformed, [store.ErrClosed], the context's error, a wrapped driver error.
func (s *Store) Latest(ctx context.Context, q store.LatestQuery) iter.Seq2[store.Snapshot, error] {
	base, args := "SELECT s.customer_id, s.name, s.time_ns, s.value, s.stage FROM {snapshots} s WHERE s.tenant = ? AND s.name = ? AND s.customer_id > ?",
		[]any{s.tenant, q.Name}
	latest := "SELECT MAX(m.time_ns) FROM {snapshots} m WHERE m.tenant = s.tenant AND m.name = s.name AND m.customer_id = s.customer_id"
	var cond []any
	if !q.AsOf.IsZero() {
		latest += " AND m.time_ns <= ?"
		cond = append(cond, unixNanos(q.AsOf))
	}
	filter := " AND s.time_ns = (" + latest + ")"
	if q.Below != nil {
		filter += " AND s.value < ?"
		cond = append(cond, *q.Below)
	}
	if q.AtLeast != nil {
		filter += " AND s.value >= ?"
		cond = append(cond, *q.AtLeast)
	}
	if q.Stage != "" {
		filter += " AND s.stage = ?"
		cond = append(cond, q.Stage)
	}
	query := base + filter + " ORDER BY s.customer_id LIMIT " + fmt.Sprint(page)
	return s.pages(ctx, q.Name, func(last store.Snapshot) (string, []any) {
		return query, append(append(append([]any(nil), args...), last.CustomerID), cond...)
	})
}

// Transitions implements [store.Snapshots]. Consecutive snapshots are
// paired with the window function LAG over each customer's snapshots of
// q.Name; pairs whose stages differ are transitions (a change from or to
// the empty stage counts, as in every adapter). Pages
// are keyed by (customer, time). Errors: as [Store.Latest].
func (s *Store) Transitions(ctx context.Context, q store.TransitionQuery) iter.Seq2[store.Transition, error] {
	inner := "SELECT customer_id, name, time_ns, stage, LAG(stage) OVER (PARTITION BY customer_id ORDER BY time_ns) AS prev" +
		" FROM {snapshots} WHERE tenant = ? AND name = ? AND customer_id >= ?"
	outer := " WHERE prev IS NOT NULL AND prev <> stage AND (customer_id > ? OR (customer_id = ? AND time_ns > ?))"
	where, cond := windowSQL(q.Window, nil)
	outer += replaceWindow(where)
	if q.From != "" {
		outer += " AND prev = ?"
		cond = append(cond, q.From)
	}
	if q.To != "" {
		outer += " AND stage = ?"
		cond = append(cond, q.To)
	}
	query := "SELECT customer_id, name, time_ns, stage, prev FROM (" + inner + ") t" + outer + " ORDER BY customer_id, time_ns LIMIT " + fmt.Sprint(page)
	return func(yield func(store.Transition, error) bool) {
		last := store.Transition{Time: time.Unix(0, minNanos)}
		for {
			if err := s.usable(ctx); err != nil {
				yield(store.Transition{}, err)
				return
			}
			if err := checkName(q.Name); err != nil {
				yield(store.Transition{}, err)
				return
			}
			args := append([]any{s.tenant, q.Name, last.CustomerID, last.CustomerID, last.CustomerID, last.Time.UnixNano()}, cond...)
			ts, err := s.queryTransitions(ctx, query, args)
			if err != nil {
				yield(store.Transition{}, wrap("transitions", err))
				return
			}
			for _, t := range ts {
				if !yield(t, nil) {
					return
				}
			}
			if len(ts) < page {
				return
			}
			last = ts[len(ts)-1]
		}
	}
}

// minNanos sorts before every stored time: touchpoint.MinTime is 1900.
const minNanos = -1 << 63

// replaceWindow points the window conditions at time_ns: the window of a
// transition is the time of its new snapshot.
func replaceWindow(where string) string {
	return strings.ReplaceAll(where, "window_ns", "time_ns")
}

func (s *Store) queryTransitions(ctx context.Context, query string, args []any) ([]store.Transition, error) {
	rows, err := s.b.db.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return nil, err
	}
	var out []store.Transition
	for rows.Next() {
		var t store.Transition
		var ns int64
		if err := rows.Scan(&t.CustomerID, &t.Name, &ns, &t.To, &t.From); err != nil {
			rows.Close()
			return nil, err
		}
		t.Time = unixTime(ns)
		out = append(out, t)
	}
	return out, closeRows(rows)
}

// pages yields snapshots page by page; next returns the query and
// arguments for the page after last.
func (s *Store) pages(ctx context.Context, name string, next func(last store.Snapshot) (string, []any)) iter.Seq2[store.Snapshot, error] {
	return func(yield func(store.Snapshot, error) bool) {
		var last store.Snapshot
		for {
			if err := s.usable(ctx); err != nil {
				yield(store.Snapshot{}, err)
				return
			}
			if err := checkName(name); err != nil {
				yield(store.Snapshot{}, err)
				return
			}
			query, args := next(last)
			snaps, err := s.querySnapshots(ctx, query, args)
			if err != nil {
				yield(store.Snapshot{}, wrap("latest", err))
				return
			}
			for _, sn := range snaps {
				if !yield(sn, nil) {
					return
				}
			}
			if len(snaps) < page {
				return
			}
			last = snaps[len(snaps)-1]
		}
	}
}

// checkName validates the snapshot name of a query: required, with the
// syntax of a channel name.
func checkName(name string) error {
	if _, err := touchpoint.ParseChannel(name); err != nil {
		return touchpoint.Invalid("snapshot", "name", name, "must be 1-64 bytes of a-z, 0-9, '_', '-', '.' starting with a letter")
	}
	return nil
}
