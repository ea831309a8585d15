package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"
	"github.com/codebench/codebench/storage"

	"github.com/codebench/codebench/internal/testenv"
	"github.com/codebench/codebench/internal/testenv/testpack"
)

const cliPass = "tuesday lighthouse 42"

func init() {
	// Cheap argon2 for tests; the shipped cost is measured in storage's BenchmarkKDF.
	storeOptions = &storage.Options{KDF: storage.KDF{Time: 1, MemoryKiB: 1 << 10, Threads: 1}, Log: os.Stderr}
	// The real code sets of every official file, from the generated pack
	// (loaded once per test process; it fails the commands when missing).
	loadTerms = func(*Env) (*terminology.Set, error) { return testpack.Load() }
	// The PDF engine's compiled code is kept between runs (see testenv).
	pdfCache = testenv.PDFEngineCache()
}

// cli runs one command against dir with the given environment.
type cliRunner struct {
	t   *testing.T
	dir string
	env map[string]string
}

func newRunner(t *testing.T) *cliRunner {
	return &cliRunner{t: t, dir: t.TempDir(), env: map[string]string{envPassphrase: cliPass, envUser: "ines"}}
}

func (c *cliRunner) run(args ...string) (string, string, int) {
	c.t.Helper()
	var out, errb bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, DataDir: c.dir,
		Getenv: func(k string) string { return c.env[k] }}
	code := Run(env, args)
	return out.String(), errb.String(), code
}

// ok runs a command that must succeed and returns its stdout.
func (c *cliRunner) ok(args ...string) string {
	c.t.Helper()
	out, errOut, code := c.run(args...)
	if code != 0 {
		c.t.Fatalf("%v: exit %d\n%s", args, code, errOut)
	}
	return out
}

// fail runs a command that must fail and returns its stderr.
func (c *cliRunner) fail(want int, args ...string) string {
	c.t.Helper()
	out, errOut, code := c.run(args...)
	if code != want {
		c.t.Fatalf("%v: exit %d, want %d\nstdout %s\nstderr %s", args, code, want, out, errOut)
	}
	return errOut
}

var idLine = regexp.MustCompile(`^R\d{6}\n$`)

func (c *cliRunner) newRecord(args ...string) string {
	c.t.Helper()
	base := []string{"record", "new", "--mrn", "MRN-4471", "--name", "Vantongeren, Odile", "--dob", "1958-02-14",
		"--sex", "F", "--type", "outpatient", "--date", "2025-11-03", "--account", "ACC-900"}
	out := c.ok(append(base, args...)...)
	if !idLine.MatchString(out) {
		c.t.Fatalf("record new printed %q, want the id alone on its line", out)
	}
	return strings.TrimSpace(out)
}

func TestRecordWorkflowEndToEnd(t *testing.T) {
	c := newRunner(t)
	id := c.newRecord()
	if _, err := os.Stat(filepath.Join(c.dir, "keys.json")); err != nil {
		t.Fatal("first use did not create the database")
	}

	noteFile := filepath.Join(t.TempDir(), "visit.txt")
	noteText := "Follow-up for type 2 diabetes and essential hypertension.\nPlan: continue metformin."
	os.WriteFile(noteFile, []byte(noteText), 0o600)
	out := c.ok("note", "add", id, noteFile)
	noteID := strings.TrimSpace(out)
	if !regexp.MustCompile(`^N\d{6}$`).MatchString(noteID) {
		t.Fatalf("note add printed %q", out)
	}
	typed := strings.TrimSpace(c.ok("note", "add", id, "--text", "Patient also reports knee pain."))
	if got := c.ok("note", "text", id, noteID); got != noteText+"\n" {
		t.Errorf("note text %q", got)
	}
	if got := c.ok("note", "text", id, typed, "--page", "1"); got != "Patient also reports knee pain.\n" {
		t.Errorf("typed note text %q", got)
	}
	c.fail(1, "note", "add", id, filepath.Join(t.TempDir(), "missing.txt"))

	c.ok("code", "add", id, "I10")
	out = c.ok("code", "add", id, "E11.9", "--comment", "metformin")
	if !strings.Contains(out, "2. E11.9 icd10cm secondary FY2026 Type 2 diabetes mellitus without complications") {
		t.Errorf("code add output:\n%s", out)
	}
	out = c.ok("code", "move", id, "E11.9", "1")
	if !strings.HasPrefix(out, "1. E11.9") {
		t.Errorf("after move:\n%s", out)
	}
	// A code that did not exist in the record's year is refused with the years it exists in.
	old := c.newRecord("--date", "2019-06-01")
	errOut := c.fail(1, "code", "add", old, "U07.1")
	if !strings.Contains(errOut, "does not exist in FY2019") || !strings.Contains(errOut, "it exists in FY2021–FY2026") {
		t.Errorf("U07.1 in FY2019: %s", errOut)
	}
	c.fail(1, "code", "add", id, "E11.99")
	c.fail(2, "code", "add", id)
	c.ok("code", "add", id, "Z79.84")
	c.ok("code", "rm", id, "Z7984")

	c.ok("record", "status", id, "coded")
	c.fail(1, "record", "status", id, "on-hold")
	c.ok("record", "status", id, "on-hold", "--reason", "Please clarify diabetes control")

	var view struct {
		app.Record
		NoteList []app.Note `json:"noteList"`
	}
	if err := json.Unmarshal([]byte(c.ok("record", "show", id, "--json")), &view); err != nil {
		t.Fatal(err)
	}
	if view.Status != app.OnHold || view.Query == "" || len(view.NoteList) != 2 || len(view.Assignments) != 2 ||
		view.Assignments[0].Code != "E119" || view.Patient.Name != "Vantongeren, Odile" || view.CreatedBy != "ines" {
		t.Errorf("record show --json: %+v", view)
	}
	text := c.ok("record", "show", id)
	for _, want := range []string{"Vantongeren, Odile", "MRN-4471", "E11.9", "I10", "continue metformin", "knee pain", "Query to provider: Please clarify"} {
		if !strings.Contains(text, want) {
			t.Errorf("record show lacks %q:\n%s", want, text)
		}
	}

	out = c.ok("record", "list", "--status", "on-hold")
	if !strings.Contains(out, id) || strings.Contains(out, old) || !strings.Contains(out, "On hold 1") {
		t.Errorf("record list --status on-hold:\n%s", out)
	}
	var wl app.Worklist
	json.Unmarshal([]byte(c.ok("record", "list", "--json", "--query", "vanto")), &wl)
	if wl.Total != 2 || wl.Counts[app.ToCode] != 1 || wl.Counts[app.OnHold] != 1 {
		t.Errorf("record list --query: %+v", wl)
	}
	c.fail(2, "record", "list", "--status", "lost")
	c.fail(1, "record", "show", "R999999")

	out = c.ok("audit", "verify")
	if !strings.HasPrefix(out, "audit trail verified: ") {
		t.Errorf("audit verify: %s", out)
	}
	log := c.ok("audit", "log", "--record", id)
	for _, want := range []string{"record-created", "note-added", "code-assigned", "code-moved", "code-removed", "status-changed"} {
		if !strings.Contains(log, want) {
			t.Errorf("audit log lacks %s:\n%s", want, log)
		}
	}
	if strings.Contains(log, "Vantongeren") || strings.Contains(log, "MRN-4471") || strings.Contains(log, "clarify") {
		t.Errorf("audit log holds patient details:\n%s", log)
	}

	// Nothing the commands saved is on disk in plain text.
	found := 0
	filepath.Walk(c.dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		b, _ := os.ReadFile(p)
		for _, secret := range []string{"Vantongeren", "MRN-4471", "continue metformin", "knee pain", "clarify diabetes"} {
			if bytes.Contains(b, []byte(secret)) {
				t.Errorf("%s holds %q in plain text", p, secret)
			}
		}
		found++
		return nil
	})
	if found < 4 {
		t.Errorf("only %d files in the data folder", found)
	}
}

func TestFinalizeRunsTheEdits(t *testing.T) {
	c := newRunner(t)
	id := c.newRecord()
	c.ok("code", "add", id, "E11.9")
	// E11's "use additional code" note (the real FY2023 Tabular List) asks
	// for the control; the coder acknowledges that it does not apply.
	c.ok("check", id, "--ack", "use-additional-code", "--codes", "E11.9", "--reason", "diet-controlled, no drug")
	c.ok("record", "status", id, "coded")
	// E11 alone is a category, not billable: the edits block finalizing.
	c.ok("code", "add", id, "E11", "--role", "secondary")
	errOut := c.fail(1, "record", "status", id, "final")
	if !strings.Contains(errOut, "cannot be finalized") {
		t.Errorf("finalize with a header code: %s", errOut)
	}
	c.ok("code", "rm", id, "E11")
	c.ok("record", "status", id, "final")
	errOut = c.fail(1, "code", "add", id, "I10")
	if !strings.Contains(errOut, "reopen it with a reason") {
		t.Errorf("change on a final record: %s", errOut)
	}
	c.fail(1, "record", "status", id, "in-progress")
	c.ok("record", "status", id, "in-progress", "--reason", "payer returned the claim")
	c.ok("code", "add", id, "I10")
}

func TestWrongPassphraseAndSecondUser(t *testing.T) {
	c := newRunner(t)
	id := c.newRecord()
	c.env[envPassphrase] = "tuesday lighthouse 43"
	errOut := c.fail(1, "record", "list")
	if !strings.Contains(errOut, "wrong user name or passphrase") {
		t.Errorf("wrong passphrase: %s", errOut)
	}
	delete(c.env, envPassphrase)
	errOut = c.fail(1, "record", "list")
	if !strings.Contains(errOut, "set CODEBENCH_PASSPHRASE") {
		t.Errorf("no passphrase, no terminal: %s", errOut)
	}

	c.env[envPassphrase] = cliPass
	c.env[envNewPassphrase] = "second coder passphrase"
	c.ok("user", "add", "marek")
	c.fail(1, "user", "add", "marek")
	if got := c.ok("user", "list"); got != "ines   admin\nmarek  coder\n" {
		t.Errorf("users %q", got)
	}
	c.env[envUser], c.env[envPassphrase] = "marek", "second coder passphrase"
	c.ok("record", "status", id, "in-progress")
	log := c.ok("audit", "log", "--record", id)
	if !strings.Contains(log, "marek  status-changed") {
		t.Errorf("status change not attributed to marek:\n%s", log)
	}

	c.env[envNewPassphrase] = "marek's new passphrase"
	c.ok("passwd")
	c.fail(1, "record", "list")
	c.env[envPassphrase] = "marek's new passphrase"
	c.ok("record", "list")
}

func TestBackupRestoreCommands(t *testing.T) {
	c := newRunner(t)
	id := c.newRecord()
	c.ok("note", "add", id, "--text", "Backup me.")
	bk := filepath.Join(t.TempDir(), "nightly.cbk")
	c.ok("backup", "--out", bk)
	raw, _ := os.ReadFile(bk)
	if bytes.Contains(raw, []byte("Vantongeren")) || bytes.Contains(raw, []byte("Backup me")) {
		t.Fatal("backup holds plain text")
	}
	c.fail(1, "restore", bk)
	c.ok("restore", bk, "--force")

	d := newRunner(t)
	d.ok("restore", bk)
	if out := d.ok("note", "text", id, "N000001"); out != "Backup me.\n" {
		t.Errorf("restored note %q", out)
	}
	if out := d.ok("audit", "verify"); !strings.Contains(out, "verified") {
		t.Error(out)
	}
	d.env[envPassphrase] = "not the passphrase"
	e := newRunner(t)
	e.env[envPassphrase] = "not the passphrase"
	errOut := e.fail(1, "restore", bk)
	if !strings.Contains(errOut, "wrong user name or passphrase") {
		t.Errorf("restore with a wrong passphrase: %s", errOut)
	}
	if storage.Exists(e.dir) {
		t.Error("a refused restore left a database")
	}
}

func TestSecondCommandWhileOpen(t *testing.T) {
	c := newRunner(t)
	c.newRecord()
	st, err := storage.Open(c.dir, "ines", cliPass, storeOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	errOut := c.fail(ExitBusy, "record", "list")
	if !strings.Contains(errOut, "Codebench is already open on this data folder") || strings.Contains(errOut, "badger") {
		t.Errorf("second open: %q", errOut)
	}
}

func TestGuessedSystemsFromTheCLI(t *testing.T) {
	c := newRunner(t)
	id := c.newRecord("--type", "inpatient", "--date", "2025-11-03", "--discharge", "2025-11-07")
	out := c.ok("code", "add", id, "0DTJ4ZZ", "--date", "2025-11-04")
	if !strings.Contains(out, "0DTJ4ZZ icd10pcs procedure FY2026") {
		t.Errorf("PCS guess: %s", out)
	}
	out = c.ok("code", "add", id, "K35.80", "--poa", "Y")
	if !strings.Contains(out, "1. K35.80 icd10cm principal") {
		t.Errorf("principal goes first: %s", out)
	}
	c.ok("code", "add", id, "N17.9", "--poa", "N")
	out = c.ok("code", "set", id, "N17.9", "--role", "principal", "--comment", "per discharge summary")
	if !strings.HasPrefix(out, "1. N17.9 icd10cm principal") || !strings.Contains(out, "K35.80 icd10cm secondary") {
		t.Errorf("code set --role principal:\n%s", out)
	}
	c.fail(1, "code", "set", id, "0DTJ4ZZ", "--role", "principal")
	c.fail(1, "code", "set", id, "0DTJ4ZZ", "--poa", "Y")
	c.ok("code", "set", id, "0DTJ4ZZ", "--date", "")
	var rec app.Record
	json.Unmarshal([]byte(c.ok("record", "show", id, "--json")), &rec)
	if rec.Assignments[0].Comment != "per discharge summary" || rec.Assignments[0].POA != app.POANo || !rec.Assignments[2].ProcedureDate.IsZero() {
		t.Errorf("after code set: %+v", rec.Assignments)
	}
	c.fail(2, "record", "new", "--mrn", "M", "--name", "N", "--dob", "1990-01-01", "--sex", "F", "--type", "office", "--date", "2025-01-01", "--discharge", "2025-01-02")
	c.fail(1, "record", "new", "--mrn", "M", "--name", "N", "--dob", "1990-01-01", "--sex", "X", "--type", "office", "--date", "2025-01-01")
}
