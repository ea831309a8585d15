package views

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/codebench/codebench/app"
)

// fakeUserAdmin keeps users in memory with the store's rule that only an
// administrator changes them.
type fakeUserAdmin struct {
	me    string
	users []app.UserInfo
	calls []string
}

func (f *fakeUserAdmin) UserList() ([]app.UserInfo, error) {
	return append([]app.UserInfo(nil), f.users...), nil
}

func (f *fakeUserAdmin) find(name string) *app.UserInfo {
	for i := range f.users {
		if f.users[i].Name == name {
			return &f.users[i]
		}
	}
	return nil
}

func (f *fakeUserAdmin) Role() (app.UserRole, error) { return f.find(f.me).Role, nil }

func (f *fakeUserAdmin) check(call string) error {
	f.calls = append(f.calls, call)
	if f.find(f.me).Role != app.Administrator {
		return errors.New("only an administrator can manage users")
	}
	return nil
}

func (f *fakeUserAdmin) AddUser(name, pass string) error {
	if err := f.check("add " + name + " " + pass); err != nil {
		return err
	}
	f.users = append(f.users, app.UserInfo{Name: name, Role: app.CodingStaff})
	return nil
}

func (f *fakeUserAdmin) DisableUser(name string) error {
	if err := f.check("disable " + name); err != nil {
		return err
	}
	f.find(name).Disabled = true
	return nil
}

func (f *fakeUserAdmin) EnableUser(name string) error {
	if err := f.check("enable " + name); err != nil {
		return err
	}
	f.find(name).Disabled = false
	return nil
}

func (f *fakeUserAdmin) RemoveUser(name string) error {
	if err := f.check("remove " + name); err != nil {
		return err
	}
	for i := range f.users {
		if f.users[i].Name == name {
			f.users = append(f.users[:i], f.users[i+1:]...)
			break
		}
	}
	return nil
}

func (f *fakeUserAdmin) SetUserRole(name string, role app.UserRole) error {
	if err := f.check("role " + name + " " + string(role)); err != nil {
		return err
	}
	f.find(name).Role = role
	return nil
}

func newFakeUserAdmin(me string) *fakeUserAdmin {
	return &fakeUserAdmin{me: me, users: []app.UserInfo{{Name: "ines", Role: app.Administrator}, {Name: "alice", Role: app.CodingStaff}}}
}

func TestUsersAdministrator(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewWindow(nil)
	defer w.Close()
	f := newFakeUserAdmin("ines")
	u := newUsers(f, "ines", w, &syncRunner{})
	asked := ""
	u.confirm = func(title, _ string, ok func()) { asked = title; ok() }
	w.SetContent(u)

	if u.add.Disabled() || !u.disable.Disabled() {
		t.Fatalf("administrator with nothing selected: add disabled %v, disable disabled %v", u.add.Disabled(), u.disable.Disabled())
	}
	u.table.Select(0) // ines herself
	if !u.disable.Disabled() || !u.remove.Disabled() {
		t.Error("an administrator can disable or remove herself")
	}
	u.table.Select(1)
	if u.disable.Disabled() || u.disable.Text != "Disable…" || u.role.Text != "Make administrator" {
		t.Fatalf("alice selected: disable %v %q, role %q", u.disable.Disabled(), u.disable.Text, u.role.Text)
	}
	test.Tap(u.disable)
	if asked != "Disable alice?" || !f.find("alice").Disabled || !strings.Contains(u.msg.Text, "master key was changed") {
		t.Errorf("disable: asked %q, calls %v, message %q", asked, f.calls, u.msg.Text)
	}
	if got := userLine(u.list[1]); got != "alice — Coder (disabled)" {
		t.Errorf("list line %q", got)
	}
	u.table.Select(1)
	if u.disable.Text != "Enable" {
		t.Errorf("a disabled user's button says %q", u.disable.Text)
	}
	test.Tap(u.disable)
	test.Type(u.name, "carol")
	test.Type(u.pass, "carol's passphrase")
	test.Type(u.again, "carol's passphrasE")
	test.Tap(u.add)
	if !strings.Contains(u.msg.Text, "differ") || len(f.users) != 2 {
		t.Fatalf("different passphrases: %q, users %v", u.msg.Text, f.users)
	}
	test.Type(u.again, "carol's passphrase")
	test.Tap(u.add)
	u.table.Select(2)
	test.Tap(u.remove)
	want := "disable alice|enable alice|add carol carol's passphrase|remove carol"
	if strings.Join(f.calls, "|") != want {
		t.Errorf("calls\n got %s\nwant %s", strings.Join(f.calls, "|"), want)
	}
	if u.pass.Text != "" || u.again.Text != "" {
		t.Error("the passphrase stays in the form")
	}
}

func TestUsersCoderSeesButCannotChange(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewWindow(nil)
	defer w.Close()
	f := newFakeUserAdmin("alice")
	u := newUsers(f, "alice", w, &syncRunner{})
	w.SetContent(u)
	u.table.Select(0)
	for _, b := range []interface{ Disabled() bool }{u.add, u.disable, u.remove, u.role, u.name} {
		if !b.Disabled() {
			t.Errorf("%T enabled for a coder", b)
		}
	}
	if len(u.list) != 2 || !strings.Contains(u.msg.Text, "not an administrator") {
		t.Errorf("coder: %d users, message %q", len(u.list), u.msg.Text)
	}
}
