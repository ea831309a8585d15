package views

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	fynestorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func customShortcut(k fyne.KeyName, m fyne.KeyModifier) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: m}
}

func storageURI(path string) fyne.URI { return fynestorage.NewFileURI(path) }

// overlayText is the markup of every dialog shown.
func overlayText(w fyne.Window) string {
	var b strings.Builder
	for _, o := range w.Canvas().Overlays().List() {
		b.WriteString(test.RenderObjectToMarkup(o))
	}
	return b.String()
}

func dismissOverlays(w fyne.Window) {
	for _, o := range w.Canvas().Overlays().List() {
		o.Hide()
		w.Canvas().Overlays().Remove(o)
	}
}

// confirmDialog taps the button labelled label in the top dialog.
func confirmDialog(t *testing.T, w fyne.Window, label string) {
	t.Helper()
	o := w.Canvas().Overlays().Top()
	if o == nil {
		t.Fatalf("no dialog to press %q in", label)
	}
	var btn *widget.Button
	walk(o, func(x fyne.CanvasObject) {
		if b, ok := x.(*widget.Button); ok && b.Text == label {
			btn = b
		}
	})
	if btn == nil {
		t.Fatalf("no %q button in the dialog", label)
	}
	test.Tap(btn)
}

// findEntry returns the first multi-line entry in the top dialog.
func findEntry(w fyne.Window) *widget.Entry {
	o := w.Canvas().Overlays().Top()
	if o == nil {
		return nil
	}
	var e *widget.Entry
	walk(o, func(x fyne.CanvasObject) {
		if en, ok := x.(*widget.Entry); ok && en.MultiLine && e == nil {
			e = en
		}
	})
	return e
}

const ctrlMod = fyne.KeyModifierShortcutDefault

func terminologyCanonical(s string) string { return strings.ReplaceAll(strings.ToUpper(s), ".", "") }
