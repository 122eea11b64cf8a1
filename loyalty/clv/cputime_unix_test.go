//go:build unix

package clv_test

import (
	"syscall"
	"time"
)

// cpuTime returns the user plus system CPU time of the process. The
// benchmarks report it per operation next to wall time because the CI
// machine is shared: wall time there measures the neighbours too.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
