package terminology

import (
	"errors"
	"strings"
	"testing"

	"github.com/codebench/codebench/app"
)

// tabularSample is a made-up Tabular List in the CDC layout.
const tabularSample = `<?xml version="1.0" encoding="utf-8"?>
<ICD10CM.tabular>
  <version>2023</version>
  <chapter>
    <name>1</name>
    <desc>Made-up diseases (Q00-Q09)</desc>
    <includes><note>things made up for tests</note></includes>
    <sectionIndex>
      <sectionRef first="Q00" last="Q09" id="Q00-Q09"> Made-up block </sectionRef>
    </sectionIndex>
    <section id="Q00-Q09">
      <desc>Made-up block (Q00-Q09)</desc>
      <excludes2><note>real diseases (A00-Z99)</note></excludes2>
      <diag>
        <name>Q00</name>
        <desc>Made-up fracture</desc>
        <excludes1><note>pretend fracture (Q01.-)</note><note>other</note></excludes1>
        <codeFirst><note>underlying made-up condition</note></codeFirst>
        <sevenChrNote><note>The appropriate 7th character is to be added to each code from category Q00:</note></sevenChrNote>
        <sevenChrDef>
          <extension char="A">initial encounter</extension>
          <extension char="D">subsequent encounter</extension>
        </sevenChrDef>
        <diag>
          <name>Q00.1</name>
          <desc>Made-up fracture of the left</desc>
          <inclusionTerm><note>Left made-up break</note></inclusionTerm>
          <useAdditionalCode><note>code for the made-up cause</note></useAdditionalCode>
          <codeAlso><note>any made-up wound</note></codeAlso>
          <notes><note>A note.</note></notes>
        </diag>
      </diag>
    </section>
  </chapter>
</ICD10CM.tabular>
`

func TestParseTabular(t *testing.T) {
	tb, err := parseTabular(strings.NewReader(tabularSample), 0)
	if err != nil {
		t.Fatal(err)
	}
	if tb.year != 2023 || len(tb.chapters) != 1 || len(tb.sections) != 1 || len(tb.diags) != 2 {
		t.Fatalf("got year %d, %d chapters, %d sections, %d diags", tb.year, len(tb.chapters), len(tb.sections), len(tb.diags))
	}
	ch, sec := tb.chapters[0], tb.sections[0]
	if ch.ID != "1" || ch.First != "Q00" || ch.Last != "Q09" || len(ch.Notes) != 1 || ch.Notes[0].Kind != Includes {
		t.Errorf("chapter = %+v", ch)
	}
	if sec.ID != "Q00-Q09" || sec.Chapter != "1" || sec.Notes[0].Kind != Excludes2 {
		t.Errorf("section = %+v", sec)
	}
	q00 := tb.diags[0]
	if q00.code != "Q00" || len(q00.seventh) != 2 || q00.seventh[1] != (SevenChr{Char: "D", Title: "subsequent encounter"}) {
		t.Errorf("Q00 = %+v", q00)
	}
	kinds := func(ns []Note) (out []NoteKind) {
		for _, n := range ns {
			out = append(out, n.Kind)
			if n.Year != 2023 {
				t.Errorf("note year %d", n.Year)
			}
		}
		return out
	}
	if got := kinds(q00.notes); strings.Join(toStrings(got), ",") != "excludes1,codeFirst,sevenChrNote" {
		t.Errorf("Q00 notes = %v", got)
	}
	if len(q00.notes[0].Texts) != 2 || q00.notes[0].Texts[0] != "pretend fracture (Q01.-)" {
		t.Errorf("Q00 excludes1 = %+v", q00.notes[0])
	}
	if got := kinds(tb.diags[1].notes); strings.Join(toStrings(got), ",") != "inclusionTerm,useAdditionalCode,codeAlso,notes" {
		t.Errorf("Q00.1 notes = %v", got)
	}
}

func toStrings(k []NoteKind) []string {
	out := make([]string, len(k))
	for i, x := range k {
		out[i] = string(x)
	}
	return out
}

func TestParseTabularErrors(t *testing.T) {
	tests := []struct{ name, xml, want string }{
		{"truncated", tabularSample[:len(tabularSample)/2], "line "},
		{"wrong root", `<ICD10CM.index><version>2023</version></ICD10CM.index>`, "want <ICD10CM.tabular>"},
		{"bad code", strings.Replace(tabularSample, "<name>Q00.1</name>", "<name>not a code!</name>", 1), "line 24"},
		{"bad version", strings.Replace(tabularSample, "<version>2023</version>", "<version>soon</version>", 1), "line 3"},
		{"no chapters", `<ICD10CM.tabular><version>2023</version></ICD10CM.tabular>`, "no <chapter>"},
		{"bad 7th", strings.Replace(tabularSample, `char="D"`, `char="DD"`, 1), "line 22"},
	}
	for _, tt := range tests {
		_, err := parseTabular(strings.NewReader(tt.xml), 2023)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
}

func TestTabularOfficial(t *testing.T) {
	s := officialSet(t)
	if n := len(s.Chapters()); n != 22 {
		t.Errorf("%d chapters, want 22", n)
	}
	if n := len(s.Sections()); n < 250 {
		t.Errorf("%d sections", n)
	}
	e119 := s.Lookup(app.ICD10CM, "E11.9")
	if e119.Chapter != "4" || e119.Section != "E08-E13" {
		t.Errorf("E11.9 in chapter %q section %q", e119.Chapter, e119.Section)
	}
	notes := s.NotesFor(e119)
	var fromE11, fromSection, fromChapter bool
	for _, n := range notes {
		if n.Year != 2023 {
			t.Errorf("note year %d, want 2023 (the Tabular List's)", n.Year)
		}
		switch n.From {
		case "E11":
			fromE11 = fromE11 || n.Kind == UseAdditionalCode
		case "E08-E13":
			fromSection = true
		case "Chapter 4":
			fromChapter = true
		}
	}
	if !fromE11 || !fromChapter {
		t.Errorf("E11.9 notes miss inherited ones (E11 use additional %v, section %v, chapter %v): %+v", fromE11, fromSection, fromChapter, notes)
	}
	// AllNotes yields them in NotesFor's order, and stops when asked.
	k := 0
	for n := range s.AllNotes(e119) {
		if k == len(notes) || n.Kind != notes[k].Kind || n.From != notes[k].From {
			t.Errorf("AllNotes(E11.9) note %d: %+v, NotesFor has %d notes", k, n, len(notes))
			break
		}
		k++
		if k == 2 {
			break
		}
	}
	if k != 2 {
		t.Errorf("AllNotes(E11.9) gave %d notes before the break, want 2", k)
	}
	defs, from := s.SeventhFor(s.Lookup(app.ICD10CM, "S52.501A"))
	if from != "S52" || len(defs) < 10 || defs[0].Char != "A" {
		t.Errorf("S52.501A 7th characters from %q: %+v", from, defs)
	}
	// A code created after FY2023 still finds its chapter and inherited notes.
	if c := s.Lookup(app.ICD10CM, "E11.A"); c != nil && (c.Chapter != "4" || len(s.NotesFor(c)) == 0) {
		t.Errorf("E11.A (FY2025) chapter %q notes %d", c.Chapter, len(s.NotesFor(c)))
	}
	// Every diag of the FY2023 Tabular List is a code of the FY2023 order file.
	for _, c := range s.Concepts(app.ICD10CM) {
		if len(c.Notes) > 0 && !c.Valid.Has(2023) {
			t.Errorf("%s has notes but is not a FY2023 code", c.Code)
		}
	}
}
