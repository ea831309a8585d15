package views

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/codebench/codebench/internal/testenv/testpack"
)

// guidelinesFixture is the window with the real Official Guidelines of
// the generated code-set pack (FY2024 to FY2026) beside the fake code sets.
func guidelinesFixture(t *testing.T) *fixture {
	f := newFixture(t)
	if f.u.book == nil {
		t.Fatal("code sets not loaded")
	}
	f.u.book.Guidelines = testpack.Set(t)
	return f
}

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestGuidelinesOpenFromAnEditCitation(t *testing.T) {
	f := guidelinesFixture(t)
	ws := f.openDemo() // date of service 2026-03-02: FY2026
	ws.coder.search.SetText("J18 ")
	for i, h := range ws.coder.hits {
		if h.Code == "J18" {
			ws.coder.results.Select(i)
		}
	}
	ws.coder.search.OnSubmitted("")
	var read []*widget.Button
	walk(ws.edits, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && strings.HasPrefix(b.Text, "Read ") {
			read = append(read, b)
		}
	})
	if len(read) != 2 || read[0].Text != "Read §I.A.3" || read[1].Text != "Read §I.B.2" {
		var labels []string
		for _, b := range read {
			labels = append(labels, b.Text)
		}
		t.Fatalf("citation buttons %q, want §I.A.3 and §I.B.2 (findings %+v)", labels, ws.findings)
	}
	test.Tap(read[0])
	g := f.u.guide
	if g == nil || f.u.guideWin == nil {
		t.Fatal("the guidelines window did not open")
	}
	if g.current != "I.A.3" || g.edition.Selected != "FY2026, October 1, 2025" || !g.notice.Hidden {
		t.Fatalf("shows %q in %q, notice %q", g.current, g.edition.Selected, g.notice.Text)
	}
	if !strings.HasPrefix(g.title.Text, "I.A.3 Use of codes for reporting purposes\nICD-10-CM Official Guidelines, FY2026, October 1, 2025, page ") {
		t.Fatalf("title %q", g.title.Text)
	}
	if !strings.Contains(g.body.Text, "For reporting purposes only codes are permissible, not categories or subcategories") {
		t.Fatalf("body %q", g.body.Text)
	}
	// The second citation reuses the same window.
	win := f.u.guideWin
	test.Tap(read[1])
	if f.u.guideWin != win || g.current != "I.B.2" || !strings.HasPrefix(g.title.Text, "I.B.2 Level of Detail in Coding") {
		t.Fatalf("second citation: %q %q", g.current, g.title.Text)
	}
}

func TestGuidelinesNeverShowAnotherYearsText(t *testing.T) {
	f := guidelinesFixture(t)
	f.signIn()
	g := f.u.guidelines()
	if g == nil {
		t.Fatal("no guidelines view")
	}
	// FY2023 has no guidelines here: nothing is shown but which years are.
	g.openCitation(day("2023-05-01"), "§I.A.3")
	if g.notice.Hidden || !strings.Contains(g.notice.Text, "FY2023") || !strings.Contains(g.notice.Text, "loaded: FY2024, FY2025, FY2026") {
		t.Fatalf("FY2023 notice %q", g.notice.Text)
	}
	if g.body.Text != "" || g.title.Text != "" || g.edition.Selected != "" || len(g.rows) != 0 {
		t.Fatalf("FY2023 shows text: %q %q in %q, %d rows", g.title.Text, g.body.Text, g.edition.Selected, len(g.rows))
	}
	// I.C.4.b (Obesity) is new in FY2026: the FY2024 April edition, in
	// effect on 2024-06-01, does not have it.
	g.openCitation(day("2024-06-01"), "I.C.4.b")
	if g.edition.Selected != "FY2024, April 1, 2024" || g.body.Text != "" || !strings.Contains(g.notice.Text, "I.C.4.b is not in the Official Guidelines FY2024, April 1, 2024") {
		t.Fatalf("FY2024: %q, body %q, notice %q", g.edition.Selected, g.body.Text, g.notice.Text)
	}
	// Picking the FY2026 edition shows it there, named.
	g.edition.SetSelected("FY2026, October 1, 2025")
	if !g.notice.Hidden || !strings.HasPrefix(g.title.Text, "I.C.4.b Obesity\nICD-10-CM Official Guidelines, FY2026, October 1, 2025") {
		t.Fatalf("FY2026: %q, notice %q", g.title.Text, g.notice.Text)
	}
	// The October edition before April 1.
	g.openCitation(day("2024-03-31"), "Section IV.H")
	if g.edition.Selected != "FY2024, October 1, 2023" || !strings.HasPrefix(g.title.Text, "IV.H Uncertain diagnosis") {
		t.Fatalf("IV.H: %q %q", g.edition.Selected, g.title.Text)
	}
}

func TestGuidelinesContentsSearchAndShortcut(t *testing.T) {
	f := guidelinesFixture(t)
	f.signIn()
	f.typeShortcut(fyne.KeyG, fyne.KeyModifierShortcutDefault)
	g := f.u.guide
	if g == nil || f.u.guideWin == nil {
		t.Fatal("Ctrl+G did not open the guidelines")
	}
	// No record open: the newest edition, its whole table of contents.
	if g.edition.Selected != "FY2026, October 1, 2025" || len(g.rows) != 490 || g.rows[0].number != "I" || g.rows[len(g.rows)-1].number != "Appendix I" {
		t.Fatalf("contents of %q: %d rows", g.edition.Selected, len(g.rows))
	}
	test.Type(g.search, "insulin pump")
	if len(g.rows) == 0 || !strings.HasPrefix(g.rows[0].number, "I.C.4.a.5") {
		t.Fatalf("search rows %+v", g.rows)
	}
	g.list.Select(0)
	if g.current != g.rows[0].number || !strings.Contains(strings.ToLower(g.body.Text), "insulin pump") {
		t.Fatalf("selected %q: %q", g.current, g.body.Text)
	}
	g.search.SetText("")
	if len(g.rows) != 490 {
		t.Fatalf("cleared search: %d rows", len(g.rows))
	}
}
