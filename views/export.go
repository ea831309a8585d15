package views

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/codebench/codebench/app"
)

// ExportRequest is one billing export asked for from File → Export….
type ExportRequest struct {
	Format   string     // "csv" or "fhir"
	Status   app.Status // "" for every status
	From, To time.Time  // coding dates, inclusive; zero for unbounded
	Path     string     // the file to write
}

// ExportResult says what an export wrote.
type ExportResult struct {
	Records, Codes int
	Uncoded, Demo  int // matched but left out: without codes, the demo record
}

// Exporter writes coded records for the billing system. A Session that
// implements it enables File → Export…; the export is written with
// owner-only permissions and audited by the implementation.
type Exporter interface {
	Export(r ExportRequest) (ExportResult, error)
}

// exportFormats are the formats offered, as (id, label).
var exportFormats = [][2]string{{"csv", "CSV (one row per code)"}, {"fhir", "FHIR R4 Bundle (JSON)"}}

// exportPHIWarning is shown above the button: the file leaves the
// encrypted database.
const exportPHIWarning = "The file will hold protected health information: MRNs, account numbers, dates of service " +
	"and diagnoses (and, in FHIR, names and dates of birth). It is not encrypted. Save it only where the " +
	"billing system picks it up, on a protected drive, and delete it once it is sent."

// exportForm is File → Export…: format, which records, the PHI warning,
// then a file to save to.
type exportForm struct {
	widget.BaseWidget
	win  fyne.Window
	exp  Exporter
	run  runner
	fail func(string, error)
	done func(string) // status line after a successful export; nil in tests

	format  *widget.Select
	status  *widget.Select
	from    *widget.Entry
	to      *widget.Entry
	warning *widget.Label
	info    *widget.Label
	export  *widget.Button
	close   func()
}

func newExportForm(win fyne.Window, exp Exporter, run runner, fail func(string, error)) *exportForm {
	e := &exportForm{win: win, exp: exp, run: run, fail: fail}
	var labels []string
	for _, f := range exportFormats {
		labels = append(labels, f[1])
	}
	e.format = widget.NewSelect(labels, nil)
	e.format.SetSelectedIndex(0)
	st := []string{"Final only (ready to bill)", "Every status"}
	e.status = widget.NewSelect(st, nil)
	e.status.SetSelectedIndex(0)
	e.from = widget.NewEntry()
	e.from.SetPlaceHolder("YYYY-MM-DD (optional)")
	e.to = widget.NewEntry()
	e.to.SetPlaceHolder("YYYY-MM-DD (optional)")
	e.warning = widget.NewLabel(exportPHIWarning)
	e.warning.Wrapping = fyne.TextWrapWord
	e.warning.Importance = widget.WarningImportance
	e.info = widget.NewLabel("Records without codes and the demo record are left out. Dates are coding dates: the discharge date of an inpatient stay, else the date of service.")
	e.info.Wrapping = fyne.TextWrapWord
	e.info.SizeName = theme.SizeNameCaptionText
	e.export = widget.NewButtonWithIcon("Export to a file…", theme.DocumentSaveIcon(), e.onExport)
	e.export.Importance = widget.HighImportance
	e.ExtendBaseWidget(e)
	return e
}

func (e *exportForm) CreateRenderer() fyne.WidgetRenderer {
	form := widget.NewForm(
		widget.NewFormItem("Format", e.format),
		widget.NewFormItem("Records", e.status),
		widget.NewFormItem("From", e.from),
		widget.NewFormItem("To", e.to),
	)
	cancel := widget.NewButton("Close", func() {
		if e.close != nil {
			e.close()
		}
	})
	warn := container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, e.warning)
	return widget.NewSimpleRenderer(container.NewVBox(form, e.info, warn, container.NewHBox(layout.NewSpacer(), cancel, e.export)))
}

// request reads the form; path is filled in later.
func (e *exportForm) request() (ExportRequest, error) {
	var r ExportRequest
	i := e.format.SelectedIndex()
	if i < 0 {
		return r, errors.New("pick a format")
	}
	r.Format = exportFormats[i][0]
	if e.status.SelectedIndex() == 0 {
		r.Status = app.Final
	}
	for _, d := range []struct {
		name string
		in   *widget.Entry
		out  *time.Time
	}{{"From", e.from, &r.From}, {"To", e.to, &r.To}} {
		if strings.TrimSpace(d.in.Text) == "" {
			continue
		}
		t, err := app.ParseDate(d.in.Text)
		if err != nil {
			return r, fmt.Errorf("%s: %w", d.name, err)
		}
		*d.out = t
	}
	if !r.From.IsZero() && !r.To.IsZero() && r.From.After(r.To) {
		return r, errors.New("the From date is after the To date")
	}
	return r, nil
}

func (e *exportForm) fileName(r ExportRequest) string {
	ext := ".csv"
	if r.Format == "fhir" {
		ext = ".json"
	}
	return "codebench-billing-" + time.Now().Format("2006-01-02") + ext
}

func (e *exportForm) onExport() {
	r, err := e.request()
	if err != nil {
		e.info.SetText(err.Error())
		return
	}
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			e.fail("Could not export", err)
			return
		}
		if wc == nil {
			return
		}
		path := wc.URI().Path()
		wc.Close()
		e.exportTo(path)
	}, e.win)
	d.SetFileName(e.fileName(r))
	d.Show()
}

// exportTo writes the export off the UI goroutine.
func (e *exportForm) exportTo(path string) {
	r, err := e.request()
	if err != nil {
		e.info.SetText(err.Error())
		return
	}
	r.Path = path
	e.export.Disable()
	e.info.SetText("Exporting…")
	var res ExportResult
	e.run.Go(func() { res, err = e.exp.Export(r) }, func() {
		e.export.Enable()
		left := fmt.Sprintf("%d without codes and %d demo record(s) left out", res.Uncoded, res.Demo)
		if err != nil {
			e.info.SetText("Nothing was exported (" + left + ").")
			e.fail("Could not export", err)
			return
		}
		msg := fmt.Sprintf("Exported %d records, %d codes (%s). The file holds patient information: keep it protected.", res.Records, res.Codes, left)
		e.info.SetText(msg)
		if e.done != nil {
			e.done(fmt.Sprintf("Exported %d records, %d codes", res.Records, res.Codes))
		}
	})
}

// onExport is File → Export….
func (u *ui) onExport() {
	if u.session == nil || u.locked {
		return
	}
	exp, ok := u.session.(Exporter)
	if !ok {
		dialog.ShowInformation("Export", "Export is not available in this build.", u.win)
		return
	}
	e := newExportForm(u.win, exp, u.run, u.fail)
	e.done = u.setStatus
	d := dialog.NewCustomWithoutButtons("Export to the billing system", e, u.win)
	e.close = d.Hide
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
}
