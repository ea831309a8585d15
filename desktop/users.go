package desktop

import (
	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/views"
)

// The window's user management (File → Users…) goes to the same store
// methods as `codebench user`: the store checks the administrator role
// and rotates the master key on disabling and removing.
var _ views.UserAdmin = session{}

func (s session) UserList() ([]app.UserInfo, error) { return s.Store.UserList() }
func (s session) Role() (app.UserRole, error)       { return s.Store.Role() }
func (s session) AddUser(name, passphrase string) error {
	return s.Store.AddUser(name, passphrase)
}
func (s session) DisableUser(name string) error { return s.Store.DisableUser(name) }
func (s session) EnableUser(name string) error  { return s.Store.EnableUser(name) }
func (s session) RemoveUser(name string) error  { return s.Store.RemoveUser(name) }
func (s session) SetUserRole(name string, role app.UserRole) error {
	return s.Store.SetUserRole(name, role)
}
