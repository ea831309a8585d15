package codeset

import (
	"testing"

	"github.com/codebench/codebench/app"
)

func TestBillableAndValidIn(t *testing.T) {
	fy := func(ys ...int) (y Years) {
		for _, v := range ys {
			y = y.With(v)
		}
		return y
	}
	cases := []struct {
		name            string
		c               Concept
		year            int
		billable, valid bool
	}{
		{"CM billable that year", Concept{System: app.ICD10CM, Code: "E119", Valid: fy(2025, 2026), Billable: fy(2025, 2026)}, 2026, true, true},
		{"CM header", Concept{System: app.ICD10CM, Code: "E11", Valid: fy(2026)}, 2026, false, true},
		{"CM billable before it became a header", Concept{System: app.ICD10CM, Code: "E1110", Valid: fy(2019, 2020), Billable: fy(2019)}, 2020, false, true},
		{"CM not in that year", Concept{System: app.ICD10CM, Code: "U071", Valid: fy(2021), Billable: fy(2021)}, 2019, false, false},
		{"PCS valid code", Concept{System: app.ICD10PCS, Code: "0DTJ4ZZ", Valid: fy(2026), Billable: fy(2026)}, 2026, true, true},
		// HCPCS is one calendar quarter: a code counts by its dates.
		{"HCPCS in its release", Concept{System: app.HCPCS, Code: "J1100", Valid: fy(2026), Billable: fy(2026)}, 2026, true, true},
		{"HCPCS two years on", Concept{System: app.HCPCS, Code: "J1100", Valid: fy(2026), Billable: fy(2026)}, 2028, true, true},
		{"HCPCS three years on", Concept{System: app.HCPCS, Code: "J1100", Valid: fy(2026), Billable: fy(2026)}, 2029, false, false},
		{"HCPCS before its release, no date", Concept{System: app.HCPCS, Code: "J1100", Valid: fy(2026), Billable: fy(2026)}, 2024, false, false},
		{"HCPCS effective October 2019", Concept{System: app.HCPCS, Code: "J1100", Valid: fy(2026), Billable: fy(2026), Effective: "2019-10-01"}, 2020, true, true},
		{"HCPCS effective October 2019, FY2019", Concept{System: app.HCPCS, Code: "J1100", Valid: fy(2026), Billable: fy(2026), Effective: "2019-10-01"}, 2019, false, false},
		{"HCPCS terminated", Concept{System: app.HCPCS, Code: "G0000", Valid: fy(2026), Billable: fy(2026), Termination: "2025-12-31"}, 2027, false, false},
		{"HCPCS modifier", Concept{System: app.HCPCS, Code: "25", Valid: fy(2026), Modifier: true}, 2026, false, true},
	}
	for _, c := range cases {
		if got := c.c.BillableIn(c.year); got != c.billable {
			t.Errorf("%s: BillableIn(%d) = %v, want %v", c.name, c.year, got, c.billable)
		}
		if got := c.c.ValidIn(c.year); got != c.valid {
			t.Errorf("%s: ValidIn(%d) = %v, want %v", c.name, c.year, got, c.valid)
		}
	}
}

func TestDisplayAndCanonical(t *testing.T) {
	for _, c := range []struct {
		sys             app.System
		typed, canon, d string
	}{
		{app.ICD10CM, "e11.9", "E119", "E11.9"},
		{app.ICD10CM, "I21.-", "I21", "I21"},
		{app.ICD10PCS, "0dtj4zz", "0DTJ4ZZ", "0DTJ4ZZ"},
		{app.HCPCS, " j1100 ", "J1100", "J1100"},
	} {
		if got := Canonical(c.typed); got != c.canon {
			t.Errorf("Canonical(%q) = %q, want %q", c.typed, got, c.canon)
		}
		if got := Display(c.sys, c.canon); got != c.d {
			t.Errorf("Display(%s, %q) = %q, want %q", c.sys, c.canon, got, c.d)
		}
	}
}

func TestTitleIn(t *testing.T) {
	c := Concept{Titles: []Title{
		{Years: Years(0).With(2016).With(2017), Long: "old title"},
		{Years: Years(0).With(2018), Long: "new title"},
	}}
	if got := c.TitleIn(2017).Long; got != "old title" {
		t.Errorf("TitleIn(2017) = %q", got)
	}
	if got := c.TitleIn(2030).Long; got != "new title" {
		t.Errorf("TitleIn(2030), past the last year, = %q, want the latest", got)
	}
}

// TestYearsRuns: years are written as runs of consecutive years, the one
// form the window, the command line and the edits use.
func TestYearsRuns(t *testing.T) {
	for _, c := range []struct {
		in   []int
		want string
	}{
		{nil, "no year"},
		{[]int{2020}, "FY2020"},
		{[]int{2026, 2016, 2017, 2018, 2019, 2021}, "FY2016–FY2019, FY2021, FY2026"},
	} {
		if got := YearsOf(c.in).Runs(); got != c.want {
			t.Errorf("%v: %q, want %q", c.in, got, c.want)
		}
	}
}
