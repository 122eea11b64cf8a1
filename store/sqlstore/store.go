package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/cemkit/cem/store"
)

// Store is one tenant's data in a [Backend]: every statement it runs is
// restricted to its tenant. It implements [store.Store] and is safe for
// concurrent use.
type Store struct {
	b      *Backend
	tenant string
}

var _ store.Store = (*Store)(nil)

// chunk is how many values an IN list or a multi-row INSERT carries at
// most, well inside every dialect's limit on bound parameters.
const chunk = 500

// usable returns the error a call must stop with: the backend is closed
// or the context is done.
func (s *Store) usable(ctx context.Context) error {
	if s.b.closed.Load() {
		return store.ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("sqlstore: %w", err)
	}
	return nil
}

// q rebinds a statement for the dialect after replacing {events},
// {snapshots} and {aliases} with the prefixed table names.
func (s *Store) q(query string) string {
	query = strings.ReplaceAll(query, "{events}", s.b.table("events"))
	query = strings.ReplaceAll(query, "{snapshots}", s.b.table("snapshots"))
	query = strings.ReplaceAll(query, "{aliases}", s.b.table("aliases"))
	return s.b.dialect.rebind(query)
}

// placeholders returns "?, ?, ?" with n marks.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// resolve maps each id to the customer its events are stored under: the
// customer it was merged into, or itself.
func (s *Store) resolve(ctx context.Context, q querier, ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	for _, id := range ids {
		out[id] = id
	}
	for part := range slices.Chunk(ids, chunk) {
		args := make([]any, 0, len(part)+1)
		args = append(args, s.tenant)
		for _, id := range part {
			args = append(args, id)
		}
		rows, err := q.QueryContext(ctx, s.q("SELECT alias, customer_id FROM {aliases} WHERE tenant = ? AND alias IN ("+placeholders(len(part))+")"), args...)
		if err != nil {
			return nil, err
		}
		if err := scanAliases(rows, out); err != nil {
			rows.Close()
			return nil, err
		}
		if err := closeRows(rows); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// resolveLocked locks the customers, resolves them, and locks the
// customers they resolve to, repeating until no merge moved a target in
// between.
func (s *Store) resolveLocked(ctx context.Context, q querier, ids []string, exclusive bool) (map[string]string, error) {
	to, _, err := s.resolveLockedThen(ctx, q, ids, exclusive, "")
	return to, err
}

// resolveLockedThen is resolveLocked, which on PostgreSQL over pgx sends
// the first round of locks and the alias lookup in one round trip (see
// lockResolvePgx); pipelined reports whether it did, and only then was the
// statement then (if not empty) run too: in the same round trip, and
// again after the last round of locks if more rounds were needed.
func (s *Store) resolveLockedThen(ctx context.Context, q querier, ids []string, exclusive bool, then string) (to map[string]string, pipelined bool, err error) {
	locked := make(map[string]bool, len(ids))
	next := ids
	for round := 0; ; round++ {
		if round == 0 && s.b.dialect == Postgres {
			to, pipelined, err = s.lockResolvePgx(ctx, q, ids, exclusive, then)
		}
		if round > 0 || !pipelined {
			to, err = s.lockResolve(ctx, q, next, ids, exclusive)
		}
		if err != nil {
			return nil, pipelined, err
		}
		for _, id := range next {
			locked[id] = true
		}
		next = next[:0:0]
		for _, target := range to {
			if !locked[target] && !slices.Contains(next, target) {
				next = append(next, target)
			}
		}
		if len(next) == 0 {
			if pipelined && then != "" && round > 0 {
				// then ran in the first round trip, before the locks of
				// the later rounds; if it is a savepoint, rolling back to
				// it would release those locks. Set it again after them
				// (PostgreSQL rolls back to the newest of that name).
				if _, err := q.ExecContext(ctx, then); err != nil {
					return nil, pipelined, err
				}
			}
			return to, pipelined, nil
		}
	}
}

// lockResolve locks the customers lock, then resolves ids.
func (s *Store) lockResolve(ctx context.Context, q querier, lock, ids []string, exclusive bool) (map[string]string, error) {
	if err := s.lock(ctx, q, lock, exclusive); err != nil {
		return nil, err
	}
	return s.resolve(ctx, q, ids)
}
