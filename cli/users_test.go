package cli

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/codebench/codebench/storage"
)

// binRunner runs the real binary on one data folder.
type binRunner struct {
	t   *testing.T
	bin string
	dir string
}

// run runs codebench as user with pass (and CODEBENCH_NEW_PASSPHRASE newPass
// when set); kill > 0 sends SIGKILL after that long.
func (b *binRunner) run(kill time.Duration, user, pass, newPass string, args ...string) (stdout, stderr string, code int) {
	b.t.Helper()
	cmd := exec.Command(b.bin, args...)
	cmd.Env = append(os.Environ(), "CODEBENCH_DATA="+b.dir, "CODEBENCH_USER="+user, "CODEBENCH_PASSPHRASE="+pass)
	if newPass != "" {
		cmd.Env = append(cmd.Env, "CODEBENCH_NEW_PASSPHRASE="+newPass)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		b.t.Fatal(err)
	}
	if kill > 0 {
		t := time.AfterFunc(kill, func() { cmd.Process.Signal(syscall.SIGKILL) })
		defer t.Stop()
	}
	cmd.Wait()
	return out.String(), errb.String(), cmd.ProcessState.ExitCode()
}

func (b *binRunner) ok(user, pass, newPass string, args ...string) string {
	b.t.Helper()
	out, errOut, code := b.run(0, user, pass, newPass, args...)
	if code != 0 {
		b.t.Fatalf("%s: %v: exit %d\n%s", user, args, code, errOut)
	}
	return out
}

func (b *binRunner) fail(user, pass string, args ...string) string {
	b.t.Helper()
	out, errOut, code := b.run(0, user, pass, "", args...)
	if code == 0 {
		b.t.Fatalf("%s: %v succeeded: %s", user, args, out)
	}
	return errOut
}

const (
	inesPass  = "ines administers it"
	alicePass = "alice codes all day"
	bobPass   = "bob codes at night"
)

// usersFolder makes a data folder whose first user ines (so the
// administrator) added alice and bob, with the tests' cheap key derivation.
func usersFolder(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "data")
	st, err := storage.Create(dir, "ines", inesPass, storeOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.AddUser("alice", alicePass); err != nil {
		t.Fatal(err)
	}
	if err := st.AddUser("bob", bobPass); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestUserManagementRealBinary(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("runs the unix binary")
	}
	b := &binRunner{t: t, bin: realBinary(t), dir: usersFolder(t)}
	id := strings.TrimSpace(b.ok("ines", inesPass, "", "record", "new", "--mrn", "MRN-U1", "--name", "Okonkwo, Adaeze",
		"--dob", "1966-05-02", "--sex", "F", "--type", "office", "--date", "2025-10-15"))

	// A coder manages no one.
	for _, args := range [][]string{{"user", "add", "carol"}, {"user", "remove", "bob"}, {"user", "disable", "bob"},
		{"user", "role", "alice", "admin"}} {
		if msg := b.fail("alice", alicePass, args...); !strings.Contains(msg, "only an administrator can manage users: ask ines") {
			t.Errorf("%v by a coder: %q", args, msg)
		}
	}
	// A confusable name is refused, whoever types it.
	if _, msg, code := b.run(0, "ines", inesPass, "carol's passphrase", "user", "add", "ａlice"); code == 0 || !strings.Contains(msg, "already exists") {
		t.Errorf("user add ａlice: exit %d %q", code, msg)
	}
	if _, msg, code := b.run(0, "ines", inesPass, "carol's passphrase", "user", "add", "car\u200bol"); code == 0 || !strings.Contains(msg, "invisible") {
		t.Errorf("a name with a zero-width space: exit %d %q", code, msg)
	}
	// Sign-in folds the name the same way.
	b.ok("ＡＬＩＣＥ", alicePass, "", "record", "show", id)

	oldKeys, err := os.ReadFile(filepath.Join(b.dir, "keys.json"))
	if err != nil {
		t.Fatal(err)
	}
	b.ok("ines", inesPass, "", "user", "remove", "alice")

	// The removed user and a wrong passphrase get the same words.
	removed := b.fail("alice", alicePass, "record", "show", id)
	wrong := b.fail("bob", "not bob's passphrase", "record", "show", id)
	unknown := b.fail("zoltan", alicePass, "record", "show", id)
	if removed != wrong || unknown != wrong || !strings.Contains(wrong, "wrong user name or passphrase") {
		t.Errorf("removed user %q\nwrong passphrase %q\nunknown user %q", removed, wrong, unknown)
	}
	// A copy of the old keys.json with alice's passphrase does not open
	// today's data.
	cur, _ := os.ReadFile(filepath.Join(b.dir, "keys.json"))
	os.WriteFile(filepath.Join(b.dir, "keys.json"), oldKeys, 0o600)
	if msg := b.fail("alice", alicePass, "record", "show", id); !strings.Contains(msg, "does not belong to this database") {
		t.Errorf("alice with the old keys.json: %q", msg)
	}
	os.WriteFile(filepath.Join(b.dir, "keys.json"), cur, 0o600)
	if out := b.ok("bob", bobPass, "", "record", "show", id); !strings.Contains(out, "Okonkwo") {
		t.Errorf("bob after the rotation: %q", out)
	}

	b.ok("ines", inesPass, "", "user", "disable", "bob")
	if msg := b.fail("bob", bobPass, "record", "show", id); !strings.Contains(msg, "disabled") || !strings.Contains(msg, "ask an administrator") {
		t.Errorf("disabled bob: %q", msg)
	}
	if list := b.ok("ines", inesPass, "", "user", "list"); !strings.Contains(list, "ines  admin\n") || !strings.Contains(list, "bob   coder  disabled\n") || strings.Contains(list, "alice") {
		t.Errorf("user list:\n%s", list)
	}
	b.ok("ines", inesPass, "", "user", "enable", "bob")
	b.ok("ines", inesPass, "", "user", "role", "bob", "admin")
	b.ok("bob", bobPass, "", "user", "role", "ines", "coder")
	if msg := b.fail("ines", inesPass, "user", "add", "carol"); !strings.Contains(msg, "ask bob") {
		t.Errorf("ines after losing the role: %q", msg)
	}
	log := strings.Join(strings.Fields(b.ok("bob", bobPass, "", "audit", "log")), " ")
	for _, want := range []string{"ines user-removed user alice: master key rotation started", "ines master-key-rotated user alice",
		"ines user-disabled user bob: master key rotation started", "ines master-key-rotated user bob", "ines user-enabled user bob",
		"ines user-role-changed user bob admin", "bob user-role-changed user ines coder"} {
		if !strings.Contains(log, want) {
			t.Errorf("audit log lacks %q:\n%s", want, log)
		}
	}
	b.ok("bob", bobPass, "", "audit", "verify")
}

// Failed sign-ins are counted in the data folder: a new process does not
// start afresh.
func TestSignInBackoffAcrossProcesses(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("runs the unix binary")
	}
	b := &binRunner{t: t, bin: realBinary(t), dir: usersFolder(t)}
	for i := range 5 {
		if msg := b.fail("alice", "a wrong guess", "record", "list"); !strings.Contains(msg, "wrong user name or passphrase") {
			t.Fatalf("failure %d: %q", i+1, msg)
		}
	}
	msg := b.fail("alice", alicePass, "record", "list")
	if !strings.Contains(msg, "too many failed sign-ins for this name: wait") {
		t.Fatalf("the right passphrase after 5 failures in other processes: %q", msg)
	}
	// Other names are not held up.
	b.ok("bob", bobPass, "", "record", "list")
}

// TestUserRemoveKilled runs `codebench user remove` and `user disable` and
// kills the process with SIGKILL at a random moment. After every kill the
// remaining users open the folder (the next sign-in finishes a started
// rotation); the user is either still in (killed before the change was
// decided) or out for good, and then the key file from before never opens
// the data again.
func TestUserRemoveKilled(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL is a unix signal")
	}
	bin := realBinary(t)
	b := &binRunner{t: t, bin: bin, dir: usersFolder(t)}
	start := time.Now()
	b.ok("ines", inesPass, "", "user", "remove", "alice")
	whole := time.Since(start)
	rounds := 24
	var before, after, done int // alice still in, alice out, runs not killed
	for round := range rounds {
		dir := usersFolder(t)
		st, err := storage.Open(dir, "ines", inesPass, storeOptions)
		if err != nil {
			t.Fatal(err)
		}
		id, err := st.NextID("R")
		st.Close()
		if err != nil {
			t.Fatal(err)
		}
		oldKeys, _ := os.ReadFile(filepath.Join(dir, "keys.json"))
		verb := []string{"remove", "disable"}[round%2]
		kill := time.Duration(rand.Int64N(int64(whole * 11 / 10)))
		b := &binRunner{t: t, bin: bin, dir: dir}
		_, _, code := b.run(kill, "ines", inesPass, "", "user", verb, "alice")
		if code == 0 {
			done++
		}
		st, err = storage.Open(dir, "bob", bobPass, storeOptions)
		if err != nil {
			t.Fatalf("round %d (%s killed after %v): bob cannot open: %v", round, verb, kill, err)
		}
		if next, err := st.NextID("R"); err != nil || next <= id {
			t.Errorf("round %d: ids went from %s to %s (%v)", round, id, next, err)
		}
		if _, err := st.VerifyAudit(); err != nil {
			t.Errorf("round %d: audit: %v", round, err)
		}
		st.Close()
		as, err := storage.Open(dir, "alice", alicePass, storeOptions)
		if err == nil {
			before++
			as.Close()
			continue
		}
		if !errors.Is(err, storage.ErrWrongPassphrase) && !errors.Is(err, storage.ErrUserDisabled) {
			t.Fatalf("round %d: alice: %v", round, err)
		}
		after++
		// Put the key file from before the change back: it opens nothing.
		cur, _ := os.ReadFile(filepath.Join(dir, "keys.json"))
		os.WriteFile(filepath.Join(dir, "keys.json"), oldKeys, 0o600)
		for _, u := range []struct{ name, pass string }{{"alice", alicePass}, {"bob", bobPass}} {
			if s, err := storage.Open(dir, u.name, u.pass, storeOptions); err == nil {
				s.Close()
				t.Errorf("round %d: %s opened the rotated data with the old keys.json", round, u.name)
			}
		}
		os.WriteFile(filepath.Join(dir, "keys.json"), cur, 0o600)
		s, err := storage.Open(dir, "ines", inesPass, storeOptions)
		if err != nil {
			t.Fatalf("round %d: ines after the check: %v", round, err)
		}
		s.Close()
	}
	t.Logf("%d rounds (an unkilled remove takes %v): %d runs finished; alice still a user in %d (killed before the change was decided), out in %d",
		rounds, whole.Round(time.Millisecond), done, before, after)
}
