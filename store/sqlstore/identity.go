package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/cemkit/cem/store"
)

// Merge implements [store.Identity]. In one write transaction it moves
// from's events and snapshots to into (or to the customer into was itself
// merged into), records the alias from → into and points the aliases that
// named from at into. A snapshot of from whose (Name, Time) key into
// already has is dropped: the surviving customer's value wins.
//
// Errors: a *touchpoint.ValidationError for a malformed id,
// [store.ErrConflict] for a self-merge or a cycle, [store.ErrNotFound] when
// from has no record, [ErrLockTimeout], [store.ErrClosed], the context's
// error, a wrapped driver error.
func (s *Store) Merge(ctx context.Context, from, into string) error {
	if err := s.usable(ctx); err != nil {
		return err
	}
	for _, id := range []string{from, into} {
		if err := s.b.limits.CheckCustomerID("customer", id); err != nil {
			return err
		}
	}
	return wrap("merge", s.b.write(ctx, func(q querier) error { return s.mergeTx(ctx, q, from, into) }))
}

func (s *Store) mergeTx(ctx context.Context, q querier, from, into string) error {
	to, err := s.resolveLocked(ctx, q, []string{from, into}, true)
	if err != nil {
		return err
	}
	target := to[into]
	if from == into || target == from {
		return fmt.Errorf("sqlstore: merge %q into %q would form a cycle: %w", from, into, store.ErrConflict)
	}
	found, err := s.hasRecords(ctx, q, from)
	if err != nil {
		return err
	}
	if !found {
		return fmt.Errorf("sqlstore: merge customer %q: %w", from, store.ErrNotFound)
	}
	if err := s.dropCollidingSnapshots(ctx, q, from, target); err != nil {
		return err
	}
	return s.execAll(ctx, q, []stmt{
		{"UPDATE {events} SET customer_id = ? WHERE tenant = ? AND customer_id = ?", []any{target, s.tenant, from}},
		{"UPDATE {snapshots} SET customer_id = ? WHERE tenant = ? AND customer_id = ?", []any{target, s.tenant, from}},
		{"UPDATE {aliases} SET customer_id = ? WHERE tenant = ? AND customer_id = ?", []any{target, s.tenant, from}},
		{"DELETE FROM {aliases} WHERE tenant = ? AND alias = ?", []any{s.tenant, from}},
		{"INSERT INTO {aliases} (tenant, alias, customer_id) VALUES (?, ?, ?)", []any{s.tenant, from, target}},
	})
}

// hasRecords reports whether the customer has an event or a snapshot.
func (s *Store) hasRecords(ctx context.Context, q querier, customerID string) (bool, error) {
	for _, query := range []string{
		"SELECT 1 FROM {events} WHERE tenant = ? AND customer_id = ? LIMIT 1",
		"SELECT 1 FROM {snapshots} WHERE tenant = ? AND customer_id = ? LIMIT 1",
	} {
		var one int
		err := q.QueryRowContext(ctx, s.q(query), s.tenant, customerID).Scan(&one)
		if err == nil {
			return true, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return false, err
		}
	}
	return false, nil
}

// dropCollidingSnapshots deletes from's snapshots whose (name, time) key
// target already holds, so the move cannot collide and target's values
// win. The keys are read first because MySQL cannot delete from a table
// its own subquery reads.
func (s *Store) dropCollidingSnapshots(ctx context.Context, q querier, from, target string) error {
	rows, err := q.QueryContext(ctx, s.q("SELECT a.name, a.time_ns FROM {snapshots} a JOIN {snapshots} b"+
		" ON b.tenant = a.tenant AND b.name = a.name AND b.time_ns = a.time_ns"+
		" WHERE a.tenant = ? AND a.customer_id = ? AND b.customer_id = ?"), s.tenant, from, target)
	if err != nil {
		return err
	}
	var dels []stmt
	for rows.Next() {
		var name string
		var t int64
		if err := rows.Scan(&name, &t); err != nil {
			rows.Close()
			return err
		}
		dels = append(dels, stmt{"DELETE FROM {snapshots} WHERE tenant = ? AND customer_id = ? AND name = ? AND time_ns = ?",
			[]any{s.tenant, from, name, t}})
	}
	if err := closeRows(rows); err != nil {
		return err
	}
	return s.execAll(ctx, q, dels)
}

// Erase implements [store.Identity], the right to erasure of GDPR Art. 17:
// in one write transaction it deletes the customer's events and snapshots
// and every alias from or to the customer, and returns how many rows it
// deleted. Erasing an unknown customer deletes nothing and is not an
// error.
//
// On SQLite the deletion runs with secure_delete on, so the freed pages are
// overwritten with zeros, and the write-ahead log is checkpointed and
// truncated afterwards, so the erased values do not linger in the file.
// PostgreSQL and MySQL keep deleted tuples until VACUUM or the purge
// thread reclaims them; a host with strict erasure duties runs those.
//
// Erase takes the customer's lock exclusively, like Merge, so it waits
// for the appends, snapshot writes and merges that touch the customer,
// also through an alias, and those that start later wait for it.
//
// Errors: [ErrLockTimeout], [store.ErrClosed], the context's error, a
// wrapped driver error.
func (s *Store) Erase(ctx context.Context, customerID string) (int, error) {
	if err := s.usable(ctx); err != nil {
		return 0, err
	}
	var n int64
	err := s.b.write(ctx, func(q querier) (err error) {
		n, err = s.eraseTx(ctx, q, customerID)
		return err
	})
	if err != nil {
		return 0, wrap("erase", err)
	}
	if s.b.dialect == SQLite && n > 0 {
		// A reader still on an older snapshot can keep the checkpoint from
		// finishing; the next erase or the last Close completes it.
		if _, err := s.b.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			return int(n), wrap("erase: checkpoint", err)
		}
	}
	return int(n), nil
}

// eraseTx deletes the customer's rows inside a write transaction and
// returns how many it deleted. It first takes the customer's lock
// exclusively, as Merge does: an Append or PutSnapshots that resolved an
// alias to the customer holds that lock (shared) until it commits, so
// without it the deletes would miss rows committed a moment later under
// the erased id, and a Merge into the customer could land between two of
// the deletes. The aliases that name the customer need no locks of their
// own, because every writer that resolves through an alias also locks
// the customer it resolves to.
func (s *Store) eraseTx(ctx context.Context, q querier, customerID string) (int64, error) {
	if err := s.lock(ctx, q, []string{customerID}, true); err != nil {
		return 0, err
	}
	if s.b.dialect == SQLite {
		if _, err := q.ExecContext(ctx, "PRAGMA secure_delete = ON"); err != nil {
			return 0, err
		}
	}
	var n int64
	for _, st := range []stmt{
		{"DELETE FROM {events} WHERE tenant = ? AND customer_id = ?", []any{s.tenant, customerID}},
		{"DELETE FROM {snapshots} WHERE tenant = ? AND customer_id = ?", []any{s.tenant, customerID}},
		{"DELETE FROM {aliases} WHERE tenant = ? AND (alias = ? OR customer_id = ?)", []any{s.tenant, customerID, customerID}},
	} {
		k, err := affected(q.ExecContext(ctx, s.q(st.query), st.args...))
		if err != nil {
			return 0, err
		}
		n += k
	}
	return n, nil
}

// stmt is one statement of a sequence and its arguments.
type stmt struct {
	query string
	args  []any
}

func (s *Store) execAll(ctx context.Context, q querier, stmts []stmt) error {
	for _, st := range stmts {
		if _, err := q.ExecContext(ctx, s.q(st.query), st.args...); err != nil {
			return err
		}
	}
	return nil
}
