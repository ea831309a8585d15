package views

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"github.com/codebench/codebench/app"
)

// Record-level actions that start from the menu, the worklist or a file
// dropped on the window: new record, import a note, print, settings.

func (u *ui) onNewRecord() {
	if u.session == nil || u.locked {
		return
	}
	showNewRecord(u.win, u.session.Records(), u.run, nil, func(rec *app.Record) { u.openRecord(rec.ID) })
}

// onImportNote asks for a note file and imports it: into the open record,
// or into a new record when none is open.
func (u *ui) onImportNote() {
	if u.session == nil || u.locked {
		return
	}
	if u.deps.Intake == nil {
		u.fail("Cannot import notes", errors.New("this build has no note reader"))
		return
	}
	u.pickFile(func(path string) { u.importFiles([]string{path}) })
}

// pickFile shows the file-open dialog and calls f with the chosen path.
func (u *ui) pickFile(f func(path string)) {
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			u.fail("Could not open the file", err)
			return
		}
		if rc == nil {
			return
		}
		path := rc.URI().Path()
		rc.Close()
		f(path)
	}, u.win)
	d.Show()
}

func (u *ui) onDropped(_ fyne.Position, uris []fyne.URI) {
	if u.session == nil || u.locked || len(uris) == 0 {
		return
	}
	var paths []string
	for _, x := range uris {
		if x.Scheme() == "file" {
			paths = append(paths, x.Path())
		}
	}
	u.importFiles(paths)
}

// importFiles reads each file with the note reader (OCR with a progress
// bar and Cancel) and attaches the notes to the open record, or to a new
// record the person fills in.
func (u *ui) importFiles(paths []string) {
	if len(paths) == 0 || u.deps.Intake == nil {
		return
	}
	imp := newImporter(u.win, u.deps.Intake, u.run)
	imp.start(paths, func(notes []importedNote) {
		if len(notes) == 0 {
			return
		}
		if u.ws != nil && !u.ws.rec.ReadOnly() {
			u.ws.attachNotes(notes)
			return
		}
		showNewRecord(u.win, u.session.Records(), u.run, notes, func(rec *app.Record) { u.openRecord(rec.ID) })
	}, u.fail)
}

func (u *ui) onPrint() {
	u.withWS(func(w *workspace) {
		if u.deps.Reporter == nil {
			u.fail("Cannot print", errors.New("this build has no PDF report"))
			return
		}
		showPrintPreview(u.win, w.rec, w.noteList(), u.facility(), u.deps.Reporter, u.deps.Intake, u.run, u.fail)
	})
}

// onUsers opens user management when the session offers it.
func (u *ui) onUsers() {
	admin, ok := u.session.(UserAdmin)
	if !ok || u.locked {
		return
	}
	showUsers(u.win, admin, u.session.User(), u.run)
}

func (u *ui) onSettings() {
	showSettings(u.win, u.prefs, u.deps.DataDir, func() {
		u.setStatus("Settings saved.")
	})
}
