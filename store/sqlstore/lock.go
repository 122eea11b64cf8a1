package sqlstore

import (
	"context"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
)

// Merges and appends must not interleave for the same customer: an append
// that resolved "a" before a merge of a into b committed would store its
// events under a, after the merge moved a's history away. Write
// transactions therefore lock the customers they touch, appends in shared
// mode (they may run side by side) and merges exclusively.
//
// SQLite needs nothing: BEGIN IMMEDIATE already serialises writers.
// PostgreSQL uses transaction-scoped advisory locks, MySQL named locks
// (GET_LOCK, exclusive only, released when the transaction ends). Keys
// are hashes of (prefix, tenant, customer), taken in sorted order so two
// transactions never wait for each other in a circle over one round of
// locks; the rare circle across rounds is a deadlock the database reports
// and [Backend.write] retries.

// lockKeys returns the sorted, distinct lock keys of the customers.
func (s *Store) lockKeys(ids []string) []int64 {
	keys := make([]int64, 0, len(ids))
	for _, id := range ids {
		h := fnv.New64a()
		h.Write([]byte(s.b.prefix))
		h.Write([]byte{0})
		h.Write([]byte(s.tenant))
		h.Write([]byte{0})
		h.Write([]byte(id))
		keys = append(keys, int64(h.Sum64()))
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// lock takes the locks of the customers for the rest of the transaction.
func (s *Store) lock(ctx context.Context, q querier, ids []string, exclusive bool) error {
	keys := s.lockKeys(ids)
	if len(keys) == 0 {
		return nil
	}
	switch s.b.dialect {
	case Postgres:
		fn := "pg_advisory_xact_lock_shared"
		if exclusive {
			fn = "pg_advisory_xact_lock"
		}
		_, err := q.ExecContext(ctx, "SELECT "+fn+"(k) FROM (SELECT unnest($1::int8[]) AS k ORDER BY k) AS keys", keys)
		return err
	case MySQL:
		return s.lockMySQL(ctx, q, keys)
	}
	return nil
}

// lockMySQL takes one named lock per key in a single statement (MySQL
// evaluates the select list left to right). A lock not granted within the
// timeout fails the transaction.
func (s *Store) lockMySQL(ctx context.Context, q querier, keys []int64) error {
	calls := make([]string, len(keys))
	args := make([]any, len(keys))
	for i, k := range keys {
		calls[i] = "GET_LOCK(?, 30)"
		args[i] = fmt.Sprintf("cem:%016x", uint64(k))
	}
	rows, err := q.QueryContext(ctx, "SELECT "+strings.Join(calls, " + ")+"", args...)
	if err != nil {
		return err
	}
	var got int
	for rows.Next() {
		if err := rows.Scan(&got); err != nil {
			rows.Close()
			return err
		}
	}
	if err := closeRows(rows); err != nil {
		return err
	}
	if got != len(keys) {
		return fmt.Errorf("sqlstore: timed out waiting for customer locks")
	}
	return nil
}
