package views

import (
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/codebench/codebench/app"
)

// newRecordForm collects the patient and encounter of a new record. It
// stays open on a mistake and says which field to fix; notes imported
// before the record existed are attached once it is saved.
type newRecordForm struct {
	widget.BaseWidget
	recs  Records
	run   runner
	notes []importedNote
	onOK  func(*app.Record)
	close func()

	mrn, name, dob, account, service, discharge, provider *widget.Entry
	sex, kind                                             *widget.Select
	msg                                                   *widget.Label
	create                                                *widget.Button
}

func newNewRecordForm(recs Records, run runner, notes []importedNote, onOK func(*app.Record)) *newRecordForm {
	f := &newRecordForm{recs: recs, run: run, notes: notes, onOK: onOK}
	f.mrn = widget.NewEntry()
	f.name = widget.NewEntry()
	f.name.SetPlaceHolder("Last, First")
	f.dob = widget.NewEntry()
	f.dob.SetPlaceHolder("YYYY-MM-DD")
	f.sex = widget.NewSelect([]string{"F", "M", "U"}, nil)
	f.sex.SetSelected("U")
	f.account = widget.NewEntry()
	labels := make([]string, len(app.EncounterTypes))
	for i, t := range app.EncounterTypes {
		labels[i] = t.Label()
	}
	f.kind = widget.NewSelect(labels, nil)
	f.kind.SetSelectedIndex(0)
	f.service = widget.NewEntry()
	f.service.SetPlaceHolder("YYYY-MM-DD")
	f.discharge = widget.NewEntry()
	f.discharge.SetPlaceHolder("YYYY-MM-DD, inpatient only")
	f.provider = widget.NewEntry()
	f.msg = widget.NewLabel("")
	f.msg.Importance = widget.DangerImportance
	f.msg.Wrapping = fyne.TextWrapWord
	f.create = widget.NewButton("Create record", f.onCreate)
	f.create.Importance = widget.HighImportance
	for _, e := range []*widget.Entry{f.mrn, f.name, f.dob, f.account, f.service, f.discharge, f.provider} {
		e.OnSubmitted = func(string) { f.onCreate() }
	}
	f.ExtendBaseWidget(f)
	return f
}

func (f *newRecordForm) CreateRenderer() fyne.WidgetRenderer {
	form := widget.NewForm(
		widget.NewFormItem("MRN", f.mrn),
		widget.NewFormItem("Patient name", f.name),
		widget.NewFormItem("Date of birth", f.dob),
		widget.NewFormItem("Sex", f.sex),
		widget.NewFormItem("Account", f.account),
		widget.NewFormItem("Encounter", f.kind),
		widget.NewFormItem("Date of service", f.service),
		widget.NewFormItem("Discharge date", f.discharge),
		widget.NewFormItem("Provider", f.provider),
	)
	top := fyne.CanvasObject(widget.NewLabel(""))
	if len(f.notes) > 0 {
		names := make([]string, len(f.notes))
		for i, n := range f.notes {
			names[i] = n.Note.FileName
		}
		top = widget.NewLabel("Notes to attach: " + strings.Join(names, ", "))
	}
	cancel := widget.NewButton("Cancel", func() {
		if f.close != nil {
			f.close()
		}
	})
	return widget.NewSimpleRenderer(container.NewVBox(top, form, f.msg, container.NewHBox(layoutSpacer(), cancel, f.create)))
}

// record reads the form into a record, or says which field is wrong.
func (f *newRecordForm) record() (app.Record, error) {
	var r app.Record
	var err error
	r.Patient.MRN = strings.TrimSpace(f.mrn.Text)
	r.Patient.Name = strings.TrimSpace(f.name.Text)
	if s := strings.TrimSpace(f.dob.Text); s != "" {
		if r.Patient.DOB, err = app.ParseDate(s); err != nil {
			return r, fmt.Errorf("date of birth: %w", err)
		}
	}
	r.Patient.Sex = app.Sex(f.sex.Selected)
	r.Encounter.Account = strings.TrimSpace(f.account.Text)
	if i := f.kind.SelectedIndex(); i >= 0 {
		r.Encounter.Type = app.EncounterTypes[i]
	}
	if s := strings.TrimSpace(f.service.Text); s != "" {
		if r.Encounter.Service, err = app.ParseDate(s); err != nil {
			return r, fmt.Errorf("date of service: %w", err)
		}
	}
	if s := strings.TrimSpace(f.discharge.Text); s != "" {
		if r.Encounter.Discharge, err = app.ParseDate(s); err != nil {
			return r, fmt.Errorf("discharge date: %w", err)
		}
	}
	r.Encounter.Provider = strings.TrimSpace(f.provider.Text)
	r.Status = app.ToCode
	if !r.Patient.DOB.IsZero() && !r.Encounter.Service.IsZero() && r.Patient.DOB.After(r.Encounter.Service) {
		return r, errors.New("the date of birth is after the date of service")
	}
	return r, r.Validate()
}

func (f *newRecordForm) onCreate() {
	if f.create.Disabled() {
		return
	}
	r, err := f.record()
	if err != nil {
		f.msg.SetText(err.Error())
		return
	}
	f.msg.SetText("")
	f.create.Disable()
	var rec *app.Record
	notes := f.notes
	f.run.Serial(func() {
		rec, err = f.recs.Create(r)
		if err != nil {
			return
		}
		for _, n := range notes {
			n.Note.RecordID = rec.ID
			if _, err = f.recs.AddNote(rec.ID, n.Note, n.Original); err != nil {
				err = fmt.Errorf("the record was saved but the note %s was not: %w; import it again from the record", n.Note.FileName, err)
				return
			}
		}
	}, func() {
		f.create.Enable()
		if err != nil && rec == nil {
			f.msg.SetText(err.Error())
			return
		}
		if f.close != nil {
			f.close()
		}
		if err != nil {
			fyne.LogError("attach note", err)
			if w := fyne.CurrentApp().Driver().AllWindows(); len(w) > 0 {
				dialog.ShowError(err, w[0])
			}
		}
		f.onOK(rec)
	})
}

func showNewRecord(win fyne.Window, recs Records, run runner, notes []importedNote, onOK func(*app.Record)) *newRecordForm {
	f := newNewRecordForm(recs, run, notes, onOK)
	d := dialog.NewCustomWithoutButtons("New record", f, win)
	f.close = d.Hide
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
	win.Canvas().Focus(f.mrn)
	return f
}
