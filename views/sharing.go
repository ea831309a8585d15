package views

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/codebench/codebench/app"
)

// Sharing is the optional part of a Session whose records other
// workstations may change too (a shared database; a data folder has it
// too, trivially): the lease on the record being coded and the feed of
// saved changes. A Session without these methods works alone.
type Sharing interface {
	// Lease takes or renews this window's lease on a record. Another
	// coder's lease comes back as an *app.LeasedError holding theirs.
	Lease(recordID string) (app.Lease, error)
	// Release gives the lease up.
	Release(recordID string) error
	// Watch reports records saved by any workstation until ctx is done;
	// a Change with no RecordID means "reload everything".
	Watch(ctx context.Context) (<-chan app.Change, error)
}

// leaseRenew is how often the window renews the open record's lease; the
// lease itself lasts several times as long, so a missed renewal or two
// does not lose it, and a dead window frees the record soon after.
const leaseRenew = 20 * time.Second

func (u *ui) sharing() Sharing {
	sh, _ := u.session.(Sharing)
	return sh
}

// startWatch refreshes the worklist, and the open record, when any
// workstation saves a record. Changes that arrive together are applied
// once.
func (u *ui) startWatch() {
	sh := u.sharing()
	if sh == nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	u.stopWatch = cancel
	ch, err := sh.Watch(ctx)
	if err != nil {
		u.setStatus("Live worklist is off: " + err.Error())
		return
	}
	go func() {
		for c := range ch {
			ids := map[string]bool{c.RecordID: true}
		more:
			for {
				select {
				case c2, ok := <-ch:
					if !ok {
						break more
					}
					ids[c2.RecordID] = true
				default:
					break more
				}
			}
			onUI(func() { u.onChanges(ids) })
		}
	}()
}

func (u *ui) stopWatching() {
	if u.stopWatch != nil {
		u.stopWatch()
		u.stopWatch = nil
	}
}

// onChanges shows records saved elsewhere: the worklist's rows and
// counts, and the open record if it is one of them.
func (u *ui) onChanges(ids map[string]bool) {
	if u.session == nil {
		return
	}
	if ids[""] {
		// The feed reconnected: the store answers again.
		u.setOnline()
	}
	if u.worklist != nil {
		u.worklist.refresh()
	}
	if u.ws != nil && (ids[u.ws.rec.ID] || ids[""]) {
		u.ws.reload()
	}
}

// takeLease asks for the lease on a record about to open (off the UI
// goroutine): nil when this window may code it, the holder's lease when
// someone else is. A store that cannot say (unreachable) opens it
// read-only too, rather than risk two coders on it.
func takeLease(sh Sharing, id string) (*app.Lease, error) {
	if sh == nil {
		return nil, nil
	}
	_, err := sh.Lease(id)
	var le *app.LeasedError
	switch {
	case err == nil:
		return nil, nil
	case errors.As(err, &le):
		return &le.Lease, nil
	}
	return nil, err
}

// leaseHolder renews the open record's lease until stopped.
type leaseHolder struct {
	stop chan struct{}
	once sync.Once
}

// holdLease keeps this window's lease on id while the record is open and
// releases the one held before; lost is called (on the UI goroutine) if
// another coder took the record meanwhile, e.g. after this desk was cut
// off for longer than the lease.
func (u *ui) holdLease(id string, lost func(app.Lease)) {
	u.dropLease()
	sh := u.sharing()
	if sh == nil {
		return
	}
	h := &leaseHolder{stop: make(chan struct{})}
	u.lease = h
	go func() {
		t := time.NewTicker(leaseRenew)
		defer t.Stop()
		for {
			select {
			case <-h.stop:
				sh.Release(id)
				return
			case <-t.C:
				var le *app.LeasedError
				if _, err := sh.Lease(id); errors.As(err, &le) {
					onUI(func() { lost(le.Lease) })
					return
				}
			}
		}
	}()
}

// leaseRetry is how often a record opened read-only asks again for the
// lease its holder may have given up (tests shorten it).
var leaseRetry = 5 * time.Second

// awaitLease asks for the lease on a record someone else holds every
// leaseRetry until it is granted, then calls got on the UI goroutine (the
// record opens for coding); it stops when the record is closed.
func (u *ui) awaitLease(id string, got func()) {
	u.dropLease()
	sh := u.sharing()
	if sh == nil {
		return
	}
	h := &leaseHolder{stop: make(chan struct{})}
	u.lease = h
	retry := leaseRetry // read here: tests change it between windows
	go func() {
		t := time.NewTicker(retry)
		defer t.Stop()
		for {
			select {
			case <-h.stop:
				return
			case <-t.C:
				if _, err := sh.Lease(id); err == nil {
					onUI(func() {
						select {
						case <-h.stop:
							sh.Release(id) // closed meanwhile
						default:
							got()
						}
					})
					return
				}
			}
		}
	}()
}

func (u *ui) dropLease() {
	if u.lease != nil {
		u.lease.once.Do(func() { close(u.lease.stop) })
		u.lease = nil
	}
}

// reload shows the record as it is stored now, if it is newer than the
// one shown (another workstation saved it).
func (w *workspace) reload() {
	recs := w.h.records()
	id := w.rec.ID
	var rec *app.Record
	var err error
	w.h.Go(func() { rec, err = recs.Record(id) }, func() {
		if err != nil || w.stopSave == nil || rec.ID != w.rec.ID || rec.Version <= w.rec.Version {
			return
		}
		w.apply(rec)
	})
}

// setHeldBy makes the workspace read-only while another coder holds the
// record (nil: this window may code it).
func (w *workspace) setHeldBy(l *app.Lease) {
	w.heldBy = l
	w.apply(w.rec)
}

// onStale says that a change was not saved because another coder saved
// the record after this window last showed it, shows what they saved, and
// keeps the change: Apply again runs it on top of theirs.
func (w *workspace) onStale(what string, latest *app.Record, again func()) {
	if latest != nil && latest.ID == w.rec.ID {
		w.apply(latest)
	}
	change := strings.TrimPrefix(what, "Could not ")
	msg := widget.NewLabel(fmt.Sprintf("Another coder saved this record after you last saw it, so your change "+
		"(%s) was not saved. The record now shows what they saved. Apply your change again on top of theirs, or discard it.", change))
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm("Not saved: the record changed", "Apply again", "Discard", msg, func(ok bool) {
		if ok {
			again()
		}
	}, w.h.window())
	w.staleDialog = d
	d.Show()
}

// isOffline reports whether err means the shared database cannot be
// reached.
func (u *ui) isOffline(err error) bool {
	return err != nil && u.deps.Offline != nil && u.deps.Offline(err)
}

// whileOffline says the store cannot be reached (in the open record's
// banner and the status bar) and keeps save to run again once it answers
// (the change feed reconnects, or the coder's next save gets through).
func (u *ui) whileOffline(save func()) {
	u.retry = append(u.retry, save)
	u.setStatus("The shared database cannot be reached: reconnecting…")
	if u.ws != nil {
		u.ws.offline = fmt.Sprintf("The shared database cannot be reached. Codebench keeps reconnecting; "+
			"your %d unsaved change(s) are kept and saved as soon as it answers. Do not close the window.", len(u.retry))
		u.ws.apply(u.ws.rec)
	}
}

// setOnline clears the offline notice and saves the changes kept
// meanwhile, in the order they were made.
func (u *ui) setOnline() {
	if len(u.retry) == 0 {
		return
	}
	u.setStatus("Reconnected to the shared database.")
	if u.ws != nil && u.ws.offline != "" {
		u.ws.offline = ""
		u.ws.apply(u.ws.rec)
	}
	pending := u.retry
	u.retry = nil
	for _, f := range pending {
		f()
	}
}
