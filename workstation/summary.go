package workstation

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/report"
)

// EnvPrinter names the printer summaries go to when the caller names
// none; unset means the system's default printer.
const EnvPrinter = "CODEBENCH_PRINTER"

// Summary is a record's PDF summary, ready to save or print.
type Summary struct {
	RecordID string
	PDF      []byte
	// Notes says the note text is included, which the audit entry records.
	Notes bool
}

// Summary makes rec's PDF summary with notes (the record's notes, for the
// text when opt.IncludeNotes is set). PrintedBy and Now default to the
// signed-in user and the time now.
func (s *Session) Summary(rec *app.Record, notes []app.Note, opt report.Options) (Summary, error) {
	if opt.PrintedBy == "" {
		opt.PrintedBy = s.User()
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	var b bytes.Buffer
	if err := report.Summary(&b, rec, notes, opt); err != nil {
		return Summary{}, fmt.Errorf("record %s: %w", rec.ID, err)
	}
	return Summary{RecordID: rec.ID, PDF: b.Bytes(), Notes: opt.IncludeNotes}, nil
}

// RecordSummary loads record id and its notes and makes its summary.
func (s *Session) RecordSummary(id string, opt report.Options) (*app.Record, Summary, error) {
	rec, err := s.Coding.Record(id)
	if err != nil {
		return nil, Summary{}, fmt.Errorf("record %s: %w", id, err)
	}
	notes := make([]app.Note, 0, len(rec.NoteIDs))
	for _, nid := range rec.NoteIDs {
		n, err := s.Coding.Note(nid)
		if err != nil {
			return nil, Summary{}, fmt.Errorf("record %s: note %s: %w", id, nid, err)
		}
		notes = append(notes, *n)
	}
	sum, err := s.Summary(rec, notes, opt)
	return rec, sum, err
}

func (sum Summary) detail(to string) string {
	d := "PDF summary"
	if sum.Notes {
		d += " with note text"
	}
	return d + " to " + to
}

// Save writes the summary to path (readable by the owner only, replacing
// it only once the whole file is written) and audits the export. When the
// audit cannot be written the file is removed again. The path stays out
// of the audit entry: file names often carry the patient's name.
func (s *Session) Save(sum Summary, path string) error {
	if err := report.WriteFile(path, sum.PDF); err != nil {
		return fmt.Errorf("write %s: %w; nothing was exported", path, err)
	}
	if err := s.Coding.Log(app.AuditExported, sum.RecordID, sum.detail("a file")); err != nil {
		os.Remove(path)
		return fmt.Errorf("record %s: the audit trail could not be written, so %s was removed again: %w", sum.RecordID, path, err)
	}
	return nil
}

// Write audits the export, then writes the summary to w (where names it
// in the audit entry, e.g. "standard output"): once bytes reach a pipe
// they cannot be called back, so the audit comes first.
func (s *Session) Write(sum Summary, w io.Writer, where string) error {
	if err := s.Coding.Log(app.AuditExported, sum.RecordID, sum.detail(where)); err != nil {
		return fmt.Errorf("record %s: not exported: the audit trail could not be written: %w", sum.RecordID, err)
	}
	_, err := w.Write(sum.PDF)
	return err
}

// Print sends the summary to printer (""; $CODEBENCH_PRINTER, else the
// system's default) and audits the print. It returns where it went, e.g.
// "the default printer". Without a printer it is report.ErrNoPrinter.
func (s *Session) Print(ctx context.Context, sum Summary, printer string) (string, error) {
	if printer == "" {
		printer = s.w.cfg.Getenv(EnvPrinter)
	}
	where := "the default printer"
	if printer != "" {
		where = "printer " + printer
	}
	if err := report.Print(ctx, sum.PDF, printer); err != nil {
		if errors.Is(err, report.ErrNoPrinter) {
			return "", err
		}
		return "", fmt.Errorf("record %s: not printed on %s: %w", sum.RecordID, where, err)
	}
	if err := s.Coding.Log(app.AuditPrinted, sum.RecordID, sum.detail(where)); err != nil {
		return where, fmt.Errorf("record %s was sent to %s, but the audit trail could not be written: %w", sum.RecordID, where, err)
	}
	return where, nil
}
