package storage

import (
	"errors"

	"github.com/codebench/codebench/storage/internal/keywrap"
)

// Errors the store reports; callers test them with errors.Is.
var (
	//lint:ignore ST1005 the message is shown to the coder and starts with the product name
	// ErrAlreadyOpen means another Codebench has this data folder open.
	ErrAlreadyOpen = errors.New("Codebench is already open on this data folder: close the other window or command first")
	// ErrWrongPassphrase means the name is not a user or the passphrase
	// does not unlock their key (sign-in does not say which). It is
	// keywrap's, so the PostgreSQL store's sign-in answers the same.
	ErrWrongPassphrase = keywrap.ErrWrongPassphrase
	// ErrUnknownUser means the key file has no such user.
	ErrUnknownUser = errors.New("no such user")
	// ErrNoDatabase means the data folder has no Codebench database yet.
	ErrNoDatabase = errors.New("no Codebench database in this data folder yet")
	// ErrExists means the data folder already has a database (or the user exists).
	ErrExists = errors.New("already exists")
	// ErrDiskFull means a save failed for lack of space; the transaction was not applied.
	ErrDiskFull = errors.New("could not save: disk full? free space and retry; nothing was lost")
	// ErrAuditBroken means the audit trail's hash chain does not verify.
	ErrAuditBroken = errors.New("audit trail has been altered")
	// ErrTooLarge means a value or key is over what the store keeps; nothing was saved.
	ErrTooLarge = errors.New("too large to save")
	// ErrStorage means the database refused a change for a reason of its
	// own; nothing was saved. Its own message is not passed on: it can
	// quote keys and values, which hold patient details.
	ErrStorage = errors.New("the database could not save the change, and nothing was saved: try again; if it keeps failing, run `codebench audit verify` and restore from a backup")
	// ErrUnsafeFolder means the data folder can be written by other users and could not be made private.
	ErrUnsafeFolder = errors.New("unsafe data folder")
	// ErrClosed means the store was closed; nothing was saved.
	ErrClosed = errors.New("the database is closed")
	// ErrDatabaseMissing means the key file is there but the database folder is not; nothing is created over it.
	ErrDatabaseMissing = errors.New("the database is missing")
	// ErrBadBackup means a backup file is damaged, truncated or not a Codebench backup.
	ErrBadBackup = errors.New("not a readable Codebench backup")
)

// Errors of user management and sign-in.
var (
	// ErrUserDisabled means an administrator disabled the user.
	ErrUserDisabled = errors.New("this user is disabled")
	// ErrNotAdmin means only an administrator may make the change.
	ErrNotAdmin = errors.New("only an administrator can manage users")
	// ErrSignInPaused means too many sign-ins failed for the name lately.
	ErrSignInPaused = errors.New("too many failed sign-ins for this name")
)
