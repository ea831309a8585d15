package terminology

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/codebench/codebench/app"

	"github.com/codebench/codebench/internal/testenv"
)

// jsonSnapshot is the same content as a pack, as plain JSON: the baseline
// BenchmarkLoadPack is measured against.
type jsonSnapshot struct {
	Concepts map[app.System][]*Concept `json:"concepts"`
	Chapters []*Chapter                `json:"chapters"`
	Sections []*Section                `json:"sections"`
	Indexes  []*Index                  `json:"indexes"`
}

func heapMB() float64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapInuse) / (1 << 20)
}

// BenchmarkLoadPack loads the pack of every official file (all systems
// and years, notes, index, tables, POA, conversions). heap-MB is the heap
// in use with the loaded set alive, over what the process held before.
func BenchmarkLoadPack(b *testing.B) {
	pack := builtPackBytes(b)
	base := heapMB()
	b.SetBytes(int64(len(pack)))
	b.ResetTimer()
	var s *Set
	cpu0 := cpuMS()
	for b.Loop() {
		var err error
		if s, err = LoadPack(pack); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric((cpuMS()-cpu0)/float64(b.N), "cpu-ms/op")
	b.ReportMetric(heapMB()-base, "heap-MB")
	b.ReportMetric(float64(len(pack))/1e6, "pack-MB")
	runtime.KeepAlive(s)
}

// BenchmarkLoadBuiltInPack is BenchmarkLoadPack the way the workstation
// loads its built-in pack: read in place, its checksum not read.
func BenchmarkLoadBuiltInPack(b *testing.B) {
	pack := builtPackBytes(b)
	base := heapMB()
	b.ResetTimer()
	var s *Set
	cpu0 := cpuMS()
	for b.Loop() {
		var err error
		if s, err = LoadBuiltInPack(pack); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric((cpuMS()-cpu0)/float64(b.N), "cpu-ms/op")
	b.ReportMetric(heapMB()-base, "heap-MB")
	runtime.KeepAlive(s)
}

// BenchmarkLookup looks up every 20th code of every system, in a random
// order: first on a freshly loaded set (each Concept built then, "cold"),
// then again ("warm"); beside it the same look-ups in a map of every
// Concept, the layout before issue 16.
func BenchmarkLookup(b *testing.B) {
	pack := builtPackBytes(b)
	type q struct {
		sys  app.System
		code string
	}
	var qs []q
	all := map[q]*Concept{}
	{
		s, err := LoadPack(pack)
		if err != nil {
			b.Fatal(err)
		}
		for _, sys := range app.Systems {
			for i, c := range s.Concepts(sys) {
				all[q{sys, c.Code}] = c
				if i%20 == 0 {
					qs = append(qs, q{sys, Display(sys, c.Code)})
				}
			}
		}
	}
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(qs), func(i, j int) { qs[i], qs[j] = qs[j], qs[i] })
	b.Run("cold", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			s, err := LoadBuiltInPack(pack)
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			for _, x := range qs {
				if s.Lookup(x.sys, x.code) == nil {
					b.Fatal(x)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(qs)), "ns/lookup")
	})
	b.Run("warm", func(b *testing.B) {
		s, err := LoadBuiltInPack(pack)
		if err != nil {
			b.Fatal(err)
		}
		for _, x := range qs {
			s.Lookup(x.sys, x.code)
		}
		b.ResetTimer()
		for b.Loop() {
			for _, x := range qs {
				if s.Lookup(x.sys, x.code) == nil {
					b.Fatal(x)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(qs)), "ns/lookup")
	})
	b.Run("map", func(b *testing.B) {
		for b.Loop() {
			for _, x := range qs {
				if all[q{x.sys, Canonical(x.code)}] == nil {
					b.Fatal(x)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(qs)), "ns/lookup")
	})
}

// BenchmarkLoadJSON is the baseline: the same concepts, chapters,
// sections and indexes decoded from JSON.
func BenchmarkLoadJSON(b *testing.B) {
	s := fullImport(b)
	snap := jsonSnapshot{Concepts: map[app.System][]*Concept{}, Chapters: s.Chapters(), Sections: s.Sections(), Indexes: s.Indexes()}
	for _, sys := range app.Systems {
		snap.Concepts[sys] = s.Concepts(sys)
	}
	raw, err := json.Marshal(snap)
	if err != nil {
		b.Fatal(err)
	}
	base := heapMB()
	b.SetBytes(int64(len(raw)))
	b.ResetTimer()
	var out jsonSnapshot
	cpu0 := cpuMS()
	for b.Loop() {
		out = jsonSnapshot{}
		if err := json.Unmarshal(raw, &out); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric((cpuMS()-cpu0)/float64(b.N), "cpu-ms/op")
	b.ReportMetric(heapMB()-base, "heap-MB")
	b.ReportMetric(float64(len(raw))/1e6, "json-MB")
	runtime.KeepAlive(out)
}

// BenchmarkImportOrderFiles is the other baseline: building the codes of
// all 22 order files from the CMS zips.
func BenchmarkImportOrderFiles(b *testing.B) {
	d := testenv.Terminology(b)
	paths := []string{filepath.Join(d, "icd10cm"), filepath.Join(d, "icd10pcs")}
	for b.Loop() {
		if _, err := Import(context.Background(), paths, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadPackRSS loads the pack in a fresh process and reports its
// resident set size with everything loaded (RSS-MB) and the load time
// there (load-ms).
func BenchmarkLoadPackRSS(b *testing.B) {
	pack := builtPackBytes(b)
	p := filepath.Join(b.TempDir(), "codebench.pack")
	if err := os.WriteFile(p, pack, 0o644); err != nil {
		b.Fatal(err)
	}
	var rss, ms, cpu float64
	for b.Loop() {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperLoadPackRSS$", "-test.count=1")
		cmd.Env = append(os.Environ(), "CODEBENCH_RSS_PACK="+p)
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.Fatalf("%v\n%s", err, out)
		}
		if _, err := fmt.Sscanf(after(string(out), "RSS-MB "), "%f load-ms %f cpu-ms %f", &rss, &ms, &cpu); err != nil {
			b.Fatalf("no RSS in %q", out)
		}
	}
	b.ReportMetric(rss, "RSS-MB")
	b.ReportMetric(ms, "load-ms")
	b.ReportMetric(cpu, "load-cpu-ms")
}

func after(s, sep string) string {
	if i := strings.Index(s, sep); i >= 0 {
		return s[i+len(sep):]
	}
	return ""
}

// TestHelperLoadPackRSS is the child process of BenchmarkLoadPackRSS; it
// does nothing in a normal test run.
func TestHelperLoadPackRSS(t *testing.T) {
	p := os.Getenv("CODEBENCH_RSS_PACK")
	if p == "" {
		return
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	start, cpu0 := time.Now(), cpuMS()
	s, err := LoadPack(b)
	if err != nil {
		t.Fatal(err)
	}
	el, cpu := time.Since(start), cpuMS()-cpu0
	b = nil
	runtime.GC()
	debug.FreeOSMemory()
	fmt.Printf("RSS-MB %.1f load-ms %.1f cpu-ms %.1f\n", vmRSSMB(), float64(el.Microseconds())/1000, cpu)
	runtime.KeepAlive(s)
}

func vmRSSMB() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			return float64(kb) / 1024
		}
	}
	return -1
}
