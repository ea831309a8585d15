package terminology

import (
	"context"
	"sync"
	"testing"

	"github.com/codebench/codebench/internal/testenv"
)

var (
	fullOnce sync.Once
	fullSet  *Set
	fullErr  error
)

// fullImport imports every official file once per test binary.
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
