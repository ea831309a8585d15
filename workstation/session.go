package workstation

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/coding"
	"github.com/codebench/codebench/app/coding/edits"
	"github.com/codebench/codebench/storage"
)

// Exists reports whether the store (the data folder's, or the shared
// database) has been set up with a first user.
func (w *Workstation) Exists() bool {
	if w.Shared() {
		users, err := w.Users()
		return err == nil && len(users) > 0
	}
	return storage.Exists(w.cfg.DataDir)
}

// Users lists the store's users in the order they were added; none for a
// data folder without a database.
func (w *Workstation) Users() ([]string, error) {
	if w.Shared() {
		d, err := driverFor(w.cfg.Store)
		if err != nil {
			return nil, err
		}
		users, err := d.Users(w.cfg.Store)
		if err != nil {
			return nil, fmt.Errorf("cannot read the users of %s: %w", Redact(w.cfg.Store), err)
		}
		return users, nil
	}
	if !w.Exists() {
		return nil, nil
	}
	users, err := storage.Users(w.cfg.DataDir)
	if err != nil {
		return nil, fmt.Errorf("cannot read the data folder %s: %w", w.cfg.DataDir, err)
	}
	return users, nil
}

// Create makes a new encrypted store (in the data folder, creating it,
// or in the shared database) with user as its first user, and signs in.
func (w *Workstation) Create(user, passphrase string) (*Session, error) {
	if w.Shared() {
		d, err := driverFor(w.cfg.Store)
		if err != nil {
			return nil, err
		}
		st, err := d.Create(w.cfg.Store, user, passphrase, w.cfg.StoreOptions)
		if err != nil {
			return nil, err
		}
		return w.session(st), nil
	}
	if err := os.MkdirAll(w.cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("cannot create the data folder %s: %w", w.cfg.DataDir, err)
	}
	st, err := storage.Create(w.cfg.DataDir, user, passphrase, w.cfg.StoreOptions)
	if err != nil {
		return nil, err
	}
	return w.session(st), nil
}

// Open signs user in. On a data folder it takes the folder's lock: a
// second Codebench on the same folder gets storage.ErrAlreadyOpen. A
// shared database has no such lock: several workstations share it, and
// leases keep two coders off one record.
func (w *Workstation) Open(user, passphrase string) (*Session, error) {
	var st storage.Backend
	var err error
	if w.Shared() {
		var d StoreDriver
		if d, err = driverFor(w.cfg.Store); err == nil {
			st, err = d.Open(w.cfg.Store, user, passphrase, w.cfg.StoreOptions)
		}
	} else {
		st, err = storage.Open(w.cfg.DataDir, user, passphrase, w.cfg.StoreOptions)
	}
	switch {
	case errors.Is(err, storage.ErrWrongPassphrase):
		return nil, fmt.Errorf("%w; check Caps Lock and the keyboard layout", err)
	case err != nil:
		return nil, err
	}
	return w.session(st), nil
}

// Session is the data folder unlocked by one user: the store and the
// coding service over it. Close it to release the folder's lock.
type Session struct {
	w *Workstation
	// Store is the encrypted store (records, audit trail, users, leases,
	// the change feed): the data folder's Badger database or a shared one.
	Store storage.Backend
	// Coding is the coding workflow, attributed to the user.
	Coding *coding.Service

	mu         sync.Mutex // guards lastSearch
	lastSearch string     // detail of the last search audited (access.go)
}

// session builds the coding service for a newly opened store: it checks
// codes with the code sets once they are loaded, and Finalize runs the
// edits over them, loading them first when no one has yet (the command
// line loads them only when a command needs them).
func (w *Workstation) session(st storage.Backend) *Session {
	s := &Session{w: w, Store: st}
	var terms coding.Terms
	w.mu.Lock()
	if w.sets != nil {
		terms = w.sets.Set
	}
	w.mu.Unlock()
	s.Coding = coding.New(st, terms)
	s.Coding.LoadTerms = func() (coding.Terms, error) {
		sets, err := w.CodeSets(context.Background(), nil)
		if err != nil {
			return nil, err
		}
		return sets.Set, nil
	}
	s.Coding.FinalizeCheck = func(r *app.Record) error {
		sets, err := w.CodeSets(context.Background(), nil)
		if err != nil {
			return fmt.Errorf("the edits cannot run without the code sets: %w", err)
		}
		return edits.Gate(sets.Set)(r)
	}
	w.mu.Lock()
	w.open = s
	w.mu.Unlock()
	return s
}

// Session returns the session signed in last and not yet closed, or nil.
func (w *Workstation) Session() *Session {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.open
}

// User is the signed-in user's name.
func (s *Session) User() string { return s.Store.User() }

// Workstation is the data folder the session is open on.
func (s *Session) Workstation() *Workstation { return s.w }

// Verify checks the passphrase again (leaving the idle lock) and writes
// the unlock to the audit trail.
func (s *Session) Verify(passphrase string) error {
	err := s.Store.CheckPassphrase(passphrase)
	if errors.Is(err, storage.ErrWrongPassphrase) {
		if aerr := s.Store.Audit(app.AuditEvent{Action: app.AuditSignInFailed, Detail: "user " + s.User() + " at the lock screen"}); aerr != nil {
			return fmt.Errorf("wrong passphrase, and the failed attempt could not be written to the audit trail: %w", aerr)
		}
		return errors.New("wrong passphrase: check Caps Lock and try again")
	}
	if err != nil {
		return err
	}
	if err := s.Store.Audit(app.AuditEvent{Action: app.AuditUnlock}); err != nil {
		return fmt.Errorf("the unlock could not be written to the audit trail: %w", err)
	}
	return nil
}

// Locked writes to the audit trail that the window locked.
func (s *Session) Locked() error { return s.Store.Audit(app.AuditEvent{Action: app.AuditLock}) }

// Close writes the sign-out to the audit trail (the window closing, a
// command ending) and releases the data folder. The folder is released
// even when the entry cannot be written.
func (s *Session) Close() error {
	s.w.mu.Lock()
	if s.w.open == s {
		s.w.open = nil
	}
	s.w.mu.Unlock()
	aerr := s.Store.Audit(app.AuditEvent{Action: app.AuditLogout})
	if errors.Is(aerr, storage.ErrClosed) {
		aerr = nil // closed before: the sign-out was written then
	}
	if aerr != nil {
		aerr = fmt.Errorf("the sign-out could not be written to the audit trail: %w", aerr)
	}
	return errors.Join(aerr, s.Store.Close())
}
