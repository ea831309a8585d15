package views

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/codebench/codebench/app"
)

// UserAdmin is a session that can list and manage the data folder's
// users (File → Users…). The store decides who may change what: only an
// administrator adds, disables, enables, removes users and changes
// roles, and it refuses the others with a message naming one.
type UserAdmin interface {
	// UserList lists the users in the order they were added.
	UserList() ([]app.UserInfo, error)
	// Role is the signed-in user's role.
	Role() (app.UserRole, error)
	AddUser(name, passphrase string) error
	// DisableUser and RemoveUser change the database's master key: a
	// copy of an older key file with that user's passphrase no longer
	// opens the data; every other user keeps their passphrase.
	DisableUser(name string) error
	EnableUser(name string) error
	RemoveUser(name string) error
	SetUserRole(name string, role app.UserRole) error
}

// users is the user management screen: the list, and for an
// administrator the form to add a user and the buttons acting on the
// selected one.
type users struct {
	widget.BaseWidget
	admin UserAdmin
	me    string
	win   fyne.Window
	run   runner
	// confirm asks before a change that locks someone out; tests answer it.
	confirm func(title, message string, ok func())

	list     []app.UserInfo
	isAdmin  bool
	selected int
	table    *widget.List
	name     *widget.Entry
	pass     *widget.Entry
	again    *widget.Entry
	add      *widget.Button
	disable  *widget.Button
	remove   *widget.Button
	role     *widget.Button
	msg      *widget.Label
	busy     bool
}

func newUsers(admin UserAdmin, me string, win fyne.Window, run runner) *users {
	u := &users{admin: admin, me: me, win: win, run: run, selected: -1}
	u.confirm = func(title, message string, ok func()) {
		dialog.ShowConfirm(title, message, func(yes bool) {
			if yes {
				ok()
			}
		}, win)
	}
	u.table = widget.NewList(func() int { return len(u.list) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(userLine(u.list[i])) })
	u.table.OnSelected = func(i widget.ListItemID) { u.selected = i; u.setButtons() }
	u.table.OnUnselected = func(widget.ListItemID) { u.selected = -1; u.setButtons() }
	u.name = widget.NewEntry()
	u.name.SetPlaceHolder("Name, as it will appear on the audit trail")
	u.pass = widget.NewPasswordEntry()
	u.pass.SetPlaceHolder("Their passphrase (at least 8 characters)")
	u.again = widget.NewPasswordEntry()
	u.again.SetPlaceHolder("Passphrase again")
	u.add = widget.NewButton("Add user", u.onAdd)
	u.disable = widget.NewButton("Disable", u.onDisable)
	u.remove = widget.NewButton("Remove…", u.onRemove)
	u.role = widget.NewButton("Make administrator", u.onRole)
	u.msg = widget.NewLabel("")
	u.msg.Wrapping = fyne.TextWrapWord
	u.ExtendBaseWidget(u)
	u.reload("")
	return u
}

func userLine(i app.UserInfo) string {
	s := i.Name + " — " + i.Role.Label()
	if i.Disabled {
		s += " (disabled)"
	}
	return s
}

func (u *users) CreateRenderer() fyne.WidgetRenderer {
	help := widget.NewLabel("Only an administrator adds, disables, enables and removes users. Disabling or removing a user " +
		"changes the database's master key, so a copy of an older key file with their passphrase no longer opens the records; " +
		"everyone else keeps their passphrase.")
	help.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(widget.NewFormItem("Name", u.name), widget.NewFormItem("Passphrase", u.pass), widget.NewFormItem("Again", u.again))
	list := container.NewGridWrap(fyne.NewSize(560, 180), u.table)
	return widget.NewSimpleRenderer(container.NewVBox(help, list,
		container.NewHBox(u.disable, u.role, u.remove), widget.NewSeparator(),
		widget.NewLabelWithStyle("Add a user", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), form,
		container.NewHBox(layoutSpacer(), u.add), u.msg))
}

// reload reads the users again, off the UI goroutine, and shows done
// (a change made) or the error.
func (u *users) reload(done string) {
	var list []app.UserInfo
	var role app.UserRole
	var err error
	u.run.Go(func() {
		if list, err = u.admin.UserList(); err == nil {
			role, err = u.admin.Role()
		}
	}, func() {
		if err != nil {
			u.show(err)
			return
		}
		u.list, u.isAdmin = list, role == app.Administrator
		u.selected = -1
		u.table.UnselectAll()
		u.table.Refresh()
		u.setButtons()
		switch {
		case done != "":
			u.msg.Importance = widget.SuccessImportance
			u.msg.SetText(done)
		case !u.isAdmin:
			u.msg.Importance = widget.MediumImportance
			u.msg.SetText("You are not an administrator: you can see the users but not change them.")
		}
	})
}

func (u *users) setButtons() {
	can := u.isAdmin && !u.busy
	for _, w := range []fyne.Disableable{u.name, u.pass, u.again, u.add} {
		setEnabled(w, can)
	}
	other := can && u.selected >= 0 && u.selected < len(u.list) && !strings.EqualFold(u.list[u.selected].Name, u.me)
	for _, b := range []*widget.Button{u.disable, u.remove, u.role} {
		setEnabled(b, other)
	}
	if u.selected >= 0 && u.selected < len(u.list) {
		sel := u.list[u.selected]
		u.disable.SetText(map[bool]string{true: "Enable", false: "Disable…"}[sel.Disabled])
		u.role.SetText(map[bool]string{true: "Make coder", false: "Make administrator"}[sel.Role == app.Administrator])
	}
}

func setEnabled(w fyne.Disableable, on bool) {
	if on {
		w.Enable()
	} else {
		w.Disable()
	}
}

func (u *users) show(err error) {
	u.msg.Importance = widget.DangerImportance
	u.msg.SetText(err.Error())
	fyne.LogError("user management", err)
}

// change runs one change off the UI goroutine, then lists the users again.
func (u *users) change(work func() error, done string) {
	u.busy = true
	u.setButtons()
	u.msg.SetText("Saving…")
	var err error
	u.run.Go(func() { err = work() }, func() {
		u.busy = false
		if err != nil {
			u.setButtons()
			u.show(err)
			return
		}
		u.reload(done)
	})
}

func (u *users) onAdd() {
	name := strings.TrimSpace(u.name.Text)
	switch {
	case name == "":
		u.show(fmt.Errorf("enter the new user's name"))
		return
	case len([]rune(u.pass.Text)) < minPassphrase:
		u.show(fmt.Errorf("use a passphrase of at least %d characters; a few unrelated words work well", minPassphrase))
		return
	case u.pass.Text != u.again.Text:
		u.again.SetText("")
		u.show(fmt.Errorf("the two passphrases differ: type them again"))
		return
	}
	pass := u.pass.Text
	u.pass.SetText("")
	u.again.SetText("")
	u.change(func() error { return u.admin.AddUser(name, pass) }, name+" was added as a coder.")
	u.name.SetText("")
}

func (u *users) target() (app.UserInfo, bool) {
	if u.selected < 0 || u.selected >= len(u.list) {
		return app.UserInfo{}, false
	}
	return u.list[u.selected], true
}

func (u *users) onDisable() {
	t, ok := u.target()
	if !ok {
		return
	}
	if t.Disabled {
		u.change(func() error { return u.admin.EnableUser(t.Name) }, t.Name+" can sign in again.")
		return
	}
	u.confirm("Disable "+t.Name+"?", t.Name+" will no longer be able to sign in until an administrator enables them. "+
		"The database's master key is changed; everyone else keeps their passphrase.", func() {
		u.change(func() error { return u.admin.DisableUser(t.Name) }, t.Name+" is disabled; the master key was changed.")
	})
}

func (u *users) onRemove() {
	t, ok := u.target()
	if !ok {
		return
	}
	u.confirm("Remove "+t.Name+"?", t.Name+" will no longer be able to sign in, and can only come back as a new user. "+
		"Their changes stay on the audit trail. The database's master key is changed; everyone else keeps their passphrase.", func() {
		u.change(func() error { return u.admin.RemoveUser(t.Name) }, t.Name+" was removed; the master key was changed.")
	})
}

func (u *users) onRole() {
	t, ok := u.target()
	if !ok {
		return
	}
	role := app.Administrator
	if t.Role == app.Administrator {
		role = app.CodingStaff
	}
	u.change(func() error { return u.admin.SetUserRole(t.Name, role) }, t.Name+" is now "+strings.ToLower(role.Label())+".")
}

// showUsers opens the user management dialog.
func showUsers(win fyne.Window, admin UserAdmin, me string, run runner) *users {
	u := newUsers(admin, me, win, run)
	d := dialog.NewCustom("Users", "Close", u, win)
	d.Resize(fyne.NewSize(620, 0))
	d.Show()
	return u
}
