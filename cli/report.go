package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/report"
)

// Where the CLI finds the facility for the summary header. The window
// keeps it in its settings (Fyne preferences), which the command line
// cannot read, so scripts pass it by flag or environment.
const (
	envFacility        = "CODEBENCH_FACILITY"
	envFacilityAddress = "CODEBENCH_FACILITY_ADDRESS"
)

const reportUsage = `codebench report ID --out FILE.pdf [--notes] [--facility NAME]
                 [--facility-address TEXT] [--page-size letter|a4]

Writes the record's PDF summary: facility, patient, encounter, the codes in
sequence with their titles, POA and fiscal year, coder comments, provider
queries, status and who coded and finalized it. --notes appends the text
of every note. --out - writes the PDF to standard output.

The facility header comes from --facility and --facility-address, else
$CODEBENCH_FACILITY and $CODEBENCH_FACILITY_ADDRESS (the window's Settings
are not visible to the command line). In --facility-address, "\n" starts a
new line. The file is readable by you only; every export is written to the
audit trail.`

const printUsage = `codebench print ID [--printer NAME] [--notes] [--facility NAME]
                [--facility-address TEXT] [--page-size letter|a4]

Prints the record's PDF summary (see codebench help report) on NAME, or on
the system's default printer: lp or lpr on Linux and macOS, the Windows
print spooler on Windows. With no printer set up it says so: use
codebench report ID --out FILE.pdf instead. Every print is written to the
audit trail.`

func init() {
	register(Command{Name: "report", Summary: "write a record's PDF summary: codebench report ID --out FILE.pdf", Usage: reportUsage, Run: runReport})
	register(Command{Name: "print", Summary: "print a record's PDF summary: codebench print ID [--printer NAME]", Usage: printUsage, Run: runPrint})
}

// summaryFlags are the flags report and print share.
type summaryFlags struct {
	notes             *bool
	facility, address *string
	pageSize          *string
}

func addSummaryFlags(fs *flag.FlagSet) summaryFlags {
	return summaryFlags{
		notes:    fs.Bool("notes", false, "append the text of every note"),
		facility: fs.String("facility", "", "facility name for the header (default $"+envFacility+")"),
		address:  fs.String("facility-address", "", "facility address; \\n starts a new line (default $"+envFacilityAddress+")"),
		pageSize: fs.String("page-size", "letter", "letter or a4"),
	}
}

func (f summaryFlags) options(env *Env, user string) report.Options {
	name := strings.TrimSpace(*f.facility)
	if name == "" {
		name = strings.TrimSpace(env.Getenv(envFacility))
	}
	addr := *f.address
	if strings.TrimSpace(addr) == "" {
		addr = env.Getenv(envFacilityAddress)
	}
	addr = strings.TrimSpace(strings.ReplaceAll(addr, `\n`, "\n"))
	return report.Options{
		Facility:        name,
		FacilityAddress: addr,
		IncludeNotes:    *f.notes,
		PrintedBy:       user,
		Now:             time.Now(),
		PageSize:        *f.pageSize,
	}
}

// oneID checks that exactly one record id was given.
func oneID(pos []string) (string, error) {
	switch len(pos) {
	case 0:
		return "", fmt.Errorf("%w: say which record (its id, e.g. R000001)", ErrUsage)
	case 1:
		return pos[0], nil
	}
	return "", fmt.Errorf("%w: one record at a time; unexpected %q", ErrUsage, pos[1])
}

// buildSummary loads the record and its notes and renders the PDF.
func buildSummary(s *session, id string, opt report.Options) (*app.Record, []byte, error) {
	rec, err := s.Coding.Record(id)
	if err != nil {
		return nil, nil, fmt.Errorf("record %s: %w", id, err)
	}
	notes := make([]app.Note, 0, len(rec.NoteIDs))
	for _, nid := range rec.NoteIDs {
		n, err := s.Coding.Note(nid)
		if err != nil {
			return nil, nil, fmt.Errorf("record %s: note %s: %w", id, nid, err)
		}
		notes = append(notes, *n)
	}
	var b bytes.Buffer
	if err := report.Summary(&b, rec, notes, opt); err != nil {
		return nil, nil, fmt.Errorf("record %s: %w", id, err)
	}
	return rec, b.Bytes(), nil
}

// withSummary parses a summary command's flags, opens the data folder and
// makes record ID's summary, then hands it to do. check, when set, checks
// the command's own flags before anything is opened.
func withSummary(env *Env, fs *flag.FlagSet, args []string, check func() error, do func(*session, *app.Record, []byte, report.Options) error) error {
	sf := addSummaryFlags(fs)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	id, err := oneID(pos)
	if err != nil {
		return err
	}
	if check != nil {
		if err := check(); err != nil {
			return err
		}
	}
	s, err := openSession(env)
	if err != nil {
		return err
	}
	defer s.Close()
	opt := sf.options(env, s.Coding.User())
	rec, pdf, err := buildSummary(s, id, opt)
	if err != nil {
		return err
	}
	return do(s, rec, pdf, opt)
}

func auditDetail(opt report.Options) string {
	d := "PDF summary"
	if opt.IncludeNotes {
		d += " with note text"
	}
	return d
}

func runReport(env *Env, args []string) error {
	fs := newFlags("report")
	out := fs.String("out", "", "where to write the PDF; - for standard output")
	return withSummary(env, fs, args, func() error {
		if *out == "" {
			return fmt.Errorf("%w: say where to write the PDF with --out FILE.pdf (or --out - for standard output)", ErrUsage)
		}
		return nil
	}, func(s *session, rec *app.Record, pdf []byte, opt report.Options) error {
		return exportSummary(env, s, rec, pdf, opt, *out)
	})
}

// exportSummary writes the summary to out (a file, or - for stdout) and
// audits the export.
func exportSummary(env *Env, s *session, rec *app.Record, pdf []byte, opt report.Options, out string) error {
	if out == "-" {
		// Audit first: once bytes reach the pipe they cannot be called back.
		if err := s.Coding.Log(app.AuditExported, rec.ID, auditDetail(opt)+" to standard output"); err != nil {
			return fmt.Errorf("record %s: not exported: the audit trail could not be written: %w", rec.ID, err)
		}
		_, err := env.Stdout.Write(pdf)
		return err
	}
	if err := report.WriteFile(out, pdf); err != nil {
		return fmt.Errorf("write %s: %w; nothing was exported", out, err)
	}
	// The path is left out of the audit detail: file names often carry
	// the patient's name.
	if err := s.Coding.Log(app.AuditExported, rec.ID, auditDetail(opt)+" to a file"); err != nil {
		os.Remove(out)
		return fmt.Errorf("record %s: the audit trail could not be written, so %s was removed again: %w", rec.ID, out, err)
	}
	fmt.Fprintf(env.Stderr, "codebench: wrote %s\n", out)
	return nil
}

func runPrint(env *Env, args []string) error {
	fs := newFlags("print")
	printer := fs.String("printer", "", "printer name (default: the system's default printer)")
	return withSummary(env, fs, args, nil, func(s *session, rec *app.Record, pdf []byte, opt report.Options) error {
		return printSummary(env, s, rec, pdf, opt, *printer)
	})
}

// printSummary sends the summary to printer ("" for the default) and
// audits the print.
func printSummary(env *Env, s *session, rec *app.Record, pdf []byte, opt report.Options, printer string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := report.Print(ctx, pdf, printer); err != nil {
		if errors.Is(err, report.ErrNoPrinter) {
			return fmt.Errorf("%w\n  codebench report %s --out FILE.pdf saves the summary instead", err, rec.ID)
		}
		return err
	}
	where := "the default printer"
	if printer != "" {
		where = "printer " + printer
	}
	if err := s.Coding.Log(app.AuditPrinted, rec.ID, auditDetail(opt)+" to "+where); err != nil {
		return fmt.Errorf("record %s was sent to %s, but the audit trail could not be written: %w", rec.ID, where, err)
	}
	fmt.Fprintf(env.Stderr, "codebench: sent record %s to %s\n", rec.ID, where)
	return nil
}
