package app

import "errors"

// Errors the domain reports; callers test them with errors.Is.
var (
	// ErrNotFound means the record, note or user does not exist.
	ErrNotFound = errors.New("not found")
	// ErrIncomplete means a required field is missing or malformed.
	ErrIncomplete = errors.New("record is incomplete")
	// ErrReadOnly means the record is final and must be reopened first.
	ErrReadOnly = errors.New("record is final: reopen it with a reason to change it")
	// ErrTransition means the workflow does not allow that status change.
	ErrTransition = errors.New("status change not allowed")
	// ErrInvalidCode means the code does not exist in the fiscal year checked.
	ErrInvalidCode = errors.New("code not valid")
)
