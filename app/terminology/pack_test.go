package terminology

import (
	"bytes"
	"encoding/binary"
	"errors"
	"reflect"
	"sync"
	"testing"

	"github.com/codebench/codebench/app"
)

// sameSet compares everything a Set exposes.
func sameSet(t *testing.T, a, b *Set) {
	t.Helper()
	// A loaded pack reads its books in place; compare them built.
	a.ensureBooks()
	b.ensureBooks()
	if !reflect.DeepEqual(a.IndexBooks(), b.IndexBooks()) {
		t.Errorf("books differ:\n%v\n%v", a.IndexBooks(), b.IndexBooks())
	}
	if !reflect.DeepEqual(a.Stats(), b.Stats()) {
		t.Errorf("stats differ:\n%v\n%v", a.Stats(), b.Stats())
	}
	for _, sys := range app.Systems {
		ca, cb := a.Concepts(sys), b.Concepts(sys)
		if len(ca) != len(cb) {
			t.Errorf("%s: %d vs %d concepts", sys, len(ca), len(cb))
			continue
		}
		bad := 0
		for i := range ca {
			// The index references are compared as IndexRefs reads
			// them: a loaded pack leaves them out of the concepts.
			x, y := *ca[i], *cb[i]
			x.Index, y.Index = a.IndexRefs(ca[i]), b.IndexRefs(cb[i])
			if !reflect.DeepEqual(x, y) {
				if bad++; bad < 4 {
					t.Errorf("%s concept %d differs:\n%+v\n%+v", sys, i, x, y)
				}
			}
		}
	}
	if !reflect.DeepEqual(a.Chapters(), b.Chapters()) || !reflect.DeepEqual(a.Sections(), b.Sections()) {
		t.Error("chapters or sections differ")
	}
	if !reflect.DeepEqual(a.Indexes(), b.Indexes()) {
		t.Error("indexes differ")
	}
	if !reflect.DeepEqual(a.poa, b.poa) || !reflect.DeepEqual(a.poaDerivedYears, b.poaDerivedYears) ||
		!reflect.DeepEqual(a.poaAdded, b.poaAdded) || !reflect.DeepEqual(a.poaDeleted, b.poaDeleted) {
		t.Error("POA lists differ")
	}
	if !reflect.DeepEqual(a.conversions, b.conversions) || a.convYear != b.convYear || !reflect.DeepEqual(a.convBy, b.convBy) {
		t.Error("conversions differ")
	}
	if !reflect.DeepEqual(a.hcpcsRelease, b.hcpcsRelease) {
		t.Error("HCPCS releases differ")
	}
}

// TestPackRoundTripOfficial is the one test that imports every official
// release file: the import, written as a pack and loaded back, is the same
// set; it writes back byte for byte; and it is byte for byte the generated
// pack (assets/terminology/codebench.pack) that every other real-data test
// loads instead of importing. It and the README count checks run without
// -race in make test (see the Makefile): the import's concurrency is
// covered under -race by the small made-up imports.
func TestPackRoundTripOfficial(t *testing.T) {
	s := fullImport(t)
	var buf bytes.Buffer
	if err := s.WritePack(&buf); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	t.Logf("pack: %d bytes (%.1f MB)", len(b), float64(len(b))/1e6)
	got, err := LoadPack(b)
	if err != nil {
		t.Fatal(err)
	}
	sameSet(t, s, got)
	// Read in place without the checksum, as the built-in pack is, too.
	inPlace, err := LoadBuiltInPack(b)
	if err != nil {
		t.Fatal(err)
	}
	sameSet(t, s, inPlace)
	// And it writes back byte for byte.
	var again bytes.Buffer
	if err := got.WritePack(&again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Bytes(), b) {
		t.Error("a loaded pack does not write back identically")
	}
	if !bytes.Equal(builtPackBytes(t), b) {
		t.Error("the generated pack in assets/terminology is not the pack of the official files: run `make terminology`")
	}
}

func TestLoadPackRefusesDamage(t *testing.T) {
	s := newSet()
	s.addYear(app.ICD10CM, 2030, []orderRow{{Code: "Q00", Short: "Made-up", Long: "Made-up"}, {Code: "Q001", Billable: true, Short: "Left", Long: "Left"}})
	s.finish()
	var buf bytes.Buffer
	if err := s.WritePack(&buf); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	got, err := LoadPack(good)
	if err != nil || got.Lookup(app.ICD10CM, "Q00.1") == nil || got.Lookup(app.ICD10CM, "Q00.1").Parent != "Q00" {
		t.Fatalf("small pack: %v", err)
	}
	flip := append([]byte(nil), good...)
	flip[len(flip)-3] ^= 0x40
	version := append([]byte(nil), good...)
	binary.LittleEndian.PutUint16(version[8:], PackVersion+1)
	// A version 3 pack (before the Official Guidelines) is refused, not
	// read without them.
	v3 := append([]byte(nil), good...)
	binary.LittleEndian.PutUint16(v3[8:], 3)
	tests := []struct {
		name string
		b    []byte
		want error
	}{
		{"empty", nil, ErrNotPack},
		{"other file", []byte("PK\x03\x04 this is a zip, not a pack, not a pack, not a pack......"), ErrNotPack},
		{"truncated", good[:len(good)-10], ErrPackCorrupt},
		{"header only", good[:packHeader], ErrPackCorrupt},
		{"flipped byte", flip, ErrPackCorrupt},
		{"newer version", version, ErrPackVersion},
		{"version 3", v3, ErrPackVersion},
	}
	for _, tt := range tests {
		if _, err := LoadPack(tt.b); !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
}

// TestLoadPackDecodesBooksOnFirstUse: a loaded pack leaves the index books
// and the codes' index references compressed (search and code look-up
// never read them, issue 16) until something asks for them, and then
// reads a code's references, the main terms and the list of books in
// place, building no book's tree; readers asking at once all see them
// whole (run under -race).
func TestLoadPackDecodesBooksOnFirstUse(t *testing.T) {
	s, err := LoadPack(builtPackBytes(t))
	if err != nil {
		t.Fatal(err)
	}
	c := s.Lookup(app.ICD10CM, "I21.9")
	if c == nil || c.Code != "I219" || len(s.indexes) != 0 || c.Index != nil || s.inPack != nil {
		t.Fatalf("after LoadPack: concept %v, %d books decoded, I21.9 refs %v", c, len(s.indexes), c.Index)
	}
	mains := 0
	for range s.MainTerms(MainIndex) {
		mains++
	}
	if n := len(s.IndexRefs(c)); n == 0 || mains != 8060 || len(s.IndexBooks()) != 5 || len(s.indexes) != 0 || c.Index != nil {
		t.Fatalf("read in place: %d refs to I21.9, %d main terms, %d books, %d trees built, refs on the concept %v", n, mains, len(s.IndexBooks()), len(s.indexes), c.Index)
	}
	s, err = LoadPack(builtPackBytes(t))
	if err != nil {
		t.Fatal(err)
	}
	c = s.Lookup(app.ICD10CM, "I21.9")
	var wg sync.WaitGroup
	refs := make([]int, 8)
	books := make([]int, 8)
	for i := range refs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i%2 == 0 {
				refs[i] = len(s.IndexRefs(c))
				books[i] = len(s.Indexes())
			} else {
				books[i] = len(s.Indexes())
				refs[i] = len(s.IndexRefs(c))
			}
		}()
	}
	wg.Wait()
	for i := range refs {
		if refs[i] == 0 || refs[i] != refs[0] || books[i] != 5 {
			t.Fatalf("reader %d: %d refs to I21.9 (first reader %d), %d books", i, refs[i], refs[0], books[i])
		}
	}
	if err := s.BooksErr(); err != nil {
		t.Fatal(err)
	}
}
