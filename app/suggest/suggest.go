package suggest

import (
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/coding/edits"
	"github.com/codebench/codebench/app/terminology"
	"github.com/codebench/codebench/app/terminology/search"
)

// Request is a note to read and the record around it.
type Request struct {
	Pages   []string          // the text of each page, in order (typed, docx, PDF text layer or OCR)
	Setting app.EncounterType // inpatient codes uncertain diagnoses and gets ICD-10-PCS; the others code symptoms
	Date    time.Time         // the coding date; codes must be valid in its fiscal year (zero: the newest year)
}

// Evidence is the words of the note that support a suggestion.
type Evidence struct {
	Page  int    `json:"page"`  // 1-based
	Start int    `json:"start"` // byte offsets in that page's text
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// Suggestion is one code the note supports, or one mention the note
// negates or places in the past, with why.
type Suggestion struct {
	System    app.System `json:"system"`
	Code      string     `json:"code"` // as a coder writes it: dotted ICD-10-CM; a PCS code or 3–4 character table prefix
	Title     string     `json:"title"`
	Score     float64    `json:"score"`
	Assertion Assertion  `json:"assertion"`
	Reason    string     `json:"reason"` // the Index path or title that matched, and the convention applied
	Evidence  []Evidence `json:"evidence"`
	// Proposed is set for the codes the coder is asked to assign. It is
	// false for negated mentions, for the active-condition code of a
	// history mention and for an uncertain diagnosis outside inpatient
	// care, which are listed so the coder can see why they were not
	// proposed.
	Proposed bool `json:"-"`
	// Complete is false for a PCS table prefix the coder completes.
	Complete bool `json:"-"`
	// LessCertain marks a candidate the engine found but did not
	// propose: a runner-up of a lookup, or a code for words it explained
	// only in part. Listed after the proposed codes, for a coder who
	// finds them short; never proposed.
	LessCertain bool `json:"less_certain,omitempty"`
	// Units are a HCPCS drug code's units of service, the note's dose in
	// the code's units (ceftriaxone 1 g: J0696, 4); 0 when the note does
	// not say enough to count them. Accepting the code assigns them.
	Units int `json:"units,omitempty"`
}

// Engine reads notes and suggests codes. It is safe for concurrent use.
type Engine struct {
	set     *terminology.Set
	ix      *search.Index
	anchors anchors
	refs    map[string]string // one-word main terms the Index sends elsewhere (buildRefs)
	also    map[string]string // one-word main terms with a "see also" (buildAlsoRefs)
	newest  int

	mu      sync.Mutex
	cache   map[cacheKey][]search.Hit
	phrases map[phraseKey]*phrase
	dead    map[deadKey]bool
	// sides remembers sidesOf for each category and year; it depends on
	// the code sets only.
	sides   map[sidesKey][2]bool
	studies map[int][]study // imaging codes by fiscal year, built on first use
	// sites is the words of the Neoplasm Table's sites (its rows and
	// their subterms), built by prepare.
	sitesOnce sync.Once
	sites     map[string]bool
	// mainTerms are the Alphabetic Index's main terms by their words
	// (title and nonessential modifiers), built by prepare.
	mainOnce  sync.Once
	mainTerms map[string]*terminology.IndexTerm
	// oneWordTerms are the main terms of one word, by that word (each of
	// its forms: "Hyperlipemia, hyperlipidemia"), built by prepare:
	// their subterms are what a problem list's "X, Y" may say
	// (subtermAfter).
	oneWordOnce  sync.Once
	oneWordTerms map[string][]*terminology.IndexTerm
	// screenTests are the words of the tests the Index lists under
	// "Screening" ("colonoscopy": Z12.11), built by prepare.
	screenOnce  sync.Once
	screenTests map[string]bool
	// dmWith is the Index's "Diabetes, type 2, with" subterms the "with"
	// convention links (dmWithTerms), built by prepare.
	dmWithOnce sync.Once
	dmWith     []dmWith
	// rootOps are the ICD-10-PCS Index's bare references to a root
	// operation (rootOpRefs), built by prepare.
	rootOpsOnce sync.Once
	rootOps     map[string][]rootRef
	// tablePartsOf are the body-part words of the PCS tables a reference
	// names (tableParts), found on first use; guarded by mu.
	tablePartsOf map[string]map[string]bool
	// drugFamilies are the HCPCS J codes of the drugs given in an office or a
	// clinic, by the first word a note says of each (buildDrugs).
	drugFamilies map[string][]*drugFamily
}

// study is one ICD-10-PCS imaging code (section B) as imaging matches
// it: its modality and the words of the body part its title names.
type study struct {
	c         *terminology.Concept
	typ       byte
	body      []string // singular, no stop words
	bilateral bool
}

// imagingCodes returns the section B codes valid in fy, taken apart once.
func (e *Engine) imagingCodes(fy int) []study {
	e.mu.Lock()
	st, ok := e.studies[fy]
	e.mu.Unlock()
	if ok {
		return st
	}
	for _, c := range e.pcsUnder("B", fy) {
		title := c.TitleIn(fy).Long
		of := strings.Index(title, " of ")
		if of < 0 {
			continue
		}
		body := title[of+4:]
		if j := strings.Index(body, " using "); j >= 0 {
			body = body[:j]
		}
		s := study{c: c, typ: c.Code[2], bilateral: strings.Contains(body, "Bilateral")}
		for _, w := range search.Words(body) {
			if !search.StopWord(w) {
				s.body = append(s.body, singular(w))
			}
		}
		st = append(st, s)
	}
	e.mu.Lock()
	if e.studies == nil {
		e.studies = map[int][]study{}
	}
	e.studies[fy] = st
	e.mu.Unlock()
	return st
}

type cacheKey struct {
	sys   app.System
	year  int
	text  string
	limit int // a longer list is not the shorter one's start (see search.Index.Search)
}

// maxCache bounds the lookups remembered across notes.
const maxCache = 20000

// New builds an engine over the code sets and their search index.
func New(set *terminology.Set, ix *search.Index) *Engine {
	e := &Engine{set: set, ix: ix, anchors: buildAnchors(set), refs: buildRefs(set), also: buildAlsoRefs(set), cache: map[cacheKey][]search.Hit{}, phrases: map[phraseKey]*phrase{}, dead: map[deadKey]bool{}, sides: map[sidesKey][2]bool{},
		tablePartsOf: map[string]map[string]bool{}, drugFamilies: buildDrugs(set)}
	for _, y := range set.FiscalYears(app.ICD10CM) {
		e.newest = max(e.newest, y)
	}
	e.prepare()
	return e
}

// prepare builds the engine's other lookups of the code sets (the
// Neoplasm Table's sites, the Index's main terms, the screening tests,
// the "Diabetes, with" subterms, the PCS Index's root operations, the
// newest year's imaging codes) here rather than in the first note that
// needs each: about 13 ms, which no note then waits for (the window
// builds its engine in the background at sign-in). Each is still built
// once, under its sync.Once; the imaging codes of another year are built
// when a note of that year first asks for them.
func (e *Engine) prepare() {
	if ys := e.set.FiscalYears(app.ICD10PCS); len(ys) > 0 {
		e.imagingCodes(slices.Max(ys))
	}
	e.isSite(qtok{})
	e.mainTerm("")
	e.oneWord("")
	e.screenOnce.Do(e.buildScreenTests)
	e.rootOpRefs()
	if e.ix != nil {
		e.dmWithTerms() // looks its codes up in the search index
	}
}

func (e *Engine) search(sys app.System, year int, text string, limit int) []search.Hit {
	// The words are what is looked up, not the spaces between them: a
	// window with a word blanked ("fracture of    nondisplaced") is the
	// lookup of the window without it.
	text = oneSpaced(text)
	k := cacheKey{sys, year, text, limit}
	e.mu.Lock()
	h, ok := e.cache[k]
	e.mu.Unlock()
	if ok {
		return h
	}
	if sys == app.ICD10CM && year != e.newest {
		// The Index is one recent edition: look up in the newest code
		// set, then carry the codes back to the year of service (inYear).
		h = e.inYear(e.search(sys, e.newest, text, limit), year)
	} else {
		// The note's words are whole: the trailing space tells the
		// search so (no completing the last word as one still being
		// typed: "overactive area" is no overactivity, R46.3). Not for
		// ICD-10-PCS: there an open last word weighs less, and a finding
		// after the body part is often what it is ("biopsy of gastric
		// ulcer" is an Excision of the stomach, read closed an Oversewing
		// of a gastrointestinal ulcer).
		q := text
		if sys == app.ICD10CM {
			q += " "
		}
		h = e.ix.Search(search.Query{Text: q, System: sys, Year: year, Billable: true, Limit: limit})
	}
	e.mu.Lock()
	if len(e.cache) >= maxCache {
		clear(e.cache)
	}
	e.cache[k] = h
	e.mu.Unlock()
	return h
}

// historyOfCue are the history cues a cancer's treatment now overrides.
var historyOfCue = map[string]bool{"s/p": true, "status post": true, "history of": true, "hx of": true, "h/o": true, "hx": true, "personal history of": true}

// oneSpaced returns text with its runs of spaces one space and none at
// its ends; text itself, without allocating, when it is so already.
func oneSpaced(text string) string {
	clean := true
	for i := 0; i < len(text) && clean; i++ {
		clean = text[i] != ' ' || i > 0 && i < len(text)-1 && text[i-1] != ' '
	}
	if clean {
		return text
	}
	return strings.Join(strings.Fields(text), " ")
}

// maybeKind says why a condition the note names is not one the patient
// has now (mention.planned).
type maybeKind uint8

const (
	laterReason maybeKind = iota // a later visit's reason
	prevented                    // "DVT prophylaxis"
	mayCome                      // "return if chest pain"
)

// mention is one finding in the note resolved to one code.
type mention struct {
	sys       app.System
	code      string // canonical; a PCS table prefix when not complete
	complete  bool
	title     string
	why       string
	ev        Evidence
	sec       Section
	assertion Assertion
	cue       string
	conf      float64
	query     string // the words looked up
	units     int    // a HCPCS drug code's units of service (see Suggestion.Units)
	rule      string // the convention that added it, if any
	// tail marks a less certain candidate: a runner-up hit of the
	// lookup, or the best hit of one that explained the words only in
	// part (see tail.go).
	tail bool
	// manif is the manifestation code the Index pairs with this one
	// ("Disease, Alzheimer's G30.9 [F02.80]"), coded after it.
	manif string
	// left is the left side's code when the note says both sides of a
	// condition whose codes have no bilateral one ("pain in both wrists"
	// is M25.531 and M25.532); code is then the right side's.
	left string
	// sideGuessed marks a code whose side is the first of its category's
	// (the Index gave the category), the note saying none and the
	// category having no code for an unspecified side (sided).
	sideGuessed bool
	// planned marks a procedure the note tells of as one to come
	// (plannedCue), or a condition a later visit is for (laterVisit),
	// one prevented (preventedAt) or one that may come (hypotheticalAt),
	// as maybe says: not coded.
	planned bool
	maybe   maybeKind
	// pastYear is the year a past history's list dates the condition to
	// ("PMH: Kidney stone 2010"): an episode's (episodic) personal
	// history code, when the Index has one, stands for it (see
	// conventions.go).
	pastYear string
	// cause is what a symptom's clause says it comes from ("nausea from
	// metformin": "metformin"), "*" for a drug's effect or a suspicion of
	// another disease ("RLQ pain concerning for appendicitis"): it is
	// integral only to the diagnosis its cause names (ownCause).
	cause string
	// chronic marks a symptom the note calls chronic or persistent
	// ("TBI with chronic headaches"): not an acute injury's.
	chronic bool
	// dated marks an episode the note dates weeks before the encounter
	// ("NSTEMI 3 weeks ago"): today's symptoms are not integral to it.
	dated bool
	// disease is, for an exposure's Z20 code, the category of the
	// infection exposed to (about.go).
	disease string
	alts    []mention // the lookup's less certain candidates, with cov
	cov     []bool    // for a candidate: the words of the window it explains
}

// Suggest reads the note and returns its suggestions, proposed ones first,
// best first.
func (e *Engine) Suggest(r Request) []Suggestion {
	fy := search.YearOf(r.Date)
	if fy == 0 || fy > e.newest {
		// A date past the newest code set loaded (October, before the
		// new release is installed): the newest codes are the best
		// the coder has.
		fy = e.newest
	}
	type item struct {
		s    *sentence
		text string
	}
	var items []item
	sec := NoSection
	for p, text := range r.Pages {
		var sents []sentence
		sents, sec = segment(p+1, text, sec, nil)
		for i := range sents {
			items = append(items, item{&sents[i], text})
		}
	}
	// Sentences are read in parallel, each into its own slot, so the
	// result does not depend on the schedule. The longest first, so that
	// one left for last does not keep the note waiting on one goroutine
	// while the others are idle.
	day := "" // the date of service, for the HCPCS codes of drugs given (valid by date, not year)
	if !r.Date.IsZero() {
		day = r.Date.Format(time.DateOnly)
	}
	found := make([][]mention, len(items))
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return len(items[order[a]].s.toks) > len(items[order[b]].s.toks) })
	inParallel(len(items), order, func(i int) {
		found[i] = e.readSentence(items[i].s, items[i].text, r.Setting, fy, day, nil)
	})
	var ms []mention
	for _, f := range found {
		ms = append(ms, f...)
	}
	lifelongAsPresent(ms)
	// The clauses of the sentences: a semicolon ends one (a comma may
	// only list: "BPH with nocturia, frequency, and urinary retention").
	spans := make([]span, 0, len(items))
	for _, it := range items {
		t := it.s.toks
		for from := 0; from < len(t); {
			to := from
			for to < len(t)-1 && t[to].punct != ';' {
				to++
			}
			spans = append(spans, span{it.s.page, t[from].start, t[to].end})
			from = to + 1
		}
	}
	return e.examByAge(e.siblingsSaid(e.assemble(ms, spans, r.Setting, fy), r.Pages, fy), r.Pages, fy)
}

// placeWords name a place a finding's words may name ("the cancer
// center", "the diabetes clinic"); placeStops end the place's name
// before them. flushedThings are what a line's flush is of.
var (
	placeWords    = rawSet("center centers centre centres clinic clinics institute foundation society association")
	placeStops    = rawSet("the a an at to in from of with by for our their his her")
	namedPlace    = rawSet("the our their")
	flushedThings = rawSet("ns saline heparin line lines catheter port picc lock iv")
	// testWords say a test was done or sent for what comes before them;
	// testFound, that it found what it tests for.
	testWords = rawSet("test tests testing titer titers serology pcr naat")
	labSent   = rawSet("drawn sent")
	testFound = rawSet("positive reactive detected confirmed elevated abnormal abnormally high low raised increased decreased")
)

// contactWords are the people around the patient a "sick" names.
var contactWords = rawSet("contact contacts exposure exposures siblings sibling family household classmates kids children")

// countedTime are the units of time a number counts.
var countedTime = rawSet("minute minutes min mins hour hours hr hrs day days week weeks wk wks month months mo mos year years yr yrs")

// acronym reports a word written in capitals (and digits), two or more.
func acronym(w string) bool {
	return len(w) >= 2 && !strings.ContainsFunc(w, func(r rune) bool { return !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') })
}

// notFindings blanks words of q that name no finding of the patient: a
// test for a disease, "deferred" without "diagnosis", a place named for a
// disease ("seen at the cancer center", "referred to
// the diabetes clinic": no cancer, no diabetes) and a line's flush ("NS
// flush", "flushed with 10 mL saline": no flushing, R23.2; "hot flushes
// with menopause" keeps its).
func notFindings(text string, toks []token, q []qtok) {
	for i, t := range toks {
		switch {
		case placeWords[t.raw] && i > 0 && toks[i-1].punct == 0 && !placeStops[toks[i-1].raw]:
			// The place's name runs back to "the" (not "a": "a necrotic
			// center" is a lesion's) or the sentence's or clause's start.
			k := i - 1
			for k > max(0, i-3) && !placeStops[toks[k-1].raw] && toks[k-1].punct == 0 {
				k--
			}
			if k == 0 || toks[k-1].punct != 0 || namedPlace[toks[k-1].raw] {
				for ; k < i; k++ {
					q[k] = qtok{}
				}
			}
		case (testWords[t.raw] || labSent[t.raw]) && i > 0 && !slices.ContainsFunc(toks, func(t token) bool { return testFound[t.raw] }):
			// "Refused HIV testing", "COVID test pending", "HIV and RPR
			// drawn": a test for a disease is no diagnosis of it (a
			// positive or reactive one is the result's to code). The
			// words right before a test's word are what it tests for; a
			// lab sent or drawn is named in capitals ("RPR drawn"; not
			// "Hypothyroidism, TSH drawn", "pneumonia blood cultures
			// drawn"). Back over "and" between two of them.
			name := func(k int) bool {
				if labSent[t.raw] {
					return acronym(text[toks[k].start:toks[k].end])
				}
				return k >= i-2 && !placeStops[toks[k].raw]
			}
			for k := i - 1; k >= 0 && (k == i-1 || toks[k].punct == 0); k-- {
				switch {
				case name(k):
					q[k] = qtok{}
				case toks[k].raw == "and" && k > 0 && name(k-1):
				default:
					k = -1
				}
			}
		case (t.raw == "sick" || t.raw == "ill") && i+1 < len(toks) && t.punct == 0 && contactWords[toks[i+1].raw]:
			q[i] = qtok{} // "sick contacts at daycare": others' illness, no R69 of the patient's
		case isNumber(t.raw) && i+1 < len(toks) && t.punct == 0 && countedTime[toks[i+1].raw]:
			// "Type 2 MI 5 days ago", "stage 3 CKD for 2 years": a count
			// of time is no type or stage (I21.A9, "type 5").
			q[i] = qtok{}
		case t.raw == "deferred" && !(i > 0 && (toks[i-1].raw == "diagnosis" || toks[i-1].raw == "dx")):
			q[i] = qtok{} // "Toradol deferred" is no "diagnosis deferred" (R69)
		case strings.HasPrefix(t.raw, "flush") && i > 0 && flushedThings[toks[i-1].raw] && toks[i-1].punct == 0,
			t.raw == "flushed" && i+2 < len(toks) && toks[i+1].raw == "with" && (isNumber(toks[i+2].raw) || flushedThings[toks[i+2].raw]):
			q[i] = qtok{}
		}
	}
}

// inParallel calls f for each of 0..n-1, in order (nil: ascending), on
// as many goroutines as there are processors, and returns when all have
// returned. f writes its result into a slot of its own, so the result
// does not depend on the schedule.
func inParallel(n int, order []int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for k := range n {
			if order != nil {
				f(order[k])
			} else {
				f(k)
			}
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := int(next.Add(1) - 1); k < n; k = int(next.Add(1) - 1) {
				if order != nil {
					f(order[k])
				} else {
					f(k)
				}
			}
		}()
	}
	wg.Wait()
}

// breakWords end a chunk: verbs and conjunctions between findings.
var breakWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`and or but nor also then which who that after before since because when while
		until was were is are be been being has have had showed shows show shown revealed reveals reveal
		underwent undergoing presents presented presenting complaining complains reports reported started
		treated received receiving required requiring performed found noted observed diagnosed admitted
		referred compatible consistent suggestive secondary continue continued start increase decrease
		return returned if not improving discharged given taking takes take plus versus vs`) {
		breakWords[w] = true
	}
}

// handAt returns the patient's dominant hand that toks[i] says, or "":
// "right-handed", "left-hand-dominant", or the side of "right handed" or
// "right hand dominant".
func handAt(toks []token, i int) string {
	t := toks[i].raw
	if h, _, ok := strings.Cut(t, "-"); ok && (strings.HasSuffix(t, "-handed") || strings.HasSuffix(t, "-hand-dominant")) {
		return handSide(h)
	}
	if handSide(t) == "" || i+1 >= len(toks) {
		return ""
	}
	if next := toks[i+1].raw; next == "handed" || next == "hand" && i+2 < len(toks) && toks[i+2].raw == "dominant" {
		return handSide(t)
	}
	return ""
}

// allergyOfStatus reports an allergy mention m that is a drug's allergy
// status of statuses, said in the same clause with no reaction the
// patient has now ("penicillin allergy"; not "acute allergic reaction
// with facial swelling; has penicillin allergy").
func allergyOfStatus(toks []token, m mention, statuses []mention) bool {
	at := tokenAt(toks, m.ev.Start)
	if at < 0 {
		return false
	}
	lo, hi := clauseOf(toks, at)
	if slices.ContainsFunc(toks[lo:hi], func(t token) bool { return reactionWords[t.raw] }) {
		return false
	}
	return slices.ContainsFunc(statuses, func(st mention) bool {
		k := tokenAt(toks, st.ev.Start)
		return strings.HasPrefix(st.code, "Z88") && k >= lo && k < hi
	})
}

// reactionWords say an allergic reaction is happening.
var reactionWords = rawSet(`reaction reactions acute swelling hives urticaria rash anaphylaxis anaphylactic angioedema
	wheezing itching pruritus given treated`)

// prevRaw is the word before toks[i], "" at the start.
func prevRaw(toks []token, i int) string {
	if i == 0 {
		return ""
	}
	return toks[i-1].raw
}

// kindSecondary reports a "secondary" that names a kind ("secondary
// hypertension", "secondary malignant neoplasm of the liver"), not a
// cause ("anemia secondary to CKD"): it ends no chunk.
func kindSecondary(toks []token, i int) bool {
	return toks[i].raw == "secondary" && toks[i].punct == 0 && i+1 < len(toks) && toks[i+1].raw != "to"
}

// readSentence finds the mentions of one sentence.
func (e *Engine) readSentence(s *sentence, text string, setting app.EncounterType, fy int, day string, ms []mention) []mention {
	if s.sec == Allergies {
		return e.allergies(s, text, assertSentence(s.toks, s.sec), fy, true, ms)
	}
	a := assertSentence(s.toks, s.sec)
	// Spell out abbreviations for the lookup; offsets stay the note's.
	q := make([]qtok, len(s.toks))
	joined := map[int]bool{}
	for i, t := range s.toks {
		q[i] = qtok{text: t.raw, norms: t.norms}
		if i > 0 && (q[i-1].text == "pneumococcal" || q[i-1].text == "klebsiella") && t.raw == "pneumoniae" {
			q[i] = qtok{} // the species, read with its genus: no pneumonia
		} else if t.raw == "fossa" && i > 0 && s.toks[i-1].raw == "iliac" && s.toks[i-1].punct == 0 {
			// The iliac fossa is the lower quadrant of the abdomen
			// ("pain in the right iliac fossa": R10.31), as the
			// hypochondrium is its upper one.
			q[i-1] = qtok{text: "lower", norms: search.Words("lower")}
			q[i] = qtok{text: "quadrant", norms: search.Words("quadrant")}
		} else if t.raw == "check" && i >= 2 && routineExams[s.toks[i-2].raw] && !examKinds[s.toks[i-1].raw] && !examWords[s.toks[i-1].raw] && !ageWord(s.toks[i-1].raw) && s.toks[i-1].raw != "wound" {
			// "Routine diabetes check", "routine BP check": a visit for
			// the condition, no general examination (Check-up, see
			// Examination: Z00.00).
			q[i] = qtok{}
		} else if allergyShotAt(s.toks, i) {
			// "Allergy shots": the desensitization's (allergyShots), no
			// allergy of the patient's to code.
			q[i] = qtok{}
		} else if t.raw == "loss" && weightGoal(s.toks, i) {
			// "Counseled on weight loss", "weight loss goal of 10
			// pounds": a loss the patient aims at is no abnormal loss
			// of weight (Loss, weight (abnormal) (cause unknown), R63.4).
			q[i-1], q[i] = qtok{}, qtok{}
		} else if appetiteLess[t.raw] && (i+1 < len(s.toks) && t.punct == 0 && s.toks[i+1].raw == "appetite" || i > 0 && s.toks[i-1].raw == "appetite" && s.toks[i-1].punct == 0) {
			// "Decreased appetite", "poor appetite", "appetite
			// decreased": the Index's lack or loss of it (Appetite, lack
			// or loss, R63.0).
			q[i] = qtok{text: "loss", norms: append(search.Words("loss"), t.norms...)}
		} else if t.raw == "appetite" && i > 0 && s.toks[i-1].punct == 0 && appetiteFine[s.toks[i-1].raw] {
			// "Weight loss despite good appetite": no loss of it.
			q[i] = qtok{}
		} else if (t.raw == "fall" || t.raw == "falls") && (i+1 < len(s.toks) && t.punct == 0 && fallPrevention[s.toks[i+1].raw] || t.raw == "fall" && fallSeason(s.toks, i)) {
			// "Fall precautions", "fall prevention discussed": no fall
			// happened (W19); the risk is read as said ("fall risk",
			// Z91.81). "Last fall" is the season.
			q[i] = qtok{}
		} else if vaccineNamed(s.toks, i) {
			// "Pneumococcal vaccine": what the vaccine is for is no
			// word of a finding ("pneumonia despite pneumococcal
			// vaccine" is no pneumococcal pneumonia).
			q[i] = qtok{}
		} else if i > 0 && speciesLike[t.raw] && isContent(q[i-1]) && s.toks[i-1].punct == 0 {
			// "Propionibacterium acnes", "Enterobacter cloacae": the
			// species, not acne or a cloaca.
			q[i] = qtok{}
		} else if g, ok := genus(s.toks, i); ok && g == "pneumococcal" {
			q[i] = qtok{text: g, norms: search.Words(g)}
		} else if ok {
			q[i] = qtok{text: g, norms: append(search.Words(g), t.norms...)}
		} else if t.raw == "decubitus" && i+1 < len(s.toks) && strings.HasPrefix(s.toks[i+1].raw, "ulcer") {
			// "Decubitus (ulcer) — see Ulcer, pressure, by site".
			q[i] = qtok{text: "pressure", norms: append(search.Words("pressure"), t.norms...)}
		} else if i > 0 && s.toks[i-1].raw == "pressure" && (t.raw == "injury" || t.raw == "injuries") {
			// A pressure injury is what the classification calls a
			// pressure ulcer (Pressure, injury — see Ulcer, pressure, by
			// site): the site and stage are read as the ulcer's (a deep
			// tissue pressure injury as L89.-6: categoryChild,
			// phraseSibling).
			q[i] = qtok{text: "ulcer", norms: search.Words("ulcer")}
		} else if handAt(s.toks, i) != "" {
			// "Hemiparesis in a right-handed patient": the hand the
			// patient writes with is no side of a finding (dominance
			// reads it).
			q[i] = qtok{}
		} else if x, ok := speciesShort[[2]string{prevRaw(s.toks, i), t.raw}]; ok && strings.HasPrefix(text[s.toks[i-1].start:], "C") {
			q[i] = qtok{text: x, norms: search.Words(x)}
		} else if (t.raw == "a" || t.raw == "b") && i > 0 && (s.toks[i-1].raw == "influenza" || s.toks[i-1].raw == "flu") && s.toks[i-1].punct == 0 && (t.raw == "b" || t.norms[0] == search.LetterA) {
			// Influenza A or B is influenza due to an identified virus
			// (Influenza, due to, identified influenza virus NEC: J10.1;
			// with pneumonia, J10.00), not the unidentified one's J11.-.
			// The letter itself is left out: "identified novel influenza
			// A virus" (J09.X-) is another virus, the avian and swine ones.
			q[i] = qtok{text: "identified influenza virus", norms: search.Words("identified influenza virus")}
		} else if t.raw == "throat" && i > 0 && (s.toks[i-1].raw == "strep" || s.toks[i-1].raw == "streptococcal") && s.toks[i-1].punct == 0 {
			// "Strep throat" is the Index's streptococcal sore throat
			// (Sore, throat, streptococcal: J02.0).
			q[i] = qtok{text: "sore throat", norms: append(search.Words("sore throat"), t.norms...)}
		} else if (t.raw == "pacemaker" || t.raw == "pacemakers") && (i == 0 || !pacerNamed[s.toks[i-1].raw] || s.toks[i-1].punct != 0) && !(i+2 < len(s.toks) && s.toks[i+1].raw == "for" && pacerNamed[s.toks[i+2].raw]) {
			// A pacemaker the note names no organ for is the heart's
			// (Presence, cardiac, pacemaker: Z95.0; Status, pacemaker,
			// cardiac).
			q[i] = qtok{text: "cardiac pacemaker", norms: search.Words("cardiac pacemaker")}
		} else if t.raw == "intervention" && i > 0 && s.toks[i-1].raw == "coronary" && s.toks[i-1].punct == 0 {
			// A percutaneous coronary intervention is what the
			// classification calls a coronary angioplasty (Status,
			// angioplasty, coronary artery: Z98.61; with implant, Z95.5).
			q[i] = qtok{text: "artery angioplasty", norms: append(search.Words("artery angioplasty"), t.norms...)}
		} else if kind, ok := chronicLeukemia[t.raw]; ok && i > 0 && s.toks[i-1].raw == "chronic" && i+1 < len(s.toks) && leukemiaWords[s.toks[i+1].raw] && !(i > 1 && strings.HasPrefix(s.toks[i-2].raw, "t-cell")) {
			// A chronic leukemia's kind says what the Index's only entry
			// for it adds (see chronicLeukemia); looked up as written. Not
			// a T-cell one ("T-cell chronic lymphocytic leukemia").
			if i > 1 && s.toks[i-2].raw == "atypical" {
				kind = chronicLeukemia["atypical "+t.raw]
			}
			q[i] = qtok{text: t.raw, norms: append(search.Words(kind), t.norms...)}
		} else if x, ok := leukemiaAbbreviations[t.raw]; ok {
			w := strings.Fields(x)
			q[i] = qtok{text: x, norms: append(search.Words(x+" "+chronicLeukemia[w[1]]), t.norms...)}
		} else if (t.raw == "ideas" || t.raw == "thoughts") && i > 0 && (s.toks[i-1].raw == "suicidal" || s.toks[i-1].raw == "homicidal") && s.toks[i-1].punct == 0 {
			// "Suicidal ideas", "suicidal thoughts": the Index's ideation
			// (R45.851), not a suicide attempt (T14.91XA).
			q[i] = qtok{text: "ideation", norms: append(search.Words("ideation"), t.norms...)}
		} else if switchedFrom(s.toks, i) {
			// "Switched from cigarettes to vaping": what the patient
			// left; the vaping is read (nicotineProduct).
			q[i] = qtok{}
		} else if othersSmoke(s.toks, i) {
			// "Husband smokes 2 packs a day": his, not the patient's
			// (tobaccoExposure gives the patient's exposure, Z77.22).
			q[i] = qtok{}
		} else if smokingLabel(s.toks, i) {
			// "Tobacco: 1 ppd", "Smoking: quit 2015": the label is the
			// smoker its answer tells of.
			q[i] = qtok{text: "smoker", norms: append(search.Words("smoker"), t.norms...)}
		} else if x := tobaccoProduct(s.toks, i); x != "" {
			// A smoker's packs are cigarettes ("1 ppd", "2 packs a day",
			// "20 pack-years": Dependence, drug, nicotine, cigarettes:
			// F17.210); cigars and a pipe another product (specified
			// product NEC: F17.290).
			q[i] = qtok{text: x, norms: append(search.Words(x), t.norms...)}
		} else if x := nicotineProduct(s.toks, i); x != "" {
			// "Vapes daily", "uses e-cigarettes": nicotine of another
			// product (F17.290); "chews tobacco": chewing tobacco
			// (F17.220).
			q[i] = qtok{text: x, norms: append(search.Words(x), t.norms...)}
		} else if (t.raw == "suicidal" || t.raw == "homicidal") && !suicidalNamed(s.toks, i) {
			// "He is suicidal", "passively suicidal with no plan": the
			// ideation (R45.851, R45.850), not an attempt (Suicide,
			// suicidal (attempted): T14.91XA), which the note names
			// ("suicidal attempt", "attempted suicide").
			x := t.raw + " ideation"
			q[i] = qtok{text: x, norms: search.Words(x)}
		} else if systemLabel(s.toks, i) {
			// "Allergic/Immunologic: Negative for food allergies",
			// "Edema: No edema", "Lymphadenopathy: No cervical
			// adenopathy": a template's label for what the text after it
			// says, no finding of its own.
			q[i] = qtok{}
		} else if t.raw == "suicide" && i+1 < len(s.toks) && t.punct == 0 && suicideScreen[s.toks[i+1].raw] {
			// "Suicide risk screen", "suicide precautions": no attempt
			// (T14.91XA).
			q[i] = qtok{}
		} else if definedAbbreviation(s.toks, text, i) {
			// "Right atrial enlargement (RA)", "costovertebral angle
			// (CVA) tenderness": the abbreviation the words before it
			// spell is theirs, no finding of its own (rheumatoid
			// arthritis, stroke).
			q[i] = qtok{}
		} else if otherAbbreviation(s.toks, i) {
			// "PE: General: NAD" is the physical examination, "SpO2 98%
			// on RA" room air, "CVA tenderness" the costovertebral angle's:
			// no pulmonary embolism, rheumatoid arthritis or stroke.
			q[i] = qtok{}
		} else if x, ok := abbreviations[t.raw]; ok && !(t.raw == "tb" && tbTestWords(s.toks, i)) {
			q[i] = qtok{text: x, norms: append(search.Words(x), t.norms...)}
		} else if t.raw == "infection" && i > 0 && s.toks[i-1].punct == 0 && (s.toks[i-1].raw == "tb" || strings.HasPrefix(s.toks[i-1].raw, "tubercul")) {
			// "Latent TB infection" is latent tuberculosis (Z22.7), no
			// infection of its own (B99.9).
			q[i] = qtok{}
		} else if x, ok := pluralAbbreviation(text[t.start:t.end]); ok {
			// "Recurrent UTIs", "two TIAs": the abbreviation's plural.
			q[i] = qtok{text: x, norms: append(search.Words(x), t.norms...)}
		} else if t.raw == "well" && wellChild(s.toks, i+1) && reasonAt(s.toks, s.sec, i) {
			// "Well child visit": a routine child health examination
			// (Z00.129), the visit's word read below; a baby's or an
			// infant's is the child's.
			q[i] = qtok{text: "routine", norms: append(search.Words("routine"), t.norms...)}
		} else if wellChildren[t.raw] && t.raw != "child" && i > 0 && s.toks[i-1].raw == "well" && wellChild(s.toks, i) && reasonAt(s.toks, s.sec, i) {
			// "Well baby check": the child's (Z00.129).
			q[i] = qtok{text: "child", norms: append(search.Words("child"), t.norms...)}
		} else if (t.raw == "fever" || t.raw == "fevers" || t.raw == "febrile") && afterVaccine(s.toks, i) {
			// "Fever after her 4 month shots", "low-grade fever following
			// immunizations": the Index's Fever, postimmunization (R50.83),
			// not R50.9.
			q[i] = qtok{text: "postimmunization fever", norms: append(search.Words("postimmunization fever"), t.norms...)}
		} else if (repeatedWords[search.Word(t.raw)] || fallCounts[t.raw]) && i+1 < len(s.toks) && t.punct == 0 && fallWords[s.toks[i+1].raw] {
			// "Recurrent falls", "multiple falls", "two falls in the past
			// week": Falling, falls (repeated), R29.6, not one
			// unspecified fall (W19.XXXA).
			q[i] = qtok{text: "repeated", norms: append(search.Words("repeated"), t.norms...)}
		} else if (t.raw == "neuropathy" || t.raw == "neuropathies") && i > 0 && s.toks[i-1].raw == "peripheral" && s.toks[i-1].punct == 0 && diabetesSaid(s.toks) {
			// "Diabetic peripheral neuropathy": Neuropathy, peripheral,
			// see also Polyneuropathy (peripheral), whose "diabetic" is
			// the diabetes's polyneuropathy (E11.42, not E11.40). Without
			// diabetes the words stay as said ("sensory-motor peripheral
			// neuropathy" is Neuropathy, motor and sensory).
			q[i] = qtok{text: "polyneuropathy", norms: append(search.Words("polyneuropathy"), t.norms...)}
		} else if (t.raw == "arthroplasty" || t.raw == "arthroplasties") && totalBefore(s.toks, i) {
			// "Total knee arthroplasty": the PCS Index sends Arthroplasty
			// to Repair, Replacement or Supplement; a total one of the
			// knee or hip puts in a device in place of the joint, a
			// Replacement (0SR). Not when the sentence is about the
			// prosthesis ("removal of right total knee arthroplasty" is
			// 0SPC; "loosening of a total hip arthroplasty").
			q[i] = qtok{text: "replacement", norms: append(search.Words("replacement"), t.norms...)}
		} else if kind, ok := strings.CutPrefix(t.raw, "well-"); ok && wellChildren[kind] && wellChild(s.toks, i) && reasonAt(s.toks, s.sec, i) {
			// "Well-child visit", as "well child visit".
			q[i] = qtok{text: "routine child", norms: append(search.Words("routine child"), t.norms...)}
		} else if t.raw == "well-woman" && i+1 < len(s.toks) && t.punct == 0 && examWords[s.toks[i+1].raw] && reasonAt(s.toks, s.sec, i) {
			// "Well-woman exam": a routine gynecological examination
			// (Z01.419), the visit's word read below.
			q[i] = qtok{text: "routine gynecological", norms: append(search.Words("routine gynecological"), t.norms...)}
		} else if gynWords[t.raw] && i+1 < len(s.toks) && t.punct == 0 && examWords[s.toks[i+1].raw] && reasonAt(s.toks, s.sec, i) {
			// "Annual gyn exam", "routine gynecologic exam": Examination,
			// gynecological (Z01.419), not the general adult one.
			q[i] = qtok{text: "gynecological", norms: append(search.Words("gynecological"), t.norms...)}
		} else if wellWoman[t.raw] && wellChild(s.toks, i) && reasonAt(s.toks, s.sec, i) {
			// "Well woman exam": Examination, gynecological (Z01.419).
			q[i] = qtok{text: "gynecological", norms: append(search.Words("gynecological"), t.norms...)}
		} else if wellChild(s.toks, i-1) && examWords[t.raw] && reasonAt(s.toks, s.sec, i) {
			q[i] = qtok{text: "examination", norms: append(search.Words("examination"), t.norms...)}
		} else if t.raw == "exam" || t.raw == "exams" || routineExam(s.toks, i) && t.raw != "examination" && !(i+1 < len(s.toks) && examWords[s.toks[i+1].raw]) {
			// The Index's word (Examination, annual: Z00.00): "annual
			// physical", "annual wellness visit", "routine check-up".
			q[i] = qtok{text: "examination", norms: append(search.Words("examination"), t.norms...)}
		} else if (t.raw == "mammogram" || t.raw == "mammography") && i > 0 && (s.toks[i-1].raw == "screening" || s.toks[i-1].raw == "screen") && !(i+1 < len(s.toks) && s.toks[i+1].raw == "for") {
			// A screening mammogram is the routine one (Mammogram,
			// routine: Z12.31), not Z12.39's other screening; the
			// screening is read as the mammogram's routine. (Said with
			// what it screens for, the title reads it: "screening
			// mammogram for malignant neoplasm of breast".)
			q[i-1], q[i] = qtok{text: "routine", norms: search.Words("routine")}, qtok{text: "mammogram", norms: append(search.Words("mammogram"), t.norms...)}
		} else if t.raw == "mouth" && i >= 3 && s.toks[i-1].raw == "and" && s.toks[i-2].raw == "foot" && s.toks[i-3].raw == "hand" {
			// Hand, foot and mouth disease is one name (Disease, hand,
			// foot and mouth: B08.4), read from its last word: its comma
			// and "and" end no finding.
			q[i-3], q[i-2] = qtok{}, qtok{}
			q[i] = qtok{text: "hand foot and mouth", norms: search.Words("hand foot mouth")}
		} else if (t.raw == "abnormal" || t.raw == "abnormally") && e.abnormalSubterm(s.toks, i) {
			// "Abnormal EKG", "abnormal gait": the Index's "Abnormal,
			// abnormality" and the subterm the words say (R94.31, R26.9),
			// which needs the subterm (needsSubterm).
			q[i] = qtok{text: "abnormality", norms: append(search.Words("abnormality"), t.norms...)}
		} else if (t.raw == "test" || t.raw == "tests") && i > 0 && s.toks[i-1].raw == "function" && s.toks[i-1].punct == 0 {
			// "Thyroid function test": the Index's function studies
			// (Abnormal, function studies, thyroid: R94.6).
			// (The lookup keeps the note's word: "Testing, vestibular
			// function" for a procedure.)
			q[i] = qtok{text: t.raw, norms: append(search.Words("studies"), t.norms...)}
		} else if t.raw == "psa" && text[t.start:t.end] == "PSA" {
			// The prostate's antigen in capitals ("Elevated PSA":
			// R97.20); "PsA" is psoriatic arthritis.
			q[i] = qtok{text: "prostate specific antigen", norms: append(search.Words("prostate specific antigen"), t.norms...)}
		} else if vitaminLetters[t.raw] && (i == 0 || s.toks[i-1].raw != "vitamin") {
			// "B12 deficiency" is Deficiency, vitamin, B12 (E53.8).
			q[i] = qtok{text: "vitamin " + t.raw, norms: append(search.Words("vitamin "+t.raw), t.norms...)}
		} else if (t.raw == "sore" || t.raw == "sores") && i > 0 && s.toks[i-1].raw == "cold" && s.toks[i-1].punct == 0 {
			// A cold sore is the Index's one word (Coldsore: B00.1), no
			// common cold.
			q[i-1], q[i] = qtok{text: "coldsore", norms: search.Words("coldsore")}, qtok{}
		} else if insects[t.raw] && i+1 < len(s.toks) && (s.toks[i+1].raw == "bite" || s.toks[i+1].raw == "bites") && t.punct == 0 {
			// "Mosquito bites": an insect's (Bite, by site, superficial
			// NEC, insect).
			q[i] = qtok{text: "insect", norms: append(search.Words("insect"), t.norms...)}
		} else if (t.raw == "unstable" || t.raw == "instability") && saysGait(s.toks, i) {
			// "Gait instability", "unstable gait": the Index's
			// unsteadiness (Gait abnormality, unsteadiness: R26.81).
			q[i] = qtok{text: "unsteadiness", norms: append(search.Words("unsteadiness"), t.norms...)}
		} else if smokesOther(s.toks, i) {
			// "Smokes marijuana", "smoking crack": the substance's use
			// (Use, cannabis: F12.90), not tobacco's.
			q[i] = qtok{text: "use", norms: search.Words("use")}
		} else if kind := drugKindUsed(s.toks, i); kind != "" {
			// "Heroin use", "smokes crack": the Index's kind of drug
			// (Use, opioid: F11.90; Use, cocaine).
			q[i] = qtok{text: kind, norms: append(search.Words(kind), t.norms...)}
		} else if smokingSays(s.toks, i) {
			q[i] = qtok{text: "smoker", norms: append(search.Words("smoker"), t.norms...)}
		} else if us, ok := usSpelling(t.raw); ok {
			q[i] = qtok{text: us, norms: append(search.Words(us), t.norms...)}
		} else if x, ok := siteSynonyms[t.raw]; ok {
			// The search knows the synonym; the words the code's
			// phrase must say are the Index's.
			q[i].norms = append(search.Words(x), t.norms...)
		} else if n, ok := e.nounOf(t.raw); ok && describesPatient(s.toks, i) {
			q[i] = qtok{text: n, norms: append(search.Words(n), t.norms...)}
		}
		if i >= 2 && s.toks[i-1].raw == "and" && sideNames[search.Word(s.toks[i-2].raw)] != "" && sideNames[search.Word(t.raw)] != "" &&
			sideNames[search.Word(s.toks[i-2].raw)] != sideNames[search.Word(t.raw)] && s.toks[i-2].punct == 0 {
			// "Right and left knee pain", "pain in the left and right
			// knees": both sides, read as "bilateral" (a code for both,
			// else one for each).
			q[i-2], q[i-1], q[i] = qtok{}, qtok{}, qtok{text: "bilateral", norms: search.Words("bilateral")}
			joined[i-1] = true // the "and" ends no chunk
		}
		if t.raw == "smoked" && a.kind[i] == Present && !(i > 0 && (s.toks[i-1].raw == "has" || s.toks[i-1].raw == "have")) &&
			!smokesOther(s.toks, i) && slices.ContainsFunc(s.toks, func(t token) bool { return smokedUntil[t.raw] }) &&
			!slices.ContainsFunc(s.toks, func(t token) bool { return usingAgain[t.raw] || lately[t.raw] }) {
			// "Quit in 2005; smoked 2 packs a day", "smoked 1 ppd until
			// 2010": a smoker in the past. Not a past tense alone,
			// which a case report's narrative writes for the present
			// ("a woman who smoked 20 cigarettes per day"), nor "has
			// smoked 1 ppd for 30 years", "smoked 2 cigarettes today".
			a.kind[i], a.cue[i] = History, "smoked"
		}
		if rest, ok := formerly(t.raw); ok {
			// "Ex-smoker": a smoker in the past; the word is the
			// finding and its own history cue.
			q[i] = qtok{text: rest, norms: search.Words(rest)}
			a.isCue[i] = false
			if a.kind[i].rank() < History.rank() {
				a.kind[i], a.cue[i] = History, "ex-"
			}
		}
	}
	spans := e.readAbout(s.toks, a, aboutSpans(s.toks, q), fy, s.plan)
	for _, sp := range spans {
		if !sp.blank {
			continue
		}
		for k := sp.lo; k < sp.hi; k++ {
			q[k] = qtok{} // exposed to, screened for: no finding (about.go)
		}
		// "Screening for" is read here when every item of its list was
		// (else screeningFor reads it, and covers the items left).
		if sp.blankCue && !slices.ContainsFunc(spans, func(o about) bool { return o.blankCue && o.cue == sp.cue && !o.blank }) {
			for k := sp.cue; k < sp.cueEnd; k++ {
				q[k] = qtok{}
			}
		}
	}
	notFindings(text, s.toks, q)
	boneEnds(s.toks, q)
	romanNumerals(s.toks, q)
	predicates(s.toks, q, joined)
	inPlace(s.toks, q)
	from := len(ms)
	start := 0
	head := -1 // a list's finding and its preposition ("pain in"), see sharedFinding
	read := func(lo, hi int) {
		n := len(ms)
		ms = e.readChunk(s, text, q, a, lo, hi, setting, fy, ms)
		switch {
		case listHead(s.toks, q, lo, hi, e):
			head = lo
		case head >= 0 && hi > lo && listed(s.toks, lo) && !resolvedSince(ms, n):
			ms = e.sharedFinding(s, text, q, a, head, lo, hi, setting, fy, ms)
		case !listed(s.toks, lo) || resolvedSince(ms, n):
			head = -1
		}
	}
	for i := 0; i <= len(s.toks); i++ {
		// "without" is also a link inside a title ("diabetes without
		// complications"); the words after it keep their negation.
		end := i == len(s.toks) || breakWords[s.toks[i].raw] && !joined[i] && !kindSecondary(s.toks, i) || a.isCue[i] && s.toks[i].raw != "without" || personWith(s.toks, i) || onChronic(s.toks, q, i)
		if !end && s.toks[i].punct != 0 && s.toks[i].punct != '(' && s.toks[i].punct != ')' && !numbered(s.toks, q, i+1) && !boneEndAfter(s.toks, i) && !qualifiersAfter(s.toks, i) && !e.subtermAfter(s.toks, i) {
			// The punctuation follows the word: the word belongs to the chunk.
			read(start, i+1)
			start = i + 1
			continue
		}
		if end {
			n := len(ms)
			read(start, i)
			if lo, h := e.sharedHead(s.toks, q, start, i); h > 0 && !resolvedSince(ms, n) {
				// "Abdominal and back pain": the words before "and" are
				// read with the noun after it, the other's words left out.
				hq := append([]qtok(nil), q...)
				for k := i; k < h; k++ {
					hq[k] = qtok{}
				}
				m := len(ms)
				ms = e.readChunk(s, text, hq, a, lo, h+1, setting, fy, ms)
				// "Severe and worsening back pain": adjectives read with
				// the noun give only its siteless code, which is no finding
				// of their own.
				kept := ms[:m]
				for _, x := range ms[m:] {
					if !sitelessSymptoms[x.code] && !strings.HasPrefix(x.code, "T149") {
						kept = append(kept, x)
					}
				}
				ms = kept
			}
			start = i + 1
		}
	}
	ms = append(ms[:from], writtenAcronyms(ms[from:])...)
	ms = append(ms[:from], e.scopedProcedures(ms[from:], fy)...)
	ms = e.drugs(s, text, a, setting, fy, ms)
	n := len(ms)
	ms = e.administered(s, text, a, setting, day, ms)
	ms = e.contraceptiveShot(s, text, fy, ms, n)
	k := len(ms)
	if ms = e.allergies(s, text, a, fy, false, ms); slices.ContainsFunc(ms[k:], func(m mention) bool { return strings.HasPrefix(m.code, "Z88") }) {
		// "Penicillin allergy": the drug's allergy status (Z88.0); the
		// search's Allergy, unspecified (T78.40XA) is no reaction the
		// note tells of (T78.4's Excludes1: a drug's is T88.7 or its
		// adverse effect).
		statuses := slices.Clone(ms[k:])
		ms = append(append(ms[:from], slices.DeleteFunc(ms[from:k], func(m mention) bool {
			return strings.HasPrefix(m.code, "T784") && allergyOfStatus(s.toks, m, statuses)
		})...), statuses...)
	}
	ms = e.organisms(s, text, a, fy, ms)
	ms = e.procedureStatus(s, text, q, a, fy, ms)
	ms = e.deviceStatus(s, text, q, a, fy, ms)
	ms = e.gestation(s, text, a, fy, ms)
	ms = e.dialysisStatus(s, text, q, a, fy, ms)
	ms = e.immunization(s, text, a, fy, ms, from)
	ms = e.preprocedural(s, text, a, fy, ms)
	ms = e.administrativeExam(s, text, a, fy, ms)
	ms = e.skinTest(s, text, a, fy, ms)
	ms = e.tobaccoExposure(s, text, a, fy, ms)
	ms = e.pregnancyTest(s, text, a, fy, ms)
	ms = e.counseling(s, text, a, fy, ms)
	ms = e.allergyShots(s, text, a, fy, ms)
	ms = e.bmi(s, text, a, fy, ms)
	ms = e.receptors(s, text, a, fy, ms)
	ms = e.elevatedPressure(s, text, q, a, fy, ms)
	ms = aboutMentions(s, text, spans, ms)
	return ms
}

// scopedProcedures applies ICD-10-PCS guideline B3.11a to one sentence's
// procedures: the inspection through a scope (colonoscopy, 0DJD8ZZ) done
// to reach a biopsy or another operation on the same body system is not
// coded separately, and the operation takes the scope's approach when the
// note gave it none ("colonoscopy with biopsy of the sigmoid colon":
// 0DBN8ZX). It filters ms in place.
func (e *Engine) scopedProcedures(ms []mention, fy int) []mention {
	drop := map[int]bool{}
	scopes := map[byte]int{} // body system → the sentence's inspections of it
	for _, in := range ms {
		if in.sys == app.ICD10PCS && in.complete && len(in.code) == 7 && in.code[0] == '0' && in.code[2] == 'J' {
			scopes[in.code[1]]++
		}
	}
	for k, in := range ms {
		if in.sys != app.ICD10PCS || !in.complete || len(in.code) != 7 || in.code[0] != '0' || in.code[2] != 'J' {
			continue
		}
		// Two scopes of one body system ("EGD with gastric biopsy and
		// colonoscopy"): which one an operation was done through is the
		// coder's to say, so both stay; the operation still takes their
		// approach when they share it.
		one := scopes[in.code[1]] == 1
		for j := range ms {
			op := &ms[j]
			if j == k || op.sys != app.ICD10PCS || len(op.code) < 3 || op.code[0] != '0' || op.code[1] != in.code[1] || op.code[2] == 'J' || op.assertion != in.assertion {
				continue
			}
			if op.complete {
				if len(op.code) == 7 && op.code[4] == in.code[4] && one {
					drop[k] = true // done through the scope
				}
				// Another approach ("colonoscopy, then open sigmoid
				// colectomy"): the inspection is coded too (B3.11c).
				continue
			}
			if len(op.code) != 4 {
				continue
			}
			biopsy := strings.Contains(strings.ToLower(op.ev.Text), "biops")
			var fit []*terminology.Concept
			for _, c := range e.pcsUnder(op.code+in.code[4:5], fy) {
				if (c.Code[6] == 'X') == biopsy {
					fit = append(fit, c)
				}
			}
			if len(fit) == 1 {
				drop[k] = one
				op.code, op.title, op.complete = fit[0].Code, fit[0].TitleIn(fy).Long, true
				op.why += "; the approach of the inspection it was done through, " + terminology.Display(app.ICD10PCS, in.code) + " (B3.11a)"
			}
		}
	}
	if len(drop) == 0 {
		return ms
	}
	out := ms[:0]
	for k, m := range ms {
		if !drop[k] {
			out = append(out, m)
		}
	}
	return out
}

// writtenAcronyms drops the mentions of an Index main term that is an
// acronym ("AIDS", "PIN", "TAC") the note writes as a plain word: "hearing
// aids" is not HIV disease, "pins" are no prostatic intraepithelial
// neoplasia. It filters ms in place.
func writtenAcronyms(ms []mention) []mention {
	out := ms[:0]
	for _, m := range ms {
		if ac := acronymHead(m.why); ac == "" || containsWord(m.ev.Text, ac) {
			out = append(out, m)
		}
	}
	return out
}

// acronymHead returns the main term of an Index path when it is an
// acronym in capitals ("AIDS (related complex)" → "AIDS"), else "".
func acronymHead(why string) string {
	path, ok := strings.CutPrefix(why, "index: ")
	if !ok {
		return ""
	}
	end := strings.IndexAny(path, " ,(>")
	if end < 0 {
		end = len(path)
	}
	head, letters := path[:end], 0
	for _, r := range head {
		switch {
		case r >= 'A' && r <= 'Z':
			letters++
		case r >= '0' && r <= '9' || r == '-':
		default:
			return ""
		}
	}
	if letters < 2 {
		return ""
	}
	return head
}

// containsWord reports whether text has w, case and all, as a word.
func containsWord(text, w string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], w)
		if j < 0 {
			return false
		}
		j += i
		before := j == 0 || !isLetter(text[j-1])
		after := j+len(w) == len(text) || !isLetter(text[j+len(w)])
		if before && after {
			return true
		}
		i = j + 1
	}
}

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

// qtok is a word as looked up: the abbreviation spelled out.
type qtok struct {
	text  string
	norms []string
}

func (e *Engine) isAnchor(q qtok, pcs bool) bool {
	m := e.anchors.dx
	if pcs {
		m = e.anchors.pcs
	}
	for _, n := range q.norms {
		if m[n] {
			return true
		}
		// "Paresthesias": the main term is singular.
		if s, ok := strings.CutSuffix(n, "s"); ok && len(s) > 4 && m[s] {
			return true
		}
	}
	return false
}

// readChunk resolves the findings of toks[lo:hi], a run of words between
// breaks: each word that can head a finding is looked up with the words
// around it, widest first, until a code explains it.
func (e *Engine) readChunk(s *sentence, text string, q []qtok, a asserted, lo, hi int, setting app.EncounterType, fy int, ms []mention) []mention {
	if hi-lo <= 0 {
		return ms
	}
	systems := []app.System{app.ICD10CM}
	if setting == app.Inpatient {
		systems = append(systems, app.ICD10PCS)
	}
	covered := make([]bool, hi-lo)
	for _, sys := range systems {
		// A word a diagnosis explains is not also a procedure: the
		// covered words carry over from ICD-10-CM to ICD-10-PCS.
		pcs := sys == app.ICD10PCS
		said := q // the words as the note says them, before the PCS spelling
		q := q
		if pcs {
			q = e.rootOperations(biopsies(paracentesisSite(pcsWords(q, lo, hi), lo, hi), lo, hi), lo, hi)
		}
		order := make([]int, 0, hi-lo)
		if pcs {
			// An imaging study's modality first: "abdominal-pelvic CT"
			// is read from "CT", not from "abdominal".
			for i := lo; i < hi; i++ {
				if modalityOf(q[i]) != 0 {
					order = append(order, i)
				}
			}
		}
		for i := lo; i < hi; i++ {
			if !pcs || modalityOf(q[i]) == 0 {
				order = append(order, i)
			}
		}
		causeFloor := hi // where a cause read apart begins (causeApart)
		for _, i := range order {
			if covered[i-lo] || !e.isAnchor(q[i], pcs) && (pcs || !screeningFor(q, i, hi) && !(reasonAt(s.toks, s.sec, i) && (e.screeningTest(q, i, hi) || routineExam(s.toks, i)))) || rated(q, i, hi) || tracing(q, lo, i) || !pcs && lumbarPuncture(s.toks, i) ||
				pcs && notDone(s.toks, said, i) {
				continue
			}
			dead := e.isDead(sys, q[i].text)
			var partial []mention // less certain candidates when no window resolves the word
			resolved := false
			var tried [][2]int
			for n, span := range [][2]int{{3, 4}, {1, 1}, {0, 0}} {
				alone := span[0] == 0 && span[1] == 0
				if dead && alone {
					break // the word alone leads nowhere: only a wider phrase can
				}
				if alone && !pcs && modifies(q, i, hi, e.anchors.dx) {
					// "Ischemic cardiopathy": the adjective alone is not
					// a finding (I99.8); the noun it qualifies is.
					break
				}
				wlo, whi := window(q, lo, hi, i, span[0], span[1])
				if i >= causeFloor {
					wlo = max(wlo, causeFloor) // the cause read on its own
				}
				if n == 0 {
					whi = qualifiersRun(s.toks, i, whi, hi)
				}
				if whi < hi && saysAny(q[whi:whi+1], axisWords) && axisValue(q[whi-1]) {
					// "… left eye moderate stage": the axis word after its
					// value ends the window.
					whi++
				}
				if pcs && n == 0 && whi < hi && q[whi].text == "with" && whi+1 < hi && pcsDeviceSaid(q[whi+1:min(hi, whi+4)]) {
					// "Laparoscopic left inguinal hernia repair with
					// mesh": the device read with the operation (Supplement,
					// not Repair).
					whi = min(hi, whi+4)
				}
				if n == 0 && whi < hi && linkAfter(q, i, whi) {
					// "Chronic obstructive pulmonary disease with acute lower
					// respiratory infection": a title's "with" phrase read
					// whole (J44.0), not cut at the fourth word.
					_, whi = window(q, lo, hi, i, span[0], span[1]+4)
				}
				if n == 1 && (pcs || whi-wlo < 2 || slices.Contains(tried, [2]int{wlo, whi})) {
					// The word and its neighbours, when the wider phrase
					// said more than one finding ("sudden cardiac arrest"
					// is Arrest, cardiac; "arrest" alone a legal one).
					continue
				}
				tried = append(tried, [2]int{wlo, whi})
				var m mention
				var cov []bool
				ok := false
				if pcs {
					// "CT of the abdomen and pelvis": the body parts may
					// run past the chunk's "and".
					ilo, ihi := window(q, 0, len(q), i, 3, 4)
					if m, cov, ok = e.imaging(fy, q, ilo, ihi, i); ok {
						wlo, whi = ilo, ihi
					}
				}
				if !ok {
					rq := q
					if pcs {
						// A procedure's side and body part are read around
						// it (pcsCode), not past its chunk: "skin biopsy of
						// the right thigh and renal biopsy" has no right
						// kidney.
						rq = within(q, lo, hi)
					}
					m, cov, ok = e.resolve(sys, fy, rq, wlo, whi, i)
					if t := linkedStage(q, i, whi); !ok && !pcs && n == 0 && t < whi {
						// "Anemia in chronic kidney disease stage 3a": the
						// stage is the linked condition's (N18.31, coded
						// first), not in the combination code's words (D63.1).
						if tm, tcov, tok := e.resolve(sys, fy, rq, wlo, t, i); tok {
							m, cov, ok = tm, append(tcov, make([]bool, whi-t)...), true
						}
					}
					if oq, named := organismless(s.toks, q, wlo, whi); ok && named && !pcs && endsNEC(m.why) {
						// "E. coli UTI": the organism's infection classified
						// nowhere else is not what the note says; the
						// infection is read without the organism (N39.0),
						// whose code is the additional one (B96.20).
						at := i
						for k := wlo; k < whi && oq[at].text == ""; k++ {
							if oq[k].text != "" && e.isAnchor(oq[k], false) {
								at = k // the organism was the anchor: the infection's word is
							}
						}
						if om, ocov, ook := e.resolve(sys, fy, oq, wlo, whi, at); oq[at].text != "" && ook && !endsNEC(om.why) {
							m, cov = om, ocov
							for k := wlo; k < whi; k++ {
								if oq[k].text == "" && q[k].text != "" {
									cov[k-wlo] = true
								}
							}
						}
					}
					chi := hi
					if hi+1 < len(s.toks) && s.toks[hi].raw == "secondary" && s.toks[hi+1].raw == "to" {
						// "Secondary to" ended the chunk: the cause is a
						// finding of its own, and names this one's kind.
						chi = len(s.toks)
					}
					if cut := conditionCause(s.toks, i, min(chi, i+8)); ok && cut > i && cut >= whi-3 && !pcs && !e.drugNamed(s.toks, cut+2, fy) {
						// "Delirium due to UTI", "delirium secondary to UTI":
						// the Index's "due to (secondary to) general medical
						// condition" (F05); the cause is read on its own.
						if dm, dok := e.dueToCondition(fy, q, wlo, cut, m); dok {
							m = dm
						} else if dm, dok := e.dueToCause(fy, q, wlo, cut, chi, i, m); dok {
							m = dm
						}
					}
					if cut := causeAt(s.toks, i, whi); cut > i && !pcs {
						if !ok || endsNEC(m.why) {
							// "Urinary tract infection due to E. coli": an
							// infection by the organism classified nowhere
							// else is not what the note says; the condition
							// is (N39.0), and the organism its cause (B96.20).
							if cm, ccov, cok := e.resolve(sys, fy, q, wlo, cut, i); cok {
								m, cov, ok = cm, append(ccov, make([]bool, whi-cut)...), true
							}
						}
						if ok {
							// The cause's words are the organism's code (an
							// additional code, or the combination code's),
							// not another finding.
							for k := cut; k < cut+causeLen(s.toks, cut, whi); k++ {
								cov[k-wlo] = true
							}
						}
					}
				}
				if siteNEC := ok && strings.Contains(m.why, " site NEC") && indexSiteIn(q, wlo, whi); (!ok || organLeft(q, cov, wlo) || siteNEC) && !pcs {
					// "Renal mass": the Index says "Mass, kidney"; "hepatic
					// steatosis" is "Steatosis, liver", not the main term
					// alone. A site the Index files under another word is
					// no "specified site NEC" ("pressure ulcer of the
					// sacrum" is of the sacral region).
					oq, changed := organNouns(q, wlo, whi)
					if changed {
						if om, ocov, ook := e.resolve(sys, fy, oq, wlo, whi, i); ook && (!ok || (explains(ocov) > explains(cov) || siteNEC && !strings.Contains(om.why, " NEC") && explains(ocov) == explains(cov)) && joined(oq, wlo, ocov)) {
							m, cov, ok = om, ocov, true
						}
					}
					if !changed {
						oq = q
					}
					// "Lithiasis in the right kidney": the Index says
					// "Lithiasis — see Calculus", then "Calculus, kidney".
					if rq, changed := e.seeRefs(oq, wlo, whi); changed && !ok {
						m, cov, wlo, whi, ok = e.resolveRef(fy, rq, lo, hi, wlo, whi, i, m)
					}
				}
				if !pcs && (!ok || explains(cov) < contentWords(q[wlo:whi])) {
					// "Facial paresis": Paresis has no facial subterm, and
					// sends the coder on (see also Paralysis, facial).
					if aq, changed := spellRefs(e.also, q, wlo, whi); changed {
						if am, acov, aok := e.resolve(sys, fy, aq, wlo, whi, i); aok && (!ok || explains(acov) > explains(cov)) && contiguous(acov) && explains(acov) >= 2 && strings.Contains(am.why, " > ") {
							// A subterm of the reference said, not its bare
							// main term ("sinus" is no fistula).
							m, cov, ok = am, acov, true
							m.why += "; followed from the see also"
						}
					}
					if iq, changed := arterialInfarction(q, wlo, whi); changed {
						// "Left middle cerebral artery infarction": Infarct,
						// cerebral — see also Occlusion, artery, cerebral,
						// with infarction (I63.51-).
						if im, icov, iok := e.resolve(sys, fy, iq, wlo, whi, i); iok && (!ok || explains(icov) > explains(cov)) && strings.Contains(im.why, "with infarction") {
							m, cov, ok = im, icov, true
							m.why += "; followed from the see also"
						}
					}
				}
				if !ok && !pcs {
					// "Right cerebral infarction": the side's word pulls
					// the search to codes for that side of something
					// else; the finding is looked up without it and the
					// side given to its code after.
					if sq, changed := sideless(q, wlo, whi); changed {
						if sm, scov, sok := e.resolve(sys, fy, sq, wlo, whi, i); sok {
							// The side is given back to the code (sided);
							// a less certain code of the other side is not
							// what the note says.
							said := oneSide(q[wlo:whi])
							sm.alts = slices.DeleteFunc(sm.alts, func(a mention) bool { return contradictsSide(a.title, said) })
							m, cov, ok = sm, scov, true
						}
					}
				}
				if !ok && !pcs && n == 0 && saysAny(q[i:i+1], spreadWords) {
					// "Bone metastases", "metastatic to the liver": the
					// Index sends the coder to the Neoplasm Table's
					// secondary column for the site.
					slo, shi := window(q, lo, hi, i, 4, 4)
					slo, shi = uncovered(covered, lo, slo, shi, i)
					var sm mention
					if sm, cov, ok = e.neoplasmSite(fy, spreadSites(q, i, shi, e.isAnchorMorphology), slo, shi, i, "malignant secondary"); ok {
						m, wlo, whi = e.unsided(sm, q, fy), slo, shi
					}
				} else if col := neoplasmWordColumn(q[i : i+1]); !ok && !pcs && n == 0 && col != "" {
					// "Adenocarcinoma of the colon": "see also Neoplasm,
					// malignant, by site"; "bladder tumor": "see also
					// Neoplasm, unspecified behavior, by site".
					slo, shi := window(q, lo, hi, i, 4, 4)
					slo, shi = uncovered(covered, lo, slo, shi, i)
					if col == "unspecified behavior" {
						// "Malignant tumor of the bladder": Tumor,
						// malignant — see Neoplasm, malignant, by site;
						// "benign tumor": Neoplasm, benign.
						switch {
						case malignantAt(q, a, slo, i):
							col = "malignant primary"
						case saysPart(q[slo:i], "benign"):
							col = "benign"
						}
					}
					shi = beforeWith(q, i, siteAfter(q, i, shi, col))
					var sm mention
					if sm, cov, ok = e.neoplasmSite(fy, q, slo, shi, i, col); ok {
						m, wlo, whi = e.unsided(sm, q, fy), slo, shi
					}
				}
				if !ok && !pcs && n == 0 && byDiseaseWords[q[i].text] {
					// "Testicular mass", "lesion of the pancreas": the
					// Index's "Mass, specified organ NEC" and "Lesion,
					// organ or site NEC" — see Disease, by site.
					if dm, dcov, dok := e.diseaseBySite(fy, q, wlo, whi, i); dok {
						m, cov, ok = dm, dcov, true
					}
				}
				if !ok {
					if partial == nil && !prefixed(q[i]) {
						partial = e.candidates(m.alts, s, text, a, i, wlo)
					}
					if wlo == i && whi == i+1 && len(m.alts) == 0 {
						// Dead only when it gave no less certain
						// candidates either: skipping it must not change
						// what a note gets with the lookups of earlier
						// ones remembered.
						e.markDead(sys, q[i].text)
					}
					continue
				}
				if !pcs && m.code >= "S00" && m.code < "T15" && strings.Contains(m.title, "racture") && (saysAny(q[lo:hi], notTraumatic) || displacementConflict(m.title, q[lo:hi])) {
					// "Stress fracture of the left second metatarsal" is not
					// the injury's fracture, nor is an "undisplaced" one a
					// displaced one, whichever word the lookup started from.
					continue
				}
				if !pcs && refusals[s.toks[i].raw] {
					// "Declined the flu shot" refused it: no Decline
					// (debility, R53.81).
					continue
				}
				if !pcs && commonWordAsName(s.toks, text, wlo, cov, m.why) {
					// "SIADH with good response" is not Good's syndrome
					// (D83.8): a name is written as one.
					continue
				}
				if !pcs && m.code == "J00" && !theCold(s.toks, i) {
					// "Local cold therapy", "a cold area", "cold sputum":
					// the adjective, not the common cold.
					continue
				}
				if prefixed(q[i]) && !saysPrefix(m, q[i]) {
					// "A non-painful mass" is no pain; "non-Hodgkin
					// lymphoma" is the Index's own word.
					continue
				}
				if negatedWords(a, q, i, wlo, cov, m) {
					// "Kidney transplant without acute rejection" is
					// not T86.11: the code takes words the note negates.
					// The words the note does say are looked up alone
					// ("benign prostatic hyperplasia without lower
					// urinary tract symptoms" is not N40.1).
					nq, any := negatedOut(q, a, wlo, whi)
					if !any {
						continue
					}
					nm, ncov, nok := e.resolve(sys, fy, nq, wlo, whi, i)
					if !nok || negatedWords(a, q, i, wlo, ncov, nm) {
						continue
					}
					m, cov = nm, ncov
				}
				if x := absentSaid(a, q, wlo, max(whi, hi), m); !pcs && x != nil {
					// "Concussion with loss of consciousness" is not
					// S06.0X0A, "... without loss of consciousness": the
					// code the category has with what the note says.
					c := e.withSibling(m, x, fy)
					if c == nil {
						continue
					}
					m.code, m.title = c.Code, c.TitleIn(fy).Long
					m.why += "; the note says it with " + strings.Join(x, ", ")
				}
				if !pcs && strings.HasPrefix(m.code, "F1720") {
					// "Current smoker, 1 pack per day": the product the
					// sentence says, past a comma, is the smoker's.
					m = e.tobaccoSaid(m, s.toks, fy)
				}
				if !pcs {
					m = e.unsided(m, q, fy)
					sidelo := wlo
					if wlo > lo && sideWords[q[wlo-1].text] {
						// "Right tibial fracture" read from "tibial
						// fracture": the side before it is its own.
						sidelo--
					}
					m = e.sided(m, q[sidelo:sideEnd(s.toks, q, a, wlo, whi, hi)], fy)
					m = e.dominance(m, s.toks[lo:hi], s.toks, fy)
					m = e.refSited(m, fy)
					if m.sideGuessed && sideOf(m.title) != "" {
						// "Leg cellulitis": Cellulitis, lower limb
						// (L03.11-) has a code for the right and one for
						// the left, none for a side not said. The first
						// one's side is not the note's: a less certain
						// candidate, beside the other side's.
						m.tail = true
						m.why += "; the note says no side"
					}
					// The region may follow the verb: "adenopathies were
					// present in both inguinal regions"; not past the clause
					// nor into what the note negates ("no inguinal hernia").
					rhi := whi
					for k := whi; k < min(len(q), i+7) && s.toks[k-1].punct == 0 && a.kind[k] != Negated; k++ {
						rhi = k + 1
					}
					m = e.localized(m, q[wlo:rhi], fy)
				}
				if !pcs {
					m = e.bySiteRef(m, fy)
				}
				if col, ok := siteless[m.code]; ok && !pcs && !strings.HasPrefix(col, "malignant") && malignantAt(q, a, wlo, whi) {
					// "Malignant Sertoli cell tumor": the Index's "Tumor,
					// Sertoli cell — see Neoplasm, benign" is for the
					// tumor not said to be malignant; said so, it is
					// Neoplasm, malignant, by site.
					if c := e.set.Lookup(app.ICD10CM, "C801"); c != nil && c.Billable.Has(fy) {
						m.code, m.title = c.Code, c.TitleIn(fy).Long
						m.why += "; said to be malignant: see Neoplasm, malignant, by site"
					}
				}
				if col, ok := siteless[m.code]; ok && !pcs {
					// "renal carcinoma": the morphology gave the
					// unspecified site; the Neoplasm Table gives the site's.
					slo, shi := window(q, lo, hi, i, 4, 4)
					slo, shi = uncovered(covered, lo, slo, shi, i)
					shi = beforeWith(q, i, siteAfter(q, i, shi, col))
					sq := q
					if saysAny(q[i:i+1], spreadWords) {
						sq = spreadSites(q, i, shi, e.isAnchorMorphology)
					}
					if sm, scov, ok := e.neoplasmSite(fy, sq, slo, shi, i, col); ok {
						// The words the morphology's code explained
						// ("Sertoli cell tumor") are the site's code's too.
						for k := max(wlo, slo); k < min(whi, shi); k++ {
							scov[k-slo] = scov[k-slo] || cov[k-wlo]
						}
						m, cov, wlo, whi = e.unsided(sm, q, fy), scov, slo, shi
					}
				}
				causeFrom := whi
				if !pcs {
					causeFrom = e.causeApart(m, q, i, whi)
				}
				if causeFrom < whi {
					causeFloor = causeFrom + 1
				}
				for k := max(wlo, lo); k < min(whi, hi); k++ {
					if k > causeFrom {
						continue // the cause, read on its own too
					}
					if cov[k-wlo] || !pcs && screeningFor(q, i, hi) && k > i || !pcs && sideSaid(m.title, q, k) {
						// What a screening is for is not a finding.
						covered[k-lo] = true
					}
				}
				first, last := bounds(cov[:whi-wlo])
				t0, t1 := s.toks[wlo+first], s.toks[wlo+last]
				if !pcs && first == last {
					// "Pain and swelling of the left ankle": the site
					// said after the list is the pain's too.
					if dm, end, ok := e.sharedSite(s, q, m, i, hi, fy); ok {
						m, t1 = dm, s.toks[end]
					}
				}
				m.ev = Evidence{Page: s.page, Start: t0.start, End: t1.end, Text: text[t0.start:t1.end]}
				m.sec = s.sec
				m.assertion, m.cue = a.kind[i], a.cue[i]
				if !pcs && (m.assertion == Present || m.assertion == Uncertain) && strings.HasPrefix(m.title, "Encounter for ") {
					if cue := laterVisit(s.toks, i, s.plan); cue != "" {
						// "Suture removal in 10 days", "return for
						// a pessary fitting": a later visit's reason.
						m.assertion, m.cue, m.planned = Uncertain, cue, true
					}
				}
				if !pcs && m.assertion == Present && s.sec == PastHistory {
					m.pastYear = pastYearAfter(s.toks, wlo+last, fy)
				}
				if !pcs && m.assertion == History && strings.HasPrefix(m.code, "F1") && !strings.HasPrefix(m.code, "F17") &&
					slices.ContainsFunc(s.toks, func(t token) bool { return usingAgain[t.raw] }) {
					// "History of alcohol abuse, still drinking daily",
					// "history of heroin abuse, now using again": the
					// use goes on, not in remission.
					m.assertion, m.cue = Present, ""
				}
				if !pcs && (m.code[0] == 'R' || strings.HasPrefix(m.code, "M25") || strings.HasPrefix(m.code, "M79") || strings.HasPrefix(m.code, "F419") || strings.HasPrefix(m.code, "H5314")) {
					m.cause = ownCause(s.toks, wlo+last)
					m.chronic = slices.ContainsFunc(s.toks[max(0, wlo+first-2):i+1], func(t token) bool {
						return t.raw == "chronic" || t.raw == "persistent" || t.raw == "post-traumatic" || t.raw == "posttraumatic"
					})
				}
				if !pcs && m.assertion == Present && ((s.sec == PastHistory || s.sec == SurgicalHistory) && cancerTreated(m.code, s.toks, i) || cancerFree(m.code, s.toks, i)) {
					// "PMH: Breast cancer 2008, s/p left lumpectomy and
					// radiation": excised, no treatment now (§I.C.2.d: Z85).
					// (Only a past history's: a narrative's "the tumor was
					// resected" may be this stay's surgery.)
					m.assertion, m.cue = History, "treated"
				}
				if !pcs && m.assertion == History && historyOfCue[m.cue] && e.cancerTreatedNow(m.code, s.toks, i) {
					// "S/p lumpectomy for breast cancer, now on
					// radiation", "history of breast cancer, currently on
					// letrozole": treatment is still directed at it
					// (§I.C.2.d), the cancer is coded, not its history.
					m.assertion, m.cue = Present, ""
					m.why += "; treated now: coded as current (§I.C.2.d)"
				}
				if !pcs && m.assertion == Present && infectionTreated(m.code, s.toks, i, fy) {
					// "Latent TB treated in 2019", "latent TB, completed
					// 9 months of isoniazid", "H. pylori treated 2018":
					// an infection whose treatment is over is history.
					m.assertion, m.cue = History, "treated"
				}
				if !pcs && m.assertion == History && m.cue == "ago" && (m.code[0] == 'A' || m.code[0] == 'B' || strings.HasPrefix(m.code, "N1") || strings.HasPrefix(m.code, "N39") || strings.HasPrefix(m.code, "J1") || strings.HasPrefix(m.code, "L03")) &&
					slices.ContainsFunc(s.toks, func(t token) bool { return t.raw == "still" }) {
					// "Pyelonephritis 2 weeks ago, still on ciprofloxacin":
					// an infection still treated is there.
					m.assertion, m.cue = Present, ""
				}
				if !pcs && m.assertion == History && m.cue == "ago" && (strings.HasPrefix(m.code, "I21") || strings.HasPrefix(m.code, "I22")) && withinFourWeeks(s.toks, i) {
					// "NSTEMI 3 weeks ago": an infarction four weeks old
					// or less is still coded I21 (§I.C.9.e.1), not old
					// (I25.2).
					m.assertion, m.cue, m.dated = Present, "", true
					m.why += "; four weeks old or less: coded as acute (§I.C.9.e.1)"
				}
				if !pcs && (m.assertion == Present || m.assertion == Uncertain) && !m.planned {
					if cue := preventedAt(s.toks, wlo+first, wlo+last+1, m.code); cue != "" {
						// "DVT prophylaxis", "prophylaxis against
						// endocarditis": prevented, not present.
						m.assertion, m.cue, m.planned, m.maybe = Uncertain, cue, true, prevented
					} else if cue := watchedAt(s.toks, wlo+first, wlo+last+1); cue != "" && !strings.Contains(m.why, "index: At risk") && !strings.Contains(m.why, "index: Risk") {
						// "Monitor for alcohol withdrawal", "high risk for
						// DVT": watched for, not present.
						m.assertion, m.cue, m.planned, m.maybe = Uncertain, cue, true, mayCome
					} else if cue := hypotheticalAt(s.toks, i); cue != "" {
						// "Return if chest pain", "warning signs:
						// syncope": what to do if it comes.
						m.assertion, m.cue, m.planned, m.maybe = Uncertain, cue, true, mayCome
					}
				}
				if pcs && (m.assertion == Present || m.assertion == Uncertain) {
					if cue := plannedCue(s.toks, a, i, s.plan); cue != "" {
						// "Will undergo laparoscopic cholecystectomy
						// tomorrow", "recommend ORIF", "possible EGD": a
						// procedure is coded when done, not when planned
						// or considered.
						m.assertion, m.cue, m.planned = Uncertain, cue, true
					} else if cue := pastCue(s.toks, i, fy); cue != "" || s.sec == PastHistory || s.sec == SurgicalHistory {
						if cue == "" {
							cue = "past history" // "PSH: Appendectomy 1970"
						}
						// "She had an appendectomy in 2010", "a
						// paracentesis last week": another stay's, listed
						// as past. (The status it left is coded only from
						// a history the note says: "history of", "s/p".)
						m.assertion, m.cue = History, cue
					}
				}
				if m.assertion == Present && allergyStatus(m, q, i) {
					// "Allergic to penicillin" is the patient's allergy
					// status, coded from History, personal, allergy
					// (Z88.-, Z91.0-), not an allergic reaction now.
					m.assertion, m.cue = History, q[i].text+" to"
				}
				alts := m.alts
				m.alts = nil
				if !pcs {
					if x, ok := e.acuteOf(m, q, max(lo, wlo-2), whi, i, fy); ok {
						// Both acute and chronic, with separate subentries
						// at one level: both codes, the acute first (§I.B.8).
						ms = append(ms, x)
					}
				}
				ms = append(ms, m)
				if x, ok := e.severeSepsis(m, q, max(lo, wlo-1), whi, fy); ok && !pcs {
					ms = append(ms, x)
				}
				if c := e.set.Lookup(app.ICD10CM, m.manif); c != nil && m.manif != "" {
					// The manifestation after its etiology (§I.A.13).
					x := m
					x.code, x.title, x.manif = c.Code, c.TitleIn(fy).Long, ""
					x.conf -= 0.01
					x.rule = codeFirstRule + terminology.Display(app.ICD10CM, m.code)
					ms = append(ms, x)
				}
				if c := e.set.Lookup(app.ICD10CM, m.left); c != nil && m.left != "" {
					x := m
					x.code, x.title, x.left = c.Code, c.TitleIn(fy).Long, ""
					x.conf -= 0.01
					ms = append(ms, x)
				}
				cands := e.candidates(alts, s, text, a, i, wlo)
				for k := range cands {
					cands[k].pastYear = m.pastYear
				}
				if m.planned && !pcs {
					// The runners-up of a later visit's reason are that
					// visit's too.
					for k := range cands {
						cands[k].assertion, cands[k].cue, cands[k].planned, cands[k].maybe = m.assertion, m.cue, true, m.maybe
					}
				}
				ms = append(ms, cands...)
				if !pcs {
					ms = e.additional(m, q, lo, hi, wlo+last, s, fy, ms)
					ms = e.codeFirstSaid(m, q, lo, hi, s, fy, ms)
				}
				resolved = true
				break
			}
			if !resolved {
				ms = append(ms, partial...)
			}
		}
	}
	return ms
}

var arteryWord = search.Word("artery")

// arterialInfarction returns q with an infarction, infarct or stroke of
// q[wlo:whi] that names an artery spelled as the Index's see also has it
// ("Infarct, cerebral — see also Occlusion, artery, cerebral or
// precerebral, with infarction"), and whether there was one.
func arterialInfarction(q []qtok, wlo, whi int) ([]qtok, bool) {
	at, artery := -1, false
	for k := wlo; k < whi; k++ {
		switch q[k].text {
		case "infarction", "infarct", "stroke":
			at = k
		}
		artery = artery || slices.Contains(q[k].norms, arteryWord) // "artery", "MCA"
	}
	if at < 0 || !artery {
		return q, false
	}
	out := slices.Clone(q)
	out[at] = qtok{text: "occlusion with infarction", norms: append(search.Words("occlusion infarction"), q[at].norms...)}
	return out, true
}

// linkedStage is where a stage, grade or class begins in q[i+2:whi] after
// a word linking the finding at i to another ("in", "of", "due to",
// "with", "secondary to"); whi if there is none.
func linkedStage(q []qtok, i, whi int) int {
	linked := false
	for k := i + 1; k < whi; k++ {
		switch q[k].text {
		case "in", "of", "due", "with", "secondary":
			linked = true
		case "stage", "grade", "class":
			if linked && k > i+2 {
				return k
			}
		}
	}
	return whi
}

// unsided replaces a code for the right or left side with its sibling
// for the unspecified side when the sentence names no side: "renal
// carcinoma" is C64.9, not C64.1.
func (e *Engine) unsided(m mention, q []qtok, fy int) mention {
	side := sideOf(m.title)
	if side == "" {
		return m
	}
	for _, t := range q {
		for _, n := range t.norms {
			if sideWords[n] {
				return m // the note says a side: the search weighed it
			}
		}
	}
	wants := unspecifiedSide(strings.ToLower(m.title), side)
	if x := e.siblingTitled(m.code, fy, func(t string) bool { return slices.Contains(wants, t) }); x != nil {
		m.code, m.title = x.Code, x.TitleIn(fy).Long
		m.why += "; no side said: unspecified side"
	}
	return m
}

// unspecifiedSide returns the ways a lower-case title for one side
// words its sibling for the unspecified side: "pain in right knee" →
// "pain in unspecified knee"; "visual discomfort, right eye" → "visual
// discomfort, unspecified eye" or "visual discomfort, unspecified".
func unspecifiedSide(title, side string) []string {
	out := []string{strings.Replace(title, side, "unspecified", 1), strings.ReplaceAll(title, side, "unspecified"),
		strings.Replace(title, side+" ", "", 1) + ", unspecified"} // "pain in arm, unspecified"
	if i := strings.Index(title, side+" "); i >= 0 {
		rest := title[i+len(side)+1:]
		j := strings.IndexAny(rest, " ,")
		if j < 0 {
			j = len(rest)
		}
		out = append(out, title[:i]+"unspecified"+rest[j:])
	}
	return out
}

// sideEnd is where the words that may name the side of a code read from
// q[wlo:whi] end: whi when they name one, else the end of the clause
// within the chunk (to hi), before a "with" or what the note negates —
// "retinal detachment of the right eye" is read from "retinal
// detachment" (H33.2-), whose side follows.
func sideEnd(toks []token, q []qtok, a asserted, wlo, whi, hi int) int {
	if saysAny(q[wlo:whi], sideWords) {
		return whi
	}
	end := whi
	for end < hi && toks[end-1].punct == 0 && a.kind[end] != Negated && toks[end].raw != "with" && toks[end].raw != "without" {
		end++
	}
	return end
}

// sided replaces a code with its sibling for the side the words w name:
// a code for the unspecified side ("left ovarian cyst" is N83.202, not
// N83.209) or for the other side (a Neoplasm Table row lists the right,
// left and unspecified codes alike: "tumor of the left testis" is D29.22,
// not D29.21). Both sides said as one ("bilateral", "both", "right and
// left") give the code for both, else the right one with the left beside
// it; the right and the left named apart, or no side, leave the code as
// it is.
func (e *Engine) sided(m mention, w []qtok, fy int) mention {
	m.sideGuessed = false // read again from these words
	side, ok := saidSide(w)
	if !ok {
		return m
	}
	title := strings.ToLower(m.title)
	if have := sideOf(m.title); have != "" {
		if side == "" && (strings.Contains(m.why, " → see ") || !strings.Contains(strings.ToLower(m.why), have)) {
			// A side neither the words nor the Index path say: the
			// first code of a category the Index gives ("Photophobia
			// H53.14-" is not H53.141, right eye).
			if x := e.siblingTitled(m.code, fy, func(t string) bool { return slices.Contains(unspecifiedSide(title, have), t) }); x != nil {
				m.code, m.title = x.Code, x.TitleIn(fy).Long
			} else {
				m.sideGuessed = true
			}
			return m
		}
		if side == "" || side == have {
			return m
		}
		if side == "bilateral" {
			return e.bothSides(m, title, have, fy)
		}
		want := strings.ReplaceAll(title, have, side) // "right ankle and joints of right foot"
		if x := e.siblingTitled(m.code, fy, func(t string) bool { return t == want }); x != nil {
			m.code, m.title = x.Code, x.TitleIn(fy).Long
		}
		return m
	}
	if side == "" || !strings.Contains(title, "unspecified") {
		return m
	}
	// Any one "unspecified" of the title may be the side's: "Unspecified
	// ovarian cyst, unspecified side".
	x := e.sidedSibling(m.code, title, side, fy)
	if x == nil && (side == "right" || side == "left") && strings.Contains(title, "unspecified side") {
		// "Hemiplegia, unspecified affecting unspecified side" read
		// from "left hemiplegia": the side's code, whose dominance
		// dominance reads.
		x = e.siblingTitled(m.code, fy, func(t string) bool { return t == strings.Replace(title, "unspecified side", side+" dominant side", 1) })
	}
	if x == nil && side != "bilateral" {
		// "Cutaneous abscess of limb, unspecified" read from "abscess of
		// the left axilla" (Abscess, axilla: L02.41-): the code of the
		// side that names the entry's own word (L02.412).
		x = e.entrySided(m, side, fy)
	}
	if x != nil {
		m.code, m.title = x.Code, x.TitleIn(fy).Long
		m.why += "; side said: " + side
		return m
	}
	if side == "bilateral" {
		// "Age-related nuclear cataract, unspecified eye" beside
		// "..., bilateral".
		if x := e.siblingTitled(m.code, fy, func(t string) bool { return t == bilateralOf(title) }); x != nil {
			m.code, m.title = x.Code, x.TitleIn(fy).Long
			m.why += "; side said: " + side
			return m
		}
		// No code for both sides: a code for each (right, then left).
		return eachSide(m, e.sidedSibling(m.code, title, "right", fy), e.sidedSibling(m.code, title, "left", fy), fy)
	}
	return m
}

// eachSide gives m the right side's code r, with the left's l beside it,
// when there are both.
func eachSide(m mention, r, l *terminology.Concept, fy int) mention {
	if r == nil || l == nil {
		return m
	}
	m.code, m.title, m.left = r.Code, r.TitleIn(fy).Long, l.Code
	m.why += "; both sides said, no code for both: right and left"
	return m
}

// bothSides gives a code read for one side (have, in its lower-case
// title) that the words say of both ("right and left lower quadrant
// pain") the right one with the left beside it; where the category has
// a code for both, bilateralRules takes that one for the two.
func (e *Engine) bothSides(m mention, title, have string, fy int) mention {
	other := e.siblingTitled(m.code, fy, func(t string) bool {
		return t == strings.ReplaceAll(title, have, map[string]string{"right": "left", "left": "right"}[have])
	})
	self := e.set.Lookup(app.ICD10CM, m.code)
	if have == "left" {
		return eachSide(m, other, self, fy)
	}
	return eachSide(m, self, other, fy)
}

// bilateralOf is a title for an unspecified side ("..., unspecified
// eye") as its bilateral sibling words it ("..., bilateral").
func bilateralOf(title string) string {
	i := strings.LastIndex(title, "unspecified ")
	if i < 0 {
		return ""
	}
	rest := title[i+len("unspecified "):]
	if j := strings.IndexAny(rest, " ,"); j >= 0 {
		return title[:i] + "bilateral" + rest[j:]
	}
	return title[:i] + "bilateral"
}

// sidedSibling returns the sibling of code whose title is title (lower
// case) with one of its "unspecified" words replaced by side, or else the
// one sibling whose title is title with the side moved before its last
// word ("pain in right leg" beside "pain in leg, unspecified").
func (e *Engine) sidedSibling(code, title, side string, fy int) *terminology.Concept {
	if x := e.unspecifiedReplaced(code, title, side, fy); x != nil {
		return x
	}
	var found []string
	e.siblingTitled(code, fy, func(t string) bool {
		if strings.Contains(t, side+" ") && strings.Replace(t, side+" ", "", 1)+", unspecified" == title && !slices.Contains(found, t) {
			found = append(found, t)
		}
		return false
	})
	if len(found) != 1 {
		return nil
	}
	return e.siblingTitled(code, fy, func(t string) bool { return t == found[0] })
}

// dominance gives a code for a side's dominant or nondominant side the
// dominance its chunk's words say, or else the one §I.C.6.a gives: the
// side of the patient's dominant hand is dominant; else, for an
// ambidextrous patient either side, and otherwise the right side, is
// dominant, the left nondominant ("left hemiplegia" is G81.94, not G81.92).
func (e *Engine) dominance(m mention, chunk, sentence []token, fy int) mention {
	title := strings.ToLower(m.title)
	side := sideOf(m.title)
	if side != "right" && side != "left" || !strings.Contains(title, " dominant side") && !strings.Contains(title, " nondominant side") {
		return m
	}
	kind, said := handDominance(chunk, sentence, side)
	want := side + " " + kind + " side"
	if strings.Contains(title, want) {
		return m
	}
	from := side + " dominant side"
	if !strings.Contains(title, from) {
		from = side + " nondominant side"
	}
	if x := e.siblingTitled(m.code, fy, func(t string) bool { return t == strings.Replace(title, from, want, 1) }); x != nil {
		m.code, m.title = x.Code, x.TitleIn(fy).Long
		if !said {
			m.why += "; dominance not said: " + want + " (§I.C.6.a)"
		}
	}
	return m
}

// handSide reads a side word (sideNames: "right", "rt"), or a hand's
// "r" or "l", as the right or left side; "" for any other word.
func handSide(w string) string {
	switch w {
	case "r":
		return "right"
	case "l":
		return "left"
	}
	if s := sideNames[search.Word(w)]; s == "right" || s == "left" {
		return s
	}
	return ""
}

// handDominance returns whether side is the "dominant" or "nondominant"
// one, and whether the note says so: the chunk's own words ("left
// nondominant hemiparesis", "left-dominant", "affecting the dominant
// side"), else the patient's dominant hand anywhere in the sentence
// ("right hand dominant", "left-handed", "ambidextrous"); else §I.C.6.a's
// default for side. A "dominant" of something else ("autosomal dominant")
// says nothing.
func handDominance(chunk, sentence []token, side string) (string, bool) {
	byHand := func(hand string) string {
		if hand == side {
			return "dominant"
		}
		return "nondominant"
	}
	for k, t := range chunk {
		prev := ""
		if k > 0 {
			prev = chunk[k-1].raw
		}
		switch {
		case t.raw == "nondominant" || t.raw == "non-dominant" || t.raw == "dominant" && prev == "non":
			return "nondominant", true
		case t.raw == "dominant" && handSide(prev) != "":
			return byHand(handSide(prev)), true // "left dominant hemiparesis"
		case strings.HasSuffix(t.raw, "-dominant") && handSide(strings.TrimSuffix(t.raw, "-dominant")) != "":
			return byHand(handSide(strings.TrimSuffix(t.raw, "-dominant"))), true
		case t.raw == "dominant" && k+1 < len(chunk) && chunk[k+1].raw == "side":
			return "dominant", true // "affecting the dominant side"
		}
	}
	kind := "nondominant"
	if side == "right" {
		kind = "dominant"
	}
	for k, t := range sentence {
		if hand := handAt(sentence, k); hand != "" {
			return byHand(hand), true
		}
		if t.raw == "ambidextrous" || t.raw == "handed" && k > 0 && sentence[k-1].raw == "both" {
			kind = "dominant"
		}
	}
	return kind, false
}

// entrySided returns the one code beside m's (same parent) for side
// whose title names the words of the last level of m's Index path, or
// nil.
func (e *Engine) entrySided(m mention, side string, fy int) *terminology.Concept {
	entry := lastLevelWords(m.why)
	if len(entry) == 0 {
		return nil
	}
	c := e.set.Lookup(app.ICD10CM, m.code)
	if c == nil || c.Parent == "" {
		return nil
	}
	p := e.set.Lookup(app.ICD10CM, c.Parent)
	if p == nil {
		return nil
	}
	var found *terminology.Concept
	for _, k := range p.Children {
		x := e.set.Lookup(app.ICD10CM, k)
		if x == nil || x.Code == m.code || !x.Billable.Has(fy) {
			continue
		}
		t := x.TitleIn(fy).Long
		tw := search.ContentWords(t)
		if titleSide(t) == side && !slices.ContainsFunc(entry, func(w string) bool { return !rootMatch(w, tw) }) {
			if found != nil {
				return nil // two: the words do not say which
			}
			found = x
		}
	}
	return found
}

// unspecifiedReplaced returns the sibling of code whose title is title
// with one of its "unspecified" words replaced by side.
func (e *Engine) unspecifiedReplaced(code, title, side string, fy int) *terminology.Concept {
	return e.siblingTitled(code, fy, func(t string) bool {
		for k := 0; k < len(title); {
			j := strings.Index(title[k:], "unspecified")
			if j < 0 {
				return false
			}
			j += k
			if t == title[:j]+side+title[j+len("unspecified"):] {
				return true
			}
			k = j + 1
		}
		return false
	})
}

// siblingTitled returns the code valid in fy beside code whose lower-case
// title want accepts, or nil. For a code of six characters or more it
// looks one level up too ("S52.501A" → "S52.509A"; L89.609 → L89.629).
func (e *Engine) siblingTitled(code string, fy int, want func(string) bool) *terminology.Concept {
	c := e.set.Lookup(app.ICD10CM, code)
	if c == nil || c.Parent == "" {
		return nil
	}
	p := e.set.Lookup(app.ICD10CM, c.Parent)
	for depth := 0; p != nil && depth < 2; depth++ {
		for _, k := range p.Children {
			sib := e.set.Lookup(app.ICD10CM, k)
			if sib == nil {
				continue
			}
			cands := []*terminology.Concept{sib}
			if depth == 1 {
				cands = cands[:0]
				for _, k := range sib.Children {
					if x := e.set.Lookup(app.ICD10CM, k); x != nil {
						cands = append(cands, x)
					}
				}
			}
			for _, x := range cands {
				if x.Code != code && x.Billable.Has(fy) && want(strings.ToLower(x.TitleIn(fy).Long)) {
					return x
				}
			}
		}
		if len(code) < 6 || p.Parent == "" {
			// A subcategory's codes may name the side one level up:
			// "Pressure ulcer of unspecified heel, unspecified stage"
			// (L89.609) beside L89.629, left heel.
			break
		}
		p = e.set.Lookup(app.ICD10CM, p.Parent)
	}
	return nil
}

// severeSepsis returns R65.20 for a sepsis code read from words that say
// "severe sepsis" (q[wlo:whi], the word before the window too): "severe
// sepsis due to E. coli" is A41.51, then R65.20 (§I.C.1.d.4); septic shock
// is the Index's own R65.21.
func (e *Engine) severeSepsis(m mention, q []qtok, wlo, whi, fy int) (mention, bool) {
	if m.sys != app.ICD10CM || strings.HasPrefix(m.code, "R65") || !strings.HasPrefix(m.code, "A4") && !strings.Contains(strings.ToLower(m.title), "sepsis") {
		return m, false
	}
	said := false
	for k := wlo; k+1 < whi; k++ {
		// "severe sepsis", and a problem list's "sepsis, severe"
		said = said || q[k].text == "severe" && strings.HasPrefix(q[k+1].text, "seps") || strings.HasPrefix(q[k].text, "seps") && q[k+1].text == "severe"
	}
	c := e.set.Lookup(app.ICD10CM, "R6520")
	if !said || c == nil || !c.Billable.Has(fy) {
		return m, false
	}
	x := m
	x.code, x.title, x.manif, x.left = c.Code, c.TitleIn(fy).Long, "", ""
	x.conf -= 0.01
	x.rule = "severe sepsis, after the systemic infection (§I.C.1.d.4)"
	return x, true
}

// acuteOf returns, for a code read from an Index path through "chronic"
// when q[wlo:whi] (the window and the two words before it) says "acute
// on chronic" or "acute and chronic", the
// code of the same entry's "acute" subentry: "acute on chronic
// pancreatitis" is K85.90 and K86.1 (§I.B.8). A path that says both is a
// combination code (Failure, heart, diastolic, acute and (on) chronic:
// I50.33) and gets no other.
func (e *Engine) acuteOf(m mention, q []qtok, wlo, whi, i, fy int) (mention, bool) {
	path := indexPath(m.why)
	if path == "" || !strings.HasPrefix(m.why, "index: ") {
		return m, false
	}
	levels := strings.Split(path, " > ")
	chronicAt := -1
	for k, l := range levels {
		ws := search.Words(l)
		if slices.Contains(ws, search.Word("acute")) {
			return m, false
		}
		if k > 0 && chronicAt < 0 && slices.Contains(ws, search.Word("chronic")) {
			chronicAt = k
		}
	}
	if chronicAt < 0 {
		return m, false
	}
	acute, chronic := -1, -1
	for k := wlo; k < whi; k++ {
		switch q[k].text {
		case "acute":
			acute = k
		case "chronic":
			if acute >= 0 && k-acute <= 2 && (k-acute == 1 || q[acute+1].text == "on" || q[acute+1].text == "and") {
				chronic = k
			}
		}
	}
	if chronic < 0 {
		return m, false
	}
	aq, _ := leftOut(q, wlo, whi, func(k int) bool { return k > acute && k <= chronic })
	x, _, ok := e.resolve(m.sys, fy, aq, wlo, whi, i)
	if !ok || x.code == m.code || !strings.HasPrefix(x.why, "index: ") {
		return m, false
	}
	xl := strings.Split(indexPath(x.why), " > ")
	if len(xl) <= chronicAt || strings.Join(xl[:chronicAt], " > ") != strings.Join(levels[:chronicAt], " > ") || !slices.Contains(search.Words(xl[chronicAt]), search.Word("acute")) {
		return m, false // the acute subentry must sit where the chronic one does
	}
	if e.excludes(x.code, m.code) || e.excludes(m.code, x.code) {
		// "Acute on chronic pain": R52 Excludes1 G89.-.
		return m, false
	}
	out := m
	out.code, out.title, out.why, out.manif, out.left = x.code, x.title, x.why, "", ""
	out.rule = "acute and chronic (§I.B.8)"
	return out, true
}

// excludes reports whether an Excludes1 note of code (or of a category
// above it) names other, read as the edits read it (edits.ParseRefs:
// ranges, "with" qualifiers).
func (e *Engine) excludes(code, other string) bool {
	c := e.set.Lookup(app.ICD10CM, code)
	return c != nil && e.notesName(c, terminology.Excludes1, other)
}

// within returns a copy of q with the words outside [lo, hi) left out,
// but for a scope's approach ("laparoscopic appendectomy and
// cholecystectomy": both through the scope).
func within(q []qtok, lo, hi int) []qtok {
	out := make([]qtok, len(q))
	copy(out[lo:hi], q[lo:hi])
	for k, t := range q {
		if (k < lo || k >= hi) && (scopeApproach(t.text) || strings.Contains(t.text, "endoscopic")) {
			out[k] = t // ("laparoscopic" reads as "percutaneous endoscopic")
		}
	}
	return out
}

// sideless returns q with the side's words of q[wlo:whi] left out (their
// places kept, so coverage lines up), and whether there were any.
func sideless(q []qtok, wlo, whi int) ([]qtok, bool) {
	return leftOut(q, wlo, whi, func(k int) bool { return saysAny(q[k:k+1], sideWords) })
}

// leftOut returns q with the words k of q[wlo:whi] that out reports left
// out (their places kept, so coverage lines up), and whether there were
// any; q itself is not changed.
func leftOut(q []qtok, wlo, whi int, out func(k int) bool) ([]qtok, bool) {
	var nq []qtok
	for k := wlo; k < whi; k++ {
		if out(k) {
			if nq == nil {
				nq = append([]qtok(nil), q...)
			}
			nq[k] = qtok{}
		}
	}
	return nq, nq != nil
}

// localized turns enlarged lymph nodes the note places in one region
// ("cervical lymphadenopathy", "inguinal adenopathies") into R59.0,
// Localized enlarged lymph nodes: the Index's "Lymphadenopathy
// (generalized)" gives R59.1 when the note names no region, and a region
// named is the subterm "localized" a coder reads. So is edema of a part
// of the body ("facial edema", "edema of both ankles"): Edema, localized,
// R60.0.
func (e *Engine) localized(m mention, w []qtok, fy int) mention {
	to, regions := "", nodeRegions
	switch m.code {
	case "R591", "R599":
		to = "R590"
	case "R609":
		if strings.Contains(strings.ToLower(m.why), "edema") {
			// Edema, not "Swelling (of)": a swollen joint is the
			// joint's effusion, which the Index gives elsewhere.
			to, regions = "R600", edemaRegions
		}
	}
	if to == "" || saysAny(w, generalizedWords) || !saysAny(w, regions) {
		return m
	}
	c := e.set.Lookup(app.ICD10CM, to)
	if c == nil || !c.Billable.Has(fy) {
		return m
	}
	m.code, m.title = c.Code, c.TitleIn(fy).Long
	m.why += "; a region named: localized"
	return m
}

// nodeRegions are the regions lymph nodes are named by; generalizedWords
// say they are enlarged all over. edemaRegions are the parts of the body
// an edema is localized to.
var nodeRegions, generalizedWords, edemaRegions = map[string]bool{}, map[string]bool{}, map[string]bool{}

func init() {
	for _, w := range strings.Fields(`cervical neck inguinal groin axillary axilla supraclavicular
		submandibular mediastinal hilar mesenteric retroperitoneal paraaortic para-aortic iliac
		pelvic abdominal occipital preauricular postauricular popliteal epitrochlear femoral
		tracheobronchial paratracheal subcarinal periportal portal celiac`) {
		nodeRegions[search.Word(w)] = true
	}
	for _, w := range strings.Fields("generalized generalised diffuse widespread disseminated systemic anasarca") {
		generalizedWords[search.Word(w)] = true
	}
	for _, w := range strings.Fields(`face facial periorbital eyelid eyelids lip lips hand hands arm arms leg legs ankle ankles
		foot feet pedal pretibial extremity extremities limb limbs submandibular neck scrotal scrotum genital penile
		vulvar perineal knee knees finger fingers toe toes calf calves thigh thighs wrist wrists`) {
		edemaRegions[search.Word(w)] = true
	}
}

// sideWords name a side; sideNames the side a title words it by.
var sideWords, sideNames = map[string]bool{}, map[string]string{}

func init() {
	for _, w := range strings.Fields("right left bilateral both rt lt") {
		sideWords[search.Word(w)] = true
	}
	for w, side := range map[string]string{"right": "right", "rt": "right", "left": "left", "lt": "left", "bilateral": "bilateral", "both": "bilateral"} {
		sideNames[search.Word(w)] = side
	}
}

// causeLinks join a condition to its cause.
var causeLinks = map[string]bool{"due": true, "secondary": true, "following": true, "after": true}

// otherKindSaid reports a word of q[wlo:whi] that cov leaves unexplained,
// or of the two before or after it (in another chunk: "secondary" is read
// as "secondary to"), that a title of c's category says and c's own does
// not: "secondary osteoarthritis of the right knee", "osteoarthritis of
// the left knee secondary to an old ACL tear" are not M17.1-, unilateral
// primary osteoarthritis; "severe" names no kind of M17.
func (e *Engine) otherKindSaid(q []qtok, wlo, whi int, cov []bool, c *terminology.Concept, fy int) bool {
	own := search.ContentWords(c.TitleIn(fy).Long)
	var near []int
	for k := max(0, wlo-2); k < min(len(q), whi+2); k++ {
		if k < wlo || k >= whi || !cov[k-wlo] {
			near = append(near, k)
		}
	}
	for _, k := range near {
		if k >= wlo && causeLinks[q[k].text] {
			// "Osteoarthritis of the right knee due to old injury": a
			// cause said names a kind (secondary, post-traumatic).
			return true
		}
		if !isContent(q[k]) || saysAny(q[k:k+1], sideWords) || rootMatch(q[k].text, own) {
			continue
		}
		for r := range e.set.RowsWithPrefix(app.ICD10CM, c.Code[:min(3, len(c.Code))]) {
			if slices.ContainsFunc(q[k].norms, func(n string) bool {
				return !filler[n] && rootMatch(n, search.ContentWords(r.Concept().TitleIn(fy).Long))
			}) {
				return true
			}
		}
	}
	return false
}

type sidesKey struct {
	cat string
	fy  int
}

// hasUnilateral and lateral read sidesOf.
func (e *Engine) hasUnilateral(code string, fy int) bool { u, _ := e.sidesOf(code, fy); return u }
func (e *Engine) lateral(code string, fy int) bool       { _, l := e.sidesOf(code, fy); return l }

// sidesOf says of a category (a code's first three characters) whether
// it has a code titled "unilateral" (M17, K40, H90: only there may the
// Index have a "unilateral" entry a side said stands for) and whether it
// has codes for a side or both (not J43, whose "unilateral" emphysema is
// MacLeod's syndrome). Remembered per category and year.
func (e *Engine) sidesOf(code string, fy int) (unilateral, lateral bool) {
	cat := code[:min(3, len(code))]
	e.mu.Lock()
	v, ok := e.sides[sidesKey{cat, fy}]
	e.mu.Unlock()
	if ok {
		return v[0], v[1]
	}
	for r := range e.set.RowsWithPrefix(app.ICD10CM, cat) {
		title := strings.ToLower(r.Concept().TitleIn(fy).Long)
		v[0] = v[0] || strings.Contains(title, "unilateral")
		v[1] = v[1] || sideOf(title) != "" || strings.Contains(title, "bilateral")
	}
	e.mu.Lock()
	if len(e.sides) < maxCache {
		e.sides[sidesKey{cat, fy}] = v
	}
	e.mu.Unlock()
	return v[0], v[1]
}

// oneSide returns the side, "right" or "left", words say when they say
// one and not both; else "".
func oneSide(w []qtok) string {
	if side, ok := saidSide(w); ok && side != "bilateral" {
		return side
	}
	return ""
}

// saidSide returns the side words say ("right", "left", "bilateral" for
// "both" or "bilateral"; "" for none), ok false when they name two.
func saidSide(w []qtok) (string, bool) {
	side := ""
	for _, t := range w {
		for _, n := range t.norms {
			switch s := sideNames[n]; {
			case s == "":
			case side != "" && side != s:
				return "", false
			default:
				side = s
			}
		}
	}
	return side, true
}

// sideOf returns "right" or "left" when a title is for one side.
// titleSide is the side a title names, "bilateral" for both, or "".
func titleSide(title string) string {
	if side := sideOf(title); side != "" || !containsFold(title, "bilateral") {
		return side
	}
	return "bilateral"
}

func sideOf(title string) string {
	for w := range strings.FieldsSeq(title) {
		w = strings.Trim(w, ",()")
		switch {
		case strings.EqualFold(w, "right"):
			return "right"
		case strings.EqualFold(w, "left"):
			return "left"
		}
	}
	return ""
}

// siteless maps the code a neoplasm's morphology gives when the site is
// not said ("carcinoma" → C80.1) to the Neoplasm Table column that codes
// it by site (canonical codes; column heads as the table prints them).
var siteless = map[string]string{
	"C801": "malignant primary", "C799": "malignant secondary", "C800": "malignant primary",
	"D099": "ca in situ", "D369": "benign", "D489": "uncertain behavior", "D499": "unspecified behavior",
}

// neoplasmSiteIn looks the site words of q[wlo:whi] up in the Neoplasm
// Table's column col: a hit of that column explaining a word of the
// window other than the morphology word i gives the code by site.
func (e *Engine) neoplasmSiteIn(fy int, q []qtok, wlo, whi, i int, col string) (mention, []bool, bool) {
	q = siteNouns(q, wlo, whi)
	var b strings.Builder
	for k := wlo; k < whi; k++ {
		if k != i && isContent(q[k]) && !e.isAnchorMorphology(q[k]) {
			b.WriteString(q[k].text)
			b.WriteByte(' ')
		}
	}
	if b.Len() == 0 {
		return mention{}, nil, false
	}
	query := b.String() + "neoplasm " + col
	m, strong, ok := e.tableRowHit(fy, q, wlo, whi, i, col, query)
	if !ok {
		return m, nil, false
	}
	if e.siteLeftOut(q, wlo, whi, i, strong) {
		// "Lymph node": the row found (lymph channel, C79.89) leaves
		// "node" out because the code title of the row below it (C77.9,
		// "... malignant neoplasm of lymph node") outranks the row. Said
		// with the table's head, "Neoplasm, neoplastic", the rows
		// outrank the titles; a row below the one found is taken.
		if dm, dstrong, ok := e.tableRowHit(fy, q, wlo, whi, i, col, b.String()+"neoplasm neoplastic "+col); ok && (below(tableLevels(m.why), tableLevels(dm.why)) || e.moreSite(q, wlo, i, strong, dstrong)) {
			m, strong = dm, dstrong
		}
	}
	if col == "malignant primary" && e.siteLeftOut(q, wlo, whi, i, strong) {
		// "Carcinoma in the lymph nodes": the row the words name,
		// lymph gland (secondary), has no primary code, so a row
		// above it (lymph channel, C49.9) or beside it (axilla, C76.1)
		// was found. The site's malignancy is coded in the secondary
		// column.
		s, scov, ok := e.neoplasmSiteIn(fy, q, wlo, whi, i, "malignant secondary")
		if ok && (below(tableLevels(m.why), tableLevels(s.why)) || e.moreSite(q, wlo, i, strong, scov)) && !e.hasPrimary(tableLevels(s.why)) {
			s.why += "; the table has no primary code for this site"
			return s, scov, true
		}
	}
	return m, strong, true
}

// tableRowHit returns the first hit of the query that is a row of the
// Neoplasm Table's column col whose site the words of q[wlo:whi] say,
// with the words it explains.
func (e *Engine) tableRowHit(fy int, q []qtok, wlo, whi, i int, col, query string) (mention, []bool, bool) {
	w := q[wlo:whi]
	for _, h := range e.search(app.ICD10CM, fy, query, 10) {
		why, ok := strings.CutPrefix(h.Why, "neoplasm: ")
		// A row coded by the row it names ends with the reference:
		// "node [Malignant Secondary] → see Neoplasm, lymph gland".
		row, _, _ := strings.Cut(why, " → ")
		if !ok || !strings.HasSuffix(strings.ToLower(row), "["+col+"]") {
			continue
		}
		if strings.Contains(why, "> primary NEC") && !saysPart(w, "primary") {
			// "Lymph node > primary NEC" (C96.9) is a lymph node's
			// malignancy specified as primary; unqualified it is
			// secondary (C77, §I.C.2).
			continue
		}
		_, strong, _ := e.coverage(h, fy, w)
		site := false
		for k, c := range strong {
			if c && wlo+k != i && isContent(w[k]) && !e.isAnchorMorphology(w[k]) {
				site = true
			}
		}
		if !site || !e.siteSaid(h, fy, w) {
			continue
		}
		strong[i-wlo] = true
		return mention{sys: app.ICD10CM, code: h.Concept.Code, complete: true, title: h.Concept.TitleIn(fy).Long,
			why: "neoplasm table: " + why + " (" + q[i].text + ")", conf: 0.9, query: query}, strong, true
	}
	return mention{}, nil, false
}

// siteLeftOut reports a site word of q[wlo:whi] (not the morphology word
// i, nor a side) that the words a row explains leave out.
func (e *Engine) siteLeftOut(q []qtok, wlo, whi, i int, strong []bool) bool {
	for k := wlo; k < whi; k++ {
		if k != i && !strong[k-wlo] && isContent(q[k]) && !e.isAnchorMorphology(q[k]) && !sideWords[q[k].text] {
			return true
		}
	}
	return false
}

// moreSite reports a row (its words: to) that explains every site word
// of the window from wlo another row (from) explains, and more: "axillary
// lymph nodes" is the row "lymph > node > axilla", not "axilla". The site
// words are those other than the morphology word i and a side.
func (e *Engine) moreSite(q []qtok, wlo, i int, from, to []bool) bool {
	more := false
	for k := range min(len(from), len(to)) {
		if wlo+k == i || !isContent(q[wlo+k]) || e.isAnchorMorphology(q[wlo+k]) || sideWords[q[wlo+k].text] {
			continue
		}
		if from[k] && !to[k] {
			return false
		}
		more = more || to[k] && !from[k]
	}
	return more
}

// below reports a Neoplasm Table row under another: its levels extend
// the other's.
func below(above, row []string) bool {
	return len(row) > len(above) && slices.Equal(row[:len(above)], above)
}

// tableColumn returns the Neoplasm Table column a hit's reason names
// ("neoplasm: Neoplasm, neoplastic > colon [Benign] → see ...": Benign).
func tableColumn(why string) (string, bool) {
	if !strings.HasPrefix(why, "neoplasm: ") {
		return "", false
	}
	row, _, _ := strings.Cut(why, " → ")
	i := strings.LastIndex(row, " [")
	if i < 0 || !strings.HasSuffix(row, "]") {
		return "", false
	}
	return row[i+2 : len(row)-1], true
}

// tableLevels returns the Neoplasm Table row a mention's reason names,
// level by level.
func tableLevels(why string) []string {
	row, _ := strings.CutPrefix(why, "neoplasm table: ")
	row, _, _ = strings.Cut(row, " [")
	return strings.Split(row, " > ")
}

// hasPrimary reports a Neoplasm Table row, given level by level, with a
// Malignant Primary cell; a row the table does not hold has none.
func (e *Engine) hasPrimary(row []string) bool {
	table := e.set.Index(terminology.NeoplasmTable)
	if table == nil {
		return true
	}
	t := termAt(table.Terms, row)
	if t == nil {
		return false
	}
	for _, c := range t.Cells {
		if strings.EqualFold(table.Head(c.Col), "malignant primary") {
			return true
		}
	}
	return false
}

// isAnchorMorphology reports a word naming a neoplasm's kind rather than
// its site, which the Neoplasm Table lookup leaves out.
func (e *Engine) isAnchorMorphology(t qtok) bool {
	for _, n := range t.norms {
		// "-oma" names a growth (adenoma, lipoma, sarcoma), never a
		// site: "adenoma" is not the adenoid.
		if morphology[n] || strings.HasSuffix(n, "oma") || strings.HasSuffix(n, "omas") {
			return true
		}
	}
	return false
}

var morphology = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`carcinoma cancer adenocarcinoma malignancy malignant tumor tumour neoplasm
		neoplastic sarcoma metastasis metastases metastatic secondary primary benign lesion mass nodule
		papillary transitional urothelial squamous cell cells follicular ductal lobular invasive infiltrating
		clear grade high low differentiated poorly well moderately situ stage tubular villous tubulovillous
		serrated sessile`) {
		morphology[search.Word(w)] = true
	}
}

// uncovered narrows the span [wlo, whi) around word i to the words no
// other finding explains: in "liver metastases from colon cancer" the
// cancer's site is the colon, the liver being the metastases'.
func uncovered(covered []bool, lo, wlo, whi, i int) (int, int) {
	for k := i - 1; k >= wlo; k-- {
		if covered[k-lo] {
			wlo = k + 1
			break
		}
	}
	for k := i + 1; k < whi; k++ {
		if covered[k-lo] {
			whi = k
			break
		}
	}
	return wlo, whi
}

// negatedWords reports a code that explains words the note negates when
// its anchor i is not negated, unless the code is itself "without" them
// ("diabetes without complications").
func negatedWords(a asserted, q []qtok, i, wlo int, cov []bool, m mention) bool {
	if a.kind[i] == Negated {
		return false
	}
	var absent []string // the words the code is "without"
	for k, c := range cov {
		if !c || a.kind[wlo+k] != Negated || a.isCue[wlo+k] {
			continue
		}
		t := strings.ToLower(m.title + " > " + m.why)
		if !strings.Contains(t, "without") && !strings.Contains(t, " no ") {
			return true
		}
		if strings.Contains(t, " no ") {
			continue
		}
		if absent == nil {
			absent = withoutWords(t)
		}
		// "Nausea without vomiting" is not R11.11, Vomiting without
		// nausea: the word negated must be what the code is without.
		said := false
		for _, n := range q[wlo+k].norms {
			said = said || rootMatch(n, absent)
		}
		if !said {
			return true
		}
	}
	return false
}

// absentSaid returns the words a code is "without" (its title) or has
// "no" of (its Index path), when the note says them all, not negated, in
// q[wlo:hi] (the chunk from the code's window on); else nil.
func absentSaid(a asserted, q []qtok, wlo, hi int, m mention) []string {
	t := strings.ToLower(m.title)
	absent := withoutWords(t)
	for _, level := range strings.Split(strings.ToLower(m.why), " > ") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(level), "no "); ok {
			absent = append(absent, search.ContentWords(rest)...)
		}
	}
	if len(absent) == 0 {
		return nil
	}
	said := map[string]bool{}
	for k := wlo; k < hi; k++ {
		if a.kind[k] == Negated {
			continue
		}
		for _, n := range q[k].norms {
			if rootMatch(n, absent) {
				said[n] = true
			}
		}
	}
	// Every word the code is without: "loss of consciousness", not
	// "loss" of something else.
	n := 0
	for _, x := range absent {
		if !filler[x] {
			n++
			if !rootMatch(x, keys(said)) {
				return nil
			}
		}
	}
	if n == 0 {
		return nil
	}
	var out []string
	for _, x := range absent {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// withSibling returns the code of m's category that is with the words
// the code is without (of unspecified duration or kind, if the category
// has one), for the same encounter; or nil.
func (e *Engine) withSibling(m mention, with []string, fy int) *terminology.Concept {
	title := strings.ToLower(m.title)
	suffix := ""
	if len(m.code) == 7 {
		if i := strings.LastIndex(title, ", "); i >= 0 {
			suffix = title[i:]
		}
	}
	fits := func(t string) bool {
		if strings.Contains(t, "without") || !strings.HasSuffix(t, suffix) {
			return false
		}
		ws := search.ContentWords(t)
		for _, x := range with {
			if !filler[x] && !rootMatch(x, ws) {
				return false
			}
		}
		return true
	}
	// Of unspecified duration or kind: a title that says "unspecified"
	// more often than the code's own ("Unspecified intracranial injury
	// with loss of consciousness of unspecified duration").
	if c := e.siblingTitled(m.code, fy, func(t string) bool {
		return fits(t) && strings.Count(t, "unspecified") > strings.Count(title, "unspecified")
	}); c != nil {
		return c
	}
	return e.siblingTitled(m.code, fy, fits)
}

// negatedOut returns q with the words of q[wlo:whi] the note negates
// left out (their places kept), and whether there were any.
func negatedOut(q []qtok, a asserted, wlo, whi int) ([]qtok, bool) {
	return leftOut(q, wlo, whi, func(k int) bool { return a.kind[k] == Negated })
}

// withoutWords returns the words after each "without" of t, up to the
// next comma, Index level or parenthesis.
func withoutWords(t string) []string {
	var out []string
	for {
		i := strings.Index(t, "without ")
		if i < 0 {
			return out
		}
		t = t[i+len("without "):]
		part := t
		if j := strings.IndexAny(part, ",>()"); j >= 0 {
			part = part[:j]
		}
		out = append(out, search.ContentWords(part)...)
	}
}

// ratingWords follow a word that names what an instrument rates.
var ratingWords = map[string]bool{"scale": true, "scales": true, "score": true, "scores": true, "acuity": true}

// testedWords name what a test provokes, not what it found: "stress test"
// (a positive HIV test, pregnancy test or skin test is a finding).
var testedWords = map[string]bool{"stress": true, "exercise": true, "treadmill": true}

// rated reports a word that names what a rating instrument measures
// ("Glasgow Coma Scale 15", "depression score"): the note gives a
// measurement, not the condition.
func rated(q []qtok, i, hi int) bool {
	return i+1 < hi && (ratingWords[q[i+1].text] || testedWords[q[i].text] && strings.HasPrefix(q[i+1].text, "test"))
}

// tracingWords name the part of an ECG tracing a change is in.
var tracingWords = map[string]bool{"st": true, "pr": true, "segment": true, "st-segment": true, "wave": true, "waves": true}

// tracing reports a word that describes an ECG tracing ("ST depression",
// "T wave inversion", "PR depression"), not the patient: ST depression
// is no depressive episode. A code the tracing supports ("ST elevation
// myocardial infarction") is reached by the words after it.
func tracing(q []qtok, lo, i int) bool {
	return i > lo && tracingWords[q[i-1].text]
}

// allergyStatus reports an unspecified allergy code (T78.4-) read from
// "allergic to" or "allergy to" a substance: an allergy the patient has,
// listed, not a reaction the encounter treats.
func allergyStatus(m mention, q []qtok, i int) bool {
	return m.sys == app.ICD10CM && strings.HasPrefix(m.code, "T784") && i+1 < len(q) && q[i+1].text == "to"
}

// prefixed reports a word its prefix turns into another thing:
// "non-painful", "anti-tuberculous" (prefixOf). A code for the word after
// the prefix ("painful") is not what the note says.
func prefixed(t qtok) bool { return prefixOf(t) != "" }

// prefixOf returns the prefix of a word that turns it into another
// thing: "non-" (its absence) or "anti-" (what acts against it:
// "anti-tuberculous treatment" is no tuberculosis).
func prefixOf(t qtok) string {
	for _, p := range []string{"non-", "anti-"} {
		if strings.HasPrefix(t.text, p) {
			return p[:len(p)-1]
		}
	}
	return ""
}

// saysPrefix reports whether a mention's Index path or title says the
// anchor's prefix itself ("Lymphoma > non-Hodgkin",
// "Non-ST elevation (NSTEMI) myocardial infarction", "Anti-NMDA receptor
// encephalitis").
func saysPrefix(m mention, t qtok) bool {
	p := prefixOf(t)
	for _, w := range search.Words(m.why + " " + m.title) {
		if w == p {
			return true
		}
	}
	return false
}

// modifies reports an adjective (ischemic, hemorrhagic, allergic) right
// before a word that names a finding of its own in the same chunk.
func modifies(q []qtok, i, hi int, anchors map[string]bool) bool {
	if i+1 >= hi || !strings.HasSuffix(q[i].text, "ic") {
		return false
	}
	for _, n := range q[i+1].norms {
		if anchors[n] {
			return true
		}
	}
	return false
}

// spreadSites is q with the words from the spread word i up to a
// morphology word after it left out: in "metastatic breast cancer to
// bone" the breast is the primary's site, the bone the spread's.
func spreadSites(q []qtok, i, whi int, morphology func(qtok) bool) []qtok {
	for m := i + 1; m < whi && m <= i+4; m++ {
		if morphology(q[m]) && !saysAny(q[m:m+1], spreadWords) {
			out := append([]qtok(nil), q...)
			for k := i + 1; k <= m; k++ {
				out[k] = qtok{}
			}
			return out
		}
	}
	return q
}

// primaryWords name a malignant neoplasm the Index codes by site through
// the Neoplasm Table's "malignant primary" column.
var primaryWords = wordSet("adenocarcinoma adenocarcinomas carcinoma carcinomas cancer malignancy")

// spreadWords name a neoplasm's spread to a site, coded from the Neoplasm
// Table's "malignant secondary" column by that site.
var spreadWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields("metastasis metastases metastatic mets") {
		spreadWords[search.Word(w)] = true
	}
}

// window is the span around anchor i with up to before and after content
// words on each side, within [lo, hi).
func window(q []qtok, lo, hi, i, before, after int) (int, int) {
	wlo, n := i, 0
	for wlo > lo && n < before {
		wlo--
		if isContent(q[wlo]) && !(isNumber(q[wlo].text) && wlo > lo && q[wlo-1].text == "type") {
			// A type's number is the type's word: "poorly controlled
			// type 2 diabetes" is read from "poorly".
			n++
		}
	}
	whi, n := i+1, 0
	for whi < hi && n < after {
		if isContent(q[whi]) {
			n++
		}
		whi++
	}
	// Stop words at the edges join nothing: "with a cerebral hemorrhage"
	// is looked up as "cerebral hemorrhage", not as an Index "with" line.
	for wlo < i && joinsNothing(q[wlo]) {
		wlo++
	}
	for whi > i+1 && joinsNothing(q[whi-1]) {
		whi--
	}
	return wlo, whi
}

// joinsNothing reports a word at a window's edge that only links words
// the window leaves out: a stop word, or a connective the Index lines
// are written with ("with", "due to"), which would pull the search to
// them.
func joinsNothing(t qtok) bool {
	return !isContent(t) || connectives[t.text]
}

// causeAt returns where "due to", "secondary to" or "caused by" starts
// in toks[i+1:hi] when an organism follows it, else -1.
func causeAt(toks []token, i, hi int) int {
	k := causeWordsAt(toks, i, hi)
	if k < 0 {
		return -1
	}
	for j := k + 2; j < min(hi, k+5); j++ {
		if _, ok := genus(toks, j); ok || organisms[toks[j].raw] {
			return k
		}
	}
	return -1
}

// causeWordsAt returns where the first "due to", "secondary to" or
// "caused by" of toks[i+1:hi] starts, with a word after it, or -1.
func causeWordsAt(toks []token, i, hi int) int {
	for k := i + 1; k+2 < hi; k++ {
		if (toks[k].raw == "due" || toks[k].raw == "secondary") && toks[k+1].raw == "to" || toks[k].raw == "caused" && toks[k+1].raw == "by" {
			return k
		}
	}
	return -1
}

// conditionCause returns where "due to" starts in toks(i, hi) when what
// follows is a condition: not an organism (causeAt) nor a substance, or
// -1.
func conditionCause(toks []token, i, hi int) int {
	k := causeWordsAt(toks, i, hi)
	if k < 0 {
		return -1
	}
	for j := k + 2; j < min(hi, k+5); j++ {
		if _, ok := genus(toks, j); ok || organisms[toks[j].raw] || substanceWords[toks[j].raw] {
			return -1
		}
	}
	return k
}

// drugNamed reports whether toks[k] names a row of the Table of Drugs
// and Chemicals ("delirium secondary to hydromorphone": a drug's, not a
// medical condition's, F05).
func (e *Engine) drugNamed(toks []token, k, fy int) bool {
	if k >= len(toks) {
		return false
	}
	w := toks[k].raw
	for _, h := range e.search(app.ICD10CM, fy, w, 3) {
		row, ok := strings.CutPrefix(h.Why, "drugs: ")
		if f := strings.Fields(row); ok && len(f) > 0 && strings.EqualFold(f[0], w) {
			return true
		}
	}
	return false
}

// substanceWords name a cause the Index files under the substance or the
// drug, not under a general medical condition.
var substanceWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`alcohol drug drugs medication medications opioid opioids opiates opiate narcotic
		narcotics cocaine cannabis marijuana amphetamine amphetamines methamphetamine caffeine nicotine tobacco
		benzodiazepine benzodiazepines steroid steroids corticosteroids polypharmacy withdrawal intoxication overdose
		toxicity poisoning sedative sedatives hallucinogen hallucinogens inhalant inhalants`) {
		substanceWords[w] = true
	}
}

// dueToCondition returns the mention's code "due to" a general medical
// or known physiological condition, when the entry it was read from has
// one ("Delirium, due to general medical condition": F05 for the main
// term's R41.0). The "due to" must be a subterm of the very entry the
// code was read from ("Disorder > anxiety > due to general medical
// condition" for "Disorder > anxiety"); an entry with none keeps its code
// ("Disorder > seizure" stays G40.909).
func (e *Engine) dueToCondition(fy int, q []qtok, wlo, cut int, m mention) (mention, bool) {
	entry := indexPath(m.why)
	var words []string
	for k := wlo; k < min(cut, len(q)); k++ {
		if q[k].text != "" {
			words = append(words, q[k].text)
		}
	}
	for _, tail := range []string{" due to general medical condition", " due to known physiological condition"} {
		for _, h := range e.search(app.ICD10CM, fy, strings.Join(words, " ")+tail, 10) {
			path := indexPath(h.Why)
			i := strings.Index(path, " > due to")
			if i < 0 || !strings.Contains(path[i:], "general medical condition") && !strings.Contains(path[i:], "physiological condition") {
				continue
			}
			// The words before "due to" are the entry the note's words
			// were read from ("Delirium"), or, for a title's words, the
			// Index's for them and no more ("Disorder, anxiety").
			if before := path[:i]; entry != "" && before != entry || entry == "" && !sameWords(before, words) {
				continue
			}
			d := m
			d.code, d.title, d.why = h.Concept.Code, h.Concept.TitleIn(fy).Long, h.Why
			return d, true
		}
	}
	return m, false
}

// dueToCause reads "X secondary to Y" (or "due to", "caused by") as the
// Index's subterm of X's entry for its cause, when there is one: "anemia
// secondary to CKD" is Anemia, due to (in) (with), chronic kidney disease
// (D63.1). cut is where the cause words begin ("secondary"), hi the end
// of the words that may name the cause; m is what X's words gave.
func (e *Engine) dueToCause(fy int, q []qtok, wlo, cut, hi, i int, m mention) (mention, bool) {
	entry := indexPath(m.why)
	if entry == "" || strings.Contains(entry, " > ") || cut+2 >= min(hi, len(q)) {
		return m, false
	}
	end := min(hi, len(q), cut+6)
	dq := slices.Clone(q[:end])
	dq[cut], dq[cut+1] = qtok{text: "due", norms: search.Words("due")}, qtok{text: "to", norms: search.Words("to")}
	end = linkedStage(dq, i, end) // the cause's stage is its own code's (N18.4)
	dm, cov, ok := e.resolve(app.ICD10CM, fy, dq, wlo, end, i)
	rest, in := strings.CutPrefix(indexPath(dm.why), entry+" > ")
	if !ok || !in || !strings.HasPrefix(rest, "due to") && !strings.HasPrefix(rest, "in (due to)") || !slices.Contains(cov[cut+2-wlo:], true) {
		return m, false
	}
	dm.ev, dm.sec, dm.assertion, dm.cue = m.ev, m.sec, m.assertion, m.cue
	return dm, true
}

// sameWords reports whether an Index path says the words and no others.
func sameWords(path string, words []string) bool {
	var said []string
	for _, w := range words {
		said = append(said, search.StrongWords(w)...)
	}
	ps := search.StrongWords(withoutParens(path))
	if len(ps) == 0 {
		return false
	}
	for _, x := range ps {
		// A comma form that is a variant of a word said is said with it
		// ("Delirium, delirious": "delirium due to urinary tract
		// infection" is F05).
		if !slices.Contains(said, x) && !slices.ContainsFunc(said, func(y string) bool { return slices.Contains(ps, y) && variant(x, y) }) {
			return false
		}
	}
	for _, x := range said {
		if !slices.Contains(ps, x) {
			return false
		}
	}
	return true
}

// withoutTitleWords is a hit's reason without the words the code's own
// title met ("; title: right"): each code of a category one Index entry
// gives has its own.
func withoutTitleWords(why string) string {
	if i := strings.Index(why, "; title: "); i >= 0 {
		return why[:i]
	}
	return why
}

// indexPath is an Index hit's path without its cross-reference ("index:
// Delirium, delirious (acute) > due to" is "Delirium, delirious (acute)
// > due to"), or "" for a title or inclusion term.
func indexPath(why string) string {
	rest, ok := strings.CutPrefix(why, "index: ")
	if !ok {
		return ""
	}
	if i := strings.Index(rest, " →"); i >= 0 {
		rest = rest[:i]
	}
	return withoutTitleWords(rest)
}

// causeLen is how many words from cut say the cause: "due to" and the
// organism's name ("due to E. coli", "caused by Klebsiella pneumoniae"),
// not the infection after it ("due to E. coli pyelonephritis").
func causeLen(toks []token, cut, hi int) int {
	k := cut + 2
	for k < hi {
		t := toks[k].raw
		if _, ok := genus(toks, k); ok {
			k += 2 // the initial and the species
			continue
		}
		if !organisms[t] && !(k > cut+2 && species[t]) {
			break
		}
		k++
	}
	return min(k, hi) - cut
}

// resolvedSince reports whether a mention that is not a less certain
// candidate was added to ms after its first n.
func resolvedSince(ms []mention, n int) bool {
	for _, m := range ms[n:] {
		if !m.tail {
			return true
		}
	}
	return false
}

// linkAfter reports a "with" or "without" among q(i, whi).
func linkAfter(q []qtok, i, whi int) bool {
	for k := i + 1; k < whi; k++ {
		if q[k].text == "with" || q[k].text == "without" {
			return true
		}
	}
	return false
}

// listHead reports a chunk that starts with a finding and the preposition
// of its site ("pain in left knee"): the finding of a list of sites.
func listHead(toks []token, q []qtok, lo, hi int, e *Engine) bool {
	return hi-lo >= 3 && sitePrepositions[toks[lo+1].raw] && e.isAnchor(q[lo], false)
}

// listed reports a chunk that continues a list: after "and", "or" or a
// comma.
func listed(toks []token, lo int) bool {
	return lo > 0 && lo < len(toks) && (toks[lo-1].raw == "and" || toks[lo-1].raw == "or" || toks[lo-1].punct == ',')
}

// sharedFinding reads a site listed after a finding's own ("pain in left
// knee and left hip", "pain in the neck, back and left shoulder") with the
// finding and its preposition (toks[head], toks[head+1]), the sites
// between left out, when the site's words found nothing alone; it keeps
// what explains a word of the site and is not the finding's siteless code.
func (e *Engine) sharedFinding(s *sentence, text string, q []qtok, a asserted, head, lo, hi int, setting app.EncounterType, fy int, ms []mention) []mention {
	hq := append([]qtok(nil), q...)
	for k := head + 2; k < lo; k++ {
		hq[k] = qtok{}
	}
	n := len(ms)
	ms = e.readChunk(s, text, hq, a, head, hi, setting, fy, ms)
	kept := ms[:n]
	for _, m := range ms[n:] {
		if m.sys == app.ICD10CM && m.ev.End > s.toks[lo].start && !sitelessSymptoms[m.code] {
			kept = append(kept, m)
		}
	}
	return kept
}

// sharedHead returns, for the one or two words of toks[lo:i] before an
// "and" or "or" ("abdominal" of "abdominal and back pain"; the caller
// tries it when they found nothing alone), where they start and the noun
// that ends the words after it when it names a finding ("pain"), or -1.
func (e *Engine) sharedHead(toks []token, q []qtok, lo, i int) (int, int) {
	if i >= len(toks) || i-lo < 1 || toks[i].raw != "and" && toks[i].raw != "or" || toks[i-1].punct != 0 {
		return -1, -1
	}
	// The one or two words before "and" ("the patient developed
	// abdominal and bone pain").
	from := i
	for from > lo && i-from < 2 && isContent(q[from-1]) && !breakWords[toks[from-1].raw] && toks[from-1].punct == 0 {
		from--
	}
	if from == i {
		return -1, -1
	}
	h := -1
	for k := i + 1; k < len(toks) && k <= i+3; k++ {
		if breakWords[toks[k].raw] {
			break
		}
		if !isContent(q[k]) || determiners[toks[k].raw] {
			// "the lung and several splenic infarcts", "bladder and a
			// multiloculated abscess": a finding of its own.
			return -1, -1
		}
		h = k
		if toks[k].punct != 0 {
			break
		}
	}
	if h < i+2 || !e.isAnchor(q[h], false) {
		return -1, -1
	}
	return from, h
}

// determiners start a noun phrase of its own.
var determiners = map[string]bool{"a": true, "an": true, "the": true, "several": true, "multiple": true, "some": true,
	"many": true, "few": true, "numerous": true, "various": true, "other": true, "two": true, "three": true, "both": true,
	"his": true, "her": true, "their": true, "its": true, "no": true}

// siteless symptoms are the codes of a symptom read without its site.
var sitelessSymptoms = map[string]bool{"R52": true, "R609": true, "R229": true, "M2550": true, "R21": true}

// siteEnds are the words after a site that start something else ("in the
// index finger for two days").
var siteEnds = map[string]bool{"for": true, "since": true, "after": true, "with": true, "without": true,
	"from": true, "during": true, "at": true, "on": true, "in": true, "x": true}

// maxSharedGap is how many words after its chunk a shared site may start.
const maxSharedGap = 8

// sharedSite reads a symptom the note lists before others and a site
// ("pain and swelling of the left ankle", "redness, pain and swelling
// over the right knee") with that site, when the symptom alone gave its
// siteless code (R52): the lookup of the symptom's word and the site's
// words, taken when it explains a word of the site. It returns the
// mention and the last word of the site.
func (e *Engine) sharedSite(s *sentence, q []qtok, m mention, i, hi int, fy int) (mention, int, bool) {
	if !sitelessSymptoms[m.code] {
		return m, 0, false
	}
	toks := s.toks
	for k := hi + 1; k < len(toks) && k < hi+maxSharedGap; k++ {
		if p := toks[k-1].punct; p == ';' || p == ':' || determiners[toks[k].raw] || toks[k].raw == "history" {
			// "pain, fever and a history of cancer of the breast": a
			// noun phrase of its own.
			return m, 0, false
		}
		if !sitePrepositions[toks[k].raw] && toks[k].raw != "over" {
			continue
		}
		q2 := []qtok{q[i], {text: "of", norms: search.Words("of")}}
		end := k
		for j := k + 1; j < len(toks) && j <= k+5; j++ {
			if breakWords[toks[j].raw] || j > k+1 && siteEnds[toks[j].raw] {
				break
			}
			q2 = append(q2, q[j])
			end = j
			if toks[j].punct != 0 {
				break
			}
		}
		if len(q2) < 3 {
			continue
		}
		dm, cov, ok := e.resolve(app.ICD10CM, fy, q2, 0, len(q2), 0)
		if !ok || dm.code == m.code || sitelessSymptoms[dm.code] {
			continue
		}
		site := false
		for _, c := range cov[2:] {
			site = site || c
		}
		if !site {
			continue
		}
		dm = e.sided(e.unsided(dm, q2, fy), q2, fy)
		dm.alts = nil
		dm.why += "; the site said after the list"
		return dm, end, true
	}
	return m, 0, false
}

// organismless returns q with the words of q[wlo:whi] that name an
// organism left out (their places kept), and whether there were any.
func organismless(toks []token, q []qtok, wlo, whi int) ([]qtok, bool) {
	return leftOut(q, wlo, whi, func(k int) bool {
		_, g := genus(toks, k)
		return g || organisms[toks[k].raw] || species[toks[k].raw] && k > 0 && (organisms[toks[k-1].raw] || len(toks[k-1].raw) == 1)
	})
}

// species are the species names organisms are written with.
var species = map[string]bool{"aureus": true, "epidermidis": true, "pneumoniae": true, "pyogenes": true,
	"agalactiae": true, "aeruginosa": true, "influenzae": true, "pylori": true, "difficile": true, "albicans": true,
	"faecalis": true, "faecium": true, "mirabilis": true, "coli": true, "viridans": true}

var connectives = map[string]bool{}

func init() {
	for _, w := range strings.Fields("with without of in on to due from for by and or") {
		connectives[w] = true
	}
}

func isContent(q qtok) bool {
	for _, n := range q.norms {
		if !search.StopWord(n) {
			return true
		}
	}
	return false
}

// filler words of titles that the note need not say: "Pneumonia,
// unspecified organism" is what "pneumonia" means.
var filler = map[string]bool{}

// regionWord ends an Index level or a title's site naming a region
// ("lumbar region") that a note names by its adjective alone.
var regionWord, benignWord, unspecifiedWord = search.Word("region"), search.Word("benign"), search.Word("unspecified")

// typeWord ends an Index level that names a kind by an eponym
// ("Alzheimer's type"), which a note says without it; not one that names
// a kind by a word of its own ("Adenocarcinoma, intestinal type" is no
// adenocarcinoma of the intestine).
var typeWord = search.Word("type")

// jointWord ends an Index level naming a joint by its limb ("hand joint",
// "foot joint"), which a note names by the limb alone.
var jointWord, disorderWord = search.Word("joint"), search.Word("disorder")

// causeLevel reports an Index level that links a cause: "due to", "in
// (due to)", "secondary to".
func causeLevel(level string) bool {
	switch strings.ToLower(strings.TrimSpace(withoutParens(level))) {
	case "due to", "in", "secondary to":
		return true
	}
	return false
}

// abnormalityWord ends an Index main term whose subterms name the
// abnormality ("Gait abnormality").
var abnormalityWord = search.Word("abnormality")

func init() {
	// The 7th character's words too: an injury is coded for its initial
	// encounter and a fracture as closed unless the note says otherwise.
	for _, w := range strings.Fields(`unspecified other specified nos nec organism site not elsewhere classified
		with without of and or in the to due by as for initial encounter closed unilateral`) {
		filler[search.Word(w)] = true
	}
}

// resolve looks up q[wlo:whi] and picks the hit that explains the anchor
// word i and the most words, among those whose own words the note mostly
// says. It returns the mention and which words of the window the hit
// covers.
func (e *Engine) resolve(sys app.System, fy int, q []qtok, wlo, whi, i int) (mention, []bool, bool) {
	var b strings.Builder
	for k := wlo; k < whi; k++ {
		if k > wlo {
			b.WriteByte(' ')
		}
		b.WriteString(q[k].text)
	}
	query := b.String()
	limit := 10
	if sys == app.ICD10PCS {
		limit = 20
	}
	hits := e.search(sys, fy, query, limit)
	best, bestCov, bestP, sawLater, alts := e.pick(hits, fy, q, wlo, whi, i)
	if best < 0 && sawLater {
		// Injuries: the first encounter for active treatment, unless
		// the note says otherwise (plausible turned the later ones down).
		hits = e.initialEncounters(hits, fy)
		best, bestCov, bestP, _, alts = e.pick(hits, fy, q, wlo, whi, i)
	}
	if sys == app.ICD10CM && best >= 0 && sideOf(hits[best].Concept.TitleIn(fy).Long) == "" && oneSide(q[wlo:whi]) != "" && e.hasUnilateral(hits[best].Concept.Code, fy) {
		// "Osteoarthritis of the right knee": the Index's entry for one
		// side is under "unilateral" (M17.1-), which the note does not
		// say in words. Not where "unilateral" names a kind, not a side
		// (Emphysema > unilateral, MacLeod's syndrome), nor over a word
		// of another kind the entry leaves out ("secondary osteoarthritis
		// of the right knee" is no unilateral primary osteoarthritis;
		// "severe osteoarthritis of the right knee" is).
		uh := e.search(sys, fy, query+" unilateral", limit)
		if ub, ucov, up, _, ualts := e.pick(uh, fy, q, wlo, whi, i); ub >= 0 && strings.Contains(uh[ub].Why, " > unilateral") && e.lateral(uh[ub].Concept.Code, fy) && !e.otherKindSaid(q, wlo, whi, ucov, uh[ub].Concept, fy) {
			hits, best, bestCov, bestP, alts = uh, ub, ucov, up, ualts
		}
	}
	if side, ok := saidSide(q[wlo:whi]); sys == app.ICD10CM && best >= 0 && ok && side == "bilateral" && titleSide(hits[best].Concept.TitleIn(fy).Long) == "" && e.lateral(hits[best].Concept.Code, fy) {
		// "Osteoarthritis of both knees": the Index's entry for both
		// sides is under "bilateral" (M17.0), which the note may say as
		// "both".
		bq, both := slices.Clone(q), false
		for k := wlo; k < whi; k++ {
			if q[k].text == "both" {
				bq[k], both = qtok{text: "bilateral", norms: search.Words("bilateral")}, true
			}
		}
		if both {
			// The Index's "bilateral" entry, or a code titled so (its
			// inclusion term may outrank the entry: "Bilateral inguinal
			// hernia NOS").
			bh := slices.DeleteFunc(slices.Clone(e.search(sys, fy, query+" bilateral", limit)), func(h search.Hit) bool {
				return !strings.Contains(h.Why, " > bilateral") && titleSide(h.Concept.TitleIn(fy).Long) != "bilateral"
			})
			if bb, bcov, bp, _, balts := e.pick(bh, fy, bq, wlo, whi, i); bb >= 0 && !e.otherKindSaid(q, wlo, whi, bcov, bh[bb].Concept, fy) {
				hits, best, bestCov, bestP, alts = bh, bb, bcov, bp, balts
			}
		}
	}
	if best < 0 && sys == app.ICD10CM {
		if sh, sb, scov, sp, salts, ok := e.subtermSaid(hits, fy, q, wlo, whi, i, limit); ok {
			hits, best, bestCov, bestP, alts = sh, sb, scov, sp, salts
		}
	}
	if sys == app.ICD10CM {
		if rh, rb, rcov, rp, ralts, rquery, ok := e.regionSaid(best, bestCov, fy, q, wlo, whi, i, limit); ok {
			hits, best, bestCov, bestP, alts, query = rh, rb, rcov, rp, ralts, rquery
		}
	}
	if best < 0 && sys == app.ICD10CM {
		// "Long-term use of anticoagulants": the Index path ("Long-term
		// drug therapy > anticoagulants") has words the note leaves
		// out, but the code's own title says what the note says.
		if th := titleHits(hits, fy); len(th) > 0 {
			if tb, tcov, tp, _, talts := e.pick(th, fy, q, wlo, whi, i); tb >= 0 {
				hits, best, bestCov, bestP, alts = th, tb, tcov, tp, talts
			}
		}
	}
	if best < 0 {
		return mention{alts: e.tailOf(sys, hits, alts, fy, query)}, nil, false
	}
	manif := ""
	if sys == app.ICD10CM {
		best, manif = e.etiologyFirst(hits, best, fy, q[wlo:whi])
		if manif == "" {
			manif = e.manifestationOf(hits, best, fy)
		}
	}
	h := hits[best]
	if sys == app.ICD10CM && manif == "" {
		near, at := beside(q, wlo, whi, bestCov)
		if c := e.categoryChild(hits, best, fy, q[wlo:whi], near); c != nil {
			h.Concept = c
		} else if c := e.phraseSibling(h.Concept, fy, near); c != nil {
			h.Concept = c
			h = asTitle(h, fy)
		}
		if j := ownPhraseAt(search.ContentWords(h.Concept.TitleIn(fy).Long), nil, near); j >= 0 {
			// The evidence takes the words that chose the code (a copy:
			// the less certain candidates share the slice).
			bestCov = slices.Clone(bestCov)
			for _, k := range at[j : j+2] {
				if k >= wlo && k < whi {
					bestCov[k-wlo] = true
				}
			}
		}
	}
	m := mention{sys: sys, code: h.Concept.Code, complete: true, title: h.Concept.TitleIn(fy).Long, why: h.Why, manif: manif,
		conf: 0.6 + 0.4*bestP, query: query, alts: e.tailOf(sys, hits, alts, fy, query)}
	if sys == app.ICD10PCS {
		// The side and body part may sit a few words from the operation
		// ("right radical orchiectomy"): narrow on the words around it.
		nlo, nhi := window(q, 0, len(q), i, 3, 3)
		m.code, m.complete = e.pcsCode(hits, best, q[min(nlo, wlo):max(nhi, whi)], fy)
		if len(m.code) >= 3 && !strings.HasPrefix(h.Concept.Code, m.code[:3]) {
			// The entry's other reference led to the code ("see
			// Inspection, Lower Joints" for a knee): that is the reason.
			from, _, _ := strings.Cut(h.Why, " → ")
			for _, o := range hits {
				if f, _, _ := strings.Cut(o.Why, " → "); f == from && strings.HasPrefix(o.Concept.Code, m.code[:3]) {
					m.why = o.Why
					break
				}
			}
		}
		if !m.complete {
			m.title = e.tableTitle(m.code, h)
		} else if c := e.set.Lookup(app.ICD10PCS, m.code); c != nil {
			m.title = c.TitleIn(fy).Long // the code narrowed to, not the hit's
		}
	}
	return m, bestCov, true
}

// etiologyFirst returns, when the hit taken is a manifestation code ("in
// diseases classified elsewhere", as the Index pairs "Disease, Alzheimer's
// G30.9 [F02.80]"), the hit of the etiology its Tabular "code first" note
// names (G30.-) and the manifestation's code, to be coded after it; else
// best and "". The etiology must be one the words w say ("Nephritis" is
// no amyloidosis, though N08's note names it).
func (e *Engine) etiologyFirst(hits []search.Hit, best int, fy int, w []qtok) (int, string) {
	h := hits[best]
	if !elsewhere(h.Concept.TitleIn(fy).Long) {
		return best, ""
	}
	first := e.codeFirst(h.Concept)
	for k, o := range hits {
		if k >= 10 {
			break
		}
		if k == best || elsewhere(o.Concept.TitleIn(fy).Long) || !o.Concept.Billable.Has(fy) {
			continue
		}
		for _, r := range first {
			if !r.Match(o.Concept.Code) {
				continue
			}
			if o.Why == h.Why || e.says(o, fy, w) || e.says(asTitle(o, fy), fy, w) {
				return k, h.Concept.Code
			}
		}
	}
	return best, ""
}

// manifestationOf returns the manifestation code the Index pairs with the
// etiology hit best ("Disease, Alzheimer's G30.9 [F02.80]", reached by
// "Dementia > in > Alzheimer's disease → see Disease, Alzheimer's"): a
// manifestation hit of the same Index entry whose "code first" note names
// best's code; "" when there is none.
func (e *Engine) manifestationOf(hits []search.Hit, best int, fy int) string {
	h := hits[best]
	entry := indexEntry(h.Why)
	if entry == "" || elsewhere(h.Concept.TitleIn(fy).Long) {
		return ""
	}
	for k, o := range hits {
		if k >= 10 {
			break
		}
		if k == best || !elsewhere(o.Concept.TitleIn(fy).Long) || !o.Concept.Billable.Has(fy) || indexEntry(o.Why) != entry {
			continue
		}
		for _, r := range e.codeFirst(o.Concept) {
			if r.Match(h.Concept.Code) {
				return o.Concept.Code
			}
		}
	}
	return ""
}

// codeFirst returns the references c's Tabular "code first" notes make,
// read as the edits read them (edits.ParseRefs).
func (e *Engine) codeFirst(c *terminology.Concept) []edits.Ref {
	var out []edits.Ref
	for n := range e.set.AllNotes(c) {
		if n.Kind == terminology.CodeFirst {
			for _, t := range n.Texts {
				out = append(out, edits.ParseRefs(t)...)
			}
		}
	}
	return out
}

// indexEntry is the Index entry a hit's path reaches, as the heads of its
// levels ("disease>alzheimer's"): the target of its see reference when it
// has one. "" for a hit that is not an Index path.
func indexEntry(why string) string {
	path, ok := strings.CutPrefix(why, "index: ")
	if !ok {
		return ""
	}
	var levels []string
	if i := strings.Index(path, " → see "); i >= 0 {
		see := path[i+len(" → see "):]
		if j := strings.IndexAny(see, "[;"); j >= 0 {
			see = see[:j]
		}
		levels = strings.Split(see, ", ")
	} else {
		for _, l := range strings.Split(path, " > ") {
			levels = append(levels, levelForms(l)[0])
		}
	}
	for k, l := range levels {
		levels[k] = strings.ToLower(strings.TrimSpace(withoutParens(l)))
	}
	return strings.Join(levels, ">")
}

// elsewhere reports a manifestation code's title.
func elsewhere(title string) bool {
	return containsFold(title, "classified elsewhere")
}

// parenthesized returns the text inside each pair of parentheses of t,
// in order (not nested).
func parenthesized(t string) []string {
	var out []string
	for {
		i := strings.IndexByte(t, '(')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(t[i:], ')')
		if j < 0 {
			return out
		}
		out = append(out, t[i+1:i+j])
		t = t[i+j+1:]
	}
}

// says reports whether the words w say the hit's phrase, as pick asks of
// a code it proposes.
func (e *Engine) says(h search.Hit, fy int, w []qtok) bool {
	_, _, pcov := e.coverage(h, fy, w)
	return pcov >= 0.6 && e.plausible(h, w)
}

// asTitle is the hit read by its code's title.
func asTitle(h search.Hit, fy int) search.Hit {
	h.Why = "title: " + strings.Join(search.ContentWords(h.Concept.TitleIn(fy).Long), ", ")
	return h
}

// titleHits returns, for the first hits that reached their code through
// the Index or an inclusion term, the code itself read by its title, once
// per code; nil when every hit was a title already.
func titleHits(hits []search.Hit, fy int) []search.Hit {
	var out []search.Hit
	seen := map[string]bool{}
	for k, h := range hits {
		if k >= 10 {
			break
		}
		if strings.HasPrefix(h.Why, "title: ") || seen[h.Concept.Code] {
			continue
		}
		seen[h.Concept.Code] = true
		out = append(out, asTitle(h, fy))
	}
	return out
}

// pick chooses among the hits for q[wlo:whi] the one that explains the
// anchor word i and the most words, whose own phrase the note mostly says.
// sawLater reports a hit turned down only for being a subsequent-encounter
// or sequela code.
func (e *Engine) pick(hits []search.Hit, fy int, q []qtok, wlo, whi, i int) (best int, bestCov []bool, bestP float64, sawLater bool, alts []alt) {
	best, bestN, bestFull := -1, 0, false
	said := oneSide(q[wlo:whi])
	for h := range hits {
		if h >= 10 {
			break
		}
		if saysAny(q[i:i+1], primaryWords) && strings.HasPrefix(hits[h].Why, "neoplasm: ") && strings.Contains(strings.ToLower(hits[h].Why), "[malignant secondary]") {
			// "Colon cancer with mesenteric lymph node metastases": the
			// cancer is the colon's; the metastases' words give the
			// secondary code on their own.
			continue
		}
		if !e.plausible(hits[h], q[wlo:whi]) || !pregnancySaid(hits[h], q) {
			if later(hits[h].Concept.TitleIn(fy).Long) {
				sawLater = true
			}
			continue
		}
		cov, strong, pcov := e.coverage(hits[h], fy, q[wlo:whi])
		if strings.HasPrefix(hits[h].Why, "drugs: ") && columnWords[q[i].text] && pcov > 0 {
			// "Acetaminophen poisoning", "heroin overdose": the Drug
			// Table's column says the poisoning, its row the drug. (A
			// drug's "toxicity" or "intoxication" may be an adverse effect
			// of one properly given: left to the coder.)
			cov[i-wlo], strong[i-wlo] = true, true
		}
		if hits[h].Concept.System == app.ICD10PCS && (e.sideOnly(hits[h], fy, q[wlo:whi], strong) || !bodyPartSaid(hits[h], q[wlo:whi], strong, e.tableOperation(hits[h].Concept.Code)) || !reducedPart(hits[h], q)) || siteGap(q[wlo:whi], strong) {
			continue
		}
		need := 0.6
		if strings.HasPrefix(hits[h].Why, "title: ") || strings.HasPrefix(hits[h].Why, "inclusion term: ") {
			// A title or inclusion term is one phrase: most of it said;
			// an injury's whole, for the word left is its site or kind
			// ("Burn of second degree of unspecified scapular region" is
			// not a burn of the thigh).
			need = 0.75
			if c := hits[h].Concept.Code; hits[h].Concept.System == app.ICD10CM && c >= "S00" && c < "T89" {
				need = 0.999
			}
		}
		if !strong[i-wlo] && !(nonessentialIn(hits[h].Why, q[i]) && e.strongAnchor(q[wlo:whi], strong)) || pcov < tailNeed {
			// The anchor is explained, or is a nonessential modifier of
			// an entry that explains another anchor: "Acute on chronic
			// diastolic congestive heart failure" is I50.33, whose Index
			// path has "diastolic (congestive)", not I50.31 for the
			// title's "congestive".
			continue
		}
		n := 0
		for k, c := range strong {
			if c && isContent(q[wlo+k]) {
				n++
			}
		}
		// Evidence runs from the first to the last word the code explains.
		for k := range cov {
			cov[k] = strong[k]
		}
		if e.unsaidQualifier(hits[h], fy, q, hits) || otherKindTitle(hits[h], fy, q[wlo:whi]) || e.saidSubterm(hits[h], q[wlo:whi], strong) != "" {
			need = 2 // at most a less certain candidate
		}
		if side := sideOf(hits[h].Concept.TitleIn(fy).Long); side != "" && said == "" && (strings.HasPrefix(hits[h].Why, "title: ") || strings.HasPrefix(hits[h].Why, "inclusion term: ")) && !saysAny(q[wlo:whi], sideWords) {
			// "Lower quadrant pain" is not R10.31, Right lower quadrant
			// pain: a title for one side the note does not say.
			need = 2
		}
		if contradictsSide(hits[h].Concept.TitleIn(fy).Long, said) {
			continue // the other side, or both
		}
		alts = append(alts, alt{hit: h, cov: cov, pcov: pcov, n: n, partial: pcov < need, path: !strings.HasPrefix(hits[h].Why, "title: ") && !strings.HasPrefix(hits[h].Why, "inclusion term: ")})
		if pcov < need {
			continue // only partly explained: a less certain candidate
		}
		// A hit whose whole phrase the note says first, then the one
		// that explains more of the note's words, then the search
		// engine's order.
		full := pcov > 0.999
		if best < 0 || full && !bestFull || full == bestFull && n > bestN || full == bestFull && n == bestN && e.winsTie(hits, h, best, fy, q[wlo:whi]) {
			best, bestN, bestP, bestCov, bestFull = h, n, pcov, cov, full
		}
	}
	return best, bestCov, bestP, sawLater, runnersUp(hits, alts, best)
}

// contradictsSide reports a title for a side (or both) other than the one
// side the note says (oneSide); false when either says none.
func contradictsSide(title, said string) bool {
	side := titleSide(title)
	return side != "" && said != "" && side != said
}

// sideOnly reports a PCS Index path of which the note says, besides the
// main term, only a side: "ultrasound of the left testis" is not
// "Ultrasonography > Heart > Left"; the body part must be said.
func (e *Engine) sideOnly(h search.Hit, fy int, w []qtok, strong []bool) bool {
	ph := e.phraseOf(h, fy)
	if ph.title || ph.mainUnit < 0 || len(ph.units) < 3 {
		return false
	}
	side := false
	for k, c := range strong {
		if !c {
			continue
		}
		main := false
		for _, alt := range ph.units[ph.mainUnit] {
			for _, n := range w[k].norms {
				main = main || rootMatch(n, alt)
			}
		}
		switch {
		case main:
		case saysAny(w[k:k+1], sideWords):
			side = true
		default:
			return false
		}
	}
	return side
}

// winsTie reports whether hit h wins a tie with hit best: an entry for
// what is classified nowhere else ("NEC") loses to one that is not, and
// of two codes one Index entry leads to (an entry giving a category,
// "Sepsis > Escherichia coli A41.5", read as each of its codes) the one
// whose own title the words w say more of wins ("Sepsis due to
// Escherichia coli", not "Gram-negative sepsis, unspecified").
func (e *Engine) winsTie(hits []search.Hit, h, best int, fy int, w []qtok) bool {
	if strings.HasPrefix(hits[h].Why, "title: ") {
		// "Pressure ulcer of sacral region, stage 3": the Index gives
		// L89.15-, read as each of its codes; a code of that category
		// whose whole title the words say wins over the first of them
		// (L89.153, not L89.150 unstageable).
		prefix := sharedCategory(hits, best)
		if prefix == "" || !strings.HasPrefix(hits[h].Concept.Code, prefix) {
			return false
		}
		_, _, a := e.coverage(hits[h], fy, w)
		_, _, b := e.coverage(asTitle(hits[best], fy), fy, w)
		if a != b {
			return a > b
		}
		// Said alike, the code that leaves less unspecified or residual:
		// "normal first pregnancy, first trimester" is Z34.01, not Z34.91
		// (normal pregnancy, unspecified, first trimester); "normal
		// pregnancy, third trimester" stays Z34.93, not Z34.83 (other
		// normal pregnancy).
		return vagueWords(hits[h].Concept.TitleIn(fy).Long) < vagueWords(hits[best].Concept.TitleIn(fy).Long)
	}
	if path, _, ok := strings.Cut(hits[best].Why, "; title: "); ok && strings.HasPrefix(hits[h].Why, path+" > ") && !strings.Contains(hits[h].Why, "; title: ") {
		// The Index's own subterm says what a code's title said beside
		// its parent entry: "normal first pregnancy" is Pregnancy,
		// supervision of, normal, first (Z34.0-), not the entry's
		// "normal" with Z34.91's title's "first" (trimester).
		return true
	}
	if softTissuePath(hits[best]) && jointPath(hits[h]) && strings.HasPrefix(hits[h].Why, "index: Replacement >") && !saysAny(w, softTissueWords) {
		// "Right shoulder replacement": the joint's (Replacement > Joint
		// > Shoulder, 0RRJ-), not the shoulder muscle's the PCS Index
		// lists first (0KR5); a muscle or tendon is said as one. Only a
		// replacement: a repair or an excision at the shoulder is as
		// often the rotator cuff's or a lump's (0KQ5, 0KB5).
		return true
	}
	if seesInto(hits[best].Why, hits[h].Why) {
		// "Hypertensive urgency — see Hypertension" sends the coder to
		// Hypertension, whose subterm "urgency" the note says: I16.0,
		// not the bare main term's I10.
		return true
	}
	if a, b := endsNEC(hits[h].Why), endsNEC(hits[best].Why); a != b {
		// "Infection > Escherichia coli NEC" is for an infection
		// classified nowhere else; "urinary tract infection due to E.
		// coli" is (Infection > urinary (tract), N39.0, and B96.20).
		return b
	}
	if hits[h].Why != hits[best].Why {
		return false
	}
	_, _, a := e.coverage(asTitle(hits[h], fy), fy, w)
	_, _, b := e.coverage(asTitle(hits[best], fy), fy, w)
	return a > b
}

// softTissueWords name the soft tissues a PCS body part may be: a
// procedure on a shoulder or an ankle is its joint's unless one is said.
var softTissueWords = wordSet("muscle muscles tendon tendons bursa bursae ligament ligaments")

// softTissuePath and jointPath report a PCS Index path through a muscle,
// tendon, bursa or ligament, and one through a joint.
func softTissuePath(h search.Hit) bool {
	return h.Concept.System == app.ICD10PCS && strings.HasPrefix(h.Why, "index: ") &&
		(strings.Contains(h.Why, " > Muscle") || strings.Contains(h.Why, " > Tendon") || strings.Contains(h.Why, " > Bursa") || strings.Contains(h.Why, " > Ligament"))
}

func jointPath(h search.Hit) bool {
	return h.Concept.System == app.ICD10PCS && strings.HasPrefix(h.Why, "index: ") && strings.Contains(h.Why, " > Joint")
}

// vagueWords counts a title's "unspecified" and "other" words.
func vagueWords(title string) int {
	n := unspecifiedWords(title)
	for _, w := range strings.Fields(strings.ToLower(title)) {
		if strings.Trim(w, ",()") == "other" {
			n++
		}
	}
	return n
}

// seesInto reports whether the Index path from sends the coder ("see X")
// to the main term X under which the path to sits.
func seesInto(from, to string) bool {
	_, target, ok := strings.Cut(from, " → see ")
	if !ok || strings.Contains(target, ",") || !strings.HasPrefix(to, "index: ") || strings.Contains(to, " → ") {
		return false
	}
	head, rest, sub := strings.Cut(strings.TrimPrefix(to, "index: "), " > ")
	if !sub || rest == "" {
		return false
	}
	form := strings.TrimSpace(withoutParens(strings.Split(head, ",")[0]))
	return strings.EqualFold(form, strings.TrimSpace(target))
}

// maxCategoryChildren bounds the codes categoryChild reads.
const maxCategoryChildren = 40

// categoryChild returns, when the Index entry of hits[best] gives a
// category ("Ulcer, pressure, sacral region L89.15-") the search read as
// a few of its codes, the code of that category whose title the words w
// say most of — before that, the one with the stage or type number the
// words give, then the one two words of whose own the words near (beside)
// say as its title does; among equals the one for the side the words
// say, then the one ending in the "with" of the main term's own code
// (mainTermWith), then the most unspecified one ("Pressure ulcer of
// sacral region, unspecified stage" when no stage is said, not the first
// listed, "unstageable"); nil when the entry gave one code, or a code
// since expanded.
func (e *Engine) categoryChild(hits []search.Hit, best, fy int, w, near []qtok) *terminology.Concept {
	prefix := sharedCategory(hits, best)
	if c := e.indexCategory(hits[best].Why); c != "" && len(c) < len(prefix) && strings.HasPrefix(hits[best].Concept.Code, c) {
		if x := e.set.Lookup(app.ICD10CM, c); x != nil && x.Billable == 0 {
			prefix = c
		}
	}
	if prefix == "" || !strings.HasPrefix(hits[best].Why, "index: ") {
		return nil
	}
	if c := e.set.Lookup(app.ICD10CM, prefix); c == nil || c.Billable != 0 {
		// A code of its own in some year, expanded since (G20, now
		// G20.A1...): its first code stands for it (inYear).
		return nil
	}
	side := oneSide(w)
	type rank struct {
		p                                                  float64
		said, phrase, nums, entry, sided, mainWith, unspec int
	}
	// A code whose title the words say (most of) is what they document;
	// else the category's most unspecified code, as the note says no
	// more ("occlusion of the temporal artery" is not I70.92, chronic
	// total occlusion of artery of the extremities, for its "occlusion").
	const said = 0.75
	better := func(a, b rank) bool {
		switch {
		case a.nums != b.nums:
			// A stage or type the note gives ("decubitus ulcer, stage 4").
			return a.nums > b.nums
		case a.phrase != b.phrase:
			// Two words of its own the note says beside what was read, as
			// the title does: "deep tissue pressure injury of the sacrum"
			// is L89.156, Pressure-induced deep tissue damage (Index:
			// Injury, deep tissue, meaning pressure ulcer: final
			// character .6), not the unspecified stage the rest of its
			// words say.
			return a.phrase > b.phrase
		case a.sided != b.sided:
			// The side said before the rest of the title: "pain in the
			// left upper limb" (Pain, limb, upper: M79.60-) is M79.602,
			// Pain in left arm, not "Pain in unspecified limb" for its
			// "limb".
			return a.sided > b.sided
		case (a.p >= said) != (b.p >= said):
			return a.p >= said
		case a.p >= said && a.p != b.p:
			return a.p > b.p
		case a.p >= said && a.said != b.said:
			return a.said > b.said
		case a.entry != b.entry:
			// The code that names the Index entry's own word, and
			// nothing else of its own the note does not say but its side:
			// "abscess of the left axilla" (Abscess, axilla: L02.41-) is
			// the axilla's code for its side (L02.412), not "Cutaneous
			// abscess of limb, unspecified" (L02.419; with no side said,
			// that one, as the category has none for the axilla, and
			// sided reads a side said apart); "occlusion of the temporal
			// artery" (Occlusion, artery: I70.9-) is not "Chronic total
			// occlusion of artery of the extremities".
			return a.entry > b.entry
		case a.mainWith != b.mainWith:
			// The "with" of the main term's own code, the Index's default:
			// "influenza A" (Influenza, A (non-novel): J10-) is J10.1,
			// "... with other respiratory manifestations" as Influenza's
			// J11.1 is, not J10.00, "... with unspecified type of
			// pneumonia", for its "unspecified".
			return a.mainWith > b.mainWith
		}
		return a.unspec > b.unspec
	}
	entryWords := lastLevelWords(hits[best].Why)
	mainWith := e.mainTermWith(hits[best].Why, fy)
	var out *terminology.Concept
	var top rank
	n := 0
	var catWords []string
	if c := e.set.Lookup(app.ICD10CM, prefix); c != nil {
		catWords = search.ContentWords(c.TitleIn(fy).Long)
	}
	for r := range e.set.RowsWithPrefix(app.ICD10CM, prefix) {
		if n++; n > maxCategoryChildren {
			return nil
		}
		if !r.Billable().Has(fy) {
			continue
		}
		c := r.Concept()
		t := hits[best]
		t.Concept = c
		_, strong, p := e.coverage(asTitle(t, fy), fy, w)
		title := strings.ToLower(c.TitleIn(fy).Long)
		k := rank{p: p, unspec: strings.Count(title, "unspecified")}
		for j, s := range strong {
			if s {
				k.said++
				if w[j].text != "" && isDigit(w[j].text[0]) {
					k.nums++
				}
			}
		}
		if tw := search.ContentWords(title); len(entryWords) > 0 && !slices.ContainsFunc(entryWords, func(x string) bool { return !rootMatch(x, tw) }) &&
			!slices.ContainsFunc(tw, func(x string) bool {
				return !(sideWords[x] && side != "") && !sideOrgans[x] && x != unspecifiedWord && !rootMatch(x, catWords) && saidTimes(w, [][]string{{x}}) == 0
			}) {
			// Nothing of its own the words do not say but the side they
			// say ("right eye"; the other side's was left out above) or
			// that it is unspecified.
			k.entry = 1
		}
		if mainWith != "" && strings.HasSuffix(title, mainWith) {
			k.mainWith = 1
		}
		if cs := titleSide(c.TitleIn(fy).Long); side != "" && cs == side {
			k.sided = 1
		} else if side != "" && cs != "" {
			continue // the other side, or both: not what the words say
		}
		if ownPhraseSaid(search.ContentWords(c.TitleIn(fy).Long), catWords, near) {
			k.phrase = 1
		}
		if out == nil || better(k, top) {
			out, top = c, k
		}
	}
	return out
}

// beside returns the two words of q right before the first word of
// q[wlo:whi] cov says the code read explains and the two of the window
// right after the last, a blank between, with their places in q (-1 for
// the blank): the words
// that may name the kind of what was read ("deep tissue" of "deep tissue
// pressure injury"), not words of another clause ("heart failure with
// left ventricular ejection fraction of 25%") nor the words read.
func beside(q []qtok, wlo, whi int, cov []bool) ([]qtok, []int) {
	first, last := bounds(cov)
	if first < 0 {
		return nil, nil
	}
	var near []qtok
	var at []int
	for k := max(0, wlo+first-2); k < wlo+first; k++ {
		near, at = append(near, q[k]), append(at, k)
	}
	near, at = append(near, qtok{}), append(at, -1)
	for k := wlo + last + 1; k < min(whi, wlo+last+3); k++ {
		near, at = append(near, q[k]), append(at, k)
	}
	return near, at
}

// phraseSibling returns the one code beside c (of c's parent) two words of
// whose own title, not its parent's, the words near (beside) say
// together: "deep tissue pressure injury of the sacrum" read as L89.159
// (unspecified stage) is L89.156, Pressure-induced deep tissue damage of
// sacral region. ("Back pain" read as M54.9 says no M54.5, Low back pain:
// its words are M54.9's.)
func (e *Engine) phraseSibling(c *terminology.Concept, fy int, near []qtok) *terminology.Concept {
	p := e.set.Lookup(app.ICD10CM, c.Parent)
	if p == nil || c.Parent == "" || len(p.Children) > maxCategoryChildren {
		return nil
	}
	parent := search.ContentWords(p.TitleIn(fy).Long)
	var out *terminology.Concept
	for _, k := range p.Children {
		x := e.set.Lookup(app.ICD10CM, k)
		if x == nil || x.Code == c.Code || !x.Billable.Has(fy) || !ownPhraseSaid(search.ContentWords(x.TitleIn(fy).Long), parent, near) {
			continue
		}
		if out != nil {
			return nil // two: the note's words do not choose
		}
		out = x
	}
	return out
}

// ownPhraseSaid reports whether the words w say two consecutive words of
// a title, neither filler nor a word of its category's title, one after
// the other: "deep tissue" of "Pressure-induced deep tissue damage of
// sacral region" (L89.15).
func ownPhraseSaid(title, category []string, w []qtok) bool {
	return ownPhraseAt(title, category, w) >= 0
}

// ownPhraseAt is where in w ownPhraseSaid finds the two words, or -1.
func ownPhraseAt(title, category []string, w []qtok) int {
	own := func(x string) bool { return !filler[x] && !slices.Contains(category, x) && !isDigit(x[0]) }
	for k := 0; k+1 < len(title); k++ {
		a, b := title[k], title[k+1]
		if a == "" || b == "" || !own(a) || !own(b) {
			continue
		}
		for j := 0; j+1 < len(w); j++ {
			if slices.Contains(w[j].norms, a) && slices.Contains(w[j+1].norms, b) {
				return j
			}
		}
	}
	return -1
}

// sharedCategory returns, when the Index entry of hits[best] gives a
// category the search read as each of its codes, the codes' common
// start; else "".
func sharedCategory(hits []search.Hit, best int) string {
	prefix, n := hits[best].Concept.Code, 0
	entry := withoutTitleWords(hits[best].Why)
	for _, o := range hits {
		if withoutTitleWords(o.Why) != entry || o.Concept.Code == hits[best].Concept.Code {
			continue
		}
		n++
		k := 0
		for k < len(prefix) && k < len(o.Concept.Code) && prefix[k] == o.Concept.Code[k] {
			k++
		}
		prefix = prefix[:k]
	}
	if n == 0 || len(prefix) < 3 {
		return ""
	}
	return prefix
}

// indexCategory returns the category an Alphabetic Index path gives
// ("index: Chorioamnionitis", printed O41.12-: "O4112"), or "" when its
// term gives a code or none. The search reads such an entry as the first
// few codes of the category (all of the first trimester, O41.121-).
func (e *Engine) indexCategory(why string) string {
	path, ok := strings.CutPrefix(why, "index: ")
	if !ok || strings.Contains(path, " → ") {
		return ""
	}
	levels := strings.Split(path, " > ")
	t := e.mainTerm(levels[0])
	if t != nil && len(levels) > 1 {
		t = termAt(t.Terms, levels[1:])
	}
	if t == nil || !strings.HasSuffix(t.Code, "-") {
		return ""
	}
	return terminology.Canonical(strings.TrimSuffix(t.Code, "-"))
}

// mainTermWith returns the "with" clause ending the title of the code the
// Index gives the main term of the path why names ("Influenza" J11.1:
// " with other respiratory manifestations"), lower case; "" when there is
// none.
func (e *Engine) mainTermWith(why string, fy int) string {
	path := indexPath(why)
	if path == "" {
		return ""
	}
	t := e.mainTerm(strings.Split(path, " > ")[0])
	if t == nil || t.Code == "" || strings.HasSuffix(t.Code, "-") {
		return ""
	}
	c := e.set.Lookup(app.ICD10CM, terminology.Canonical(t.Code))
	if c == nil {
		return ""
	}
	title := strings.ToLower(c.TitleIn(fy).Long)
	if i := strings.LastIndex(title, " with "); i >= 0 {
		return title[i:]
	}
	return ""
}

// causeApart returns where the words naming the cause begin after the
// finding's word i (the link: "due to", "secondary to", "caused by",
// "related to", "associated with", "2/2") when the code m gives
// through an Index "due to" level asks by its Tabular notes for the
// cause's own code ("code first", "code also": "insomnia due to
// anxiety" is F51.05, whose note says "code also associated mental
// disorder", with F41.9), so that those words are read on their own
// too; whi when not.
func (e *Engine) causeApart(m mention, q []qtok, i, whi int) int {
	path := indexPath(m.why)
	if !strings.Contains(path, " > due to") && !strings.Contains(path, " > in (due to)") && !strings.Contains(path, " > secondary to") {
		return whi
	}
	c := e.set.Lookup(app.ICD10CM, m.code)
	if c == nil || !slices.ContainsFunc(e.set.NotesFor(c), func(n terminology.Note) bool {
		return n.Kind == terminology.CodeFirst || n.Kind == terminology.CodeAlso
	}) {
		return whi
	}
	for k := i + 1; k < whi; k++ {
		if q[k].text == "2/2" {
			return k
		}
		if k+1 < whi && causePairs[q[k].text+" "+q[k+1].text] {
			return k
		}
	}
	return whi
}

// causePairs are the two words that link a finding to its cause.
var causePairs = map[string]bool{"due to": true, "secondary to": true, "caused by": true, "related to": true, "associated with": true}

// indexTerm returns the Alphabetic Index term a path names, level by
// level as a hit's reason prints them ("Foreign body > entering through
// orifice > eye NOS (external)"), or nil.
func (e *Engine) indexTerm(path string) *terminology.IndexTerm {
	levels := strings.Split(path, " > ")
	t := e.mainTerm(levels[0])
	if t == nil || len(levels) == 1 {
		return t
	}
	return termAt(t.Terms, levels[1:])
}

// saidSubterm returns, for an Index path ending in the Index's "NOS"
// level, the subterm of that level a word of w the path leaves
// unexplained names, or "": "corneal foreign body" is not Foreign body >
// entering through orifice > eye NOS (external), T15.9-, whose subterm
// "cornea" the note says (Foreign body, cornea: T15.0-).
func (e *Engine) saidSubterm(h search.Hit, w []qtok, strong []bool) string {
	path := indexPath(h.Why)
	i := strings.LastIndex(path, " > ")
	if i < 0 || !slices.Contains(strings.Fields(withoutParens(path[i+len(" > "):])), "NOS") {
		return ""
	}
	t := e.indexTerm(path)
	if t == nil {
		return ""
	}
	for _, sub := range t.Terms {
		head := search.StrongWords(sub.Title)
		if len(head) == 0 || filler[head[0]] {
			continue
		}
		for k, x := range w {
			if !strong[k] && isContent(x) && rootMatch(head[0], x.norms) {
				return sub.Title
			}
		}
	}
	return ""
}

// subtermSaid looks q[wlo:whi] up again, with the path's levels above
// the NOS one and the subterm, when a hit was turned down for a subterm of
// its "NOS" level the words say (saidSubterm): "corneal foreign body" is
// looked up as "Foreign body entering through orifice cornea", the
// Index's own words for it.
func (e *Engine) subtermSaid(hits []search.Hit, fy int, q []qtok, wlo, whi, i, limit int) ([]search.Hit, int, []bool, float64, []alt, bool) {
	for _, h := range hits[:min(len(hits), 10)] {
		if !strings.HasPrefix(h.Why, "index: ") || !strings.Contains(h.Why, " NOS") {
			continue
		}
		_, strong, _ := e.coverage(h, fy, q[wlo:whi])
		sub := e.saidSubterm(h, q[wlo:whi], strong)
		if sub == "" {
			continue
		}
		// The path to the NOS level's parent, then the subterm: "Foreign
		// body entering through orifice cornea".
		path := indexPath(h.Why)
		sh := e.search(app.ICD10CM, fy, withoutParens(strings.ReplaceAll(path[:strings.LastIndex(path, " > ")], " > ", " "))+" "+sub, limit)
		if best, cov, p, _, alts := e.pick(sh, fy, q, wlo, whi, i); best >= 0 {
			return sh, best, cov, p, alts, true
		}
		return nil, 0, nil, 0, nil, false
	}
	return nil, 0, nil, 0, nil, false
}

// regionsOf returns the regions of the body the Index files a site under
// where a main term has no subterm for the site itself: "Lipoma, site
// classification, arms" (D17.2-) for a forearm, "trunk" (D17.1) for the
// back. Not a joint's: the Index files a joint's swelling or pain under the
// joint (Swelling, joint: see Effusion, joint), not the limb.
func regionsOf(t qtok) []string {
	for _, n := range t.norms {
		switch {
		case limbJoints[n]:
			return nil
		case limbParts["upper limb"][n] && n != search.Word("arm"):
			return []string{"upper limb", "arms"}
		case limbParts["lower limb"][n] && n != search.Word("leg"):
			return []string{"lower limb", "legs"}
		case n == search.Word("chest"):
			// The Index's own word for the chest first (Frostbite,
			// thorax: T33.2), the region after.
			return []string{"thorax", "trunk"}
		case trunkParts[n]:
			return []string{"trunk"}
		}
	}
	return nil
}

var (
	limbJoints = wordSet("hip knee ankle shoulder elbow wrist")
	trunkParts = wordSet("back chest thorax flank abdomen")
)

// regionSaid looks q[wlo:whi] up again with a site the first lookup (best,
// cov: its pick) left unexplained named by its region, and returns
// the pick when the Index path takes the region as a level: "lipoma of the
// left forearm" is "Lipoma, site classification, arms" (D17.22), not the
// unspecified lipoma's D17.9. Not a site the first lookup found an entry
// of its own for ("Abscess, toe": the great toe's is the foot's).
func (e *Engine) regionSaid(best int, cov []bool, fy int, q []qtok, wlo, whi, i, limit int) ([]search.Hit, int, []bool, float64, []alt, string, bool) {
	for k := wlo; k < whi; k++ {
		regions := regionsOf(q[k])
		if len(regions) == 0 || best >= 0 && cov[k-wlo] || e.siteSubterm(q[i], q[k]) || k+1 < whi && q[k+1].text == "of" {
			// Not "the back of the left arm", which is the arm's.
			continue
		}
		for _, r := range regions {
			if !e.hasSubterm(q[i], func(title string) bool { return strings.ToLower(strings.TrimSpace(withoutParens(title))) == r }) {
				continue // the anchor's main term has no entry for the region
			}
			rq := slices.Clone(q)
			rq[k] = qtok{text: r, norms: search.Words(r)}
			var words []string
			for _, t := range rq[wlo:whi] {
				words = append(words, t.text)
			}
			query := strings.Join(words, " ")
			rh := e.search(app.ICD10CM, fy, query, limit)
			rb, rcov, rp, _, ralts := e.pick(rh, fy, rq, wlo, whi, i)
			if rb < 0 || !rcov[k-wlo] || !regionLevel(rh[rb].Why, r) || titleUnsaid(rh[rb], fy, query) {
				continue
			}
			return rh, rb, rcov, rp, ralts, query, true
		}
	}
	return nil, 0, nil, 0, nil, "", false
}

// titleUnsaid reports a title hit whose title has a word the query does
// not say besides "unspecified": "Unspecified reduction defect of left
// lower limb" is no "defect in the left lower limb".
func titleUnsaid(h search.Hit, fy int, query string) bool {
	if !strings.HasPrefix(h.Why, "title: ") {
		return false
	}
	said := search.Words(query)
	for _, w := range search.StrongWords(h.Concept.TitleIn(fy).Long) {
		if w != search.Word("unspecified") && !slices.Contains(said, w) {
			return true
		}
	}
	return false
}

// siteSubterm reports a main term of the anchor's one word with a subterm
// naming the site t, first or last ("Abscess, toe"; "Frostbite, lower
// back").
func (e *Engine) siteSubterm(anchor, t qtok) bool {
	return e.hasSubterm(anchor, func(title string) bool {
		ws := search.StrongWords(withoutParens(title))
		return len(ws) > 0 && (rootMatch(ws[0], t.norms) || rootMatch(ws[len(ws)-1], t.norms))
	})
}

// hasSubterm reports a main term of the anchor's one word with a subterm,
// or a subterm's subterm ("Lipoma, site classification, arms"), whose title
// is one ok takes.
func (e *Engine) hasSubterm(anchor qtok, ok func(title string) bool) bool {
	for _, n := range anchor.norms {
		for _, m := range e.oneWord(n) {
			for _, sub := range m.Terms {
				if ok(sub.Title) || slices.ContainsFunc(sub.Terms, func(t *terminology.IndexTerm) bool { return ok(t.Title) }) {
					return true
				}
			}
		}
	}
	return false
}

// regionLevel reports a hit's reason naming the region: an Index path with
// a level that is the region as written ("arms (skin) (subcutaneous)"; not
// "leg (lower)", which is the part below the knee), or a title that met
// its words.
func regionLevel(why, region string) bool {
	if rest, ok := strings.CutPrefix(why, "title: "); ok {
		var met []string
		for _, x := range strings.Split(rest, ", ") {
			met = append(met, search.Words(x)...)
		}
		return !slices.ContainsFunc(search.Words(region), func(w string) bool { return !slices.Contains(met, w) })
	}
	path := indexPath(why)
	if path == "" {
		return false
	}
	for _, l := range strings.Split(path, " > ")[1:] {
		if strings.ToLower(strings.TrimSpace(withoutParens(l))) == region {
			return true
		}
	}
	return false
}

// mainTerm returns the Alphabetic Index's main term a hit's reason names
// as its first level (title and nonessential modifiers), or nil.
func (e *Engine) mainTerm(level string) *terminology.IndexTerm {
	e.mainOnce.Do(func() {
		e.mainTerms = map[string]*terminology.IndexTerm{}
		if ix := e.set.Index(terminology.MainIndex); ix != nil {
			for _, t := range ix.Terms {
				e.mainTerms[strings.TrimSpace(t.Title+" "+t.Nemod)] = t
			}
		}
	})
	return e.mainTerms[level]
}

// oneWord returns the main terms with subterms that w is the one word
// of (in one of their forms: "Hyperlipemia, hyperlipidemia"), the map
// built on first use.
func (e *Engine) oneWord(w string) []*terminology.IndexTerm {
	e.oneWordOnce.Do(func() {
		e.oneWordTerms = map[string][]*terminology.IndexTerm{}
		ix := e.set.Index(terminology.MainIndex)
		if ix == nil {
			return
		}
		for _, t := range ix.Terms {
			if len(t.Terms) == 0 {
				continue
			}
			for _, f := range levelForms(t.Title) {
				if head := search.StrongWords(f); len(head) == 1 {
					e.oneWordTerms[head[0]] = append(e.oneWordTerms[head[0]], t)
				}
			}
		}
	})
	return e.oneWordTerms[w]
}

// subtermsOf returns the words of the first-level subterms (of three
// words at most) of the one-word main terms w is a form of.
func (e *Engine) subtermsOf(w string) [][]string {
	var out [][]string
	for _, t := range e.oneWord(w) {
		for _, sub := range t.Terms {
			if ws := search.StrongWords(sub.Title); len(ws) > 0 && len(ws) <= 3 {
				out = append(out, ws)
			}
		}
	}
	return out
}

// abnormalSubterm reports the words after toks[i] ("abnormal") saying a
// first-level subterm of the Index's "Abnormal, abnormality,
// abnormalities", whole: "EKG" (spelled out: electrocardiogram), "gait".
func (e *Engine) abnormalSubterm(toks []token, i int) bool {
	var next []string
	for k := i + 1; k < len(toks) && k <= i+4; k++ {
		if x, ok := abbreviations[toks[k].raw]; ok {
			next = append(next, search.Words(x)...)
		} else {
			next = append(next, toks[k].norms...)
		}
		if toks[k].punct != 0 {
			break
		}
	}
	if len(next) == 0 || toks[i].punct != 0 {
		return false
	}
	for _, ws := range e.subtermsOf(search.Word("abnormal")) {
		if len(ws) <= len(next) && rootMatch(ws[0], next[:1]) && allSaid(ws, next) {
			return true
		}
	}
	return false
}

// subtermAfter reports a comma after toks[i], a one-word main term
// ("Hyperlipidemia, mixed"; "Anemia, iron deficiency"), followed to the
// sentence's end or the next punctuation (four words at most) by the
// words of one of its Index subterms and nothing else, by those of the
// subterms under the subterm the words before it name (deeperSubterm:
// "Heart failure, chronic systolic"), or by its site and side
// ("Cellulitis, left leg"; "Lymphadenopathy, cervical"): a problem list
// written as the Index is, whose comma does not end the finding.
func (e *Engine) subtermAfter(toks []token, i int) bool {
	if i+1 >= len(toks) || toks[i].punct != ',' {
		return false
	}
	side := sideNames[search.Word(toks[i+1].raw)] != ""
	var said []string
	// sites: every word after the side, if any, is a site's and names
	// no finding ("non-mobile", "basal cell carcinoma", "kidney disease"
	// are not sites alone).
	sites := true
	for k := i + 1; k < len(toks) && k <= i+4; k++ {
		said = append(said, toks[k].norms...)
		if (k > i+1 || !side) && (len(toks[k].norms) == 0 || slices.ContainsFunc(toks[k].norms, func(n string) bool {
			return !e.isSite(qtok{norms: []string{n}}) || morphology[n] || needsSubterm[n] || findingNouns[n]
		})) {
			sites = false
		}
		if toks[k].punct == 0 && k+1 < len(toks) {
			continue
		}
		if sites && (side && k > i+1 || !side) {
			// Its side and site ("Cellulitis, left leg"; "Lymphadenopathy,
			// cervical"), not another finding ("Left knee pain, right
			// shoulder pain").
			return true
		}
		if k == i+1 && slices.ContainsFunc(toks[k].norms, func(n string) bool { return e.anchors.dx[n] && len(e.oneWord(n)) > 0 }) {
			return false // "Anxiety, depression": two findings, each a main term
		}
		if side {
			return false
		}
		for _, n := range toks[i].norms {
			if slices.ContainsFunc(e.subtermsOf(n), func(ws []string) bool { return len(ws) == len(said) && allSaid(ws, said) }) {
				return true
			}
			if i > 0 && toks[i-1].punct == 0 && e.deeperSubterm(n, wordsBefore(toks, i), said) {
				return true
			}
		}
		return false
	}
	return false
}

// wordsBefore returns the words of the two tokens before toks[i], within its
// clause: "bipolar I" before "disorder".
func wordsBefore(toks []token, i int) []string {
	var out []string
	for k := max(0, i-2); k < i; k++ {
		if toks[k].punct != 0 && k < i-1 {
			continue
		}
		out = append(out, toks[k].norms...)
	}
	return out
}

// deeperSubterm reports the words said after a comma naming, whole, the
// subterms one to three levels under a first-level subterm of main term
// w that a word of prev (the words before w) says, with their
// nonessential modifiers or without: "Heart failure, chronic systolic" is
// Failure > heart > systolic > chronic; "Bipolar I disorder, most recent
// episode manic" is Disorder > bipolar > current (or most recent) episode
// > manic.
func (e *Engine) deeperSubterm(w string, prev, said []string) bool {
	said = slices.DeleteFunc(slices.Clone(said), search.StopWord) // "acute on chronic"
	for _, t := range e.oneWord(w) {
		for _, sub := range t.Terms {
			if ws := search.StrongWords(sub.Title); len(ws) != 1 || !rootMatch(ws[0], prev) {
				continue
			}
			if subtermPathSaid(sub.Terms, nil, nil, said, 3) {
				return true
			}
		}
	}
	return false
}

// subtermPathSaid reports a path down terms, at most depth levels, whose
// words (after words, with the optional ones opt) are the words said. A
// level's "(or ...)" is another way to say it: "current (or most recent)
// episode" is said as "most recent episode".
func subtermPathSaid(terms []*terminology.IndexTerm, words, opt, said []string, depth int) bool {
	if depth == 0 {
		return false
	}
	for _, t := range terms {
		o := slices.Concat(opt, search.ContentWords(t.Nemod))
		title := search.StrongWords(t.Title)
		forms := [][]string{title}
		for _, m := range strings.SplitAfter(t.Nemod, ")") {
			if or, ok := strings.CutPrefix(strings.TrimSpace(m), "(or "); ok && len(title) > 0 {
				// In place of the first word or the last (orModifiers).
				ws := search.ContentWords(strings.TrimSuffix(or, ")"))
				forms = append(forms, slices.Concat(ws, title[1:]))
				if len(title) > 1 {
					forms = append(forms, slices.Concat(title[:len(title)-1], ws))
				}
			}
		}
		for _, f := range forms {
			w := slices.Concat(words, f)
			if len(w) > len(said) {
				continue
			}
			if allSaid(w, said) && allSaid(said, slices.Concat(w, o)) || subtermPathSaid(t.Terms, w, o, said, depth-1) {
				return true
			}
		}
	}
	return false
}

// findingNouns name a finding, not a site, though the Neoplasm Table's
// rows hold them ("Hypertension, kidney failure" is two findings).
var findingNouns = wordSet("syndrome failure insufficiency infection injury pain mass cyst tumor tumour ulcer")

// allSaid reports every word of ws said among said, in one of its forms.
func allSaid(ws, said []string) bool {
	return !slices.ContainsFunc(ws, func(w string) bool { return !rootMatch(w, said) })
}

// termAt returns the term of an index book a path names level by level
// (each level its title and nonessential modifiers, as a hit's reason
// writes them), starting among terms; nil when the book has no such term.
func termAt(terms []*terminology.IndexTerm, levels []string) *terminology.IndexTerm {
	var t *terminology.IndexTerm
	for _, level := range levels {
		t = nil
		for _, k := range terms {
			if strings.TrimSpace(k.Title+" "+k.Nemod) == level {
				t = k
				break
			}
		}
		if t == nil {
			return nil
		}
		terms = t.Terms
	}
	return t
}

// endsNEC reports an Index path whose last level is "... NEC", the
// Index's entry for what is classified nowhere else.
func endsNEC(why string) bool {
	if !strings.HasPrefix(why, "index: ") {
		return false
	}
	last := why[strings.LastIndex(why, " > ")+1:]
	if i := strings.Index(last, " → "); i >= 0 {
		last = last[:i]
	}
	return strings.HasSuffix(strings.TrimSpace(withoutParens(last)), " NEC")
}

// coverage says which words of the window a hit explains (strong: by a
// word of its phrase that is not filler nor a nonessential modifier) and
// how much of the hit's own phrase the window says: each word of a title,
// each level of an Index path (a level's comma-separated forms are
// alternatives: "Infiltrate, infiltration").
func (e *Engine) coverage(h search.Hit, fy int, w []qtok) (cov, strong []bool, pcov float64) {
	cov, strong = make([]bool, len(w)), make([]bool, len(w))
	ph := e.phraseOf(h, fy)
	units, all := ph.units, ph.all
	says := map[string]bool{}
	for k, t := range w {
		for _, n := range t.norms {
			if slices.Contains(all, n) || slices.Contains(all, t.text) {
				cov[k] = true
			}
			for _, u := range units {
				for _, alt := range u {
					if rootMatch(n, alt) && !filler[n] {
						cov[k], strong[k] = true, true
						says[n] = true
					}
				}
			}
			if limb, ok := limbOf[n]; ok && unitsHold(units, limb...) {
				// "Left lower leg" says "left lower limb".
				cov[k], strong[k] = true, true
				for _, x := range limb {
					says[x] = true
				}
			}
			for _, site := range impliedWords[n] {
				if n == backWord && !backOfBody(w, k) {
					continue // "came back", "back to baseline"
				}
				if unitsHold(units, site) {
					// "Fifth metatarsal" says its bone and its foot.
					says[site] = true
				}
			}
		}
	}
	if c := h.Concept.Code; h.Concept.System == app.ICD10CM && c >= "S00" && c < "T15" && unitsHold(units, displacedWord) && !saysPart(w, "displac") && !saysAny(w, notTraumatic) {
		// A traumatic fracture not said to be displaced or not
		// ("undisplaced", "without displacement") is coded as displaced
		// (§I.C.19.c.1).
		says[displacedWord] = true
	}
	sayList := keys(says)
	for _, x := range ph.unspecified {
		if (says[x] || saysAny(w, wordSet(x))) && !saysAny(w, unspecifiedSaid) {
			// "Primary open-angle glaucoma, left eye, moderate stage" is
			// not the code for the stage unspecified.
			return cov, strong, 0
		}
	}
	for _, x := range ph.notAs {
		for _, t := range w {
			if rootMatch(x, t.norms) {
				// "Chronic smoker with acute bronchitis" is not J40,
				// "Bronchitis, not specified as acute or chronic".
				return cov, strong, 0
			}
		}
	}
	if slices.ContainsFunc(ph.lacks, func(x string) bool { return !filler[x] }) && !saysRaw(w, "without", "w/o", "no") && !slices.ContainsFunc(ph.lacks, func(x string) bool {
		return !filler[x] && saidTimes(w, [][]string{{x}}) == 0
	}) {
		// "Attention deficit hyperactivity disorder" is not
		// "attention-deficit without hyperactivity" (F98.8); every word
		// the path is without is said ("retinal detachment" says no
		// "retinal break").
		return cov, strong, 0
	}
	if h.Concept.System == app.ICD10CM && displacementConflict(h.Concept.TitleIn(fy).Long, w) {
		return cov, strong, 0
	}
	for _, u := range units {
		for _, alt := range u {
			for _, x := range alt {
				if x != "" && isDigit(x[0]) && !says[x] {
					// "Chronic kidney disease, stage 1" is not the stage
					// 3 the note says: a number of the title or Index
					// path must be the note's.
					return cov, strong, 0
				}
			}
		}
	}
	total, got, least, last := 0.0, 0.0, 1.0, 1.0
	lastUnit := -1 // the last level that has a word of its own ("> unilateral" has none)
	for ui, u := range units {
		if !ph.optional[ui] && slices.ContainsFunc(u, func(alt []string) bool {
			return slices.ContainsFunc(alt, func(x string) bool { return x != "" && !filler[x] })
		}) {
			lastUnit = ui
		}
	}
	innerGap, outerGap := false, false // a level said in none of its words
	for ui, u := range units {
		best, size := 0.0, 0
		for _, alt := range u {
			n, hit := 0, 0
			for _, x := range alt {
				if filler[x] || x == "" {
					continue
				}
				n++
				if rootMatch(x, sayList) {
					hit++
				}
			}
			if n > 0 {
				size = n
				best = max(best, float64(hit)/float64(n))
			}
		}
		if size == 0 || ph.optional[ui] && best == 0 {
			continue
		}
		if !ph.title && best > 0 && ui > 0 && repeats(u, units[:ui]) && saidTimes(w, u) < 2 {
			// A subterm that repeats a word of a level above it is said
			// by the note's second word, not again by the one that said
			// the level: "attention deficit hyperactivity disorder" is
			// not Disorder, attention-deficit hyperactivity >
			// hyperactive type (F90.1).
			best = 0
		}
		if ph.title && best == 1 && len(u) == 1 && len(u[0]) == 1 && (sideWords[u[0][0]] || u[0][0] == unilateralWord) {
			// A side said does not make up for the title's other words:
			// "hemorrhage of the right eye" does not say "Unspecified
			// choroidal hemorrhage, right eye".
			continue
		}
		if ph.title && best == 0 && e.findingUnit(u) {
			// A title word the note does not say that names a finding
			// of its own: "Visual discomfort, right eye" is not what
			// "decreased visual acuity in the right eye" says.
			return cov, strong, 0
		}
		if ui == ph.mainUnit && (best < 1 && h.Concept.System == app.ICD10CM || best == 0) {
			// A main term is said whole or not at all: "disease" is not
			// Hers' disease, "bed" not a bed sore, "radiotherapy" not a
			// radiotherapy session. Its subterms may be said in part, and
			// a Tabular inclusion term is not a main term. A procedure's
			// main term needs one word said, its head ("cranial nerves
			// intact" is no Crushing, nerve): the PCS Index names
			// operations in words notes vary ("hyperbaric oxygen").
			return cov, strong, 0
		}
		total++
		got += best
		least = min(least, best)
		if best == 0 {
			// (The main term, said in none of its words, returned above.)
			outerGap = outerGap || ui == lastUnit
			innerGap = innerGap || ui != lastUnit
		}
		if !ph.optional[ui] {
			last = best
		}
	}
	if ph.title && !ph.with {
		// "Atrial fibrillation with rapid ventricular response": a
		// title that joins nothing ("Ventricular fibrillation") is not
		// said by words on both sides of the note's "with".
		// Only when the words after "with" qualify a noun of their own
		// ("rapid ventricular response"): "anemia with iron deficiency"
		// says "Iron deficiency anemia", and "pneumonia associated with
		// mechanical ventilation" "Ventilator associated pneumonia".
		first, last := bounds(strong)
		for k := first + 1; k < last; k++ {
			if w[k].text == "with" && w[k-1].text != "associated" && last+1 < len(w) && !strong[last+1] && isContent(w[last+1]) {
				return cov, strong, 0
			}
		}
	}
	if ph.title && ph.with && !ph.without {
		for _, t := range w {
			if t.text == "without" {
				// "BPH without lower urinary tract symptoms" is not the
				// code "with" them.
				return cov, strong, 0
			}
		}
	}
	for _, level := range ph.withWords {
		// "Dementia without behavioral disturbance" is not Dementia,
		// with, behavioral disturbances (F03.918): the level's words all
		// said right after a "without", and not after a "with" ("with
		// behavioral disturbance, without psychotic disturbance" is).
		if saidAfter(w, level, "without", "w/o") && !saidAfter(w, level, "with", "w/") {
			return cov, strong, 0
		}
	}
	if len(ph.main) > 0 {
		head := false
		for _, x := range ph.main {
			// "Encounter for screening colonoscopy" says Encounter, a
			// word the titles' seventh characters make filler.
			head = head || rootMatch(x, sayList) || filler[x] && slices.ContainsFunc(w, func(t qtok) bool { return slices.Contains(t.norms, x) })
		}
		if !head {
			// "Fluctuating blood pressure" is not what "blood pressure
			// 150/92" says: a main term's first word is what it is.
			return cov, strong, 0
		}
	}
	if halfAnEponym(h.Why, units, w) {
		// "Tolosa-Hunt syndrome" is not Hunt's syndrome (B02.21): the
		// Index's name is one of the note's two.
		return cov, strong, 0
	}
	for _, ep := range ph.eponyms {
		if !rootMatch(ep, sayList) {
			// "Colles' fracture of left radius": an eponym names a kind
			// of the condition; a note that does not say it does not
			// document that kind.
			return cov, strong, 0
		}
	}
	if ph.title && last == 0 {
		// A title's last word is what it is about ("Long term use of
		// antibiotics", "Type 2 diabetes mellitus with hyperglycemia"):
		// a note that does not say it does not document the code.
		return cov, strong, 0
	}
	if total == 0 || ph.vague {
		return cov, strong, 0
	}
	if !ph.title && h.Concept.System == app.ICD10CM {
		// Every level of an Index path must be said: "Hypertension > due
		// to > renal disorders > arterial" is not "arterial hypertension".
		// But for a level between the main term and the last one when
		// the code's own title is said whole: "periumbilical abdominal
		// pain" is Pain > abdominal > lower > periumbilical, R10.33
		// Periumbilical pain. Not a residual title ("Other seizures"),
		// which any bare mention says.
		if least == 0 && innerGap && !outerGap && !residualTitle(h.Concept.TitleIn(fy).Long) {
			if _, _, tp := e.coverage(asTitle(h, fy), fy, w); tp > 0.999 {
				return cov, strong, got / total
			}
		}
		return cov, strong, least
	}
	return cov, strong, got / total
}

// repeats reports a unit each of whose words root-matches a word of an
// earlier unit, not one the same as an earlier unit (the Index repeats a
// level to name its axis again: "preterm labor > second trimester > with
// preterm delivery > second trimester").
func repeats(u [][]string, earlier [][][]string) bool {
	var before []string
	for _, e := range earlier {
		for _, alt := range e {
			if slices.ContainsFunc(u, func(a []string) bool { return slices.Equal(a, alt) }) {
				return false
			}
			before = append(before, alt...)
		}
	}
	for _, alt := range u {
		for _, x := range alt {
			if x != "" && !filler[x] && !rootMatch(x, before) {
				return false
			}
		}
	}
	return true
}

// saidTimes is how many words of w say a word of unit u.
func saidTimes(w []qtok, u [][]string) int {
	n := 0
	for _, t := range w {
		if slices.ContainsFunc(u, func(alt []string) bool {
			return slices.ContainsFunc(alt, func(x string) bool { return x != "" && !filler[x] && rootMatch(x, t.norms) })
		}) {
			n++
		}
	}
	return n
}

// limbOf are the Tabular's words for the limb a note names by its lay
// noun: a leg is a lower limb, an arm an upper one.
var limbOf = map[string][]string{}

func init() {
	for lay, limb := range map[string]string{"leg": "lower limb", "arm": "upper limb"} {
		limbOf[search.Word(lay)] = search.Words(limb)
	}
}

// impliedWords are the words a note's word says without writing them: the
// sites a bone's or a region's name says (a title's "fifth metatarsal
// bone, left foot" is said by "left fifth metatarsal", the spine by the
// low back, backOfBody), and the kind of injury an insect's bite is.
var impliedWords = map[string][]string{}

var displacedWord, unilateralWord = search.Word("displaced"), search.Word("unilateral")

// notTraumatic are the words of a fracture of another kind than an
// injury's (M84.3-, M84.4-, M80).
var notTraumatic = wordSet("stress fatigue insufficiency pathological pathologic osteoporotic")

func init() {
	for bone, site := range map[string]string{"metatarsal": "foot", "tarsal": "foot", "calcaneus": "foot", "calcaneal": "foot",
		"toe": "foot", "metacarpal": "hand", "scaphoid": "wrist"} {
		impliedWords[search.Word(bone)] = []string{search.Word(site), search.Word("bone")}
	}
	// The back is the spine's region: "low back pain with sciatica" is
	// Pain, spine, low back, with sciatica (M54.4-).
	impliedWords[backWord] = []string{search.Word("spine")}
	// An insect's bite or sting is a superficial injury: "insect bite of
	// the left arm" is Bite, arm, superficial NEC, insect (S40.86-).
	impliedWords[search.Word("insect")] = []string{search.Word("superficial")}
}

var backWord = search.Word("back")

// backRegions and backPains are the words beside "back" that make it the
// body's: "low back", "back pain".
var backRegions, backPains = rawSet("low lower upper mid middle"), rawSet("pain pains painful ache aches spasm spasms strain")

// backOfBody reports a "back" at w[k] that is the body's region, not the
// adverb.
func backOfBody(w []qtok, k int) bool {
	return k > 0 && backRegions[w[k-1].text] || k+1 < len(w) && backPains[w[k+1].text]
}

// unitsHold reports whether every word is one of the units' words.
// halfAnEponym reports a hyphenated name of the note ("Tolosa-Hunt")
// whose one part is the possessive name of an Index path ("Hunt's") and
// whose other part the path does not say.
func halfAnEponym(why string, units [][][]string, w []qtok) bool {
	for _, t := range w {
		if !strings.Contains(t.text, "-") {
			continue
		}
		named, other := false, false
		for _, part := range strings.Split(t.text, "-") {
			n := search.Word(part)
			if len(part) < 3 || n == "" {
				continue
			}
			switch {
			case !unitsHold(units, n):
				other = true
			case containsFold(why, part+"'"):
				named = true
			}
		}
		if named && other {
			return true
		}
	}
	return false
}

func unitsHold(units [][][]string, words ...string) bool {
	for _, w := range words {
		found := false
		for _, u := range units {
			for _, alt := range u {
				found = found || slices.Contains(alt, w)
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// genericTitleWords are title words that name a finding's kind or place
// in general ("disorder", "disease", "condition"): a note that names the
// finding itself need not say them.
var genericTitleWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`disorder disorders disease diseases condition conditions abnormality
		abnormalities syndrome lesion lesions finding findings state status complication complications
		symptom symptoms sign signs problem problems`) {
		genericTitleWords[search.Word(w)] = true
	}
}

// phrase is a hit's phrase taken apart for coverage: its units (title
// words, or Index levels with their alternative forms) and every word.
type phrase struct {
	title   bool         // a title, not an Index path
	with    bool         // the title says "with"
	without bool         // the title says "without"
	units   [][][]string // unit → alternatives → words
	// all are the words the hit says, once each: an Index path's (and
	// those its code's title met besides), a title hit's matched words.
	all []string
	// vague is a main term alone that needs a subterm (needsSubterm), or
	// a path through "specified NEC" (otherSpecified).
	vague bool
	// eponyms are the names in a title that name a kind ("Colles'").
	eponyms []string
	// main is the first word of each form of an Index path's main term.
	main []string
	// mainUnit is the unit of an Index path's main term (its head and
	// the head's variant forms), -1 when there is none.
	mainUnit int
	// optional are the units of a title's nonessential words: they count
	// when the note says them, and are not missed when it does not.
	optional map[int]bool
	// notAs are the words of a title's "not specified as ...": a note
	// that says one contradicts the code.
	notAs []string
	// unspecified are the axes a title leaves unspecified ("stage
	// unspecified"): a note that names one ("moderate stage") says
	// another code.
	unspecified []string
	// lacks are the words an Index path is "without" ("Disorder,
	// attention-deficit without hyperactivity"): a note that says them
	// all, and no "without", documents another code.
	lacks []string
	// withWords are the words of each Index path level after a "with"
	// ("Dementia > with > behavioral disturbances"): a note that says
	// one's all after "without" documents another code.
	withWords [][]string
}

// eponymWords is the words of an Index head naming an eponym, the name
// kept even when it reads as a stop word ("Hers' disease").
func eponymWords(form string) []string {
	var out []string
	for _, w := range strings.Fields(form) {
		if strings.HasSuffix(w, "'") || strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "’") || strings.HasSuffix(w, "’s") {
			if n := search.Words(w); len(n) > 0 {
				out = append(out, n[0])
			}
			continue
		}
		out = append(out, search.StrongWords(w)...)
	}
	return out
}

// withLetters returns head with the one-letter names of an Index form
// that read as stop words ("Triple I", "Hepatitis > viral > type > A"):
// "triple bypass" is not Triple I (chorioamnionitis), nor "hepatitis"
// hepatitis A. An A the search reads as the letter (search.LetterA, as
// the note's "hepatitis A" reads) is in head already; one it reads as the
// article ("Esotropia > A pattern") is added as "a", as a note reads it.
// A letter in parentheses is a nonessential modifier like any other:
// "bipolar disorder" says Disorder > bipolar (I).
func withLetters(form string, head []string) []string {
	depth := 0
	for _, w := range strings.Fields(form) {
		in := depth > 0 || strings.HasPrefix(w, "(")
		depth = max(0, depth+strings.Count(w, "(")-strings.Count(w, ")"))
		if in {
			continue // "(I)", "(type I)"
		}
		w = strings.Trim(w, ",()")
		if len(w) == 1 && w[0] >= 'A' && w[0] <= 'Z' {
			x := search.Word(w)
			if w == "A" && slices.Contains(head, search.LetterA) {
				continue // read as the letter already ("Influenza > A (non-novel)")
			}
			if search.StopWord(x) && !slices.Contains(head, x) {
				head = append(head[:len(head):len(head)], x)
			}
		}
	}
	return head
}

// defaultKind are the qualifiers of an Index main term that name the kind
// a note means when it says none: "Fracture, traumatic" is the fracture
// of a note that does not say pathological or stress.
var defaultKind = map[string]bool{search.Word("traumatic"): true}

// titleEponyms returns the words of a title that are possessive names
// ("Colles'", "Barton's"), normalised.
func titleEponyms(title string) []string {
	var out []string
	for w := range strings.FieldsSeq(title) {
		w = strings.TrimRight(w, ",;")
		if strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "'") || strings.HasSuffix(w, "’s") || strings.HasSuffix(w, "’") {
			if n := search.Words(w); len(n) > 0 {
				out = append(out, n[0])
			}
		}
	}
	return out
}

// sideSaid reports q[k], a side or the eye or ear right after one, when
// the code read (its title) is for a side or both: "chronic serous
// otitis media of both ears" is H65.23, the "both ears" its side, not a
// finding to read again.
func sideSaid(title string, q []qtok, k int) bool {
	t := strings.ToLower(title)
	if sideOf(t) == "" && !strings.Contains(t, "bilateral") {
		return false
	}
	return saysAny(q[k:k+1], sideWords) || k > 0 && saysAny(q[k-1:k], sideWords) && saysAny(q[k:k+1], sideOrgans)
}

// axisValue reports a word that names an axis's value before the axis
// word: "moderate stage", "second trimester".
func axisValue(t qtok) bool {
	return t.text != "" && (qualifierWords[t.text] || ordinals[t.text]) && !unspecifiedSaid[search.Word(t.text)]
}

var ordinals = map[string]bool{"first": true, "second": true, "third": true, "fourth": true}

// unspecifiedSaid are the words of a note that leave an axis unspecified
// ("stage unspecified").
var unspecifiedSaid = wordSet("unspecified unknown")

// axisWords name an axis of a code that a title may leave unspecified;
// sideOrgans too in the chapters of the eye and the ear, whose every code
// is of one ("Avulsion of unspecified eye" is no avulsion of anything).
var axisWords, sideOrgans = wordSet("stage trimester severity"), wordSet("eye ear")

// unspecifiedAxes are the axis words a title (ws, its Words) says are
// unspecified, next to an "unspecified": "unspecified eye", "stage
// unspecified"; organ tells whether the eye and the ear are axes
// (sideOrgans).
func unspecifiedAxes(ws []string, organ bool) map[string]bool {
	var out map[string]bool
	for k, w := range ws {
		if !(axisWords[w] || organ && sideOrgans[w]) || !(k > 0 && ws[k-1] == unspecifiedWord || k+1 < len(ws) && ws[k+1] == unspecifiedWord) {
			continue
		}
		if out == nil {
			out = map[string]bool{}
		}
		out[w] = true
	}
	return out
}

// saidAfter reports whether every one of words is said among the words
// right after one of link in w (as many as words, and one more).
func saidAfter(w []qtok, words []string, link ...string) bool {
	for k := range w {
		if !slices.Contains(link, w[k].text) {
			continue
		}
		after := w[k+1 : min(k+2+len(words), len(w))]
		if !slices.ContainsFunc(words, func(x string) bool {
			return !slices.ContainsFunc(after, func(t qtok) bool { return rootMatch(x, t.norms) })
		}) {
			return true
		}
	}
	return false
}

// addOptional adds a unit of the one word x that counts when said and is
// not missed when not (p.optional).
func (p *phrase) addOptional(x string) {
	if p.optional == nil {
		p.optional = map[int]bool{}
	}
	p.optional[len(p.units)] = true
	p.units = append(p.units, [][]string{{x}})
}

// addWord adds x to the phrase's words when it is not there yet.
func (p *phrase) addWord(x string) {
	if !slices.Contains(p.all, x) {
		p.all = append(p.all, x)
	}
}

type phraseKey struct {
	why  string
	code string
}

func (e *Engine) phraseOf(h search.Hit, fy int) *phrase {
	// An Index path's analysis is the path's alone, whichever of the
	// codes it led to (a category's three, a code's years) asks for it;
	// a title's is its code's.
	k := phraseKey{h.Why, string(h.System)}
	if strings.HasPrefix(h.Why, "title: ") {
		k.code = h.Concept.Code
	}
	e.mu.Lock()
	p := e.phrases[k]
	e.mu.Unlock()
	if p != nil {
		return p
	}
	p = &phrase{mainUnit: -1}
	if rest, ok := strings.CutPrefix(h.Why, "title: "); ok {
		p.title = true
		title := h.Concept.TitleIn(fy).Long
		tw := search.Words(title) // the title's words, read once for all below
		for _, x := range tw {
			p.with = p.with || x == "with"
			p.without = p.without || x == "without"
		}
		for x := range strings.SplitSeq(rest, ", ") {
			p.addWord(search.Word(x))
		}
		p.eponyms = titleEponyms(title)
		seen := map[string]bool{}
		// A title's parenthesized and bracketed words are its nonessential
		// words ("Abdominal distension (gaseous)", "Essential (primary)
		// hypertension", "[E. coli]"): a note need not say them, unless
		// they say what the code is with or without ("Chills (without
		// fever)").
		said, notAs := notSpecifiedAs(optionalWordsOut(title))
		p.notAs = notAs
		ors := orPairs(said)
		// What a title ends "without" is the classification's default, a
		// note need not say it ("major depressive disorder, recurrent,
		// severe" is F33.2, "... recurrent severe without psychotic
		// features"); it counts when said (below), and a note that says
		// it all, with no "without", has the other code (coverage). Not
		// a clause before a comma or the title's site ("Rheumatoid
		// arthritis without rheumatoid factor, right knee"; "Laceration
		// without foreign body of left index finger ...").
		core := said
		if i := strings.LastIndex(strings.ToLower(said), " without "); i >= 0 && !strings.ContainsAny(said[i:], ",") {
			core = said[:i]
			p.lacks = search.ContentWords(said[i+len(" without "):])
		}
		ws := search.ContentWords(core)
		var words []string
		var alts [][]string
		axes := unspecifiedAxes(tw, h.Concept.System == app.ICD10CM && h.Concept.Code >= "H00" && h.Concept.Code < "H96")
		for x := range axes {
			if axisWords[x] {
				p.unspecified = append(p.unspecified, x)
			}
		}
		for j, x := range ws {
			if seen[x] {
				continue
			}
			if axes[x] {
				// "Primary open-angle glaucoma, unspecified eye, stage
				// unspecified": an axis the title leaves unspecified is
				// no word the note must say; it counts when said (below).
				continue
			}
			if x == regionWord && j > 0 {
				// "Radiculopathy, lumbar region": "lumbar radiculopathy"
				// says it; the word counts when said (below).
				continue
			}
			if x == benignWord && h.Concept.System == app.ICD10CM && !(h.Concept.Code >= "C00" && h.Concept.Code < "D50") {
				// "Benign intracranial hypertension": outside the
				// neoplasms the Index has "benign" as a nonessential
				// modifier (Hypertension, intracranial (benign) G93.2);
				// it counts when said (below).
				continue
			}
			seen[x] = true
			if first, ok := ors[x]; ok {
				// "Rotator cuff tear or rupture": either word says it.
				if u := unitOf(p.units, first); u >= 0 {
					p.units[u] = append(p.units[u], []string{x})
					continue
				}
			}
			if i := joinedFrom(ws, j); i >= 0 && len(p.units) >= j-i && sameUnits(p.units[len(p.units)-(j-i):], ws[i:j]) {
				// "Tubulo-interstitial": one unit, said as its parts or
				// joined ("tubulointerstitial").
				p.units = append(p.units[:len(p.units)-(j-i)], [][]string{ws[i:j:j], {x}})
				continue
			}
			if words == nil {
				// One backing array for the one-word units below, and one
				// for the lists of their alternatives (capped: a unit that
				// gains an alternative gets its own).
				words, alts = make([]string, len(ws)), make([][]string, len(ws))
				p.units = slices.Grow(p.units, len(ws)-j)
			}
			words[j] = x
			alts[j] = words[j : j+1 : j+1]
			p.units = append(p.units, alts[j:j+1:j+1])
		}
		// The nonessential words count when said ("acute on chronic
		// systolic congestive heart failure" says all of I50.23's).
		for _, x := range tw {
			if !seen[x] && !filler[x] && !search.StopWord(x) {
				seen[x] = true
				p.addOptional(x)
			}
		}
	} else {
		path := h.Why
		if i := strings.Index(path, ": "); i >= 0 {
			path = path[i+2:]
		}
		if i := strings.Index(path, " → see "); i >= 0 && strings.HasPrefix(h.Why, "neoplasm: ") {
			// A table row coded by the row it names ("colon — see also
			// Neoplasm, intestine, large") is said by its own words.
			path = path[:i]
		} else if i >= 0 {
			if t := refTarget(path[:i], path[i+len(" → see "):]); t == path[:i] || e.indexTerm(path[:i]) == nil {
				path = t
			} else {
				// A level the Index prints under the entry is the note's
				// to say, though its reference names it again: "Foreign
				// body > retained > lens — see Foreign body, intraocular,
				// old, retained, lens" is no retained foreign body of the
				// hand.
				path = path[:i]
			}
		}
		if i := strings.Index(path, " ["); i >= 0 {
			path = path[:i]
		}
		// "Pain > spine > low back > with sciatica; title: side, right":
		// the words the code's own title met besides the entry (it led to
		// a category, M54.4-) are no level of the path; they count when
		// said. A procedure's are read with the path's last level, as
		// its table's axes: "Computerized Tomography > Brain; title:
		// contrast".
		var titleMet string
		if h.System == app.ICD10CM {
			path, titleMet, _ = strings.Cut(path, "; title: ")
		}
		pw := search.Words(path)
		p.all = make([]string, 0, len(pw))
		for _, x := range pw {
			p.addWord(x)
		}
		p.lacks = withoutWords(strings.ToLower(path))
		levels := strings.Split(path, " > ")
		for n := 1; n < len(levels); n++ {
			l := strings.ToLower(strings.TrimSpace(levels[n]))
			var ws []string
			if rest, ok := strings.CutPrefix(l, "with "); ok {
				ws = search.StrongWords(rest)
			} else if l == "with" && n+1 < len(levels) {
				ws = search.StrongWords(levels[n+1])
			}
			if len(ws) > 0 {
				p.withWords = append(p.withWords, ws)
			}
		}
		index := h.System == app.ICD10CM && strings.HasPrefix(h.Why, "index: ")
		if len(levels) == 1 && (needsSubterm[search.Word(strings.Split(levels[0], ",")[0])] || strings.HasPrefix(h.Why, "neoplasm: ")) {
			// "Defect" alone is no code a coder would take from a note,
			// nor the Neoplasm Table's head row without a site.
			p.vague = true
		}
		for n, level := range levels {
			if n > 0 && otherSpecified(level) {
				p.vague = true
			}
			if n == 0 && !strings.HasPrefix(h.Why, "neoplasm: ") && !strings.HasPrefix(h.Why, "drugs: ") {
				for _, form := range levelForms(level) {
					if ws := search.StrongWords(form); len(ws) > 0 {
						p.main = append(p.main, ws[0])
					}
				}
			}
			if n > 0 && strings.HasPrefix(strings.ToLower(strings.TrimSpace(level)), "not specified as ") {
				// "Colitis > Clostridium difficile > not specified as
				// recurrent": what a note that does not say it means.
				continue
			}
			if l := strings.ToLower(strings.TrimSpace(level)); n > 0 && (l == "type" || l == "degree" || search.IndexHeading(l)) {
				// "Hepatitis > viral > type > C", "Malnutrition > degree >
				// moderate", "Foreign body > entering through orifice >
				// nose": a grouping level, not words a note says.
				continue
			}
			// A level's comma forms are variants of its head ("Infarct,
			// infarction") or qualifiers the note must also say ("Rests,
			// ovarian, in fallopian tube").
			forms := levelForms(level)
			head := search.StrongWords(forms[0])
			if strings.ContainsAny(forms[0], "'’") {
				// An eponym's name is part of it even when it reads as a
				// stop word: "Hers' disease" is not "disease".
				head = eponymWords(forms[0])
			}
			head = withLetters(forms[0], head)
			if n == 0 && len(head) > 0 && endsInState(forms[0]) {
				// "Withdrawal state", "Crisis state", "Vegetative state":
				// the search reads "state" as a stop word, but the term
				// names a state, not the withdrawal of a catheter.
				head = append(head[:len(head):len(head)], stateWord)
			}
			ors := orForms(forms[0], head)
			if n > 0 && len(head) >= 2 && (head[len(head)-1] == regionWord || head[len(head)-1] == jointWord || head[len(head)-1] == typeWord && strings.ContainsAny(forms[0], "'’")) && index {
				// "Pain, lumbar region": "lumbar pain" says it, as
				// "Alzheimer's dementia" says "Dementia, Alzheimer's type";
				// "Osteoarthritis, hand joint" (M19.04-), "gout of the
				// foot joint": "osteoarthritis of the right hand" says it.
				ors = append(ors, head[:len(head)-1])
			}
			if n > 1 && len(head) >= 2 && head[len(head)-1] == disorderWord && index && causeLevel(levels[n-1]) {
				// "Insomnia > due to > anxiety disorder" (F51.05):
				// "insomnia due to anxiety" says it, the cause named as
				// the Index names the disorder alone (Anxiety: F41.9,
				// Anxiety disorder, unspecified).
				ors = append(ors, head[:len(head)-1])
			}
			if n == 0 && len(levels) > 1 && len(head) == 2 && head[1] == abnormalityWord && index {
				// "Gait abnormality, unsteadiness" (R26.81): "gait
				// unsteadiness" says it, the subterm naming the
				// abnormality; "gait" alone says no abnormality.
				ors = append(ors, head[:1])
			}
			alts := joinedForms(ors)
			if n == 0 && len(p.main) > 0 {
				for _, a := range alts[len(ors):] {
					p.main = append(p.main, a[0]) // "tubulointerstitial" for "tubulo-interstitial"
				}
			}
			last := forms[len(forms)-1]
			// "Reiter's disease, syndrome, or urethritis"; a main term's
			// "Poison ivy, oak, sumac or other plant dermatitis".
			enumerated := len(forms) > 2 && (strings.HasPrefix(last, "or ") || n == 0 && strings.Contains(last, " or ")) && len(head) > 0
			if enumerated && !strings.HasPrefix(last, "or ") {
				if i := strings.LastIndex(last, " or "); len(search.StrongWords(last[i+4:])) > 1 {
					// The last form's last word is every form's: "poison
					// oak" is no dermatitis unless the note says it.
					ws := search.StrongWords(last)
					p.units = append(p.units, [][]string{ws[len(ws)-1:]})
					forms = slices.Clone(forms)
					forms[len(forms)-1] = last[:strings.LastIndex(last, " ")]
				}
			}
			for _, form := range forms[1:] {
				if enumerated {
					// Each form in place of the first's last word, one of
					// them said ("Reiter's syndrome", "poison oak").
					for _, f := range strings.Split(form, " or ") {
						if ws := search.StrongWords(f); len(ws) > 0 {
							alts = append(alts, slices.Concat(head[:len(head)-1], ws))
						}
					}
					continue
				}
				ws := search.StrongWords(form)
				if len(ws) > 0 && defaultKind[ws[0]] {
					// "Fracture, traumatic" is the default a note need not
					// say; "Injection, traumatic jet" names a kind it must.
					ws = ws[1:]
				}
				if len(ws) == 0 {
					continue
				}
				if len(head) > 0 && variant(ws[0], head[0]) {
					alts = append(alts, ws)
				} else {
					p.units = append(p.units, [][]string{ws})
				}
			}
			if len(head) > 0 {
				alts = append(alts, orModifiers(forms[0], head)...)
			}
			if len(head) > 0 {
				if n == 0 && len(p.main) > 0 && strings.HasPrefix(h.Why, "index: ") {
					p.mainUnit = len(p.units)
				}
				p.units = append(p.units, alts)
			}
		}
		for _, x := range search.ContentWords(titleMet) {
			// Not a form of a word the path says ("corneal" of "Opacity,
			// cornea"): that unit says it.
			if !rootMatch(x, p.all) {
				p.addWord(x)
				p.addOptional(x)
			}
		}
		if col, ok := tableColumn(h.Why); ok {
			// The column's words ("benign", "malignant") count when
			// said: "benign neoplasm of the colon" is the row "colon"
			// in the Benign column, all of it said.
			for _, x := range search.ContentWords(col) {
				p.addOptional(x)
			}
		}
	}
	e.mu.Lock()
	if len(e.phrases) >= maxCache {
		clear(e.phrases)
	}
	e.phrases[k] = p
	e.mu.Unlock()
	return p
}

// findingUnit reports a title unit that names a finding of its own: a
// word (or, of "A or B", either word) that heads an Index main term.
func (e *Engine) findingUnit(u [][]string) bool {
	for _, alt := range u {
		if len(alt) == 1 && e.anchors.dx[alt[0]] && !genericTitleWords[alt[0]] {
			return true
		}
	}
	return false
}

// displacementConflict reports a fracture code the note's words
// contradict: a displaced one for an "undisplaced" ("nondisplaced", "not
// displaced", "without displacement") fracture, or the reverse.
func displacementConflict(title string, w []qtok) bool {
	displaced, nondisplaced := strings.HasPrefix(title, "Displaced "), strings.HasPrefix(title, "Nondisplaced ")
	if !displaced && !nondisplaced {
		return false
	}
	saysNot, saysIs := false, false
	for k, t := range w {
		for _, n := range t.norms {
			if !strings.Contains(n, "displac") {
				continue
			}
			if strings.HasPrefix(n, "un") || strings.HasPrefix(n, "non") || k > 0 && (w[k-1].text == "not" || w[k-1].text == "without" || w[k-1].text == "no") {
				saysNot = true
			} else {
				saysIs = true
			}
		}
	}
	return displaced && saysNot && !saysIs || nondisplaced && saysIs && !saysNot
}

// notSpecifiedAs splits a title's ", not specified as X" off: what the
// code is not said to be ("..., not specified as traumatic"), a word the
// note need not say and, when it does, a code the note contradicts.
func notSpecifiedAs(title string) (string, []string) {
	i := strings.Index(title, ", not specified as ")
	if i < 0 {
		i = strings.Index(title, " not specified as ")
	}
	if i <= 0 {
		return title, nil
	}
	var not []string
	for _, w := range search.StrongWords(title[i:]) {
		if !filler[w] {
			not = append(not, w)
		}
	}
	return title[:i], not
}

// orPairs maps the second word of each "A or B" of a title to the first
// (normalised): the two are one unit of alternatives.
func orPairs(title string) map[string]string {
	var out map[string]string
	ws := strings.Fields(strings.ToLower(title))
	for k := 1; k+1 < len(ws); k++ {
		if ws[k] == "or" {
			a, b := search.Word(strings.Trim(ws[k-1], ",;")), search.Word(strings.Trim(ws[k+1], ",;"))
			if a != "" && b != "" {
				if out == nil {
					out = map[string]string{}
				}
				out[b] = a
			}
		}
	}
	return out
}

// unitOf returns the unit whose first alternative is the word x, or -1.
func unitOf(units [][][]string, x string) int {
	for u, alts := range units {
		if len(alts) > 0 && len(alts[0]) == 1 && alts[0][0] == x {
			return u
		}
	}
	return -1
}

// optionalWordsOut returns a title without its parenthesized and
// bracketed parts, but for those that say "with" or "without", and
// without the foot's joints an ankle code also covers.
func optionalWordsOut(title string) string {
	if i := strings.Index(title, " and joints of "); i >= 0 {
		// "Pain in left ankle and joints of left foot": the ankle is
		// what "left ankle pain" says.
		j := strings.IndexByte(title[i:], ',')
		if j < 0 {
			j = len(title) - i
		}
		title = title[:i] + title[i+j:]
	}
	if !strings.ContainsAny(title, "([") {
		return title
	}
	var b strings.Builder
	for len(title) > 0 {
		i := strings.IndexAny(title, "([")
		if i < 0 {
			b.WriteString(title)
			break
		}
		closer := byte(')')
		if title[i] == '[' {
			closer = ']'
		}
		j := strings.IndexByte(title[i:], closer)
		if j < 0 {
			b.WriteString(title)
			break
		}
		part := title[i : i+j+1]
		b.WriteString(title[:i])
		if l := strings.ToLower(part); strings.Contains(l, "with") {
			b.WriteString(part)
		}
		title = title[i+j+1:]
	}
	return b.String()
}

// orModifiers returns the other ways a level's "(or ...)" modifier says
// it, in place of one of its head's words: the Index prints it after the
// word it stands for, which its text here no longer shows, so both the
// first and the last word are tried ("current (or most recent) episode"
// is also "most recent episode"; "vascular graft (or anastomosis)",
// "vascular anastomosis"). An alternative no note says costs nothing.
func orModifiers(form string, head []string) [][]string {
	var out [][]string
	for rest := form; ; {
		i := strings.Index(rest, "(or ")
		if i < 0 {
			return out
		}
		rest = rest[i+len("(or "):]
		or, after, _ := strings.Cut(rest, ")")
		rest = after
		if ws := search.StrongWords(or); len(ws) > 0 {
			out = append(out, slices.Concat(ws, head[1:]))
			if len(head) > 1 {
				out = append(out, slices.Concat(head[:len(head)-1], ws))
			}
		}
	}
}

// levelForms splits an Index level into its comma-separated forms, leaving
// the commas inside a nonessential modifier ("Nephritis, nephritic
// (albuminuric) (nonsuppurative, excretory)" is two forms, not three).
func levelForms(level string) []string {
	var out []string
	depth, from := 0, 0
	for k := 0; k < len(level); k++ {
		switch level[k] {
		case '(':
			depth++
		case ')':
			depth = max(depth-1, 0)
		case ',':
			if depth == 0 && k+1 < len(level) && level[k+1] == ' ' {
				out = append(out, level[from:k])
				from = k + 2
				k++
			}
		}
	}
	return append(out, level[from:])
}

// joinedFrom returns where the parts of ws[j] start when ws[j] is the
// joined form of the words before it, as the search gives a hyphenated
// run ("tubulo", "interstitial", "tubulointerstitial"); -1 when it is not.
func joinedFrom(ws []string, j int) int {
	acc := ""
	for i := j - 1; i >= 0 && len(acc) < len(ws[j]); i-- {
		acc = ws[i] + acc
		if acc == ws[j] && j-i >= 2 {
			return i
		}
	}
	return -1
}

// sameUnits reports whether units are one single-word unit per word.
func sameUnits(units [][][]string, words []string) bool {
	for k, u := range units {
		if len(u) != 1 || len(u[0]) != 1 || u[0][0] != words[k] {
			return false
		}
	}
	return true
}

// joinedForms splits an alternative holding a hyphenated run's parts and
// its joined form in two: the parts, and the joined form in their place,
// so that a note saying either says the whole form ("tubulointerstitial"
// or "tubulo-interstitial" for "Nephritis > tubulo-interstitial").
func joinedForms(alts [][]string) [][]string {
	out := alts
	for n, a := range alts {
		for j := range a {
			i := joinedFrom(a, j)
			if i < 0 {
				continue
			}
			parts := append(a[:j:j], a[j+1:]...)
			joined := append(append(a[:i:i], a[j]), a[j+1:]...)
			if len(out) == len(alts) {
				out = append([][]string(nil), alts...)
			}
			out[n] = parts
			out = append(out, joined)
			break
		}
	}
	return out
}

// providerQualifiers are the words of a code's title that only the
// provider's statement supports: Z33.1 Pregnant state, incidental, is
// coded when the provider says the pregnancy is incidental to the visit
// (§I.C.15.a.1); a note that only mentions a pregnancy does not.
var providerQualifiers = map[string]bool{search.Word("incidental"): true}

// inRemission matches a title for a condition in remission: "in
// remission", "in full remission", "in sustained remission".
var inRemission = regexp.MustCompile(`\bin (?:\w+ )?remission\b`)

// unsaidQualifier reports whether the hit's code title has a provider's
// qualifier the sentence does not say: the code is then at most a less
// certain candidate.
func (e *Engine) unsaidQualifier(h search.Hit, fy int, w []qtok, hits []search.Hit) bool {
	title := h.Concept.TitleIn(fy).Long
	if strings.Contains(title, "remission") && inRemission.MatchString(title) && !strings.Contains(title, "not in remission") && !saysPart(w, "remission") {
		// A remission is the provider's to state, whatever path led to
		// it: "bipolar disorder, most recent episode manic" is not F31.74,
		// in full remission, most recent episode manic. (A code "not
		// having achieved remission", C90.00, is what a note that says
		// none has.)
		return true
	}
	kinds := strings.HasPrefix(h.Why, "title: ") || strings.HasPrefix(h.Why, "inclusion term: ")
	if !strings.Contains(title, "ncidental") && !kinds {
		return false // an Index path says its own kind: no split
	}
	title, _ = notSpecifiedAs(title)
	for _, x := range search.Words(title) {
		if providerQualifiers[x] && !saysAny(w, map[string]bool{x: true}) || kinds && causeWords[x] && !saysPart(w, x) {
			return true
		}
	}
	return strings.HasPrefix(h.Why, "title: ") && unsaidAdjective(optionalWordsOut(title), w, hits)
}

// unsaidAdjective reports an adjective of a title the note does not say:
// it names the kind or the site ("Acute serous otitis media, right ear"
// is not what "acute otitis media of the right ear" says).
func unsaidAdjective(title string, w []qtok, hits []search.Hit) bool {
	var said []string
	for _, t := range w {
		said = append(said, t.norms...)
	}
	if i := strings.Index(title, " without "); i > 0 {
		title = title[:i] // what the code is without is not its kind
	}
	for _, raw := range strings.FieldsFunc(strings.ToLower(title), func(r rune) bool { return r < 'a' || r > 'z' }) {
		if len(raw) < 5 || !hasAnySuffix(raw, "ous", "ic", "al", "ive", "ar", "oid") {
			continue
		}
		if x := search.Word(raw); !filler[x] && !sideWords[x] && !rootMatch(x, said) && !saysPart(w, x) && !nonessentialAmong(hits, x) {
			return true
		}
	}
	return false
}

func hasAnySuffix(w string, ends ...string) bool {
	for _, e := range ends {
		if strings.HasSuffix(w, e) {
			return true
		}
	}
	return false
}

// saysPart reports whether a word of w has x in it: "posttraumatic" (and
// PTSD, spelled out) says the "traumatic" of "Post-traumatic stress
// disorder".
func saysPart(w []qtok, x string) bool {
	for _, t := range w {
		for _, n := range t.norms {
			if strings.Contains(n, x) {
				return true
			}
		}
	}
	return false
}

// causeWords name a condition's cause or kind in a code's title. A title
// met by its other words names another kind when the note does not say
// them: "cataract of the right eye" is not H26.31, Drug-induced cataract,
// right eye, nor H26.101, traumatic.
// Not "age-related": the Index sends many an unqualified cataract there
// ("nuclear cataract" is H25.1-).
var causeWords = wordSet("induced traumatic posttraumatic infantile juvenile congenital postprocedural postoperative neonatal")

// residualTitle reports a title of what the classification lists nowhere
// else: "Other seizures", "Stress, not elsewhere classified",
// "Hemangioma of other sites".
func residualTitle(title string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(title), func(r rune) bool { return r < 'a' || r > 'z' }) {
		switch w {
		case "other", "specified", "elsewhere", "nec":
			return true
		}
	}
	return false
}

// otherKindTitle reports a title hit for an "Other ..." code (a kind the
// classification lists nowhere else) that the words w do not say is
// another kind: "osteoporosis without current pathological fracture" is
// not Other osteoporosis (M81.8), whose words it says all of.
func otherKindTitle(h search.Hit, fy int, w []qtok) bool {
	if !strings.HasPrefix(h.Why, "title: ") || !strings.HasPrefix(h.Concept.TitleIn(fy).Long, "Other ") {
		return false
	}
	return !saysRaw(w, "other", "another", "specified")
}

var (
	stateWord = search.Word("state")
	withWord  = search.Word("with")
)

// endsInState reports an Index or inclusion term's head form whose last
// word, outside parentheses, is "state".
func endsInState(form string) bool {
	if i := strings.IndexByte(form, '('); i >= 0 {
		form = form[:i]
	}
	ws := strings.Fields(strings.ToLower(form))
	return len(ws) > 1 && ws[len(ws)-1] == "state"
}

// nonessentialAmong reports whether a word is a nonessential modifier of
// one of the hits' Index paths: "Serous retinal detachment, right eye"
// is said by "retinal detachment of the right eye", for the Index has
// "Detachment, retina (without retinal break) (serous)".
func nonessentialAmong(hits []search.Hit, x string) bool {
	t := qtok{norms: []string{x}}
	for _, h := range hits {
		if nonessentialIn(h.Why, t) {
			return true
		}
	}
	return false
}

// nonessentialIn reports whether the word is one of an Index path's
// nonessential modifiers: "(congestive)" of "Failure, heart, diastolic
// (congestive)".
func nonessentialIn(why string, t qtok) bool {
	for _, inner := range parenthesized(indexPath(why)) {
		for _, x := range search.Words(inner) {
			if slices.Contains(t.norms, x) {
				return true
			}
		}
	}
	return false
}

// strongAnchor reports whether a hit explains, by its own words, an
// anchor of the window and two more of its words.
func (e *Engine) strongAnchor(w []qtok, strong []bool) bool {
	anchor, n := false, 0
	for k, st := range strong {
		if st && isContent(w[k]) {
			n++
			anchor = anchor || e.isAnchor(w[k], false)
		}
	}
	return anchor && n >= 3
}

// firstRun is s's first run of ASCII letters and digits ("specified" of
// "(specified) NEC"), "" when it has none.
func firstRun(s string) string {
	alnum := func(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' }
	i := strings.IndexFunc(s, alnum)
	if i < 0 {
		return ""
	}
	j := strings.IndexFunc(s[i:], func(r rune) bool { return !alnum(r) })
	if j < 0 {
		return s[i:]
	}
	return s[i : i+j]
}

// kindWords are the words of an Index subterm for "another kind".
var kindWords = map[string]bool{search.Word("specified"): true, search.Word("nec"): true, search.Word("type"): true}

// otherSpecified reports whether an Index level is "specified NEC" or
// "specified type NEC": the code for a kind the note names and the Index
// does not list. Words that name the condition alone do not say which
// kind ("seizures" is R56.9, not G40.89 Other seizures), and no word of
// a note can be checked against "not elsewhere classified". A "specified
// site NEC" is kept: the site is the note's.
func otherSpecified(level string) bool {
	if w := firstRun(level); !strings.EqualFold(w, "specified") {
		return false // the common case, told without reading the level's words
	}
	ws := search.Words(level)
	if len(ws) == 0 || ws[0] != search.Word("specified") {
		return false
	}
	for _, w := range ws {
		if !kindWords[w] {
			return false
		}
	}
	return true
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// rootMatch reports whether w and one of the words share a root of five
// letters or more ("diabetic" and "diabetes", "renal" and "renal").
func rootMatch(w string, words []string) bool {
	for _, p := range words {
		if p == w || shortFormOf(p, w) {
			return true
		}
		cp := commonPrefix(p, w)
		if cp < 5 || otherWord(p, w, cp) || inflamed(p) != inflamed(w) {
			// "Myocardial" is not "myocarditis".
			continue
		}
		if cp >= max(len(p), len(w))-3 {
			return true
		} else if cp >= max(len(p), len(w))-4 && (adjective(p) || adjective(w)) {
			return true // "abdominal" and "abdomen"
		}
	}
	return false
}

// shortForms pair a noun and its adjective that share fewer letters than
// rootMatch asks for: "hepatitis C virus" says "Chronic viral hepatitis C".
var shortForms = map[string]string{}

func init() {
	for noun, adj := range map[string]string{"virus": "viral", "fungus": "fungal"} {
		shortForms[search.Word(noun)] = search.Word(adj)
	}
}

// shortFormOf reports whether a and b are a pair of shortForms.
func shortFormOf(a, b string) bool {
	if x, ok := shortForms[a]; ok && x == b {
		return true
	}
	x, ok := shortForms[b]
	return ok && x == a
}

// otherSuffixes make, added to a whole word, a word for another thing
// (normalised forms): a tumor ("lymphoma"), a pain ("tarsalgia"), an agent
// or a disease named after one ("splinter", "glanders"), a condition
// ("alcoholism"), a person ("specialist"), a hernia ("ureterocele"), an
// absence or a likeness ("arrhythmia-free", "influenza-like"), a small
// one ("cigarette" is no cigar).
var otherSuffixes = []string{"oma", "gia", "algi", "er", "ism", "ist", "ian", "fre", "lik", "cel", "ett"}

// inflamed reports a word for an inflammation ("myocarditis",
// "arthritic").
func inflamed(w string) bool {
	return strings.HasSuffix(w, "itis") || strings.HasSuffix(w, "itic") || strings.HasSuffix(w, "itides")
}

// otherWord reports whether the longer of a and b, which share their first
// cp letters, is the shorter one whole with a suffix of otherSuffixes: a
// different word, not a form of it.
func otherWord(a, b string, cp int) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if cp != len(a) {
		return false
	}
	suf := b[cp:]
	for _, x := range otherSuffixes {
		if strings.HasPrefix(suf, x) && (x != "er" || len(suf) <= 3) {
			return true
		}
	}
	return false
}

// variant reports whether two words of an Index entry's comma forms are
// forms of one word ("apnea, apneic"; "infarct, infarction"; "vision,
// visual", whose Latin root is short).
func variant(a, b string) bool {
	cp := commonPrefix(a, b)
	return cp >= 4 || cp == 3 && len(a) >= 5 && len(b) >= 5 && (adjective(a) || adjective(b)) ||
		cp >= 3 && len(a) != len(b) && (cp == len(a) || cp == len(b)) || // "Dry, dryness", "Lax, laxity"
		irregularForm[a] == b || irregularForm[b] == a
}

// irregularForm are the Index's main-term forms that share no stem with
// their head ("Tear, torn"; "Wear, worn").
var irregularForm = map[string]string{"torn": "tear", "worn": "wear"}

// adjective reports a word ending as an adjective of place does
// ("abdominal", "vertebral"), which meets its noun ("abdomen").
func adjective(w string) bool { return strings.HasSuffix(w, "al") }

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// encounterWords are what a note says when a visit is for an examination,
// screening or follow-up rather than for a condition.
var encounterWords = wordSet("encounter screening checkup routine annual vaccination immunization sport")

// laterWords are what a note says of a visit after the active treatment
// of an injury, when the 7th character is D (subsequent) or S (sequela).
var laterWords = map[string]bool{"subsequent": true, "sequela": true, "sequelae": true, "healing": true,
	"routine": true, "late": true, "residual": true, "aftercare": true, "nonunion": true, "malunion": true}

// vitalSigns are the measurements of every examination.
var vitalSigns = map[string]bool{}

func init() {
	for _, w := range strings.Fields("pressure acuity pulse temperature saturation oximetry weight height") {
		vitalSigns[search.Word(w)] = true
	}
}

// saysAny reports whether a word of w is in set.
func saysAny(w []qtok, set map[string]bool) bool {
	for _, t := range w {
		for _, n := range t.norms {
			if set[n] {
				return true
			}
		}
	}
	return false
}

// initialEncounters turns each hit for a later encounter (subsequent,
// sequela) into its code for the initial encounter, 7th character A
// (for a fracture, a closed one), keeping the hit's reason; hits already
// listed are not repeated.
func (e *Engine) initialEncounters(hits []search.Hit, fy int) []search.Hit {
	out := make([]search.Hit, 0, len(hits))
	seen := map[string]bool{}
	for _, h := range hits {
		if c := h.Concept; len(c.Code) == 7 && c.System == app.ICD10CM && later(c.TitleIn(fy).Long) {
			if a := e.set.Lookup(app.ICD10CM, c.Code[:6]+"A"); a != nil && a.Billable.Has(fy) && !later(a.TitleIn(fy).Long) {
				h.Concept, h.Code, h.Valid, h.Billable = a, a.Code, a.Valid, a.Billable
			}
		}
		if !seen[h.Concept.Code] {
			seen[h.Concept.Code] = true
			out = append(out, h)
		}
	}
	return out
}

// later reports a title of a subsequent-encounter or sequela code.
func later(title string) bool {
	return strings.HasSuffix(title, ", sequela") || strings.Contains(title, "subsequent encounter")
}

// pathologicalWords are what a note says of a fracture that is not from
// an injury: a stress, fatigue or pathological fracture, or one of a bone
// weakened by osteoporosis or a neoplasm.
var pathologicalWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`stress fatigue march insufficiency pathological pathologic osteoporotic
		osteoporosis fragility neoplastic metastatic spontaneous`) {
		pathologicalWords[search.Word(w)] = true
	}
}

// pathologicalFracture reports the codes of fractures not due to an
// injury: osteoporotic (M80), stress, pathological and neoplastic (M84.3–M84.6).
func pathologicalFracture(code string) bool {
	if strings.HasPrefix(code, "M80") {
		return true
	}
	return len(code) >= 4 && code[:3] == "M84" && code[3] >= '3' && code[3] <= '6'
}

// poisoningWords are what a note says when a drug harmed the patient.
// repeatedWords say a finding keeps coming back.
var repeatedWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields("repeated recurrent recurring frequent multiple several tendency") {
		repeatedWords[search.Word(w)] = true
	}
}

// injuryWords say that a body part was injured.
var injuryWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`injury injuries injured trauma traumatic fracture fractured laceration
		lacerated contusion bruise bruising sprain strain dislocation dislocated subluxation wound wounds
		tear torn rupture ruptured avulsion puncture bite bitten abrasion burn burns burned frostbite
		crush crushed amputation amputated concussion blister foreign transection hit struck fall fell
		accident gunshot stab stabbed`) {
		injuryWords[search.Word(w)] = true
	}
}

// columnWords name a Drug Table column outright.
var columnWords = map[string]bool{"poisoning": true, "adverse": true, "underdosing": true, "underdose": true}

var poisoningWords = map[string]bool{"poisoning": true, "overdose": true, "toxicity": true, "toxic": true,
	"adverse": true, "underdose": true, "underdosing": true, "intoxication": true, "ingestion": true, "overdosed": true}

// drugColumnFits reports whether a Drug Table cell's column ("drugs:
// Opioid NEC [Underdosing]") is the one the words w say: underdosing,
// an adverse effect, self-harm, assault or undetermined intent when they
// say so, else accidental poisoning, the default when the intent is not
// documented (§I.C.19.e.5.b): an "accidental opioid overdose" is T40.2X1A,
// not the underdosing T40.2X6A.
func drugColumnFits(why string, w []qtok) bool {
	i := strings.LastIndex(why, "[")
	if i < 0 {
		return true
	}
	col := strings.ToLower(why[i:])
	want := "accidental"
	switch {
	case saysPart(w, "underdos"):
		want = "underdosing"
	case saysPart(w, "advers") || saysRaw(w, "side"):
		want = "adverse"
	case saysPart(w, "suicid") || saysRaw(w, "intentional", "self-harm", "self-inflicted"):
		want = "self-harm"
	case saysPart(w, "assault"):
		want = "assault"
	case saysPart(w, "undetermin"):
		want = "undetermined"
	}
	return strings.Contains(col, want)
}

// behaviorSaid reports whether the words w say the behavior of a Neoplasm
// Table cell (why): "neoplasm of the breast" says none, so not the
// benign column (D24.9) nor the secondary one, but the unspecified
// behavior column (D49.3); a kind named ("lipoma", "carcinoma") says
// its own.
func (e *Engine) behaviorSaid(why string, w []qtok) bool {
	i := strings.LastIndex(why, "[")
	if i < 0 {
		return true
	}
	col := strings.ToLower(why[i:])
	kind := slices.ContainsFunc(w, func(t qtok) bool { return e.isAnchorMorphology(t) && !saysAny([]qtok{t}, tumorWords) })
	switch {
	case strings.HasPrefix(col, "[benign"):
		// A kind of growth may be benign (adenoma, lipoma); "cancer
		// with axillary lymph node" is not.
		return saysPart(w, "benign") || kind && !malignantSaid(w)
	case strings.HasPrefix(col, "[malignant secondary"):
		return saysPart(w, "metasta") || saysPart(w, "secondar")
	case strings.HasPrefix(col, "[malignant"):
		return saysPart(w, "malignan") || saysPart(w, "cancer") || saysPart(w, "primary") || kind
	case strings.HasPrefix(col, "[ca in situ"):
		return saysRaw(w, "situ")
	case strings.HasPrefix(col, "[uncertain"):
		return saysPart(w, "uncertain")
	case strings.HasPrefix(col, "[unspecified"):
		// "Tumor" without its behavior; a cancer's lymph node is not.
		return saysAny(w, tumorWords) && !malignantSaid(w)
	}
	return true
}

// malignantAt reports "malignant" said in q[wlo:whi], not negated.
func malignantAt(q []qtok, a asserted, wlo, whi int) bool {
	for k := wlo; k < whi; k++ {
		if saysPart(q[k:k+1], "malignan") && a.kind[k] != Negated {
			return true
		}
	}
	return false
}

// malignantSaid reports words that make a neoplasm malignant.
func malignantSaid(w []qtok) bool {
	return saysAny(w, primaryWords) || saysPart(w, "malignan") || saysPart(w, "metasta") || saysPart(w, "sarcoma")
}

// plausible rejects hits that the words around them cannot support: an
// encounter code (Z00–Z13, or a Z code an Index path gives "encounter
// for") without words of an encounter ("sports" for a sports physical), and a Drug
// Table cell without words of poisoning or an adverse effect.
func (e *Engine) plausible(h search.Hit, w []qtok) bool {
	code := h.Concept.Code
	var need map[string]bool
	switch {
	case h.Concept.System == app.ICD10CM && code >= "Z00" && code < "Z14",
		h.Concept.System == app.ICD10CM && code[0] == 'Z' && strings.HasPrefix(h.Why, "index: ") && strings.Contains(h.Why, "encounter for"):
		// An encounter's reason ("Radiation > therapy, encounter for",
		// Z51.0) is not the treatment a note tells of ("she received
		// radiation therapy").
		need = encounterWords
	case strings.HasPrefix(h.Why, "drugs: "):
		if !drugColumnFits(h.Why, w) {
			return false
		}
		need = poisoningWords
	case strings.HasPrefix(h.Why, "neoplasm: ") && !e.behaviorSaid(h.Why, w):
		return false
	case strings.HasPrefix(h.Why, "external cause: "):
		// How an injury happened is coded from what the note says of
		// it, which a single word such as "fracture" does not.
		return false
	case later(h.Concept.TitleIn(0).Long):
		need = laterWords
	case h.Concept.System == app.ICD10CM && pathologicalFracture(code):
		// A fracture is traumatic unless the note says it is not
		// (the Index's default, §I.C.13.c and §I.C.19.c).
		need = pathologicalWords
	case h.Concept.System == app.ICD10CM && code == "R296":
		// "Falling, falls (repeated)": one fall that injured the patient
		// is the injury (and an external cause), not R29.6 Repeated falls.
		need = repeatedWords
	case h.Concept.System == app.ICD10CM && code == "K007":
		// "Teeth" reads as "teething" to the search.
		return saysRaw(w, "teething")
	case h.Concept.System == app.ICD10CM && code >= "T20" && code < "T33":
		// A burn is said as one: "urethral burning" and "burning pain"
		// are a sensation (R20.8, R30.0), though "burning" reads as
		// "burn" to the search.
		return saysRaw(w, burnWords...)
	case h.Concept.System == app.ICD10CM && code >= "S00" && code < "T35" && !strings.HasPrefix(h.Why, "index: "):
		// An injury's title read from the body part alone ("left renal
		// artery" is not S35.402A, Unspecified injury of left renal
		// artery): the note must say there was an injury. An Index path
		// has its main term (Fracture, Laceration) said already.
		need = injuryWords
	case strings.HasPrefix(h.Why, "index: Elevated, elevation > blood pressure → see also Hypertension"):
		// An elevated blood pressure is hypertension only when the note
		// says so; else it is the reading (R03.0, elevatedPressure).
		return saysAny(w, hypertensionWords) && !saidAfter(w, search.Words("hypertension"), "without", "no", "w/o")
	case h.Concept.System == app.ICD10PCS && strings.HasPrefix(code, "4A0") && saysAny(w, vitalSigns):
		// Blood pressure, visual acuity, pulse: the examination's
		// findings, not a procedure a coder reports.
		return false
	default:
		return true
	}
	for _, t := range w {
		if need[t.text] {
			return true
		}
		for _, n := range t.norms {
			if need[n] {
				return true
			}
		}
	}
	return false
}

// pregnancySaid reports, for a pregnancy code read from its title's
// other words ("Infection of obstetric surgical wound" for "infection of
// the surgical wound"), whether the sentence q says there is a pregnancy;
// true for any other hit.
func pregnancySaid(h search.Hit, q []qtok) bool {
	if h.Concept.System != app.ICD10CM || h.Concept.Code[0] != 'O' || strings.HasPrefix(h.Why, "index: ") {
		return true
	}
	return saysAny(q, pregnancyWords)
}

// pregnancyWords are what a note says of a pregnancy, a delivery or the
// puerperium.
var pregnancyWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`pregnant pregnancy pregnancies obstetric obstetrical puerperal puerperium
		postpartum antepartum intrapartum peripartum labor labour delivery delivered cesarean caesarean section
		gestation gestational trimester gravid gravida gravidarum primigravida multigravida maternal abortion
		miscarriage ectopic placenta placental eclampsia preeclampsia hyperemesis fetal fetus amniotic
		lactation lactating breastfeeding molar weeks c-section csection postcesarean`) {
		pregnancyWords[w] = true
		pregnancyWords[search.Word(w)] = true
	}
}

// burnWords are the words that say a burn happened.
var burnWords = []string{"burn", "burns", "burned", "burnt", "scald", "scalds", "scalded", "corrosion", "corrosions"}

// saysRaw reports whether w has one of the words as written, not
// normalised ("burning" is not "burn", "teeth" not "teething").
func saysRaw(w []qtok, words ...string) bool {
	for _, t := range w {
		for _, x := range words {
			if strings.EqualFold(t.text, x) {
				return true
			}
		}
	}
	return false
}

// pcsCode is the PCS code to suggest for hit best: the code itself when
// the index entry it came through, narrowed by the note's words (body
// part, side, approach in the code titles), leads to that code alone (the
// note gave every axis), else the table prefix those codes share (3–4
// characters). An "-ectomy" the Index sends to both Excision and
// Resection is a Resection unless the note says partial (B3.8: Resection
// removes all of a body part).
func (e *Engine) pcsCode(hits []search.Hit, best int, q []qtok, fy int) (string, bool) {
	top := hits[best]
	said := map[string]bool{}
	partial := false
	for _, t := range q {
		for _, n := range t.norms {
			if !search.StopWord(n) {
				said[n] = true
			}
			for _, part := range bodyPartOf(n) {
				said[part] = true
			}
			if scopeApproach(t.text) {
				// "Laparoscopic cholecystectomy": the Percutaneous
				// Endoscopic Approach (0FT44ZZ).
				said[search.Word("percutaneous")], said[search.Word("endoscopic")] = true, true
			}
			if n == "partial" {
				partial = true
			}
		}
	}
	if saysRaw(q, "open") && saysRaw(q, "converted", "conversion") {
		// "Laparoscopic converted to open": the Open approach (B5.2a);
		// not an "open Hasson entry" of a laparoscopy.
		delete(said, search.Word("percutaneous"))
		delete(said, search.Word("endoscopic"))
	}
	if !partial && len(top.Concept.Code) >= 4 && top.Concept.Code[2] == 'B' {
		for _, h := range hits {
			c := h.Concept.Code
			if len(c) >= 4 && c[:2] == top.Concept.Code[:2] && c[2] == 'T' && c[3] == top.Concept.Code[3] {
				top = h
				break
			}
		}
	}
	// The codes the entry leads to: every valid code under the prefix
	// the entry's hits share.
	// A hit the search read as the entry and a word of one code's title
	// ("orchiectomy via": "...; title: via", Resection of Prostate, Via
	// Natural or Artificial Opening) leads where the entry does.
	entry, _, _ := strings.Cut(top.Why, "; title: ")
	lead, shared := top.Concept.Code, 0
	for _, h := range hits {
		if en, _, _ := strings.Cut(h.Why, "; title: "); en == entry {
			lead = lead[:commonPrefix(lead, h.Concept.Code)]
			shared++
		}
	}
	if (shared > 1 || strings.Contains(top.Why, "; title: ")) && len(lead) > 4 {
		// An entry that gives a table and body part ("Excision, Stomach
		// 0DB6") of which the search listed a few codes that happen to
		// share an approach (0DB60Z3, 0DB60ZZ, 0DB60ZX), or one code
		// picked by a title word of the query: the note's words around
		// the operation pick the approach, not the search's listing.
		lead = lead[:4]
	}
	if len(lead) < 4 {
		lead = top.Concept.Code[:min(4, len(top.Concept.Code))]
	}
	if e.seesTable(entry, lead) {
		// "Arthroscopy — see Inspection, Upper Joints": the Index names
		// the table, not a body part of it (the search listed a few codes
		// of Occipital-cervical Joint).
		lead = lead[:3]
	}
	if i := strings.LastIndex(entry, " > "); i >= 0 && sideNames[search.Word(strings.ToLower(entry[i+3:]))] != "" && !saysAny(q, sideWords) {
		// "Renal biopsy": the Index's "Excision > Kidney > Right" for a
		// side the note does not say; the table's codes for either side.
		lead = lead[:min(3, len(lead))]
	}
	if from, to, ok := strings.Cut(entry, " → see "); ok && len(lead) >= 4 {
		// "Puncture, lumbar — see Drainage, Spinal Canal": the Index
		// names the body part; a site word of the entry's own name
		// ("lumbar") is no other body part of the table (Lumbar Spinal
		// Cord). (A reference naming only the table, "see Replacement,
		// Lower Joints", leaves the body part to the note's words.)
		target := search.Words(to)
		for _, w := range search.Words(strings.TrimPrefix(from, "index: ")) {
			if !slices.Contains(target, w) && e.isSite(qtok{text: w, norms: []string{w}}) {
				delete(said, w)
			}
		}
	}
	group, n := e.narrow(lead, said, fy)
	if len(lead) < 7 {
		// The search lists a few codes of the table: when the note's
		// words (side, body part, approach) pick out codes elsewhere in
		// the table, those are what it documents.
		if g, m := e.narrow(lead[:3], said, fy); m > n {
			group, n = g, m
		}
		// "Right knee arthroscopy": "Arthroscopy — see Inspection, Upper
		// Joints; see Inspection, Lower Joints": of the entry's tables for
		// one root operation, the one whose codes say more of the note's
		// words. (Which operation — Excision or Resection — is decided
		// above, not by the words.)
		from, _, _ := strings.Cut(entry, " → ")
		for _, h := range hits {
			if f, _, _ := strings.Cut(h.Why, " → "); f == from && len(h.Concept.Code) >= 3 && h.Concept.Code[:3] != lead[:3] && h.Concept.Code[2] == lead[2] {
				if g, m := e.narrow(h.Concept.Code[:3], said, fy); m > n {
					group, n = g, m
				}
			}
		}
	}
	if len(group) == 0 {
		group = []string{top.Concept.Code}
	}
	if c := e.plainest(group, fy); c != "" {
		group = []string{c}
	}
	lcp := group[0]
	for _, c := range group[1:] {
		lcp = lcp[:commonPrefix(lcp, c)]
	}
	if len(group) == 1 && len(lcp) == 7 {
		return lcp, true
	}
	if len(lcp) == 3 {
		// "Total right hip replacement": the body part whose codes say
		// least the note does not (Hip Joint, Right; not its acetabular
		// or femoral surface alone).
		lcp = e.plainestBodyPart(group, lcp, said, fy)
	}
	if len(lcp) > 4 {
		lcp = lcp[:4]
	}
	if len(lcp) < 3 {
		lcp = group[0][:min(4, len(group[0]))]
	}
	return lcp, false
}

// plainestBodyPart returns the 4-character prefix of the codes in group
// whose titles have the fewest words the note does not say, when one has
// fewer than every other; else lcp.
func (e *Engine) plainestBodyPart(group []string, lcp string, said map[string]bool, fy int) string {
	least := map[string]int{}
	for _, code := range group {
		c := e.set.Lookup(app.ICD10PCS, code)
		if c == nil || len(code) < 4 {
			continue
		}
		extra := 0
		for _, w := range search.ContentWords(c.TitleIn(fy).Long) {
			if !said[w] {
				extra++
			}
		}
		if n, ok := least[code[:4]]; !ok || extra < n {
			least[code[:4]] = extra
		}
	}
	best, bestN, tie := lcp, -1, false
	for p, n := range least {
		switch {
		case bestN < 0 || n < bestN:
			best, bestN, tie = p, n, false
		case n == bestN:
			tie = true
		}
	}
	if tie || bestN < 0 || !e.groupPartSaid(group, best, said, fy) {
		return lcp
	}
	return best
}

// seesTable reports whether an ICD-10-PCS Index entry sends the coder to
// a table ("see Inspection, Upper Joints") rather than to a body part of
// it: the reference's last words name the table's body system.
func (e *Engine) seesTable(entry, lead string) bool {
	_, target, ok := strings.Cut(entry, " → see ")
	if !ok || len(lead) < 3 {
		return false
	}
	c := e.set.Lookup(app.ICD10PCS, lead[:3])
	if c == nil {
		return false
	}
	// The table's title less its operation ("Upper Joints, Inspection";
	// "Anatomical Regions, General, Supplement"), and the reference's
	// words past it ("see Inspection, Upper Joints").
	title := c.Latest().Long
	system := title[:max(0, strings.LastIndex(title, ","))]
	_, named, ok := strings.Cut(target, ", ")
	return ok && system != "" && strings.EqualFold(strings.TrimSpace(named), strings.TrimSpace(system))
}

// groupPartSaid reports whether the note says a word of the body part of
// a code of group under prefix (the title's words before its first comma,
// past the root operation): "Arthroscopy" alone names no joint, and gets
// none (not Occipital-cervical Joint for having the fewest words).
func (e *Engine) groupPartSaid(group []string, prefix string, said map[string]bool, fy int) bool {
	for _, code := range group {
		if !strings.HasPrefix(code, prefix) {
			continue
		}
		c := e.set.Lookup(app.ICD10PCS, code)
		if c == nil {
			continue
		}
		part, _, _ := strings.Cut(c.TitleIn(fy).Long, ",")
		ws := search.ContentWords(part)
		for _, w := range ws[min(1, len(ws)):] {
			if said[w] {
				return true
			}
		}
	}
	return false
}

// modalities are the imaging types of ICD-10-PCS section B (the third
// character), by the words a note uses for them.
var modalities = map[string]byte{}

// bodyAdjectives are the adjectives notes use for the body parts ICD-10-PCS
// titles name ("abdominal CT" is a CT of the abdomen).
var bodyAdjectives = map[string]string{}

func init() {
	for w, t := range map[string]byte{"radiography": '0', "radiograph": '0', "fluoroscopy": '1',
		"tomography": '2', "magnetic": '3', "ultrasonography": '4', "ultrasound": '4', "sonography": '4',
		"echography": '4', "ultrasonographic": '4'} {
		modalities[search.Word(w)] = t
	}
	for adj, part := range map[string]string{"abdominal": "abdomen", "pelvic": "pelvis", "renal": "kidney",
		"thoracic": "chest", "cerebral": "brain", "cranial": "head", "scrotal": "scrotum", "testicular": "testicle scrotum",
		"hepatic": "liver", "pulmonary": "lungs", "cardiac": "heart", "vesical": "bladder", "prostatic": "prostate",
		"cervical": "neck", "lumbar": "lumbar", "thyroid": "thyroid", "transrectal": "prostate", "adrenal": "adrenal",
		"abdominopelvic": "abdomen pelvis", "ocular": "eye", "orbital": "orbit", "mammary": "breast", "breast": "breast",
		// The urinary tract's studies are of the kidneys, ureters and
		// bladder (BT4J Kidneys and Bladder), never the "Gastrointestinal
		// Tract" its last word shares.
		"urinary": "kidneys ureters bladder"} {
		bodyAdjectives[search.Word(adj)] = part
	}
}

// modalityOf returns the imaging type (section B's third character) a
// word names, or 0.
func modalityOf(t qtok) byte {
	for _, n := range t.norms {
		if m, ok := modalities[n]; ok {
			return m
		}
	}
	return 0
}

// imaging resolves an imaging study named by its modality ("abdominal
// CT", "ultrasound of the kidneys") to the section B codes of that
// modality whose body part the words around it name: the complete code
// when only one fits (an ultrasonography without contrast axes), else the
// four-character prefix the coder completes.
func (e *Engine) imaging(fy int, q []qtok, wlo, whi, i int) (mention, []bool, bool) {
	typ := modalityOf(q[i])
	if typ == 0 {
		return mention{}, nil, false
	}
	said := map[string]int{} // body word → position in the window
	for k := wlo; k < whi; k++ {
		if k == i {
			continue
		}
		for _, n := range q[k].norms {
			// "abdominal-pelvic CT": both parts.
			for _, n := range append(strings.Split(n, "-"), n) {
				if n == "" || search.StopWord(n) {
					continue
				}
				said[singular(n)] = k
				if part, ok := bodyAdjectives[n]; ok {
					for _, w := range search.Words(part) {
						said[singular(w)] = k
					}
				}
			}
		}
	}
	var group []study
	best, bestExtra := 0, 0
	for _, st := range e.imagingCodes(fy) {
		if st.typ != typ {
			continue
		}
		n, extra, part := 0, 0, false
		for _, w := range st.body {
			if _, ok := said[w]; ok {
				n++
				part = part || !studyQualifiers[w]
			} else if !filler[w] && w != "bilateral" && w != "right" && w != "left" {
				extra++
			}
		}
		if !part {
			// "CT revealed multiple cysts" names no body part: "Multiple
			// Coronary Arteries" is not said by "multiple".
			continue
		}
		switch {
		case n > best || n == best && extra < bestExtra:
			group, best, bestExtra = []study{st}, n, extra
		case n == best && extra == bestExtra:
			group = append(group, st)
		}
	}
	if len(group) == 0 {
		return mention{}, nil, false
	}
	if _, sided := said["right"]; !sided {
		if _, sided = said["left"]; !sided {
			// "Renal ultrasound" images both kidneys: with no side said,
			// the study of a paired organ is the bilateral one.
			var both []study
			for _, st := range group {
				if st.bilateral {
					both = append(both, st)
				}
			}
			if len(both) > 0 {
				group = both
			}
		}
	}
	lcp := group[0].c.Code
	for _, st := range group[1:] {
		lcp = lcp[:commonPrefix(lcp, st.c.Code)]
	}
	if len(lcp) < 4 {
		return mention{}, nil, false // the words name body parts in several systems
	}
	// The evidence: the modality and the words naming the body part.
	cov := make([]bool, whi-wlo)
	cov[i-wlo] = true
	for _, w := range group[0].body {
		if k, ok := said[w]; ok {
			cov[k-wlo] = true
		}
	}
	first := group[0].c.TitleIn(fy).Long
	if len(group) == 1 && len(lcp) == 7 {
		return mention{sys: app.ICD10PCS, code: lcp, complete: true, conf: 0.9, title: first,
			why: "imaging: " + first}, cov, true
	}
	lcp = lcp[:4]
	title := first
	if c := e.set.Lookup(app.ICD10PCS, lcp[:3]); c != nil {
		title = c.Latest().Long
	}
	return mention{sys: app.ICD10PCS, code: lcp, conf: 0.9, title: title,
		why: "imaging: " + first + "; the note does not say the contrast: complete the code"}, cov, true
}

// studyQualifiers are the words of an imaging study's body part that
// qualify it and name none.
var studyQualifiers = map[string]bool{}

func init() {
	for _, w := range strings.Fields("multiple single bilateral right left upper lower whole other unilateral tract") {
		studyQualifiers[search.Word(w)] = true
	}
}

// singular is a body part's name in the singular ("kidneys", "ureters"),
// as ICD-10-PCS titles use both.
func singular(w string) string {
	if len(w) > 4 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") &&
		!strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is") {
		return w[:len(w)-1]
	}
	return w
}

// procedureRoots are the Greek and Latin roots of operation names and
// the body part each names, in the words of ICD-10-PCS titles:
// "orchiectomy" removes a testis, "nephrostomy" drains a kidney.
var procedureRoots = []struct{ root, part string }{
	{"orchi", "testis"}, {"orchid", "testis"}, {"nephr", "kidney"}, {"pyel", "kidney pelvis"},
	{"hyster", "uterus"}, {"cholecyst", "gallbladder"}, {"append", "appendix"}, {"prostat", "prostate"},
	{"splen", "spleen"}, {"thyroid", "thyroid gland"}, {"mastect", "breast"}, {"mammo", "breast"},
	{"colect", "colon"}, {"colon", "colon"}, {"gastr", "stomach"}, {"cystect", "bladder"}, {"cystos", "bladder"},
	{"oophor", "ovary"}, {"salping", "fallopian tube"}, {"adrenal", "adrenal gland"}, {"ureter", "ureter"},
	{"urethr", "urethra"}, {"vasect", "vas deferens"}, {"epididym", "epididymis"}, {"pneumonect", "lung"},
	{"lobect", "lung lobe"}, {"laryng", "larynx"}, {"tracheo", "trachea"}, {"trache", "trachea"},
	{"tonsil", "tonsils"}, {"thoracent", "pleural cavity"}, {"paracent", "peritoneal cavity"},
	{"craniot", "skull"}, {"laminect", "vertebra"}, {"arthroscop", "joint"}, {"bronchoscop", "bronchus"},
	{"colonoscop", "colon"}, {"cystoscop", "bladder"}, {"ureteroscop", "ureter"}, {"hysteroscop", "uterus"},
}

// bodyPartOf returns the body part words an operation's name implies.
func bodyPartOf(word string) []string {
	var out []string
	for _, r := range procedureRoots {
		if strings.HasPrefix(word, r.root) && len(word) > len(r.root)+2 {
			out = append(out, search.Words(r.part)...)
		}
	}
	return out
}

// plainest returns the code of group whose title's words every other
// code's title has too, more besides ("Resection of Appendix,
// Percutaneous Endoscopic Approach" beside its "..., Hand-Assisted"), or
// "" when no one code is.
func (e *Engine) plainest(group []string, fy int) string {
	if len(group) < 2 {
		return ""
	}
	words := make([][]string, len(group))
	for k, code := range group {
		c := e.set.Lookup(app.ICD10PCS, code)
		if c == nil {
			return ""
		}
		words[k] = pcsTitleWords(c.TitleIn(fy).Long)
	}
	found := ""
	for k := range group {
		subset := true
		for j := range group {
			if j != k && (len(words[j]) <= len(words[k]) || !isSubset(words[k], words[j])) {
				subset = false
				break
			}
		}
		if subset {
			if found != "" {
				return ""
			}
			found = group[k]
		}
	}
	return found
}

// pcsTitleWords is the content words of an ICD-10-PCS title; the approach
// "Via Natural or Artificial Opening" is not said by an "open" one, and a
// title's "with" (a device, "With Percutaneous Endoscopic Assistance") is
// not said by the note's "colonoscopy with polypectomy".
func pcsTitleWords(title string) []string {
	return slices.DeleteFunc(search.ContentWords(strings.ReplaceAll(title, "Opening", "Orifice")), func(w string) bool { return w == withWord })
}

func isSubset(a, b []string) bool {
	for _, w := range a {
		if !slices.Contains(b, w) {
			return false
		}
	}
	return true
}

// biopsies returns q with each biopsy of q[lo:hi] spelled as the root
// operation the ICD-10-PCS Index sends a biopsy to, with the qualifier
// Diagnostic: Excision ("liver biopsy": 0FB0, Diagnostic), Extraction
// for bone marrow, Drainage for an aspiration of fluid. The site's
// adjective is the body part's noun ("renal biopsy": Excision, Kidney)
// and a limb's part is said as ICD-10-PCS says it ("forearm": Lower Arm).
// q is copied when it changes.
func biopsies(q []qtok, lo, hi int) []qtok {
	out := q
	for k := lo; k < hi; k++ {
		if !strings.HasPrefix(q[k].text, "biops") {
			continue
		}
		for j := max(lo, k-3); j < min(hi, k+6); j++ {
			// The site's words near the biopsy, not every adjective of
			// the chunk.
			noun, ok := pcsParts[q[j].text]
			if !ok {
				noun, ok = adjectiveNoun(q[j].text)
			}
			if ok && j != k {
				if &out[0] == &q[0] {
					out = append([]qtok(nil), q...)
				}
				out[j] = qtok{text: noun, norms: append(search.Words(noun), q[j].norms...)}
			}
		}
		root := "excision"
		for _, t := range q[lo:hi] {
			switch t.text {
			case "marrow":
				root = "extraction" // a bone marrow "aspiration biopsy" too
			case "aspiration", "aspirate", "fluid":
				if root != "extraction" {
					root = "drainage"
				}
			}
		}
		if &out[0] == &q[0] {
			out = append([]qtok(nil), q...)
		}
		out[k] = qtok{text: root, norms: append(search.Words(root+" diagnostic"), q[k].norms...)}
	}
	return out
}

// diaphragmHernia are the hernias through the diaphragm, whose repair is
// the diaphragm's (Repair, Diaphragm), not a Herniorrhaphy of the abdominal
// wall or groin (0WQ, 0YQ).
var diaphragmHernia = rawSet("hiatal hiatus paraesophageal diaphragmatic")

// amputationWords name an amputation.
var amputationWords = rawSet("amputation amputations disarticulation")

// pcsDeviceSaid reports a device of pcsDevices said in w (as ICD-10-PCS
// names it).
func pcsDeviceSaid(w []qtok) bool {
	return slices.ContainsFunc(w, func(t qtok) bool { return pcsDeviceNames[t.text] })
}

// pcsDeviceNames are the names pcsDevices gives.
var pcsDeviceNames = map[string]bool{}

func init() {
	for _, v := range pcsDevices {
		pcsDeviceNames[v] = true
	}
}

// pcsDevices are devices as ICD-10-PCS names them: a hernia repaired with
// mesh is one "With synthetic substitute" (Herniorrhaphy: Supplement).
var pcsDevices = map[string]string{"mesh": "synthetic substitute"}

// pcsParts are a limb's parts as ICD-10-PCS names them.
var pcsParts = map[string]string{"forearm": "lower arm", "forearms": "lower arm", "thigh": "upper leg", "thighs": "upper leg",
	"calf": "lower leg", "shin": "lower leg"}

// pcsPairs are two words of a note as ICD-10-PCS says them: a part of a
// limb (a below-knee amputation is a Detachment of the Lower Leg; the great
// toe is the 1st Toe), an operation the Index has one word for (a hernia
// repair is a Herniorrhaphy; the empty word is left out of the lookup), and
// the body part an operation named by a site is done on.
var pcsPairs = map[[2]string][2]string{{"below", "knee"}: {"lower", "leg"}, {"above", "knee"}: {"upper", "leg"},
	{"below", "elbow"}: {"lower", "arm"}, {"above", "elbow"}: {"upper", "arm"}, {"great", "toe"}: {"1st", "toe"},
	{"big", "toe"}: {"1st", "toe"}, {"second", "toe"}: {"2nd", "toe"}, {"third", "toe"}: {"3rd", "toe"},
	{"fourth", "toe"}: {"4th", "toe"}, {"fifth", "toe"}: {"5th", "toe"}, {"little", "toe"}: {"5th", "toe"},
	{"hernia", "repair"}: {"", "herniorrhaphy"},
	// A tunnel released is the nerve it holds, not the bone it is named
	// for (carpal tunnel release: Release, Median Nerve, not Carpal).
	{"carpal", "tunnel"}: {"median", "nerve"}, {"cubital", "tunnel"}: {"ulnar", "nerve"},
	{"tarsal", "tunnel"}: {"tibial", "nerve"},
	// A hip fracture is the upper femur's (the Alphabetic Index's
	// "Fracture, hip — see Fracture, femur, neck").
	{"hip", "fracture"}: {"upper femur", "fracture"}}

// pcsWords returns q with the words of q[lo:hi] said as ICD-10-PCS says
// them: the parts of a limb ("thigh": Upper Leg, for an amputation; "below
// knee", "below-knee": Lower Leg), devices ("mesh": Synthetic Substitute),
// an operation the Index has one word for ("hernia repair", "repair of
// ... hernia": Herniorrhaphy; "lysis of adhesions": Adhesiolysis) and the
// pairs of pcsPairs, the words as written kept as forms. A word the PCS
// spelling leaves out is an empty token, which reads as no word. q is
// copied when it changes.
func pcsWords(q []qtok, lo, hi int) []qtok {
	out := q
	// A limb's part alone is the anatomical region's for an amputation
	// (Detachment > Arm > Lower); a lipoma of the forearm excised is the
	// subcutaneous tissue's, which the note's words leave to the coder.
	detached := slices.ContainsFunc(q[lo:hi], func(t qtok) bool { return amputationWords[heldWord(t)] })
	set := func(k int, text string) {
		if &out[0] == &q[0] {
			out = append([]qtok(nil), q...)
		}
		out[k] = qtok{}
		if text != "" {
			out[k] = qtok{text: text, norms: append(search.Words(text), q[k].norms...)}
		}
	}
	for k := lo; k < hi; k++ {
		if &out[0] != &q[0] && out[k].text != q[k].text {
			continue // already spelled ("repair of ... hernia" left the hernia out)
		}
		if q[k].text == "repair" && k+1 < hi && q[k+1].text == "of" {
			// "Repair of left inguinal hernia": the Herniorrhaphy, as
			// "hernia repair" is (pcsPairs).
			// Its words between: "left inguinal", not "bladder injury
			// during".
			end := k + 2
			for end < min(hi, k+6) && q[end].text != "hernia" && !breakWords[q[end].text] && !sitePrepositions[q[end].text] && q[end].text != "during" {
				end++
			}
			if j := end - (k + 2); end < hi && q[end].text == "hernia" && !diaphragmHernia[q[k+1+j].text] {
				set(k, "herniorrhaphy")
				set(k+2+j, "")
				continue
			}
		}
		if q[k].text == "lysis" && k+2 < hi && q[k+1].text == "of" && strings.HasPrefix(q[k+2].text, "adhesion") {
			// "Lysis of adhesions" is the Index's Adhesiolysis (see
			// Release); a clot's lysis is none.
			set(k, "adhesiolysis")
			continue
		}
		if k+1 < hi {
			if p, ok := pcsPairs[[2]string{q[k].text, q[k+1].text}]; ok && !(q[k].text == "hernia" && k > lo && diaphragmHernia[q[k-1].text]) {
				set(k, p[0])
				set(k+1, p[1])
				k++
				continue
			}
		}
		if a, b, ok := strings.Cut(q[k].text, "-"); ok && !strings.Contains(b, "-") {
			// "Below-knee amputation": the pair written as one word.
			if p, ok := pcsPairs[[2]string{a, b}]; ok && p[0] != "" && p[1] != "" {
				set(k, p[0]+" "+p[1])
				continue
			}
		}
		if noun, ok := pcsParts[q[k].text]; ok && detached {
			set(k, noun)
		} else if d, ok := pcsDevices[q[k].text]; ok {
			set(k, d)
		} else if w := strings.Fields(q[k].text); len(w) > 2 {
			// An abbreviation spelled out: "BKA", below knee amputation.
			for j := 0; j+1 < len(w); j++ {
				if p, ok := pcsPairs[[2]string{w[j], w[j+1]}]; ok {
					w[j], w[j+1] = p[0], p[1]
					set(k, strings.Join(w, " "))
					break
				}
			}
		}
	}
	return out
}

// notDone reports the word at toks[i] naming a device or an amputation the
// patient has or is at risk of, not an operation done ("a man with a left
// BKA", "the stump of the left BKA", "at high risk for amputation"), or a
// removal of fluid ("removal of 2000 mL"), no device's. An appendix's
// stump or a risk of bleeding leaves an appendectomy or a thoracentesis
// done.
func notDone(toks []token, q []qtok, i int) bool {
	if toks[i].raw == "removal" || toks[i].raw == "removed" {
		// "Removal of 2000 mL": fluid drained, no device removed.
		for k := i + 1; k < min(len(toks), i+5); k++ {
			if volumeUnits[toks[k].raw] {
				return true
			}
		}
	}
	head := heldWord(q[i])
	if !heldDevices[head] && !amputationWords[head] {
		return false
	}
	if _, held := heldBy(toks, q, i); held {
		return true
	}
	if !amputationWords[head] {
		return false
	}
	for k := i - 1; k >= max(0, i-4) && toks[k].punct == 0; k-- {
		if toks[k].raw == "stump" || toks[k].raw == "stumps" || toks[k].raw == "risk" {
			return true
		}
	}
	for k := i + 1; k < min(len(toks), i+3) && toks[k-1].punct == 0; k++ {
		if toks[k].raw == "stump" || toks[k].raw == "stumps" {
			return true
		}
	}
	return false
}

// volumeUnits are the units of a volume of fluid.
var volumeUnits = rawSet("ml cc l liter liters litre litres")

// paracentesisSite returns q with a paracentesis of q[lo:hi] that names no
// site said as the abdomen's: the Index's "Paracentesis" has a site for
// each kind (Eye, Peritoneal Cavity, Tympanum), and one a note names
// alone is the peritoneal cavity's (0W9G); q is copied when it changes.
func paracentesisSite(q []qtok, lo, hi int) []qtok {
	k := slices.IndexFunc(q[lo:hi], func(t qtok) bool { return t.text == "paracentesis" || t.text == "paracenteses" })
	if k < 0 || saysAny(q[lo:hi], otherParacentesis) {
		return q
	}
	out := append([]qtok(nil), q...)
	out[lo+k] = qtok{text: "paracentesis peritoneal cavity", norms: append(search.Words("peritoneal cavity"), q[lo+k].norms...)}
	return out
}

// otherParacentesis are the words of a paracentesis not of the abdomen.
var otherParacentesis = wordSet("eye ocular anterior chamber tympanum tympanic ear pericardial pericardium pericardiocentesis")

// scopeApproach reports a word for an operation through a scope put in
// through the skin ("laparoscopic", "arthroscopy", "thoracoscopic"):
// ICD-10-PCS's Percutaneous Endoscopic approach.
func scopeApproach(w string) bool {
	for _, p := range []string{"laparoscop", "arthroscop", "thoracoscop"} {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// narrow returns the codes under prefix whose titles have the most of
// the note's words, and how many.
func (e *Engine) narrow(prefix string, said map[string]bool, fy int) ([]string, int) {
	var group []string
	bestN := -1
	// A table's titles share their parts (the body part, the approach,
	// the device): each part's words are found once.
	parts := map[string][]string{}
	for _, c := range e.pcsUnder(prefix, fy) {
		n := 0
		for rest := c.TitleIn(fy).Long; rest != ""; {
			var part string
			part, rest, _ = strings.Cut(rest, ", ")
			ws, ok := parts[part]
			if !ok {
				ws = pcsTitleWords(part)
				parts[part] = ws
			}
			for _, w := range ws {
				if said[w] {
					n++
				}
			}
		}
		if n > bestN {
			group, bestN = nil, n
		}
		if n == bestN {
			group = append(group, c.Code)
		}
	}
	return group, bestN
}

// pcsUnder returns the ICD-10-PCS codes valid in fy that start with
// prefix.
// The codes are walked in place (RowsWithPrefix): only those returned
// are built.
func (e *Engine) pcsUnder(prefix string, fy int) []*terminology.Concept {
	var out []*terminology.Concept
	for r := range e.set.RowsWithPrefix(app.ICD10PCS, prefix) {
		if r.Billable().Has(fy) {
			out = append(out, r.Concept())
		}
	}
	return out
}

func (e *Engine) tableTitle(prefix string, h search.Hit) string {
	for k := len(prefix); k >= 3; k-- {
		if c := e.set.Lookup(app.ICD10PCS, prefix[:k]); c != nil {
			return c.Latest().Long
		}
	}
	t := h.Concept.Latest().Long
	if i := strings.Index(t, ","); i > 0 {
		t = t[:i]
	}
	return t + " (complete the code)"
}

// additional follows a "use additional code" note of the code found: when
// the code asks for a code from a range or a category (E11.22: "Use
// additional code to identify stage of chronic kidney disease
// (N18.1-N18.6)"; E11.621: "site of ulcer (L97.4-, L97.5-)") and the words
// of the note's chunk q[lo:hi] name one, it is suggested too ("stage 3a"
// → N18.31). The words from head, the last the code explains, to the
// chunk's end are looked up as well ("foot ulcer of the left heel").
func (e *Engine) additional(m mention, q []qtok, lo, hi, head int, s *sentence, fy int, ms []mention) []mention {
	c := e.set.Lookup(app.ICD10CM, m.code)
	if c == nil {
		return ms
	}
	for n := range e.set.AllNotes(c) {
		if n.Kind != terminology.UseAdditionalCode || !pickedByWords(n.Texts) || strings.HasPrefix(n.From, "Chapter ") {
			// The code's notes, its ancestors' and its block's (skin
			// infections: the agent, B95-B97); not a chapter's (a
			// retained foreign body, Z18.-, for every injury), which
			// names what a record may hold besides.
			continue
		}
		for _, t := range n.Texts {
			refs := edits.ParseRefs(t)
			if len(refs) == 0 {
				continue
			}
			queries := e.refQueries(refs, q, s, lo, hi, fy)
			if head >= lo && (head+1 < hi || saysAny(q[lo:head], sideWords)) {
				// "Diabetic foot ulcer of the left heel", "left foot
				// ulcer": the finding and the word before it, with the
				// words after it and a side said before, name the site
				// the note asks for (L97.42-, L97.52-).
				var r strings.Builder
				for k := lo; k < max(lo, head-1); k++ {
					if saysAny(q[k:k+1], sideWords) {
						r.WriteString(q[k].text + " ")
					}
				}
				for k := max(lo, head-1); k < hi; k++ {
					r.WriteString(q[k].text + " ")
				}
				queries = append(queries, r.String())
			}
			if best := e.refHit(refs, m.code, queries, q[lo:hi], fy); best != nil {
				x := m
				x.code, x.title, x.why = best.Concept.Code, best.Concept.TitleIn(fy).Long, best.Why
				x.rule = additionalRule + terminology.Display(app.ICD10CM, m.code) + ")"
				ms = append(ms, x)
			}
		}
	}
	return ms
}

// refQueries are the words to look up for a code of refs, a note's
// references, in the chunk q[lo:hi]: its words, and the first reference's
// category title with the stage or grade the chunk numbers ("…with
// diabetic chronic kidney disease, stage IV": the range's own words with
// the stage the note gives).
func (e *Engine) refQueries(refs []edits.Ref, q []qtok, s *sentence, lo, hi, fy int) []string {
	var b, num strings.Builder
	for k := lo; k < hi; k++ {
		b.WriteString(q[k].text)
		b.WriteByte(' ')
		if numbered(s.toks, q, k) {
			num.WriteString(" " + q[k].text + " " + q[k+1].text)
		}
	}
	queries := []string{b.String()}
	if cat := e.set.Lookup(app.ICD10CM, refs[0].Lo[:min(3, len(refs[0].Lo))]); cat != nil && num.Len() > 0 {
		queries = append(queries, cat.TitleIn(fy).Long+num.String())
	}
	return queries
}

// refHit is the hit, of the first of queries that gives one, of a code
// refs names that the words w say: of those, the one that explains most
// of them (the side, site and severity said: "ulcer of the left heel with
// fat layer exposed" is L97.422, not L97.429); on a tie not a residual
// code ("other part of left foot" beside "left heel and midfoot"), then
// the one whose own title the words say more of (Ulcer, thigh, left — see
// Ulcer, lower limb, left gives the lower leg's L97.929; the words say
// L97.129's thigh). Not a code of the category of not, the code whose
// note it is.
func (e *Engine) refHit(refs []edits.Ref, not string, queries []string, w []qtok, fy int) *search.Hit {
	for _, query := range queries {
		var best *search.Hit
		bestN, bestT, bestR := 0, 0, false
		for _, h := range e.search(app.ICD10CM, fy, query, 20) {
			code := h.Concept.Code
			if !slices.ContainsFunc(refs, func(r edits.Ref) bool { return r.Match(code) }) || strings.HasPrefix(not, code[:3]) || !e.numbersSaid(h, fy, w) || !e.phraseSaid(h, fy, w) {
				continue
			}
			_, strong, _ := e.coverage(h, fy, w)
			_, tstrong, _ := e.coverage(asTitle(h, fy), fy, w)
			n, t, r := explains(strong), explains(tstrong), residualTitle(h.Concept.TitleIn(fy).Long)
			if best == nil || n > bestN || n == bestN && (bestR && !r || bestR == r && t > bestT) {
				best, bestN, bestT, bestR = &h, n, t, r
			}
		}
		if best != nil {
			return best
		}
	}
	return nil
}

// additionalRule begins the rule of a code a "use additional code" note
// added: "use additional code (E11.621)".
const additionalRule = "use additional code ("

// codeFirstRule starts the rule of a manifestation given after its
// etiology (§I.A.13).
const codeFirstRule = "code first "

// pickedByWords reports a "use additional code" note whose references are
// ranges ("(N18.1-N18.6)") or categories ("(L97.4-, L97.5-)"), a code of
// which the note's words pick. Not a note that lists single codes
// ("(Z79.4, Z79.84)", I10's tobacco codes): it names what the record may
// hold besides, not what these words say; nor one whose codes need a
// character the words do not give ("T36-T50 with fifth or sixth
// character 5").
func pickedByWords(texts []string) bool {
	for _, t := range texts {
		for _, r := range edits.ParseRefs(t) {
			if r.Lo == r.Hi && !strings.HasSuffix(r.Text, "-") || strings.Contains(r.Text, " with ") {
				return false
			}
		}
	}
	return true
}

// codeFirstSaid adds, before a code whose Tabular "code first" note names
// one billable code, that code when the chunk says the note's words:
// "pneumonia due to COVID-19" is U07.1, then J12.82 (§I.C.1.g.1.a); when
// it names a category or range, the code of it the chunk's words say. It
// returns ms with the code inserted before m, the last mention of ms that
// is m's.
func (e *Engine) codeFirstSaid(m mention, q []qtok, lo, hi int, s *sentence, fy int, ms []mention) []mention {
	c := e.set.Lookup(app.ICD10CM, m.code)
	if c == nil || m.sys != app.ICD10CM {
		return ms
	}
	said := map[string]bool{}
	for _, t := range q[lo:hi] {
		for _, n := range t.norms {
			said[n] = true
		}
	}
	for n := range e.set.AllNotes(c) {
		if n.Kind != terminology.CodeFirst || len(n.Texts) != 1 {
			// "Code first the underlying cause, such as: anemia
			// (D50.0-D64.9); shock (R57.0-R57.9)…" lists examples, not
			// the one condition to code first.
			continue
		}
		for _, t := range n.Texts {
			refs := edits.ParseRefs(t)
			i := strings.IndexByte(t, '(')
			if len(refs) != 1 || i <= 0 || refs[0].Lo == m.code || strings.Contains(t, "such as") {
				continue
			}
			var x *terminology.Concept
			why := m.why
			if refs[0].Lo != refs[0].Hi || strings.HasSuffix(refs[0].Text, "-") {
				// A category or range ("Code first underlying chronic
				// kidney disease (CKD) (N18.-)"): its code the chunk's
				// words say ("anemia in CKD stage 4": N18.4, then D63.1).
				if h := e.refHit(refs, m.code, e.refQueries(refs, q, s, lo, hi, fy), q[lo:hi], fy); h != nil {
					x, why = h.Concept, h.Why
				}
			} else if x = e.set.Lookup(app.ICD10CM, refs[0].Lo); x != nil {
				// One code, when the chunk says the note's words.
				ws := search.ContentWords(t[:i])
				all := len(ws) > 0
				for _, w := range ws {
					all = all && said[w]
				}
				if !all {
					x = nil
				}
			}
			if x == nil || !x.Billable.Has(fy) {
				continue
			}
			k := len(ms) - 1
			for k >= 0 && ms[k].code != m.code {
				k--
			}
			if k < 0 {
				return ms
			}
			first := m
			first.code, first.title, first.manif, first.left, first.why = x.Code, x.TitleIn(fy).Long, "", "", why
			first.rule = "code first (" + terminology.Display(app.ICD10CM, m.code) + ")"
			ms = slices.Insert(ms, k, first)
			ms[k+1].conf -= 0.01 // after the code it is to follow, as a manifestation is
			return ms
		}
	}
	return ms
}

// phraseSaid reports whether the words w say a hit's phrase: every word of
// its Index path (pathSaid), or most of its title or inclusion term
// ("Type 2 diabetes with skin ulcer" says no "Non-pressure chronic ulcer of
// unspecified thigh").
func (e *Engine) phraseSaid(h search.Hit, fy int, w []qtok) bool {
	if strings.HasPrefix(h.Why, "index: ") {
		return pathSaid(h.Why, w)
	}
	_, _, p := e.coverage(h, fy, w)
	return p >= 0.75
}

// pathSaid reports whether the words w say every word of a hit's Index
// path but its nonessential ones and filler: "Virus, viral > respiratory
// syncytial (RSV) > upper respiratory infection" (B97.4) is not said by
// "viral upper respiratory infection". A title or inclusion term is let
// through.
func pathSaid(why string, w []qtok) bool {
	path := indexPath(why)
	if !strings.HasPrefix(why, "index: ") || path == "" {
		return true
	}
	var said []string
	for _, t := range w {
		said = append(said, t.norms...)
	}
	levels := strings.Split(withoutParens(path), " > ")
	for k, level := range levels {
		if strings.HasPrefix(strings.TrimSpace(level), "as cause of") {
			continue // the agent's level: what the additional code is for
		}
		if l := strings.TrimSpace(level); k+1 < len(levels) && saysLimbPart(limbParts[l], levels[k+1]) {
			continue // Ulcer > lower limb > heel: the heel says its limb
		}
		for _, x := range search.ContentWords(strings.Split(level, ",")[0]) {
			if !filler[x] && !rootMatch(x, said) && !slices.Contains(said, x) {
				return false
			}
		}
	}
	return true
}

// limbParts are the Index's levels under "lower limb" and "upper limb"
// that name the limb themselves (not a side, "Ulcer > lower limb > left",
// which an arm's ulcer does not say).
var limbParts = map[string]map[string]bool{
	"lower limb": wordSet("ankle calf foot heel hip knee leg midfoot shin thigh toe"),
	"upper limb": wordSet("arm elbow finger forearm hand shoulder thumb wrist"),
}

// saysLimbPart reports an Index level that names one of parts: "heel",
// "great toe", "toe (s)".
func saysLimbPart(parts map[string]bool, level string) bool {
	return slices.ContainsFunc(search.Words(withoutParens(strings.Split(level, ",")[0])), func(w string) bool { return parts[w] })
}

// numbersSaid reports whether every number of a hit's title or Index
// path (a stage, a type) is one the words w say.
func (e *Engine) numbersSaid(h search.Hit, fy int, w []qtok) bool {
	said := map[string]bool{}
	for k, t := range w {
		if k > 0 && w[k-1].text == "type" {
			continue // "type 2 diabetes": the 2 is the type's, not a stage
		}
		for _, n := range t.norms {
			said[n] = true
		}
		said[t.text] = true
	}
	for _, u := range e.phraseOf(h, fy).units {
		for _, alt := range u {
			for _, x := range alt {
				if x != "" && isDigit(x[0]) && !said[x] {
					return false
				}
			}
		}
	}
	return true
}

// sortSuggestions puts proposed codes first, then the less certain
// candidates, then what is listed to say why it is not proposed; each by
// score, then by code.
func sortSuggestions(out []Suggestion) {
	tier := func(s Suggestion) int {
		switch {
		case s.Proposed:
			return 0
		case s.LessCertain:
			return 2
		case s.Assertion == Negated:
			return 3
		}
		return 1
	}
	sort.SliceStable(out, func(i, j int) bool {
		if ti, tj := tier(out[i]), tier(out[j]); ti != tj {
			return ti < tj
		}
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Code < out[j].Code
	})
}

type deadKey struct {
	sys  app.System
	word string
}

// isDead reports a word that, looked up alone, explained no code: the
// narrower windows are not tried again for it. This depends on the code
// sets only, so it is kept across notes.
func (e *Engine) isDead(sys app.System, word string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.dead[deadKey{sys, word}]
}

func (e *Engine) markDead(sys app.System, word string) {
	e.mu.Lock()
	if len(e.dead) < maxCache {
		e.dead[deadKey{sys, word}] = true
	}
	e.mu.Unlock()
}

// forget empties the lookups remembered across notes (for measuring the
// first note of its kind).
func (e *Engine) forget() {
	e.mu.Lock()
	clear(e.cache)
	clear(e.phrases)
	e.mu.Unlock()
}
