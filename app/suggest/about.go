package suggest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"
	"github.com/codebench/codebench/app/terminology/search"
)

// A note names conditions the patient is not said to have: one they were
// exposed to ("exposed to COVID-19 at work", "TB exposure", "close contact
// with a person with tuberculosis") or are screened for ("HIV screening",
// "hepatitis C screening"). Read as findings they were the disease itself
// (U07.1, A15.9, B20, B19.20). The condition's words are no finding; the
// encounter is coded by the Index's own entry for it: Contact (with) or
// Exposure (to) (Z20, Z77), Screening (Z11–Z13). A screening's words no
// code is found for are left to screeningFor, as before.

// aboutKind is what the note says of the condition.
type aboutKind uint8

const (
	exposedTo aboutKind = iota + 1
	screenedFor
)

// about is the condition words toks[lo:hi] a cue at toks[cue:cueEnd]
// says the patient was exposed to or is screened for, and those words as
// the lookup reads them (abbreviations spelled out).
type about struct {
	kind        aboutKind
	cue, cueEnd int
	lo, hi      int
	words, raw  string
	// atWork: an occupational exposure ("occupational exposure to
	// noise").
	atWork bool
	// blankCue: the cue's words are no lookup of their own either
	// ("screening for", read here rather than by screeningFor).
	blankCue bool
	// someoneElse: the condition is another person's ("wife has
	// COVID", "source patient HIV positive"), no finding of the
	// patient's when the words name one; weakly when only "with" says so
	// ("roommate with strep throat"; "presents with her husband with
	// abdominal pain" may be hers).
	someoneElse, weak bool
	// cause: the exposure is a finding's cause ("dermatitis from contact
	// with poison ivy"): its words are the finding's, unless an
	// infection ("cough after exposure to COVID").
	cause bool
	// m is the encounter's code, when propose; blank: the condition's
	// words are no finding (read decides both).
	m              mention
	propose, blank bool
}

var (
	// exposureCues say the words after them are what the patient was
	// exposed to.
	exposureCues = [][]string{{"exposure", "to"}, {"exposures", "to"}, {"exposed", "to"}, {"contact", "with"},
		{"contacts", "with"}, {"contact", "to"}, {"contact", "of"}, {"contacts", "of"},
		// A needle stick's source: "source patient HIV positive".
		{"source", "patient"}, {"source", "person"}, {"source", "individual"}}
	// genericWords name no condition of their own.
	genericWords = wordSet("other disease diseases disorder disorders condition conditions infection infections illness illnesses problem problems infectious")
	// exposedParts before "exposure" are what is laid bare, no agent.
	exposedParts = rawSet("wound bone tendon hardware skin eye eyes ear nerve muscle joint implant mesh plate screw corneal")
	// causedBy before an exposure make it a finding's cause.
	causedBy = rawSet("from after following by to")
	// diagnosticScreens are tests named "screen" that are no screening
	// encounter: "urine drug screen", "tox screen".
	diagnosticScreens = rawSet("drug drugs tox toxicology uds")
	// exposureNouns and screeningNouns say the words before them are what
	// the patient was exposed to ("TB exposure") or is screened for ("HIV
	// screening").
	exposureNouns  = rawSet("exposure exposures")
	contactNouns   = rawSet("contact contacts")
	screeningNouns = rawSet("screening screen screenings")
	// aboutEnds end the condition's words: where or when the exposure was,
	// and a new clause.
	aboutEnds = rawSet(`at from in on during while today yesterday tonight last this since for through via after before prior
		when where which that caused causing resulting results result is was were has had have will about regarding
		concerning`)
	// aboutLead are words before the condition that are not it; people
	// are who had it ("a coworker with COVID": the condition follows
	// "with").
	aboutLead = rawSet(`the a an his her their recent known possible potential suspected close household occupational
		significant new prior any ongoing repeated`)
	// workWords before an exposure make it occupational: the Index's
	// Exposure > occupational entries (Z57: "occupational exposure to
	// radiation" is Z57.1, not Z77.123).
	workWords   = rawSet("occupational work workplace job")
	aboutPeople = union(companions, familyPeople, rawSet(`person persons people patient patients someone somebody individual
		individuals child children kid kids family member members relative relatives siblings student students resident
		residents`))
	// aboutVerbs say what was done about the screening or the exposure,
	// before its words ("requested HIV screening", "declined TB
	// screening").
	aboutVerbs = rawSet(`ordered offered requested requests request wants wanted discussed done performed completed
		recommended due refused refuses refusing declining needs need reviewed`)
	// notScreened are words before "screening" that say whose or which
	// screening it is, not what it is for: "diabetic eye screening" is for
	// a diabetic's retinopathy, and the patient's diabetes stays a finding.
	notScreened = rawSet("diabetic annual routine yearly prenatal newborn universal")
	// sexuallyTransmitted are the infections the Index's "sexually-
	// transmitted disease" entries are for that it does not name itself
	// (it names gonorrhea and syphilis): "exposure to chlamydia" is
	// Z20.2 (Contact with and (suspected) exposure to infections with a
	// predominantly sexual mode of transmission).
	sexuallyTransmitted = rawSet("chlamydia chlamydial trichomonas trichomoniasis std stds sti stis")
)

// aboutSpans finds the conditions a sentence says the patient was exposed
// to or is screened for. A screening whose result the sentence gives
// ("HIV screen positive") is the result's finding: not read here.
func aboutSpans(toks []token, q []qtok) []about {
	var out []about
	result := false
	for k, t := range toks {
		// "Screening for high cholesterol": what is screened for, no
		// result.
		result = result || testFound[t.raw] && !(k > 0 && toks[k-1].raw == "for")
	}
	for i := 0; i < len(toks); i++ {
		if n := matchAny(toks, i, exposureCues); n > 0 {
			if toks[i+n-1].punct != 0 {
				continue
			}
			lo, hi := aboutAfter(toks, i+n)
			work := i > 0 && workWords[toks[i-1].raw] || slices.ContainsFunc(toks[i+n:hi], func(t token) bool { return t.raw == "occupational" })
			cause := i > 0 && causedBy[toks[i-1].raw] && toks[i-1].punct == 0
			out = appendParts(out, about{kind: exposedTo, cue: i, cueEnd: i + n, someoneElse: toks[i].raw == "source", atWork: work, cause: cause}, toks, q, lo, hi)
			i = max(i, hi-1)
			continue
		}
		if n := companionsCondition(toks, i); n > 0 {
			// "Partner diagnosed with gonorrhea", "wife has COVID": the
			// other's condition, which the patient was exposed to.
			lo, hi := aboutAfter(toks, i+n)
			out = appendParts(out, about{kind: exposedTo, cue: i, cueEnd: i + n, someoneElse: true, weak: toks[i+n-1].raw == "with"}, toks, q, lo, hi)
			i = max(i, hi-1)
			continue
		}
		if n := screeningListAt(toks, i); n > 0 && !result {
			// "Screening for HIV, hepatitis C and syphilis", "Screening
			// tests ordered: HIV, HCV": one screening each.
			lo, hi := aboutList(toks, i+n)
			out = appendParts(out, about{kind: screenedFor, cue: i, cueEnd: i + n, blankCue: true}, toks, q, lo, hi)
		}
		kind := aboutKind(0)
		switch {
		case exposureNouns[toks[i].raw] && !(i+1 < len(toks) && toks[i+1].raw == "to"):
			kind = exposedTo
		case contactNouns[toks[i].raw] && (toks[i].punct != 0 || i+1 == len(toks) || !isContent(q[i+1]) || aboutEnds[toks[i+1].raw]):
			// "Known COVID contact", "sick contacts at school"; not
			// "contact dermatitis", "contact lens".
			kind = exposedTo
		case screeningNouns[toks[i].raw] && !result && !(i > 0 && diagnosticScreens[toks[i-1].raw]):
			// Also before "for": "TB screening for work".
			kind = screenedFor
		default:
			continue
		}
		lo := aboutBefore(toks, i)
		if kind == exposedTo && lo < i && exposedParts[toks[i-1].raw] {
			continue // "wound exposure of the tendon", "bone exposure": a part laid bare
		}
		for lo < i && kind == screenedFor && notScreened[toks[lo].raw] {
			lo++ // "routine HIV screening"; "diabetic eye screening" is for the eye
		}
		if lo < i {
			out = appendParts(out, about{kind: kind, cue: i, cueEnd: i + 1}, toks, q, lo, i)
		}
	}
	return out
}

// companionsCondition returns how many words at toks[i] say a condition
// of someone near the patient follows ("partner diagnosed with",
// "roommate tested positive for", "wife has"), 0 if they do not. A
// relative is the family history's (the Family cues), not here.
func companionsCondition(toks []token, i int) int {
	if !companions[toks[i].raw] || toks[i].punct != 0 {
		return 0
	}
	if n := conditionSaid(toks, i+1); n > 0 {
		return 1 + n
	}
	return 0
}

// conditionSaid returns how many words from toks[k] say a condition of
// the person just named follows ("was diagnosed with", "who tested
// positive for", "has"), 0 if they do not.
func conditionSaid(toks []token, k int) int {
	j := k
	for j < len(toks) && j-k < 2 && companionFill[toks[j].raw] && toks[j].punct == 0 {
		j++
	}
	for _, says := range conditionSays {
		if matchWords(toks, j, says) && toks[j+len(says)-1].punct == 0 {
			return j + len(says) - k
		}
	}
	return 0
}

var (
	// companions are people near the patient who are not family.
	companions    = rawSet("partner partners spouse wife husband boyfriend girlfriend roommate roommates coworker coworkers co-worker co-workers classmate classmates friend friends")
	companionFill = rawSet("was is were are recently just also")
	conditionSays = [][]string{{"diagnosed", "with"}, {"tested", "positive", "for"}, {"positive", "for"}, {"treated", "for"},
		{"sick", "with"}, {"ill", "with"}, {"has"}, {"had"}, {"with"}}
)

// appendParts appends sp for each condition of toks[lo:hi], a list's
// items apart ("chlamydia and gonorrhea screening", "HIV, hepatitis C and
// syphilis screening": one screening each).
func appendParts(out []about, sp about, toks []token, q []qtok, lo, hi int) []about {
	part := func(from, to int) {
		// Words that name a condition ("screening for other diseases",
		// "infectious diseases": none here, screeningFor's Z11.9).
		if from < to && slices.ContainsFunc(search.StrongWords(rawJoined(toks, from, to)), func(w string) bool { return !genericWords[w] }) {
			p := sp
			p.lo, p.hi = from, to
			p.words, p.raw = qText(q, from, to), rawJoined(toks, from, to)
			out = append(out, p)
		}
	}
	from := lo
	for k := lo; k < hi; k++ {
		switch {
		case toks[k].raw == "and" || toks[k].raw == "or":
			part(from, k)
			from = k + 1
		case toks[k].punct == ',':
			part(from, k+1)
			from = k + 1
		}
	}
	part(from, hi)
	return out
}

// screeningListAt returns how many words at toks[i] say a list of what a
// screening is for follows: "screening for", "screen for", "screening:",
// "screening tests ordered:"; 0 if none.
func screeningListAt(toks []token, i int) int {
	if !screeningNouns[toks[i].raw] {
		return 0
	}
	if i+1 < len(toks) && toks[i].punct == 0 && toks[i+1].raw == "for" && toks[i+1].punct == 0 {
		return 2
	}
	if i > 0 && toks[i-1].punct == 0 {
		// "Fall risk screening: history of falls", "diabetic foot
		// screening: loss of protective sensation": a screening's
		// findings, not what it is for.
		return 0
	}
	for k := i; k < len(toks) && k <= i+3; k++ {
		if toks[k].punct == ':' {
			return k + 1 - i
		}
		if toks[k].punct != 0 || k > i && !screeningListWords[toks[k].raw] {
			return 0
		}
	}
	return 0
}

// screeningListWords may stand between "screening" and the colon its list
// follows ("screening labs ordered: ...").
var screeningListWords = rawSet("test tests lab labs panel panels ordered sent done drawn today include includes included")

// aboutList returns a list's words from toks[from]: items apart by commas,
// "and" and "or", to the clause's end (a semicolon or a colon, a time, a
// place, a verb), at most fourteen words.
func aboutList(toks []token, from int) (lo, hi int) {
	lo = from
	for lo < len(toks) && aboutLead[toks[lo].raw] && toks[lo].punct == 0 {
		lo++
	}
	for hi = lo; hi < len(toks) && hi-lo < 14; hi++ {
		w := toks[hi].raw
		if aboutEnds[w] || terminators[w] || aboutVerbs[w] || refusal(w) || breakWords[w] && w != "and" && w != "or" || isNumber(w) {
			break
		}
		if p := toks[hi].punct; p == ';' || p == ':' || p == '(' {
			hi++
			break
		}
	}
	return lo, hi
}

// aboutAfter returns the condition's words after a cue ending at from: to
// the clause's end, a place or a time, at most six words, past the
// people who had it ("a coworker with COVID-19", "a person who has
// tuberculosis").
func aboutAfter(toks []token, from int) (lo, hi int) {
	lo = from
	for hi = from; hi < len(toks) && hi-lo < 6; hi++ {
		w := toks[hi].raw
		if aboutEnds[w] || breakWords[w] && w != "and" && w != "or" && w != "who" || isNumber(w) || w == "ago" {
			break
		}
		switch {
		case letterAfterName(toks, hi, lo):
			// "influenza A", "hepatitis A": the letter, no article.
		case aboutLead[w] || aboutPeople[w] || w == "with" && hi > from:
			lo = hi + 1
		case w == "who":
			// "someone who has COVID", "a coworker who tested positive
			// for TB": the condition follows.
			n := conditionSaid(toks, hi+1)
			if n == 0 {
				return lo, max(lo, hi) // "a roommate with influenza who lives with her"
			}
			hi += n
			lo = hi + 1
		}
		if toks[hi].punct != 0 {
			hi++
			break
		}
	}
	return lo, max(lo, hi)
}

// aboutBefore returns where the condition's words before a noun at i
// start: at most three words of the same clause, not a lead word.
func aboutBefore(toks []token, i int) int {
	lo, list := i, false
	for k := i - 1; k >= 0 && i-k <= 6 && (toks[k].punct == 0 || list && toks[k].punct == ','); k-- {
		w := toks[k].raw
		if (w == "and" || w == "or") && k < i-1 && k > 0 {
			list = true // "chlamydia and gonorrhea screening"
			continue
		}
		if !list && i-k > 3 {
			break
		}
		if letterAfterName(toks, k, 0) && k == i-1 {
			lo = k // "influenza A exposure"
			continue
		}
		if aboutLead[w] || aboutEnds[w] || breakWords[w] || placeStops[w] || aboutPeople[w] || aboutVerbs[w] || refusal(w) || isNumber(w) {
			break
		}
		lo = k
	}
	return lo
}

// resultCues are the negations that give a test's result after it.
var resultCues = map[string]bool{"negative": true, "was negative": true, "were negative": true, "is negative": true,
	"not detected": true}

// refusedSince reports a refusal, or "not done", from toks[i] to the
// sentence's end ("HIV screening offered and declined", "not done,
// patient declined").
func refusedSince(toks []token, i int) bool {
	for k := i; k < len(toks); k++ {
		if w := toks[k].raw; refusal(w) || w == "not" && k+1 < len(toks) && (toks[k+1].raw == "done" || toks[k+1].raw == "performed") {
			return true
		}
	}
	return false
}

// deniedAfterColon reports "none" or a denial right after a colon that
// ends the words before i ("TB exposure: none", "COVID exposure: denies"),
// the answers labelAnswers reads as no.
func deniedAfterColon(toks []token, i int) bool {
	return i > 0 && i < len(toks) && toks[i-1].punct == ':' && labelNo[toks[i].raw]
}

// someoneElseExposed reports a person other than the patient as the
// subject of "exposed" at i: "husband was exposed to COVID at work".
func someoneElseExposed(toks []token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		w := toks[k].raw
		if companions[w] || familyPeople[w] {
			return true
		}
		if !companionFill[w] && w != "been" && w != "has" && w != "have" {
			return false
		}
	}
	return false
}

// familyPeople are relatives as the subject of a sentence.
var familyPeople = rawSet("mother father mom dad sister brother son daughter grandmother grandfather aunt uncle cousin sibling parents")

// union is a set of the words of sets.
func union(sets ...map[string]bool) map[string]bool {
	out := map[string]bool{}
	for _, set := range sets {
		for w := range set {
			out[w] = true
		}
	}
	return out
}

// refusedBefore reports a refusal in the three words before toks[i]
// ("declined HIV screening", "refuses TB screening").
func refusedBefore(toks []token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		if refusal(toks[k].raw) {
			return true
		}
	}
	return false
}

// rawJoined is the words toks[lo:hi] as the note writes them.
func rawJoined(toks []token, lo, hi int) string { return strings.Join(rawsOf(toks[lo:hi]), " ") }

// letterAfterName reports a letter at toks[k] that is part of the name
// before it, not an article: "influenza A", "hepatitis A" (a word of
// letters after lo, with no punctuation between).
func letterAfterName(toks []token, k, lo int) bool {
	return len(toks[k].raw) == 1 && k > lo && k > 0 && toks[k-1].punct == 0 && !aboutLead[toks[k-1].raw] &&
		!aboutPeople[toks[k-1].raw] && toks[k-1].raw != "with" && toks[k-1].raw != "to"
}

// qText is the words q[lo:hi] as the lookup reads them.
func qText(q []qtok, lo, hi int) string {
	var b strings.Builder
	for k := lo; k < hi; k++ {
		if q[k].text == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(q[k].text)
	}
	return b.String()
}

// readAbout decides, for each condition the sentence says the patient was
// exposed to or is screened for, its encounter code (proposed unless the
// note denies it, tells of it as past, or refuses the screening) and
// whether its words are no finding: they are when it is coded, when they
// name an infection (never the patient's from an exposure or a
// screening), and when they are someone else's. Otherwise they are read
// as before (an occupational exposure's Z57, "contact with a hot stove"'s
// external cause, "in contact with cardiology about atrial fibrillation").
func (e *Engine) readAbout(toks []token, a asserted, spans []about, fy int, plan bool) []about {
	for i := range spans {
		sp := &spans[i]
		if sp.words == "" {
			continue
		}
		m, ok, infection, named := e.aboutCode(*sp, fy)
		switch {
		case sp.cause && !infection:
			continue // "dermatitis from contact with poison ivy": the dermatitis's words
		case sp.someoneElse:
			sp.blank = ok || infection || named && !sp.weak
		default:
			sp.blank = ok || infection
		}
		if !ok || !e.aboutSaid(toks, a, *sp, fy) || laterVisit(toks, sp.cue, plan) != "" {
			continue // "due for HIV screening", "return in 2 weeks for TB screening"
		}
		m.assertion = Present
		for _, k := range []int{sp.cue, sp.lo} {
			if a.kind[k] == Uncertain {
				// "Possible exposure to TB": Z20 is for a suspected
				// exposure too.
				m.cue = a.cue[k]
			}
		}
		sp.m, sp.propose = m, true
	}
	return spans
}

// aboutSaid reports an exposure or a screening the sentence says is this
// encounter's: not denied, past, someone else's or refused.
func (e *Engine) aboutSaid(toks []token, a asserted, sp about, fy int) bool {
	if refusedBefore(toks, min(sp.cue, sp.lo)) || refusedSince(toks, max(sp.cueEnd, sp.hi)) || deniedAfterColon(toks, max(sp.cueEnd, sp.hi)) {
		return false // "declined HIV screening", "HIV screening offered and declined", "TB exposure: none"
	}
	if sp.kind == exposedTo && someoneElseExposed(toks, sp.cue) {
		return false // "husband was exposed to COVID"
	}
	if sp.kind == screenedFor && screenedBefore(toks, min(sp.cue, sp.lo)) {
		return false // "had HIV screening last year"
	}
	for _, k := range []int{sp.cue, sp.lo} {
		switch a.kind[k] {
		case Negated:
			// A test's negative result is the screening's or the
			// exposure's ("depression screening negative": Z13.31;
			// "COVID exposure, rapid antigen negative": Z20.822); no
			// exposure is none.
			if !resultCues[a.cue[k]] {
				return false
			}
		case History:
			// "Exposed to COVID 3 days ago" is recent; two years ago is
			// not.
			if sp.kind == screenedFor || a.cue[k] != "ago" || !recentAgo(toks, sp.cue) {
				return false
			}
		case Family:
			return false
		}
	}
	// "Exposed to COVID in 2021": a year two or more before the fiscal
	// year.
	lo, hi := clauseOf(toks, sp.cue)
	for k := lo; k < hi; k++ {
		if pastYear(toks, k, fy) {
			return false
		}
	}
	return true
}

// screenedBefore reports a screening at toks[i] that its clause puts
// before this visit: "previous lipid screening normal", "HIV screening
// last year", "last HIV screening in March", or "had" shortly before it
// ("had HIV screening", "underwent a depression screening"; not "had
// unprotected sex and requests STD screening"). Not "TB screening prior
// to starting Humira", nor when the clause says this visit ("had HIV
// screening today").
func screenedBefore(toks []token, i int) bool {
	lo, hi := clauseOf(toks, i)
	past := false
	for k := lo; k < hi; k++ {
		w := toks[k].raw
		if w == "today" || w == "now" {
			return false
		}
		near := k < i && k >= i-3
		next := ""
		if k+1 < hi {
			next = toks[k+1].raw
		}
		past = past || near && (pastScreened[w] || hadScreened[w]) && next != "to" ||
			w == "last" && (timeUnits[next] || next == "year") && (k > i || near)
	}
	return past
}

var pastScreened, hadScreened = rawSet("previous previously prior last"), rawSet("had underwent undergone")

// recentAgo reports "ago" after hours, days or weeks in the clause of
// toks[i] ("3 days ago"), not months or years.
func recentAgo(toks []token, i int) bool {
	lo, hi := clauseOf(toks, i)
	for k := max(lo, 1); k < hi; k++ {
		if toks[k].raw == "ago" {
			return recentUnits[toks[k-1].raw]
		}
	}
	return false
}

var recentUnits = rawSet("hour hours day days week weeks")

// infectionTreated reports an infection (chapter 1, not HIV disease) or a
// latent tuberculosis (Z22.7), its code canonical, that the words up to a
// semicolon either side of toks[i] say was treated in the past ("treated
// in 2019", "treated 2017", "treated 3 years ago", "treated last year") or
// whose treatment they say was completed ("completed 9 months of
// isoniazid"); not one being treated ("treated with ceftriaxone",
// "treated since 2018"), one whose treatment is not completed, nor one
// they say goes on or came back ("still viremic", "relapsed", "nails still
// dystrophic", "test of cure positive", "awaiting SVR12").
func infectionTreated(code string, toks []token, i, fy int) bool {
	if !(code == "Z227" || code[0] == 'A' || code[0] == 'B' && !strings.HasPrefix(code, "B20")) {
		return false
	}
	lo, hi := partOf(toks, i) // "latent TB, completed INH" says it past a comma
	over := false
	for k := lo; k < hi; k++ {
		w := toks[k].raw
		if goesOn[w] {
			return false
		}
		switch w {
		case "completed", "finished", "complete":
			if k > lo && (toks[k-1].raw == "not" || toks[k-1].raw == "never" || toks[k-1].raw == "will" || toks[k-1].raw == "to") {
				return false // "treatment not completed", "will complete"
			}
			over = over || w != "complete" && (k > i || k+1 < hi && treatmentWords[toks[k+1].raw])
		case "treated":
			for j := k + 1; j < min(hi, k+7); j++ {
				r := toks[j].raw
				if r == "since" {
					break // "treated since 2018": still
				}
				if y, err := strconv.Atoi(r); err == nil && isYear(r) && y < fy || r == "ago" || r == "last" && j+1 < hi && toks[j+1].raw == "year" {
					over = true // "treated in 2019", "treated 2017", "treated 3 years ago"
					break
				}
			}
		}
	}
	return over
}

// solidCancer reports a primary malignancy of a solid site (C00-C80, its
// code canonical): not a leukemia or lymphoma, which have remission codes
// of their own.
func solidCancer(code string) bool {
	return len(code) >= 3 && code[0] == 'C' && code[:3] <= "C80"
}

// cancerTreated reports a primary solid malignancy (C00-C80, its code
// canonical) that the words up to a semicolon after toks[i] say was
// excised or its treatment completed ("breast cancer 2008, s/p left
// lumpectomy and radiation", "colon cancer, status post resection",
// "completed anastrozole"), with nothing of treatment or disease now
// ("on tamoxifen", "receiving chemotherapy", "metastatic", "recurrence"):
// its personal history (§I.C.2.d, Z85). Not a leukemia or lymphoma,
// which have codes of their own for remission.
func cancerTreated(code string, toks []token, i int) bool {
	if !solidCancer(code) {
		return false
	}
	lo, hi := partOf(toks, i)
	if cancerBack(toks) {
		return false
	}
	done := false
	for k := lo; k < hi; k++ {
		w := toks[k].raw
		if cancerNow[w] && !(k > lo && (toks[k-1].raw == "no" || toks[k-1].raw == "without")) {
			return false // (not "no recurrence")
		}
		if k > i && (w == "s/p" || w == "completed" || w == "resected" || w == "excised" || w == "removed" ||
			w == "status" && k+1 < hi && toks[k+1].raw == "post" || strings.HasSuffix(w, "ectomy") || strings.HasSuffix(w, "ectomies")) {
			done = true
		}
	}
	return done
}

// cancerFree reports a primary solid malignancy (as cancerTreated) that
// the words up to a semicolon either side of toks[i] say left no disease:
// "no evidence of disease", "NED", "disease-free", "cancer-free", "no
// evidence of recurrence".
func cancerFree(code string, toks []token, i int) bool {
	if !solidCancer(code) {
		return false
	}
	lo, hi := partOf(toks, i)
	if cancerBack(toks) {
		return false
	}
	free := false
	for k := lo; k < hi; k++ {
		switch w := toks[k].raw; {
		case cancerNow[w]:
			return false // "metastatic breast cancer, no evidence of disease in the liver"
		case w == "ned" || (w == "disease-free" || w == "cancer-free") && !slices.ContainsFunc(toks[k+1:min(hi, k+3)], func(t token) bool {
			return strings.HasPrefix(t.raw, "margin") || t.raw == "survival" || t.raw == "interval"
		}):
			free = true // (not "disease-free resection margins", "disease-free survival")
		case w == "evidence" && k > lo && toks[k-1].raw == "no" && k+2 < hi && toks[k+1].raw == "of" && (toks[k+2].raw == "disease" || toks[k+2].raw == "recurrence") &&
			(k+3 >= hi || toks[k+3].raw != "in"):
			free = true
		}
	}
	return free
}

// ownCause returns what the clause says after the symptom that ends at
// toks[j] it comes from, or that it is a drug's effect or a suspicion of
// another disease: "nausea is from metformin" ("metformin"), "fever
// secondary to pneumonia" ("pneumonia"), "a side effect", "RLQ pain
// concerning for appendicitis" (suspected: "*"); "" for none. A symptom
// is integral only to the diagnosis its cause names (see assemble).
func ownCause(toks []token, j int) string {
	for k := j + 1; k < len(toks) && k <= j+4; k++ {
		switch toks[k].raw {
		case "side", "adverse", "concerning", "suspect", "suspected", "suspicious", "worrisome":
			return "*"
		case "from", "due", "secondary", "caused":
			var words []string
			for d := k + 1; d < len(toks) && d <= k+5; d++ {
				if d > k+1 && toks[d-1].punct != 0 {
					break
				}
				words = append(words, toks[d].raw)
			}
			return strings.Join(words, " ")
		}
		if toks[k].punct == ';' || toks[k].punct == '.' {
			break
		}
	}
	return ""
}

// causeIs reports whether a symptom's cause (ownCause) is the diagnosis dx
// (a code as displayed): a word of it the diagnosis's title says
// ("pneumonia" of J18.9), or none given.
func (e *Engine) causeIs(cause, dx string, fy int) bool {
	if cause == "" {
		return true
	}
	if cause == "*" {
		return false
	}
	c := e.set.Lookup(app.ICD10CM, terminology.Canonical(dx))
	if c == nil {
		return false
	}
	title := search.ContentWords(c.TitleIn(fy).Long)
	for _, w := range search.ContentWords(cause) {
		if !filler[w] && rootMatch(w, title) {
			return true
		}
	}
	return false
}

// drugWord reports a word that names a medicine: a long-term drug's, an
// injection's (the HCPCS J codes' families), or a word for medicines.
func (e *Engine) drugWord(w string) bool {
	if _, ok := drugIn(w); ok {
		return true
	}
	if _, ok := e.drugFamilies[w]; ok {
		return true
	}
	switch w {
	case "medication", "medications", "medicine", "drug", "drugs", "chemotherapy", "chemo", "opioids", "opiates", "steroids", "antibiotics":
		return true
	}
	return false
}

// cancerTreatedNow reports a primary solid malignancy (C00-C80, its code
// canonical) the sentence says is treated now, or back: "s/p lumpectomy
// for breast cancer, now on radiation", "history of breast cancer,
// currently on letrozole" (§I.C.2.d: treatment still directed at it).
func (e *Engine) cancerTreatedNow(code string, toks []token, i int) bool {
	if !solidCancer(code) {
		return false
	}
	if cancerBack(toks) {
		return true
	}
	lo, hi := partOf(toks, i)
	for k := lo; k < hi; k++ {
		switch toks[k].raw {
		case "currently", "receiving", "undergoing", "ongoing":
			if k > i && !(k > lo && (toks[k-1].raw == "no" || toks[k-1].raw == "not")) {
				return true
			}
		case "on":
			// "on letrozole", "now on radiation" (not "a metastasis on
			// which", "on admission").
			for d := k + 1; d < min(hi, k+3); d++ {
				if k > i && (e.drugWord(toks[d].raw) || cancerTreatments[toks[d].raw]) {
					return true
				}
			}
		}
	}
	return false
}

// cancerTreatments are the treatments a cancer is "on".
var cancerTreatments = rawSet("radiation radiotherapy hormonal hormone immunotherapy endocrine tamoxifen letrozole anastrozole exemestane")

// cancerBack reports words anywhere in the sentence that say a cancer
// came back or is treated now: "...; now with recurrence", "now with
// liver metastases on chemotherapy", "adjuvant chemotherapy to start next
// week" (not "no recurrence", "completed adjuvant chemotherapy", "was
// treated with chemotherapy"). A metastasis alone is the secondary's
// (C77-C79), beside the primary's history when that is gone.
func cancerBack(toks []token) bool {
	for k, t := range toks {
		neg := false
		for b := k - 1; b >= max(0, k-4) && toks[b].punct == 0 && !neg; b-- {
			neg = cancerOver[toks[b].raw]
		}
		switch t.raw {
		case "recurrence", "recurrent", "recurred", "adjuvant", "chemotherapy", "chemo":
			if !neg {
				return true
			}
		}
	}
	return false
}

// cancerOver are the words before a treatment or a return that say it
// is over or none: "completed adjuvant chemotherapy", "no recurrence".
var cancerOver = rawSet("no without completed s/p finished after post treated")

// cancerNow are the words that say a cancer is treated or present now.
var cancerNow = rawSet("on currently current receiving undergoing ongoing active metastatic metastasis metastases recurrence recurrent recurred residual still persistent now awaiting scheduled planned will stage iv")

// goesOn are the words that say an infection goes on or came back after
// its treatment.
var goesOn = rawSet("again still persistent persists persisting ongoing relapsed relapse relapsing recurred recurrence recurrent reinfection reinfected viremic detectable rising awaiting failed failure positive active currently incomplete")

var treatmentWords = rawSet("treatment therapy course courses regimen")

// withinFourWeeks reports the "ago" that dates toks[i] four weeks or
// less: hours, up to 28 days, "a week", up to 4 weeks ("2-3 weeks"). The
// first "ago" after it in its clause dates it, else the last before it
// ("2 weeks ago had an MI"; not "a stroke 2 weeks ago and an MI 10 years
// ago").
func withinFourWeeks(toks []token, i int) bool {
	lo, hi := clauseOf(toks, i)
	at := -1
	for k := i + 1; k < hi && at < 0; k++ {
		if toks[k].raw == "ago" {
			at = k
		}
	}
	for k := i - 1; k >= max(lo, 1) && at < 0; k-- {
		if toks[k].raw == "ago" {
			at = k
		}
	}
	if at < 1 {
		return false
	}
	for k := at + 1; k < hi; k++ {
		if toks[k].raw == "ago" && !recentUnits[toks[k-1].raw] {
			return false // "MI 3 weeks ago per a note from 2 years ago", "2 weeks ago and 5 years ago": not sure
		}
	}
	n := 1 // "a week ago", "a few days ago"
	if at >= 2 {
		w := toks[at-2].raw
		if j := strings.LastIndexAny(w, "-/"); j >= 0 {
			w = w[j+1:] // "2-3 weeks": the longer
		}
		if v, err := strconv.Atoi(w); err == nil {
			n = v
		} else if v, ok := smallNumbers[w]; ok {
			n = v
		}
	}
	switch toks[at-1].raw {
	case "hour", "hours", "hr", "hrs":
		return true
	case "day", "days":
		return n <= 28
	case "week", "weeks", "wk", "wks":
		return n <= 4
	}
	return false
}

// smallNumbers are the counts written as words; "few" and "couple" as
// their most.
var smallNumbers = map[string]int{"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "few": 3, "couple": 2, "several": 5}

// aboutMentions are the proposed codes of spans, with their evidence.
func aboutMentions(s *sentence, text string, spans []about, ms []mention) []mention {
	for _, sp := range spans {
		if !sp.propose {
			continue
		}
		m := sp.m
		lo, hi := min(sp.cue, sp.lo), max(sp.cueEnd, sp.hi)
		start, end := s.toks[lo].start, s.toks[hi-1].end
		m.ev = Evidence{Page: s.page, Start: start, End: end, Text: text[start:end]}
		m.sec = s.sec
		ms = append(ms, m)
	}
	return ms
}

// aboutCode looks the condition up under the Index's Contact (with) and
// Exposure (to), or Screening: the entry must name the condition, by its
// words or the code they resolve to ("TB": Respiratory tuberculosis,
// Contact > tuberculosis, Z20.1). An infection the Index has no entry for
// is coded by its kind, less certain: "exposure to Lyme disease" is
// Contact > bacterial disease NEC (Z20.818).
func (e *Engine) aboutCode(sp about, fy int) (m mention, ok, infection, named bool) {
	// The shorthand these notes use for what one is exposed to or
	// screened for, which is no finding's elsewhere ("TB clearance",
	// "PPD for TB", "STD check"): read here only.
	if long := aboutShorthand[sp.raw]; long != "" {
		sp.words = long
	}
	// The code the words resolve to, when the hit names what the words
	// say (all the levels of its path: "sun" is Fever > sun, dengue, A90,
	// and "ground" Ground itch, B76.9): its title says what an entry may
	// name ("TB": respiratory tuberculosis); its kind codes an infection
	// the Index has no entry for.
	said := sp.words
	var found *terminology.Concept
	for _, h := range e.search(app.ICD10CM, fy, sp.words, 5) {
		if h.Concept == nil || h.Concept.Code[0] == 'Z' {
			continue
		}
		why := plainWhy(h.Why)
		name, part := firstForms(indexPath(why)), 1.0
		if term, ok := strings.CutPrefix(why, "inclusion term: "); ok {
			name = withoutParens(term)
		} else if matched, ok := strings.CutPrefix(why, "title: "); ok {
			// The words of the title the search matched ("title: colon,
			// cancer" for Malignant neoplasm of colon).
			name = strings.ReplaceAll(matched, ",", "")
		} else if name == "" {
			name, part = withoutParens(h.Concept.TitleIn(fy).Long), 0.5
		}
		// Or the condition its title names, half said ("hepatitis C":
		// Unspecified viral hepatitis C, B19.20).
		words := sp.raw + " " + sp.words
		if partSaid(name, words, part) || partSaid(withoutParens(conditionWords(h.Concept.TitleIn(fy).Long)), words, 0.5) {
			found = h.Concept
			said += " " + h.Concept.TitleIn(fy).Long
			break
		}
	}
	kind := infectionKind(found, sp.raw+" "+sp.words)
	heads, leads := []string{"Contact", "Exposure"}, []string{"contact with ", "exposure to "}
	if sp.kind == screenedFor {
		heads, leads = []string{"Screening"}, []string{"screening for "}
	}
	titleLead := "Contact with and (suspected) exposure to "
	if sp.kind == screenedFor {
		titleLead = "Encounter for screening for "
	}
	// entry returns the lookup's hit under one of heads whose levels
	// below it says accepts, the deepest ("Screening > neoplasm > cervix", not
	// "Screening > neoplasm"); or a code whose title is such an entry's
	// ("Encounter for screening for human immunodeficiency virus [HIV]").
	entry := func(query string, general bool, says func(below string) bool) (mention, bool) {
		best, depth := -1, 0
		hits := e.search(app.ICD10CM, fy, query, 10)
		for k, h := range hits {
			if h.Concept == nil || sp.kind == screenedFor && !hasAnyPrefix(h.Concept.Code, []string{"Z11", "Z12", "Z13"}) {
				continue
			}
			why := plainWhy(h.Why)
			if strings.HasPrefix(why, "title: ") {
				rest, ok := strings.CutPrefix(h.Concept.TitleIn(fy).Long, titleLead)
				if ok && says(withoutParens(rest)) && depth < 2 {
					best, depth = k, 2
				}
				continue
			}
			levels := strings.Split(withoutParens(indexPath(why)), " > ")
			// What the entry names below its head, whole: "Screening >
			// neoplasm > blood" is no blood lead screening. Not a kind's
			// catch-all ("infection > specified NEC"), the fallback's.
			below := strings.TrimSpace(strings.Join(levels[1:], " "))
			if len(levels) < 2 || !hasAnyPrefix(levels[0], heads) || !says(below) {
				continue
			}
			if general && (strings.HasSuffix(below, " NEC") || strings.HasPrefix(below, "infection") || strings.HasPrefix(below, "communicable disease")) {
				continue
			}
			if len(levels) > depth {
				best, depth = k, len(levels)
			}
		}
		if best < 0 {
			return mention{}, false
		}
		h := hits[best]
		m := mention{sys: app.ICD10CM, code: h.Concept.Code, complete: true, title: h.Concept.TitleIn(fy).Long,
			why: h.Why, conf: 0.7, query: query}
		if found != nil && strings.HasPrefix(m.code, "Z20") {
			m.disease = found.Code[:3]
		}
		return m, true
	}
	// The words as written ("HIV": Contact > HIV), then as read ("human
	// immunodeficiency virus disease"); every word of the entry said:
	// "German measles" is no measles.
	queries := []string{sp.raw, sp.words}
	if found != nil {
		// As the code it resolved to says it: "TB" is "respiratory
		// tuberculosis" (Screening > respiratory tuberculosis, Z11.1).
		queries = append(queries, strings.ToLower(conditionWords(found.TitleIn(fy).Long)))
	}
	if sp.atWork {
		leads = append([]string{"exposure to occupational "}, leads...)
		said += " occupational"
	}
	for _, words := range queries {
		for _, lead := range leads {
			if m, ok := entry(lead+words, true, func(below string) bool { return partSaid(below, said+" "+sp.raw, 1) }); ok {
				return m, true, kind != "", found != nil
			}
		}
	}
	if kind == "" {
		return mention{}, false, false, found != nil
	}
	// The kind's own entry ("bacterial disease NEC", "viral NEC",
	// "sexually-transmitted disease"), not one it qualifies ("viral
	// hepatitis").
	m, ok = entry(leads[0]+kind+" disease", false, func(below string) bool {
		return strings.Contains(below, kind) && (strings.HasSuffix(below, " NEC") || strings.HasSuffix(below, kind+" disease"))
	})
	if !ok {
		return mention{}, false, true, true
	}
	m.tail = kind != "sexually-transmitted"
	what := "the condition"
	if found != nil {
		what = terminology.Display(app.ICD10CM, found.Code)
	}
	m.why += fmt.Sprintf(" (the Index has no entry for %q; %s is a %s disease)", sp.words, what, kind)
	return m, true, true, true
}

// aboutShorthand spells out what an exposure or a screening is to or
// for, as notes abbreviate it.
var aboutShorthand = map[string]string{"tb": "tuberculosis", "std": "sexually transmitted disease",
	"stds": "sexually transmitted disease", "sti": "sexually transmitted disease", "stis": "sexually transmitted disease",
	"hbv": "hepatitis b", "gc": "gonorrhea",
	// The Index screens for "lipoid disorders" (Z13.220), which notes
	// call by the lipids or a disorder of them.
	"lipid": lipoid, "lipids": lipoid, "lipid disorder": lipoid, "lipid disorders": lipoid, "cholesterol": lipoid,
	"high cholesterol": lipoid, "hyperlipidemia": lipoid, "dyslipidemia": lipoid, "hypercholesterolemia": lipoid}

const lipoid = "lipoid disorders"

// exposureBesideDisease lists, not proposes, an exposure's Z20 code when
// the infection it is to is proposed: Z20's Excludes1 note, "diagnosed
// current infectious or parasitic disease" ("COVID exposure last week,
// now COVID-19 pneumonia": U07.1, not Z20.822).
func exposureBesideDisease(groups map[key]*group) {
	for k, g := range groups {
		if k.sys != app.ICD10CM || !g.proposed || g.m.disease == "" {
			continue
		}
		for d, dg := range groups {
			if d.sys == app.ICD10CM && dg.proposed && strings.HasPrefix(d.code, g.m.disease) {
				g.proposed = false
				g.reason = fmt.Sprintf("not proposed: the infection exposed to is coded (%s); Z20 excludes a diagnosed current infection; %s",
					terminology.Display(app.ICD10CM, d.code), g.reason)
				break
			}
		}
	}
}

// infectionKind is the kind of infectious disease c is, as the Index's
// Contact and Screening entries name kinds: "intestinal infectious",
// "bacterial", "viral", "parasitic", "specified" (mycoses: communicable
// disease, specified NEC), or "sexually-transmitted" (also for
// the infections words names, sexuallyTransmitted); "" for a condition
// that is no infection.
func infectionKind(c *terminology.Concept, words string) string {
	for _, w := range strings.Fields(words) {
		if sexuallyTransmitted[w] {
			return "sexually-transmitted"
		}
	}
	if c == nil {
		return ""
	}
	code := c.Code
	switch {
	case code >= "A50" && code < "A65":
		return "sexually-transmitted"
	case code >= "A00" && code < "A10":
		return "intestinal infectious"
	case code >= "A00" && code < "A80", code >= "B95" && code < "B97", code == "J020" || code == "J030",
		strings.HasPrefix(code, "L01") || strings.HasPrefix(code, "G00"):
		return "bacterial" // streptococcal pharyngitis and tonsillitis, impetigo, bacterial meningitis too
	case code >= "A80" && code < "B35", code >= "B97" && code < "B98", code >= "J09" && code < "J12":
		return "viral"
	case code >= "B50" && code < "B90":
		return "parasitic"
	case code >= "B35" && code < "B50":
		return "specified" // mycoses: Contact > communicable disease > specified NEC
	}
	return ""
}

// firstForms is an Index path's words, each level's first form (the
// forms after a comma are its variants: "Tuberculosis, tubercular,
// tuberculous"), without nonessential modifiers.
func firstForms(path string) string {
	levels := strings.Split(withoutParens(path), " > ")
	for i, l := range levels {
		if j := strings.IndexByte(l, ','); j >= 0 {
			levels[i] = l[:j]
		}
	}
	return strings.Join(levels, " ")
}

// plainWhy is a hit's reason without the abbreviations the search spelled
// out before it ("TB = tuberculosis · index: Screening (for) > ...").
func plainWhy(why string) string {
	if i := strings.Index(why, " · "); i >= 0 {
		return why[i+len(" · "):]
	}
	return why
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
