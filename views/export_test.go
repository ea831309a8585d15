package views

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/codebench/codebench/app"
)

type fakeExporter struct {
	got []ExportRequest
	err error
}

func (f *fakeExporter) Export(r ExportRequest) (ExportResult, error) {
	f.got = append(f.got, r)
	if f.err != nil {
		return ExportResult{Uncoded: 1}, f.err
	}
	return ExportResult{Records: 3, Codes: 7, Uncoded: 1, Demo: 1}, nil
}

// exportingSession is the fake session with File → Export… enabled.
type exportingSession struct {
	*fakeSession
	*fakeExporter
}

func menuItem(u *ui, menu, label string) *fyne.MenuItem {
	for _, m := range u.menu.Items {
		if m.Label != menu {
			continue
		}
		for _, it := range m.Items {
			if it.Label == label {
				return it
			}
		}
	}
	return nil
}

func TestExportMenuAndPHIWarning(t *testing.T) {
	f := newFixture(t)
	it := menuItem(f.u, "File", "Export…")
	if it == nil || !it.Disabled {
		t.Fatalf("File → Export… %v: want it disabled before sign-in", it)
	}
	f.signIn()
	if it.Disabled {
		t.Fatal("File → Export… disabled after sign-in")
	}
	exp := &fakeExporter{}
	f.u.session = &exportingSession{f.u.session.(*fakeSession), exp}
	it.Action()
	top := f.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no export dialog")
	}
	var form *exportForm
	walk(top, func(o fyne.CanvasObject) {
		if e, ok := o.(*exportForm); ok {
			form = e
		}
	})
	if form == nil {
		t.Fatal("the dialog holds no export form")
	}
	if !strings.Contains(form.warning.Text, "protected health information") || !form.warning.Visible() {
		t.Errorf("PHI warning %q", form.warning.Text)
	}
	form.exportTo("/safe/place/out.csv")
	if len(exp.got) != 1 || exp.got[0].Format != "csv" || exp.got[0].Status != app.Final || exp.got[0].Path != "/safe/place/out.csv" {
		t.Errorf("export asked for %+v", exp.got)
	}
	if !strings.Contains(f.u.statusText.Text, "Exported 3 records, 7 codes") || strings.Contains(f.u.statusText.Text, "/safe") {
		t.Errorf("status bar %q", f.u.statusText.Text)
	}
}

func TestExportForm(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	exp := &fakeExporter{}
	var failed []error
	e := newExportForm(w, exp, &syncRunner{}, func(_ string, err error) { failed = append(failed, err) })
	w.SetContent(e)

	e.format.SetSelectedIndex(1)
	e.status.SetSelectedIndex(1)
	test.Type(e.from, "2026-01-01")
	test.Type(e.to, "2026-01-31")
	e.exportTo("/x/out.json")
	if len(exp.got) != 1 {
		t.Fatalf("%d exports", len(exp.got))
	}
	r := exp.got[0]
	if r.Format != "fhir" || r.Status != "" || app.FormatDate(r.From) != "2026-01-01" || app.FormatDate(r.To) != "2026-01-31" {
		t.Errorf("request %+v", r)
	}
	if !strings.Contains(e.info.Text, "Exported 3 records, 7 codes (1 without codes and 1 demo") {
		t.Errorf("info %q", e.info.Text)
	}
	if e.fileName(r) == "" || !strings.HasSuffix(e.fileName(r), ".json") {
		t.Errorf("file name %q", e.fileName(r))
	}

	// A date typed wrong, or backwards, is refused before anything runs.
	e.from.SetText("1/2/2026")
	e.exportTo("/x/out.json")
	if len(exp.got) != 1 || !strings.Contains(e.info.Text, "YYYY-MM-DD") {
		t.Errorf("bad date: %d exports, info %q", len(exp.got), e.info.Text)
	}
	e.from.SetText("2026-02-01")
	e.exportTo("/x/out.json")
	if len(exp.got) != 1 || !strings.Contains(e.info.Text, "after the To date") {
		t.Errorf("backwards: %d exports, info %q", len(exp.got), e.info.Text)
	}

	// A failed export reaches the person.
	e.from.SetText("")
	exp.err = errors.New("no coded record matches: nothing was exported")
	e.exportTo("/x/out.json")
	if len(failed) != 1 || !strings.Contains(e.info.Text, "Nothing was exported") || e.export.Disabled() {
		t.Errorf("failure: %v, info %q, button disabled %v", failed, e.info.Text, e.export.Disabled())
	}
}
