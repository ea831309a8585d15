package terminology

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"github.com/codebench/codebench/app"
)

// built counts the Concepts a table has built so far.
func built(s *Set, sys app.System) int {
	t := s.systems[sys].tab
	n := 0
	for p := range t.pages {
		if pg := t.pages[p].Load(); pg != nil {
			for j := range pg {
				if pg[j].Load() != nil {
					n++
				}
			}
		}
	}
	return n
}

// within reports whether str's bytes lie inside b.
func within(str string, b []byte) bool {
	if str == "" {
		return true
	}
	p, lo := uintptr(unsafe.Pointer(unsafe.StringData(str))), uintptr(unsafe.Pointer(&b[0]))
	return p >= lo && p+uintptr(len(str)) <= lo+uintptr(len(b))
}

// TestTableReadInPlace: the built-in pack loads without building a
// Concept; a look-up builds one, whose strings are the pack's own bytes,
// and the same look-up again (or from many readers at once, run under
// -race) returns the same pointer.
func TestTableReadInPlace(t *testing.T) {
	b := builtPackBytes(t)
	s, err := LoadBuiltInPack(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, sys := range app.Systems {
		if s.systems[sys] == nil || s.systems[sys].tab == nil {
			t.Fatalf("%s is not a table", sys)
		}
		if n := built(s, sys); n != 0 {
			t.Errorf("%s: %d Concepts built by loading", sys, n)
		}
	}
	c := s.Lookup(app.ICD10CM, "i21.9")
	if c == nil || c.Code != "I219" || c.Parent != "I21" || c.Section != "I20-I25" || c.Chapter != "9" {
		t.Fatalf("I21.9 = %+v", c)
	}
	if s.Lookup(app.ICD10CM, "I21.9") != c || s.Lookup(app.ICD10CM, "I219") != c {
		t.Error("a second look-up built another Concept")
	}
	for _, str := range []string{c.Code, c.Parent, c.Latest().Long, c.Latest().Short} {
		if !within(str, b) {
			t.Errorf("%q is a copy, not the pack's bytes", str)
		}
	}
	// Parent and Children are codes: their Concepts are not built.
	if n := built(s, app.ICD10CM); n != 1 {
		t.Errorf("%d Concepts built after one look-up", n)
	}
	if s.Lookup(app.ICD10CM, "I21.99") != nil || s.Lookup(app.ICD10CM, "") != nil || s.Lookup(app.HCPCS, "I219") != nil {
		t.Error("a code that is not there was found")
	}

	// Many readers at once, each in its own order.
	var codes []string
	for r := range s.Rows(app.ICD10PCS) {
		if len(codes) < 3000 {
			codes = append(codes, r.Code())
		}
	}
	got := make([][]*Concept, 8)
	var wg sync.WaitGroup
	for g := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			order := rand.New(rand.NewPCG(uint64(g), 1)).Perm(len(codes))
			got[g] = make([]*Concept, len(codes))
			for _, i := range order {
				got[g][i] = s.Lookup(app.ICD10PCS, codes[i])
				if g%2 == 0 {
					s.ChildConcepts(got[g][i])
					s.Ancestors(got[g][i])
				}
			}
		}()
	}
	wg.Wait()
	for g := range got {
		for i, c := range got[g] {
			if c == nil || c != got[0][i] || c.Code != codes[i] {
				t.Fatalf("reader %d, %s: %p (first reader %p)", g, codes[i], c, got[0][i])
			}
		}
	}
	// And Concepts hands out the same pointers.
	all := s.Concepts(app.ICD10PCS)
	if k := slices.Index(all, got[0][0]); k < 0 {
		t.Error("Concepts built a second Concept for a code already looked up")
	}
}

// TestRowsMatchConcepts: walking Rows and RowsWithPrefix reads what the
// Concepts say, in the same order, on a table and on a set on the heap.
func TestRowsMatchConcepts(t *testing.T) {
	table, err := LoadBuiltInPack(builtPackBytes(t))
	if err != nil {
		t.Fatal(err)
	}
	heap, err := LoadPack(builtPackBytes(t))
	if err != nil {
		t.Fatal(err)
	}
	heap.unpack()
	for name, s := range map[string]*Set{"table": table, "heap": heap} {
		for _, sys := range app.Systems {
			// Rows first, so the table has built nothing when they are read.
			type row struct {
				code            string
				valid, bill, vy Years
				top, mod        bool
				sec             string
			}
			var rows []row
			for r := range s.Rows(sys) {
				rows = append(rows, row{r.Code(), r.Valid(), r.Billable(), r.ValidYears(), r.Top(), r.Modifier(), r.Section()})
			}
			cs := s.Concepts(sys)
			if len(rows) != len(cs) || len(cs) == 0 {
				t.Fatalf("%s %s: %d rows, %d concepts", name, sys, len(rows), len(cs))
			}
			for i, c := range cs {
				want := row{c.Code, c.Valid, c.Billable, c.ValidYears(), c.Parent == "", c.Modifier, c.Section}
				if rows[i] != want {
					t.Fatalf("%s %s row %d: %+v, concept %+v", name, sys, i, rows[i], want)
				}
			}
			sorted := slices.Clone(cs)
			slices.SortFunc(sorted, func(a, b *Concept) int { return strings.Compare(a.Code, b.Code) })
			for _, prefix := range []string{"", "0DT", "B", "I21", "J", "Z", "ZZZZ", "E11.9"} {
				var want, got []*Concept
				for _, c := range sorted {
					if strings.HasPrefix(c.Code, prefix) {
						want = append(want, c)
					}
				}
				for r := range s.RowsWithPrefix(sys, prefix) {
					got = append(got, r.Concept())
				}
				if !slices.Equal(got, want) {
					t.Errorf("%s %s prefix %q: %d rows, want %d", name, sys, prefix, len(got), len(want))
				}
			}
		}
	}
}

// TestLoadBuiltInPackRefusesDamage: without the checksum, a damaged
// header, layout or compressed section is still refused with
// ErrPackCorrupt, and damage inside a code table's records (which only
// the checksum would find) never crashes a reader.
func TestLoadBuiltInPackRefusesDamage(t *testing.T) {
	s := newSet()
	s.addYear(app.ICD10CM, 2030, []orderRow{{Code: "Q00", Short: "Made-up", Long: "Made-up"}, {Code: "Q001", Billable: true, Short: "Left", Long: "Left"}, {Code: "Q002", Billable: true, Short: "Right", Long: "Right"}})
	tb, err := parseTabular(strings.NewReader(tabularSample), 2023)
	if err != nil {
		t.Fatal(err)
	}
	s.applyTabular(tb)
	s.finish()
	var buf bytes.Buffer
	if err := s.WritePack(&buf); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	if _, err := LoadBuiltInPack(good); err != nil {
		t.Fatal(err)
	}
	frames, _, _, err := packFrames(good[packHeader:])
	if err != nil {
		t.Fatal(err)
	}
	at := func(frame []byte) int { // offset of a frame in the pack
		return int(uintptr(unsafe.Pointer(&frame[0])) - uintptr(unsafe.Pointer(&good[0])))
	}
	table, tabular := at(frames[0]), at(frames[1])
	damaged := func(off int, x byte) []byte {
		b := bytes.Clone(good)
		b[off] ^= x
		return b
	}
	for _, tt := range []struct {
		name string
		b    []byte
	}{
		{"truncated", good[:len(good)-10]},
		{"frame codec", damaged(table, 7)},
		// The frame: codec, string table (2 strings: "", "icd10cm"), the
		// system's string number, the code count...
		{"system name", damaged(table+8, 0x3f)},
		{"code count", damaged(table+12, 0x3f)},
		{"compressed Tabular List", damaged(tabular+len(frames[1])/2, 0x40)},
	} {
		if _, err := LoadBuiltInPack(tt.b); !errors.Is(err, ErrPackCorrupt) {
			t.Errorf("%s: err = %v, want ErrPackCorrupt", tt.name, err)
		}
		if _, err := LoadPack(tt.b); !errors.Is(err, ErrPackCorrupt) {
			t.Errorf("LoadPack, %s: err = %v, want ErrPackCorrupt", tt.name, err)
		}
	}
	// Every byte of the code table flipped in turn: LoadPack refuses it
	// (checksum); LoadBuiltInPack either refuses it or reads every code
	// without crashing.
	for off := table; off < table+len(frames[0]); off++ {
		for _, x := range []byte{0x01, 0x80, 0xff} {
			b := damaged(off, x)
			if _, err := LoadPack(b); !errors.Is(err, ErrPackCorrupt) {
				t.Fatalf("LoadPack, byte %d flipped: err = %v", off, err)
			}
			got, err := LoadBuiltInPack(b)
			if err != nil {
				continue
			}
			for _, sys := range app.Systems {
				for _, c := range got.Concepts(sys) {
					got.Lookup(sys, c.Code)
					got.Ancestors(c)
					got.ChildConcepts(c)
					got.NotesFor(c)
				}
				got.Stats()
				for r := range got.RowsWithPrefix(sys, "Q") {
					r.Concept()
				}
			}
		}
	}
}

// TestEmptyCodeTable: a system with no codes writes and reads back (the
// fuzz target's packs may hold one).
func TestEmptyCodeTable(t *testing.T) {
	s := newSet()
	s.sys(app.HCPCS)
	s.addYear(app.ICD10CM, 2030, []orderRow{{Code: "Q00", Short: "Made-up", Long: "Made-up"}})
	s.finish()
	parts, nchunks, nsys := s.packParts()
	raw, err := packBody(parts, nchunks, nsys, false)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeBody(raw, false)
	if err != nil {
		t.Fatal(err)
	}
	if got.Lookup(app.HCPCS, "A0021") != nil || len(got.Concepts(app.HCPCS)) != 0 || got.Lookup(app.ICD10CM, "Q00") == nil {
		t.Fatal("empty system read back wrong")
	}
	for range got.RowsWithPrefix(app.HCPCS, "") {
		t.Fatal("a row in an empty system")
	}
}
