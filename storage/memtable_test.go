package storage

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
)

// TestOpenAfterKillLeftEmptyMemtable: a process killed between creating
// Badger's next memtable file and sizing it leaves an empty .mem file.
// Found by the real-binary crash test; the database must open again with
// every saved record.
func TestOpenAfterKillLeftEmptyMemtable(t *testing.T) {
	dir := t.TempDir()
	s, err := Create(dir, "coder", testPass, testOptions(&syncBuffer{}))
	if err != nil {
		t.Fatal(err)
	}
	r := fakeRecord(t, s, "Memtable, Mae", "MT-1", time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), app.ToCode)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, dbDirName))
	next := 1
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".mem") {
			next++
		}
	}
	empty := filepath.Join(dir, dbDirName, strings.Repeat("0", 4)+string(rune('0'+next))+".mem")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err = Open(dir, "coder", testPass, testOptions(&syncBuffer{}))
	if err != nil {
		t.Fatalf("open with an empty memtable file left by a kill: %v", err)
	}
	defer s.Close()
	got, err := s.Record(r.ID)
	if err != nil || got.Patient.MRN != "MT-1" {
		t.Fatalf("saved record after reopen: %+v %v", got, err)
	}
}

// TestOpenAfterKillLeftEmptyValueLog: the same for Badger's next value-log
// file, created and then sized when the current one fills or the database
// opens. Found by the real-binary crash test once its kills landed in the
// open and write instead of the key derivation.
func TestOpenAfterKillLeftEmptyValueLog(t *testing.T) {
	dir := t.TempDir()
	s, err := Create(dir, "coder", testPass, testOptions(&syncBuffer{}))
	if err != nil {
		t.Fatal(err)
	}
	r := fakeRecord(t, s, "Valuelog, Val", "VL-1", time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), app.ToCode)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, dbDirName))
	next := 1
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".vlog") {
			next++
		}
	}
	empty := filepath.Join(dir, dbDirName, fmt.Sprintf("%06d.vlog", next))
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err = Open(dir, "coder", testPass, testOptions(&syncBuffer{}))
	if err != nil {
		t.Fatalf("open with an empty value-log file left by a kill: %v", err)
	}
	defer s.Close()
	got, err := s.Record(r.ID)
	if err != nil || got.Patient.MRN != "VL-1" {
		t.Fatalf("saved record after reopen: %+v %v", got, err)
	}
}
