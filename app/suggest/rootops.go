package suggest

import (
	"cmp"
	"regexp"
	"slices"
	"strings"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"
	"github.com/codebench/codebench/app/terminology/search"
)

// rootRef is where the ICD-10-PCS Index sends a word by a bare "see" to a
// root operation ("Reduction, fracture — see Reposition"): the operation,
// and the words of the subterm the note must also say.
type rootRef struct {
	sub []string
	op  string
	// table, for a reference to one table ("see Excision,
	// Gastrointestinal System 0DB"), is the table a body part of which the
	// note must name (tableParts): a nasal polypectomy is no
	// gastrointestinal one.
	table string
}

// rootOpRefs maps the one-word main terms of the ICD-10-PCS Index to the
// root operations their bare "see" references name, built on first use.
// A reference with a body system or a table ("see Reposition,
// Gastrointestinal System 0DS") is indexed with its codes already; a bare
// one leads to no code until the body part is found under the operation,
// which is what the note's words are then looked up as. A term whose
// references name several operations for the same words ("Arthroplasty":
// Repair, Replacement, Supplement) is left to the search.
func (e *Engine) rootOpRefs() map[string][]rootRef {
	e.rootOpsOnce.Do(func() {
		e.rootOps = map[string][]rootRef{}
		book := e.set.Index(terminology.PCSIndex)
		if book == nil {
			return
		}
		ops := map[string]bool{}
		for _, t := range book.Terms {
			if t.Code == "" && t.Codes == "" && t.Tab == "" && len(t.Terms) > 0 {
				ops[strings.TrimSpace(t.Title)] = true
			}
		}
		bare := func(t *terminology.IndexTerm) string {
			if t.Codes != "" || t.Tab != "" || !ops[strings.TrimSpace(t.See)] {
				return ""
			}
			return strings.TrimSpace(t.See)
		}
		for _, t := range book.Terms {
			if w, op := systemQualified(t, ops); op != "" {
				e.rootOps[w] = append(e.rootOps[w], rootRef{op: op, table: cmp.Or(t.Codes, t.Tab)})
				continue
			}
			head := search.StrongWords(t.Title)
			if len(head) != 1 || strings.Contains(t.Title, ",") {
				continue
			}
			// A subterm's reference, which the note's own words bring
			// about, and a main term's that names an operation
			// ("Amputation — see Detachment"); not one that is every
			// note's word for something else ("Examination — see
			// Inspection", "Collapse — see Occlusion": notOperations).
			// Imaging has its own reading (imaging).
			var refs []rootRef
			if op := bare(t); op != "" && !imagingOp(op) && !notOperations[head[0]] {
				refs = append(refs, rootRef{op: op})
			}
			for _, s := range t.Terms {
				if op := bare(s); op != "" && !imagingOp(op) {
					if sub := search.StrongWords(s.Title); len(sub) > 0 {
						refs = append(refs, rootRef{sub: sub, op: op})
					}
				}
			}
			// The same words sent to two operations: the coder's
			// choice, not the note's.
			byWords := map[string]string{}
			ambiguous := map[string]bool{}
			for _, r := range refs {
				k := strings.Join(r.sub, " ")
				if op, ok := byWords[k]; ok && op != r.op {
					ambiguous[k] = true
				}
				byWords[k] = r.op
			}
			for _, r := range refs {
				if !ambiguous[strings.Join(r.sub, " ")] {
					e.rootOps[head[0]] = append(e.rootOps[head[0]], r)
				}
			}
		}
	})
	return e.rootOps
}

// systemQualified returns, for a main term qualified by nothing but the
// body system its reference names ("Polypectomy, gastrointestinal — see
// Excision, Gastrointestinal System 0DB"), its word and the operation: a
// body part of the table the note names says the system (rootRef.parts).
// Else "", "".
func systemQualified(t *terminology.IndexTerm, ops map[string]bool) (string, string) {
	first, qual, ok := strings.Cut(t.Title, ", ")
	op, system, _ := strings.Cut(t.See, ", ")
	head, qw := search.StrongWords(first), search.StrongWords(qual)
	if !ok || len(t.Terms) > 0 || !ops[op] || imagingOp(op) || len(head) != 1 || len(qw) == 0 || notOperations[head[0]] ||
		slices.ContainsFunc(qw, func(x string) bool { return !slices.Contains(search.StrongWords(system), x) }) {
		return "", ""
	}
	return head[0], op
}

// tableParts returns the words of the body parts of an ICD-10-PCS table
// (its codes' titles between the operation and the approach: "Excision of
// Sigmoid Colon, ..."), sides aside; nil for no table. They are found on
// first use: a table has thousands of codes, and most notes name none of
// the words that ask for them.
func (e *Engine) tableParts(table string) map[string]bool {
	if len(table) < 3 {
		return nil
	}
	e.mu.Lock()
	parts, ok := e.tablePartsOf[table]
	e.mu.Unlock()
	if ok {
		return parts
	}
	for _, c := range e.pcsUnder(table[:3], e.newest) {
		title, _, _ := strings.Cut(c.TitleIn(e.newest).Long, ",")
		if _, part, ok := strings.Cut(title, " of "); ok {
			for _, w := range search.StrongWords(part) {
				if !sideWords[w] {
					if parts == nil {
						parts = map[string]bool{}
					}
					parts[w] = true
				}
			}
		}
	}
	e.mu.Lock()
	e.tablePartsOf[table] = parts
	e.mu.Unlock()
	return parts
}

// notOperations are the ICD-10-PCS Index's one-word main terms with a
// bare "see" to a root operation that notes use for something else: a
// finding or an injury (abrasion, avulsion, collapse, coagulation, a
// cord's transection, a clot's lysis, the sulci's obliteration), a
// status (transplant), an approach (laparoscopy), the physical examination
// (examination, exploration), or an act that does not say which operation
// on what (injection, exchange, window, clamping).
var notOperations = wordSet(`abrasion avulsion collapse coagulation transplant laparoscopy examination exploration
	injection infusion application exchange window puncture perfusion flushing washing casting clamping diversion
	relocation alimentation transection obliteration insufflation interruption lysis`)

// rootOperations returns q with each word of q[lo:hi] that the ICD-10-PCS
// Index sends to a root operation by a bare "see" spelled as the
// operation, the note's word kept among the forms: "open reduction of
// the left femur fracture" is looked up as Reposition, Femur (Reduction,
// Fracture — see Reposition). A reference under a subterm needs the
// subterm's words said in the chunk (or in the word's own spelling out:
// "ORIF"); of two, the one whose subterm says more ("non-excisional
// debridement" is not the excisional one). Not a word followed by "in"
// ("reduction in vertebral body height" is a loss of height), nor in a
// sentence about bleeding, whose control is a root operation of its own
// (B3.7: "suture ligation of a bleeding vessel" is no Occlusion). q is
// copied when it changes.
func (e *Engine) rootOperations(q []qtok, lo, hi int) []qtok {
	refs := e.rootOpRefs()
	if saidIn(q, bleedingWords) {
		return q
	}
	out := q
	for k := lo; k < hi; k++ {
		if k+1 < len(q) && q[k+1].text == "in" {
			continue
		}
		norms := q[k].norms
		if x, ok := pcsAbbreviations[q[k].text]; ok {
			norms = append(search.Words(x), norms...)
		}
		op, said, word := "", -1, ""
		own := []qtok{{norms: norms}}
		for _, n := range norms {
			for _, r := range refs[n] {
				if len(r.sub) > said && (allSaidIn(r.sub, q[lo:hi]) || allSaidIn(r.sub, own)) && (r.table == "" || saidIn(q[lo:hi], e.tableParts(r.table))) {
					op, said, word = r.op, len(r.sub), n
				}
			}
		}
		if op == "" {
			continue
		}
		if &out[0] == &q[0] {
			out = append([]qtok(nil), q...)
		}
		text := strings.ToLower(op)
		if _, ok := pcsAbbreviations[q[k].text]; !ok {
			// A word looked up as several keeps its other words (an
			// abbreviation spelled out: "BKA", below knee amputation, is
			// a Detachment of the lower leg); ORIF's are the operation's.
			for _, f := range strings.Fields(q[k].text) {
				if search.Word(f) != word {
					text += " " + f
				}
			}
		}
		out[k] = qtok{text: text, norms: append(search.Words(op), norms...)}
	}
	return out
}

// mainTermSaid reports a main term said by w: its head noun and all its
// words but one ("breast reduction" says "Size reduction, breast"; "central
// venous thrombosis" is no "Central venous pressure", "bone marrow biopsy"
// no "Bone marrow transplant"), or all the words of another spelling
// ("Orchectomy, orchidectomy, orchiectomy") or of the abbreviation it gives
// ("Percutaneous transluminal coronary angioplasty (PTCA)"). A form that
// qualifies the first ("breast") is said with it.
func mainTermSaid(level string, w []qtok) bool {
	forms := levelForms(level)
	if len(forms) == 0 {
		return true
	}
	first := search.StrongWords(withoutParens(forms[0]))
	var qualifiers []string
	alts := [][]string{first}
	for _, f := range forms[1:] {
		if ws := search.StrongWords(withoutParens(f)); len(ws) > 0 && len(first) > 0 && variant(ws[0], first[0]) {
			alts = append(alts, ws)
		} else {
			qualifiers = append(qualifiers, ws...)
		}
	}
	for _, m := range parenAbbreviation.FindAllStringSubmatch(level, -1) {
		// "(PTCA)": what the term is called for short; not a
		// nonessential word ("Acromion (process)").
		alts = append(alts, search.Words(m[1]))
	}
	if !allSaidIn(qualifiers, w) {
		return false
	}
	if len(first) > 2 || len(first) == 2 && len(qualifiers) > 0 {
		// All but one word, the head said (of a two-word term, only with
		// the form that qualifies it: "Size reduction, breast"). The head
		// is the last word, or the last before "of" ("Quadrant resection
		// of breast").
		head := first[len(first)-1]
		if before, _, ok := strings.Cut(withoutParens(forms[0]), " of "); ok {
			if ws := search.StrongWords(before); len(ws) > 0 {
				head = ws[len(ws)-1]
			}
		}
		unsaid := slices.DeleteFunc(slices.Clone(first), func(x string) bool { return allSaidIn([]string{x}, w) })
		if len(unsaid) <= 1 && !slices.Contains(unsaid, head) {
			return true
		}
	}
	return slices.ContainsFunc(alts, func(ws []string) bool { return len(ws) > 0 && allSaidIn(ws, w) })
}

// middleWord is a relative word of the PCS Index's levels ("Colic >
// Middle") that relativeWords, for the ICD-10-CM sites, leaves out.
var middleWord = search.Word("middle")

// tableOperation returns the operation of the ICD-10-PCS table a code is
// in, as the table's title names it last ("Upper Arteries, Occlusion":
// Occlusion), or "".
func (e *Engine) tableOperation(code string) string {
	if len(code) < 3 {
		return ""
	}
	c := e.set.Lookup(app.ICD10PCS, code[:3])
	if c == nil {
		return ""
	}
	title := c.Latest().Long
	return strings.TrimSpace(title[strings.LastIndex(title, ",")+1:])
}

// parenAbbreviation is an abbreviation a PCS Index term gives in
// parentheses: "(PTCA)", "(CRT-D)".
var parenAbbreviation = regexp.MustCompile(`\(([A-Z][A-Z0-9-]+)\)`)

// bleedingWords say a sentence is about bleeding.
var bleedingWords = wordSet("bleeding bleed hemorrhage hemorrhaging")

// saidIn reports a word of w said (in one of its forms) by a word of q.
func saidIn(q []qtok, w map[string]bool) bool {
	for x := range w {
		if allSaidIn([]string{x}, q) {
			return true
		}
	}
	return false
}

// imagingOp reports a PCS Index reference to an imaging modality rather
// than a root operation ("Scan, Computerized Tomography (CT)").
func imagingOp(op string) bool {
	return strings.Contains(op, "Tomography") || strings.Contains(op, "Imaging") || strings.Contains(op, "graphy")
}

// pcsAbbreviations are abbreviations of procedures only: spelled out for
// ICD-10-PCS, they are no diagnosis's words ("ORIF" says no open
// fracture).
var pcsAbbreviations = map[string]string{"orif": "open reduction internal fixation fracture", "crif": "closed reduction internal fixation fracture"}

// allSaidIn reports every word of ws said by a word of w.
func allSaidIn(ws []string, w []qtok) bool {
	for _, x := range ws {
		said := false
		for _, t := range w {
			if rootMatch(x, t.norms) {
				said = true
				break
			}
		}
		if !said {
			return false
		}
	}
	return true
}

// bodyPartSaid reports whether the words of w say the body part of a PCS
// Index path: what the words the path explains (strong) say past the root
// operation is not only sides, relative words or numbers, and, under a
// main term that is the code's operation (op, the table's), the words of
// its last level that is none of those are half said, all for a
// Reposition (a bone or a joint the note names: "Reposition > Radius >
// Right", radius). "ORIF of right tibial shaft fracture" is no
// Reposition > Humeral Shaft > Right for its "shaft", "open reduction
// internal fixation of the right distal radius" no Reposition > Tooth >
// Lower for its "lower end", "3 cm laceration" no Repair > Ribs > 3 or
// More. A nerve, vessel, artery or lymphatic the path names is said as
// one, and one said is the path's: "evacuation of the hematoma by lumbar
// route" is no Extirpation > Nerve > Lumbar, "excision of thoracic lymph
// node" no Excision > Nerve > Thoracic nor Excision > Vertebra >
// Thoracic. A main term's own site ("Replacement, hip") is said too, and
// so is where an administration goes (Transfusion > Vein), and a main
// term's words when it is the path's only level.
func bodyPartSaid(h search.Hit, w []qtok, strong []bool, op string) bool {
	path, ok := strings.CutPrefix(h.Why, "index: ")
	if !ok {
		return true
	}
	if i := strings.IndexAny(path, ";→"); i >= 0 {
		path = path[:i]
	}
	levels := strings.Split(path, " > ")
	if len(levels) < 2 {
		// A main term alone names the procedure whole: "central venous
		// line" is no "Central venous pressure" (4A04).
		return mainTermSaid(levels[0], w)
	}
	for _, x := range search.StrongWords(levels[1]) {
		if tissueWords[x] && !slices.ContainsFunc(w, func(t qtok) bool {
			return slices.ContainsFunc(t.norms, func(n string) bool {
				return n == x || commonPrefix(n, x) >= 5 || tissueWords[n] && sameTissue(n, x)
			})
		}) {
			return false // the path's own: a lymph node is no nerve
		}
	}
	for _, t := range w {
		// And the reverse: a lymph node said is the lymphatic's, an
		// artery said the artery's ("excision of thoracic lymph node" is
		// no Excision > Vertebra > Thoracic).
		for _, n := range t.norms {
			if tissueWords[n] && !slices.ContainsFunc(search.StrongWords(levels[1]), func(x string) bool { return tissueWords[x] && sameTissue(n, x) }) {
				return false
			}
		}
	}
	for _, f := range levelForms(levels[0])[1:] {
		// The main term's own site: "total shoulder replacement" is no
		// "Replacement, hip > Partial or total" (0SR).
		if ws := search.StrongWords(f); len(ws) > 0 && !allSaidIn(ws, w) {
			return false
		}
	}
	if h.Concept.Code[0] == '3' && !allSaidIn(search.StrongWords(levels[1]), w) {
		// Administration: the level after the operation is where the
		// substance goes, said whole: a transfusion of red cells is no
		// Transfusion > Products of Conception (3027) for its "blood".
		return false
	}
	qualifier := func(x string) bool { return relativeWords[x] || sideWords[x] || isDigit(x[0]) }
	for n := len(levels) - 1; n >= 1 && strings.EqualFold(strings.TrimSpace(levels[0]), op); n-- {
		// The most specific level that is more than a side, a relative
		// word or a number, under a main term that is the code's
		// operation: all of it said for a Reposition, half of it for the
		// others ("ligation of the cystic artery" is no Occlusion > Artery
		// > Innominate, a "mechanical thrombectomy" no Extirpation >
		// Computer-aided Mechanical Aspiration, a middle cerebral artery
		// no Artery > Colic > Middle). Not under a device's main term
		// ("Pacemaker > Dual Chamber > Chest": where the device goes is
		// the table's usual place, not the note's to say).
		part := slices.DeleteFunc(search.StrongWords(levels[n]), func(x string) bool { return qualifier(x) || x == middleWord })
		if len(part) == 0 {
			continue
		}
		said := len(slices.DeleteFunc(slices.Clone(part), func(x string) bool { return !allSaidIn([]string{x}, w) }))
		if levels[0] == "Reposition" && said < len(part) || 2*said < len(part) || said == 0 {
			return false
		}
		break
	}
	for _, x := range search.StrongWords(strings.Join(levels[1:], " ")) {
		for k, t := range w {
			if strong[k] && rootMatch(x, t.norms) && !qualifier(x) {
				return true
			}
		}
	}
	return false
}

// reducedPart reports whether a PCS Reposition code's body system is what
// the sentence (q) reduces: a fracture's is a bone's (head and facial
// bones, upper bones, lower bones: 0N, 0P, 0Q), a dislocation's a
// joint's (0R, 0S). "ORIF of the left ankle fracture" is no reposition of
// the ankle's tendon (0LST) or joint (0SSG), "tibial plateau" no anterior
// tibial artery (04SP), a nasal fracture no nasal turbinate (09SL);
// "closed reduction of left shoulder dislocation" is the joint's (0RSK),
// not the shoulder muscle's (0KS6), a patellar dislocation the knee
// joint's, not the patella's.
func reducedPart(h search.Hit, q []qtok) bool {
	code := h.Concept.Code
	if !strings.HasPrefix(h.Why, "index: Reposition >") || len(code) < 2 {
		return true
	}
	fracture, dislocation := saidIn(q, fractureWords), saidIn(q, dislocationWords)
	switch {
	case fracture && dislocation:
		return strings.ContainsRune("NPQRS", rune(code[1]))
	case fracture:
		return strings.ContainsRune("NPQ", rune(code[1]))
	case dislocation:
		return strings.ContainsRune("RS", rune(code[1]))
	}
	return true
}

// tissueWords are the PCS body parts named by their tissue, which a note
// names too: "lumbar" says no lumbar nerve, "lower" no lower artery,
// "inguinal hernia" no inguinal lymphatic.
var tissueWords = wordSet("artery arteries vein veins nerve nerves vessel vessels lymphatic lymph")

// sameTissue reports two tissueWords for one tissue ("lymph" and
// "lymphatic", "vessel" for an artery or a vein).
func sameTissue(a, b string) bool {
	return commonPrefix(a, b) >= 4 || a == search.Word("vessel") || b == search.Word("vessel")
}

var fractureWords, dislocationWords = wordSet("fracture fractured"), wordSet("dislocation dislocated subluxation subluxed")
