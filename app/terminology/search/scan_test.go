package search

import (
	"slices"
	"testing"
)

// TestScanMatchesCheck: reading a word's postings against the candidates
// (scanWord, phase 2's way for a word with few postings beside the
// candidates) gives every candidate what checking its terms (check) gives
// it: the same weight, strength and fullness, so the same sums and
// ranking. The words are those of the relevance set's queries; the
// candidates meet them through every kind of match (the word, its
// completions, abbreviation expansions, aliases, typos, roots, the words
// of a code's ancestors) or not at all.
func TestScanMatchesCheck(t *testing.T) {
	_, ix := realIndex(t)
	ix.derived()
	a, b := ix.getScratch(), ix.getScratch()
	compared, met, kinds := 0, 0, map[string]int{}
	for _, c := range loadRelevance(t) {
		qts, _ := ix.prepare(parseQuery(c.Query))
		for _, qt := range qts {
			cands := scanSample(ix, qt)
			lo, hi := ^uint32(0), uint32(0)
			for _, p := range cands {
				if w, strong, full := ix.check(qt, p); w > 0 {
					a.add(qt, p, w, strong, full)
				}
				b.isCand[p>>6] |= 1 << (p & 63)
				lo, hi = min(lo, p), max(hi, p)
			}
			ix.scanWord(b, qt, lo, hi)
			for _, p := range cands {
				if a.ph[p] != b.ph[p] {
					t.Fatalf("%q, word %q, phrase %d (%s): check gives %+v, scan %+v", c.Query, qt.word, p, ix.whyOf(p), a.ph[p], b.ph[p])
				}
				if a.ph[p].mask != 0 {
					met++
					if ix.phKind[p] == kindTitle && a.ph[p].mask&strongBit == 0 {
						kinds["ancestor's word"]++
					}
				}
				compared++
				a.ph[p], b.ph[p] = slot{}, slot{}
				b.isCand[p>>6] = 0
			}
			for _, d := range b.done {
				if d != 0 {
					t.Fatalf("%q, word %q: scanWord left phrases marked", c.Query, qt.word)
				}
			}
			if len(qt.alias) > 0 {
				kinds["alias"]++
			}
			if qt.hi > qt.lo {
				kinds["completions"]++
			}
			if len(qt.typo) > 0 {
				kinds["typo"]++
			}
		}
	}
	t.Logf("%d candidates compared, %d met; %v", compared, met, kinds)
	if met < 10000 || kinds["ancestor's word"] == 0 || kinds["alias"] == 0 || kinds["completions"] == 0 || kinds["typo"] == 0 {
		t.Fatalf("the sample does not exercise every kind of match: %d met, %v", met, kinds)
	}
}

// scanSample is some phrases of each of qt's posting lists (its word,
// completions, expansions, aliases, typos, root; posted and ancestors'),
// the first and last of each, and phrases spread over the whole index.
func scanSample(ix *Index, qt *qterm) []uint32 {
	var out []uint32
	take := func(ps []uint32) {
		for i, e := range ps {
			if i < 6 || i >= len(ps)-6 {
				out = append(out, e>>1)
			}
		}
	}
	list := func(t uint32) {
		take(ix.posts[ix.postOff[t]:ix.postOff[t+1]])
		take(ix.ctxPosts[ix.ctxOff[t]:ix.ctxOff[t+1]])
	}
	if qt.exact >= 0 {
		list(uint32(qt.exact))
	}
	for t := qt.lo; t < qt.hi && t < qt.lo+20; t++ {
		list(uint32(t))
	}
	for _, ts := range [][]uint32{qt.expand, qt.alias, qt.typo} {
		for _, t := range ts {
			list(t)
		}
	}
	if qt.root >= 0 {
		list(uint32(qt.root))
	}
	for p := 0; p < len(ix.phConcept); p += 4999 {
		out = append(out, uint32(p))
	}
	slices.Sort(out)
	return slices.Compact(out)
}
