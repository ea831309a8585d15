package search

import (
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"
)

// Entry is a phrase outside the Tabular List that leads to a code: an
// Alphabetic Index path (main term and subterms), a Drug or Neoplasm table
// cell, a PCS Index path, or a see / see also / use cross-reference that was
// followed to its target.
type Entry struct {
	System app.System
	Kind   terminology.IndexKind
	Path   []string // as printed, nonessential modifiers in parentheses
	Column string   // table column heading, e.g. "Malignant Primary"
	See    string   // cross-reference followed ("see Infarct, myocardium"), if any
	Also   bool     // the reference is a "see also": the term's own codes come first
	Code   string   // as printed: "I21.9", "I21.-", a PCS table prefix "0SRD"
	Year   int      // fiscal year of the book it came from
	// Until, when set, is the fiscal year from which the entry no longer
	// leads to Code: a conversion table's previous code (carriedBack).
	Until int
}

// Phrase kinds.
const (
	kindTitle uint8 = iota
	kindIndex
	kindInclusion // a Tabular inclusion term: another name for the code
	kindSeeAlso   // an index path through a "see also" reference
)

// isIndex reports whether phrases of kind k are Alphabetic Index paths.
func isIndex(k uint8) bool { return k == kindIndex || k == kindSeeAlso }

// Index is the search engine over every system and fiscal year. Build it
// with New or Build, or read one written by Marshal in place with Open
// (OpenBuiltIn for the binary's own); it is read-only and safe for
// concurrent searches.
//
// Every field is a flat array or a string table, so the same code reads an
// index built on the heap and one that is the stored bytes themselves.
type Index struct {
	// concepts are the concepts a built index was made from; an index
	// read by Open finds them in set by system and code instead.
	concepts []*terminology.Concept
	set      *terminology.Set
	source   string // the code sets it was built from (see Marshal)

	cSys []uint8
	// cClass is each concept's years (see conceptYears), as a number in
	// cClasses: a hundred or so distinct ones stand for 190,000 codes, so
	// the arrays a search reads for every candidate stay small (issue 16).
	cClass   []uint16
	cClasses []conceptYears
	cFlags   []uint8 // flagUnspecified, flagOther, ...: derived from the titles
	// cParent is the concept the code sits under (same system), -1 at
	// the top.
	cParent []int32
	codes   strs // canonical codes
	// cTitleOff and cTitles list each concept's title phrases: concept
	// c's are cTitles[cTitleOff[c]:cTitleOff[c+1]].
	cTitleOff []uint32
	cTitles   []uint32
	byCode    []int32 // concept ids sorted by code, then system
	// Each concept's titles as the coder reads them, so a hit is shown
	// without the code sets: concept c's are titles[cTitleAt[c]:
	// cTitleAt[c+1]], oldest first, each the long title (tLong 1) or, when
	// the release gave none, the short one.
	cTitleAt []uint32
	tYears   []terminology.Years
	tText    strs
	tLong    []uint8

	// Phrases are numbered best first (fewest words, then shortest code),
	// so postings in id order are also in impact order and may be cut
	// short when a query word is very common.
	phConcept []int32 // the concept it leads to
	phKind    []uint8
	phLen     []uint8 // words that count (nonessential modifiers don't)
	// phClass is each phrase's system and years (see phraseYears), as a
	// number in phClasses, read for every posting a search visits.
	phClass   []uint16
	phClasses []phraseYears
	phTermOff []uint32 // phrase p's terms are phTerms[phTermOff[p]:phTermOff[p+1]]
	phTerms   []uint32 // term<<1 | weak, ascending
	// cLo and cHi are the span of byCode under concept c's code: the codes
	// an index entry for it may lead to (see span); 0, 0 for a concept no
	// entry leads to.
	cLo, cHi []uint32
	// The few phrases narrowed by a code prefix (a PCS table, "0SRD"):
	// their numbers, ascending, the prefixes (see prefix) and the spans of
	// byCode under them.
	prefixAt           []uint32
	prefixes           strs
	prefixLo, prefixHi []uint32
	// phWhy is each phrase's Why as a node of the why tree (see why.go);
	// 0 for none.
	phWhy     []uint32
	whyParent []uint32
	whySeg    []uint32
	whySegs   strs

	vocab    strs     // sorted
	postOff  []uint32 // term t's postings are posts[postOff[t]:postOff[t+1]]
	posts    []uint32 // phrase<<1 | weak, ascending
	typoKey  []uint32 // hash of a term or a term with one letter deleted, ascending (typoHash)
	typoTerm []uint32
	aliasKey []uint32 // term ids with an alias, ascending (see aliases.go)
	aliasVal []uint32

	avgLen   float32
	unmap    func() error // releases OpenFile's mapping (tests only: see OpenFile)
	free     chan *scratch
	freeOnce sync.Once

	// passing holds, for each filter searched with, a bit per phrase
	// saying it passes (see passing); normOf is norm by phrase length.
	passMu    sync.Mutex
	passing   map[filter][]uint64
	normOnce  sync.Once
	normReady atomic.Bool
	normOf    [256]float32
	// ctxOff, ctxPosts and prefixedBits are made on first use (see
	// derived).
	derivedOnce sync.Once
	// whyRootOf and mainWords are made on first use (mainTerms): each
	// Why node's root (the node of its kind and main term) and, per
	// root of the Alphabetic or External Cause Index, its main term's
	// words without the nonessential modifiers.
	mainOnce     sync.Once
	whyRootOf    []uint32
	mainWords    map[uint32][]string
	ctxOff       []uint32
	ctxPosts     []uint32
	prefixedBits []uint64
}

var sysIDs = map[app.System]uint8{app.ICD10CM: 1, app.ICD10PCS: 2, app.HCPCS: 3}
var sysByID = [...]app.System{"", app.ICD10CM, app.ICD10PCS, app.HCPCS}

// Len is the number of concepts indexed.
func (ix *Index) Len() int { return len(ix.cSys) }

// Phrases is the number of titles and index entries indexed.
func (ix *Index) Phrases() int { return len(ix.phConcept) }

// Terms is the number of distinct words indexed.
func (ix *Index) Terms() int { return ix.vocab.Len() }

// Knows reports whether some title or Index entry has the word (as Word
// normalises it).
func (ix *Index) Knows(word string) bool {
	w := Word(word)
	return w != "" && ix.term(w) >= 0
}

// conceptYears are the years of a concept: those the release carries it
// (Concept.Valid), those it can be searched in (HCPCS: by its dates) and
// those it is billable in.
type conceptYears struct {
	years, valid, bill terminology.Years
}

// phraseYears is what a search filters a phrase on: its system and the
// union of the years of the concepts it can lead to.
type phraseYears struct {
	valid, bill terminology.Years
	sys         uint8
	_           [7]uint8 // the stored layout has no unnamed padding
}

// carried, valid and bill are concept c's years (see conceptYears).
func (ix *Index) carried(c int32) terminology.Years { return ix.cClasses[ix.cClass[c]].years }
func (ix *Index) valid(c int32) terminology.Years   { return ix.cClasses[ix.cClass[c]].valid }
func (ix *Index) bill(c int32) terminology.Years    { return ix.cClasses[ix.cClass[c]].bill }

// prefix is the code prefix that narrows phrase p, "" for most.
func (ix *Index) prefix(p uint32) string {
	ix.derived()
	if ix.prefixedBits[p>>6]&(1<<(p&63)) == 0 {
		return "" // most are not: no search through the prefixed ones
	}
	i, ok := slices.BinarySearch(ix.prefixAt, p)
	if !ok {
		return ""
	}
	return ix.prefixes.At(i)
}

// span is the part of byCode that index phrase p, leading to concept c,
// may lead to: the codes under its code prefix, else under c's code.
func (ix *Index) span(c int32, p uint32) (lo, hi uint32) {
	ix.derived()
	if ix.prefixedBits[p>>6]&(1<<(p&63)) == 0 {
		return ix.cLo[c], ix.cHi[c]
	}
	if i, ok := slices.BinarySearch(ix.prefixAt, p); ok {
		return ix.prefixLo[i], ix.prefixHi[i]
	}
	return ix.cLo[c], ix.cHi[c]
}

// code is concept c's canonical code.
func (ix *Index) code(c int32) string { return ix.codes.At(int(c)) }

// hit is concept c as a hit: its concept from the concepts the index was
// built from, else from the attached set (none without one); false when
// an attached set lacks the code.
func (ix *Index) hit(c int32, score float64, why string) (Hit, bool) {
	h := Hit{System: sysByID[ix.cSys[c]], Code: ix.code(c), Valid: ix.carried(c), Billable: ix.bill(c),
		Score: score, Why: why, id: c}
	switch {
	case ix.concepts != nil:
		h.Concept = ix.concepts[c]
	case ix.set != nil:
		h.Concept = ix.set.Lookup(h.System, h.Code)
		if h.Concept == nil {
			return h, false
		}
	}
	return h, true
}

// TitleIn is the title of hit h's code in fiscal year fy as the coder
// reads it (workstation.TitleIn's rule): the long title of that year, else
// of the latest year, else the latest short title. It needs no code sets.
func (ix *Index) TitleIn(h Hit, fy int) string {
	c := h.id
	if c < 0 || int(c) >= len(ix.cSys) || ix.code(c) != h.Code {
		return ""
	}
	lo, hi := int(ix.cTitleAt[c]), int(ix.cTitleAt[c+1])
	pick := -1
	for i := hi - 1; i >= lo; i-- {
		if ix.tYears[i].Has(fy) {
			pick = i
			break
		}
	}
	if pick < 0 || ix.tLong[pick] == 0 {
		pick = -1
		by := 0
		for i := lo; i < hi; i++ {
			if l := ix.tYears[i].Last(); l >= by {
				pick, by = i, l
			}
		}
	}
	if pick < 0 {
		return ""
	}
	return ix.tText.At(pick)
}

// New builds the index over every concept of every system in set and the
// Alphabetic Index entries that lead to them.
func New(set *terminology.Set) *Index { return NewWithProgress(set, nil) }

// NewWithProgress is New, reporting how far the build is from 0 to 1
// (progress may be nil): an imported release's index is built in the
// background while the coder searches the built-in one.
func NewWithProgress(set *terminology.Set, progress func(float64)) *Index {
	report := func(f float64) {
		if progress != nil {
			progress(f)
		}
	}
	report(0)
	var all []*terminology.Concept
	for _, sys := range app.Systems {
		all = append(all, set.Concepts(sys)...)
	}
	entries := EntriesFrom(set, all)
	report(0.2)
	ix := build(all, entries, func(f float64) { report(0.2 + 0.8*f) })
	report(1)
	return ix
}

type buildPhrase struct {
	concept int32
	kind    uint8
	prefix  string
	why     uint32   // node of the why tree, 0 for none
	terms   []uint32 // term<<1|weak, over the build vocabulary
	n       int
	until   int // the entry's Until
}

// Build indexes the concepts (any systems, any order) and the entries that
// lead to them. Entries whose code matches no concept are dropped.
func Build(concepts []*terminology.Concept, entries []Entry) *Index {
	return build(concepts, entries, func(float64) {})
}

func build(concepts []*terminology.Concept, entries []Entry, report func(float64)) *Index {
	ix := &Index{concepts: concepts}
	var cClasses classes[conceptYears]
	var phClasses classes[phraseYears]
	whys := newWhyTree()
	n := len(concepts)
	ix.cSys = make([]uint8, n)
	ix.cClass = make([]uint16, n)
	ix.byCode = make([]int32, n)
	codes := make([]string, n)
	for i, c := range concepts {
		codes[i] = c.Code
	}
	ix.codes = newStrs(codes)
	ix.deriveConcepts()
	ix.cTitleAt = make([]uint32, n+1)
	var texts []string
	for i, c := range concepts {
		ix.cSys[i] = sysIDs[c.System]
		for _, t := range c.Titles {
			long := uint8(1)
			text := t.Long
			if text == "" {
				long, text = 0, t.Short
			}
			ix.tYears = append(ix.tYears, t.Years)
			ix.tLong = append(ix.tLong, long)
			texts = append(texts, text)
		}
		ix.cTitleAt[i+1] = uint32(len(texts))
		ix.cClass[i] = cClasses.id(conceptYears{years: c.Valid, valid: c.ValidYears(), bill: c.BillableYears()})
		ix.byCode[i] = int32(i)
	}
	ix.tText = newStrs(texts)
	ix.cClasses = cClasses.list
	sort.Slice(ix.byCode, func(a, b int) bool {
		ca, cb := concepts[ix.byCode[a]], concepts[ix.byCode[b]]
		if ca.Code != cb.Code {
			return ca.Code < cb.Code
		}
		return ca.System < cb.System
	})

	words := map[string]uint32{}
	var wordList []string
	intern := func(w string) uint32 {
		id, ok := words[w]
		if !ok {
			id = uint32(len(wordList))
			words[w] = id
			wordList = append(wordList, w)
		}
		return id
	}
	var phrases []buildPhrase
	var toks []token
	abbr := newAbbrevIndexer(intern)
	// context holds the words of a code's ancestors' titles and inclusion
	// terms: they count for the code too, as nonessential words.
	var context []uint32
	add := func(concept int32, kind uint8, prefix string, why uint32, texts ...string) {
		toks = toks[:0]
		n := 0
		for k, t := range texts {
			start := len(toks)
			toks = tokenize(t, isIndex(kind), toks)
			if k > 0 && isIndex(kind) && IndexHeading(t) {
				// Met as a nonessential modifier is: it may be said or not.
				for j := start; j < len(toks); j++ {
					toks[j].weak = true
				}
			}
			n += phraseLen(kind, t, toks[start:])
		}
		terms := make([]uint32, 0, len(toks)+len(context))
		for _, t := range toks {
			w := uint32(0)
			if t.weak {
				w = 1
			}
			terms = append(terms, intern(t.text)<<1|w)
		}
		if len(terms) == 0 {
			return
		}
		// Abbreviations are for the phrase's own words, not its
		// ancestors': "Hoarding disorder" is not OCD.
		terms = abbr.add(dedupeTerms(terms))
		if !isIndex(kind) && len(context) > 0 {
			terms = dedupeTerms(append(terms, context...))
		}
		phrases = append(phrases, buildPhrase{concept: concept, kind: kind, prefix: prefix, why: why, terms: terms, n: n})
	}
	parents := map[string]int32{}
	for i, c := range concepts {
		if c.System == app.ICD10CM && len(c.Children) > 0 {
			parents[c.Code] = int32(i)
		}
	}
	ctx := &ancestry{concepts: concepts, parents: parents, intern: intern, memo: map[string][]uint32{}}
	for i, c := range concepts {
		if i%8192 == 0 {
			report(0.4 * float64(i) / float64(len(concepts)))
		}
		context = context[:0]
		if c.System == app.ICD10CM {
			context = ctx.words(c.Parent)
		}
		seen := map[string]bool{}
		for j := len(c.Titles) - 1; j >= 0; j-- {
			t := c.Titles[j].Long
			if t == "" {
				t = c.Titles[j].Short
			}
			if t == "" || seen[t] {
				continue
			}
			seen[t] = true
			add(int32(i), kindTitle, "", 0, t)
		}
		for _, n := range c.Notes {
			if n.Kind != terminology.InclusionTerm {
				continue
			}
			for _, t := range n.Texts {
				if t != "" && !seen[t] {
					seen[t] = true
					add(int32(i), kindInclusion, "", whys.add(0, "inclusion term: "+t), t)
				}
			}
		}
	}
	context = nil
	for k, e := range entries {
		if k%8192 == 0 {
			report(0.4 + 0.3*float64(k)/float64(len(entries)))
		}
		ci, prefix := ix.resolve(e.System, e.Code)
		if ci < 0 {
			continue
		}
		texts := append([]string{}, e.Path...)
		if e.Column != "" {
			texts = append(texts, e.Column)
		}
		kind := kindIndex
		if e.Also {
			kind = kindSeeAlso
		}
		n := len(phrases)
		add(ci, kind, prefix, whys.entry(e), texts...)
		if e.Until > 0 && len(phrases) > n {
			phrases[n].until = e.Until // the phrase this entry added
		}
	}

	report(0.7)
	// Number the vocabulary alphabetically so a typed prefix is a
	// contiguous range of term ids.
	order := make([]uint32, len(wordList))
	for i := range order {
		order[i] = uint32(i)
	}
	sort.Slice(order, func(a, b int) bool { return wordList[order[a]] < wordList[order[b]] })
	remap := make([]uint32, len(wordList))
	vocab := make([]string, len(wordList))
	for newID, old := range order {
		remap[old] = uint32(newID)
		vocab[newID] = wordList[old]
	}
	ix.vocab = newStrs(vocab)
	total := 0
	for p := range phrases {
		for k, t := range phrases[p].terms {
			phrases[p].terms[k] = remap[t>>1]<<1 | t&1
		}
		slices.Sort(phrases[p].terms)
		total += phrases[p].n
	}
	if len(phrases) > 0 {
		ix.avgLen = float32(total) / float32(len(phrases))
	}
	// Sort a permutation, not the phrases themselves: swapping big
	// structs is what made this slow.
	perm := make([]int32, len(phrases))
	for i := range perm {
		perm[i] = int32(i)
	}
	slices.SortFunc(perm, func(a, b int32) int {
		pa, pb := &phrases[a], &phrases[b]
		if pa.n != pb.n {
			return pa.n - pb.n
		}
		ca, cb := concepts[pa.concept], concepts[pb.concept]
		if len(ca.Code) != len(cb.Code) {
			return len(ca.Code) - len(cb.Code)
		}
		if c := strings.Compare(ca.Code, cb.Code); c != 0 {
			return c
		}
		if pa.kind != pb.kind {
			return int(pa.kind) - int(pb.kind)
		}
		return int(a - b)
	})
	sorted := make([]buildPhrase, len(phrases))
	for i, j := range perm {
		sorted[i] = phrases[j]
	}
	phrases = sorted

	np := len(phrases)
	ix.phConcept = make([]int32, np)
	ix.phKind = make([]uint8, np)
	ix.phLen = make([]uint8, np)
	var prefixes []string
	ix.phClass = make([]uint16, np)
	ix.phWhy = make([]uint32, np)
	ix.phTermOff = make([]uint32, np+1)
	ix.cLo = make([]uint32, len(concepts))
	ix.cHi = make([]uint32, len(concepts))
	nt := ix.vocab.Len()
	df := make([]uint32, nt+1)
	for p := range phrases {
		ph := &phrases[p]
		ix.phConcept[p] = ph.concept
		ix.phKind[p] = ph.kind
		ix.phLen[p] = uint8(min(ph.n, 255))
		if ph.prefix != "" {
			ix.prefixAt = append(ix.prefixAt, uint32(p))
			prefixes = append(prefixes, ph.prefix)
			lo, hi := ix.codeRange(ph.prefix)
			ix.prefixLo = append(ix.prefixLo, uint32(lo))
			ix.prefixHi = append(ix.prefixHi, uint32(hi))
		}
		ix.phWhy[p] = ph.why
		y := phraseYears{sys: ix.cSys[ph.concept]}
		if !isIndex(ph.kind) {
			y.valid, y.bill = ix.valid(ph.concept), ix.bill(ph.concept)
			ix.phClass[p] = phClasses.id(y)
		} else {
			y.valid, y.bill = ix.reach(ph.concept, ph.prefix)
			if ph.until > 0 {
				before := yearsBefore(ph.until)
				y.valid, y.bill = y.valid&before, y.bill&before
			}
			ix.phClass[p] = phClasses.id(y)
			// A code's span holds at least the code itself: 0, 0 is
			// not made yet.
			if c := ph.concept; ph.prefix == "" && ix.cHi[c] == 0 {
				lo, hi := ix.codeRange(concepts[c].Code)
				ix.cLo[c], ix.cHi[c] = uint32(lo), uint32(hi)
			}
		}
		ix.phTerms = append(ix.phTerms, ph.terms...)
		ix.phTermOff[p+1] = uint32(len(ix.phTerms))
		for _, t := range ph.terms {
			if t&1 != 0 && !isIndex(ph.kind) {
				continue // an ancestor's word: checked on candidates, not looked up (see contextPass)
			}
			df[t>>1]++
		}
	}
	ix.prefixes = newStrs(prefixes)
	ix.phClasses = phClasses.list
	ix.whyParent, ix.whySeg, ix.whySegs = whys.parent, whys.seg, newStrs(whys.segs)
	ix.postOff = make([]uint32, nt+1)
	for t := 0; t < nt; t++ {
		ix.postOff[t+1] = ix.postOff[t] + df[t]
	}
	ix.posts = make([]uint32, ix.postOff[nt])
	fill := append([]uint32(nil), ix.postOff[:nt]...)
	for p := 0; p < np; p++ {
		index := isIndex(ix.phKind[p])
		for _, t := range ix.phTerms[ix.phTermOff[p]:ix.phTermOff[p+1]] {
			if t&1 != 0 && !index {
				continue
			}
			ix.posts[fill[t>>1]] = uint32(p)<<1 | t&1
			fill[t>>1]++
		}
	}
	report(0.85)
	ix.buildTypos()
	ix.buildAliases(entries)
	ix.buildTitles()
	return ix
}

func dedupeTerms(terms []uint32) []uint32 {
	slices.Sort(terms)
	out := terms[:0]
	for _, t := range terms {
		if len(out) > 0 && out[len(out)-1]>>1 == t>>1 {
			continue // strong sorts before weak: keep the strong one
		}
		out = append(out, t)
	}
	return out
}

// codeRange returns the span of byCode whose codes start with prefix.
func (ix *Index) codeRange(prefix string) (int, int) {
	lo := sort.Search(len(ix.byCode), func(i int) bool { return ix.code(ix.byCode[i]) >= prefix })
	hi := lo + sort.Search(len(ix.byCode)-lo, func(j int) bool {
		return !strings.HasPrefix(ix.code(ix.byCode[lo+j]), prefix)
	})
	return lo, hi
}

// resolve finds the concept an index code leads to: the code itself, or
// for a PCS table prefix ("0SRD") or a code not in any release, the
// nearest shorter code that exists, with the prefix kept to narrow down.
func (ix *Index) resolve(sys app.System, code string) (int32, string) {
	code = terminology.Canonical(code)
	sid := sysIDs[sys]
	for k := len(code); k >= 3; k-- {
		if c := ix.exact(sid, code[:k]); c >= 0 {
			if k == len(code) {
				return c, ""
			}
			return c, code
		}
	}
	return -1, ""
}

// reach is the union of the years of the concepts a phrase may lead to:
// the concept and, when it is a header or narrowed by a prefix, every code
// under it.
func (ix *Index) reach(ci int32, prefix string) (valid, bill terminology.Years) {
	if prefix == "" {
		prefix = ix.code(ci)
	}
	sid := ix.cSys[ci]
	lo, hi := ix.codeRange(prefix)
	for i := lo; i < hi; i++ {
		c := ix.byCode[i]
		if ix.cSys[c] == sid {
			valid |= ix.valid(c)
			bill |= ix.bill(c)
		}
	}
	// A code deleted after the index year is replaced by its parent.
	valid |= ix.valid(ci)
	// A code made after a year leads, in that year, to the code it was
	// split from when that one was billable: the Index read is a recent
	// one, and "Pain, lumbar region" (M54.50 since FY2022) is M54.5 in
	// FY2018. The search's substitute walks up to it.
	if prefix == ix.code(ci) {
		code := ix.code(ci)
		for k := len(code) - 1; k >= 3; k-- {
			// The nearest ancestor billable in a year the code was not
			// valid, past a header made with it (E66.811 → E66.8).
			if a := ix.exact(sid, code[:k]); a >= 0 {
				if before := ix.bill(a) &^ valid; before != 0 {
					return valid | before, bill | before
				}
			}
		}
	}
	return valid, bill
}

// yearsBefore is every fiscal year before fy.
func yearsBefore(fy int) terminology.Years {
	var y terminology.Years
	for k := terminology.FirstYear; k < fy; k++ {
		y = y.With(k)
	}
	return y
}

// exact is the concept with this canonical code in the system, or -1.
func (ix *Index) exact(sid uint8, code string) int32 {
	lo := sort.Search(len(ix.byCode), func(i int) bool { return ix.code(ix.byCode[i]) >= code })
	for i := lo; i < len(ix.byCode) && ix.code(ix.byCode[i]) == code; i++ {
		if ix.cSys[ix.byCode[i]] == sid {
			return ix.byCode[i]
		}
	}
	return -1
}

// bm25 length normalisation for a one-occurrence term in a phrase of n
// words.
func (ix *Index) norm(n uint8) float32 {
	if !ix.normReady.Load() { // small enough to inline: it runs for every candidate
		ix.makeNorm()
	}
	return ix.normOf[n]
}

func (ix *Index) makeNorm() {
	ix.normOnce.Do(func() {
		for i := range ix.normOf {
			ix.normOf[i] = ix.normLen(uint8(i))
		}
		ix.normReady.Store(true)
	})
}

func (ix *Index) normLen(n uint8) float32 {
	const k1, b = 1.2, 0.75
	l := float32(n)
	if l == 0 {
		l = 1
	}
	return (k1 + 1) / (1 + k1*(1-b+b*l/ix.avgLen))
}

func idf(df, n int) float32 {
	if df == 0 {
		return 0
	}
	return float32(math.Log(1 + float64(n)/float64(df)))
}

// phraseLen is the number of words of one text of a phrase (toks, its
// tokens) that count for the phrase's length: stop words never do; in an
// index path, nonessential modifiers, the comma-separated variants of one
// term ("Infarct, infarction" is one word of the path) and the linking
// "with" do not either, so a main term is as short as the words a coder
// types for it.
func phraseLen(kind uint8, text string, toks []token) int {
	if !isIndex(kind) {
		n := 0
		for i, t := range toks {
			if stopWords[t.text] || defaultWords[t.text] || t.joined || repeated(toks[:i], t.text) {
				continue // "..., right ear" after "ear drum": one word, twice
			}
			n++
		}
		return n
	}
	n := indexWords(toks)
	if parts := variants(text); len(parts) > 1 {
		n = 0
		for _, part := range parts {
			n = max(n, indexWords(tokenize(part, true, nil)))
		}
	}
	if n == 0 && !isLink(toks) {
		n = 1 // "A (non-novel)", "type 2": it names a subterm all the same
	}
	return n
}

// IndexHeading reports an Alphabetic Index subterm that only groups the
// subterms under it, in words no note says: "Foreign body > entering
// through orifice > nose" is a foreign body in the nose, "Lipoma > site
// classification > trunk" a lipoma of the trunk. A path counts its words
// as it counts a nonessential modifier's. It is a list, not a rule: of the
// FY2023 Index's subterms without a code or reference of their own and
// with a dozen subterms or more, these two are the headings of the
// Index's own arrangement; the others ("Foreign body > superficial,
// without open wound", "Amputation > traumatic") name a kind the note
// must say.
func IndexHeading(level string) bool {
	switch strings.ToLower(strings.TrimSpace(stripParens(level))) {
	case "entering through orifice", "site classification":
		return true
	}
	return false
}

// variants splits an index term into its variant forms when it lists
// some: "atrial or auricular", "healed or old"; "Infarct, infarction"
// (forms of one word, the same first four letters, while "Kojevnikov's,
// epilepsy" is one name inverted). It returns nil when there is one form.
func variants(text string) []string {
	text = stripParens(text)
	if strings.Contains(text, " or ") {
		var out []string
		for _, alt := range strings.Split(text, " or ") {
			if v := variants(alt); v != nil {
				out = append(out, v...)
			} else {
				out = append(out, alt)
			}
		}
		return out
	}
	parts := strings.Split(text, ",")
	if len(parts) < 2 {
		return nil
	}
	stemOf := func(s string) string {
		ts := tokenize(s, true, nil)
		if len(ts) == 0 || len(ts[0].text) < 4 {
			return ""
		}
		return ts[0].text[:4]
	}
	first := stemOf(parts[0])
	if first == "" {
		return nil
	}
	for _, p := range parts[1:] {
		if stemOf(p) != first {
			return nil
		}
	}
	return parts
}

// defaultWords mark the default code rather than name anything: a title
// or index term that says "unspecified", "NOS" or "NEC" is no longer for
// it.
var defaultWords = stems("unspecified", "nos", "nec")

func indexWords(toks []token) int {
	k := 0
	for _, t := range toks {
		if !t.weak && !t.joined && !stopWords[t.text] && !linkWords[t.text] && !defaultWords[t.text] {
			k++
		}
	}
	return k
}

// isLink reports whether an index term only links ("with", "in (due
// to)", "due to").
func isLink(toks []token) bool {
	for _, t := range toks {
		if !t.weak && !linkWords[t.text] && !linkStops[t.text] {
			return false
		}
	}
	return true
}

var linkStops = map[string]bool{"in": true, "due": true, "to": true, "by": true, "of": true, "and": true, "for": true, "on": true}

// linkWords join two conditions in an index path ("Diabetes, with,
// chronic kidney disease"; Guidelines §I.A.15): a query may leave them out.
var linkWords = map[string]bool{"with": true}

// maxContext caps the ancestor words added to one code's phrases.
const maxContext = 12

// ancestry gives the words of the titles and inclusion terms of a code and
// its ancestors, as nonessential terms: "ckd 3a" finds N18.31 "Chronic
// kidney disease, stage 3a" through N18.3 and N18 even were its own title
// to leave the disease out. Each ancestor is read once.
type ancestry struct {
	concepts []*terminology.Concept
	parents  map[string]int32
	intern   func(string) uint32
	memo     map[string][]uint32
}

func (a *ancestry) words(code string) []uint32 {
	if code == "" {
		return nil
	}
	if w, ok := a.memo[code]; ok {
		return w
	}
	p, ok := a.parents[code]
	if !ok {
		return nil
	}
	c := a.concepts[p]
	var out []uint32
	addText := func(s string) {
		for _, t := range tokenize(s, false, nil) {
			if !stopWords[t.text] && len(out) < maxContext {
				out = append(out, a.intern(t.text)<<1|1)
			}
		}
	}
	addText(c.Latest().Long)
	for _, n := range c.Notes {
		if n.Kind == terminology.InclusionTerm {
			for _, t := range n.Texts {
				addText(t)
			}
		}
	}
	for _, t := range a.words(c.Parent) {
		if len(out) < maxContext {
			out = append(out, t)
		}
	}
	out = dedupeTerms(out)
	a.memo[code] = out
	return out
}

// stripParens removes the nonessential modifiers (in parentheses or
// brackets) of an index term.
func stripParens(s string) string {
	if !strings.ContainsAny(s, "([") {
		return s
	}
	var b strings.Builder
	depth := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '(', '[':
			depth++
		case ')', ']':
			if depth > 0 {
				depth--
			}
		default:
			if depth == 0 {
				b.WriteByte(c)
			}
		}
	}
	return b.String()
}

func repeated(toks []token, w string) bool {
	for _, t := range toks {
		if t.text == w {
			return true
		}
	}
	return false
}
