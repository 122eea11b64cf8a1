package scoring_test

import (
	"context"
	"errors"
	"iter"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

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

// threeThenWait yields j three times, then waits for ctx to be done, as an
// input waiting for more data does.
func threeThenWait(ctx context.Context, j *journey.Journey) iter.Seq2[*journey.Journey, error] {
	return func(yield func(*journey.Journey, error) bool) {
		for range 3 {
			if !yield(j, nil) {
				return
			}
		}
		<-ctx.Done()
	}
}

// TestScoreAllStalledInput checks that journeys read before the input
// stalls are all yielded while it stalls: an event-log tail, say, that
// waits for the next event.
func TestScoreAllStalledInput(t *testing.T) {
	for _, workers := range []int{1, 2, 4} {
		ctx, cancel := context.WithCancel(context.Background())
		j := realistic(t, 0)
		tail := threeThenWait(ctx, j) // stalls until the test has its results
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
		waiting := threeThenWait(ctx, j)
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

// explaining is a host's Scorer whose Score returns an explanation for
// some journeys and an error for others, as a host's own Scorer may.
type explaining struct{}

func (explaining) Score(j *journey.Journey) (scoring.Result, error) {
	if j == nil {
		return scoring.Result{}, scoring.ErrNoJourney
	}
	r, err := scoring.Explain(scoring.Recovery{}, j)
	if err != nil || r.Evidence%2 == 0 {
		r.Contributions = nil
	}
	return r, err
}

// TestScoreAllSameAsOneByOne checks every worker count against scoring
// the journeys one by one: indexes, journeys, customers, scores, evidence,
// explanations and errors, for a stream whose results carry explanations
// and errors at scattered places, across chunk boundaries.
func TestScoreAllSameAsOneByOne(t *testing.T) {
	var js []*journey.Journey
	for i := range 1000 {
		j := realistic(t, i)
		if i%97 == 5 {
			j = nil
		}
		js = append(js, j)
	}
	var s explaining
	type got struct {
		Scored scoring.Scored
		Err    string
	}
	var want []got
	for i, j := range js {
		r, err := s.Score(j)
		g := got{Scored: scoring.Scored{Index: i, Journey: j, Result: r}}
		if j != nil {
			g.Scored.CustomerID = j.CustomerID()
		}
		if err != nil {
			g.Err = err.Error()
		}
		want = append(want, g)
	}
	for _, workers := range []int{1, 2, 3, 8} {
		for round := range 5 {
			var all []got
			for sc, err := range scoring.ScoreAll(context.Background(), s, seqOf(js, nil), workers) {
				g := got{Scored: sc}
				if err != nil {
					g.Err = err.Error()
				}
				all = append(all, g)
			}
			if diff := cmp.Diff(want, all, cmp.Comparer(func(a, b *journey.Journey) bool { return a == b })); diff != "" {
				t.Fatalf("workers=%d, round %d: results differ from scoring one by one (-want +got):\n%s", workers, round, diff)
			}
		}
	}
}

// concurrency is a Scorer that records the most calls in progress at once.
type concurrency struct{ now, most *atomic.Int64 }

func (c concurrency) Score(j *journey.Journey) (scoring.Result, error) {
	n := c.now.Add(1)
	defer c.now.Add(-1)
	for {
		m := c.most.Load()
		if n <= m || c.most.CompareAndSwap(m, n) {
			break
		}
	}
	time.Sleep(time.Millisecond)
	return scoring.Mean{}.Score(j)
}

// TestScoreAllSharesAChunk scores one chunk's worth of slow journeys with
// two workers: the goroutine that does not hold the chunk helps score it,
// rather than wait while the other scores all 64.
func TestScoreAllSharesAChunk(t *testing.T) {
	js := manyJourneys(t, 64)
	var now, most atomic.Int64
	n := 0
	for _, err := range scoring.ScoreAll(context.Background(), concurrency{&now, &most}, seqOf(js, nil), 2) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != len(js) || most.Load() != 2 {
		t.Errorf("%d results, at most %d journeys scored at once; want %d and 2", n, most.Load(), len(js))
	}
}

// TestScoreAllRandomRuns runs the pipeline on random streams — lengths
// around chunk boundaries, pauses in the input, slow journeys, an input
// error, a cancellation or a break at random places, 2 to 5 workers — and
// checks each run yields exactly the prefix of results it should, in
// order, and ends the way it should.
func TestScoreAllRandomRuns(t *testing.T) {
	base := manyJourneys(t, 3)
	rng := rand.New(rand.NewPCG(7, 11))
	runs := 300
	if testing.Short() {
		runs = 50
	}
	for run := range runs {
		n := rng.IntN(300)
		workers := 2 + rng.IntN(4)
		pauseAt, slowAt := rng.IntN(n+1), rng.IntN(n+1)
		stopAt := rng.IntN(n + 2) // where the input fails, ctx is cancelled or the loop breaks
		how := rng.IntN(4)        // 0 to the end, 1 input error, 2 cancel, 3 break
		ctx, cancel := context.WithCancel(context.Background())
		broken := errors.New("input broke")
		input := func(yield func(*journey.Journey, error) bool) {
			for i := range n {
				if i == pauseAt {
					time.Sleep(300 * time.Microsecond)
				}
				if how == 1 && i == stopAt {
					yield(nil, broken)
					return
				}
				if !yield(base[i%3], nil) {
					return
				}
			}
		}
		s := slowOn{at: base[slowAt%3]} // every third journey is slow
		next := 0
		var last error
		for r, err := range scoring.ScoreAll(ctx, s, input, workers) {
			if err != nil {
				last = err
				if r.Index != next {
					t.Fatalf("run %d: error %v at index %d, want %d", run, err, r.Index, next)
				}
				continue
			}
			if last != nil {
				t.Fatalf("run %d: a result after the error %v", run, last)
			}
			if r.Index != next || r.Journey != base[next%3] {
				t.Fatalf("run %d: result %d is for index %d", run, next, r.Index)
			}
			next++
			if how == 2 && next == stopAt {
				cancel()
			}
			if how == 3 && next == stopAt {
				break
			}
		}
		cancel()
		switch {
		case how == 1 && stopAt < n:
			if !errors.Is(last, broken) || next != stopAt {
				t.Fatalf("run %d: ended with %v after %d results, want the input's error after %d", run, last, next, stopAt)
			}
		case how == 2 && stopAt >= 1 && stopAt <= n:
			if next > n || next < stopAt || (next < n && !errors.Is(last, context.Canceled)) {
				t.Fatalf("run %d: ended with %v after %d of %d results, cancelled after %d", run, last, next, n, stopAt)
			}
		case how == 3 && stopAt >= 1 && stopAt <= n:
			if next != stopAt || last != nil {
				t.Fatalf("run %d: broke after %d results with %v, want %d", run, next, last, stopAt)
			}
		default:
			if next != n || last != nil {
				t.Fatalf("run %d: %d of %d results, error %v", run, next, n, last)
			}
		}
	}
	checkNoLeak(t)
}

// slowOn scores with Mean, sleeping a little on each journey that is at.
type slowOn struct{ at *journey.Journey }

func (s slowOn) Score(j *journey.Journey) (scoring.Result, error) {
	if j == s.at {
		time.Sleep(20 * time.Microsecond)
	}
	return scoring.Mean{}.Score(j)
}
