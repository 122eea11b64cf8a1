package scoring

import (
	"context"
	"iter"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cemkit/cem/journey"
)

// indexed scores the journey at index i of the input as i.
type indexed map[*journey.Journey]int

func (m indexed) Score(j *journey.Journey) (Result, error) {
	return Result{Score: float64(m[j]), Evidence: m[j]}, nil
}

// TestScoreAllHelperDescheduled delays goroutines between taking a chunk
// and claiming its first journey, as a descheduled thread would be, while
// others score the chunk, the caller yields it and the reader reuses it:
// the late goroutine must find nothing left to claim, not score the
// chunk's next use with its old size (a review found wrong results and an
// index-out-of-range panic on the caller).
func TestScoreAllHelperDescheduled(t *testing.T) {
	const n = 20000
	js := make([]*journey.Journey, n)
	m := indexed{}
	for i := range js {
		js[i] = journey.New("c")
		m[js[i]] = i
	}
	// pauses make partly filled chunks of varying sizes
	input := func(yield func(*journey.Journey, error) bool) {
		rng := rand.New(rand.NewPCG(1, 2))
		for _, j := range js {
			if rng.IntN(40) == 0 {
				time.Sleep(time.Duration(rng.IntN(300)) * time.Microsecond)
			}
			if !yield(j, nil) {
				return
			}
		}
	}
	var calls atomic.Int64
	testHookBeforeClaim = func() {
		if calls.Add(1)%3 == 0 {
			time.Sleep(2 * time.Millisecond)
		}
	}
	defer func() { testHookBeforeClaim = nil }()
	next := 0
	for sc, err := range ScoreAll(context.Background(), m, input, 3) {
		if err != nil {
			t.Fatalf("result %d: %v", next, err)
		}
		if sc.Index != next || sc.Journey != js[next] || sc.Result.Score != float64(next) {
			t.Fatalf("result %d: index %d, score %v", next, sc.Index, sc.Result.Score)
		}
		next++
	}
	if next != n {
		t.Errorf("%d of %d results", next, n)
	}
}

// onReader takes 300 ms when ScoreAll's reading goroutine calls it, which
// it does inside the input's loop (in batch.next), and no time otherwise.
type onReader struct{ active *atomic.Int64 }

func (s onReader) Score(j *journey.Journey) (Result, error) {
	s.active.Add(1)
	defer s.active.Add(-1)
	buf := make([]byte, 8192)
	if strings.Contains(string(buf[:runtime.Stack(buf, false)]), "(*batch).next") {
		time.Sleep(300 * time.Millisecond)
	}
	return Mean{}.Score(j)
}

// TestScoreAllBreakWaitsForReader breaks out of the loop while the reading
// goroutine is scoring: as with a cancellation, no Score call may still be
// running when ScoreAll's iterator returns.
func TestScoreAllBreakWaitsForReader(t *testing.T) {
	js := make([]*journey.Journey, 64*12)
	for i := range js {
		js[i] = journey.New("c")
	}
	var active atomic.Int64
	k := 0
	for range ScoreAll(context.Background(), onReader{&active}, slice(js), 2) {
		if k++; k == 65 { // the first chunk is yielded; the reader reads on, then scores
			time.Sleep(20 * time.Millisecond)
			break
		}
	}
	if n := active.Load(); n != 0 {
		t.Errorf("ScoreAll returned after a break with %d Score call(s) still running", n)
	}
}

// lateBoom scores the journeys in first. On others it signals started,
// pauses and panics, except on the caller's goroutine, where it waits for
// started, so that journeys are left for the other goroutines.
type lateBoom struct {
	first   map[*journey.Journey]bool
	started chan struct{}
	once    *sync.Once
}

func (s lateBoom) Score(j *journey.Journey) (Result, error) {
	if s.first[j] {
		return Mean{}.Score(j)
	}
	buf := make([]byte, 8192)
	if strings.Contains(string(buf[:runtime.Stack(buf, false)]), "(*batch).results") {
		<-s.started
		return Mean{}.Score(j)
	}
	s.once.Do(func() { close(s.started) })
	time.Sleep(100 * time.Millisecond)
	panic("late boom")
}

// TestScoreAllPanicsAround breaks out of the loop, cancels the run, or
// panics in the loop body while another goroutine is in a Score call that
// then panics. After a break or a cancellation that panic is raised on the
// caller's goroutine, not lost; the loop body's own panic is never
// replaced by it.
func TestScoreAllPanicsAround(t *testing.T) {
	for _, tc := range []struct {
		name string
		body func(cancel func()) (stop bool)
		want any
	}{
		{"break", func(func()) bool { return true }, "late boom"},
		{"cancel", func(cancel func()) bool { cancel(); return false }, "late boom"},
		{"body panics", func(func()) bool { panic("body") }, "body"},
	} {
		for _, workers := range []int{2, 3} {
			js, first := firstChunked(500)
			s := lateBoom{first, make(chan struct{}), new(sync.Once)}
			got := func() (p any) {
				defer func() { p = recover() }()
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				for range ScoreAll(ctx, s, slice(js), workers) {
					select { // act while another goroutine is in a Score call
					case <-s.started:
					case <-time.After(10 * time.Second):
						t.Fatalf("%s, workers=%d: no Score call began on another goroutine", tc.name, workers)
					}
					if tc.body(cancel) {
						break
					}
				}
				return nil
			}()
			if got != tc.want {
				t.Errorf("%s, workers=%d: recovered %v, want %v", tc.name, workers, got, tc.want)
			}
		}
	}
}

// TestScoreAllInputPanicAfterBreak breaks out of the loop; the input
// panics when its yield then returns false: the panic is raised on the
// caller's goroutine with any number of workers, as with one.
func TestScoreAllInputPanicAfterBreak(t *testing.T) {
	js := make([]*journey.Journey, 5000) // more than the scorers read ahead
	for i := range js {
		js[i] = journey.New("c")
	}
	for _, workers := range []int{1, 2, 3} {
		for run := range 10 {
			got := func() (p any) {
				defer func() { p = recover() }()
				for range ScoreAll(context.Background(), Mean{}, func(yield func(*journey.Journey, error) bool) {
					for _, j := range js {
						if !yield(j, nil) {
							panic("input boom")
						}
					}
				}, workers) {
					break
				}
				return nil
			}()
			if got != "input boom" {
				t.Fatalf("workers=%d, run %d: recovered %v, want the input's panic", workers, run, got)
			}
		}
	}
}

// firstChunked returns n journeys and which of them are in the first chunk.
func firstChunked(n int) ([]*journey.Journey, map[*journey.Journey]bool) {
	js := make([]*journey.Journey, n)
	first := map[*journey.Journey]bool{}
	for i := range js {
		js[i] = journey.New("c")
		first[js[i]] = i < chunkSize
	}
	return js, first
}

// slice streams js.
func slice(js []*journey.Journey) iter.Seq2[*journey.Journey, error] {
	return func(yield func(*journey.Journey, error) bool) {
		for _, j := range js {
			if !yield(j, nil) {
				return
			}
		}
	}
}
