package search

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"

	"github.com/codebench/codebench/app/terminology"
	"github.com/codebench/codebench/internal/atomicfile"
)

// Cached returns the index over set, read from dir when an index built
// from the same code sets is there, else built and written there for the
// next start. key names the code sets (e.g. the pack's checksum); an empty
// key or an unusable folder just builds. A damaged or mismatched file is
// rebuilt and replaced, never trusted.
func Cached(set *terminology.Set, dir, key string) (*Index, error) {
	if key == "" || dir == "" {
		return New(set), nil
	}
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s/%d", key, IndexVersion)))
	path := filepath.Join(dir, "search-"+hex.EncodeToString(sum[:8])+".idx")
	if b, err := os.ReadFile(path); err == nil {
		if ix, err := Load(set, b); err == nil {
			return ix, nil
		}
	}
	ix := New(set)
	b, err := ix.MarshalBinary()
	if err != nil {
		return ix, nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return ix, nil // a read-only data folder still searches
	}
	// A failed write only costs the next start its speed-up.
	_ = atomicfile.WriteFile(path, b, 0o600)
	return ix, nil
}
