package desktop

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/cli"
	"github.com/codebench/codebench/internal/testenv"
	"github.com/codebench/codebench/storage"
	"github.com/codebench/codebench/views"
	"github.com/codebench/codebench/workstation"
)

// TestBothFacesReachTheSameCalls drives the command line and the window
// over one real data folder: a record and a code added by `codebench`
// commands are what the window opens; a code the window assigns is what
// `codebench check` sees; both faces answer "is E11.9 billable in FY2026"
// alike; and a PDF summary saved from either face leaves the same audit
// entry, written by the one workstation call both use.
func TestBothFacesReachTheSameCalls(t *testing.T) {
	shared := testenv.Terminology(t)
	t.Setenv("CODEBENCH_CODESETS", filepath.Join(shared, "icd10cm", "cms_2026_dx.zip"))
	t.Setenv("CODEBENCH_USER", "ines")
	t.Setenv("CODEBENCH_PASSPHRASE", "tuesday lighthouse 42")
	dir := filepath.Join(t.TempDir(), "data")
	run := func(args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		env := &cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, DataDir: dir, Getenv: os.Getenv}
		if code := cli.Run(env, args); code != 0 {
			t.Fatalf("codebench %v: exit %d\n%s", args, code, errb.String())
		}
		return out.String()
	}

	id := strings.TrimSpace(run("record", "new", "--mrn", "1001", "--name", "Test Patient", "--dob", "1960-01-02",
		"--sex", "F", "--type", "office", "--date", "2026-03-02"))
	run("code", "add", id, "E11.9")
	pdfCLI := filepath.Join(t.TempDir(), "cli.pdf")
	run("report", id, "--notes", "--out", pdfCLI)
	var show struct{ Billable bool }
	if err := json.Unmarshal([]byte(run("terms", "show", "--year", "2026", "--json", "E11.9")), &show); err != nil {
		t.Fatal(err)
	}

	w := newWiring(workstation.Config{DataDir: dir})
	deps := w.deps()
	s, err := deps.Vault.Unlock("ines", "tuesday lighthouse 42")
	if err != nil {
		t.Fatal(err)
	}
	book, err := deps.LoadCodebook(context.Background(), func(float64, string) {})
	if err != nil {
		t.Fatal(err)
	}
	d, err := book.Terms.Detail(app.ICD10CM, "E119", 2026)
	if err != nil || d.Billable != show.Billable || !d.Billable {
		t.Fatalf("billable in FY2026: window %v, command line %v (%v)", d.Billable, show.Billable, err)
	}
	recs := s.Records()
	rec, err := recs.Record(id)
	if err != nil || len(rec.Assignments) != 1 || rec.Assignments[0].Code != "E119" {
		t.Fatalf("the window sees %+v, %v", rec, err)
	}
	if rec, err = recs.Assign(id, app.ICD10CM, "J189", 0, nil); err != nil {
		t.Fatal(err)
	}
	pdf, err := deps.Reporter.Summary(rec, nil, views.Facility{Name: "Harbor Clinic"})
	if err != nil {
		t.Fatal(err)
	}
	if err := deps.Reporter.Save(rec, filepath.Join(t.TempDir(), "window.pdf"), pdf); err != nil {
		t.Fatal(err)
	}
	s.Close()

	var findings []struct{ Codes []string }
	if err := json.Unmarshal([]byte(run("check", id, "--json")), &findings); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(run("record", "show", id), "J18.9") {
		t.Fatal("the command line does not see the code the window assigned")
	}

	st, err := storage.Open(dir, "ines", "tuesday lighthouse 42", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	log, err := st.AuditLog(id)
	if err != nil {
		t.Fatal(err)
	}
	var exports []string
	for _, e := range log {
		if e.Action == app.AuditExported {
			exports = append(exports, e.Detail)
		}
	}
	if len(exports) != 2 || exports[0] != exports[1] || exports[0] != "PDF summary with note text to a file" {
		t.Fatalf("exports from the two faces: %q", exports)
	}
}
