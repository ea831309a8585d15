package terminology_test

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/suggest"
	"github.com/codebench/codebench/app/terminology"
	"github.com/codebench/codebench/app/terminology/search"
	"github.com/codebench/codebench/assets"
	"github.com/codebench/codebench/internal/testenv"
)

func liveHeapMB() float64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapAlloc) / (1 << 20)
}

// BenchmarkBooksHeap reports, in one process, the live heap the code sets
// cost step by step as the window reaches them (issue 16): after LoadPack
// (load-MB), after the suggestion engine is made over them (suggest-MB),
// after one code's index references are read, as the code detail does
// (refs-MB), and after the index books are opened whole, as the Index
// browser and a search-index build do (books-MB). Each figure is the
// whole live heap over what the process held before LoadPack.
func BenchmarkBooksHeap(b *testing.B) {
	root, err := testenv.Root()
	if err != nil {
		b.Fatal(err)
	}
	pack, err := os.ReadFile(filepath.Join(root, "assets", "terminology", terminology.PackName))
	if err != nil {
		b.Fatal(err)
	}
	key, err := terminology.PackKey(pack)
	if err != nil {
		b.Fatal(err)
	}
	var load, sugg, refs, books float64
	for b.Loop() {
		base := liveHeapMB()
		set, err := terminology.LoadPack(pack)
		if err != nil {
			b.Fatal(err)
		}
		load = liveHeapMB() - base
		ix, err := search.OpenFile(filepath.Join(root, "assets", "terminology", assets.IndexName), key)
		if err != nil {
			b.Fatal(err)
		}
		ix.Attach(set)
		e := suggest.New(set, ix)
		sugg = liveHeapMB() - base
		if len(set.IndexRefs(set.Lookup(app.ICD10CM, "I21.9"))) == 0 {
			b.Fatal("no index references to I21.9")
		}
		refs = liveHeapMB() - base
		if len(set.Indexes()) != 5 {
			b.Fatal("not 5 books")
		}
		books = liveHeapMB() - base
		runtime.KeepAlive(e)
		runtime.KeepAlive(set)
		runtime.KeepAlive(ix)
	}
	b.ReportMetric(load, "load-MB")
	b.ReportMetric(sugg, "suggest-MB")
	b.ReportMetric(refs, "refs-MB")
	b.ReportMetric(books, "books-MB")
}
