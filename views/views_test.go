package views

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"
)

func TestLoginFirstRunValidatesAndCreatesUser(t *testing.T) {
	f := newFixture(t)
	l, ok := f.u.root.Objects[0].(*login)
	if !ok {
		t.Fatalf("first screen is %T, want the sign-in screen", f.u.root.Objects[0])
	}
	if !l.first || l.submit.Text != "Create and open" {
		t.Fatalf("empty data folder: first=%v button %q, want the first-run form", l.first, l.submit.Text)
	}
	test.Type(l.name, "Casey Coder")
	test.Type(l.pass, "short")
	test.Type(l.confirm, "short")
	test.Tap(l.submit)
	if f.u.session != nil || !strings.Contains(l.msg.Text, "at least 8") {
		t.Fatalf("short passphrase accepted; message %q", l.msg.Text)
	}
	l.pass.SetText("correct horse battery")
	l.confirm.SetText("correct horse battery!")
	test.Tap(l.submit)
	if f.u.session != nil || !strings.Contains(l.msg.Text, "differ") {
		t.Fatalf("mismatched passphrases accepted; message %q", l.msg.Text)
	}
	l.confirm.SetText("correct horse battery")
	test.Tap(l.submit)
	if f.u.session == nil || f.u.session.User() != "Casey Coder" {
		t.Fatalf("not signed in after a valid first-run form: %q", l.msg.Text)
	}
	if f.u.worklist == nil || f.u.root.Objects[0] != f.u.main {
		t.Fatal("the worklist is not shown after signing in")
	}
	if f.vault.users["Casey Coder"] != "correct horse battery" {
		t.Fatalf("user not created in the vault: %v", f.vault.users)
	}
}

func TestLoginWrongPassphraseSaysSoAndClears(t *testing.T) {
	f := newFixture(t)
	f.vault.users["Casey"] = "right passphrase"
	l := newLogin(f.vault, f.run, f.app.Preferences(), func(Session) { t.Fatal("opened with a wrong passphrase") })
	if l.first {
		t.Fatal("a data folder with users shows the first-run form")
	}
	l.name.SetText("Casey")
	test.Type(l.pass, "wrong")
	test.Tap(l.submit)
	if l.msg.Text != "wrong passphrase" || l.pass.Text != "" {
		t.Fatalf("message %q, passphrase left %q", l.msg.Text, l.pass.Text)
	}
	opened := false
	l.onOpen = func(Session) { opened = true }
	test.Type(l.pass, "right passphrase")
	l.pass.OnSubmitted(l.pass.Text)
	if !opened {
		t.Fatalf("right passphrase did not open: %q", l.msg.Text)
	}
}

func seed(t *testing.T, r *fakeRecords) {
	t.Helper()
	d := func(s string) time.Time { v, _ := app.ParseDate(s); return v }
	for _, x := range []struct {
		mrn, name, acct, svc string
		st                   app.Status
	}{
		{"M100", "Rivera, Ana", "A1", "2026-01-10", app.ToCode},
		{"M200", "Okafor, Ben", "A2", "2026-02-11", app.ToCode},
		{"M300", "Nguyen, Chi", "A3", "2025-12-01", app.OnHold},
		{"M400", "Smith, Dee", "B4", "2026-03-05", app.Coded},
	} {
		rec, err := r.Create(app.Record{Patient: app.Patient{MRN: x.mrn, Name: x.name, Sex: app.Female},
			Encounter: app.Encounter{Account: x.acct, Type: app.Office, Service: d(x.svc)}})
		if err != nil {
			t.Fatal(err)
		}
		r.recs[rec.ID].Status = x.st
	}
}

func TestWorklistCountsFilterSearchAndSort(t *testing.T) {
	test.NewTempApp(t)
	recs := newFakeRecords()
	seed(t, recs)
	w := newWorklist(recs, &syncRunner{}, test.NewWindow(nil), func(s string, err error) { t.Fatal(s, err) })
	w.refresh()
	if len(w.rows) != 4 || w.all.Text != "All (4)" || w.tabs[app.ToCode].Text != "To code (2)" || w.tabs[app.OnHold].Text != "On hold (1)" || w.tabs[app.Final].Text != "Final (0)" {
		t.Fatalf("rows %d, tabs %q %q %q %q", len(w.rows), w.all.Text, w.tabs[app.ToCode].Text, w.tabs[app.OnHold].Text, w.tabs[app.Final].Text)
	}
	if w.rows[0].MRN != "M400" || w.rows[3].MRN != "M300" {
		t.Fatalf("newest first: got %s..%s", w.rows[0].MRN, w.rows[3].MRN)
	}
	w.sort.SetSelectedIndex(1)
	if w.rows[0].MRN != "M300" {
		t.Fatalf("oldest first: got %s first", w.rows[0].MRN)
	}
	test.Tap(w.tabs[app.ToCode])
	if len(w.rows) != 2 || w.tabs[app.ToCode].Importance != widget.HighImportance {
		t.Fatalf("To code tab: %d rows", len(w.rows))
	}
	test.Tap(w.all)
	test.Type(w.search, "okafor")
	if len(w.rows) != 1 || w.rows[0].MRN != "M200" {
		t.Fatalf("search okafor: %d rows", len(w.rows))
	}
	w.search.SetText("B4")
	if len(w.rows) != 1 || w.rows[0].MRN != "M400" {
		t.Fatalf("search by account: %d rows", len(w.rows))
	}
	var opened string
	w.onOpen = func(id string) { opened = id }
	w.search.SetText("")
	w.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	w.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	w.search.OnSubmitted("")
	if opened != w.rows[1].ID {
		t.Fatalf("↓ ↓ Enter opened %q, want the second row %q", opened, w.rows[1].ID)
	}
}

func TestWorklistEmptyOffersDemoRecord(t *testing.T) {
	test.NewTempApp(t)
	recs := newFakeRecords()
	w := newWorklist(recs, &syncRunner{}, test.NewWindow(nil), func(s string, err error) { t.Fatal(s, err) })
	var opened string
	w.onOpenedDemo = func(id string) { opened = id }
	w.refresh()
	if w.body.Objects[0] == fyne.CanvasObject(w.list) {
		t.Fatal("an empty worklist shows an empty list instead of the demo offer")
	}
	test.Tap(w.demoBtn)
	rec := recs.recs[opened]
	if rec == nil || !rec.Demo || !strings.Contains(rec.Patient.Name, "DEMO") || len(rec.NoteIDs) != 1 {
		t.Fatalf("demo record: %+v", rec)
	}
	if n := recs.notes[rec.NoteIDs[0]]; !strings.HasPrefix(n.Pages[0].Text, "DEMO RECORD") {
		t.Fatalf("demo note does not say DEMO: %q", n.Pages[0].Text[:30])
	}
	if len(w.rows) != 1 || w.body.Objects[0] != fyne.CanvasObject(w.list) {
		t.Fatal("worklist not refreshed after the demo record")
	}
}

func TestNewRecordFormStaysOpenOnMistakes(t *testing.T) {
	test.NewTempApp(t)
	recs := newFakeRecords()
	var got *app.Record
	notes := []importedNote{{Note: app.Note{FileName: "scan.pdf", MediaType: "application/pdf", Pages: []app.Page{{Number: 1, Text: "x"}}}, Original: []byte("%PDF")}}
	f := newNewRecordForm(recs, &syncRunner{}, notes, func(r *app.Record) { got = r })
	closed := false
	f.close = func() { closed = true }
	test.Type(f.mrn, "M9")
	test.Type(f.service, "03/02/2026")
	test.Tap(f.create)
	if got != nil || closed || !strings.Contains(f.msg.Text, "YYYY-MM-DD") {
		t.Fatalf("bad date accepted: %q", f.msg.Text)
	}
	f.service.SetText("2026-03-02")
	test.Tap(f.create)
	if got != nil || !strings.Contains(f.msg.Text, "patient name") {
		t.Fatalf("missing name accepted: %q", f.msg.Text)
	}
	test.Type(f.name, "Lee, Pat")
	f.kind.SetSelectedIndex(3)
	f.discharge.SetText("2026-03-06")
	test.Tap(f.create)
	if got == nil || !closed {
		t.Fatalf("valid form not saved: %q", f.msg.Text)
	}
	r := recs.recs[got.ID]
	if r.Encounter.Type != app.Inpatient || r.Year() != 2026 || len(r.NoteIDs) != 1 {
		t.Fatalf("saved %+v", r)
	}
}

func TestCodingPanelDropsStaleResults(t *testing.T) {
	test.NewTempApp(t)
	run := &syncRunner{manual: true}
	c := newCodingPanel(run, 2026, app.Systems)
	test.NewWindow(c)
	c.setTerms(&fakeTerms{})
	test.Type(c.search, "pn")
	c.search.SetText("diabetes")
	if len(run.pending) != 3 {
		t.Fatalf("want a search per keystroke (p, pn, diabetes), got %d", len(run.pending))
	}
	run.pending[2]()
	if len(c.hits) != 2 || c.hits[0].Code != "E1122" {
		t.Fatalf("diabetes: %+v", c.hits)
	}
	run.pending[0]() // the older "p" and "pn" answers arrive late
	run.pending[1]()
	if len(c.hits) != 2 || c.hits[0].Code != "E1122" {
		t.Fatalf("a stale result replaced the newer one: %+v", c.hits)
	}
}

func TestCodingPanelFiltersAndSeventhCharacter(t *testing.T) {
	test.NewTempApp(t)
	c := newCodingPanel(&syncRunner{}, 2026, app.Systems)
	test.NewWindow(c)
	terms := &fakeTerms{}
	c.setTerms(terms)
	test.Type(c.search, "fracture")
	if len(c.hits) != 2 {
		t.Fatalf("fracture: %d hits", len(c.hits))
	}
	last := terms.searches[len(terms.searches)-1]
	if last.Year != 2026 || last.System != "" || last.BillableOnly {
		t.Fatalf("query %+v", last)
	}
	var assigned string
	c.onAssign = func(h CodeHit, code string) { assigned = code }
	c.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if c.selected != 1 || c.detail.Code != "S6290" {
		t.Fatalf("↓ selected %d detail %s", c.selected, c.detail.Code)
	}
	c.search.OnSubmitted("")
	if assigned != "" || !strings.Contains(c.info.Text, "7th character") {
		t.Fatalf("assigned %q without a 7th character; info %q", assigned, c.info.Text)
	}
	c.seventh.SetSelectedIndex(0) // picking the 7th character after Enter assigns at once
	if assigned != "S6290XA" {
		t.Fatalf("assigned %q, want S6290XA (placeholder X then A)", assigned)
	}
	c.billable.SetChecked(true)
	if len(c.hits) != 0 {
		t.Fatalf("billable only kept %d header codes", len(c.hits))
	}
	c.billable.SetChecked(false)
	c.system.SetSelected(app.HCPCS.Label())
	c.search.SetText("crutches")
	if len(c.hits) != 1 || c.hits[0].System != app.HCPCS || terms.searches[len(terms.searches)-1].System != app.HCPCS {
		t.Fatalf("HCPCS filter: %+v", c.hits)
	}
}

func TestFillSeventh(t *testing.T) {
	for _, tc := range []struct{ code, ch, want string }{
		{"S6290", "A", "S6290XA"},
		{"S72001", "D", "S72001D"},
		{"T71", "A", "T71XXXA"},
	} {
		if got := fillSeventh(tc.code, tc.ch); got != tc.want {
			t.Errorf("fillSeventh(%s,%s) = %s, want %s", tc.code, tc.ch, got, tc.want)
		}
	}
}

// openDemo signs in, opens the demo record and returns its workspace.
func (f *fixture) openDemo() *workspace {
	f.t.Helper()
	f.signIn()
	test.Tap(f.u.worklist.demoBtn)
	if f.u.ws == nil {
		f.t.Fatal("the demo record did not open")
	}
	return f.u.ws
}

func TestMainFlowOpenSearchAssignResequenceCodePrint(t *testing.T) {
	f := newFixture(t)
	ws := f.openDemo()
	if !ws.rec.Demo || ws.demo.Hidden || !strings.Contains(ws.viewer.text.Text, "DEMO RECORD") {
		t.Fatal("the demo record is not marked DEMO or its note is not shown")
	}
	if ws.coder.terms == nil {
		t.Fatal("code search not wired to the loaded code sets")
	}
	// Ctrl+F puts the cursor in the code search.
	f.typeShortcut(fyne.KeyF, fyne.KeyModifierShortcutDefault)
	if f.win.Canvas().Focused() != ws.coder.search {
		t.Fatalf("Ctrl+F focused %T", f.win.Canvas().Focused())
	}
	test.Type(ws.coder.search, "pneumonia")
	if len(ws.coder.hits) == 0 || ws.coder.hits[0].Code != "J189" {
		t.Fatalf("pneumonia: %+v", ws.coder.hits)
	}
	ws.coder.search.OnSubmitted(ws.coder.search.Text) // Enter
	ws.coder.search.SetText("type 2 diabetes kidney")
	ws.coder.search.OnSubmitted(ws.coder.search.Text)
	rec := f.recs.recs[ws.rec.ID]
	if got := codes(rec); got != "J189 E1122" {
		t.Fatalf("assigned %q, want J189 E1122", got)
	}
	if rec.Status != app.InProgress || ws.status.Text != "In progress" {
		t.Fatalf("status %s / badge %q", rec.Status, ws.status.Text)
	}
	if rec.Assignments[0].Role != app.Principal || rec.Assignments[1].Role != app.Secondary || rec.Assignments[0].Year != 2026 {
		t.Fatalf("roles %s %s year %d", rec.Assignments[0].Role, rec.Assignments[1].Role, rec.Assignments[0].Year)
	}
	// The edits run live: E11.22 without a CKD stage warns.
	if len(ws.findings) != 1 || ws.findings[0].Rule != "useAdditionalCode" || !strings.Contains(ws.edits.title.Text, "1 warning to review") {
		t.Fatalf("findings %+v, title %q", ws.findings, ws.edits.title.Text)
	}
	// Alt+↑ moves the selected (last assigned) code up.
	if ws.assigned.selected != 1 {
		t.Fatalf("selected assigned row %d, want the new code", ws.assigned.selected)
	}
	f.typeShortcut(fyne.KeyUp, fyne.KeyModifierAlt)
	rec = f.recs.recs[ws.rec.ID]
	if got := codes(rec); got != "E1122 J189" {
		t.Fatalf("after Alt+Up: %q", got)
	}
	if ws.assigned.selected != 0 {
		t.Fatalf("selection did not follow the moved code: %d", ws.assigned.selected)
	}
	f.typeShortcut(fyne.KeyDown, fyne.KeyModifierAlt)
	if got := codes(f.recs.recs[ws.rec.ID]); got != "J189 E1122" {
		t.Fatalf("after Alt+Down: %q", got)
	}
	// Add the CKD stage: the warning goes away.
	ws.coder.search.SetText("stage 3a")
	ws.coder.search.OnSubmitted("")
	if len(ws.findings) != 0 {
		t.Fatalf("findings after adding N18.31: %+v", ws.findings)
	}
	// Mark coded.
	test.Tap(ws.coded)
	if f.recs.recs[ws.rec.ID].Status != app.Coded || !ws.coded.Disabled() || ws.final.Disabled() {
		t.Fatalf("mark coded: status %s", f.recs.recs[ws.rec.ID].Status)
	}
	// Ctrl+P makes the summary, previews its pages and prints.
	f.app.Preferences().SetString(prefFacilityName, "Demo Family Practice")
	f.typeShortcut(fyne.KeyP, fyne.KeyModifierShortcutDefault)
	if f.rep.summaries != 1 {
		t.Fatal("Ctrl+P did not make the summary")
	}
	p := findPreview(f.win)
	if p == nil {
		t.Fatal("no print preview shown")
	}
	if len(p.pages.Objects) != 2 || !strings.Contains(p.info.Text, "2 page") {
		t.Fatalf("preview pages %d, info %q", len(p.pages.Objects), p.info.Text)
	}
	test.Tap(p.print)
	if len(f.rep.printedIDs) != 1 || f.rep.printedIDs[0] == "" || !strings.Contains(string(f.rep.printed[0]), "Demo Family Practice") || p.info.Text != "Sent to the printer." {
		t.Fatalf("printed %d, info %q", len(f.rep.printed), p.info.Text)
	}
}

func codes(r *app.Record) string {
	var out []string
	for _, a := range r.Assignments {
		out = append(out, a.Code)
	}
	return strings.Join(out, " ")
}

func findPreview(w fyne.Window) *printPreview {
	var found *printPreview
	for _, o := range w.Canvas().Overlays().List() {
		walk(o, func(x fyne.CanvasObject) {
			if p, ok := x.(*printPreview); ok {
				found = p
			}
		})
	}
	return found
}

func walk(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	fn(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walk(c, fn)
		}
	case fyne.Widget:
		r := test.WidgetRenderer(x)
		for _, c := range r.Objects() {
			walk(c, fn)
		}
	}
}

func TestIndexLine(t *testing.T) {
	got := indexLine(terminology.IndexRef{Path: []string{"Aspirin"}, Year: 2025, Kind: terminology.DrugTable, Column: "Poisoning, Accidental", Code: "T39.011"})
	if got != "Table of Drugs: Aspirin [Poisoning, Accidental] → T39.011  (FY2025)" {
		t.Fatal(got)
	}
	if got := indexLine(terminology.IndexRef{Path: []string{"Pneumonia", "lobar"}, Year: 2023}); got != "Pneumonia › lobar  (FY2023)" {
		t.Fatal(got)
	}
}
