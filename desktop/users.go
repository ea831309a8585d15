package desktop

import (
	"fmt"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/storage"
	"github.com/codebench/codebench/views"
)

// The window's user management (File → Users…) goes to the same store
// methods as `codebench user`: the store checks the administrator role
// and rotates the master key on disabling and removing.
//
// A shared database (storage/postgres) has neither roles nor disabled
// users: every one of its users may add another, so each is listed as an
// administrator, and the changes only a data folder's store makes are
// refused with a message saying so.
var _ views.UserAdmin = session{}

// folder is the data folder's store, or nil for a shared database.
func (s session) folder() *storage.Store {
	st, _ := s.Store.(*storage.Store)
	return st
}

func (s session) notInShared() error {
	return fmt.Errorf("%s is a shared database: its users have no roles and cannot be disabled or removed here", s.Store.Location())
}

func (s session) UserList() ([]app.UserInfo, error) {
	if st := s.folder(); st != nil {
		return st.UserList()
	}
	names, err := s.Store.Users()
	if err != nil {
		return nil, err
	}
	out := make([]app.UserInfo, len(names))
	for i, n := range names {
		out[i] = app.UserInfo{Name: n, Role: app.Administrator}
	}
	return out, nil
}

func (s session) Role() (app.UserRole, error) {
	if st := s.folder(); st != nil {
		return st.Role()
	}
	return app.Administrator, nil
}

func (s session) AddUser(name, passphrase string) error {
	return s.Store.AddUser(name, passphrase)
}

func (s session) DisableUser(name string) error {
	if st := s.folder(); st != nil {
		return st.DisableUser(name)
	}
	return s.notInShared()
}

func (s session) EnableUser(name string) error {
	if st := s.folder(); st != nil {
		return st.EnableUser(name)
	}
	return s.notInShared()
}

func (s session) RemoveUser(name string) error {
	if st := s.folder(); st != nil {
		return st.RemoveUser(name)
	}
	return s.notInShared()
}

func (s session) SetUserRole(name string, role app.UserRole) error {
	if st := s.folder(); st != nil {
		return st.SetUserRole(name, role)
	}
	return s.notInShared()
}
