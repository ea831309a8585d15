package search

import (
	"bytes"
	"runtime"
	"testing"
	"time"

	"github.com/codebench/codebench/app/terminology"
)

// BenchmarkLoad reads the index from its binary form and attaches it to
// the code sets, the path a start-up takes when the index is stored
// beside the pack.
func BenchmarkLoad(b *testing.B) {
	set, ix := realIndex(b)
	data, err := ix.MarshalBinary()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	var ms float64
	var keep *Index
	for i := 0; i < b.N; i++ {
		runtime.GC()
		t0 := time.Now()
		keep, err = Load(set, data)
		if err != nil {
			b.Fatal(err)
		}
		ms += float64(time.Since(t0).Microseconds()) / 1000
	}
	b.ReportMetric(ms/float64(b.N), "load-ms")
	b.ReportMetric(float64(len(data))/(1<<20), "size-MB")
	runtime.KeepAlive(keep)
}

// BenchmarkStartup is what a start takes with the index stored beside the
// pack: load the pack (terminology.LoadPack), then read and attach the
// index. It reports both times and the heap the two hold.
func BenchmarkStartup(b *testing.B) {
	set, ix := realIndex(b)
	var pack bytes.Buffer
	if err := set.WritePack(&pack); err != nil {
		b.Fatal(err)
	}
	data, err := ix.MarshalBinary()
	if err != nil {
		b.Fatal(err)
	}
	var packMS, ixMS, heapMB float64
	for i := 0; i < b.N; i++ {
		runtime.GC()
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		t0 := time.Now()
		s, err := terminology.LoadPack(pack.Bytes())
		if err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		loaded, err := Load(s, data)
		if err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		packMS += float64(t1.Sub(t0).Microseconds()) / 1000
		ixMS += float64(t2.Sub(t1).Microseconds()) / 1000
		runtime.GC()
		runtime.ReadMemStats(&m1)
		heapMB += float64(int64(m1.HeapAlloc)-int64(m0.HeapAlloc)) / (1 << 20)
		runtime.KeepAlive(loaded)
	}
	n := float64(b.N)
	b.ReportMetric(packMS/n, "pack-load-ms")
	b.ReportMetric(ixMS/n, "index-load-ms")
	b.ReportMetric((packMS+ixMS)/n, "startup-ms")
	b.ReportMetric(heapMB/n, "set+index-heap-MB")
}
