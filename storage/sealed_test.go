package storage

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/storage/internal/seal"
)

// sealedFixture is a small database with every kind of value: records in
// two statuses with their indexes and counts, a short note, a long note
// (text in pieces under t/, a three-chunk original), favourite and recent
// codes, and an audit trail.
type sealedFixture struct {
	recs  []*app.Record
	notes map[string]*app.Note
	origs map[string][]byte
}

func buildFixture(t testing.TB, s *Store, long bool) *sealedFixture {
	t.Helper()
	f := &sealedFixture{notes: map[string]*app.Note{}, origs: map[string][]byte{}}
	f.recs = append(f.recs, fakeRecord(t, s, fakeName, fakeMRN, day(2025, 3, 4), app.ToCode))
	f.recs = append(f.recs, fakeRecord(t, s, "Okonkwo, Adaeze", "MRN-OA-1", day(2025, 5, 6), app.Final))
	r := f.recs[0]
	r.Assignments = []app.Assignment{{System: app.ICD10CM, Code: "I10", Year: 2026, Role: app.Principal, AssignedBy: s.User()}}
	if err := s.SaveRecord(r, app.AuditEvent{Action: app.AuditCodeAssigned, RecordID: r.ID, Detail: "I10"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetFavourite(app.CodeRef{System: app.ICD10CM, Code: "E119"}, true); err != nil {
		t.Fatal(err)
	}
	add := func(id, text string, orig []byte) {
		n := &app.Note{ID: id, RecordID: r.ID, MediaType: "text/plain", Size: int64(len(orig)),
			Pages: []app.Page{{Number: 1, Text: text, Source: app.SourceTyped}}, AddedBy: s.User(), AddedAt: time.Now().UTC()}
		r.NoteIDs = append(r.NoteIDs, id)
		if err := s.SaveNote(r, n, orig, app.AuditEvent{Action: app.AuditNoteAdded, RecordID: r.ID, Detail: id}); err != nil {
			t.Fatal(err)
		}
		f.notes[id], f.origs[id] = n, orig
	}
	add("N000001", fakeNote, []byte(fakeNote))
	if long {
		text := strings.Repeat("Long note line about wheezing. ", (noteChunk+noteChunk/2)/31)
		add("N000002", text, bytes.Repeat([]byte{0xab, 0x01, 0x7f}, (2*originalChunk+100)/3))
	}
	return f
}

// check reads everything back: it returns nil when every value is
// exactly as written, or the first error.
func (f *sealedFixture) check(s *Store) error {
	for _, want := range f.recs {
		got, err := s.Record(want.ID)
		if err != nil {
			return err
		}
		if got.ID != want.ID || got.Patient.Name != want.Patient.Name || got.Status != want.Status ||
			len(got.Assignments) != len(want.Assignments) || !reflect.DeepEqual(got.NoteIDs, want.NoteIDs) {
			return fmt.Errorf("%w: %s", errDiffers, "record "+want.ID+" differs")
		}
		for i := range got.Assignments {
			if got.Assignments[i].Code != want.Assignments[i].Code {
				return fmt.Errorf("%w: %s", errDiffers, "record "+want.ID+": code differs")
			}
		}
	}
	for id, want := range f.notes {
		got, err := s.Note(id)
		if err != nil {
			return err
		}
		if got.Text() != want.Text() || got.Size != want.Size {
			return fmt.Errorf("%w: %s", errDiffers, "note "+id+" differs")
		}
		orig, err := s.NoteOriginal(id)
		if err != nil {
			return err
		}
		if !bytes.Equal(orig, f.origs[id]) {
			return fmt.Errorf("%w: %s", errDiffers, "original of "+id+" differs")
		}
	}
	wl, err := s.List(app.ListFilter{})
	if err != nil {
		return err
	}
	if len(wl.Records) != len(f.recs) || wl.Total != len(f.recs) {
		return fmt.Errorf("%w: %s", errDiffers, "worklist differs")
	}
	for _, q := range []string{"quillfeather", "mrn-oa", f.recs[0].ID} {
		wl, err := s.List(app.ListFilter{Query: q})
		if err != nil {
			return err
		}
		if len(wl.Records) != 1 {
			return fmt.Errorf("%w: %s", errDiffers, "search differs")
		}
	}
	fav, err := s.Favourites()
	if err != nil {
		return err
	}
	if len(fav) != 1 || fav[0].Code != "E119" {
		return fmt.Errorf("%w: %s", errDiffers, "favourites differ")
	}
	rc, err := s.RecentCodes()
	if err != nil {
		return err
	}
	if len(rc) != 1 || rc[0].Code != "I10" {
		return fmt.Errorf("%w: %s", errDiffers, "recent codes differ")
	}
	if _, err := s.VerifyAudit(); err != nil {
		return err
	}
	return nil
}

// rawValues returns every key and stored (sealed) value of the database.
func rawValues(t testing.TB, s *Store) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			out[string(it.Item().KeyCopy(nil))] = v
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// putRaw writes values as they are, unsealed, the way a Codebench before
// sealing did.
func putRaw(t testing.TB, s *Store, kv map[string][]byte) {
	t.Helper()
	wb := s.db.NewWriteBatch()
	for k, v := range kv {
		if err := wb.Set([]byte(k), v); err != nil {
			t.Fatal(err)
		}
	}
	if err := wb.Flush(); err != nil {
		t.Fatal(err)
	}
}

// Every value is stored sealed and opens only under its own key.
func TestEveryValueIsSealed(t *testing.T) {
	s, _ := openTestStore(t)
	buildFixture(t, s, true)
	sl, err := seal.New(s.master)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for k, v := range rawValues(t, s) {
		if _, err := sl.Open([]byte(k), v); err != nil {
			t.Errorf("value under %q does not open: %v", k, err)
		}
		kinds[k[:2]] = true
	}
	for _, p := range []string{"m/", "r/", "s/", "i/", "c/", "n/", "t/", "o/", "a/", "u/"} {
		if !kinds[p] {
			t.Errorf("the fixture has no %s value", p)
		}
	}
}

// A changed value, a value moved under another key and an index entry
// with a changed key are reported as ErrDamaged naming the record, with
// no patient data; never read as different content.
func TestDamagedValuesAreReported(t *testing.T) {
	s, _ := openTestStore(t)
	f := buildFixture(t, s, false)
	id := f.recs[0].ID
	raw := rawValues(t, s)
	want := "record " + id + " is damaged: restore it from a backup"

	flipped := bytes.Clone(raw[string(recordKey(id))])
	flipped[len(flipped)/2] ^= 0x10
	putRaw(t, s, map[string][]byte{string(recordKey(id)): flipped})
	_, err := s.Record(id)
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), want) {
		t.Errorf("flipped record: %v, want ErrDamaged saying %q", err, want)
	}
	checkNoPHI(t, err, &syncBuffer{}, fakeName, fakeMRN, "Quillfeather")

	// The other record's value copied under this record's key.
	other := f.recs[1].ID
	putRaw(t, s, map[string][]byte{string(recordKey(id)): raw[string(recordKey(other))]})
	if _, err := s.Record(id); !errors.Is(err, ErrDamaged) {
		t.Errorf("moved record value: %v, want ErrDamaged", err)
	}
	putRaw(t, s, map[string][]byte{string(recordKey(id)): raw[string(recordKey(id))]})

	// A name index entry whose key was changed: the search reports it,
	// and does not find the record under a word it does not have.
	var nameKey string
	for k := range raw {
		if strings.HasPrefix(k, prefixName+"quillfeather\x00") {
			nameKey = k
		}
	}
	if nameKey == "" {
		t.Fatal("no name index entry")
	}
	forged := strings.Replace(nameKey, "quillfeather", "zebedee", 1)
	putRaw(t, s, map[string][]byte{forged: raw[nameKey]})
	wl, err := s.List(app.ListFilter{Query: "zebedee"})
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "record "+id) {
		t.Errorf("changed index key: %v (%d rows), want ErrDamaged", err, len(wl.Records))
	}
	checkNoPHI(t, err, &syncBuffer{}, "zebedee", "quillfeather")

	// A status index row moved under the other record's index key.
	var statusKey string
	for k := range raw {
		if strings.HasPrefix(k, prefixStatus) && strings.HasSuffix(k, "\x00"+other) {
			statusKey = k
		}
	}
	putRaw(t, s, map[string][]byte{statusKey: raw[string(statusIndexKey(app.ToCode, f.recs[0].Encounter.Service, id))]})
	if _, err := s.List(app.ListFilter{Status: app.Final}); !errors.Is(err, ErrDamaged) {
		t.Errorf("moved worklist row: %v, want ErrDamaged", err)
	}
}

// downgrade rewrites the database as a Codebench before sealing wrote
// it: every value unsealed, originals without their end mark, m/schema
// the one byte 1. Values in keep stay sealed (an upgrade cut short).
func downgrade(t testing.TB, s *Store, keep func(key string) bool) {
	t.Helper()
	sl, _ := seal.New(s.master)
	old := map[string][]byte{}
	for k, v := range rawValues(t, s) {
		if keep != nil && keep(k) {
			continue
		}
		plain, err := sl.Open([]byte(k), v)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(k, prefixOrig) && plain[0] == origLastV2 {
			plain[0] = valueV1
		}
		old[k] = plain
	}
	old[string(keySchema)] = []byte{1}
	putRaw(t, s, old)
}

// Issue 14 item 1: a schema-1 database (values unsealed) is sealed in one
// pass when it is opened, and reads back exactly as before; a pass cut
// short is finished on the next open.
func TestUpgradeSealsASchema1Database(t *testing.T) {
	for _, tc := range []struct {
		name string
		keep func(string) bool
	}{
		{"whole", nil},
		{"cut short", func(k string) bool { return k[0] < 'n' }}, // a/, c/, i/, m/ sealed already
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			s, err := Create(dir, "coder", testPass, testOptions(&syncBuffer{}))
			if err != nil {
				t.Fatal(err)
			}
			f := buildFixture(t, s, true)
			downgrade(t, s, tc.keep)
			if raw := rawValues(t, s); !bytes.Equal(raw[string(keySchema)], []byte{1}) {
				t.Fatal("the downgrade did not write schema 1")
			}
			s.Close()

			s, err = Open(dir, "coder", testPass, testOptions(&syncBuffer{}))
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if err := f.check(s); err != nil {
				t.Fatalf("after the upgrade: %v", err)
			}
			sl, _ := seal.New(s.master)
			for k, v := range rawValues(t, s) {
				plain, err := sl.Open([]byte(k), v)
				if err != nil {
					t.Errorf("%q is not sealed after the upgrade", k)
					continue
				}
				if k == string(keySchema) && !bytes.Equal(plain, []byte{schemaVersion}) {
					t.Errorf("schema %v after the upgrade", plain)
				}
			}
		})
	}
}

// A database from a newer Codebench is refused with what to do.
func TestNewerSchemaRefused(t *testing.T) {
	s, dir := openTestStore(t)
	if err := s.rawSet(keySchema, []byte{schemaVersion + 1}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Open(dir, "coder", testPass, testOptions(&syncBuffer{})); err == nil || !strings.Contains(err.Error(), "newer Codebench") {
		t.Errorf("open: %v, want a newer-Codebench error", err)
	}
}

// reseal moves every value to a new master key; an interrupted reseal is
// finished by calling it again; reads go on meanwhile.
func TestResealUnderNewMaster(t *testing.T) {
	s, _ := openTestStore(t)
	f := buildFixture(t, s, true)
	oldMaster := bytes.Clone(s.master)
	newMaster := bytes.Repeat([]byte{0x5a}, seal.MasterSize)
	oldSl, _ := seal.New(oldMaster)
	newSl, _ := seal.New(newMaster)

	// Cut short: some values already under the new key (as a crash in
	// the middle of a pass leaves them), the database open on the old.
	part := map[string][]byte{}
	for k, v := range rawValues(t, s) {
		if k[0] < 'n' {
			plain, err := oldSl.Open([]byte(k), v)
			if err != nil {
				t.Fatal(err)
			}
			part[k] = newSl.Seal([]byte(k), plain)
		}
	}
	putRaw(t, s, part)
	if err := s.reseal(newMaster); err != nil {
		t.Fatal(err)
	}
	if err := f.check(s); err != nil {
		t.Fatalf("after reseal: %v", err)
	}
	for k, v := range rawValues(t, s) {
		if _, err := newSl.Open([]byte(k), v); err != nil {
			t.Errorf("%q does not open under the new key", k)
		}
		if _, err := oldSl.Open([]byte(k), v); err == nil {
			t.Errorf("%q still opens under the old key", k)
		}
	}
	// New writes are sealed under the new key, and backups keyed by it.
	f.recs = append(f.recs, fakeRecord(t, s, "After, Rotation", "MRN-AR", day(2025, 7, 1), app.ToCode))
	if !bytes.Equal(s.master, newMaster) {
		t.Error("the store's master key was not replaced")
	}
	if err := s.reseal(newMaster); err != nil {
		t.Fatalf("a second reseal with the same key: %v", err)
	}
	if err := f.check(s); err != nil {
		t.Fatal(err)
	}
}

// TestOnlySealedFileTouchesValues keeps sealed.go the one place that
// hands values to Badger or takes them back: anywhere else, a Badger
// Set or Value call would store or read a value without its seal.
func TestOnlySealedFileTouchesValues(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || name == "sealed.go" {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				switch sel.Sel.Name {
				case "Set", "SetEntry", "Value", "ValueCopy":
					t.Errorf("%s: %s is called outside sealed.go", fset.Position(sel.Pos()), sel.Sel.Name)
				}
			}
			return true
		})
	}
}
