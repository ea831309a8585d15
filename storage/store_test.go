package storage

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
)

// Made-up people only. The name is unusual so that finding it on disk
// can only mean it leaked.
const (
	testPass    = "correct horse battery staple"
	fakeName    = "Quillfeather, Zephyrine"
	fakeMRN     = "MRN-QZ-77341"
	fakeNote    = "Zephyrine reports wheezing since the garden party; albuterol helps."
	fakeAccount = "ACCT-55102"
)

// testKDF keeps argon2 cheap in tests; the shipped cost is measured in BenchmarkKDF.
var testKDF = KDF{Time: 1, MemoryKiB: 1 << 10, Threads: 1}

// syncBuffer is a log sink tests can read while Badger writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func testOptions(log *syncBuffer) *Options {
	return &Options{KDF: testKDF, Log: log}
}

// openTestStore is the one helper every store test opens a real, encrypted
// Badger database through, in its own temporary folder.
func openTestStore(t testing.TB) (*Store, string) {
	t.Helper()
	dir := t.TempDir()
	s, err := Create(dir, "coder", testPass, testOptions(&syncBuffer{}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, dir
}

func fakeRecord(t testing.TB, s *Store, name, mrn string, service time.Time, st app.Status) *app.Record {
	t.Helper()
	id, err := s.NextID("R")
	if err != nil {
		t.Fatal(err)
	}
	r := &app.Record{ID: id, Patient: app.Patient{MRN: mrn, Name: name, DOB: time.Date(1961, 4, 2, 0, 0, 0, 0, time.UTC), Sex: app.Female},
		Encounter: app.Encounter{Type: app.Outpatient, Service: service, Account: fakeAccount + id},
		Status:    st, CreatedBy: s.User(), CreatedAt: time.Now().UTC()}
	if err := s.SaveRecord(r, app.AuditEvent{Action: app.AuditRecordCreated, RecordID: id}); err != nil {
		t.Fatal(err)
	}
	return r
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestCreateReopen(t *testing.T) {
	s, dir := openTestStore(t)
	r := fakeRecord(t, s, fakeName, fakeMRN, day(2025, 11, 3), app.ToCode)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := Create(dir, "other", testPass, testOptions(&syncBuffer{})); !errors.Is(err, ErrExists) {
		t.Fatalf("Create on an existing folder: got %v, want ErrExists", err)
	}
	s2, err := Open(dir, "coder", testPass, testOptions(&syncBuffer{}))
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	got, err := s2.Record(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Patient.Name != fakeName || !got.Encounter.Service.Equal(r.Encounter.Service) {
		t.Errorf("reopened record differs: %+v", got)
	}
	if _, err := s2.Record("R999999"); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("missing record: got %v, want app.ErrNotFound", err)
	}
	if _, err := s2.Note("N999999"); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("missing note: got %v, want app.ErrNotFound", err)
	}
}

func TestOpenMissingDatabase(t *testing.T) {
	_, err := Open(t.TempDir(), "coder", testPass, nil)
	if !errors.Is(err, ErrNoDatabase) {
		t.Fatalf("got %v, want ErrNoDatabase", err)
	}
}

// dirState is every file's size and modification time, to show that a
// refused open changed nothing.
func dirState(t *testing.T, dir string) map[string]string {
	t.Helper()
	st := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		b, _ := os.ReadFile(p)
		st[p] = fmt.Sprintf("%d %v %x", fi.Size(), fi.ModTime().UnixNano(), b)
		return nil
	})
	return st
}

// TestWrongPassphrase: a refused open changes nothing but the note of
// the failed sign-in.
func TestWrongPassphrase(t *testing.T) {
	s, dir := openTestStore(t)
	fakeRecord(t, s, fakeName, fakeMRN, day(2025, 11, 3), app.ToCode)
	s.Close()
	before := dirState(t, dir)
	_, err := Open(dir, "coder", "correct horse battery stapler", testOptions(&syncBuffer{}))
	if !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("got %v, want ErrWrongPassphrase", err)
	}
	if !strings.Contains(err.Error(), "wrong passphrase for user coder") {
		t.Errorf("message %q does not say whose passphrase was wrong", err)
	}
	after := dirState(t, dir)
	// The one file a refused open writes is the note of the failed
	// sign-in, for the audit trail (signin.go).
	if _, ok := after[filepath.Join(dir, signInFileName)]; !ok {
		t.Errorf("the failed sign-in was not noted")
	}
	delete(after, filepath.Join(dir, signInFileName))
	if len(before) != len(after) {
		t.Errorf("files before %d, after %d", len(before), len(after))
	}
	for p, b := range before {
		if after[p] != b {
			t.Errorf("%s changed after a refused open", p)
		}
	}
	if _, err := Open(dir, "nobody", testPass, nil); !errors.Is(err, ErrUnknownUser) || !strings.Contains(err.Error(), "coder") {
		t.Errorf("unknown user: got %v", err)
	}
}

func TestSecondOpenIsRefused(t *testing.T) {
	log := &syncBuffer{}
	dir := t.TempDir()
	s, err := Create(dir, "coder", testPass, testOptions(log))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	log2 := &syncBuffer{}
	_, err = Open(dir, "coder", testPass, testOptions(log2))
	if !errors.Is(err, ErrAlreadyOpen) {
		t.Fatalf("got %v, want ErrAlreadyOpen", err)
	}
	if !strings.Contains(err.Error(), "Codebench is already open on this data folder") {
		t.Errorf("message: %q", err)
	}
	if log2.String() != "" {
		t.Errorf("the refused open logged: %s", log2)
	}
	if err := Restore(dir, strings.NewReader(""), "coder", testPass, true, nil); !errors.Is(err, ErrAlreadyOpen) {
		t.Errorf("restore over an open database: got %v, want ErrAlreadyOpen", err)
	}
	s.Close()
	s3, err := Open(dir, "coder", testPass, testOptions(log2))
	if err != nil {
		t.Fatalf("open after the first closed: %v", err)
	}
	s3.Close()
}

// TestNoPlaintextPHI writes a made-up patient with a note and its original
// file, closes the database (flushing memtables to tables) and reads
// every byte in the data folder looking for them.
func TestNoPlaintextPHI(t *testing.T) {
	s, dir := openTestStore(t)
	r := fakeRecord(t, s, fakeName, fakeMRN, day(2025, 11, 3), app.InProgress)
	n := &app.Note{ID: "N000001", RecordID: r.ID, MediaType: "text/plain", Pages: []app.Page{{Number: 1, Text: fakeNote, Source: app.SourceTyped}}}
	r.NoteIDs = append(r.NoteIDs, n.ID)
	if err := s.SaveNote(r, n, []byte(fakeNote), app.AuditEvent{Action: app.AuditNoteAdded, RecordID: r.ID}); err != nil {
		t.Fatal(err)
	}
	// A big original goes to Badger's value log rather than its tables.
	big := &app.Note{ID: "N000002", RecordID: r.ID, MediaType: "text/plain", Pages: []app.Page{{Number: 1, Text: fakeNote}}}
	r.NoteIDs = append(r.NoteIDs, big.ID)
	if err := s.SaveNote(r, big, bytes.Repeat([]byte(fakeNote), 3000)); err != nil {
		t.Fatal(err)
	}
	// Enough records to push data out of the memtable into tables too.
	for i := range 3000 {
		fakeRecord(t, s, fmt.Sprintf("Quillfeather%d, Zephyrine", i), fmt.Sprintf("%s-%d", fakeMRN, i), day(2025, 1, 1+i%28), app.ToCode)
	}
	var bk bytes.Buffer
	if err := s.Backup(&bk); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "backup.cbk"), bk.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	s.Close()

	secrets := []string{"Quillfeather", "Zephyrine", fakeMRN, "garden party", fakeAccount, strings.ToLower("Quillfeather")}
	scan := func() []string {
		var leaks []string
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			for _, sec := range secrets {
				if bytes.Contains(b, []byte(sec)) {
					leaks = append(leaks, filepath.Base(p)+": "+sec)
				}
			}
			return nil
		})
		return leaks
	}
	if leaks := scan(); len(leaks) > 0 {
		t.Fatalf("patient details in plain text on disk: %v", leaks)
	}
	vlogs, _ := filepath.Glob(filepath.Join(dir, dbDirName, "*.vlog"))
	var biggest int64
	for _, v := range vlogs {
		if fi, err := os.Stat(v); err == nil && fi.Size() > biggest {
			biggest = fi.Size()
		}
	}
	if biggest < 100_000 {
		t.Errorf("the big original did not reach the value log (largest .vlog %d bytes)", biggest)
	}
	// The scan itself must be able to find a leak.
	control := filepath.Join(dir, "control.txt")
	os.WriteFile(control, []byte("x"+fakeName+"x"), 0o600)
	if leaks := scan(); len(leaks) == 0 {
		t.Fatal("the scan does not find a name written in plain text")
	}
}

func TestChangePassphraseAndUsers(t *testing.T) {
	s, dir := openTestStore(t)
	r := fakeRecord(t, s, fakeName, fakeMRN, day(2025, 11, 3), app.ToCode)
	dbBefore := dirState(t, filepath.Join(dir, dbDirName))
	if err := s.ChangePassphrase("not the passphrase", "new passphrase 2"); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("change with the wrong old passphrase: %v", err)
	}
	if err := s.ChangePassphrase(testPass, "short"); err == nil {
		t.Fatal("a 5-character passphrase was accepted")
	}
	if err := s.ChangePassphrase(testPass, "new passphrase 2"); err != nil {
		t.Fatal(err)
	}
	if err := s.AddUser("second", "second passphrase"); err != nil {
		t.Fatal(err)
	}
	if err := s.AddUser("second", "second passphrase"); !errors.Is(err, ErrExists) {
		t.Errorf("duplicate user: %v", err)
	}
	s.Close()
	// Re-wrapping does not rewrite the data: the sorted tables are as they were.
	for p, st := range dbBefore {
		if strings.HasSuffix(p, ".sst") && dirState(t, filepath.Join(dir, dbDirName))[p] != st {
			t.Errorf("%s rewritten by a passphrase change", p)
		}
	}
	if _, err := Open(dir, "coder", testPass, nil); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("old passphrase after change: %v", err)
	}
	s2, err := Open(dir, "second", "second passphrase", testOptions(&syncBuffer{}))
	if err != nil {
		t.Fatal(err)
	}
	r.Status = app.InProgress
	if err := s2.SaveRecord(r, app.AuditEvent{Action: app.AuditStatusChanged, RecordID: r.ID}); err != nil {
		t.Fatal(err)
	}
	log, _ := s2.AuditLog(r.ID)
	if len(log) != 2 || log[0].User != "coder" || log[1].User != "second" {
		t.Errorf("attribution: %+v", log)
	}
	s2.Close()
	s3, err := Open(dir, "coder", "new passphrase 2", testOptions(&syncBuffer{}))
	if err != nil {
		t.Fatal(err)
	}
	defer s3.Close()
	if users, _ := s3.Users(); strings.Join(users, ",") != "coder,second" {
		t.Errorf("users %v", users)
	}
	all, _ := s3.AuditLog("")
	var actions []string
	for _, e := range all {
		actions = append(actions, string(e.Action))
	}
	// The old passphrase tried after the change is a failed sign-in,
	// folded in by the next open.
	want := "user-added login record-created passphrase-change-started passphrase-changed user-added sign-in-failed login status-changed login"
	if strings.Join(actions, " ") != want {
		t.Errorf("audit actions\n got %s\nwant %s", strings.Join(actions, " "), want)
	}
}

func TestNoteOriginalByteForByte(t *testing.T) {
	s, _ := openTestStore(t)
	r := fakeRecord(t, s, fakeName, fakeMRN, day(2025, 11, 3), app.ToCode)
	for _, size := range []int{0, 1, originalChunk, 3*originalChunk + 12345} {
		orig := make([]byte, size)
		for i := range orig {
			orig[i] = byte(i*7 + i>>9)
		}
		id, _ := s.NextID("N")
		n := &app.Note{ID: id, RecordID: r.ID, MediaType: "image/tiff", Size: int64(size)}
		r.NoteIDs = append(r.NoteIDs, id)
		if err := s.SaveNote(r, n, orig); err != nil {
			t.Fatal(err)
		}
		got, err := s.NoteOriginal(id)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, orig) {
			t.Errorf("size %d: original not kept byte for byte (got %d bytes)", size, len(got))
		}
	}
	got, _ := s.Record(r.ID)
	if len(got.NoteIDs) != 4 {
		t.Errorf("record lists %d notes", len(got.NoteIDs))
	}
}

func TestAuditTamperDetected(t *testing.T) {
	setup := func(t *testing.T) *Store {
		s, _ := openTestStore(t)
		r := fakeRecord(t, s, fakeName, fakeMRN, day(2025, 11, 3), app.ToCode)
		for _, c := range []string{"E119", "I10", "Z794"} {
			if err := s.Audit(app.AuditEvent{Action: app.AuditCodeAssigned, RecordID: r.ID, Detail: c}); err != nil {
				t.Fatal(err)
			}
		}
		if rep, err := s.VerifyAudit(); err != nil || rep.Entries != 6 {
			t.Fatalf("untouched trail: %+v %v", rep, err)
		}
		return s
	}
	cases := []struct {
		name   string
		tamper func(t *testing.T, s *Store)
		want   string
	}{
		{"edited", func(t *testing.T, s *Store) {
			v, _ := s.rawAuditValue(4)
			edited := bytes.Replace(v, []byte("E119"), []byte("E118"), 1)
			if bytes.Equal(v, edited) {
				t.Fatal("entry 4 does not hold E119")
			}
			s.tamperAudit(4, edited)
		}, "entry 4 was edited"},
		{"removed", func(t *testing.T, s *Store) { s.tamperAudit(3, nil) }, "entry 3 is missing"},
		{"removed from the end", func(t *testing.T, s *Store) { s.tamperAudit(6, nil) }, "removed from the end"},
		{"reordered", func(t *testing.T, s *Store) {
			a, _ := s.rawAuditValue(4)
			b, _ := s.rawAuditValue(5)
			s.tamperAudit(4, b)
			s.tamperAudit(5, a)
		}, "reordered"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := setup(t)
			c.tamper(t, s)
			_, err := s.VerifyAudit()
			if !errors.Is(err, ErrAuditBroken) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want ErrAuditBroken saying %q", err, c.want)
			}
		})
	}
}

func TestBackupRestore(t *testing.T) {
	s, _ := openTestStore(t)
	var ids []string
	for i := range 50 {
		ids = append(ids, fakeRecord(t, s, fmt.Sprintf("Backup%d, Test", i), fmt.Sprintf("MRN-B%d", i), day(2025, 2, 1+i%27), app.Statuses[i%len(app.Statuses)]).ID)
	}
	r, _ := s.Record(ids[0])
	orig := bytes.Repeat([]byte("scan page bytes "), 200000)
	n := &app.Note{ID: "N000001", RecordID: r.ID, MediaType: "image/png", Pages: []app.Page{{Number: 1, Text: "page text"}}}
	r.NoteIDs = []string{n.ID}
	if err := s.SaveNote(r, n, orig); err != nil {
		t.Fatal(err)
	}
	var bk bytes.Buffer
	if err := s.Backup(&bk); err != nil {
		t.Fatal(err)
	}
	// Writes after the backup are not in it.
	late := fakeRecord(t, s, "Late, Entry", "MRN-LATE", day(2025, 3, 1), app.ToCode)
	wantList, _ := s.List(app.ListFilter{})

	if users, err := BackupUsers(bytes.NewReader(bk.Bytes())); err != nil || len(users) != 1 || users[0] != "coder" {
		t.Errorf("BackupUsers: %v %v", users, err)
	}

	dst := t.TempDir()
	if err := Restore(dst, bytes.NewReader(bk.Bytes()), "coder", "wrong passphrase!", false, testOptions(&syncBuffer{})); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("restore with a wrong passphrase: %v", err)
	}
	if err := Restore(dst, bytes.NewReader(bk.Bytes()), "coder", testPass, false, testOptions(&syncBuffer{})); err != nil {
		t.Fatal(err)
	}
	s2, err := Open(dst, "coder", testPass, testOptions(&syncBuffer{}))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := s2.List(app.ListFilter{})
	if got.Total != wantList.Total-1 {
		t.Errorf("restored %d records, want %d", got.Total, wantList.Total-1)
	}
	if _, err := s2.Record(late.ID); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("a record saved after the backup was restored: %v", err)
	}
	gotOrig, err := s2.NoteOriginal(n.ID)
	if err != nil || !bytes.Equal(gotOrig, orig) {
		t.Errorf("note original after restore: %d bytes, %v", len(gotOrig), err)
	}
	if _, err := s2.VerifyAudit(); err != nil {
		t.Errorf("audit after restore: %v", err)
	}
	all, _ := s2.AuditLog("")
	if all[len(all)-2].Action != app.AuditRestore {
		t.Errorf("no restore entry: %+v", all[len(all)-2:])
	}
	s2.Close()

	// An existing database is not replaced without force, nor by a damaged backup.
	err = Restore(dst, bytes.NewReader(bk.Bytes()), "coder", testPass, false, nil)
	if err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("restore over an existing database without force: %v", err)
	}
	cut := bk.Bytes()[:bk.Len()-100]
	if err := Restore(dst, bytes.NewReader(cut), "coder", testPass, true, nil); !errors.Is(err, ErrBadBackup) {
		t.Errorf("truncated backup: %v", err)
	}
	flipped := bytes.Clone(bk.Bytes())
	flipped[len(flipped)/2] ^= 1
	if err := Restore(dst, bytes.NewReader(flipped), "coder", testPass, true, nil); !errors.Is(err, ErrBadBackup) {
		t.Errorf("altered backup: %v", err)
	}
	s3, err := Open(dst, "coder", testPass, testOptions(&syncBuffer{}))
	if err != nil {
		t.Fatalf("database after refused restores: %v", err)
	}
	if got, _ := s3.List(app.ListFilter{}); got.Total != wantList.Total-1 {
		t.Errorf("refused restores changed the database: %d records", got.Total)
	}
	s3.Close()
	if err := Restore(dst, bytes.NewReader(bk.Bytes()), "coder", testPass, true, testOptions(&syncBuffer{})); err != nil {
		t.Errorf("restore --force: %v", err)
	}
}

// TestBackupWhileWriting backs up while another goroutine keeps saving:
// the backup is one snapshot, so in the restored copy the per-status
// counters (written in the same transactions as the records) agree with
// the records, and the audit chain verifies.
func TestBackupWhileWriting(t *testing.T) {
	s, _ := openTestStore(t)
	for i := range 200 {
		fakeRecord(t, s, fmt.Sprintf("Snap%d, Test", i), fmt.Sprintf("S%d", i), day(2025, 4, 1+i%28), app.ToCode)
	}
	stop := make(chan struct{})
	done := make(chan error)
	go func() {
		i := 0
		for {
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			r, err := s.Record(fmt.Sprintf("R%06d", 1+i%200))
			if err != nil {
				done <- err
				return
			}
			r.Status = app.Statuses[i%len(app.Statuses)]
			if err := s.SaveRecord(r, app.AuditEvent{Action: app.AuditStatusChanged, RecordID: r.ID}); err != nil {
				done <- err
				return
			}
			i++
		}
	}()
	var bk bytes.Buffer
	err := s.Backup(&bk)
	close(stop)
	if werr := <-done; werr != nil {
		t.Fatal(werr)
	}
	if err != nil {
		t.Fatal(err)
	}
	dst := t.TempDir()
	if err := Restore(dst, &bk, "coder", testPass, false, testOptions(&syncBuffer{})); err != nil {
		t.Fatal(err)
	}
	s2, err := Open(dst, "coder", testPass, testOptions(&syncBuffer{}))
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	wl, _ := s2.List(app.ListFilter{})
	for _, st := range app.Statuses {
		rows, _ := s2.scanAll(app.ListFilter{Status: st})
		idx, _ := s2.List(app.ListFilter{Status: st})
		if wl.Counts[st] != len(rows) || len(idx.Records) != len(rows) {
			t.Errorf("%s: counter %d, index %d, records %d", st, wl.Counts[st], len(idx.Records), len(rows))
		}
	}
	if wl.Total != 200 {
		t.Errorf("restored %d records", wl.Total)
	}
	if _, err := s2.VerifyAudit(); err != nil {
		t.Error(err)
	}
}

func TestListMatchesFullScan(t *testing.T) {
	s, _ := openTestStore(t)
	first := []string{"Ada", "Bartholomew", "Cressida", "Dov", "Ebba", "Anneliese"}
	last := []string{"Quint", "Quintero", "Rask", "O'Moore", "Smythe-Lee"}
	var recs []*app.Record
	for i := range 300 {
		name := last[i%len(last)] + ", " + first[(i/5)%len(first)]
		recs = append(recs, fakeRecord(t, s, name, fmt.Sprintf("M%05d", i*37%1000), day(2024+i%2, time.Month(1+i%12), 1+i%28), app.ToCode))
	}
	// Move some through the workflow so indexes are rewritten.
	for i, r := range recs {
		if i%3 == 0 {
			r.Status = app.Statuses[i%len(app.Statuses)]
			r.Encounter.Service = r.Encounter.Service.AddDate(0, 0, 1)
			if err := s.SaveRecord(r); err != nil {
				t.Fatal(err)
			}
		}
	}
	filters := []app.ListFilter{
		{}, {Limit: 10}, {Oldest: true, Limit: 7},
		{Status: app.ToCode}, {Status: app.Final, Limit: 5}, {Status: app.Coded, Oldest: true},
		{Query: "quint"}, {Query: "QUINTERO ada"}, {Query: "m001"}, {Query: "o'moore"}, {Query: "smythe"},
		{Query: "ann", Status: app.ToCode}, {Query: "nobody"}, {Query: fakeAccount[:6]}, {Query: "r000017"}, {Query: "R000017 quint"},
	}
	for _, f := range filters {
		wl, err := s.List(f)
		if err != nil {
			t.Fatal(err)
		}
		want, err := s.scanAll(f)
		if err != nil {
			t.Fatal(err)
		}
		if len(wl.Records) != len(want) {
			t.Errorf("%+v: index gives %d rows, scan %d", f, len(wl.Records), len(want))
			continue
		}
		for i := range want {
			if wl.Records[i].ID != want[i].ID || wl.Records[i].Status != want[i].Status {
				t.Errorf("%+v: row %d is %s, scan says %s", f, i, wl.Records[i].ID, want[i].ID)
				break
			}
		}
		if f.Limit == 0 && wl.Total != len(want) {
			t.Errorf("%+v: total %d, want %d", f, wl.Total, len(want))
		}
	}
	if byID, _ := s.List(app.ListFilter{Query: "r000017"}); len(byID.Records) != 1 || byID.Records[0].ID != "R000017" {
		t.Errorf("search by record id: %+v", byID.Records)
	}
	wl, _ := s.List(app.ListFilter{})
	sum := 0
	for _, st := range app.Statuses {
		n, _ := s.scanAll(app.ListFilter{Status: st})
		if wl.Counts[st] != len(n) {
			t.Errorf("count %s = %d, scan %d", st, wl.Counts[st], len(n))
		}
		sum += wl.Counts[st]
	}
	if sum != 300 {
		t.Errorf("counts add to %d", sum)
	}
}

func TestDiskFullMessage(t *testing.T) {
	err := wrapWrite(fmt.Errorf("write vlog: %w", syscall.ENOSPC))
	if !errors.Is(err, ErrDiskFull) || !strings.Contains(err.Error(), "free space and retry; nothing was lost") {
		t.Errorf("got %v", err)
	}
	if err := wrapWrite(app.ErrReadOnly); !errors.Is(err, app.ErrReadOnly) || errors.Is(err, ErrDiskFull) {
		t.Errorf("a domain error was rewritten: %v", err)
	}
}

func TestDiskFullRefusesTheWrite(t *testing.T) {
	s, _ := openTestStore(t)
	r := fakeRecord(t, s, fakeName, fakeMRN, day(2025, 11, 3), app.ToCode)
	old := freeSpace
	t.Cleanup(func() { freeSpace = old })
	freeSpace = func(string) (uint64, bool) { return 50 << 20, true }
	r.Status = app.InProgress
	err := s.SaveRecord(r, app.AuditEvent{Action: app.AuditStatusChanged, RecordID: r.ID})
	if !errors.Is(err, ErrDiskFull) || !strings.Contains(err.Error(), "could not save: disk full? free space and retry; nothing was lost") {
		t.Fatalf("got %v", err)
	}
	n := &app.Note{ID: "N000001", RecordID: r.ID}
	if err := s.SaveNote(r, n, []byte("x")); !errors.Is(err, ErrDiskFull) {
		t.Errorf("note on a full disk: %v", err)
	}
	freeSpace = old
	got, err := s.Record(r.ID)
	if err != nil || got.Status != app.ToCode {
		t.Errorf("after the refused save: %v %v", got.Status, err)
	}
	if _, err := s.VerifyAudit(); err != nil {
		t.Error(err)
	}
	// With space again, the same save goes through.
	if err := s.SaveRecord(r); err != nil {
		t.Errorf("save after space was freed: %v", err)
	}
}

func TestInterruptedCreateIsCleared(t *testing.T) {
	dir := t.TempDir()
	// A Create that died after writing the database but before the key file.
	os.MkdirAll(filepath.Join(dir, dbDirName), 0o700)
	os.WriteFile(filepath.Join(dir, dbDirName, "000001.vlog"), []byte("partial"), 0o600)
	os.WriteFile(filepath.Join(dir, keyFileName+".creating"), []byte("{}"), 0o600)
	s, err := Create(dir, "coder", testPass, testOptions(&syncBuffer{}))
	if err != nil {
		t.Fatalf("create over an interrupted create: %v", err)
	}
	s.Close()
	if _, err := os.Stat(filepath.Join(dir, keyFileName+".creating")); !os.IsNotExist(err) {
		t.Error("the temporary key file is left behind")
	}
	// A database folder with no key file at all is not thrown away.
	dir2 := t.TempDir()
	os.MkdirAll(filepath.Join(dir2, dbDirName), 0o700)
	os.WriteFile(filepath.Join(dir2, dbDirName, "000001.vlog"), []byte("data"), 0o600)
	if _, err := Create(dir2, "coder", testPass, testOptions(&syncBuffer{})); err == nil || !strings.Contains(err.Error(), "no key file") {
		t.Errorf("create over a keyless database: %v", err)
	}
}
