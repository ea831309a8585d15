package search

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/edsrzf/mmap-go"

	"github.com/codebench/codebench/app/terminology"
	"github.com/codebench/codebench/internal/atomicfile"
)

// CachePath is where Cached keeps the index of the code sets named source
// (terminology.PackKey of their pack) in folder dir.
func CachePath(dir, source string) string {
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s/%d", source, IndexVersion)))
	return filepath.Join(dir, "search-"+hex.EncodeToString(sum[:8])+".idx")
}

// OpenFile maps the index file at path into memory read-only and opens it
// in place (with Open's checks); source, unless "", is the code sets it
// must have been built from (ErrIndexMismatch otherwise). The mapping of
// an index handed out is never released: the index and the strings of its
// hits point into it, and an index is kept for the life of the process.
// One refused is released at once, so the file can be replaced (Windows
// refuses to replace a mapped file).
func OpenFile(path, source string) (*Index, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.Size() < flatHeader {
		return nil, ErrIndexFormat
	}
	m, err := mmap.Map(f, mmap.RDONLY, 0)
	if err != nil {
		return nil, fmt.Errorf("map %s: %w", path, err)
	}
	ix, err := Open(m)
	if err == nil && source != "" && ix.Source() != source {
		err = ErrIndexMismatch
	}
	if err != nil {
		_ = m.Unmap()
		return nil, err
	}
	ix.unmap = m.Unmap
	return ix, nil
}

// Cached returns the index over set, the code sets named source: read in
// place from dir when an index built from them is there, else built
// (reporting progress from 0 to 1, which may be nil) and written there for
// the next start, then read back in place so the heap the build used is
// let go. An empty source or dir just builds; a damaged or mismatched file
// is rebuilt and replaced, never trusted. The index is attached to set.
func Cached(set *terminology.Set, dir, source string, progress func(float64)) (*Index, error) {
	if source == "" || dir == "" {
		ix := NewWithProgress(set, progress)
		ix.Attach(set)
		return ix, nil
	}
	path := CachePath(dir, source)
	if ix, err := OpenFile(path, source); err == nil {
		ix.Attach(set)
		return ix, nil
	}
	ix := NewWithProgress(set, progress)
	ix.Attach(set)
	b, err := ix.Marshal(source)
	if err != nil {
		return ix, nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return ix, nil // a read-only data folder still searches
	}
	RemoveStale(dir, path)
	// A failed write only costs the next start its build.
	if atomicfile.WriteFile(path, b, 0o600) != nil {
		return ix, nil
	}
	mapped, err := OpenFile(path, source)
	if err != nil {
		return ix, nil
	}
	mapped.Attach(set)
	return mapped, nil
}

// RemoveStale deletes the indexes Cached kept in dir for other code sets
// (an earlier release, an older format), keeping the file keep ("" keeps
// none). One still mapped by a running window stays where the system
// refuses (Windows) until a later call.
func RemoveStale(dir, keep string) {
	old, _ := filepath.Glob(filepath.Join(dir, "search-*.idx"))
	for _, p := range old {
		if p != keep && strings.HasSuffix(p, ".idx") {
			_ = os.Remove(p)
		}
	}
}
