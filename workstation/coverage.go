package workstation

import (
	"strings"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/codeset"
	"github.com/codebench/codebench/app/terminology"
)

// ImportHint says how to add what Missing names.
const ImportHint = "import the CMS/CDC release files with File → Import code-set release… or `codebench terms import FILE...` (`codebench terms fetch --out DIR` downloads them)"

// Missing names what the code sets lack of the official releases this
// build knows (terminology.Releases): the ICD-10-CM and ICD-10-PCS fiscal
// years from FY2016 through the current one, HCPCS Level II, the Tabular
// List, the index books and tables, the POA-exempt list, the conversion
// table and the Official Guidelines; nil when nothing is missing. A pack
// built from a partial download says here what it lacks.
func Missing(s *terminology.Set) []string {
	cur := terminology.CurrentFiscalYear(terminology.Releases)
	var out []string
	for _, sys := range []app.System{app.ICD10CM, app.ICD10PCS} {
		if ys := s.MissingYears(sys, cur); len(ys) > 0 {
			out = append(out, sys.Label()+" "+codeset.YearsOf(ys).Runs())
		}
	}
	if len(s.FiscalYears(app.HCPCS)) == 0 {
		out = append(out, app.HCPCS.Label())
	}
	if len(s.Chapters()) == 0 {
		out = append(out, "Tabular List notes")
	}
	has := map[terminology.IndexKind]bool{}
	for _, b := range s.IndexBooks() {
		has[b.Kind] = true
	}
	for _, k := range []terminology.IndexKind{terminology.MainIndex, terminology.ExternalIndex, terminology.DrugTable, terminology.NeoplasmTable, terminology.PCSIndex} {
		if !has[k] {
			out = append(out, IndexName(k))
		}
	}
	if s.POAYear(0) == 0 {
		out = append(out, "POA-exempt list")
	}
	if len(s.AllConversions()) == 0 {
		out = append(out, "conversion table")
	}
	if len(s.GuidelineEditions()) == 0 {
		out = append(out, "Official Guidelines")
	}
	return out
}

// MissingNote is one sentence for the window and `terms stats`: what the
// code sets lack and how to import it; "" when nothing is missing.
func MissingNote(s *terminology.Set) string {
	m := Missing(s)
	if len(m) == 0 {
		return ""
	}
	return "Not in these code sets: " + strings.Join(m, "; ") + ". To add them, " + ImportHint + "."
}

// Missing is MissingNote for the loaded code sets.
func (c *CodeSets) Missing() string { return MissingNote(c.Set) }
