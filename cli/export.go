package cli

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/export"
)

const exportUsage = `codebench export --format csv|fhir --out FILE [--status final|all]
                 [--from YYYY-MM-DD] [--to YYYY-MM-DD] [ID...]

Writes coded records for the billing system.

  csv   one row per assigned code: record_id, mrn, account, encounter_type,
        service_date, discharge_date, sequence, role, system, code (with
        the dot), title, poa, fiscal_year, procedure_date. RFC 4180
        quoting, UTF-8, a header row.
  fhir  one FHIR R4 Bundle (JSON, type collection): a Patient per MRN, an
        Encounter per record with each diagnosis's sequence (rank) and role
        in Encounter.diagnosis, a Condition per ICD-10-CM code
        (http://hl7.org/fhir/sid/icd-10-cm) and a Procedure per ICD-10-PCS
        (http://www.cms.gov/Medicare/Coding/ICD10) or HCPCS
        (urn:oid:2.16.840.1.113883.6.285) code.

Records are selected by status (default final; --status all for every
status), by coding date (the discharge date of an inpatient stay, else
the date of service; --from and --to are inclusive), or by id. Records
without codes and the demo record (unless named) are left out.

The file holds protected health information: it is created readable by
you only and replaced only once complete. Every export is written to the
audit trail (format and counts, never the file name).`

func init() {
	register(Command{Name: "export", Summary: "write coded records for billing: codebench export --format csv|fhir --out FILE", Usage: exportUsage, Run: runExport})
}

func runExport(env *Env, args []string) error {
	fs := newFlags("export")
	format := fs.String("format", "", "csv or fhir")
	out := fs.String("out", "", "the file to write")
	status := fs.String("status", "", "final (default), all, or another status")
	from := fs.String("from", "", "first coding date, YYYY-MM-DD")
	to := fs.String("to", "", "last coding date, YYYY-MM-DD")
	ids, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	req, err := exportRequest(*format, *out, *status, *from, *to, ids)
	if err != nil {
		return err
	}
	s, err := openSession(env)
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := export.ToFile(s.Coding, s.Coding, req)
	if err != nil {
		if errors.Is(err, export.ErrNothing) {
			return fmt.Errorf("%w (%s)", err, skipped(res))
		}
		return err
	}
	fmt.Fprintf(env.Stderr, "codebench: wrote %s: %d records, %d codes (%s); the file holds patient information: keep it safe\n",
		req.Path, res.Records, res.Codes, skipped(res))
	return nil
}

// exportRequest checks the flags before anything is opened.
func exportRequest(format, out, status, from, to string, ids []string) (export.Request, error) {
	var req export.Request
	if format == "" {
		return req, fmt.Errorf("%w: say which format with --format csv or --format fhir", ErrUsage)
	}
	f, err := export.ParseFormat(format)
	if err != nil {
		return req, fmt.Errorf("%w: %w", ErrUsage, err)
	}
	if strings.TrimSpace(out) == "" {
		return req, fmt.Errorf("%w: say where to write the export with --out FILE%s", ErrUsage, f.Ext())
	}
	req = export.Request{Format: f, Path: out, Filter: export.Filter{IDs: ids}}
	switch strings.ToLower(strings.TrimSpace(status)) {
	case "":
		// Named records are exported in whatever status they are in;
		// otherwise only final records go to billing.
		if len(ids) == 0 {
			req.Filter.Status = app.Final
		}
	case "all", "any":
	default:
		st, err := app.ParseStatus(status)
		if err != nil {
			return req, fmt.Errorf("%w: %w", ErrUsage, err)
		}
		req.Filter.Status = st
	}
	for _, d := range []struct {
		flag, v string
		into    *time.Time
	}{{"--from", from, &req.Filter.From}, {"--to", to, &req.Filter.To}} {
		if d.v == "" {
			continue
		}
		t, err := app.ParseDate(d.v)
		if err != nil {
			return req, fmt.Errorf("%w: %s: %w", ErrUsage, d.flag, err)
		}
		*d.into = t
	}
	if !req.Filter.From.IsZero() && !req.Filter.To.IsZero() && req.Filter.From.After(req.Filter.To) {
		return req, fmt.Errorf("%w: %w", ErrUsage, export.ErrDates)
	}
	return req, nil
}

func skipped(r export.Result) string {
	return fmt.Sprintf("%d without codes and %d demo records left out", r.Uncoded, r.Demo)
}
