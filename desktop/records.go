package desktop

import (
	"fmt"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/coding"
	"github.com/codebench/codebench/views"
)

// records adapts the coding service to the window's index-based calls.
// The window saves changes one after the other, so an index names the
// same code in the record the window shows and in the store.
type records struct {
	svc *coding.Service
}

func (r *records) List(q views.RecordQuery) (views.RecordList, error) {
	wl, err := r.svc.List(app.ListFilter{Status: q.Status, Query: q.Text, Oldest: q.Oldest})
	if err != nil {
		return views.RecordList{}, err
	}
	return views.RecordList{Records: wl.Records, Counts: wl.Counts}, nil
}

func (r *records) Record(id string) (*app.Record, error) { return r.svc.Record(id) }

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

func (r *records) Note(id string) (*app.Note, []byte, error) {
	n, err := r.svc.Note(id)
	if err != nil {
		return nil, nil, err
	}
	orig, err := r.svc.NoteOriginal(id)
	if err != nil {
		return nil, nil, err
	}
	return n, orig, nil
}

func (r *records) Assign(id string, a app.Assignment) (*app.Record, error) {
	return r.svc.AssignCode(id, coding.Assign{System: a.System, Code: a.Code, Role: a.Role, POA: a.POA,
		ProcedureDate: a.ProcedureDate, Comment: a.Comment, Evidence: a.Evidence})
}

// at returns the assignment at index i of the saved record.
func (r *records) at(id string, i int) (app.Assignment, error) {
	rec, err := r.svc.Record(id)
	if err != nil {
		return app.Assignment{}, err
	}
	if i < 0 || i >= len(rec.Assignments) {
		return app.Assignment{}, fmt.Errorf("code %d is no longer on record %s: reopen the record", i+1, id)
	}
	return rec.Assignments[i], nil
}

func (r *records) Update(id string, i int, a app.Assignment) (*app.Record, error) {
	old, err := r.at(id, i)
	if err != nil {
		return nil, err
	}
	var c coding.Change
	if a.Role != old.Role {
		c.Role = &a.Role
	}
	if a.POA != old.POA {
		c.POA = &a.POA
	}
	if !a.ProcedureDate.Equal(old.ProcedureDate) {
		c.ProcedureDate = &a.ProcedureDate
	}
	if a.Comment != old.Comment {
		c.Comment = &a.Comment
	}
	switch {
	case a.Evidence == nil && old.Evidence != nil:
		c.ClearEvidence = true
	case a.Evidence != nil && (old.Evidence == nil || *a.Evidence != *old.Evidence):
		c.Evidence = a.Evidence
	}
	return r.svc.UpdateAssignment(id, old.System, old.Code, c)
}

func (r *records) Move(id string, from, to int) (*app.Record, error) {
	a, err := r.at(id, from)
	if err != nil {
		return nil, err
	}
	return r.svc.MoveCode(id, a.System, a.Code, to+1)
}

func (r *records) Remove(id string, i int) (*app.Record, error) {
	a, err := r.at(id, i)
	if err != nil {
		return nil, err
	}
	return r.svc.RemoveCode(id, a.System, a.Code)
}

func (r *records) SetStatus(id string, to app.Status, reason string) (*app.Record, error) {
	return r.svc.SetStatus(id, to, reason)
}

func (r *records) Acknowledge(id string, a app.Acknowledgement) (*app.Record, error) {
	return r.svc.Acknowledge(id, a.Rule, a.Codes, a.Reason)
}
