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
	"fyne.io/fyne/v2/driver/desktop"
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

	session Session
	openSeq int // the last record asked for; older loads are dropped
	book    *Codebook
	bookErr error
	onBook  []func()

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
	main      fyne.CanvasObject

	menu       *fyne.MainMenu
	recordOnly []*fyne.MenuItem // items that need an open record
	signedIn   []*fyne.MenuItem // items that need a session

	locked     bool
	lastActive time.Time
	stopIdle   chan struct{}
}

// NewMainWindow builds Codebench's window: the sign-in screen first, then
// the worklist beside the record workspace, a status bar and the main menu.
// It starts loading the code sets at once, off the UI goroutine.
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
	u.loadCodebook()
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

// touch records activity for the idle lock.
func (u *ui) touch() { u.lastActive = u.now() }

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
	u.buildMain()
	u.root.Objects = []fyne.CanvasObject{u.main}
	u.root.Refresh()
	u.setMenuState()
	u.win.Canvas().Focus(u.worklist.search)
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
	u.run.Go(func() {
		rec, err = recs.Record(id)
		if err != nil {
			return
		}
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
		u.showRecord(rec, notes)
	})
}

func (u *ui) showRecord(rec *app.Record, notes []loadedNote) {
	if u.ws != nil {
		u.saveSplits()
	}
	u.ws = newWorkspace(u, rec, notes)
	u.worklist.markOpen(rec.ID)
	u.wsHolder.Objects = []fyne.CanvasObject{u.ws}
	u.wsHolder.Refresh()
	u.setMenuState()
	u.win.Canvas().Focus(u.ws.coder.search)
}

// recordChanged keeps the worklist in step after a save in the workspace.
func (u *ui) recordChanged() {
	if u.worklist != nil {
		u.worklist.refresh()
	}
}

// loadCodebook loads the code sets off the UI goroutine with progress in
// the status bar; screens waiting for them register in onBook.
func (u *ui) loadCodebook() {
	if u.deps.LoadCodebook == nil {
		u.bookErr = errors.New("this build has no code sets")
		u.bookText.SetText("No code sets")
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
			fyne.Do(func() {
				u.progress.SetValue(f)
				u.bookText.SetText(what)
			})
		})
	}, func() {
		cancel()
		u.progress.Hide()
		u.cancelLoad.Hide()
		if err != nil {
			u.bookErr = err
			if errors.Is(err, context.Canceled) {
				u.bookText.SetText("Code sets not loaded (cancelled): restart Codebench to load them")
				return
			}
			u.bookText.SetText("Code sets not loaded")
			u.fail("Could not load the code sets", err)
			return
		}
		u.book = book
		u.bookText.SetText(book.About)
		for _, f := range u.onBook {
			f()
		}
		u.onBook = nil
	})
}

// whenBook runs f now if the code sets are loaded, or once they are.
func (u *ui) whenBook(f func()) {
	if u.book != nil {
		f()
		return
	}
	u.onBook = append(u.onBook, f)
}

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

// ---- menu and shortcuts

func ctrl(k fyne.KeyName) *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
}

func (u *ui) item(label string, sc *desktop.CustomShortcut, f func()) *fyne.MenuItem {
	it := fyne.NewMenuItem(label, func() {
		u.touch()
		f()
	})
	if sc != nil {
		it.Shortcut = sc
	}
	return it
}

func (u *ui) newMainMenu() *fyne.MainMenu {
	newRec := u.item("New record…", ctrl(fyne.KeyN), u.onNewRecord)
	openNote := u.item("Open note file…", ctrl(fyne.KeyO), u.onImportNote)
	print := u.item("Print summary…", ctrl(fyne.KeyP), u.onPrint)
	lock := u.item("Lock", ctrl(fyne.KeyL), u.lock)
	settings := u.item("Settings…", ctrl(fyne.KeyComma), u.onSettings)
	release := u.item("Import code-set release…", nil, u.onImportRelease)
	findCode := u.item("Find code", ctrl(fyne.KeyF), u.onFindCode)
	findNote := u.item("Find in note", &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}, u.onFindInNote)
	searchSel := u.item("Search codes for selected text", &desktop.CustomShortcut{KeyName: fyne.KeyE, Modifier: fyne.KeyModifierShortcutDefault}, u.onSearchSelection)
	up := u.item("Move code up", &desktop.CustomShortcut{KeyName: fyne.KeyUp, Modifier: fyne.KeyModifierAlt}, func() { u.onMoveCode(-1) })
	down := u.item("Move code down", &desktop.CustomShortcut{KeyName: fyne.KeyDown, Modifier: fyne.KeyModifierAlt}, func() { u.onMoveCode(+1) })
	remove := u.item("Remove code", &desktop.CustomShortcut{KeyName: fyne.KeyDelete, Modifier: fyne.KeyModifierAlt}, u.onRemoveCode)
	worklist := u.item("Show or hide the worklist", ctrl(fyne.Key1), u.onToggleWorklist)
	worklistFocus := u.item("Go to worklist search", ctrl(fyne.KeyK), u.onFocusWorklist)
	zoomIn := u.item("Zoom in", ctrl(fyne.KeyEqual), func() { u.onZoom(1.25) })
	zoomOut := u.item("Zoom out", ctrl(fyne.KeyMinus), func() { u.onZoom(0.8) })
	fit := u.item("Fit width", ctrl(fyne.Key0), func() { u.onZoom(0) })
	coded := u.item("Mark coded", &desktop.CustomShortcut{KeyName: fyne.KeyM, Modifier: fyne.KeyModifierShortcutDefault}, func() { u.withWS(func(w *workspace) { w.onMarkCoded() }) })
	final := u.item("Finalize", &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierAlt}, func() { u.withWS(func(w *workspace) { w.onFinalize() }) })
	query := u.item("Query provider…", nil, func() { u.withWS(func(w *workspace) { w.onQuery() }) })
	reopen := u.item("Reopen…", nil, func() { u.withWS(func(w *workspace) { w.onReopen() }) })
	shortcuts := u.item("Keyboard shortcuts", nil, u.onShortcutsHelp)
	about := u.item("About Codebench", nil, func() {
		dialog.ShowInformation("About "+app.Name, app.Name+" "+app.Version+
			"\nMedical record coding workstation: ICD-10-CM, ICD-10-PCS and HCPCS Level II, offline."+
			"\nCode sets: CMS/CDC public releases. Apache-2.0.", u.win)
	})
	u.recordOnly = []*fyne.MenuItem{print, findNote, searchSel, up, down, remove, zoomIn, zoomOut, fit, coded, final, query, reopen}
	u.signedIn = []*fyne.MenuItem{newRec, openNote, lock, findCode, worklist, worklistFocus}
	return fyne.NewMainMenu(
		fyne.NewMenu("File", newRec, openNote, fyne.NewMenuItemSeparator(), print, fyne.NewMenuItemSeparator(), release, settings, lock),
		fyne.NewMenu("Edit", findCode, findNote, searchSel, fyne.NewMenuItemSeparator(), up, down, remove),
		fyne.NewMenu("Record", coded, final, query, reopen),
		fyne.NewMenu("View", worklist, worklistFocus, fyne.NewMenuItemSeparator(), zoomIn, zoomOut, fit),
		fyne.NewMenu("Help", shortcuts, about),
	)
}

// addShortcuts registers every menu shortcut on the canvas too, so they
// work where the menu bar does not route them (and in tests).
func (u *ui) addShortcuts() {
	for _, m := range u.menu.Items {
		for _, it := range m.Items {
			sc, ok := it.Shortcut.(*desktop.CustomShortcut)
			if !ok {
				continue
			}
			it := it
			u.win.Canvas().AddShortcut(sc, func(fyne.Shortcut) {
				if !it.Disabled {
					it.Action()
				}
			})
		}
	}
}

func (u *ui) setMenuState() {
	signed := u.session != nil && !u.locked
	open := signed && u.ws != nil
	for _, it := range u.signedIn {
		it.Disabled = !signed
	}
	for _, it := range u.recordOnly {
		it.Disabled = !open
	}
	u.menu.Refresh()
}

func (u *ui) withWS(f func(*workspace)) {
	if u.ws == nil || u.locked {
		return
	}
	f(u.ws)
}

func (u *ui) onFindCode() {
	if u.ws != nil && !u.locked {
		u.ws.coder.focus()
		return
	}
	u.onFocusWorklist()
}

func (u *ui) onFocusWorklist() {
	if u.worklist == nil || u.locked {
		return
	}
	if u.worklistHidden() {
		u.onToggleWorklist()
	}
	u.win.Canvas().Focus(u.worklist.search)
}

func (u *ui) onFindInNote() { u.withWS(func(w *workspace) { w.viewer.focusFind() }) }

func (u *ui) onSearchSelection() { u.withWS(func(w *workspace) { w.viewer.onSearchSelection() }) }

func (u *ui) onMoveCode(delta int) { u.withWS(func(w *workspace) { w.moveSelected(delta) }) }

func (u *ui) onRemoveCode() { u.withWS(func(w *workspace) { w.removeSelected() }) }

func (u *ui) onZoom(f float32) { u.withWS(func(w *workspace) { w.viewer.zoomBy(f) }) }

func (u *ui) worklistHidden() bool {
	return u.mainBox != nil && u.mainBox.Objects[0] != fyne.CanvasObject(u.mainSplit)
}

// onToggleWorklist hides the worklist to give the record the whole window,
// or shows it again.
func (u *ui) onToggleWorklist() {
	if u.mainBox == nil {
		return
	}
	if u.worklistHidden() {
		u.mainSplit.Trailing = u.wsHolder
		u.mainBox.Objects = []fyne.CanvasObject{u.mainSplit}
		u.mainSplit.Refresh()
	} else {
		u.prefs.SetFloat(prefSplitMain, u.mainSplit.Offset)
		u.mainBox.Objects = []fyne.CanvasObject{u.wsHolder}
	}
	u.mainBox.Refresh()
}

func (u *ui) onShortcutsHelp() {
	var b strings.Builder
	for _, m := range u.menu.Items {
		for _, it := range m.Items {
			if sc, ok := it.Shortcut.(*desktop.CustomShortcut); ok {
				fmt.Fprintf(&b, "%-28s %s\n", it.Label, shortcutLabel(sc))
			}
		}
	}
	b.WriteString("\nIn the code search: ↑/↓ move through results, Enter assigns the selected code.\n" +
		"In the worklist search: ↑/↓ then Enter opens a record.")
	l := widget.NewLabel(b.String())
	l.TextStyle = fyne.TextStyle{Monospace: true}
	dialog.ShowCustom("Keyboard shortcuts", "Close", l, u.win)
}

func shortcutLabel(sc *desktop.CustomShortcut) string {
	var parts []string
	m := sc.Modifier
	if m&fyne.KeyModifierControl != 0 {
		parts = append(parts, "Ctrl")
	}
	if m&fyne.KeyModifierSuper != 0 {
		parts = append(parts, "Cmd")
	}
	if m&fyne.KeyModifierAlt != 0 {
		parts = append(parts, "Alt")
	}
	if m&fyne.KeyModifierShift != 0 {
		parts = append(parts, "Shift")
	}
	name := string(sc.KeyName)
	switch sc.KeyName {
	case fyne.KeyUp:
		name = "↑"
	case fyne.KeyDown:
		name = "↓"
	case fyne.KeyEqual:
		name = "+"
	case fyne.KeyMinus:
		name = "-"
	}
	return strings.Join(append(parts, name), "+")
}

// ---- record-level actions that start from the menu or the worklist

func (u *ui) onNewRecord() {
	if u.session == nil || u.locked {
		return
	}
	showNewRecord(u.win, u.session.Records(), u.run, nil, func(rec *app.Record) {
		u.recordChanged()
		u.openRecord(rec.ID)
	})
}

// onImportNote asks for a note file and imports it: into the open record,
// or into a new record when none is open.
func (u *ui) onImportNote() {
	if u.session == nil || u.locked {
		return
	}
	if u.deps.Intake == nil {
		u.fail("Cannot import notes", errors.New("this build has no note reader"))
		return
	}
	u.pickFile(func(path string) { u.importFiles([]string{path}) })
}

// pickFile shows the file-open dialog and calls f with the chosen path.
func (u *ui) pickFile(f func(path string)) {
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			u.fail("Could not open the file", err)
			return
		}
		if rc == nil {
			return
		}
		path := rc.URI().Path()
		rc.Close()
		f(path)
	}, u.win)
	d.Show()
}

func (u *ui) onDropped(_ fyne.Position, uris []fyne.URI) {
	if u.session == nil || u.locked || len(uris) == 0 {
		return
	}
	var paths []string
	for _, x := range uris {
		if x.Scheme() == "file" {
			paths = append(paths, x.Path())
		}
	}
	u.importFiles(paths)
}

// importFiles reads each file with the note reader (OCR with a progress
// bar and Cancel) and attaches the notes to the open record, or to a new
// record the person fills in.
func (u *ui) importFiles(paths []string) {
	if len(paths) == 0 || u.deps.Intake == nil {
		return
	}
	imp := newImporter(u.win, u.deps.Intake, u.run)
	imp.start(paths, func(notes []importedNote) {
		if len(notes) == 0 {
			return
		}
		if u.ws != nil && !u.ws.rec.ReadOnly() {
			u.ws.attachNotes(notes)
			return
		}
		showNewRecord(u.win, u.session.Records(), u.run, notes, func(rec *app.Record) {
			u.recordChanged()
			u.openRecord(rec.ID)
		})
	}, u.fail)
}

func (u *ui) onPrint() {
	u.withWS(func(w *workspace) {
		if u.deps.Reporter == nil {
			u.fail("Cannot print", errors.New("this build has no PDF report"))
			return
		}
		showPrintPreview(u.win, w.rec, w.noteList(), u.facility(), u.deps.Reporter, u.deps.Intake, u.run, u.fail)
	})
}

func (u *ui) onSettings() {
	showSettings(u.win, u.prefs, u.deps.DataDir, func() {
		u.setStatus("Settings saved.")
	})
}

// ---- idle lock

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

// ---- geometry

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
	if u.session != nil {
		if err := u.session.Close(); err != nil {
			fyne.LogError("closing the data folder", err)
		}
	}
}
