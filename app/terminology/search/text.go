package search

import "strings"

// token is one word of a title, index entry or query after normalising:
// lower case ASCII letters and digits, light plural stemming; the letter
// A where it names a kind is LetterA.
type token struct {
	text string
	raw  string // as written, lower case
	weak bool   // a nonessential modifier: may be present or absent
	// joined is the joined form of a hyphenated run ("xray"): another
	// spelling of words already counted.
	joined bool
}

// tokenize splits s into normalised words. Words in parentheses are marked
// weak when weakParens is set (the Alphabetic Index's nonessential
// modifiers); hyphenated words also yield their joined form ("x-ray" gives
// "x", "ray" and "xray").
func tokenize(s string, weakParens bool, out []token) []token {
	eachToken(s, weakParens, func(t token) { out = append(out, t) })
	return out
}

// eachToken calls emit with each token of s, as tokenize lists them. A
// word written in s as it is normalised (lower case, nothing folded or
// dropped) is a piece of s rather than a copy: most words of a title, an
// index path or a note are.
func eachToken(s string, weakParens bool, emit func(token)) {
	depth := 0
	var buf, jbuf [64]byte
	word := buf[:0]
	joined := jbuf[:0]         // letters of a hyphenated run
	start, verbatim := 0, true // where word starts in s; whether it is s[start:start+len(word)]
	hyph := false
	prev := "" // the last word's normalised text
	flush := func(endOfRun bool) {
		// The stem is the word or a part of it: one string serves both.
		if len(word) > 0 {
			var raw string
			if verbatim {
				raw = s[start : start+len(word)]
			} else {
				raw = string(word)
			}
			text := stem(raw)
			if raw == "a" && letterA(s, start, prev, weakParens) {
				text = LetterA
			}
			prev = text
			emit(token{text: text, raw: raw, weak: weakParens && depth > 0})
			joined = append(joined, word...)
			word = word[:0]
		}
		if endOfRun {
			if hyph && len(joined) > 0 {
				raw := string(joined)
				emit(token{text: stem(raw), raw: raw, weak: weakParens && depth > 0, joined: true})
			}
			joined = joined[:0]
			hyph = false
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			if len(word) == 0 {
				start, verbatim = i, true
			}
			word = append(word, c)
		case c >= 'A' && c <= 'Z':
			if len(word) == 0 {
				start = i
			}
			verbatim = false
			word = append(word, c+'a'-'A')
		case c == '\'' || c == 0x92: // apostrophes vanish: Alzheimer's → alzheimers → alzheimer
			verbatim = false
		case c >= 0x80:
			// UTF-8 letters with accents: fold the common Latin-1 ones,
			// otherwise treat as part of the word so nothing is lost.
			if r, n := foldUTF8(s[i:]); n > 0 {
				if len(word) == 0 {
					start = i
				}
				verbatim = false
				word = append(word, r)
				i += n - 1
			}
		case c == '-' && len(word) > 0 && i+1 < len(s) && isAlnum(s[i+1]):
			hyph = true
			flush(false)
		default:
			flush(true)
			switch c {
			case '(', '[':
				depth++
			case ')', ']':
				if depth > 0 {
					depth--
				}
			}
		}
	}
	flush(true)
}

// LetterA is the normalised word for the letter A where it names
// something: "hepatitis A", "vitamin A deficiency", "group A strep", the
// Index's "Influenza > A (non-novel)". The article "a" is a stop word,
// and the letter would be dropped with it ("hepatitis A" read as
// hepatitis, K75.9, not B15.9).
const LetterA = "a_"

// lettered are the words a letter A after them names a kind of:
// hepatitis A, influenza A, vitamin A, group A, type A, hemophilia A,
// paratyphoid A, Morquio A, coxsackie A.
var lettered = stems("hepatitis", "influenza", "flu", "vitamin", "hypervitaminosis", "type", "group",
	"strep", "streptococcus", "streptococcal", "hemophilia", "haemophilia", "paratyphoid", "paratyphi",
	"paratyphosus", "paratyphosum", "morquio", "coxsackie", "coxsackievirus")

// articleBefore are the words that make an "a" after one of lettered
// the article again: "flu a few days ago", "hepatitis a year ago".
var articleBefore = stems("few", "couple", "week", "day", "month", "year", "while", "lot", "little",
	"bit", "long", "short", "number", "total", "dose", "new")

// letterA reports whether the word "a" at s[i] is the letter A naming a
// kind: after one of lettered (and not before one of articleBefore), or
// alone as a level of an Index path, the level's only word but for what
// it puts in parentheses or after a comma or slash ("... > A (non-novel)",
// "A, as cause of disease classified elsewhere", "A/H5N1"): a level after
// " > " in a path, or in Index text the start of s (the index reads a
// path level by level). "Esotropia > A pattern" keeps the article, as
// the note's "with A pattern" reads it.
func letterA(s string, i int, prev string, index bool) bool {
	before := strings.TrimRight(s[:i], " ")
	after := strings.TrimLeft(s[i+1:], " ")
	if (strings.HasSuffix(before, ">") || index && before == "") && (after == "" || strings.ContainsRune("(,/>", rune(after[0]))) {
		return true
	}
	return IsLetterA(prev, after)
}

// IsLetterA reports whether a word "a" after the normalised word prev and
// before the text rest is the letter A naming a kind ("hepatitis A", but
// "the flu a few days ago"), for a caller that normalises a text word by
// word.
func IsLetterA(prev, rest string) bool {
	if !lettered[prev] {
		return false
	}
	next := strings.TrimLeft(rest, " ")
	if k := strings.IndexFunc(next, func(r rune) bool { return r >= 0x80 || !isAlnum(byte(r)) }); k >= 0 {
		next = next[:k]
	}
	return !articleBefore[stem(strings.ToLower(next))]
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// foldUTF8 maps a two-byte Latin-1 letter (é, ö, ç…) to its ASCII base.
func foldUTF8(s string) (byte, int) {
	if len(s) < 2 || s[0] != 0xC3 {
		return 0, 1
	}
	const from = "ÀÁÂÃÄÅàáâãäåÈÉÊËèéêëÌÍÎÏìíîïÒÓÔÕÖòóôõöÙÚÛÜùúûüÇçÑñ"
	const to = "aaaaaaaaaaaaeeeeeeeeiiiiiiiioooooooooouuuuuuuuccnn"
	r := s[:2]
	k := 0
	for i := 0; i < len(from); i += 2 {
		if from[i:i+2] == r {
			return to[k], 2
		}
		k++
	}
	return 0, 2
}

// stem removes plural endings so "arteries" meets "artery" and
// "fractures" meets "fracture". It is deliberately light: the Alphabetic
// Index already lists word variants ("Infarct, infarction").
func stem(w string) string {
	switch w {
	case "ii":
		return "2" // "type II", "stage II": as the current titles write them
	case "iii":
		return "3"
	}
	return suffixes(plural(w))
}

// suffixes folds the verb endings and a final e, so "sprained" meets
// "sprain", "vomiting" "vomit" and "displaced" "displace".
func suffixes(w string) string {
	n := len(w)
	switch {
	case n >= 6 && strings.HasSuffix(w, "ing") && hasVowel(w[:n-3]):
		w = undouble(w[:n-3])
	case n >= 6 && strings.HasSuffix(w, "ed") && w[n-3] != 'e' && hasVowel(w[:n-2]):
		w = undouble(w[:n-2])
	}
	if n := len(w); n >= 5 && w[n-1] == 'e' {
		w = w[:n-1]
	}
	return w
}

func hasVowel(w string) bool { return strings.ContainsAny(w, "aeiouy") }

// undouble drops a doubled final consonant ("scrubb" → "scrub") except l,
// s and z ("fall", "dress").
func undouble(w string) string {
	n := len(w)
	if n >= 4 && w[n-1] == w[n-2] && !strings.ContainsRune("aeiouylsz", rune(w[n-1])) {
		return w[:n-1]
	}
	return w
}

// irregular plurals read as their singular, as the Index writes most of
// them: "pain in both feet" is the foot's, "loose teeth" a tooth's,
// "renal calculi" a calculus. Not "ganglia": the basal ganglia are no
// ganglion cyst (Ganglion, M67.4-).
var irregular = map[string]string{
	"feet": "foot", "teeth": "tooth", "children": "child", "women": "woman",
	"vertebrae": "vertebra", "testes": "testis", "metastases": "metastasis", "calculi": "calculus",
	"bronchi": "bronchus", "phalanges": "phalanx", "diverticula": "diverticulum", "thrombi": "thrombus",
	"emboli": "embolus", "fungi": "fungus", "stenoses": "stenosis", "prostheses": "prosthesis",
	"anastomoses": "anastomosis", "varices": "varix", "appendices": "appendix",
}

func plural(w string) string {
	n := len(w)
	if n <= 3 {
		return w
	}
	if s, ok := irregular[w]; ok {
		return s
	}
	switch {
	case strings.HasSuffix(w, "ies") && n > 4:
		return w[:n-3] + "y"
	case strings.HasSuffix(w, "sses"):
		return w[:n-2]
	case strings.HasSuffix(w, "xes") || strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes"):
		return w[:n-2]
	case strings.HasSuffix(w, "ys") && strings.ContainsRune("aeo", rune(w[n-3])):
		return w[:n-1] // "kidneys", "x-rays", "delays"
	case strings.HasSuffix(w, "ss") || strings.HasSuffix(w, "us") || strings.HasSuffix(w, "is") ||
		strings.HasSuffix(w, "ys") || strings.HasSuffix(w, "as"):
		return w
	case w[n-1] == 's' && isLetter(w[n-2]):
		return w[:n-1]
	}
	return w
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' }

// stopWords carry no meaning for finding a code: function words and the
// filler of a clinical note ("patient presents with").
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an the of and or in on at to for by is was were be been being are as
		from this that these those it its his her he she they their them him we our you your i my me
		has had have having who which whom whose what when where while than then there here also
		patient pt pts presents presented presenting present year yr yo y o
		reports reported report states stated complains complaining complaint c/o noted notes today
		yesterday ago day days week weeks month months hour hours time
		mr mrs ms dr please seen see seeing diagnosed diagnosis dx w/ s/p
		would will can could should may might does did do done into onto over under
		very some any all about after before during due`) {
		stopWords[stem(w)] = true
	}
	// "with", "without", "other", "unspecified", "not", "no" stay: they
	// distinguish codes ("without complications").
}

// editDistance1 reports whether a and b differ by exactly one insertion,
// deletion, substitution or transposition of adjacent letters.
func editDistance1(a, b string) bool {
	la, lb := len(a), len(b)
	if la < lb {
		a, b, la, lb = b, a, lb, la
	}
	if la-lb > 1 || a == b {
		return false
	}
	i := 0
	for i < lb && a[i] == b[i] {
		i++
	}
	if la == lb {
		if a[i+1:] == b[i+1:] {
			return true // substitution
		}
		return i+1 < la && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	}
	return a[i+1:] == b[i:] // deletion from the longer
}

// fnv64 hashes s (FNV-1a) for the typo table.
func fnv64(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// deletes calls f with every string made by deleting one byte of w.
func deletes(w string, f func(string)) {
	buf := make([]byte, 0, len(w))
	for i := 0; i < len(w); i++ {
		if i > 0 && w[i] == w[i-1] {
			continue // same result as the previous deletion
		}
		buf = append(buf[:0], w[:i]...)
		buf = append(buf, w[i+1:]...)
		f(string(buf))
	}
}

// ageWords come before "old" in an age ("3 year old", "6 months old"),
// where "old" names nothing; elsewhere it does ("old myocardial
// infarction").
var ageWords = map[string]bool{"year": true, "yr": true, "month": true, "week": true, "day": true}
