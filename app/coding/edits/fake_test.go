package edits

import (
	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"
)

// fakeTerms is a small hand-built code set for unit tests of the rules; the
// real-data tests run the same rules over the official files.
type fakeTerms struct {
	by   map[app.System]map[string]*terminology.Concept
	poa  map[string]bool
	poaY int
	conv []terminology.Conversion
}

func years(from, to int) terminology.Years {
	var y terminology.Years
	for fy := from; fy <= to; fy++ {
		y = y.With(fy)
	}
	return y
}

var all = years(2016, 2026)

func newFake() *fakeTerms {
	return &fakeTerms{by: map[app.System]map[string]*terminology.Concept{}, poa: map[string]bool{}, poaY: 2026}
}

// add puts a concept in; billable 0 makes a header.
func (f *fakeTerms) add(sys app.System, code string, valid, billable terminology.Years, title string) *terminology.Concept {
	m := f.by[sys]
	if m == nil {
		m = map[string]*terminology.Concept{}
		f.by[sys] = m
	}
	c := &terminology.Concept{System: sys, Code: terminology.Canonical(code), Valid: valid, Billable: billable,
		Titles: []terminology.Title{{Years: valid, Short: title, Long: title}}}
	m[c.Code] = c
	return c
}

func (f *fakeTerms) cm(code, title string) *terminology.Concept {
	return f.add(app.ICD10CM, code, all, all, title)
}

func (f *fakeTerms) header(code, title string) *terminology.Concept {
	return f.add(app.ICD10CM, code, all, 0, title)
}

func note(kind terminology.NoteKind, texts ...string) terminology.Note {
	return terminology.Note{Kind: kind, Texts: texts, Year: 2023}
}

// link sets parents and children as the importer does: the parent is the
// longest shorter code that exists.
func (f *fakeTerms) link() {
	for _, m := range f.by {
		for _, c := range m {
			c.Parent, c.Children = "", nil
		}
		var codes []string
		for code := range m {
			codes = append(codes, code)
		}
		sortStrings(codes)
		for _, code := range codes {
			c := m[code]
			for n := len(code) - 1; n >= 3; n-- {
				if p := m[code[:n]]; p != nil {
					c.Parent = p.Code
					p.Children = append(p.Children, c.Code)
					break
				}
			}
		}
	}
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

func (f *fakeTerms) Lookup(sys app.System, code string) *terminology.Concept {
	return f.by[sys][terminology.Canonical(code)]
}

func (f *fakeTerms) FiscalYears(sys app.System) []int {
	var y terminology.Years
	for _, c := range f.by[sys] {
		y |= c.Valid
	}
	return y.List()
}

func (f *fakeTerms) Ancestors(c *terminology.Concept) []*terminology.Concept {
	var up []*terminology.Concept
	for p := c.Parent; p != ""; {
		pc := f.by[c.System][p]
		up = append([]*terminology.Concept{pc}, up...)
		p = pc.Parent
	}
	return up
}

func (f *fakeTerms) NotesFor(c *terminology.Concept) []terminology.Note {
	out := append([]terminology.Note(nil), c.Notes...)
	anc := f.Ancestors(c)
	for i := len(anc) - 1; i >= 0; i-- {
		for _, n := range anc[i].Notes {
			n.From = terminology.Display(c.System, anc[i].Code)
			out = append(out, n)
		}
	}
	return out
}

func (f *fakeTerms) SeventhFor(c *terminology.Concept) ([]terminology.SevenChr, string) {
	if len(c.Seventh) > 0 {
		return c.Seventh, terminology.Display(c.System, c.Code)
	}
	anc := f.Ancestors(c)
	for i := len(anc) - 1; i >= 0; i-- {
		if len(anc[i].Seventh) > 0 {
			return anc[i].Seventh, terminology.Display(c.System, anc[i].Code)
		}
	}
	return nil, ""
}

func (f *fakeTerms) POAExempt(code string, fy int) bool { return f.poa[terminology.Canonical(code)] }

func (f *fakeTerms) POAYear(fy int) int { return f.poaY }

func (f *fakeTerms) Conversions(code string) []terminology.Conversion {
	var out []terminology.Conversion
	code = terminology.Canonical(code)
	for _, c := range f.conv {
		hit := c.Current == code
		for _, p := range c.Previous {
			hit = hit || p == code
		}
		if hit {
			out = append(out, c)
		}
	}
	return out
}

// fixture is the fake code set the unit tests use: real codes and titles,
// with the FY2023 Tabular notes that the rules read.
func fixture() *fakeTerms {
	f := newFake()
	e10 := f.header("E10", "Type 1 diabetes mellitus")
	e10.Notes = []terminology.Note{note(terminology.Excludes1, "gestational diabetes (O24.4-)", "type 2 diabetes mellitus (E11.-)")}
	f.cm("E10.9", "Type 1 diabetes mellitus without complications")
	e11 := f.header("E11", "Type 2 diabetes mellitus")
	e11.Notes = []terminology.Note{
		note(terminology.UseAdditionalCode, "code to identify control using:", "insulin (Z79.4)", "oral antidiabetic drugs (Z79.84)"),
		note(terminology.Excludes1, "neonatal diabetes mellitus (P70.2)", "type 1 diabetes mellitus (E10.-)"),
	}
	f.header("E11.0", "Type 2 diabetes mellitus with hyperosmolarity")
	f.cm("E11.00", "Type 2 diabetes mellitus with hyperosmolarity without nonketotic hyperglycemic-hyperosmolar coma (NKHHC)")
	f.cm("E11.01", "Type 2 diabetes mellitus with hyperosmolarity with coma")
	f.header("E11.4", "Type 2 diabetes mellitus with neurological complications")
	f.cm("E11.42", "Type 2 diabetes mellitus with diabetic polyneuropathy")
	f.cm("E11.9", "Type 2 diabetes mellitus without complications")
	// E11.A is new in FY2026; before it, remission was coded E11.9.
	f.add(app.ICD10CM, "E11.A", years(2026, 2026), years(2026, 2026), "Type 2 diabetes mellitus without complications in remission")
	f.conv = append(f.conv, terminology.Conversion{Current: "E11A", Previous: []string{"E119"}, Year: 2026})
	f.header("E85", "Amyloidosis")
	f.cm("E85.1", "Neuropathic heredofamilial amyloidosis")
	g63 := f.cm("G63", "Polyneuropathy in diseases classified elsewhere")
	g63.Notes = []terminology.Note{
		note(terminology.CodeFirst, "underlying disease, such as:", "amyloidosis (E85.-)", "neoplasm (C00-D49)"),
		note(terminology.Excludes1, "polyneuropathy (in):", "diabetes mellitus (E08-E13 with .42)"),
	}
	f.header("Z79", "Long term (current) drug therapy")
	f.cm("Z79.4", "Long term (current) use of insulin")
	// A code deleted after FY2016, replaced by two.
	f.add(app.ICD10CM, "D68.5", years(2016, 2016), years(2016, 2016), "Primary thrombophilia")
	// Injury with 7th characters defined at the category.
	s52 := f.header("S52", "Fracture of forearm")
	s52.Seventh = []terminology.SevenChr{{Char: "A", Title: "initial encounter for closed fracture"}, {Char: "D", Title: "subsequent encounter for closed fracture with routine healing"}, {Char: "S", Title: "sequela"}}
	f.header("S52.5", "Fracture of lower end of radius")
	f.header("S52.50", "Unspecified fracture of the lower end of radius")
	f.header("S52.501", "Unspecified fracture of the lower end of right radius")
	for _, c := range []string{"A", "D", "S"} {
		f.cm("S52.501"+c, "Unspecified fracture of the lower end of right radius, "+c)
	}
	t15 := f.header("T15", "Foreign body on external eye")
	t15.Seventh = []terminology.SevenChr{{Char: "A", Title: "initial encounter"}, {Char: "D", Title: "subsequent encounter"}, {Char: "S", Title: "sequela"}}
	f.header("T15.0", "Foreign body in cornea")
	f.header("T15.00", "Foreign body in cornea, unspecified eye")
	for _, c := range []string{"A", "D", "S"} {
		f.cm("T15.00X"+c, "Foreign body in cornea, unspecified eye, "+c)
	}
	f.header("V03", "Pedestrian injured in collision with car, pick-up truck or van")
	f.header("V03.1", "Pedestrian injured in collision with car, pick-up truck or van in traffic accident")
	f.header("V03.10", "Pedestrian on foot injured in collision with car, pick-up truck or van in traffic accident")
	f.cm("V03.10XA", "Pedestrian on foot injured in collision with car, pick-up truck or van in traffic accident, initial encounter")
	f.poa["Z794"] = true
	f.add(app.ICD10PCS, "0DTJ4ZZ", all, all, "Resection of Appendix, Percutaneous Endoscopic Approach")
	hc := f.add(app.HCPCS, "J1100", years(2025, 2025), years(2025, 2025), "Injection, dexamethasone sodium phosphate, 1 mg")
	hc.Effective = "2000-01-01"
	lt := f.add(app.HCPCS, "LT", years(2025, 2025), 0, "Left side")
	lt.Modifier = true
	f.link()
	return f
}
