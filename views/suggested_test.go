package views

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/suggest"
	"github.com/codebench/codebench/internal/testenv/testindex"
)

type fakeSuggester struct {
	got  []suggest.Request
	list []suggest.Suggestion
}

func (f *fakeSuggester) Suggest(r suggest.Request) []suggest.Suggestion {
	f.got = append(f.got, r)
	return f.list
}

func ev(page, start, end int, text string) []suggest.Evidence {
	return []suggest.Evidence{{Page: page, Start: start, End: end, Text: text}}
}

// buttonIn finds the button with the label in a row of the panel.
func buttonIn(t *testing.T, row fyne.CanvasObject, label string) *widget.Button {
	t.Helper()
	var found *widget.Button
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == label {
			found = b
		}
		if c, ok := o.(*fyne.Container); ok {
			for _, k := range c.Objects {
				walk(k)
			}
		}
	}
	walk(row)
	if found == nil {
		t.Fatalf("no %q button in the row", label)
	}
	return found
}

func TestSuggestedPanel(t *testing.T) {
	test.NewTempApp(t)
	eng := &fakeSuggester{list: []suggest.Suggestion{
		{System: app.ICD10PCS, Code: "0DTJ", Title: "Resection of Appendix", Score: 1.2, Assertion: suggest.Present, Reason: "index: Appendectomy", Evidence: ev(1, 40, 51, "appendectomy"), Proposed: true},
		{System: app.ICD10CM, Code: "J18.9", Title: "Pneumonia, unspecified organism", Score: 1, Assertion: suggest.Present, Reason: "index: Pneumonia", Evidence: ev(1, 10, 19, "pneumonia"), Proposed: true},
		{System: app.ICD10CM, Code: "K35.80", Title: "Unspecified acute appendicitis", Score: 1.1, Assertion: suggest.Present, Reason: "index: Appendicitis", Evidence: ev(1, 20, 32, "appendicitis"), Proposed: true},
		{System: app.ICD10CM, Code: "R07.9", Title: "Chest pain, unspecified", Score: 0.06, Assertion: suggest.Negated, Reason: `negated ("no")`, Evidence: ev(1, 0, 10, "chest pain")},
	}}
	p := newSuggestedPanel(&syncRunner{}, eng)
	w := test.NewWindow(p)
	defer w.Close()
	var shown []app.Evidence
	var accepted [][]suggest.Suggestion
	var acceptedEv [][]app.Evidence
	var dismissed []string
	p.onShow = func(e app.Evidence) { shown = append(shown, e) }
	p.onAccept = func(items []suggest.Suggestion, e []app.Evidence) {
		accepted = append(accepted, items)
		acceptedEv = append(acceptedEv, e)
	}
	p.onDismiss = func(s suggest.Suggestion) { dismissed = append(dismissed, s.Code) }

	dos := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	p.load("N1", []app.Page{{Number: 1, Text: "no chest pain; pneumonia; appendicitis; appendectomy"}}, app.Inpatient, dos)
	if len(eng.got) != 1 || eng.got[0].Setting != app.Inpatient || !eng.got[0].Date.Equal(dos) || eng.got[0].Pages[0] == "" {
		t.Fatalf("engine asked %+v", eng.got)
	}
	if len(p.box.Objects) != 4 || !strings.Contains(p.status.Text, "3 proposed") {
		t.Fatalf("%d rows, status %q", len(p.box.Objects), p.status.Text)
	}
	// The negated finding is listed without Accept.
	negRow := p.box.Objects[3]
	buttonIn(t, negRow, "Show")
	var hasAccept bool
	for _, o := range negRow.(*fyne.Container).Objects {
		if c, ok := o.(*fyne.Container); ok {
			for _, b := range c.Objects {
				if bb, ok := b.(*widget.Button); ok && bb.Text == "Accept" {
					hasAccept = true
				}
			}
		}
	}
	if hasAccept {
		t.Error("a negated finding can be accepted")
	}

	test.Tap(buttonIn(t, p.box.Objects[1], "Show"))
	if len(shown) != 1 || shown[0] != (app.Evidence{NoteID: "N1", Page: 1, Start: 10, End: 19, Text: "pneumonia"}) {
		t.Fatalf("Show gave %+v", shown)
	}
	test.Tap(buttonIn(t, p.box.Objects[1], "Accept"))
	if len(accepted) != 1 || accepted[0][0].Code != "J18.9" || acceptedEv[0][0].NoteID != "N1" || acceptedEv[0][0].Text != "pneumonia" {
		t.Fatalf("Accept gave %+v %+v", accepted, acceptedEv)
	}
	if len(p.box.Objects) != 3 {
		t.Fatalf("the accepted code is still listed: %d rows", len(p.box.Objects))
	}
	test.Tap(buttonIn(t, p.box.Objects[2], "Dismiss")) // R07.9
	if len(dismissed) != 1 || dismissed[0] != "R07.9" || len(p.box.Objects) != 2 {
		t.Fatalf("Dismiss: %v, %d rows", dismissed, len(p.box.Objects))
	}
	// Accept all: diagnoses before procedures, best first.
	test.Tap(p.acceptAll)
	if len(accepted) != 2 || len(accepted[1]) != 2 || accepted[1][0].Code != "K35.80" || accepted[1][1].Code != "0DTJ" {
		t.Fatalf("Accept all gave %+v", accepted)
	}
	if !p.acceptAll.Disabled() || !strings.Contains(p.status.Text, "Nothing") {
		t.Fatalf("after Accept all: status %q", p.status.Text)
	}
	// Another record forgets what was dismissed; a stale result is dropped.
	p.forRecord()
	r := &syncRunner{manual: true}
	p.run = r
	p.load("N2", []app.Page{{Text: "x"}}, app.Office, dos)
	p.load("N3", []app.Page{{Text: "y"}}, app.Office, dos)
	r.pending[1]()
	r.pending[0]()
	if p.noteID != "N3" {
		t.Fatalf("showing %s, want the last note asked for", p.noteID)
	}
}

// TestWorkspaceSuggestsFromTheDemoNote: the real engine over the real code
// sets reads the demo record's note; the Suggested panel proposes its
// codes, Show highlights the words, Accept assigns the code with its
// evidence, Dismiss goes to the audit trail (record id and code).
func TestWorkspaceSuggestsFromTheDemoNote(t *testing.T) {
	set, ix := testindex.Index(t)
	eng := suggest.New(set, ix)
	f := newFixture(t)
	ws := f.openDemo()
	ws.setCodebook(&Codebook{Terms: f.terms, Edits: fakeChecker{}, Suggest: eng}, nil)
	p := ws.suggest
	rows := map[string]fyne.CanvasObject{}
	proposed := map[string]bool{}
	for _, s := range p.shown() {
		rows[s.Code] = p.rows[suggestionKey(s)]
		proposed[s.Code] = s.Proposed
	}
	for _, want := range []string{"J18.9", "E11.22", "N18.31", "E11.65", "I12.9", "E78.5", "Z79.4", "Z79.84", "Z87.891"} {
		if !proposed[want] {
			t.Errorf("%s not proposed (%v)", want, proposed)
		}
	}
	for code, on := range proposed {
		if on && (strings.HasPrefix(code, "R05") || code == "R50.9" || strings.HasPrefix(code, "R07")) {
			t.Errorf("%s proposed", code)
		}
	}
	test.Tap(buttonIn(t, rows["J18.9"], "Show"))
	if got := ws.viewer.pageText(); !strings.Contains(got, "pneumonia") {
		t.Fatalf("Show did not open the page with the evidence")
	}
	test.Tap(buttonIn(t, rows["J18.9"], "Accept"))
	rec := f.recs.recs[ws.rec.ID]
	var assigned *app.Assignment
	for i := range rec.Assignments {
		if rec.Assignments[i].Code == "J189" {
			assigned = &rec.Assignments[i]
		}
	}
	if assigned == nil || assigned.Evidence == nil || !strings.EqualFold(assigned.Evidence.Text, "pneumonia") || assigned.Evidence.NoteID != rec.NoteIDs[0] {
		t.Fatalf("J18.9 accepted as %+v", assigned)
	}
	test.Tap(buttonIn(t, rows["E78.5"], "Dismiss"))
	if d := f.recs.decisions; len(d) != 2 || d[1] != (decision{record: ws.rec.ID, sys: app.ICD10CM, code: "E78.5"}) {
		t.Fatalf("audited: %+v", d)
	}
	// The dismissal is kept on the record: opened again (a new panel, as
	// when the coder comes back to the record later), E78.5 stays hidden.
	if !f.recs.recs[ws.rec.ID].IsDismissed(app.ICD10CM, "E785") {
		t.Fatal("the dismissal was not saved on the record")
	}
	f.u.openRecord(ws.rec.ID)
	again := f.u.ws
	if again == ws {
		t.Fatal("the record was not opened again")
	}
	again.setCodebook(&Codebook{Terms: f.terms, Edits: fakeChecker{}, Suggest: eng}, nil)
	listed := map[string]bool{}
	for _, s := range again.suggest.shown() {
		listed[s.Code] = true
	}
	if listed["E78.5"] || !listed["E11.22"] {
		t.Fatalf("reopened: E78.5 listed %v, E11.22 listed %v", listed["E78.5"], listed["E11.22"])
	}
}

// TestSuggestedPanelLessCertain: the less certain candidates are listed
// after the proposed codes under one closed "Less certain" heading; each
// can be accepted on its own, Accept all leaves them.
func TestSuggestedPanelLessCertain(t *testing.T) {
	test.NewTempApp(t)
	eng := &fakeSuggester{list: []suggest.Suggestion{
		{System: app.ICD10CM, Code: "R07.9", Title: "Chest pain, unspecified", Score: 0.06, Assertion: suggest.Negated, Reason: `negated ("no")`, Evidence: ev(1, 0, 10, "chest pain")},
		{System: app.ICD10CM, Code: "R59.9", Title: "Enlarged lymph nodes, unspecified", Score: 0.2, Assertion: suggest.Present, Reason: "less certain: index: Adenopathy", Evidence: ev(1, 12, 27, "lymphadenopathy"), LessCertain: true},
		{System: app.ICD10CM, Code: "R59.1", Title: "Generalized enlarged lymph nodes", Score: 1, Assertion: suggest.Present, Reason: "index: Lymphadenopathy", Evidence: ev(1, 12, 27, "lymphadenopathy"), Proposed: true},
		{System: app.ICD10CM, Code: "R59.0", Title: "Localized enlarged lymph nodes", Score: 0.1, Assertion: suggest.Present, Reason: "less certain: index: Lymphadenopathy > localized", Evidence: ev(1, 12, 27, "lymphadenopathy"), LessCertain: true},
	}}
	p := newSuggestedPanel(&syncRunner{}, eng)
	w := test.NewWindow(p)
	defer w.Close()
	var accepted [][]suggest.Suggestion
	p.onAccept = func(items []suggest.Suggestion, _ []app.Evidence) { accepted = append(accepted, items) }
	p.load("N1", []app.Page{{Number: 1, Text: "no chest pain; lymphadenopathy"}}, app.Inpatient, time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC))

	var codes []string
	for _, s := range p.shown() {
		codes = append(codes, s.Code)
	}
	if strings.Join(codes, " ") != "R59.1 R59.9 R59.0 R07.9" {
		t.Fatalf("shown in the order %v, want proposed, less certain (best first), then the negated", codes)
	}
	if len(p.box.Objects) != 3 || p.box.Objects[1] != p.lessCertain || p.lessCertain == nil {
		t.Fatalf("%d objects; want the proposed row, the less certain heading, the negated row", len(p.box.Objects))
	}
	if it := p.lessCertain.Items[0]; it.Title != "Less certain (2)" || it.Open {
		t.Fatalf("heading %q open %v, want \"Less certain (2)\" closed", it.Title, it.Open)
	}
	if !strings.Contains(p.status.Text, "1 proposed") {
		t.Fatalf("status %q", p.status.Text)
	}
	p.lessCertain.Open(0)
	test.Tap(buttonIn(t, p.rows["icd10cm/R59.0"], "Accept"))
	if len(accepted) != 1 || accepted[0][0].Code != "R59.0" {
		t.Fatalf("Accept of a less certain one gave %+v", accepted)
	}
	test.Tap(p.acceptAll)
	if len(accepted) != 2 || len(accepted[1]) != 1 || accepted[1][0].Code != "R59.1" {
		t.Fatalf("Accept all gave %+v, want the proposed code alone", accepted)
	}
	if p.lessCertain == nil || p.lessCertain.Items[0].Title != "Less certain (1)" || !p.lessCertain.Items[0].Open {
		t.Fatal("the less certain one left is not listed under its heading, left open as the coder opened it")
	}
}
