//go:build unix

package terminology

import "syscall"

// cpuMS is the process's user+system CPU time in milliseconds: on a busy
// shared machine it says more about the work done than wall time.
func cpuMS() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e6
}
