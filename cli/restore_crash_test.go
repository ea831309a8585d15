package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/storage"
)

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// realBinary builds the shipped codebench binary once per test process.
func realBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		root, err := filepath.Abs("..")
		if err != nil {
			binErr = err
			return
		}
		dir, err := os.MkdirTemp("", "codebench-bin-")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "codebench")
		build := exec.Command("go", "build", "-o", binPath, ".")
		build.Dir = root
		if out, err := build.CombinedOutput(); err != nil {
			binErr = fmt.Errorf("build codebench: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// runBinary runs the real binary on dir; kill > 0 sends SIGKILL after
// that long if it is still running. It reports whether it was killed.
func runBinary(t *testing.T, dir string, env []string, kill time.Duration, args ...string) (stdout, stderr string, killed bool) {
	t.Helper()
	cmd := exec.Command(realBinary(t), args...)
	cmd.Env = append(os.Environ(), append([]string{"CODEBENCH_DATA=" + dir}, env...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
	if kill > 0 {
		select {
		case err = <-done:
		case <-time.After(kill):
			cmd.Process.Signal(syscall.SIGKILL)
			err = <-done
		}
	} else {
		err = <-done
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			killed = true
		}
	}
	return out.String(), errb.String(), killed
}

// restoreFixture is two databases with the same user and passphrase but
// different master keys and records: "old" is the data folder a restore
// replaces, the backup is of "new".
type restoreFixture struct {
	old     string // a pristine copy of the old data folder
	backup  string
	oldMRNs []string
	newMRNs []string
}

const restoreUser = "coder"

func newRestoreFixture(t *testing.T) *restoreFixture {
	t.Helper()
	f := &restoreFixture{old: filepath.Join(t.TempDir(), "old"), backup: filepath.Join(t.TempDir(), "new.cbk")}
	fill := func(dir, prefix string, n int) []string {
		st, err := storage.Create(dir, restoreUser, cliPass, storeOptions)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		var mrns []string
		for i := range n {
			id, err := st.NextID("R")
			if err != nil {
				t.Fatal(err)
			}
			mrn := fmt.Sprintf("%s-%d", prefix, i)
			r := &app.Record{ID: id, Patient: app.Patient{MRN: mrn, Name: "Restorova, Test", Sex: app.Female},
				Encounter: app.Encounter{Type: app.Office, Service: time.Date(2025, 11, 1+i%27, 0, 0, 0, 0, time.UTC)}, Status: app.ToCode}
			if err := st.SaveRecord(r, app.AuditEvent{Action: app.AuditRecordCreated, RecordID: id}); err != nil {
				t.Fatal(err)
			}
			mrns = append(mrns, mrn)
		}
		return mrns
	}
	f.oldMRNs = fill(f.old, "OLD", 40)
	newDir := filepath.Join(t.TempDir(), "new")
	f.newMRNs = fill(newDir, "NEW", 25)
	st, err := storage.Open(newDir, restoreUser, cliPass, storeOptions)
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.Create(f.backup)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Backup(out); err != nil {
		t.Fatal(err)
	}
	out.Close()
	st.Close()
	return f
}

// copyDir copies the pristine old folder to a new place for one round.
func copyDir(t *testing.T, from string) string {
	t.Helper()
	to := filepath.Join(t.TempDir(), "data")
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o700)
		}
		if d.Name() == "codebench.lock" {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
	return to
}

// openContent opens dir as the shared user and says which database it
// holds: "old" or "new", every record of it present and nothing else,
// and the audit trail verified. Anything else fails the test.
func (f *restoreFixture) openContent(t *testing.T, dir, round string) string {
	t.Helper()
	st, err := storage.Open(dir, restoreUser, cliPass, storeOptions)
	if err != nil {
		t.Fatalf("%s: the folder does not open: %v", round, err)
	}
	defer st.Close()
	wl, err := st.List(app.ListFilter{})
	if err != nil {
		t.Fatalf("%s: %v", round, err)
	}
	var got []string
	for _, r := range wl.Records {
		got = append(got, r.MRN)
	}
	slices.Sort(got)
	which := ""
	for name, want := range map[string][]string{"old": f.oldMRNs, "new": f.newMRNs} {
		w := slices.Clone(want)
		slices.Sort(w)
		if slices.Equal(got, w) {
			which = name
		}
	}
	if which == "" {
		t.Fatalf("%s: the folder holds %d records that are neither the old (%d) nor the restored (%d) database", round, len(got), len(f.oldMRNs), len(f.newMRNs))
	}
	if _, err := st.VerifyAudit(); err != nil {
		t.Fatalf("%s: audit: %v", round, err)
	}
	for _, left := range []string{"restore.journal", "db.restoring", "keys.json.restoring"} {
		if _, err := os.Stat(filepath.Join(dir, left)); err == nil {
			t.Fatalf("%s: %s left after the open", round, left)
		}
	}
	return which
}

// TestRestoreKilledAtEveryStep runs `codebench restore --force` of another
// database's backup with the real binary, killing it (SIGKILL, through
// the test hook $CODEBENCH_FAULT_KILL) at every step of the restore in
// turn, then opens the folder: it must open, with every record of the old
// database (killed before the journal) or of the restored one (after),
// never unopenable, never empty. A second restore after each kill
// completes. Then a few rounds of SIGKILL at random moments.
func TestRestoreKilledAtEveryStep(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL is a unix signal")
	}
	f := newRestoreFixture(t)
	env := []string{"CODEBENCH_PASSPHRASE=" + cliPass, "CODEBENCH_USER=" + restoreUser}
	steps := []struct {
		step, want string
	}{
		{"loaded", "old"},
		{"carried", "old"},
		{"keys-written", "old"},
		{"journal-written", "new"},
		{"swap-0-old-moved", "new"},
		{"swap-0-new-moved", "new"},
		{"swap-1-old-moved", "new"},
		{"swap-1-new-moved", "new"},
		{"old-removed-db", "new"},
		{"old-removed-keys.json", "new"},
		{"done", "new"},
	}
	for _, s := range steps {
		dir := copyDir(t, f.old)
		_, errOut, killed := runBinary(t, dir, append(env, "CODEBENCH_FAULT_KILL="+s.step), 0, "restore", f.backup, "--force")
		if !killed {
			t.Fatalf("step %s: the restore was not killed there: %s", s.step, errOut)
		}
		if got := f.openContent(t, dir, "killed at "+s.step); got != s.want {
			t.Errorf("killed at %s: the folder holds the %s database, want the %s one", s.step, got, s.want)
		}
		// Restoring again after the kill completes, and keeps nothing of the old.
		if _, errOut, _ := runBinary(t, dir, env, 0, "restore", f.backup, "--force"); !strings.Contains(errOut, "codebench: restored") {
			t.Fatalf("step %s: restore again: %s", s.step, errOut)
		}
		if got := f.openContent(t, dir, "restored again after "+s.step); got != "new" {
			t.Errorf("restore again after a kill at %s: the %s database", s.step, got)
		}
		if _, err := os.Stat(filepath.Join(dir, "db.replaced")); err == nil {
			t.Errorf("step %s: db.replaced left after a completed restore", s.step)
		}
	}

	// Real kills at random moments of a whole restore.
	dir := copyDir(t, f.old)
	start := time.Now()
	if _, errOut, _ := runBinary(t, dir, env, 0, "restore", f.backup, "--force"); f.openContent(t, dir, "timing run") != "new" {
		t.Fatalf("a whole restore did not restore: %s", errOut)
	}
	whole := time.Since(start)
	rounds, killed, seen := 20, 0, map[string]int{}
	for round := range rounds {
		dir := copyDir(t, f.old)
		kill := whole/5 + time.Duration(rand.Int64N(int64(whole)))
		_, _, k := runBinary(t, dir, env, kill, "restore", f.backup, "--force")
		if k {
			killed++
		}
		seen[f.openContent(t, dir, fmt.Sprintf("random kill round %d after %v", round, kill))]++
	}
	t.Logf("%d steps killed by the hook; %d random rounds (a restore takes %v): %d killed, folders held old %d, new %d",
		len(steps), rounds, whole.Round(time.Millisecond), killed, seen["old"], seen["new"])
}
