package views

import (
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/codeset"
	"github.com/codebench/codebench/views/widgets"
)

// workspace is one open record: the note on the left, the code search and
// detail on the right, the assigned codes and the edits below, and the
// status actions on top. Every change is saved at once through Records.
type workspace struct {
	widget.BaseWidget
	u     *ui
	rec   *app.Record
	notes []loadedNote

	viewer   *noteViewer
	coder    *codingPanel
	assigned *assignedList
	edits    *editsPanel
	findings []Finding
	checkSeq int

	patient *widget.Label
	visit   *widget.Label
	demo    *widgets.Badge
	status  *widgets.Badge
	banner  *widget.Label

	coded, final, query, reopen *widget.Button

	splitWork, splitCoding, splitBottom *container.Split
}

func newWorkspace(u *ui, rec *app.Record, notes []loadedNote) *workspace {
	w := &workspace{u: u, notes: notes}
	w.viewer = newNoteViewer(u.run, u.deps.Intake, u.fail, notes)
	w.coder = newCodingPanel(u.run, rec.Year(), systemsFor(rec, u.defaultSystems()))
	w.assigned = newAssignedList()
	w.edits = newEditsPanel(u.win)
	w.viewer.onSearchText = w.coder.searchFor
	w.coder.onAssign = w.onAssign
	w.assigned.onMove = func(from, to int) { w.move(from, to) }
	w.assigned.onRemove = w.remove
	w.assigned.onUpdate = w.update
	w.assigned.onEvidence = w.onEvidence
	w.assigned.onLink = w.onLink
	w.edits.onAck = w.acknowledge
	w.edits.onFix = w.replaceCode

	w.patient = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	w.patient.Truncation = fyne.TextTruncateEllipsis
	w.visit = widget.NewLabel("")
	w.visit.Truncation = fyne.TextTruncateEllipsis
	w.visit.SizeName = theme.SizeNameCaptionText
	w.demo = widgets.NewBadge("DEMO: made-up patient", theme.ColorNameWarning)
	w.status = widgets.NewBadge("", theme.ColorNamePrimary)
	w.banner = widget.NewLabel("")
	w.banner.Wrapping = fyne.TextWrapWord
	w.banner.Importance = widget.WarningImportance
	w.coded = widget.NewButtonWithIcon("Coded", theme.ConfirmIcon(), w.onMarkCoded)
	w.coded.Importance = widget.HighImportance
	w.final = widget.NewButtonWithIcon("Finalize", theme.DocumentSaveIcon(), w.onFinalize)
	w.query = widget.NewButtonWithIcon("Query…", theme.MailComposeIcon(), w.onQuery)
	w.reopen = widget.NewButtonWithIcon("Reopen…", theme.ContentUndoIcon(), w.onReopen)
	w.ExtendBaseWidget(w)
	w.apply(rec)
	u.whenBook(func() {
		if u.book != nil && u.book.Terms != nil {
			w.coder.setTerms(u.book.Terms)
		}
		w.runEdits()
	})
	if u.book == nil && u.bookErr != nil {
		w.coder.info.SetText("Code sets not loaded: " + u.bookErr.Error())
	}
	return w
}

func (w *workspace) CreateRenderer() fyne.WidgetRenderer {
	p := w.u.prefs
	w.splitBottom = container.NewHSplit(w.assignedBox(), w.edits)
	w.splitBottom.Offset = 0.55
	w.splitCoding = container.NewVSplit(w.coder, w.splitBottom)
	w.splitCoding.Offset = p.FloatWithFallback(prefSplitCoding, 0.55)
	w.splitWork = container.NewHSplit(w.viewer, w.splitCoding)
	w.splitWork.Offset = p.FloatWithFallback(prefSplitWork, 0.40)
	w.viewer.split.Offset = p.FloatWithFallback(prefSplitNote, 0.6)
	actions := container.NewHBox(w.coded, w.final, w.query, w.reopen)
	badges := container.NewHBox(container.NewCenter(w.demo), container.NewCenter(w.status))
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, badges, w.patient),
		container.NewBorder(nil, nil, nil, actions, w.visit),
		w.banner, widget.NewSeparator())
	return widget.NewSimpleRenderer(container.NewBorder(top, nil, nil, nil, w.splitWork))
}

func (w *workspace) assignedBox() fyne.CanvasObject {
	return container.NewBorder(widget.NewLabelWithStyle("Assigned codes (Alt+↑/↓ to resequence)", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		nil, nil, nil, w.assigned)
}

func (w *workspace) saveSplits(p fyne.Preferences) {
	if w.splitWork == nil {
		return
	}
	p.SetFloat(prefSplitWork, w.splitWork.Offset)
	p.SetFloat(prefSplitCoding, w.splitCoding.Offset)
	p.SetFloat(prefSplitNote, w.viewer.split.Offset)
}

// apply shows a saved record: header, codes, actions, and re-runs edits.
func (w *workspace) apply(rec *app.Record) {
	w.rec = rec
	w.patient.SetText(fmt.Sprintf("%s · MRN %s · DOB %s · %s", rec.Patient.Name, rec.Patient.MRN, app.FormatDate(rec.Patient.DOB), rec.Patient.Sex))
	visit := fmt.Sprintf("%s · %s", rec.Encounter.Type.Label(), app.FormatDate(rec.Encounter.Service))
	if rec.Encounter.Type == app.Inpatient && !rec.Encounter.Discharge.IsZero() {
		visit += " to " + app.FormatDate(rec.Encounter.Discharge)
	}
	if rec.Encounter.Account != "" {
		visit += " · Acct " + rec.Encounter.Account
	}
	if rec.Encounter.Provider != "" {
		visit += " · " + rec.Encounter.Provider
	}
	visit += fmt.Sprintf(" · codes valid for FY%d", rec.Year())
	w.visit.SetText(visit)
	if rec.Demo {
		w.demo.Show()
	} else {
		w.demo.Hide()
	}
	w.status.Color = statusColor(rec.Status)
	w.status.SetText(rec.Status.Label())
	switch {
	case rec.Status == app.OnHold && rec.Query != "":
		w.banner.SetText("On hold. Query to the provider: " + rec.Query)
		w.banner.Show()
	case rec.Status == app.Final:
		w.banner.SetText("Final: read-only. Reopen it with a reason to change it.")
		w.banner.Show()
	default:
		w.banner.Hide()
	}
	ro := rec.ReadOnly()
	w.assigned.set(rec, ro)
	w.coder.setReadOnly(ro)
	enable(w.coded, rec.Status != app.Coded && rec.Status != app.Final)
	enable(w.final, rec.Status == app.Coded)
	enable(w.query, rec.Status != app.Final && rec.Status != app.OnHold)
	enable(w.reopen, rec.Status == app.Final || rec.Status == app.Coded || rec.Status == app.OnHold)
	w.runEdits()
}

func enable(b *widget.Button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}

// runEdits checks the record off the UI goroutine; a newer check wins.
func (w *workspace) runEdits() {
	book := w.u.book
	if book == nil {
		return
	}
	if book.Edits == nil {
		w.edits.setMessage("The coding edits are not available in this build.")
		return
	}
	w.checkSeq++
	seq := w.checkSeq
	rec := cloneRecord(w.rec)
	var fs []Finding
	w.u.run.Go(func() { fs = book.Edits.Check(rec) }, func() {
		if seq != w.checkSeq {
			return
		}
		w.findings = fs
		w.edits.set(fs, w.rec.Acknowledgements, w.rec.ReadOnly())
	})
}

func cloneRecord(r *app.Record) *app.Record {
	c := *r
	c.Assignments = append([]app.Assignment(nil), r.Assignments...)
	c.Acknowledgements = append([]app.Acknowledgement(nil), r.Acknowledgements...)
	c.NoteIDs = append([]string(nil), r.NoteIDs...)
	c.History = append([]app.StatusChange(nil), r.History...)
	return &c
}

// save runs one change through the records service, in order, and shows
// the saved record; on failure it says so and reloads what is saved.
func (w *workspace) save(what string, op func(recs Records, id string) (*app.Record, error)) {
	w.u.touch()
	recs := w.u.session.Records()
	id := w.rec.ID
	var rec *app.Record
	var err error
	w.u.run.Serial(func() { rec, err = op(recs, id) }, func() {
		if err != nil {
			w.u.fail(what, err)
			w.reload()
			return
		}
		if w.u.ws != w {
			return
		}
		w.apply(rec)
		w.u.setStatus("Saved.")
		w.u.recordChanged()
	})
}

func (w *workspace) reload() {
	recs := w.u.session.Records()
	id := w.rec.ID
	var rec *app.Record
	var err error
	w.u.run.Serial(func() { rec, err = recs.Record(id) }, func() {
		if err == nil && w.u.ws == w {
			w.apply(rec)
		}
	})
}

// systemsFor narrows "All systems" to what the setting reports: ICD-10-PCS
// is for inpatient procedures only.
func systemsFor(rec *app.Record, systems []app.System) []app.System {
	if rec.Encounter.Type == app.Inpatient {
		return systems
	}
	var out []app.System
	for _, s := range systems {
		if s != app.ICD10PCS {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return systems
	}
	return out
}

func defaultRole(rec *app.Record, sys app.System) app.Role {
	if sys != app.ICD10CM {
		return app.Procedure
	}
	for _, a := range rec.Assignments {
		if a.Role == app.Principal {
			return app.Secondary
		}
	}
	return app.Principal
}

func (w *workspace) onAssign(h CodeHit, code, title string) {
	if w.rec.ReadOnly() {
		return
	}
	a := app.Assignment{System: h.System, Code: code, Year: w.rec.Year(), Title: title, Role: defaultRole(w.rec, h.System),
		AssignedBy: w.u.session.User(), AssignedAt: w.u.now()}
	if ev, ok := w.viewer.selection(); ok {
		a.Evidence = ev
	}
	w.assigned.selected = len(w.rec.Assignments)
	// The service moves a record still "to code" to "in progress".
	w.save("Could not assign the code", func(recs Records, id string) (*app.Record, error) {
		return recs.Assign(id, a)
	})
}

func (w *workspace) move(from, to int) {
	w.save("Could not move the code", func(recs Records, id string) (*app.Record, error) { return recs.Move(id, from, to) })
}

func (w *workspace) moveSelected(d int) {
	i := w.assigned.selected
	w.assigned.move(i, i+d)
}

func (w *workspace) remove(i int) {
	code := w.rec.Assignments[i].Code
	w.save("Could not remove the code", func(recs Records, id string) (*app.Record, error) {
		return recs.Remove(id, i)
	})
	w.u.setStatus("Removed " + code + ".")
}

func (w *workspace) removeSelected() { w.assigned.remove(w.assigned.selected) }

func (w *workspace) update(i int, a app.Assignment) {
	w.save("Could not save the change to the code", func(recs Records, id string) (*app.Record, error) {
		return recs.Update(id, i, a)
	})
}

func (w *workspace) onEvidence(i int) { w.viewer.showEvidence(w.rec.Assignments[i].Evidence) }

func (w *workspace) onLink(i int) {
	ev, ok := w.viewer.selection()
	if !ok {
		dialog.ShowInformation("Select the evidence", "Select the words in the note that support this code, then press Link selection.", w.u.win)
		return
	}
	a := w.rec.Assignments[i]
	a.Evidence = ev
	w.update(i, a)
}

func (w *workspace) acknowledge(f Finding, reason string) {
	ack := app.Acknowledgement{Rule: f.Rule, Codes: f.Codes, Reason: reason, By: w.u.session.User(), At: w.u.now()}
	w.save("Could not save the acknowledgement", func(recs Records, id string) (*app.Record, error) {
		return recs.Acknowledge(id, ack)
	})
}

// replaceCode puts the fix an edit offers in place of the code it flags,
// keeping its place in the sequence, role, POA, date and evidence.
func (w *workspace) replaceCode(f Finding, fix string) {
	old := codeset.Canonical(f.Codes[0])
	i := -1
	for j, a := range w.rec.Assignments {
		if a.Code == old {
			i = j
		}
	}
	if i < 0 {
		return
	}
	a := w.rec.Assignments[i]
	prev := a // copied here: w.rec belongs to the UI goroutine
	a.Code = codeset.Canonical(fix)
	a.Title = ""
	a.AssignedBy, a.AssignedAt = w.u.session.User(), w.u.now()
	w.assigned.selected = i
	w.save("Could not replace the code", func(recs Records, id string) (*app.Record, error) {
		if _, err := recs.Remove(id, i); err != nil {
			return nil, err
		}
		rec, err := recs.Assign(id, a)
		if err != nil {
			// Put the old code back so nothing is lost.
			if r2, err2 := recs.Assign(id, prev); err2 == nil && len(r2.Assignments) > 0 {
				if _, err3 := recs.Move(id, len(r2.Assignments)-1, i); err3 != nil {
					return nil, fmt.Errorf("%w (the old code was put back at the end of the list: %v)", err, err3)
				}
			}
			return nil, err
		}
		if last := len(rec.Assignments) - 1; last != i {
			return recs.Move(id, last, i)
		}
		return rec, nil
	})
}

func (w *workspace) setStatus(to app.Status, reason string) {
	w.save("Could not change the status", func(recs Records, id string) (*app.Record, error) {
		return recs.SetStatus(id, to, reason)
	})
}

func (w *workspace) onMarkCoded() {
	if w.coded.Disabled() {
		return
	}
	if len(w.rec.Assignments) == 0 {
		w.u.fail("Cannot mark the record coded", errors.New("assign at least one code first"))
		return
	}
	w.setStatus(app.Coded, "")
}

func (w *workspace) onFinalize() {
	if w.final.Disabled() {
		return
	}
	errs, warns := blocking(w.findings, w.rec.Acknowledgements)
	if errs > 0 || warns > 0 {
		w.u.fail("Cannot finalize yet", fmt.Errorf("the edits show %d errors and %d warnings not acknowledged: fix the codes or acknowledge each warning with a reason", errs, warns))
		return
	}
	d := dialog.NewConfirm("Finalize record", "Finalize this record? It becomes read-only until reopened with a reason.", func(ok bool) {
		if ok {
			w.setStatus(app.Final, "")
		}
	}, w.u.win)
	d.SetConfirmText("Finalize")
	d.SetDismissText("Cancel")
	d.Show()
}

func (w *workspace) askText(title, label, placeholder, confirm string, f func(string)) {
	e := widget.NewMultiLineEntry()
	e.SetPlaceHolder(placeholder)
	e.SetMinRowsVisible(4)
	d := dialog.NewForm(title, confirm, "Cancel", []*widget.FormItem{widget.NewFormItem(label, e)}, func(ok bool) {
		if !ok {
			return
		}
		t := strings.TrimSpace(e.Text)
		if t == "" {
			w.u.fail(title, errors.New("the text is empty: nothing was changed"))
			return
		}
		f(t)
	}, w.u.win)
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
	w.u.win.Canvas().Focus(e)
}

func (w *workspace) onQuery() {
	if w.query.Disabled() {
		return
	}
	w.askText("Query provider", "Query", "What the provider must clarify, e.g. the type of heart failure", "Put on hold",
		func(t string) { w.setStatus(app.OnHold, t) })
}

func (w *workspace) onReopen() {
	if w.reopen.Disabled() {
		return
	}
	w.askText("Reopen record", "Reason", "Why the record is reopened (kept on the audit trail)", "Reopen",
		func(t string) { w.setStatus(app.InProgress, t) })
}

// attachNotes saves imported notes on this record and shows them.
func (w *workspace) attachNotes(notes []importedNote) {
	recs := w.u.session.Records()
	id := w.rec.ID
	var added []loadedNote
	var err error
	w.u.run.Serial(func() {
		for _, n := range notes {
			n.Note.RecordID = id
			var saved *app.Note
			saved, err = recs.AddNote(id, n.Note, n.Original)
			if err != nil {
				return
			}
			added = append(added, loadedNote{Note: *saved, Original: n.Original})
		}
	}, func() {
		if len(added) > 0 {
			w.notes = append(w.notes, added...)
			w.viewer.setNotes(w.notes)
			w.reload()
		}
		if err != nil {
			w.u.fail("Could not save the note", err)
		}
	})
}

func (w *workspace) noteList() []app.Note {
	out := make([]app.Note, len(w.notes))
	for i, n := range w.notes {
		out[i] = n.Note
	}
	return out
}
