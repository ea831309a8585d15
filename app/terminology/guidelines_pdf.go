package terminology

import (
	"context"
	"fmt"

	"github.com/codebench/codebench/app/intake"
)

// ImportOption tunes Import and ImportRelease.
type ImportOption func(*importer)

// WithPDFReader reads guideline PDFs with r, whose PDF engine keeps its
// compiled code in r's cache folder (the data folder's, or the user's
// cache for a build). Without it the PDFs go through an engine with no
// cache, which takes a few seconds longer to start.
func WithPDFReader(r *intake.Reader) ImportOption {
	return func(imp *importer) { imp.pdf = r }
}

// guidelinesText extracts the text of each page of a guidelines PDF with
// the PDF engine notes are read with (PDFium in WebAssembly).
func (imp *importer) guidelinesText(ctx context.Context, b []byte) ([]string, error) {
	open := intake.Open
	if imp.pdf != nil {
		open = imp.pdf.Open
	}
	doc, err := open(ctx, "guidelines.pdf", b, intake.Options{NoOCR: true})
	if err != nil {
		return nil, fmt.Errorf("%w: reading the PDF: %v", ErrMalformed, err)
	}
	defer doc.Close()
	pages := make([]string, len(doc.Pages))
	for i, p := range doc.Pages {
		pages[i] = p.Text
	}
	return pages, nil
}
