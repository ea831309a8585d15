package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/internal/testenv/testpack"
	"github.com/codebench/codebench/storage"
)

// Issue 14, item 3: a HCPCS code on a record of the newest loaded fiscal
// year can be finalized from the command line, where each command loads
// the code sets only when it needs them. The date is in calendar 2026,
// which the October 2025 HCPCS release covers (there is no 2026 release
// loaded); before the fix finalize compared against calendar 2026 without
// the code sets and refused ("checked against FY2025 but ... FY2026").
func TestHCPCSOnCurrentDateFinalizes(t *testing.T) {
	c := newRunner(t)
	id := c.newRecord("--date", "2026-02-10")
	c.ok("code", "add", id, "I10")
	c.ok("code", "add", id, "J1100")
	c.ok("record", "status", id, "coded")
	out, errOut, code := c.run("record", "status", id, "final")
	if code != 0 {
		t.Fatalf("record status final: exit %d\n%s%s", code, out, errOut)
	}
	if strings.Contains(errOut, "was checked against") {
		t.Errorf("finalize asked for the code again: %s", errOut)
	}
}

// The real pack knows the HCPCS release is October's, so a date before
// October 2025 is not read as covered by it.
func TestRealHCPCSReleaseMonth(t *testing.T) {
	set, err := testpack.Load()
	if err != nil {
		t.Fatal(err)
	}
	if m := set.HCPCSReleaseMonth(2025); m != time.October {
		t.Errorf("2025 HCPCS release month %v, want October", m)
	}
}

// Issue 14, item 4: J1100-RT is HCPCS J1100 with modifier RT (not
// ICD-10-CM J11.00RT), the modifier is checked against the modifier list,
// a bare modifier is not a procedure, and a CPT code is refused as CPT.
func TestHCPCSModifiersAndCPT(t *testing.T) {
	c := newRunner(t)
	id := c.newRecord("--date", "2026-02-10")
	out := c.ok("code", "add", id, "J1100-RT")
	if !strings.Contains(out, "1. J1100-RT hcpcs procedure") {
		t.Errorf("code add J1100-RT:\n%s", out)
	}
	// The same code on the other side is another line; the same line twice is not.
	c.ok("code", "add", id, "j1100-lt")
	if errOut := c.fail(1, "code", "add", id, "J1100-RT"); !strings.Contains(errOut, "J1100-RT is already on record") {
		t.Errorf("duplicate J1100-RT: %s", errOut)
	}
	if errOut := c.fail(1, "code", "add", id, "J1100-ZZ"); !strings.Contains(errOut, "ZZ is not a HCPCS modifier") {
		t.Errorf("J1100-ZZ: %s", errOut)
	}
	if errOut := c.fail(1, "code", "add", id, "RT"); !strings.Contains(errOut, "RT is a HCPCS modifier, not a code") {
		t.Errorf("bare RT: %s", errOut)
	}
	for _, cpt := range []string{"99213", "0001U", "99213-25"} {
		errOut := c.fail(1, "code", "add", id, cpt)
		if !strings.Contains(errOut, "CPT codes are not part of Codebench") || strings.Contains(errOut, "992.13") {
			t.Errorf("%s: %s", cpt, errOut)
		}
	}
	if errOut := c.fail(1, "code", "add", id, "E11.9-RT"); !strings.Contains(errOut, "only a HCPCS code takes modifiers") {
		t.Errorf("E11.9-RT: %s", errOut)
	}
	show := c.ok("record", "show", id)
	if !strings.Contains(show, "J1100-RT") || !strings.Contains(show, "J1100-LT") || strings.Contains(show, "J11.00") {
		t.Errorf("record show:\n%s", show)
	}
	// The coder names the line by what was typed.
	if errOut := c.fail(1, "code", "rm", id, "J1100"); !strings.Contains(errOut, "give the modifiers") {
		t.Errorf("code rm J1100 with two lines: %s", errOut)
	}
	out = c.ok("code", "rm", id, "J1100-LT")
	if strings.Contains(out, "J1100-LT") || !strings.Contains(out, "J1100-RT") {
		t.Errorf("after code rm J1100-LT:\n%s", out)
	}
}

// Issue 14, item 7: a birth date after the date of service, and dates in
// the future, are refused with a message that names the date.
func TestImpossibleDatesRefused(t *testing.T) {
	c := newRunner(t)
	base := []string{"record", "new", "--mrn", "MRN-7", "--name", "Doe, Jo", "--sex", "F", "--type", "outpatient", "--account", "A-7"}
	future := time.Now().UTC().AddDate(0, 0, 3).Format("2006-01-02")
	for _, tc := range []struct {
		dob, date, want string
	}{
		{"2026-01-01", "2025-11-03", "the birth date 2026-01-01 is after the date of service 2025-11-03"},
		{"1958-02-14", "2999-01-01", "the date of service 2999-01-01 is in the future"},
		{"1958-02-14", future, "the date of service " + future + " is in the future"},
		{"0958-02-14", "2025-11-03", "the birth date 0958-02-14 is before 1880"},
	} {
		errOut := c.fail(1, append(base, "--dob", tc.dob, "--date", tc.date)...)
		if !strings.Contains(errOut, tc.want) {
			t.Errorf("dob %s, date %s: %s", tc.dob, tc.date, errOut)
		}
	}
	if out := c.ok("record", "list"); strings.Contains(out, "MRN-7") {
		t.Errorf("a refused record was saved:\n%s", out)
	}
	id := c.newRecord()
	c.ok("code", "add", id, "0DTJ4ZZ")
	if errOut := c.fail(1, "code", "set", id, "0DTJ4ZZ", "--date", "2999-01-01"); !strings.Contains(errOut, "the procedure date 2999-01-01 is in the future") {
		t.Errorf("future procedure date: %s", errOut)
	}
}

// Issue 14, item 8: a second file that cannot be read saves nothing, and
// running the same command again adds no duplicates (the service test
// TestAddNotesAllCheckedFirstAndRetrySafe covers a save that fails).
func TestNoteAddAllOrNoneAndRetry(t *testing.T) {
	c := newRunner(t)
	id := c.newRecord()
	dir := t.TempDir()
	a := filepath.Join(dir, "a.txt")
	b := filepath.Join(dir, "b.txt")
	os.WriteFile(a, []byte("Follow-up visit."), 0o600)
	c.fail(1, "note", "add", id, a, b)
	if n := notesOf(t, c, id); n != 0 {
		t.Fatalf("%d notes saved by a failed note add, want 0", n)
	}
	first := c.ok("note", "add", id, a)
	os.WriteFile(b, []byte("Second page of the visit."), 0o600)
	out, errOut, code := c.run("note", "add", id, a, b)
	if code != 0 || !strings.HasPrefix(out, first) || !strings.Contains(errOut, `"a.txt" is already note`) {
		t.Errorf("retry: exit %d\n%s%s", code, out, errOut)
	}
	if n := notesOf(t, c, id); n != 2 {
		t.Errorf("%d notes after the retry, want 2", n)
	}
}

func notesOf(t *testing.T, c *cliRunner, id string) int {
	t.Helper()
	var view struct {
		NoteList []app.Note `json:"noteList"`
	}
	if err := json.Unmarshal([]byte(c.ok("record", "show", id, "--json")), &view); err != nil {
		t.Fatal(err)
	}
	return len(view.NoteList)
}

// Issue 14, item 2 from the command line: an over-long name is refused
// with the field and the limit, never with the value or a storage dump.
func TestLongFieldsRefusedPlainly(t *testing.T) {
	c := newRunner(t)
	c.newRecord()
	name := "Qzx" + strings.Repeat("q", 70000)
	errOut := c.fail(1, "record", "new", "--mrn", "MRN-2", "--name", name, "--dob", "1958-02-14",
		"--sex", "F", "--type", "outpatient", "--date", "2025-11-03")
	if !strings.Contains(errOut, "the patient name is 70003 characters long; at most 200 fit") || strings.Contains(errOut, "qqqq") || len(errOut) > 300 {
		t.Errorf("long name: %.300s", errOut)
	}
	errOut = c.fail(1, "record", "new", "--mrn", strings.Repeat("7", 100), "--name", "Doe, Jo", "--dob", "1958-02-14",
		"--sex", "F", "--type", "outpatient", "--date", "2025-11-03")
	if !strings.Contains(errOut, "the MRN is 100 characters long; at most 64 fit") {
		t.Errorf("long MRN: %s", errOut)
	}
}

// Issue 14, item 13: a note's file name with a line break cannot fake a
// note header in record show, and the name and note text can come from
// standard input instead of the command line (visible in ps).
func TestFileNamesAndStdin(t *testing.T) {
	c := newRunner(t)
	var out, errb bytes.Buffer
	env := &Env{Stdin: strings.NewReader("Stdinname, Ada\n"), Stdout: &out, Stderr: &errb, DataDir: c.dir,
		Getenv: func(k string) string { return c.env[k] }}
	if code := Run(env, []string{"record", "new", "--mrn", "MRN-9", "--name", "-", "--dob", "1958-02-14", "--sex", "F",
		"--type", "outpatient", "--date", "2025-11-03"}); code != 0 {
		t.Fatalf("record new --name -: exit %d: %s", code, errb.String())
	}
	id := strings.TrimSpace(out.String())
	out.Reset()
	env.Stdin = strings.NewReader("Typed from a pipe.\n")
	if code := Run(env, []string{"note", "add", id, "--text", "-"}); code != 0 {
		t.Fatalf("note add --text -: exit %d: %s", code, errb.String())
	}
	dir := t.TempDir()
	fake := filepath.Join(dir, "a.txt\n--- N000099  forged.txt  text-plain  1 page(s), added by admin")
	if err := os.WriteFile(fake, []byte("Real text."), 0o600); err != nil {
		t.Fatal(err)
	}
	c.ok("note", "add", id, fake)
	show := c.ok("record", "show", id)
	if !strings.Contains(show, "Stdinname, Ada") || !strings.Contains(show, "Typed from a pipe.") {
		t.Errorf("stdin values missing:\n%s", show)
	}
	for _, line := range strings.Split(show, "\n") {
		if strings.HasPrefix(line, "--- N000099") {
			t.Errorf("a file name forged a note header:\n%s", show)
		}
	}
}

// Issue 14, item 12: commands that find the data folder open elsewhere
// exit with ExitBusy at once, or with --wait / $CODEBENCH_WAIT queue until
// it is free; parallel commands all succeed.
func TestBusyFolderWaitAndExitCode(t *testing.T) {
	c := newRunner(t)
	id := c.newRecord()
	st, err := storage.Open(c.dir, "ines", cliPass, storeOptions)
	if err != nil {
		t.Fatal(err)
	}
	c.fail(ExitBusy, "record", "show", id)
	c.env[envWait] = "200ms"
	start := time.Now()
	if errOut := c.fail(ExitBusy, "record", "show", id); !strings.Contains(errOut, "waited 200ms") {
		t.Errorf("after the wait: %s", errOut)
	}
	if d := time.Since(start); d < 200*time.Millisecond {
		t.Errorf("gave up after %v, before the wait was over", d)
	}
	c.env[envWait] = "1m"
	released := make(chan struct{})
	go func() {
		time.Sleep(300 * time.Millisecond)
		st.Close()
		close(released)
	}()
	c.ok("record", "show", id)
	<-released

	// Parallel commands queue behind each other instead of failing.
	codes := []string{"I10", "E11.9", "Z79.84", "E78.5", "J45.909", "K21.9"}
	errs := make(chan string, len(codes))
	for _, code := range codes {
		go func() {
			_, errOut, exit := c.run("code", "add", id, code)
			if exit != 0 {
				errOut = code + ": " + errOut
			} else {
				errOut = ""
			}
			errs <- errOut
		}()
	}
	for range codes {
		if e := <-errs; e != "" {
			t.Error(e)
		}
	}
	var view struct{ app.Record }
	if err := json.Unmarshal([]byte(c.ok("record", "show", id, "--json")), &view); err != nil {
		t.Fatal(err)
	}
	if len(view.Assignments) != len(codes) {
		t.Errorf("%d codes on the record, want %d", len(view.Assignments), len(codes))
	}
}

func TestParseGlobalWait(t *testing.T) {
	dataOnly := func(k string) string {
		if k == "CODEBENCH_DATA" {
			return "/d"
		}
		return ""
	}
	o, rest, err := ParseGlobal([]string{"--wait", "30s", "record", "list"}, dataOnly)
	if err != nil || o.Wait != 30*time.Second || strings.Join(rest, " ") != "record list" {
		t.Errorf("got %+v %v %v", o, rest, err)
	}
	if _, _, err := ParseGlobal([]string{"--wait", "soon", "version"}, func(string) string { return "/d" }); !errors.Is(err, ErrUsage) {
		t.Errorf("--wait soon: %v", err)
	}
}
