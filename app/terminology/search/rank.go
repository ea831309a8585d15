package search

import (
	"math/bits"
	"strings"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"
)

// Ranking by the Alphabetic Index's conventions (ICD-10-CM Official
// Guidelines §I.A and the Index's own instructions):
//
//   - a main term's own code, the default, comes before its subterms'
//     codes when the query names no subterm: a phrase that the query
//     covers completely ranks above one it covers in part, and an index
//     path's length counts neither its nonessential modifiers, nor the
//     variants of one term ("Infarct, infarction"), nor the linking "with";
//   - a phrase met only through nonessential modifiers ("Angina (attack)
//     (heart)" for "heart attack") is not a match for its main term;
//   - among codes that match alike, the unspecified one (the default when
//     a note says no more) comes before "other" ones, unless the query says
//     "other" or "unspecified" itself;
//   - a header is never first when a reportable code under it matches as
//     well (codesBeforeHeaders).

// strongBit is set in a phrase's match mask when some query word met a
// word that is not a nonessential modifier. Query words use the low bits
// (maxTerms of them).
const strongBit = 1 << 31

// fullShift places, for each query word, a bit saying it met a word of the
// phrase itself or a nonessential modifier of an index path, not only a
// word of the code's ancestors.
const fullShift = 15

// prefixBit is set when the last, unfinished word met a phrase only as the
// beginning of a longer word although it is a word itself: "flu" names
// influenza more than it begins "flushing".
const prefixBit = 1 << 30

// Ranking weights, on the scale of a phrase's bm25 score (a rare word
// scores about 8-12).
const (
	wComplete    = 6   // a phrase whose every word the query names
	wUnspecified = 0.3 // the unspecified code among equals
	wOther       = 0.3 // an "other" code among equals (subtracted)
	wIndexEntry  = 1.5 // an index path the query names completely, over a title
	wSeeAlso     = 1.0 // a path through "see also", below the term's own (subtracted)
	wPartial     = 1.0 // a PCS excision or diagnostic code the query does not ask for (subtracted)
	wFamily      = 6.0 // a family history code for a "history of" that names no relative (subtracted)
)

// Concept flags.
const (
	flagUnspecified uint8 = 1 << iota // title says "unspecified" or "NOS"
	flagOther                         // title says "other"
	flagExcision                      // ICD-10-PCS root operation Excision
	flagDiagnostic                    // ICD-10-PCS diagnostic qualifier
	flagChildren                      // has codes under it
	flagFamily                        // a family history code ("Family history of ...")
)

// conceptFlags derives the flags of a concept from its latest title. It
// runs for every concept at every start, so it scans bytes rather than
// tokenizing.
func conceptFlags(c *terminology.Concept) uint8 {
	t := c.Latest().Long
	var f uint8
	if hasWord(t, "unspecified") || hasWord(t, "nos") {
		f |= flagUnspecified
	}
	if hasWord(t, "other") {
		f |= flagOther
	}
	if strings.HasPrefix(t, "Family history") {
		f |= flagFamily
	}
	return f
}

// hasWord reports whether s holds w (lower case) as a whole word, in any
// case.
func hasWord(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		if i > 0 && isAlnum(s[i-1]) {
			continue
		}
		if end := i + len(w); end < len(s) && isAlnum(s[end]) {
			continue
		}
		ok := true
		for j := 0; j < len(w); j++ {
			c := s[i+j]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != w[j] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// phraseScore is phrase p's bm25 score plus, when it has every query word
// (all), what it earns for being named completely by the query.
func (ix *Index) phraseScore(s *scratch, p uint32, qts []*qterm, all uint32) float32 {
	sc := s.ph[p].acc * ix.norm(ix.phLen[p])
	if m := s.ph[p].mask; m&strongBit != 0 && m&all == all {
		sc += ix.completeness(p, m, qts)
	}
	return sc
}

// completeness is what a phrase that has every query word (its mask m)
// earns for how much of it they name: all of it (the default code of an
// index term, or a title named word for word), or a share.
func (ix *Index) completeness(p uint32, m uint32, qts []*qterm) float32 {
	span := float32(0)
	if m&prefixBit != 0 {
		span -= 0.5
	}
	for _, qt := range qts {
		if m&qt.bit == 0 {
			continue
		}
		if qt.span <= 1 {
			span++
			continue
		}
		// An abbreviation names the words of its expansion the phrase
		// holds as its own (not as nonessential modifiers).
		k := 0
		for _, t := range qt.expWords {
			if ix.hasStrong(p, t) {
				k++
			}
		}
		span += float32(max(k, 1))
	}
	n := float32(ix.phLen[p])
	if n == 0 || span >= n {
		if ix.phKind[p] == kindIndex {
			return wComplete + wIndexEntry
		}
		return wComplete
	}
	return wComplete * max(span, 0) / n
}

// defaultBonus prefers the unspecified code and sets back "other" codes
// unless the query asks for them, when a title was matched (kind is the
// kind of the phrase matched).
func (ix *Index) defaultBonus(c int32, pq parsed, kind uint8) float32 {
	f := ix.cFlags[c]
	if f&^flagChildren == 0 {
		return 0
	}
	var b float32
	// When the Index itself gave the code, it is the default already.
	if f&flagUnspecified != 0 && !pq.unspecified && !isIndex(kind) {
		b += wUnspecified
	}
	if f&flagOther != 0 && !pq.other && !isIndex(kind) {
		b -= wOther
	}
	// ICD-10-PCS: an "-ectomy" takes out the whole body part (root
	// operation Resection) unless the note says part of it (Excision);
	// a diagnostic qualifier needs a biopsy or diagnostic procedure.
	if f&flagExcision != 0 && !pq.part {
		b -= wPartial
	}
	if f&flagDiagnostic != 0 && !pq.diagnostic {
		b -= wPartial
	}
	// "History of stroke" is the patient's own (Z86.73): a history the
	// query gives no relative is personal; "family history of stroke",
	// "mother had a stroke" are the family's (Z82.3).
	if f&flagFamily != 0 && pq.ownHistory {
		b -= wFamily
	}
	return b
}

// partWords say a procedure removes part of a body part.
var partWords = stems("partial", "excision", "biopsy", "part", "segmental", "wedge", "lumpectomy")

// diagnosticWords ask for a diagnostic procedure.
var diagnosticWords = stems("diagnostic", "biopsy")

// stemHistory is "history" as the tokenizer leaves it; relativeWords name
// a relative or the family, as the tokenizer leaves them.
var (
	stemHistory   = stem("history")
	relativeWords = stems("family", "familial", "fh", "fhx", "mother", "father", "mom", "dad", "parent", "parents", "sister", "brother",
		"sibling", "siblings", "son", "daughter", "grandmother", "grandfather", "aunt", "uncle", "cousin", "maternal", "paternal", "relative", "relatives")
)

// stemUnspecified is "unspecified" as the tokenizer leaves it.
var stemUnspecified = stem("unspecified")

// stems makes a set of words as the tokenizer leaves them.
func stems(words ...string) map[string]bool {
	m := map[string]bool{}
	for _, w := range words {
		m[stem(w)] = true
	}
	return m
}

// headerScan bounds the codes looked at under one header among the
// candidates; titleScan bounds those whose titles are checked when none of
// them was a candidate, and headersChecked how far down the hits headers
// are looked at (every keystroke pays for these).
const (
	headerScan     = 1024
	titleScan      = 512
	headersChecked = 5
	titlesChecked  = 2
)

// isHeader reports whether c has codes under it and is not reportable
// under the filter's year: an ICD-10-CM category or subcategory, an
// ICD-10-PCS table.
func (ix *Index) isHeader(f filter, c int32) bool {
	if ix.cFlags[c]&flagChildren == 0 {
		return false
	}
	if f.year == 0 {
		return ix.bill(c) == 0
	}
	return !ix.bill(c).Has(f.year)
}

// codesBeforeHeaders moves, for each header among the top hits, the best
// reportable code under it that matched the query as well (as many query
// words, all of them if the header had all) to just before it. When none
// of them matched at all but the header matched completely, its
// unspecified code takes that place: "ckd" puts N18.9 before N18.
func (ix *Index) codesBeforeHeaders(s *scratch, f filter, top []int32, qts []*qterm, allBits uint32, deep bool) []int32 {
	var done []int32
	isDone := func(c int32) bool {
		for _, d := range done {
			if d == c {
				return true
			}
		}
		return false
	}
	for i := 0; i < len(top) && i < headersChecked; i++ {
		h := top[i]
		if isDone(h) || !ix.isHeader(f, h) {
			continue
		}
		done = append(done, h)
		hTier := int(s.cBest[h] / tierBonus)
		if ix.cSys[h] == pcsID && hTier > 1 {
			// A PCS table is never a code: a code in it that misses one
			// of the words still comes first (Enter on the table opens
			// it anyway).
			hTier--
		}
		lo, hi := ix.codeRange(ix.code(h))
		hi = min(hi, lo+headerScan)
		best, fallback := int32(-1), int32(-1)
		for k := lo; k < hi; k++ {
			d := ix.byCode[k]
			if d == h || ix.cSys[d] != ix.cSys[h] || !ix.conceptOK(f, d) || ix.isHeader(f, d) {
				continue
			}
			if s.cBest[d] != 0 {
				if int(s.cBest[d]/tierBonus) >= hTier && (s.cFull[d] || !s.cFull[h]) && (best < 0 || s.cBest[d] > s.cBest[best]) {
					best = d
				}
			} else if fallback < 0 && ix.cFlags[d]&flagUnspecified != 0 && ix.cParent[d] == h {
				fallback = d
			}
		}
		if best < 0 && deep && i < titlesChecked {
			// Its codes may not have been among the candidates (a PCS
			// table's codes have long titles): check them directly.
			need := bits.OnesCount32(s.ph[s.cPh[h]].mask & allBits)
			if ix.cSys[h] == pcsID {
				need--
			}
			if d, p, m := ix.bestUnder(f, h, qts, max(need, 1)); d >= 0 {
				if s.cBest[d] == 0 {
					s.cTouched = append(s.cTouched, d)
				}
				if s.ph[p].mask == 0 {
					s.touched = append(s.touched, p)
					s.ph[p].mask = m
				}
				s.cBest[d], s.cPh[d] = s.cBest[h], int32(p)
				best = d
			}
		}
		if best < 0 && fallback >= 0 && s.cFull[h] {
			best = fallback
			s.cTouched = append(s.cTouched, best)
			s.cFull[best], s.cPh[best] = true, s.cPh[h]
		}
		if best < 0 {
			continue
		}
		done = append(done, best)
		if moved := moveBefore(top, best, i); moved != nil {
			s.cBest[best] = s.cBest[h] + 1e-3
			top = moved
			i++ // the header is now at i+1; it is done
		}
	}
	return top
}

// moveBefore puts c at position i of top, removing it from where it was
// (or dropping the last hit when it was not there); nil when c is already
// at i or above.
func moveBefore(top []int32, c int32, i int) []int32 {
	j := -1
	for k, x := range top {
		if x == c {
			j = k
		}
	}
	if j >= 0 && j <= i {
		return nil
	}
	if j < 0 {
		j = len(top) - 1 // the last hit makes room
	}
	copy(top[i+1:j+1], top[i:j])
	top[i] = c
	return top
}

// hasStrong reports whether phrase p holds term t other than as a
// nonessential modifier.
func (ix *Index) hasStrong(p uint32, t uint32) bool {
	terms := ix.phTerms[ix.phTermOff[p]:ix.phTermOff[p+1]]
	lo := lowerTerm(terms, t)
	return lo < len(terms) && terms[lo] == t<<1
}

// lowerTerm is the first place in a phrase's sorted terms (each a term
// number shifted left, its low bit marking a nonessential modifier) whose
// term is not below t.
func lowerTerm(terms []uint32, t uint32) int {
	lo, hi := 0, len(terms)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if terms[m]>>1 < t {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// buildTitles lists each concept's title phrases, so a header's codes can
// be checked against a query even when they were not among the candidates.
func (ix *Index) buildTitles() {
	n := len(ix.cSys)
	ix.cTitleOff = make([]uint32, n+1)
	for p, c := range ix.phConcept {
		if ix.phKind[p] == kindTitle {
			ix.cTitleOff[c+1]++
		}
	}
	for c := 0; c < n; c++ {
		ix.cTitleOff[c+1] += ix.cTitleOff[c]
	}
	ix.cTitles = make([]uint32, ix.cTitleOff[n])
	fill := append([]uint32(nil), ix.cTitleOff[:n]...)
	for p, c := range ix.phConcept {
		if ix.phKind[p] == kindTitle {
			ix.cTitles[fill[c]] = uint32(p)
			fill[c]++
		}
	}
}

// bestUnder checks the titles of the codes under header h (up to
// headerScan of them) against the query and returns the one that meets
// the most query words, best weighted, with its phrase; -1 when none meets
// at least min words.
func (ix *Index) bestUnder(f filter, h int32, qts []*qterm, min int) (int32, uint32, uint32) {
	lo, hi := ix.codeRange(ix.code(h))
	if hi-lo > titleScan {
		return -1, 0, 0 // a chapter-sized category: its codes' own words will be candidates
	}
	best, bestP, bestMask := int32(-1), uint32(0), uint32(0)
	bestWords, bestScore := 0, float32(0)
	for k := lo; k < hi; k++ {
		d := ix.byCode[k]
		if d == h || ix.cSys[d] != ix.cSys[h] || !ix.conceptOK(f, d) || ix.isHeader(f, d) {
			continue
		}
		for _, p := range ix.cTitles[ix.cTitleOff[d]:ix.cTitleOff[d+1]] {
			var mask uint32
			var score float32
			for _, qt := range qts {
				if w, _, full := ix.check(qt, p); w > 0 && full {
					mask |= qt.bit
					score += w * qt.idf
				}
			}
			words := bits.OnesCount32(mask)
			score *= ix.norm(ix.phLen[p])
			if words >= min && (words > bestWords || words == bestWords && score > bestScore) {
				best, bestP, bestMask, bestWords, bestScore = d, p, mask, words, score
			}
		}
	}
	return best, bestP, bestMask
}

// deriveConcepts fills, while building, what is derived from the
// concepts themselves: title flags and each code's parent.
func (ix *Index) deriveConcepts() {
	ix.cFlags = make([]uint8, len(ix.concepts))
	ix.cParent = make([]int32, len(ix.concepts))
	id := map[app.System]map[string]int32{}
	for i, c := range ix.concepts {
		if id[c.System] == nil {
			id[c.System] = map[string]int32{}
		}
		if _, dup := id[c.System][c.Code]; !dup {
			id[c.System][c.Code] = int32(i)
		}
	}
	for i, c := range ix.concepts {
		ix.cFlags[i] = conceptFlags(c)
		if c.System == app.ICD10PCS && len(c.Code) >= 3 && c.Code[2] == 'B' {
			ix.cFlags[i] |= flagExcision
		}
		if c.System == app.ICD10PCS && len(c.Code) == 7 && c.Code[6] == 'X' {
			ix.cFlags[i] |= flagDiagnostic
		}
		if len(c.Children) > 0 {
			ix.cFlags[i] |= flagChildren
		}
		ix.cParent[i] = -1
		if p, ok := id[c.System][c.Parent]; ok && c.Parent != "" {
			ix.cParent[i] = p
		}
	}
}

// titleExtra is what the titles of code t add to an index phrase that led
// to it and met the query words in have: the weight of the other words
// its best title meets, and their bits. Many index phrases lead to the
// same code, having met different words: each title's weight for each
// query word is checked once a search and kept in s.tSlab (unchecked until
// asked for; 0 when it does not count).
func (ix *Index) titleExtra(s *scratch, t int32, qts []*qterm, have uint32) (float32, uint32) {
	titles := ix.cTitles[ix.cTitleOff[t]:ix.cTitleOff[t+1]]
	if len(titles) == 0 {
		return 0, 0
	}
	o := s.tOff[t]
	if o == 0 {
		o = int32(len(s.tSlab)) + 1
		for range len(titles) * len(qts) {
			s.tSlab = append(s.tSlab, unchecked)
		}
		s.tOff[t] = o
		s.tTouched = append(s.tTouched, t)
	}
	ws := s.tSlab[o-1:]
	var best float32
	var bestMask uint32
	for i := range titles {
		var sc float32
		var m uint32
		for j, qt := range qts {
			if have&qt.bit != 0 {
				continue
			}
			w := ws[i*len(qts)+j]
			if w == unchecked {
				var full bool
				if w, _, full = ix.check(qt, titles[i]); !full {
					w = 0
				}
				ws[i*len(qts)+j] = w
			}
			if w > 0 {
				m |= qt.bit
				sc += w * qt.idf
			}
		}
		if bits.OnesCount32(m) > bits.OnesCount32(bestMask) || m == bestMask && sc > best {
			best, bestMask = sc, m
		}
	}
	return best * ix.norm(ix.phLen[titles[0]]), bestMask
}

// unchecked marks a title's weight for a word not checked yet.
const unchecked = -1

// weakWeight is the weight of a weak word of phrase p: a nonessential
// modifier of an index path, or a word of the code's ancestors in a title.
func (ix *Index) weakWeight(p uint32) float32 {
	if isIndex(ix.phKind[p]) {
		return wWeak
	}
	return wContext
}

// pcsID is ICD-10-PCS's system id.
var pcsID = sysIDs[app.ICD10PCS]

// contextN is how many of the best candidates have the words of their
// codes' ancestors checked for the query words they lack.
const contextN = 256

// contextPass lets the best candidates meet the query words they lack in
// their codes' ancestors' titles and inclusion terms ("ckd 3a": N18.31
// under N18.3 "Chronic kidney disease, stage 3"). Those words are in the
// forward index only: posting them would make every common word's list
// longer for every keystroke.
//
// It checks the words in look: those of qts not yet checked on every
// candidate's terms.
func (ix *Index) contextPass(s *scratch, cands []cand, qts, look []*qterm, allBits uint32, tier func(uint32) float32) {
	n := min(len(cands), contextN)
	if len(cands) > n {
		selectTop(cands, n)
	}
	for i := 0; i < n; i++ {
		p := cands[i].p
		m := s.ph[p].mask
		if m&allBits == allBits || ix.phKind[p] != kindTitle {
			continue
		}
		changed := false
		for _, qt := range look {
			if m&qt.bit != 0 {
				continue
			}
			if w, strong, full := ix.check(qt, p); w > 0 {
				m |= qt.bit
				if strong {
					m |= strongBit
				}
				if full {
					m |= qt.bit << fullShift
				}
				s.ph[p].acc += w * qt.idf
				changed = true
			}
		}
		if changed {
			s.ph[p].mask = m
			cands[i].score = tier(m) + ix.phraseScore(s, p, qts, allBits)
		}
	}
}
