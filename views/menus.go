package views

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// The main menu, its keyboard shortcuts and the handlers of the items
// that act on the window (find, zoom, worklist); record actions are in
// actions.go, the workspace's own in workspace.go.

func ctrl(k fyne.KeyName) *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
}

func (u *ui) item(label string, sc *desktop.CustomShortcut, f func()) *fyne.MenuItem {
	it := fyne.NewMenuItem(label, func() {
		u.touch()
		f()
	})
	if sc != nil {
		it.Shortcut = sc
	}
	return it
}

func (u *ui) newMainMenu() *fyne.MainMenu {
	newRec := u.item("New record…", ctrl(fyne.KeyN), u.onNewRecord)
	openNote := u.item("Open note file…", ctrl(fyne.KeyO), u.onImportNote)
	print := u.item("Print summary…", ctrl(fyne.KeyP), u.onPrint)
	exportItem := u.item("Export…", nil, u.onExport)
	lock := u.item("Lock", ctrl(fyne.KeyL), u.lock)
	settings := u.item("Settings…", ctrl(fyne.KeyComma), u.onSettings)
	release := u.item("Import code-set release…", nil, u.onImportRelease)
	findCode := u.item("Find code", ctrl(fyne.KeyF), u.onFindCode)
	findNote := u.item("Find in note", &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}, u.onFindInNote)
	searchSel := u.item("Search codes for selected text", &desktop.CustomShortcut{KeyName: fyne.KeyE, Modifier: fyne.KeyModifierShortcutDefault}, u.onSearchSelection)
	up := u.item("Move code up", &desktop.CustomShortcut{KeyName: fyne.KeyUp, Modifier: fyne.KeyModifierAlt}, func() { u.onMoveCode(-1) })
	down := u.item("Move code down", &desktop.CustomShortcut{KeyName: fyne.KeyDown, Modifier: fyne.KeyModifierAlt}, func() { u.onMoveCode(+1) })
	star := u.item("Star or unstar code", ctrl(fyne.KeyD), u.onToggleFavourite)
	remove := u.item("Remove code", &desktop.CustomShortcut{KeyName: fyne.KeyDelete, Modifier: fyne.KeyModifierAlt}, u.onRemoveCode)
	worklist := u.item("Show or hide the worklist", ctrl(fyne.Key1), u.onToggleWorklist)
	worklistFocus := u.item("Go to worklist search", ctrl(fyne.KeyK), u.onFocusWorklist)
	guide := u.item("Official Guidelines", ctrl(fyne.KeyG), u.onGuidelines)
	zoomIn := u.item("Zoom in", ctrl(fyne.KeyEqual), func() { u.onZoom(1.25) })
	zoomOut := u.item("Zoom out", ctrl(fyne.KeyMinus), func() { u.onZoom(0.8) })
	fit := u.item("Fit width", ctrl(fyne.Key0), func() { u.onZoom(0) })
	coded := u.item("Mark coded", &desktop.CustomShortcut{KeyName: fyne.KeyM, Modifier: fyne.KeyModifierShortcutDefault}, func() { u.withWS(func(w *workspace) { w.onMarkCoded() }) })
	final := u.item("Finalize", &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierAlt}, func() { u.withWS(func(w *workspace) { w.onFinalize() }) })
	query := u.item("Query provider…", nil, func() { u.withWS(func(w *workspace) { w.onQuery() }) })
	reopen := u.item("Reopen…", nil, func() { u.withWS(func(w *workspace) { w.onReopen() }) })
	shortcuts := u.item("Keyboard shortcuts", nil, u.onShortcutsHelp)
	about := u.item("About Codebench", nil, u.onAbout)
	u.recordOnly = []*fyne.MenuItem{print, findNote, searchSel, star, up, down, remove, zoomIn, zoomOut, fit, coded, final, query, reopen}
	// An import of code sets is audited, so it needs a signed-in user.
	u.signedIn = []*fyne.MenuItem{newRec, openNote, exportItem, lock, findCode, worklist, worklistFocus, guide, release}
	return fyne.NewMainMenu(
		fyne.NewMenu("File", newRec, openNote, fyne.NewMenuItemSeparator(), print, exportItem, fyne.NewMenuItemSeparator(), release, settings, lock),
		fyne.NewMenu("Edit", findCode, findNote, searchSel, star, fyne.NewMenuItemSeparator(), up, down, remove),
		fyne.NewMenu("Record", coded, final, query, reopen),
		fyne.NewMenu("View", worklist, worklistFocus, fyne.NewMenuItemSeparator(), zoomIn, zoomOut, fit, fyne.NewMenuItemSeparator(), guide),
		fyne.NewMenu("Help", shortcuts, about),
	)
}

// addShortcuts registers every menu shortcut on the canvas too, so they
// work where the menu bar does not route them (and in tests).
func (u *ui) addShortcuts() {
	for _, m := range u.menu.Items {
		for _, it := range m.Items {
			sc, ok := it.Shortcut.(*desktop.CustomShortcut)
			if !ok {
				continue
			}
			u.win.Canvas().AddShortcut(sc, func(fyne.Shortcut) {
				if !it.Disabled {
					it.Action()
				}
			})
		}
	}
}

func (u *ui) setMenuState() {
	signed := u.session != nil && !u.locked
	open := signed && u.ws != nil
	for _, it := range u.signedIn {
		it.Disabled = !signed
	}
	for _, it := range u.recordOnly {
		it.Disabled = !open
	}
	u.menu.Refresh()
}

func (u *ui) withWS(f func(*workspace)) {
	if u.ws == nil || u.locked {
		return
	}
	f(u.ws)
}

func (u *ui) onFindCode() {
	if u.ws != nil && !u.locked {
		u.ws.coder.focus()
		return
	}
	u.onFocusWorklist()
}

func (u *ui) onFocusWorklist() {
	if u.worklist == nil || u.locked {
		return
	}
	if u.worklistHidden() {
		u.onToggleWorklist()
	}
	u.win.Canvas().Focus(u.worklist.search)
}

func (u *ui) onFindInNote() { u.withWS(func(w *workspace) { w.viewer.focusFind() }) }

func (u *ui) onSearchSelection() { u.withWS(func(w *workspace) { w.viewer.onSearchSelection() }) }

func (u *ui) onMoveCode(delta int) { u.withWS(func(w *workspace) { w.moveSelected(delta) }) }

func (u *ui) onRemoveCode() { u.withWS(func(w *workspace) { w.removeSelected() }) }

func (u *ui) onZoom(f float32) { u.withWS(func(w *workspace) { w.viewer.zoomBy(f) }) }

func (u *ui) worklistHidden() bool {
	return u.mainBox != nil && u.mainBox.Objects[0] != fyne.CanvasObject(u.mainSplit)
}

// onToggleWorklist hides the worklist to give the record the whole window,
// or shows it again.
func (u *ui) onToggleWorklist() {
	if u.mainBox == nil {
		return
	}
	if u.worklistHidden() {
		u.mainSplit.Trailing = u.wsHolder
		u.mainBox.Objects = []fyne.CanvasObject{u.mainSplit}
		u.mainSplit.Refresh()
	} else {
		u.prefs.SetFloat(prefSplitMain, u.mainSplit.Offset)
		u.mainBox.Objects = []fyne.CanvasObject{u.wsHolder}
	}
	u.mainBox.Refresh()
}

func (u *ui) onShortcutsHelp() {
	var b strings.Builder
	for _, m := range u.menu.Items {
		for _, it := range m.Items {
			if sc, ok := it.Shortcut.(*desktop.CustomShortcut); ok {
				fmt.Fprintf(&b, "%-28s %s\n", it.Label, shortcutLabel(sc))
			}
		}
	}
	b.WriteString("\nIn the code search: ↑/↓ move through results, Enter assigns the selected code.\n" +
		"In the worklist search: ↑/↓ then Enter opens a record.")
	l := widget.NewLabel(b.String())
	l.TextStyle = fyne.TextStyle{Monospace: true}
	dialog.ShowCustom("Keyboard shortcuts", "Close", l, u.win)
}

func shortcutLabel(sc *desktop.CustomShortcut) string {
	var parts []string
	m := sc.Modifier
	if m&fyne.KeyModifierControl != 0 {
		parts = append(parts, "Ctrl")
	}
	if m&fyne.KeyModifierSuper != 0 {
		parts = append(parts, "Cmd")
	}
	if m&fyne.KeyModifierAlt != 0 {
		parts = append(parts, "Alt")
	}
	if m&fyne.KeyModifierShift != 0 {
		parts = append(parts, "Shift")
	}
	name := string(sc.KeyName)
	switch sc.KeyName {
	case fyne.KeyUp:
		name = "↑"
	case fyne.KeyDown:
		name = "↓"
	case fyne.KeyEqual:
		name = "+"
	case fyne.KeyMinus:
		name = "-"
	}
	return strings.Join(append(parts, name), "+")
}
