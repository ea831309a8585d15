package storage

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/storage/internal/seal"
)

const (
	alicePass = "alice's own passphrase"
	bobPass   = "bob's own passphrase"
)

// threeUsers makes a database with the administrator coder, alice and
// bob, and a record; it returns the closed folder and the record id.
func threeUsers(t *testing.T) (string, string) {
	t.Helper()
	s, dir := openTestStore(t)
	for _, u := range []struct{ name, pass string }{{"alice", alicePass}, {"bob", bobPass}} {
		if err := s.AddUser(u.name, u.pass); err != nil {
			t.Fatal(err)
		}
	}
	r := fakeRecord(t, s, fakeName, fakeMRN, day(2025, 11, 3), app.ToCode)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return dir, r.ID
}

func openAs(t *testing.T, dir, user, pass string) *Store {
	t.Helper()
	s, err := Open(dir, user, pass, testOptions(&syncBuffer{}))
	if err != nil {
		t.Fatalf("open as %s: %v", user, err)
	}
	return s
}

// mustReadRecord opens dir as user and checks the record and the audit
// trail are intact.
func mustReadRecord(t *testing.T, dir, user, pass, id string) {
	t.Helper()
	s := openAs(t, dir, user, pass)
	defer s.Close()
	r, err := s.Record(id)
	if err != nil || r.Patient.Name != fakeName {
		t.Fatalf("record %s as %s: %v", id, user, err)
	}
	if _, err := s.VerifyAudit(); err != nil {
		t.Fatalf("audit: %v", err)
	}
}

// badgerOpensWith reports whether the database in dir opens with key.
func badgerOpensWith(t *testing.T, dir string, key []byte) bool {
	t.Helper()
	db, err := badger.Open(badgerOptions(filepath.Join(dir, dbDirName), key, Options{Log: &syncBuffer{}}))
	if err != nil {
		if !errors.Is(err, badger.ErrEncryptionKeyMismatch) {
			t.Fatalf("open with a key: %v", err)
		}
		return false
	}
	db.Close()
	return true
}

// oldKeyOpens reports whether the key pass unlocks for user in the key
// file bytes kfb opens the database in dir: what someone who kept a copy
// of keys.json could do with a passphrase.
func oldKeyOpens(t *testing.T, dir string, kfb []byte, user, pass string) bool {
	t.Helper()
	kf, err := parseKeyFile(kfb)
	if err != nil {
		t.Fatal(err)
	}
	master, err := kf.unlock(user, pass)
	if err != nil {
		t.Fatalf("the old key file no longer opens for %s: %v", user, err)
	}
	return badgerOpensWith(t, dir, master)
}

// A removed user's old passphrase with a copy of the old keys.json does
// not open today's data; the remaining users still do.
func TestRemoveRotatesMasterKey(t *testing.T) {
	dir, id := threeUsers(t)
	oldKeys, _ := os.ReadFile(filepath.Join(dir, keyFileName))
	if !oldKeyOpens(t, dir, oldKeys, "alice", alicePass) {
		t.Fatal("the control failed: alice's key does not open the database before the removal")
	}
	s := openAs(t, dir, "coder", testPass)
	oldSealer, _ := seal.New(s.master)
	if err := s.RemoveUser("alice"); err != nil {
		t.Fatal(err)
	}
	// Every value is sealed with the new key, none with the old.
	newSealer, _ := seal.New(s.master)
	raw := rawValues(t, s)
	for k, v := range raw {
		if _, err := newSealer.Open([]byte(k), v); err != nil {
			t.Errorf("%q does not open with the new key", k)
		}
		if _, err := oldSealer.Open([]byte(k), v); err == nil {
			t.Errorf("%q still opens with the old key", k)
		}
	}
	if len(raw) < 5 {
		t.Errorf("only %d values", len(raw))
	}
	// The store goes on under the new key.
	if r, err := s.Record(id); err != nil || r.Patient.Name != fakeName {
		t.Fatalf("record after the rotation: %v", err)
	}
	fakeRecord(t, s, "Second, Patient", "MRN-2", day(2025, 11, 4), app.ToCode)
	s.Close()

	if oldKeyOpens(t, dir, oldKeys, "alice", alicePass) {
		t.Error("alice's passphrase with the old keys.json opens the database after her removal")
	}
	if oldKeyOpens(t, dir, oldKeys, "bob", bobPass) {
		t.Error("the old master key opens the database after the rotation")
	}
	// Put the old key file back, as someone with a copy would: nobody
	// gets in with it.
	cur, _ := os.ReadFile(filepath.Join(dir, keyFileName))
	os.WriteFile(filepath.Join(dir, keyFileName), oldKeys, 0o600)
	if _, err := Open(dir, "alice", alicePass, testOptions(&syncBuffer{})); err == nil || !strings.Contains(err.Error(), "does not belong to this database") {
		t.Errorf("alice with the old keys.json: %v", err)
	}
	os.WriteFile(filepath.Join(dir, keyFileName), cur, 0o600)

	_, err := Open(dir, "alice", alicePass, testOptions(&syncBuffer{}))
	_, wrong := Open(dir, "bob", "not bob's passphrase", testOptions(&syncBuffer{}))
	if !errors.Is(err, ErrWrongPassphrase) || err.Error() != wrong.Error() {
		t.Errorf("removed user: %v (a wrong passphrase says %v)", err, wrong)
	}
	mustReadRecord(t, dir, "bob", bobPass, id)
	mustReadRecord(t, dir, "coder", testPass, id)

	s = openAs(t, dir, "coder", testPass)
	defer s.Close()
	log, _ := s.AuditLog("")
	var got []string
	for _, e := range log {
		if strings.HasPrefix(string(e.Action), "user-removed") || e.Action == app.AuditKeyRotated {
			got = append(got, string(e.Action)+" "+e.Detail)
		}
	}
	want := "user-removed user alice: master key rotation started|master-key-rotated user alice"
	if strings.Join(got, "|") != want {
		t.Errorf("audit:\n got %s\nwant %s", strings.Join(got, "|"), want)
	}
	if users, _ := s.UserList(); len(users) != 2 {
		t.Errorf("users after the removal: %+v", users)
	}
}

func TestDisableAndEnable(t *testing.T) {
	dir, id := threeUsers(t)
	oldKeys, _ := os.ReadFile(filepath.Join(dir, keyFileName))
	s := openAs(t, dir, "coder", testPass)
	if err := s.DisableUser("ALICE"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err := Open(dir, "alice", alicePass, testOptions(&syncBuffer{}))
	if !errors.Is(err, ErrUserDisabled) || !strings.Contains(err.Error(), "ask an administrator") {
		t.Errorf("disabled user: %v", err)
	}
	// A wrong passphrase does not learn that the user is disabled.
	if _, err := Open(dir, "alice", "a wrong guess at it", testOptions(&syncBuffer{})); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("disabled user, wrong passphrase: %v", err)
	}
	if oldKeyOpens(t, dir, oldKeys, "alice", alicePass) {
		t.Error("alice's old key opens the database after she was disabled")
	}
	s = openAs(t, dir, "coder", testPass)
	if err := s.EnableUser("alice"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	mustReadRecord(t, dir, "alice", alicePass, id)
}

func TestOnlyAdministratorsManageUsers(t *testing.T) {
	dir, _ := threeUsers(t)
	s := openAs(t, dir, "alice", alicePass)
	if r, _ := s.Role(); r != app.CodingStaff {
		t.Errorf("alice's role %q", r)
	}
	for what, err := range map[string]error{
		"add":     s.AddUser("carol", "carol's passphrase"),
		"disable": s.DisableUser("bob"),
		"enable":  s.EnableUser("bob"),
		"remove":  s.RemoveUser("bob"),
		"role":    s.SetUserRole("alice", app.Administrator),
	} {
		if !errors.Is(err, ErrNotAdmin) || !strings.Contains(err.Error(), "ask coder") {
			t.Errorf("%s by a coder: %v", what, err)
		}
	}
	s.Close()
	s = openAs(t, dir, "coder", testPass)
	if err := s.RemoveUser("coder"); err == nil || !strings.Contains(err.Error(), "yourself") {
		t.Errorf("remove yourself: %v", err)
	}
	if err := s.SetUserRole("coder", app.CodingStaff); err == nil || !strings.Contains(err.Error(), "only administrator") {
		t.Errorf("demote the last administrator: %v", err)
	}
	if err := s.SetUserRole("alice", app.Administrator); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = openAs(t, dir, "alice", alicePass)
	defer s.Close()
	if err := s.SetUserRole("coder", app.CodingStaff); err != nil {
		t.Fatalf("an administrator changing another's role: %v", err)
	}
	if err := s.AddUser("carol", "carol's passphrase"); err != nil {
		t.Fatal(err)
	}
	users, _ := s.UserList()
	if fmt.Sprint(users) != "[{coder coder false} {alice admin false} {bob coder false} {carol coder false}]" {
		t.Errorf("users %v", users)
	}
}

func TestConfusableNamesRefused(t *testing.T) {
	s, dir := openTestStore(t)
	if err := s.AddUser("alice", alicePass); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"ａlice", "ALICE", " Alice ", "ａｌｉｃｅ", "Coder"} {
		if err := s.AddUser(name, "another passphrase"); !errors.Is(err, ErrExists) {
			t.Errorf("%q: %v, want ErrExists", name, err)
		}
	}
	for _, name := range []string{"al\u200bice", "bob\x00", "bob\nsmith", "\u202egnp.exe", "", "   ", strings.Repeat("b", maxUserName+1)} {
		if err := s.AddUser(name, "another passphrase"); err == nil {
			t.Errorf("%q was accepted", name)
		}
	}
	if err := s.AddUser("Ｂｏｂ  Smith", bobPass); err != nil {
		t.Fatal(err)
	}
	s.Close()
	// Sign-in matches the same way and attributes to the stored name.
	s2 := openAs(t, dir, "ＡＬＩＣＥ", alicePass)
	if s2.User() != "alice" {
		t.Errorf("signed in as %q", s2.User())
	}
	s2.Close()
	s3 := openAs(t, dir, "bob smith", bobPass)
	defer s3.Close()
	if s3.User() != "Bob Smith" {
		t.Errorf("signed in as %q", s3.User())
	}
}

// A key file written before roles and key pairs opens; its first user
// becomes the administrator, and each entry gets a key pair when its
// user signs in.
func TestVersion1KeyFileUpgrades(t *testing.T) {
	s, dir := openTestStore(t)
	r := fakeRecord(t, s, fakeName, fakeMRN, day(2025, 11, 3), app.ToCode)
	master := s.master
	s.Close()
	var users []keyUser
	for _, n := range []struct{ name, pass string }{{"coder", testPass}, {"alice", alicePass}, {"bob", bobPass}} {
		u, err := wrapKeyV1(n.name, n.pass, master, testKDF)
		if err != nil {
			t.Fatal(err)
		}
		users = append(users, u)
	}
	b, _ := json.Marshal(&keyFile{Version: keyFileV1, Users: users})
	os.WriteFile(filepath.Join(dir, keyFileName), b, 0o600)

	s = openAs(t, dir, "coder", testPass)
	if role, _ := s.Role(); role != app.Administrator {
		t.Errorf("first user of a version 1 file: %q", role)
	}
	kf, _ := readKeyFile(dir)
	if kf.Version != keyFileVersion || len(kf.Users[0].Public) != 32 || len(kf.Users[1].Public) != 0 {
		t.Errorf("after coder signed in: version %d, key pairs %d %d", kf.Version, len(kf.Users[0].Public), len(kf.Users[1].Public))
	}
	// bob has not signed in since the update: the key cannot be rotated
	// to him, so removing alice waits, and says why.
	if err := s.RemoveUser("alice"); err == nil || !strings.Contains(err.Error(), "bob") {
		t.Errorf("rotation with a version 1 user left: %v", err)
	}
	s.Close()
	mustReadRecord(t, dir, "bob", bobPass, r.ID)
	s = openAs(t, dir, "coder", testPass)
	defer s.Close()
	if err := s.RemoveUser("alice"); err != nil {
		t.Fatal(err)
	}
}

// rotationSteps are the points a rotation can stop at (rotationFault).
var rotationSteps = []string{"started", "journal", "registry", "resealed", "keys"}

// A rotation stopped at any step leaves a folder the remaining users
// open, the change either not made (stopped before the journal) or
// finished by the next sign-in; the removed user is out from the journal
// on, and the old key file never opens the finished data.
func TestRotationStoppedAtEveryStep(t *testing.T) {
	for i, step := range rotationSteps {
		t.Run(step, func(t *testing.T) {
			dir, id := threeUsers(t)
			oldKeys, _ := os.ReadFile(filepath.Join(dir, keyFileName))
			s := openAs(t, dir, "coder", testPass)
			rotationFault = func(at string) error {
				if at == step {
					return errors.New("stopped at " + at)
				}
				return nil
			}
			err := s.RemoveUser("alice")
			rotationFault = nil
			if err == nil {
				t.Fatal("the fault did not stop the rotation")
			}
			s.Close()
			s, aerr := Open(dir, "alice", alicePass, testOptions(&syncBuffer{}))
			if i == 0 {
				// Nothing was decided: alice is still a user.
				if aerr != nil {
					t.Fatalf("alice after a rotation stopped before its journal: %v", aerr)
				}
				s.Close()
				mustReadRecord(t, dir, "bob", bobPass, id)
				return
			}
			if !errors.Is(aerr, ErrWrongPassphrase) {
				t.Errorf("alice after a rotation stopped at %s: %v", step, aerr)
			}
			mustReadRecord(t, dir, "bob", bobPass, id)
			if _, err := os.Stat(filepath.Join(dir, rotateJournalName)); err == nil {
				t.Error("the journal is still there after bob signed in")
			}
			if oldKeyOpens(t, dir, oldKeys, "alice", alicePass) {
				t.Error("the old key opens the finished data")
			}
			mustReadRecord(t, dir, "coder", testPass, id)
			s = openAs(t, dir, "coder", testPass)
			defer s.Close()
			log, _ := s.AuditLog("")
			rotated := 0
			for _, e := range log {
				if e.Action == app.AuditKeyRotated {
					rotated++
				}
			}
			if rotated != 1 {
				t.Errorf("%d master-key-rotated entries, want 1", rotated)
			}
		})
	}
}

// The next sign-in finishing a rotation can itself be stopped, at any
// step, and the one after still finishes it.
func TestRotationRecoveryStoppedAgain(t *testing.T) {
	for _, step := range rotationSteps[2:] {
		t.Run(step, func(t *testing.T) {
			dir, id := threeUsers(t)
			s := openAs(t, dir, "coder", testPass)
			rotationFault = func(at string) error {
				if at == "journal" {
					return errors.New("stopped")
				}
				return nil
			}
			s.RemoveUser("alice")
			s.Close()
			rotationFault = func(at string) error {
				if at == step {
					return errors.New("stopped again")
				}
				return nil
			}
			_, err := Open(dir, "bob", bobPass, testOptions(&syncBuffer{}))
			rotationFault = nil
			if err == nil {
				t.Fatal("the fault did not stop the recovery")
			}
			mustReadRecord(t, dir, "bob", bobPass, id)
			if _, err := Open(dir, "alice", alicePass, testOptions(&syncBuffer{})); !errors.Is(err, ErrWrongPassphrase) {
				t.Errorf("alice: %v", err)
			}
		})
	}
}

// The removed user cannot be the one who finishes a rotation.
func TestRemovedUserCannotFinishRotation(t *testing.T) {
	dir, id := threeUsers(t)
	s := openAs(t, dir, "coder", testPass)
	rotationFault = func(at string) error {
		if at == "journal" {
			return errors.New("stopped")
		}
		return nil
	}
	s.RemoveUser("alice")
	rotationFault = nil
	s.Close()
	if _, err := Open(dir, "alice", alicePass, testOptions(&syncBuffer{})); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("alice: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, rotateJournalName)); err != nil {
		t.Errorf("alice's attempt touched the journal: %v", err)
	}
	mustReadRecord(t, dir, "bob", bobPass, id)
}

// After five failures a name waits, growing with each failure; the wait
// is kept in the data folder and ends with a successful sign-in.
func TestSignInBackoff(t *testing.T) {
	s, dir := openTestStore(t)
	s.Close()
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	backoffNow = func() time.Time { return now }
	defer func() { backoffNow = time.Now }()
	for i := range freeFailures {
		if _, err := Open(dir, "coder", fmt.Sprintf("wrong guess %d", i), testOptions(&syncBuffer{})); !errors.Is(err, ErrWrongPassphrase) {
			t.Fatalf("failure %d: %v", i+1, err)
		}
	}
	_, err := Open(dir, "coder", testPass, testOptions(&syncBuffer{}))
	if !errors.Is(err, ErrSignInPaused) || !strings.Contains(err.Error(), "30 seconds") {
		t.Fatalf("the right passphrase after %d failures: %v", freeFailures, err)
	}
	// An unknown name is counted the same way.
	for range freeFailures {
		Open(dir, "nobody", testPass, testOptions(&syncBuffer{}))
	}
	if _, err := Open(dir, "Nobody", testPass, testOptions(&syncBuffer{})); !errors.Is(err, ErrSignInPaused) {
		t.Errorf("unknown name after %d failures: %v", freeFailures, err)
	}
	now = now.Add(31 * time.Second)
	if _, err := Open(dir, "coder", "wrong guess 6", testOptions(&syncBuffer{})); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatal(err)
	}
	now = now.Add(31 * time.Second)
	if _, err := Open(dir, "coder", testPass, testOptions(&syncBuffer{})); !errors.Is(err, ErrSignInPaused) || !strings.Contains(err.Error(), "29 seconds") {
		t.Errorf("the pause did not double to a minute: %v", err)
	}
	now = now.Add(30 * time.Second)
	s = openAs(t, dir, "coder", testPass)
	s.Close()
	if n, _, _ := recentFailedSignIns(dir, "coder"); n != 0 {
		t.Errorf("a successful sign-in left %d failures counted", n)
	}
	if n, _, _ := recentFailedSignIns(dir, "NOBODY"); n != freeFailures {
		t.Errorf("%d failures of nobody counted after another name signed in, want %d", n, freeFailures)
	}
	// A day later they no longer count.
	now = now.Add(forgetFailures + time.Minute)
	s = openAs(t, dir, "coder", testPass)
	s.Close()
	if n, _, _ := recentFailedSignIns(dir, "nobody"); n != 0 {
		t.Errorf("%d failures of nobody counted a day later", n)
	}
}

// BenchmarkSignInFailure compares a wrong passphrase with an unknown name
// at the shipped key derivation cost: the two must take the same time.
func BenchmarkSignInFailure(b *testing.B) {
	dir := b.TempDir()
	s, err := Create(dir, "coder", testPass, &Options{Log: &syncBuffer{}})
	if err != nil {
		b.Fatal(err)
	}
	s.Close()
	backoffNow = func() time.Time { return time.Time{} } // every failure is forgotten at once
	defer func() { backoffNow = time.Now }()
	for _, c := range []struct{ name, user string }{{"wrong-passphrase", "coder"}, {"unknown-user", "nobody"}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := Open(dir, c.user, "not the passphrase", nil); !errors.Is(err, ErrWrongPassphrase) {
					b.Fatal(err)
				}
				os.Remove(filepath.Join(dir, signInFileName))
			}
		})
	}
}

// BenchmarkRotation measures disabling a user (the master key rotated:
// Badger's registry rewritten, every value sealed again) on a database of
// 2,000 records with a 4 MB note, against enabling them again (one key
// file write and one audit entry) in the same run.
func BenchmarkRotation(b *testing.B) {
	s, _ := openTestStore(b)
	var first *app.Record
	for i := range 2000 {
		r := fakeRecord(b, s, fakeName, fmt.Sprintf("MRN-%d", i), day(2025, 11, 3), app.ToCode)
		if first == nil {
			first = r
		}
	}
	note := &app.Note{ID: "N000001", RecordID: first.ID, MediaType: "text/plain",
		Pages: []app.Page{{Text: strings.Repeat(fakeNote+" ", 4<<20/len(fakeNote)), Source: app.SourceTyped}}}
	if err := s.SaveNote(first, note, nil); err != nil {
		b.Fatal(err)
	}
	if err := s.AddUser("alice", alicePass); err != nil {
		b.Fatal(err)
	}
	b.Run("enable-baseline", func(b *testing.B) {
		for b.Loop() {
			kf, _ := readKeyFile(s.dir)
			kf.Users[1].Disabled = true
			writeKeyFile(s.dir, kf)
			if err := s.EnableUser("alice"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("disable-rotate", func(b *testing.B) {
		for b.Loop() {
			if err := s.DisableUser("alice"); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			if err := s.EnableUser("alice"); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
	})
}

// Reads going on in other goroutines (the window's worklist, a note
// loading) while a rotation swaps the database and the keys see the
// records throughout, under the old key or the new one.
func TestRotationWhileReading(t *testing.T) {
	dir, id := threeUsers(t)
	s := openAs(t, dir, "coder", testPass)
	defer s.Close()
	stop := make(chan struct{})
	errs := make(chan error, 4)
	reads := make([]int, 4)
	for g := range 4 {
		go func() {
			for {
				select {
				case <-stop:
					errs <- nil
					return
				default:
				}
				if r, err := s.Record(id); err != nil || r.Patient.Name != fakeName {
					errs <- fmt.Errorf("read during the rotation: %v", err)
					return
				}
				reads[g]++
			}
		}()
	}
	time.Sleep(20 * time.Millisecond)
	err := s.RemoveUser("alice")
	time.Sleep(20 * time.Millisecond)
	close(stop)
	for range 4 {
		if e := <-errs; e != nil {
			t.Error(e)
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("reads: %v", reads)
}
