package workstation

import (
	"errors"

	"github.com/codebench/codebench/storage"
	"github.com/codebench/codebench/storage/postgres"
)

// The shared PostgreSQL store opens postgres:// and postgresql:// URLs.
func init() {
	d := StoreDriver{
		Users: func(dsn string) ([]string, error) {
			users, err := postgres.Users(dsn, nil)
			if errors.Is(err, storage.ErrNoDatabase) {
				return nil, nil // an empty database: the first user sets it up
			}
			return users, err
		},
		Create: func(dsn, user, pass string, opt *storage.Options) (storage.Backend, error) {
			return postgres.Create(dsn, user, pass, pgOptions(opt))
		},
		Open: func(dsn, user, pass string, opt *storage.Options) (storage.Backend, error) {
			return postgres.Open(dsn, user, pass, pgOptions(opt))
		},
		Import: func(dsn string, master []byte, force bool, opt *storage.Options) (storage.Importer, error) {
			return postgres.NewImport(dsn, master, force, pgOptions(opt))
		},
	}
	RegisterStore("postgres", d)
	RegisterStore("postgresql", d)
}

// pgOptions carries what the data folder's options say that applies to a
// shared database (the passphrase cost tests lower).
func pgOptions(opt *storage.Options) *postgres.Options {
	if opt == nil {
		return nil
	}
	return &postgres.Options{KDF: opt.KDF}
}

// Unreachable reports whether err means the shared database could not be
// reached (network, server restarting): the change can be tried again
// once it answers. A commit whose answer was lost (ErrCommitUnknown) is
// one too: tried again, it is applied if it was not saved, and refused as
// stale (app.ErrStale, the record shown as saved) if it was.
func Unreachable(err error) bool {
	return errors.Is(err, postgres.ErrUnreachable) || errors.Is(err, postgres.ErrCommitUnknown)
}
