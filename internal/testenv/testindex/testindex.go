// Package testindex shares one search index over the real code sets per test
// process, built from the pack that testpack loads. Building the index takes
// seconds (longer under -race); a package whose tests search the real code
// sets builds it once here instead of once per test.
//
// app/terminology/search's own in-package tests cannot import this package
// (it imports search); they build their index from testpack.Set themselves.
package testindex

import (
	"sync"
	"testing"

	"github.com/codebench/codebench/app/terminology"
	"github.com/codebench/codebench/app/terminology/search"
	"github.com/codebench/codebench/internal/testenv/testpack"
)

var (
	once sync.Once
	ix   *search.Index
)

// Index returns the code sets from testpack.Set and a search index over all
// of them, built once per test process. Both are shared: treat them as
// read-only.
func Index(tb testing.TB) (*terminology.Set, *search.Index) {
	tb.Helper()
	set := testpack.Set(tb) // fails the test when the pack is missing or stale
	once.Do(func() { ix = search.New(set) })
	return set, ix
}
