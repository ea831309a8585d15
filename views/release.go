package views

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/codebench/codebench/app"
)

// onImportRelease lets the coder pick an official code-set release file
// (a CMS zip as downloaded, an order file, Tabular/Index XML, the HCPCS
// workbook) and adds it to the code sets in the data folder, e.g. the next
// fiscal year's release before Codebench itself is updated.
func (u *ui) onImportRelease() {
	if u.deps.ImportRelease == nil {
		u.fail("Cannot import code sets", errors.New("this build cannot import code-set releases"))
		return
	}
	if u.session == nil {
		u.fail("Cannot import code sets", errors.New("sign in first: the import is recorded in the audit trail under your name"))
		return
	}
	u.pickFile(func(path string) { u.importRelease([]string{path}, false) })
}

// ErrReleaseShrinks is what ImportRelease wraps when the release would
// remove more than a handful of codes from a fiscal year the code sets
// already hold (usually a file cut short or the wrong file).
var ErrReleaseShrinks = errors.New("the release would remove codes from a fiscal year")

// importRelease runs the import off the UI goroutine with a progress
// dialog and Cancel, then reloads the code sets so searches and edits use
// the new release. An import that would remove codes from a year is
// imported only when the coder confirms it (force).
func (u *ui) importRelease(paths []string, force bool) {
	ctx, cancel := context.WithCancel(context.Background())
	bar := widget.NewProgressBar()
	what := widget.NewLabel("Reading " + paths[0] + "…")
	what.Wrapping = fyne.TextWrapWord
	prog := dialog.NewCustom("Import code-set release", "Cancel", container.NewVBox(what, bar), u.win)
	prog.SetOnClosed(cancel)
	prog.Resize(fyne.NewSize(520, 160))
	prog.Show()
	var summary string
	var err error
	u.run.Go(func() {
		summary, err = u.deps.ImportRelease(ctx, paths, force, func(f float64, w string) {
			onUI(func() {
				bar.SetValue(f)
				what.SetText(w)
			})
		})
	}, func() {
		canceled := ctx.Err() != nil
		prog.Hide()
		cancel()
		switch {
		case err != nil && canceled:
			u.statusText.SetText("Code-set import cancelled; nothing was changed.")
		case errors.Is(err, ErrReleaseShrinks) && !force:
			fyne.LogError("code-set import refused", err)
			dialog.ShowConfirm("Import anyway?", err.Error()+"\n\nNothing was changed. Import this release anyway?", func(ok bool) {
				if ok {
					u.importRelease(paths, true)
				}
			}, u.win)
		case err != nil:
			u.fail("Could not import the code-set release", err)
		default:
			u.statusText.SetText("Imported " + summary)
			u.reloadCodebook()
		}
	})
}

// reloadCodebook loads the code sets again and hands them to the open
// record's search and edits.
func (u *ui) reloadCodebook() {
	u.loadCodebook()
	u.onCodebook(func(b *Codebook, err error) {
		if u.ws != nil {
			u.ws.setCodebook(b, err)
		}
	})
}

// onAbout shows the version and the loaded code sets: which systems and
// years, and which years and parts of the official releases are missing
// with how to import them.
func (u *ui) onAbout() {
	text := app.Name + " " + app.Version +
		"\nMedical record coding workstation: ICD-10-CM, ICD-10-PCS and HCPCS Level II, offline." +
		"\nCode sets: CMS/CDC public releases. Apache-2.0.\n\n" + u.codeSetsAbout()
	msg := widget.NewLabel(text)
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom("About "+app.Name, "OK", msg, u.win)
	d.Resize(fyne.NewSize(560, 320))
	d.Show()
}

// codeSetsAbout says which code sets are loaded and what they lack.
func (u *ui) codeSetsAbout() string {
	switch {
	case u.book == nil && u.bookDone:
		return "Code sets: not loaded."
	case u.book == nil:
		return "Code sets: loading…"
	case u.book.Missing == "":
		return "Code sets: " + u.book.About + "."
	}
	return "Code sets: " + u.book.About + ".\n" + u.book.Missing
}
