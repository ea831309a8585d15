package views

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/codebench/codebench/app"
)

// assign puts code on the open record as the coder does: search, Enter.
func assign(t *testing.T, ws *workspace, q string) {
	t.Helper()
	ws.coder.search.SetText(q)
	ws.coder.search.OnSubmitted("")
}

func idOf(t *testing.T, r *app.Record, code string) string {
	t.Helper()
	a, ok := assignedCode(r, "", code)
	if !ok {
		t.Fatalf("%s not on the record: %s", code, codes(r))
	}
	return a.ID
}

func TestReplaceFromAnExcludes1Fix(t *testing.T) {
	f := newFixture(t)
	ws := f.openDemo()
	assign(t, ws, "E11.22")
	// E10.9 with the words of the note that made the coder pick it.
	v := ws.viewer
	start := strings.Index(v.pageText(), "long-term insulin")
	selectText(v, start, len("long-term insulin"))
	ws.onAssign(CodeHit{System: app.ICD10CM, Code: "E109"}, "E109")
	old := f.recs.recs[ws.rec.ID].Assignments[1]
	ws.move(old.ID, 0) // resequenced first: the fix must keep that place
	rec := f.recs.recs[ws.rec.ID]
	if codes(rec) != "E109 E1122" || old.Evidence == nil || old.AssignedBy != "Casey Coder" {
		t.Fatalf("setup: %q, %+v", codes(rec), old)
	}
	var fix *widget.Select
	walk(ws.edits, func(o fyne.CanvasObject) {
		if s, ok := o.(*widget.Select); ok && s.PlaceHolder == "Replace E10.9 with…" {
			fix = s
		}
	})
	if fix == nil {
		t.Fatalf("no fix offered for the Excludes1 finding: %+v", ws.findings)
	}
	f.recs.calls = nil
	fix.SetSelected("Z79.4")

	if !slices.Equal(f.recs.calls, []string{"Replace"}) {
		t.Fatalf("the fix took the calls %v; it must be one save", f.recs.calls)
	}
	rec = f.recs.recs[ws.rec.ID]
	a := rec.Assignments[0]
	if codes(rec) != "Z794 E1122" || a.Role != old.Role || a.Evidence == nil || *a.Evidence != *old.Evidence {
		t.Fatalf("after the fix: %q %+v", codes(rec), a)
	}
	if a.ID == old.ID || a.Title != "Long term (current) use of insulin" || a.AssignedBy != "Casey Coder" {
		t.Fatalf("the service's fields: %+v", a)
	}
	if ws.rec.Assignments[0].Code != "Z794" || ws.assigned.selected != 0 || f.u.statusText.Text != "Replaced E10.9 with Z79.4." {
		t.Fatalf("workspace shows %q, selected row %d, status %q", codes(ws.rec), ws.assigned.selected, f.u.statusText.Text)
	}
	for _, fd := range ws.findings {
		if fd.Rule == "excludes1" {
			t.Fatalf("the Excludes1 finding is still there: %+v", fd)
		}
	}
	// A failed replace shows why and leaves the record and the window as saved.
	assign(t, ws, "J18 ")
	for i, h := range ws.coder.hits {
		if h.Code == "J18" {
			ws.coder.results.Select(i)
		}
	}
	ws.coder.search.OnSubmitted("")
	f.recs.failOn = "Replace"
	before := codes(f.recs.recs[ws.rec.ID])
	ws.replaceCode(Finding{Codes: []string{"J18"}}, "J18.9")
	if codes(f.recs.recs[ws.rec.ID]) != before || codes(ws.rec) != before || !strings.Contains(overlayText(f.win), "Could not replace the code") {
		t.Fatalf("failed replace: store %q, window %q, overlays %q", codes(f.recs.recs[ws.rec.ID]), codes(ws.rec), overlayText(f.win))
	}
}

// runPending runs the queued saves in order.
func (f *fixture) runPending() {
	for len(f.run.pending) > 0 {
		j := f.run.pending[0]
		f.run.pending = f.run.pending[1:]
		j()
	}
}

// TestRemoveAndMoveByIdentityAfterResequence queues moves and a remove
// the coder makes faster than the saves come back. Each names its code by
// identity, so each takes the code the coder pointed at, also when an
// earlier save in the queue fails and the stored order is not the one the
// window showed.
func TestRemoveAndMoveByIdentityAfterResequence(t *testing.T) {
	f := newFixture(t)
	ws := f.openDemo()
	for _, q := range []string{"pneumonia", "E11.22", "insulin"} {
		assign(t, ws, q)
	}
	if got := codes(f.recs.recs[ws.rec.ID]); got != "J189 E1122 Z794" {
		t.Fatalf("setup: %q", got)
	}
	j189 := idOf(t, ws.rec, "J189")

	// J18.9 down twice, then remove the code shown first: all queued.
	f.run.manual = true
	ws.assigned.selectRow(0)
	f.typeShortcut(fyne.KeyDown, fyne.KeyModifierAlt)
	f.typeShortcut(fyne.KeyDown, fyne.KeyModifierAlt)
	if got := codes(ws.assigned.rec); got != "E1122 Z794 J189" || len(f.run.pending) != 2 || codes(f.recs.recs[ws.rec.ID]) != "J189 E1122 Z794" {
		t.Fatalf("shown %q with %d saves queued", got, len(f.run.pending))
	}
	ws.assigned.remove(0) // E11.22, as shown
	f.runPending()
	if got := codes(f.recs.recs[ws.rec.ID]); got != "Z794 J189" {
		t.Fatalf("after move, move, remove: %q, want Z794 J189", got)
	}
	if codes(ws.rec) != "Z794 J189" || ws.assigned.selID != j189 || ws.assigned.selected != 1 {
		t.Fatalf("window shows %q with %q (row %d) selected, want J18.9", codes(ws.rec), ws.assigned.selID, ws.assigned.selected)
	}

	// The move fails; the remove queued behind it was made on the order
	// the window showed (Z79.4 moved down, J18.9 first) and must still
	// remove J18.9, not the Z79.4 that is first in the store.
	f.recs.failOn = "Move"
	ws.assigned.selectRow(0)
	f.typeShortcut(fyne.KeyDown, fyne.KeyModifierAlt)
	if got := codes(ws.assigned.rec); got != "J189 Z794" {
		t.Fatalf("shown %q", got)
	}
	ws.assigned.remove(0) // J18.9, as shown
	f.runPending()
	f.run.manual = false
	if got := codes(f.recs.recs[ws.rec.ID]); got != "Z794" || !strings.Contains(overlayText(f.win), "Could not move the code") {
		t.Fatalf("store %q, overlays %q: want Z79.4 kept and the failed move reported", got, overlayText(f.win))
	}
	if codes(ws.rec) != "Z794" || codes(ws.assigned.rec) != "Z794" {
		t.Fatalf("window shows %q / %q, want the saved Z794", codes(ws.rec), codes(ws.assigned.rec))
	}
	// A code no longer on the record is reported, not mistaken for another.
	f.recs.failOn = ""
	ws.remove(j189)
	if !strings.Contains(overlayText(f.win), "Could not remove the code: code "+j189) {
		t.Fatalf("removing a removed code: overlays %q", overlayText(f.win))
	}
}

// fakeHost is all a workspace needs: no main window.
type fakeHost struct {
	*syncRunner
	recs   *fakeRecords
	win    fyne.Window
	prefs  fyne.Preferences
	book   *Codebook
	status string
	errs   []string
}

func (h *fakeHost) fail(what string, err error)         { h.errs = append(h.errs, what+": "+err.Error()) }
func (h *fakeHost) setStatus(s string)                  { h.status = s }
func (h *fakeHost) records() Records                    { return h.recs }
func (h *fakeHost) intake() Intake                      { return &fakeIntake{} }
func (h *fakeHost) window() fyne.Window                 { return h.win }
func (h *fakeHost) preferences() fyne.Preferences       { return h.prefs }
func (h *fakeHost) onCodebook(f func(*Codebook, error)) { f(h.book, nil) }

func TestWorkspaceOnItsOwnHostFollowsSavedRecords(t *testing.T) {
	a := test.NewTempApp(t)
	recs := newFakeRecords()
	seed(t, recs)
	h := &fakeHost{syncRunner: &syncRunner{}, recs: recs, win: test.NewWindow(nil), prefs: a.Preferences(),
		book: &Codebook{Terms: &fakeTerms{}, Edits: fakeChecker{}}}
	list, err := recs.List(RecordQuery{Status: app.ToCode})
	if err != nil || len(list.Records) == 0 {
		t.Fatal(list, err)
	}
	rec, _ := recs.Record(list.Records[0].ID)
	ws := newWorkspace(h, rec, nil, app.Systems)
	h.win.SetContent(ws)
	wl := newWorklist(recs, h, h.win, h.fail)
	wl.refresh()
	if wl.tabs[app.InProgress].Text != "In progress (0)" || !ws.final.Disabled() || ws.coded.Disabled() {
		t.Fatalf("setup: %q, final enabled %v", wl.tabs[app.InProgress].Text, !ws.final.Disabled())
	}
	assign(t, ws, "E11.22")
	if len(ws.rec.Assignments) != 1 || ws.rec.Status != app.InProgress || h.status != "Saved." || len(h.errs) > 0 {
		t.Fatalf("after assign: %q %s status %q errors %v", codes(ws.rec), ws.rec.Status, h.status, h.errs)
	}
	// Both views follow the saved-record event, also for a save that did not
	// start in them.
	if wl.tabs[app.InProgress].Text != "In progress (1)" || len(ws.findings) != 1 {
		t.Fatalf("worklist %q, findings %d", wl.tabs[app.InProgress].Text, len(ws.findings))
	}
	if _, err := recs.SetStatus(rec.ID, app.Coded, ""); err != nil {
		t.Fatal(err)
	}
	if ws.status.Text != "Coded" || ws.final.Disabled() || !ws.coded.Disabled() || wl.tabs[app.Coded].Text != "Coded (2)" {
		t.Fatalf("after a save elsewhere: badge %q, worklist %q", ws.status.Text, wl.tabs[app.Coded].Text)
	}
	// Marking coded without codes is the service's rule; the window says so.
	other, _ := recs.Record(list.Records[1].ID)
	ws2 := newWorkspace(h, other, nil, app.Systems)
	ws.close()
	test.Tap(ws2.coded)
	if len(h.errs) != 1 || !strings.Contains(h.errs[0], "marked coded") {
		t.Fatalf("errors %v", h.errs)
	}
	// A closed workspace no longer follows saves.
	if _, err := recs.SetStatus(rec.ID, app.Final, ""); err != nil {
		t.Fatal(err)
	}
	if ws.status.Text != "Coded" {
		t.Fatalf("a closed workspace followed a save: %q", ws.status.Text)
	}
	wl.close()
	ws2.close()
}
