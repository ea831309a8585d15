package search

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"
)

func years(from, to int) terminology.Years {
	var y terminology.Years
	for fy := from; fy <= to; fy++ {
		y = y.With(fy)
	}
	return y
}

func mk(sys app.System, code, title string, from, to int, billable bool) *terminology.Concept {
	c := &terminology.Concept{System: sys, Code: code, Valid: years(from, to)}
	if billable {
		c.Billable = c.Valid
	}
	c.Titles = []terminology.Title{{Years: c.Valid, Long: title}}
	return c
}

func tinyIndex() *Index {
	cs := []*terminology.Concept{
		mk(app.ICD10CM, "E11", "Type 2 diabetes mellitus", 2016, 2026, false),
		mk(app.ICD10CM, "E119", "Type 2 diabetes mellitus without complications", 2016, 2026, true),
		mk(app.ICD10CM, "E1165", "Type 2 diabetes mellitus with hyperglycemia", 2016, 2026, true),
		mk(app.ICD10CM, "E109", "Type 1 diabetes mellitus without complications", 2016, 2026, true),
		mk(app.ICD10CM, "I21", "Acute myocardial infarction", 2016, 2026, false),
		mk(app.ICD10CM, "I219", "Acute myocardial infarction, unspecified", 2016, 2026, true),
		mk(app.ICD10CM, "I509", "Heart failure, unspecified", 2016, 2026, true),
		mk(app.ICD10CM, "S7290", "Unspecified fracture of unspecified femur", 2016, 2026, false),
		mk(app.ICD10CM, "H103", "Unspecified acute conjunctivitis", 2016, 2026, false),
		mk(app.ICD10CM, "H1030", "Unspecified acute conjunctivitis, unspecified eye", 2016, 2026, true),
		mk(app.ICD10CM, "U071", "COVID-19", 2020, 2026, true),
		mk(app.ICD10CM, "J1100", "Influenza due to unidentified influenza virus with unspecified type of pneumonia", 2016, 2026, true),
		mk(app.ICD10PCS, "0SR", "Lower Joints, Replacement", 2016, 2026, false),
		mk(app.ICD10PCS, "0SRD0J9", "Replacement of Left Knee Joint with Synthetic Substitute, Cemented, Open Approach", 2016, 2026, true),
		mk(app.ICD10PCS, "0DTJ4ZZ", "Resection of Appendix, Percutaneous Endoscopic Approach", 2016, 2026, true),
		mk(app.HCPCS, "J1100", "Injection, dexamethasone sodium phosphate, 1 mg", 2025, 2025, true),
		mk(app.HCPCS, "K0001", "Standard wheelchair", 2025, 2025, true),
		mk(app.HCPCS, "LT", "Left side (used to identify procedures performed on the left side of the body)", 2025, 2025, false),
	}
	cs[len(cs)-1].Modifier = true
	entries := []Entry{
		{System: app.ICD10CM, Path: []string{"Attack, attacks", "heart"}, See: "Infarct, myocardium", Code: "I21.9", Year: 2023},
		{System: app.ICD10CM, Path: []string{"Infarct, infarction", "myocardium, myocardial (acute)"}, Code: "I21.-", Year: 2023},
		{System: app.ICD10CM, Path: []string{"Pink", "eye"}, See: "Conjunctivitis, acute, mucopurulent", Code: "H10.3", Year: 2023},
		{System: app.ICD10CM, Path: []string{"Broken", "arm"}, See: "Fracture, arm", Code: "I50.9", Year: 2023},
		{System: app.ICD10CM, Path: []string{"Broken", "leg"}, See: "Fracture, leg", Code: "I50.9", Year: 2023},
		{System: app.ICD10PCS, Kind: terminology.PCSIndex, Path: []string{"Replacement", "Knee Joint", "Left"}, Code: "0SRD", Year: 2023},
	}
	return Build(cs, entries)
}

func codes(hs []Hit) []string {
	var out []string
	for _, h := range hs {
		out = append(out, string(h.Concept.System)+":"+h.Concept.Code)
	}
	return out
}

func TestTinySearch(t *testing.T) {
	ix := tinyIndex()
	tests := []struct {
		q     Query
		first string
		why   string
	}{
		{Query{Text: "e119"}, "icd10cm:E119", "code"},
		{Query{Text: "E11.9"}, "icd10cm:E119", "code"},
		{Query{Text: "0DTJ4"}, "icd10pcs:0DTJ4ZZ", "code"},
		{Query{Text: "J1100", System: app.HCPCS}, "hcpcs:J1100", "code"},
		{Query{Text: "lt"}, "hcpcs:LT", "code"},
		{Query{Text: "heart attack"}, "icd10cm:I219", "index: Attack, attacks > heart → see Infarct, myocardium"},
		{Query{Text: "pink eye"}, "icd10cm:H103", ""},
		{Query{Text: "pink eye", Billable: true}, "icd10cm:H1030", ""},
		{Query{Text: "diabetes type 2 without"}, "icd10cm:E119", "title: diabetes, type, 2, without"},
		{Query{Text: "diabetes type 2 witho"}, "icd10cm:E119", ""},
		{Query{Text: "type 2 diabetes"}, "icd10cm:E11", ""},
		{Query{Text: "type 2 diabetes", Billable: true}, "icd10cm:E119", ""},
		{Query{Text: "diabetis hyperglycemia"}, "icd10cm:E1165", ""},    // typo
		{Query{Text: "hyperglycmia"}, "icd10cm:E1165", ""},              // missing letter
		{Query{Text: "myocardail infarction"}, "icd10cm:I21", ""},       // swapped letters
		{Query{Text: "wheelchair"}, "hcpcs:K0001", "title: wheelchair"}, //
		{Query{Text: "knee replacement left"}, "icd10pcs:0SRD0J9", ""},  //
		{Query{Text: "broken femur"}, "icd10cm:S7290", ""},              // alias broken→fracture learned from two see references
		{Query{Text: "covid"}, "icd10cm:U071", ""},                      //
		{Query{Text: "covid", Year: 2019}, "", ""},                      // not valid before FY2020
		{Query{Text: "heart attack", System: app.ICD10PCS}, "", ""},     //
	}
	for _, tc := range tests {
		hs := ix.Search(tc.q)
		got := ""
		if len(hs) > 0 {
			got = string(hs[0].Concept.System) + ":" + hs[0].Concept.Code
		}
		if got != tc.first {
			t.Errorf("%+v: first %q, want %q (all %v)", tc.q, got, tc.first, codes(hs))
			continue
		}
		if tc.why != "" && hs[0].Why != tc.why {
			t.Errorf("%+v: why %q, want %q", tc.q, hs[0].Why, tc.why)
		}
	}
}

// TestConcurrentSearch runs searches from many goroutines at once (run
// with -race): the scratch free list must never hand one buffer to two.
func TestConcurrentSearch(t *testing.T) {
	ix := tinyIndex()
	want := codes(ix.Search(Query{Text: "diabetes type 2"}))
	done := make(chan []string)
	for g := 0; g < 8; g++ {
		go func() {
			var got []string
			for i := 0; i < 200; i++ {
				got = codes(ix.Search(Query{Text: "diabetes type 2"}))
				ix.Search(Query{Text: "heart attack", Billable: true})
			}
			done <- got
		}()
	}
	for g := 0; g < 8; g++ {
		if got := <-done; len(got) != len(want) || got[0] != want[0] {
			t.Fatalf("concurrent search: %v, want %v", got, want)
		}
	}
}

func TestHasWord(t *testing.T) {
	for _, tc := range []struct {
		s, w string
		want bool
	}{
		{"Hyperlipidemia, unspecified", "unspecified", true},
		{"Unspecified atrial fibrillation", "unspecified", true},
		{"Conjunctivitis NOS", "nos", true},
		{"Nosebleed", "nos", false},
		{"Other hyperlipidemia", "other", true},
		{"Mother's milk", "other", false},
	} {
		if got := hasWord(tc.s, tc.w); got != tc.want {
			t.Errorf("hasWord(%q, %q) = %v", tc.s, tc.w, got)
		}
	}
}

// TestRelease: letting go of the scratch space between or during searches
// changes no hit, and leaves none kept.
func TestRelease(t *testing.T) {
	ix := tinyIndex()
	ix.Release() // before any search
	want := codes(ix.Search(Query{Text: "diabetes type 2"}))
	if len(ix.free) != 1 {
		t.Fatalf("%d scratch spaces kept after a search, want 1", len(ix.free))
	}
	done := make(chan []string)
	for g := 0; g < 4; g++ {
		go func() {
			var got []string
			for i := 0; i < 100; i++ {
				got = codes(ix.Search(Query{Text: "diabetes type 2"}))
				ix.Release()
			}
			done <- got
		}()
	}
	for g := 0; g < 4; g++ {
		if got := <-done; !slices.Equal(got, want) {
			t.Fatalf("after Release: %v, want %v", got, want)
		}
	}
	ix.Release()
	if len(ix.free) != 0 {
		t.Errorf("%d scratch spaces kept after Release", len(ix.free))
	}
}

// TestFiledUnder: a word is filed under itself and each of its one-byte
// deletions, nothing else.
func TestFiledUnder(t *testing.T) {
	for _, tc := range []struct {
		v, s string
		want bool
	}{
		{"pneumonia", "pneumonia", true},
		{"pneumonia", "neumonia", true},
		{"pneumonia", "pneumoni", true},
		{"pneumonia", "pnemonia", true},
		{"pneumonia", "pneumonai", false},
		{"pneumonia", "pneumoniaa", false},
		{"pneumonia", "pneum", false},
		{"abc", "ac", true},
		{"abc", "ab", true},
		{"abc", "bc", true},
		{"abc", "ca", false},
	} {
		if got := filedUnder(tc.v, tc.s); got != tc.want {
			t.Errorf("filedUnder(%q, %q) = %v", tc.v, tc.s, got)
		}
	}
}

// TestTypos: the words one slip away are found, of each kind of slip.
func TestTypos(t *testing.T) {
	ix := Build(nil, nil)
	ix.vocab = newStrs([]string{"diabetes", "dysphagia", "macrocephalia", "microcephalic", "migraine", "migrans", "pneumonia", "pneumonitis"})
	ix.buildTypos()
	for typed, want := range map[string]string{
		"pnuemonia":  "pneumonia", // swapped
		"pneumona":   "pneumonia", // missing
		"pneumoniaa": "pneumonia", // extra
		"diabetis":   "diabetes",  // wrong
		"migrane":    "migraine migrans",
		// A word part of the opposite meaning is no slip.
		"macrocephalic": "macrocephalia",
		"dysphasia":     "",
		"dysphagai":     "dysphagia",
	} {
		var got []string
		for _, w := range ix.typos(typed, nil) {
			got = append(got, ix.vocab.At(int(w)))
		}
		if strings.Join(got, " ") != want {
			t.Errorf("typos(%q) = %v, want %s", typed, got, want)
		}
	}
}

// TestPlurals: a plural reads as its singular, "-eys" and "-ays" too
// ("kidneys" is kidney, "x-rays" x-ray), while words that end in s as
// their singular keep it.
func TestPlurals(t *testing.T) {
	for w, want := range map[string]string{"kidneys": "kidney", "rays": "ray", "cysts": "cyst", "arteries": "artery",
		"lungs": "lung", "dialysis": "dialysis", "abscess": "abscess", "virus": "virus",
		"feet": "foot", "teeth": "tooth", "testes": "testis", "calculi": "calculus"} {
		if got := plural(w); got != want {
			t.Errorf("plural(%q) = %q, want %q", w, got, want)
		}
	}
}

// selectTop keeps, of candidates that score the same, the first touched,
// whatever order they come in.
func TestSelectTopBreaksTiesByRank(t *testing.T) {
	base := []cand{{p: 10, score: 5, rank: 0}, {p: 11, score: 3, rank: 1}, {p: 12, score: 3, rank: 2},
		{p: 13, score: 3, rank: 3}, {p: 14, score: 3, rank: 4}, {p: 15, score: 1, rank: 5}, {p: 16, score: 3, rank: 6}}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		c := slices.Clone(base)
		rng.Shuffle(len(c), func(i, j int) { c[i], c[j] = c[j], c[i] })
		selectTop(c, 3)
		var got []uint32
		for _, x := range c[:3] {
			got = append(got, x.p)
		}
		slices.Sort(got)
		if !slices.Equal(got, []uint32{10, 11, 12}) {
			t.Fatalf("kept %v, want [10 11 12]", got)
		}
	}
}

// A lone "a" is the letter A after the words it names a kind of and first
// in an Index level, the article anywhere else. want marks each token: A
// the letter, - another word.
func TestLetterA(t *testing.T) {
	for _, tt := range []struct {
		text  string
		index bool
		want  string
	}{
		{"hepatitis A", false, "-A"},
		{"Vitamin A deficiency", false, "-A-"},
		{"flu a positive", false, "-A-"},
		{"Influenza (unidentified influenza virus) > A (non-novel)", false, "----A---"},
		{"A (non-novel)", true, "A---"},
		{"A, as cause of disease classified elsewhere", true, "A------"},
		{"Hepatitis > viral > type > A > with hepatic coma", false, "---A---"},
		// The article.
		{"Esotropia > A pattern", false, "---"},
		{"A pattern", true, "--"},
		// The article.
		{"A (non-novel)", false, "----"},
		{"a 45-year-old man", true, "------"},
		{"had the flu a few days ago", false, "-------"},
		{"a", false, "-"},
	} {
		got := ""
		eachToken(tt.text, tt.index, func(tk token) {
			if tk.text == LetterA {
				got += "A"
			} else {
				got += "-"
			}
		})
		if got != tt.want {
			t.Errorf("%q (index %v): got %s, want %s", tt.text, tt.index, got, tt.want)
		}
	}
}
