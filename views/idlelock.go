package views

import (
	"time"

	"fyne.io/fyne/v2"
)

// The idle lock: after the minutes set in Settings without activity, or
// at Ctrl+L, every patient detail goes behind the passphrase.

// touch records activity for the idle lock.
func (u *ui) touch() { u.lastActive = u.now() }

func (u *ui) lockMinutes() int {
	m := u.prefs.IntWithFallback(prefLockMinutes, defaultLockMinute)
	if m < 0 {
		m = 0
	}
	return m
}

// checkIdle locks the window when nobody has used it for the set minutes.
func (u *ui) checkIdle() {
	m := u.lockMinutes()
	if m == 0 || u.session == nil || u.locked {
		return
	}
	if u.now().Sub(u.lastActive) >= time.Duration(m)*time.Minute {
		u.lock()
	}
}

func (u *ui) startIdleTimer(every time.Duration) {
	u.stopIdle = make(chan struct{})
	stop := u.stopIdle
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				fyne.Do(u.checkIdle)
			}
		}
	}()
}

// lock hides every patient detail behind the passphrase.
func (u *ui) lock() {
	if u.session == nil || u.locked {
		return
	}
	u.locked = true
	if n, ok := u.session.(interface{ Locked() error }); ok {
		// A synced write: off the UI goroutine, in order with the saves.
		var err error
		u.run.Serial(func() { err = n.Locked() }, func() {
			if err != nil {
				u.fail("The lock could not be written to the audit trail", err)
			}
		})
	}
	for _, d := range u.win.Canvas().Overlays().List() {
		d.Hide()
	}
	u.root.Objects = []fyne.CanvasObject{newLockScreen(u.session, u.run, u.unlock)}
	u.root.Refresh()
	u.setMenuState()
}

func (u *ui) unlock() {
	u.locked = false
	u.touch()
	u.root.Objects = []fyne.CanvasObject{u.main}
	u.root.Refresh()
	u.setMenuState()
}
