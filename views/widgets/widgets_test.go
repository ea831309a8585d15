package widgets

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

func TestSearchEntryHandsArrowsToOwner(t *testing.T) {
	test.NewTempApp(t)
	e := NewSearchEntry()
	test.NewWindow(e)
	var ups, downs, escs int
	e.OnUp = func() { ups++ }
	e.OnDown = func() { downs++ }
	e.OnEscape = func() { escs++ }
	test.Type(e, "abc")
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	if ups != 1 || downs != 2 || escs != 1 || e.Text != "ab" {
		t.Fatalf("up %d down %d esc %d text %q", ups, downs, escs, e.Text)
	}
	e.OnUp = nil
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp}) // no hook: the entry handles it
}

func TestReadOnlyTextRefusesEditsButSelects(t *testing.T) {
	a := test.NewTempApp(t)
	r := NewReadOnlyText()
	test.NewWindow(r)
	r.SetText("Acute pneumonia")
	test.Type(r, "x")
	for _, k := range []fyne.KeyName{fyne.KeyBackspace, fyne.KeyDelete, fyne.KeyReturn, fyne.KeyTab} {
		r.TypedKey(&fyne.KeyEvent{Name: k})
	}
	a.Clipboard().SetContent("pasted")
	r.TypedShortcut(&fyne.ShortcutPaste{Clipboard: a.Clipboard()})
	r.TypedShortcut(&fyne.ShortcutCut{Clipboard: a.Clipboard()})
	if r.Text != "Acute pneumonia" {
		t.Fatalf("text edited to %q", r.Text)
	}
	r.TypedShortcut(&fyne.ShortcutSelectAll{})
	if r.SelectedText() != "Acute pneumonia" {
		t.Fatalf("select all gave %q", r.SelectedText())
	}
	r.TypedShortcut(&fyne.ShortcutCopy{Clipboard: a.Clipboard()})
	if a.Clipboard().Content() != "Acute pneumonia" {
		t.Fatalf("copy gave %q", a.Clipboard().Content())
	}
}

func TestBadgeAndSelectable(t *testing.T) {
	test.NewTempApp(t)
	b := NewBadge("BILLABLE", theme.ColorNameSuccess)
	tapped := 0
	s := NewSelectable(b, func() { tapped++ })
	w := test.NewWindow(s)
	defer w.Close()
	if b.MinSize().Width <= 0 {
		t.Fatal("badge has no size")
	}
	test.Tap(s)
	s.SetSelected(true)
	if tapped != 1 || !s.Selected {
		t.Fatalf("tapped %d selected %v", tapped, s.Selected)
	}
	b.SetText("HEADER")
	if b.Text != "HEADER" {
		t.Fatal(b.Text)
	}
}
