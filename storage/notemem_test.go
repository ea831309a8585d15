package storage

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/coding"
	"github.com/codebench/codebench/app/intake"
)

// Issue 14 item 2: a long note is saved with peak memory at most about
// three times the file. BenchmarkNoteSaveMemory measures it on the path
// `codebench note add` takes (intake reads the file, the coding service
// saves the note through the store), in a child process so that nothing
// else is in its heap.

// noteMemFileSize is the 70 MB text note of the issue.
const noteMemFileSize = 70 << 20

// writeNoteFile writes a plain-text note of about size bytes: made-up
// clinical lines, each a little different.
func writeNoteFile(path string, size int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	for n, i := 0, 0; n < size; i++ {
		k, _ := fmt.Fprintf(w, "%07d Vitals: BP %d/%d, pulse %d. Reports wheezing since the garden party; albuterol helps — résumé of care.\n",
			i, 100+i%60, 60+i%30, 55+i%50)
		n += k
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// memSampler records the peak of the Go heap (live and not yet collected
// objects) and of the anonymous resident memory while it runs.
type memSampler struct {
	stop             chan struct{}
	done             sync.WaitGroup
	peakHeap, peakAn uint64
}

func heapObjects() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// procStatus reads one kB field of /proc/self/status in bytes.
func procStatus(field string) uint64 {
	b, _ := os.ReadFile("/proc/self/status")
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, field+":") {
			f := strings.Fields(l)
			n, _ := strconv.ParseUint(f[1], 10, 64)
			return n << 10
		}
	}
	return 0
}

func startSampler() *memSampler {
	m := &memSampler{stop: make(chan struct{})}
	m.done.Add(1)
	go func() {
		defer m.done.Done()
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for i := 0; ; i++ {
			m.peakHeap = max(m.peakHeap, heapObjects())
			if i%4 == 0 {
				m.peakAn = max(m.peakAn, procStatus("RssAnon"))
			}
			select {
			case <-m.stop:
				return
			case <-t.C:
			}
		}
	}()
	return m
}

func (m *memSampler) end() {
	close(m.stop)
	m.done.Wait()
	m.peakHeap = max(m.peakHeap, heapObjects())
	m.peakAn = max(m.peakAn, procStatus("RssAnon"))
}

// noteMemChild reads the note file at path and, in mode "save", saves it
// on a new record; it prints the file size and the peaks above what the
// process held before, in bytes: "notemem SIZE HEAP ANON".
func noteMemChild(mode, path, dir string) {
	fail := func(err error) {
		fmt.Println("error", err)
		os.Exit(1)
	}
	s, err := Create(dir, "coder", testPass, &Options{KDF: testKDF})
	if err != nil {
		fail(err)
	}
	defer s.Close()
	svc := coding.New(s, nil)
	r, err := svc.CreateRecord(app.Patient{MRN: "MEM-1", Name: "Memory, Test", DOB: time.Date(1970, 1, 2, 0, 0, 0, 0, time.UTC), Sex: app.Female},
		app.Encounter{Type: app.Office, Service: time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		fail(err)
	}
	runtime.GC()
	debug.FreeOSMemory()
	baseHeap, baseAnon := heapObjects(), procStatus("RssAnon")
	m := startSampler()
	doc, orig, err := intake.OpenFile(context.Background(), path, intake.Options{})
	if err != nil {
		fail(err)
	}
	if mode == "save" {
		_, err = svc.AddNote(r.ID, coding.NoteInput{FileName: filepath.Base(path), MediaType: doc.MediaType, Pages: doc.Pages, Original: orig})
		if err != nil {
			fail(err)
		}
	}
	m.end()
	runtime.KeepAlive(doc)
	runtime.KeepAlive(orig)
	fmt.Println("notemem", len(orig), m.peakHeap-baseHeap, m.peakAn-baseAnon)
}

// BenchmarkNoteSaveMemory reports the peak memory of adding a 70 MB text
// note, as MB and as a multiple of the file's size, beside the baseline
// of only reading the file through intake. Run it with -benchtime=1x.
func BenchmarkNoteSaveMemory(b *testing.B) {
	if runtime.GOOS != "linux" {
		b.Skip("reads /proc/self/status")
	}
	path := filepath.Join(b.TempDir(), "long-note.txt")
	if err := writeNoteFile(path, noteMemFileSize); err != nil {
		b.Fatal(err)
	}
	for _, mode := range []string{"read-only", "save"} {
		b.Run(mode, func(b *testing.B) {
			var size, heap, anon float64
			for i := 0; i < b.N; i++ {
				cmd := exec.Command(os.Args[0], "-test.run=^$")
				cmd.Env = append(os.Environ(), "CODEBENCH_NOTEMEM_CHILD="+mode, "CODEBENCH_NOTEMEM_FILE="+path, "CODEBENCH_RSS_DIR="+b.TempDir())
				out, err := cmd.CombinedOutput()
				if err != nil {
					b.Fatalf("%v: %s", err, out)
				}
				f := strings.Fields(strings.TrimSpace(string(out)))
				if len(f) != 4 || f[0] != "notemem" {
					b.Fatalf("child said %q", out)
				}
				v := func(s string) float64 { n, _ := strconv.ParseFloat(s, 64); return n }
				size, heap, anon = v(f[1]), heap+v(f[2]), anon+v(f[3])
			}
			heap /= float64(b.N)
			anon /= float64(b.N)
			b.ReportMetric(heap/(1<<20), "MB-peak-heap")
			b.ReportMetric(heap/size, "x-file-heap")
			b.ReportMetric(anon/(1<<20), "MB-peak-anon-rss")
			b.ReportMetric(anon/size, "x-file-anon-rss")
		})
	}
}
