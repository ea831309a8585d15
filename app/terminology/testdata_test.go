package terminology

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/codebench/codebench/internal/testenv"
)

var (
	fullOnce sync.Once
	fullSet  *Set
	fullErr  error
)

// fullImport imports every official file once per test binary. Only the
// import → pack → load round trip (TestPackRoundTripOfficial) and the
// README's reference counts need it; every other real-data test reads the
// generated pack through officialSet, which loads in a fraction of the time.
func fullImport(t testing.TB) *Set {
	t.Helper()
	d := testenv.Terminology(t)
	fullOnce.Do(func() {
		fullSet, fullErr = Import(context.Background(), []string{d}, nil)
	})
	if fullErr != nil {
		t.Fatal(fullErr)
	}
	return fullSet
}

var (
	builtOnce sync.Once
	builtPack []byte
	builtSet  *Set
	builtErr  error
)

// builtPackBytes returns the generated pack (assets/terminology/codebench.pack,
// which `make test` builds before the tests), read once per test binary.
// It fails, never skips, when the pack is missing. (This package's tests
// cannot import internal/testenv/testpack, which imports this package.)
func builtPackBytes(t testing.TB) []byte {
	t.Helper()
	officialSet(t)
	return builtPack
}

// officialSet is the code sets of every official file, decoded once per test
// binary from the generated pack. It is shared: tests only read it (use
// LoadPack(builtPackBytes(t)) for a set to change).
func officialSet(t testing.TB) *Set {
	t.Helper()
	builtOnce.Do(func() {
		root, err := testenv.Root()
		if err != nil {
			builtErr = err
			return
		}
		p := filepath.Join(root, "assets", "terminology", PackName)
		if builtPack, err = os.ReadFile(p); err != nil {
			builtErr = fmt.Errorf("the generated code-set pack is missing or unreadable: run `make terminology` (make test builds it before the tests): %w", err)
			return
		}
		builtSet, builtErr = LoadPack(builtPack)
	})
	if builtErr != nil {
		t.Fatal(builtErr)
	}
	return builtSet
}
