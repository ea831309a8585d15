package desktop

import (
	"bytes"
	"context"
	"fmt"
	"os"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/report"
	"github.com/codebench/codebench/views"
)

// reporter makes the PDF summary, prints it with the system's printer
// ($CODEBENCH_PRINTER names one; otherwise the default) or saves it, and
// writes every print and export to the audit trail.
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

func (r *reporter) Print(ctx context.Context, rec *app.Record, pdf []byte) error {
	printer := os.Getenv("CODEBENCH_PRINTER")
	if err := report.Print(ctx, pdf, printer); err != nil {
		return err
	}
	where := "the default printer"
	if printer != "" {
		where = "printer " + printer
	}
	return r.audit(app.AuditPrinted, rec, "PDF summary with note text to "+where)
}

func (r *reporter) Save(rec *app.Record, path string, pdf []byte) error {
	if err := report.WriteFile(path, pdf); err != nil {
		return fmt.Errorf("%w; nothing was saved", err)
	}
	// The path stays out of the audit detail: file names often carry the
	// patient's name.
	if err := r.audit(app.AuditExported, rec, "PDF summary with note text to a file"); err != nil {
		os.Remove(path)
		return fmt.Errorf("the audit trail could not be written, so the PDF was removed again: %w", err)
	}
	return nil
}

func (r *reporter) audit(action app.AuditAction, rec *app.Record, detail string) error {
	svc := r.w.service()
	if svc == nil {
		return fmt.Errorf("not signed in")
	}
	return svc.Log(action, rec.ID, detail)
}
