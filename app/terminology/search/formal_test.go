package search

import (
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"
)

// The long formal title set: what a coder pastes from an older code list
// or an ICD-9-era document is a long, formal title. It is built from the
// official files, not written by hand, so it cannot be tuned to:
//
//   - converted: each row of the CDC conversion table names a current code
//     and the code used before it; the title the previous code had in the
//     year before the current one took effect is the query, and the
//     current codes that replaced it (and the previous code itself when it
//     is still reportable) are accepted;
//   - revised: a code whose title was reworded over the years is searched
//     by its oldest title and must be found in FY2026.
//
// Cases whose query is word for word the title of an accepted code in
// FY2026 are left out: they test nothing.

// Quality bars for the formal titles (issue 12).
const (
	minFormalRecall1  = 0.75
	minFormalRecall10 = 0.92
)

// maxFormalRevised caps the revised cases (every k-th by code), so the
// set stays a few hundred queries and the test fast.
const maxFormalRevised = 400

func formalCases(set *terminology.Set) (converted, revised []relCase) {
	byQuery := map[string]*relCase{}
	var order []string
	for _, cv := range set.AllConversions() {
		cur := set.Lookup(app.ICD10CM, cv.Current)
		if cur == nil || !cur.Billable.Has(ftsYear) || len(cv.Since) < 10 {
			continue
		}
		fy := app.FiscalYear(parseDay(cv.Since)) - 1
		for _, p := range cv.Previous {
			prev := set.Lookup(app.ICD10CM, p)
			if prev == nil || !prev.Valid.Has(fy) || p == cv.Current {
				continue
			}
			q := prev.TitleIn(fy).Long
			if q == "" {
				continue
			}
			c := byQuery[q]
			if c == nil {
				c = &relCase{Query: q, System: app.ICD10CM}
				byQuery[q] = c
				order = append(order, q)
				if prev.Billable.Has(ftsYear) {
					c.Accept = append(c.Accept, prev.Code)
				}
			}
			c.Accept = append(c.Accept, cv.Current)
		}
	}
	for _, q := range order {
		c := byQuery[q]
		if !sameAsAccepted(set, *c) {
			converted = append(converted, *c)
		}
	}
	var all []relCase
	for _, c := range set.Concepts(app.ICD10CM) {
		if !c.Billable.Has(ftsYear) || len(c.Titles) < 2 {
			continue
		}
		old := c.Titles[0].Long
		if old == "" || plain(old) == plain(c.TitleIn(ftsYear).Long) {
			continue
		}
		all = append(all, relCase{Query: old, System: app.ICD10CM, Accept: []string{c.Code}})
	}
	step := max(1, (len(all)+maxFormalRevised-1)/maxFormalRevised)
	for i := 0; i < len(all); i += step {
		revised = append(revised, all[i])
	}
	return converted, revised
}

// sameAsAccepted reports whether the query is word for word the FY2026
// title of a code it accepts.
func sameAsAccepted(set *terminology.Set, c relCase) bool {
	q := plain(c.Query)
	for _, a := range c.Accept {
		if k := set.Lookup(app.ICD10CM, a); k != nil && plain(k.TitleIn(ftsYear).Long) == q {
			return true
		}
	}
	return false
}

func parseDay(s string) (t time.Time) {
	t, _ = time.Parse("2006-01-02", s[:10])
	return t
}

// TestFormalTitles runs the long formal title set through Codebench and
// holds it to the bars (BenchmarkRecall runs the FTS5 peer on it too: the
// peer takes minutes over these long titles).
func TestFormalTitles(t *testing.T) {
	set, ix := storedIndex(t)
	converted, revised := formalCases(set)
	if len(converted) < 100 || len(revised) < 100 {
		t.Fatalf("formal title set: %d converted and %d revised titles, want at least 100 of each", len(converted), len(revised))
	}
	all := append(append([]relCase{}, converted...), revised...)
	var misses []string
	cb := codebenchRecall(t, ix, all, func(c relCase, hits []Hit) {
		if len(misses) < 20 {
			misses = append(misses, c.Query+" → want "+strings.Join(c.Accept, " "))
		}
	})
	sort.Strings(misses)
	for _, m := range misses {
		t.Logf("miss: %s", m)
	}
	t.Logf("converted: %v", codebenchRecall(t, ix, converted, nil))
	t.Logf("revised:   %v", codebenchRecall(t, ix, revised, nil))
	t.Logf("codebench: %v", cb)
	if r1, r10 := cb.rates(); r1 < minFormalRecall1 || r10 < minFormalRecall10 {
		t.Errorf("formal titles: recall@1 %.3f, recall@10 %.3f; want at least %.2f and %.2f", r1, r10, minFormalRecall1, minFormalRecall10)
	}
}
