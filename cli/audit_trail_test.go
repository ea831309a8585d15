package cli

import (
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/storage"
)

// auditTail opens dir (in this process) and returns its audit trail after
// the first n entries, checking that it verifies.
func auditTail(t *testing.T, dir, pass string, n int) []app.AuditEntry {
	t.Helper()
	st, err := storage.Open(dir, "ines", pass, storeOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.VerifyAudit(); err != nil {
		t.Fatal(err)
	}
	log, err := st.AuditLog("")
	if err != nil {
		t.Fatal(err)
	}
	// This open's own login is not part of what the command wrote.
	return log[n : len(log)-1]
}

func actions(log []app.AuditEntry) string {
	var a []string
	for _, e := range log {
		s := string(e.Action)
		if e.RecordID != "" {
			s += " " + e.RecordID
		}
		a = append(a, s)
	}
	return strings.Join(a, ", ")
}

// TestCLIAuditsReadsSignInsAndPasswd runs the real binary: record show,
// note text and record list --query write record-viewed, note-read and
// worklist-searched entries (ids only: no note text, name or query);
// every command ends with a logout; a wrong passphrase is written as a
// failed sign-in by the next command that opens; a passwd killed after
// keys.json was replaced leaves "passphrase-change-started"; restore
// --force keeps the entries made after the backup, and audit verify
// passes.
func TestCLIAuditsReadsSignInsAndPasswd(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL is a unix signal")
	}
	dir := filepath.Join(t.TempDir(), "data")
	st, err := storage.Create(dir, "ines", cliPass, storeOptions)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	env := []string{"CODEBENCH_PASSPHRASE=" + cliPass, "CODEBENCH_USER=ines"}
	run := func(extra []string, args ...string) (string, string) {
		t.Helper()
		out, errOut, killed := runBinary(t, dir, append(env, extra...), 0, args...)
		if killed {
			t.Fatalf("%v was killed", args)
		}
		return out, errOut
	}
	count := func(pass string) int { return len(auditTail(t, dir, pass, 0)) + 1 }

	out, errOut := run(nil, "record", "new", "--mrn", "MRN-4471", "--name", "Vantongeren, Odile", "--dob", "1958-02-14",
		"--sex", "F", "--type", "outpatient", "--date", "2025-11-03")
	id := strings.TrimSpace(out)
	if !regexp.MustCompile(`^R\d{6}$`).MatchString(id) {
		t.Fatalf("record new: %q %q", out, errOut)
	}
	const text = "Odile reports wheezing since the garden party."
	out, _ = run(nil, "note", "add", id, "--text", text)
	note := strings.TrimSpace(out)

	n := count(cliPass)
	if out, _ := run(nil, "record", "show", id); !strings.Contains(out, text) {
		t.Fatalf("record show: %q", out)
	}
	if out, _ := run(nil, "note", "text", id, note); !strings.Contains(out, text) {
		t.Fatalf("note text: %q", out)
	}
	if out, _ := run(nil, "record", "list", "--query", "vanton"); !strings.Contains(out, id) {
		t.Fatalf("record list: %q", out)
	}
	if _, errOut := run([]string{"CODEBENCH_PASSPHRASE=not the passphrase"}, "record", "list"); !strings.Contains(errOut, "wrong passphrase") {
		t.Fatalf("wrong passphrase: %q", errOut)
	}
	run(nil, "record", "list")
	log := auditTail(t, dir, cliPass, n)
	want := "login, record-viewed " + id + ", note-read " + id + ", logout, " +
		"login, note-read " + id + ", logout, " +
		"login, worklist-searched, logout, " +
		"sign-in-failed, login, logout"
	if got := actions(log); got != want {
		t.Fatalf("audit after the reads\n got %s\nwant %s", got, want)
	}
	for _, e := range log {
		for _, phi := range []string{"Vantongeren", "Odile", "wheezing", "vanton", "not the passphrase"} {
			if strings.Contains(e.Detail, phi) {
				t.Errorf("%s entry holds %q: %q", e.Action, phi, e.Detail)
			}
		}
	}
	if d := log[8].Detail; d != "1 records: "+id {
		t.Errorf("search entry %q", d)
	}

	// passwd killed after keys.json was replaced, before "done".
	n = count(cliPass)
	const newPass = "wednesday harbour 77"
	if _, _, killed := runBinary(t, dir, append(env, "CODEBENCH_NEW_PASSPHRASE="+newPass, "CODEBENCH_FAULT_KILL=passwd-keys-written"), 0, "passwd"); !killed {
		t.Fatal("passwd was not killed at the hook")
	}
	if got := actions(auditTail(t, dir, newPass, n)); got != "login, passphrase-change-started" {
		t.Fatalf("audit after a killed passwd: %s", got)
	}
	env = []string{"CODEBENCH_PASSPHRASE=" + newPass, "CODEBENCH_USER=ines"}

	// restore --force keeps what happened after the backup.
	bk := filepath.Join(t.TempDir(), "b.cbk")
	run(nil, "backup", "--out", bk)
	count(newPass)
	run(nil, "record", "show", id)
	out, _ = run(nil, "record", "new", "--mrn", "MRN-LATE", "--name", "Late, Person", "--dob", "1960-01-01",
		"--sex", "M", "--type", "office", "--date", "2025-11-04")
	late := strings.TrimSpace(out)
	if _, errOut := run(nil, "restore", bk, "--force"); !strings.Contains(errOut, "codebench: restored") {
		t.Fatalf("restore: %s", errOut)
	}
	if out, errOut := run(nil, "audit", "verify"); !strings.Contains(out, "verified") {
		t.Fatalf("audit verify after restore: %s %s", out, errOut)
	}
	log = auditTail(t, dir, newPass, 0)
	for i := len(log) - 1; i >= 0; i-- {
		if log[i].Action == app.AuditRestore {
			log = log[i:]
			break
		}
	}
	// The backup's entry and logout come after its snapshot, then this
	// test's own open (count), the commands, and audit verify's session.
	got := actions(log)
	want = "restore, backup, logout, login, login, record-viewed " + id + ", note-read " + id + ", logout, login, record-created " + late + ", logout, login, logout"
	if got != want {
		t.Fatalf("audit after restore --force\n got %s\nwant %s", got, want)
	}
	if !strings.Contains(log[0].Detail, "the 10 audit entries of the replaced database") {
		t.Errorf("restore entry: %q", log[0].Detail)
	}
	log = log[:len(log)-2] // audit verify's own session, after the restore
	for _, e := range log[1:] {
		if e.Action != app.AuditRestore && e.Action != app.AuditLogout && !strings.Contains(e.Detail, "carried over") {
			t.Errorf("entry %d (%s) does not say it was carried over", e.Seq, e.Action)
		}
	}
}
