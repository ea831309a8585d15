package cli

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/codebench/codebench/storage"
)

// TestCrashRealBinary builds the shipped codebench binary and runs
// `codebench record new` and `codebench note add` over and over on one
// data folder, killing each process with SIGKILL at a random moment
// (while it derives the key, opens the database, writes or closes). After
// every round the database must open cleanly, every id a process printed
// (it prints only after the synced save returned) must be there, and the
// audit trail must verify.
func TestCrashRealBinary(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL is a unix signal")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "codebench")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build codebench: %v\n%s", err, out)
	}
	dir := filepath.Join(t.TempDir(), "data")
	const pass = "crash the real binary"
	// The user is created here with a cheap key derivation (its cost is
	// stored with the user, so the binary derives cheaply too): with the
	// shipped cost most of a run is argon2, and most kills would land there
	// instead of while the database opens, writes or closes.
	st, err := storage.Create(dir, "crash", pass, storeOptions)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "CODEBENCH_DATA="+dir, "CODEBENCH_PASSPHRASE="+pass, "CODEBENCH_USER=crash")
	run := func(kill time.Duration, args ...string) (string, string) {
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		if kill > 0 {
			select {
			case <-done:
			case <-time.After(kill):
				cmd.Process.Signal(syscall.SIGKILL)
				<-done
			}
		} else {
			<-done
		}
		return out.String(), errb.String()
	}
	recID := regexp.MustCompile(`(?m)^R\d{6}$`)
	noteID := regexp.MustCompile(`(?m)^N\d{6}$`)
	start := time.Now()
	out, errOut := run(0, "record", "new", "--mrn", "CR-0", "--name", "Crashford, Una", "--dob", "1970-01-01", "--sex", "F", "--type", "office", "--date", "2025-10-15")
	first := recID.FindString(out)
	if first == "" {
		t.Fatalf("first record new: %q %q", out, errOut)
	}
	// Kill between 30% and 130% of a whole run, so most kills land while
	// the process opens, writes or closes the database.
	whole := time.Since(start)
	acked := map[string]string{first: "CR-0"}
	notes := map[string]bool{}
	killed := 0
	rounds := 30
	for round := range rounds {
		kill := whole*3/10 + time.Duration(rand.Int64N(int64(whole)))
		mrn := fmt.Sprintf("CR-%d", round+1)
		var out string
		if round%3 == 2 {
			out, _ = run(kill, "note", "add", first, "--text", fmt.Sprintf("Crash round %d note.", round))
			for _, id := range noteID.FindAllString(out, -1) {
				notes[id] = true
			}
		} else {
			out, _ = run(kill, "record", "new", "--mrn", mrn, "--name", "Crashford, Una", "--dob", "1970-01-01", "--sex", "F", "--type", "office", "--date", "2025-10-15")
			if id := recID.FindString(out); id != "" {
				acked[id] = mrn
			}
		}
		if !strings.Contains(out, "\n") {
			killed++
		}
		st, err := storage.Open(dir, "crash", pass, nil)
		if err != nil {
			t.Fatalf("round %d: open after SIGKILL: %v", round, err)
		}
		for id, mrn := range acked {
			r, err := st.Record(id)
			if err != nil || r.Patient.MRN != mrn {
				st.Close()
				t.Fatalf("round %d: acknowledged record %s: %v", round, id, err)
			}
		}
		for id := range notes {
			if _, err := st.Note(id); err != nil {
				st.Close()
				t.Fatalf("round %d: acknowledged note %s: %v", round, id, err)
			}
		}
		if _, err := st.VerifyAudit(); err != nil {
			st.Close()
			t.Fatalf("round %d: audit after SIGKILL: %v", round, err)
		}
		st.Close()
	}
	t.Logf("%d rounds (a run takes %v): %d processes killed before acknowledging, %d records and %d notes acknowledged, all present", rounds, whole.Round(time.Millisecond), killed, len(acked), len(notes))
}
