package terminology

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/codebench/codebench/app"
)

// Index is one index-like book: the ICD-10-CM Alphabetic Index, the
// External Cause Index, the Table of Drugs and Chemicals, the Neoplasm
// Table or the ICD-10-PCS Index. Its main terms are a tree: walk
// Terms and each term's Terms to any depth.
type Index struct {
	Kind  IndexKind `json:"kind"`
	Year  int       `json:"year"`  // fiscal year of the release it came from
	Title string    `json:"title"` // as published, e.g. "ICD-10-CM INDEX TO DISEASES and INJURIES"
	// Heads are a table's column headings, Heads[0] being column 1
	// ("Substance", "Poisoning Accidental (unintentional)", ...).
	Heads []string     `json:"heads,omitempty"`
	Terms []*IndexTerm `json:"terms"` // main terms in published order
}

// IndexTerm is a main term or a subterm of an index, with what it leads
// to. Exactly what the XML gives is kept: the code as printed ("I21.-"
// for an incomplete code), cross-references as text.
type IndexTerm struct {
	Title   string `json:"title"`             // without nonessential modifiers
	Nemod   string `json:"nemod,omitempty"`   // nonessential modifiers, e.g. "(acute) (chronic)"
	Code    string `json:"code,omitempty"`    // code as printed, e.g. "I21.9" or "I21.-"
	Manif   string `json:"manif,omitempty"`   // manifestation code, shown in brackets
	See     string `json:"see,omitempty"`     // "see" cross-reference
	SeeAlso string `json:"seeAlso,omitempty"` // "see also" cross-reference
	SeeCat  string `json:"seeCat,omitempty"`  // "see category" code
	Subcat  string `json:"subcat,omitempty"`  // "see subcategory" code
	// PCS index: "use" body-part/device term, the code (or partial code)
	// a "see" leads to, and the table it points at.
	Use   string       `json:"use,omitempty"`
	Codes string       `json:"codes,omitempty"`
	Tab   string       `json:"tab,omitempty"`
	Cells []Cell       `json:"cells,omitempty"` // Drug and Neoplasm tables: codes by column
	Terms []*IndexTerm `json:"terms,omitempty"` // subterms
}

// Cell is one code of a Drug or Neoplasm table row; Col is the 1-based
// column (Index.Heads[Col-1] names it). "--" cells are not kept.
type Cell struct {
	Col  int    `json:"col"`
	Code string `json:"code"`
}

// parseIndex reads an index-like XML file: the ICD-10-CM Alphabetic Index,
// External Cause Index, Drug or Neoplasm table (all <ICD10CM.index>), or
// the ICD-10-PCS Index (<ICD10PCS.index>). name (the file name) breaks a
// tie when the content does not say which book it is; fileYear is used
// when the file has no <version>.
func parseIndex(r io.Reader, name string, fileYear int) (*Index, error) {
	root, err := parseXMLTree(r)
	if err != nil {
		return nil, err
	}
	ix := &Index{Year: fileYear}
	switch root.name {
	case "ICD10CM.index":
	case "ICD10PCS.index":
		ix.Kind = PCSIndex
	default:
		return nil, fmt.Errorf("line %d: %w: root element <%s>, want <ICD10CM.index> or <ICD10PCS.index>", root.line, ErrMalformed, root.name)
	}
	if v := root.child("version"); v != nil {
		y, err := strconv.Atoi(strings.TrimSpace(v.text))
		if err != nil || y < FirstYear || y >= FirstYear+64 {
			return nil, fmt.Errorf("line %d: %w: <version> %q is not a fiscal year", v.line, ErrMalformed, v.text)
		}
		ix.Year = y
	}
	if ix.Year == 0 {
		return nil, fmt.Errorf("%w: cannot tell the fiscal year: the file has no <version>", ErrMalformed)
	}
	ix.Title = root.childText("title")
	if h := root.child("indexHeading"); h != nil {
		for _, k := range h.kids {
			if k.name != "head" {
				continue
			}
			col, err := strconv.Atoi(k.attrValue("col"))
			if err != nil || col < 1 || col > 32 {
				return nil, fmt.Errorf("line %d: %w: <head col=%q> is not a column number", k.line, ErrMalformed, k.attrValue("col"))
			}
			for len(ix.Heads) < col {
				ix.Heads = append(ix.Heads, "")
			}
			ix.Heads[col-1] = k.fullText()
		}
	}
	lname := strings.ToLower(name)
	if ix.Kind == "" {
		first := ""
		if len(ix.Heads) > 0 {
			first = strings.ToLower(ix.Heads[0])
		}
		switch {
		case first == "substance" || len(ix.Heads) > 0 && strings.Contains(lname, "drug"):
			ix.Kind = DrugTable
		case first == "neoplasm" || len(ix.Heads) > 0 && strings.Contains(lname, "neoplasm"):
			ix.Kind = NeoplasmTable
		case len(ix.Heads) > 0:
			return nil, fmt.Errorf("line %d: %w: a table whose first column is %q is neither the Drug nor the Neoplasm table", root.child("indexHeading").line, ErrMalformed, ix.Heads[0])
		case strings.Contains(strings.ToUpper(ix.Title), "EXTERNAL CAUSE") || strings.Contains(lname, "eindex"):
			ix.Kind = ExternalIndex
		default:
			ix.Kind = MainIndex
		}
	}
	for _, l := range root.kids {
		if l.name != "letter" {
			continue
		}
		for _, m := range l.kids {
			if m.name != "mainTerm" {
				continue
			}
			t, err := ix.term(m, 0)
			if err != nil {
				return nil, err
			}
			if t.Title == "" {
				return nil, fmt.Errorf("line %d: %w: main term without a <title>", m.line, ErrMalformed)
			}
			ix.Terms = append(ix.Terms, t)
		}
	}
	if len(ix.Terms) == 0 {
		return nil, fmt.Errorf("line %d: %w: no <mainTerm> in the index", root.line, ErrMalformed)
	}
	return ix, nil
}

func (ix *Index) term(n *xnode, depth int) (*IndexTerm, error) {
	t := &IndexTerm{}
	for _, k := range n.kids {
		switch k.name {
		case "title":
			t.Title = k.text
			if nm := k.child("nemod"); nm != nil {
				t.Nemod = nm.fullText()
			}
		case "code":
			t.Code = k.text
		case "manif":
			t.Manif = k.text
		case "see":
			t.See = k.text
			t.Codes = k.childText("codes")
			t.Tab = k.childText("tab")
		case "seeAlso":
			t.SeeAlso = k.fullText()
		case "seecat":
			t.SeeCat = k.text
		case "subcat":
			t.Subcat = k.text
		case "use":
			t.Use = k.fullText()
		case "codes":
			t.Codes = k.text
		case "tab":
			t.Tab = k.text
		case "cell":
			col, err := strconv.Atoi(k.attrValue("col"))
			if err != nil || col < 1 || col > 32 {
				return nil, fmt.Errorf("line %d: %w: <cell col=%q> is not a column number", k.line, ErrMalformed, k.attrValue("col"))
			}
			if strings.Trim(k.text, "-") == "" {
				break // "--" or "-": nothing in that column
			}
			if !printedCode(k.text) {
				return nil, fmt.Errorf("line %d: %w: table cell %q is not a code", k.line, ErrMalformed, k.text)
			}
			t.Cells = append(t.Cells, Cell{Col: col, Code: k.text})
		case "term":
			sub, err := ix.term(k, depth+1)
			if err != nil {
				return nil, err
			}
			if n := len(t.Terms); n > 0 && len(sub.Terms) > 0 && strings.HasPrefix(sub.Title, "Note:") &&
				namesWord(sub.Title, t.Terms[n-1].Title) {
				// The FY2023 XML closes "Failure > heart" before its
				// note on the stages of heart failure and nests the
				// rest of heart's subterms (stage A-D, systolic,
				// thyrotoxic, valvular) under the note; the printed
				// Index has the note and them under heart. Only a note
				// that names the subterm before it is read so.
				prev := t.Terms[n-1]
				kids := sub.Terms
				sub.Terms = nil
				prev.Terms = append(prev.Terms, sub)
				prev.Terms = append(prev.Terms, kids...)
				break
			}
			t.Terms = append(t.Terms, sub)
		}
	}
	// <manif> is checked loosely: the FY2025 Neoplasm Table has one
	// holding words; it is kept as text.
	for _, c := range []string{t.Code, t.SeeCat, t.Subcat} {
		if c != "" && !printedCode(c) {
			return nil, fmt.Errorf("line %d: %w: %q is not a code", n.line, ErrMalformed, c)
		}
	}
	return t, nil
}

// namesWord reports whether text holds title as whole words, in any case:
// "Note: heart failure stages ..." names "heart", not "ear".
func namesWord(text, title string) bool {
	t, w := " "+strings.ToLower(strings.Join(strings.FieldsFunc(text, notLetter), " "))+" ", strings.ToLower(strings.Join(strings.FieldsFunc(title, notLetter), " "))
	return w != "" && strings.Contains(t, " "+w+" ")
}

func notLetter(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// printedCode reports whether s looks like a code as the index prints it:
// letters, digits, a dot and a trailing dash.
func printedCode(s string) bool {
	if len(s) < 3 || len(s) > 9 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '.' || c == '-') {
			return false
		}
	}
	return true
}

// Walk visits every term depth first, in published order, with the path
// from its main term (path[0]) to the term itself (path[len(path)-1]).
// Returning false skips the term's subterms. path is reused between
// calls: copy it to keep it.
func (ix *Index) Walk(fn func(path []*IndexTerm) bool) {
	var path []*IndexTerm
	var visit func(t *IndexTerm)
	visit = func(t *IndexTerm) {
		path = append(path, t)
		if fn(path) {
			for _, k := range t.Terms {
				visit(k)
			}
		}
		path = path[:len(path)-1]
	}
	for _, t := range ix.Terms {
		visit(t)
	}
}

// Head returns the heading of table column col (1-based), or "".
func (ix *Index) Head(col int) string {
	if col < 1 || col > len(ix.Heads) {
		return ""
	}
	return ix.Heads[col-1]
}

// Index returns the book of that kind, or nil when none was imported.
func (s *Set) Index(kind IndexKind) *Index {
	s.ensureBooks()
	return s.indexes[kind]
}

// Indexes returns every imported book: main index, external cause index,
// drug table, neoplasm table, PCS index, in that order.
func (s *Set) Indexes() []*Index {
	s.ensureBooks()
	var out []*Index
	for _, k := range []IndexKind{MainIndex, ExternalIndex, DrugTable, NeoplasmTable, PCSIndex} {
		if ix := s.indexes[k]; ix != nil {
			out = append(out, ix)
		}
	}
	return out
}

// IndexTerms returns the main terms of the ICD-10-CM Alphabetic Index
// (nil when it was not imported). Walk them with Index(MainIndex).Walk.
func (s *Set) IndexTerms() []*IndexTerm {
	s.ensureBooks()
	if ix := s.indexes[MainIndex]; ix != nil {
		return ix.Terms
	}
	return nil
}

// resolve finds the concept a printed index code leads to: the code
// itself, or its nearest existing ancestor for a dash code ("I21.-") or a
// partial code ("0UT9", "T51.3X1").
func (s *Set) resolve(sys app.System, printed string) *Concept {
	d := s.systems[sys]
	if d == nil {
		return nil
	}
	code := Canonical(printed)
	for n := len(code); n >= 3; n-- {
		if c := d.lookup(code[:n]); c != nil {
			return c
		}
	}
	return nil
}

// indexLink is one index entry leading to a concept: the book (its
// position in Indexes), the term's preorder number in that book, the
// table column (0 for none) and the code as printed when it is not exactly
// the concept's.
type indexLink struct {
	c       *Concept
	ix, ord int
	col     int
	printed string
}

// eachIndexLink calls fn for every index entry that leads to a concept,
// book by book in Indexes order, terms in Walk order.
func (s *Set) eachIndexLink(fn func(l indexLink, path []*IndexTerm)) {
	for ixn, ix := range s.Indexes() {
		sys := app.ICD10CM
		if ix.Kind == PCSIndex {
			sys = app.ICD10PCS
		}
		ord := -1
		ix.Walk(func(path []*IndexTerm) bool {
			ord++
			t := path[len(path)-1]
			ref := func(printed string, col int) {
				c := s.resolve(sys, printed)
				if c == nil {
					return
				}
				l := indexLink{c: c, ix: ixn, ord: ord, col: col}
				if Canonical(printed) != c.Code || strings.HasSuffix(printed, "-") {
					l.printed = printed
				}
				fn(l, path)
			}
			for _, code := range []string{t.Code, t.Manif, t.Codes} {
				if code != "" && printedCode(code) {
					ref(code, 0)
				}
			}
			for _, cell := range t.Cells {
				ref(cell.Code, cell.Col)
			}
			return true
		})
	}
}

// linkIndex puts an IndexRef on every concept an index entry leads to.
func (s *Set) linkIndex() {
	s.ensureBooks()
	// From here on the books are the trees and the references are on
	// the concepts, no longer read from the pack.
	s.loadBooks, s.inPack = nil, nil
	for _, sys := range app.Systems {
		if d := s.systems[sys]; d != nil {
			for _, c := range d.order {
				c.Index = nil
			}
		}
	}
	ixs := s.Indexes()
	lastOrd, lastIx := -1, -1
	var titles []string
	s.eachIndexLink(func(l indexLink, path []*IndexTerm) {
		if l.ord != lastOrd || l.ix != lastIx {
			lastOrd, lastIx = l.ord, l.ix
			titles = pathTitles(path)
		}
		ix := ixs[l.ix]
		l.c.Index = append(l.c.Index, IndexRef{Path: titles, Year: ix.Year, Kind: ix.Kind, Column: ix.Head(l.col), Code: l.printed})
	})
}

// pathTitles lists the titles along a path, skipping untitled PCS terms.
func pathTitles(path []*IndexTerm) []string {
	titles := make([]string, 0, len(path))
	for _, p := range path {
		if p.Title != "" {
			titles = append(titles, p.Title)
		}
	}
	return titles
}
