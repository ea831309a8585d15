package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// SearchEntry is a one-line entry that hands ↑, ↓ and Escape to its owner,
// so the results list under it is driven without leaving the keyboard.
// Enter still fires OnSubmitted.
type SearchEntry struct {
	widget.Entry
	OnUp, OnDown, OnEscape func()
}

// NewSearchEntry returns an empty search entry.
func NewSearchEntry() *SearchEntry {
	e := &SearchEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey passes arrow keys and Escape to the hooks when they are set.
func (e *SearchEntry) TypedKey(k *fyne.KeyEvent) {
	var hook func()
	switch k.Name {
	case fyne.KeyUp:
		hook = e.OnUp
	case fyne.KeyDown:
		hook = e.OnDown
	case fyne.KeyEscape:
		hook = e.OnEscape
	}
	if hook != nil {
		hook()
		return
	}
	e.Entry.TypedKey(k)
}
