package search

import (
	"math"
	"slices"
	"sort"
	"strings"
	"sync"

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
	Code   string   // as printed: "I21.9", "I21.-", a PCS table prefix "0SRD"
	Year   int      // fiscal year of the book it came from
}

// Phrase kinds.
const (
	kindTitle uint8 = iota
	kindIndex
)

// Index is the search engine over every system and fiscal year. Build it
// with New or Build, or load it with UnmarshalBinary; it is read-only and
// safe for concurrent searches.
type Index struct {
	concepts []*terminology.Concept
	cSys     []uint8
	cValid   []terminology.Years // years the code can be searched in (HCPCS: by its dates)
	cBill    []terminology.Years
	cLen     []uint8 // code length
	byCode   []int32 // concept ids sorted by code, then system

	// Phrases are numbered best first (fewest words, then shortest code),
	// so postings in id order are also in impact order and may be cut
	// short when a query word is very common.
	phConcept []int32 // the concept it leads to
	phKind    []uint8
	phLen     []uint8 // words that count (nonessential modifiers don't)
	phPrefix  []string
	phValid   []terminology.Years // union over the concepts it can lead to
	phBill    []terminology.Years
	phSys     []uint8
	phTermOff []uint32 // phrase p's terms are phTerms[phTermOff[p]:phTermOff[p+1]]
	phTerms   []uint32 // term<<1 | weak, ascending
	phWhy     []string // index path for Why; "" for titles
	phLo      []uint32 // index phrases: the span of byCode under the code they lead to
	phHi      []uint32

	vocab    []string // sorted
	postOff  []uint32 // term t's postings are posts[postOff[t]:postOff[t+1]]
	posts    []uint32 // phrase<<1 | weak, ascending
	typoKey  []uint64 // hash of a term or a term with one letter deleted, ascending
	typoTerm []uint32
	aliasKey []uint32 // term ids with an alias, ascending (see aliases.go)
	aliasVal []uint32

	avgLen   float32
	free     chan *scratch
	freeOnce sync.Once

	// Between UnmarshalBinary and Attach: each concept's place in
	// Set.Concepts(system) and its code.
	refs  []uint32
	codes []string
}

var sysIDs = map[app.System]uint8{app.ICD10CM: 1, app.ICD10PCS: 2, app.HCPCS: 3}
var sysByID = [...]app.System{"", app.ICD10CM, app.ICD10PCS, app.HCPCS}

// Len is the number of concepts indexed.
func (ix *Index) Len() int { return len(ix.concepts) }

// Phrases is the number of titles and index entries indexed.
func (ix *Index) Phrases() int { return len(ix.phConcept) }

// Terms is the number of distinct words indexed.
func (ix *Index) Terms() int { return len(ix.vocab) }

// New builds the index over every concept of every system in set and the
// Alphabetic Index entries that lead to them.
func New(set *terminology.Set) *Index {
	var all []*terminology.Concept
	for _, sys := range app.Systems {
		all = append(all, set.Concepts(sys)...)
	}
	return Build(all, EntriesFrom(set, all))
}

type buildPhrase struct {
	concept int32
	kind    uint8
	prefix  string
	why     string
	terms   []uint32 // term<<1|weak, over the build vocabulary
	n       int
}

// Build indexes the concepts (any systems, any order) and the entries that
// lead to them. Entries whose code matches no concept are dropped.
func Build(concepts []*terminology.Concept, entries []Entry) *Index {
	ix := &Index{concepts: concepts}
	n := len(concepts)
	ix.cSys = make([]uint8, n)
	ix.cValid = make([]terminology.Years, n)
	ix.cBill = make([]terminology.Years, n)
	ix.byCode = make([]int32, n)
	ix.cLen = make([]uint8, n)
	for i, c := range concepts {
		ix.cLen[i] = uint8(min(len(c.Code), 255))
		ix.cSys[i] = sysIDs[c.System]
		ix.cValid[i] = c.ValidYears()
		ix.cBill[i] = c.BillableYears()
		ix.byCode[i] = int32(i)
	}
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
	add := func(concept int32, kind uint8, prefix, why string, texts ...string) {
		toks = toks[:0]
		for _, t := range texts {
			toks = tokenize(t, kind == kindIndex, toks)
		}
		terms := make([]uint32, 0, len(toks))
		for _, t := range toks {
			w := uint32(0)
			if t.weak {
				w = 1
			}
			terms = append(terms, intern(t.text)<<1|w)
		}
		terms = dedupeTerms(terms)
		strong := 0
		for _, t := range terms {
			if t&1 == 0 {
				strong++
			}
		}
		if len(terms) == 0 {
			return
		}
		phrases = append(phrases, buildPhrase{concept: concept, kind: kind, prefix: prefix, why: why, terms: terms, n: strong})
	}
	for i, c := range concepts {
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
			add(int32(i), kindTitle, "", "", t)
		}
	}
	for _, e := range entries {
		ci, prefix := ix.resolve(e.System, e.Code)
		if ci < 0 {
			continue
		}
		texts := append([]string{}, e.Path...)
		if e.Column != "" {
			texts = append(texts, e.Column)
		}
		add(ci, kindIndex, prefix, entryWhy(e), texts...)
	}

	// Number the vocabulary alphabetically so a typed prefix is a
	// contiguous range of term ids.
	order := make([]uint32, len(wordList))
	for i := range order {
		order[i] = uint32(i)
	}
	sort.Slice(order, func(a, b int) bool { return wordList[order[a]] < wordList[order[b]] })
	remap := make([]uint32, len(wordList))
	ix.vocab = make([]string, len(wordList))
	for newID, old := range order {
		remap[old] = uint32(newID)
		ix.vocab[newID] = wordList[old]
	}
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
	ix.phPrefix = make([]string, np)
	ix.phValid = make([]terminology.Years, np)
	ix.phBill = make([]terminology.Years, np)
	ix.phSys = make([]uint8, np)
	ix.phWhy = make([]string, np)
	ix.phTermOff = make([]uint32, np+1)
	ix.phLo = make([]uint32, np)
	ix.phHi = make([]uint32, np)
	df := make([]uint32, len(ix.vocab)+1)
	for p := range phrases {
		ph := &phrases[p]
		ix.phConcept[p] = ph.concept
		ix.phKind[p] = ph.kind
		ix.phLen[p] = uint8(min(ph.n, 255))
		ix.phPrefix[p] = ph.prefix
		ix.phWhy[p] = ph.why
		ix.phSys[p] = ix.cSys[ph.concept]
		if ph.kind == kindTitle {
			ix.phValid[p], ix.phBill[p] = ix.cValid[ph.concept], ix.cBill[ph.concept]
		} else {
			ix.phValid[p], ix.phBill[p] = ix.reach(ph.concept, ph.prefix)
			code := ph.prefix
			if code == "" {
				code = concepts[ph.concept].Code
			}
			lo, hi := ix.codeRange(code)
			ix.phLo[p], ix.phHi[p] = uint32(lo), uint32(hi)
		}
		ix.phTerms = append(ix.phTerms, ph.terms...)
		ix.phTermOff[p+1] = uint32(len(ix.phTerms))
		for _, t := range ph.terms {
			df[t>>1]++
		}
	}
	ix.postOff = make([]uint32, len(ix.vocab)+1)
	for t := range ix.vocab {
		ix.postOff[t+1] = ix.postOff[t] + df[t]
	}
	ix.posts = make([]uint32, ix.postOff[len(ix.vocab)])
	fill := append([]uint32(nil), ix.postOff[:len(ix.vocab)]...)
	for p := 0; p < np; p++ {
		for _, t := range ix.phTerms[ix.phTermOff[p]:ix.phTermOff[p+1]] {
			ix.posts[fill[t>>1]] = uint32(p)<<1 | t&1
			fill[t>>1]++
		}
	}
	ix.buildTypos()
	ix.buildAliases(entries)
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
	lo := sort.Search(len(ix.byCode), func(i int) bool { return ix.concepts[ix.byCode[i]].Code >= prefix })
	hi := lo + sort.Search(len(ix.byCode)-lo, func(j int) bool {
		return !strings.HasPrefix(ix.concepts[ix.byCode[lo+j]].Code, prefix)
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
		p := code[:k]
		lo := sort.Search(len(ix.byCode), func(i int) bool { return ix.concepts[ix.byCode[i]].Code >= p })
		for i := lo; i < len(ix.byCode) && ix.concepts[ix.byCode[i]].Code == p; i++ {
			if ix.cSys[ix.byCode[i]] == sid {
				if k == len(code) {
					return ix.byCode[i], ""
				}
				return ix.byCode[i], code
			}
		}
	}
	return -1, ""
}

// reach is the union of the years of the concepts a phrase may lead to:
// the concept and, when it is a header or narrowed by a prefix, every code
// under it.
func (ix *Index) reach(ci int32, prefix string) (valid, bill terminology.Years) {
	if prefix == "" {
		prefix = ix.concepts[ci].Code
	}
	sid := ix.cSys[ci]
	lo, hi := ix.codeRange(prefix)
	for i := lo; i < hi; i++ {
		c := ix.byCode[i]
		if ix.cSys[c] == sid {
			valid |= ix.cValid[c]
			bill |= ix.cBill[c]
		}
	}
	// A code deleted after the index year is replaced by its parent.
	return valid | ix.cValid[ci], bill
}

func entryWhy(e Entry) string {
	var b strings.Builder
	switch e.Kind {
	case terminology.DrugTable:
		b.WriteString("drugs: ")
	case terminology.NeoplasmTable:
		b.WriteString("neoplasm: ")
	case terminology.ExternalIndex:
		b.WriteString("external cause: ")
	default:
		b.WriteString("index: ")
	}
	for i, p := range e.Path {
		if i > 0 {
			b.WriteString(" > ")
		}
		b.WriteString(strings.TrimSpace(p))
	}
	if e.Column != "" {
		b.WriteString(" [" + e.Column + "]")
	}
	if e.See != "" {
		b.WriteString(" → see " + e.See)
	}
	return b.String()
}

// bm25 length normalisation for a one-occurrence term in a phrase of n
// words.
func (ix *Index) norm(n uint8) float32 {
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
