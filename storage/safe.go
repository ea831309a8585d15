package storage

import (
	"errors"
	"fmt"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/codebench/codebench/app"
)

// Badger's own limits: a longer key or a value as large as the value-log
// file is refused by Badger with a message that dumps it in hex. tx.set
// (sealed.go) refuses them first with ErrTooLarge and no content.
const (
	maxKeySize   = 65000
	maxValueSize = vlogFileSize - 1<<20 // headroom for the entry header and encryption
)

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
	for _, own := range []error{ErrDamaged, ErrTooLarge, ErrDiskFull, ErrStorage, ErrAuditBroken, ErrAlreadyOpen,
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
