package terminology

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// The ICD-10-CM Official Guidelines for Coding and Reporting, as CMS and
// NCHS publish them (a PDF per edition: October, and in some years April),
// kept as numbered sections: I.A.15, I.C.4.a.3, II.H, IV.H, Appendix I.
//
// Numbers follow the guidelines' own outline, one segment per level:
//
//	1  Section I … IV        "Section I."     → I
//	2  A, B, C …             "C."             → I.C
//	3  1, 2, 3 …             "4."             → I.C.4
//	4  a, b, c …             "a."             → I.C.4.a
//	5  1, 2, 3 …             "3)"             → I.C.4.a.3
//	6  a, b, c …             "(a)"            → I.C.4.a.6.a
//	7  i, ii, iii …          "(i)"            → I.C.4.a.6.a.i
//
// The table of contents at the front of each PDF lists levels 1 to 4; the
// parser finds each of its entries in the text, in order, and fails when
// one is missing, so the table of contents checks the parse. Levels 5 to 7
// are found in the text by their markers, each the next in its sequence.

// Guideline errors.
var (
	// ErrNoGuidelines means no edition of the Official Guidelines is loaded
	// for the fiscal year asked for.
	ErrNoGuidelines = errors.New("no ICD-10-CM Official Guidelines loaded for this fiscal year")
	// ErrNoGuidelineSection means the section cited is not in the year's
	// edition.
	ErrNoGuidelineSection = errors.New("section not in this edition of the Official Guidelines")
	// ErrNotGuidelineNumber means the text does not name a guideline section.
	ErrNotGuidelineNumber = errors.New("not a guideline section number: write it as in the guidelines, e.g. I.C.4.a.3, II.H, IV.H or Appendix I")
)

// GuidelineEdition is one published edition of the Official Guidelines.
type GuidelineEdition struct {
	Year      int    `json:"year"`      // fiscal year, e.g. 2026
	Effective string `json:"effective"` // YYYY-MM-DD the edition takes effect, e.g. 2025-10-01
	Pages     int    `json:"pages"`
	// Sections are in the order of the text, parents before children.
	Sections []*GuidelineSection `json:"sections"`

	byNumber map[string]*GuidelineSection
}

// GuidelineSection is one numbered section of the guidelines.
type GuidelineSection struct {
	Number  string `json:"number"` // e.g. "I.C.4.a.3"
	Heading string `json:"heading"`
	Level   int    `json:"level"` // 1 for Section I … IV and Appendix I
	Page    int    `json:"page"`  // page of the PDF the section starts on
	// Text is the section's own text, before its first subsection;
	// paragraphs are separated by a newline.
	Text string `json:"text"`
}

// Month is the edition's name: "October" or "April".
func (e *GuidelineEdition) Month() string {
	t, err := time.Parse(time.DateOnly, e.Effective)
	if err != nil {
		return ""
	}
	return t.Month().String()
}

// Label names the edition as a coder would: "FY2026, October 1, 2025".
func (e *GuidelineEdition) Label() string {
	t, err := time.Parse(time.DateOnly, e.Effective)
	if err != nil {
		return fmt.Sprintf("FY%d", e.Year)
	}
	return fmt.Sprintf("FY%d, %s", e.Year, t.Format("January 2, 2006"))
}

// Section returns the section with the given number (in any form
// NormalizeGuidelineNumber accepts), or nil.
func (e *GuidelineEdition) Section(number string) *GuidelineSection {
	n, err := NormalizeGuidelineNumber(number)
	if err != nil {
		return nil
	}
	if e.byNumber == nil {
		e.index()
	}
	return e.byNumber[n]
}

func (e *GuidelineEdition) index() {
	e.byNumber = make(map[string]*GuidelineSection, len(e.Sections))
	for _, s := range e.Sections {
		e.byNumber[s.Number] = s
	}
}

// Subsections returns the sections below number, in order (children,
// grandchildren …), without the section itself.
func (e *GuidelineEdition) Subsections(number string) []*GuidelineSection {
	var out []*GuidelineSection
	prefix := number + "."
	for _, s := range e.Sections {
		if strings.HasPrefix(s.Number, prefix) {
			out = append(out, s)
		}
	}
	return out
}

// FullText is the section with every subsection under it, each headed by
// its number and heading: what a coder reads when the section is cited.
func (e *GuidelineEdition) FullText(sec *GuidelineSection) string {
	var b strings.Builder
	b.WriteString(sec.Text)
	for _, s := range e.Subsections(sec.Number) {
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		fmt.Fprintf(&b, "%s %s", s.Number, s.Heading)
		if s.Text != "" {
			b.WriteString("\n")
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

// GuidelineHit is one section that matches a search.
type GuidelineHit struct {
	Number  string `json:"number"`
	Heading string `json:"heading"`
	Snippet string `json:"snippet"` // the words around the first match
	Score   int    `json:"-"`
}

// Search lists the sections whose heading or text holds every word of
// query (case-insensitive, words match at their start), best first: the
// heading matches count most, then how often the words occur.
func (e *GuidelineEdition) Search(query string) []GuidelineHit {
	words := strings.FieldsFunc(strings.ToLower(query), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(words) == 0 {
		return nil
	}
	var hits []GuidelineHit
	for _, s := range e.Sections {
		head, text := strings.ToLower(s.Heading), strings.ToLower(s.Text)
		score, first := 0, -1
		for _, w := range words {
			h, t := wordHits(head, w), wordHits(text, w)
			if len(h)+len(t) == 0 {
				score = -1
				break
			}
			score += 10*len(h) + len(t)
			if len(t) > 0 && (first < 0 || t[0] < first) {
				first = t[0]
			}
		}
		if score < 0 {
			continue
		}
		hits = append(hits, GuidelineHit{Number: s.Number, Heading: s.Heading, Snippet: snippet(s.Text, first), Score: score})
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Score > hits[j].Score })
	return hits
}

// wordHits is where w starts a word in s (both lower case).
func wordHits(s, w string) []int {
	var out []int
	for at := 0; ; {
		i := strings.Index(s[at:], w)
		if i < 0 {
			return out
		}
		i += at
		if i == 0 || !isWordByte(s[i-1]) {
			out = append(out, i)
		}
		at = i + len(w)
	}
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b >= 0x80
}

// snippet is about 120 bytes of text around byte offset at, on word
// boundaries; the start of the text when at < 0.
func snippet(text string, at int) string {
	const span = 120
	from := max(0, at-40)
	to := min(len(text), from+span)
	for from > 0 && from < len(text) && text[from-1] != ' ' && text[from-1] != '\n' {
		from--
	}
	for to < len(text) && text[to] != ' ' && text[to] != '\n' {
		to++
	}
	s := strings.Join(strings.Fields(text[from:to]), " ")
	if from > 0 {
		s = "…" + s
	}
	if to < len(text) {
		s += "…"
	}
	return s
}

// GuidelineYears lists the fiscal years with an edition loaded.
func (s *Set) GuidelineYears() []int {
	var out []int
	for _, e := range s.guidelines {
		if len(out) == 0 || out[len(out)-1] != e.Year {
			out = append(out, e.Year)
		}
	}
	return out
}

// GuidelineEditions lists every edition loaded, oldest first.
func (s *Set) GuidelineEditions() []*GuidelineEdition { return s.guidelines }

// GuidelinesFor returns the newest edition of fiscal year fy. When none is
// loaded the error wraps ErrNoGuidelines and says which years are.
func (s *Set) GuidelinesFor(fy int) (*GuidelineEdition, error) {
	var best *GuidelineEdition
	for _, e := range s.guidelines {
		if e.Year == fy {
			best = e
		}
	}
	if best == nil {
		return nil, s.noGuidelines(fy)
	}
	return best, nil
}

// GuidelinesOn returns the edition in effect on day d: the fiscal year of
// d, its April edition from April 1 and its October edition before.
func (s *Set) GuidelinesOn(d time.Time) (*GuidelineEdition, error) {
	fy := d.Year()
	if d.Month() >= time.October {
		fy++
	}
	day := d.Format(time.DateOnly)
	var best *GuidelineEdition
	for _, e := range s.guidelines {
		if e.Year == fy && (best == nil || e.Effective <= day) {
			best = e
		}
	}
	if best == nil {
		return nil, s.noGuidelines(fy)
	}
	return best, nil
}

func (s *Set) noGuidelines(fy int) error {
	ys := s.GuidelineYears()
	if len(ys) == 0 {
		return fmt.Errorf("%w: FY%d (no edition is loaded: rebuild the code sets with the guideline PDFs, or import them)", ErrNoGuidelines, fy)
	}
	names := make([]string, len(ys))
	for i, y := range ys {
		names[i] = "FY" + strconv.Itoa(y)
	}
	return fmt.Errorf("%w: FY%d (loaded: %s)", ErrNoGuidelines, fy, strings.Join(names, ", "))
}

// LookupGuideline finds a cited section in edition e. The error wraps
// ErrNotGuidelineNumber or ErrNoGuidelineSection and names the edition.
func (e *GuidelineEdition) LookupGuideline(cite string) (*GuidelineSection, error) {
	n, err := NormalizeGuidelineNumber(cite)
	if err != nil {
		return nil, err
	}
	if sec := e.Section(n); sec != nil {
		return sec, nil
	}
	return nil, fmt.Errorf("%w: %s is not in the %s edition", ErrNoGuidelineSection, n, e.Label())
}

// addGuidelines puts an edition in, replacing one with the same year and
// effective date, keeping the list oldest first.
func (s *Set) addGuidelines(e *GuidelineEdition) {
	for i, old := range s.guidelines {
		if old.Year == e.Year && old.Effective == e.Effective {
			s.guidelines[i] = e
			return
		}
	}
	s.guidelines = append(s.guidelines, e)
	sort.SliceStable(s.guidelines, func(i, j int) bool {
		a, b := s.guidelines[i], s.guidelines[j]
		if a.Year != b.Year {
			return a.Year < b.Year
		}
		return a.Effective < b.Effective
	})
}

// Citations and numbers.

var (
	citeRe = regexp.MustCompile(`(?:§\s*|\b[Ss]ection\s+)((?:IV|III|II|I)(?:\.[A-Za-z0-9]{1,4})*)|\bAppendix\s+I\b`)
	segRe  = []*regexp.Regexp{
		regexp.MustCompile(`^(IV|III|II|I)$`),
		regexp.MustCompile(`^[A-Z]$`),
		regexp.MustCompile(`^[1-9][0-9]?$`),
		regexp.MustCompile(`^[a-z]$`),
		regexp.MustCompile(`^[1-9][0-9]?$`),
		regexp.MustCompile(`^[a-z]$`),
		regexp.MustCompile(`^[ivx]{1,5}$`),
	}
)

// AppendixI is the number of the appendix on present-on-admission
// reporting.
const AppendixI = "Appendix I"

// GuidelineCitations finds the guideline sections text cites ("§I.A.15",
// "Section IV.H", "Section II", "Appendix I"), normalized, in order, each
// once. Other § references (45 CFR §162.1002) are not guidelines.
func GuidelineCitations(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range citeRe.FindAllStringSubmatch(text, -1) {
		n := AppendixI
		if m[1] != "" {
			var err error
			if n, err = NormalizeGuidelineNumber(m[1]); err != nil {
				continue
			}
		}
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// NormalizeGuidelineNumber turns a citation as written ("§I.A.15",
// "Section IV.H", "i.c.4.a.3", "I.C.15.") into the section number
// ("I.A.15", "IV.H", "I.C.4.a.3", "I.C.15"), or ErrNotGuidelineNumber.
func NormalizeGuidelineNumber(s string) (string, error) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "§")
	if len(s) > 8 && strings.EqualFold(s[:8], "section ") {
		s = s[8:]
	}
	s = strings.TrimSpace(strings.TrimRight(s, ".,;:) "))
	if strings.EqualFold(s, AppendixI) || strings.EqualFold(s, "appendix 1") {
		return AppendixI, nil
	}
	segs := strings.Split(s, ".")
	if len(segs) > len(segRe) || s == "" {
		return "", fmt.Errorf("%w: %q", ErrNotGuidelineNumber, s)
	}
	for i, g := range segs {
		switch i {
		case 0, 1:
			g = strings.ToUpper(g)
		default:
			g = strings.ToLower(g)
		}
		if !segRe[i].MatchString(g) {
			return "", fmt.Errorf("%w: %q", ErrNotGuidelineNumber, s)
		}
		segs[i] = g
	}
	return strings.Join(segs, "."), nil
}
