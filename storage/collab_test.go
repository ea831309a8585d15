package storage

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
)

func TestStaleSaveIsRefused(t *testing.T) {
	s, _ := openTestStore(t)
	r := fakeRecord(t, s, fakeName, fakeMRN, day(2025, 3, 4), app.ToCode)
	if r.Version != 1 {
		t.Fatalf("a new record is saved as version %d, want 1", r.Version)
	}
	// Two coders load version 1; the first saves, the second's save is
	// based on a version that is no longer the stored one.
	a, _ := s.Record(r.ID)
	b, _ := s.Record(r.ID)
	a.Query = "first"
	if err := s.SaveRecord(a); err != nil {
		t.Fatal(err)
	}
	if a.Version != 2 {
		t.Fatalf("after a save the record is version %d, want 2", a.Version)
	}
	b.Query = "second"
	err := s.SaveRecord(b)
	if !errors.Is(err, app.ErrStale) {
		t.Fatalf("stale save: %v, want app.ErrStale", err)
	}
	if b.Version != 1 || b.Query != "second" {
		t.Fatalf("a refused save changed the caller's record: version %d, query %q", b.Version, b.Query)
	}
	got, _ := s.Record(r.ID)
	if got.Query != "first" || got.Version != 2 {
		t.Fatalf("stored after the refused save: query %q version %d; want the first coder's, version 2", got.Query, got.Version)
	}
	// The same applies to a note saved with the record.
	n := &app.Note{ID: "N000001", Pages: []app.Page{{Text: "x"}}}
	b.NoteIDs = append(b.NoteIDs, n.ID)
	if err := s.SaveNote(b, n, []byte("x")); !errors.Is(err, app.ErrStale) {
		t.Fatalf("stale note save: %v, want app.ErrStale", err)
	}
	if _, err := s.Note(n.ID); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("the refused note was saved: %v", err)
	}
	// A new record that claims a version is not a new record.
	ghost := *got
	ghost.ID, ghost.Version = "R999999", 3
	if err := s.SaveRecord(&ghost); !errors.Is(err, app.ErrStale) {
		t.Fatalf("save of an unknown record at version 3: %v, want app.ErrStale", err)
	}
}

func TestLeaseOnAFolder(t *testing.T) {
	s, _ := openTestStore(t)
	l, err := s.Lease("R000001", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if l.User != "coder" || l.Holder == "" || l.Since.IsZero() || !l.Expires.After(l.Since) {
		t.Fatalf("lease %+v", l)
	}
	again, err := s.Lease("R000001", time.Minute)
	if err != nil || !again.Since.Equal(l.Since) || again.Holder != l.Holder {
		t.Fatalf("renewal %+v, %v: want the same holder and Since %v", again, err, l.Since)
	}
	if err := s.Release("R000001"); err != nil {
		t.Fatal(err)
	}
	if err := s.Release("R000002"); err != nil {
		t.Fatalf("releasing a lease not held: %v", err)
	}
}

func TestWatchReportsSaves(t *testing.T) {
	s, _ := openTestStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	ch, err := s.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Badger registers the subscription on its own goroutine: save until
	// the feed reports a save, then check the next one arrives as well.
	r := fakeRecord(t, s, fakeName, fakeMRN, day(2025, 3, 4), app.ToCode)
	deadline := time.After(10 * time.Second)
	for seen := false; !seen; {
		select {
		case c := <-ch:
			seen = c.RecordID == r.ID
		case <-time.After(20 * time.Millisecond):
			r.Query = "again"
			if err := s.SaveRecord(r); err != nil {
				t.Fatal(err)
			}
		case <-deadline:
			t.Fatal("no change reported in 10 s")
		}
	}
	for len(ch) > 0 {
		<-ch
	}
	r.Query = "last"
	if err := s.SaveRecord(r); err != nil {
		t.Fatal(err)
	}
	select {
	case c := <-ch:
		if c.RecordID != r.ID || c.Version != r.Version {
			t.Fatalf("change %+v, want %s version %d", c, r.ID, r.Version)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the save was not reported")
	}
	cancel()
	for range ch {
	}
}

func TestWatchEndsWhenTheStoreCloses(t *testing.T) {
	s, _ := openTestStore(t)
	ch, err := s.Watch(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	select {
	case <-drain(ch):
	case <-time.After(10 * time.Second):
		t.Fatal("the feed did not end when the store closed")
	}
}

func drain(ch <-chan app.Change) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		for range ch {
		}
		close(done)
	}()
	return done
}

// exported collects an Export by kind.
func exported(t *testing.T, b Backend) map[ItemKind][]Item {
	t.Helper()
	out := map[ItemKind][]Item{}
	last := ItemKind(0)
	if err := b.Export(func(it Item) error {
		if it.Kind < last {
			t.Fatalf("export gives %v after %v", it.Kind, last)
		}
		last = it.Kind
		out[it.Kind] = append(out[it.Kind], it)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestExportImportRoundTrip(t *testing.T) {
	src, _ := openTestStore(t)
	if err := src.AddUser("second", testPass+"2"); err != nil {
		t.Fatal(err)
	}
	r1 := fakeRecord(t, src, fakeName, fakeMRN, day(2025, 3, 4), app.ToCode)
	fakeRecord(t, src, "Other, Person", "MRN-2", day(2025, 5, 6), app.Coded)
	long := bytes.Repeat([]byte("0123456789"), originalChunk/5) // two pieces
	n := &app.Note{ID: "N000001", FileName: "scan.pdf", Pages: []app.Page{{Text: fakeNote}}}
	r1.NoteIDs = append(r1.NoteIDs, n.ID)
	if err := src.SaveNote(r1, n, long, app.AuditEvent{Action: app.AuditNoteAdded, RecordID: r1.ID}); err != nil {
		t.Fatal(err)
	}
	if err := src.SetFavourite(app.CodeRef{System: app.ICD10CM, Code: "E119"}, true); err != nil {
		t.Fatal(err)
	}
	r1.Assignments = append(r1.Assignments, app.Assignment{System: app.ICD10CM, Code: "I10", Role: app.Principal, AssignedBy: "coder"})
	if err := src.SaveRecord(r1, app.AuditEvent{Action: app.AuditCodeAssigned, RecordID: r1.ID, Detail: "I10"}); err != nil {
		t.Fatal(err)
	}
	want := exported(t, src)
	srcRep, err := src.VerifyAudit()
	if err != nil {
		t.Fatal(err)
	}

	dir := filepath.Join(t.TempDir(), "copy")
	im, err := NewImport(dir, src.MasterKey(), false, testOptions(&syncBuffer{}))
	if err != nil {
		t.Fatal(err)
	}
	if err := src.Export(im.Put); err != nil {
		t.Fatal(err)
	}
	if err := im.Finish(); err != nil {
		t.Fatal(err)
	}
	// The second user's passphrase opens the copy: keys came as they were.
	dst, err := Open(dir, "second", testPass+"2", testOptions(&syncBuffer{}))
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	rep, err := dst.VerifyAudit()
	if err != nil {
		t.Fatal(err)
	}
	// Open appended a login after the copied trail.
	if rep.Entries != srcRep.Entries+1 {
		t.Fatalf("copy has %d audit entries, source %d (+1 login)", rep.Entries, srcRep.Entries)
	}
	got := exported(t, dst)
	for _, k := range []ItemKind{ItemUser, ItemSequence, ItemRecord, ItemNote, ItemFavourite, ItemRecent} {
		if !reflect.DeepEqual(got[k], want[k]) {
			t.Errorf("%v differ after the copy:\n got %+v\nwant %+v", k, got[k], want[k])
		}
	}
	if !reflect.DeepEqual(got[ItemAudit][:len(want[ItemAudit])], want[ItemAudit]) {
		t.Error("audit entries differ after the copy")
	}
	wl, err := dst.List(app.ListFilter{Query: "quillfeather"})
	if err != nil || len(wl.Records) != 1 || wl.Records[0].ID != r1.ID {
		t.Fatalf("the copy's name index: %+v, %v", wl.Records, err)
	}
	wl, err = dst.List(app.ListFilter{})
	if err != nil || wl.Total != 2 || wl.Counts[app.Coded] != 1 {
		t.Fatalf("the copy's counts: total %d, %v, %v", wl.Total, wl.Counts, err)
	}
	// The copy carries the record's version: a save based on it succeeds,
	// a stale one does not.
	c, _ := dst.Record(r1.ID)
	if c.Version != r1.Version {
		t.Fatalf("copied version %d, want %d", c.Version, r1.Version)
	}
	if id, _ := dst.NextID("R"); id != "R000003" {
		t.Fatalf("the copy hands out %s next, want R000003", id)
	}
}

func TestImportRefusesANonEmptyTarget(t *testing.T) {
	src, dir := openTestStore(t)
	master := src.MasterKey()
	src.Close()
	if _, err := NewImport(dir, master, false, testOptions(&syncBuffer{})); !errors.Is(err, ErrExists) {
		t.Fatalf("import into a database: %v, want ErrExists", err)
	}
	im, err := NewImport(dir, master, true, testOptions(&syncBuffer{}))
	if err != nil {
		t.Fatalf("with force: %v", err)
	}
	// An import with a broken audit chain is refused.
	e := &app.AuditEntry{Seq: 1, Prev: genesis, Action: app.AuditLogin}
	e.Hash = "not the hash"
	if err := im.Put(Item{Kind: ItemAudit, Audit: e}); !errors.Is(err, ErrAuditBroken) {
		t.Fatalf("broken entry: %v, want ErrAuditBroken", err)
	}
	im.Abort()
	if Exists(dir) {
		t.Fatal("an aborted import left a database that opens")
	}
}

// TestImportUsersFromAnotherEngine: users in the format every engine
// reads (a shared database's) become version 1 entries of keys.json, the
// first one the administrator, each opening the copy with their own
// passphrase and upgraded to a key pair when they sign in; a data
// folder's key pair cannot go to another engine.
func TestImportUsersFromAnotherEngine(t *testing.T) {
	master, err := NewMasterKey()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "copy")
	im, err := NewImport(dir, master, false, testOptions(&syncBuffer{}))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"ines", "marek"} {
		k, err := WrapKey(name, name+"'s passphrase", master, testKDF)
		if err != nil {
			t.Fatal(err)
		}
		if err := im.Put(Item{Kind: ItemUser, Key: k}); err != nil {
			t.Fatal(err)
		}
	}
	if err := im.Put(Item{Kind: ItemUser, Key: UserKey{Name: "ola"}}); !errors.Is(err, ErrKeyNotPortable) {
		t.Fatalf("a user without a portable key: %v, want ErrKeyNotPortable", err)
	}
	if err := im.Finish(); err != nil {
		t.Fatal(err)
	}
	users, err := ListUsers(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []app.UserInfo{{Name: "ines", Role: app.Administrator}, {Name: "marek", Role: app.CodingStaff}}
	if !reflect.DeepEqual(users, want) {
		t.Fatalf("users %+v, want %+v", users, want)
	}
	s, err := Open(dir, "marek", "marek's passphrase", testOptions(&syncBuffer{}))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var marek Item
	if err := s.Export(func(it Item) error {
		if it.Kind == ItemUser && it.Key.Name == "marek" {
			marek = it
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// Signed in, marek's entry is a key pair: no longer portable.
	if marek.badger == nil || len(marek.badger.Public) != 32 || marek.Portable() {
		t.Errorf("marek's entry after signing in: %+v", marek.badger)
	}
}
