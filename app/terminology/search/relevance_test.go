package search

import (
	"fmt"
	"strings"
	"testing"
)

// minRecall10 is the quality bar: a coder finds an acceptable code in the
// first ten hits for at least this share of the relevance set.
const minRecall10 = 0.95

type recall struct{ at1, at10, n int }

func (r recall) String() string {
	return fmt.Sprintf("recall@1 %.3f  recall@10 %.3f  (%d queries)", float64(r.at1)/float64(r.n), float64(r.at10)/float64(r.n), r.n)
}

func codebenchRecall(t testing.TB, ix *Index, cases []relCase, miss func(relCase, []Hit)) recall {
	var r recall
	for _, c := range cases {
		hits := ix.Search(Query{Text: c.Query, System: c.System, Year: ftsYear, Limit: 10})
		r.n++
		switch k := c.rank(hits); {
		case k == 1:
			r.at1++
			r.at10++
		case k > 0:
			r.at10++
		default:
			if miss != nil {
				miss(c, hits)
			}
		}
	}
	return r
}

func ftsRecall(t testing.TB, p *ftsPeer, cases []relCase) recall {
	var r recall
	for _, c := range cases {
		hits, err := p.search(c.Query, c.System, 10)
		if err != nil {
			t.Fatalf("fts5 %q: %v", c.Query, err)
		}
		r.n++
		for i, h := range hits {
			if c.accepts(h.System, h.Code) {
				if i == 0 {
					r.at1++
				}
				r.at10++
				break
			}
		}
	}
	return r
}

// TestRelevance runs the relevance set through Codebench, prints its
// recall, and fails when recall@10 is under the bar. The comparison with the
// SQLite FTS5 peer is BenchmarkRecall's (make bench): building the peer is
// most of what this test used to cost, and it guards no behaviour.
func TestRelevance(t *testing.T) {
	_, ix := realIndex(t)
	cases := loadRelevance(t)
	if len(cases) < 150 {
		t.Fatalf("relevance set has %d queries, want at least 150", len(cases))
	}
	long := 0
	for _, c := range cases {
		if len(strings.Fields(c.Query)) >= 20 {
			long++
		}
	}
	if long < 20 {
		t.Fatalf("relevance set has %d queries of 20+ words, want at least 20", long)
	}
	cb := codebenchRecall(t, ix, cases, func(c relCase, hits []Hit) {
		var got []string
		for _, h := range hits {
			got = append(got, h.Concept.Code)
		}
		t.Logf("miss: %q (%s) want %v, got %v", c.Query, c.System, c.Accept, got)
	})
	t.Logf("codebench: %v", cb)
	if float64(cb.at10)/float64(cb.n) < minRecall10 {
		t.Errorf("codebench recall@10 %.3f is under %.2f", float64(cb.at10)/float64(cb.n), minRecall10)
	}
}
