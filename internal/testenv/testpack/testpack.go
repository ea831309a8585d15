// Package testpack gives tests the real code sets without importing the
// official release files again: it loads the generated pack
// (assets/terminology/codebench.pack, which `make test` builds before it
// runs the tests) once per test process and shares the *terminology.Set.
//
// Importing ~50 MB of release files takes tens of seconds under -race; the
// pack loads in well under one. Exactly one test (TestPackRoundTripOfficial
// in app/terminology) keeps the import → pack → load round trip, so the pack
// is known to hold what the release files say.
//
// A missing, stale or unreadable pack fails the test — it never skips — with
// what to run. It is a package of its own, not part of testenv, because it
// imports app/terminology, whose own tests import testenv; app/terminology's
// in-package tests must not import it (that would be a cycle).
package testpack

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/codebench/codebench/app/terminology"
	"github.com/codebench/codebench/internal/testenv"
)

// ErrNoPack means the generated pack is not in the repository.
var ErrNoPack = errors.New("the generated code-set pack is missing: run `make terminology` (make test builds it before the tests)")

// ErrStalePack means a file the pack is built from is newer than the pack.
var ErrStalePack = errors.New("the generated code-set pack is older than what it is built from: run `make terminology` (make test rebuilds it before the tests)")

var (
	once    sync.Once
	packB   []byte
	packSet *terminology.Set
	packErr error
)

// Path returns where the pack is: assets/terminology/codebench.pack under
// the repository root.
func Path() (string, error) {
	root, err := testenv.Root()
	if err != nil {
		return "", err
	}
	return packPath(root), nil
}

func packPath(root string) string {
	return filepath.Join(root, "assets", "terminology", terminology.PackName)
}

// load reads and decodes the pack, once per process.
func load() {
	root, err := testenv.Root()
	if err != nil {
		packErr = err
		return
	}
	packB, packSet, packErr = loadFrom(root)
}

// loadFrom reads and decodes the pack of the repository at root.
func loadFrom(root string) ([]byte, *terminology.Set, error) {
	p := packPath(root)
	st, err := os.Stat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, fmt.Errorf("%w (looked for %s)", ErrNoPack, p)
	}
	if err != nil {
		return nil, nil, err
	}
	newer, err := newerSource(root, st)
	if err != nil {
		return nil, nil, err
	}
	if newer != "" {
		return nil, nil, fmt.Errorf("%w (%s is newer than %s)", ErrStalePack, newer, p)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, nil, err
	}
	s, err := terminology.LoadPack(b)
	if err != nil {
		return nil, nil, fmt.Errorf("load %s: %w (run `make terminology` to rebuild it)", p, err)
	}
	return b, s, nil
}

// newerSource names the first importer source file (app/terminology/*.go,
// tests aside — the Makefile's rule for the pack) newer than the pack, or
// "" when the pack is up to date. The release files themselves are not
// compared: ../shared/terminology is read-only and dated by its copy.
func newerSource(root string, pack fs.FileInfo) (string, error) {
	dir := filepath.Join(root, "app", "terminology")
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		info, err := e.Info()
		if err != nil {
			return "", err
		}
		if info.ModTime().After(pack.ModTime()) {
			return filepath.Join(dir, n), nil
		}
	}
	return "", nil
}

// Load is Set for code that has no testing.TB at hand (a hook a package's
// tests install in init, say): it returns the shared set or why there is none.
func Load() (*terminology.Set, error) {
	once.Do(load)
	return packSet, packErr
}

// Set returns the code sets of every official release file (all systems and
// years, tabular notes, indexes, POA lists, conversions, HCPCS), loaded from
// the pack once per test process. Every caller gets the same *Set: treat it
// as read-only (use Fresh for one to change).
func Set(tb testing.TB) *terminology.Set {
	tb.Helper()
	once.Do(load)
	if packErr != nil {
		tb.Fatal(packErr)
	}
	return packSet
}

// Bytes returns the pack's bytes, read once per test process. The slice is
// shared: do not change it.
func Bytes(tb testing.TB) []byte {
	tb.Helper()
	Set(tb)
	return packB
}

// Fresh returns a private copy of the code sets, decoded again from the
// pack, for a test that merges into or otherwise changes its set.
func Fresh(tb testing.TB) *terminology.Set {
	tb.Helper()
	s, err := terminology.LoadPack(Bytes(tb))
	if err != nil {
		tb.Fatal(err)
	}
	return s
}
