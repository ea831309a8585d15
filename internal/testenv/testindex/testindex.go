// Package testindex shares one search index over the real code sets per test
// process, for the pack that testpack loads: the generated index beside it
// (assets/terminology/codebench.index, which `make terminology` writes and
// the binary embeds), read in place as the workstation reads it, when it was
// built from that pack and is newer than the search code; else an index
// built here once (seconds; longer under -race).
//
// app/terminology/search's own in-package tests cannot import this package
// (it imports search); they build their index from testpack.Set themselves,
// and compare it with the stored form read in place.
package testindex

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/codebench/codebench/app/terminology"
	"github.com/codebench/codebench/app/terminology/search"
	"github.com/codebench/codebench/assets"
	"github.com/codebench/codebench/internal/testenv"
	"github.com/codebench/codebench/internal/testenv/testpack"
)

var (
	once sync.Once
	ix   *search.Index
)

// Index returns the code sets from testpack.Set and a search index over all
// of them, opened or built once per test process. Both are shared: treat
// them as read-only.
func Index(tb testing.TB) (*terminology.Set, *search.Index) {
	tb.Helper()
	set := testpack.Set(tb) // fails the test when the pack is missing or stale
	pack := testpack.Bytes(tb)
	once.Do(func() {
		if ix = generated(pack); ix == nil {
			ix = search.New(set)
		}
		ix.Attach(set)
	})
	return set, ix
}

// generated opens the generated index when it belongs to pack and is not
// older than the search code it was made by; nil otherwise.
func generated(pack []byte) *search.Index {
	root, err := testenv.Root()
	if err != nil {
		return nil
	}
	path := filepath.Join(root, "assets", "terminology", assets.IndexName)
	st, err := os.Stat(path)
	if err != nil || newerSearchSource(root, st.ModTime().UnixNano()) {
		return nil
	}
	key, err := terminology.PackKey(pack)
	if err != nil {
		return nil
	}
	ix, err := search.OpenFile(path, key)
	if err != nil {
		return nil
	}
	return ix
}

// newerSearchSource reports whether a search source file (tests aside, the
// Makefile's rule for the index) is newer than t.
func newerSearchSource(root string, t int64) bool {
	dir := filepath.Join(root, "app", "terminology", "search")
	entries, err := os.ReadDir(dir)
	if err != nil {
		return true
	}
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		info, err := e.Info()
		if err != nil || info.ModTime().UnixNano() > t {
			return true
		}
	}
	return false
}
