//go:build unix

package scoring

import (
	"context"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cemkit/cem/journey"
)

// cpuTime is the CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// slowOnWorker sleeps d on the journeys of first when a worker goroutine
// (not the reader's, not the caller's) scores them, 1 ms when another
// goroutine does, so that the worker gets to help; others cost nothing.
type slowOnWorker struct {
	first map[*journey.Journey]bool
	d     time.Duration
}

func (s slowOnWorker) Score(j *journey.Journey) (Result, error) {
	if s.first[j] {
		buf := make([]byte, 4096)
		if strings.Contains(string(buf[:runtime.Stack(buf, false)]), "WaitGroup") {
			time.Sleep(s.d)
		} else {
			time.Sleep(time.Millisecond)
		}
	}
	return Mean{}.Score(j)
}

// TestScoreAllCallerSleeps ends the input with the most chunks out and a
// few journeys more read, while one Score call on a worker waits half a
// second: the caller's goroutine must sleep, not poll until it returns (a
// review measured up to 478 ms of CPU in 500 ms).
func TestScoreAllCallerSleeps(t *testing.T) {
	const workers = 3
	n := (2*workers+1)*chunkSize + 10
	js, first := firstChunked(n)
	c0, w0 := cpuTime(), time.Now()
	for _, err := range ScoreAll(context.Background(), slowOnWorker{first, 500 * time.Millisecond}, slice(js), workers) {
		if err != nil {
			t.Fatal(err)
		}
	}
	wall, cpu := time.Since(w0), cpuTime()-c0
	if cpu > 150*time.Millisecond {
		t.Errorf("the caller's goroutine polled: %v of CPU in %v with a Scorer that only sleeps", cpu.Round(time.Millisecond), wall.Round(time.Millisecond))
	}
}
