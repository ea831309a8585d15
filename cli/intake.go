package cli

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/intake"
	"github.com/codebench/codebench/workstation"
)

// intakeOptions are what a command passes to intakeFile.
type intakeOptions struct {
	DataDir  string    // the PDF engine keeps its compiled code in DataDir/cache/pdfium
	Progress io.Writer // if set (a terminal), "name: page 3 of 20" lines go here
	Warn     io.Writer // where OCR problems are reported; nil: not reported
}

// intakeFile reads a note file through app/intake: text, .docx, images,
// multi-page TIFF and PDF, with OCR for scanned pages. It returns the
// pages, the media type and the original bytes, which are stored
// unchanged. A scan whose OCR is unavailable is still returned (its pages
// have no text) with a warning saying how to install tesseract.
func intakeFile(ctx context.Context, path string, o intakeOptions) ([]app.Page, string, []byte, error) {
	name := filepath.Base(path)
	opts := intake.Options{}
	if o.Progress != nil {
		opts.Progress = func(done, total int) {
			fmt.Fprintf(o.Progress, "\r%s: page %d of %d", name, done, total)
			if done == total {
				fmt.Fprintln(o.Progress)
			}
		}
	}
	w := workstation.New(workstation.Config{DataDir: o.DataDir, PDFCache: pdfCache})
	defer w.Close()
	doc, orig, err := w.Notes().OpenFile(ctx, path, opts)
	if err != nil {
		return nil, "", nil, err
	}
	defer doc.Close()
	if doc.OCRError != nil && o.Warn != nil {
		fmt.Fprintf(o.Warn, "warning: %s: %v; its scanned pages were added without text\n", name, doc.OCRError)
	}
	return doc.Pages, doc.MediaType, orig, nil
}

// envIntakeOptions reads notes for a command: the PDF engine's cache in
// the command's data folder, OCR warnings on stderr, and page progress
// there too when a person is watching a terminal.
func envIntakeOptions(env *Env) intakeOptions {
	o := intakeOptions{DataDir: env.DataDir, Warn: env.Stderr}
	if env.IsTerminal() {
		o.Progress = env.Stderr
	}
	return o
}
