package search

import (
	"sort"
	"strings"
)

// Typos: a word of five letters or more may carry one slip (a letter
// missing, extra, wrong or two swapped). Every indexed word of four letters
// or more is filed under its own hash and the hash of each one-letter
// deletion; a typed word looks up its own and its deletions' hashes and
// the candidates are confirmed with editDistance1. That finds all four
// kinds of slip with a dozen binary searches instead of a vocabulary scan.

const minTypoLen = 5

func (ix *Index) buildTypos() {
	type kv struct {
		k uint64
		t uint32
	}
	var all []kv
	for t := 0; t < ix.vocab.Len(); t++ {
		w := ix.vocab.At(t)
		if len(w) < minTypoLen-1 || isNumber(w) {
			continue
		}
		all = append(all, kv{fnv64(w), uint32(t)})
		deletes(w, func(d string) { all = append(all, kv{fnv64(d), uint32(t)}) })
	}
	sort.Slice(all, func(a, b int) bool {
		if all[a].k != all[b].k {
			return all[a].k < all[b].k
		}
		return all[a].t < all[b].t
	})
	ix.typoKey = make([]uint64, 0, len(all))
	ix.typoTerm = make([]uint32, 0, len(all))
	for i, e := range all {
		if i > 0 && all[i-1] == e {
			continue
		}
		ix.typoKey = append(ix.typoKey, e.k)
		ix.typoTerm = append(ix.typoTerm, e.t)
	}
}

// typos returns the indexed words one slip away from w.
func (ix *Index) typos(w string, out []uint32) []uint32 {
	if len(w) < minTypoLen || isNumber(w) {
		return out
	}
	look := func(s string) {
		h := fnv64(s)
		i := sort.Search(len(ix.typoKey), func(i int) bool { return ix.typoKey[i] >= h })
		for ; i < len(ix.typoKey) && ix.typoKey[i] == h; i++ {
			t := ix.typoTerm[i]
			if !editDistance1(w, ix.vocab.At(int(t))) {
				continue
			}
			dup := false
			for _, o := range out {
				dup = dup || o == t
			}
			if !dup && len(out) < 16 {
				out = append(out, t)
			}
		}
	}
	look(w)
	deletes(w, look)
	return out
}

func isNumber(w string) bool {
	return strings.Trim(w, "0123456789") == ""
}
