package scoring

import (
	"context"
	"iter"
	"runtime"
	"sync"
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

// Scored is one journey's result in a batch.
type Scored struct {
	// Index is the journey's position in the input, from 0.
	Index int
	// Journey is the input journey, for grouping results (see [Collector]).
	Journey *journey.Journey
	// CustomerID is the journey's customer.
	CustomerID string
	// Result is the journey's score; zero when scoring it failed.
	Result Result
}

// MaxWorkers caps the workers of [ScoreAll].
const MaxWorkers = 256

// ScoreAll scores a stream of journeys with s, using up to workers
// goroutines (workers ≤ 0 means runtime.GOMAXPROCS(0), and at most
// [MaxWorkers]), and yields the results in input order. A nil s is yielded
// as a *[touchpoint.ValidationError].
//
// A journey that s cannot score is yielded with its error and the batch
// goes on. An error from the input itself is yielded once, after the
// results before it, and ends the batch, as does the cancellation of ctx
// (yielding ctx.Err() with the index of the first journey not yielded).
//
// With more than one worker the input is read on a goroutine of ScoreAll
// that also scores whenever it has read far enough ahead, workers−2
// further goroutines score, and so does the caller's goroutine while it
// waits for the next results in order; s must be safe for concurrent use,
// as the [Scorer] contract requires. The input is handed to the scorers in
// chunks of up to 64 journeys when it is faster than they are, and
// whatever has been read once it has paused for 100 µs, so a slow input
// (an event-log tail, say) is scored as it arrives: no journey waits for
// the next one. A goroutine with nothing else to do helps score a chunk
// that another goroutine is scoring, so the next results in order never
// wait for one goroutine alone; while the last of them are being scored
// elsewhere, or the first chunk is being read, the caller's goroutine
// polls for up to 50 µs before it sleeps, since waking a sleeping
// goroutine can take as long. At most
// about 128 journeys per worker are in flight, so memory stays bounded
// however long the stream. While the input blocks waiting for data, the
// reading goroutine waits with it, so with two workers the journeys
// already read are scored by the caller's goroutine alone. With one worker
// ScoreAll starts no goroutine: it reads, scores and yields each journey
// in turn on the caller's goroutine.
//
// Cancelling ctx stops the scoring within a journey and the reading of
// the input before ScoreAll's iterator returns; ScoreAll checks ctx before
// reading and before scoring each journey. An input that can block waiting
// for data must itself return when ctx is cancelled, since ScoreAll then
// waits for it. Breaking out of the loop stops the scoring the same way:
// ScoreAll returns once the Score calls in progress have. It also waits
// for the input to return, but with more than one worker for 50 ms at
// most: an input still blocked waiting for data then (on a context the
// caller cancels only after the loop, say) is left to end on ScoreAll's
// reading goroutine when it next yields (the yield returns false) or
// returns.
//
// A panic in s or in the input, on any goroutine of ScoreAll, is raised
// again on the caller's goroutine, as it would be with one worker; so is
// one in a Score call still in progress when the run was cancelled or the
// caller broke out of its loop, and one in the input once its yield
// returned false, unless the input is still blocked when the 50 ms above
// have passed: ScoreAll has returned by then, and such a panic is dropped.
// A panic in the caller's loop body is raised as it is, never replaced.
func ScoreAll(ctx context.Context, s Scorer, journeys iter.Seq2[*journey.Journey, error], workers int) iter.Seq2[Scored, error] {
	return func(yield func(Scored, error) bool) {
		if s == nil {
			yield(Scored{}, touchpoint.Invalid(entity, "scorer", "nil", "must be set"))
			return
		}
		if workers <= 0 {
			workers = runtime.GOMAXPROCS(0)
		}
		workers = min(workers, MaxWorkers)
		if workers == 1 {
			scoreInline(ctx, s, journeys, yield)
			return
		}
		ctx, cancel := context.WithCancel(ctx)
		b := newBatch(ctx, cancel, s, workers)
		var wg sync.WaitGroup
		read := make(chan struct{})
		finished, broke := false, false
		defer func() {
			cancel()
			wg.Wait()
			b.waitReader() // no Score call of the run outlives ScoreAll
			// A Score call still running when the run stopped, or the
			// input once its yield returned false, may have panicked since
			// results looked: raise that too, but not over a panic of the
			// loop body (neither finished nor broke).
			raise := func() {
				b.mu.Lock()
				p := b.panic
				b.mu.Unlock()
				if p != nil {
					panic(p)
				}
			}
			if finished {
				<-read
				raise()
				return
			}
			// After a break (or a panic in the loop body) the reader may
			// be blocked in the input, waiting for data on a context that
			// only the caller can cancel, and the caller is here: wait a
			// little, then leave it to end at the input's next yield.
			grace := time.NewTimer(readGrace)
			defer grace.Stop()
			select {
			case <-read:
			case <-grace.C:
			}
			if broke {
				raise()
			}
		}()
		go func() {
			defer close(read)
			defer b.recover()
			b.read(journeys) // and scores while the input is ahead
			b.work(true)     // then scores what is left
		}()
		for range workers - 2 { // the reader and the caller are the others
			wg.Go(func() { b.work(false) })
		}
		finished = b.results(yield)
		broke = !finished
		if b.timer != nil {
			b.timer.Stop()
		}
	}
}

// readGrace is how long ScoreAll waits, after the caller broke out of its
// loop, for the input to return.
const readGrace = 50 * time.Millisecond

// scoreInline is ScoreAll with one worker: the caller's goroutine reads,
// scores and yields each journey in turn, so no hand-over between
// goroutines costs anything.
func scoreInline(ctx context.Context, s Scorer, journeys iter.Seq2[*journey.Journey, error], yield func(Scored, error) bool) {
	done := ctx.Done()
	next := 0
	for j, err := range journeys {
		select {
		case <-done:
			yield(Scored{Index: next}, ctx.Err())
			return
		default:
		}
		if err != nil {
			yield(Scored{Index: next}, err)
			return
		}
		sc, err := scoreOne(s, next, j)
		if !yield(sc, err) {
			return
		}
		next++
	}
	if err := ctx.Err(); err != nil {
		yield(Scored{Index: next}, err)
	}
}

// scoreOne scores j, the journey at index i of the input, with s.
func scoreOne(s Scorer, i int, j *journey.Journey) (Scored, error) {
	r, err := s.Score(j)
	return scored(i, j, r), err
}

// scored is j's result r as the journey at index i of the input.
func scored(i int, j *journey.Journey, r Result) Scored {
	sc := Scored{Index: i, Journey: j, Result: r}
	if j != nil {
		sc.CustomerID = j.CustomerID()
	}
	return sc
}
