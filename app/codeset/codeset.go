// Package codeset is the vocabulary of one code across fiscal years: its
// titles, validity and billability by year, Tabular List notes, 7th
// characters and index references, and how a code is written. It is the
// part of the code sets that the coding service, the report and the window
// need to read a code; importing the release files, the pack and search
// live in app/terminology, which builds these values. It imports only app,
// so its readers do not pull in the workbook, compression and download
// code.
package codeset

import (
	"strconv"

	"github.com/codebench/codebench/app"
)

// FirstYear is the first fiscal year of ICD-10 in the United States.
const FirstYear = 2016

// Years is a set of fiscal years, bit i meaning FirstYear+i.
type Years uint64

// Has reports whether fy is in the set.
func (y Years) Has(fy int) bool {
	i := fy - FirstYear
	return i >= 0 && i < 64 && y&(1<<uint(i)) != 0
}

// With returns the set plus fy.
func (y Years) With(fy int) Years {
	i := fy - FirstYear
	if i < 0 || i >= 64 {
		return y
	}
	return y | 1<<uint(i)
}

// List returns the years in ascending order.
func (y Years) List() []int {
	var out []int
	for i := 0; i < 64; i++ {
		if y&(1<<uint(i)) != 0 {
			out = append(out, FirstYear+i)
		}
	}
	return out
}

// Runs writes the set as runs of consecutive years, "FY2016–FY2019,
// FY2021", or "no year" for an empty set: the one way the window, the
// command line and the edits name a code's years.
func (y Years) Runs() string {
	list := y.List()
	if len(list) == 0 {
		return "no year"
	}
	var b []byte
	for i := 0; i < len(list); {
		j := i
		for j+1 < len(list) && list[j+1] == list[j]+1 {
			j++
		}
		if len(b) > 0 {
			b = append(b, ", "...)
		}
		b = append(b, "FY"...)
		b = strconv.AppendInt(b, int64(list[i]), 10)
		if j > i {
			b = append(b, "–FY"...)
			b = strconv.AppendInt(b, int64(list[j]), 10)
		}
		i = j + 1
	}
	return string(b)
}

// YearsOf is the set of the fiscal years in list.
func YearsOf(list []int) Years {
	var y Years
	for _, fy := range list {
		y = y.With(fy)
	}
	return y
}

// Last returns the latest year in the set, or 0.
func (y Years) Last() int {
	for i := 63; i >= 0; i-- {
		if y&(1<<uint(i)) != 0 {
			return FirstYear + i
		}
	}
	return 0
}

// Title is a code's title over a run of fiscal years; titles change, and
// the history is kept.
type Title struct {
	Years Years  `json:"years"`
	Short string `json:"short"`
	Long  string `json:"long"`
}

// NoteKind is a kind of Tabular List instruction.
type NoteKind string

// Tabular List note kinds, named as in the CDC XML.
const (
	InclusionTerm     NoteKind = "inclusionTerm"
	Includes          NoteKind = "includes"
	Excludes1         NoteKind = "excludes1"
	Excludes2         NoteKind = "excludes2"
	CodeFirst         NoteKind = "codeFirst"
	UseAdditionalCode NoteKind = "useAdditionalCode"
	CodeAlso          NoteKind = "codeAlso"
	Notes             NoteKind = "notes"
	SevenChrNote      NoteKind = "sevenChrNote"
)

// Label is the note's heading as the Tabular List prints it.
func (k NoteKind) Label() string {
	switch k {
	case InclusionTerm:
		return "Inclusion terms"
	case Includes:
		return "Includes"
	case Excludes1:
		return "Excludes1"
	case Excludes2:
		return "Excludes2"
	case CodeFirst:
		return "Code first"
	case UseAdditionalCode:
		return "Use additional code"
	case CodeAlso:
		return "Code also"
	case Notes:
		return "Note"
	case SevenChrNote:
		return "7th character"
	}
	return string(k)
}

// Note is one Tabular List instruction as it appears at one level of the
// hierarchy. Year is the fiscal year of the release it came from: notes are
// FY2023 while codes run to FY2026, and the screen says so.
type Note struct {
	Kind  NoteKind `json:"kind"`
	Texts []string `json:"texts"`
	Year  int      `json:"year"`
	From  string   `json:"from,omitempty"` // code or chapter/section id where it appears, when inherited
}

// SevenChr is one 7th-character value defined at a category or subcategory.
type SevenChr struct {
	Char  string `json:"char"`
	Title string `json:"title"`
}

// IndexRef is an Alphabetic Index path that leads to a code, e.g.
// ["Infarct, infarction", "myocardium, myocardial", "acute"].
type IndexRef struct {
	Path []string `json:"path"`
	Year int      `json:"year"`
	// Kind is the book the path is in (main index when empty in older
	// data); Column is the table column heading for Drug and Neoplasm
	// table cells, e.g. "Malignant Primary".
	Kind   IndexKind `json:"kind,omitempty"`
	Column string    `json:"column,omitempty"`
	// Code is the code as printed in the index when it is not exactly
	// the concept's own (a dash code such as "I21.-", or a drug-table
	// code without its 7th character).
	Code string `json:"code,omitempty"`
}

// Concept is one code of one system across every fiscal year: a category,
// subcategory, billable code, PCS code or HCPCS code or modifier.
type Concept struct {
	System   app.System `json:"system"`
	Code     string     `json:"code"`     // canonical: upper case, no dot
	Valid    Years      `json:"valid"`    // years it appears in the release
	Billable Years      `json:"billable"` // years it is valid for HIPAA transactions
	Titles   []Title    `json:"titles"`   // oldest first
	Parent   string     `json:"parent,omitempty"`
	Children []string   `json:"children,omitempty"`
	Chapter  string     `json:"chapter,omitempty"` // e.g. "4" (Endocrine...)
	Section  string     `json:"section,omitempty"` // e.g. "E08-E13"
	Notes    []Note     `json:"notes,omitempty"`   // at this level only
	Seventh  []SevenChr `json:"seventh,omitempty"` // defined at this level only
	Index    []IndexRef `json:"index,omitempty"`
	Modifier bool       `json:"modifier,omitempty"` // HCPCS modifier

	// HCPCS dates; zero when not given.
	Added       string `json:"added,omitempty"`       // YYYY-MM-DD the code was added
	Effective   string `json:"effective,omitempty"`   // YYYY-MM-DD
	Termination string `json:"termination,omitempty"` // YYYY-MM-DD
}

// Start is the date a HCPCS code or modifier is valid from: the date it
// was added. The release's "effective" date is that of its last action
// (a title changed, a termination: J1040 was added in 1982, "effective
// 2024-04-01, terminated 2024-03-31"); it is the start only when the
// release gives no date added.
func (c *Concept) Start() string {
	if c.Added != "" {
		return c.Added
	}
	return c.Effective
}

// Display is the code as a coder writes it: ICD-10-CM dotted after the
// third character, others as they are.
func Display(sys app.System, code string) string {
	if sys == app.ICD10CM && len(code) > 3 {
		return code[:3] + "." + code[3:]
	}
	return code
}

// DisplayAssigned is an assigned code as a coder writes it, with its
// HCPCS modifiers after dashes: "J1100-RT".
func DisplayAssigned(a app.Assignment) string {
	d := Display(a.System, a.Code)
	for _, m := range a.Modifiers {
		d += "-" + m
	}
	return d
}

// UnitsLabel is an assigned HCPCS code's units of service as the command
// line and the audit trail write them after the code (" ×4 units"), ""
// when none were given.
func UnitsLabel(a app.Assignment) string {
	if a.Units == 0 {
		return ""
	}
	return " ×" + strconv.Itoa(a.Units) + " units"
}

// Canonical turns a typed code into the stored form: upper case, no dot,
// no spaces.
func Canonical(code string) string {
	b := make([]byte, 0, len(code))
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case c == '.' || c == ' ' || c == '-' || c == '\t':
		case c >= 'a' && c <= 'z':
			b = append(b, c-'a'+'A')
		default:
			b = append(b, c)
		}
	}
	return string(b)
}

// TitleIn returns the code's title in fiscal year fy, or its latest title
// when it is not valid that year.
func (c *Concept) TitleIn(fy int) Title {
	for i := len(c.Titles) - 1; i >= 0; i-- {
		if c.Titles[i].Years.Has(fy) {
			return c.Titles[i]
		}
	}
	return c.Latest()
}

// Latest returns the title of the most recent year.
func (c *Concept) Latest() Title {
	best, by := Title{}, 0
	for _, t := range c.Titles {
		if l := t.Years.Last(); l >= by {
			best, by = t, l
		}
	}
	return best
}

// ValidYears are the fiscal years c can be reported in. For ICD-10-CM and
// ICD-10-PCS they are the years whose release carries it. HCPCS Level II
// is released by calendar quarter and the code sets may carry only the
// latest quarter: a HCPCS code counts from the fiscal year of its
// effective date, and a code not terminated stays valid for two fiscal
// years past its release (a terminated one only in the years released).
func (c *Concept) ValidYears() Years {
	y := c.Valid
	if c.System != app.HCPCS || y == 0 {
		return y
	}
	if len(c.Termination) >= 4 {
		return y
	}
	last := y.Last()
	for fy := last + 1; fy <= last+2; fy++ {
		y = y.With(fy)
	}
	if len(c.Effective) >= 7 {
		ey := digits(c.Effective[:4])
		if c.Effective[5:7] >= "10" {
			ey++ // October starts the next fiscal year
		}
		for fy := max(ey, FirstYear); fy < last; fy++ {
			y = y.With(fy)
		}
	}
	return y
}

// BillableYears are the fiscal years c can be reported on a claim in: a
// billable ICD-10-CM code or valid ICD-10-PCS code of that year's
// release, or a HCPCS code (not a modifier) in its ValidYears.
func (c *Concept) BillableYears() Years {
	if c.System == app.HCPCS {
		if c.Modifier || c.Billable == 0 {
			return 0
		}
		return c.ValidYears()
	}
	return c.Billable
}

// ValidIn reports whether fy is one of c's ValidYears.
func (c *Concept) ValidIn(fy int) bool { return c.ValidYears().Has(fy) }

// BillableIn reports whether fy is one of c's BillableYears. The window,
// the command line, search and the edits all answer "billable in this
// year" with this one rule.
func (c *Concept) BillableIn(fy int) bool { return c.BillableYears().Has(fy) }

// digits reads a run of decimal digits; 0 when there is anything else.
func digits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0
		}
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// IndexKind names one of the index-like books a reference comes from.
type IndexKind string

// The Alphabetic Index books and tables Codebench imports.
const (
	MainIndex     IndexKind = "index"    // ICD-10-CM Index to Diseases and Injuries
	ExternalIndex IndexKind = "eindex"   // ICD-10-CM External Cause of Injuries Index
	DrugTable     IndexKind = "drug"     // Table of Drugs and Chemicals
	NeoplasmTable IndexKind = "neoplasm" // Neoplasm Table
	PCSIndex      IndexKind = "pcs"      // ICD-10-PCS Index
)
