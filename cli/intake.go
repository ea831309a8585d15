package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"golang.org/x/term"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/intake"
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
	if o.DataDir != "" {
		opts.CacheDir = filepath.Join(o.DataDir, "cache", "pdfium")
	}
	if o.Progress != nil {
		opts.Progress = func(done, total int) {
			fmt.Fprintf(o.Progress, "\r%s: page %d of %d", name, done, total)
			if done == total {
				fmt.Fprintln(o.Progress)
			}
		}
	}
	doc, orig, err := intake.OpenFile(ctx, path, opts)
	if err != nil {
		return nil, "", nil, err
	}
	defer doc.Close()
	if doc.OCRError != nil && o.Warn != nil {
		fmt.Fprintf(o.Warn, "warning: %s: %v; its scanned pages were added without text\n", name, doc.OCRError)
	}
	return doc.Pages, doc.MediaType, orig, nil
}

// defaultIntakeOptions suit a command without an Env at hand: the data
// folder from CODEBENCH_DATA or the per-user default, progress on
// standard error when it is a terminal.
func defaultIntakeOptions() intakeOptions {
	o := intakeOptions{Warn: os.Stderr}
	if d := os.Getenv("CODEBENCH_DATA"); d != "" {
		o.DataDir = d
	} else if d, err := app.DefaultDataDir(); err == nil {
		o.DataDir = d
	}
	if term.IsTerminal(int(os.Stderr.Fd())) {
		o.Progress = os.Stderr
	}
	return o
}
