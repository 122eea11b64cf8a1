package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"time"
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
// and Backend.write retries.

// ErrLockTimeout reports that a call gave up waiting for a lock another
// transaction held: a customer lock (on MySQL after 30 s; on PostgreSQL
// only if the host set lock_timeout) or, during [Open], the migration lock
// on MySQL (after a minute). The call changed nothing and may be retried.
// It is returned wrapped; test for it with errors.Is. On PostgreSQL the
// driver's error stays reachable with errors.As.
var ErrLockTimeout = errors.New("sqlstore: lock wait timed out")

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
		_, err := q.ExecContext(ctx, pgLockSQL(exclusive), keys)
		return pgLockErr(len(keys), err)
	case MySQL:
		return s.lockMySQL(ctx, q, keys)
	}
	return nil
}

// pgLockSQL takes the advisory locks of the keys in its one argument, an
// int8 array, in sorted order.
func pgLockSQL(exclusive bool) string {
	fn := "pg_advisory_xact_lock_shared"
	if exclusive {
		fn = "pg_advisory_xact_lock"
	}
	return "SELECT " + fn + "(k) FROM (SELECT unnest($1::int8[]) AS k ORDER BY k) AS keys"
}

// pgLockErr marks a lock_not_available error (the host's lock_timeout ran
// out) as [ErrLockTimeout].
func pgLockErr(n int, err error) error {
	var pg interface{ SQLState() string }
	if errors.As(err, &pg) && pg.SQLState() == "55P03" {
		return fmt.Errorf("%d customer locks: %w: %w", n, ErrLockTimeout, err)
	}
	return err
}

// lockMySQL takes one named lock per key, locksPerStatement keys per
// statement (MySQL evaluates the select list left to right, and a longer
// expression overruns the server thread's stack). A lock not granted
// within the backend's lock wait fails the transaction with
// [ErrLockTimeout].
func (s *Store) lockMySQL(ctx context.Context, q querier, keys []int64) error {
	wait := max(1, int(s.b.lockWait/time.Second))
	for part := range slices.Chunk(keys, locksPerStatement) {
		calls := make([]string, len(part))
		args := make([]any, len(part))
		for i, k := range part {
			calls[i] = "GET_LOCK(?, " + strconv.Itoa(wait) + ")"
			args[i] = lockName(k)
		}
		var got int
		if err := q.QueryRowContext(ctx, "SELECT "+strings.Join(calls, " + "), args...).Scan(&got); err != nil {
			return err
		}
		if got != len(part) {
			return fmt.Errorf("%d customer locks: %w", len(keys), ErrLockTimeout)
		}
	}
	return nil
}

// lockName is the MySQL named lock of a key.
func lockName(k int64) string { return fmt.Sprintf("cem:%016x", uint64(k)) }

// locksPerStatement bounds the GET_LOCK calls of one statement.
const locksPerStatement = 64
