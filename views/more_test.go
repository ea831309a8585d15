package views

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/codebench/codebench/app"
)

func TestIdleLockHidesPatientDataUntilPassphrase(t *testing.T) {
	f := newFixture(t)
	ws := f.openDemo()
	clock := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	f.u.now = func() time.Time { return clock }
	f.u.touch()
	f.app.Preferences().SetInt(prefLockMinutes, 10)
	clock = clock.Add(9 * time.Minute)
	f.u.checkIdle()
	if f.u.locked {
		t.Fatal("locked before the idle minutes passed")
	}
	clock = clock.Add(2 * time.Minute)
	f.u.checkIdle()
	if !f.u.locked {
		t.Fatal("not locked after 11 idle minutes with a 10-minute setting")
	}
	markup := test.RenderToMarkup(f.win.Canvas())
	for _, phi := range []string{ws.rec.Patient.Name, ws.rec.Patient.MRN, "DEMO RECORD"} {
		if strings.Contains(markup, phi) {
			t.Fatalf("the lock screen shows %q", phi)
		}
	}
	if !f.u.menu.Items[0].Items[0].Disabled {
		t.Fatal("New record stays enabled while locked")
	}
	l := f.u.root.Objects[0].(*lockScreen)
	test.Type(l.pass, "wrong")
	test.Tap(l.unlock)
	if !f.u.locked || l.msg.Text == "" {
		t.Fatal("a wrong passphrase unlocked the window")
	}
	test.Type(l.pass, "correct horse battery")
	l.pass.OnSubmitted("")
	if f.u.locked || f.u.root.Objects[0] != f.u.main || f.u.ws != ws {
		t.Fatal("the right passphrase did not bring back the open record")
	}
	// Ctrl+L locks at once; 0 minutes never locks by itself.
	f.typeShortcut(fyne.KeyL, fyne.KeyModifierShortcutDefault)
	if !f.u.locked {
		t.Fatal("Ctrl+L did not lock")
	}
	f.u.unlock()
	f.app.Preferences().SetInt(prefLockMinutes, 0)
	clock = clock.Add(24 * time.Hour)
	f.u.checkIdle()
	if f.u.locked {
		t.Fatal("locked with idle lock set to 0 (never)")
	}
}

func TestEditsAcknowledgeAndFinalizeGate(t *testing.T) {
	f := newFixture(t)
	ws := f.openDemo()
	ws.coder.search.SetText("E11.22")
	ws.coder.search.OnSubmitted("")
	if len(ws.findings) != 1 {
		t.Fatalf("findings %+v", ws.findings)
	}
	test.Tap(ws.coded)
	if f.recs.recs[ws.rec.ID].Status != app.Coded {
		t.Fatal("not coded")
	}
	// Finalize is refused while a warning is not acknowledged.
	test.Tap(ws.final)
	if f.recs.recs[ws.rec.ID].Status != app.Coded {
		t.Fatal("finalized with an open warning")
	}
	dismissOverlays(f.win)
	ws.acknowledge(ws.findings[0], "CKD stage not documented; provider queried separately")
	rec := f.recs.recs[ws.rec.ID]
	if len(rec.Acknowledgements) != 1 || rec.Acknowledgements[0].By != "Casey Coder" {
		t.Fatalf("acknowledgements %+v", rec.Acknowledgements)
	}
	if errs, warns := blocking(ws.findings, ws.rec.Acknowledgements); errs+warns != 0 {
		t.Fatalf("still blocking: %d errors, %d warnings", errs, warns)
	}
	if !strings.Contains(test.RenderObjectToMarkup(ws.edits), "Acknowledged by Casey Coder") {
		t.Fatal("the edits panel does not show the acknowledgement")
	}
	test.Tap(ws.final)
	confirmDialog(t, f.win, "Finalize")
	if f.recs.recs[ws.rec.ID].Status != app.Final || !ws.assigned.readOnly || !ws.coder.readOnly {
		t.Fatalf("status %s, read-only %v", f.recs.recs[ws.rec.ID].Status, ws.assigned.readOnly)
	}
	// A final record cannot be changed until reopened with a reason.
	ws.coder.search.SetText("pneumonia")
	ws.coder.search.OnSubmitted("")
	if n := len(f.recs.recs[ws.rec.ID].Assignments); n != 1 {
		t.Fatalf("a final record got %d codes", n)
	}
	ws.setStatus(app.InProgress, "late addendum from the provider")
	rec = f.recs.recs[ws.rec.ID]
	if rec.Status != app.InProgress || rec.History[len(rec.History)-1].Reason != "late addendum from the provider" {
		t.Fatalf("reopen: %s %+v", rec.Status, rec.History)
	}
}

func TestQueryProviderPutsOnHold(t *testing.T) {
	f := newFixture(t)
	ws := f.openDemo()
	test.Tap(ws.query)
	e := findEntry(f.win)
	if e == nil {
		t.Fatal("no query text box")
	}
	test.Type(e, "Please document the CKD stage.")
	confirmDialog(t, f.win, "Put on hold")
	rec := f.recs.recs[ws.rec.ID]
	if rec.Status != app.OnHold || rec.Query != "Please document the CKD stage." || ws.banner.Hidden {
		t.Fatalf("status %s query %q", rec.Status, rec.Query)
	}
	if f.u.worklist.tabs[app.OnHold].Text != "On hold (1)" {
		t.Fatalf("worklist not refreshed: %q", f.u.worklist.tabs[app.OnHold].Text)
	}
}

func TestSaveFailureIsShownAndReloaded(t *testing.T) {
	f := newFixture(t)
	ws := f.openDemo()
	f.recs.failOn = "Assign"
	ws.coder.search.SetText("pneumonia")
	ws.coder.search.OnSubmitted("")
	if len(ws.rec.Assignments) != 0 {
		t.Fatal("the workspace shows a code the store refused")
	}
	if !strings.Contains(overlayText(f.win), "Could not assign the code") {
		t.Fatalf("no error dialog; overlays: %q", overlayText(f.win))
	}
}

func TestImportNoteWithProgressIntoOpenRecord(t *testing.T) {
	f := newFixture(t)
	ws := f.openDemo()
	dir := t.TempDir()
	p := filepath.Join(dir, "scan.pdf")
	if err := os.WriteFile(p, []byte("Page one: acute pneumonia\fPage two: diabetes"), 0o600); err != nil {
		t.Fatal(err)
	}
	f.u.onDropped(fyne.NewPos(10, 10), []fyne.URI{storageURI(p)})
	if len(ws.notes) != 2 || len(f.recs.recs[ws.rec.ID].NoteIDs) != 2 {
		t.Fatalf("notes %d", len(ws.notes))
	}
	v := ws.viewer
	if v.cur != 1 || v.pageCount() != 2 || !v.hasPages() || len(v.thumbList) != 2 || v.img.Image == nil {
		t.Fatalf("viewer: note %d pages %d thumbs %d", v.cur, v.pageCount(), len(v.thumbList))
	}
	fit := v.img.MinSize().Width
	if v.viewW <= 0 || fit <= 0 || fit > v.viewW {
		t.Fatalf("fit width: page %v in an area %v wide", fit, v.viewW)
	}
	f.typeShortcut(fyne.KeyEqual, fyne.KeyModifierShortcutDefault)
	if z := v.img.MinSize().Width; z < fit*1.2 || v.zoomLabel.Text == "Fit" {
		t.Fatalf("Ctrl+= zoomed %v -> %v (%s)", fit, z, v.zoomLabel.Text)
	}
	f.typeShortcut(fyne.Key0, fyne.KeyModifierShortcutDefault)
	if v.img.MinSize().Width != fit || v.zoomLabel.Text != "Fit" {
		t.Fatal("Ctrl+0 did not go back to fit width")
	}
	test.Tap(v.thumbList[1])
	if v.page != 2 || !strings.Contains(v.text.Text, "diabetes") || v.pageLabel.Text != "Page 2 of 2 · OCR 91%" {
		t.Fatalf("page %d text %q", v.page, v.text.Text)
	}
	// The note was opened once for the page, the thumbnails and the zoom,
	// and stays the one open document until the record closes.
	if f.intake.renders < 3 || f.intake.openDocs() != 1 {
		t.Fatalf("%d renders, %d documents open", f.intake.renders, f.intake.openDocs())
	}
	// A damaged file says what to do and adds nothing.
	bad := filepath.Join(dir, "x.bad")
	os.WriteFile(bad, []byte("?"), 0o600)
	f.u.importFiles([]string{bad})
	if len(ws.notes) != 2 || !strings.Contains(overlayText(f.win), "Could not read the note") {
		t.Fatalf("damaged file: notes %d overlays %q", len(ws.notes), overlayText(f.win))
	}
	ws.close()
	if f.intake.openDocs() != 0 {
		t.Fatalf("%d documents open after the record closed", f.intake.openDocs())
	}
}

func TestImporterCancel(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(800, 600))
	run := &syncRunner{manual: true}
	im := newImporter(w, &fakeIntake{}, run)
	im.readFile = func(string) ([]byte, error) { return []byte("a\fb\fc"), nil }
	var got []importedNote
	called := false
	im.start([]string{"/x/scan.tiff"}, func(n []importedNote) { called = true; got = n }, func(s string, err error) { t.Fatal(s, err) })
	test.Tap(im.cancel)
	run.pending[0]()
	if called || got != nil {
		t.Fatal("a cancelled import still delivered notes")
	}
}

func TestNoteViewerFindAndEvidence(t *testing.T) {
	f := newFixture(t)
	ws := f.openDemo()
	v := ws.viewer
	test.Type(v.find, "pneumonia")
	if len(v.matches) != 1 || v.findInfo.Text != "1 of 1" || v.textStack.Objects[0] != fyne.CanvasObject(v.markedBox) {
		t.Fatalf("find: %d matches, %q", len(v.matches), v.findInfo.Text)
	}
	v.find.SetText("diabetes")
	if len(v.matches) != 3 {
		t.Fatalf("diabetes matches %d, want 3", len(v.matches))
	}
	v.find.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if v.findInfo.Text != "2 of 3" {
		t.Fatalf("next match: %q", v.findInfo.Text)
	}
	v.find.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if v.textStack.Objects[0] != fyne.CanvasObject(v.text) || v.find.Text != "" {
		t.Fatal("Escape did not clear the find")
	}
	// Select words in the note, search codes for them, assign: the code
	// links to the words.
	text := v.pageText()
	start := strings.Index(text, "Community-acquired pneumonia")
	selectText(v, start, len("Community-acquired pneumonia"))
	if v.text.SelectedText() != "Community-acquired pneumonia" {
		t.Fatalf("selected %q", v.text.SelectedText())
	}
	f.typeShortcut(fyne.KeyE, fyne.KeyModifierShortcutDefault)
	if ws.coder.search.Text != "Community-acquired pneumonia" {
		t.Fatalf("search box %q", ws.coder.search.Text)
	}
	ws.coder.search.SetText("pneumonia")
	ws.coder.search.OnSubmitted("")
	ev := f.recs.recs[ws.rec.ID].Assignments[0].Evidence
	if ev == nil || ev.Start != start || ev.Text != "Community-acquired pneumonia" || ev.Page != 1 {
		t.Fatalf("evidence %+v, want start %d", ev, start)
	}
	ws.onEvidence(ws.rec.Assignments[0].ID)
	if len(v.marked.Segments) != 3 || v.marked.Segments[1].(*widget.TextSegment).Text != "Community-acquired pneumonia" {
		t.Fatalf("evidence not highlighted: %d segments", len(v.marked.Segments))
	}
}

// selectText selects n bytes of ASCII text from start by keyboard, as a
// coder would with Shift+→.
func selectText(v *noteViewer, start, n int) {
	// Rows are wrapped rows; unwrapped, they are the text's lines.
	v.text.Wrapping = fyne.TextWrapOff
	v.text.Refresh()
	text := v.pageText()
	row, col := 0, 0
	for _, r := range text[:start] {
		if r == '\n' {
			row++
			col = 0
		} else {
			col++
		}
	}
	v.text.CursorRow, v.text.CursorColumn = row, col
	v.text.KeyDown(&fyne.KeyEvent{Name: "LeftShift"})
	for i := 0; i < n; i++ {
		v.text.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	}
	v.text.KeyUp(&fyne.KeyEvent{Name: "LeftShift"})
}

func TestReadOnlyNoteRefusesEdits(t *testing.T) {
	f := newFixture(t)
	ws := f.openDemo()
	before := ws.viewer.text.Text
	test.Type(ws.viewer.text, "xyz")
	ws.viewer.text.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	ws.viewer.text.TypedShortcut(&fyne.ShortcutPaste{Clipboard: f.app.Clipboard()})
	if ws.viewer.text.Text != before {
		t.Fatal("the note text was edited")
	}
}

func TestAssignedListEditsInPlace(t *testing.T) {
	f := newFixture(t)
	ws := f.openDemo()
	for _, q := range []string{"pneumonia", "insulin"} {
		ws.coder.search.SetText(q)
		ws.coder.search.OnSubmitted("")
	}
	row := ws.assigned.rows[1]
	var role *widget.Select
	walk(row, func(o fyne.CanvasObject) {
		if s, ok := o.(*widget.Select); ok && role == nil {
			role = s
		}
	})
	role.SetSelected(roleLabel(app.Admitting))
	if got := f.recs.recs[ws.rec.ID].Assignments[1].Role; got != app.Admitting {
		t.Fatalf("role %s", got)
	}
	f.typeShortcut(fyne.KeyDelete, fyne.KeyModifierAlt)
	if got := codes(f.recs.recs[ws.rec.ID]); got != "J189" {
		t.Fatalf("after Alt+Delete: %q", got)
	}
}

func TestSettingsValidateAndSave(t *testing.T) {
	a := test.NewTempApp(t)
	p := a.Preferences()
	saved := false
	s := newSettings(p, "/data/here", func() { saved = true })
	test.NewWindow(s)
	s.minutes.SetText("soon")
	s.onSave()
	if saved || !strings.Contains(s.msg.Text, "minutes") {
		t.Fatalf("bad minutes accepted: %q", s.msg.Text)
	}
	s.minutes.SetText("5")
	s.facility.SetText("Harbor Clinic")
	s.address.SetText("1 Quay St\nPortville")
	s.systems.SetSelected([]string{app.ICD10CM.Label()})
	s.onSave()
	if !saved || p.Int(prefLockMinutes) != 5 || p.String(prefFacilityName) != "Harbor Clinic" || p.String(prefSystems) != "icd10cm" {
		t.Fatalf("saved %v: %d %q %q", saved, p.Int(prefLockMinutes), p.String(prefFacilityName), p.String(prefSystems))
	}
	if !strings.Contains(test.RenderObjectToMarkup(s), "/data/here") {
		t.Fatal("the data folder is not shown")
	}
	c := newCodingPanel(&syncRunner{}, 2026, []app.System{app.ICD10CM})
	if c.system.Selected != app.ICD10CM.Label() {
		t.Fatalf("default system %q", c.system.Selected)
	}
}

func TestPrintFailureAndSave(t *testing.T) {
	f := newFixture(t)
	ws := f.openDemo()
	f.rep.failPrint = true
	f.u.onPrint()
	p := findPreview(f.win)
	test.Tap(p.print)
	if p.info.Text != "Not printed." || !strings.Contains(overlayText(f.win), "Save as PDF") {
		t.Fatalf("print failure: %q", p.info.Text)
	}
	out := filepath.Join(t.TempDir(), "s.pdf")
	p.saveTo(out)
	b, err := os.ReadFile(out)
	if err != nil || !strings.HasPrefix(string(b), "%PDF") {
		t.Fatalf("saved PDF: %v %q", err, b)
	}
	if len(f.rep.savedIDs) != 1 || f.rep.savedIDs[0] != ws.rec.ID {
		t.Fatalf("save not passed to the reporter with its record: %v", f.rep.savedIDs)
	}
	if summaryFileName(ws.rec) != "codebench-DEMO-0001-2026-03-02.pdf" {
		t.Fatal(summaryFileName(ws.rec))
	}
	if n := f.intake.openDocs(); n != 0 {
		t.Fatalf("the preview left %d documents open after drawing every page", n)
	}
}

func TestCodebookLoadFailureIsShown(t *testing.T) {
	a := test.NewTempApp(t)
	w := a.NewWindow("x")
	w.Resize(fyne.NewSize(1280, 800))
	u := newUI(a, w, Deps{Vault: newFakeVault(), LoadCodebook: func(context.Context, func(float64, string)) (*Codebook, error) {
		return nil, errors.New("pack damaged: run make terminology")
	}}, &syncRunner{})
	u.loadCodebook()
	if u.book != nil || u.bookText.Text != "Code sets not loaded" || !strings.Contains(overlayText(w), "make terminology") {
		t.Fatalf("book text %q overlays %q", u.bookText.Text, overlayText(w))
	}
}

func TestShortcutsListedInMenus(t *testing.T) {
	f := newFixture(t)
	want := map[string]string{"New record…": "Ctrl+N", "Open note file…": "Ctrl+O", "Print summary…": "Ctrl+P",
		"Lock": "Ctrl+L", "Find code": "Ctrl+F", "Move code up": "Alt+↑", "Move code down": "Alt+↓"}
	for _, m := range f.u.menu.Items {
		for _, it := range m.Items {
			if w, ok := want[it.Label]; ok {
				sc, ok := it.Shortcut.(*desktop.CustomShortcut)
				if !ok || shortcutLabel(sc) != w {
					t.Errorf("%s: shortcut %v, want %s", it.Label, it.Shortcut, w)
				}
				delete(want, it.Label)
			}
		}
	}
	if len(want) > 0 {
		t.Fatalf("menu items missing: %v", want)
	}
}

func TestEnterBeforeResultsAssignsWhenTheyArrive(t *testing.T) {
	test.NewTempApp(t)
	run := &syncRunner{manual: true}
	c := newCodingPanel(run, 2026, app.Systems)
	test.NewWindow(c)
	c.setTerms(&fakeTerms{})
	var got string
	c.onAssign = func(h CodeHit, code string) { got = code }
	c.search.SetText("insulin")
	c.search.OnSubmitted("") // Enter before the results
	if got != "" || !c.assignWhenReady {
		t.Fatalf("assigned %q before the results came", got)
	}
	for len(run.pending) > 0 {
		j := run.pending[0]
		run.pending = run.pending[1:]
		j()
	}
	if got != "Z794" {
		t.Fatalf("assigned %q, want Z794 (first result for insulin)", got)
	}
}

func TestToggleWorklistGivesTheRecordTheWindow(t *testing.T) {
	f := newFixture(t)
	f.openDemo()
	f.typeShortcut(fyne.Key1, fyne.KeyModifierShortcutDefault)
	if !f.u.worklistHidden() || f.u.mainBox.Objects[0] != fyne.CanvasObject(f.u.wsHolder) {
		t.Fatal("Ctrl+1 did not hide the worklist")
	}
	f.typeShortcut(fyne.KeyK, fyne.KeyModifierShortcutDefault)
	if f.u.worklistHidden() || f.win.Canvas().Focused() != f.u.worklist.search {
		t.Fatal("Ctrl+K did not bring the worklist search back")
	}
}

func TestTypingCountsAsActivity(t *testing.T) {
	f := newFixture(t)
	ws := f.openDemo()
	clock := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	f.u.now = func() time.Time { return clock }
	f.u.touch()
	f.app.Preferences().SetInt(prefLockMinutes, 10)
	clock = clock.Add(8 * time.Minute)
	test.Type(ws.coder.search, "p") // a search is submitted: activity
	clock = clock.Add(8 * time.Minute)
	f.u.checkIdle()
	if f.u.locked {
		t.Fatal("locked 8 minutes after the last keystroke with a 10-minute setting")
	}
	clock = clock.Add(3 * time.Minute)
	f.u.checkIdle()
	if !f.u.locked {
		t.Fatal("not locked 11 minutes after the last keystroke")
	}
	if !f.u.session.(*fakeSession).locked {
		t.Fatal("the session was not told about the lock")
	}
}

func TestEditFixReplacesTheCodeInPlace(t *testing.T) {
	f := newFixture(t)
	ws := f.openDemo()
	ws.coder.search.SetText("E11.22")
	for i, h := range ws.coder.hits {
		if h.Code == terminologyCanonical("E11.22") {
			ws.coder.results.Select(i)
		}
	}
	ws.coder.search.OnSubmitted("")
	// Enter on a header opens the codes under it, so the header comes the
	// way it still can: from a record coded elsewhere (the command line,
	// an older version).
	ws.coder.onAssign(CodeHit{System: app.ICD10CM, Code: "J18", Title: "Pneumonia, unspecified organism"}, "J18")
	ws.move(ws.rec.Assignments[1].ID, 0)
	if got := codes(f.recs.recs[ws.rec.ID]); got != "J18 E1122" {
		t.Fatalf("setup: %q", got)
	}
	role := f.recs.recs[ws.rec.ID].Assignments[0].Role
	var fix *widget.Select
	walk(ws.edits, func(o fyne.CanvasObject) {
		if s, ok := o.(*widget.Select); ok {
			fix = s
		}
	})
	if fix == nil || fix.PlaceHolder != "Replace J18 with…" {
		t.Fatal("no fix offered for the header code")
	}
	fix.SetSelected("J18.9")
	rec := f.recs.recs[ws.rec.ID]
	if got := codes(rec); got != "J189 E1122" || rec.Assignments[0].Role != role {
		t.Fatalf("after the fix: %q role %s", got, rec.Assignments[0].Role)
	}
	for _, fd := range ws.findings {
		if fd.Severity == SeverityError {
			t.Fatalf("error left after the fix: %+v", fd)
		}
	}
}

func TestDragResequences(t *testing.T) {
	f := newFixture(t)
	ws := f.openDemo()
	for _, q := range []string{"pneumonia", "E11.22", "insulin"} {
		ws.coder.search.SetText(q)
		ws.coder.search.OnSubmitted("")
	}
	row := ws.assigned.rows[0]
	h := row.Size().Height
	if h <= 0 {
		t.Fatal("row not laid out")
	}
	row.Dragged(&fyne.DragEvent{Dragged: fyne.Delta{DY: h}})
	row.Dragged(&fyne.DragEvent{Dragged: fyne.Delta{DY: h * 0.8}})
	row.DragEnd()
	if got := codes(f.recs.recs[ws.rec.ID]); got != "E1122 Z794 J189" {
		t.Fatalf("after dragging the first code down two rows: %q", got)
	}
	if ws.assigned.selected != 2 {
		t.Fatalf("selection %d, want the dragged code", ws.assigned.selected)
	}
	row = ws.assigned.rows[2]
	row.Dragged(&fyne.DragEvent{Dragged: fyne.Delta{DY: -h * 0.3}})
	row.DragEnd()
	if got := codes(f.recs.recs[ws.rec.ID]); got != "E1122 Z794 J189" {
		t.Fatalf("a short drag moved the code: %q", got)
	}
}

func TestGeometryAndSplitsRemembered(t *testing.T) {
	f := newFixture(t)
	ws := f.openDemo()
	f.win.Resize(fyne.NewSize(1100, 700))
	f.u.mainSplit.SetOffset(0.3)
	ws.splitWork.SetOffset(0.45)
	ws.splitCoding.SetOffset(0.6)
	f.u.saveGeometry()
	p := f.app.Preferences()
	if p.Float(prefWidth) != 1100 || p.Float(prefHeight) != 700 || p.Float(prefSplitMain) != 0.3 || p.Float(prefSplitWork) != 0.45 || p.Float(prefSplitCoding) != 0.6 {
		t.Fatalf("saved %v %v %v %v %v", p.Float(prefWidth), p.Float(prefHeight), p.Float(prefSplitMain), p.Float(prefSplitWork), p.Float(prefSplitCoding))
	}
	// A new window on the same preferences opens with them.
	w2 := f.app.NewWindow("again")
	u2 := newUI(f.app, w2, f.u.deps, &syncRunner{})
	u2.onSignedIn(f.u.session)
	u2.openRecord(ws.rec.ID)
	test.WidgetRenderer(u2.ws)
	if u2.mainSplit.Offset != 0.3 || u2.ws.splitWork.Offset != 0.45 || u2.ws.splitCoding.Offset != 0.6 {
		t.Fatalf("restored %v %v %v", u2.mainSplit.Offset, u2.ws.splitWork.Offset, u2.ws.splitCoding.Offset)
	}
}

func TestNewMainWindowOpensAtTheRememberedSize(t *testing.T) {
	a := test.NewTempApp(t)
	a.Preferences().SetFloat(prefWidth, 1000)
	a.Preferences().SetFloat(prefHeight, 650)
	w := NewMainWindow(a, Deps{DataDir: "/nowhere"})
	defer w.Close()
	if w.Title() != "Codebench" || w.Canvas().Size().Width < 990 {
		t.Fatalf("title %q size %v", w.Title(), w.Canvas().Size())
	}
	if w.MainMenu() == nil || len(w.MainMenu().Items) != 5 {
		t.Fatal("no main menu")
	}
	if !strings.Contains(test.RenderToMarkup(w.Canvas()), "No data folder is configured.") {
		t.Fatal("a missing vault is not explained")
	}
}

func TestCodebookLoadCancel(t *testing.T) {
	a := test.NewTempApp(t)
	w := a.NewWindow("x")
	w.Resize(fyne.NewSize(1280, 800))
	run := &syncRunner{manual: true}
	u := newUI(a, w, Deps{Vault: newFakeVault(), LoadCodebook: func(ctx context.Context, _ func(float64, string)) (*Codebook, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	}}, run)
	u.loadCodebook()
	if u.cancelLoad.Hidden || u.progress.Hidden {
		t.Fatal("no progress or cancel while loading")
	}
	test.Tap(u.cancelLoad)
	for _, j := range run.pending {
		j()
	}
	if u.book != nil || !strings.Contains(u.bookText.Text, "cancelled") || !u.cancelLoad.Hidden || w.Canvas().Overlays().Top() != nil {
		t.Fatalf("after cancel: %q", u.bookText.Text)
	}
}

func TestWorklistSaysWhenNothingMatches(t *testing.T) {
	test.NewTempApp(t)
	recs := newFakeRecords()
	seed(t, recs)
	w := newWorklist(recs, &syncRunner{}, test.NewWindow(nil), func(s string, err error) { t.Fatal(s, err) })
	w.search.SetText("nobody")
	if len(w.rows) != 0 || !strings.Contains(test.RenderObjectToMarkup(w), "No records match") {
		t.Fatal("an empty search result is not explained")
	}
}

func TestInpatientPOAAndProcedureDateInPlace(t *testing.T) {
	f := newFixture(t)
	f.signIn()
	svc, _ := app.ParseDate("2026-03-02")
	dis, _ := app.ParseDate("2026-03-06")
	rec, err := f.recs.Create(app.Record{Patient: app.Patient{MRN: "IP1", Name: "Inpatient, Test", Sex: app.Female},
		Encounter: app.Encounter{Type: app.Inpatient, Service: svc, Discharge: dis}})
	if err != nil {
		t.Fatal(err)
	}
	f.u.openRecord(rec.ID)
	ws := f.u.ws
	if got := systemsFor(ws.rec, app.Systems); len(got) != 3 {
		t.Fatalf("inpatient systems %s", got)
	}
	if got := systemsFor(&app.Record{Encounter: app.Encounter{Type: app.Office}}, app.Systems); len(got) != 2 || got[1] != app.HCPCS {
		t.Fatalf("office systems %v: PCS is for inpatient procedures", got)
	}
	for _, q := range []string{"pneumonia", "crutches"} {
		ws.coder.search.SetText(q)
		ws.coder.search.OnSubmitted("")
	}
	var selects []*widget.Select
	var date *widget.Entry
	walk(ws.assigned.rows[0], func(o fyne.CanvasObject) {
		if s, ok := o.(*widget.Select); ok {
			selects = append(selects, s)
		}
	})
	walk(ws.assigned.rows[1], func(o fyne.CanvasObject) {
		if e, ok := o.(*widget.Entry); ok && e.PlaceHolder == "Procedure date" {
			date = e
		}
	})
	if len(selects) != 2 || date == nil {
		t.Fatalf("diagnosis row has %d selects (want role and POA); procedure row date %v", len(selects), date)
	}
	selects[1].SetSelected("POA: Y")
	if got := f.recs.recs[rec.ID].Assignments[0].POA; got != app.POAYes {
		t.Fatalf("POA %q", got)
	}
	date = nil
	walk(ws.assigned.rows[1], func(o fyne.CanvasObject) {
		if e, ok := o.(*widget.Entry); ok && e.PlaceHolder == "Procedure date" {
			date = e
		}
	})
	test.Type(date, "2026-03-03")
	if got := app.FormatDate(f.recs.recs[rec.ID].Assignments[1].ProcedureDate); got != "2026-03-03" {
		t.Fatalf("procedure date %q", got)
	}
}

// TestCodeSetsLoadAtSignIn: the sign-in screen loads no code sets (issue
// 16: it must cost little more than an empty window); the first sign-in
// loads them once, and signing in again does not reload them.
func TestCodeSetsLoadAtSignIn(t *testing.T) {
	a := test.NewTempApp(t)
	var loads atomic.Int32
	deps := Deps{Vault: newFakeVault(), LoadCodebook: func(context.Context, func(float64, string)) (*Codebook, error) {
		loads.Add(1)
		return &Codebook{About: "test code sets"}, nil
	}}
	var w fyne.Window
	WithUI(func() { w = NewMainWindow(a, deps) })
	defer WithUI(func() { w.Close() })
	time.Sleep(200 * time.Millisecond) // a load started in the background would have begun
	if n := loads.Load(); n != 0 {
		t.Fatalf("the sign-in screen loaded the code sets %d times", n)
	}
	// The first window's sign-in screen may still be finishing its
	// background check: drive the second one as its callbacks do, under
	// the UI lock, so the two never lay out text at once.
	WithUI(func() {
		w2 := a.NewWindow("x")
		u := newUI(a, w2, deps, &syncRunner{})
		if loads.Load() != 0 {
			t.Fatal("the sign-in screen loaded the code sets")
		}
		s, err := deps.Vault.CreateUser("coder", "a long passphrase")
		if err != nil {
			t.Fatal(err)
		}
		u.onSignedIn(s)
		u.onSignedIn(s)
		if n := loads.Load(); n != 1 || u.book == nil {
			t.Fatalf("after two sign-ins: %d loads, book %v", n, u.book)
		}
	})
}
