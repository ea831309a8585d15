//go:build !windows

package report

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fakeSpooler puts fake lp/lpr/lpstat scripts (and nothing else) on PATH.
// Each records its arguments, its LC_ALL and its standard input in dir.
type fakeSpooler struct {
	t   *testing.T
	dir string
}

func newFakeSpooler(t *testing.T) *fakeSpooler {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("PATH", dir)
	t.Setenv("LPDEST", "")
	t.Setenv("PRINTER", "")
	return &fakeSpooler{t, dir}
}

// tool writes a script named name that records its call and then runs body.
func (f *fakeSpooler) tool(name, body string) {
	f.t.Helper()
	script := "#!/bin/sh\nPATH=/usr/bin:/bin\n" +
		`printf '%s\n' "$@" > "` + filepath.Join(f.dir, name+".args") + "\"\n" +
		`printf '%s' "$LC_ALL" > "` + filepath.Join(f.dir, name+".lcall") + "\"\n" +
		body + "\n"
	if err := os.WriteFile(filepath.Join(f.dir, name), []byte(script), 0o755); err != nil {
		f.t.Fatal(err)
	}
}

// lp installs a fake lp that saves what it is given to print.
func (f *fakeSpooler) lp(extra string) {
	f.tool("lp", `cat > "`+filepath.Join(f.dir, "lp.stdin")+"\"\n"+extra+"\necho 'request id is Fake-1 (0 file(s))'")
}

func (f *fakeSpooler) lpstat(out string) { f.tool("lpstat", "echo '"+out+"'") }

func (f *fakeSpooler) called(name string) ([]string, bool) {
	b, err := os.ReadFile(filepath.Join(f.dir, name+".args"))
	if err != nil {
		return nil, false
	}
	s := strings.TrimSuffix(string(b), "\n")
	if s == "" {
		return nil, true
	}
	return strings.Split(s, "\n"), true
}

func (f *fakeSpooler) read(name string) []byte {
	b, err := os.ReadFile(filepath.Join(f.dir, name))
	if err != nil {
		f.t.Fatalf("%s: %v", name, err)
	}
	return b
}

var samplePDF = []byte("%PDF-1.3\nmade-up document\n%%EOF\n")

func TestPrintNamedPrinterUsesLp(t *testing.T) {
	f := newFakeSpooler(t)
	f.lp("")
	f.lpstat("no system default destination") // not consulted for a named printer
	if err := Print(context.Background(), samplePDF, " Front_Desk "); err != nil {
		t.Fatalf("Print: %v", err)
	}
	args, _ := f.called("lp")
	if want := []string{"-t", JobTitle, "-d", "Front_Desk"}; strings.Join(args, "|") != strings.Join(want, "|") {
		t.Errorf("lp args = %q, want %q", args, want)
	}
	if got := f.read("lp.stdin"); !bytes.Equal(got, samplePDF) {
		t.Errorf("lp got %q on stdin, want the PDF", got)
	}
	if got := string(f.read("lp.lcall")); got != "C" {
		t.Errorf("lp ran with LC_ALL=%q, want C so its messages can be read", got)
	}
	if _, ok := f.called("lpstat"); ok {
		t.Error("lpstat was consulted for a named printer")
	}
}

func TestPrintDefaultPrinter(t *testing.T) {
	f := newFakeSpooler(t)
	f.lp("")
	f.lpstat("system default destination: Back_Office")
	if err := Print(context.Background(), samplePDF, ""); err != nil {
		t.Fatalf("Print: %v", err)
	}
	args, _ := f.called("lp")
	if want := []string{"-t", JobTitle}; strings.Join(args, "|") != strings.Join(want, "|") {
		t.Errorf("lp args = %q, want %q (no -d: the default printer)", args, want)
	}
	if args, _ := f.called("lpstat"); strings.Join(args, " ") != "-d" {
		t.Errorf("lpstat args = %q, want -d", args)
	}
}

func TestPrintNoDefaultPrinter(t *testing.T) {
	f := newFakeSpooler(t)
	f.lp("")
	f.lpstat("no system default destination")
	err := Print(context.Background(), samplePDF, "")
	if !errors.Is(err, ErrNoPrinter) {
		t.Fatalf("Print = %v, want ErrNoPrinter", err)
	}
	if err.Error() != "No printer is set up on this computer: use Save as PDF…" {
		t.Errorf("message = %q", err)
	}
	if _, ok := f.called("lp"); ok {
		t.Error("lp ran although there is no default printer")
	}
}

func TestPrintEnvironmentDefault(t *testing.T) {
	f := newFakeSpooler(t)
	f.lp("")
	f.lpstat("no system default destination")
	t.Setenv("PRINTER", "Ward_3")
	if err := Print(context.Background(), samplePDF, ""); err != nil {
		t.Fatalf("PRINTER set: %v", err)
	}
}

func TestPrintNoSpooler(t *testing.T) {
	newFakeSpooler(t) // an empty PATH: no lp, no lpr
	err := Print(context.Background(), samplePDF, "Front_Desk")
	if !errors.Is(err, ErrNoPrinter) {
		t.Fatalf("Print = %v, want ErrNoPrinter", err)
	}
	if !strings.HasPrefix(err.Error(), "No printer is set up on this computer: use Save as PDF…") {
		t.Errorf("message = %q", err)
	}
}

func TestPrintFallsBackToLpr(t *testing.T) {
	f := newFakeSpooler(t)
	f.tool("lpr", `cat > "`+filepath.Join(f.dir, "lpr.stdin")+`"`)
	if err := Print(context.Background(), samplePDF, "Front_Desk"); err != nil {
		t.Fatalf("Print: %v", err)
	}
	args, _ := f.called("lpr")
	if want := []string{"-T", JobTitle, "-P", "Front_Desk"}; strings.Join(args, "|") != strings.Join(want, "|") {
		t.Errorf("lpr args = %q, want %q", args, want)
	}
	if got := f.read("lpr.stdin"); !bytes.Equal(got, samplePDF) {
		t.Errorf("lpr got %q on stdin", got)
	}
}

func TestPrintSpoolerErrors(t *testing.T) {
	tests := []struct {
		name, printer, lpOut string
		noPrinter            bool
		want                 string
	}{
		{"no default", "", "lp: Error - No default destination.", true, "No default destination"},
		{"scheduler down", "", "lp: Error - scheduler is not running.", true, "scheduler is not running"},
		{"unknown printer", "Nowhere", "lp: Error - The printer or class does not exist.", false, `printer "Nowhere" is not set up on this computer`},
		{"other failure", "Front_Desk", "lp: Error - printer is paused and full.", false, "lp failed: lp: Error - printer is paused and full."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeSpooler(t)
			f.tool("lp", "cat >/dev/null\necho '"+tt.lpOut+"' >&2\nexit 1")
			err := Print(context.Background(), samplePDF, tt.printer)
			if err == nil {
				t.Fatal("Print succeeded; lp failed")
			}
			if errors.Is(err, ErrNoPrinter) != tt.noPrinter {
				t.Errorf("errors.Is(%v, ErrNoPrinter) = %v, want %v", err, !tt.noPrinter, tt.noPrinter)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q lacks %q", err, tt.want)
			}
		})
	}
}

func TestPrintHonoursContext(t *testing.T) {
	f := newFakeSpooler(t)
	f.lp("sleep 5")
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := Print(ctx, samplePDF, "Front_Desk")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Print = %v, want the deadline error", err)
	}
	if time.Since(start) > 4*time.Second {
		t.Error("Print waited for lp after the context ended")
	}
}

func TestPrintRejectsNonPDF(t *testing.T) {
	f := newFakeSpooler(t)
	f.lp("")
	if err := Print(context.Background(), []byte("hello"), "Front_Desk"); !errors.Is(err, ErrNotPDF) {
		t.Errorf("Print(text) = %v, want ErrNotPDF", err)
	}
	if _, ok := f.called("lp"); ok {
		t.Error("lp ran for something that is not a PDF")
	}
	if err := PrintFile(context.Background(), filepath.Join(f.dir, "missing.pdf"), "X"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("PrintFile(missing) = %v", err)
	}
}

func TestPrintFileRealSummary(t *testing.T) {
	f := newFakeSpooler(t)
	f.lp("")
	pdf := render(t, inpatientRecord(), nil, testOptions())
	path := filepath.Join(t.TempDir(), "summary.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := PrintFile(context.Background(), path, "Front_Desk"); err != nil {
		t.Fatalf("PrintFile: %v", err)
	}
	if !bytes.Equal(f.read("lp.stdin"), pdf) {
		t.Error("lp did not receive the summary unchanged")
	}
}
