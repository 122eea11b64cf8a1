package scoring

import (
	"context"
	"iter"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/cemkit/cem/journey"
)

// chunkSize is the most journeys a worker takes at a time: enough to make
// the hand-over cost negligible next to scoring when the input is fast,
// small enough to keep memory bounded and the last chunks, which leave
// other workers idle, short (64 measured better than 128 or 256).
const chunkSize = 64

// chunk is a run of consecutive journeys scored by one worker.
type chunk struct {
	start int
	js    []*journey.Journey
	out   []Scored
	errs  []error
	// scored is set, under batch.mu, once out and errs are filled.
	scored bool
}

// batch is one [ScoreAll] run with several workers. One goroutine reads
// the input into the current chunk; a chunk is handed out when it is full
// or, before that, when a worker is idle and the input has paused, so a
// slow input is scored as it arrives and a fast one in full chunks.
// Handed-out chunks are yielded in input order by the caller's goroutine,
// which scores waiting chunks itself while the next results are not
// ready. All state is guarded by mu; the channels only wake the goroutines
// that wait.
type batch struct {
	ctx    context.Context
	cancel context.CancelFunc
	s      Scorer
	limit  int // most chunks handed out and not yet yielded

	mu    sync.Mutex
	cur   *chunk   // read, not yet handed out
	queue []*chunk // full chunks waiting for a worker
	order []*chunk // handed out, in input order, until yielded
	free  []*chunk // yielded, for reuse
	nread int      // journeys read so far
	idle  int      // workers waiting for work
	ended bool     // the input has ended or failed
	inErr error    // the input's own error, yielded after everything before it
	panic any      // what a reader or worker panicked with, raised again by results

	wake  chan struct{} // wakes an idle worker
	ready chan struct{} // wakes the caller: a chunk was scored or the input ended
	space chan struct{} // wakes the reader: a chunk was yielded
}

func newBatch(ctx context.Context, cancel context.CancelFunc, s Scorer, workers int) *batch {
	return &batch{
		ctx:    ctx,
		cancel: cancel,
		s:      s,
		limit:  2*workers + 1,
		wake:   make(chan struct{}, 1),
		ready:  make(chan struct{}, 1),
		space:  make(chan struct{}, 1),
	}
}

// recover, deferred by the reader and the workers, stops the run if its
// goroutine panics and keeps the value for results to raise on the
// caller's goroutine.
func (b *batch) recover() {
	p := recover()
	if p == nil {
		return
	}
	// Since Go 1.21 a recovered panic is never nil (panic(nil) recovers
	// as a *runtime.PanicNilError), so panic != nil says one happened.
	b.mu.Lock()
	if b.panic == nil {
		b.panic = p
	}
	b.mu.Unlock()
	b.cancel()
}

// poke wakes whoever waits on c, if anyone; a wake-up already pending is
// enough.
func poke(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

// read reads the input into chunks until it ends, fails or the run stops.
func (b *batch) read(journeys iter.Seq2[*journey.Journey, error]) {
	var inErr error
	done := b.ctx.Done()
	for j, err := range journeys {
		select {
		case <-done:
			return // the caller is gone or cancelled; nothing more is yielded
		default:
		}
		if err != nil {
			inErr = err
			break
		}
		if !b.add(j) {
			return
		}
	}
	b.mu.Lock()
	b.ended, b.inErr = true, inErr
	if b.cur != nil {
		poke(b.wake)
	}
	poke(b.ready)
	b.mu.Unlock()
}

// add appends j to the current chunk, handing the chunk to the workers
// first if it is full; it waits while too many chunks are out and reports
// false if the run stopped meanwhile.
func (b *batch) add(j *journey.Journey) bool {
	b.mu.Lock()
	for b.cur != nil && len(b.cur.js) == chunkSize {
		if len(b.order) < b.limit {
			b.queue = append(b.queue, b.handOut())
			poke(b.wake)
			poke(b.ready) // the caller scores too while it waits
			break
		}
		b.mu.Unlock()
		select {
		case <-b.space:
		case <-b.ctx.Done():
			return false
		}
		b.mu.Lock()
	}
	if b.cur == nil {
		b.cur = b.newChunk()
		if b.idle > 0 {
			poke(b.wake) // an idle worker starts watching the new chunk
		}
	}
	b.cur.js = append(b.cur.js, j)
	b.nread++
	b.mu.Unlock()
	return true
}

// newChunk returns an empty chunk starting at the next journey read,
// reusing a yielded one when it can. b.mu is held.
func (b *batch) newChunk() *chunk {
	var c *chunk
	if n := len(b.free); n > 0 {
		c, b.free = b.free[n-1], b.free[:n-1]
		clear(c.js)
		c.js = c.js[:0]
	} else {
		c = &chunk{js: make([]*journey.Journey, 0, chunkSize)}
	}
	c.start, c.scored = b.nread, false
	return c
}

// handOut takes the current chunk out of reading and puts it in line for
// the caller. b.mu is held and b.cur is not nil.
func (b *batch) handOut() *chunk {
	c := b.cur
	b.cur = nil
	b.order = append(b.order, c)
	return c
}

// score scores chunk c and marks it scored. It reports whether fewer than
// two full chunks wait while the input goes on.
func (b *batch) score(c *chunk) (low bool) {
	c.out = slices.Grow(c.out[:0], len(c.js))[:len(c.js)]
	c.errs = slices.Grow(c.errs[:0], len(c.js))[:len(c.js)]
	done := b.ctx.Done()
	for i, j := range c.js {
		select {
		case <-done:
			return false // the run stopped; the chunk stays unscored
		default:
		}
		c.out[i], c.errs[i] = scoreOne(b.s, c.start+i, j)
	}
	b.mu.Lock()
	c.scored = true
	poke(b.ready)
	low = len(b.queue) < 2 && !b.ended
	b.mu.Unlock()
	return low
}

// work scores chunks until the run stops.
func (b *batch) work() {
	defer b.recover()
	timer := time.NewTimer(staleAfter)
	defer timer.Stop()
	for {
		c := b.take(timer)
		if c == nil {
			return
		}
		if !b.score(c) {
			continue
		}
		// The queue is running low: let the reader refill it and the
		// caller yield now, rather than when the scheduler next preempts
		// a scorer; with every P busy scoring they would otherwise wait,
		// and the scorers would then run dry.
		runtime.Gosched()
	}
}

// staleAfter is how long the input must have been silent before an idle
// worker takes a chunk that is not full yet.
const staleAfter = 100 * time.Microsecond

// take returns the next chunk to score, using timer (stopped or
// expired) to notice a silent input: a full one if any waits, else the
// partly read current one once the input has been silent for staleAfter,
// so that a slow or stalled input is scored as it arrives while a fast one
// is scored in full chunks. It returns nil when the run stops; ScoreAll
// cancels b.ctx when its caller is done.
func (b *batch) take(timer *time.Timer) *chunk {
	seen := -1 // journeys read at the previous look
	b.mu.Lock()
	defer b.mu.Unlock()
	for {
		if b.ctx.Err() != nil {
			return nil
		}
		if len(b.queue) > 0 {
			c := b.queue[0]
			b.queue = b.queue[1:]
			return c
		}
		if b.cur != nil && len(b.order) < b.limit && (b.ended || b.nread == seen) {
			return b.handOut()
		}
		seen = b.nread
		var silence <-chan time.Time
		if b.cur != nil && len(b.order) < b.limit {
			// Only then could a silent input make this worker take the
			// chunk; otherwise results wakes it when a slot frees.
			timer.Reset(staleAfter)
			silence = timer.C
		}
		b.idle++
		b.mu.Unlock()
		select {
		case <-b.wake:
		case <-silence:
		case <-b.ctx.Done():
		}
		b.mu.Lock()
		b.idle--
	}
}

// results yields the chunks' results in input order, then the input's
// error or the cancellation, if any; it raises a panic of a reader or
// worker again. It reports whether it went to the end, false if the caller
// broke out of its loop.
func (b *batch) results(yield func(Scored, error) bool) bool {
	yielded := 0
	for {
		if err := b.ctx.Err(); err != nil {
			b.mu.Lock()
			p := b.panic
			b.mu.Unlock()
			if p != nil {
				panic(p)
			}
			yield(Scored{Index: yielded}, err)
			return true
		}
		b.mu.Lock()
		if len(b.order) > 0 && b.order[0].scored {
			c := b.order[0]
			b.mu.Unlock()
			for i := range c.out {
				if !yield(c.out[i], c.errs[i]) {
					return false
				}
			}
			yielded += len(c.out)
			b.mu.Lock()
			b.order = b.order[1:]
			if len(b.free) < b.limit {
				b.free = append(b.free, c)
			}
			poke(b.space)
			if b.cur != nil && b.idle > 0 {
				poke(b.wake)
			}
			b.mu.Unlock()
			continue
		}
		if len(b.order) == 0 && b.ended && b.cur == nil {
			err := b.inErr
			b.mu.Unlock()
			if err != nil {
				yield(Scored{Index: yielded}, err)
			}
			return true
		}
		// While the next results are not ready, score a waiting chunk,
		// or the rest of an ended input, here rather than sit idle.
		var c *chunk
		if len(b.queue) > 0 {
			c = b.queue[0]
			b.queue = b.queue[1:]
		} else if b.ended && b.cur != nil && len(b.order) < b.limit {
			c = b.handOut()
		}
		b.mu.Unlock()
		if c != nil {
			b.score(c)
			continue
		}
		select {
		case <-b.ready:
		case <-b.ctx.Done():
		}
	}
}
