package search

import (
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
)

// TestDebugQuery prints the hits for the queries in $SEARCH_DEBUG
// (separated by "|", optionally "system:" prefixed); it checks nothing
// when the variable is unset, so it is a tool, not a test of behaviour.
func TestDebugQuery(t *testing.T) {
	qs := os.Getenv("SEARCH_DEBUG")
	if qs == "" {
		return
	}
	_, ix := realIndex(t)
	for _, q := range strings.Split(qs, "|") {
		if w, ok := strings.CutPrefix(q, "alias:"); ok {
			var al []string
			for _, a := range ix.aliases(ix.term(stem(w))) {
				al = append(al, ix.vocab[a])
			}
			t.Logf("aliases of %q (%q): %v", w, stem(w), al)
			continue
		}
		var sys app.System
		if i := strings.Index(q, ":"); i > 0 {
			sys, q = app.System(q[:i]), q[i+1:]
		}
		for _, h := range ix.Search(Query{Text: q, System: sys, Year: ftsYear, Limit: 10}) {
			t.Logf("%q %s %-8s %7.2f %s | %s", q, h.Concept.System, h.Concept.Code, h.Score, h.Concept.Latest().Long, h.Why)
		}
	}
}

// TestDebugSlow lists the slowest short queries when $SEARCH_SLOW is set.
func TestDebugSlow(t *testing.T) {
	if os.Getenv("SEARCH_SLOW") == "" {
		return
	}
	_, ix := realIndex(t)
	type qd struct {
		q string
		d time.Duration
	}
	var all []qd
	qs := append(shortQueries(loadRelevance(t)), longQueries(loadRelevance(t))...)
	for _, q := range qs {
		best := time.Hour
		for i := 0; i < 3; i++ {
			t0 := time.Now()
			ix.Search(Query{Text: q, Year: ftsYear, Limit: 10})
			best = min(best, time.Since(t0))
		}
		all = append(all, qd{q, best})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].d > all[j].d })
	for _, x := range all[:40] {
		t.Logf("%8v %q", x.d, x.q)
	}
}
