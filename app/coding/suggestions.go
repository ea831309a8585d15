package coding

import (
	"fmt"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/codeset"
)

// SuggestionDecided writes to the audit trail that the coder accepted or
// dismissed a code the note suggested for a record. Accepting assigns
// the code through AssignCode, which audits the assignment itself; this
// entry says that the code came from a suggestion. A dismissal is kept on
// the record (Record.Dismissed), saved with its audit entry, so the code
// stays hidden when the record is opened again; on a final record, which
// cannot change, it is only audited. The detail is the system and code
// only: never the note's words.
func (s *Service) SuggestionDecided(recordID string, sys app.System, code string, accepted bool) error {
	r, err := s.store.Record(recordID)
	if err != nil {
		return err
	}
	code = codeset.Canonical(code)
	detail := fmt.Sprintf("%s %s", sys, codeset.Display(sys, code))
	if accepted {
		return s.store.Audit(app.AuditEvent{Action: app.AuditSuggestionAccepted, RecordID: recordID, Detail: detail})
	}
	if r.ReadOnly() || r.IsDismissed(sys, code) {
		return s.store.Audit(app.AuditEvent{Action: app.AuditSuggestionDismissed, RecordID: recordID, Detail: detail})
	}
	_, err = s.change(recordID, func(r *app.Record) (app.AuditEvent, error) {
		if !r.IsDismissed(sys, code) {
			r.Dismissed = append(r.Dismissed, app.CodeRef{System: sys, Code: code, At: s.Now()})
		}
		return app.AuditEvent{Action: app.AuditSuggestionDismissed, Detail: detail}, nil
	})
	return err
}
