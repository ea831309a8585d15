package desktop

import (
	"bytes"
	"context"
	"os"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/report"
	"github.com/codebench/codebench/views"
)

// reporter makes the PDF summary and prints it with the system's printer
// ($CODEBENCH_PRINTER names one; otherwise the default).
type reporter struct{ w *wiring }

func (r *reporter) Summary(rec *app.Record, notes []app.Note, f views.Facility) ([]byte, error) {
	var by string
	if svc := r.w.service(); svc != nil {
		by = svc.User()
	}
	var b bytes.Buffer
	err := report.Summary(&b, rec, notes, report.Options{Facility: f.Name, FacilityAddress: f.Address, IncludeNotes: true, PrintedBy: by})
	if err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func (r *reporter) Print(ctx context.Context, pdf []byte) error {
	return report.Print(ctx, pdf, os.Getenv("CODEBENCH_PRINTER"))
}
