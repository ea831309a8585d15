package search

import (
	"fmt"
	"slices"
	"strings"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"
)

// indexEntries walks every imported index book and returns one Entry per
// code a term leads to: its own code, manifestation code, PCS code or
// table, table cells by column, "see subcategory/category" codes, and the
// codes its see and see also references lead to once followed through the
// book (up to three hops). Nonessential modifiers are kept in parentheses
// so they count as optional words.
func indexEntries(set *terminology.Set) []Entry {
	var out []Entry
	table := set.Index(terminology.NeoplasmTable)
	for _, book := range set.Indexes() {
		sys := app.ICD10CM
		if book.Kind == terminology.PCSIndex {
			sys = app.ICD10PCS
		}
		r := newResolver(book)
		r.table = table
		book.Walk(func(path []*terminology.IndexTerm) bool {
			t := path[len(path)-1]
			texts := make([]string, 0, len(path))
			for _, p := range path {
				s := p.Title
				if p.Nemod != "" {
					s += " " + p.Nemod
				}
				if strings.TrimSpace(s) != "" {
					texts = append(texts, s)
				}
			}
			if len(texts) == 0 {
				return true
			}
			add := func(code, column, see string) {
				out = append(out, Entry{System: sys, Kind: book.Kind, Path: texts, Column: column, See: see, Code: code, Year: book.Year})
			}
			for _, code := range []string{t.Code, t.Manif, t.SeeCat, t.Subcat} {
				if isPrintedCode(code) {
					add(code, "", "")
				}
			}
			if code := severitiesCode(t); code != "" && t.See == "" && !slices.ContainsFunc([]string{t.Code, t.Manif, t.SeeCat, t.Subcat, t.Codes, t.Tab}, isPrintedCode) {
				// "Disorder, tobacco use": mild, moderate and severe are
				// each F17.200, which is the disorder's, its severity
				// unsaid.
				add(code, "", "")
			}
			if isPrintedCode(t.Codes) {
				add(t.Codes, "", t.See)
			} else if isPrintedCode(t.Tab) {
				add(t.Tab, "", t.See)
			}
			for _, c := range t.Cells {
				add(c.Code, book.Head(c.Col), "")
			}
			if book.Kind == terminology.NeoplasmTable && len(t.Cells) < len(book.Heads) {
				// "node (see also Neoplasm, lymph gland)": a row without
				// cells of its own is coded by the row it names, column
				// by column, and so are that row's sites under it
				// (axillary lymph node: the lymph gland's axilla row). A
				// row with some cells takes the others from it ("colon
				// — see also Neoplasm, intestine, large": D49.0).
				own := map[int]bool{}
				for _, c := range t.Cells {
					own[c.Col] = true
				}
				for _, ref := range []string{t.See, t.SeeAlso} {
					row := r.tableRow(strings.Split(ref, ","))
					if row == nil {
						continue
					}
					for _, c := range row.Cells {
						if !own[c.Col] {
							add(c.Code, book.Head(c.Col), strings.TrimSpace(ref))
						}
					}
					if len(t.Cells) > 0 {
						break
					}
					for _, sub := range row.Terms {
						title := sub.Title
						if sub.Nemod != "" {
							title += " " + sub.Nemod
						}
						for _, c := range sub.Cells {
							out = append(out, Entry{System: sys, Kind: book.Kind, Path: append(texts[:len(texts):len(texts)], title), Column: book.Head(c.Col),
								See: strings.TrimSpace(ref) + ", " + strings.TrimSpace(sub.Title), Code: c.Code, Year: book.Year})
						}
					}
					break
				}
			}
			if sys == app.ICD10CM {
				for k, ref := range []string{t.See, t.SeeAlso} {
					if ref == "" {
						continue
					}
					codes, node := r.follow(ref, 3, r.wordsOf(texts))
					see := strings.TrimSpace(ref)
					if node != nil && len(path) > 1 {
						// "Pain, hand — see Pain, limb, upper": the coder
						// reads on under the term named for the entry's own
						// word (Pain, limb, upper, hand: M79.64-), not the
						// term's own code (M79.60-, the arm).
						if sub := r.ownSubterm(node, t.Title); sub != nil {
							for _, code := range []string{sub.Code, sub.Subcat} {
								if isPrintedCode(code) {
									codes, see = []string{code}, see+", "+strings.TrimSpace(sub.Title)
									if len(sub.Terms) > 0 {
										// "Ulcer, foot — see Ulcer, lower
										// limb": the sides are foot's
										// (L97.529), not the limb's.
										node = sub
									}
									break
								}
							}
						}
					}
					for _, code := range codes {
						add(code, "", see)
						out[len(out)-1].Also = k == 1
					}
					// "Attack, heart — see Infarct, myocardium": the
					// subterms of the term a see reference names are the
					// source's subterms too (anterior wall, non-ST
					// elevation...), after the term's own code.
					if k == 0 && node != nil && len(node.Terms) <= maxSeeSubterms {
						for _, sub := range node.Terms {
							if !isPrintedCode(sub.Code) {
								continue
							}
							title := sub.Title
							if sub.Nemod != "" {
								title += " " + sub.Nemod
							}
							out = append(out, Entry{System: sys, Kind: book.Kind, Path: append(texts[:len(texts):len(texts)], title), See: strings.TrimSpace(ref) + ", " + strings.TrimSpace(sub.Title), Code: sub.Code, Year: book.Year})
						}
					}
					if len(codes) == 0 {
						// No code to lead to, but the words still teach
						// synonyms (see aliases.go).
						add("", "", see)
					}
				}
			}
			return true
		})
	}
	return append(out, carriedBack(set, out)...)
}

// carriedBack returns, for each ICD-10-CM entry that leads to a code the
// conversion table says took over one previous code, the same entry
// leading to that previous code in the years before the new one took
// effect. The Index is one recent edition: "Depression" leads to F32.A
// (FY2022), where a coder of FY2018 assigned F32.9. (A code split from
// one that stays its parent is handled when the index is built, see
// reach.)
func carriedBack(set *terminology.Set, entries []Entry) []Entry {
	var out []Entry
	for _, e := range entries {
		if e.System != app.ICD10CM || !isPrintedCode(e.Code) {
			continue
		}
		code := terminology.Canonical(e.Code)
		for _, row := range set.Conversions(code) {
			fy := fiscalYearOf(row.Since)
			if row.Current != code || len(row.Previous) != 1 || fy == 0 || set.Lookup(app.ICD10CM, row.Previous[0]) == nil {
				continue
			}
			b := e
			b.Code, b.Until = terminology.Display(app.ICD10CM, row.Previous[0]), fy
			out = append(out, b)
		}
	}
	return out
}

// fiscalYearOf is the fiscal year of a YYYY-MM-DD date (October starts
// the next one), or 0.
func fiscalYearOf(date string) int {
	var y, m, d int
	if _, err := fmt.Sscanf(date, "%d-%d-%d", &y, &m, &d); err != nil {
		return 0
	}
	if m >= 10 {
		y++
	}
	return y
}

func isPrintedCode(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) < 3 || len(s) > 9 {
		return false
	}
	digit := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digit = true
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c == '.', c == '-':
		default:
			return false
		}
	}
	return digit
}

// resolver finds the term a cross-reference names: "Infarct, myocardium"
// is the main term "Infarct, infarction" and its subterm "myocardium,
// myocardial".
type resolver struct {
	main  map[string][]*terminology.IndexTerm // first word of the main term's title → terms
	plain map[string]string                   // memo of plain()
	// table is the Neoplasm Table, for the references to it ("see
	// Neoplasm, benign, by site"; "see Neoplasm, skin, malignant").
	table *terminology.Index
}

// tableCell returns the code a reference to the Neoplasm Table leads to:
// the cell of the column it names in the row of the site it names ("see
// Neoplasm, skin, benign": D23.9), or in the table's first row when it
// leaves the site to the coder ("see Neoplasm, benign, by site": D36.9,
// "see also Neoplasm, by site, malignant": C80.1). The main index's own
// "Neoplasm, neoplastic" term has no such subterms: followed there,
// "benign" would match "lipomatous, benign" (a lipoma, D17.9).
func (r *resolver) tableCell(parts []string) (string, bool) {
	if len(parts) < 2 || firstWord(parts[0]) != "neoplasm" || r.table == nil || len(r.table.Terms) == 0 {
		return "", false
	}
	var site []string
	col := ""
	for _, p := range parts[1:] {
		p = strings.ToLower(strings.TrimSpace(p))
		switch {
		case p == "by site":
		case col == "" && r.isColumn(p):
			col = p
		default:
			site = append(site, p)
		}
	}
	if col == "" {
		return "", false
	}
	row := r.siteRow(site)
	if row == nil {
		return "", false
	}
	for _, c := range row.Cells {
		if h := strings.ToLower(r.table.Head(c.Col)); h == col || h == col+" primary" || h == "ca "+col {
			return c.Code, isPrintedCode(c.Code)
		}
	}
	return "", false
}

// tableRow returns the Neoplasm Table row a reference that names no
// column leads to ("Neoplasm, lymph gland"), or nil.
func (r *resolver) tableRow(parts []string) *terminology.IndexTerm {
	if len(parts) < 2 || firstWord(parts[0]) != "neoplasm" || r.table == nil || len(r.table.Terms) == 0 {
		return nil
	}
	site := make([]string, 0, len(parts)-1)
	for _, p := range parts[1:] {
		p = strings.ToLower(strings.TrimSpace(p))
		if p == "by site" || r.isColumn(p) {
			return nil
		}
		site = append(site, p)
	}
	return r.siteRow(site)
}

// siteRow walks the Neoplasm Table's rows by the site parts of a
// reference. A part may name a row and its subterm in one: "lymph gland"
// is the row "lymph, lymphatic channel NEC", subterm "gland".
func (r *resolver) siteRow(site []string) *terminology.IndexTerm {
	row := r.table.Terms[0]
	for _, p := range site {
		next := r.child(row, p)
		if next == nil {
			if head, rest, ok := strings.Cut(p, " "); ok {
				if k := r.child(row, head); k != nil {
					next = r.child(k, rest)
				}
			}
		}
		if next == nil {
			return nil
		}
		row = next
	}
	return row
}

// child returns the subterm of row the reference part names, or nil.
func (r *resolver) child(row *terminology.IndexTerm, p string) *terminology.IndexTerm {
	for _, k := range row.Terms {
		if r.matches(k.Title, p) {
			return k
		}
	}
	return nil
}

// ownSubterm returns the subterm of the term a see reference names that
// is the referring entry's own word: "hand" under "Pain, limb, upper" for
// "Pain, hand"; "foot specified NEC" under "Ulcer, lower limb" for
// "Ulcer, foot" (the Index's "specified NEC" of a site is the site).
func (r *resolver) ownSubterm(node *terminology.IndexTerm, title string) *terminology.IndexTerm {
	if sub := r.child(node, title); sub != nil {
		return sub
	}
	for _, k := range node.Terms {
		if site, ok := strings.CutSuffix(strings.TrimSpace(k.Title), " specified NEC"); ok && r.matches(site, title) {
			return k
		}
	}
	return nil
}

// startedBy returns the one subterm of node whose title is the part p
// followed by words of own only, or nil.
func (r *resolver) startedBy(node *terminology.IndexTerm, p string, own map[string]bool) *terminology.IndexTerm {
	pre := r.norm(p)
	if pre == "" {
		return nil
	}
	var found *terminology.IndexTerm
	for _, k := range node.Terms {
		rest, ok := strings.CutPrefix(r.norm(k.Title), pre+" ")
		if !ok || !allOwn(strings.Fields(rest), own) {
			continue
		}
		if found != nil {
			return nil // two: the reference does not say which
		}
		found = k
	}
	return found
}

func allOwn(words []string, own map[string]bool) bool {
	for _, w := range words {
		if !own[w] {
			return false
		}
	}
	return len(words) > 0
}

// wordsOf is the normalised words of an entry's path.
func (r *resolver) wordsOf(texts []string) map[string]bool {
	own := map[string]bool{}
	for _, t := range texts {
		for _, w := range strings.Fields(r.norm(t)) {
			own[w] = true
		}
	}
	return own
}

// isColumn reports a reference part naming a Neoplasm Table column
// ("malignant", "benign", "in situ", "uncertain behavior").
func (r *resolver) isColumn(p string) bool {
	for col := 1; col <= len(r.table.Heads); col++ {
		if h := strings.ToLower(r.table.Head(col)); h == p || h == p+" primary" || h == "ca "+p {
			return true
		}
	}
	return false
}

func newResolver(book *terminology.Index) *resolver {
	r := &resolver{main: map[string][]*terminology.IndexTerm{}, plain: map[string]string{}}
	for _, t := range book.Terms {
		k := firstWord(t.Title)
		r.main[k] = append(r.main[k], t)
	}
	return r
}

func firstWord(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, ", ("); i >= 0 {
		s = s[:i]
	}
	return s
}

// matches reports whether a term's title is the reference part: equal, or
// the part is the title's first comma-separated form ("Infarct" names
// "Infarct, infarction").
func (r *resolver) matches(title, part string) bool {
	p := r.norm(part)
	if p == "" {
		return false
	}
	if r.norm(title) == p {
		return true
	}
	if strings.IndexByte(title, ',') < 0 {
		return false
	}
	for _, form := range strings.Split(title, ",") {
		if r.norm(form) == p {
			return true
		}
	}
	return false
}

func (r *resolver) norm(s string) string {
	if p, ok := r.plain[s]; ok {
		return p
	}
	p := plain(s)
	r.plain[s] = p
	return p
}

// plain is the words of s, normalised, without NOS and NEC: the index
// writes "Conjunctivitis NOS" where a reference says "Conjunctivitis".
func plain(s string) string {
	var b strings.Builder
	for _, t := range tokenize(s, false, nil) {
		if t.text == "nos" || t.text == "nec" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.text)
	}
	return b.String()
}

// maxSeeSubterms bounds the subterms a see reference passes on to its
// source, so a reference to a vast term ("see Fracture, traumatic") does
// not multiply the index.
const maxSeeSubterms = 40

// follow returns the codes the reference leads to: the code of the
// deepest term it names, following that term's own see reference when it
// has no code; and that term.
//
// own is the words of the referring entry: the reference's last part may
// name a subterm by its first words, the rest being own words ("Tear,
// retina — see also Break, retina, horseshoe" is "horseshoe tear").
func (r *resolver) follow(ref string, hops int, own map[string]bool) ([]string, *terminology.IndexTerm) {
	if hops == 0 {
		return nil, nil
	}
	var parts []string
	for _, p := range strings.Split(ref, ",") {
		p = strings.TrimSpace(p)
		// "with ketoacidosis" is the subterm "with", then "ketoacidosis".
		if rest, ok := strings.CutPrefix(p, "with "); ok && len(parts) > 0 {
			parts = append(parts, "with", strings.TrimSpace(rest))
			continue
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 || parts[0] == "" {
		return nil, nil
	}
	if code, ok := r.tableCell(parts); ok {
		return []string{code}, nil
	}
	// Several main terms may start the reference: "see Fracture, femur,
	// neck" names "Fracture, traumatic" (its subterm "femur"), which the
	// reference leaves out, not "Fracture, burst", the first listed. The
	// main term under which the most of the reference is found wins.
	var node *terminology.IndexTerm
	best, bestUsed := -1, 0
	for _, t := range r.main[firstWord(parts[0])] {
		// The main term's title may itself hold commas ("Disease,
		// diseased"): try the longest run of parts first.
		for n := len(parts); n >= 1; n-- {
			if r.matches(t.Title, strings.Join(parts[:n], ", ")) {
				end, depth := r.walk(t, parts[n:], own)
				if n+depth > best || n+depth == best && n > bestUsed {
					node, best, bestUsed = end, n+depth, n
				}
				break
			}
		}
	}
	if node == nil {
		return nil, nil
	}
	if isPrintedCode(node.Code) {
		return []string{node.Code}, node
	}
	if isPrintedCode(node.Subcat) {
		return []string{node.Subcat}, node
	}
	if node.See != "" {
		return r.follow(node.See, hops-1, own)
	}
	return nil, node
}

// walk follows the parts of a reference down from term t as far as they
// go, and returns the term reached and how many parts it took.
func (r *resolver) walk(t *terminology.IndexTerm, parts []string, own map[string]bool) (*terminology.IndexTerm, int) {
	node, depth := t, 0
	for i, p := range parts {
		var next *terminology.IndexTerm
		for _, k := range node.Terms {
			if r.matches(k.Title, p) {
				next = k
				break
			}
		}
		if next == nil && i == len(parts)-1 {
			next = r.startedBy(node, p, own)
		}
		if next == nil {
			// "see Diabetes, retinopathy": the retinopathy is under
			// "with" (Guidelines I.A.15 reads "with" into such links).
			for _, k := range node.Terms {
				if r.matches(k.Title, "with") {
					for _, kk := range k.Terms {
						if r.matches(kk.Title, p) {
							next = kk
							break
						}
					}
					break
				}
			}
		}
		if next == nil && p == "by type" {
			// "see Diabetes, by type, with ketoacidosis": the rest is
			// under the term itself for the default type.
			depth++
			continue
		}
		if next == nil {
			break // "by site", "specified NEC" and the like: stop here
		}
		node = next
		depth++
	}
	return node, depth
}

// severitiesCode returns the code a term's subterms mild, moderate and
// severe all lead to, "" when it has not all three or they differ
// ("Disorder, alcohol use": F10.10, F10.20, F10.20).
func severitiesCode(t *terminology.IndexTerm) string {
	code, seen := "", map[string]bool{}
	for _, sub := range t.Terms {
		switch sev := strings.ToLower(strings.TrimSpace(sub.Title)); sev {
		case "mild", "moderate", "severe":
			c := strings.TrimSpace(sub.Code)
			if !isPrintedCode(c) || code != "" && c != code {
				return ""
			}
			code, seen[sev] = c, true
		}
	}
	if len(seen) < 3 {
		return ""
	}
	return code
}
