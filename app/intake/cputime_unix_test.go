//go:build unix

package intake

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time used so far by this process and its finished
// children (tesseract). The machine is shared: wall time per op is what a
// user waits on a loaded machine, CPU time per op is the work itself.
func cpuTime() time.Duration {
	var total time.Duration
	for _, who := range []int{syscall.RUSAGE_SELF, syscall.RUSAGE_CHILDREN} {
		var ru syscall.Rusage
		if syscall.Getrusage(who, &ru) == nil {
			total += time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		}
	}
	return total
}
