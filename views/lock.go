package views

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// lockScreen replaces the whole window while locked: no patient detail is
// drawn, only the user's name and a passphrase box.
type lockScreen struct {
	widget.BaseWidget
	session  Session
	run      runner
	onUnlock func()
	pass     *widget.Entry
	msg      *widget.Label
	unlock   *widget.Button
}

func newLockScreen(s Session, run runner, onUnlock func()) *lockScreen {
	l := &lockScreen{session: s, run: run, onUnlock: onUnlock}
	l.pass = widget.NewPasswordEntry()
	l.pass.SetPlaceHolder("Passphrase")
	l.pass.OnSubmitted = func(string) { l.onSubmit() }
	l.msg = widget.NewLabel("")
	l.msg.Importance = widget.DangerImportance
	l.msg.Wrapping = fyne.TextWrapWord
	l.unlock = widget.NewButton("Unlock", l.onSubmit)
	l.unlock.Importance = widget.HighImportance
	l.ExtendBaseWidget(l)
	return l
}

func (l *lockScreen) CreateRenderer() fyne.WidgetRenderer {
	box := container.NewVBox(
		container.NewCenter(widget.NewIcon(theme.VisibilityOffIcon())),
		widget.NewLabelWithStyle("Codebench is locked", fyne.TextAlignCenter, fyne.TextStyle{Bold: true}),
		widget.NewLabelWithStyle("Signed in as "+l.session.User()+". Enter the passphrase to go on.", fyne.TextAlignCenter, fyne.TextStyle{}),
		l.pass, l.msg, container.NewCenter(l.unlock))
	return widget.NewSimpleRenderer(container.NewCenter(container.NewGridWrap(fyne.NewSize(420, 260), box)))
}

func (l *lockScreen) onSubmit() {
	pass := l.pass.Text
	if pass == "" {
		l.msg.SetText("Enter your passphrase.")
		return
	}
	l.unlock.Disable()
	var err error
	l.run.Go(func() { err = l.session.Verify(pass) }, func() {
		l.unlock.Enable()
		l.pass.SetText("")
		if err != nil {
			l.msg.SetText(err.Error())
			return
		}
		l.onUnlock()
	})
}
