package coding

import (
	"fmt"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/codeset"
)

// SuggestionDecided writes to the audit trail that the coder accepted or
// dismissed a code the note suggested for a record. Accepting assigns
// the code through AssignCode, which audits the assignment itself; this
// entry says that the code came from a suggestion. The detail is the
// system and code only: never the note's words.
func (s *Service) SuggestionDecided(recordID string, sys app.System, code string, accepted bool) error {
	if _, err := s.store.Record(recordID); err != nil {
		return err
	}
	action := app.AuditSuggestionDismissed
	if accepted {
		action = app.AuditSuggestionAccepted
	}
	return s.store.Audit(app.AuditEvent{Action: action, RecordID: recordID,
		Detail: fmt.Sprintf("%s %s", sys, codeset.Display(sys, codeset.Canonical(code)))})
}
