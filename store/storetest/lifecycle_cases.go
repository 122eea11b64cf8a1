package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/touchpoint"
)

func lifecycleCases() []testCase {
	return []testCase{
		{"CancelledContext", "every method returns the context's error for a cancelled context, and writes store nothing", cancelledContext},
		{"CancelMidBulk", "cancelling the context while a big Append runs either lets it finish whole or stores nothing", cancelMidBulk},
		{"CancelMidStream", "cancelling the context while streaming stops the stream with the context's error", cancelMidStream},
		{"Closed", "after Close, Tenant and every method of a store taken before return ErrClosed, never panic", closed},
		{"ConcurrentAppends", "appends from several goroutines at once all land, none twice", concurrentAppends},
		{"ConcurrentMixed", "reads, appends, merges and erasures may run at once", concurrentMixed},
	}
}

func cancelledContext(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	mustAppend(t, s, story("c1", 0))
	put(t, s, snap("c1", 0, 1, "loyal"))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	for name, err := range callEverything(t, s, ctx) {
		wantErr(t, name+" with a cancelled context", err, context.Canceled)
	}
	wantJourney(t, s, "c1", store.Window{}, journeyOf(t, "c1", story("c1", 0)))
	wantCounts(t, s, counts{Customers: 1, Touchpoints: 3, Failures: 1, Recoveries: 1})
	if got := collect(t, "Snapshots", s.Snapshots(t.Context(), "c1", "")); len(got) != 1 {
		t.Errorf("Snapshots(c1) = %d, want 1", len(got))
	}
}

// callEverything calls every method of s with ctx, with arguments that
// would succeed and change data, and returns each error.
func callEverything(t *testing.T, s store.Store, ctx context.Context) map[string]error {
	t.Helper()
	_, journeyErr := s.Journey(ctx, "c1", store.Window{})
	_, eraseErr := s.Erase(ctx, "c1")
	return map[string]error{
		"Append":       s.Append(ctx, bulk("ctx", 2000)),
		"Journey":      journeyErr,
		"Journeys":     streamErr(t, "Journeys", s.Journeys(ctx, store.Query{})),
		"Merge":        s.Merge(ctx, "c1", "c2"),
		"Erase":        eraseErr,
		"PutSnapshots": s.PutSnapshots(ctx, snap("c1", 5, 1, "loyal")),
		"Snapshots":    streamErr(t, "Snapshots", s.Snapshots(ctx, "c1", "")),
		"Latest":       streamErr(t, "Latest", s.Latest(ctx, store.LatestQuery{Name: "ladder"})),
		"Transitions":  streamErr(t, "Transitions", s.Transitions(ctx, store.TransitionQuery{Name: "ladder"})),
	}
}

func cancelMidBulk(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	for _, delay := range []time.Duration{0, 100 * time.Microsecond, time.Millisecond, 5 * time.Millisecond} {
		ctx, cancel := context.WithCancel(t.Context())
		batch := BenchData(int(delay), 200, 100)
		timer := time.AfterFunc(delay, cancel)
		err := s.Append(ctx, batch)
		timer.Stop()
		cancel()
		n := 0
		for _, j := range collect(t, "Journeys()", s.Journeys(t.Context(), store.Query{})) {
			if strings.HasPrefix(j.CustomerID(), fmt.Sprintf("bench-%d-", delay)) {
				n += j.Len()
			}
		}
		switch {
		case err == nil && n != len(batch.Touchpoints):
			t.Errorf("Append() cancelled after %v returned nil but stored %d of %d touchpoints", delay, n, len(batch.Touchpoints))
		case err != nil && !errors.Is(err, context.Canceled):
			t.Errorf("Append() cancelled after %v error = %v, want context.Canceled", delay, err)
		case err != nil && n != 0:
			t.Errorf("Append() cancelled after %v failed but stored %d touchpoints", delay, n)
		}
	}
}

func cancelMidStream(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	customers(t, s, "x", 50)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	n := 0
	var last error
	for _, err := range s.Journeys(ctx, store.Query{}) {
		if err != nil {
			last = err
			break
		}
		if n++; n == 5 {
			cancel()
		}
	}
	if !errors.Is(last, context.Canceled) || n >= 50 {
		t.Errorf("Journeys() after cancel: %d journeys then error %v; want fewer than 50, then context.Canceled", n, last)
	}
}

func closed(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	mustAppend(t, s, story("c1", 0))
	if err := b.Close(); err != nil {
		t.Fatalf("Close() error = %v", err)
	}
	_, err := b.Tenant("another")
	wantErr(t, "Tenant() after Close", err, store.ErrClosed)
	for name, err := range callEverything(t, s, t.Context()) {
		wantErr(t, name+" after Close", err, store.ErrClosed)
	}
}

func concurrentAppends(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	const writers, batches, size = 4, 10, 25
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range batches {
				var batch store.Batch
				for k := range size {
					c := fmt.Sprintf("c%d", (w+k)%7)
					batch.Touchpoints = append(batch.Touchpoints, tp(c, 1000*w+100*i+k, touchpoint.Web, touchpoint.Browse))
				}
				// Every writer also re-sends a shared event.
				batch.Touchpoints = append(batch.Touchpoints, web("shared", i))
				if err := s.Append(t.Context(), batch); err != nil {
					t.Errorf("writer %d: Append() error = %v", w, err)
					return
				}
			}
		})
	}
	wg.Wait()
	wantCounts(t, s, counts{Customers: 8, Touchpoints: writers*batches*size + batches})
}

func concurrentMixed(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	for i := range 10 {
		mustAppend(t, s, story(fmt.Sprintf("m%d", i), 0))
	}
	ctx := t.Context()
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range 10 {
			batch := store.Batch{Touchpoints: []touchpoint.Touchpoint{web(fmt.Sprintf("m%d", i), 10), web("new", i)}}
			if err := s.Append(ctx, batch); err != nil {
				t.Errorf("Append() error = %v", err)
			}
		}
	})
	wg.Go(func() {
		for i := 0; i < 8; i += 2 {
			if err := s.Merge(ctx, fmt.Sprintf("m%d", i), fmt.Sprintf("m%d", i+1)); err != nil {
				t.Errorf("Merge() error = %v", err)
			}
		}
	})
	wg.Go(func() {
		for range 5 {
			for _, err := range s.Journeys(ctx, store.Query{}) {
				if err != nil {
					t.Errorf("Journeys() error = %v", err)
				}
			}
		}
	})
	wg.Go(func() {
		if _, err := s.Erase(ctx, "m8"); err != nil {
			t.Errorf("Erase() error = %v", err)
		}
	})
	wg.Wait()
	// Whatever the interleaving, each merged history is whole, once.
	for i := 0; i < 8; i += 2 {
		wantNoJourney(t, s, fmt.Sprintf("m%d", i))
		j, err := s.Journey(ctx, fmt.Sprintf("m%d", i+1), store.Window{})
		if err != nil || j.Len() != 8 || len(j.Failures()) != 2 || len(j.Recoveries()) != 2 {
			t.Errorf("Journey(m%d) = %d touchpoints, %d failures, error %v; want 8, 2", i+1, journeyLen(j), failures(j), err)
		}
	}
	wantJourney(t, s, "m9", store.Window{}, journeyOf(t, "m9", story("m9", 0), store.Batch{Touchpoints: []touchpoint.Touchpoint{web("m9", 10)}}))
	if j, err := s.Journey(ctx, "new", store.Window{}); err != nil || j.Len() != 10 {
		t.Errorf("Journey(new) = %d touchpoints, error %v; want 10", journeyLen(j), err)
	}
}

func failures(j *journey.Journey) int {
	if j == nil {
		return 0
	}
	return len(j.Failures())
}
