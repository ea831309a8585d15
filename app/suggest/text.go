package suggest

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/codebench/codebench/app/terminology/search"
)

// Section is the part of a note a mention sits in; it weighs the mention.
type Section uint8

// Note sections, recognised from their headings.
const (
	NoSection Section = iota
	ChiefComplaint
	PresentIllness
	PastHistory
	Medications
	Allergies
	FamilyHistory
	SocialHistory
	ReviewOfSystems
	Examination
	Results
	HospitalCourse
	Assessment
	Procedures
	// SurgicalHistory lists past operations: what they treated is past
	// ("cataract surgery", "hernia repair 2010").
	SurgicalHistory
)

// weight is how much a mention in the section counts: what the provider
// concludes (assessment and plan, discharge diagnoses) outranks what the
// patient reported or the review of systems.
var weight = [...]float64{
	NoSection:       0.7,
	ChiefComplaint:  0.75,
	PresentIllness:  0.6,
	PastHistory:     0.6,
	Medications:     0.5,
	Allergies:       0,
	FamilyHistory:   0.5,
	SocialHistory:   0.6,
	ReviewOfSystems: 0.3,
	Examination:     0.45,
	Results:         0.5,
	HospitalCourse:  0.7,
	Assessment:      1,
	Procedures:      1,
	SurgicalHistory: 0.6,
}

// headings maps a heading's words to its section. Longer headings are
// tried first, so "family history" wins over "history".
var headings = []struct {
	words string
	sec   Section
}{
	{"history of present illness", PresentIllness}, {"history of the present illness", PresentIllness},
	{"past medical history", PastHistory}, {"past surgical history", SurgicalHistory}, {"past history", PastHistory},
	{"medical history", PastHistory}, {"cardiac history", PastHistory}, {"cardiovascular history", PastHistory},
	{"oncologic history", PastHistory}, {"oncology history", PastHistory}, {"psychiatric history", PastHistory}, {"surgical history", SurgicalHistory}, {"pmh", PastHistory}, {"psh", SurgicalHistory},
	{"family history", FamilyHistory}, {"fh", FamilyHistory}, {"social history", SocialHistory}, {"sh", SocialHistory}, {"social", SocialHistory},
	{"chief complaint", ChiefComplaint}, {"reason for visit", ChiefComplaint}, {"reason for admission", ChiefComplaint}, {"cc", ChiefComplaint},
	{"present illness", PresentIllness}, {"hpi", PresentIllness}, {"interval history", PresentIllness}, {"subjective", PresentIllness},
	{"current medications", Medications}, {"home medications", Medications}, {"discharge medications", Medications},
	{"medications", Medications}, {"meds", Medications}, {"allergies", Allergies},
	{"review of systems", ReviewOfSystems}, {"ros", ReviewOfSystems},
	{"physical examination", Examination}, {"physical exam", Examination}, {"examination", Examination}, {"exam", Examination},
	{"vital signs", Examination}, {"vitals", Examination}, {"objective", Examination},
	{"results", Results}, {"labs", Results}, {"laboratory", Results}, {"imaging", Results}, {"studies", Results}, {"data", Results},
	{"hospital course", HospitalCourse}, {"ed course", HospitalCourse}, {"course", HospitalCourse},
	{"assessment and plan", Assessment}, {"assessment/plan", Assessment}, {"a/p", Assessment}, {"assessment", Assessment},
	{"assessment & plan", Assessment}, {"a&p", Assessment}, {"impression and plan", Assessment}, {"impression/plan", Assessment},
	{"impression", Assessment}, {"plan", Assessment}, {"discharge diagnoses", Assessment}, {"discharge diagnosis", Assessment},
	{"final diagnoses", Assessment}, {"final diagnosis", Assessment}, {"principal diagnosis", Assessment},
	{"secondary diagnoses", Assessment}, {"diagnoses", Assessment}, {"diagnosis", Assessment}, {"problem list", Assessment},
	{"procedures performed", Procedures}, {"procedures", Procedures}, {"procedure", Procedures}, {"operation", Procedures},
	{"operations", Procedures}, {"procedure note", Procedures}, {"injection", Procedures}, {"injections", Procedures},
	// What was given at the visit: its drugs' HCPCS codes.
	{"medications administered", Procedures}, {"medications given", Procedures}, {"meds given", Procedures},
	{"meds administered", Procedures}, {"treatment given", Procedures}, {"treatments given", Procedures},
	{"emergency department course", HospitalCourse}, {"er course", HospitalCourse},
}

// planHeadings are the headings of the plan alone (section Assessment).
var planHeadings = map[string]bool{"plan": true, "plan of care": true, "recommendations": true, "recommendation": true}

// headingLike reports a line that starts as a heading does, a few words
// and a colon ("Impression/Plan:", "Disposition:"), known or not.
func headingLike(line string) bool {
	colon := strings.IndexByte(line, ':')
	if colon <= 0 || colon > 40 {
		return false
	}
	for _, r := range line[:colon] {
		if !unicode.IsLetter(r) && !strings.ContainsRune(" &/#*-\t", r) {
			return false
		}
	}
	return true
}

// heading reports whether a line starts with a section heading ("HPI:",
// "Assessment and plan:", "PAST HISTORY:") and returns the section and the
// byte offset where the section's text on that line begins.
func heading(line string) (Section, int, bool) {
	colon := strings.IndexByte(line, ':')
	if colon <= 0 || colon > 40 {
		return 0, 0, false
	}
	h := strings.ToLower(strings.TrimSpace(line[:colon]))
	h = strings.Trim(h, "#*- \t")
	for _, c := range headings {
		if h == c.words {
			return c.sec, colon + 1, true
		}
	}
	return 0, 0, false
}

// token is one word of a note, with where it is in the page's text.
type token struct {
	raw        string   // lower case, as written
	norms      []string // normalised as the search index does (a hyphenated word gives several)
	start, end int      // byte offsets in the page text
	punct      byte     // the punctuation right after it (',', ';', ':', '(' ...), 0 if none
}

// sentence is a run of tokens ended by a full stop, a question or
// exclamation mark, or a line break, within one section.
type sentence struct {
	page    int
	sec     Section
	toks    []token
	newline bool // a line of its own (a list item, a heading's text)
	// plan marks a sentence under a heading that is the plan alone
	// ("Plan:", "Recommendations:"), not the assessment with it: what it
	// names is to come.
	plan bool
}

// segment splits a page into sentences with their sections. A list number
// ("1.") and a decimal point are not sentence ends.
func segment(page int, text string, sec Section, out []sentence) ([]sentence, Section) {
	lineStart := 0
	plan := false
	for lineStart <= len(text) {
		nl := strings.IndexByte(text[lineStart:], '\n')
		lineEnd := len(text)
		if nl >= 0 {
			lineEnd = lineStart + nl
		}
		line := text[lineStart:lineEnd]
		from := lineStart
		if s, off, ok := heading(line); ok {
			sec = s
			from = lineStart + off
			plan = planHeadings[strings.Trim(strings.ToLower(strings.TrimSpace(line[:off-1])), "#*- \t")]
		} else {
			if headingLike(line) {
				plan = false // "Disposition:", after "Plan:"
			}
			if sec == SurgicalHistory && (strings.TrimSpace(line) == "" || headingLike(line)) {
				// The list of past operations ends at a blank line or at
				// a heading of any kind: what follows is not past.
				sec = NoSection
			}
		}
		n := len(out)
		out = splitSentences(page, text, from, lineEnd, sec, out)
		for k := n; k < len(out); k++ {
			out[k].plan = plan
		}
		if nl < 0 {
			break
		}
		lineStart = lineEnd + 1
	}
	return out, sec
}

func splitSentences(page int, text string, from, to int, sec Section, out []sentence) []sentence {
	cur := sentence{page: page, sec: sec, newline: true}
	flush := func() {
		if len(cur.toks) > 0 {
			out = append(out, cur)
		}
		cur = sentence{page: page, sec: sec}
	}
	i := from
	prefix := -1 // whether a "(-)" of this line goes before its word; -1 until one is met
	marks := 0   // how many marks the line has, counted when the first is met
	for i < to {
		c := text[i]
		if neg, n := markAt(text, c, i, to); n > 0 {
			// A template's "(-) fever", "cough (-)", "[ ] chills", "☐
			// cough": a cue of the word it marks (negMark); a ticked
			// box or "(+)" is no cue, and ends the one before it.
			if prefix < 0 {
				var before bool
				marks, before = lineMarks(text[from:to])
				prefix = 0
				if before {
					prefix = 1
				}
			}
			raw := posMark
			if neg {
				raw = postNegMark
				if prefix == 1 {
					raw = preNegMark
				}
			}
			if k := len(cur.toks) - 1; k >= 0 && cur.toks[k].punct == 0 && marks > 1 {
				// In a line of marks, one ends the item before it: "[ ]
				// fever [x] chills"; a mark alone does not ("Edema (+)
				// bilateral lower extremities").
				cur.toks[k].punct = ','
			}
			cur.toks = append(cur.toks, token{raw: raw, start: i, end: i + n})
			i += n
			continue
		}
		switch {
		case wordAt(text, i) > 0:
			j := i
			for j < to {
				if n := wordAt(text, j); n > 0 {
					j += n
					continue
				}
				if j+1 < to && wordAt(text, j+1) > 0 {
					if d := text[j]; d == '-' || d == '/' || d == '\'' ||
						d == '.' && j > i && isDigit(text[j-1]) && isDigit(text[j+1]) ||
						d == '.' && strings.EqualFold(text[i:j], "t-spot") { // the "T-SPOT.TB" test's name, not a full stop
						j++
						continue
					}
				}
				break
			}
			raw := strings.ToLower(text[i:j])
			norms := search.Words(raw)
			if n := len(cur.toks); raw == "a" && n > 0 && len(cur.toks[n-1].norms) > 0 &&
				search.IsLetterA(cur.toks[n-1].norms[len(cur.toks[n-1].norms)-1], text[j:]) {
				norms = []string{search.LetterA} // "hepatitis A": the letter, not the article
			}
			cur.toks = append(cur.toks, token{raw: raw, norms: norms, start: i, end: j})
			i = j
		case c == '.' || c == '!' || c == '?':
			// "1." at the start of a line is a list number.
			if c == '.' && len(cur.toks) == 1 && isNumber(cur.toks[0].raw) {
				cur.toks = cur.toks[:0]
				i++
				continue
			}
			if c == '.' && genusInitial(text, cur.toks, i, to) {
				// "E. coli", "S. aureus": a genus's initial, not the
				// sentence's end.
				i++
				continue
			}
			flush()
			i++
		case c == '-' && i > from && i+1 < to && text[i-1] == ' ' && text[i+1] == ' ' && len(cur.toks) > 0 && cur.toks[len(cur.toks)-1].punct == 0 && dashAnswer(text[i+1:to]):
			// "Fever - no; Chills - no", "Rash - denies": a template's
			// label and its answer, as after a colon; not a problem's
			// qualifiers ("COPD - exacerbation", "Knee pain - right"),
			// nor a range ("400 - 600 mg").
			cur.toks[len(cur.toks)-1].punct = ':'
			i++
		case c == ',' || c == ';' || c == ':' || c == '(' || c == ')' || c == '[' || c == ']':
			if n := len(cur.toks); n > 0 {
				cur.toks[n-1].punct = c
			}
			i++
		default:
			i++
		}
	}
	flush()
	return out
}

// preNegMark and postNegMark are the words a template's negative mark
// reads as: before its word ("(-) fever", "[ ] chills") or after it
// ("fever (-)").
// posMark is a ticked box's or a "(+)".
const (
	preNegMark  = "(-)>"
	postNegMark = "<(-)"
	posMark     = "(+)"
)

// isMark reports a template's mark read as a word.
func isMark(t token) bool {
	return t.raw == preNegMark || t.raw == postNegMark || t.raw == posMark
}

// markAt is checkMark at text[i], c, when c can start a mark.
func markAt(text string, c byte, i, to int) (bool, int) {
	if c != '(' && c != '[' && c != 0xE2 {
		return false, 0
	}
	return checkMark(text, i, to)
}

// checkMark reports a template's mark at text[i:to]: "(-)", "[ ]", "[]",
// "( )", "(N)", "☐" (neg) or "(+)", "[x]", "(x)", "(Y)", "☑", "☒", and
// its length; 0 when there is none.
func checkMark(text string, i, to int) (neg bool, n int) {
	rest := text[i:to]
	for _, m := range [...]string{"(-)", "[ ]", "[]", "( )", "(N)", "(n)", "\u2610"} {
		if strings.HasPrefix(rest, m) {
			return true, len(m)
		}
	}
	for _, m := range [...]string{"(+)", "[x]", "[X]", "(x)", "(X)", "(Y)", "(y)", "\u2611", "\u2612"} {
		if strings.HasPrefix(rest, m) {
			return false, len(m)
		}
	}
	return false, 0
}

// dashAnswer reports a template's answer after " - ": a word that answers
// a label (labelNo, "yes", "y"), alone in its clause ("Fever - no;").
func dashAnswer(rest string) bool {
	rest = strings.TrimLeft(rest, " ")
	end := strings.IndexFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) && r != '/' })
	if end < 0 {
		end = len(rest)
	}
	w := strings.ToLower(rest[:end])
	if !labelNo[w] && w != "yes" && w != "y" {
		return false
	}
	after := strings.TrimLeft(rest[end:], " ")
	return after == "" || strings.ContainsRune(",;.", rune(after[0])) || unicode.IsUpper(rune(after[0]))
}

// lineMarks counts a line's marks (checkMark) and reports whether they
// go before their words ("(-) fever (-) chills", "[x] cough [ ] fever")
// rather than after them ("Fever (-), cough (+)", "Cough [x] Fever [ ]
// Headache [x]"): its last mark has a word after it.
func lineMarks(line string) (n int, before bool) {
	last := -1
	for i := 0; i < len(line); i++ {
		if _, k := checkMark(line, i, len(line)); k > 0 {
			n++
			last = i + k
			i += k - 1
		}
	}
	if last < 0 {
		return 0, false
	}
	after := strings.TrimLeft(line[last:], " \t")
	return n, after != "" && wordAt(after, 0) > 0
}

// wordAt is the length in bytes of the letter or digit at text[i], 0 if
// there is none.
func wordAt(text string, i int) int {
	c := text[i]
	if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
		return 1
	}
	if c < 0x80 {
		return 0
	}
	r, n := utf8.DecodeRuneInString(text[i:])
	if unicode.IsLetter(r) {
		return n
	}
	return 0
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// containsFold reports whether s holds lower, a lower-case ASCII string,
// in any case of its letters: strings.Contains(strings.ToLower(s), lower)
// without the copy, for the titles read note after note.
func containsFold(s, lower string) bool {
	for i := 0; i+len(lower) <= len(s); i++ {
		k := 0
		for k < len(lower) {
			c := s[i+k]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != lower[k] {
				break
			}
			k++
		}
		if k == len(lower) {
			return true
		}
	}
	return false
}

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) && s[i] != '.' {
			return false
		}
	}
	return true
}

// genusInitial reports a full stop at text[i] that follows a one-letter
// word and comes before the lower-case species that initial is a genus
// of: "E. coli", "S. aureus".
func genusInitial(text string, toks []token, i, to int) bool {
	n := len(toks)
	if n == 0 || len(toks[n-1].raw) != 1 || toks[n-1].end != i || !isLetter(toks[n-1].raw[0]) {
		return false
	}
	j := i + 1
	for j < to && text[j] == ' ' {
		j++
	}
	k := j
	for k < to && text[k] >= 'a' && text[k] <= 'z' {
		k++
	}
	// Only a genus and species the classification names: "hepatitis
	// c. chest pain" is two sentences.
	_, ok := genera[[2]string{toks[n-1].raw, text[j:k]}]
	return j > i+1 && k > j && (ok || toks[n-1].raw == "s" && text[j:k] == "pneumoniae")
}
