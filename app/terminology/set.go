package terminology

import (
	"iter"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/codebench/codebench/app"
)

// Set is every code set loaded: ICD-10-CM, ICD-10-PCS and HCPCS concepts
// across fiscal years, the Tabular List chapters, sections, notes and
// 7th characters, the Alphabetic Index, External Cause Index, Drug and
// Neoplasm tables, the PCS Index, the POA-exempt lists and the conversion
// table. A Set is built by Import or LoadPack and is read-only afterwards
// (Merge aside), so it is safe for concurrent readers.
type Set struct {
	systems map[app.System]*system

	chapters  []*Chapter
	sections  []*Section
	chapterBy map[string]*Chapter
	sectionBy map[string]*Section

	indexes map[IndexKind]*Index

	// poa maps a fiscal year to its POA-exempt codes (canonical).
	poa map[int]map[string]bool
	// poaChanges keeps the FY's add/delete lists as published.
	poaAdded, poaDeleted map[int][]string
	poaDerivedYears      map[int]bool

	conversions []Conversion
	convBy      map[string][]int // canonical code (current or previous) → conversions
	convYear    int

	// hcpcsFiles records what each HCPCS file contributed, by year.
	hcpcsRelease map[int]string // year → file quarter label, e.g. "2025 OCT"

	// guidelines are the Official Guidelines editions, oldest first.
	guidelines []*GuidelineEdition

	// loadBooks, when LoadPack left the index books and the codes' index
	// references in the pack, reads them there (books.go); booksInPack
	// runs it once, ensureBooks builds the books' trees once.
	loadBooks func() (*packBooks, error)
	booksScan sync.Once
	inPack    *packBooks
	books     sync.Once
	booksErr  error
}

// system is one code system's concepts: a table read in place from a
// pack (tab), or, when imported or changed, Concepts on the heap (order
// and byCode).
type system struct {
	order  []*Concept
	byCode map[string]*Concept
	tab    *conceptTable

	// sortedOnce makes byCodeOrder, the ordinals of order by code, for
	// RowsWithPrefix on a system on the heap.
	sortedOnce  sync.Once
	byCodeOrder []int
}

func (d *system) len() int {
	if d.tab != nil {
		return d.tab.n
	}
	return len(d.order)
}

// lookup finds a canonical code.
func (d *system) lookup(code string) *Concept {
	if d.tab != nil {
		if i := d.tab.find(code); i >= 0 {
			return d.tab.concept(i)
		}
		return nil
	}
	return d.byCode[code]
}

// concepts is every Concept in order; on a table it builds them all.
func (d *system) concepts() []*Concept {
	if d.tab != nil {
		return d.tab.concepts()
	}
	return d.order
}

// sortedFn returns the ordinal at each position of the code order.
func (d *system) sortedFn() func(k int) int {
	if d.tab != nil {
		return d.tab.sorted
	}
	d.sortedOnce.Do(func() {
		p := make([]int, len(d.order))
		for i := range p {
			p[i] = i
		}
		sort.SliceStable(p, func(a, b int) bool { return d.order[p[a]].Code < d.order[p[b]].Code })
		d.byCodeOrder = p
	})
	return func(k int) int { return d.byCodeOrder[k] }
}

// unpack moves a table's Concepts onto the heap, for Merge and the
// import steps that change them. The Concepts already handed out stay
// the same pointers.
func (d *system) unpack() {
	t := d.tab
	if t == nil {
		return
	}
	d.order = t.concepts()
	d.byCode = make(map[string]*Concept, len(d.order))
	for _, c := range d.order {
		d.byCode[c.Code] = c
	}
	d.tab = nil
	d.sortedOnce = sync.Once{}
	d.byCodeOrder = nil
}

// unpack moves every system's Concepts onto the heap (see system.unpack).
func (s *Set) unpack() {
	for _, d := range s.systems {
		d.unpack()
	}
}

// Stat counts one system's codes in one fiscal year: Total is every row of
// that year's order file, headers included (for HCPCS, codes plus
// modifiers); Billable is the codes valid for HIPAA transactions (for
// ICD-10-PCS, the valid codes; for HCPCS, the codes that are not
// modifiers).
type Stat struct {
	System   app.System `json:"system"`
	Year     int        `json:"year"`
	Total    int        `json:"total"`
	Billable int        `json:"billable"`
}

// Chapter is a Tabular List chapter, e.g. 4 "Endocrine, nutritional and
// metabolic diseases (E00-E89)".
type Chapter struct {
	ID       string   `json:"id"` // "4"
	Title    string   `json:"title"`
	First    string   `json:"first"` // first category, e.g. "E00"
	Last     string   `json:"last"`
	Notes    []Note   `json:"notes,omitempty"`
	Sections []string `json:"sections,omitempty"` // section ids in order
	Year     int      `json:"year"`
}

// Section is a block of categories in a chapter, e.g. "E08-E13".
type Section struct {
	ID      string `json:"id"` // "E08-E13" (or "B10" for a one-category block)
	Title   string `json:"title"`
	First   string `json:"first"`
	Last    string `json:"last"`
	Chapter string `json:"chapter"`
	Notes   []Note `json:"notes,omitempty"`
	Year    int    `json:"year"`
}

// Contains reports whether the category (3-character code) falls in the
// range.
func inRange(cat, first, last string) bool {
	return cat >= first && cat <= last
}

// Conversion is one row of the CDC ICD-10-CM conversion table: a current
// code and the code(s) used for the same condition before it was created.
type Conversion struct {
	Current  string   `json:"current"`   // canonical
	Previous []string `json:"previous"`  // canonical codes named in the previous assignment
	Text     string   `json:"text"`      // previous assignment as published, e.g. "I25.700-I25.701; I25.708"
	Since    string   `json:"effective"` // YYYY-MM-DD the current code took effect
	Year     int      `json:"year"`      // fiscal year of the table
}

func newSet() *Set {
	return &Set{
		systems:      map[app.System]*system{},
		chapterBy:    map[string]*Chapter{},
		sectionBy:    map[string]*Section{},
		indexes:      map[IndexKind]*Index{},
		poa:          map[int]map[string]bool{},
		poaAdded:     map[int][]string{},
		poaDeleted:   map[int][]string{},
		convBy:       map[string][]int{},
		hcpcsRelease: map[int]string{},
	}
}

func (s *Set) sys(sys app.System) *system {
	d := s.systems[sys]
	if d == nil {
		d = &system{byCode: map[string]*Concept{}}
		s.systems[sys] = d
	}
	d.unpack()
	return d
}

// Lookup returns the concept for a code written in any form ("e11.9",
// "E119", " E11.9 "), or nil.
func (s *Set) Lookup(sys app.System, code string) *Concept {
	d := s.systems[sys]
	if d == nil {
		return nil
	}
	return d.lookup(Canonical(code))
}

// Concepts returns the system's concepts in order-file order (codes of
// older years that were later deleted stay where their year's file had
// them). The slice is shared: do not modify it. After LoadPack it builds
// every Concept of the system, tens of megabytes: a walk that keeps few
// of them reads Rows or RowsWithPrefix instead.
func (s *Set) Concepts(sys app.System) []*Concept {
	d := s.systems[sys]
	if d == nil {
		return nil
	}
	return d.concepts()
}

// FiscalYears returns the years the system has codes for, ascending. For
// HCPCS the year is the release's calendar year.
func (s *Set) FiscalYears(sys app.System) []int {
	d := s.systems[sys]
	if d == nil {
		return nil
	}
	var all Years
	for r := range s.Rows(sys) {
		all |= r.Valid()
	}
	return all.List()
}

// HCPCSReleaseMonth is the month the HCPCS release loaded as year took
// effect (October for HCPC2025_OCT), January when the file did not say.
func (s *Set) HCPCSReleaseMonth(year int) time.Month {
	label := s.hcpcsRelease[year]
	if i := strings.IndexByte(label, ' '); i >= 0 {
		for m := time.January; m <= time.December; m++ {
			if strings.EqualFold(label[i+1:], m.String()[:3]) {
				return m
			}
		}
	}
	return time.January
}

// Stats counts every system and year, systems in app.Systems order and
// years ascending.
func (s *Set) Stats() []Stat {
	var out []Stat
	for _, sys := range app.Systems {
		d := s.systems[sys]
		if d == nil {
			continue
		}
		var total, bill [64]int
		for r := range s.Rows(sys) {
			for y := r.Valid(); y != 0; y &= y - 1 {
				total[trailing(y)]++
			}
			for y := r.Billable(); y != 0; y &= y - 1 {
				bill[trailing(y)]++
			}
		}
		for i := range total {
			if total[i] > 0 {
				out = append(out, Stat{System: sys, Year: FirstYear + i, Total: total[i], Billable: bill[i]})
			}
		}
	}
	return out
}

func trailing(y Years) int {
	n := 0
	for y&1 == 0 {
		y >>= 1
		n++
	}
	return n
}

// Ancestors returns c's parents up to the category (or PCS table), root
// first, excluding c.
func (s *Set) Ancestors(c *Concept) []*Concept {
	if c == nil {
		return nil
	}
	d := s.systems[c.System]
	if d == nil {
		return nil
	}
	var up []*Concept
	for p := c.Parent; p != ""; {
		pc := d.lookup(p)
		if pc == nil || len(up) > 16 {
			break
		}
		up = append(up, pc)
		p = pc.Parent
	}
	for i, j := 0, len(up)-1; i < j; i, j = i+1, j-1 {
		up[i], up[j] = up[j], up[i]
	}
	return up
}

// ChildConcepts returns c's children in order.
func (s *Set) ChildConcepts(c *Concept) []*Concept {
	d := s.systems[c.System]
	if d == nil {
		return nil
	}
	out := make([]*Concept, 0, len(c.Children))
	if t := d.tab; t != nil {
		// The children's ordinals are in the record: no look-ups.
		if i := t.find(c.Code); i >= 0 && t.concept(i) == c {
			for _, k := range t.kidsOf(i) {
				out = append(out, t.concept(k))
			}
			return out
		}
	}
	for _, k := range c.Children {
		if cc := d.lookup(k); cc != nil {
			out = append(out, cc)
		}
	}
	return out
}

// NotesFor returns the Tabular List notes that apply to c: its own first,
// then those of its parents up to the category (nearest first), then its
// section's and its chapter's. Inherited notes have From set to where they
// appear: a dotted code, a section id ("E08-E13") or "Chapter 4".
func (s *Set) NotesFor(c *Concept) []Note {
	return slices.Collect(s.AllNotes(c))
}

// AllNotes yields the notes NotesFor returns, in its order, without
// gathering them: for readers that look for one kind of note, code after
// code.
func (s *Set) AllNotes(c *Concept) iter.Seq[Note] {
	return func(yield func(Note) bool) {
		if c == nil {
			return
		}
		for _, n := range c.Notes {
			if !yield(n) {
				return
			}
		}
		if d := s.systems[c.System]; d != nil {
			for p, depth := c.Parent, 0; p != "" && depth <= 16; depth++ {
				a := d.lookup(p)
				if a == nil {
					break
				}
				for _, n := range a.Notes {
					n.From = Display(a.System, a.Code)
					if !yield(n) {
						return
					}
				}
				p = a.Parent
			}
		}
		if sec := s.sectionBy[c.Section]; sec != nil {
			for _, n := range sec.Notes {
				n.From = sec.ID
				if !yield(n) {
					return
				}
			}
		}
		if ch := s.chapterBy[c.Chapter]; ch != nil {
			for _, n := range ch.Notes {
				n.From = "Chapter " + ch.ID
				if !yield(n) {
					return
				}
			}
		}
	}
}

// SeventhFor returns the 7th-character values that apply to c, from c or
// its nearest ancestor that defines them, and that code (dotted); nil and
// "" when none does.
func (s *Set) SeventhFor(c *Concept) (defs []SevenChr, from string) {
	if c == nil {
		return nil, ""
	}
	if len(c.Seventh) > 0 {
		return c.Seventh, Display(c.System, c.Code)
	}
	anc := s.Ancestors(c)
	for i := len(anc) - 1; i >= 0; i-- {
		if len(anc[i].Seventh) > 0 {
			return anc[i].Seventh, Display(anc[i].System, anc[i].Code)
		}
	}
	return nil, ""
}

// Chapters returns the Tabular List chapters in order.
func (s *Set) Chapters() []*Chapter { return s.chapters }

// Sections returns the Tabular List sections in order.
func (s *Set) Sections() []*Section { return s.sections }

// Chapter returns the chapter with the id ("4"), or nil.
func (s *Set) Chapter(id string) *Chapter { return s.chapterBy[id] }

// Section returns the section with the id ("E08-E13"), or nil.
func (s *Set) Section(id string) *Section { return s.sectionBy[id] }

// POAExempt reports whether an ICD-10-CM code is exempt from POA reporting
// in fiscal year fy. The list used is the one for fy when loaded, else the
// nearest loaded year (the FY2025 list is derived from the FY2026 list and
// its published additions and deletions). False when no list is loaded.
func (s *Set) POAExempt(code string, fy int) bool {
	y := s.POAYear(fy)
	if y == 0 {
		return false
	}
	return s.poa[y][Canonical(code)]
}

// POAYear returns the fiscal year of the POA-exempt list that POAExempt
// uses for fy, or 0 when none is loaded.
func (s *Set) POAYear(fy int) int {
	if _, ok := s.poa[fy]; ok {
		return fy
	}
	best := 0
	for y := range s.poa {
		if best == 0 || abs(y-fy) < abs(best-fy) || (abs(y-fy) == abs(best-fy) && y > best) {
			best = y
		}
	}
	return best
}

// POAExemptCodes returns the exempt codes (canonical, sorted) of the list
// for fiscal year fy as chosen by POAYear.
func (s *Set) POAExemptCodes(fy int) []string {
	m := s.poa[s.POAYear(fy)]
	out := make([]string, 0, len(m))
	for c := range m {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// Conversions returns the conversion-table rows where code is the current
// code or one of the previous codes.
func (s *Set) Conversions(code string) []Conversion {
	var out []Conversion
	for _, i := range s.convBy[Canonical(code)] {
		out = append(out, s.conversions[i])
	}
	return out
}

// AllConversions returns the whole conversion table.
func (s *Set) AllConversions() []Conversion { return s.conversions }
