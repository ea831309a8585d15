// Package heapprofile lets scripts/memory.sh ask the running window for a
// heap profile: with $CODEBENCH_HEAP_PROFILE naming a folder, each SIGUSR1
// writes heap.pprof there (after a collection, so it shows what is live).
// Without the variable it does nothing. It holds no patient data: a heap
// profile records allocation sites and sizes, not values.
package heapprofile

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
)

// EnvDir names the folder heap profiles are written to.
const EnvDir = "CODEBENCH_HEAP_PROFILE"

// write writes dir/heap.pprof.
func write(dir string) error {
	runtime.GC()
	f, err := os.Create(filepath.Join(dir, "heap.pprof"))
	if err != nil {
		return err
	}
	if err := pprof.WriteHeapProfile(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
