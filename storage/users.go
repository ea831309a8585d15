package storage

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"github.com/codebench/codebench/app"
)

// maxUserName is the longest user name, in characters.
const maxUserName = 64

// cleanUserName returns name as it is stored: NFKC-normalised, without
// leading, trailing or repeated spaces. It refuses an empty or over-long
// name and any control, format (zero-width, bidirectional override) or
// private-use character, which would let two names look alike.
func cleanUserName(name string) (string, error) {
	if !utf8.ValidString(name) {
		return "", errors.New("user name is not valid text: type it again")
	}
	n := norm.NFKC.String(name)
	for _, r := range n {
		if unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Co, unicode.Zl, unicode.Zp) {
			return "", fmt.Errorf("user name holds an invisible or control character (U+%04X): use letters, digits, spaces and punctuation", r)
		}
	}
	n = strings.Join(strings.Fields(n), " ")
	if n == "" {
		return "", errors.New("enter a user name")
	}
	if utf8.RuneCountInString(n) > maxUserName {
		return "", fmt.Errorf("user name is %d characters: use at most %d", utf8.RuneCountInString(n), maxUserName)
	}
	return n, nil
}

// nameKey is what two names are compared by: NFKC, case folded, spaces
// collapsed. "ａlice", "Alice" and "ALICE " are one name.
func nameKey(name string) string {
	n := strings.Join(strings.Fields(norm.NFKC.String(name)), " ")
	return norm.NFKC.String(cases.Fold().String(n))
}

// signIn checks name and passphrase against f and returns the user's
// index and what the passphrase unlocks. An unknown name and a wrong
// passphrase give the same error after the same work (argon2id runs
// either way); a disabled user who typed their passphrase is told so.
func (f *keyFile) signIn(name, passphrase string) (int, unlocked, error) {
	i := f.user(name)
	if i < 0 {
		dummyUnwrap(passphrase, f.Users[0].Params)
		return -1, unlocked{}, errSignIn
	}
	u := f.Users[i]
	k, err := u.unwrap(passphrase)
	if err != nil {
		return i, unlocked{}, err
	}
	if u.Disabled || k.master == nil {
		return i, unlocked{}, fmt.Errorf("%w: %s cannot sign in; ask an administrator to enable them", ErrUserDisabled, u.Name)
	}
	return i, k, nil
}

// unlock returns the master key name's passphrase opens.
func (f *keyFile) unlock(name, passphrase string) ([]byte, error) {
	_, k, err := f.signIn(name, passphrase)
	return k.master, err
}

// UserList lists the users of this database with their role and whether
// they are disabled, in the order they were added.
func (s *Store) UserList() ([]app.UserInfo, error) {
	kf, err := readKeyFile(s.dir)
	if err != nil {
		return nil, err
	}
	return kf.infos(), nil
}

// Role is the signed-in user's role.
func (s *Store) Role() (app.UserRole, error) {
	kf, err := readKeyFile(s.dir)
	if err != nil {
		return "", err
	}
	i := kf.user(s.user)
	if i < 0 {
		return "", fmt.Errorf("%w: %s", ErrUnknownUser, s.user)
	}
	return kf.Users[i].Role, nil
}

// adminKeyFile reads the key file and checks that the signed-in user is
// an enabled administrator. The caller holds s.mu.
func (s *Store) adminKeyFile() (*keyFile, error) {
	kf, err := readKeyFile(s.dir)
	if err != nil {
		return nil, err
	}
	if i := kf.user(s.user); i >= 0 && kf.Users[i].Role == app.Administrator && !kf.Users[i].Disabled {
		return kf, nil
	}
	var admins []string
	for _, u := range kf.Users {
		if u.Role == app.Administrator && !u.Disabled {
			admins = append(admins, u.Name)
		}
	}
	return nil, fmt.Errorf("%w: ask %s", ErrNotAdmin, strings.Join(admins, " or "))
}

// CheckAdmin returns ErrNotAdmin, naming the administrators, unless the
// signed-in user is one: the faces ask before they ask for a passphrase.
func (s *Store) CheckAdmin() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err := s.adminKeyFile()
	return err
}

// target finds the user name in kf for an administrator's change.
func target(kf *keyFile, name string) (int, error) {
	i := kf.user(name)
	if i < 0 {
		return -1, fmt.Errorf("%w %q: users are %s", ErrUnknownUser, name, strings.Join(kf.names(), ", "))
	}
	return i, nil
}

// AddUser gives another person their own passphrase to this database, as
// a coder. Only an administrator adds users; a name that matches an
// existing one once normalised ("ａlice" and "Alice") is refused.
func (s *Store) AddUser(name, passphrase string) error {
	clean, err := cleanUserName(name)
	if err != nil {
		return err
	}
	if err := checkPassphrase(passphrase); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	kf, err := s.adminKeyFile()
	if err != nil {
		return err
	}
	if i := kf.user(clean); i >= 0 {
		if kf.Users[i].Name == clean {
			return fmt.Errorf("user %s %w", clean, ErrExists)
		}
		return fmt.Errorf("user %s %w: %q is too like %q, and the two could be confused at sign-in; choose another name", clean, ErrExists, clean, kf.Users[i].Name)
	}
	u, err := newUser(clean, passphrase, app.CodingStaff, s.master, s.opt.kdf())
	if err != nil {
		return err
	}
	kf.Users = append(kf.Users, u)
	if err := writeKeyFile(s.dir, kf); err != nil {
		return err
	}
	return s.updateLocked(nil, app.AuditEvent{Action: app.AuditUserAdded, Detail: "user " + clean})
}

// SetUserRole makes name an administrator or a coder. Only an
// administrator changes roles, and the last enabled administrator stays one.
func (s *Store) SetUserRole(name string, role app.UserRole) error {
	if role != app.Administrator && role != app.CodingStaff {
		return fmt.Errorf("unknown role %q: use admin or coder", role)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	kf, err := s.adminKeyFile()
	if err != nil {
		return err
	}
	i, err := target(kf, name)
	if err != nil {
		return err
	}
	u := &kf.Users[i]
	if u.Role == role {
		return nil
	}
	if u.Role == app.Administrator && !u.Disabled && kf.enabledAdmins() == 1 {
		return fmt.Errorf("%s is the only administrator: make another user an administrator first", u.Name)
	}
	u.Role = role
	if err := writeKeyFile(s.dir, kf); err != nil {
		return err
	}
	return s.updateLocked(nil, app.AuditEvent{Action: app.AuditUserRoleChanged, Detail: "user " + u.Name + " " + string(role)})
}

// EnableUser lets a disabled user sign in again: the current master key
// is sealed to their key pair. Only an administrator enables users.
func (s *Store) EnableUser(name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	kf, err := s.adminKeyFile()
	if err != nil {
		return err
	}
	i, err := target(kf, name)
	if err != nil {
		return err
	}
	u := &kf.Users[i]
	if !u.Disabled {
		return nil
	}
	if err := u.give(s.master); err != nil {
		return err
	}
	u.Disabled = false
	if err := writeKeyFile(s.dir, kf); err != nil {
		return err
	}
	return s.updateLocked(nil, app.AuditEvent{Action: app.AuditUserEnabled, Detail: "user " + u.Name})
}

// DisableUser stops name from signing in and rotates the master key, so
// a copy of today's key file and their passphrase no longer open the
// data. They keep their entry and can be enabled again. Only an
// administrator disables users, never themselves.
func (s *Store) DisableUser(name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	kf, err := s.adminKeyFile()
	if err != nil {
		return err
	}
	i, err := s.otherUser(kf, name, "disable")
	if err != nil {
		return err
	}
	u := &kf.Users[i]
	if u.Disabled {
		return nil
	}
	if len(u.Public) == 0 {
		return fmt.Errorf("%s has not signed in since Codebench was updated, so they could not be enabled again: remove them instead (they can be added again), or let them sign in once first", u.Name)
	}
	u.Disabled, u.Master, u.Changed = true, nil, nowUTC()
	return s.rotateLocked(kf, app.AuditEvent{Action: app.AuditUserDisabled, Detail: "user " + u.Name})
}

// RemoveUser deletes name's entry and rotates the master key, so a copy
// of an older key file and their passphrase no longer open the data.
// Only an administrator removes users, never themselves.
func (s *Store) RemoveUser(name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	kf, err := s.adminKeyFile()
	if err != nil {
		return err
	}
	i, err := s.otherUser(kf, name, "remove")
	if err != nil {
		return err
	}
	gone := kf.Users[i].Name
	kf.Users = slices.Delete(kf.Users, i, i+1)
	return s.rotateLocked(kf, app.AuditEvent{Action: app.AuditUserRemoved, Detail: "user " + gone})
}

// otherUser finds name for disabling or removing: not the signed-in
// administrator.
func (s *Store) otherUser(kf *keyFile, name, verb string) (int, error) {
	i, err := target(kf, name)
	if err != nil {
		return -1, err
	}
	if nameKey(kf.Users[i].Name) == nameKey(s.user) {
		return -1, fmt.Errorf("you cannot %s yourself: ask another administrator", verb)
	}
	return i, nil
}

// ListUsers lists the users of the database in dir with their role and
// whether they are disabled, without opening it (as Users does).
func ListUsers(dir string) ([]app.UserInfo, error) {
	kf, err := readKeyFile(dir)
	if err != nil {
		return nil, err
	}
	return kf.infos(), nil
}
