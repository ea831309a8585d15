package terminology

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/codebench/codebench/app"
)

// tabular is a parsed CDC Tabular List XML file.
type tabular struct {
	year     int
	chapters []*Chapter
	sections []*Section
	diags    []tabDiag
}

// tabDiag is the notes and 7th characters at one code.
type tabDiag struct {
	code    string // canonical
	title   string
	notes   []Note
	seventh []SevenChr
}

var noteKinds = map[string]NoteKind{
	"inclusionTerm": InclusionTerm, "includes": Includes, "excludes1": Excludes1, "excludes2": Excludes2,
	"codeFirst": CodeFirst, "useAdditionalCode": UseAdditionalCode, "codeAlso": CodeAlso, "notes": Notes,
	"sevenChrNote": SevenChrNote,
}

// parseTabular reads the ICD-10-CM Tabular List XML (ICD10CM.tabular):
// chapters, their section index, sections, and the diag tree with every
// note kind and 7th-character definitions. fileYear is used when the file
// has no <version>.
func parseTabular(r io.Reader, fileYear int) (*tabular, error) {
	root, err := parseXMLTree(r)
	if err != nil {
		return nil, err
	}
	if root.name != "ICD10CM.tabular" {
		return nil, fmt.Errorf("line %d: %w: root element <%s>, want <ICD10CM.tabular>", root.line, ErrMalformed, root.name)
	}
	t := &tabular{year: fileYear}
	if v := root.childText("version"); v != "" {
		y, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || y < FirstYear || y >= FirstYear+64 {
			return nil, fmt.Errorf("line %d: %w: <version> %q is not a fiscal year", root.child("version").line, ErrMalformed, v)
		}
		t.year = y
	}
	if t.year == 0 {
		return nil, fmt.Errorf("%w: cannot tell the fiscal year: the file has no <version>", ErrMalformed)
	}
	for _, ch := range root.kids {
		if ch.name != "chapter" {
			continue
		}
		c := &Chapter{ID: ch.childText("name"), Title: ch.childText("desc"), Year: t.year}
		if c.ID == "" || c.Title == "" {
			return nil, fmt.Errorf("line %d: %w: chapter without <name> or <desc>", ch.line, ErrMalformed)
		}
		c.Notes = t.notesOf(ch)
		refs := map[string]string{}
		if si := ch.child("sectionIndex"); si != nil {
			for _, ref := range si.kids {
				if ref.name == "sectionRef" {
					refs[ref.attrValue("id")] = ref.attrValue("first") + "\x00" + ref.attrValue("last")
				}
			}
		}
		for _, sn := range ch.kids {
			if sn.name != "section" {
				continue
			}
			sec := &Section{ID: sn.attrValue("id"), Title: sn.childText("desc"), Chapter: c.ID, Year: t.year}
			if sec.ID == "" {
				return nil, fmt.Errorf("line %d: %w: section without an id", sn.line, ErrMalformed)
			}
			sec.First, sec.Last = sectionRange(sec.ID, refs[sec.ID])
			sec.Notes = t.notesOf(sn)
			for _, dn := range sn.kids {
				if dn.name == "diag" {
					if err := t.diag(dn, 0); err != nil {
						return nil, err
					}
				}
			}
			// Sections without a sectionRef take their range from the
			// categories they hold.
			if sec.First == "" {
				sec.First, sec.Last = t.categoryRange(sn)
			}
			c.Sections = append(c.Sections, sec.ID)
			t.sections = append(t.sections, sec)
			if c.First == "" || sec.First < c.First {
				c.First = sec.First
			}
			if sec.Last > c.Last {
				c.Last = sec.Last
			}
		}
		t.chapters = append(t.chapters, c)
	}
	if len(t.chapters) == 0 {
		return nil, fmt.Errorf("line %d: %w: no <chapter> in the Tabular List", root.line, ErrMalformed)
	}
	return t, nil
}

// sectionRange reads "A00-A09" (or a sectionRef's first/last).
func sectionRange(id, ref string) (string, string) {
	if f, l, ok := strings.Cut(ref, "\x00"); ok && f != "" {
		return Canonical(f), Canonical(l)
	}
	if f, l, ok := strings.Cut(id, "-"); ok {
		return Canonical(f), Canonical(l)
	}
	return Canonical(id), Canonical(id)
}

func (t *tabular) categoryRange(sn *xnode) (first, last string) {
	for _, dn := range sn.kids {
		if dn.name != "diag" {
			continue
		}
		c := Canonical(dn.childText("name"))
		if first == "" || c < first {
			first = c
		}
		if c > last {
			last = c
		}
	}
	return first, last
}

func (t *tabular) diag(n *xnode, depth int) error {
	name := n.childText("name")
	code := Canonical(name)
	if !validCode(code, 3, 7) {
		return fmt.Errorf("line %d: %w: <diag> name %q is not an ICD-10-CM code", n.line, ErrMalformed, name)
	}
	d := tabDiag{code: code, title: n.childText("desc"), notes: t.notesOf(n)}
	for _, k := range n.kids {
		if k.name != "sevenChrDef" {
			continue
		}
		for _, e := range k.kids {
			if e.name != "extension" {
				continue
			}
			ch := strings.TrimSpace(e.attrValue("char"))
			if len(ch) != 1 {
				return fmt.Errorf("line %d: %w: 7th character %q must be one character", e.line, ErrMalformed, ch)
			}
			d.seventh = append(d.seventh, SevenChr{Char: strings.ToUpper(ch), Title: e.text})
		}
	}
	t.diags = append(t.diags, d)
	for _, k := range n.kids {
		if k.name == "diag" {
			if err := t.diag(k, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// notesOf collects the instruction blocks directly under an element.
func (t *tabular) notesOf(n *xnode) []Note {
	var out []Note
	for _, k := range n.kids {
		kind, ok := noteKinds[k.name]
		if !ok {
			continue
		}
		var texts []string
		for _, nn := range k.kids {
			if nn.name == "note" {
				if s := nn.fullText(); s != "" {
					texts = append(texts, s)
				}
			}
		}
		if len(texts) > 0 {
			out = append(out, Note{Kind: kind, Texts: texts, Year: t.year})
		}
	}
	return out
}

// applyTabular replaces the set's chapters, sections, notes and 7th
// characters with those of t. It returns the codes of t that no order
// file holds.
func (s *Set) applyTabular(t *tabular) (missing []string) {
	s.chapters, s.sections = t.chapters, t.sections
	s.chapterBy = map[string]*Chapter{}
	s.sectionBy = map[string]*Section{}
	for _, c := range t.chapters {
		s.chapterBy[c.ID] = c
	}
	for _, c := range t.sections {
		s.sectionBy[c.ID] = c
	}
	d := s.sys(app.ICD10CM)
	for _, c := range d.order {
		c.Notes, c.Seventh = nil, nil
	}
	for _, td := range t.diags {
		c := d.byCode[td.code]
		if c == nil {
			missing = append(missing, td.code)
			continue
		}
		c.Notes, c.Seventh = td.notes, td.seventh
	}
	return missing
}

// placeInChapters sets Chapter and Section of every ICD-10-CM concept from
// the Tabular List ranges (see newPlacer).
func (s *Set) placeInChapters() {
	d := s.systems[app.ICD10CM]
	if d == nil || len(s.sections) == 0 {
		return
	}
	d.unpack()
	place := newPlacer(s.sections)
	for _, c := range d.order {
		c.Chapter, c.Section = place(c.Code)
	}
}

// newPlacer returns where an ICD-10-CM code sits in the Tabular List: the
// chapter and section whose range holds its 3-character category (codes
// newer than the Tabular List fall in the block their category belongs
// to); "" and "" when none does.
func newPlacer(sections []*Section) func(code string) (chapter, section string) {
	secs := append([]*Section(nil), sections...)
	sort.SliceStable(secs, func(i, j int) bool { return secs[i].First < secs[j].First })
	return func(code string) (chapter, section string) {
		cat := code
		if len(cat) > 3 {
			cat = cat[:3]
		}
		i := sort.Search(len(secs), func(i int) bool { return secs[i].First > cat }) - 1
		// Blocks may nest (a one-category block inside a wider one): walk
		// back to the nearest block whose range holds the category.
		for ; i >= 0; i-- {
			if inRange(cat, secs[i].First, secs[i].Last) {
				return secs[i].Chapter, secs[i].ID
			}
		}
		return "", ""
	}
}
