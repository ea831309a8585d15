package search

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"
)

// TestMarshalRoundTrip: the index read in place from its stored bytes
// ranks exactly as the index built on the heap, hit for hit, on every
// query of the relevance set (with and without its filters) and a few
// more; damage is refused.
func TestMarshalRoundTrip(t *testing.T) {
	set, ix := realIndex(t)
	b, err := ix.Marshal("pack-sha")
	if err != nil {
		t.Fatal(err)
	}
	for name, open := range map[string]func([]byte) (*Index, error){"Open": Open, "OpenBuiltIn": OpenBuiltIn} {
		back, err := open(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if back.Source() != "pack-sha" || back.Len() != ix.Len() || back.Phrases() != ix.Phrases() || back.Terms() != ix.Terms() {
			t.Fatalf("%s: %q %v, want %v", name, back.Source(), back, ix)
		}
		back.Attach(set)
		queries := []Query{
			{Text: "heart attack"}, {Text: "e119"}, {Text: "knee replacement", System: app.ICD10PCS, Year: 2026},
			{Text: "wheelchair", Billable: true}, {Text: "pnuemonia", Year: 2017}, {Text: "diab mell typ"}, {Text: "0SRD"},
		}
		for _, c := range loadRelevance(t) {
			queries = append(queries, Query{Text: c.Query, System: c.System, Year: ftsYear, Limit: 10}, Query{Text: c.Query})
		}
		differ := 0
		for _, q := range queries {
			a, c := ix.Search(q), back.Search(q)
			if !reflect.DeepEqual(a, c) {
				if differ++; differ <= 5 {
					t.Errorf("%s %+v: in place differs:\n%v\n%v", name, q, codes(a), codes(c))
				}
			}
		}
		if differ > 0 {
			t.Errorf("%s: %d of %d queries rank differently in place", name, differ, len(queries))
		}
	}

	// With no code sets attached, the hits are the same codes, scores and
	// reasons, and the index alone shows their titles as the window does.
	bare, err := OpenBuiltIn(b)
	if err != nil {
		t.Fatal(err)
	}
	shown := 0
	for _, c := range loadRelevance(t) {
		for _, q := range []Query{{Text: c.Query, System: c.System, Year: ftsYear, Limit: 10}, {Text: c.Query}} {
			a, h := ix.Search(q), bare.Search(q)
			if len(a) != len(h) {
				t.Fatalf("%+v: %d hits without code sets, %d with", q, len(h), len(a))
			}
			for i := range a {
				k := a[i].Concept
				if h[i].Concept != nil || h[i].Code != k.Code || h[i].System != k.System || h[i].Score != a[i].Score ||
					h[i].Why != a[i].Why || h[i].Valid != k.Valid || h[i].Billable != k.BillableYears() {
					t.Fatalf("%+v: hit %d without code sets %+v, with %+v", q, i, h[i], a[i])
				}
				for _, fy := range []int{q.Year, k.Valid.Last(), 2016, 2021} {
					if got, want := bare.TitleIn(h[i], fy), shownTitle(k, fy); got != want {
						t.Fatalf("%s in %d: title %q, want %q", k.Code, fy, got, want)
					}
					shown++
				}
			}
		}
	}
	if shown < 10000 {
		t.Errorf("only %d titles compared", shown)
	}

	// Damage anywhere is caught by Open's checksum; a wrong version or
	// magic by the header.
	bad := append([]byte(nil), b...)
	bad[len(bad)/2] ^= 0x55
	if _, err := Open(bad); !errors.Is(err, ErrIndexCorrupt) {
		t.Errorf("damaged: %v", err)
	}
	if _, err := Open(b[:len(b)-9]); !errors.Is(err, ErrIndexCorrupt) {
		t.Errorf("truncated: %v", err)
	}
	if _, err := OpenBuiltIn(b[:len(b)/2]); !errors.Is(err, ErrIndexCorrupt) {
		t.Errorf("built-in truncated: %v", err)
	}
	other := make([]byte, flatHeader)
	copy(other, indexMagic)
	binary.LittleEndian.PutUint32(other[8:], IndexVersion+1)
	if _, err := Open(other); !errors.Is(err, ErrIndexFormat) {
		t.Errorf("version: %v", err)
	}
}

// shownTitle is the title the window and the command line show for c in
// fiscal year fy (workstation.TitleIn).
func shownTitle(c *terminology.Concept, fy int) string {
	t := c.TitleIn(fy)
	if t.Long == "" {
		t = c.Latest()
	}
	if t.Long != "" {
		return t.Long
	}
	return t.Short
}

// TestOpenUnaligned: bytes that do not start on an 8-byte boundary are
// read from an aligned copy, with the same hits.
func TestOpenUnaligned(t *testing.T) {
	ix := tinyIndex()
	b, err := ix.Marshal("x")
	if err != nil {
		t.Fatal(err)
	}
	odd := make([]byte, len(b)+1)[1:]
	copy(odd, b)
	back, err := Open(odd)
	if err != nil {
		t.Fatal(err)
	}
	back.concepts = ix.concepts // the made-up concepts are in no set
	for _, q := range []string{"heart attack", "e11", "knee replacement left", "pink eye"} {
		if a, c := ix.Search(Query{Text: q}), back.Search(Query{Text: q}); !reflect.DeepEqual(a, c) {
			t.Errorf("%q: %v, want %v", q, codes(c), codes(a))
		}
	}
}

// TestOpenFile: an index file is mapped and searched in place; one of
// other code sets is refused and let go, so it can be replaced (on
// Windows too, where a mapped file cannot be: scripts/test-windows.sh
// runs this test under Wine).
func TestOpenFile(t *testing.T) {
	ix := tinyIndex()
	b, err := ix.Marshal("release-a")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := CachePath(dir, "release-a")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenFile(path, "release-b"); !errors.Is(err, ErrIndexMismatch) {
		t.Fatalf("other code sets: %v", err)
	}
	if err := os.Rename(path, path+".moved"); err != nil {
		t.Fatalf("a refused index is still mapped: %v", err)
	}
	if err := os.Rename(path+".moved", path); err != nil {
		t.Fatal(err)
	}
	mapped, err := OpenFile(path, "release-a")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { // before TempDir's removal: Windows keeps a mapped file
		if err := mapped.unmap(); err != nil {
			t.Error(err)
		}
	})
	mapped.concepts = ix.concepts // the made-up concepts are in no set
	for _, q := range []string{"heart attack", "e11", "knee replacement left", "pink eye"} {
		if a, c := ix.Search(Query{Text: q}), mapped.Search(Query{Text: q}); !reflect.DeepEqual(a, c) || len(a) == 0 {
			t.Errorf("%q: %v, want %v", q, codes(c), codes(a))
		}
	}
	if _, err := OpenFile(filepath.Join(dir, "none.idx"), ""); err == nil {
		t.Error("a missing file opened")
	}
	// Damage is caught by the checksum, read from the file.
	bad := append([]byte(nil), b...)
	bad[len(bad)-20] ^= 0x40
	other := filepath.Join(dir, "damaged.idx")
	if err := os.WriteFile(other, bad, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenFile(other, ""); !errors.Is(err, ErrIndexCorrupt) {
		t.Errorf("damaged file: %v", err)
	}
	if err := os.WriteFile(other, b[:10], 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenFile(other, ""); !errors.Is(err, ErrIndexFormat) {
		t.Errorf("short file: %v", err)
	}
}

// FuzzOpen: arbitrary bytes never panic the reader, and an index that
// opens is safe to search.
func FuzzOpen(f *testing.F) {
	small, err := tinyIndex().Marshal("x")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(small)
	f.Add([]byte("CBSEARCH"))
	f.Fuzz(func(t *testing.T, b []byte) {
		ix, err := Open(b)
		if err != nil {
			return
		}
		ix.Search(Query{Text: "heart attack e11"})
		ix.Search(Query{Text: "e11"})
	})
}

func TestCached(t *testing.T) {
	set, built := realIndex(t)
	dir := t.TempDir()
	var last float64
	first, err := Cached(set, dir, "pack-sha", func(f float64) {
		if f < last {
			t.Errorf("progress went back from %v to %v", last, f)
		}
		last = f
	})
	if err != nil {
		t.Fatal(err)
	}
	if last != 1 {
		t.Errorf("progress ended at %v", last)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "search-*.idx"))
	if len(files) != 1 || files[0] != CachePath(dir, "pack-sha") {
		t.Fatalf("want one cached index, got %v", files)
	}
	if first.concepts != nil || first.Source() != "pack-sha" {
		t.Fatal("the index handed back was not the stored one read in place")
	}
	second, err := Cached(set, dir, "pack-sha", func(float64) { t.Error("rebuilt although cached") })
	if err != nil {
		t.Fatal(err)
	}
	q := Query{Text: "heart attack", Year: 2026}
	if !reflect.DeepEqual(built.Search(q), second.Search(q)) || !reflect.DeepEqual(first.Search(q), second.Search(q)) {
		t.Fatal("cached index searches differently")
	}
	// A damaged file is rebuilt, not trusted; another release's index is
	// replaced. (Damaged by a new file renamed over it: writing into the
	// file would change the pages first and second are reading. Codebench
	// itself only ever replaces an index by renaming.)
	if err := os.WriteFile(files[0]+".tmp", []byte("CBSEARCHjunk"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(files[0]+".tmp", files[0]); err != nil {
		t.Fatal(err)
	}
	third, err := Cached(set, dir, "pack-sha", nil)
	if err != nil || !reflect.DeepEqual(first.Search(q), third.Search(q)) {
		t.Fatalf("after damage: %v", err)
	}
	if b, _ := os.ReadFile(files[0]); len(b) < 1000 {
		t.Fatal("damaged cache not replaced")
	}
	if _, err := Cached(set, dir, "other-release", nil); err != nil {
		t.Fatal(err)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "search-*.idx")); len(files) != 1 || files[0] != CachePath(dir, "other-release") {
		t.Fatalf("stale index kept: %v", files)
	}
}
