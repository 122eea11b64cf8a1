package sqlstore

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// lockResolvePgx takes the locks of ids, resolves them and runs then (if
// not empty) as three statements of one pgx pipeline, headed by the
// transaction's BEGIN if it is not sent yet: one round trip instead of
// four. They stay separate statements because at READ
// COMMITTED each takes its own snapshot: the alias lookup, which runs
// after the locks are granted, sees every merge that committed while
// this transaction waited for them. ok is false, with nothing done, when
// q does not reach a pgx connection.
func (s *Store) lockResolvePgx(ctx context.Context, q querier, ids []string, exclusive bool, then string) (to map[string]string, ok bool, err error) {
	t, isTx := q.(*pgTx)
	if !isTx {
		return nil, false, nil
	}
	err = t.conn.Raw(func(dc any) error {
		pc, isPgx := dc.(interface{ Conn() *pgx.Conn })
		if !isPgx {
			return nil
		}
		ok = true
		begin := !t.begun
		t.begun = true
		to, err = s.pipelineLockResolve(ctx, pc.Conn(), begin, ids, exclusive, then)
		return err
	})
	return to, ok, err
}

// pipelineLockResolve sends the pipeline, headed by BEGIN if begin is set.
func (s *Store) pipelineLockResolve(ctx context.Context, c *pgx.Conn, begin bool, ids []string, exclusive bool, then string) (map[string]string, error) {
	keys := s.lockKeys(ids)
	var batch pgx.Batch
	if begin {
		batch.Queue(pgBegin)
	}
	batch.Queue(pgLockSQL(exclusive), keys)
	batch.Queue(s.q("SELECT alias, customer_id FROM {aliases} WHERE tenant = ? AND alias = ANY(?)"), s.tenant, ids)
	if then != "" {
		batch.Queue(then)
	}
	br := c.SendBatch(ctx, &batch)
	to, err := readLockResolve(br, begin, ids, len(keys), then != "")
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	return to, err
}

// readLockResolve reads the results of pipelineLockResolve's statements.
func readLockResolve(br pgx.BatchResults, begin bool, ids []string, keys int, then bool) (map[string]string, error) {
	if begin {
		if _, err := br.Exec(); err != nil {
			return nil, fmt.Errorf("begin: %w", err)
		}
	}
	if _, err := br.Exec(); err != nil {
		return nil, pgLockErr(keys, err)
	}
	to := make(map[string]string, len(ids))
	for _, id := range ids {
		to[id] = id
	}
	rows, err := br.Query()
	if err != nil {
		return nil, err
	}
	if err := scanAliases(rows, to); err != nil {
		rows.Close()
		return nil, err
	}
	if rows.Close(); rows.Err() != nil {
		return nil, rows.Err()
	}
	if then {
		if _, err := br.Exec(); err != nil {
			return nil, err
		}
	}
	return to, nil
}
