package desktop

import (
	"runtime/debug"
	"sync"
	"time"
)

// idleRelease is how long the window waits after the last search or
// suggestion before it hands back the memory they used (issue 16). A
// search keeps scratch space the size of the index (~6 MB each, one per
// search running at once) for the next one, and what a burst of searches
// leaves behind stays in the heap until the collector runs. Once the
// coder has stopped typing for a few seconds, the scratch space is let go
// and the heap handed back to the operating system: one full collection
// per pause (40-80 ms of one core with the code sets loaded), and the
// first search after it takes ~8 ms longer (10 ms instead of 2 for "heart
// attack") to make its scratch space again. Shorter pauses, the normal
// rhythm of typing, cost nothing.
const idleRelease = 5 * time.Second

// idleTrim runs release, then returns the free heap to the operating
// system, once the window has been idle for idleRelease after it was busy
// (touch).
type idleTrim struct {
	release func()
	after   time.Duration

	mu    sync.Mutex
	timer *time.Timer
}

func newIdleTrim(release func()) *idleTrim {
	return &idleTrim{release: release, after: idleRelease}
}

// touch says the window searched or suggested just now.
func (t *idleTrim) touch() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.timer == nil {
		t.timer = time.AfterFunc(t.after, t.trim)
		return
	}
	t.timer.Reset(t.after)
}

func (t *idleTrim) trim() {
	if t.release != nil {
		t.release()
	}
	debug.FreeOSMemory()
}
