package terminology

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/codebench/codebench/app/intake"
	"github.com/codebench/codebench/internal/testenv"
)

// guidelinePages is a made-up guidelines document in the shape PDFium
// extracts from the published PDF: a first page naming the edition, a
// table of contents with dot leaders, and the text with page headers.
func guidelinePages() []string {
	return []string{
		"ICD-10-CM Official Guidelines for Coding and Reporting\nFY 2030 -- UPDATED April 1, 2030\n(April 1, 2030 - September 30, 2030)\nMade-up preamble.\n",
		"ICD-10-CM Official Guidelines for Coding and Reporting\nFY 2030\nPage 2 of 4\n" +
			"Section I. Conventions and made-up rules ..........................3\n" +
			"A. Conventions for the made-up code set ........................... 3\n" +
			"1. The Index and Tabular ......................................... 3\n" +
			"2. Etiology/manifestation convention (“code first” and “use additional code”\n" +
			"notes) ........................................................... 3\n" +
			"a. Excludes1 ...................................................... 3\n" +
			"Reserved for future guideline expansion ....................... 3\n" +
			"Section II. Selection of Principal Diagnosis ………………………4\n" +
			"H. Uncertain Diagnosis 4\n" +
			"Appendix I ……………………………………………...4\n" +
			"Present on Admission Reporting Guidelines ……………………4\n",
		"ICD-10-CM Official Guidelines for Coding and Reporting\nFY 2030\nPage 3 of 4\n" +
			"Section I. Conventions and made-up rules\n" +
			"The conventions come first.\n" +
			"A. Conventions for the made-up code set\n" +
			"1. The Index and Tabular \n" +
			"Use both the Index and the Tabular List\n" +
			"when locating a code.\n" +
			"2. Etiology/manifestation convention (“code first” and “use \n" +
			"additional code” notes)\n" +
			"Code the etiology first.\n" +
			"a. Excludes1\n" +
			"Never code the two together.\n" +
			"1) Made-up first rule\n" +
			"Rule one text.\n" +
			"(a) Made-up case of rule\n" +
			"one\n" +
			"Case text.\n" +
			"(i)Roman case\n" +
			"Roman text.\n" +
			"2) Made-up second rule\n" +
			"• first bullet\n" +
			"• second bullet\n" +
			"4) Not the next rule, only a line that starts like one\n",
		"ICD-10-CM Official Guidelines for Coding and Reporting\nFY 2030\nPage 4 of 4\n" +
			"Section II. Selection of Principal Diagnosis\n" +
			"The principal diagnosis is made up here.\n" +
			"H.Uncertain Diagnosis\n" +
			"Code it as if it existed.\n" +
			"Appendix I\n" +
			"Present on Admission Reporting Guidelines\n" +
			"Report POA made-up.\n",
	}
}

func TestParseGuidelines(t *testing.T) {
	ed, err := parseGuidelines(guidelinePages())
	if err != nil {
		t.Fatal(err)
	}
	if ed.Year != 2030 || ed.Effective != "2030-04-01" || ed.Pages != 4 || ed.Month() != "April" || ed.Label() != "FY2030, April 1, 2030" {
		t.Errorf("edition %+v, label %q", ed, ed.Label())
	}
	want := []struct{ number, heading, text string }{
		{"I", "Conventions and made-up rules", "The conventions come first."},
		{"I.A", "Conventions for the made-up code set", ""},
		{"I.A.1", "The Index and Tabular", "Use both the Index and the Tabular List when locating a code."},
		{"I.A.2", "Etiology/manifestation convention (“code first” and “use additional code” notes)", "Code the etiology first."},
		{"I.A.2.a", "Excludes1", "Never code the two together."},
		{"I.A.2.a.1", "Made-up first rule", "Rule one text."},
		{"I.A.2.a.1.a", "Made-up case of rule one", "Case text."},
		{"I.A.2.a.1.a.i", "Roman case", "Roman text."},
		{"I.A.2.a.2", "Made-up second rule", "• first bullet\n• second bullet 4) Not the next rule, only a line that starts like one"},
		{"II", "Selection of Principal Diagnosis", "The principal diagnosis is made up here."},
		{"II.H", "Uncertain Diagnosis", "Code it as if it existed."},
		{AppendixI, "Present on Admission Reporting Guidelines", "Report POA made-up."},
	}
	if len(ed.Sections) != len(want) {
		for _, s := range ed.Sections {
			t.Logf("%s %q %q", s.Number, s.Heading, s.Text)
		}
		t.Fatalf("%d sections, want %d", len(ed.Sections), len(want))
	}
	for i, w := range want {
		s := ed.Sections[i]
		if s.Number != w.number || s.Heading != w.heading || s.Text != w.text {
			t.Errorf("section %d: got %s %q %q\nwant %s %q %q", i, s.Number, s.Heading, s.Text, w.number, w.heading, w.text)
		}
	}
	if s := ed.Section("§I.A.2.a.1"); s == nil || s.Page != 3 {
		t.Errorf("Section(§I.A.2.a.1) = %+v", s)
	}
	if got := ed.FullText(ed.Section("I.A.2.a.1")); !strings.Contains(got, "I.A.2.a.1.a Made-up case of rule one\nCase text.") || !strings.Contains(got, "I.A.2.a.1.a.i Roman case") {
		t.Errorf("FullText: %q", got)
	}
}

func TestParseGuidelinesRefusesWhatItCannotCheck(t *testing.T) {
	pages := guidelinePages()
	noEdition := append([]string{"Made-up preamble without a date\n"}, pages[1:]...)
	missing := append([]string(nil), pages...)
	missing[3] = strings.Replace(missing[3], "H.Uncertain Diagnosis", "Uncertain Diagnosis", 1)
	noTOC := []string{pages[0], pages[2], pages[3]}
	for name, p := range map[string][]string{"no edition": noEdition, "TOC entry not in the text": missing, "no table of contents": noTOC, "one page": pages[:1]} {
		if _, err := parseGuidelines(p); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: got %v, want ErrMalformed", name, err)
		}
	}
}

func TestGuidelineCitations(t *testing.T) {
	cases := []struct {
		text string
		want []string
	}{
		{"ICD-10-CM Official Guidelines §I.A.3 (only codes), §I.B.2 (highest number of characters)", []string{"I.A.3", "I.B.2"}},
		{"Guidelines Section II (principal diagnosis), Section IV.G (first-listed diagnosis)", []string{"II", "IV.G"}},
		{"§I.C.20.a.6 (an external cause code can never be principal)", []string{"I.C.20.a.6"}},
		{"Guidelines Appendix I (POA reporting); CDC POA-exempt code list", []string{AppendixI}},
		{"45 CFR §162.1002(c)(3) (ICD-10-PCS for hospital inpatient procedures)", nil},
		{"See Section I.C.15. Diabetes mellitus in pregnancy; §I.A.13, §I.A.13 again", []string{"I.C.15", "I.A.13"}},
		{"§I.A.15 and § IV.H", []string{"I.A.15", "IV.H"}},
	}
	for _, c := range cases {
		if got := GuidelineCitations(c.text); strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%q: got %q, want %q", c.text, got, c.want)
		}
	}
}

func TestNormalizeGuidelineNumber(t *testing.T) {
	for in, want := range map[string]string{
		"I.C.4.a.3": "I.C.4.a.3", "§I.A.15": "I.A.15", "Section IV.H": "IV.H", "section iv.h": "IV.H",
		"i.c.4.A.3": "I.C.4.a.3", "I.C.15.": "I.C.15", "II": "II", "appendix i": AppendixI, "I.C.4.a.6.b.ii": "I.C.4.a.6.b.ii",
	} {
		if got, err := NormalizeGuidelineNumber(in); err != nil || got != want {
			t.Errorf("%q: got %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "V.A", "I.4", "I.C.x", "E11.9", "I.C.4.a.3.a.i.1", "162.1002"} {
		if got, err := NormalizeGuidelineNumber(in); !errors.Is(err, ErrNotGuidelineNumber) {
			t.Errorf("%q: got %q, %v; want ErrNotGuidelineNumber", in, got, err)
		}
	}
}

func TestGuidelinesByYearAndDate(t *testing.T) {
	s := newSet()
	oct, apr := &GuidelineEdition{Year: 2030, Effective: "2029-10-01"}, &GuidelineEdition{Year: 2030, Effective: "2030-04-01"}
	s.addGuidelines(apr)
	s.addGuidelines(oct)
	day := func(d string) time.Time { t, _ := time.Parse(time.DateOnly, d); return t }
	for d, want := range map[string]*GuidelineEdition{"2029-10-01": oct, "2030-03-31": oct, "2030-04-01": apr, "2030-09-30": apr} {
		if got, err := s.GuidelinesOn(day(d)); err != nil || got != want {
			t.Errorf("%s: got %v, %v", d, got, err)
		}
	}
	if got, _ := s.GuidelinesFor(2030); got != apr {
		t.Errorf("GuidelinesFor(2030) = %v, want the April edition", got)
	}
	_, err := s.GuidelinesFor(2023)
	if !errors.Is(err, ErrNoGuidelines) || !strings.Contains(err.Error(), "FY2023") || !strings.Contains(err.Error(), "loaded: FY2030") {
		t.Errorf("FY2023: %v", err)
	}
	if _, err := s.GuidelinesOn(day("2029-09-30")); !errors.Is(err, ErrNoGuidelines) {
		t.Errorf("FY2029 date: %v", err)
	}
}

func FuzzParseGuidelines(f *testing.F) {
	f.Add(strings.Join(guidelinePages(), "\f"))
	f.Add("FY 2030 -- UPDATED October 1, 2029\f1. a ... 2\fSection I. x\n1) y\n(a) z\n(i) w")
	f.Fuzz(func(t *testing.T, doc string) {
		ed, err := parseGuidelines(strings.Split(doc, "\f"))
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error is not ErrMalformed: %v", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, s := range ed.Sections {
			n, err := NormalizeGuidelineNumber(s.Number)
			if err != nil || n != s.Number {
				t.Fatalf("section number %q does not read back (%q, %v)", s.Number, n, err)
			}
			if seen[s.Number] {
				t.Fatalf("section %s twice", s.Number)
			}
			seen[s.Number] = true
			if i := strings.LastIndexByte(s.Number, '.'); i > 0 && !seen[s.Number[:i]] {
				t.Fatalf("section %s before its parent", s.Number)
			}
			if ed.Section(s.Number) != s {
				t.Fatalf("Section(%s) does not find it", s.Number)
			}
		}
	})
}

// The published editions: sections found in each (every level), and of
// those the table-of-contents entries (levels 1 to 4), which the parser
// must all find in the text.
var guidelineCounts = []struct {
	file, label string
	sections    int
	toc         int
}{
	{"icd-10-cm-guidelines-fy2024-october.pdf", "FY2024, October 1, 2023", 484, 226},
	{"icd-10-cm-guidelines-fy2024-april.pdf", "FY2024, April 1, 2024", 484, 226},
	{"icd-10-cm-guidelines-fy2025-october.pdf", "FY2025, October 1, 2024", 485, 226},
	{"icd-10-cm-guidelines-fy2025-april.pdf", "FY2025, April 1, 2025", 485, 226},
	{"icd-10-cm-guidelines-fy2026-october.pdf", "FY2026, October 1, 2025", 490, 227},
}

var (
	glOnce sync.Once
	glSet  *Set
	glErr  error
)

// realGuidelines imports the published guideline PDFs once per process,
// through the PDF engine with a compilation cache kept between runs.
func realGuidelines(t testing.TB) *Set {
	t.Helper()
	d := filepath.Join(testenv.Terminology(t), "guidelines")
	glOnce.Do(func() {
		cache := ""
		if c, err := os.UserCacheDir(); err == nil {
			cache = filepath.Join(c, "codebench-test", "pdfium")
		}
		r := intake.NewReader(cache)
		defer r.Close()
		glSet, glErr = Import(context.Background(), []string{d}, nil, WithPDFReader(r))
	})
	if glErr != nil {
		t.Fatal(glErr)
	}
	return glSet
}

func TestGuidelinesRealEditions(t *testing.T) {
	s := realGuidelines(t)
	eds := s.GuidelineEditions()
	if len(eds) != len(guidelineCounts) {
		t.Fatalf("%d editions, want %d", len(eds), len(guidelineCounts))
	}
	got := map[string]*GuidelineEdition{}
	for _, ed := range eds {
		got[ed.Label()] = ed
	}
	for _, c := range guidelineCounts {
		ed := got[c.label]
		if ed == nil {
			t.Errorf("%s: edition %s not imported", c.file, c.label)
			continue
		}
		toc := 0
		for _, sec := range ed.Sections {
			if sec.Level <= 4 {
				toc++
			}
		}
		t.Logf("%s: %d sections, %d in the table of contents, %d pages", c.label, len(ed.Sections), toc, ed.Pages)
		if len(ed.Sections) != c.sections || toc != c.toc {
			t.Errorf("%s: %d sections (%d in the table of contents), want %d (%d)", c.label, len(ed.Sections), toc, c.sections, c.toc)
		}
	}
	if ys := s.GuidelineYears(); len(ys) != 3 || ys[0] != 2024 || ys[2] != 2026 {
		t.Errorf("years %v", ys)
	}
	fy26, err := s.GuidelinesFor(2026)
	if err != nil {
		t.Fatal(err)
	}
	for num, heading := range map[string]string{
		"I.A.15": "“With”", "I.C.4.a.3": "Diabetes mellitus and the use of insulin, oral hypoglycemics, and injectable non-insulin drugs",
		"II.H": "Uncertain Diagnosis", "IV.H": "Uncertain diagnosis", "I.C.20.a.6": "External cause code can never be a principal diagnosis",
		"I.A.12.a": "Excludes1", "I.B.12": "Reporting Same Diagnosis Code More than Once", AppendixI: "Present on Admission Reporting Guidelines",
	} {
		sec, err := fy26.LookupGuideline(num)
		if err != nil || sec.Heading != heading {
			t.Errorf("FY2026 %s: got %+v, %v; want heading %q", num, sec, err, heading)
		}
	}
	// Every section the edits cite is in every edition.
	for _, ed := range eds {
		for _, num := range []string{"I.A.3", "I.B.2", "I.A.4", "I.A.5", "II", "IV.G", "I.C.20.a.6", "I.A.13", "I.A.12.a", "I.B.7", "I.A.17", AppendixI, "I.B.12"} {
			if ed.Section(num) == nil {
				t.Errorf("%s: %s missing", ed.Label(), num)
			}
		}
	}
	if _, err := fy26.LookupGuideline("I.C.4.a.99"); !errors.Is(err, ErrNoGuidelineSection) || !strings.Contains(err.Error(), "FY2026, October 1, 2025") {
		t.Errorf("missing section: %v", err)
	}
	hits := fy26.Search("insulin pump")
	if len(hits) == 0 || !strings.HasPrefix(hits[0].Number, "I.C.4.a.5") {
		t.Errorf("search insulin pump: %+v", hits)
	}
	// The pack carries them unchanged.
	var buf bytes.Buffer
	if err := s.WritePack(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := LoadPack(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	for i, ed := range back.GuidelineEditions() {
		orig := eds[i]
		if ed.Label() != orig.Label() || ed.Pages != orig.Pages || len(ed.Sections) != len(orig.Sections) {
			t.Fatalf("edition %d: %s, %d sections after the pack; %s, %d before", i, ed.Label(), len(ed.Sections), orig.Label(), len(orig.Sections))
		}
		for j, sec := range ed.Sections {
			if *sec != *orig.Sections[j] {
				t.Fatalf("%s section %d differs after the pack", ed.Label(), j)
			}
		}
	}
}
