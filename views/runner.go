package views

import (
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"fyne.io/fyne/v2"
)

// runner moves work off the UI goroutine. Go runs work concurrently (search,
// rendering, OCR); Serial runs it in submission order (every save, so a
// quick Alt+↑ Alt+↑ reaches the store in order). done runs on the UI
// goroutine afterwards. Tests use a synchronous runner.
type runner interface {
	Go(work func(), done func())
	Serial(work func(), done func())
}

type liveRunner struct{ q chan func() }

func newLiveRunner() *liveRunner {
	r := &liveRunner{q: make(chan func(), 1024)}
	go func() {
		for j := range r.q {
			j()
		}
	}()
	return r
}

func (r *liveRunner) Go(work, done func()) { go job(work, done)() }

func (r *liveRunner) Serial(work, done func()) { r.q <- job(work, done) }

// Drain waits until every save submitted so far has run, or until timeout,
// and reports whether the queue emptied. The window calls it before it
// closes the database, so a code assigned a moment before closing is kept.
// The done callbacks of drained work are not waited for: they only update
// a window that is going away.
func (r *liveRunner) Drain(timeout time.Duration) bool {
	flushed := make(chan struct{})
	select {
	case r.q <- func() { close(flushed) }:
	case <-time.After(timeout):
		return false
	}
	select {
	case <-flushed:
		return true
	case <-time.After(timeout):
		return false
	}
}

// job wraps work so a panic in a background task is logged instead of
// taking the window (and unsaved context) down; done still runs.
func job(work, done func()) func() {
	return func() {
		func() {
			defer func() {
				if p := recover(); p != nil {
					fyne.LogError("background task failed", fmt.Errorf("panic: %v\n%s", p, debug.Stack()))
				}
			}()
			work()
		}()
		if done != nil {
			onUI(done)
		}
	}
}

// activeRunner counts every piece of work submitted from the window as the
// person being active (typing a search, opening a page, saving a code),
// for the idle lock.
type activeRunner struct {
	runner
	touch func()
}

func (r activeRunner) Go(work, done func()) {
	r.touch()
	r.runner.Go(work, done)
}

func (r activeRunner) Serial(work, done func()) {
	r.touch()
	r.runner.Serial(work, done)
}

// uiMu serializes the callbacks that background work hands to the UI
// goroutine. Under the real driver fyne.Do already runs them one at a
// time on the main goroutine and uiMu is never contended; Fyne's test
// driver runs them at once on the calling goroutine, where two of them
// could update one widget together. These callbacks never run one
// another synchronously, so the lock is never taken twice.
var uiMu sync.Mutex

// onUI runs f on the UI goroutine, after any other background callback.
func onUI(f func()) {
	fyne.Do(func() {
		uiMu.Lock()
		defer uiMu.Unlock()
		f()
	})
}

// WithUI runs f while no background callback updates the window. It is
// for code that drives a window from outside the driver's loop, such as a
// test of the real wiring under Fyne's test driver, which reads widgets
// while the window's background work completes.
func WithUI(f func()) {
	uiMu.Lock()
	defer uiMu.Unlock()
	f()
}
