package storage

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/codebench/codebench/app"
)

func auditActions(t *testing.T, s *Store, action app.AuditAction) []app.AuditEntry {
	t.Helper()
	log, err := s.AuditLog("")
	if err != nil {
		t.Fatal(err)
	}
	var out []app.AuditEntry
	for _, e := range log {
		if e.Action == action {
			out = append(out, e)
		}
	}
	return out
}

// TestFailedSignInsReachTheAuditTrail: a wrong passphrase and an unknown
// user are noted beside the database (the name capped, no passphrase),
// and the next successful open writes them to the audit trail, once, and
// clears the file.
func TestFailedSignInsReachTheAuditTrail(t *testing.T) {
	s, dir := openTestStore(t)
	s.Close()
	opt := testOptions(&syncBuffer{})
	if _, err := Open(dir, "coder", "not the passphrase", opt); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	long := strings.Repeat("é", 100) + "\nforged line"
	if _, err := Open(dir, long, testPass, opt); !errors.Is(err, ErrUnknownUser) {
		t.Fatalf("unknown user: %v", err)
	}
	pending, err := PendingFailedSignIns(dir)
	if err != nil || len(pending) != 2 {
		t.Fatalf("pending %v, %v", pending, err)
	}
	if pending[0].User != "coder" || len(pending[1].User) > maxSignInUser+len("…") || strings.Contains(pending[1].User, "\n") {
		t.Fatalf("users kept: %q, %q", pending[0].User, pending[1].User)
	}
	raw, _ := os.ReadFile(filepath.Join(dir, signInFileName))
	if strings.Contains(string(raw), "not the passphrase") || strings.Contains(string(raw), "forged") {
		t.Fatalf("the failed sign-in file holds more than the name: %s", raw)
	}

	s, err = Open(dir, "coder", testPass, opt)
	if err != nil {
		t.Fatal(err)
	}
	failed := auditActions(t, s, app.AuditSignInFailed)
	if len(failed) != 2 || !strings.Contains(failed[0].Detail, `"coder"`) {
		t.Fatalf("audit has %d sign-in failures: %+v", len(failed), failed)
	}
	if _, err := os.Stat(filepath.Join(dir, signInFileName)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("failed sign-ins not cleared: %v", err)
	}
	if _, err := s.VerifyAudit(); err != nil {
		t.Fatal(err)
	}
	s.Close()

	// A kill after the fold's commit but before the file was cleared:
	// the same entries are in the file again; they are not written twice.
	if err := writeSignIns(dir, pending); err != nil {
		t.Fatal(err)
	}
	s, err = Open(dir, "coder", testPass, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n := len(auditActions(t, s, app.AuditSignInFailed)); n != 2 {
		t.Fatalf("after a replayed fold the audit has %d sign-in failures, want 2", n)
	}
	if p, _ := PendingFailedSignIns(dir); len(p) != 0 {
		t.Fatalf("still pending: %v", p)
	}
}

// TestFailedSignInFileIsBounded: a cut last line is skipped and the next
// failure still reads; past maxPendingSignIns the oldest are dropped and
// counted, so guessing for hours cannot fill the disk.
func TestFailedSignInFileIsBounded(t *testing.T) {
	dir := t.TempDir()
	if err := RecordFailedSignIn(dir, "a"); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(filepath.Join(dir, signInFileName), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"id":"cut","time":"2026-`)
	f.Close()
	if err := RecordFailedSignIn(dir, "b"); err != nil {
		t.Fatal(err)
	}
	p, err := PendingFailedSignIns(dir)
	if err != nil || len(p) != 2 || p[0].User != "a" || p[1].User != "b" {
		t.Fatalf("after a cut line: %+v, %v", p, err)
	}

	var many []FailedSignIn
	for i := range maxPendingSignIns {
		many = append(many, FailedSignIn{ID: "old" + strconv.Itoa(i), User: "u"})
	}
	if err := writeSignIns(dir, many); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := RecordFailedSignIn(dir, "last"); err != nil {
			t.Fatal(err)
		}
	}
	p, err = PendingFailedSignIns(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(p) != maxPendingSignIns || p[len(p)-1].User != "last" || p[0].Dropped != 3 {
		t.Fatalf("bounded file: %d entries, last %q, dropped %d", len(p), p[len(p)-1].User, p[0].Dropped)
	}
	if err := ClearFailedSignIns(dir, p[:10]); err != nil {
		t.Fatal(err)
	}
	if p2, _ := PendingFailedSignIns(dir); len(p2) != maxPendingSignIns-10 || p2[0].ID != p[10].ID {
		t.Fatalf("clear of the first 10 left %d", len(p2))
	}
}
