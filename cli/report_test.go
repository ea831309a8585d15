//go:build !windows

package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// pdfText extracts a PDF's text with poppler's pdftotext, which `make deps`
// installs; the test fails (never skips) without it. The path is resolved
// before tests replace PATH with a fake spooler.
func pdfText(t *testing.T, pdftotext string, pdf []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "s.pdf")
	if err := os.WriteFile(p, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdftotext, "-enc", "UTF-8", p, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

func lookPdftotext(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatal("pdftotext not found: install poppler-utils (make deps)")
	}
	return p
}

// codedRecord makes a record with a made-up patient, a typed note, two
// codes and a provider query, and returns its id.
func codedRecord(c *cliRunner) string {
	c.t.Helper()
	id := c.newRecord("--name", "Ångström-Núñez, Zoë", "--provider", "Dr. Imaginary Provider")
	c.ok("note", "add", id, "--text", "Follow-up for essential hypertension.\nPlan: recheck in three months.")
	c.ok("code", "add", id, "I10")
	c.ok("code", "add", id, "E11.9", "--comment", "On metformin per the note")
	c.ok("record", "status", id, "on-hold", "--reason", "Please document the diabetes control.")
	c.ok("record", "status", id, "coded")
	return id
}

func TestReportCommand(t *testing.T) {
	pdftotext := lookPdftotext(t)
	c := newRunner(t)
	id := codedRecord(c)
	out := filepath.Join(t.TempDir(), "summary.pdf")
	c.ok("report", id, "--out", out, "--notes", "--facility", "Riverbend Family Clinic", "--facility-address", `12 Example Lane\nSpringfield, ZZ 00000`)
	pdf, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o600 {
		t.Errorf("summary mode %v, want 0600: it holds PHI", fi.Mode().Perm())
	}
	text := pdfText(t, pdftotext, pdf)
	for _, want := range []string{
		"Riverbend Family Clinic", "12 Example Lane Springfield, ZZ 00000", "Record " + id, "Printed", "by ines",
		"Ångström-Núñez, Zoë", "MRN-4471", "1958-02-14", "ACC-900", "Outpatient", "Dr. Imaginary Provider",
		"First-listed diagnosis I10", "Essential (primary) hypertension", "E11.9", "Type 2 diabetes mellitus without complications",
		"Coder comment: On metformin per the note", "Please document the diabetes control.",
		"Status Coded", "Coded by ines", "Appendix: note text", "Plan: recheck in three months.",
		"Confidential — contains protected health information", "Page 1 of 2",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("summary lacks %q:\n%s", want, text)
		}
	}
	log := c.ok("audit", "log", "--record", id)
	if !strings.Contains(log, "exported") || !strings.Contains(log, "PDF summary with note text to a file") {
		t.Errorf("the export is not in the audit trail:\n%s", log)
	}
	if strings.Contains(log, "summary.pdf") || strings.Contains(log, "Zoë") {
		t.Errorf("the audit trail holds the file name or patient details:\n%s", log)
	}

	// The facility from the environment, no notes, standard output.
	c.env[envFacility] = "Lakeside Made-up Practice"
	stdout := c.ok("report", id, "--out", "-")
	if !strings.HasPrefix(stdout, "%PDF-") {
		t.Fatalf("--out - wrote %.20q", stdout)
	}
	text = pdfText(t, pdftotext, []byte(stdout))
	if !strings.Contains(text, "Lakeside Made-up Practice") || strings.Contains(text, "Appendix") {
		t.Errorf("summary from $%s without --notes:\n%s", envFacility, text)
	}
	if n := strings.Count(c.ok("audit", "log", "--record", id), "exported"); n != 2 {
		t.Errorf("%d exports in the audit trail, want 2", n)
	}
}

func TestReportCommandErrors(t *testing.T) {
	c := newRunner(t)
	id := c.newRecord()
	c.fail(2, "report", "--out", filepath.Join(t.TempDir(), "x.pdf"))
	c.fail(2, "report", id)
	c.fail(2, "report", id, "R000002", "--out", "x.pdf")
	if e := c.fail(1, "report", "R999999", "--out", filepath.Join(t.TempDir(), "x.pdf")); !strings.Contains(e, "not found") {
		t.Errorf("unknown record: %s", e)
	}
	if e := c.fail(1, "report", id, "--out", filepath.Join(t.TempDir(), "x.pdf"), "--page-size", "legal"); !strings.Contains(e, "Letter or A4") {
		t.Errorf("bad page size: %s", e)
	}
	// A folder that does not exist: a clear error and nothing in the audit trail.
	e := c.fail(1, "report", id, "--out", filepath.Join(t.TempDir(), "missing", "x.pdf"))
	if !strings.Contains(e, "nothing was exported") {
		t.Errorf("unwritable --out: %s", e)
	}
	if strings.Contains(c.ok("audit", "log", "--record", id), "exported") {
		t.Error("a failed export was audited as done")
	}
}

// fakeLp puts a fake lp (and nothing else) on PATH; it saves its
// arguments and the document it was given in dir.
func fakeLp(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	script := "#!/bin/sh\nPATH=/usr/bin:/bin\nprintf '%s\\n' \"$@\" > \"" + dir + "/args\"\ncat > \"" + dir + "/doc.pdf\"\necho 'request id is Fake-7 (0 file(s))'\n"
	if err := os.WriteFile(filepath.Join(dir, "lp"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	t.Setenv("LPDEST", "")
	t.Setenv("PRINTER", "")
	return dir
}

func TestPrintCommand(t *testing.T) {
	pdftotext := lookPdftotext(t)
	c := newRunner(t)
	id := codedRecord(c)
	dir := fakeLp(t)
	_, errOut, code := c.run("print", id, "--printer", "Front_Desk", "--facility", "Riverbend Family Clinic")
	if code != 0 {
		t.Fatalf("print: exit %d\n%s", code, errOut)
	}
	if !strings.Contains(errOut, "sent record "+id+" to printer Front_Desk") {
		t.Errorf("print said %q", errOut)
	}
	args, _ := os.ReadFile(filepath.Join(dir, "args"))
	if got := strings.Fields(string(args)); strings.Join(got, " ") != "-t Codebench record summary -d Front_Desk" {
		t.Errorf("lp args %q", got)
	}
	pdf, _ := os.ReadFile(filepath.Join(dir, "doc.pdf"))
	text := pdfText(t, pdftotext, pdf)
	if !strings.Contains(text, "Riverbend Family Clinic") || !strings.Contains(text, "Ångström-Núñez, Zoë") || !strings.Contains(text, "I10") {
		t.Errorf("lp received:\n%s", text)
	}
	log := c.ok("audit", "log", "--record", id)
	if !strings.Contains(log, "printed") || !strings.Contains(log, "PDF summary to printer Front_Desk") {
		t.Errorf("the print is not in the audit trail:\n%s", log)
	}
}

func TestPrintCommandNoPrinter(t *testing.T) {
	c := newRunner(t)
	id := c.newRecord()
	t.Setenv("PATH", t.TempDir()) // no lp, no lpr
	e := c.fail(1, "print", id)
	for _, want := range []string{"No printer is set up on this computer: use Save as PDF…", "codebench report " + id + " --out FILE.pdf"} {
		if !strings.Contains(e, want) {
			t.Errorf("no-printer message lacks %q:\n%s", want, e)
		}
	}
	if strings.Contains(c.ok("audit", "log", "--record", id), "printed") {
		t.Error("a print that did not happen was audited")
	}
	c.fail(2, "print")
}
