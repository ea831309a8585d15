package storage

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
)

// TestMain lets the RSS benchmark re-run this test binary as a child that
// only opens a database and reports its memory.
func TestMain(m *testing.M) {
	if mode := os.Getenv("CODEBENCH_RSS_CHILD"); mode != "" {
		rssChild(mode, os.Getenv("CODEBENCH_RSS_DIR"))
		return
	}
	if mode := os.Getenv("CODEBENCH_NOTEMEM_CHILD"); mode != "" {
		noteMemChild(mode, os.Getenv("CODEBENCH_NOTEMEM_FILE"), os.Getenv("CODEBENCH_RSS_DIR"))
		return
	}
	os.Exit(m.Run())
}

func vmRSS() int64 {
	b, _ := os.ReadFile("/proc/self/status")
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmRSS:") {
			f := strings.Fields(l)
			n, _ := strconv.ParseInt(f[1], 10, 64)
			return n << 10
		}
	}
	return 0
}

// rssChild opens a new, empty database with the shipped tuning or with
// Badger's defaults (plus the index cache encryption needs) and prints its
// resident memory before, once open, and after loading and reading
// 20,000 records.
func rssChild(mode, dir string) {
	runtime.GC()
	before := vmRSS()
	opt := &Options{KDF: testKDF, badgerDefaults: mode == "defaults"}
	s, err := Create(dir, "coder", testPass, opt)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	debug.FreeOSMemory()
	time.Sleep(200 * time.Millisecond)
	empty := vmRSS()
	// Then a working day's load: 20,000 records written and all read back.
	if err := loadRecords(s, 20_000); err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	if _, err := s.scanAll(app.ListFilter{}); err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	s.List(app.ListFilter{Query: "holm"})
	debug.FreeOSMemory()
	time.Sleep(200 * time.Millisecond)
	fmt.Println("rss", before, empty, vmRSS())
	s.Close()
}

// BenchmarkOpenRSS reports the resident memory of a process that opens an
// empty database: the shipped tuning against Badger's defaults.
func BenchmarkOpenRSS(b *testing.B) {
	if runtime.GOOS != "linux" {
		b.Skip("reads /proc/self/status")
	}
	for _, mode := range []string{"tuned", "defaults"} {
		b.Run(mode, func(b *testing.B) {
			var empty, delta, loaded int64
			for i := 0; i < b.N; i++ {
				cmd := exec.Command(os.Args[0], "-test.run=^$")
				cmd.Env = append(os.Environ(), "CODEBENCH_RSS_CHILD="+mode, "CODEBENCH_RSS_DIR="+b.TempDir())
				out, err := cmd.CombinedOutput()
				if err != nil {
					b.Fatalf("%v: %s", err, out)
				}
				f := strings.Fields(strings.TrimSpace(string(out)))
				if len(f) != 4 || f[0] != "rss" {
					b.Fatalf("child said %q", out)
				}
				before, _ := strconv.ParseInt(f[1], 10, 64)
				e, _ := strconv.ParseInt(f[2], 10, 64)
				l, _ := strconv.ParseInt(f[3], 10, 64)
				empty += e
				delta += e - before
				loaded += l
			}
			mb := func(v int64) float64 { return float64(v) / float64(b.N) / (1 << 20) }
			b.ReportMetric(mb(empty), "MB-rss-open-empty")
			b.ReportMetric(mb(delta), "MB-added-by-open")
			b.ReportMetric(mb(loaded), "MB-rss-after-20k")
		})
	}
}

// BenchmarkKDF measures one passphrase check at the shipped argon2id cost.
func BenchmarkKDF(b *testing.B) {
	salt := make([]byte, 16)
	for i := 0; i < b.N; i++ {
		DefaultKDF.Derive("correct horse battery staple", salt)
	}
}

func percentiles(b *testing.B, d []time.Duration) {
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	if len(d) == 0 {
		return
	}
	b.ReportMetric(float64(d[len(d)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(d[len(d)*99/100].Microseconds()), "p99-µs")
}

// BenchmarkSave is the latency of saving one record (record, summary,
// indexes, counter and audit entry in one transaction) with every commit
// synced, against the same save without sync and against a plain fsync'd
// append of the same bytes to a file.
func BenchmarkSave(b *testing.B) {
	rec := func(s *Store, i int) *app.Record {
		return &app.Record{ID: fmt.Sprintf("R%06d", i+1), Patient: app.Patient{MRN: fmt.Sprintf("MRN%07d", i), Name: "Benchmark, Person " + strconv.Itoa(i),
			DOB: time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), Sex: app.Unknown}, Encounter: app.Encounter{Type: app.Office, Service: time.Date(2025, 1, 1+i%28, 0, 0, 0, 0, time.UTC)}}
	}
	for _, mode := range []string{"synced", "nosync"} {
		b.Run(mode, func(b *testing.B) {
			s, err := Create(b.TempDir(), "coder", testPass, &Options{KDF: testKDF, noSync: mode == "nosync"})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			d := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				r := rec(s, i)
				t0 := time.Now()
				if err := s.SaveRecord(r, app.AuditEvent{Action: app.AuditRecordCreated, RecordID: r.ID}); err != nil {
					b.Fatal(err)
				}
				d = append(d, time.Since(t0))
			}
			b.StopTimer()
			percentiles(b, d)
		})
	}
	b.Run("fsync-append-baseline", func(b *testing.B) {
		f, err := os.Create(filepath.Join(b.TempDir(), "append.log"))
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		v, _ := encode(rec(nil, 1))
		d := make([]time.Duration, 0, b.N)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			t0 := time.Now()
			if _, err := f.Write(v); err != nil {
				b.Fatal(err)
			}
			if err := f.Sync(); err != nil {
				b.Fatal(err)
			}
			d = append(d, time.Since(t0))
		}
		b.StopTimer()
		percentiles(b, d)
	})
}

// loadRecords writes n made-up records in large transactions (benchmark
// setup only: the shipped path saves one record per synced transaction).
func loadRecords(s *Store, n int) error {
	first := []string{"Ada", "Bram", "Cleo", "Dara", "Emil", "Fern", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lior"}
	last := []string{"Abernathy", "Blom", "Castellano", "Dunmore", "Eklund", "Fairweather", "Gallo", "Holm", "Ingram", "Jessup",
		"Kowalczyk", "Lindqvist", "Morrow", "Nakagawa", "Okafor", "Pruitt", "Quist", "Rasmussen", "Sorensen", "Thackeray"}
	const batch = 500
	for start := 0; start < n; start += batch {
		err := s.update(func(txn *tx) error {
			for i := start; i < start+batch && i < n; i++ {
				id, err := nextSeq(txn, "R")
				if err != nil {
					return err
				}
				r := &app.Record{ID: fmt.Sprintf("R%06d", id),
					Patient:   app.Patient{MRN: fmt.Sprintf("M%07d", i*7919%10000000), Name: fmt.Sprintf("%s%d, %s", last[i%len(last)], i/len(last)%500, first[i/7%len(first)]), Sex: app.Unknown},
					Encounter: app.Encounter{Type: app.Office, Service: time.Date(2020+i%6, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC), Account: fmt.Sprintf("A%08d", i)},
					Status:    app.Statuses[i%len(app.Statuses)]}
				if err := putRecord(txn, r); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// BenchmarkWorklist100k lists and searches 100,000 records through the
// indexes, against a full scan of the records doing the same.
func BenchmarkWorklist100k(b *testing.B) {
	s, err := Create(b.TempDir(), "coder", testPass, &Options{KDF: testKDF})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if err := loadRecords(s, 100_000); err != nil {
		b.Fatal(err)
	}
	debug.FreeOSMemory()
	cases := []struct {
		name string
		f    app.ListFilter
	}{
		{"status-first-50", app.ListFilter{Status: app.OnHold, Limit: 50}},
		{"all-first-50", app.ListFilter{Limit: 50}},
		{"name-prefix", app.ListFilter{Query: "fairweather12", Limit: 50}},
		{"name-and-first", app.ListFilter{Query: "castellano ada"}},
		{"mrn-prefix", app.ListFilter{Query: "m123", Limit: 50}},
	}
	for _, c := range cases {
		want, err := s.scanAll(c.f)
		if err != nil {
			b.Fatal(err)
		}
		got, err := s.List(c.f)
		if err != nil {
			b.Fatal(err)
		}
		if len(got.Records) != len(want) || len(want) == 0 {
			b.Fatalf("%s: index %d rows, scan %d", c.name, len(got.Records), len(want))
		}
		b.Run("index/"+c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := s.List(c.f); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("fullscan/"+c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := s.scanAll(c.f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkOpenLarge is the time to open (and close) a database of
// 50,000 records, with every table checked before Badger opens it
// (checkTables) against the same open without that check.
func BenchmarkOpenLarge(b *testing.B) {
	dir := b.TempDir()
	s, err := Create(dir, "coder", testPass, &Options{KDF: testKDF})
	if err != nil {
		b.Fatal(err)
	}
	if err := loadRecords(s, 50_000); err != nil {
		b.Fatal(err)
	}
	master := s.master
	s.Close()
	var size int64
	filepath.Walk(filepath.Join(dir, dbDirName), func(_ string, fi os.FileInfo, err error) error {
		if err == nil && strings.HasSuffix(fi.Name(), ".sst") {
			size += fi.Size()
		}
		return nil
	})
	for _, mode := range []string{"checked", "unchecked"} {
		b.Run(mode, func(b *testing.B) {
			for b.Loop() {
				s, err := openLocked(dir, nil, "coder", master, &Options{KDF: testKDF, noTableCheck: mode == "unchecked"})
				if err != nil {
					b.Fatal(err)
				}
				s.Close()
			}
			b.ReportMetric(float64(size)/(1<<20), "MB-tables")
		})
	}
}
