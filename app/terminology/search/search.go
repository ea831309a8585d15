package search

import (
	"math/bits"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"
)

// Query is what the coder typed and the filters around it.
type Query struct {
	Text     string
	System   app.System // "" = every system
	Year     int        // fiscal year the codes must be valid in; 0 = any
	Billable bool       // only codes valid for HIPAA transactions (PCS: valid codes)
	Limit    int        // 0 = DefaultLimit
}

// DefaultLimit is the number of hits when Query.Limit is 0.
const DefaultLimit = 20

// MaxLimit caps Query.Limit.
const MaxLimit = 1000

// Hit is one code found, with why it matched: "code", "title: heart,
// failure", "index: Attack, attacks > heart → see Infarct, myocardium".
// Score orders the hits of one query (higher first); its scale means
// nothing across queries.
type Hit struct {
	// Concept is the code's concept in the code sets: from those the
	// index was built from, or found in those attached (Attach); nil for
	// an index read in place with none attached. The fields below come
	// from the index itself.
	Concept  *terminology.Concept
	System   app.System
	Code     string            // canonical
	Valid    terminology.Years // years the release carries it
	Billable terminology.Years // years it is billable (HCPCS: by its dates)
	Score    float64
	Why      string

	id int32 // the concept's number in the index (TitleIn)
}

// YearOf is the fiscal year a date of service falls in (FY2026 runs from
// 1 October 2025 to 30 September 2026); the zero date gives 0, any year.
func YearOf(dateOfService time.Time) int {
	if dateOfService.IsZero() {
		return 0
	}
	return app.FiscalYear(dateOfService)
}

// Match weights: how much a query word earns from a phrase word it meets
// other than exactly.
const (
	wExact  = 1.0
	wPrefix = 0.85
	wAlias  = 0.8
	wTypo   = 0.7
	wRoot   = 0.6
	wWeak   = 0.5 // multiplier for a nonessential modifier
	// wContext multiplies a word of a code's ancestors (the other weak
	// words, those of titles): it names the family, not the code.
	wContext = 0.3
)

// Work bounds that keep a long pasted query fast: the rarest words gather
// candidates until phase1Budget postings are read; the commoner words are
// then only checked against the best candidates, checkBudget checks in
// all.
// rareWord is the most phrases a typed word may be in and still be taken
// for a possible slip.
const rareWord = 40

// minRoot is the shortest indexed word a longer query word may meet by
// beginning with it (a root meeting its compound: "appendectomy" meets
// "appendix" no, but "append"-less "tonsil" yes).
const minRoot = 6

// phase1Budget was 16,000: at 8,000 the suggestion engine's notes took
// a fifth to a quarter less time, and with ties broken by the first
// touched (wordHits, selectTop) 63 of about 8,190 of its suggestions on
// the US and evaluation notes changed, none on the US notes.
const (
	phase1Budget = 8000
	prefixBudget = 16000
	checkBudget  = 6000
	maxTerms     = 15 // bits 0-14 of a match mask; 15-29 say which met a full word (see rank.go)
)

// parsed is a query taken apart.
type parsed struct {
	code  string   // canonical code when the text is one code-like word
	words []string // normalised words, stop words removed (unless that leaves none)
	raw   []string // the words as typed, lower case, parallel to words
	open  bool     // the last word may be unfinished (no trailing space)
	// slashes are the slash shorthand rewritten into words ("s/p").
	slashes []*abbrev
	// other says the query names "other" or "unspecified" itself.
	other, unspecified bool
	// part and diagnostic say it names a partial removal (excision,
	// biopsy) or a diagnostic procedure.
	part, diagnostic bool
	// ownHistory says it names a history and no relative: the patient's
	// ("history of stroke").
	ownHistory bool
}

// parseQuery takes apart the text: a lone word that looks like a code
// ("e119", "E11.9", "0DTJ4", "J1100") is also tried as a code; words are
// normalised like the titles; a trailing space closes the last word.
func parseQuery(text string) parsed {
	var q parsed
	t := strings.TrimSpace(text)
	if len(t) > 4096 {
		t = t[:4096]
	}
	if t == "" {
		return q
	}
	q.open = len(text) == len(strings.TrimRight(text, " \t\r\n"))
	if strings.TrimSpace(t) != "" {
		t, q.slashes = expandSlashes(t)
		t = strings.TrimSpace(t)
	}
	if f := strings.Fields(t); len(f) == 1 {
		c := terminology.Canonical(f[0])
		if len(c) >= 1 && len(c) <= 7 && isCodeLike(c) {
			q.code = c
		}
	}
	toks := tokenize(t, false, nil)
	var all, allRaw []string
	seen := map[string]bool{}
	for i, tk := range toks {
		if seen[tk.text] || tk.text == "old" && i > 0 && ageWords[toks[i-1].text] {
			continue // "3 year old": an age, not an old injury
		}
		seen[tk.text] = true
		q.other = q.other || tk.text == "other"
		q.part = q.part || partWords[tk.text]
		q.diagnostic = q.diagnostic || diagnosticWords[tk.text]
		q.unspecified = q.unspecified || tk.text == stemUnspecified
		all = append(all, tk.text)
		allRaw = append(allRaw, tk.raw)
		if stopWords[tk.text] {
			continue
		}
		q.words = append(q.words, tk.text)
		q.raw = append(q.raw, tk.raw)
	}
	if len(q.words) == 0 {
		q.words, q.raw = all, allRaw
	}
	q.ownHistory = slices.Contains(all, stemHistory) && !slices.ContainsFunc(all, func(w string) bool { return relativeWords[w] })
	if len(toks) > 0 && len(q.words) > 0 && q.words[len(q.words)-1] != toks[len(toks)-1].text {
		q.open = false // the unfinished word was a stop word
	}
	if len(toks) > 0 && toks[len(toks)-1].text == LetterA {
		q.open = false // "hepatitis A": a letter, no word begun
	}
	return q
}

func isCodeLike(c string) bool {
	for i := 0; i < len(c); i++ {
		if !isAlnum(c[i]) {
			return false
		}
	}
	return true
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			return true
		}
	}
	return false
}

// qterm is one query word and the indexed words it meets.
type qterm struct {
	raw      string
	word     string // normalised
	pos      int    // place in the query
	exact    int32
	lo, hi   int32 // prefix completions, exact excluded
	alias    []uint32
	root     int32 // the longest indexed word (6+ letters) the word begins with: "tonsil" for "tonsillectomy"; -1 if none
	typo     []uint32
	typoW    float32  // wTypo, or wExact when the typed word is a rare real word
	expand   []uint32 // the word an abbreviation stands for ("htn": hypertension)
	abbr     *abbrev  // the abbreviation the word is, if any: the reason shown
	span     int      // phrase words it stands for at most ("ckd": 3)
	expWords []uint32 // the words of a many-word abbreviation's expansion
	df       int
	idf      float32
	bit      uint32
}

type scratch struct {
	// ph is each phrase's weight so far and the query words it met (see
	// rank.go), side by side: a posting read touches one cache line.
	ph       []slot
	touched  []uint32
	cBest    []float32
	cFull    []bool
	cPh      []int32
	cRank    []uint32 // the rank of the candidate cPh came from
	cExtra   []uint32 // query words a substituted code's own title met
	cTouched []int32
	cands    []cand
	// isCand and done are a bit per phrase: a candidate of phase 2, and
	// one a word was met in (scanWord), which found lists.
	isCand, done []uint64
	found        []uint32
	// tOff is where in tSlab the weights each title of a concept (those
	// in tTouched) gives each query word start, plus 1 (titleExtra).
	tOff     []int32
	tSlab    []float32
	tTouched []int32
}

type slot struct {
	acc  float32
	mask uint32
}

type cand struct {
	p     uint32
	score float32
	// rank is the candidate's place in touched: between two phrases of
	// one concept that score the same, the first touched explains it
	// (see wordHits).
	rank uint32
}

// Scratch space is kept in a small free list rather than a sync.Pool,
// which the garbage collector empties: rebuilding it costs more than the
// search.
func (ix *Index) getScratch() *scratch {
	ix.freeOnce.Do(func() { ix.free = make(chan *scratch, 8) })
	select {
	case s := <-ix.free:
		return s
	default:
	}
	return &scratch{
		ph:     make([]slot, len(ix.phConcept)),
		cBest:  make([]float32, len(ix.cSys)),
		cFull:  make([]bool, len(ix.cSys)),
		cPh:    make([]int32, len(ix.cSys)),
		cRank:  make([]uint32, len(ix.cSys)),
		cExtra: make([]uint32, len(ix.cSys)),
		isCand: make([]uint64, (len(ix.phConcept)+63)/64),
		done:   make([]uint64, (len(ix.phConcept)+63)/64),
		tOff:   make([]int32, len(ix.cSys)),
	}
}

func (ix *Index) putScratch(s *scratch) {
	for _, p := range s.touched {
		s.ph[p] = slot{}
	}
	for _, c := range s.cTouched {
		s.cBest[c], s.cFull[c], s.cPh[c], s.cExtra[c], s.cRank[c] = 0, false, 0, 0, 0
	}
	for _, c := range s.tTouched {
		s.tOff[c] = 0
	}
	s.touched, s.cTouched, s.cands, s.tTouched, s.tSlab = s.touched[:0], s.cTouched[:0], s.cands[:0], s.tTouched[:0], s.tSlab[:0]
	select {
	case ix.free <- s:
	default:
	}
}

// Release lets go of the scratch space kept for the next searches (some
// 6 MB each, one per search that ran at once); the next search makes it
// again. A window calls it when the coder pauses, so the memory goes back
// to the system between bursts of typing (issue 16).
func (ix *Index) Release() {
	ix.freeOnce.Do(func() { ix.free = make(chan *scratch, 8) })
	for {
		select {
		case <-ix.free:
		default:
			return
		}
	}
}

type filter struct {
	sys      uint8
	year     int
	billable bool
}

func (f filter) years(valid, bill terminology.Years) bool {
	if f.billable {
		if f.year == 0 {
			return bill != 0
		}
		return bill.Has(f.year)
	}
	return f.year == 0 || valid.Has(f.year)
}

func (ix *Index) phraseOK(f filter, p uint32) bool {
	y := &ix.phClasses[ix.phClass[p]]
	return (f.sys == 0 || y.sys == f.sys) && f.years(y.valid, y.bill)
}

// maxPassing bounds the filters whose phrase bits are kept: the window
// and the suggestion engine search a few systems in one or two years.
const maxPassing = 16

// pass returns a bit per phrase saying whether it passes f, built on
// first use: reading postings then looks at one small bit set rather than
// each phrase's system and years, scattered over three long arrays.
func (ix *Index) pass(f filter) []uint64 {
	ix.passMu.Lock()
	defer ix.passMu.Unlock()
	if b, ok := ix.passing[f]; ok {
		return b
	}
	b := make([]uint64, (len(ix.phConcept)+63)/64)
	for p := range ix.phConcept {
		if ix.phraseOK(f, uint32(p)) {
			b[p>>6] |= 1 << (p & 63)
		}
	}
	if ix.passing == nil || len(ix.passing) >= maxPassing {
		ix.passing = map[filter][]uint64{}
	}
	ix.passing[f] = b
	return b
}

func (ix *Index) conceptOK(f filter, c int32) bool {
	y := &ix.cClasses[ix.cClass[c]]
	return (f.sys == 0 || ix.cSys[c] == f.sys) && f.years(y.valid, y.bill)
}

// Search returns the codes that best match q, best first.
func (ix *Index) Search(q Query) []Hit {
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	f := filter{year: q.Year, billable: q.Billable}
	if q.System != "" {
		f.sys = sysIDs[q.System]
		if f.sys == 0 {
			return nil
		}
	}
	pq := parseQuery(q.Text)
	var hits []Hit
	seen := map[int32]bool{}
	if pq.code != "" {
		hits = ix.codeHits(pq.code, f, limit, hasDigit(pq.code), seen)
	}
	if len(hits) >= limit || len(pq.words) == 0 {
		return hits
	}
	return ix.wordHits(pq, f, limit, hits, seen)
}

// codeHits lists the codes starting with code: the exact code first, then
// the codes under it in tabular order. Without a digit only an exact code
// counts (a modifier such as "LT"), so words are not read as codes.
func (ix *Index) codeHits(code string, f filter, limit int, prefixes bool, seen map[int32]bool) []Hit {
	lo, hi := ix.codeRange(code)
	var out []Hit
	for i := lo; i < hi && len(out) < limit; i++ {
		c := ix.byCode[i]
		exact := ix.code(c) == code
		if !exact && !prefixes {
			break
		}
		if !ix.conceptOK(f, c) {
			continue
		}
		s := 900.0
		if exact {
			s = 1000
		}
		if h, ok := ix.hit(c, s-float64(len(out))*1e-3, "code"); ok {
			out = append(out, h)
			seen[c] = true
		}
	}
	return out
}

// prepare looks the query words up; it returns them rarest first and how
// many of them are words (the rest stand for two words joined).
func (ix *Index) prepare(pq parsed) ([]*qterm, int) {
	n := len(ix.phConcept)
	var qts []*qterm
	for i, w := range pq.words {
		last := i == len(pq.words)-1 && pq.open
		qt := &qterm{raw: pq.raw[i], word: w, pos: i, exact: int32(ix.term(w)), typoW: wTypo, span: 1}
		if a := abbrevByKey[w]; a != nil {
			qt.abbr = a
			if len(a.words) == 1 {
				if t := ix.term(a.words[0]); t >= 0 {
					qt.expand = append(qt.expand, uint32(t))
				}
			} else if qt.exact >= 0 {
				qt.span = a.span
				for _, w := range a.words {
					if t := ix.term(w); t >= 0 {
						qt.expWords = append(qt.expWords, uint32(t))
					}
				}
			}
		}
		lo := ix.vocab.search(w)
		// An abbreviation is taken as typed, not as the start of a
		// longer word: "sle" is lupus, not "sleep".
		known := qt.abbr != nil && (qt.exact >= 0 || len(qt.expand) > 0)
		if (qt.exact < 0 && len(w) >= 3 || last) && !known {
			hi := lo + sort.Search(ix.vocab.Len()-lo, func(j int) bool { return !strings.HasPrefix(ix.vocab.At(lo+j), w) })
			if qt.exact >= 0 {
				lo++ // the exact word is counted on its own
			}
			qt.lo, qt.hi = int32(lo), int32(hi)
		}
		if qt.exact >= 0 {
			qt.alias = ix.aliases(int(qt.exact))
			// A slip can land on a rare real word ("migrane" is one
			// letter from "migrans"): keep the much commoner words one
			// slip away too. A common word is taken as meant.
			if ix.dfOf(uint32(qt.exact)) <= rareWord {
				for _, t := range ix.typos(w, nil) {
					if ix.dfOf(t) >= 8*ix.dfOf(uint32(qt.exact)) {
						qt.typo = append(qt.typo, t)
						qt.typoW = wExact
					}
				}
			}
		} else {
			qt.typo = ix.typos(w, nil)
		}
		if qt.exact >= 0 {
			qt.df += ix.dfOf(uint32(qt.exact))
		}
		qt.df += int(ix.postOff[qt.hi] - ix.postOff[qt.lo])
		for _, t := range qt.alias {
			qt.df += ix.dfOf(t)
		}
		for _, t := range qt.typo {
			qt.df += ix.dfOf(t)
		}
		for _, t := range qt.expand {
			qt.df += ix.dfOf(t)
		}
		qt.root = -1
		for k := len(w) - 1; k >= minRoot && len(w) >= minRoot+2; k-- {
			if t := ix.term(w[:k]); t >= 0 {
				qt.root = int32(t)
				qt.df += ix.dfOf(uint32(t))
				break
			}
		}
		if qt.df == 0 {
			continue // a word no title or index entry has: it cannot count
		}
		qt.idf = idf(min(qt.df, n), n)
		qts = append(qts, qt)
	}
	if len(qts) > maxTerms {
		sort.SliceStable(qts, func(a, b int) bool { return qts[a].df < qts[b].df })
		qts = qts[:maxTerms]
	}
	sort.SliceStable(qts, func(a, b int) bool { return qts[a].df < qts[b].df })
	for i, qt := range qts {
		qt.bit = 1 << uint(i)
	}
	words := len(qts)
	qts = ix.joined(pq, qts)
	sort.SliceStable(qts, func(a, b int) bool { return qts[a].df < qts[b].df })
	return qts, words
}

// joined adds, for two words typed apart that the classification writes
// as one ("cold sore": Coldsore, "chicken pox": chickenpox), the joined
// word, standing for both.
func (ix *Index) joined(pq parsed, qts []*qterm) []*qterm {
	n := len(ix.phConcept)
	at := func(pos int) *qterm {
		for _, qt := range qts {
			if qt.pos == pos {
				return qt
			}
		}
		return nil
	}
	for i := 0; i+1 < len(pq.words); i++ {
		t := ix.term(stem(pq.raw[i] + pq.raw[i+1]))
		if t < 0 {
			continue
		}
		var bit uint32
		for _, qt := range []*qterm{at(i), at(i + 1)} {
			if qt != nil {
				bit |= qt.bit
			}
		}
		if bit == 0 {
			continue
		}
		df := ix.dfOf(uint32(t))
		qts = append(qts, &qterm{raw: pq.raw[i] + " " + pq.raw[i+1], word: ix.vocab.At(t), pos: i, exact: int32(t),
			typoW: wTypo, root: -1, span: 2, df: df, idf: idf(min(df, n), n), bit: bit})
	}
	return qts
}

func (ix *Index) dfOf(t uint32) int { return int(ix.postOff[t+1] - ix.postOff[t]) }

// accumulate adds qt's weight to every phrase that has it, reading at most
// budget postings (best phrases first), and returns how many it read.
func (ix *Index) accumulate(s *scratch, qt *qterm, pass []uint64, budget int) int {
	read := 0
	extra := uint32(0) // prefixBit while reading a word's completions
	full := qt.bit << fullShift
	visit := func(t uint32, w float32) {
		ps := ix.posts[ix.postOff[t]:ix.postOff[t+1]]
		if len(ps) > budget-read {
			ps = ps[:max(budget-read, 0)]
		}
		read += len(ps)
		for _, e := range ps {
			p := e >> 1
			if pass[p>>6]&(1<<(p&63)) == 0 || s.ph[p].mask&qt.bit != 0 {
				continue
			}
			x := w
			if e&1 != 0 {
				x *= wWeak // only index paths' nonessential modifiers are posted
			}
			if s.ph[p].mask == 0 {
				s.touched = append(s.touched, p)
			}
			s.ph[p].mask |= qt.bit | extra | full // a nonessential modifier counts in full
			if e&1 == 0 {
				s.ph[p].mask |= strongBit
			}
			s.ph[p].acc += x * qt.idf
		}
	}
	if qt.exact >= 0 {
		visit(uint32(qt.exact), wExact)
	}
	// Prefix completions share what is left, so a one-letter prefix
	// still reaches the best phrases of many words.
	if n := qt.hi - qt.lo; n > 0 {
		// A letter or two says little: read less for it.
		budget = min(budget, read+prefixBudget>>max(0, 3-len(qt.word)))
		left := budget - read
		if qt.exact >= 0 {
			extra = prefixBit
		}
		for t := qt.lo; t < qt.hi && read < budget; t++ {
			share := max(left/int(n), 16)
			b := budget
			budget = min(budget, read+share)
			visit(uint32(t), wPrefix)
			budget = b
		}
		extra = 0
	}
	for _, t := range qt.expand {
		visit(t, wExact)
	}
	// A synonym learned from the index's references counts half a word
	// ("anemia" is sent to "disease" often enough to be learned, but an
	// anemia is not any disease).
	full = 0
	for _, t := range qt.alias {
		visit(t, wAlias)
	}
	full = qt.bit << fullShift
	for _, t := range qt.typo {
		visit(t, qt.typoW)
	}
	if qt.root >= 0 {
		visit(uint32(qt.root), wRoot)
	}
	return read
}

// check returns the weight qt earns in phrase p (0 when absent), whether
// it met a word that is not a nonessential modifier, and whether that
// counts as the word in full (not a learned synonym, not only a word of
// the code's ancestors).
func (ix *Index) check(qt *qterm, p uint32) (w float32, strong, full bool) {
	terms := ix.phTerms[ix.phTermOff[p]:ix.phTermOff[p+1]]
	lower := func(t uint32) int { return lowerTerm(terms, t) }
	weak := func(e uint32, w float32) (float32, bool, bool) {
		if e&1 != 0 {
			return w * ix.weakWeight(p), false, isIndex(ix.phKind[p])
		}
		return w, true, true
	}
	if qt.exact >= 0 {
		if i := lower(uint32(qt.exact)); i < len(terms) && terms[i]>>1 == uint32(qt.exact) {
			return weak(terms[i], wExact)
		}
	}
	if qt.hi > qt.lo {
		if i := lower(uint32(qt.lo)); i < len(terms) && terms[i]>>1 < uint32(qt.hi) {
			return weak(terms[i], wPrefix) // (phase 2 checks closed words: no prefixBit)
		}
	}
	for _, t := range qt.expand {
		if i := lower(t); i < len(terms) && terms[i]>>1 == t {
			return weak(terms[i], wExact)
		}
	}
	for _, t := range qt.alias {
		if i := lower(t); i < len(terms) && terms[i]>>1 == t {
			w, strong, _ := weak(terms[i], wAlias)
			return w, strong, false // a learned synonym counts half (see accumulate)
		}
	}
	for _, t := range qt.typo {
		if i := lower(t); i < len(terms) && terms[i]>>1 == t {
			return weak(terms[i], qt.typoW)
		}
	}
	if qt.root >= 0 {
		if i := lower(uint32(qt.root)); i < len(terms) && terms[i]>>1 == uint32(qt.root) {
			return weak(terms[i], wRoot)
		}
	}
	return 0, false, false
}

// scanCost is how many postings cost as much to read as one candidate's
// terms to check: the postings are read in order, the candidates' terms
// are scattered over megabytes.
const scanCost = 256

// checkRest adds the commoner words to the candidates, word by word, so
// that each phrase adds its weights in the words' order however a word was
// checked (the sums, and so the ranking, are the same). A word whose
// postings are few beside the candidates is found by reading them against
// a bit set of the candidates (scanWord); the others by checking each
// candidate's terms.
func (ix *Index) checkRest(s *scratch, cands []cand, rest []*qterm) {
	marked := false
	var lo, hi uint32 // the lowest and highest candidate phrase
	for _, qt := range rest {
		if qt.df > scanCost*len(cands) {
			for _, c := range cands {
				if w, strong, full := ix.check(qt, c.p); w > 0 {
					s.add(qt, c.p, w, strong, full)
				}
			}
			continue
		}
		if !marked {
			lo, hi = ^uint32(0), 0
			for _, c := range cands {
				s.isCand[c.p>>6] |= 1 << (c.p & 63)
				lo, hi = min(lo, c.p), max(hi, c.p)
			}
			marked = true
		}
		ix.scanWord(s, qt, lo, hi)
	}
	if marked {
		for _, c := range cands {
			s.isCand[c.p>>6] = 0
		}
	}
}

// add counts query word qt, met with weight w, in phrase p.
func (s *scratch) add(qt *qterm, p uint32, w float32, strong, full bool) {
	s.ph[p].mask |= qt.bit
	if strong {
		s.ph[p].mask |= strongBit
	}
	if full {
		s.ph[p].mask |= qt.bit << fullShift
	}
	s.ph[p].acc += w * qt.idf
}

// scanWord is check for every candidate, by reading qt's postings: the
// kinds of match in check's order, each term's postings in phrase order
// (strong before weak), the first met counting. A title's words of its
// code's ancestors are not posted (see build): their own lists are read
// beside (ctxPosts).
func (ix *Index) scanWord(s *scratch, qt *qterm, lo, hi uint32) {
	ix.derived()
	visitList := func(ps []uint32, w float32, alias bool) {
		if len(ps) > 64 {
			// Postings are in phrase order: start at the lowest candidate.
			i, _ := slices.BinarySearch(ps, lo<<1)
			ps = ps[i:]
		}
		for _, e := range ps {
			p := e >> 1
			if p > hi {
				break
			}
			bit := uint64(1) << (p & 63)
			if s.isCand[p>>6]&bit == 0 || s.done[p>>6]&bit != 0 {
				continue
			}
			s.done[p>>6] |= bit
			s.found = append(s.found, p)
			if e&1 != 0 {
				s.add(qt, p, w*ix.weakWeight(p), false, !alias && isIndex(ix.phKind[p]))
			} else {
				s.add(qt, p, w, true, !alias)
			}
		}
	}
	visit := func(t uint32, w float32, alias bool) {
		visitList(ix.posts[ix.postOff[t]:ix.postOff[t+1]], w, alias)
		visitList(ix.ctxPosts[ix.ctxOff[t]:ix.ctxOff[t+1]], w, alias)
	}
	if qt.exact >= 0 {
		visit(uint32(qt.exact), wExact, false)
	}
	for t := qt.lo; t < qt.hi; t++ {
		visit(uint32(t), wPrefix, false)
	}
	for _, t := range qt.expand {
		visit(t, wExact, false)
	}
	for _, t := range qt.alias {
		visit(t, wAlias, true)
	}
	for _, t := range qt.typo {
		visit(t, qt.typoW, false)
	}
	if qt.root >= 0 {
		visit(uint32(qt.root), wRoot, false)
	}
	for _, p := range s.found {
		s.done[p>>6] = 0
	}
	s.found = s.found[:0]
}

// derived makes, on first use, what a search reads in place of looking
// through a phrase's terms or the prefixed phrases: the postings of the
// words of titles' ancestors, which the index does not post (ctxOff,
// ctxPosts: term t's are ctxPosts[ctxOff[t]:ctxOff[t+1]], each phrase<<1|1,
// ascending), and a bit per phrase narrowed by a code prefix
// (prefixedBits). They are derived from the index as read (some 300,000
// words, milliseconds, once), so its stored form stays as it is.
func (ix *Index) derived() {
	ix.derivedOnce.Do(func() {
		nt := ix.vocab.Len()
		off := make([]uint32, nt+2)
		for p := range ix.phConcept {
			if isIndex(ix.phKind[p]) {
				continue
			}
			for _, t := range ix.phTerms[ix.phTermOff[p]:ix.phTermOff[p+1]] {
				if t&1 != 0 {
					off[t>>1+2]++
				}
			}
		}
		for t := 2; t < len(off); t++ {
			off[t] += off[t-1]
		}
		posts := make([]uint32, off[nt+1])
		for p := range ix.phConcept {
			if isIndex(ix.phKind[p]) {
				continue
			}
			for _, t := range ix.phTerms[ix.phTermOff[p]:ix.phTermOff[p+1]] {
				if t&1 != 0 {
					posts[off[t>>1+1]] = uint32(p)<<1 | 1
					off[t>>1+1]++
				}
			}
		}
		pre := make([]uint64, (len(ix.phConcept)+63)/64)
		for _, p := range ix.prefixAt {
			pre[p>>6] |= 1 << (p & 63)
		}
		ix.ctxOff, ix.ctxPosts, ix.prefixedBits = off[:nt+1], posts, pre
	})
}

func (ix *Index) wordHits(pq parsed, f filter, limit int, hits []Hit, seen map[int32]bool) []Hit {
	qts, nWords := ix.prepare(pq)
	if len(qts) == 0 {
		return hits
	}
	s := ix.getScratch()
	defer ix.putScratch(s)
	pass := ix.pass(f)

	// Phase 1: the words, rarest first, gather candidates while the
	// postings read stay under budget.
	read, k := 0, 0
	for k < len(qts) && (k == 0 || read+qts[k].df <= phase1Budget) {
		read += ix.accumulate(s, qts[k], pass, max(phase1Budget-read, phase1Budget/8))
		k++
	}
	rest := qts[k:]
	tier := tierer(nWords)
	allBits := uint32(1)<<uint(nWords) - 1
	cands := s.cands[:0]
	// With words left for phase 2, these scores only choose the
	// candidates it checks: none are needed when it checks them all.
	scored := len(rest) == 0 || len(s.touched) > max(checkBudget/len(rest), 300)
	for r, p := range s.touched {
		var sc float32
		if scored {
			m := s.ph[p].mask
			sc = tier(m) + s.ph[p].acc*ix.norm(ix.phLen[p])
			if m&strongBit != 0 && m&allBits == allBits {
				sc += ix.completeness(p, m, qts)
			}
		}
		cands = append(cands, cand{p, sc, uint32(r)})
	}
	// Phase 2: the commoner words are checked on the best candidates only.
	if len(rest) > 0 {
		keep := max(checkBudget/len(rest), 300)
		if len(cands) > keep {
			selectTop(cands, keep)
			cands = cands[:keep]
		}
		ix.checkRest(s, cands, rest)
		for i := range cands {
			p := cands[i].p
			cands[i].score = tier(s.ph[p].mask) + ix.phraseScore(s, p, qts, allBits)
		}
	}
	if nWords > 1 {
		// The words of phase 2 were checked on every candidate already.
		ix.contextPass(s, cands, qts, qts[:k], allBits, tier)
	}
	// The phrases carried on to concepts: 32 a hit asked for, 384 at
	// least. Each costs a substitution and a title check below; 64 a hit
	// and 1,024 at least (2.7 times as many for the engine's 10-hit
	// lookups) found the same hits on the recall set and the evaluation
	// notes and took a third of the suggestion engine's time.
	if keep := max(limit*32, 384); len(cands) > keep {
		selectTop(cands, keep)
		cands = cands[:keep]
	}
	s.cands = cands

	// Phrases to concepts: a concept scores its best phrase, less 1% a
	// character of code so the general code wins among equals (a
	// category over its subcategories over their 7-character codes); an index
	// entry whose code is not valid under the filters leads to the codes
	// under it (or above it) that are.
	var subst []int32
	for _, cd := range cands {
		p := cd.p
		c := ix.phConcept[p]
		raw := s.ph[p].acc * ix.norm(ix.phLen[p])
		kind := ix.phKind[p]
		if kind == kindSeeAlso {
			cd.score -= wSeeAlso // a path through "see also" comes after the term's own
		}
		targets := append(subst[:0], c)
		substituted := false
		if isIndex(kind) && (ix.prefix(p) != "" || !ix.conceptOK(f, c)) {
			targets = ix.substitute(c, p, f, targets[:0])
			substituted = true
		}
		for _, t := range targets {
			if len(seen) > 0 && seen[t] {
				continue
			}
			sc := cd.score - raw*0.01*float32(len(ix.code(t))) + ix.defaultBonus(t, pq, kind)
			mask, extraBits := s.ph[p].mask, uint32(0)
			if substituted && mask&allBits != allBits {
				// "laparoscopic cholecystectomy": the index names the
				// table (Cholecystectomy, see Resection, Gallbladder),
				// the code's own title the approach.
				extra, m := ix.titleExtra(s, t, qts, mask&allBits)
				if m != 0 {
					sc += tier(mask|m|m<<fullShift) - tier(mask) + extra
					mask |= m
					extraBits = m
				}
			}
			if s.cBest[t] == 0 {
				s.cTouched = append(s.cTouched, t)
			} else if s.cBest[t] > sc || s.cBest[t] == sc && !ix.mainTermFirst(uint32(s.cPh[t]), p, s.cRank[t], cd.rank, qts) {
				continue
			}
			s.cBest[t], s.cFull[t], s.cPh[t], s.cExtra[t], s.cRank[t] = sc, mask&allBits == allBits && mask&strongBit != 0, int32(p), extraBits, cd.rank
		}
		subst = targets
	}
	top := ix.topConcepts(s, limit-len(hits))
	// Checking a header's codes one by one waits until the last word is
	// more than a few letters: the coder is still typing.
	deep := !pq.open || len(pq.words[len(pq.words)-1]) >= 4
	top = ix.codesBeforeHeaders(s, f, top, qts, allBits, deep)
	hits = slices.Grow(hits, len(top))
	for _, c := range top {
		p := uint32(s.cPh[c])
		if h, ok := ix.hit(c, float64(s.cBest[c]), ix.why(p, qts, s.ph[p].mask, s.cExtra[c], pq)); ok {
			hits = append(hits, h)
		}
	}
	return hits
}

// mainTermFirst reports whether phrase p, of rank r, should stand for a
// concept in place of phrase was, of rank wasR, which scores the same:
// of two index paths, the one whose main term the query names ("alcohol
// intoxication": Alcohol > intoxication, not Abuse > alcohol > with >
// intoxication, both F10.129), else the phrase met first (always, when
// one is a table's row).
func (ix *Index) mainTermFirst(was, p uint32, wasR, r uint32, qts []*qterm) bool {
	if isIndex(ix.phKind[was]) && isIndex(ix.phKind[p]) {
		// Most ties are two paths under one main term: nothing to tell
		// them apart by.
		if ra, rb := ix.whyRoot(was), ix.whyRoot(p); ra != rb && ra != 0 && rb != 0 {
			a, aok := ix.mainTermSaid(ra, qts)
			b, bok := ix.mainTermSaid(rb, qts)
			if aok && bok && a != b {
				return b
			}
		}
	}
	return r < wasR
}

// whyRoot is the node of phrase p's Why that holds its kind and main term
// ("index: Abuse"), 0 for a phrase without a Why.
func (ix *Index) whyRoot(p uint32) uint32 {
	n := ix.phWhy[p]
	if n == 0 {
		return 0
	}
	ix.mainTerms()
	return ix.whyRootOf[n-1]
}

// mainTerms makes whyRootOf and mainWords, once.
func (ix *Index) mainTerms() {
	ix.mainOnce.Do(func() {
		root := make([]uint32, len(ix.whyParent))
		words := map[uint32][]string{}
		for i, par := range ix.whyParent {
			n := uint32(i + 1)
			if par != 0 {
				if par < n {
					root[i] = root[par-1] // a parent is made before its children
				} else {
					for root[i] = par; ix.whyParent[root[i]-1] != 0; root[i] = ix.whyParent[root[i]-1] {
					}
				}
				continue
			}
			root[i] = n
			seg := ix.whySegs.At(int(ix.whySeg[i]))
			main, ok := strings.CutPrefix(seg, "index: ")
			if !ok {
				main, ok = strings.CutPrefix(seg, "external cause: ")
			}
			if !ok {
				continue // a table's row ("drugs: ", "neoplasm: ") has no main term of its own
			}
			ws := []string{}
			eachToken(main, true, func(t token) {
				if !t.weak {
					ws = append(ws, t.text) // "Delirium (not alcohol- or drug-induced)" names no alcohol
				}
			})
			words[n] = ws
		}
		ix.whyRootOf, ix.mainWords = root, words
	})
}

// mainTermSaid reports whether a query word is a word of the main term
// (not its nonessential modifiers) of a Why's root node n (whyRoot), a
// path of the Alphabetic Index or the External Cause Index; ok is false
// for a root without a main term of its own, a table's row ("drugs: ",
// "neoplasm: ").
func (ix *Index) mainTermSaid(n uint32, qts []*qterm) (said, ok bool) {
	ws, ok := ix.mainWords[n]
	for _, w := range ws {
		for _, qt := range qts {
			if w == qt.word {
				return true, ok
			}
		}
	}
	return false, ok
}

// tierBonus puts hits covering more of the query words above the others
// whatever their word weights: every word for any query; for a short
// query (up to shortQuery words) also each word more.
const (
	tierBonus  = 1000
	shortQuery = 5
)

// A word met only through a code's ancestors counts half.
func tierer(n int) func(mask uint32) float32 {
	all := uint32(1)<<uint(n) - 1
	if n <= shortQuery {
		return func(m uint32) float32 {
			if m&strongBit == 0 {
				return 0 // only nonessential modifiers met: not a match for the term
			}
			words, full := m&all, m>>fullShift&all
			b := (float32(bits.OnesCount32(full)) + 0.5*float32(bits.OnesCount32(words&^full))) * tierBonus
			if words == all {
				if full == all {
					b += tierBonus
				} else {
					b += tierBonus / 2
				}
			}
			return b
		}
	}
	return func(m uint32) float32 {
		if m&strongBit != 0 && m&all == all {
			if m>>fullShift&all == all {
				return tierBonus * (shortQuery + 1)
			}
			return tierBonus * (shortQuery + 0.5)
		}
		return 0
	}
}

func (ix *Index) topConcepts(s *scratch, k int) []int32 {
	cs := s.cTouched
	less := func(a, b int32) bool { // a ranks above b
		if s.cBest[a] != s.cBest[b] {
			return s.cBest[a] > s.cBest[b]
		}
		ca, cb := ix.code(a), ix.code(b)
		if len(ca) != len(cb) {
			return len(ca) < len(cb)
		}
		return ca < cb
	}
	// A bounded selection: keep the k best in a small sorted slice.
	out := make([]int32, 0, k+1)
	for _, c := range cs {
		if len(out) == k && !less(c, out[k-1]) {
			continue
		}
		i := sort.Search(len(out), func(i int) bool { return less(c, out[i]) })
		out = append(out, 0)
		copy(out[i+1:], out[i:])
		out[i] = c
		if len(out) > k {
			out = out[:k]
		}
	}
	return out
}

// selectTop moves the k best candidates to the front (quickselect). Of
// two that score the same the first touched is the better, so which are
// kept does not depend on their order.
func selectTop(c []cand, k int) {
	lo, hi := 0, len(c)-1
	for lo < hi {
		pivot := c[(lo+hi)/2]
		i, j := lo, hi
		for i <= j {
			for c[i].score > pivot.score || c[i].score == pivot.score && c[i].rank < pivot.rank {
				i++
			}
			for c[j].score < pivot.score || c[j].score == pivot.score && c[j].rank > pivot.rank {
				j--
			}
			if i <= j {
				c[i], c[j] = c[j], c[i]
				i++
				j--
			}
		}
		if k-1 <= j {
			hi = j
		} else if k-1 >= i {
			lo = i
		} else {
			return
		}
	}
}

// substitute finds the codes an index entry leads to under the filters:
// the three shortest under its code (or PCS table prefix), in tabular
// order among equals, else the nearest code above it that is valid. The
// shortest are the general ones: "Influenza, A (non-novel) J10-" leads to
// J10.1 and J10.2 before J10.00 ("... with unspecified type of
// pneumonia"), which is first in tabular order. Past the first
// substituteScan codes it reads on only until it has found three valid
// ones: a long span's codes (a category of 7-character injury codes) are
// all of one length.
func (ix *Index) substitute(c int32, p uint32, f filter, out []int32) []int32 {
	const keep, substituteScan = 3, 64
	sid := ix.cSys[c]
	lo, hi := ix.span(c, p)
	for i := lo; i < hi && (i < lo+substituteScan || len(out) < keep); i++ {
		d := ix.byCode[i]
		if ix.cSys[d] != sid || !ix.conceptOK(f, d) {
			continue
		}
		// Insert d after the codes no longer than its own; drop the
		// longest when there are more than keep.
		k := len(out)
		for k > 0 && len(ix.code(out[k-1])) > len(ix.code(d)) {
			k--
		}
		if k < keep {
			out = slices.Insert(out, k, d)
			if len(out) > keep {
				out = out[:keep]
			}
		}
	}
	if len(out) > 0 {
		return out
	}
	code := ix.prefix(p)
	if code == "" {
		code = ix.code(c)
	}
	for k := len(code) - 1; k >= 3; k-- {
		lo, hi := ix.codeRange(code[:k])
		for i := lo; i < hi; i++ {
			d := ix.byCode[i]
			if ix.code(d) != code[:k] {
				break
			}
			if ix.cSys[d] == sid && ix.conceptOK(f, d) {
				return append(out, d)
			}
		}
	}
	return out
}

// why says why a hit matched: the abbreviations read, then the phrase
// (mask: the query words it met; title: those the code's own title met
// besides, when an index entry led to a table or category).
func (ix *Index) why(p uint32, qts []*qterm, mask, title uint32, pq parsed) string {
	var reasons []string
	for _, a := range pq.slashes {
		reasons = append(reasons, a.Reason())
	}
	for _, qt := range qts {
		if qt.abbr != nil && (mask|title)&qt.bit != 0 {
			reasons = append(reasons, qt.abbr.Reason())
		}
	}
	w := ix.matchWhy(p, qts, mask)
	if title != 0 {
		var words []string
		for _, qt := range qts {
			if title&qt.bit != 0 && bits.OnesCount32(qt.bit) == 1 { // not a joined pair
				words = append(words, qt.raw)
			}
		}
		w += "; title: " + strings.Join(words, ", ")
	}
	if len(reasons) > 0 {
		return strings.Join(reasons, "; ") + " · " + w
	}
	return w
}

func (ix *Index) matchWhy(p uint32, qts []*qterm, mask uint32) string {
	if ix.phKind[p] != kindTitle {
		return ix.whyOf(p)
	}
	var matched []*qterm
	for _, qt := range qts {
		if mask&qt.bit != 0 {
			matched = append(matched, qt)
		}
	}
	sort.Slice(matched, func(a, b int) bool { return matched[a].pos < matched[b].pos })
	words := make([]string, len(matched))
	for i, qt := range matched {
		words[i] = qt.raw
	}
	return "title: " + strings.Join(words, ", ")
}
