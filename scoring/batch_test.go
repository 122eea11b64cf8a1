package scoring_test

import (
	"context"
	"errors"
	"iter"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/scoring"
	"github.com/cemkit/cem/touchpoint"
)

// seqOf streams js, then err if it is not nil.
func seqOf(js []*journey.Journey, err error) iter.Seq2[*journey.Journey, error] {
	return func(yield func(*journey.Journey, error) bool) {
		for _, j := range js {
			if !yield(j, nil) {
				return
			}
		}
		if err != nil {
			yield(nil, err)
		}
	}
}

func manyJourneys(t *testing.T, n int) []*journey.Journey {
	t.Helper()
	base := []*journey.Journey{realistic(t, 0), realistic(t, 1), realistic(t, 2)}
	js := make([]*journey.Journey, n)
	for i := range js {
		js[i] = base[i%len(base)]
	}
	return js
}

func TestScoreAllOrder(t *testing.T) {
	js := manyJourneys(t, 1000)
	s := scoring.Recovery{}
	for _, workers := range []int{0, 1, 2, 7} {
		i := 0
		for got, err := range scoring.ScoreAll(context.Background(), s, seqOf(js, nil), workers) {
			if err != nil {
				t.Fatalf("workers=%d: %v", workers, err)
			}
			want, _ := s.Score(js[i])
			if got.Index != i || got.Journey != js[i] || got.CustomerID != customer || got.Result.Score != want.Score {
				t.Fatalf("workers=%d: result %d is %+v, want index %d score %v", workers, i, got, i, want.Score)
			}
			i++
		}
		if i != len(js) {
			t.Errorf("workers=%d: %d results, want %d", workers, i, len(js))
		}
	}
}

// batchWorkers are the worker counts the batch tests run: one worker scores
// on the caller's goroutine, more use the pipeline.
var batchWorkers = []int{1, 2}

func TestScoreAllErrors(t *testing.T) {
	js := manyJourneys(t, 300)
	js[150] = nil
	broken := errors.New("store: connection lost")
	for _, workers := range batchWorkers {
		var got []error
		n := 0
		for r, err := range scoring.ScoreAll(context.Background(), scoring.Mean{}, seqOf(js, broken), workers) {
			n++
			if err != nil {
				got = append(got, err)
				if r.Index != 150 && r.Index != 300 {
					t.Errorf("workers=%d: error %v at index %d", workers, err, r.Index)
				}
			}
		}
		if n != 301 || len(got) != 2 || !errors.Is(got[0], scoring.ErrNoJourney) || !errors.Is(got[1], broken) {
			t.Errorf("workers=%d: got %d results with errors %v; want 301 with ErrNoJourney then the input's error", workers, n, got)
		}
	}
}

func TestScoreAllCancel(t *testing.T) {
	for _, workers := range batchWorkers {
		ctx, cancel := context.WithCancel(context.Background())
		endless := func(yield func(*journey.Journey, error) bool) {
			j := realistic(t, 0)
			for yield(j, nil) {
			}
		}
		n := 0
		var last error
		var lastIndex int
		for r, err := range scoring.ScoreAll(ctx, scoring.Mean{}, endless, workers) {
			if n++; n == 500 {
				cancel()
			}
			if err != nil {
				last, lastIndex = err, r.Index
			}
		}
		cancel()
		if !errors.Is(last, context.Canceled) || lastIndex != n-1 {
			t.Errorf("workers=%d: last error = %v at index %d after %d results, want context.Canceled at %d", workers, last, lastIndex, n, n-1)
		}
		checkNoLeak(t)
	}
}

func TestScoreAllBreak(t *testing.T) {
	js := manyJourneys(t, 5000)
	for _, workers := range batchWorkers {
		var read atomic.Int64
		counted := func(yield func(*journey.Journey, error) bool) {
			for _, j := range js {
				read.Add(1)
				if !yield(j, nil) {
					return
				}
			}
		}
		for range scoring.ScoreAll(context.Background(), scoring.Mean{}, counted, workers) {
			break
		}
		if read.Load() == int64(len(js)) {
			t.Errorf("workers=%d: breaking after the first result still read the whole input", workers)
		}
		checkNoLeak(t)
	}
}

// checkNoLeak waits briefly for goroutines started by ScoreAll to end.
func checkNoLeak(t *testing.T) {
	t.Helper()
	buf := make([]byte, 1<<16)
	for range 100 {
		n := runtime.Stack(buf, true)
		if !containsScoring(string(buf[:n])) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Errorf("ScoreAll left goroutines behind:\n%s", buf)
}

func containsScoring(stacks string) bool {
	return strings.Contains(stacks, "scoring.(*batch)")
}

func TestScoreAllCancelledBeforeStart(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, workers := range batchWorkers {
		var errs []error
		n := 0
		for _, err := range scoring.ScoreAll(ctx, scoring.Mean{}, seqOf(manyJourneys(t, 1000), nil), workers) {
			n++
			if err != nil {
				errs = append(errs, err)
			}
		}
		if n != 1 || len(errs) != 1 || !errors.Is(errs[0], context.Canceled) {
			t.Errorf("workers=%d: %d results with errors %v, want only one context.Canceled", workers, n, errs)
		}
		checkNoLeak(t)
	}
}

func TestScoreAllNilScorer(t *testing.T) {
	var errs []error
	for _, err := range scoring.ScoreAll(context.Background(), nil, seqOf(manyJourneys(t, 10), nil), 1000) {
		errs = append(errs, err)
	}
	var verr *touchpoint.ValidationError
	if len(errs) != 1 || !errors.As(errs[0], &verr) {
		t.Errorf("errors = %v, want one ValidationError", errs)
	}
}

// slowly streams j every gap until ctx is done, counting what it read.
func slowly(ctx context.Context, j *journey.Journey, gap time.Duration, read *atomic.Int64) iter.Seq2[*journey.Journey, error] {
	return func(yield func(*journey.Journey, error) bool) {
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(gap):
			}
			read.Add(1)
			if !yield(j, nil) {
				return
			}
		}
	}
}

// TestScoreAllSlowInput checks that a journey read from a slow input is
// scored and yielded while the input waits for the next one, not once a
// whole chunk has arrived, and that cancellation ends the batch promptly.
func TestScoreAllSlowInput(t *testing.T) {
	for _, workers := range []int{1, 2, 4} {
		ctx, cancel := context.WithCancel(context.Background())
		var read atomic.Int64
		var atFirst int64
		n := 0
		var last error
		start := time.Now()
		for r, err := range scoring.ScoreAll(ctx, scoring.Mean{}, slowly(ctx, realistic(t, 0), 2*time.Millisecond, &read), workers) {
			if err != nil {
				last = err
				if r.Index != n {
					t.Errorf("workers=%d: cancellation at index %d after %d results", workers, r.Index, n)
				}
				continue
			}
			if n++; n == 1 {
				atFirst = read.Load()
			}
			if n == 5 {
				cancel()
			}
		}
		cancel()
		if atFirst > 3 {
			t.Errorf("workers=%d: the first result came after %d journeys were read", workers, atFirst)
		}
		if !errors.Is(last, context.Canceled) {
			t.Errorf("workers=%d: last error %v, want context.Canceled", workers, last)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("workers=%d: took %v", workers, d)
		}
		checkNoLeak(t)
	}
}

// TestScoreAllStalledInput checks that journeys read before the input
// stalls are all yielded while it stalls: an event-log tail, say, that
// waits for the next event.
func TestScoreAllStalledInput(t *testing.T) {
	for _, workers := range []int{1, 2, 4} {
		ctx, cancel := context.WithCancel(context.Background())
		j := realistic(t, 0)
		tail := func(yield func(*journey.Journey, error) bool) {
			for range 3 {
				if !yield(j, nil) {
					return
				}
			}
			<-ctx.Done() // stalls until the test has its results
		}
		got := make(chan int, 1)
		go func() {
			n := 0
			for _, err := range scoring.ScoreAll(ctx, scoring.Mean{}, tail, workers) {
				if err == nil {
					if n++; n == 3 {
						got <- n
					}
				}
			}
		}()
		select {
		case <-got:
		case <-time.After(10 * time.Second):
			t.Errorf("workers=%d: the three journeys read before the stall were not all yielded", workers)
		}
		cancel()
		checkNoLeak(t)
	}
}

// TestScoreAllBreakWhileInputWaits breaks out of the loop while the input
// is blocked waiting for data on the caller's context, which the caller
// cancels only after the loop: ScoreAll must return without waiting for
// the input.
func TestScoreAllBreakWhileInputWaits(t *testing.T) {
	for _, workers := range []int{1, 2, 4} {
		ctx, cancel := context.WithCancel(context.Background())
		j := realistic(t, 0)
		waiting := func(yield func(*journey.Journey, error) bool) {
			for range 3 {
				if !yield(j, nil) {
					return
				}
			}
			<-ctx.Done()
		}
		returned := make(chan struct{})
		go func() {
			defer close(returned)
			for range scoring.ScoreAll(ctx, scoring.Mean{}, waiting, workers) {
				break
			}
		}()
		select {
		case <-returned:
		case <-time.After(10 * time.Second):
			t.Errorf("workers=%d: the loop did not end after break", workers)
		}
		cancel()
		<-returned
		checkNoLeak(t)
	}
}

// counting is a Scorer that counts its calls and sleeps a little in each.
type counting struct{ calls *atomic.Int64 }

func (c counting) Score(j *journey.Journey) (scoring.Result, error) {
	c.calls.Add(1)
	time.Sleep(time.Millisecond)
	return scoring.Mean{}.Score(j)
}

// TestScoreAllCancelStopsScoring cancels the batch and checks that each
// scoring goroutine scores at most the journey it had begun, not the rest
// of its chunk.
func TestScoreAllCancelStopsScoring(t *testing.T) {
	js := manyJourneys(t, 2000)
	for _, workers := range []int{1, 2, 4} {
		var calls atomic.Int64
		ctx, cancel := context.WithCancel(context.Background())
		var atCancel int64
		n := 0
		for _, err := range scoring.ScoreAll(ctx, counting{&calls}, seqOf(js, nil), workers) {
			if err != nil {
				break
			}
			if n++; n == 100 {
				atCancel = calls.Load()
				cancel()
			}
		}
		cancel()
		if extra := calls.Load() - atCancel; extra > int64(workers) {
			t.Errorf("workers=%d: %d journeys scored after the cancellation, want at most %d", workers, extra, workers)
		}
		checkNoLeak(t)
	}
}

// panicking panics on the journey after the first n.
type panicking struct {
	calls *atomic.Int64
	n     int64
}

func (p panicking) Score(j *journey.Journey) (scoring.Result, error) {
	if p.calls.Add(1) > p.n {
		panic("scorer broke")
	}
	return scoring.Mean{}.Score(j)
}

// TestScoreAllPanicReachesCaller checks that a panic in the Scorer or in
// the input, whichever goroutine it happens on, can be recovered by the
// caller, as with one worker.
func TestScoreAllPanicReachesCaller(t *testing.T) {
	js := manyJourneys(t, 1000)
	brokenInput := func(yield func(*journey.Journey, error) bool) {
		for i, j := range js {
			if i == 500 {
				panic("input broke")
			}
			if !yield(j, nil) {
				return
			}
		}
	}
	for _, workers := range []int{1, 2, 4} {
		for _, tc := range []struct {
			name  string
			s     scoring.Scorer
			input iter.Seq2[*journey.Journey, error]
			want  string
		}{
			{"scorer", panicking{new(atomic.Int64), 300}, seqOf(js, nil), "scorer broke"},
			{"input", scoring.Mean{}, brokenInput, "input broke"},
		} {
			got := func() (p any) {
				defer func() { p = recover() }()
				for range scoring.ScoreAll(context.Background(), tc.s, tc.input, workers) {
				}
				return nil
			}()
			if got != tc.want {
				t.Errorf("workers=%d, %s: recovered %v, want %q", workers, tc.name, got, tc.want)
			}
			checkNoLeak(t)
		}
	}
}
