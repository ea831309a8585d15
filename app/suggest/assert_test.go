package suggest

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAssertionSet measures assertion detection on our own sentences
// (negation, uncertainty, history, family history and plain present):
// accuracy ≥ 0.95.
func TestAssertionSet(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "assertions.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n, right := 0, 0
	per := map[Assertion][2]int{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		p := strings.Split(line, "\t")
		if len(p) != 3 {
			t.Fatalf("assertions.tsv: bad line %q", line)
		}
		want, target, sent := Assertion(p[0]), p[1], p[2]
		i := strings.Index(strings.ToLower(sent), strings.ToLower(target))
		if i < 0 {
			t.Fatalf("assertions.tsv: %q not in %q", target, sent)
		}
		got, cue := AssertionOf(sent, i, i+len(target))
		n++
		c := per[want]
		c[1]++
		if got == want {
			right++
			c[0]++
		} else {
			t.Logf("%q in %q: got %s (cue %q), want %s", target, sent, got, cue, want)
		}
		per[want] = c
	}
	if n < 150 {
		t.Fatalf("%d sentences, want at least 150", n)
	}
	acc := float64(right) / float64(n)
	for a, c := range per {
		t.Logf("%-9s %d/%d", a, c[0], c[1])
	}
	t.Logf("assertion accuracy %.3f (%d of %d)", acc, right, n)
	if acc < 0.95 {
		t.Errorf("accuracy %.3f, want ≥ 0.95", acc)
	}
}

// TestAssertionCues: sentences whose cue scopes once read wrong, each
// checked on its own (the set above is measured as a whole).
func TestAssertionCues(t *testing.T) {
	for _, c := range []struct {
		want         Assertion
		target, sent string
	}{
		{Negated, "toxoplasma", "Serologies (Borrelia, Brucella, toxoplasma, rubella, EBV, CMV, HIV, hepatitis B and C) negative."},
		{Negated, "Borrelia", "Serologies (Borrelia, Brucella, toxoplasma, rubella, EBV, CMV, HIV, hepatitis B and C) negative."},
		{Present, "malar tumor", "A 28-year-old man with no history of interest consulted for a progressive left malar tumor."},
		{Present, "abdominal pain", "No known drug allergies, came to the emergency department with abdominal pain."},
		{Present, "chills", "Abdominal pain, nausea without vomiting and chills without fever."},
		{Negated, "vomiting", "Abdominal pain, nausea without vomiting and chills without fever."},
	} {
		i := strings.Index(c.sent, c.target)
		if got, cue := AssertionOf(c.sent, i, i+len(c.target)); got != c.want {
			t.Errorf("%q in %q: got %s (cue %q), want %s", c.target, c.sent, got, cue, c.want)
		}
	}
}
