package edits

import (
	"regexp"
	"strings"
	"sync"
)

// Ref is one code reference inside a Tabular List note, such as "(E10.-)",
// "(E08-E13 with .42)" or "(T36-T50 with fifth or sixth character 5)". Lo
// and Hi are canonical code prefixes (upper case, no dot, no dash); a single
// code or category has Hi == Lo, and a trailing "-" in the note ("the whole
// category or subcategory") is what a prefix means.
type Ref struct {
	Lo, Hi string
	Text   string // the reference as written in the note
	q      qualifier
}

// Match reports whether the assigned code (canonical) falls under the
// reference: within the prefix range and meeting its "with" qualifier.
func (r Ref) Match(code string) bool {
	if r.Lo == "" || r.q.kind == qualUnknown {
		return false
	}
	if comparePrefix(code, r.Lo) < 0 || comparePrefix(code, r.Hi) > 0 {
		return false
	}
	return r.q.match(code)
}

// comparePrefix compares code, cut to the length of p, with p; codes are
// ordered as the Tabular List orders them (0-9 before A-Z, as in ASCII).
func comparePrefix(code, p string) int {
	if len(code) > len(p) {
		code = code[:len(p)]
	}
	return strings.Compare(code, p)
}

const (
	qualNone      = iota
	qualAfterCat  // ".42", ".51-.52", ".62-": the characters after the category
	qualPositions // "fifth or sixth character 5", "5th character 1-4 or 6"
	qualSequence  // "fifth to sixth characters 51"
	qualSuffix    // "final characters -23"
	qualUnknown   // a qualifier we cannot read: never matches
)

type qualifier struct {
	kind   int
	lo, hi string // qualAfterCat range, or qualSequence/qualSuffix text in lo
	pos    []int  // 1-based character positions, any of which may carry chars
	chars  string // the characters allowed at pos
	start  int    // qualSequence start position
}

func (q qualifier) match(code string) bool {
	switch q.kind {
	case qualNone:
		return true
	case qualAfterCat:
		if len(code) <= 3 {
			return false
		}
		rest := code[3:]
		return comparePrefix(rest, q.lo) >= 0 && comparePrefix(rest, q.hi) <= 0
	case qualPositions:
		for _, p := range q.pos {
			if p <= len(code) && strings.IndexByte(q.chars, code[p-1]) >= 0 {
				return true
			}
		}
		return false
	case qualSequence:
		i := q.start - 1
		return len(code) >= i+len(q.lo) && code[i:i+len(q.lo)] == q.lo
	case qualSuffix:
		// The final characters before any 7th-character extension.
		c := code
		if len(c) > 6 {
			c = c[:6]
		}
		return strings.HasSuffix(c, q.lo)
	}
	return false
}

// codeToken is one ICD-10-CM code as the Tabular List writes it in notes:
// "E10.-", "O24.4-", "P70.2", "I69.", "D29.2.-", "E53-".
const codeToken = `[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{0,4})?(?:\.?-)?`

var (
	parenRe  = regexp.MustCompile(`\(([^()]*)\)`)
	itemRe   = regexp.MustCompile(`^(` + codeToken + `)(?:\s*(?:-|\bto\b)?\s*(` + codeToken + `))?(?:\s+with\s+(.*))?$`)
	bareRe   = regexp.MustCompile(`(?:^|[\s,])(` + codeToken + `)(?:(?:\s*(?:-|\bto\b)\s*)?(` + codeToken + `))?`)
	hasCode  = regexp.MustCompile(`[A-Z][0-9][0-9A-Z]`)
	ordinals = map[string]int{
		"fourth": 4, "4th": 4, "fifth": 5, "5th": 5, "sixth": 6, "six": 6, "6th": 6, "seventh": 7, "7th": 7,
	}
	afterCatRe = regexp.MustCompile(`^\.([0-9A-Z]+)-?(?:\s*-\s*\.([0-9A-Z]+)-?)?$`)
	suffixRe   = regexp.MustCompile(`(?i)^final characters? -?([0-9A-Z]+)$`)
	sequenceRe = regexp.MustCompile(`(?i)^(\w+) to (\w+) characters? ([0-9A-Z]+)$`)
	orRe       = regexp.MustCompile(`[ -]or[ -]`)
	positionRe = regexp.MustCompile(`(?i)^((?:\w+)(?:[ -]or[ -]\w+)*)[ -]characters? \.?([0-9A-Z](?:-[0-9A-Z])?(?: or [0-9A-Z](?:-[0-9A-Z])?)*)$`)
)

// ParseRefs extracts the code references from one note text. References in
// parentheses are the Tabular List's norm; a note without any ("injury to
// visual cortex S04.04-", "conditions classified to Q67.0-Q67.4") has its
// bare codes read instead. A reference whose "with" qualifier cannot be read
// is returned but never matches, so an unusual note gives no false finding.
func ParseRefs(text string) []Ref {
	if v, ok := parsed.Load(text); ok {
		return v.([]Ref)
	}
	refs := parseRefs(text)
	parsed.Store(text, refs)
	return refs
}

// parsed caches ParseRefs by note text: the Tabular List has some tens of
// thousands of distinct texts, and every check reads the same ones.
var parsed sync.Map

func parseRefs(text string) []Ref {
	var refs []Ref
	for _, m := range parenRe.FindAllStringSubmatch(text, -1) {
		inner := m[1]
		if !hasCode.MatchString(inner) {
			continue
		}
		for _, item := range strings.Split(inner, ",") {
			if r, ok := parseItem(strings.TrimSpace(item)); ok {
				refs = append(refs, r)
			}
		}
	}
	if len(refs) > 0 {
		return refs
	}
	// Bare codes: only when the note names no parenthesized code.
	rest := parenRe.ReplaceAllString(text, " ")
	locs := bareRe.FindAllStringSubmatchIndex(rest, -1)
	for _, l := range locs {
		lo := rest[l[2]:l[3]]
		hi := lo
		if l[4] >= 0 {
			hi = rest[l[4]:l[5]]
		}
		r := Ref{Lo: canonicalRef(lo), Hi: canonicalRef(hi), Text: strings.TrimSpace(rest[l[2]:l[1]])}
		refs = append(refs, r)
	}
	if len(locs) > 0 {
		// "see categories E08-E10, E11, E13 with ketoacidosis": a trailing
		// "with" narrows every code in a way we cannot check.
		if tail := rest[locs[len(locs)-1][1]:]; strings.HasPrefix(strings.TrimSpace(tail), "with ") {
			for i := range refs {
				refs[i].q.kind = qualUnknown
			}
		}
	}
	return refs
}

func parseItem(item string) (Ref, bool) {
	m := itemRe.FindStringSubmatch(item)
	if m == nil {
		return Ref{}, false
	}
	r := Ref{Lo: canonicalRef(m[1]), Text: item}
	r.Hi = r.Lo
	if m[2] != "" {
		r.Hi = canonicalRef(m[2])
	}
	r.q = parseQualifier(m[3])
	return r, true
}

var refCleaner = strings.NewReplacer(".", "", "-", "", " ", "")

func canonicalRef(s string) string {
	return refCleaner.Replace(strings.ToUpper(s))
}

func parseQualifier(s string) qualifier {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return qualifier{kind: qualNone}
	}
	up := func(x string) string { return strings.ToUpper(x) }
	if m := afterCatRe.FindStringSubmatch(up(s)); m != nil {
		q := qualifier{kind: qualAfterCat, lo: m[1], hi: m[1]}
		if m[2] != "" {
			q.hi = m[2]
		}
		return q
	}
	if m := suffixRe.FindStringSubmatch(s); m != nil {
		return qualifier{kind: qualSuffix, lo: up(m[1])}
	}
	if m := sequenceRe.FindStringSubmatch(s); m != nil {
		a, ok := ordinals[m[1]]
		if _, ok2 := ordinals[m[2]]; ok && ok2 {
			return qualifier{kind: qualSequence, start: a, lo: up(m[3])}
		}
	}
	if m := positionRe.FindStringSubmatch(s); m != nil {
		q := qualifier{kind: qualPositions}
		for _, w := range orRe.Split(m[1], -1) {
			p, ok := ordinals[w]
			if !ok {
				return qualifier{kind: qualUnknown}
			}
			q.pos = append(q.pos, p)
		}
		for _, alt := range strings.Split(up(m[2]), " OR ") {
			if len(alt) == 3 && alt[1] == '-' {
				for c := alt[0]; c <= alt[2]; c++ {
					q.chars += string(c)
				}
			} else {
				q.chars += alt
			}
		}
		return q
	}
	return qualifier{kind: qualUnknown}
}
