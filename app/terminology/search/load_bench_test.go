package search

import (
	"bytes"
	"runtime"
	"testing"
	"time"

	"github.com/codebench/codebench/app/terminology"
)

// heapMB is the live heap in MB after a collection.
func heapMB() float64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapAlloc) / (1 << 20)
}

// BenchmarkOpen reads the stored index in place (the path every start
// takes), reporting its time, its size and the heap it holds — against
// the heap an index built in the same run holds (built-heap-MB), the
// layout before issue 16.
func BenchmarkOpen(b *testing.B) {
	set, _ := realIndex(b)
	h0 := heapMB()
	built := New(set)
	builtMB := heapMB() - h0
	data, err := built.Marshal("bench")
	if err != nil {
		b.Fatal(err)
	}
	built = nil
	b.SetBytes(int64(len(data)))
	var ms, heap float64
	var keep *Index
	for i := 0; i < b.N; i++ {
		h0 := heapMB()
		t0 := time.Now()
		keep, err = OpenBuiltIn(data)
		if err != nil {
			b.Fatal(err)
		}
		keep.Attach(set)
		ms += float64(time.Since(t0).Microseconds()) / 1000
		keep.Search(Query{Text: "heart attack"})
		heap += heapMB() - h0
	}
	n := float64(b.N)
	b.ReportMetric(ms/n, "open-ms")
	b.ReportMetric(float64(len(data))/(1<<20), "size-MB")
	b.ReportMetric(heap/n, "inplace-heap-MB")
	b.ReportMetric(builtMB, "built-heap-MB")
	runtime.KeepAlive(keep)
	runtime.KeepAlive(built)
}

// BenchmarkStartup is what a start takes with the index stored beside the
// pack: load the pack (terminology.LoadPack), then open the index in
// place. It reports both times and the heap the two hold.
func BenchmarkStartup(b *testing.B) {
	set, ix := realIndex(b)
	var pack bytes.Buffer
	if err := set.WritePack(&pack); err != nil {
		b.Fatal(err)
	}
	data, err := ix.Marshal("bench")
	if err != nil {
		b.Fatal(err)
	}
	var packMS, ixMS, heap float64
	for i := 0; i < b.N; i++ {
		h0 := heapMB()
		t0 := time.Now()
		s, err := terminology.LoadPack(pack.Bytes())
		if err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		loaded, err := OpenBuiltIn(data)
		if err != nil {
			b.Fatal(err)
		}
		loaded.Attach(s)
		t2 := time.Now()
		packMS += float64(t1.Sub(t0).Microseconds()) / 1000
		ixMS += float64(t2.Sub(t1).Microseconds()) / 1000
		heap += heapMB() - h0
		runtime.KeepAlive(loaded)
	}
	n := float64(b.N)
	b.ReportMetric(packMS/n, "pack-load-ms")
	b.ReportMetric(ixMS/n, "index-open-ms")
	b.ReportMetric((packMS+ixMS)/n, "startup-ms")
	b.ReportMetric(heap/n, "set+index-heap-MB")
}
