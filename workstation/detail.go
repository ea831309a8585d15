package workstation

import (
	"errors"
	"fmt"
	"strings"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/codeset"
	"github.com/codebench/codebench/app/terminology"
	"github.com/codebench/codebench/app/terminology/search"
)

// Crumb is one code or block with its title.
type Crumb struct {
	Code  string // as a coder writes it (E11.9), or a chapter or section id
	Title string
}

// Detail is everything known about one code in one fiscal year: what the
// window's detail pane and `codebench terms show` both show.
type Detail struct {
	Concept *terminology.Concept
	Year    int    // the fiscal year asked for, or the code's latest
	Title   string // long title that year
	Short   string // short title that year
	// Valid and Billable are codeset.Concept.ValidIn and BillableIn.
	Valid, Billable bool
	Chapter         *Crumb  // e.g. {"4", "Endocrine, nutritional and metabolic diseases"}
	Section         *Crumb  // e.g. {"E08-E13", "Diabetes mellitus"}
	Ancestors       []Crumb // top first, excluding the code
	Children        []Crumb // the codes under it valid that year
	Notes           []terminology.Note
	// Seventh are the 7th characters that apply, defined at SeventhFrom
	// in the Tabular List of SeventhYear; NeedsSeventh says the code is
	// incomplete without one.
	Seventh      []terminology.SevenChr
	SeventhFrom  string
	SeventhYear  int
	NeedsSeventh bool
	Index        []terminology.IndexRef
	// POAExempt is set for ICD-10-CM when a POA-exempt list is loaded for
	// the year (POAYear is the list's year).
	POAExempt   *bool
	POAYear     int
	Conversions []terminology.Conversion
}

// Detail describes code sys/code in fiscal year (0: the code's latest
// year). An unknown code is app.ErrNotFound.
func (c *CodeSets) Detail(sys app.System, code string, year int) (Detail, error) {
	k := c.Set.Lookup(sys, code)
	if k == nil {
		return Detail{}, fmt.Errorf("%s is not in the loaded %s code set: %w", codeset.Display(sys, code), sys.Label(), app.ErrNotFound)
	}
	return c.describe(k, year), nil
}

func (c *CodeSets) describe(k *terminology.Concept, year int) Detail {
	s := c.Set
	if year == 0 {
		year = k.Valid.Last()
	}
	t := k.TitleIn(year)
	d := Detail{Concept: k, Year: year, Title: TitleIn(k, year), Short: t.Short,
		Valid: k.ValidIn(year), Billable: k.BillableIn(year), Notes: s.NotesFor(k), Index: s.IndexRefs(k)}
	if ch := s.Chapter(k.Chapter); ch != nil {
		d.Chapter = &Crumb{ch.ID, ch.Title}
	}
	if sec := s.Section(k.Section); sec != nil {
		d.Section = &Crumb{sec.ID, sec.Title}
	}
	for _, a := range s.Ancestors(k) {
		d.Ancestors = append(d.Ancestors, Crumb{codeset.Display(a.System, a.Code), TitleIn(a, year)})
	}
	for _, ch := range s.ChildConcepts(k) {
		if ch.ValidIn(year) {
			d.Children = append(d.Children, Crumb{codeset.Display(ch.System, ch.Code), TitleIn(ch, year)})
		}
	}
	if defs, from := s.SeventhFor(k); len(defs) > 0 {
		d.Seventh, d.SeventhFrom = defs, from
		if fc := s.Lookup(k.System, from); fc != nil {
			for _, n := range fc.Notes {
				d.SeventhYear = n.Year
			}
		}
		if d.SeventhYear == 0 && len(s.Chapters()) > 0 {
			d.SeventhYear = s.Chapters()[0].Year
		}
		d.NeedsSeventh = k.System == app.ICD10CM && len(k.Code) < 7 && !d.Billable
	}
	if k.System == app.ICD10CM {
		if py := s.POAYear(year); py != 0 {
			ex := s.POAExempt(k.Code, year)
			d.POAExempt, d.POAYear = &ex, py
		}
		d.Conversions = s.Conversions(k.Code)
	}
	return d
}

// TitleIn is the title a coder reads for c in fiscal year fy: the long
// title of that year, else of the latest year, else the short one.
func TitleIn(c *terminology.Concept, fy int) string {
	t := c.TitleIn(fy)
	if t.Long == "" {
		t = c.Latest()
	}
	if t.Long != "" {
		return t.Long
	}
	return t.Short
}

// ErrAmbiguous means a code exists in more than one system and the caller
// did not say which.
var ErrAmbiguous = errors.New("the code exists in more than one code system")

// Find looks a typed code up in sys, or, when sys is "", in the only
// system that has it (a dotted code is ICD-10-CM).
func (c *CodeSets) Find(code string, sys app.System) (*terminology.Concept, error) {
	if sys != "" {
		if k := c.Set.Lookup(sys, code); k != nil {
			return k, nil
		}
		return nil, fmt.Errorf("%w: %s is not a %s code in any loaded year", app.ErrNotFound, code, sys.Label())
	}
	var found []*terminology.Concept
	for _, s := range app.Systems {
		if k := c.Set.Lookup(s, code); k != nil {
			found = append(found, k)
		}
	}
	switch {
	case len(found) == 1:
		return found[0], nil
	case len(found) == 0:
		return nil, fmt.Errorf("%w: no code %s in any system or year loaded", app.ErrNotFound, code)
	case strings.Contains(code, "."):
		for _, k := range found {
			if k.System == app.ICD10CM {
				return k, nil
			}
		}
	}
	var names []string
	for _, k := range found {
		names = append(names, k.System.Label())
	}
	return nil, fmt.Errorf("%w: %s is a code in %s", ErrAmbiguous, code, strings.Join(names, " and "))
}

// Hit is one search result as both faces show it.
type Hit struct {
	System   app.System
	Code     string // canonical (E119)
	Title    string // in the year searched, or the code's latest
	Billable bool   // in that year (codeset.Concept.BillableIn)
	Years    []int  // fiscal years the code is valid in
	Why      string // why it matched, e.g. "index: Infarct, myocardium"
}

// Search finds codes in the coder's words. Titles and billability are
// those of q.Year, or of each code's latest year when q.Year is 0.
func (c *CodeSets) Search(q search.Query) ([]Hit, error) {
	ix, err := c.Index()
	if err != nil {
		return nil, err
	}
	return SearchIndex(ix, q), nil
}

// SearchIndex runs q on ix and shows its hits: from their concepts when
// the index has code sets attached, else from what the index itself holds
// (the same titles, years and billability; see StoredIndex).
func SearchIndex(ix *search.Index, q search.Query) []Hit {
	hits := ix.Search(q)
	out := make([]Hit, 0, len(hits))
	for _, h := range hits {
		y := q.Year
		if y == 0 {
			y = h.Valid.Last()
		}
		years := h.Valid.List()
		if years == nil {
			years = []int{}
		}
		hit := Hit{System: h.System, Code: h.Code, Years: years, Why: h.Why}
		if k := h.Concept; k != nil {
			hit.Title, hit.Billable = TitleIn(k, y), k.BillableIn(y)
		} else {
			hit.Title, hit.Billable = ix.TitleIn(h, y), h.Billable.Has(y)
		}
		out = append(out, hit)
	}
	return out
}
