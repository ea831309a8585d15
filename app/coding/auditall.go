package coding

import "github.com/codebench/codebench/app"

// AuditAll writes events that change no record (an export of many
// records) to the audit trail in one save: all or none. Details must not
// hold patient details.
func (s *Service) AuditAll(events ...app.AuditEvent) error {
	return s.store.Audit(events...)
}
