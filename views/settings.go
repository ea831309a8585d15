package views

import (
	"errors"
	"net/url"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/codebench/codebench/app"
)

// settings edits what is kept in Fyne preferences: the facility heading
// the PDF, the idle-lock minutes and the default code systems. The data
// folder is shown (it is chosen with --data or CODEBENCH_DATA) and the
// theme follows the system.
type settings struct {
	widget.BaseWidget
	prefs   fyne.Preferences
	dataDir string

	facility *widget.Entry
	address  *widget.Entry
	store    *widget.Entry
	minutes  *widget.Entry
	systems  *widget.CheckGroup
	msg      *widget.Label
	onSaved  func()
	close    func()
}

func newSettings(p fyne.Preferences, dataDir string, onSaved func()) *settings {
	s := &settings{prefs: p, dataDir: dataDir, onSaved: onSaved}
	s.facility = widget.NewEntry()
	s.facility.SetText(p.String(prefFacilityName))
	s.facility.SetPlaceHolder("Printed at the top of every summary")
	s.address = widget.NewMultiLineEntry()
	s.address.SetMinRowsVisible(3)
	s.address.SetText(p.String(prefFacilityAddr))
	s.store = widget.NewEntry()
	s.store.SetText(p.String(PrefStore))
	s.store.SetPlaceHolder("postgres://coder@db.practice.lan/codebench?sslmode=verify-full")
	s.minutes = widget.NewEntry()
	s.minutes.SetText(strconv.Itoa(p.IntWithFallback(prefLockMinutes, defaultLockMinute)))
	labels := make([]string, len(app.Systems))
	for i, sys := range app.Systems {
		labels[i] = sys.Label()
	}
	s.systems = widget.NewCheckGroup(labels, nil)
	s.systems.Horizontal = true
	var on []string
	for _, x := range strings.Split(p.StringWithFallback(prefSystems, "icd10cm,icd10pcs,hcpcs"), ",") {
		if sys, err := app.ParseSystem(x); err == nil {
			on = append(on, sys.Label())
		}
	}
	s.systems.SetSelected(on)
	s.msg = widget.NewLabel("")
	s.msg.Importance = widget.DangerImportance
	s.ExtendBaseWidget(s)
	return s
}

func (s *settings) CreateRenderer() fyne.WidgetRenderer {
	folder := widget.NewLabel(s.dataDir)
	folder.Wrapping = fyne.TextWrapBreak
	form := widget.NewForm(
		widget.NewFormItem("Facility name", s.facility),
		widget.NewFormItem("Facility address", s.address),
		widget.NewFormItem("Lock after idle (minutes, 0 = never)", s.minutes),
		widget.NewFormItem("Code systems to search", s.systems),
		widget.NewFormItem("Data folder", folder),
		widget.NewFormItem("Shared database", container.NewVBox(s.store, storeHint())),
		widget.NewFormItem("Theme", widget.NewLabel("Follows the system's light or dark setting")),
	)
	saveBtn := widget.NewButton("Save", s.onSave)
	saveBtn.Importance = widget.HighImportance
	cancel := widget.NewButton("Cancel", func() {
		if s.close != nil {
			s.close()
		}
	})
	return widget.NewSimpleRenderer(container.NewVBox(form, s.msg, container.NewHBox(layoutSpacer(), cancel, saveBtn)))
}

func (s *settings) onSave() {
	m, err := strconv.Atoi(strings.TrimSpace(s.minutes.Text))
	if err != nil || m < 0 || m > 24*60 {
		s.msg.SetText("Idle lock: enter a number of minutes from 0 (never) to 1440.")
		return
	}
	if len(s.systems.Selected) == 0 {
		s.msg.SetText("Choose at least one code system to search.")
		return
	}
	store := strings.TrimSpace(s.store.Text)
	if err := CheckStoreAddress(store); err != nil {
		s.msg.SetText("Shared database: " + err.Error())
		return
	}
	var ids []string
	for _, l := range s.systems.Selected {
		if sys, err := app.ParseSystem(l); err == nil {
			ids = append(ids, string(sys))
		}
	}
	s.prefs.SetString(prefFacilityName, strings.TrimSpace(s.facility.Text))
	s.prefs.SetString(prefFacilityAddr, strings.TrimSpace(s.address.Text))
	s.prefs.SetInt(prefLockMinutes, m)
	s.prefs.SetString(prefSystems, strings.Join(ids, ","))
	s.prefs.SetString(PrefStore, store)
	s.msg.SetText("")
	if s.close != nil {
		s.close()
	}
	if s.onSaved != nil {
		s.onSaved()
	}
}

func showSettings(win fyne.Window, p fyne.Preferences, dataDir string, onSaved func()) *settings {
	s := newSettings(p, dataDir, onSaved)
	d := dialog.NewCustomWithoutButtons("Settings", s, win)
	s.close = d.Hide
	d.Resize(fyne.NewSize(640, 0))
	d.Show()
	return s
}

// PrefStore is the preference holding the shared database's address
// (Settings → Shared database); main uses it when neither --store nor
// CODEBENCH_STORE names one. Empty: the data folder keeps the records.
const PrefStore = "store.shared"

func storeHint() fyne.CanvasObject {
	l := widget.NewLabel("Empty keeps the records in the data folder on this desk. A practice's PostgreSQL " +
		"database is used from the next start; the password goes in the .pgpass file, never here.")
	l.Wrapping = fyne.TextWrapWord
	l.SizeName = theme.SizeNameCaptionText
	return l
}

// CheckStoreAddress refuses a shared database's address that is not a
// postgres:// URL, or that holds a password (preferences are a plain
// file; the password belongs in .pgpass).
func CheckStoreAddress(addr string) error {
	if addr == "" {
		return nil
	}
	u, err := url.Parse(addr)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") || u.Host == "" && u.Query().Get("host") == "" {
		return errors.New("give an address such as postgres://coder@db.practice.lan/codebench")
	}
	if _, has := u.User.Password(); has {
		return errors.New("leave the password out of the address and put it in the .pgpass file")
	}
	return nil
}
