package report

import (
	"strings"
	"sync"
	"unicode"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"
)

// The Go fonts ship inside golang.org/x/image; nothing is copied into the
// repository. They cover Latin (with Extended-A), Greek, Cyrillic and the
// usual typographic marks, which is what names and notes at a US practice
// contain.
var fontFaces = []struct {
	family, style string
	ttf           []byte
}{
	{fontSans, "", goregular.TTF},
	{fontSans, "B", gobold.TTF},
	{fontSans, "I", goitalic.TTF},
	{fontMono, "", gomono.TTF},
}

const (
	fontSans = "gosans"
	fontMono = "gomono"
	// missingGlyph stands in for a character no embedded font can draw, so
	// the reader sees that something is there instead of losing it silently.
	missingGlyph = '\uFFFD'
)

var (
	coverageOnce sync.Once
	coverage     []*sfnt.Font // every face; a rune prints only if all have it
	fallbackRune = '?'
)

func loadCoverage() {
	for _, f := range fontFaces {
		ft, err := sfnt.Parse(f.ttf)
		if err != nil {
			// The fonts are compiled in; failing to parse them is a build defect.
			panic("report: cannot parse embedded Go font: " + err.Error())
		}
		coverage = append(coverage, ft)
	}
	if hasGlyph(missingGlyph) {
		fallbackRune = missingGlyph
	}
}

// hasGlyph reports whether every embedded face can draw r.
func hasGlyph(r rune) bool {
	var buf sfnt.Buffer
	for _, f := range coverage {
		if g, err := f.GlyphIndex(&buf, r); err != nil || g == 0 {
			return false
		}
	}
	return true
}

// clean prepares text from the record for the page: it composes
// characters (NFC, so "e" + combining diaeresis prints as one "ë"), turns
// tabs and other control characters into spaces, keeps newlines when
// multiline is set, and replaces anything the fonts cannot draw with U+FFFD
// (or "?"), so no character is dropped without a trace.
func clean(s string, multiline bool) string {
	coverageOnce.Do(loadCoverage)
	if isPlainASCII(s, multiline) {
		return s
	}
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n' && multiline:
			b.WriteRune(r)
		case r == '\r':
		case r == '\t' && multiline:
			b.WriteString("    ")
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029':
			if multiline && (r == '\f' || r == '\u2028' || r == '\u2029') {
				b.WriteRune('\n')
			} else {
				b.WriteRune(' ')
			}
		case r < 0x80:
			b.WriteRune(r)
		case r > 0xFFFF || !hasGlyph(r):
			// gofpdf's width tables stop at U+FFFF.
			b.WriteRune(fallbackRune)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isPlainASCII(s string, multiline bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x7f || (c < 0x20 && !(multiline && c == '\n')) {
			return false
		}
	}
	return true
}

// wrap breaks text into lines no wider than w (in user units) as measured
// by width, at spaces where it can and inside a word only when the word
// alone is too wide. Newlines start new lines; empty lines are kept.
// Widths add up word by word because gofpdf does not kern. gofpdf's
// SplitText is not used: it counts zero-advance marks as 65535 units wide
// and breaks every line at them.
func wrap(text string, w float64, width func(string) float64) []string {
	var out []string
	space := width(" ")
	for _, para := range strings.Split(text, "\n") {
		para = strings.TrimRight(para, " ")
		if para == "" {
			out = append(out, "")
			continue
		}
		line, lineW := "", 0.0
		for _, word := range splitKeepIndent(para) {
			wordW := width(word)
			if line != "" && lineW+space+wordW <= w {
				line, lineW = line+" "+word, lineW+space+wordW
				continue
			}
			if line == "" && wordW <= w {
				line, lineW = word, wordW
				continue
			}
			if line != "" {
				out = append(out, line)
			}
			// The word alone is too wide: break it between characters.
			for wordW > w {
				cut := fitPrefix(word, w, width)
				out = append(out, word[:cut])
				word = word[cut:]
				wordW = width(word)
			}
			line, lineW = word, wordW
		}
		out = append(out, line)
	}
	return out
}

// splitKeepIndent splits on single spaces but keeps a line's leading
// indentation with its first word, so indented note text stays indented.
func splitKeepIndent(s string) []string {
	trimmed := strings.TrimLeft(s, " ")
	indent := s[:len(s)-len(trimmed)]
	words := strings.Fields(trimmed)
	if len(words) > 0 {
		words[0] = indent + words[0]
	} else if indent != "" {
		words = []string{indent}
	}
	return words
}

// fitPrefix returns the byte length of the longest prefix of word (at
// least one character) that fits in w.
func fitPrefix(word string, w float64, width func(string) float64) int {
	cut := 0
	for i, r := range word {
		next := i + len(string(r))
		if cut > 0 && width(word[:next]) > w {
			break
		}
		cut = next
	}
	return cut
}
