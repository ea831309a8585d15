package views

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
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
	u.pickFile(func(path string) { u.importRelease([]string{path}) })
}

// importRelease runs the import off the UI goroutine with a progress
// dialog and Cancel, then reloads the code sets so searches and edits use
// the new release.
func (u *ui) importRelease(paths []string) {
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
		summary, err = u.deps.ImportRelease(ctx, paths, func(f float64, w string) {
			fyne.Do(func() {
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
