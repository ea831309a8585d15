package suggest

import (
	"slices"
	"strings"

	"github.com/codebench/codebench/app/terminology"
	"github.com/codebench/codebench/app/terminology/search"
)

// rootRef is where the ICD-10-PCS Index sends a word by a bare "see" to a
// root operation ("Reduction, fracture — see Reposition"): the operation,
// and the words of the subterm the note must also say.
type rootRef struct {
	sub []string
	op  string
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
			head := search.StrongWords(t.Title)
			if len(head) != 1 || strings.Contains(t.Title, ",") {
				continue
			}
			// Only a subterm's reference, which the note's own words
			// bring about: a main term's ("Examination — see Inspection",
			// "Injection — see Introduction of substance in or on") is
			// every note's word for something else. Imaging has its own
			// reading (imaging).
			var refs []rootRef
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

// rootOperations returns q with each word of q[lo:hi] that the ICD-10-PCS
// Index sends to a root operation by a bare "see" spelled as the
// operation, the note's word kept among the forms: "open reduction of
// the left femur fracture" is looked up as Reposition, Femur (Reduction,
// Fracture — see Reposition). A reference under a subterm needs the
// subterm's words said in the chunk. q is copied when it changes.
func (e *Engine) rootOperations(q []qtok, lo, hi int) []qtok {
	refs := e.rootOpRefs()
	out := q
	for k := lo; k < hi; k++ {
		norms := q[k].norms
		if x, ok := pcsAbbreviations[q[k].text]; ok {
			norms = append(search.Words(x), norms...)
		}
		op := ""
		for _, n := range norms {
			for _, r := range refs[n] {
				if allSaidIn(r.sub, q[lo:hi]) {
					op = r.op
				}
			}
		}
		if op == "" {
			continue
		}
		if &out[0] == &q[0] {
			out = append([]qtok(nil), q...)
		}
		out[k] = qtok{text: strings.ToLower(op), norms: append(search.Words(op), norms...)}
	}
	return out
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

// bodyPartSaid reports whether the words of w a PCS Index path explains
// (strong) say more of what follows its root operation than a side, a
// relative word or a number ("3 cm laceration" is no Repair > Ribs > 3 or
// More): "open reduction internal fixation of the right distal
// radius" says Reposition > Radius > Right, not Reposition > Tooth >
// Lower for its "lower end". A path whose later levels the words say in
// none of their own (a "cranial CT" read as the brain's) holds.
func bodyPartSaid(h search.Hit, w []qtok, strong []bool) bool {
	path, ok := strings.CutPrefix(h.Why, "index: ")
	if !ok {
		return true
	}
	if i := strings.IndexAny(path, ";→"); i >= 0 {
		path = path[:i]
	}
	_, rest, ok := strings.Cut(path, " > ")
	if !ok {
		return true
	}
	words := search.StrongWords(rest)
	if part, _, _ := strings.Cut(rest, " > "); slices.ContainsFunc(search.StrongWords(part), func(x string) bool { return tissueWords[x] }) && !slices.ContainsFunc(w, func(t qtok) bool {
		return slices.ContainsFunc(t.norms, func(x string) bool { return tissueWords[x] })
	}) {
		// "Evacuation of the hematoma by lumbar route" is no
		// Extirpation > Nerve > Lumbar: a nerve, vessel or soft tissue
		// is said as one.
		return false
	}
	qualifiersOnly := false
	for k, t := range w {
		if !strong[k] {
			continue
		}
		for _, x := range words {
			if rootMatch(x, t.norms) {
				if !relativeWords[x] && !sideWords[x] && !isDigit(x[0]) {
					return true
				}
				qualifiersOnly = true
			}
		}
	}
	return !qualifiersOnly
}

// reducedPart reports whether a PCS Reposition path's body part is what
// the words reduce: a fracture is reduced in a bone, a dislocation in a
// joint; a muscle, tendon, bursa or ligament only when the words say one.
// "ORIF of the left ankle fracture" is no reposition of the ankle's
// tendon (0LST) or joint (0SSG); "closed reduction of left shoulder
// dislocation" is the joint's (0RSK), not the shoulder muscle's (0KS6).
func reducedPart(h search.Hit, w []qtok) bool {
	if !strings.HasPrefix(h.Why, "index: Reposition >") {
		return true
	}
	soft := softTissuePath(h) && !saysAny(w, softTissueWords)
	switch {
	case saysAny(w, fractureWords):
		// Nor a vessel or nerve named for the bone ("tibial plateau":
		// no anterior tibial artery).
		path, _, _ := strings.Cut(strings.TrimPrefix(h.Why, "index: Reposition > "), " > ")
		for _, x := range search.StrongWords(path) {
			if notBone[x] && !saysAny(w, map[string]bool{x: true}) {
				return false
			}
		}
		return !soft && !jointPath(h)
	case saysAny(w, dislocationWords):
		return !soft
	}
	return true
}

// tissueWords are the PCS body parts named by their tissue, which a note
// names too: "lumbar" says no lumbar nerve, "lower" no lower artery.
var tissueWords = wordSet("artery arteries vein veins nerve nerves vessel vessels")

// notBone are the words of a PCS body part that is no bone.
var notBone = wordSet("artery arteries vein veins nerve nerves tendon tendons muscle muscles bursa ligament joint duct vessel mucosa tissue skin")

var fractureWords, dislocationWords = wordSet("fracture fractures"), wordSet("dislocation dislocations subluxation subluxations")
