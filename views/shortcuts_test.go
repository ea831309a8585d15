package views

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/favourites"
)

// fakeShortcuts answers like app/favourites over the fake code sets: one
// favourite valid in the year, one deleted favourite whose replacement
// the conversion table gives, a recent code and a code from the
// patient's earlier record.
type fakeShortcuts struct {
	starred map[string]bool
	lists   int
	toggles []string
}

func (f *fakeShortcuts) Lists(recordID string) (favourites.Lists, error) {
	f.lists++
	var l favourites.Lists
	for _, k := range []string{"J189", "H4011X0"} {
		if !f.starred[k] {
			continue
		}
		it := favourites.Item{System: app.ICD10CM, Code: k, Year: 2026, Known: true, Favourite: true}
		if k == "J189" {
			it.Title, it.Valid, it.Billable = "Pneumonia, unspecified organism", true, true
		} else {
			it.Title = "Primary open-angle glaucoma, stage unspecified"
			it.Replacements = []favourites.Replacement{{Code: "E1122", Title: "Type 2 diabetes mellitus with diabetic chronic kidney disease", Billable: true}}
		}
		l.Favourites = append(l.Favourites, it)
	}
	l.Recent = []favourites.Item{{System: app.ICD10CM, Code: "N1831", Title: "Chronic kidney disease, stage 3a", Year: 2026, Known: true, Valid: true, Billable: true}}
	l.History = []favourites.Item{{System: app.ICD10CM, Code: "Z794", Title: "Long term (current) use of insulin", Year: 2026, Known: true, Valid: true, Billable: true,
		Records: []string{"R000007 2025-04-02"}}}
	return l, nil
}

func (f *fakeShortcuts) Toggle(sys app.System, code string) (bool, error) {
	f.toggles = append(f.toggles, code)
	f.starred[code] = !f.starred[code]
	return f.starred[code], nil
}

type shortcutSession struct {
	*fakeSession
	*fakeShortcuts
}

func TestFavouritesRecentAndHistoryInTheCodingPanel(t *testing.T) {
	f := newFixture(t)
	f.signIn()
	sc := &fakeShortcuts{starred: map[string]bool{"J189": true, "H4011X0": true}}
	f.u.session = &shortcutSession{f.u.session.(*fakeSession), sc}
	test.Tap(f.u.worklist.demoBtn)
	ws := f.u.ws
	if ws == nil {
		t.Fatal("the demo record did not open")
	}
	c := ws.coder
	// The search box is empty: the lists show, each row marked.
	var rows []string
	for _, h := range c.hits {
		rows = append(rows, h.Code+" | "+h.Why)
	}
	want := []string{
		"J189 | ★ Favourite · valid in FY2026",
		"H4011X0 | ★ Favourite · not valid in FY2026: use E11.22 (conversion table)",
		"E1122 | ↳ in place of H40.11X0 in FY2026 (conversion table)",
		"N1831 | Recent · valid in FY2026",
		"Z794 | Patient history: [R000007 2025-04-02] · valid in FY2026",
	}
	if strings.Join(rows, "\n") != strings.Join(want, "\n") {
		t.Fatalf("rows:\n%s\nwant:\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"))
	}
	if !strings.Contains(c.info.Text, "Your favourites (2), recent codes (1)") {
		t.Errorf("info %q", c.info.Text)
	}
	if c.sc.star.Hidden || c.sc.star.Text != "Unstar J18.9 (Ctrl+D)" {
		t.Errorf("star button %q hidden %v", c.sc.star.Text, c.sc.star.Hidden)
	}

	// Enter on the replacement assigns it.
	c.moveSelection(+2)
	c.search.OnSubmitted("")
	if got := codes(f.recs.recs[ws.rec.ID]); got != "E1122" {
		t.Fatalf("assigned %q, want E1122", got)
	}

	// A searched code is starred with Ctrl+D.
	test.Type(c.search, "insulin")
	if len(c.hits) == 0 || c.hits[0].Code != "Z794" || c.sc.star.Text != "Star Z79.4 (Ctrl+D)" {
		t.Fatalf("insulin: %+v, star %q", c.hits, c.sc.star.Text)
	}
	f.typeShortcut(fyne.KeyD, fyne.KeyModifierShortcutDefault)
	if strings.Join(sc.toggles, " ") != "Z794" || !sc.starred["Z794"] || c.sc.star.Text != "Unstar Z79.4 (Ctrl+D)" || !strings.Contains(c.info.Text, "★ Z79.4 is one of your favourites") {
		t.Fatalf("Ctrl+D: toggles %v, star %q, info %q", sc.toggles, c.sc.star.Text, c.info.Text)
	}
	// The star button unstars it again.
	test.Tap(c.sc.star)
	if sc.starred["Z794"] || c.sc.star.Text != "Star Z79.4 (Ctrl+D)" {
		t.Fatalf("unstar: %v %q", sc.starred, c.sc.star.Text)
	}

	// Clearing the search shows the lists again, fresh.
	before := sc.lists
	c.search.OnEscape()
	if sc.lists != before+1 || len(c.hits) != 5 || c.hits[0].Code != "J189" {
		t.Fatalf("after Escape: %d loads, hits %+v", sc.lists-before, c.hits)
	}

	// A final record still shows the lists but assigns nothing.
	c.setReadOnly(true)
	c.search.OnSubmitted("")
	if got := codes(f.recs.recs[ws.rec.ID]); got != "E1122" {
		t.Errorf("read-only record got codes %q", got)
	}
}

func TestNoShortcutsWithoutTheService(t *testing.T) {
	f := newFixture(t)
	ws := f.openDemo()
	if len(ws.coder.hits) != 0 || ws.coder.info.Text != "Type to search." || ws.coder.sc.star != nil && !ws.coder.sc.star.Hidden {
		t.Errorf("without Shortcuts: hits %v, info %q", ws.coder.hits, ws.coder.info.Text)
	}
	f.typeShortcut(fyne.KeyD, fyne.KeyModifierShortcutDefault)
	if !strings.Contains(ws.coder.info.Text, "Select a code") {
		t.Errorf("Ctrl+D without a service: %q", ws.coder.info.Text)
	}
}
