package views

import (
	"fmt"
	"runtime/debug"

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
			fyne.Do(done)
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
