package storage

import (
	"errors"
	"fmt"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/codebench/codebench/app"
)

// Badger's own limits: a longer key or a value as large as the value-log
// file is refused by Badger with a message that dumps it in hex. set
// refuses them first with ErrTooLarge and no content.
const (
	maxKeySize   = 65000
	maxValueSize = vlogFileSize - 1<<20 // headroom for the entry header and encryption
)

// set is txn.Set for every write of the store: sizes are checked before
// Badger sees them, and Badger's errors come back without their text.
func set(txn *badger.Txn, key, value []byte) error {
	if len(key) > maxKeySize {
		return fmt.Errorf("%w: an index entry would be %d bytes long; the store keeps at most %d: shorten the name, MRN or account number",
			ErrTooLarge, len(key), maxKeySize)
	}
	if len(value) > maxValueSize {
		return fmt.Errorf("%w: one stored item would be %d MB; the store keeps at most %d MB in one item",
			ErrTooLarge, len(value)>>20, maxValueSize>>20)
	}
	return safeBadger(txn.Set(key, value))
}

// safeBadger turns an error of Badger's into the store's own sentinel,
// dropping Badger's message, which can quote keys and values.
func safeBadger(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, badger.ErrTxnTooBig):
		return fmt.Errorf("%w: the change is too large to save in one step", ErrTooLarge)
	case errors.Is(err, badger.ErrDBClosed):
		return ErrClosed
	}
	for _, own := range []error{ErrTooLarge, ErrDiskFull, ErrStorage, ErrAuditBroken, ErrAlreadyOpen,
		app.ErrNotFound, app.ErrIncomplete, app.ErrReadOnly, app.ErrTransition, app.ErrInvalidCode} {
		if errors.Is(err, own) {
			return err
		}
	}
	return ErrStorage
}

// ownError marks an error that the store's own code returned inside a
// transaction (its text is safe to show), as opposed to one Badger
// returned on commit.
type ownError struct{ err error }

func (e ownError) Error() string { return e.err.Error() }
func (e ownError) Unwrap() error { return e.err }
