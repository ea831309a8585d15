package views

import (
	"context"
	"fmt"
	"image"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/codebench/codebench/app"
)

// printPreview shows the record summary PDF page by page (rendered by the
// note reader's PDF renderer), and prints it or saves it as a PDF file.
type printPreview struct {
	widget.BaseWidget
	win      fyne.Window
	rec      *app.Record
	reporter Reporter
	intake   Intake
	run      runner
	fail     func(string, error)

	pdf   []byte
	doc   Document // the summary opened for the preview, closed once drawn
	pages *fyne.Container
	info  *widget.Label
	print *widget.Button
	save  *widget.Button
	close func()
}

func newPrintPreview(win fyne.Window, rec *app.Record, rep Reporter, in Intake, run runner, fail func(string, error)) *printPreview {
	p := &printPreview{win: win, rec: rec, reporter: rep, intake: in, run: run, fail: fail}
	p.pages = container.NewVBox()
	p.info = widget.NewLabel("Making the summary…")
	p.print = widget.NewButtonWithIcon("Print", theme.DocumentPrintIcon(), p.onPrint)
	p.print.Importance = widget.HighImportance
	p.save = widget.NewButtonWithIcon("Save as PDF…", theme.DocumentSaveIcon(), p.onSave)
	p.print.Disable()
	p.save.Disable()
	p.ExtendBaseWidget(p)
	return p
}

func (p *printPreview) CreateRenderer() fyne.WidgetRenderer {
	closeBtn := widget.NewButton("Close", func() {
		if p.close != nil {
			p.close()
		}
	})
	bar := container.NewBorder(nil, nil, nil, container.NewHBox(p.save, p.print, closeBtn), p.info)
	return widget.NewSimpleRenderer(container.NewBorder(nil, bar, nil, nil, container.NewVScroll(p.pages)))
}

// build makes the PDF off the UI goroutine; Print and Save work as soon as
// it exists, and the preview pages appear as they are rendered.
func (p *printPreview) build(notes []app.Note, f Facility) {
	rec := cloneRecord(p.rec)
	var pdf []byte
	var err error
	p.run.Go(func() { pdf, err = p.reporter.Summary(rec, notes, f) }, func() {
		if err != nil {
			p.info.SetText("The summary could not be made.")
			p.fail("Could not make the PDF summary", err)
			return
		}
		p.pdf = pdf
		p.print.Enable()
		p.save.Enable()
		p.info.SetText(fmt.Sprintf("Summary ready (%d KB). Drawing the preview…", (len(pdf)+1023)/1024))
		p.renderPages()
	})
}

// renderPages draws the pages one after the other, off the UI goroutine.
func (p *printPreview) renderPages() {
	if p.intake == nil {
		p.info.SetText("Summary ready; preview not available in this build.")
		return
	}
	pdf := p.pdf
	var doc Document
	var err error
	p.run.Go(func() { doc, err = p.intake.Open(context.Background(), summaryFileName(p.rec), pdf) }, func() {
		if err != nil {
			p.info.SetText("Preview not available (" + err.Error() + "); you can still print or save the PDF.")
			return
		}
		p.doc = doc
		p.renderPage(1, doc.PageCount())
	})
}

func (p *printPreview) renderPage(i, n int) {
	if i > n {
		p.info.SetText(fmt.Sprintf("%d page(s), %d KB", n, (len(p.pdf)+1023)/1024))
		p.doc.Close()
		return
	}
	doc := p.doc
	var img image.Image
	var err error
	p.run.Go(func() { img, err = doc.Render(context.Background(), i, 900) }, func() {
		if err != nil {
			p.info.SetText("Preview stopped at page " + fmt.Sprint(i) + " (" + err.Error() + "); you can still print or save the PDF.")
			doc.Close()
			return
		}
		im := canvas.NewImageFromImage(img)
		im.FillMode = canvas.ImageFillContain
		b := img.Bounds()
		im.SetMinSize(fyne.NewSize(float32(b.Dx())*0.7, float32(b.Dy())*0.7))
		p.pages.Add(container.NewCenter(im))
		p.info.SetText(fmt.Sprintf("Drawing page %d of %d…", i, n))
		p.renderPage(i+1, n)
	})
}

func (p *printPreview) onPrint() {
	if p.pdf == nil {
		return
	}
	p.print.Disable()
	p.info.SetText("Sending to the printer…")
	pdf, rec := p.pdf, cloneRecord(p.rec)
	var err error
	p.run.Go(func() { err = p.reporter.Print(context.Background(), rec, pdf) }, func() {
		p.print.Enable()
		if err != nil {
			p.info.SetText("Not printed.")
			p.fail("Could not print", err)
			return
		}
		p.info.SetText("Sent to the printer.")
	})
}

func (p *printPreview) onSave() {
	if p.pdf == nil {
		return
	}
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			p.fail("Could not save the PDF", err)
			return
		}
		if wc == nil {
			return
		}
		path := wc.URI().Path()
		wc.Close()
		p.saveTo(path)
	}, p.win)
	d.SetFileName(summaryFileName(p.rec))
	d.Show()
}

// saveTo writes the PDF off the UI goroutine.
func (p *printPreview) saveTo(path string) {
	pdf, rec := p.pdf, cloneRecord(p.rec)
	var err error
	p.run.Go(func() { err = p.reporter.Save(rec, path, pdf) }, func() {
		if err != nil {
			p.fail("Could not save the PDF", fmt.Errorf("%w. Choose another folder, or free some disk space", err))
			return
		}
		p.info.SetText("Saved " + path)
	})
}

func summaryFileName(r *app.Record) string {
	mrn := strings.Map(func(c rune) rune {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' {
			return c
		}
		return '_'
	}, r.Patient.MRN)
	return fmt.Sprintf("codebench-%s-%s.pdf", mrn, app.FormatDate(r.Encounter.Service))
}

func showPrintPreview(win fyne.Window, rec *app.Record, notes []app.Note, f Facility, rep Reporter, in Intake, run runner, fail func(string, error)) *printPreview {
	p := newPrintPreview(win, rec, rep, in, run, fail)
	d := dialog.NewCustomWithoutButtons("Print summary", p, win)
	p.close = d.Hide
	s := win.Canvas().Size()
	d.Resize(fyne.NewSize(s.Width*0.8, s.Height*0.9))
	d.Show()
	p.build(notes, f)
	return p
}
