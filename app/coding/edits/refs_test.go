package edits

import (
	"testing"
)

func TestParseRefs(t *testing.T) {
	cases := []struct {
		text   string
		match  []string
		nomatc []string
	}{
		{"type 1 diabetes mellitus (E10.-)", []string{"E109", "E1010", "E10"}, []string{"E119", "E1"}},
		{"gestational diabetes (O24.4-)", []string{"O24410", "O244"}, []string{"O2401", "O245"}},
		{"neonatal diabetes mellitus (P70.2)", []string{"P702"}, []string{"P701"}},
		{"endocrine disease, except diabetes (E00-E07, E15-E16, E20-E34)", []string{"E039", "E15", "E162", "E348"}, []string{"E08", "E119", "E35"}},
		{"diabetes mellitus (E08-E13 with .42)", []string{"E1142", "E0842", "E1342"}, []string{"E119", "E1141", "E1443"}},
		{"diabetic (peripheral) angiopathy (E08-E13 with .51-.52)", []string{"E1151", "E1052"}, []string{"E1159", "E1153"}},
		{"skin disorders in diabetes (E08-E13 with .62-)", []string{"E11620", "E10628"}, []string{"E1161"}},
		{"infectious mononucleosis complicated by polyneuropathy (B27.0-B27.9 with fifth character 1)", []string{"B2701", "B2791"}, []string{"B2700", "B2709"}},
		{"code for adverse effect, if applicable, to identify drug (T36-T50 with fifth or sixth character 5)", []string{"T360X5A", "T3695XA", "T505X5D"}, []string{"T360X1A", "T51"}},
		{"poisoning due to drug or toxin, if applicable (T36-T65 with fifth or sixth character 1-4 or 6)", []string{"T360X1A", "T360X4A", "T360X6A"}, []string{"T360X5A"}},
		{"fluency disorder (stuttering) following cerebrovascular disease (I69. with final characters -23)", []string{"I69023", "I69923"}, []string{"I69021"}},
		{"localized abdominal pain (R10.1-R10.3-)", []string{"R1010", "R1011", "R1030", "R102"}, []string{"R100", "R104"}},
		{"atherosclerosis of the extremities (I70.2--I70.7-)", []string{"I70201", "I70799"}, []string{"I7090", "I701"}},
		{"rheumatic fever with heart involvement (I01.0 -I01.9)", []string{"I010", "I019"}, []string{"I00"}},
		{"benign neoplasm of testis (D29.2.-)", []string{"D2920"}, []string{"D293"}},
		{"vitamin B deficiency (E53-)", []string{"E538"}, []string{"E54"}},
		{"hypothyroidism, acquired (E00-E03.-)", []string{"E039", "E00"}, []string{"E04"}},
		{"malignant carcinoid tumors (C7A.0-)", []string{"C7A010"}, []string{"C7B00"}},
		{"histiocytic sarcoma (C96.A)", []string{"C96A"}, []string{"C969"}},
		{"mood disorders (F30.2, F31.2, F31.5, F31.64, F32.3, F33.3)", []string{"F302", "F3164"}, []string{"F3160"}},
		{"open skull fracture (S02.- with 7th character B)", []string{"S02101B", "S0200XB"}, []string{"S0200XA"}},
		// Bare codes, when there is no parenthesized one.
		{"injury to visual cortex S04.04-", []string{"S0404XA"}, []string{"S0403"}},
		{"conditions classified to Q67.0-Q67.4", []string{"Q670", "Q674"}, []string{"Q675"}},
		{"diabetic acidosis - see categories E08-E10, E11, E13 with ketoacidosis", nil, []string{"E119", "E1010"}},
		// Not references, or qualifiers we cannot read: no match at all.
		{"polyneuropathy (in):", nil, []string{"G63"}},
		{"Acute nephritic syndrome (with C3 glomerulopathy) with dense deposit disease (N00.6)", []string{"N006"}, []string{"C3"}},
		{"code to identify the drug (T36-T50 with fifth or sixth character to indicate intent)", nil, []string{"T360X1A"}},
	}
	for _, tc := range cases {
		refs := ParseRefs(tc.text)
		match := func(code string) bool {
			for _, r := range refs {
				if r.Match(code) {
					return true
				}
			}
			return false
		}
		for _, c := range tc.match {
			if !match(c) {
				t.Errorf("%q: %s should match (refs %+v)", tc.text, c, refs)
			}
		}
		for _, c := range tc.nomatc {
			if match(c) {
				t.Errorf("%q: %s should not match (refs %+v)", tc.text, c, refs)
			}
		}
	}
}

// FuzzParseRefs feeds note texts (outside input: the CDC Tabular XML) to
// the parser: it must not panic, and every reference it returns must match
// its own low end when unqualified.
func FuzzParseRefs(f *testing.F) {
	for _, s := range []string{
		"type 1 diabetes mellitus (E10.-)", "(E08-E13 with .42)", "(T36-T50 with fifth or sixth character 1-4 or 6)",
		"(I69. with final characters -23)", "(I70.2--I70.7-)", "S04.04-", "(B27.0-B27.9 with fifth character 1)",
		"(fifth to sixth characters 51)", "(A00-)", "((", "(Z-9)", "(A1 with 5th character 1-)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, r := range ParseRefs(s) {
			if r.q.kind == qualNone && r.Lo <= r.Hi && !r.Match(r.Lo) {
				t.Errorf("%q: ref %+v does not match its own low end", s, r)
			}
			_ = r.Match("")
			_ = r.Match("A")
		}
	})
}
