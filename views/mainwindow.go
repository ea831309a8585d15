package views

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/assets"
)

// Preference keys. Window geometry and split positions are remembered
// between runs; the rest are set in Settings.
const (
	prefWidth         = "window.width"
	prefHeight        = "window.height"
	prefSplitMain     = "split.main"
	prefSplitWork     = "split.workspace"
	prefSplitCoding   = "split.coding"
	prefSplitNote     = "split.note"
	prefNoteShow      = "note.show" // a scanned note's page, text or both
	prefFacilityName  = "facility.name"
	prefFacilityAddr  = "facility.address"
	prefLockMinutes   = "lock.minutes"
	prefSystems       = "search.systems"
	prefLastUser      = "login.user"
	defaultLockMinute = 15
)

// ui is the main window and what every screen shares: the services, the
// runner that keeps work off the UI goroutine, the status bar and the lock.
type ui struct {
	app   fyne.App
	win   fyne.Window
	deps  Deps
	run   runner
	prefs fyne.Preferences
	now   func() time.Time

	session   Session
	openSeq   int // the last record asked for; older loads are dropped
	book      *Codebook
	bookErr   error
	bookDone  bool                     // the last load of the code sets has finished
	bookAsked bool                     // the code sets have been asked for (at the first sign-in)
	onBook    []func(*Codebook, error) // waiting for it

	root       *fyne.Container // the current screen: login, main or lock
	statusText *widget.Label
	bookText   *widget.Label
	userText   *widget.Label
	progress   *widget.ProgressBar
	cancelLoad *widget.Button

	mainSplit *container.Split
	mainBox   *fyne.Container // the split, or the workspace alone when the worklist is hidden
	worklist  *worklist
	wsHolder  *fyne.Container
	ws        *workspace
	lease     *leaseHolder // renews the open record's lease (sharing.go)
	// retry holds the changes to save once the shared database answers
	// again; while it is not empty the window says it is offline.
	retry     []func()
	stopWatch func() // ends the live worklist's feed
	main      fyne.CanvasObject

	menu       *fyne.MainMenu
	recordOnly []*fyne.MenuItem // items that need an open record
	signedIn   []*fyne.MenuItem // items that need a session

	guide    *guidelinesView // the Official Guidelines window's view, while it is open
	guideWin fyne.Window

	locked     bool
	lastActive time.Time
	stopIdle   chan struct{}
}

// NewMainWindow builds Codebench's window: the sign-in screen first, then
// the worklist beside the record workspace, a status bar and the main menu.
// The code sets load off the UI goroutine once someone signs in: the
// sign-in screen carries none of them (issue 16).
func NewMainWindow(a fyne.App, deps Deps) fyne.Window {
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.IconPNG()))
	w := a.NewWindow(app.Name)
	run := newLiveRunner()
	u := newUI(a, w, deps, run)
	p := a.Preferences()
	w.Resize(fyne.NewSize(float32(p.FloatWithFallback(prefWidth, 1280)), float32(p.FloatWithFallback(prefHeight, 800))))
	w.SetCloseIntercept(func() {
		u.saveGeometry()
		// Saves still queued reach the store before it closes.
		if !run.Drain(10 * time.Second) {
			fyne.LogError("closing with saves still pending after 10 s", nil)
		}
		u.closeSession()
		w.Close()
	})
	u.startIdleTimer(30 * time.Second)
	return w
}

func newUI(a fyne.App, w fyne.Window, deps Deps, run runner) *ui {
	u := &ui{app: a, win: w, deps: deps, prefs: a.Preferences(), now: time.Now}
	u.run = activeRunner{runner: run, touch: func() { u.touch() }}
	u.lastActive = u.now()
	u.statusText = widget.NewLabel("Data folder: " + deps.DataDir)
	u.statusText.Truncation = fyne.TextTruncateEllipsis
	u.bookText = widget.NewLabel("")
	u.userText = widget.NewLabel("")
	u.progress = widget.NewProgressBar()
	u.progress.Hide()
	u.cancelLoad = widget.NewButtonWithIcon("", theme.CancelIcon(), nil)
	u.cancelLoad.Hide()
	status := container.NewBorder(widget.NewSeparator(), nil, nil,
		container.NewHBox(container.NewGridWrap(fyne.NewSize(160, u.progress.MinSize().Height), u.progress), u.cancelLoad, u.bookText, u.userText), u.statusText)
	u.root = container.NewStack()
	w.SetContent(container.NewBorder(nil, status, nil, nil, u.root))
	u.menu = u.newMainMenu()
	w.SetMainMenu(u.menu)
	u.addShortcuts()
	w.SetOnDropped(u.onDropped)
	u.showLogin()
	return u
}

// setStatus writes a line in the status bar. Never put patient data in it:
// the status bar stays visible on the lock screen.
func (u *ui) setStatus(s string) {
	if s == "" {
		s = "Data folder: " + u.deps.DataDir
	}
	u.statusText.SetText(s)
}

// fail tells the person what went wrong and what to do; what says which
// action failed ("Could not save the code").
func (u *ui) fail(what string, err error) {
	// The log gets what failed, not the error text: errors name note files
	// and records, and file names often carry a patient's name.
	fyne.LogError(what, nil)
	dialog.ShowError(fmt.Errorf("%s: %w", what, err), u.win)
}

func (u *ui) showLogin() {
	u.root.Objects = []fyne.CanvasObject{newLogin(u.deps.Vault, u.run, u.prefs, u.onSignedIn)}
	u.root.Refresh()
	u.setMenuState()
}

func (u *ui) onSignedIn(s Session) {
	u.session = s
	u.prefs.SetString(prefLastUser, s.User())
	u.userText.SetText("Signed in: " + s.User())
	u.touch()
	if !u.bookAsked {
		u.loadCodebook()
	}
	u.buildMain()
	u.root.Objects = []fyne.CanvasObject{u.main}
	u.root.Refresh()
	u.setMenuState()
	u.win.Canvas().Focus(u.worklist.search)
	u.startWatch()
}

func (u *ui) buildMain() {
	u.worklist = newWorklist(u.session.Records(), u.run, u.win, u.fail)
	u.worklist.onOpen = u.openRecord
	u.worklist.onNew = u.onNewRecord
	u.worklist.onImport = u.onImportNote
	u.worklist.onOpenedDemo = u.openRecord
	u.wsHolder = container.NewStack(emptyWorkspace())
	u.mainSplit = container.NewHSplit(u.worklist, u.wsHolder)
	u.mainSplit.Offset = u.prefs.FloatWithFallback(prefSplitMain, 0.24)
	u.mainBox = container.NewStack(u.mainSplit)
	u.main = u.mainBox
	u.worklist.refresh()
}

func emptyWorkspace() fyne.CanvasObject {
	l := widget.NewLabel("Open a record from the worklist (↑/↓ then Enter),\nor create one with Ctrl+N.")
	l.Alignment = fyne.TextAlignCenter
	return container.NewCenter(container.NewVBox(widget.NewIcon(theme.DocumentIcon()), l))
}

// openRecord loads a record and shows it in the workspace.
func (u *ui) openRecord(id string) {
	recs := u.session.Records()
	var rec *app.Record
	var notes []loadedNote
	var err error
	u.setStatus("Opening record…")
	// Records opened in quick succession load concurrently; only the last
	// one asked for is shown.
	u.openSeq++
	seq := u.openSeq
	sh := u.sharing()
	var heldBy *app.Lease
	var leaseErr error
	u.run.Go(func() {
		rec, err = recs.Record(id)
		if err != nil {
			return
		}
		heldBy, leaseErr = takeLease(sh, id)
		for _, nid := range rec.NoteIDs {
			n, orig, nerr := recs.Note(nid)
			if nerr != nil {
				err = fmt.Errorf("note %s: %w", nid, nerr)
				return
			}
			notes = append(notes, loadedNote{Note: *n, Original: orig})
		}
	}, func() {
		if seq != u.openSeq {
			return
		}
		if err != nil {
			u.setStatus("")
			u.fail("Could not open the record", err)
			return
		}
		u.setStatus("")
		if leaseErr != nil {
			// Whether someone else is coding it cannot be known: read-only.
			heldBy = &app.Lease{RecordID: id, User: "another workstation (the shared database did not answer)", Since: time.Now()}
		}
		u.showRecord(rec, notes, heldBy)
	})
}

// showRecord opens rec in the workspace: for coding, holding its lease,
// or read-only while heldBy (another coder's lease) is set.
func (u *ui) showRecord(rec *app.Record, notes []loadedNote, heldBy ...*app.Lease) {
	if u.ws != nil {
		u.saveSplits()
		u.ws.close()
	}
	u.dropLease()
	u.ws = newWorkspace(u, rec, notes, u.defaultSystems())
	ws := u.ws
	lost := func(l app.Lease) {
		if u.ws == ws {
			ws.setHeldBy(&l)
		}
	}
	if len(heldBy) > 0 && heldBy[0] != nil {
		u.ws.setHeldBy(heldBy[0])
		u.awaitLease(rec.ID, func() {
			if u.ws == ws {
				ws.setHeldBy(nil)
				u.holdLease(rec.ID, lost)
			}
		})
	} else {
		u.holdLease(rec.ID, lost)
	}
	u.ws.edits.onCite = u.onCite
	u.worklist.markOpen(rec.ID)
	u.wsHolder.Objects = []fyne.CanvasObject{u.ws}
	u.wsHolder.Refresh()
	u.setMenuState()
	u.win.Canvas().Focus(u.ws.coder.search)
}

// loadCodebook loads the code sets off the UI goroutine with progress in
// the status bar; screens waiting for them register with onCodebook.
func (u *ui) loadCodebook() {
	u.book, u.bookErr, u.bookDone, u.bookAsked = nil, nil, false, true
	if u.deps.LoadCodebook == nil {
		u.bookText.SetText("No code sets")
		u.codebookDone(nil, errors.New("this build has no code sets"))
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	u.progress.SetValue(0)
	u.progress.Show()
	u.cancelLoad.OnTapped = cancel
	u.cancelLoad.Show()
	u.bookText.SetText("Loading code sets…")
	var book *Codebook
	var err error
	u.run.Go(func() {
		book, err = u.deps.LoadCodebook(ctx, func(f float64, what string) {
			onUI(func() {
				u.progress.SetValue(f)
				u.bookText.SetText(what)
			})
		})
	}, func() {
		cancel()
		u.progress.Hide()
		u.cancelLoad.Hide()
		if err != nil {
			if errors.Is(err, context.Canceled) {
				u.bookText.SetText("Code sets not loaded (cancelled): restart Codebench to load them")
			} else {
				u.bookText.SetText("Code sets not loaded")
				u.fail("Could not load the code sets", err)
			}
			u.codebookDone(nil, err)
			return
		}
		if book.Missing != "" {
			// The status bar has room for a pointer, not the whole list.
			u.bookText.SetText(book.About + " · some years or parts missing: Help → About Codebench")
		} else {
			u.bookText.SetText(book.About)
		}
		u.codebookDone(book, nil)
	})
}

func (u *ui) codebookDone(book *Codebook, err error) {
	u.book, u.bookErr, u.bookDone = book, err, true
	waiting := u.onBook
	u.onBook = nil
	for _, f := range waiting {
		f(book, err)
	}
}

// onCodebook calls f once the code sets have loaded or failed to: now,
// if the last load has finished.
func (u *ui) onCodebook(f func(*Codebook, error)) {
	if u.bookDone {
		f(u.book, u.bookErr)
		return
	}
	u.onBook = append(u.onBook, f)
}

// The workspace's host (see host in workspace.go).

func (u *ui) Go(work, done func())          { u.run.Go(work, done) }
func (u *ui) Serial(work, done func())      { u.run.Serial(work, done) }
func (u *ui) records() Records              { return u.session.Records() }
func (u *ui) intake() Intake                { return u.deps.Intake }
func (u *ui) window() fyne.Window           { return u.win }
func (u *ui) preferences() fyne.Preferences { return u.prefs }

func (u *ui) facility() Facility {
	return Facility{Name: u.prefs.String(prefFacilityName), Address: u.prefs.String(prefFacilityAddr)}
}

func (u *ui) defaultSystems() []app.System {
	var out []app.System
	for _, s := range strings.Split(u.prefs.StringWithFallback(prefSystems, "icd10cm,icd10pcs,hcpcs"), ",") {
		if sys, err := app.ParseSystem(s); err == nil {
			out = append(out, sys)
		}
	}
	return out
}

// geometry

func (u *ui) saveSplits() {
	if u.mainSplit != nil && !u.worklistHidden() {
		u.prefs.SetFloat(prefSplitMain, u.mainSplit.Offset)
	}
	if u.ws != nil {
		u.ws.saveSplits(u.prefs)
	}
}

func (u *ui) saveGeometry() {
	s := u.win.Canvas().Size()
	u.prefs.SetFloat(prefWidth, float64(s.Width))
	u.prefs.SetFloat(prefHeight, float64(s.Height))
	u.saveSplits()
}

func (u *ui) closeSession() {
	if u.stopIdle != nil {
		close(u.stopIdle)
		u.stopIdle = nil
	}
	u.stopWatching()
	u.dropLease()
	if u.ws != nil {
		u.ws.close()
	}
	if u.worklist != nil {
		u.worklist.close()
	}
	if u.session != nil {
		if err := u.session.Close(); err != nil {
			fyne.LogError("closing the data folder", err)
		}
	}
}
