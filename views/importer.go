package views

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/codebench/codebench/app"
)

// importedNote is a note read from a file, with the file's bytes, before
// it is saved on a record.
type importedNote struct {
	Note     app.Note
	Original []byte
}

// importer reads note files off the UI goroutine, one after the other,
// with a progress bar (OCR runs page by page) and Cancel.
type importer struct {
	win    fyne.Window
	intake Intake
	run    runner

	label    *widget.Label
	bar      *widget.ProgressBar
	cancel   *widget.Button
	dlg      dialog.Dialog
	stop     context.CancelFunc
	readFile func(string) ([]byte, error)
}

func newImporter(win fyne.Window, in Intake, run runner) *importer {
	im := &importer{win: win, intake: in, run: run, readFile: os.ReadFile}
	im.label = widget.NewLabel("")
	im.bar = widget.NewProgressBar()
	im.cancel = widget.NewButton("Cancel", func() {
		if im.stop != nil {
			im.stop()
		}
	})
	return im
}

func (im *importer) start(paths []string, done func([]importedNote), fail func(string, error)) {
	ctx, cancel := context.WithCancel(context.Background())
	im.stop = cancel
	im.label.SetText("Reading " + filepath.Base(paths[0]) + "…")
	im.dlg = dialog.NewCustomWithoutButtons("Importing notes", container.NewVBox(im.label, im.bar, container.NewCenter(im.cancel)), im.win)
	im.dlg.Resize(fyne.NewSize(420, 0))
	im.dlg.Show()
	var notes []importedNote
	var err error
	im.run.Go(func() {
		for i, p := range paths {
			name := filepath.Base(p)
			fyne.Do(func() { im.label.SetText(fmt.Sprintf("Reading %s (%d of %d)…", name, i+1, len(paths))) })
			data, rerr := im.readFile(p)
			if rerr != nil {
				err = fmt.Errorf("%s: %w", name, rerr)
				return
			}
			n, rerr := im.intake.Read(ctx, name, data, func(done, total int) {
				if total > 0 {
					fyne.Do(func() { im.bar.SetValue(float64(done) / float64(total)) })
				}
			})
			if rerr != nil {
				err = fmt.Errorf("%s: %w", name, rerr)
				return
			}
			if n.FileName == "" {
				n.FileName = name
			}
			notes = append(notes, importedNote{Note: n, Original: data})
		}
	}, func() {
		cancel()
		im.dlg.Hide()
		if errors.Is(err, context.Canceled) {
			return
		}
		if err != nil {
			fail("Could not read the note", fmt.Errorf("%w. Check that the file is a text, PNG, JPEG, TIFF or PDF note and is not damaged", err))
			if len(notes) == 0 {
				return
			}
		}
		done(notes)
	})
}
