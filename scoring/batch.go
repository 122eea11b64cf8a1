package scoring

import (
	"context"
	"iter"
	"runtime"
	"slices"
	"sync"

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

// chunkSize is how many journeys a worker takes at a time: enough to make
// the hand-over cost negligible next to scoring, small enough to keep
// memory bounded and the first results quick.
const chunkSize = 128

// chunk is a run of consecutive journeys scored by one worker.
type chunk struct {
	start int
	js    []*journey.Journey
	out   []Scored
	errs  []error
	inErr error // the input's error after js, which ends the stream
	done  chan struct{}
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
// (yielding ctx.Err()). At most a few hundred journeys per worker are in
// flight, so memory stays bounded however long the stream. Breaking out of
// the loop stops the workers and the reading of the input before ScoreAll's
// iterator returns. With more than one worker the input is read from a
// goroutine of ScoreAll, one journey at a time, and s must be safe for
// concurrent use, as the [Scorer] contract requires. With one worker
// ScoreAll starts no goroutine: it scores each journey on the caller's
// goroutine as it reads it.
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
		jobs := make(chan *chunk, workers)
		order := make(chan *chunk, 2*workers)
		// free recycles yielded chunks, so a long batch allocates only
		// its first few.
		free := make(chan *chunk, 3*workers+1)
		var wg sync.WaitGroup
		defer func() {
			cancel()
			wg.Wait()
		}()
		wg.Go(func() { produce(ctx, journeys, jobs, order, free) })
		for range workers {
			wg.Go(func() { work(ctx, s, jobs) })
		}
		next := 0
		for c := range order {
			select {
			case <-c.done:
			case <-ctx.Done():
			}
			if ctx.Err() != nil {
				break
			}
			if !yieldChunk(c, yield) {
				return
			}
			next = c.start + len(c.js)
			select {
			case free <- c:
			default:
			}
		}
		// The producer stops early only when ctx is cancelled, which may
		// close order before the loop above sees it.
		if err := ctx.Err(); err != nil {
			yield(Scored{Index: next}, err)
		}
	}
}

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
		r, err := s.Score(j)
		sc := Scored{Index: next, Journey: j, Result: r}
		if j != nil {
			sc.CustomerID = j.CustomerID()
		}
		if !yield(sc, err) {
			return
		}
		next++
	}
	if err := ctx.Err(); err != nil {
		yield(Scored{Index: next}, err)
	}
}

// yieldChunk hands a scored chunk to the caller and reports whether to go
// on.
func yieldChunk(c *chunk, yield func(Scored, error) bool) bool {
	for i := range c.out {
		if !yield(c.out[i], c.errs[i]) {
			return false
		}
	}
	if c.inErr != nil {
		yield(Scored{Index: c.start + len(c.js)}, c.inErr)
		return false
	}
	return true
}

// produce reads the input into chunks, queueing each for the collector
// (order) and the workers (jobs), until the input ends, fails or ctx is
// cancelled.
func produce(ctx context.Context, journeys iter.Seq2[*journey.Journey, error], jobs, order chan<- *chunk, free <-chan *chunk) {
	defer close(jobs)
	defer close(order)
	next := 0
	c := newChunk(0, free)
	send := func() bool {
		c.done = make(chan struct{})
		for _, ch := range [2]chan<- *chunk{order, jobs} {
			select {
			case ch <- c:
			case <-ctx.Done():
				return false
			}
		}
		next += len(c.js)
		c = newChunk(next, free)
		return true
	}
	for j, err := range journeys {
		if err != nil {
			c.inErr = err
			send()
			return
		}
		c.js = append(c.js, j)
		if len(c.js) == chunkSize && !send() {
			return
		}
	}
	if len(c.js) > 0 {
		send()
	}
}

// newChunk takes a recycled chunk if there is one.
func newChunk(start int, free <-chan *chunk) *chunk {
	select {
	case c := <-free:
		clear(c.js)
		*c = chunk{start: start, js: c.js[:0], out: c.out, errs: c.errs}
		return c
	default:
		return &chunk{start: start, js: make([]*journey.Journey, 0, chunkSize)}
	}
}

// work scores chunks until there are no more, skipping the work once ctx
// is cancelled.
func work(ctx context.Context, s Scorer, jobs <-chan *chunk) {
	for c := range jobs {
		if ctx.Err() != nil {
			close(c.done)
			continue
		}
		c.out = slices.Grow(c.out[:0], len(c.js))[:len(c.js)]
		c.errs = slices.Grow(c.errs[:0], len(c.js))[:len(c.js)]
		for i, j := range c.js {
			r, err := s.Score(j)
			c.out[i] = Scored{Index: c.start + i, Journey: j, Result: r}
			if j != nil {
				c.out[i].CustomerID = j.CustomerID()
			}
			c.errs[i] = err
		}
		close(c.done)
	}
}
