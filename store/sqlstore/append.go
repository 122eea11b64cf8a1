package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/store"
)

// ctxEvery is how many events Append validates between two looks at its
// context, so that cancelling a huge batch stops it quickly.
const ctxEvery = 1024

// Append implements [store.Appender]. It validates the batch before it
// touches the database, then in one write transaction resolves merged
// customers, checks recoveries against their failures, inserts the rows
// with the dialect's bulk path (see the package documentation), skipping
// IDs already taken, and finally compares the skipped rows with the
// batch: equal ones were re-sends, different ones fail the batch.
//
// Errors: a *touchpoint.ValidationError (errors.Is(err, store.ErrInvalid)),
// also wrapping journey.ErrUnknownFailure for a recovery without its
// failure; [store.ErrConflict]; [ErrLockTimeout]; [store.ErrClosed]; the
// context's error; a wrapped driver error. On any error nothing of the batch is stored.
func (s *Store) Append(ctx context.Context, b store.Batch) error {
	if err := s.usable(ctx); err != nil {
		return err
	}
	evs, err := s.prepare(ctx, b)
	if err != nil || len(evs) == 0 {
		return err
	}
	// On the servers rows go in in one order (see lockOrder), so that two
	// appends of overlapping events take the unique index's locks in the
	// same order and cannot deadlock (PostgreSQL did when the same events
	// were re-sent concurrently in different orders). SQLite has one
	// writer at a time.
	if s.b.dialect != SQLite {
		evs = lockOrder(evs)
	}
	return wrap("append", s.b.write(ctx, func(q querier) error { return s.appendTx(ctx, q, evs) }))
}

// prepare validates every event against the backend's limits and returns
// them with times in UTC.
func (s *Store) prepare(ctx context.Context, b store.Batch) ([]event, error) {
	l := s.b.limits
	evs := make([]event, 0, b.Len())
	tick := func() error {
		if len(evs)%ctxEvery == 0 {
			return s.usable(ctx)
		}
		return nil
	}
	for _, tp := range b.Touchpoints {
		if err := l.Validate(tp); err != nil {
			return nil, err
		}
		// No deep copy: the attributes are encoded into SQL arguments
		// before Append returns, and nothing keeps the caller's map.
		tp.Time = tp.Time.UTC()
		evs = append(evs, event{kind: kindTouchpoint, tp: tp})
		if err := tick(); err != nil {
			return nil, err
		}
	}
	for _, f := range b.Failures {
		if err := journey.ValidateFailure(l, f); err != nil {
			return nil, err
		}
		f.Time = f.Time.UTC()
		evs = append(evs, event{kind: kindFailure, f: &f})
		if err := tick(); err != nil {
			return nil, err
		}
	}
	for _, r := range b.Recoveries {
		if err := journey.ValidateRecovery(l, r); err != nil {
			return nil, err
		}
		r.Time = r.Time.UTC()
		if r.Resolved() {
			r.ResolvedAt = r.ResolvedAt.UTC()
		}
		evs = append(evs, event{kind: kindRecovery, r: &r})
		if err := tick(); err != nil {
			return nil, err
		}
	}
	return evs, nil
}

// appendTx stores evs inside a write transaction. It leaves evs as given,
// so that a retried transaction starts from the batch again.
func (s *Store) appendTx(ctx context.Context, q querier, evs []event) error {
	evs, savepoint, err := s.resolveEvents(ctx, q, evs)
	if err != nil {
		return err
	}
	evs, err = dedupe(evs)
	if err != nil {
		return err
	}
	windows, err := s.checkRecoveries(ctx, q, evs)
	if err != nil {
		return err
	}
	inserted, err := s.insertEvents(ctx, q, evs, windows, savepoint)
	if err != nil {
		return err
	}
	// Unless the counts are exact (see detectCounts), the batch is always
	// compared with what is stored.
	if inserted == int64(len(evs)) && s.b.exactCounts {
		return nil
	}
	return s.checkSkipped(ctx, q, evs)
}

// resolveEvents locks the batch's customers (see lock.go) and returns the
// events with every customer that was merged away replaced by the
// customer it was merged into: evs itself when no event names a merged
// customer, the common case, else a copy. On PostgreSQL over pgx, when
// the batch is big enough for COPY, it also sets the savepoint COPY
// needs, in the same round trip, and reports that it did.
func (s *Store) resolveEvents(ctx context.Context, q querier, evs []event) ([]event, bool, error) {
	then := ""
	if s.b.dialect == Postgres && len(evs) >= copyThreshold {
		then = "SAVEPOINT " + copySavepoint
	}
	to, pipelined, err := s.resolveLockedThen(ctx, q, customers(evs), false, then)
	if err != nil {
		return nil, false, err
	}
	return moveEvents(evs, to), pipelined && then != "", nil
}

// customers returns the distinct customers of evs.
func customers(evs []event) []string {
	seen := make(map[string]bool)
	var ids []string
	for i := range evs {
		if c := evs[i].customer(); !seen[c] {
			seen[c] = true
			ids = append(ids, c)
		}
	}
	return ids
}

// moveEvents returns evs with each customer c replaced by to[c], copying
// evs only if a customer changes.
func moveEvents(evs []event, to map[string]string) []event {
	out := evs
	for i := range evs {
		c := to[evs[i].customer()]
		if c == evs[i].customer() {
			continue
		}
		if &out[0] == &evs[0] {
			out = slices.Clone(evs)
		}
		switch e := &out[i]; e.kind {
		case kindTouchpoint:
			e.tp.CustomerID = c
		case kindFailure:
			f := *e.f
			f.CustomerID = c
			e.f = &f
		default:
			r := *e.r
			r.CustomerID = c
			e.r = &r
		}
	}
	return out
}

// dedupe drops repeats of an event inside the batch and reports two
// different events under one ID as a conflict. It returns evs itself
// when no ID repeats.
func dedupe(evs []event) ([]event, error) {
	first := make(map[uuid.UUID]int, len(evs))
	repeats := false
	for i := range evs {
		j, ok := first[evs[i].id()]
		if !ok {
			first[evs[i].id()] = i
			continue
		}
		if !evs[j].equal(&evs[i]) {
			return nil, conflict(&evs[i])
		}
		repeats = true
	}
	if !repeats {
		return evs, nil
	}
	out := make([]event, 0, len(first))
	for i := range evs {
		if first[evs[i].id()] == i {
			out = append(out, evs[i])
		}
	}
	return out, nil
}

func conflict(e *event) error {
	return fmt.Errorf("sqlstore: %s %s: %w", e.kind, e.id(), store.ErrConflict)
}

// checkRecoveries applies journey's rules for each recovery and its
// failure (same customer, not before the failure, compensation in the
// loss's currency) on a scratch journey, so the store and an in-memory
// journey never disagree on what is valid. It returns the window time of
// every event: its own time, or for a recovery its failure's time.
func (s *Store) checkRecoveries(ctx context.Context, q querier, evs []event) ([]time.Time, error) {
	windows := make([]time.Time, len(evs))
	recoveries := false
	for i := range evs {
		windows[i] = evs[i].time()
		recoveries = recoveries || evs[i].kind == kindRecovery
	}
	if !recoveries {
		return windows, nil
	}
	failures := make(map[uuid.UUID]journey.Failure)
	var missing []uuid.UUID
	for i := range evs {
		if e := &evs[i]; e.kind == kindFailure {
			failures[e.f.ID] = *e.f
		}
	}
	for i := range evs {
		e := &evs[i]
		if e.kind != kindRecovery {
			continue
		}
		if _, ok := failures[e.r.FailureID]; !ok && !slices.Contains(missing, e.r.FailureID) {
			missing = append(missing, e.r.FailureID)
		}
	}
	stored, err := s.fetchEvents(ctx, q, missing)
	if err != nil {
		return nil, err
	}
	for id, e := range stored {
		if e.kind == kindFailure {
			failures[id] = *e.f
		}
	}
	for i := range evs {
		e := &evs[i]
		if e.kind != kindRecovery {
			continue
		}
		f, err := s.checkRecovery(*e.r, failures)
		if err != nil {
			return nil, err
		}
		windows[i] = f.Time
	}
	return windows, nil
}

func (s *Store) checkRecovery(r journey.Recovery, failures map[uuid.UUID]journey.Failure) (journey.Failure, error) {
	j := journey.NewWithLimits(r.CustomerID, s.b.read)
	f, ok := failures[r.FailureID]
	if ok && f.CustomerID == r.CustomerID {
		if err := j.AddFailure(f); err != nil {
			return f, err
		}
	}
	return f, j.AddRecovery(r)
}

// checkSkipped compares the batch with what is stored under its IDs: an
// event that was skipped because its ID was taken must be stored with
// equal content.
func (s *Store) checkSkipped(ctx context.Context, q querier, evs []event) error {
	ids := make([]uuid.UUID, len(evs))
	for i := range evs {
		ids[i] = evs[i].id()
	}
	stored, err := s.fetchEvents(ctx, q, ids)
	if err != nil {
		return err
	}
	for i := range evs {
		e := &evs[i]
		if got, ok := stored[e.id()]; !ok || !got.equal(e) {
			return conflict(e)
		}
	}
	return nil
}

// fetchEvents loads the tenant's events with the given IDs.
func (s *Store) fetchEvents(ctx context.Context, q querier, ids []uuid.UUID) (map[uuid.UUID]event, error) {
	out := make(map[uuid.UUID]event, len(ids))
	var sc scanner
	for part := range slices.Chunk(ids, chunk) {
		args := make([]any, 0, len(part)+1)
		args = append(args, s.tenant)
		for _, id := range part {
			args = append(args, idBytes(id))
		}
		rows, err := q.QueryContext(ctx, s.q("SELECT "+readColumns+" FROM {events} WHERE tenant = ? AND id IN ("+placeholders(len(part))+")"), args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			e, err := sc.scan(rows)
			if err != nil {
				rows.Close()
				return nil, err
			}
			out[e.id()] = e
		}
		if err := closeRows(rows); err != nil {
			return nil, err
		}
	}
	return out, nil
}
