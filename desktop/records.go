package desktop

import (
	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/coding"
	"github.com/codebench/codebench/views"
	"github.com/codebench/codebench/workstation"
)

// records adapts the coding service to the window's Records. Assigned
// codes pass through by their assignment ID; the service does the rest.
// Reads a person sees (worklist searches, records and notes opened) go
// through the session, which audits them.
type records struct {
	s   *workstation.Session
	svc *coding.Service
}

func (r *records) List(q views.RecordQuery) (views.RecordList, error) {
	wl, err := r.s.SearchRecords(app.ListFilter{Status: q.Status, Query: q.Text, Oldest: q.Oldest})
	if err != nil {
		return views.RecordList{}, err
	}
	return views.RecordList{Records: wl.Records, Counts: wl.Counts}, nil
}

// Record is the window opening a record.
func (r *records) Record(id string) (*app.Record, error) { return r.s.ViewRecord(id) }

func (r *records) Create(rec app.Record) (*app.Record, error) {
	if rec.Demo {
		return r.svc.CreateDemo(rec.Patient, rec.Encounter)
	}
	return r.svc.CreateRecord(rec.Patient, rec.Encounter)
}

func (r *records) AddNote(id string, n app.Note, original []byte) (*app.Note, error) {
	if original == nil {
		original = []byte(n.Text())
	}
	return r.svc.AddNote(id, coding.NoteInput{FileName: n.FileName, MediaType: n.MediaType, Pages: n.Pages, Original: original})
}

// Note is the note viewer loading a note to show its text and pages.
func (r *records) Note(id string) (*app.Note, []byte, error) {
	n, err := r.s.ReadNote(id, 0)
	if err != nil {
		return nil, nil, err
	}
	orig, err := r.svc.NoteOriginal(id)
	if err != nil {
		return nil, nil, err
	}
	return n, orig, nil
}

func (r *records) Assign(id string, sys app.System, code string, units int, ev *app.Evidence) (*app.Record, error) {
	return r.svc.AssignCode(id, coding.Assign{System: sys, Code: code, Units: units, Evidence: ev})
}

func (r *records) Update(id, assignmentID string, c views.CodeChange) (*app.Record, error) {
	return r.svc.UpdateAssignment(id, assignmentID, coding.Change{Role: c.Role, POA: c.POA, ProcedureDate: c.ProcedureDate, Evidence: c.Evidence, Units: c.Units})
}

func (r *records) Move(id, assignmentID string, position int) (*app.Record, error) {
	return r.svc.MoveCode(id, assignmentID, position)
}

func (r *records) Remove(id, assignmentID string) (*app.Record, error) {
	return r.svc.RemoveCode(id, assignmentID)
}

func (r *records) Replace(id, assignmentID, code string) (*app.Record, error) {
	return r.svc.ReplaceCode(id, assignmentID, code)
}

func (r *records) SetStatus(id string, to app.Status, reason string) (*app.Record, error) {
	return r.svc.SetStatus(id, to, reason)
}

func (r *records) Acknowledge(id, rule string, codes []string, reason string) (*app.Record, error) {
	return r.svc.Acknowledge(id, rule, codes, reason)
}

func (r *records) OnSaved(fn func(*app.Record)) (cancel func()) { return r.svc.OnSaved(fn) }

func (r *records) SuggestionDecided(id string, sys app.System, code string, accepted bool) error {
	return r.svc.SuggestionDecided(id, sys, code, accepted)
}
