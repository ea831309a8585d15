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
// The hashes are kept to 32 bits (half the pages to search through, issue
// 16); a word filed under a hash is taken only when the string looked up
// is the word or one of its deletions, as a 64-bit hash would have it.

const minTypoLen = 5

func (ix *Index) buildTypos() {
	type kv struct {
		k uint32
		t uint32
	}
	var all []kv
	for t := 0; t < ix.vocab.Len(); t++ {
		w := ix.vocab.At(t)
		if len(w) < minTypoLen-1 || isNumber(w) {
			continue
		}
		all = append(all, kv{typoHash(w), uint32(t)})
		deletes(w, func(d string) { all = append(all, kv{typoHash(d), uint32(t)}) })
	}
	sort.Slice(all, func(a, b int) bool {
		if all[a].k != all[b].k {
			return all[a].k < all[b].k
		}
		return all[a].t < all[b].t
	})
	ix.typoKey = make([]uint32, 0, len(all))
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
		h := typoHash(s)
		i := sort.Search(len(ix.typoKey), func(i int) bool { return ix.typoKey[i] >= h })
		for ; i < len(ix.typoKey) && ix.typoKey[i] == h; i++ {
			t := ix.typoTerm[i]
			v := ix.vocab.At(int(t))
			if !filedUnder(v, s) || !editDistance1(w, v) || otherWordPart(w, v) {
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

// oppositeParts are word parts one letter apart that mean different
// things, so a word that has one is not a slip for a word that has the
// other: "macrocephalic" is not "microcephalic" (Q02 for Q75.3),
// "dysphasia" not "dysphagia", "peroneal" not "perineal".
var oppositeParts = [][2]string{{"micro", "macro"}, {"phasi", "phagi"}, {"perone", "perine"}}

// otherWordPart reports whether w and v differ where one has a part of
// oppositeParts and the other its opposite. Only the part's first place
// in w is looked at, which is enough for the words of the code sets.
func otherWordPart(w, v string) bool {
	for _, p := range oppositeParts {
		for _, ab := range [2][2]string{p, {p[1], p[0]}} {
			if i := strings.Index(w, ab[0]); i >= 0 && i+len(ab[1]) <= len(v) && v[i:i+len(ab[1])] == ab[1] {
				return true
			}
		}
	}
	return false
}

func isNumber(w string) bool {
	return strings.Trim(w, "0123456789") == ""
}

// typoHash is the key a word or deletion is filed under.
func typoHash(s string) uint32 {
	h := fnv64(s)
	return uint32(h ^ h>>32)
}

// filedUnder reports whether word v was filed under s: s is v or v with
// one byte deleted.
func filedUnder(v, s string) bool {
	if len(v) == len(s) {
		return v == s
	}
	if len(v) != len(s)+1 {
		return false
	}
	i := 0
	for i < len(s) && v[i] == s[i] {
		i++
	}
	return v[i+1:] == s[i:]
}
