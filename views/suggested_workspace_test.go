package views

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/suggest"

	"fyne.io/fyne/v2/test"
)

// demoEvidence is the first place the demo note says words.
func demoEvidence(t *testing.T, words string) []suggest.Evidence {
	t.Helper()
	i := strings.Index(demoNoteText, words)
	if i < 0 {
		t.Fatalf("the demo note does not say %q", words)
	}
	return ev(1, i, i+len(words), words)
}

// rowFor is the panel's row of code.
func rowFor(t *testing.T, p *suggestedPanel, code string) fyne.CanvasObject {
	t.Helper()
	for i, s := range p.shown() {
		if s.Code == code {
			return p.box.Objects[i]
		}
	}
	t.Fatalf("%s is not listed", code)
	return nil
}

func TestSuggestedInTheWorkspace(t *testing.T) {
	f := newFixture(t)
	f.sugg.list = []suggest.Suggestion{
		{System: app.ICD10CM, Code: "J18.9", Title: "Pneumonia, unspecified organism", Score: 1, Assertion: suggest.Present, Reason: "index: Pneumonia", Evidence: demoEvidence(t, "Community-acquired pneumonia"), Proposed: true},
		{System: app.ICD10CM, Code: "E11.22", Title: "Type 2 diabetes mellitus with diabetic chronic kidney disease", Score: 0.9, Assertion: suggest.Present, Reason: "index: Diabetes, type 2, with, chronic kidney disease", Evidence: demoEvidence(t, "diabetic chronic kidney disease"), Proposed: true},
		{System: app.ICD10CM, Code: "N18.31", Title: "Chronic kidney disease, stage 3a", Score: 0.8, Assertion: suggest.Present, Reason: "use additional code", Evidence: demoEvidence(t, "stage 3a"), Proposed: true},
		{System: app.ICD10CM, Code: "Z79.4", Title: "Long term (current) use of insulin", Score: 2, Assertion: suggest.Present, Reason: "index: Long-term drug therapy, insulin", Evidence: demoEvidence(t, "long-term insulin"), Proposed: true},
		{System: app.ICD10CM, Code: "R07.9", Title: "Chest pain, unspecified", Score: 0.1, Assertion: suggest.Negated, Reason: `negated ("No")`, Evidence: demoEvidence(t, "No chest pain")},
	}
	ws := f.openDemo()
	p := ws.suggest
	if len(f.sugg.got) == 0 {
		t.Fatal("opening the record did not ask for suggestions")
	}
	if r := f.sugg.got[len(f.sugg.got)-1]; r.Setting != app.Office || !r.Date.Equal(ws.rec.Encounter.Service) || !strings.Contains(r.Pages[0], "DEMO RECORD") {
		t.Fatalf("asked %+v", r)
	}
	if ws.tabs == nil || ws.tabs.Selected().Text != "Suggested" {
		t.Fatal("the Suggested panel is not the tab shown")
	}
	if len(p.box.Objects) != 5 || !strings.Contains(p.status.Text, "4 proposed") || p.busy.Visible() {
		t.Fatalf("%d rows, status %q", len(p.box.Objects), p.status.Text)
	}
	// Listed in a coder's sequence: conditions first (Z79.4 scores highest
	// but is never first-listed), what is not proposed last.
	var order []string
	for _, s := range p.shown() {
		order = append(order, s.Code)
	}
	if got := strings.Join(order, " "); got != "J18.9 E11.22 N18.31 Z79.4 R07.9" {
		t.Fatalf("listed as %s", got)
	}
	// A negated mention is listed as negated, never as present.
	if md := test.RenderObjectToMarkup(rowFor(t, p, "R07.9")); !strings.Contains(md, "negated") {
		t.Fatalf("the chest pain row does not say negated: %s", md)
	}

	// Show highlights the words in the note.
	test.Tap(buttonIn(t, rowFor(t, p, "E11.22"), "Show"))
	if ws.viewer.findInfo.Text != "Evidence" || !strings.Contains(test.RenderObjectToMarkup(ws.viewer.marked), "diabetic chronic kidney disease") {
		t.Fatalf("Show: %q", ws.viewer.findInfo.Text)
	}

	// Accept assigns the code with the evidence and audits it.
	test.Tap(buttonIn(t, rowFor(t, p, "J18.9"), "Accept"))
	rec := f.recs.recs[ws.rec.ID]
	if codes(rec) != "J189" || rec.Assignments[0].Evidence == nil || rec.Assignments[0].Evidence.Text != "Community-acquired pneumonia" ||
		rec.Assignments[0].Evidence.NoteID != ws.notes[0].Note.ID {
		t.Fatalf("after Accept: %q %+v", codes(rec), rec.Assignments)
	}
	if len(f.recs.decisions) != 1 || f.recs.decisions[0] != (decision{record: rec.ID, sys: app.ICD10CM, code: "J18.9", accepted: true}) {
		t.Fatalf("audited %+v", f.recs.decisions)
	}
	if len(p.shown()) != 4 {
		t.Fatalf("J18.9 is still listed: %+v", p.shown())
	}

	// Dismiss hides it and audits it.
	test.Tap(buttonIn(t, rowFor(t, p, "R07.9"), "Dismiss"))
	if len(p.shown()) != 3 || len(f.recs.decisions) != 2 || f.recs.decisions[1].accepted || f.recs.decisions[1].code != "R07.9" {
		t.Fatalf("after Dismiss: %d listed, audited %+v", len(p.shown()), f.recs.decisions)
	}

	// Accept all: E11.22 before its additional code N18.31, after the
	// principal; the status code Z79.4 last although it scores best.
	test.Tap(p.acceptAll)
	rec = f.recs.recs[ws.rec.ID]
	if codes(rec) != "J189 E1122 N1831 Z794" || rec.Assignments[0].Role != app.Principal {
		t.Fatalf("after Accept all: %q", codes(rec))
	}
	if len(f.recs.decisions) != 5 || len(p.shown()) != 0 || !p.acceptAll.Disabled() {
		t.Fatalf("audited %+v, %d listed", f.recs.decisions, len(p.shown()))
	}
	// A dismissal or an accepted code stays hidden when the record is
	// saved again; an assigned code is not suggested again.
	ws.apply(rec)
	if len(p.shown()) != 0 {
		t.Fatalf("listed again after a save: %+v", p.shown())
	}
}

func TestSuggestionRefusedByTheServiceIsListedAgain(t *testing.T) {
	f := newFixture(t)
	f.sugg.list = []suggest.Suggestion{
		{System: app.ICD10CM, Code: "J18.9", Title: "Pneumonia, unspecified organism", Score: 1, Assertion: suggest.Present, Evidence: demoEvidence(t, "Community-acquired pneumonia"), Proposed: true},
	}
	ws := f.openDemo()
	f.recs.failOn = "Assign"
	test.Tap(buttonIn(t, rowFor(t, ws.suggest, "J18.9"), "Accept"))
	dismissOverlays(f.win)
	if len(ws.suggest.shown()) != 1 || len(f.recs.decisions) != 0 {
		t.Fatalf("a refused accept: %d listed, audited %+v", len(ws.suggest.shown()), f.recs.decisions)
	}
}

// TestWorkspaceFitsLaptopScreen: with a scanned note open and the
// Suggested panel shown, every part of the window fits 1280×768 less the
// window's title bar and main menu.
func TestWorkspaceFitsLaptopScreen(t *testing.T) {
	f := newFixture(t)
	ws := f.openDemo()
	p := filepath.Join(t.TempDir(), "scan.pdf")
	if err := os.WriteFile(p, []byte("Page one: acute pneumonia\fPage two: diabetes"), 0o600); err != nil {
		t.Fatal(err)
	}
	f.u.onDropped(fyne.NewPos(10, 10), []fyne.URI{storageURI(p)})
	if !ws.viewer.hasPages() || ws.tabs.Selected().Text != "Suggested" {
		t.Fatal("setup: no scanned note or no Suggested panel")
	}
	const chromeW, chromeH = 16, 80 // window borders; title bar and menu bar
	for _, show := range []string{showPage, showText, showBoth} {
		ws.viewer.show.SetSelected(show)
		f.win.Resize(fyne.NewSize(1280-chromeW, 768-chromeH))
		min := f.win.Content().MinSize()
		t.Logf("%s: window content needs %.0f×%.0f", show, min.Width, min.Height)
		if min.Width > 1280-chromeW || min.Height > 768-chromeH {
			t.Errorf("showing %s the window needs %.0f×%.0f; a 1280×768 screen gives %d×%d", show, min.Width, min.Height, 1280-chromeW, 768-chromeH)
		}
	}
	// The page and its text switch; a highlight brings the text forward.
	ws.viewer.show.SetSelected(showPage)
	if ws.viewer.body.Objects[0] != ws.viewer.pageSide {
		t.Fatal("Page does not show the page image")
	}
	ws.viewer.showEvidence(&app.Evidence{NoteID: ws.notes[1].Note.ID, Page: 1, Start: 10, End: 25, Text: "acute pneumonia"})
	if ws.viewer.show.Selected != showText || ws.viewer.body.Objects[0] != ws.viewer.textStack {
		t.Fatalf("the evidence highlight is not on screen: showing %s", ws.viewer.show.Selected)
	}
}

// The page tools wrap: never wider than their widest group and as many
// rows high as their width needs; what is under them moves down.
func TestWrapLayout(t *testing.T) {
	test.NewTempApp(t)
	objs := []fyne.CanvasObject{widget.NewButton("previous page", nil), widget.NewButton("zoom in out", nil), widget.NewButton("page text both", nil)}
	wrap := &wrapLayout{}
	tools := container.New(wrap, objs...)
	under := widget.NewLabel("find row")
	c := container.New(&stackDown{wrap: wrap}, tools, under, widget.NewLabel("body"))
	widest := float32(0)
	for _, o := range objs {
		widest = max(widest, o.MinSize().Width)
	}
	c.Resize(fyne.NewSize(2000, 400))
	if m := tools.MinSize(); m.Width != widest || objs[2].Position().Y != 0 {
		t.Fatalf("wide: min %v, third at %v", m, objs[2].Position())
	}
	c.Resize(fyne.NewSize(widest+1, 400))
	rowH := objs[0].MinSize().Height
	if m := tools.MinSize(); m.Width != widest || m.Height < 3*rowH || objs[2].Position().X != 0 {
		t.Fatalf("narrow: min %v, third at %v", m, objs[2].Position())
	}
	if under.Position().Y < 3*rowH {
		t.Fatalf("the row under the tools is at %v, over their third row", under.Position())
	}
}

// TestAcceptedDrugKeepsItsUnits: a HCPCS drug code accepted from the
// Suggested panel is assigned with the units of service the suggestion
// counted, shown in the code's row, where the coder changes them.
func TestAcceptedDrugKeepsItsUnits(t *testing.T) {
	f := newFixture(t)
	f.sugg.list = []suggest.Suggestion{
		{System: app.HCPCS, Code: "J0696", Title: "Injection, ceftriaxone sodium, per 250 mg", Score: 0.7, Assertion: suggest.Present,
			Reason:   "HCPCS title: Injection, ceftriaxone sodium, per 250 mg; the note's 1 g is 4 units (a unit is 250 mg)",
			Evidence: demoEvidence(t, "Community-acquired pneumonia"), Proposed: true, Units: 4},
	}
	ws := f.openDemo()
	test.Tap(buttonIn(t, rowFor(t, ws.suggest, "J0696"), "Accept"))
	rec := f.recs.recs[ws.rec.ID]
	if codes(rec) != "J0696" || rec.Assignments[0].Units != 4 {
		t.Fatalf("after Accept: %q %+v", codes(rec), rec.Assignments)
	}
	ws.apply(rec)
	var units *widget.Entry
	walk(ws.assigned.rows[0], func(o fyne.CanvasObject) {
		if e, ok := o.(*widget.Entry); ok && e.PlaceHolder == "Units" {
			units = e
		}
	})
	if units == nil || units.Text != "4" {
		t.Fatalf("the row's units: %+v", units)
	}
	units.SetText("8")
	units.OnSubmitted(units.Text)
	if rec = f.recs.recs[ws.rec.ID]; rec.Assignments[0].Units != 8 {
		t.Fatalf("units after the change: %+v", rec.Assignments[0])
	}
}
