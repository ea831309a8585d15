package app

import "time"

// AuditAction is what an audit entry records.
type AuditAction string

// Audit actions. The audit trail names records by id and codes by code,
// never patient details.
const (
	AuditRecordCreated       AuditAction = "record-created"
	AuditRecordUpdated       AuditAction = "record-updated" // patient or encounter details edited
	AuditNoteAdded           AuditAction = "note-added"
	AuditCodeAssigned        AuditAction = "code-assigned"
	AuditCodeRemoved         AuditAction = "code-removed"
	AuditCodeMoved           AuditAction = "code-moved"
	AuditCodeUpdated         AuditAction = "code-updated"
	AuditCodeReplaced        AuditAction = "code-replaced" // an edit's fix put in place of the code it flagged
	AuditStatusChanged       AuditAction = "status-changed"
	AuditWarningAcknowledged AuditAction = "warning-acknowledged"
	AuditSuggestionAccepted  AuditAction = "suggestion-accepted"  // a code the note suggested, assigned by the coder
	AuditSuggestionDismissed AuditAction = "suggestion-dismissed" // a suggested code the coder hid for the record
	AuditPrinted             AuditAction = "printed"
	AuditExported            AuditAction = "exported"
	AuditLogin               AuditAction = "login"
	AuditLogout              AuditAction = "logout"         // the window closed or the command ended
	AuditSignInFailed        AuditAction = "sign-in-failed" // wrong passphrase or unknown user; Detail: the name typed and when
	AuditRecordViewed        AuditAction = "record-viewed"  // a record opened in the window or printed by record show
	AuditNoteRead            AuditAction = "note-read"      // a note's text shown or printed
	AuditWorklistSearched    AuditAction = "worklist-searched"
	AuditLock                AuditAction = "lock"
	AuditUnlock              AuditAction = "unlock"
	AuditUserAdded           AuditAction = "user-added"
	AuditUserDisabled        AuditAction = "user-disabled" // the master key is rotated with it
	AuditUserEnabled         AuditAction = "user-enabled"
	AuditUserRemoved         AuditAction = "user-removed" // the master key is rotated with it
	AuditUserRoleChanged     AuditAction = "user-role-changed"
	AuditKeyRotated          AuditAction = "master-key-rotated"
	AuditPassphraseChanging  AuditAction = "passphrase-change-started" // written before keys.json is replaced
	AuditPassphraseChanged   AuditAction = "passphrase-changed"
	AuditBackup              AuditAction = "backup"
	AuditRestore             AuditAction = "restore"
	AuditStoreCopied         AuditAction = "store-copied"       // the whole store copied here from another (store copy)
	AuditCodeSetsImported    AuditAction = "code-sets-imported" // a code-set release into the data folder: systems, years, counts, file names
)

// AuditEvent is what a caller asks the audit trail to record; the store
// adds the sequence number, time, user and hashes.
type AuditEvent struct {
	Action   AuditAction
	RecordID string // empty for events about the workstation (login, backup)
	Detail   string // codes, statuses, counts: never patient details or free text
}

// AuditEntry is one link of the append-only, tamper-evident audit trail:
// Hash covers every other field, Prev is the previous entry's Hash.
type AuditEntry struct {
	Seq      uint64      `json:"seq"` // 1-based, no gaps
	Time     time.Time   `json:"time"`
	User     string      `json:"user"`
	Action   AuditAction `json:"action"`
	RecordID string      `json:"record,omitempty"`
	Detail   string      `json:"detail,omitempty"`
	Prev     string      `json:"prev"` // hex SHA-256
	Hash     string      `json:"hash"` // hex SHA-256
}
