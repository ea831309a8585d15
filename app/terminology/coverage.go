package terminology

import (
	"fmt"
	"path"
	"strings"

	"github.com/codebench/codebench/app"
)

// MissingYears lists the fiscal years from FirstYear through through in
// which s holds no sys codes (for ICD-10-CM and ICD-10-PCS, whose order
// files come one per fiscal year): what a partial download or build left
// out. through is usually CurrentFiscalYear(Releases); a set holding a
// newer year is checked up to that year.
func (s *Set) MissingYears(sys app.System, through int) []int {
	have := map[int]bool{}
	for _, fy := range s.FiscalYears(sys) {
		have[fy] = true
		through = max(through, fy)
	}
	var out []int
	for fy := FirstYear; fy <= through; fy++ {
		if !have[fy] {
			out = append(out, fy)
		}
	}
	return out
}

// HasYear reports whether s holds sys codes for fiscal year fy.
func (s *Set) HasYear(sys app.System, fy int) bool {
	for _, y := range s.FiscalYears(sys) {
		if y == fy {
			return true
		}
	}
	return false
}

// RequireYear checks that s holds the ICD-10-CM and ICD-10-PCS codes of
// fiscal year fy; the error is ErrCurrentYearMissing naming what lacks.
func (s *Set) RequireYear(fy int) error {
	var lack []string
	for _, sys := range []app.System{app.ICD10CM, app.ICD10PCS} {
		if !s.HasYear(sys, fy) {
			lack = append(lack, sys.Label())
		}
	}
	if len(lack) == 0 {
		return nil
	}
	return fmt.Errorf("%w: no FY%d %s order file among the release files: fetch them (codebench terms fetch --out DIR) or download them from CMS (%s)",
		ErrCurrentYearMissing, fy, strings.Join(lack, " or "), releaseURLs(fy))
}

// releaseURLs names the pinned downloads of year fy's order files.
func releaseURLs(fy int) string {
	var urls []string
	for _, r := range Releases {
		if _, y, ok := r.OrderFile(); ok && y == fy {
			urls = append(urls, r.URL)
		}
	}
	if len(urls) == 0 {
		return "https://www.cms.gov/medicare/coding-billing/icd-10-codes"
	}
	return strings.Join(urls, ", ")
}

// YearCount is one system's number of codes in one fiscal year before
// and after an import.
type YearCount struct {
	System        app.System
	Year          int
	Before, After int // Before is 0 for a year the code sets did not hold
}

// Dropped is how many codes the import took away from the year.
func (c YearCount) Dropped() int { return max(0, c.Before-c.After) }

// String is e.g. "ICD-10-CM FY2026: 98186 → 98186 codes".
func (c YearCount) String() string {
	codes := "codes"
	if c.After == 1 {
		codes = "code"
	}
	if c.Before == 0 {
		return fmt.Sprintf("%s FY%d: new, %d %s", c.System.Label(), c.Year, c.After, codes)
	}
	return fmt.Sprintf("%s FY%d: %d → %d %s", c.System.Label(), c.Year, c.Before, c.After, codes)
}

// shrinkLimit is how many codes an import may take away from a fiscal
// year the code sets already hold without --force: 0.5% of the year,
// at most 50. Re-importing a year's release (a corrected "updated" order
// file, a later HCPCS quarter) changes a handful of codes; an order file
// cut short at a line's end, or the wrong file, drops hundreds or
// thousands (the probe's cut file dropped FY2026 from 98,186 to 49,697).
// The cap keeps a cut of the last chapter (hundreds of codes in a
// 98,000-code year) from passing as 0.5%; the fraction keeps a small
// year from losing a tenth of its codes unremarked.
func shrinkLimit(before int) int { return min(50, before/200) }

// yearCounts counts each system's codes per fiscal year.
func yearCounts(s *Set) map[app.System]map[int]int {
	out := map[app.System]map[int]int{}
	for _, st := range s.Stats() {
		if out[st.System] == nil {
			out[st.System] = map[int]int{}
		}
		out[st.System][st.Year] = st.Total
	}
	return out
}

// sourceName is the base name of an imported file ("cms_2026_dx.zip!
// icd10cm_order_2026.txt"): what the audit trail keeps of it, without
// the folders they were in.
func sourceName(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	outer, inner, ok := strings.Cut(name, "!")
	if !ok {
		return path.Base(outer)
	}
	return path.Base(outer) + "!" + path.Base(inner)
}
