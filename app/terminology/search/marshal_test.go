package search

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"
)

func TestMarshalRoundTrip(t *testing.T) {
	set, ix := realIndex(t)
	b, err := ix.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Load(set, b)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []Query{
		{Text: "heart attack"}, {Text: "e119"}, {Text: "knee replacement", System: app.ICD10PCS, Year: 2026},
		{Text: "wheelchair", Billable: true}, {Text: "pnuemonia", Year: 2017}, {Text: "diab mell typ"},
	} {
		a, c := ix.Search(q), back.Search(q)
		if !reflect.DeepEqual(a, c) {
			t.Errorf("%+v: loaded index differs:\n%v\n%v", q, codes(a), codes(c))
		}
	}

	// Damage anywhere is caught by the checksum; a wrong version or magic
	// by the header; another set by Attach.
	bad := append([]byte(nil), b...)
	bad[len(bad)/2] ^= 0x55
	if _, err := Load(set, bad); !errors.Is(err, ErrIndexCorrupt) {
		t.Errorf("damaged: %v", err)
	}
	if _, err := Load(set, b[:len(b)-9]); !errors.Is(err, ErrIndexCorrupt) {
		t.Errorf("truncated: %v", err)
	}
	if _, err := Load(set, []byte("CBSEARCH\x09\x00\x00\x00")); !errors.Is(err, ErrIndexFormat) {
		t.Errorf("version: %v", err)
	}
	other := &terminology.Set{}
	if _, err := Load(other, b); !errors.Is(err, ErrIndexMismatch) {
		t.Errorf("other set: %v", err)
	}
}

// FuzzUnmarshal: arbitrary bytes never panic the loader, and an index
// that loads is safe to search.
func FuzzUnmarshal(f *testing.F) {
	small, err := tinyIndex().MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(small)
	f.Add([]byte("CBSEARCH"))
	f.Fuzz(func(t *testing.T, b []byte) {
		var ix Index
		if ix.UnmarshalBinary(b) != nil {
			return
		}
		// Searching needs concepts: attach stand-ins with the stored codes.
		ix.concepts = make([]*terminology.Concept, len(ix.refs))
		for i := range ix.concepts {
			ix.concepts[i] = &terminology.Concept{System: sysByID[ix.cSys[i]], Code: ix.codes[i]}
		}
		ix.deriveConcepts()
		ix.Search(Query{Text: "heart attack e11"})
		ix.Search(Query{Text: "e11"})
	})
}

func TestCached(t *testing.T) {
	set, _ := realIndex(t)
	dir := t.TempDir()
	first, err := Cached(set, dir, "pack-sha")
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "search-*.idx"))
	if len(files) != 1 {
		t.Fatalf("want one cached index, got %v", files)
	}
	second, err := Cached(set, dir, "pack-sha")
	if err != nil {
		t.Fatal(err)
	}
	q := Query{Text: "heart attack", Year: 2026}
	if !reflect.DeepEqual(first.Search(q), second.Search(q)) {
		t.Fatal("cached index searches differently")
	}
	// A damaged file is rebuilt, not trusted.
	if err := os.WriteFile(files[0], []byte("CBSEARCHjunk"), 0o600); err != nil {
		t.Fatal(err)
	}
	third, err := Cached(set, dir, "pack-sha")
	if err != nil || !reflect.DeepEqual(first.Search(q), third.Search(q)) {
		t.Fatalf("after damage: %v", err)
	}
	if b, _ := os.ReadFile(files[0]); len(b) < 1000 {
		t.Fatal("damaged cache not replaced")
	}
}
