package terminology

import (
	"testing"

	"github.com/codebench/codebench/app"
)

// The reference counts from ../shared/terminology/README.md: rows of each
// order file (headers included) and billable (CM) or valid (PCS) codes.
var referenceCounts = []Stat{
	{app.ICD10CM, 2016, 91737, 69823}, {app.ICD10PCS, 2016, 72822, 71974},
	{app.ICD10CM, 2017, 93830, 71486}, {app.ICD10PCS, 2017, 76646, 75789},
	{app.ICD10CM, 2018, 94127, 71704}, {app.ICD10PCS, 2018, 79578, 78705},
	{app.ICD10CM, 2019, 94444, 71932}, {app.ICD10PCS, 2019, 79758, 78881},
	{app.ICD10CM, 2020, 94765, 72184}, {app.ICD10PCS, 2020, 78439, 77559},
	{app.ICD10CM, 2021, 95358, 72621}, {app.ICD10PCS, 2021, 79026, 78136},
	{app.ICD10CM, 2022, 95528, 72750}, {app.ICD10PCS, 2022, 79122, 78227},
	{app.ICD10CM, 2023, 96795, 73674}, {app.ICD10PCS, 2023, 79431, 78530},
	{app.ICD10CM, 2024, 97296, 74044}, {app.ICD10PCS, 2024, 79543, 78638},
	{app.ICD10CM, 2025, 97584, 74260}, {app.ICD10PCS, 2025, 79856, 78948},
	{app.ICD10CM, 2026, 98186, 74719}, {app.ICD10PCS, 2026, 80029, 79115},
}

func TestReferenceCountsAll22OrderFiles(t *testing.T) {
	s := fullImport(t)
	got := map[[2]any]Stat{}
	for _, st := range s.Stats() {
		got[[2]any{st.System, st.Year}] = st
	}
	for _, want := range referenceCounts {
		g, ok := got[[2]any{want.System, want.Year}]
		if !ok {
			t.Errorf("%s FY%d: not imported", want.System, want.Year)
			continue
		}
		if g.Total != want.Total || g.Billable != want.Billable {
			t.Errorf("%s FY%d: rows %d billable %d, want %d and %d", want.System, want.Year, g.Total, g.Billable, want.Total, want.Billable)
		}
	}
	for _, sys := range []app.System{app.ICD10CM, app.ICD10PCS} {
		ys := s.FiscalYears(sys)
		if len(ys) != 11 || ys[0] != 2016 || ys[10] != 2026 {
			t.Errorf("%s years = %v, want 2016-2026", sys, ys)
		}
	}
}

func TestOrderFileHierarchyAndTitles(t *testing.T) {
	s := officialSet(t)
	tests := []struct {
		code, parent, title string
		fy                  int
		billable            bool
	}{
		{"E11.9", "E11", "Type 2 diabetes mellitus without complications", 2026, true},
		{"e119", "E11", "Type 2 diabetes mellitus without complications", 2016, true},
		{"E11", "", "Type 2 diabetes mellitus", 2026, false},
		// Placeholder X: S52.501A hangs under S52.501, which exists.
		{"S52.501A", "S52501", "Unspecified fracture of the lower end of right radius, initial encounter for closed fracture", 2026, true},
		// T51.0X1A: its nearest existing ancestor.
		{"T51.0X1A", "T510X1", "Toxic effect of ethanol, accidental (unintentional), initial encounter", 2026, true},
	}
	for _, tt := range tests {
		c := s.Lookup(app.ICD10CM, tt.code)
		if c == nil {
			t.Errorf("%s: not found", tt.code)
			continue
		}
		if c.Parent != tt.parent {
			t.Errorf("%s: parent %q, want %q", tt.code, c.Parent, tt.parent)
		}
		if got := c.TitleIn(tt.fy).Long; got != tt.title {
			t.Errorf("%s FY%d: title %q, want %q", tt.code, tt.fy, got, tt.title)
		}
		if c.Billable.Has(tt.fy) != tt.billable {
			t.Errorf("%s FY%d: billable %v", tt.code, tt.fy, !tt.billable)
		}
	}
	// A code deleted after FY2016 keeps its years and hierarchy.
	anc := s.Ancestors(s.Lookup(app.ICD10CM, "S52.501A"))
	if len(anc) == 0 || anc[0].Code != "S52" {
		t.Errorf("ancestors of S52.501A start at %v, want S52", anc)
	}
	// PCS: 7-character codes under their 3-character table.
	p := s.Lookup(app.ICD10PCS, "0DTJ4ZZ")
	if p == nil || p.Parent != "0DT" || !p.Billable.Has(2026) {
		t.Fatalf("0DTJ4ZZ = %+v", p)
	}
	// Title history: codes whose title changed keep every version.
	changed := 0
	for _, c := range s.Concepts(app.ICD10CM) {
		if len(c.Titles) > 1 {
			changed++
		}
	}
	if changed == 0 {
		t.Error("no ICD-10-CM title changed between FY2016 and FY2026; title history is lost")
	}
	cs := s.Concepts(app.ICD10CM)
	if cs[0].Code != "A00" || cs[1].Code != "A000" {
		t.Errorf("order starts %s %s, want A00 A000", cs[0].Code, cs[1].Code)
	}
}
