// Package export writes coded records for the billing system: a CSV file
// with one row per assigned code, or a FHIR R4 Bundle (Patient, Encounter,
// Condition, Procedure). It selects the records, writes the file
// atomically with owner-only permissions and writes the export to the
// audit trail. The window and the command line both call ToFile; it
// imports neither Fyne nor Badger: records and the audit trail come in
// through Source and Auditor.
package export

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/codebench/codebench/app"
)

// Format is the kind of file an export writes.
type Format string

// Formats.
const (
	CSV  Format = "csv"  // one row per assigned code, RFC 4180, UTF-8, with a header
	FHIR Format = "fhir" // one FHIR R4 Bundle (JSON) of type collection
)

// Formats lists every format in display order.
var Formats = []Format{CSV, FHIR}

// Label is the name a coder reads.
func (f Format) Label() string {
	switch f {
	case CSV:
		return "CSV"
	case FHIR:
		return "FHIR R4 Bundle (JSON)"
	}
	return string(f)
}

// Ext is the file name extension the format's files usually carry.
func (f Format) Ext() string {
	if f == FHIR {
		return ".json"
	}
	return ".csv"
}

// ParseFormat accepts "csv" or "fhir" in any case.
func ParseFormat(s string) (Format, error) {
	switch Format(strings.ToLower(strings.TrimSpace(s))) {
	case CSV:
		return CSV, nil
	case FHIR, "fhir-r4", "json":
		return FHIR, nil
	}
	return "", fmt.Errorf("%w %q: use csv or fhir", ErrFormat, s)
}

// Errors of an export; callers test them with errors.Is.
var (
	// ErrFormat means the format is neither csv nor fhir.
	ErrFormat = errors.New("unknown export format")
	// ErrNothing means no coded record matched the selection, so no file was written.
	ErrNothing = errors.New("no coded record matches: nothing was exported")
	// ErrDates means the date range is backwards.
	ErrDates = errors.New("the --from date is after the --to date")
)

// Filter selects the records to export.
type Filter struct {
	// Status keeps records in that status; "" keeps every status.
	Status app.Status
	// From and To bound the coding date (the discharge date of an
	// inpatient stay, else the date of service: the date the claim is
	// billed for), both inclusive; zero means unbounded.
	From, To time.Time
	// IDs exports these records only; empty selects from every record.
	IDs []string
}

// Source is where the records come from; *coding.Service provides it.
type Source interface {
	List(f app.ListFilter) (app.Worklist, error)
	Record(id string) (*app.Record, error)
}

// Auditor writes events to the audit trail in one save; the coding
// service provides it.
type Auditor interface {
	AuditAll(events ...app.AuditEvent) error
}

// Selection is the records an export holds, in order of coding date and
// id, and what was left out.
type Selection struct {
	Records []*app.Record
	// Uncoded is how many records matched but have no codes (nothing to bill).
	Uncoded int
	// Demo is how many made-up demo records were left out.
	Demo int
}

// Codes is the number of assigned codes in the selection (CSV rows).
func (s Selection) Codes() int {
	n := 0
	for _, r := range s.Records {
		n += len(r.Assignments)
	}
	return n
}

// Select loads the records f names. Records without codes are left out
// (a billing system has nothing to do with them), and so is the demo
// record unless its id is named.
func Select(src Source, f Filter) (Selection, error) {
	var sel Selection
	if !f.From.IsZero() && !f.To.IsZero() && f.From.After(f.To) {
		return sel, ErrDates
	}
	named := len(f.IDs) > 0
	ids := f.IDs
	if !named {
		wl, err := src.List(app.ListFilter{Status: f.Status, Oldest: true})
		if err != nil {
			return sel, fmt.Errorf("list the records: %w", err)
		}
		for _, s := range wl.Records {
			ids = append(ids, s.ID)
		}
	}
	seen := map[string]bool{}
	for _, id := range ids {
		id = strings.ToUpper(strings.TrimSpace(id))
		if seen[id] {
			continue
		}
		seen[id] = true
		r, err := src.Record(id)
		if err != nil {
			return sel, fmt.Errorf("record %s: %w", id, err)
		}
		if f.Status != "" && r.Status != f.Status {
			continue
		}
		d := day(r.Encounter.CodingDate())
		if (!f.From.IsZero() && d.Before(day(f.From))) || (!f.To.IsZero() && d.After(day(f.To))) {
			continue
		}
		if r.Demo && !named {
			sel.Demo++
			continue
		}
		if len(r.Assignments) == 0 {
			sel.Uncoded++
			continue
		}
		sel.Records = append(sel.Records, r)
	}
	sort.SliceStable(sel.Records, func(i, j int) bool {
		a, b := sel.Records[i], sel.Records[j]
		da, db := a.Encounter.CodingDate(), b.Encounter.CodingDate()
		if !da.Equal(db) {
			return da.Before(db)
		}
		return a.ID < b.ID
	})
	return sel, nil
}

func day(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }

// Write writes recs to w in format f.
func Write(w io.Writer, f Format, recs []*app.Record, now time.Time) error {
	switch f {
	case CSV:
		return WriteCSV(w, recs)
	case FHIR:
		return WriteFHIR(w, recs, now)
	}
	return fmt.Errorf("%w %q: use csv or fhir", ErrFormat, f)
}
