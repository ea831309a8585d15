package views

import (
	"errors"
	"fmt"
	"strings"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/codeset"
	"github.com/codebench/codebench/app/suggest"
	"github.com/codebench/codebench/views/widgets"
)

// host is what a record's workspace needs from the window around it, and
// no more, so the workspace can be built and tested on its own and a panel
// added to it asks the host, not the main window.
type host interface {
	// runner runs work off the UI goroutine: Go for reads, Serial for
	// saves, in order.
	runner
	// fail shows an error the person can act on; what names the action.
	fail(what string, err error)
	// setStatus writes a line in the status bar (never patient data).
	setStatus(line string)
	// records is the signed-in session's records service.
	records() Records
	// intake reads and renders notes; nil when the build has no reader.
	intake() Intake
	// window is the parent of the workspace's dialogs.
	window() fyne.Window
	// preferences keeps the split positions between runs.
	preferences() fyne.Preferences
	// onCodebook calls f once the code sets have loaded or failed to (at
	// once if that has happened).
	onCodebook(f func(*Codebook, error))
}

// panel is one of the workspace's panels beside the assigned codes: the
// edits today. A panel added to the list (the suggestions) shows as a
// tab next to the others.
type panel struct {
	title   string
	content fyne.CanvasObject
}

// workspace is one open record: the note on the left, the code search and
// detail on the right, the assigned codes and the panels (edits) below,
// and the status actions on top. Every change is saved at once through
// Records; the saved record comes back through Records.OnSaved.
type workspace struct {
	widget.BaseWidget
	h     host
	rec   *app.Record
	notes []loadedNote
	book  *Codebook

	viewer   *noteViewer
	coder    *codingPanel
	assigned *assignedList
	edits    *editsPanel
	suggest  *suggestedPanel
	panels   []panel
	tabs     *container.AppTabs // the panels, when there are several
	findings []Finding
	checkSeq int
	stopSave func() // stops listening for saved records

	// heldBy is another coder's lease on the record: read-only while set.
	heldBy *app.Lease
	// seen is the newest version of the record this window has shown or
	// saved; a save is refused as stale if the store has a newer one.
	seen        atomic.Uint64
	staleDialog dialog.Dialog
	// offline is the notice shown while the shared database cannot be
	// reached and changes wait to be saved ("" when it answers).
	offline string

	patient *widget.Label
	visit   *widget.Label
	demo    *widgets.Badge
	status  *widgets.Badge
	banner  *widget.Label

	coded, final, query, reopen *widget.Button

	splitWork, splitCoding, splitBottom *container.Split
}

// newWorkspace shows rec with its notes; systems are the code systems the
// search offers by default (Settings).
func newWorkspace(h host, rec *app.Record, notes []loadedNote, systems []app.System) *workspace {
	w := &workspace{h: h, notes: notes}
	w.viewer = newNoteViewer(h, h.intake(), h.fail, notes)
	w.coder = newCodingPanel(h, rec.Year(), systemsFor(rec, systems))
	w.assigned = newAssignedList()
	w.edits = newEditsPanel(h.window())
	w.suggest = newSuggestedPanel(h, nil)
	w.suggest.onShow = func(ev app.Evidence) { w.viewer.showEvidence(&ev) }
	w.suggest.onAccept = w.acceptSuggestions
	w.suggest.onDismiss = w.dismissSuggestion
	w.suggest.onRecord = func(s suggest.Suggestion) bool {
		if w.rec != nil && w.rec.IsDismissed(s.System, codeset.Canonical(s.Code)) {
			return true // dismissed when the record was open before
		}
		_, ok := assignedCode(w.rec, s.System, s.Code)
		return ok
	}
	w.panels = []panel{{title: "Suggested", content: w.suggest}, {title: "Edits", content: w.edits}}
	w.viewer.onSearchText = w.coder.searchFor
	w.viewer.onNote = w.suggestForNote
	w.coder.onAssign = w.onAssign
	if sc, ok := h.(interface{ shortcuts() Shortcuts }); ok && sc.shortcuts() != nil {
		w.coder.setShortcuts(sc.shortcuts(), rec.ID)
	}
	w.assigned.onMove = w.move
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
	w.suggestForNote()
	// The saved record comes back on the goroutine that saved it.
	w.stopSave = h.records().OnSaved(func(r *app.Record) { onUI(func() { w.onSaved(r) }) })
	h.onCodebook(w.setCodebook)
	return w
}

// close stops the workspace listening for saves and closes the note it
// shows; the window calls it when another record replaces this one.
func (w *workspace) close() {
	if w.stopSave != nil {
		w.stopSave()
		w.stopSave = nil
	}
	w.viewer.close()
}

// onSaved shows a saved record if it is this one.
func (w *workspace) onSaved(r *app.Record) {
	if w.stopSave == nil || r.ID != w.rec.ID {
		return
	}
	w.apply(r)
}

// setCodebook hands the loaded code sets to the search and the edits; a
// failed load is said in the search panel unless code sets are shown.
func (w *workspace) setCodebook(b *Codebook, err error) {
	if b == nil {
		if w.book == nil && err != nil {
			w.coder.info.SetText("Code sets not loaded: " + err.Error())
		}
		return
	}
	w.book = b
	if b.Terms != nil {
		w.coder.setTerms(b.Terms)
	}
	if b.Suggest != nil {
		w.suggest.setEngine(b.Suggest)
		w.suggestForNote()
	}
	w.runEdits()
}

func (w *workspace) CreateRenderer() fyne.WidgetRenderer {
	p := w.h.preferences()
	w.splitBottom = container.NewHSplit(w.assignedBox(), w.panelsView())
	w.splitBottom.Offset = 0.55
	w.splitCoding = container.NewVSplit(w.coder, w.splitBottom)
	w.splitCoding.Offset = p.FloatWithFallback(prefSplitCoding, 0.45)
	w.splitWork = container.NewHSplit(w.viewer, w.splitCoding)
	w.splitWork.Offset = p.FloatWithFallback(prefSplitWork, 0.40)
	w.viewer.split.Offset = p.FloatWithFallback(prefSplitNote, 0.6)
	if show := p.String(prefNoteShow); show != "" {
		w.viewer.show.SetSelected(show)
	}
	actions := container.NewHBox(w.coded, w.final, w.query, w.reopen)
	badges := container.NewHBox(container.NewCenter(w.demo), container.NewCenter(w.status))
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, badges, w.patient),
		container.NewBorder(nil, nil, nil, actions, w.visit),
		w.banner, widget.NewSeparator())
	return widget.NewSimpleRenderer(container.NewBorder(top, nil, nil, nil, w.splitWork))
}

// panelsView lays out the panels: one alone, several as tabs.
func (w *workspace) panelsView() fyne.CanvasObject {
	if len(w.panels) == 1 {
		return w.panels[0].content
	}
	w.tabs = container.NewAppTabs()
	for _, p := range w.panels {
		w.tabs.Append(container.NewTabItem(p.title, p.content))
	}
	return w.tabs
}

// showPanel brings the panel with the title to the front.
func (w *workspace) showPanel(title string) {
	if w.tabs == nil {
		return
	}
	for _, t := range w.tabs.Items {
		if t.Text == title {
			w.tabs.Select(t)
		}
	}
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
	p.SetString(prefNoteShow, w.viewer.show.Selected)
}

// apply shows a saved record: header, codes, actions, and re-runs edits.
func (w *workspace) apply(rec *app.Record) {
	w.rec = rec
	for v := w.seen.Load(); rec.Version > v && !w.seen.CompareAndSwap(v, rec.Version); v = w.seen.Load() {
	}
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
	case w.offline != "":
		w.banner.SetText(w.offline)
		w.banner.Show()
	case w.heldBy != nil:
		w.banner.SetText(w.heldBy.Message() + ": read-only. It opens for coding once they close it.")
		w.banner.Show()
	case rec.Status == app.OnHold && rec.Query != "":
		w.banner.SetText("On hold. Query to the provider: " + rec.Query)
		w.banner.Show()
	case rec.Status == app.Final:
		w.banner.SetText("Final: read-only. Reopen it with a reason to change it.")
		w.banner.Show()
	default:
		w.banner.Hide()
	}
	ro := rec.ReadOnly() || w.heldBy != nil
	w.assigned.set(rec, ro)
	if w.suggest != nil {
		w.suggest.readOnly = ro
		w.suggest.refresh() // codes assigned since are no longer listed
	}
	w.coder.setReadOnly(ro)
	// The workflow (app) says which moves the record can make now.
	coding := w.heldBy == nil
	enable(w.coded, coding && rec.CanMove(app.Coded))
	enable(w.final, coding && rec.CanMove(app.Final))
	enable(w.query, coding && rec.CanMove(app.OnHold))
	enable(w.reopen, coding && rec.CanReopen())
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
	book := w.book
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
	w.h.Go(func() { fs = book.Edits.Check(rec) }, func() {
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

// save runs one change through the records service, in order with the
// others. The saved record reaches the workspace through OnSaved; then,
// if given, runs after it with the saved record. On failure the workspace
// says so and shows the record as it is saved again (undoing what the
// widgets show but the store refused).
func (w *workspace) save(what string, op func(recs Records, id string) (*app.Record, error), then func(*app.Record)) {
	recs := w.h.records()
	id := w.rec.ID
	var rec, latest *app.Record
	var err error
	w.h.Serial(func() {
		// A change is based on the record as this window showed it: if
		// another workstation saved a newer version meanwhile, the change
		// is not applied over it unseen. (The store refuses a save based
		// on a version that changed during the call itself: app.ErrStale.)
		if cur, cerr := recs.Record(id); cerr == nil && cur.Version > w.seen.Load() {
			latest, err = cur, app.ErrStale
			return
		}
		rec, err = op(recs, id)
		if err == nil {
			for v := w.seen.Load(); rec.Version > v && !w.seen.CompareAndSwap(v, rec.Version); v = w.seen.Load() {
			}
		}
	}, func() {
		if errors.Is(err, app.ErrStale) {
			w.onStale(what, latest, func() { w.save(what, op, then) })
			return
		}
		if off, ok := w.h.(offliner); ok && off.isOffline(err) {
			off.whileOffline(func() { w.save(what, op, then) })
			return
		}
		if err == nil {
			if off, ok := w.h.(offliner); ok {
				off.setOnline()
			}
		}
		if err != nil {
			w.h.fail(what, err)
			w.apply(w.rec)
			return
		}
		w.h.setStatus("Saved.")
		if then != nil {
			then(rec)
		}
	})
}

// offliner is the part of the host that keeps changes while the shared
// database cannot be reached (sharing.go).
type offliner interface {
	isOffline(err error) bool
	whileOffline(save func())
	setOnline()
}

// systemsFor narrows "All systems" to what the record's setting reports
// (app.EncounterType.Reports); if that leaves none of the systems chosen
// in Settings, the search keeps them all.
func systemsFor(rec *app.Record, systems []app.System) []app.System {
	var out []app.System
	for _, s := range systems {
		if rec.Encounter.Type.Reports(s) {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return systems
	}
	return out
}

// onAssign puts the chosen code on the record with the words selected in
// the note as its evidence. The service picks the role and fills in the
// title, who and when; a record still "to code" moves to "in progress".
func (w *workspace) onAssign(h CodeHit, code string) {
	if w.rec.ReadOnly() {
		return
	}
	ev, _ := w.viewer.selection()
	w.save("Could not assign the code", func(recs Records, id string) (*app.Record, error) {
		return recs.Assign(id, h.System, code, 0, ev)
	}, func(rec *app.Record) {
		if a, ok := assignedCode(rec, h.System, code); ok {
			w.assigned.selectID(a.ID)
		}
	})
}

// move puts the code with assignment ID aid at row to.
func (w *workspace) move(aid string, to int) {
	w.save("Could not move the code", func(recs Records, id string) (*app.Record, error) {
		return recs.Move(id, aid, to+1)
	}, nil)
}

func (w *workspace) moveSelected(d int) {
	i := w.assigned.selected
	w.assigned.move(i, i+d)
}

func (w *workspace) remove(aid string) {
	code := ""
	if a, ok := w.assignment(aid); ok {
		code = codeset.Display(a.System, a.Code)
	}
	w.save("Could not remove the code", func(recs Records, id string) (*app.Record, error) {
		return recs.Remove(id, aid)
	}, func(*app.Record) { w.h.setStatus("Removed " + code + ".") })
}

func (w *workspace) removeSelected() { w.assigned.remove(w.assigned.selected) }

func (w *workspace) update(aid string, c CodeChange) {
	w.save("Could not save the change to the code", func(recs Records, id string) (*app.Record, error) {
		return recs.Update(id, aid, c)
	}, nil)
}

// assignedCode finds code (as a coder writes it, or canonical) among r's
// codes of sys, or of any system when sys is "".
func assignedCode(r *app.Record, sys app.System, code string) (app.Assignment, bool) {
	code = codeset.Canonical(code)
	for _, a := range r.Assignments {
		if a.Code == code && (sys == "" || a.System == sys) {
			return a, true
		}
	}
	return app.Assignment{}, false
}

// assignment returns the shown record's code with assignment ID aid.
func (w *workspace) assignment(aid string) (app.Assignment, bool) {
	i, err := w.rec.AssignmentIndex(aid)
	if err != nil {
		return app.Assignment{}, false
	}
	return w.rec.Assignments[i], true
}

func (w *workspace) onEvidence(aid string) {
	if a, ok := w.assignment(aid); ok {
		w.viewer.showEvidence(a.Evidence)
	}
}

func (w *workspace) onLink(aid string) {
	ev, ok := w.viewer.selection()
	if !ok {
		dialog.ShowInformation("Select the evidence", "Select the words in the note that support this code, then press Link selection.", w.h.window())
		return
	}
	w.update(aid, CodeChange{Evidence: ev})
}

func (w *workspace) acknowledge(f Finding, reason string) {
	w.save("Could not save the acknowledgement", func(recs Records, id string) (*app.Record, error) {
		return recs.Acknowledge(id, f.Rule, f.Codes, reason)
	}, nil)
}

// replaceCode puts the fix an edit offers in place of the code it flags,
// in one save: the code keeps its place in the sequence, role, POA, date
// and evidence, and stays selected.
func (w *workspace) replaceCode(f Finding, fix string) {
	if len(f.Codes) == 0 {
		return
	}
	a, ok := assignedCode(w.rec, "", f.Codes[0])
	if !ok {
		w.h.fail("Could not replace the code", fmt.Errorf("%s is no longer on the record", f.Codes[0]))
		return
	}
	w.assigned.selectID(a.ID)
	w.save("Could not replace the code", func(recs Records, id string) (*app.Record, error) {
		return recs.Replace(id, a.ID, fix)
	}, func(*app.Record) {
		w.h.setStatus("Replaced " + codeset.Display(a.System, a.Code) + " with " + codeset.Display(a.System, codeset.Canonical(fix)) + ".")
	})
}

func (w *workspace) setStatus(to app.Status, reason string) {
	w.save("Could not change the status", func(recs Records, id string) (*app.Record, error) {
		return recs.SetStatus(id, to, reason)
	}, nil)
}

func (w *workspace) onMarkCoded() {
	if w.coded.Disabled() {
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
		w.showPanel("Edits")
		w.h.fail("Cannot finalize yet", fmt.Errorf("the edits show %d errors and %d warnings not acknowledged: fix the codes or acknowledge each warning with a reason", errs, warns))
		return
	}
	d := dialog.NewConfirm("Finalize record", "Finalize this record? It becomes read-only until reopened with a reason.", func(ok bool) {
		if ok {
			w.setStatus(app.Final, "")
		}
	}, w.h.window())
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
			w.h.fail(title, errors.New("the text is empty: nothing was changed"))
			return
		}
		f(t)
	}, w.h.window())
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
	w.h.window().Canvas().Focus(e)
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
	recs := w.h.records()
	id := w.rec.ID
	var added []loadedNote
	var err error
	w.h.Serial(func() {
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
		}
		if err != nil {
			w.h.fail("Could not save the note", err)
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

// suggestForNote asks the engine what the note shown supports, off the UI
// goroutine (the panel drops a result overtaken by another note).
func (w *workspace) suggestForNote() {
	if w.suggest == nil || w.rec == nil {
		return
	}
	n := w.viewer.note()
	if n == nil {
		w.suggest.forRecord()
		return
	}
	w.suggest.load(n.Note.ID, n.Note.Pages, w.rec.Encounter.Type, w.rec.Encounter.CodingDate())
}

// acceptSuggestions assigns the suggested codes in the order given (the
// panel puts diagnoses first, best first, so the first is principal),
// each with the words of the note that support it, and writes each to
// the audit trail as accepted. A PCS table prefix is not a code yet: the
// code search opens on it for the coder to complete.
func (w *workspace) acceptSuggestions(items []suggest.Suggestion, evs []app.Evidence) {
	if w.rec.ReadOnly() {
		return
	}
	var todo []suggest.Suggestion
	var todoEv []*app.Evidence
	open := ""
	for i, s := range items {
		if s.System == app.ICD10PCS && !s.Complete {
			if open == "" {
				open = s.Code
			}
			w.suggest.undismiss(s)
			continue
		}
		var ev *app.Evidence
		if evs[i].Text != "" {
			e := evs[i]
			ev = &e
		}
		todo = append(todo, s)
		todoEv = append(todoEv, ev)
	}
	if open != "" {
		w.coder.searchFor(open)
		w.h.setStatus("Complete " + open + " in the code search: the note does not give every character.")
	}
	if len(todo) == 0 {
		return
	}
	recs := w.h.records()
	id := w.rec.ID
	done := 0
	var err error
	w.h.Serial(func() {
		for i, s := range todo {
			if _, err = recs.Assign(id, s.System, codeset.Canonical(s.Code), s.Units, todoEv[i]); err != nil {
				err = fmt.Errorf("%s: %w", s.Code, err)
				return
			}
			done++
			if err = recs.SuggestionDecided(id, s.System, s.Code, true); err != nil {
				return
			}
		}
	}, func() {
		if err != nil {
			for _, s := range todo[done:] {
				w.suggest.undismiss(s)
			}
			w.h.fail("Could not accept the suggestion", err)
			return
		}
		if len(todo) == 1 {
			w.h.setStatus("Assigned " + todo[0].Code + " from the note.")
			if a, ok := assignedCode(w.rec, todo[0].System, todo[0].Code); ok {
				w.assigned.selectID(a.ID)
			}
		} else {
			w.h.setStatus(fmt.Sprintf("Assigned %d suggested codes. Check the sequence.", len(todo)))
		}
	})
}

// dismissSuggestion writes to the audit trail that the coder hid a
// suggestion; the panel has hidden it already.
func (w *workspace) dismissSuggestion(s suggest.Suggestion) {
	recs := w.h.records()
	id := w.rec.ID
	var err error
	w.h.Serial(func() { err = recs.SuggestionDecided(id, s.System, s.Code, false) }, func() {
		if err != nil {
			w.h.fail("Could not record the dismissal", err)
		}
	})
}
