package terminology

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Parsing the text of a guidelines PDF, one string per page, as PDFium
// extracts it: each printed line a line, every page after the first
// headed by the title, "FY 2026" and "Page 7 of 121".

var (
	// "FY 2026 -- UPDATED October 1, 2025" on the first page.
	glEditionRe = regexp.MustCompile(`FY\s*(20[0-9]{2})\s*-+\s*UPDATED\s+([A-Z][a-z]+\s+[0-9]{1,2},\s*20[0-9]{2})`)
	// A page header line: the title, the fiscal year, the page number.
	glHeaderRe = regexp.MustCompile(`^(?:ICD-10-CM Official Guidelines for Coding and\s*Reporting.*|FY\s*20[0-9]{2}\s*|Page\s+[0-9]+\s+of\s+[0-9]+)$`)
	// Dot leaders of the table of contents.
	glLeaderRe = regexp.MustCompile(`(?:\.{3,}|…+\.*)\s*\.*\s*[0-9]+\s*$`)
	// A table-of-contents entry's page number at the end of its last line.
	glTOCEndRe = regexp.MustCompile(`^(.*?)(?:\s*[.…]+\s*|\s+)([0-9]{1,3})\s*$`)
	// Markers of levels 1 to 4 (table of contents) and 5 to 7 (text only).
	glSectionRe = regexp.MustCompile(`^Section\s+(IV|III|II|I)\.\s*(.*)$`)
	glAppendix  = regexp.MustCompile(`^Appendix\s+I\b\s*(.*)$`)
	glUpperRe   = regexp.MustCompile(`^([A-Z])\.\s*([A-Z].*)$`)
	glNumRe     = regexp.MustCompile(`^([1-9][0-9]?)\.\s+(.*)$`)
	glLowerRe   = regexp.MustCompile(`^([a-z])\.\s+(.*)$`)
	glParenNum  = regexp.MustCompile(`^([1-9][0-9]?)\)\s*(\S.*)$`)
	glParenLow  = regexp.MustCompile(`^\(([a-z])\)\s*(\S.*)$`)
	glParenRom  = regexp.MustCompile(`^\(([ivx]{1,5})\)\s*(\S.*)$`)
)

// glMaxText bounds one edition's text, so a hostile file cannot make the
// parser build huge strings.
const glMaxText = 8 << 20

// tocEntry is one numbered line of the table of contents.
type tocEntry struct {
	level   int
	marker  string // "I", "C", "4", "a"; "Appendix I" for the appendix
	number  string
	heading string
}

// parseGuidelines reads one edition from its pages' text.
func parseGuidelines(pages []string) (*GuidelineEdition, error) {
	total := 0
	for _, p := range pages {
		total += len(p)
	}
	if len(pages) < 2 || total > glMaxText {
		return nil, fmt.Errorf("%w: not an ICD-10-CM Official Guidelines document (%d pages)", ErrMalformed, len(pages))
	}
	m := glEditionRe.FindStringSubmatch(pages[0])
	if m == nil {
		return nil, fmt.Errorf("%w: the first page does not say which edition this is (\"FY 2026 -- UPDATED October 1, 2025\")", ErrMalformed)
	}
	fy, _ := strconv.Atoi(m[1])
	eff, err := time.Parse("January 2, 2006", strings.Join(strings.Fields(m[2]), " "))
	if err != nil {
		return nil, fmt.Errorf("%w: edition date %q", ErrMalformed, m[2])
	}
	if fy < FirstYear || fy >= FirstYear+64 || eff.Year() < fy-1 || eff.Year() > fy {
		return nil, fmt.Errorf("%w: edition FY%d dated %s", ErrMalformed, fy, m[2])
	}
	ed := &GuidelineEdition{Year: fy, Effective: eff.Format(time.DateOnly), Pages: len(pages)}

	// Table of contents: the pages after the first that have dot leaders.
	body := 1
	var tocLines []string
	for body < len(pages) {
		lines := pageLines(pages[body])
		leaders := 0
		for _, l := range lines {
			if glLeaderRe.MatchString(l) {
				leaders++
			}
		}
		if leaders < 3 {
			break
		}
		tocLines = append(tocLines, lines...)
		body++
	}
	toc := parseTOC(tocLines)
	if len(toc) == 0 {
		return nil, fmt.Errorf("%w: no table of contents found", ErrMalformed)
	}
	if err := ed.parseBody(pages, body, toc); err != nil {
		return nil, err
	}
	ed.index()
	return ed, nil
}

// pageLines is a page's lines, trimmed, without blanks and the header.
func pageLines(p string) []string {
	var out []string
	for i, l := range strings.Split(p, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || (i < 4 && glHeaderRe.MatchString(l)) {
			continue
		}
		out = append(out, l)
	}
	return out
}

// parseTOC reads the numbered entries of the table of contents; an entry
// may wrap over lines, and ends with its page number.
func parseTOC(lines []string) []tocEntry {
	var out []tocEntry
	var stack []string // number segments by level
	acc, n := "", 0
	for _, l := range lines {
		// An entry wraps over three lines at most; a longer run without a
		// page number is not an entry (and re-reading it would make the
		// parse quadratic).
		if n == 3 {
			acc, n = "", 0
		}
		n++
		// A line broken after a hyphen ("(Q00-" / "QA1)") joins without a space.
		if acc != "" && !strings.HasSuffix(acc, "-") {
			acc += " "
		}
		acc += l
		m := glTOCEndRe.FindStringSubmatch(acc)
		if m == nil {
			continue
		}
		text := strings.TrimRight(m[1], " .…")
		acc, n = "", 0
		level, marker, heading := tocMarker(text)
		if level == 0 || level > len(stack)+1 {
			continue // "Reserved for future guideline expansion", the title
		}
		stack = append(stack[:level-1], marker)
		number := strings.Join(stack, ".")
		if level == 1 && marker == AppendixI {
			number = AppendixI
		}
		out = append(out, tocEntry{level: level, marker: marker, number: number, heading: heading})
	}
	return out
}

// tocMarker recognises a table-of-contents line's level and marker.
func tocMarker(text string) (level int, marker, heading string) {
	if m := glSectionRe.FindStringSubmatch(text); m != nil {
		return 1, m[1], m[2]
	}
	if m := glAppendix.FindStringSubmatch(text); m != nil {
		return 1, AppendixI, m[1]
	}
	for i, re := range []*regexp.Regexp{glUpperRe, glNumRe, glLowerRe} {
		if m := re.FindStringSubmatch(text); m != nil {
			return i + 2, m[1], m[2]
		}
	}
	return 0, "", ""
}

// glNorm is text reduced to lower-case letters and digits, to compare a
// heading in the text with its table-of-contents entry.
func glNorm(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// bodyLine is a line of the text with the page it is on.
type bodyLine struct {
	text string
	page int
}

// parseBody splits the text into sections. Every table-of-contents entry
// must be found, in order; deeper sections are found by their markers.
func (ed *GuidelineEdition) parseBody(pages []string, from int, toc []tocEntry) error {
	var lines []bodyLine
	for i := from; i < len(pages); i++ {
		for _, l := range pageLines(pages[i]) {
			lines = append(lines, bodyLine{l, i + 1})
		}
	}
	next := 0                 // next table-of-contents entry to find
	var cur *GuidelineSection // section being filled
	var stack []string        // number segments of cur
	var text []string         // cur's lines
	flush := func() {
		if cur != nil {
			cur.Text = reflow(text)
		}
		text = nil
	}
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if next < len(toc) {
			if n, ok := matchTOC(lines, i, toc[next]); ok {
				flush()
				e := toc[next]
				cur = &GuidelineSection{Number: e.number, Heading: strings.Join(strings.Fields(e.heading), " "), Level: e.level, Page: l.page}
				ed.Sections = append(ed.Sections, cur)
				stack = strings.Split(e.number, ".")
				if e.number == AppendixI {
					stack = []string{AppendixI}
					// Its title is the line after "Appendix I".
					if cur.Heading == "" && i+1 < len(lines) {
						i++
						cur.Heading = lines[i].text
					}
				}
				i += n - 1
				next++
				continue
			}
		}
		if cur != nil && cur.Level >= 4 && cur.Number != AppendixI {
			if level, marker, heading, ok := deepMarker(l.text, stack); ok {
				flush()
				// A heading that wraps goes on while the next line starts
				// in lower case and the heading has not ended.
				for i+1 < len(lines) && !strings.HasSuffix(heading, ".") && !strings.HasSuffix(heading, ":") && startsLower(lines[i+1].text) && len(heading) < 200 {
					i++
					if !strings.HasSuffix(heading, "-") {
						heading += " "
					}
					heading += lines[i].text
				}
				stack = append(stack[:level-1], marker)
				cur = &GuidelineSection{Number: strings.Join(stack, "."), Heading: strings.Join(strings.Fields(heading), " "), Level: level, Page: l.page}
				ed.Sections = append(ed.Sections, cur)
				continue
			}
		}
		if cur != nil {
			text = append(text, l.text)
		}
	}
	flush()
	if next < len(toc) {
		return fmt.Errorf("%w: section %s %q of the table of contents is not in the text", ErrMalformed, toc[next].number, toc[next].heading)
	}
	return nil
}

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// matchTOC reports whether the text at line i starts entry e: its marker,
// then its heading, which may wrap over up to three lines. n is how many
// lines the heading took.
func matchTOC(lines []bodyLine, i int, e tocEntry) (n int, ok bool) {
	level, marker, heading := tocMarker(lines[i].text)
	if level != e.level || marker != e.marker {
		return 0, false
	}
	want := glNorm(e.heading)
	got := glNorm(heading)
	if e.marker == AppendixI {
		return 1, true
	}
	// The table of contents and the text differ now and then in a word;
	// the first letters of the heading decide.
	k := min(12, len(want))
	if len(got) < k {
		// A heading split right after its marker.
		if i+1 < len(lines) {
			got += glNorm(lines[i+1].text)
		}
	}
	if len(got) < k || got[:k] != want[:k] {
		return 0, false
	}
	n = 1
	got = glNorm(heading)
	for n < 4 && i+n < len(lines) && len(got) < len(want) {
		more := got + glNorm(lines[i+n].text)
		if !strings.HasPrefix(want, more) {
			break
		}
		got = more
		n++
	}
	return n, true
}

// deepMarker recognises the heading of a level 5 to 7 section: "3)",
// "(a)", "(i)", each the first of its level under the current section or
// the next after its current sibling.
func deepMarker(line string, stack []string) (level int, marker, heading string, ok bool) {
	type cand struct {
		level int
		re    *regexp.Regexp
	}
	for _, c := range []cand{{5, glParenNum}, {6, glParenLow}, {7, glParenRom}} {
		m := c.re.FindStringSubmatch(line)
		if m == nil || c.level > len(stack)+1 || c.level < 5 {
			continue
		}
		first := map[int]string{5: "1", 6: "a", 7: "i"}[c.level]
		switch {
		case c.level == len(stack)+1 && m[1] == first:
			return c.level, m[1], m[2], true
		case c.level <= len(stack) && m[1] == glSucc(stack[c.level-1], c.level):
			return c.level, m[1], m[2], true
		}
	}
	return 0, "", "", false
}

// glSucc is the marker after s at a level: 3 → 4, c → d, iii → iv.
func glSucc(s string, level int) string {
	switch level {
	case 5:
		n, _ := strconv.Atoi(s)
		return strconv.Itoa(n + 1)
	case 6:
		if len(s) == 1 && s[0] < 'z' {
			return string(s[0] + 1)
		}
	case 7:
		romans := []string{"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv"}
		for k := 0; k+1 < len(romans); k++ {
			if romans[k] == s {
				return romans[k+1]
			}
		}
	}
	return ""
}

// reflow joins the printed lines of a section into paragraphs: a line
// that ends a sentence, or a bullet, starts a new one.
func reflow(lines []string) string {
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			prev := lines[i-1]
			last, _ := utf8.DecodeLastRuneInString(prev)
			first, _ := utf8.DecodeRuneInString(l)
			switch {
			case first == '•' || first == '\uf0b7' || first == '●' || first == '○' || first == '▪':
				b.WriteByte('\n')
			case last == '.' || last == ':' || last == '?' || last == '!' || last == ';':
				b.WriteByte('\n')
			case strings.HasSuffix(prev, "-") && !strings.HasSuffix(prev, " -"):
				// a hyphenated word or code range split at the line end
			default:
				b.WriteByte(' ')
			}
		}
		b.WriteString(l)
	}
	return b.String()
}
