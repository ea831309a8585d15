package workstation

import (
	"fmt"
	"strings"

	"github.com/codebench/codebench/app"
)

// Reads of patient data are audited here, once for both faces (HIPAA
// §164.312(b)): the window's worklist, workspace and note viewer and the
// command line's record list, record show and note text all go through
// these. The entries name records and notes by id, never the text, the
// patient or the words searched for (a search is often a patient's name).

// maxSearchIDs bounds the record ids one search entry lists; the count is
// always given.
const maxSearchIDs = 200

// ViewRecord reads record id for a person to look at (the window opening
// it, `record show`) and writes the view to the audit trail.
func (s *Session) ViewRecord(id string) (*app.Record, error) {
	r, err := s.Coding.Record(id)
	if err != nil {
		return nil, err
	}
	if err := s.Coding.Log(app.AuditRecordViewed, r.ID, ""); err != nil {
		return nil, fmt.Errorf("the view of record %s could not be written to the audit trail: %w", r.ID, err)
	}
	return r, nil
}

// ReadNote reads note id whose text is about to be shown or printed and
// writes the read to the audit trail (record and note id; page when only
// one page is shown, 0 for the whole note).
func (s *Session) ReadNote(id string, page int) (*app.Note, error) {
	n, err := s.Coding.Note(id)
	if err != nil {
		return nil, err
	}
	d := "note " + n.ID
	if page > 0 {
		d += fmt.Sprintf(" page %d", page)
	}
	if err := s.Coding.Log(app.AuditNoteRead, n.RecordID, d); err != nil {
		return nil, fmt.Errorf("the read of note %s could not be written to the audit trail: %w", n.ID, err)
	}
	return n, nil
}

// SearchRecords answers the worklist. A search (f.Query set) is written
// to the audit trail with the ids of the records it returned, not the
// words searched for; the same answer again (the window refreshing after
// a save) is not written twice in a row.
func (s *Session) SearchRecords(f app.ListFilter) (app.Worklist, error) {
	wl, err := s.Coding.List(f)
	if err != nil || strings.TrimSpace(f.Query) == "" {
		return wl, err
	}
	ids := make([]string, 0, min(len(wl.Records), maxSearchIDs))
	for i, r := range wl.Records {
		if i == maxSearchIDs {
			break
		}
		ids = append(ids, r.ID)
	}
	d := fmt.Sprintf("%d records", len(wl.Records))
	if len(ids) > 0 {
		d += ": " + strings.Join(ids, " ")
	}
	if len(wl.Records) > len(ids) {
		d += fmt.Sprintf(" and %d more", len(wl.Records)-len(ids))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.lastSearch == d {
		return wl, nil
	}
	if err := s.Coding.Log(app.AuditWorklistSearched, "", d); err != nil {
		return app.Worklist{}, fmt.Errorf("the search could not be written to the audit trail: %w", err)
	}
	s.lastSearch = d
	return wl, nil
}
