package terminology

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// sharedDir returns ../shared/terminology seen from the repository root,
// found by walking up to go.mod. The official files must be there: tests
// that need them fail rather than skip.
func sharedDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Fatal("cannot find go.mod above the test directory")
		}
		dir = up
	}
	d := filepath.Join(dir, "..", "shared", "terminology")
	if _, err := os.Stat(filepath.Join(d, "README.md")); err != nil {
		t.Fatalf("the official code-set files are missing: %v (they belong in ../shared/terminology beside the repository)", err)
	}
	return d
}

var (
	fullOnce sync.Once
	fullSet  *Set
	fullErr  error
)

// fullImport imports every official file once per test binary.
func fullImport(t testing.TB) *Set {
	t.Helper()
	d := sharedDir(t)
	fullOnce.Do(func() {
		fullSet, fullErr = Import(context.Background(), []string{d}, nil)
	})
	if fullErr != nil {
		t.Fatal(fullErr)
	}
	return fullSet
}
