package search

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"
	"github.com/codebench/codebench/internal/testenv/testpack"
)

var (
	realOnce sync.Once
	realSet  *terminology.Set
	realIx   *Index
)

// realIndex loads the code sets of every official file from the generated
// pack (testpack) and builds the index over them, once per test binary.
// (This package cannot use testindex, which imports it.)
func realIndex(t testing.TB) (*terminology.Set, *Index) {
	t.Helper()
	set := testpack.Set(t)
	realOnce.Do(func() {
		realSet, realIx = set, New(set)
	})
	return realSet, realIx
}

var (
	storedOnce sync.Once
	storedIx   *Index
	storedErr  error
)

// storedIndex is realIndex's index as the workstation reads it: written
// flat and read in place (OpenBuiltIn), with the code sets attached. The
// benchmarks measure it: it is what ships.
func storedIndex(t testing.TB) (*terminology.Set, *Index) {
	t.Helper()
	set, built := realIndex(t)
	storedOnce.Do(func() {
		var b []byte
		if b, storedErr = built.Marshal("bench"); storedErr == nil {
			storedIx, storedErr = OpenBuiltIn(b)
		}
		if storedErr == nil {
			storedIx.Attach(set)
		}
	})
	if storedErr != nil {
		t.Fatal(storedErr)
	}
	return set, storedIx
}

// relCase is one line of testdata/relevance.tsv.
type relCase struct {
	Query  string
	System app.System // "" = all
	Accept []string   // canonical prefixes, optionally "system:" qualified
}

func loadRelevance(t testing.TB) []relCase {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "relevance.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []relCase
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 3 {
			t.Fatalf("relevance.tsv line %d: want 3 tab-separated columns, got %d", n, len(cols))
		}
		c := relCase{Query: cols[0], Accept: strings.Fields(cols[2])}
		if cols[1] != "*" {
			s, err := app.ParseSystem(cols[1])
			if err != nil {
				t.Fatalf("relevance.tsv line %d: %v", n, err)
			}
			c.System = s
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// accepts reports whether a coder would accept code in system sys for c.
func (c relCase) accepts(sys app.System, code string) bool {
	for _, a := range c.Accept {
		want := c.System
		if i := strings.IndexByte(a, ':'); i >= 0 {
			want, a = app.System(a[:i]), a[i+1:]
		}
		if (want == "" || want == sys) && strings.HasPrefix(code, a) {
			return true
		}
	}
	return false
}

// rank returns the 1-based place of the first accepted hit, 0 if none.
func (c relCase) rank(hits []Hit) int {
	for i, h := range hits {
		if c.accepts(h.Concept.System, h.Concept.Code) {
			return i + 1
		}
	}
	return 0
}

// TestIndexEntryInAnOlderYear: the Index read is a recent edition, whose
// entries lead to codes made since. In an older year such an entry leads
// to the code that was split into them: "Pain, lumbar region" is M54.50
// since FY2022 and M54.5 before. A code that took over from one that is
// not its parent leads back to it through the conversion table:
// "Depression" is F32.A since FY2022 and F32.9 before.
func TestIndexEntryInAnOlderYear(t *testing.T) {
	_, ix := storedIndex(t)
	for _, tt := range []struct {
		text string
		year int
		want string
	}{
		{"lumbar pain", 2018, "M54.5"}, {"lumbar pain", 2021, "M54.5"}, {"lumbar pain", 2022, "M54.50"}, {"lumbar pain", 2026, "M54.50"},
		{"depression", 2018, "F32.9"}, {"depression", 2021, "F32.9"}, {"depression", 2022, "F32.A"}, {"depression", 2026, "F32.A"},
	} {
		hits := ix.Search(Query{Text: tt.text, System: app.ICD10CM, Year: tt.year, Billable: true, Limit: 5})
		if len(hits) == 0 || hits[0].Code != terminology.Canonical(tt.want) {
			t.Errorf("FY%d: %s: want %s first, got %v", tt.year, tt.text, tt.want, hits)
		}
	}
}

// Two phrases of one concept that score the same: the one the rarest words
// touched first explains the hit, however many candidates the budgets
// leave and in whatever order selecting the best left them. "Coronary
// artery bypass" meets Z95.1 through "Status (post), coronary artery
// bypass graft" and through the inclusion term "Presence of coronary
// artery bypass graft" alike; "coronary", the rarest word, touches the
// Index entry first.
func TestTiedPhrasesFirstTouchedExplains(t *testing.T) {
	_, ix := storedIndex(t)
	for _, limit := range []int{5, 10, 20} {
		hits := ix.Search(Query{Text: "coronary artery bypass", System: app.ICD10CM, Year: 2026, Billable: true, Limit: limit})
		if len(hits) == 0 || hits[0].Code != "Z951" || hits[0].Why != "index: Status (post) > coronary artery bypass graft" {
			t.Errorf("limit %d: want Z95.1 first, by its Index entry; got %v", limit, hits[:min(2, len(hits))])
		}
	}
}

// Of two Index paths to one code that score the same, the one whose main
// term the query names explains the hit: "alcohol intoxication" is the
// Index's Alcohol > intoxication, F10.129, which Abuse > alcohol > with >
// intoxication reaches too; the words the coder typed lead the reason.
func TestTiedPathsMainTermSaidExplains(t *testing.T) {
	_, ix := storedIndex(t)
	for _, tt := range []struct{ text, code, why string }{
		{"alcohol intoxication", "F10129", "index: Alcohol, alcoholic, alcohol-induced > intoxication (acute) (without dependence)"},
		{"intoxication alcohol", "F10129", "index: Intoxication > alcoholic (acute) (without dependence) → see Alcohol, intoxication"},
	} {
		hits := ix.Search(Query{Text: tt.text, System: app.ICD10CM, Year: 2026, Billable: true, Limit: 10})
		if len(hits) == 0 || hits[0].Code != tt.code || hits[0].Why != tt.why {
			t.Errorf("%q: want %s first by %q; got %v", tt.text, tt.code, tt.why, hits[:min(2, len(hits))])
		}
	}
}

// An Index heading that only groups the subterms under it ("Foreign body
// > entering through orifice > nose (passage)", "Lipoma > site
// classification > neck") is not the coder's words: a query that says the
// rest finds the code first by that path, as it does one whose
// nonessential modifiers it leaves out. Before, the heading's words
// counted as unsaid: "lipoma of neck" found D17.9 first.
func TestIndexHeadingIsNotSaid(t *testing.T) {
	_, ix := storedIndex(t)
	for _, tt := range []struct{ text, code, via string }{
		{"lipoma of neck", "D170", "Lipoma > site classification > neck"},
		{"lipoma of trunk", "D171", "Lipoma > site classification > trunk"},
		{"foreign body nose", "T171", "Foreign body > entering through orifice > nose"},
	} {
		hits := ix.Search(Query{Text: tt.text, System: app.ICD10CM, Year: 2026, Limit: 10})
		if len(hits) == 0 || hits[0].Code != tt.code || !strings.Contains(hits[0].Why, tt.via) {
			t.Errorf("%q: want %s first by %q; got %v", tt.text, tt.code, tt.via, hits[:min(2, len(hits))])
		}
	}
}

// The letter A names a kind after hepatitis, influenza, vitamin, group
// and the like, and as an Index subterm ("Influenza > A (non-novel)");
// the article "a" is a stop word, and the letter went with it: "hepatitis
// A" found K75.9 (Hepatitis) first and "influenza A" J11.1 (unidentified
// virus).
func TestLetterANamesAKind(t *testing.T) {
	_, ix := storedIndex(t)
	for _, tt := range []struct {
		text string
		want string
	}{
		{"hepatitis A", "B15.9"},
		{"vitamin A deficiency", "E50.9"},
		{"influenza A", "J10.1"},
		{"hypervitaminosis A", "E67.0"},
		{"sepsis due to group A streptococcus", "A40.0"},
		// The article stays one: nothing of the letter's.
		{"influenza a week ago", "J11.1"},
		{"hepatitis", "K75.9"},
	} {
		hits := ix.Search(Query{Text: tt.text, System: app.ICD10CM, Year: 2026, Billable: true, Limit: 5})
		if len(hits) == 0 || hits[0].Code != terminology.Canonical(tt.want) {
			t.Errorf("%s: want %s first, got %v", tt.text, tt.want, hits)
		}
	}
}

// An Index entry leads to the valid codes under it however many of the
// first are not valid in the year: the Hearing Assessment table's first
// codes are newer than FY2018.
func TestSubstituteFindsValidCodesPastItsBound(t *testing.T) {
	_, ix := storedIndex(t)
	hits := ix.Search(Query{Text: "testing hearing", System: app.ICD10PCS, Year: 2018, Billable: true, Limit: 5})
	if !slices.ContainsFunc(hits, func(h Hit) bool { return strings.HasPrefix(h.Code, "F13Z") }) {
		t.Errorf("testing hearing, FY2018: want a code of F13, got %v", hits)
	}
}

// TestSeeConditionIsNoAlias: "Colon — see condition", "Embolic — see
// condition" send the coder to the condition's word; they teach no
// synonym of "condition" (which made "colon" match "Conditions
// classifiable to ..." titles), while "Broken — see Fracture" still
// teaches one.
func TestSeeConditionIsNoAlias(t *testing.T) {
	_, ix := realIndex(t)
	has := func(from, to string) bool {
		a, b := ix.term(from), ix.term(to)
		if a < 0 || b < 0 {
			t.Fatalf("no term %q or %q", from, to)
		}
		return slices.Contains(ix.aliases(a), uint32(b))
	}
	for _, w := range []string{"colon", "embolic", "chronic", "bilateral"} {
		if has(Word(w), Word("condition")) {
			t.Errorf("%q is learned as an alias of \"condition\"", w)
		}
	}
	if !has(Word("broken"), Word("fracture")) {
		t.Error(`"broken" is no longer an alias of "fracture"`)
	}
	for _, s := range []string{"condition", " Condition ", "condition, by site", "condition NEC"} {
		if !seesCondition(s) {
			t.Errorf("seesCondition(%q) = false", s)
		}
	}
	if seesCondition("Conditions") || seesCondition("Fracture") {
		t.Error("seesCondition reads other references as the condition")
	}
}
