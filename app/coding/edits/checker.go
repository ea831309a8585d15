package edits

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"
)

// item is one assignment as the rules see it.
type item struct {
	seq  int // position in Record.Assignments
	a    app.Assignment
	code string               // canonical
	c    *terminology.Concept // nil when the code is in no loaded year
}

// disp is the code as the coder writes it.
func (it item) disp() string { return terminology.Display(it.a.System, it.code) }

// checker holds what every rule needs about one record.
type checker struct {
	rec   *app.Record
	terms Terms
	date  time.Time // coding date: discharge for inpatient, else service
	fy    int       // fiscal year of the coding date
	items []item
	dx    []int // indexes into items of the ICD-10-CM diagnoses, in sequence
	// principal indexes items: the diagnosis with role principal, else the
	// first-listed diagnosis; -1 when there is none.
	principal int
	years     map[app.System]terminology.Years // fiscal years loaded per system
	fixes     map[int]*seventhFix              // memo of seventhFor by item
	allNotes  map[int][]terminology.Note       // memo of NotesFor by item
}

func newChecker(rec *app.Record, terms Terms) *checker {
	k := &checker{rec: rec, terms: terms, date: rec.Encounter.CodingDate(), principal: -1,
		years: map[app.System]terminology.Years{}, fixes: map[int]*seventhFix{}, allNotes: map[int][]terminology.Note{}}
	k.fy = app.FiscalYear(k.date)
	for i, a := range rec.Assignments {
		it := item{seq: i, a: a, code: terminology.Canonical(a.Code)}
		if terms != nil && it.code != "" {
			it.c = terms.Lookup(a.System, it.code)
		}
		k.items = append(k.items, it)
		if a.System == app.ICD10CM {
			k.dx = append(k.dx, len(k.items)-1)
			if a.Role == app.Principal && k.principal < 0 {
				k.principal = len(k.items) - 1
			}
		}
	}
	if k.principal < 0 && len(k.dx) > 0 {
		k.principal = k.dx[0]
	}
	return k
}

// loaded returns the fiscal years of sys that the terminology holds.
func (k *checker) loaded(sys app.System) terminology.Years {
	if y, ok := k.years[sys]; ok {
		return y
	}
	var y terminology.Years
	if k.terms != nil {
		for _, fy := range k.terms.FiscalYears(sys) {
			y = y.With(fy)
		}
	}
	k.years[sys] = y
	return y
}

// stableCodes exist in every release since FY2016: when one is valid in a
// year, that year is loaded, which spares a scan of the whole code set.
var stableCodes = map[app.System]string{
	app.ICD10CM:  "A00",     // Cholera
	app.ICD10PCS: "0DTJ0ZZ", // Resection of appendix, open approach
}

// hasYear reports whether fiscal year fy of sys is loaded.
func (k *checker) hasYear(sys app.System, fy int) bool {
	if code, ok := stableCodes[sys]; ok && k.terms != nil {
		if c := k.terms.Lookup(sys, code); c != nil && c.Valid.Has(fy) {
			return true
		}
	}
	return k.loaded(sys).Has(fy)
}

// checkYear is the fiscal year codes are checked against: the coding date's
// year, or the nearest loaded year when that release is not loaded.
func (k *checker) checkYear(sys app.System) int {
	if k.hasYear(sys, k.fy) {
		return k.fy
	}
	y := k.loaded(sys)
	if y == 0 {
		return k.fy
	}
	list := y.List()
	if k.fy > list[len(list)-1] {
		return list[len(list)-1]
	}
	if k.fy < list[0] {
		return list[0]
	}
	// A gap: the nearest loaded year before.
	best := list[0]
	for _, v := range list {
		if v <= k.fy {
			best = v
		}
	}
	return best
}

// title is the concept's long title in fy, else its latest title.
func title(c *terminology.Concept, fy int) string {
	if c == nil || len(c.Titles) == 0 {
		return ""
	}
	for _, t := range c.Titles {
		if t.Years.Has(fy) {
			return pick(t)
		}
	}
	return pick(c.Titles[len(c.Titles)-1])
}

func pick(t terminology.Title) string {
	if t.Long != "" {
		return t.Long
	}
	return t.Short
}

// named writes "E11.9 (Type 2 diabetes mellitus without complications)".
func named(it item, fy int) string {
	if t := title(it.c, fy); t != "" {
		return fmt.Sprintf("%s (%s)", it.disp(), t)
	}
	return it.disp()
}

// billableBelow lists, in Tabular order, the codes under c that are billable
// in fy: the first max of them and how many there are.
func (k *checker) billableBelow(c *terminology.Concept, fy, max int) (first []string, total int) {
	var walk func(c *terminology.Concept, depth int)
	walk = func(c *terminology.Concept, depth int) {
		if depth > 8 {
			return
		}
		for _, code := range c.Children {
			ch := k.terms.Lookup(c.System, code)
			if ch == nil || !ch.Valid.Has(fy) {
				continue
			}
			if ch.BillableIn(fy) {
				total++
				if len(first) < max {
					first = append(first, terminology.Display(ch.System, ch.Code))
				}
			}
			walk(ch, depth+1)
		}
	}
	walk(c, 0)
	return first, total
}

// listCodes writes "E11.00, E11.01, … (3 of 12)" for a message.
func listCodes(first []string, total int) string {
	s := strings.Join(first, ", ")
	if total > len(first) {
		s += fmt.Sprintf(", … (%d codes in all)", total)
	}
	return s
}

// seventhFix is what the 7th-character rule found for an item.
type seventhFix struct {
	from    string                 // code or category defining the 7th characters
	defs    []terminology.SevenChr // the 7th characters
	fixes   []string               // complete codes, in display form
	padded  bool                   // the fixes add placeholder X
	badChar byte                   // a 7th character not among defs
	deeper  bool                   // more characters are needed before the 7th
}

var manifestationRe = regexp.MustCompile(`(?i)\bin (?:other )?diseases classified elsewhere\b`)

// isManifestation reports whether the code, or the category it belongs to,
// is titled "in diseases classified elsewhere".
func (k *checker) isManifestation(it item) bool {
	if it.c == nil {
		return false
	}
	fy := k.checkYear(it.a.System)
	if manifestationRe.MatchString(title(it.c, fy)) {
		return true
	}
	for _, a := range k.terms.Ancestors(it.c) {
		if manifestationRe.MatchString(title(a, fy)) {
			return true
		}
	}
	return false
}

// notes returns the item's notes of one kind, own and inherited.
func (k *checker) notes(it item, kind terminology.NoteKind) []terminology.Note {
	if it.c == nil {
		return nil
	}
	all, ok := k.allNotes[it.seq]
	if !ok {
		all = k.terms.NotesFor(it.c)
		k.allNotes[it.seq] = all
	}
	var out []terminology.Note
	for _, n := range all {
		if n.Kind == kind {
			out = append(out, n)
		}
	}
	return out
}

// where names the level a note sits at, for quoting it.
func where(n terminology.Note, it item) string {
	from := it.disp()
	if n.From != "" {
		from = n.From // already as printed: "E11", "E08-E13", "Chapter 4"
	}
	return fmt.Sprintf("%s (Tabular List FY%d)", from, n.Year)
}

// quote joins a note's texts for a message, shortened when long.
func quote(texts []string) string {
	const max = 6
	q := texts
	if len(q) > max {
		q = q[:max]
	}
	var b strings.Builder
	for i, t := range q {
		if i > 0 {
			if strings.HasSuffix(q[i-1], ":") {
				b.WriteString(" ")
			} else {
				b.WriteString("; ")
			}
		}
		b.WriteString(t)
	}
	s := "\"" + b.String() + "\""
	if len(texts) > max {
		s += fmt.Sprintf(" (and %d more)", len(texts)-max)
	}
	return s
}

// matchingDx returns the diagnoses other than skip that fall under refs.
func (k *checker) matchingDx(refs []Ref, skip int) []int {
	var out []int
	for _, i := range k.dx {
		if i == skip {
			continue
		}
		for _, r := range refs {
			if r.Match(k.items[i].code) {
				out = append(out, i)
				break
			}
		}
	}
	return out
}
