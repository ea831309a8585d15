package search

import (
	"sort"
	"strings"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"
)

// Node is one place in the browse tree: an ICD-10-CM chapter or section,
// an ICD-10-PCS section (first character), a HCPCS letter group, or a code.
type Node struct {
	Kind    NodeKind
	ID      string // chapter "4", section "E08-E13", PCS section "0", HCPCS group "J", or the code
	Title   string
	Concept *terminology.Concept // for KindCode
}

// NodeKind says what a Node is.
type NodeKind string

// Node kinds.
const (
	KindChapter NodeKind = "chapter"
	KindSection NodeKind = "section"
	KindGroup   NodeKind = "group" // PCS section or HCPCS letter
	KindCode    NodeKind = "code"
)

// pcsSections names the first character of an ICD-10-PCS code.
var pcsSections = map[byte]string{
	'0': "Medical and Surgical", '1': "Obstetrics", '2': "Placement", '3': "Administration",
	'4': "Measurement and Monitoring", '5': "Extracorporeal or Systemic Assistance and Performance",
	'6': "Extracorporeal or Systemic Therapies", '7': "Osteopathic", '8': "Other Procedures", '9': "Chiropractic",
	'B': "Imaging", 'C': "Nuclear Medicine", 'D': "Radiation Therapy",
	'F': "Physical Rehabilitation and Diagnostic Audiology", 'G': "Mental Health",
	'H': "Substance Abuse Treatment", 'X': "New Technology",
}

// hcpcsGroups names the first letter of a HCPCS Level II code.
var hcpcsGroups = map[byte]string{
	'A': "Transportation, medical and surgical supplies, miscellaneous and experimental",
	'B': "Enteral and parenteral therapy", 'C': "Outpatient prospective payment system",
	'E': "Durable medical equipment", 'G': "Procedures and professional services (temporary)",
	'H': "Alcohol and drug abuse treatment services", 'J': "Drugs administered other than oral method",
	'K': "Temporary codes for durable medical equipment", 'L': "Orthotic and prosthetic procedures and devices",
	'M': "Medical services", 'P': "Pathology and laboratory services", 'Q': "Temporary codes",
	'R': "Diagnostic radiology services", 'S': "Temporary national codes (non-Medicare)",
	'T': "National codes established for state Medicaid agencies", 'U': "Coronavirus diagnostic panel tests",
	'V': "Vision, hearing and speech-language pathology services",
}

// Roots returns the top of the browse tree of a system in fiscal year fy
// (0 = any year): ICD-10-CM chapters, ICD-10-PCS sections, HCPCS letter
// groups and, last, the HCPCS modifiers.
func Roots(set *terminology.Set, sys app.System, fy int) []Node {
	switch sys {
	case app.ICD10CM:
		var out []Node
		for _, ch := range set.Chapters() {
			out = append(out, Node{Kind: KindChapter, ID: ch.ID, Title: ch.Title})
		}
		return out
	case app.ICD10PCS, app.HCPCS:
		names := pcsSections
		if sys == app.HCPCS {
			names = hcpcsGroups
		}
		seen := map[string]bool{}
		var out []Node
		mods := false
		// Rows, not Concepts: a code is built only to ask its years when
		// its group is not yet known to be there.
		for r := range set.Rows(sys) {
			if r.Modifier() {
				if !mods && rowValidIn(r, fy) {
					mods = true
				}
				continue
			}
			if r.Code() == "" {
				continue // a damaged table row: nothing to list
			}
			k := r.Code()[:1]
			if !seen[k] && rowValidIn(r, fy) {
				seen[k] = true
				title := names[k[0]]
				if title == "" {
					title = k + " codes"
				}
				out = append(out, Node{Kind: KindGroup, ID: k, Title: title})
			}
		}
		sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
		if mods {
			out = append(out, Node{Kind: KindGroup, ID: "modifiers", Title: "Modifiers"})
		}
		return out
	}
	return nil
}

// Children returns what is under n in system sys and fiscal year fy (0 =
// any year), in tabular order: a chapter's sections, a section's
// categories, a group's tables or codes, a code's children.
func Children(set *terminology.Set, sys app.System, n Node, fy int) []Node {
	switch n.Kind {
	case KindChapter:
		var out []Node
		if ch := set.Chapter(n.ID); ch != nil {
			for _, id := range ch.Sections {
				if sec := set.Section(id); sec != nil {
					out = append(out, Node{Kind: KindSection, ID: sec.ID, Title: sec.Title})
				}
			}
		}
		return out
	case KindSection:
		var out []Node
		for r := range set.Rows(app.ICD10CM) {
			if r.Top() && r.Section() == n.ID && rowValidIn(r, fy) {
				out = append(out, codeNode(r.Concept(), fy))
			}
		}
		return out
	case KindGroup:
		var out []Node
		for r := range set.Rows(sys) {
			if !r.Top() {
				continue
			}
			if n.ID == "modifiers" && r.Modifier() || !r.Modifier() && strings.HasPrefix(r.Code(), n.ID) {
				if rowValidIn(r, fy) {
					out = append(out, codeNode(r.Concept(), fy))
				}
			}
		}
		return out
	case KindCode:
		var out []Node
		if n.Concept != nil {
			for _, c := range set.ChildConcepts(n.Concept) {
				if validIn(c, fy) {
					out = append(out, codeNode(c, fy))
				}
			}
		}
		return out
	}
	return nil
}

// Siblings returns the codes beside c under the same parent (c included),
// valid in fiscal year fy (0 = any year).
func Siblings(set *terminology.Set, c *terminology.Concept, fy int) []*terminology.Concept {
	var all []*terminology.Concept
	if p := set.Lookup(c.System, c.Parent); p != nil {
		all = set.ChildConcepts(p)
	} else {
		for _, n := range Children(set, c.System, parentNode(set, c), fy) {
			all = append(all, n.Concept)
		}
	}
	var out []*terminology.Concept
	for _, s := range all {
		if s != nil && validIn(s, fy) {
			out = append(out, s)
		}
	}
	return out
}

// Path returns the browse path from the root to c: chapter and section
// (ICD-10-CM) or group, then the codes above c, then c.
func Path(set *terminology.Set, c *terminology.Concept, fy int) []Node {
	var out []Node
	top := parentNode(set, c)
	if c.System == app.ICD10CM {
		if ch := set.Chapter(c.Chapter); ch != nil {
			out = append(out, Node{Kind: KindChapter, ID: ch.ID, Title: ch.Title})
		}
	}
	if top.ID != "" {
		out = append(out, top)
	}
	for _, a := range set.Ancestors(c) {
		out = append(out, codeNode(a, fy))
	}
	return append(out, codeNode(c, fy))
}

// parentNode is the section or group a top-level code sits in.
func parentNode(set *terminology.Set, c *terminology.Concept) Node {
	switch {
	case c.System == app.ICD10CM:
		if sec := set.Section(c.Section); sec != nil {
			return Node{Kind: KindSection, ID: sec.ID, Title: sec.Title}
		}
		return Node{}
	case c.Modifier:
		return Node{Kind: KindGroup, ID: "modifiers", Title: "Modifiers"}
	case c.Code == "":
		return Node{} // a damaged table row
	}
	names := pcsSections
	if c.System == app.HCPCS {
		names = hcpcsGroups
	}
	return Node{Kind: KindGroup, ID: c.Code[:1], Title: names[c.Code[0]]}
}

func codeNode(c *terminology.Concept, fy int) Node {
	t := c.Latest()
	if fy != 0 {
		t = c.TitleIn(fy)
	}
	return Node{Kind: KindCode, ID: terminology.Display(c.System, c.Code), Title: t.Long, Concept: c}
}

func validIn(c *terminology.Concept, fy int) bool {
	return fy == 0 || c.ValidIn(fy)
}

// rowValidIn is validIn for a code not built yet.
func rowValidIn(r terminology.Row, fy int) bool {
	return fy == 0 || r.ValidYears().Has(fy)
}
