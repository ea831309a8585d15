package storage

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
)

// TestCrashAcknowledgedSavesSurvive builds internal/crashwriter (the real
// store and coding service in their own process), lets it save records and
// notes, kills it with SIGKILL at a random moment, and reopens the
// database: every save it acknowledged must be there, byte for byte, and
// the audit chain must verify. Twenty rounds on the same folder.
func TestCrashAcknowledgedSavesSurvive(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL is a unix signal")
	}
	bin := filepath.Join(t.TempDir(), "crashwriter")
	build := exec.Command("go", "build", "-o", bin, "./internal/crashwriter")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build the crash writer: %v\n%s", err, out)
	}
	dir := t.TempDir()
	const pass = "crash test passphrase"
	records := map[string]string{} // id → MRN
	notes := map[string]string{}   // id → sha256 of the original
	rounds := 20
	for round := range rounds {
		cmd := exec.Command(bin, dir)
		cmd.Env = append(os.Environ(), "CRASH_PASSPHRASE="+pass)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string, 1024)
		go func() {
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		// Wait for the first save, then kill at a random moment in the stream.
		first, ok := <-lines
		if !ok {
			cmd.Wait()
			t.Fatalf("round %d: the writer saved nothing: %s", round, stderr.String())
		}
		time.Sleep(time.Duration(rand.IntN(400)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		got := []string{first}
		for l := range lines {
			got = append(got, l)
		}
		cmd.Wait()
		// Badger may warn while it recovers; only the writer's own errors fail the test.
		if strings.Contains(stderr.String(), "crashwriter:") {
			t.Fatalf("round %d: the writer failed: %s", round, stderr.String())
		}
		for _, l := range got {
			f := strings.Fields(l)
			switch {
			case len(f) == 3 && f[0] == "ack":
				records[f[1]] = f[2]
			case len(f) == 4 && f[0] == "note":
				notes[f[1]] = f[3]
			default:
				t.Fatalf("round %d: odd line %q", round, l)
			}
		}

		s, err := Open(dir, "crash", pass, testOptions(&syncBuffer{}))
		if err != nil {
			t.Fatalf("round %d: reopen after SIGKILL: %v", round, err)
		}
		for id, mrn := range records {
			r, err := s.Record(id)
			if err != nil {
				t.Fatalf("round %d: acknowledged record %s lost: %v", round, id, err)
			}
			if r.Patient.MRN != mrn {
				t.Fatalf("round %d: record %s has MRN %s, want %s", round, id, r.Patient.MRN, mrn)
			}
		}
		for id, sum := range notes {
			b, err := s.NoteOriginal(id)
			if err != nil {
				t.Fatalf("round %d: acknowledged note %s lost: %v", round, id, err)
			}
			h := sha256.Sum256(b)
			if hex.EncodeToString(h[:]) != sum {
				t.Fatalf("round %d: note %s original changed", round, id)
			}
		}
		if _, err := s.VerifyAudit(); err != nil {
			t.Fatalf("round %d: audit after SIGKILL: %v", round, err)
		}
		wl, err := s.List(app.ListFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if wl.Total < len(records) || len(wl.Records) != wl.Total {
			t.Fatalf("round %d: worklist has %d (total %d), %d acknowledged", round, len(wl.Records), wl.Total, len(records))
		}
		s.Close()
	}
	t.Logf("%d rounds: %d acknowledged records and %d notes all present after SIGKILL", rounds, len(records), len(notes))
	if len(records) < rounds {
		t.Errorf("only %d saves acknowledged over %d rounds", len(records), rounds)
	}
}
