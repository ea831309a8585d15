package report

import (
	"strings"
	"testing"
	"unicode"
)

func TestClean(t *testing.T) {
	tests := []struct {
		in        string
		multiline bool
		want      string
	}{
		{"plain ASCII", false, "plain ASCII"},
		{"Zoe\u0308 Ångström-Núñez", false, "Zoë Ångström-Núñez"},
		{"a\tb\r\nc", false, "a b c"},
		{"a\tb\r\nc", true, "a    b\nc"},
		{"page one\fpage two", true, "page one\npage two"},
		{"emoji 🙂 and 王", false, "emoji \uFFFD and \uFFFD"},
		{"bell\x07", false, "bell "},
		{"Σοφία — Иван … “quoted”", false, "Σοφία — Иван … “quoted”"},
	}
	for _, tt := range tests {
		if got := clean(tt.in, tt.multiline); got != tt.want {
			t.Errorf("clean(%q, %v) = %q, want %q", tt.in, tt.multiline, got, tt.want)
		}
	}
}

func TestWrap(t *testing.T) {
	width := func(s string) float64 { return float64(len([]rune(s))) }
	tests := []struct {
		in   string
		w    float64
		want []string
	}{
		{"one two three", 7, []string{"one two", "three"}},
		{"one two three", 100, []string{"one two three"}},
		{"abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"ab\n\ncd", 10, []string{"ab", "", "cd"}},
		{"    indented line here", 12, []string{"    indented", "line here"}},
		{"x averyveryverylongword y", 8, []string{"x", "averyver", "yverylon", "gword y"}},
	}
	for _, tt := range tests {
		got := wrap(tt.in, tt.w, width)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("wrap(%q, %v) = %q, want %q", tt.in, tt.w, got, tt.want)
		}
	}
}

// FuzzWrap checks, with the real Go font metrics, that wrapped lines never
// exceed the width (unless one character alone is wider) and that wrapping
// only ever removes spaces.
func FuzzWrap(f *testing.F) {
	for _, s := range []string{
		"Type 2 diabetes mellitus with diabetic chronic kidney disease",
		"Zoe\u0308 Ångström-Núñez\tde la Montaña",
		strings.Repeat("W", 300),
		"a\n\n\nb  c   d\r\n",
		"🙂王\x00\x7f\u2028x",
	} {
		f.Add(s, 40.0)
	}
	d, err := newDoc(inpatientRecord(), testOptions(), false)
	if err != nil {
		f.Fatal(err)
	}
	d.set(stBody)
	f.Fuzz(func(t *testing.T, s string, w float64) {
		if w < 1 || w > 500 || len(s) > 2000 {
			return
		}
		in := clean(s, true)
		lines := wrap(in, w, d.pdf.GetStringWidth)
		for _, l := range lines {
			if d.pdf.GetStringWidth(l) > w+1e-9 && len([]rune(l)) > 1 {
				t.Fatalf("line %q is %.2f wide, limit %.2f", l, d.pdf.GetStringWidth(l), w)
			}
		}
		strip := func(s string) string {
			return strings.Map(func(r rune) rune {
				if unicode.IsSpace(r) {
					return -1
				}
				return r
			}, s)
		}
		if got, want := strip(strings.Join(lines, "")), strip(in); got != want {
			t.Fatalf("wrapping changed the text: %q → %q", want, got)
		}
	})
}
