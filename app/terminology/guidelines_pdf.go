package terminology

import (
	"context"
	"fmt"

	"github.com/codebench/codebench/app/intake"
)

// guidelinesText extracts the text of each page of a guidelines PDF with
// the PDF engine notes are read with (PDFium in WebAssembly). The engine
// is shared by the process: whoever starts it first (intake.Warm) gives
// it its compilation cache.
func guidelinesText(ctx context.Context, b []byte) ([]string, error) {
	doc, err := intake.Open(ctx, "guidelines.pdf", b, intake.Options{NoOCR: true})
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
