package workstation

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/codebench/codebench/app/terminology"
	"github.com/codebench/codebench/app/terminology/search"
)

// TestIndexBuiltInThenImported: the built-in code sets are searched with
// the binary's index as it is (nothing built, nothing written); an
// imported release is searched with the built-in index while its own is
// built in the background, then with its own, which the next start reads
// from the cache without building; StoredIndex answers the same without
// loading the code sets.
func TestIndexBuiltInThenImported(t *testing.T) {
	pack := packOf(t, madeUpRelease(t, 2026, "E11|0|Type 2 diabetes mellitus", "E119|1|Type 2 diabetes mellitus without complications"))
	key, err := terminology.PackKey(pack)
	if err != nil {
		t.Fatal(err)
	}
	set, err := terminology.LoadPack(pack)
	if err != nil {
		t.Fatal(err)
	}
	builtIn, err := search.New(set).Marshal(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cfg := Config{DataDir: dir, StoreOptions: cheap, Getenv: func(string) string { return "" },
		Pack:        func() ([]byte, error) { return pack, nil },
		SearchIndex: func() ([]byte, error) { return builtIn, nil }}
	cached := func() []string {
		files, _ := filepath.Glob(filepath.Join(dir, "cache", "search-*.idx"))
		return files
	}
	q := searchQuery("diabetes without", 2026)

	// An index an older version kept in the cache is dropped.
	old := filepath.Join(dir, "cache", "search-0123456789abcdef.idx")
	if err := os.MkdirAll(filepath.Dir(old), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(old, []byte("CBSEARCH\x02\x00\x00\x00"), 0o600); err != nil {
		t.Fatal(err)
	}

	w := New(cfg)
	stored := w.StoredIndex()
	if stored == nil || stored.Source() != key {
		t.Fatalf("no stored index for the built-in code sets: %v", stored)
	}
	cs, err := w.CodeSets(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := cs.Index()
	if err != nil || ix.Source() != key || cs.IndexBuilding() {
		t.Fatalf("built-in code sets: index %v from %q, %v", ix, ix.Source(), err)
	}
	for deadline := time.Now().Add(5 * time.Second); len(cached()) != 0 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond) // dropped in the background
	}
	if files := cached(); len(files) != 0 {
		t.Fatalf("the built-in code sets left an index in the cache: %v", files)
	}
	hits, err := cs.Search(q)
	if err != nil || len(hits) == 0 || hits[0].Code != "E119" {
		t.Fatalf("built-in search: %+v %v", hits, err)
	}
	if alone := SearchIndex(stored, q); !reflect.DeepEqual(alone, hits) {
		t.Fatalf("without the code sets %+v, with them %+v", alone, hits)
	}

	// A release imported: FY2027 adds a code.
	if _, err := w.ImportRelease(context.Background(), []string{madeUpRelease(t, 2027,
		"E11|0|Type 2 diabetes mellitus", "E119|1|Type 2 diabetes mellitus without complications", "E118|1|Type 2 diabetes mellitus with made-up complication")}, nil); err != nil {
		t.Fatal(err)
	}
	if w.StoredIndex() != nil {
		t.Fatal("a stored index for a release not indexed yet")
	}
	cs, err = w.CodeSets(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var last float64
	cs.OnIndexProgress(func(f float64, what string) {
		mu.Lock()
		defer mu.Unlock()
		if f < last || what == "" {
			t.Errorf("progress %v after %v (%q)", f, last, what)
		}
		last = f
	})
	interim, err := cs.Index()
	if err != nil || interim.Source() != key {
		t.Fatalf("meanwhile: index from %q, %v; want the built-in one", interim.Source(), err)
	}
	if hits, err := cs.Search(q); err != nil || len(hits) == 0 || hits[0].Code != "E119" {
		t.Fatalf("search while indexing: %+v %v", hits, err)
	}
	final, err := cs.FinalIndex()
	if err != nil {
		t.Fatal(err)
	}
	dataKey, _ := terminology.PackFileKey(terminology.DataPackPath(dir))
	if final.Source() != dataKey || dataKey == key || cs.IndexBuilding() {
		t.Fatalf("after the build: index from %q, want %q", final.Source(), dataKey)
	}
	mu.Lock()
	if last != 1 {
		t.Errorf("progress ended at %v", last)
	}
	mu.Unlock()
	madeUp := searchQuery("made-up complication", 2027)
	if hits, err := cs.Search(madeUp); err != nil || len(hits) == 0 || hits[0].Code != "E118" {
		t.Fatalf("the imported code: %+v %v", hits, err)
	}
	if files := cached(); len(files) != 1 {
		t.Fatalf("cached indexes: %v", files)
	}

	// The next start reads it, with or without the code sets.
	w2 := New(cfg)
	stored = w2.StoredIndex()
	if stored == nil || stored.Source() != dataKey {
		t.Fatal("the imported release's index is not read back")
	}
	cs2, err := w2.CodeSets(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	cs2.OnIndexProgress(func(float64, string) { t.Error("the index was built again") })
	if ix, err := cs2.Index(); err != nil || ix.Source() != dataKey || cs2.IndexBuilding() {
		t.Fatalf("next start: %v", err)
	}
	hits, err = cs2.Search(madeUp)
	if err != nil || len(hits) == 0 || hits[0].Code != "E118" || !reflect.DeepEqual(SearchIndex(stored, madeUp), hits) {
		t.Fatalf("next start: %+v %v", hits, err)
	}
}
