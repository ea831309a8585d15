package suggest

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/codebench/codebench/app"
)

// Assertion is what the note says about a mention.
type Assertion string

// Assertions, in the order the JSON and the window show them.
const (
	Present   Assertion = "present"   // documented as a current condition
	Negated   Assertion = "negated"   // "no", "denies", "negative for", "ruled out" ...: never coded
	Uncertain Assertion = "uncertain" // "possible", "probable", "rule out" ...: inpatient codes it (§II.H), outpatient codes the symptoms (§IV.H)
	History   Assertion = "history"   // "history of", "s/p", "former" ...: the personal-history Z code, not the condition
	Family    Assertion = "family"    // "mother", "family history of" ...: a family-history Z code (Z80–Z84)
	// Integral is not read from cue words: a present symptom routinely
	// part of a proposed definitive diagnosis (§I.B.5), listed so the
	// coder sees why it is not proposed.
	Integral Assertion = "integral"
)

// rank orders assertions when cues overlap: a negation wins over a family
// history ("no family history of"), which wins over history and
// uncertainty.
func (a Assertion) rank() int {
	switch a {
	case Negated:
		return 4
	case Family:
		return 3
	case History:
		return 2
	case Uncertain:
		return 1
	}
	return 0
}

// Cue directions: a cue governs the words after it, before it, or both.
const (
	after = 1 << iota
	before
)

type cue struct {
	words []string
	kind  Assertion
	dir   int
}

// cues are the trigger phrases (after NegEx, Chapman et al. 2001, and
// ConText, Harkema et al. 2009), written as they appear in US notes.
var cues = buildCues(map[Assertion][][2]string{
	Negated: {
		{"no", "a"}, {"not", "a"}, {"denies", "a"}, {"denied", "ab"}, {"deny", "a"}, {"denying", "a"},
		{"negative for", "a"}, {"without", "a"}, {"w/o", "a"}, {"ruled out", "ab"}, {"rules out", "a"}, {"ruling out", "a"},
		{"free of", "a"}, {"absence of", "a"}, {"absent", "b"}, {"never", "a"}, {"neither", "a"}, {"nor", "a"},
		{"no evidence of", "a"}, {"no signs of", "a"}, {"no sign of", "a"}, {"fails to reveal", "a"},
		{"failed to reveal", "a"}, {"did not show", "a"}, {"does not have", "a"}, {"rather than", "a"},
		{preNegMark, "a"}, {postNegMark, "b"}, {"neg for", "a"}, {"neg", "a"}, {"neg", "b"},
		{"instead of", "a"}, {"negative", "b"}, {"was negative", "b"}, {"were negative", "b"}, {"is negative", "b"},
		{"not seen", "b"}, {"not found", "b"}, {"not present", "b"}, {"not detected", "b"}, {"excluded", "b"},
		{"was excluded", "b"}, {"unlikely", "ab"}, {"no further", "a"},
		{"no longer", "a"}, {"denies any", "a"}, {"no history of", "a"}, {"no family history of", "a"},
		{"no known", "a"}, {"no personal history of", "a"}, {"absent", "a"},
		// Before "was negative" reads its subject: "cytology was negative
		// for malignancy" negates what follows.
		{"was negative for", "a"}, {"were negative for", "a"}, {"is negative for", "a"}, {"are negative for", "a"},
	},
	Uncertain: {
		{"possible", "a"}, {"possibly", "a"}, {"probable", "a"}, {"probably", "a"}, {"suspected", "ab"},
		{"suspect", "a"}, {"suspicious for", "a"}, {"suspicion of", "a"}, {"suspicion for", "a"}, {"likely", "a"},
		{"rule out", "a"}, {"r/o", "a"}, {"to rule out", "a"}, {"questionable", "a"}, {"question of", "a"},
		{"concern for", "a"}, {"concerning for", "a"}, {"cannot rule out", "a"}, {"cannot exclude", "a"},
		{"cannot be excluded", "b"}, {"cannot be ruled out", "b"}, {"not excluded", "b"}, {"to be ruled out", "b"},
		{"may be", "a"}, {"may have", "a"}, {"might be", "a"}, {"might have", "a"}, {"presumed", "a"}, {"presumptive", "a"},
		{"compatible with", "a"}, {"consistent with", "a"}, {"suggestive of", "a"}, {"suggesting", "a"},
		{"suggests", "a"}, {"differential", "a"}, {"versus", "ab"}, {"vs", "ab"}, {"worrisome for", "a"},
		{"evaluate for", "a"}, {"evaluation for", "a"}, {"workup for", "a"}, {"ddx", "a"}, {"is possible", "b"},
		{"is likely", "b"}, {"is suspected", "b"}, {"was suspected", "b"}, {"uncertain", "a"},
		{"possibility of", "a"},
	},
	History: {
		{"history of", "a"}, {"hx of", "a"}, {"h/o", "a"}, {"hx", "a"}, {"s/p", "a"}, {"status post", "a"},
		{"former", "a"}, {"formerly", "a"}, {"previous", "a"}, {"previously", "ab"}, {"prior", "a"},
		{"past", "a"}, {"remote", "a"}, {"resolved", "ab"}, {"childhood", "a"}, {"quit", "ab"},
		{"personal history of", "a"}, {"in the past", "b"}, {"ago", "b"}, {"ex-smoker", "a"}, {"healed", "ab"},
		{"product of", "a"}, // a child's birth history: "product of a term pregnancy"
		// "Resolution of the renal failure": it was there, and is over.
		{"resolution of", "a"},
		// "Sepsis 2020 due to pyelonephritis, ICU 3 days, full recovery".
		{"full recovery", "b"}, {"fully recovered", "b"}, {"recovered", "b"}, {"full recovery from", "a"}, {"recovered from", "a"}, {"recovery from", "a"},
	},
	Family: {
		{"family history of", "a"}, {"family history", "a"}, {"fh of", "a"}, {"fhx", "a"}, {"mother", "ab"},
		{"father", "ab"}, {"mom", "ab"}, {"dad", "ab"}, {"sister", "ab"}, {"brother", "ab"}, {"sibling", "ab"},
		{"siblings", "ab"}, {"grandmother", "ab"}, {"grandfather", "ab"}, {"aunt", "ab"}, {"uncle", "ab"},
		{"maternal", "a"}, {"paternal", "a"}, {"parents", "ab"}, {"son", "ab"}, {"daughter", "ab"}, {"cousin", "ab"},
		{"in the family", "b"},
	},
})

// notCues are phrases that contain a cue word but are not cues: "prior to
// admission", "no change" ... They are skipped whole.
var notCues = [][]string{
	{"prior", "to"}, {"not", "only"}, {"no", "change"}, {"no", "changes"}, {"past", "week"}, {"past", "month"},
	{"past", "year"}, {"past", "few"}, {"past", "several"}, {"past", "two"}, {"past", "three"}, {"no", "acute", "distress"},
	{"gram", "negative"}, {"negative", "pressure"}, {"not", "improving"}, {"if", "not"},
	// "No improvement in cough", "without relief of the pain": it goes on.
	{"no", "improvement"}, {"without", "improvement"}, {"not", "improved"}, {"no", "relief"}, {"without", "relief"},
	{"not", "resolved"}, {"no", "resolution"}, {"not", "better"}, {"no", "better"},
	// "Three falls in the past month": lately, not "in the past".
	{"in", "the", "past", "week"}, {"in", "the", "past", "month"}, {"in", "the", "past", "year"}, {"in", "the", "past", "few"},
	{"in", "the", "past", "several"}, {"in", "the", "past", "two"}, {"in", "the", "past", "three"}, {"in", "the", "past", "24"},
	// "Not ready to quit", "not interested in quitting": still smoking.
	{"not", "ready", "to", "quit"}, {"not", "interested", "in", "quitting"}, {"not", "willing", "to", "quit"},
	// "Here with mom for ear pain", "brought in by dad for": who came, no
	// family history (not "here with mom, who has asthma").
	{"with", "mom", "for"}, {"with", "mother", "for"}, {"with", "dad", "for"}, {"with", "father", "for"},
	{"with", "parents", "for"}, {"with", "grandmother", "for"}, {"by", "mom", "for"}, {"by", "mother", "for"},
	{"by", "dad", "for"}, {"by", "father", "for"}, {"by", "parents", "for"}, {"by", "grandmother", "for"},
	{"mom", "brings"}, {"mother", "brings"}, {"dad", "brings"}, {"father", "brings"}, {"parents", "bring"},
	// A tumour's receptor status: "estrogen receptor negative", "triple
	// negative breast cancer" negate nothing (receptorStatusAt reads the
	// abbreviations).
	// "Bell's palsy, partially recovered": not over.
	{"partially", "recovered"}, {"not", "recovered"}, {"incompletely", "recovered"}, {"slowly", "recovered"},
	{"receptor", "negative"}, {"receptors", "negative"}, {"receptor", "status", "negative"}, {"receptors", "status", "negative"},
	{"her2", "negative"}, {"her2/neu", "negative"}, {"triple", "negative"},
}

// quitIntent are the words before "to quit" that make the quitting one to
// come: the patient still smokes ("counseled to quit", "wants to quit";
// not "decided to quit in 2015"). Each with "to quit" is a notCue.
var quitIntent = map[string]bool{"counseled": true, "counselled": true, "advised": true, "encouraged": true, "told": true,
	"wants": true, "want": true, "wishes": true, "ready": true, "unwilling": true, "willing": true, "trying": true,
	"tries": true, "tried": true, "plans": true, "planning": true, "motivated": true, "attempting": true, "needs": true, "urged": true}

// reporters are the relatives who tell of a child's illness, and
// reportVerbs how ("Mother reports he has had fever", "per mom",
// "according to his mother"): the one who tells, not a relative with the
// finding (no family history). Not a relative the teller names ("Mother
// reports that her father had an MI").
var (
	// Each with the pronoun that would name the teller herself or
	// himself ("mother reports she smokes": the mother's).
	reporters = map[string]string{"mother": "she", "mom": "she", "grandmother": "she", "daughter": "she", "wife": "she",
		"father": "he", "dad": "he", "grandfather": "he", "son": "he", "husband": "he", "parents": "they", "parent": ""}
	toldOf      = rawSet("son daughter child baby infant kid")
	selfWords   = rawSet("herself himself themselves")
	reportVerbs = rawSet("reports reported report states stated state says said notes noted endorses endorsed describes described relates feels thinks believes noticed observed concerned worried worries")
)

func init() {
	for _, w := range slices.Sorted(maps.Keys(quitIntent)) {
		notCues = append(notCues, []string{w, "to", "quit"})
	}
}

// reporterAt returns how many words at toks[i] name a relative as the one
// who tells (reporters), 0 when they do not: "mother reports", "mom is
// concerned", "per mom", "according to his mother".
func reporterAt(toks []token, i int) int {
	at := func(k int) bool {
		if k >= len(toks) {
			return false
		}
		_, ok := reporters[toks[k].raw]
		return ok
	}
	switch w := toks[i].raw; {
	case at(i) && toks[i].punct == 0:
		k := i + 1
		if k < len(toks) && (toks[k].raw == "is" || toks[k].raw == "was") && toks[k].punct == 0 {
			k++
		}
		if k < len(toks) && reportVerbs[toks[k].raw] {
			j := k + 1
			if j < len(toks) && toks[j].raw == "that" {
				j++
			}
			if j < len(toks) && (toks[j].raw == reporters[w] || selfWords[toks[j].raw] || toks[j].raw == "her" && j+1 < len(toks) && toks[j+1].raw == "own" ||
				toks[j].raw == "his" && j+1 < len(toks) && toks[j+1].raw == "own" || toks[j].raw == "the" && j+1 < len(toks) && toks[j+1].raw == "family") {
				return 0 // "mother reports she smokes", "her own asthma", "the family has had the flu": the teller's, or the family's
			}
			// "Mother reports her son vapes": the child she tells of
			// is the patient; "her pregnancy", "his own asthma" are
			// the teller's.
			if j+1 < len(toks) && (toks[j].raw == "her" || toks[j].raw == "his") {
				if toldOf[toks[j+1].raw] {
					return j + 1 - i + 1
				}
				return 0
			}
			return k - i + 1
		}
	case w == "per" || w == "according" && i+1 < len(toks) && toks[i+1].raw == "to":
		k := i + 1
		if w == "according" {
			k++
		}
		if k < len(toks) && (toks[k].raw == "his" || toks[k].raw == "her" || toks[k].raw == "the") {
			k++
		}
		if at(k) {
			return k - i + 1
		}
	}
	return 0
}

// receptorNames are a tumour's receptors as notes abbreviate them.
var receptorNames = map[string]bool{"er": true, "pr": true, "hr": true, "er/pr": true, "er/pr/her2": true, "er/pgr": true}

// receptorStatusAt reports "ER negative", "ER/PR negative" at toks[i]: a
// status, no negation; but "seen in the ER negative for fracture" is the
// emergency room's finding.
func receptorStatusAt(toks []token, i int) bool {
	return receptorNames[toks[i].raw] && i+1 < len(toks) && toks[i+1].raw == "negative" && toks[i].punct == 0 &&
		!(i+2 < len(toks) && toks[i+2].raw == "for")
}

func buildCues(m map[Assertion][][2]string) []cue {
	var out []cue
	for kind, list := range m {
		for _, c := range list {
			dir := 0
			if strings.Contains(c[1], "a") {
				dir |= after
			}
			if strings.Contains(c[1], "b") {
				dir |= before
			}
			out = append(out, cue{words: strings.Fields(c[0]), kind: kind, dir: dir})
		}
	}
	// Longest first, so "cannot be ruled out" is not read as "ruled out"
	// and "no family history of" not as "no".
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && len(out[j].words) > len(out[j-1].words); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// terminators end a cue's scope: a new clause about something else.
var terminators = map[string]bool{
	"but": true, "however": true, "although": true, "though": true, "except": true, "yet": true,
	"aside": true, "apart": true, "which": true, "who": true, "whose": true, "now": true, "currently": true,
	"presents": true, "presented": true, "presenting": true, "admitted": true, "complains": true,
	"complaining": true, "reports": true, "reported": true, "developed": true, "develops": true, "since": true,
	"because": true, "has": true, "is": true, "was": true, "are": true, "were": true, "here": true, "today": true,
	"remains": true, "continues": true, "still": true, "started": true, "on": true,
	// A visit's verbs start what the patient came with: "no history of
	// note, consulted for a left malar tumor".
	"consulted": true, "consults": true, "consulting": true, "came": true, "comes": true, "attended": true,
	"attends": true, "visited": true, "sought": true,
}

// negationEnds end a negation's scope besides the terminators (NegEx's
// termination terms, Chapman et al. 2001): a cause or a new finding the
// negation does not reach ("could not be examined due to pain", "without
// known allergies, with a history of hypertension", "no murmur and a
// regular rhythm", "no recurrence at present, with proteinuria").
var negationEnds = [][]string{
	{"due", "to"}, {"secondary", "to"}, {"caused", "by"}, {"cause", "of"}, {"source", "of"}, {"reason", "for"},
	{"at", "present"}, {"and", "a"}, {"and", "an"}, {"with", "a", "history", "of"}, {"with", "history", "of"},
	{"with", "a", "past", "history", "of"},
}

// withoutEnds is where the scope of "without" ends besides: "with" turns
// from what is absent to what is there ("without bleeding, with
// respiratory failure"). After "no" it does not ("denies chest pain with
// exertion, palpitations or syncope").
var withoutEnds = map[string]bool{"with": true}

// strongTerminators end any scope, a family member's included.
var strongTerminators = map[string]bool{"but": true, "however": true, "although": true, "though": true,
	"except": true, "yet": true, "whereas": true, "while": true}

// auxiliaries sit between a finding and a cue after it.
var auxiliaries = map[string]bool{"was": true, "were": true, "is": true, "are": true, "has": true, "have": true,
	"been": true, "be": true, "being": true, "had": true}

// maxScope is how many words a cue governs at most.
const (
	maxAfter = 12
	// maxListAfter is how far "negative for" reads its list.
	maxListAfter = 40
	maxBefore    = 6
)

// asserted is the assertion of each word of a sentence and the cue that
// set it.
type asserted struct {
	kind  []Assertion
	cue   []string
	isCue []bool // the word is part of a cue
}

// assertSentence reads the cues of one sentence. sec is its section: in a
// family history section every mention is family history.
func assertSentence(toks []token, sec Section) asserted {
	a := asserted{kind: make([]Assertion, len(toks)), cue: make([]string, len(toks)), isCue: make([]bool, len(toks))}
	for i := range a.kind {
		a.kind[i] = Present
		switch sec {
		case FamilyHistory:
			a.kind[i], a.cue[i] = Family, "family history"
		case SurgicalHistory:
			a.kind[i], a.cue[i] = History, "surgical history"
		}
	}
	set := func(i int, kind Assertion, cue string) {
		if kind.rank() > a.kind[i].rank() {
			a.kind[i], a.cue[i] = kind, cue
		} else if kind == History && a.kind[i] == History && datingCues[a.cue[i]] && !datingCues[cue] {
			// "History of asthma, resolved": the cue that ends the
			// condition is the one that tells (lifelongAsPresent).
			a.cue[i] = cue
		}
	}
	for i := 0; i < len(toks); {
		if n := max(matchAny(toks, i, notCues), reporterAt(toks, i)); n > 0 {
			i += n
			continue
		}
		if receptorStatusAt(toks, i) {
			i += 2
			continue
		}
		if i > 0 && duration(toks[i-1].raw) && matchWords(toks, i, historyOf) {
			// "A 3-day history of cough": how long the complaint has
			// lasted, not a past condition.
			i += len(historyOf)
			continue
		}
		var c *cue
		for k := range cues {
			if matchWords(toks, i, cues[k].words) && !(cues[k].dir == after && cues[k].words[0] == "neg" && len(cues[k].words) == 1 && i > 0 && toks[i-1].punct != ':') {
				c = &cues[k] // a bare "neg" reads forward only first after a label: "Extremities: neg edema"; else back: "Flu neg, diagnosed with strep"
				break
			}
		}
		if c == nil {
			i++
			continue
		}
		n := len(c.words)
		text := strings.Join(c.words, " ")
		for k := i; k < i+n; k++ {
			set(k, c.kind, text)
			a.isCue[k] = true
		}
		stops := terminators
		if c.kind == Family {
			// "Father has diabetes": the relative is the subject.
			stops = strongTerminators
		}
		if c.dir&after != 0 {
			limit := maxAfter
			if text == "negative for" || text == "neg for" {
				// A review of systems' list runs to its sentence's end
				// ("Negative for abdominal distention, abdominal pain,
				// anal bleeding, blood in stool, constipation, diarrhea,
				// nausea, rectal pain and vomiting").
				limit = maxListAfter
			}
			for k, m := i+n, 0; k < len(toks) && m < limit; k, m = k+1, m+1 {
				if stops[toks[k].raw] || c.kind == Negated && (matchAny(toks, k, negationEnds) > 0 ||
					(c.words[0] == "without" || c.words[0] == "w/o") && withoutEnds[toks[k].raw]) {
					break
				}
				if (c.words[0] == "without" || c.words[0] == "w/o") && k > i+n && k+1 < len(toks) && (toks[k+1].raw == "without" || toks[k+1].raw == "w/o") {
					// "nausea without vomiting and chills without fever":
					// what has its own "without" is there.
					break
				}
				if toks[k].punct == ':' && k+1 < len(toks) || c.words[0] == preNegMark && isMark(toks[k]) {
					break // the next label ("Diabetes: no Hypertension: yes"), or the next mark's word ("(-) fever (-) chills")
				}
				set(k, c.kind, text)
				if c.words[0] == preNegMark && toks[k].punct != 0 {
					break // "(-) fever, cough": the one word marked
				}
				if p := toks[k].punct; p == ';' || p == ':' || p == ')' || p == '(' {
					break
				}
			}
		}
		if c.dir&before != 0 {
			k := i - 1
			for k >= 0 && auxiliaries[toks[k].raw] {
				k-- // "was ruled out", "has been excluded"
			}
			if c.kind == Negated && k >= 0 && toks[k].punct == ')' {
				// "Serology (Borrelia, Brucella, rubella, ..., mumps)
				// negative": the cue reads the whole list in the
				// parentheses, and the word they follow.
				if open := openParen(toks, k); open >= 0 {
					for ; k > open; k-- {
						set(k, c.kind, text)
					}
				}
			}
			test := false // a test's name read: "flu test negative"
			for m := 0; k >= 0 && m < maxBefore; k, m = k-1, m+1 {
				if stops[toks[k].raw] || toks[k].punct == ';' || toks[k].punct == ':' || (toks[k].punct == ',' && (c.kind == Uncertain || c.kind == Family) && k != i-1) ||
					c.words[0] == postNegMark && (isMark(toks[k]) || toks[k].punct != 0 && k != i-1) {
					break // a mark after its word reads that word only: "cough (+), fever (-)"
				}
				if toks[k].punct == ',' && test && !(tested(toks[k]) && !(k > 0 && toks[k-1].raw == "positive")) {
					// "Cough for 3 days, flu test negative": the result is
					// the test's, named after the comma; a list of what was
					// tested runs on across its commas ("HIV, syphilis test
					// negative", "HIV, HBV and HCV negative", "CT chest,
					// abdomen, pelvis negative"), not past one with a
					// result of its own ("positive PPD, chest x-ray
					// negative").
					break
				}
				set(k, c.kind, text)
				test = test || c.kind == Negated && (testNames[toks[k].raw] || tested(toks[k]))
			}
		}
		i += n
	}
	labelAnswers(toks, sec, set)
	return a
}

// labelAnswers reads the "Label: answer" lines of a templated note (a
// review of systems, a screening, a result, a social history), where the
// answer after the colon is what a cue before the label would have said:
// "Cough: no", "Chest pain: denies", "COVID-19: not detected", "Pain:
// 0/10", "Fall risk: low" negate the label, and "Tobacco use: former
// smoker, quit 2010" puts a habit in the past. The answer is the whole of
// it (its clause ends there, or the next label starts: "Fever: N Chills:
// N"), but for a habit's, which may say more ("never smoker"): "Diabetes:
// no hypoglycemia" assesses a problem, and answers nothing. A label is its
// last three words; a study's ("Renal ultrasound: normal") was done, and
// its answer is its result.
func labelAnswers(toks []token, sec Section, set func(int, Assertion, string)) {
	// Right to left, so that a label whose answer is another label's
	// ("Tobacco Use: Smoking status: Former Smoker") takes that one's.
	innerLo, innerKind, innerCue := -1, Present, ""
	for k := len(toks) - 1; k >= 0; k-- {
		t := toks[k]
		if t.punct != ':' || k+1 >= len(toks) {
			continue
		}
		lo := k
		for lo > 0 && k-lo < 3 && toks[lo-1].punct == 0 && !labelNo[toks[lo-1].raw] && !habitPast[toks[lo-1].raw] && toks[lo-1].raw != "yes" && toks[lo-1].raw != "y" {
			lo-- // "Tobacco use", "Fall risk"; not the last grid item's answer ("Fever: N Chills: N")
		}
		label := toks[lo : k+1]
		if slices.ContainsFunc(label, func(t token) bool { return studyWords[strings.TrimRight(t.raw, ",;:")] }) {
			continue // "Renal ultrasound: normal": the study was done, and found nothing
		}
		habit := slices.ContainsFunc(label, func(t token) bool {
			return slices.ContainsFunc(strings.Split(strings.TrimRight(t.raw, ",;:"), "/"), func(w string) bool { return habitLabels[w] })
		}) // "Tobacco/alcohol/drugs: denies" is read by its parts
		j := k + 1
		if ticked, at := tickedAnswer(toks, j); ticked != "" {
			j = at // "Chest pain: [ ] yes [x] no": the ticked box's answer
		}
		answer := toks[j].raw
		var kind Assertion
		switch {
		case normalAnswers[answer] && sec == Assessment:
			// "Hypothyroidism: normal" assesses a problem (its labs are
			// normal on treatment): the problem stays.
			innerLo, innerKind = lo, Present
			continue
		case labelNo[answer] || habit && habitNo[answer] || answer == "0" || answer == "0/10" || answer == "zero":
			kind = Negated
		case answer == "not" && j+1 < len(toks) && notAnswers[toks[j+1].raw]:
			kind, j = Negated, j+1 // "not detected", "not on file", "not currently"
		case (answer == "low" || answer == "minimal") && slices.ContainsFunc(label, func(t token) bool { return t.raw == "risk" }):
			kind = Negated // "Fall risk: low", "Fall risk: low risk"
			if j+1 < len(toks) && toks[j].punct == 0 && toks[j+1].raw == "risk" {
				j++
			}
		case habit && habitPast[answer]:
			kind = History
		case innerLo == k+1 && innerKind != Present:
			kind, answer, j = innerKind, innerCue, k // the inner label's answer
		default:
			innerLo, innerKind = lo, Present
			continue
		}
		if !habit && !wholeAnswer(toks, j) && !saysLabel(toks, label, j) && innerLo != k+1 {
			innerLo, innerKind = lo, Present
			continue
		}
		for m := lo; m <= k; m++ {
			set(m, kind, answer)
		}
		innerLo, innerKind, innerCue = lo, kind, answer
	}
}

// tickedAnswer returns the answer a label's boxes tick, and where it is
// said, when its answers are boxes: "[ ] yes [x] no" (a box before its
// word) or "yes [ ] no [x]" (after it); "" when they are not.
func tickedAnswer(toks []token, j int) (string, int) {
	hi := min(len(toks), j+5)
	before := !slices.ContainsFunc(toks[j:hi], func(t token) bool { return t.raw == postNegMark }) // the line's boxes go before their words
	for m := j; m < hi; m++ {
		if toks[m].raw != posMark {
			continue
		}
		after := m+1 < len(toks) && yesNo[toks[m+1].raw]
		prev := m > j && yesNo[toks[m-1].raw]
		switch {
		case after && (before || !prev):
			return toks[m+1].raw, m + 1 // "[x] no"
		case prev:
			return toks[m-1].raw, m - 1 // "no [x]"
		}
	}
	return "", -1
}

var yesNo = rawSet("yes no y n")

// saysLabel reports an answer at toks[j] whose clause goes on only with
// the label's words: "Pain assessment: no pain", "Edema: none noted".
func saysLabel(toks []token, label []token, j int) bool {
	for m := j + 1; m < len(toks); m++ {
		w := strings.TrimRight(toks[m].raw, ",;:")
		if !slices.ContainsFunc(label, func(t token) bool { return strings.TrimRight(t.raw, ",;:") == w }) && w != "noted" && w != "reported" {
			return false
		}
		if toks[m].punct != 0 {
			return true
		}
	}
	return true
}

// studyWords name an imaging study or a tracing, which a label's answer
// gives the result of.
var studyWords = rawSet("x-ray xray x-rays cxr ct mri ultrasound ultrasonography sonogram echo echocardiogram ekg ecg scan imaging angiogram angiography radiograph mammogram doppler")

// wholeAnswer reports an answer that ends at toks[j]: its clause ends, or
// another label starts within the next three words.
func wholeAnswer(toks []token, j int) bool {
	if j == len(toks)-1 || toks[j].punct != 0 {
		return true
	}
	for m := j + 1; m < min(len(toks), j+4); m++ {
		if toks[m].punct == ':' {
			return true
		}
		if toks[m].punct != 0 {
			return false
		}
	}
	return false
}

// habitLabels are the words of a social history's label for a habit;
// labelNo the answers that say a label is not so, habitNo and habitPast
// the first words of a habit's answer that it is not, or no longer, the
// patient's; notAnswers the words after "not" that answer no.
var (
	habitLabels = rawSet(`tobacco smoking smoke smoker smokes cigarette cigarettes cigar cigars alcohol etoh drinking drinks drug drugs
		illicit substance substances marijuana cannabis vaping vape e-cigarette e-cigarettes smokeless chew chewing recreational ivdu opioid opioids`)
	labelNo    = rawSet("no none denies denied negative neg absent n nonreactive non-reactive normal nl wnl unremarkable never immune")
	habitNo    = rawSet("nonsmoker non-smoker nondrinker non-drinker")
	habitPast  = rawSet("former formerly quit ex-smoker remote past previous previously prior stopped")
	notAnswers = rawSet("detected present seen found done on currently applicable")
	// normalAnswers say a label's finding is as it should be: in an
	// assessment, of a problem being treated.
	normalAnswers = rawSet("normal nl wnl unremarkable")
)

var historyOf = []string{"history", "of"}

// tested reports a word a test is for, which a list of them names before
// its test's word ("HIV, syphilis test negative", "flu, COVID PCR
// negative"): an infection or a marker tested for, not a complaint.
func tested(t token) bool {
	return testedFor[strings.TrimRight(t.raw, ",;:")]
}

var testedFor = rawSet(`hiv syphilis rpr vdrl gonorrhea gc chlamydia ct trichomonas trich hsv herpes hpv flu influenza covid
	covid-19 covid19 sars-cov-2 rsv strep streptococcus mono monospot ebv cmv lyme hepatitis hep hbv hcv hav hbsag a b c
	a/b tb ppd tuberculosis quantiferon hcg upt pregnancy troponin d-dimer bnp lipase ua urine blood stool c.diff diff
	pertussis measles mumps rubella varicella zika dengue malaria giardia salmonella shigella norovirus rotavirus`)

// testNames are the words that name one test, whose result a "negative"
// after them gives. Not a plural: "hepatitis B, hepatitis C, HIV tests
// negative" lists what the tests were for.
var testNames = rawSet("test testing screen swab culture panel pcr antigen rapid x-ray xray cxr ct mri ultrasound ua urinalysis ekg ecg")

// maxParenthesis is how many words a parenthesized list a cue reads whole
// may hold.
const maxParenthesis = 30

// openParen returns the word that opens the parentheses the word at k
// closes (the one followed by "("), or -1 when there is none near.
func openParen(toks []token, k int) int {
	for j := k - 1; j >= 0 && k-j <= maxParenthesis; j-- {
		switch toks[j].punct {
		case '(':
			return j
		case ')', ';', ':':
			return -1
		}
	}
	return -1
}

// durationUnits are what a length of time is counted in.
var durationUnits = map[string]bool{"hour": true, "hours": true, "day": true, "days": true, "week": true, "weeks": true,
	"month": true, "months": true, "year": true, "years": true, "hr": true, "wk": true, "mo": true, "yr": true}

// duration reports a word that gives how long something has lasted:
// "3-day", "72-hour", "two-week", "months", "long-standing".
func duration(w string) bool {
	if durationUnits[w] || w == "long" || w == "longstanding" || w == "long-standing" || w == "lengthy" || w == "prolonged" {
		return true
	}
	if i := strings.LastIndexByte(w, '-'); i > 0 {
		return durationUnits[w[i+1:]]
	}
	return false
}

func matchWords(toks []token, i int, words []string) bool {
	if i+len(words) > len(toks) {
		return false
	}
	for k, w := range words {
		if toks[i+k].raw != w {
			return false
		}
		// A cue does not run across a comma or semicolon ("no, ...").
		if k < len(words)-1 && toks[i+k].punct != 0 {
			return false
		}
	}
	return true
}

func matchAny(toks []token, i int, list [][]string) int {
	for _, w := range list {
		if matchWords(toks, i, w) {
			return len(w)
		}
	}
	return 0
}

// AssertionOf reads the assertion of the words text[start:end] in text,
// one or more sentences, as the engine does for a mention there: the
// assertion of the first word in the span, and the cue that set it.
func AssertionOf(text string, start, end int) (Assertion, string) {
	sents, _ := segment(1, text, NoSection, nil)
	for _, s := range sents {
		if i := tokenAt(s.toks, start); i >= 0 && s.toks[i].start < end {
			a := assertSentence(s.toks, s.sec)
			return a.kind[i], a.cue[i]
		}
	}
	return Present, ""
}

// lifelong are the ICD-10-CM categories (and codes) of conditions that,
// once diagnosed, last: hypertension, diabetes, COPD, chronic kidney
// disease, heart failure, chronic ischemic heart disease, atrial
// fibrillation, hyperlipidemia, hypothyroidism, asthma, dementia,
// Parkinson's disease, multiple sclerosis, epilepsy, HIV disease,
// rheumatoid arthritis, osteoarthritis, gout, obesity, sickle-cell
// disease, inflammatory bowel disease, psoriasis, glaucoma, cirrhosis,
// chronic viral hepatitis, schizophrenia, bipolar disorder, benign
// prostatic hyperplasia; and the inherited or lifelong conditions a
// "history of" only dates: thalassemia, hereditary anemias and
// hemophilias, cystic fibrosis, autism, intellectual disabilities,
// cerebral palsy, Down syndrome, lupus, ankylosing spondylitis, celiac
// disease, muscular dystrophy, ALS.
var lifelong = strings.Fields(`I10 I11 I12 I13 I15 I16 E08 E09 E10 E11 E13 J44 J45 N18 I50 I25 I48 E78 E03
	F01 F02 F03 G30 G20 G35 G40 B20 M05 M06 M15 M16 M17 M18 M19 M10 M1A E66 D57 K50 K51 L40 H40 K70.3 K74
	B18 F20 F31 N40 D56 D58 D66 D67 E84 F84 F70 F71 F72 F73 F78 F79 G80 Q90 M32 M45 K90.0 G71.0 G12.21`)

// datingCues are the history cues that date a diagnosis rather than end
// it ("history of", "h/o"), unlike "resolved", "former", "s/p" or "ago".
var datingCues = map[string]bool{"history of": true, "hx of": true, "h/o": true, "hx": true, "personal history of": true}

// isLifelong reports a canonical code of a lifelong condition.
func isLifelong(code string) bool {
	return slices.ContainsFunc(lifelong, func(p string) bool { return strings.HasPrefix(code, strings.ReplaceAll(p, ".", "")) })
}

// lifelongAsPresent reads a "history of" a lifelong condition as the
// condition: "a history of hypertension and type 2 diabetes" describes a
// patient who has both, whose care they affect (§III: conditions that
// coexist and affect care are coded), and no personal-history Z code
// exists for them. A condition the note ends ("resolved", "former",
// "5 years ago") stays past.
func lifelongAsPresent(ms []mention) {
	for i := range ms {
		m := &ms[i]
		if m.sys != app.ICD10CM || m.assertion != History || !datingCues[m.cue] {
			continue
		}
		if isLifelong(m.code) {
			m.assertion = Present
			m.rule = fmt.Sprintf("a lasting condition: %q dates its diagnosis", m.cue)
		}
	}
}
