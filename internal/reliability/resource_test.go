package reliability_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/store/sqlstore"
)

// streamSizes returns the customers and touchpoints per customer of the
// streaming test: 1M touchpoints with CEM_LONG=1, 10,000 otherwise.
func streamSizes() (customers, each int) {
	if longRun() {
		return 10_000, 100
	}
	return 100, 100
}

// TestStreamMemoryFlat ingests many journeys into a SQLite file, then
// streams them in a child process twice: a tenth of the customers, and all
// of them. Reading is lazy, so the peak of the child's anonymous memory
// (heap, stacks, the driver's page cache) in the full read stays close to
// the tenth's instead of growing with the data. The peak RSS is reported
// too, but not bounded: sqlstore maps the database file into memory
// (mmap_size), and the file pages it touches count in RSS although they are
// the kernel's reclaimable page cache, not memory the process holds.
func TestStreamMemoryFlat(t *testing.T) {
	customers, each := streamSizes()
	path := filepath.Join(t.TempDir(), "stream.db")
	start := time.Now()
	ingestForStream(t, path, customers, each)
	t.Logf("ingested %d touchpoints in %v", customers*each, time.Since(start))
	tenth := streamChild(t, path, customers/10)
	all := streamChild(t, path, 0)
	if all.touchpoints != customers*each || tenth.touchpoints != customers*each/10 {
		t.Fatalf("streamed %d and %d touchpoints, want %d and %d", all.touchpoints, tenth.touchpoints, customers*each, customers*each/10)
	}
	for _, r := range []streamed{tenth, all} {
		t.Logf("streaming %d touchpoints: peak anonymous memory %d KiB, peak RSS %d KiB, Go runtime %d KiB",
			r.touchpoints, r.anon, r.rss, r.goSys)
	}
	// 25 % and 16 MiB of slack for the allocators, far below what holding
	// the data would take (about 200 bytes a touchpoint).
	if limit := tenth.anon*5/4 + 16<<10; all.anon > limit {
		t.Errorf("memory grew with the data: %d KiB for all, %d KiB for a tenth (limit %d KiB)", all.anon, tenth.anon, limit)
	}
}

// ingestForStream appends each touchpoints, with two attributes, for
// every customer, ten customers per batch.
func ingestForStream(t *testing.T, path string, customers, each int) {
	t.Helper()
	b, err := sqlstore.OpenSQLite(path, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	s, err := b.Tenant(childTenant)
	if err != nil {
		t.Fatal(err)
	}
	for c := 0; c < customers; c += 10 {
		var batch store.Batch
		for i := c; i < min(c+10, customers); i++ {
			tps := bulk("stream", fmt.Sprintf("c%06d", i), 0, each)
			for k := range tps {
				tps[k].Attributes = map[string]string{"order": strconv.Itoa(k), "store": "berlin-mitte"}
			}
			batch.Touchpoints = append(batch.Touchpoints, tps...)
		}
		mustAppend(t, s, batch)
	}
}

// streamed is what a stream child reports, in KiB.
type streamed struct{ journeys, touchpoints, anon, rss, goSys int }

// streamChild streams the first limit journeys (0: all) in a child
// process and returns what it reported.
func streamChild(t *testing.T, path string, limit int) streamed {
	t.Helper()
	out, err := child(t, "stream", envSQLite+"="+path, envLimit+"="+strconv.Itoa(limit)).Output()
	if err != nil {
		t.Fatalf("stream child: %v", err)
	}
	var r streamed
	_, err = fmt.Sscanf(string(out), "journeys=%d touchpoints=%d peak_anon_kb=%d peak_rss_kb=%d go_sys_kb=%d",
		&r.journeys, &r.touchpoints, &r.anon, &r.rss, &r.goSys)
	if err != nil {
		t.Fatalf("stream child said %q: %v", out, err)
	}
	return r
}

// TestCancelledRead cancels long streaming reads after their first row on
// every adapter: each stream must end with the context's error within 2 s
// (a correctness bound, not a benchmark).
func TestCancelledRead(t *testing.T) {
	forEachAdapter(t, func(t *testing.T, a adapter) {
		s, _ := tenant(t, a.open(t))
		var batch store.Batch
		var snaps []store.Snapshot
		for c := range 500 {
			id := fmt.Sprintf("c%04d", c)
			batch.Touchpoints = append(batch.Touchpoints, bulk("cancel", id, 0, 4)...)
			snaps = append(snaps, snap(id, 0, 50, "loyal"), snap(id, 1, 20, "satisfied"))
		}
		mustAppend(t, s, batch)
		if err := s.PutSnapshots(context.Background(), snaps...); err != nil {
			t.Fatal(err)
		}
		type read func(ctx context.Context, cancel context.CancelFunc) (int, error)
		streams := map[string]read{
			"Journeys": func(ctx context.Context, cancel context.CancelFunc) (int, error) {
				return stopAfterFirst(cancel, s.Journeys(ctx, store.Query{}))
			},
			"Latest": func(ctx context.Context, cancel context.CancelFunc) (int, error) {
				return stopAfterFirst(cancel, s.Latest(ctx, store.LatestQuery{Name: "ladder"}))
			},
			"Transitions": func(ctx context.Context, cancel context.CancelFunc) (int, error) {
				return stopAfterFirst(cancel, s.Transitions(ctx, store.TransitionQuery{Name: "ladder"}))
			},
		}
		for name, run := range streams {
			ctx, cancel := context.WithCancel(context.Background())
			start := time.Now()
			n, err := run(ctx, cancel)
			cancel()
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("%s: cancelled stream took %v to stop", name, took)
			}
			if !errors.Is(err, context.Canceled) {
				t.Errorf("%s: cancelled stream ended after %d rows with error %v, want context.Canceled", name, n, err)
			}
		}
	})
}

// stopAfterFirst reads a stream, cancelling its context after the first
// row, and returns the rows read after the cancellation and the stream's
// error.
func stopAfterFirst[T any](cancel context.CancelFunc, seq iter.Seq2[T, error]) (int, error) {
	n := -1
	for _, err := range seq {
		if err != nil {
			return max(n, 0), err
		}
		if n < 0 {
			cancel()
		}
		n++
	}
	return max(n, 0), nil
}
