package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/codebench/codebench/app/report"
	"github.com/codebench/codebench/workstation"
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

Prints the record's PDF summary (see codebench help report) on NAME, else
on $CODEBENCH_PRINTER, else on the system's default printer: lp or lpr on
Linux and macOS, the Windows print spooler on Windows. With no printer set
up it says so: use codebench report ID --out FILE.pdf instead. Every print
is written to the audit trail.`

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

// withSummary parses a summary command's flags, opens the data folder and
// makes record ID's summary, then hands it to do. check, when set, checks
// the command's own flags before anything is opened.
func withSummary(env *Env, fs *flag.FlagSet, args []string, check func() error, do func(*session, workstation.Summary) error) error {
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
	_, sum, err := s.RecordSummary(id, sf.options(env, s.User()))
	if err != nil {
		return err
	}
	return do(s, sum)
}

func runReport(env *Env, args []string) error {
	fs := newFlags("report")
	out := fs.String("out", "", "where to write the PDF; - for standard output")
	return withSummary(env, fs, args, func() error {
		if *out == "" {
			return fmt.Errorf("%w: say where to write the PDF with --out FILE.pdf (or --out - for standard output)", ErrUsage)
		}
		return nil
	}, func(s *session, sum workstation.Summary) error {
		if *out == "-" {
			return s.Write(sum, env.Stdout, "standard output")
		}
		if err := s.Save(sum, *out); err != nil {
			return err
		}
		fmt.Fprintf(env.Stderr, "codebench: wrote %s\n", *out)
		return nil
	})
}

func runPrint(env *Env, args []string) error {
	fs := newFlags("print")
	printer := fs.String("printer", "", "printer name (default: the system's default printer)")
	return withSummary(env, fs, args, nil, func(s *session, sum workstation.Summary) error {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		defer stop()
		where, err := s.Print(ctx, sum, *printer)
		if errors.Is(err, report.ErrNoPrinter) {
			return fmt.Errorf("%w\n  codebench report %s --out FILE.pdf saves the summary instead", err, sum.RecordID)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stderr, "codebench: sent record %s to %s\n", sum.RecordID, where)
		return nil
	})
}
