package views

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/assets"
)

// minPassphrase is the shortest passphrase the first-run form accepts.
const minPassphrase = 8

// login is the first screen: on an empty data folder it creates the first
// user; otherwise it unlocks the data folder with a name and passphrase.
type login struct {
	widget.BaseWidget
	vault  Vault
	run    runner
	prefs  fyne.Preferences
	onOpen func(Session)

	first   bool
	title   *widget.Label
	help    *widget.Label
	name    *widget.Entry
	pass    *widget.Entry
	confirm *widget.Entry
	msg     *widget.Label
	submit  *widget.Button
	form    *fyne.Container
	busy    bool
}

func newLogin(v Vault, run runner, prefs fyne.Preferences, onOpen func(Session)) *login {
	l := &login{vault: v, run: run, prefs: prefs, onOpen: onOpen}
	l.title = widget.NewLabelWithStyle("Opening the data folder…", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.help = widget.NewLabel("")
	l.help.Wrapping = fyne.TextWrapWord
	l.name = widget.NewEntry()
	l.name.SetPlaceHolder("Your name, as it appears on the audit trail")
	l.name.SetText(prefs.String(prefLastUser))
	l.pass = widget.NewPasswordEntry()
	l.pass.SetPlaceHolder("Passphrase")
	l.confirm = widget.NewPasswordEntry()
	l.confirm.SetPlaceHolder("Passphrase again")
	l.msg = widget.NewLabel("")
	l.msg.Importance = widget.DangerImportance
	l.msg.Wrapping = fyne.TextWrapWord
	l.submit = widget.NewButton("Unlock", l.onSubmit)
	l.submit.Importance = widget.HighImportance
	l.submit.Disable()
	l.name.OnSubmitted = func(string) { l.onSubmit() }
	l.pass.OnSubmitted = func(string) { l.onSubmit() }
	l.confirm.OnSubmitted = func(string) { l.onSubmit() }
	l.form = container.NewVBox()
	l.ExtendBaseWidget(l)
	l.checkVault()
	return l
}

func (l *login) CreateRenderer() fyne.WidgetRenderer {
	icon := canvas.NewImageFromResource(fyne.NewStaticResource("icon.png", assets.IconPNG()))
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSize(64, 64))
	head := container.NewHBox(icon, container.NewVBox(
		widget.NewLabelWithStyle(app.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabel("Medical record coding workstation")))
	card := container.NewVBox(head, widget.NewSeparator(), l.title, l.help, l.form, l.msg,
		container.NewHBox(layoutSpacer(), l.submit))
	box := container.NewGridWrap(fyne.NewSize(460, 460), card)
	return widget.NewSimpleRenderer(container.NewCenter(box))
}

// checkVault asks the data folder whether it has users, off the UI
// goroutine (it opens files).
func (l *login) checkVault() {
	if l.vault == nil {
		l.msg.SetText("No data folder is configured.")
		return
	}
	var has bool
	var err error
	l.run.Go(func() { has, err = l.vault.HasUsers() }, func() {
		if err != nil {
			l.showError(err)
			return
		}
		l.setFirstRun(!has)
	})
}

func (l *login) setFirstRun(first bool) {
	l.first = first
	if first {
		l.title.SetText("Welcome. Create the first user")
		l.help.SetText("Patient data is encrypted with your passphrase. There is no way to recover it if it is lost: " +
			"write it down and keep it somewhere safe. After this you can open a made-up demo record to try everything.")
		l.form.Objects = []fyne.CanvasObject{widget.NewForm(
			widget.NewFormItem("Name", l.name),
			widget.NewFormItem("Passphrase", l.pass),
			widget.NewFormItem("Again", l.confirm))}
		l.submit.SetText("Create and open")
	} else {
		l.title.SetText("Unlock Codebench")
		l.help.SetText("Enter your name and passphrase.")
		l.form.Objects = []fyne.CanvasObject{widget.NewForm(
			widget.NewFormItem("Name", l.name),
			widget.NewFormItem("Passphrase", l.pass))}
		l.submit.SetText("Unlock")
	}
	l.form.Refresh()
	l.submit.Enable()
	l.focusFirst()
}

func (l *login) focusFirst() {
	c := fyne.CurrentApp().Driver().CanvasForObject(l)
	if c == nil {
		return
	}
	if strings.TrimSpace(l.name.Text) == "" {
		c.Focus(l.name)
	} else {
		c.Focus(l.pass)
	}
}

func (l *login) showError(err error) {
	l.msg.SetText(err.Error())
	l.msg.Show()
}

func (l *login) onSubmit() {
	if l.busy || l.submit.Disabled() {
		return
	}
	name := strings.TrimSpace(l.name.Text)
	pass := l.pass.Text
	switch {
	case name == "":
		l.msg.SetText("Enter your name.")
		return
	case pass == "":
		l.msg.SetText("Enter your passphrase.")
		return
	case l.first && len([]rune(pass)) < minPassphrase:
		l.msg.SetText("Use a passphrase of at least 8 characters; a few unrelated words work well.")
		return
	case l.first && pass != l.confirm.Text:
		l.msg.SetText("The two passphrases differ: type them again.")
		l.confirm.SetText("")
		return
	}
	l.busy = true
	l.submit.Disable()
	l.msg.SetText("")
	first := l.first
	var s Session
	var err error
	l.run.Go(func() {
		if first {
			s, err = l.vault.CreateUser(name, pass)
		} else {
			s, err = l.vault.Unlock(name, pass)
		}
	}, func() {
		l.busy = false
		l.submit.Enable()
		if err != nil {
			l.pass.SetText("")
			l.confirm.SetText("")
			l.showError(err)
			return
		}
		l.pass.SetText("")
		l.confirm.SetText("")
		l.onOpen(s)
	})
}

// layoutSpacer pushes the following items to the end of a box.
func layoutSpacer() fyne.CanvasObject { return layout.NewSpacer() }
