package storage

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
)

// Issue 14, item 2: values and keys over Badger's limits are refused
// before they are written, with the store's own sentinel, and no error
// text or log line carries the value (Badger's own message dumps the key
// or value in hex).
func TestOversizedWritesCarryNoPatientData(t *testing.T) {
	log := &syncBuffer{}
	dir := t.TempDir()
	s, err := Create(dir, "coder", testPass, testOptions(log))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	// A name so long its index key is past Badger's 65,000-byte key limit.
	name := "Qzxname" + strings.Repeat("q", 70000)
	rec := &app.Record{ID: "R000001", Patient: app.Patient{MRN: "MRN-1", Name: name, Sex: app.Female},
		Encounter: app.Encounter{Type: app.Office, Service: day(2025, time.November, 3)}, Status: app.ToCode}
	err = s.SaveRecord(rec)
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("long name: %v, want ErrTooLarge", err)
	}
	checkNoPHI(t, err, log, "qqqqqqqq", "71717171")

	// A note whose text alone is past Badger's 64 MB value limit is kept
	// in pieces and read back whole.
	rec.Patient.Name = "Doe, Jo"
	if err := s.SaveRecord(rec); err != nil {
		t.Fatal(err)
	}
	text := "Qznotetext " + strings.Repeat("w", 70<<20) + " end"
	n := &app.Note{ID: "N000001", RecordID: rec.ID, Pages: []app.Page{{Number: 1, Text: text}, {Number: 2, Text: "page two"}}}
	rec.NoteIDs = []string{n.ID}
	if err := s.SaveNote(rec, n, []byte("x")); err != nil {
		t.Fatalf("70 MB note: %.300v", err)
	}
	checkNoPHI(t, nil, log, "wwwwwwww", "77777777", "Qznotetext")
	got, err := s.Note(n.ID)
	if err != nil || len(got.Pages) != 2 || got.Pages[0].Text != text || got.Pages[1].Text != "page two" {
		t.Errorf("long note read back: %v", err)
	}
	// A short note still reads back (one piece).
	short := &app.Note{ID: "N000002", RecordID: rec.ID, Pages: []app.Page{{Number: 1, Text: "short"}}}
	rec.NoteIDs = append(rec.NoteIDs, short.ID)
	if err := s.SaveNote(rec, short, []byte("short")); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Note(short.ID); err != nil || got.Pages[0].Text != "short" {
		t.Errorf("short note: %v %v", got, err)
	}
}

func checkNoPHI(t *testing.T, err error, log *syncBuffer, secrets ...string) {
	t.Helper()
	for _, sec := range secrets {
		if err != nil && strings.Contains(err.Error(), sec) {
			t.Errorf("error text holds %q: %.200s", sec, err.Error())
		}
		if strings.Contains(log.String(), sec) {
			t.Errorf("log holds %q: %.200s", sec, log.String())
		}
	}
	if err != nil && len(err.Error()) > 400 {
		t.Errorf("error text is %d bytes long: %.200s", len(err.Error()), err.Error())
	}
}

// Issue 14, item 13: opening the folder removes the temporary key files
// a killed passwd left (they hold keys for passphrases that never took
// effect), and a data folder others can write to is made private.
func TestOpenCleansTheFolder(t *testing.T) {
	s, dir := openTestStore(t)
	s.Close()
	leftovers := []string{".keys.json.123456.tmp", ".keys.json.4242"}
	for _, n := range leftovers {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(`{"users":[]}`), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if runtime.GOOS != "windows" {
		if err := os.Chmod(dir, 0o777); err != nil {
			t.Fatal(err)
		}
	}
	s, err := Open(dir, "coder", testPass, testOptions(&syncBuffer{}))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, n := range leftovers {
		if _, err := os.Stat(filepath.Join(dir, n)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s is still in the data folder", n)
		}
	}
	if runtime.GOOS != "windows" {
		if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
			t.Errorf("data folder mode %v, want 0700", fi.Mode().Perm())
		}
	}
}
