package storage

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
)

// errDiffers is check's answer when a value reads back without an error
// but not as it was written: the failure issue 14 item 1 is about.
var errDiffers = errors.New("differs")

// Issue 14 item 1: every byte of a small database's files is flipped in
// turn, in a copy; each copy is opened and everything is read back
// (records, worklist and search, notes, originals, favourites, recent
// codes, audit verify). Each must give exactly the original content or an
// error, never different content.
//
// The database is small and opened with a 1 MB memtable and values of 256
// bytes or more in the value log (Options.small), so the value log is
// damaged too and a few thousand opens fit in CI's time.
//
// Badger's DISCARD file (1 MB, value-log GC statistics) is read from its
// start up to the first slot whose 8-byte file id is zero, and only by
// value-log GC, which Codebench never runs. Here it is all zeros, so a
// flip at offset 8 or later is never read; its first 32 bytes are flipped
// like every other byte, the rest one in every 4096.
func TestEveryByteFlip(t *testing.T) {
	start := time.Now()
	src := t.TempDir()
	opt := &Options{KDF: testKDF, Log: &syncBuffer{}, small: true}
	s, err := Create(src, "coder", testPass, opt)
	if err != nil {
		t.Fatal(err)
	}
	f := buildFixture(t, s, false)
	master := bytes.Clone(s.master)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// What the undamaged database answers; it must hold the fixture.
	s, err = openLocked(src, nil, "coder", master, opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.check(s); err != nil {
		t.Fatalf("the undamaged database: %v", err)
	}
	want, err := readAll(s, f)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	dbDir := filepath.Join(src, dbDirName)
	ents, err := os.ReadDir(dbDir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	type flip struct {
		file string
		off  int
	}
	var flips []flip
	sizes := []string{}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dbDir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = b
		sizes = append(sizes, fmt.Sprintf("%s %d", e.Name(), len(b)))
		for off := range b {
			if e.Name() == "DISCARD" && off >= 32 {
				if b[off] != 0 {
					t.Fatalf("DISCARD has data at %d: the sampling above does not hold", off)
				}
				if off%4096 != 0 {
					continue
				}
			}
			flips = append(flips, flip{e.Name(), off})
		}
	}
	if !strings.Contains(strings.Join(sizes, " "), ".vlog") || !strings.Contains(strings.Join(sizes, " "), ".sst") {
		t.Fatalf("the database has no table or value log to damage: %v", sizes)
	}

	type result struct {
		identical, failed int
		byFile            map[string][2]int
		messages          map[string]int
	}
	res := result{byFile: map[string][2]int{}, messages: map[string]int{}}
	var mu sync.Mutex
	jobs := make(chan flip)
	var wg sync.WaitGroup
	base := copiesDir(t)
	// Opening waits on the disk more than it computes: more copies than
	// CPUs keep both busy.
	for range 2 * runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dir, err := os.MkdirTemp(base, "copy")
			if err != nil {
				t.Error(err)
				return
			}
			for fl := range jobs {
				err := writeCopy(dir, files, fl.file, fl.off)
				if err == nil {
					err = checkCopy(dir, master, opt, f, want)
				} else {
					t.Errorf("copy: %v", err)
				}
				mu.Lock()
				c := res.byFile[fl.file]
				switch {
				case err == nil:
					res.identical++
					c[0]++
				case errors.Is(err, errDiffers):
					t.Errorf("flipping byte %d of %s: read back different content without an error: %v", fl.off, fl.file, err)
				default:
					res.failed++
					c[1]++
					msg := err.Error()
					for _, leak := range []string{fakeName, fakeMRN, "Quillfeather", "Okonkwo", "wheezing", "badger", "Badger"} {
						if strings.Contains(msg, leak) {
							t.Errorf("flipping byte %d of %s: the error quotes %q: %.300s", fl.off, fl.file, leak, msg)
						}
					}
					res.messages[strings.ReplaceAll(msg, dir, "DIR")]++
				}
				res.byFile[fl.file] = c
				mu.Unlock()
			}
		}()
	}
	for _, fl := range flips {
		jobs <- fl
	}
	close(jobs)
	wg.Wait()

	names := make([]string, 0, len(res.byFile))
	for n := range res.byFile {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		t.Logf("%-12s %6d bytes flipped: %6d identical, %6d errors", n, res.byFile[n][0]+res.byFile[n][1], res.byFile[n][0], res.byFile[n][1])
	}
	for m, n := range res.messages {
		t.Logf("%6d × %.160s", n, m)
	}
	t.Logf("%d flips in %v: %d read back identical, %d gave an error, none different", len(flips), time.Since(start).Round(time.Second), res.identical, res.failed)
}

// copiesDir is where the damaged copies go: a folder in memory where the
// system has one (each open syncs files, which on a disk costs more than
// the rest of the check), else a test folder.
func copiesDir(t *testing.T) string {
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		if d, err := os.MkdirTemp("/dev/shm", "codebench-flip-"); err == nil {
			t.Cleanup(func() { os.RemoveAll(d) })
			return d
		}
	}
	return t.TempDir()
}

// writeCopy fills dir/db with files, byte off of file flipped. DISCARD
// is written sparse, as Badger makes it.
func writeCopy(dir string, files map[string][]byte, file string, off int) error {
	dbDir := filepath.Join(dir, dbDirName)
	if err := os.RemoveAll(dbDir); err != nil {
		return err
	}
	if err := os.MkdirAll(dbDir, 0o700); err != nil {
		return err
	}
	for name, b := range files {
		if name == file {
			b = bytes.Clone(b)
			b[off] ^= 0xff
		}
		data := bytes.TrimRight(b, "\x00")
		if err := os.WriteFile(filepath.Join(dbDir, name), data, 0o600); err != nil {
			return err
		}
		if len(data) < len(b) {
			if err := os.Truncate(filepath.Join(dbDir, name), int64(len(b))); err != nil {
				return err
			}
		}
	}
	return nil
}

// readBack is everything the store answers about the fixture.
type readBack struct {
	Records    []*app.Record
	Notes      []*app.Note
	Originals  [][]byte
	Worklists  []app.Worklist
	Favourites []app.CodeRef
	Recent     []app.CodeRef
	Audit      []app.AuditEntry
	Verified   AuditReport
}

func readAll(s *Store, f *sealedFixture) (*readBack, error) {
	var rb readBack
	for _, r := range f.recs {
		got, err := s.Record(r.ID)
		if err != nil {
			return nil, err
		}
		rb.Records = append(rb.Records, got)
	}
	ids := make([]string, 0, len(f.notes))
	for id := range f.notes {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		n, err := s.Note(id)
		if err != nil {
			return nil, err
		}
		o, err := s.NoteOriginal(id)
		if err != nil {
			return nil, err
		}
		rb.Notes, rb.Originals = append(rb.Notes, n), append(rb.Originals, o)
	}
	for _, lf := range []app.ListFilter{{}, {Oldest: true}, {Status: app.ToCode}, {Status: app.Final}, {Query: "quillfeather"},
		{Query: "mrn-oa"}, {Query: "acct"}, {Query: f.recs[0].ID}} {
		wl, err := s.List(lf)
		if err != nil {
			return nil, err
		}
		rb.Worklists = append(rb.Worklists, wl)
	}
	var err error
	if rb.Favourites, err = s.Favourites(); err != nil {
		return nil, err
	}
	if rb.Recent, err = s.RecentCodes(); err != nil {
		return nil, err
	}
	if rb.Audit, err = s.AuditLog(""); err != nil {
		return nil, err
	}
	if rb.Verified, err = s.VerifyAudit(); err != nil {
		return nil, err
	}
	return &rb, nil
}

// checkCopy opens the database in dir as the store does and reads
// everything back: nil if it is all exactly want, errDiffers if some of
// it differs, or the error that stopped it.
func checkCopy(dir string, master []byte, opt *Options, f *sealedFixture, want *readBack) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	s, err := openLocked(dir, nil, "coder", master, opt)
	if err != nil {
		return err
	}
	defer s.Close()
	got, err := readAll(s, f)
	if err != nil {
		return err
	}
	if !reflect.DeepEqual(got, want) {
		return errDiffers
	}
	return nil
}
