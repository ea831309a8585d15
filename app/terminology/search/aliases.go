package search

import (
	"sort"
	"strings"

	"github.com/codebench/codebench/app/terminology"
)

// Aliases are word-for-word synonyms the Alphabetic Index itself teaches
// through its cross-references: "Broken, arm — see Fracture, arm" and
// "Broken, leg — see Fracture, leg" say that a coder's "broken" is the
// classification's "fracture". A pair is learned when a see reference and
// its source differ by exactly one word on each side, and kept when the
// index teaches it at least twice, so one odd reference cannot introduce
// noise. A query word then also matches its aliases, at a lower weight.

const minAliasSupport = 2

func (ix *Index) buildAliases(entries []Entry) {
	type pair struct{ from, to uint32 }
	count := map[pair]int{}
	var src, dst []token
	for _, e := range entries {
		if e.See == "" || e.Kind == terminology.PCSIndex {
			continue // PCS references name a root operation, not a synonym
		}
		if seesCondition(e.See) {
			// "Colon — see condition", "Ankle — see condition": look
			// up what the note says of it, no synonym of "condition".
			continue
		}
		src = src[:0]
		for _, p := range e.Path {
			src = tokenize(p, true, src)
		}
		dst = tokenize(e.See, true, dst[:0])
		a, b := ix.soleDifference(src, dst), ix.soleDifference(dst, src)
		if a >= 0 && b >= 0 {
			count[pair{uint32(a), uint32(b)}]++
			continue
		}
		// A one-word main term sent elsewhere is a synonym of the main
		// term it is sent to: "Cancer — see also Neoplasm, by site,
		// malignant". The book says so once, which is enough.
		if len(e.Path) == 1 && len(strongWords(src)) == 1 {
			if d := strongWords(dst); len(d) > 0 && d[0] != src[0].text {
				a, b := ix.term(strongWords(src)[0]), ix.term(d[0])
				if a >= 0 && b >= 0 {
					count[pair{uint32(a), uint32(b)}] += minAliasSupport
				}
			}
		}
	}
	var pairs []pair
	for p, n := range count {
		if n >= minAliasSupport {
			pairs = append(pairs, p)
		}
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].from != pairs[j].from {
			return pairs[i].from < pairs[j].from
		}
		return pairs[i].to < pairs[j].to
	})
	ix.aliasKey = make([]uint32, len(pairs))
	ix.aliasVal = make([]uint32, len(pairs))
	for i, p := range pairs {
		ix.aliasKey[i], ix.aliasVal[i] = p.from, p.to
	}
}

func strongWords(ts []token) []string {
	var out []string
	for _, t := range ts {
		if !t.weak && !stopWords[t.text] {
			out = append(out, t.text)
		}
	}
	return out
}

// soleDifference returns the term id of the one strong, non-stop word of a
// that is not in b, or -1 when there is not exactly one.
func (ix *Index) soleDifference(a, b []token) int {
	found := -1
	for _, t := range a {
		if t.weak || stopWords[t.text] {
			continue
		}
		in := false
		for _, u := range b {
			if u.text == t.text {
				in = true
				break
			}
		}
		if in {
			continue
		}
		id := ix.term(t.text)
		if id < 0 || (found >= 0 && found != id) {
			return -1
		}
		found = id
	}
	return found
}

// aliases returns the words the index teaches as synonyms of term t.
func (ix *Index) aliases(t int) []uint32 {
	i := sort.Search(len(ix.aliasKey), func(i int) bool { return ix.aliasKey[i] >= uint32(t) })
	j := i
	for j < len(ix.aliasKey) && ix.aliasKey[j] == uint32(t) {
		j++
	}
	return ix.aliasVal[i:j]
}

// term returns the id of an indexed word, or -1.
func (ix *Index) term(w string) int {
	i := ix.vocab.search(w)
	if i < ix.vocab.Len() && ix.vocab.At(i) == w {
		return i
	}
	return -1
}

// seesCondition reports a reference to the condition itself ("see
// condition", "see also condition", "see condition, by site"): the Index
// sends the coder to the word for what is wrong, naming none.
func seesCondition(see string) bool {
	w := strings.ToLower(strings.TrimSpace(see))
	return w == "condition" || strings.HasPrefix(w, "condition ") || strings.HasPrefix(w, "condition,")
}
