package suggest

import (
	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"
	"github.com/codebench/codebench/app/terminology/search"
)

// inYear carries hits for the newest code set into fiscal year fy. The
// Alphabetic Index is one recent edition, not the one of an older date of
// service: there it leads to codes created since ("Depression" → F32.A, new in FY2022;
// "Headache" → R51.9, FY2021), where the coder of that year assigned the
// code they replaced (F32.9, R51). Such a hit becomes the code the
// conversion table names as its previous assignment, else its nearest
// ancestor billable in fy (a subcategory that was a billable code before
// it was expanded). Hits with neither are dropped, as are repeats.
func (e *Engine) inYear(hits []search.Hit, fy int) []search.Hit {
	out := make([]search.Hit, 0, len(hits))
	seen := map[string]bool{}
	for _, h := range hits {
		c := h.Concept
		if c == nil {
			continue
		}
		if !c.Billable.Has(fy) {
			c = e.previousCode(c.Code, fy)
			if c == nil {
				continue
			}
			h.Concept, h.Code, h.Valid, h.Billable = c, c.Code, c.Valid, c.Billable
		}
		if seen[c.Code] {
			continue
		}
		seen[c.Code] = true
		out = append(out, h)
	}
	return out
}

// previousCode is the ICD-10-CM code billable in fy that a newer code
// replaced: the conversion table's previous assignment when it names one
// code billable in fy, else the nearest ancestor billable in fy, else nil.
func (e *Engine) previousCode(code string, fy int) *terminology.Concept {
	for _, row := range e.set.Conversions(code) {
		if row.Current != code {
			continue
		}
		var only *terminology.Concept
		n := 0
		for _, p := range row.Previous {
			if c := e.set.Lookup(app.ICD10CM, p); c != nil && c.Billable.Has(fy) {
				only = c
				n++
			}
		}
		if n == 1 {
			return only
		}
	}
	for c := e.set.Lookup(app.ICD10CM, code); c != nil && c.Parent != ""; {
		c = e.set.Lookup(app.ICD10CM, c.Parent)
		if c != nil && c.Billable.Has(fy) {
			return c
		}
	}
	return nil
}
