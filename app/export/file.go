package export

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/codebench/codebench/app"
)

// Request is one export: what to select, in which format, to which file.
type Request struct {
	Format Format
	Filter Filter
	// Path is the file to write. It is created readable and writable by
	// its owner only (0600) and replaced only once it is complete.
	Path string
	// Now stamps the FHIR Bundle; zero means time.Now.
	Now time.Time
}

// Result says what an export wrote.
type Result struct {
	Records int // records in the file
	Codes   int // assigned codes in the file (CSV rows after the header)
	Uncoded int // records that matched but had no codes, left out
	Demo    int // demo records left out
}

// ToFile selects the records, writes them to req.Path and writes the
// export to the audit trail: one entry for the export (format, how many
// records and codes) and one on each record exported, so each record's
// history shows the disclosure. The file's path and contents are never
// audited (file names often carry a patient's name). The file is written
// to a temporary file in the same folder first and renamed into place
// only after the audit entries are saved, so no file leaves Codebench
// without its audit entry and a failed write leaves any earlier file at
// the path untouched.
func ToFile(src Source, aud Auditor, req Request) (Result, error) {
	if _, err := ParseFormat(string(req.Format)); err != nil {
		return Result{}, err
	}
	if strings.TrimSpace(req.Path) == "" {
		return Result{}, fmt.Errorf("say where to write the %s export", req.Format.Label())
	}
	sel, err := Select(src, req.Filter)
	if err != nil {
		return Result{}, err
	}
	res := Result{Records: len(sel.Records), Codes: sel.Codes(), Uncoded: sel.Uncoded, Demo: sel.Demo}
	if len(sel.Records) == 0 {
		return res, ErrNothing
	}
	now := req.Now
	if now.IsZero() {
		now = time.Now()
	}
	dir := filepath.Dir(req.Path)
	// CreateTemp makes the file 0600: only its owner can read the PHI in it.
	f, err := os.CreateTemp(dir, ".codebench-export-*.tmp")
	if err != nil {
		return res, fmt.Errorf("write the export in %s: %w; nothing was exported", dir, err)
	}
	tmp := f.Name()
	fail := func(err error) (Result, error) {
		f.Close()
		os.Remove(tmp)
		return res, err
	}
	bw := bufio.NewWriterSize(f, 64<<10)
	if err := Write(bw, req.Format, sel.Records, now); err != nil {
		return fail(fmt.Errorf("write the export: %w; nothing was exported", err))
	}
	if err := bw.Flush(); err != nil {
		return fail(fmt.Errorf("write the export: %w; nothing was exported", err))
	}
	if err := f.Sync(); err != nil {
		return fail(fmt.Errorf("write the export: %w; nothing was exported", err))
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return res, fmt.Errorf("write the export: %w; nothing was exported", err)
	}
	if err := aud.AuditAll(auditEvents(req.Format, sel)...); err != nil {
		os.Remove(tmp)
		return res, fmt.Errorf("the audit trail could not be written, so nothing was exported: %w", err)
	}
	if err := os.Rename(tmp, req.Path); err != nil {
		os.Remove(tmp)
		return res, fmt.Errorf("write the export: %w (the export is in the audit trail, but no file was written)", err)
	}
	return res, nil
}

// auditEvents are the export's audit entries: counts and record ids
// only, never patient details, the file name or its contents.
func auditEvents(f Format, sel Selection) []app.AuditEvent {
	what := fmt.Sprintf("%s billing export", strings.ToUpper(string(f)))
	events := make([]app.AuditEvent, 0, len(sel.Records)+1)
	events = append(events, app.AuditEvent{Action: app.AuditExported,
		Detail: fmt.Sprintf("%s of %d records, %d codes, to a file", what, len(sel.Records), sel.Codes())})
	for _, r := range sel.Records {
		events = append(events, app.AuditEvent{Action: app.AuditExported, RecordID: r.ID,
			Detail: fmt.Sprintf("%s: %d codes, to a file", what, len(r.Assignments))})
	}
	return events
}
