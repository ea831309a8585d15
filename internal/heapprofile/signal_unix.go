//go:build unix

package heapprofile

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// Start writes a heap profile on every SIGUSR1 when $CODEBENCH_HEAP_PROFILE
// is set.
func Start(getenv func(string) string) {
	dir := getenv(EnvDir)
	if dir == "" {
		return
	}
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGUSR1)
	go func() {
		for range ch {
			if err := write(dir); err != nil {
				fmt.Fprintln(os.Stderr, "codebench: heap profile:", err)
			}
		}
	}()
}
