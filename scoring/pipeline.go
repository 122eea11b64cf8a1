package scoring

import (
	"context"
	"iter"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cemkit/cem/journey"
)

// chunkSize is the most journeys a worker takes at a time: enough to make
// the hand-over cost negligible next to scoring when the input is fast,
// small enough to keep memory bounded and the last chunks, which leave
// other workers idle, short (64 measured better than 128 or 256).
const chunkSize = 64

// chunk is a run of consecutive journeys, scored by one goroutine or, when
// others have nothing else to do, by several.
type chunk struct {
	start int
	// js holds the journeys. While the chunk is the one being read, only
	// the reading goroutine writes js, and n says how many it has
	// published; a scorer may take the chunk at any time by setting the
	// taken bit of n, under batch.mu, and then owns js[:n] — the reader,
	// whose next publication then fails, starts a new chunk. This keeps
	// a fast input's reading free of locks and lets a slow one's journeys
	// be scored as they arrive. size is n when the chunk was taken.
	js   []*journey.Journey
	n    atomic.Int64
	size int
	// scores and, where they are not nil, the explanations and errors of
	// the journeys, written by the scorers and read by the caller's
	// goroutine: compact, since each line of it passes between processors.
	scores  []brief
	rare    []rare
	anyRare atomic.Bool // some rare[i] is set
	// claimed counts the journeys a scorer has begun (see batch.score).
	claimed atomic.Int64
	// Under batch.mu: finished counts the journeys scored, scored is set
	// once every journey is, and users counts the goroutines that took
	// the chunk to score it and have not finished with it (a Scorer's
	// panic, which ends the run, leaves its goroutine counted). A chunk
	// is reused only once yielded with no users: a goroutine may still be
	// on its way to claiming a journey of a chunk that others finished.
	finished int
	scored   bool
	users    int
}

// brief is a chunk's record of a [Result] without its explanation.
type brief struct {
	score    float64
	evidence int
}

// rare is what a chunk records of a result beyond its score, when there is
// any: the explanation a host's Scorer returned, or the error.
type rare struct {
	contributions []Contribution
	err           error
}

// taken is the bit of chunk.n that says a scorer has taken the chunk.
const taken = 1 << 62

// push appends j to c if c is still being read and has room, and reports
// whether it did. Only the reading goroutine calls it.
func (c *chunk) push(j *journey.Journey) bool {
	k := c.n.Load()
	if k >= chunkSize { // full, or taken
		return false
	}
	c.js[k] = j
	return c.n.CompareAndSwap(k, k+1)
}

// batch is one [ScoreAll] run with several workers. One goroutine reads
// the input into the current chunk; a chunk is handed out when it is full
// or, before that, when a scorer is idle and the input has paused, so a
// slow input is scored as it arrives and a fast one in full chunks. The
// reading goroutine scores too whenever it has read as far ahead as it
// may. Handed-out chunks are yielded in input order by the caller's
// goroutine, which scores waiting chunks itself while the next results
// are not ready. A goroutine with nothing else to do helps score a chunk
// that another is scoring, one journey at a time, so that the results
// next in order, and the last chunks of a run, do not wait for one
// goroutine. The state is guarded by mu, except what a chunk's comments
// say; the channels only wake the goroutines that wait.
type batch struct {
	ctx    context.Context
	cancel context.CancelFunc
	s      Scorer
	limit  int // most chunks handed out and not yet yielded

	mu     sync.Mutex
	cur    *chunk   // being read, not yet handed out
	queue  []*chunk // full chunks waiting for a worker
	order  []*chunk // handed out, in input order, until yielded
	free   []*chunk // yielded, for reuse
	handed int      // journeys in the chunks handed out so far
	idle   int      // workers waiting for work
	ended  bool     // the input has ended or failed
	inErr  error    // the input's own error, yielded after everything before it
	panic  any      // what a reader or worker panicked with, raised again by results

	timer *time.Timer // the caller's, to notice a silent input

	readerScoring bool          // the reading goroutine is scoring (see scoreOnReader)
	readerIdle    chan struct{} // closed when it stops, if waitReader waits

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
// The goroutine that reads is also a scorer: while the input is ahead of
// the scorers it scores waiting chunks (see next), so that with two
// workers two goroutines, not three, compete for the processors.
func (b *batch) read(journeys iter.Seq2[*journey.Journey, error]) {
	var inErr error
	var c *chunk // the chunk being read, as far as this goroutine knows
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
		if c != nil && c.push(j) {
			continue
		}
		if c = b.next(c, j); c == nil {
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

// next starts a new chunk holding j, after handing c to the scorers if it
// is full and no scorer took it first; it returns the new chunk. While too
// many chunks are out it scores waiting chunks, or waits for one to be
// yielded, and it returns nil if the run stopped meanwhile.
func (b *batch) next(c *chunk, j *journey.Journey) *chunk {
	b.mu.Lock()
	for c != nil && b.cur == c {
		// c is full: the reader's push fails on a taken chunk only, and
		// a taken chunk is no longer b.cur.
		if len(b.order) < b.limit {
			b.queue = append(b.queue, b.handOut())
			poke(b.wake)
			poke(b.ready) // the caller scores too while it waits
			break
		}
		// The input is ahead of the scorers: score a waiting chunk here
		// rather than wait.
		w := b.help()
		if len(b.queue) > 0 {
			w = b.queue[0]
			b.queue = b.queue[1:]
		}
		if w != nil {
			b.use(w)
			b.readerScoring = true
			b.mu.Unlock()
			b.scoreOnReader(w)
			if b.ctx.Err() != nil {
				return nil
			}
			b.mu.Lock()
			continue
		}
		b.mu.Unlock()
		select {
		case <-b.space:
		case <-b.ctx.Done():
			return nil
		}
		b.mu.Lock()
	}
	c = b.newChunk()
	c.js[0] = j
	c.n.Store(1)
	b.cur = c
	if b.idle > 0 {
		poke(b.wake) // an idle worker starts watching the new chunk
	}
	poke(b.ready) // and so does the caller
	b.mu.Unlock()
	return c
}

// count is how many journeys have been read so far. b.mu is held.
func (b *batch) count() int {
	if b.cur == nil {
		return b.handed
	}
	return b.handed + int(b.cur.n.Load()&^taken)
}

// newChunk returns an empty chunk starting at the next journey read,
// reusing a yielded one when it can. b.mu is held.
func (b *batch) newChunk() *chunk {
	var c *chunk
	if n := len(b.free); n > 0 {
		c, b.free = b.free[n-1], b.free[:n-1]
		clear(c.js)
	} else {
		c = &chunk{js: make([]*journey.Journey, chunkSize)}
	}
	c.start, c.scored = b.handed, false
	c.n.Store(0)
	return c
}

// handOut takes the current chunk out of reading and puts it in line for
// the caller. b.mu is held and b.cur is not nil.
func (b *batch) handOut() *chunk {
	c := b.cur
	n := int(c.n.Or(taken))
	c.size = n
	c.scores = slices.Grow(c.scores[:0], n)[:n]
	if c.anyRare.Load() {
		clear(c.rare)
		c.anyRare.Store(false)
	}
	c.rare = slices.Grow(c.rare[:0], n)[:n]
	c.claimed.Store(0)
	c.finished = 0
	b.cur = nil
	b.handed += n
	b.order = append(b.order, c)
	return c
}

// score scores the journeys of chunk c that no other goroutine has
// claimed, one at a time, and marks c scored if that completes it. The
// calling goroutine must have taken c with use. Several goroutines may
// score one chunk: one that would otherwise wait for the next results in
// order helps score them. It reports whether it marked c scored while
// fewer than two full chunks wait and the input goes on.
func (b *batch) score(c *chunk) (low bool) {
	done := b.ctx.Done()
	n := int64(c.size) // fixed while this goroutine is one of c's users
	if testHookBeforeClaim != nil {
		testHookBeforeClaim()
	}
	mine := 0
	for {
		i := c.claimed.Add(1) - 1
		if i >= n {
			break
		}
		select {
		case <-done:
			b.mu.Lock()
			c.users--
			b.mu.Unlock()
			return false // the run stopped; the chunk stays unscored
		default:
		}
		r, err := b.s.Score(c.js[i])
		c.scores[i] = brief{r.Score, r.Evidence}
		if err != nil || r.Contributions != nil {
			c.rare[i] = rare{r.Contributions, err}
			c.anyRare.Store(true)
		}
		mine++
	}
	b.mu.Lock()
	c.users--
	c.finished += mine
	if mine > 0 && c.finished == c.size {
		c.scored = true
		poke(b.ready)
		low = len(b.queue) < 2 && !b.ended
	}
	b.mu.Unlock()
	return low
}

// testHookBeforeClaim, when set by a test, runs in score before the first
// claim: a delay there stands for the goroutine being descheduled.
var testHookBeforeClaim func()

// use records that the calling goroutine takes c to score it, and returns
// c. b.mu is held.
func (b *batch) use(c *chunk) *chunk {
	if c != nil {
		c.users++
	}
	return c
}

// scoreOnReader is score on the reading goroutine, which must have set
// b.readerScoring: a caller that broke out of its loop waits for the
// scoring to end (see waitReader), since that goroutine is not one
// ScoreAll always waits for, and a panic in the Scorer stops the run
// here, to be raised again on the caller's goroutine, rather than unwind
// through the host's input when the reader scores inside its loop.
func (b *batch) scoreOnReader(c *chunk) (low bool) {
	defer func() {
		p := recover()
		b.mu.Lock()
		if p != nil && b.panic == nil {
			b.panic = p
		}
		b.readerScoring = false
		if b.readerIdle != nil {
			close(b.readerIdle)
			b.readerIdle = nil
		}
		b.mu.Unlock()
		if p != nil {
			b.cancel()
		}
	}()
	return b.score(c)
}

// waitReader waits until the reading goroutine is not scoring. After the
// run has stopped it starts no further Score call, so once waitReader
// returns no Score call of the run is left running on it.
func (b *batch) waitReader() {
	b.mu.Lock()
	if !b.readerScoring {
		b.mu.Unlock()
		return
	}
	idle := make(chan struct{})
	b.readerIdle = idle
	b.mu.Unlock()
	<-idle
}

// unclaimed reports whether some of c's journeys are not being scored yet.
func (c *chunk) unclaimed() bool { return c.claimed.Load() < int64(c.size) }

// help returns the earliest handed-out chunk that other goroutines are
// scoring and that still has journeys no one has begun, or nil; a
// goroutine without a chunk of its own helps score it, so that the
// results next in order are not kept waiting and the last chunks of a
// run are shared. b.mu is held.
func (b *batch) help() *chunk {
	for _, c := range b.order {
		if !c.scored && c.unclaimed() {
			return c
		}
	}
	return nil
}

// work scores chunks until the run stops; onReader says it runs on the
// reading goroutine, after the input ended.
func (b *batch) work(onReader bool) {
	defer b.recover()
	timer := time.NewTimer(staleAfter)
	defer timer.Stop()
	for {
		c := b.take(timer)
		if c == nil {
			return
		}
		var low bool
		if onReader {
			b.mu.Lock()
			b.readerScoring = true
			b.mu.Unlock()
			low = b.scoreOnReader(c)
		} else {
			low = b.score(c)
		}
		if !low {
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

// take returns the next chunk to score, taken with use, using timer
// (stopped or expired) to notice a silent input: a full one if any waits,
// else the partly read current one once the input has been silent for
// staleAfter, so that a slow or stalled input is scored as it arrives
// while a fast one is scored in full chunks, else one to help score (see
// help). It returns nil when the run stops (ScoreAll cancels b.ctx when
// its caller is done) or when the input has ended and every chunk has
// been handed out and claimed.
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
			return b.use(c)
		}
		if b.cur != nil && len(b.order) < b.limit && (b.ended || b.count() == seen) {
			return b.use(b.handOut())
		}
		if c := b.help(); c != nil {
			return b.use(c)
		}
		if b.ended && b.cur == nil {
			// Nothing is left to take or to help with, and nothing will
			// be: end now, so that ScoreAll need not wake this goroutine
			// to end it once the caller has yielded the last results.
			return nil
		}
		seen = b.count()
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
			anyRare := c.anyRare.Load()
			for i, sc := range c.scores {
				var x rare
				if anyRare {
					x = c.rare[i]
				}
				r := Result{Score: sc.score, Evidence: sc.evidence, Contributions: x.contributions}
				if !yield(scored(c.start+i, c.js[i], r), x.err) {
					return false
				}
			}
			yielded += len(c.scores)
			b.mu.Lock()
			b.order = b.order[1:]
			if c.users == 0 && len(b.free) < b.limit {
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
		} else {
			c = b.help()
		}
		b.use(c)
		// Or take what the input has yielded so far, once it has been
		// silent for staleAfter: the reading goroutine may be waiting in
		// the input, and with two workers no other scorer is there to.
		var silence <-chan time.Time
		seen := b.count()
		if c == nil && b.cur != nil && len(b.order) < b.limit {
			if b.timer == nil {
				b.timer = time.NewTimer(staleAfter)
			} else {
				b.timer.Reset(staleAfter)
			}
			silence = b.timer.C
		}
		// Or, if the next results are being scored on another goroutine,
		// soon to be ready, or nothing has been handed out yet (the
		// reading goroutine is starting), poll a little rather than park.
		busy := c == nil && (len(b.order) > 0 || b.handed == 0)
		b.mu.Unlock()
		if c != nil {
			b.score(c)
			continue
		}
		if busy && b.spin() {
			continue
		}
		select {
		case <-b.ready:
		case <-silence:
			b.mu.Lock()
			if b.count() == seen && b.cur != nil && len(b.order) < b.limit {
				c = b.use(b.handOut())
			}
			b.mu.Unlock()
			if c != nil {
				b.score(c)
			}
		case <-b.ctx.Done():
		}
	}
}

// spinFor is how long the caller's goroutine polls for results that
// another goroutine is scoring before it parks: a parked goroutine can
// wait tens of microseconds for its thread to be woken again, while a
// chunk takes about as long to score.
const spinFor = 50 * time.Microsecond

// spin polls for up to spinFor until the caller's goroutine has something
// to do: yield the next results, score a chunk or help score one, or hand
// out the rest of an ended input; it reports whether it found any.
func (b *batch) spin() bool {
	start := time.Now()
	for time.Since(start) < spinFor {
		runtime.Gosched()
		b.mu.Lock()
		ok := len(b.queue) > 0 || len(b.order) > 0 && b.order[0].scored || b.help() != nil ||
			b.ended && b.cur != nil && len(b.order) < b.limit || b.ctx.Err() != nil
		b.mu.Unlock()
		if ok {
			return true
		}
	}
	return false
}
