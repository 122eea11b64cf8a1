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
		for rows.Next() {
			var alias, into string
			if err := rows.Scan(&alias, &into); err != nil {
				rows.Close()
				return nil, err
			}
			out[alias] = into
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
	locked := make(map[string]bool, len(ids))
	next := ids
	for {
		if err := s.lock(ctx, q, next, exclusive); err != nil {
			return nil, err
		}
		for _, id := range next {
			locked[id] = true
		}
		to, err := s.resolve(ctx, q, ids)
		if err != nil {
			return nil, err
		}
		next = next[:0:0]
		for _, target := range to {
			if !locked[target] && !slices.Contains(next, target) {
				next = append(next, target)
			}
		}
		if len(next) == 0 {
			return to, nil
		}
	}
}
