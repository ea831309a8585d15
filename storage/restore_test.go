package storage

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/codebench/codebench/app"
)

func backupOf(t *testing.T, s *Store) []byte {
	t.Helper()
	var bk bytes.Buffer
	if err := s.Backup(&bk); err != nil {
		t.Fatal(err)
	}
	return bk.Bytes()
}

// TestKeyFileWithoutDatabaseIsRefused: a folder whose db/ went missing
// does not open as a new, empty database, nor is one created over it;
// the folder is left as it was.
func TestKeyFileWithoutDatabaseIsRefused(t *testing.T) {
	s, dir := openTestStore(t)
	fakeRecord(t, s, fakeName, fakeMRN, day(2025, 11, 3), app.ToCode)
	s.Close()
	if err := os.Rename(filepath.Join(dir, dbDirName), filepath.Join(t.TempDir(), "moved")); err != nil {
		t.Fatal(err)
	}
	_, err := Open(dir, "coder", testPass, testOptions(&syncBuffer{}))
	if !errors.Is(err, ErrDatabaseMissing) || !strings.Contains(err.Error(), "restore") {
		t.Fatalf("open without db/: %v", err)
	}
	if _, err := Create(dir, "coder", testPass, testOptions(&syncBuffer{})); !errors.Is(err, ErrExists) {
		t.Fatalf("create over a key file: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, dbDirName)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a database folder was made: %v", err)
	}
}

// TestRestoreKeepsUnaccountedReplaced: a db.replaced no journal accounts
// for (a restore by an older Codebench that was killed) may be the only
// copy of records: a restore sets it aside, never deletes it. One left
// with db/ gone is put back on open.
func TestRestoreKeepsUnaccountedReplaced(t *testing.T) {
	s, dir := openTestStore(t)
	fakeRecord(t, s, fakeName, fakeMRN, day(2025, 11, 3), app.ToCode)
	bk := backupOf(t, s)
	s.Close()
	old := filepath.Join(dir, dbDirName+replacedSuffix)
	os.MkdirAll(old, 0o700)
	os.WriteFile(filepath.Join(old, "only-copy.sst"), []byte("records"), 0o600)
	if err := Restore(dir, bytes.NewReader(bk), "coder", testPass, true, testOptions(&syncBuffer{})); err != nil {
		t.Fatal(err)
	}
	kept, _ := filepath.Glob(filepath.Join(dir, dbDirName+replacedSuffix+"-*", "only-copy.sst"))
	if len(kept) != 1 {
		t.Fatalf("the earlier db.replaced was not kept: %v", kept)
	}

	// An older Codebench killed after it moved db/ away: db.replaced is
	// the database of the key file in place.
	if err := os.Rename(filepath.Join(dir, dbDirName), old); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, dbDirName+restoringSuffix), 0o700)
	s, err := Open(dir, "coder", testPass, testOptions(&syncBuffer{}))
	if err != nil {
		t.Fatalf("open after a legacy interrupted restore: %v", err)
	}
	defer s.Close()
	if wl, _ := s.List(app.ListFilter{}); wl.Total != 1 {
		t.Fatalf("%d records after the database was put back", wl.Total)
	}
}

// TestRestoreCarriesLaterAuditEntries: restoring a backup over the same
// database keeps the audit entries made after the backup, re-chained
// after a "restore" entry, and the trail verifies; restoring another
// database's backup whose passphrase does not unlock the current one
// keeps the current database aside instead of losing its trail.
func TestRestoreCarriesLaterAuditEntries(t *testing.T) {
	s, dir := openTestStore(t)
	r := fakeRecord(t, s, fakeName, fakeMRN, day(2025, 11, 3), app.ToCode)
	before, _ := s.AuditLog("") // what the backup holds
	bk := backupOf(t, s)
	late := fakeRecord(t, s, "Late, Entry", "MRN-LATE", day(2025, 12, 1), app.ToCode)
	if err := s.Audit(app.AuditEvent{Action: app.AuditRecordViewed, RecordID: r.ID}); err != nil {
		t.Fatal(err)
	}
	after, _ := s.AuditLog("")
	s.Close()

	if err := Restore(dir, bytes.NewReader(bk), "coder", testPass, true, testOptions(&syncBuffer{})); err != nil {
		t.Fatal(err)
	}
	s, err := Open(dir, "coder", testPass, testOptions(&syncBuffer{}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Record(late.ID); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("a record made after the backup is back: %v", err)
	}
	log, _ := s.AuditLog("")
	if _, err := s.VerifyAudit(); err != nil {
		t.Fatalf("audit after restore: %v", err)
	}
	// The "backup" entry is written after the stream, so it is the first
	// of the carried ones.
	var restore *app.AuditEntry
	for i := range log {
		if log[i].Action == app.AuditRestore {
			restore = &log[i]
			break
		}
	}
	if restore == nil || restore.Seq != uint64(len(before)+1) {
		t.Fatalf("no restore entry right after the backup's trail: %+v", restore)
	}
	carried := after[len(before):]
	if !strings.Contains(restore.Detail, "backup of ") || !strings.Contains(restore.Detail, "audit entries of the replaced database") {
		t.Errorf("restore entry: %q", restore.Detail)
	}
	got := log[restore.Seq : int(restore.Seq)+len(carried)]
	for i, c := range carried {
		g := got[i]
		if g.Action != c.Action || g.RecordID != c.RecordID || g.User != c.User || !g.Time.Equal(c.Time) || !strings.Contains(g.Detail, "carried over") {
			t.Errorf("carried entry %d: %+v, want %+v", i, g, c)
		}
	}
	if carried[0].Action != app.AuditBackup || carried[len(carried)-1].Action != app.AuditRecordViewed {
		t.Errorf("carried %v ... %v", carried[0].Action, carried[len(carried)-1].Action)
	}
	s.Close()

	// Another database, another passphrase: the current one cannot be
	// read with the backup's, so it is kept aside with its key file.
	other, err := Create(t.TempDir(), "coder", "another passphrase 9", testOptions(&syncBuffer{}))
	if err != nil {
		t.Fatal(err)
	}
	obk := backupOf(t, other)
	other.Close()
	if err := Restore(dir, bytes.NewReader(obk), "coder", "another passphrase 9", true, testOptions(&syncBuffer{})); err != nil {
		t.Fatal(err)
	}
	aside, _ := filepath.Glob(filepath.Join(dir, dbDirName+replacedSuffix+"-*", manifestName))
	keys, _ := filepath.Glob(filepath.Join(dir, keyFileName+replacedSuffix+"-*"))
	if len(aside) != 1 || len(keys) != 1 {
		t.Fatalf("the replaced database was not kept aside: %v %v", aside, keys)
	}
	s, err = Open(dir, "coder", "another passphrase 9", testOptions(&syncBuffer{}))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	log, _ = s.AuditLog("")
	if _, err := s.VerifyAudit(); err != nil {
		t.Fatal(err)
	}
	var said bool
	for _, e := range log {
		said = said || e.Action == app.AuditRestore && strings.Contains(e.Detail, "kept in db.replaced-")
	}
	if !said {
		t.Errorf("the restore entry does not say where the replaced database is kept")
	}

	// With the current passphrase given, the trail is carried instead.
	s.Close()
	o := testOptions(&syncBuffer{})
	o.ReplacedPassphrase = "another passphrase 9"
	if err := Restore(dir, bytes.NewReader(bk), "coder", testPass, true, o); err != nil {
		t.Fatal(err)
	}
	if aside, _ := filepath.Glob(filepath.Join(dir, dbDirName+replacedSuffix+"-*")); len(aside) != 1 {
		t.Errorf("a second database was kept aside though its trail could be carried: %v", aside)
	}
}

// TestLegacyHalfRestoreIsMended: a Codebench from before the journal,
// killed after it put the restored db/ in place but before it wrote the
// backup's keys.json, left a folder that did not open ("the key file does
// not belong to this database"). The old database, in db.replaced, is
// put back; the restored copy is kept beside it.
func TestLegacyHalfRestoreIsMended(t *testing.T) {
	s, dir := openTestStore(t)
	fakeRecord(t, s, fakeName, fakeMRN, day(2025, 11, 3), app.ToCode)
	s.Close()
	other, err := Create(t.TempDir(), "coder", testPass, testOptions(&syncBuffer{}))
	if err != nil {
		t.Fatal(err)
	}
	bk := backupOf(t, other)
	other.Close()
	restored := t.TempDir()
	if err := Restore(restored, bytes.NewReader(bk), "coder", testPass, false, testOptions(&syncBuffer{})); err != nil {
		t.Fatal(err)
	}
	// The state the old restore left: db/ is the other database's, db.replaced ours.
	if err := os.Rename(filepath.Join(dir, dbDirName), filepath.Join(dir, dbDirName+replacedSuffix)); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(restored, dbDirName), filepath.Join(dir, dbDirName)); err != nil {
		t.Fatal(err)
	}
	s, err = Open(dir, "coder", testPass, testOptions(&syncBuffer{}))
	if err != nil {
		t.Fatalf("open after a legacy half restore: %v", err)
	}
	defer s.Close()
	if wl, _ := s.List(app.ListFilter{}); wl.Total != 1 {
		t.Errorf("%d records after the mend, want the old database's 1", wl.Total)
	}
	if kept, _ := filepath.Glob(filepath.Join(dir, dbDirName+".unmatched-*", manifestName)); len(kept) != 1 {
		t.Errorf("the restored copy was not kept aside: %v", kept)
	}
}
