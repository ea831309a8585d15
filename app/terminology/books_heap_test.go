package terminology_test

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

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
// (refs-MB), and after the index books are opened whole, as a
// search-index build does (books-MB). Each figure is the whole live heap
// over what the process held before LoadPack. The baseline, measured the
// same way on a fresh load, is the engine made over books built whole as
// before they were read in place (trees-suggest-MB; the references the
// old load also put on every code, ~10 MB more, are not in it).
// scan-ms is the time of the first read of the books (their one scan).
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
	open := func(set *terminology.Set) *search.Index {
		ix, err := search.OpenFile(filepath.Join(root, "assets", "terminology", assets.IndexName), key)
		if err != nil {
			b.Fatal(err)
		}
		ix.Attach(set)
		return ix
	}
	var load, sugg, refs, books, trees, scan float64
	for b.Loop() {
		base := liveHeapMB()
		set, err := terminology.LoadPack(pack)
		if err != nil {
			b.Fatal(err)
		}
		load = liveHeapMB() - base
		ix := open(set)
		start := time.Now()
		for range set.MainTerms(terminology.MainIndex) {
			break
		}
		scan = float64(time.Since(start).Microseconds()) / 1000
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

		set, e, ix = nil, nil, nil
		base = liveHeapMB()
		old, err := terminology.LoadPack(pack)
		if err != nil {
			b.Fatal(err)
		}
		if len(old.Indexes()) != 5 {
			b.Fatal("not 5 books")
		}
		e = suggest.New(old, open(old))
		trees = liveHeapMB() - base
		runtime.KeepAlive(e)
		runtime.KeepAlive(old)
	}
	b.ReportMetric(load, "load-MB")
	b.ReportMetric(sugg, "suggest-MB")
	b.ReportMetric(trees, "trees-suggest-MB")
	b.ReportMetric(refs, "refs-MB")
	b.ReportMetric(books, "books-MB")
	b.ReportMetric(scan, "scan-ms")
}
