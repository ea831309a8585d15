package desktop

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/coding"
	"github.com/codebench/codebench/storage"
	"github.com/codebench/codebench/views"
)

type appRecord = app.Record

var errNoCodeSets = errors.New("the code sets are still loading: wait for the status bar, then finalize again")

// vault opens the encrypted data folder.
type vault struct{ w *wiring }

func (v *vault) HasUsers() (bool, error) {
	if !storage.Exists(v.w.dataDir) {
		return false, nil
	}
	users, err := storage.Users(v.w.dataDir)
	if err != nil {
		return false, fmt.Errorf("cannot read the data folder %s: %w", v.w.dataDir, err)
	}
	return len(users) > 0, nil
}

func (v *vault) CreateUser(name, passphrase string) (views.Session, error) {
	if err := os.MkdirAll(v.w.dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("cannot create the data folder %s: %w", v.w.dataDir, err)
	}
	st, err := storage.Create(v.w.dataDir, name, passphrase, nil)
	if err != nil {
		return nil, err
	}
	return v.session(st), nil
}

func (v *vault) Unlock(name, passphrase string) (views.Session, error) {
	st, err := storage.Open(v.w.dataDir, name, passphrase, nil)
	switch {
	case errors.Is(err, storage.ErrWrongPassphrase):
		return nil, fmt.Errorf("wrong passphrase for %s: check Caps Lock and the keyboard layout, then try again", name)
	case errors.Is(err, storage.ErrUnknownUser):
		users, _ := storage.Users(v.w.dataDir)
		return nil, fmt.Errorf("no user %q in this data folder; users: %s", name, strings.Join(users, ", "))
	case err != nil:
		return nil, err
	}
	return v.session(st), nil
}

func (v *vault) session(st *storage.Store) *session {
	return &session{st: st, svc: v.w.newService(st), w: v.w}
}

// session is a signed-in store and its coding service.
type session struct {
	w   *wiring
	st  *storage.Store
	svc *coding.Service
}

func (s *session) User() string { return s.st.User() }

func (s *session) Records() views.Records { return &records{svc: s.svc} }

func (s *session) Verify(passphrase string) error {
	err := s.st.CheckPassphrase(passphrase)
	if errors.Is(err, storage.ErrWrongPassphrase) {
		return errors.New("wrong passphrase: check Caps Lock and try again")
	}
	if err == nil {
		if aerr := s.st.Audit(app.AuditEvent{Action: app.AuditUnlock}); aerr != nil {
			return fmt.Errorf("the unlock could not be written to the audit trail: %w", aerr)
		}
	}
	return err
}

// Locked records on the audit trail that the window locked.
func (s *session) Locked() error { return s.st.Audit(app.AuditEvent{Action: app.AuditLock}) }

func (s *session) Close() error {
	s.w.mu.Lock()
	if s.w.svc == s.svc {
		s.w.svc = nil
	}
	s.w.mu.Unlock()
	return s.st.Close()
}
