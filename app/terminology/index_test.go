package terminology

import (
	"errors"
	"strings"
	"testing"

	"github.com/codebench/codebench/app"
)

const indexSample = `<?xml version="1.0" encoding="utf-8"?>
<ICD10CM.index>
  <version>2023</version>
  <title>MADE-UP INDEX</title>
  <letter>
    <title>Q</title>
    <mainTerm>
      <title>Quibble<nemod>(chronic) (acute)</nemod> NEC</title>
      <code>Q00.-</code>
      <seeAlso>Quarrel</seeAlso>
      <term level="1">
        <title>left</title>
        <code>Q00.1</code>
        <term level="2">
          <title>with wobble</title>
          <code>Q00.1</code>
          <manif>Q01</manif>
        </term>
        <term level="2">
          <title>Note: grades follow the Tabular</title>
          <term level="3">
            <title>grade 1</title>
            <code>Q01</code>
          </term>
        </term>
      </term>
      <term level="1">
        <title>family</title>
        <see>Squabble</see>
      </term>
      <term level="1">
        <title>Note: family quibbles are staged A to B</title>
        <term level="2">
          <title>stage A</title>
          <code>Q01</code>
        </term>
      </term>
    </mainTerm>
  </letter>
</ICD10CM.index>
`

const drugSample = `<?xml version="1.0" encoding="utf-8"?>
<ICD10CM.index>
  <version>2025</version>
  <indexHeading>
    <head col="1">Substance</head>
    <head col="2">Poisoning Accidental (unintentional)</head>
    <head col="3">Adverse effect</head>
  </indexHeading>
  <letter>
    <title>Z</title>
    <mainTerm>
      <title>Zibbledrine</title>
      <cell col="2">Q00.1</cell>
      <cell col="3">--</cell>
      <term level="1"><title>topical</title><cell col="3">Q01</cell></term>
    </mainTerm>
  </letter>
</ICD10CM.index>
`

func TestParseIndex(t *testing.T) {
	ix, err := parseIndex(strings.NewReader(indexSample), "x.xml", 0)
	if err != nil {
		t.Fatal(err)
	}
	if ix.Kind != MainIndex || ix.Year != 2023 || len(ix.Terms) != 1 {
		t.Fatalf("index = %+v", ix)
	}
	q := ix.Terms[0]
	if q.Title != "Quibble NEC" || q.Nemod != "(chronic) (acute)" || q.Code != "Q00.-" || q.SeeAlso != "Quarrel" || len(q.Terms) != 2 {
		t.Errorf("main term = %+v", q)
	}
	if w := q.Terms[0].Terms[0]; w.Title != "with wobble" || w.Manif != "Q01" {
		t.Errorf("level 2 = %+v", w)
	}
	if f := q.Terms[1]; f.See != "Squabble" {
		t.Errorf("see = %+v", f)
	}
	// A note the XML puts beside a subterm, holding the rest of that
	// subterm's subterms, is read as the printed Index has it: the note
	// and its subterms under the subterm. A note that does not name the
	// subterm before it keeps its own (below, in the walk).
	if f := q.Terms[1]; len(f.Terms) != 2 || !strings.HasPrefix(f.Terms[0].Title, "Note:") || len(f.Terms[0].Terms) != 0 || f.Terms[1].Title != "stage A" {
		t.Errorf("family's subterms = %+v", f.Terms)
	}
	var paths []string
	ix.Walk(func(p []*IndexTerm) bool {
		var s []string
		for _, x := range p {
			s = append(s, x.Title)
		}
		paths = append(paths, strings.Join(s, " > "))
		return true
	})
	if strings.Join(paths, "|") != "Quibble NEC|Quibble NEC > left|Quibble NEC > left > with wobble|Quibble NEC > left > Note: grades follow the Tabular|Quibble NEC > left > Note: grades follow the Tabular > grade 1|Quibble NEC > family|Quibble NEC > family > Note: family quibbles are staged A to B|Quibble NEC > family > stage A" {
		t.Errorf("walk = %q", paths)
	}

	dt, err := parseIndex(strings.NewReader(drugSample), "table.xml", 0)
	if err != nil {
		t.Fatal(err)
	}
	if dt.Kind != DrugTable || dt.Head(2) != "Poisoning Accidental (unintentional)" || len(dt.Terms[0].Cells) != 1 || dt.Terms[0].Terms[0].Cells[0] != (Cell{3, "Q01"}) {
		t.Errorf("drug table = %+v %+v", dt, dt.Terms[0])
	}

	// Refs land on concepts, dash codes on the category.
	s := newSet()
	s.addYear(app.ICD10CM, 2023, []orderRow{{Code: "Q00", Short: "Quibble", Long: "Quibble"}, {Code: "Q001", Billable: true, Short: "Left", Long: "Left quibble"}, {Code: "Q01", Billable: true, Short: "Wobble", Long: "Wobble"}})
	s.indexes[MainIndex], s.indexes[DrugTable] = ix, dt
	s.finish()
	q00 := s.Lookup(app.ICD10CM, "Q00")
	if len(q00.Index) != 1 || q00.Index[0].Code != "Q00.-" || q00.Index[0].Path[0] != "Quibble NEC" {
		t.Errorf("Q00 refs = %+v", q00.Index)
	}
	q001 := s.Lookup(app.ICD10CM, "Q00.1")
	if len(q001.Index) != 3 || q001.Index[2].Kind != DrugTable || q001.Index[2].Column != "Poisoning Accidental (unintentional)" {
		t.Errorf("Q00.1 refs = %+v", q001.Index)
	}
}

func TestParseIndexErrors(t *testing.T) {
	tests := []struct{ name, xml, want string }{
		{"truncated", indexSample[:300], "line 11"},
		{"wrong root", `<ICD10CM.tabular/>`, "want <ICD10CM.index>"},
		{"bad code", strings.Replace(indexSample, "<code>Q00.1</code>", "<code>Q00.1; drop</code>", 1), "line 11"},
		{"bad col", strings.Replace(drugSample, `<cell col="3">Q01`, `<cell col="x">Q01`, 1), "line 15"},
		{"no terms", `<ICD10CM.index><version>2023</version></ICD10CM.index>`, "no <mainTerm>"},
		{"untitled", strings.Replace(indexSample, `<title>Quibble<nemod>(chronic) (acute)</nemod> NEC</title>`, ``, 1), "line 7"},
	}
	for _, tt := range tests {
		_, err := parseIndex(strings.NewReader(tt.xml), "x.xml", 2023)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
}

func TestIndexOfficial(t *testing.T) {
	s := officialSet(t)
	want := map[IndexKind]int{MainIndex: 2023, ExternalIndex: 2025, DrugTable: 2025, NeoplasmTable: 2025, PCSIndex: 2023}
	for k, y := range want {
		ix := s.Index(k)
		if ix == nil || ix.Year != y {
			t.Errorf("%s: %+v, want year %d", k, ix, y)
		}
	}
	if n := len(s.IndexTerms()); n != 8060 {
		t.Errorf("%d main terms, want 8060", n)
	}
	// The lay-word routes the search engine walks.
	found := map[string]bool{}
	s.Index(MainIndex).Walk(func(p []*IndexTerm) bool {
		t := p[len(p)-1]
		if len(p) == 2 && p[0].Title == "Attack, attacks" && t.Title == "heart" {
			found["heart attack → "+t.See] = true
		}
		if len(p) == 3 && p[0].Title == "Failure, failed" && p[1].Title == "heart" && t.Title == "systolic" {
			found["heart failure systolic "+t.Code] = true
		}
		if len(p) == 1 && strings.HasPrefix(t.Title, "Conjunctivitis") {
			found["conjunctivitis "+t.Code] = true
		}
		return true
	})
	if !found["heart attack → infarct, myocardium"] || !found["conjunctivitis H10.9"] || !found["heart failure systolic I50.20"] {
		t.Errorf("walk found %v", found)
	}
	i219 := s.Lookup(app.ICD10CM, "I21.9")
	hasInfarct := false
	for _, r := range s.IndexRefs(i219) {
		if r.Kind == MainIndex && r.Path[0] == "Infarct, infarction" {
			hasInfarct = true
		}
	}
	if !hasInfarct {
		t.Errorf("I21.9 index refs = %+v", s.IndexRefs(i219))
	}
	// Drug table cells and PCS index codes land on concepts too.
	var drug, pcs bool
	for _, c := range s.Concepts(app.ICD10CM) {
		for _, r := range s.IndexRefs(c) {
			drug = drug || r.Kind == DrugTable && r.Column != ""
		}
	}
	for _, r := range s.IndexRefs(s.Lookup(app.ICD10PCS, "0UT")) {
		pcs = pcs || r.Kind == PCSIndex
	}
	if !drug || !pcs {
		t.Errorf("drug refs %v, PCS refs on 0UT %v", drug, pcs)
	}
}
