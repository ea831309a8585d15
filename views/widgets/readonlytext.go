package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// ReadOnlyText shows a note's text in normal colours, lets the coder move
// the cursor, select and copy, and refuses every edit: the note is part of
// the legal record. A secondary tap offers Copy plus the owner's actions
// (e.g. "Search codes for the selection").
type ReadOnlyText struct {
	widget.Entry
	// Menu returns extra items for the secondary-tap menu; may be nil.
	Menu func() []*fyne.MenuItem
}

// NewReadOnlyText returns wrapped, multi-line, read-only text.
func NewReadOnlyText() *ReadOnlyText {
	t := &ReadOnlyText{}
	t.MultiLine = true
	t.Wrapping = fyne.TextWrapWord
	t.ExtendBaseWidget(t)
	return t
}

// TypedRune ignores typing.
func (t *ReadOnlyText) TypedRune(rune) {}

// TypedKey allows navigation and selection, and drops editing keys.
func (t *ReadOnlyText) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyBackspace, fyne.KeyDelete, fyne.KeyReturn, fyne.KeyEnter, fyne.KeyTab:
		return
	}
	t.Entry.TypedKey(k)
}

// TypedShortcut allows copy and select-all, and drops paste, cut, undo
// and redo.
func (t *ReadOnlyText) TypedShortcut(s fyne.Shortcut) {
	switch s.(type) {
	case *fyne.ShortcutPaste, *fyne.ShortcutCut, *fyne.ShortcutUndo, *fyne.ShortcutRedo:
		return
	}
	t.Entry.TypedShortcut(s)
}

// AcceptsTab is false so Tab moves focus on instead of being swallowed.
func (t *ReadOnlyText) AcceptsTab() bool { return false }

// TappedSecondary shows Copy and the owner's items, never Paste or Cut.
func (t *ReadOnlyText) TappedSecondary(pe *fyne.PointEvent) {
	c := fyne.CurrentApp().Driver().CanvasForObject(t)
	if c == nil {
		return
	}
	items := []*fyne.MenuItem{fyne.NewMenuItem("Copy", func() {
		if s := t.SelectedText(); s != "" {
			fyne.CurrentApp().Clipboard().SetContent(s)
		}
	})}
	if t.Menu != nil {
		items = append(items, t.Menu()...)
	}
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", items...), c, pe.AbsolutePosition)
}
