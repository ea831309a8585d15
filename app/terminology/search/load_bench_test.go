package search

import (
	"runtime"
	"testing"
	"time"
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
