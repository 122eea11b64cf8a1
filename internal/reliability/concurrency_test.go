package reliability_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"

	"github.com/cemkit/cem/store"
)

// writeSizes returns writers, touchpoints per writer and batch size: the
// issue's 8 × 50,000 with CEM_LONG=1, a CI-sized 8 × 500 otherwise.
func writeSizes() (writers, each, batch int) {
	if longRun() {
		return 8, 50_000, 500
	}
	return 8, 500, 100
}

// ledger records which customer every appended event was sent for.
type ledger struct {
	mu  sync.Mutex
	ids map[uuid.UUID]string
}

func (l *ledger) record(b store.Batch) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, t := range b.Touchpoints {
		l.ids[t.ID] = t.CustomerID
	}
}

// TestConcurrentWriters has 8 writers append touchpoints while 2 readers
// stream journeys; every fourth batch is sent again by its writer and by
// the neighbouring writer at about the same time. Afterwards it checks
// exact counts: every event stored once, under its customer, none lost.
func TestConcurrentWriters(t *testing.T) {
	forEachAdapter(t, func(t *testing.T, a adapter) {
		s, _ := tenant(t, a.open(t))
		writers, each, batch := writeSizes()
		l := &ledger{ids: map[uuid.UUID]string{}}
		var done atomic.Bool
		var readers sync.WaitGroup
		for r := range 2 {
			readers.Go(func() { streamWhileWriting(t, s, r, &done) })
		}
		start := time.Now()
		var wg sync.WaitGroup
		for w := range writers {
			wg.Go(func() { write(t, s, l, w, writers, each, batch) })
		}
		wg.Wait()
		elapsed := time.Since(start)
		done.Store(true)
		readers.Wait()
		got := events(t, s)
		if len(got) != writers*each {
			t.Errorf("stored %d touchpoints, want %d", len(got), writers*each)
		}
		for id, c := range l.ids {
			if got[id] != c {
				t.Errorf("touchpoint %s of %q: stored under %q", id, c, got[id])
			}
		}
		t.Logf("%s: %d writers × %d touchpoints in %v (%.0f touchpoints/s, readers streaming)", a.name, writers, each, elapsed, float64(writers*each)/elapsed.Seconds())
	})
}

// writerBatch is writer w's batch starting at touchpoint n, for one of
// the writer's 5 customers.
func writerBatch(w, n, size int) store.Batch {
	c := fmt.Sprintf("w%d-c%d", w, n/size%5)
	return store.Batch{Touchpoints: bulk(fmt.Sprint("writer", w), c, n, size)}
}

// write appends each touchpoints for writer w in batches. Every fourth
// batch it sends twice, and it also sends the neighbouring writer's batch
// of the same number, which that writer sends at about the same time: a
// race on the same IDs with equal content, which must store them once.
func write(t *testing.T, s store.Store, l *ledger, w, writers, each, size int) {
	for n := 0; n < each; n += size {
		b := writerBatch(w, n, min(size, each-n))
		sends := []store.Batch{b}
		if n/size%4 == 0 {
			sends = append(sends, writerBatch((w+1)%writers, n, min(size, each-n)), b)
		}
		for i, send := range sends {
			if err := s.Append(context.Background(), send); err != nil {
				t.Errorf("writer %d: Append(touchpoints %d.., send %d) error = %v", w, n, i, err)
				return
			}
		}
		l.record(b)
	}
}

// streamWhileWriting streams every journey again and again until done,
// checking that no journey ever shrinks between passes (nothing is
// deleted while the writers run) and that none holds an ID twice.
func streamWhileWriting(t *testing.T, s store.Store, r int, done *atomic.Bool) {
	seen := map[string]int{}
	for pass := 0; !done.Load(); pass++ {
		for j, err := range s.Journeys(context.Background(), store.Query{}) {
			if err != nil {
				t.Errorf("reader %d pass %d: Journeys() error = %v", r, pass, err)
				return
			}
			if n := j.Len(); n < seen[j.CustomerID()] {
				t.Errorf("reader %d pass %d: journey %q shrank from %d to %d touchpoints", r, pass, j.CustomerID(), seen[j.CustomerID()], n)
			}
			seen[j.CustomerID()] = j.Len()
			ids := map[uuid.UUID]bool{}
			for _, tp := range j.Touchpoints() {
				if ids[tp.ID] {
					t.Errorf("reader %d: journey %q holds %s twice", r, j.CustomerID(), tp.ID)
				}
				ids[tp.ID] = true
			}
		}
		// A short pause between passes leaves the writers most of the CPU.
		time.Sleep(5 * time.Millisecond)
	}
}

// TestConcurrentIdentity races merges and erasures with appends: 4
// writers append to plain customers, to customers being merged away, to
// their survivors and to customers being erased, while one goroutine
// merges and another erases. Afterwards every merged-away customer is
// gone and its survivor holds both histories exactly, with the survivor's
// snapshot kept where both had one for the same day, the plain customers
// are whole, and after a last erasure nothing of the erased customers is
// left.
func TestConcurrentIdentity(t *testing.T) {
	forEachAdapter(t, func(t *testing.T, a adapter) {
		s, _ := tenant(t, a.open(t))
		rounds := 5
		if longRun() {
			rounds = 200
		}
		const pairs = 4
		l := &ledger{ids: map[uuid.UUID]string{}}
		customers := []string{"plain-0", "plain-1", "erase-0", "erase-1"}
		for i := range pairs {
			customers = append(customers, fmt.Sprint("from-", i), fmt.Sprint("into-", i))
		}
		for i := range pairs {
			putMergeSnapshots(t, s, i)
		}
		var writing atomic.Int32
		var wg sync.WaitGroup
		for w := range 4 {
			writing.Add(1)
			wg.Go(func() {
				defer writing.Add(-1)
				appendRounds(t, s, l, w, rounds, customers)
			})
		}
		wg.Go(func() { mergeAll(t, s, pairs) })
		wg.Go(func() { eraseWhile(t, s, &writing, "erase-0", "erase-1") })
		wg.Wait()
		for _, c := range []string{"erase-0", "erase-1"} {
			if _, err := s.Erase(context.Background(), c); err != nil {
				t.Fatalf("Erase(%q) error = %v", c, err)
			}
		}
		checkIdentity(t, s, l, pairs)
	})
}

func appendRounds(t *testing.T, s store.Store, l *ledger, w, rounds int, customers []string) {
	for r := range rounds {
		for _, c := range customers {
			b := store.Batch{Touchpoints: bulk(fmt.Sprint("identity/", w), c, r*10, 10)}
			if err := s.Append(context.Background(), b); err != nil {
				t.Errorf("writer %d: Append(%q) error = %v", w, c, err)
				return
			}
			l.record(b)
		}
	}
}

// putMergeSnapshots gives into-i snapshots on days 0 and 1 and from-i
// snapshots on days 1 and 2, so the merge meets one key collision.
func putMergeSnapshots(t *testing.T, s store.Store, i int) {
	t.Helper()
	from, into := fmt.Sprint("from-", i), fmt.Sprint("into-", i)
	err := s.PutSnapshots(context.Background(), snap(into, 0, 10, "loyal"), snap(into, 1, 11, "loyal"),
		snap(from, 1, 99, "satisfied"), snap(from, 2, 22, "advocate"))
	if err != nil {
		t.Fatalf("PutSnapshots() error = %v", err)
	}
}

// wantMergedSnapshots checks the outcome of putMergeSnapshots after the
// merge: into-i keeps its own day-1 snapshot and gains from-i's day 2.
func wantMergedSnapshots(t *testing.T, s store.Store, i int) {
	t.Helper()
	from, into := fmt.Sprint("from-", i), fmt.Sprint("into-", i)
	want := []string{snapString(snap(into, 0, 10, "loyal")), snapString(snap(into, 1, 11, "loyal")), snapString(snap(into, 2, 22, "advocate"))}
	for c, want := range map[string][]string{into: want, from: nil} {
		var got []string
		for sn, err := range s.Snapshots(context.Background(), c, "") {
			if err != nil {
				t.Fatalf("Snapshots(%q) error = %v", c, err)
			}
			got = append(got, snapString(sn))
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Snapshots(%q) after the merge mismatch (-want +got):\n%s", c, diff)
		}
	}
}

// mergeAll merges from-i into into-i as soon as from-i has a record.
func mergeAll(t *testing.T, s store.Store, pairs int) {
	for i := range pairs {
		for {
			err := s.Merge(context.Background(), fmt.Sprint("from-", i), fmt.Sprint("into-", i))
			if err == nil {
				break
			}
			if !errors.Is(err, store.ErrNotFound) {
				t.Errorf("Merge(from-%d) error = %v", i, err)
				return
			}
			time.Sleep(time.Millisecond)
		}
	}
}

// eraseWhile erases the customers again and again while writers write.
func eraseWhile(t *testing.T, s store.Store, writing *atomic.Int32, customers ...string) {
	for writing.Load() > 0 {
		for _, c := range customers {
			if _, err := s.Erase(context.Background(), c); err != nil {
				t.Errorf("Erase(%q) error = %v", c, err)
				return
			}
		}
		time.Sleep(time.Millisecond)
	}
}

// checkIdentity compares what the store holds with the ledger, after the
// race: from-i's events live under into-i, erased customers' events are
// gone, every other event is where it was sent.
func checkIdentity(t *testing.T, s store.Store, l *ledger, pairs int) {
	t.Helper()
	owner := map[string]string{"erase-0": "", "erase-1": ""}
	for i := range pairs {
		owner[fmt.Sprint("from-", i)] = fmt.Sprint("into-", i)
		if _, err := s.Journey(context.Background(), fmt.Sprint("from-", i), store.Window{}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Journey(from-%d) after the merge error = %v, want ErrNotFound", i, err)
		}
		wantMergedSnapshots(t, s, i)
	}
	got := events(t, s)
	want := 0
	for id, c := range l.ids {
		o, moved := owner[c]
		if !moved {
			o = c
		}
		if o == "" {
			if got[id] != "" {
				t.Errorf("touchpoint %s of erased %q survives under %q", id, c, got[id])
			}
			continue
		}
		want++
		if got[id] != o {
			t.Errorf("touchpoint %s sent for %q: stored under %q, want %q", id, c, got[id], o)
		}
	}
	if len(got) != want {
		t.Errorf("stored %d touchpoints, want %d", len(got), want)
	}
}
