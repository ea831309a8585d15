package suggest

import (
	"slices"
	"strconv"
	"strings"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"
	"github.com/codebench/codebench/app/terminology/search"
)

// anchors are the words a mention must contain to be looked up: the
// words of the Alphabetic Index's main terms (diagnoses) and of the
// ICD-10-PCS Index's main terms (procedures), less the main terms that
// only send the coder elsewhere by anatomy ("Kidney — see condition") and
// the generic words below. Anything else in a sentence is context.
type anchors struct {
	dx, pcs map[string]bool
}

// notAnchors are main-term words too general to start a lookup on their
// own: they qualify a condition rather than name one. They still count as
// context in the query.
var notAnchors = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`history status use long term family personal left right low high normal
		abnormal examination exam care admission encounter observation follow test problem finding findings
		type stage state change late old new early mild severe acute chronic multiple single large small
		with without patient life age visit contact counseling therapy treatment presence absence
		other unspecified general first second third body part site side level total partial simple
		complete complicated incomplete minor major primary secondary unknown known sign symptom
		good poor height tall short heavy light hard soft open closed upper lower
		anterior posterior medial lateral bilateral unilateral central peripheral deep
		superficial day night year month week time point rate range result results report study
		control dose effect effects agent drug drugs medication medicines substance reaction
		condition conditions complication complications process service services supervision
		management evaluation present return positive negative value values count tests post hospital
		born birth newborn male female man woman child boy girl mother father adult infant
		case cases sample samples area areas region zone size shape form forms origin nature
		sudden slow fast start started end stop free full half dual double triple followup
		appearance physical pattern situation rest urine blood sample sensitivity specificity gas donor
		gestation tension reflex reflexes tubular villous tubulovillous serrated sessile`) {
		notAnchors[search.Word(w)] = true
	}
	// Words of a note that name a measure or a behaviour, not the
	// condition the Index files them under: "pain scale" is no skin
	// scaling (R23.4), "alcohol consumption" no tuberculosis ("Consumption
	// → see Tuberculosis"), "fear of the procedure" no phobia.
	// "Transient" qualifies a condition (transient ischemic attack) like
	// "acute" does; alone the Index reads it as homeless (Z59.0). "Loops
	// of small bowel" and "skin folds" are anatomy, not Loop, intestine
	// (volvulus) nor Fold (anomaly).
	// A consultation is the visit, like "admission" and "visit" above,
	// not Counseling, medical (Z71.9). "Diuresis" is the urine a treatment
	// brings, not polyuria (R35.8).
	for _, w := range strings.Fields(`scale scales consumption fear transient loop loops fold folds folding
		consultation consultations consult diuresis`) {
		notAnchors[search.Word(w)] = true
	}
	// Root operations and the like name procedures, not diagnoses.
	for _, w := range strings.Fields(`removal replacement insertion adjustment fitting procedure surgery operation
		screening readmission xray ray anesthesia anesthetic analgesia sedation`) {
		notDxAnchors[search.Word(w)] = true
	}
}

// needsSubterm are Alphabetic Index main terms whose default code (a
// catch-all such as Q89.9 "Congenital malformation, unspecified" for
// "Defect", R45.0 for "Nerves") a coder never takes from the bare word:
// the word names anatomy or a finding in passing. A mention is resolved
// through them only by a subterm the note also says ("Defect > atrial
// septal").
var needsSubterm = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`defect deformity abnormal abnormality disease disorder lesion nerves nerve
		sinus sensitive sensitivity anomaly malformation exposure dysplasia septate clot clots clotting
		decubitus stress herniation`) {
		needsSubterm[search.Word(w)] = true
	}
}

// notDxAnchors are words that anchor a procedure but not a diagnosis.
var notDxAnchors = map[string]bool{}

func buildAnchors(set *terminology.Set) anchors {
	a := anchors{dx: map[string]bool{}, pcs: map[string]bool{}}
	for w := range spreadWords {
		a.dx[w] = true // "metastases" is not the main term's form
	}
	// The main terms are read without opening the books (issue 16).
	for _, kind := range []terminology.IndexKind{terminology.MainIndex, terminology.PCSIndex} {
		into := a.dx
		if kind == terminology.PCSIndex {
			into = a.pcs
		}
		for t := range set.MainTerms(kind) {
			if strings.Contains(strings.ToLower(t.See), "condition") || t.Use != "" {
				continue
			}
			// The head form names the finding ("Infiltrate"); the other
			// comma forms are its variants ("infiltration") or qualify it
			// ("Flap, liver"; "Rests, ovarian"): only variants anchor.
			forms := levelForms(t.Title)
			head := search.StrongWords(forms[0])
			words := append([]string(nil), head...)
			for _, f := range forms[1:] {
				for _, w := range search.StrongWords(f) {
					for _, h := range head {
						if variant(w, h) {
							words = append(words, w)
						}
					}
				}
			}
			for _, w := range words {
				if len(w) < 3 || notAnchors[w] || isNumber(w) || kind == terminology.MainIndex && notDxAnchors[w] {
					continue
				}
				into[w] = true
			}
		}
	}
	return a
}

// abbreviations are the shorthand of US notes, spelled out before lookup:
// the search engine's table (search.Abbreviations, the one the search box
// cites), plus procedure and imaging shorthand it does not carry.
var abbreviations = map[string]string{}

func init() {
	for k, v := range extraAbbreviations {
		abbreviations[k] = v
	}
	for _, a := range search.Abbreviations() {
		if a.Expansion != "" {
			abbreviations[strings.ToLower(a.Short)] = a.Expansion
		}
	}
}

// extraAbbreviations are used where the search engine's table has no
// entry. Ambiguous ones ("CP": chest pain or cerebral palsy) are left out.
var extraAbbreviations = map[string]string{
	// The ICD-10-PCS Index's words for the imaging a note names.
	"ultrasound": "ultrasonography", "ultrasounds": "ultrasonography", "sonography": "ultrasonography",
	"echography": "ultrasonography", "ultrasonographic": "ultrasonography", "radiograph": "plain radiography",
	"radiography": "plain radiography", "x-ray": "plain radiography", "x-rays": "plain radiography",
	"tb": "tuberculosis", "ltbi": "latent tuberculosis",
	"htn": "hypertension", "dm": "diabetes mellitus", "dm2": "type 2 diabetes mellitus",
	"t2dm": "type 2 diabetes mellitus", "t1dm": "type 1 diabetes mellitus", "dm1": "type 1 diabetes mellitus",
	"niddm": "type 2 diabetes mellitus", "iddm": "type 1 diabetes mellitus",
	"ckd": "chronic kidney disease", "esrd": "end stage renal disease", "aki": "acute kidney injury",
	"copd": "chronic obstructive pulmonary disease", "chf": "congestive heart failure",
	"hfref": "heart failure with reduced ejection fraction", "hfpef": "heart failure with preserved ejection fraction",
	"cad": "coronary artery disease", "mi": "myocardial infarction", "stemi": "ST elevation myocardial infarction",
	"nstemi": "non-ST elevation myocardial infarction", "afib": "atrial fibrillation", "a-fib": "atrial fibrillation",
	"uti": "urinary tract infection", "gerd": "gastroesophageal reflux disease", "hld": "hyperlipidemia",
	"osa": "obstructive sleep apnea", "bph": "benign prostatic hyperplasia", "dvt": "deep vein thrombosis",
	"tia": "transient ischemic attack", "cva": "cerebral infarction", "sob": "shortness of breath",
	"doe": "dyspnea on exertion", "n/v": "nausea and vomiting", "abd": "abdominal", "uri": "upper respiratory infection",
	"oa": "osteoarthritis", "pna": "pneumonia", "pvd": "peripheral vascular disease", "ptsd": "post-traumatic stress disorder",
	"adhd": "attention-deficit hyperactivity disorder", "mdd": "major depressive disorder",
	"gad": "generalized anxiety disorder", "hiv": "human immunodeficiency virus disease", "lbp": "low back pain",
	"etoh": "alcohol", "ibs": "irritable bowel syndrome", "ckd3a": "chronic kidney disease stage 3a",
	"ckd3b": "chronic kidney disease stage 3b", "hyperlipidaemia": "hyperlipidemia", "anaemia": "anemia",
	"ct": "computerized tomography", "mri": "magnetic resonance imaging", "cxr": "chest x-ray",
	"ekg": "electrocardiogram", "ecg": "electrocardiogram", "egd": "esophagogastroduodenoscopy",
	"tte": "transthoracic echocardiography", "cabg": "coronary artery bypass", "ercp": "endoscopic retrograde cholangiopancreatography",
	"turp": "transurethral resection of prostate", "tah": "total abdominal hysterectomy", "bka": "below knee amputation", "lap": "laparoscopic",
	"pci": "percutaneous coronary artery angioplasty", "nsr": "normal sinus rhythm", "bmi": "body mass index",
	"uti's": "urinary tract infection", "rle": "right lower extremity", "lle": "left lower extremity",
	"rlq": "right lower quadrant", "ruq": "right upper quadrant", "llq": "left lower quadrant", "luq": "left upper quadrant",
	"cmv": "cytomegalovirus", "ebv": "epstein-barr virus", "hcv": "hepatitis c", "hbv": "hepatitis b",
	"hcc": "hepatocellular carcinoma", "mets": "metastases",
	// The Index: "Overdose, drug — see Table of Drugs and Chemicals, by
	// drug, poisoning"; the table's cells are its poisoning columns.
	"overdose": "poisoning", "overdosed": "poisoning",
	"rsv": "respiratory syncytial virus", "mca": "middle cerebral artery", "sah": "subarachnoid hemorrhage",
	"ich": "intracerebral hemorrhage", "ards": "acute respiratory distress syndrome", "sbo": "small bowel obstruction",
	"gib": "gastrointestinal bleeding", "ugib": "upper gastrointestinal bleeding", "lgib": "lower gastrointestinal bleeding",
	"acs": "acute coronary syndrome", "siadh": "syndrome of inappropriate secretion of antidiuretic hormone",
	"iud": "intrauterine contraceptive device", "luts": "lower urinary tract symptoms", "strep": "streptococcal",
	"c-diff": "clostridium difficile", "cdiff": "clostridium difficile",
	// The Index's forms of words notes write otherwise: "Ingrowing, nail
	// (finger) (toe)" for an ingrown toenail; "Mononucleosis, infectious",
	// its only kind, for mononucleosis.
	"ingrown": "ingrowing", "toenail": "toe nail", "toenails": "toe nails", "fingernail": "finger nail",
	"fingernails": "finger nails", "mononucleosis": "infectious mononucleosis",
	// The Index files marijuana under its plant (Use, cannabis: F12.90).
	"marijuana": "cannabis", "marihuana": "cannabis",
}

// systemLabel reports a template's label at toks[i] (its last word, a
// colon after it, first in its sentence or after another label's answer)
// that names a body system ("Allergic/Immunologic:") or a finding the
// words after the colon say again ("Edema: No edema", "Lymphadenopathy:
// No cervical adenopathy", "Hernia: No hernia is present").
func systemLabel(toks []token, i int) bool {
	if toks[i].punct != ':' || i+1 >= len(toks) {
		return false
	}
	if i > 0 && toks[i-1].punct == 0 && !systemLabels[toks[i-1].raw] {
		return false // "Fall risk:", "Chest pain:" are read by labelAnswers
	}
	if systemLabels[toks[i].raw] {
		return true
	}
	w := toks[i].raw
	return len(w) >= 5 && slices.ContainsFunc(toks[i+1:], func(t token) bool {
		r := strings.TrimRight(t.raw, ",;:.")
		return len(r) >= 5 && (strings.Contains(w, r) || strings.Contains(r, w))
	})
}

// systemLabels are a review of systems' and an examination's labels for
// a body system; suicideScreen the words after "suicide" that make it a
// screening or a precaution.
var (
	systemLabels = rawSet(`constitutional allergic/immunologic allergy/immunology immunologic allergic/immunology allergy/immunologic
		cardiovascular respiratory gastrointestinal genitourinary musculoskeletal integumentary neurological psychiatric
		psychiatric/behavioral hematologic hematologic/lymphatic heme/lymph endocrine eyes ent heent`)
	suicideScreen = rawSet("risk screen screening assessment precautions prevention hotline")
)

// otherAbbreviation reports an abbreviation at toks[i] that its place
// says is not the condition the abbreviations list gives it: "PE" as a
// heading or before an examination's word (physical examination), "RA"
// after a saturation ("on RA", "98% RA": room air), "CVA" before
// "tenderness" (the costovertebral angle).
func otherAbbreviation(toks []token, i int) bool {
	switch toks[i].raw {
	case "pe":
		// "PE: General: NAD", "PE: deferred", "PE normal"; not "PE: right
		// lower lobe, started heparin" nor "PE - acute, bilateral".
		if toks[i].punct == ':' && i+1 == len(toks) {
			return true // "PE:" alone on its line, the examination's heading
		}
		return i+1 < len(toks) && (examSays[toks[i+1].raw] || toks[i].punct == ':' && (examHeads[strings.TrimRight(toks[i+1].raw, ",;:")] || vitalWords[strings.TrimRight(toks[i+1].raw, ",;:")]))
	case "ra":
		if i+1 < len(toks) && toks[i].punct == 0 && (atriumSays[toks[i+1].raw] || toks[i+1].raw == "is" && i+2 < len(toks) && atriumSays[toks[i+2].raw]) {
			return true // "RA pressure 3 mmHg", "the RA is mildly dilated": the right atrium
		}
		if i == 0 || toks[i-1].punct != 0 || i+1 < len(toks) && toks[i].punct == 0 && raTreated[toks[i+1].raw] {
			return false // "on RA therapy", "RA meds"
		}
		prev := toks[i-1].raw
		return prev == "on" || isNumber(prev) || saturationWords[prev]
	case "cva":
		return i+1 < len(toks) && strings.HasPrefix(toks[i+1].raw, "tender")
	}
	return false
}

var (
	examSays        = rawSet("deferred normal unremarkable wnl general")
	examHeads       = rawSet("gen general nad vitals vs constitutional alert wdwn well-appearing heent head skin neck lungs heart abdomen extremities eyes")
	raTreated       = rawSet("therapy meds medications medication treatment flare biologic biologics")
	atriumSays      = rawSet("pressure pressures dilated dilation enlarged enlargement size volume mildly moderately severely normal")
	vitalWords      = rawSet("t temp temperature bp hr p pulse rr resp wt ht weight height spo2 sat o2")
	saturationWords = rawSet("sat sats spo2 o2 saturation saturating pulse-ox")
)

// leukemiaWords are the ways notes write "leukemia".
var leukemiaWords = rawSet("leukemia leukaemia leukemias")

// chronicLeukemia are the words the Index's only entry for a chronic
// leukemia of a kind adds to what a note says of it, which the kind
// implies: chronic lymphocytic leukemia is of B-cell type (the WHO
// classification's T-cell form is prolymphocytic; Leukemia, chronic
// lymphocytic, of B-cell type: C91.1-), and chronic myeloid leukemia is
// BCR/ABL-positive (Leukemia, chronic myeloid, BCR/ABL-positive: C92.1-),
// unless atypical (Leukemia, atypical chronic myeloid, BCR/ABL-negative:
// C92.2-).
var chronicLeukemia = map[string]string{"lymphocytic": "b-cell type", "myeloid": "bcr/abl-positive", "atypical myeloid": "bcr/abl-negative"}

// leukemiaAbbreviations are the chronic leukemias notes write by their
// initials.
var leukemiaAbbreviations = map[string]string{"cll": "chronic lymphocytic leukemia", "cml": "chronic myeloid leukemia"}

// formerly reads a word with the prefix "ex-" of a person's habit or
// role ("ex-smoker", "ex-drinker"): the word without it, and true.
func formerly(raw string) (string, bool) {
	rest, ok := strings.CutPrefix(raw, "ex-")
	if !ok || len(rest) < 4 {
		return "", false
	}
	return rest, true
}

// longBones are the bones whose ends ICD-10-CM titles call "upper end" and
// "lower end" where notes say proximal and distal.
var longBones = map[string]bool{}

func init() {
	for _, w := range strings.Fields("humerus radius ulna femur tibia fibula radial ulnar femoral tibial fibular humeral") {
		longBones[search.Word(w)] = true
	}
}

// boneEnds spells "distal" and "proximal" the way the titles do when the
// sentence names a long bone: "distal radius fracture" is a fracture of
// the lower end of the radius.
func boneEnds(toks []token, q []qtok) {
	bone := false
	for _, t := range toks {
		for _, n := range t.norms {
			bone = bone || longBones[n]
		}
	}
	if !bone {
		return
	}
	for i, t := range toks {
		end := ""
		switch t.raw {
		case "distal":
			end = "lower end"
		case "proximal":
			end = "upper end"
		default:
			continue
		}
		q[i] = qtok{text: end, norms: append(search.Words(end), t.norms...)}
	}
}

// boneEndAfter reports a long bone followed, after a comma, by the part
// of it ("fracture of right radius, distal end"): the comma does not end
// the finding.
func boneEndAfter(toks []token, i int) bool {
	if i+1 >= len(toks) || toks[i].punct != ',' {
		return false
	}
	switch toks[i+1].raw {
	case "distal", "proximal", "shaft", "midshaft", "lower", "upper":
	default:
		return false
	}
	for _, n := range toks[i].norms {
		if longBones[n] {
			return true
		}
	}
	return false
}

// romans are the Roman numerals notes write for a type, stage, grade or
// class ("diabetes mellitus type II", "stage IV"), which titles write in
// digits.
var romans = map[string]string{"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5"}

// numberedWords are the words a Roman numeral after them numbers.
var numberedWords = map[string]bool{"type": true, "stage": true, "grade": true, "class": true}

// romanNumerals spells a Roman numeral after a type, stage, grade or class
// in digits for the lookup.
func romanNumerals(toks []token, q []qtok) {
	for i := 1; i < len(toks); i++ {
		if d, ok := romans[toks[i].raw]; ok && numberedWords[toks[i-1].raw] {
			q[i] = qtok{text: d, norms: []string{d}}
		}
	}
}

// numbered reports a stage, type, grade or class with its number at
// toks[i] ("…chronic kidney disease, stage IV"): it qualifies the finding
// before the comma, which does not end it.
func numbered(toks []token, q []qtok, i int) bool {
	return i+1 < len(toks) && numberedWords[toks[i].raw] && q[i+1].text != "" && isDigit(q[i+1].text[0])
}

// organAdjectives are adjectives notes use for an organ the Alphabetic
// Index names by its noun ("renal mass": Mass, kidney).
var organAdjectives = map[string]string{"renal": "kidney", "hepatic": "liver", "splenic": "spleen", "vesical": "bladder", "urinary": "urine", "sacral": "sacrum", "macular": "macula"}

// indexSites are sites notes name by a word the Alphabetic Index files
// under another: "diverticulitis of the sigmoid colon" is Diverticulitis,
// intestine, large (K57.32); "pressure ulcer of the sacrum" is Ulcer,
// pressure, sacral region (L89.15-).
var indexSites = map[string]string{"colon": "large intestine", "colonic": "large intestine", "sigmoid": "large intestine",
	"cecum": "large intestine", "caecum": "large intestine", "sacrum": "sacral region"}

// organNoun is the Alphabetic Index's word for a site: indexSites, then
// the noun of an organ or site adjective (adjectiveNoun: "esophageal
// stricture" is Stricture, esophagus).
func organNoun(adj string) (string, bool) {
	if site, ok := indexSites[adj]; ok {
		return site, true
	}
	return adjectiveNoun(adj)
}

// adjectiveNoun is the noun of an organ or site adjective (organAdjectives,
// then siteAdjectives), as both classifications name the site.
func adjectiveNoun(adj string) (string, bool) {
	if noun, ok := organAdjectives[adj]; ok {
		return noun, true
	}
	noun, ok := siteAdjectives[adj]
	return noun, ok
}

// organNouns returns q with the organ adjectives of q[wlo:whi] spelled
// as the Index's nouns, and whether there were any.
func organNouns(q []qtok, wlo, whi int) ([]qtok, bool) {
	var out []qtok
	for i := wlo; i < whi; i++ {
		if noun, ok := organNoun(q[i].text); ok {
			if out == nil {
				out = append([]qtok(nil), q...)
			}
			out[i] = qtok{text: noun, norms: append(search.Words(noun), q[i].norms...)}
		}
	}
	return out, out != nil
}

// organLeft reports an organ adjective in the window that the code found
// does not explain (cov, from wlo).
func organLeft(q []qtok, cov []bool, wlo int) bool {
	for k, c := range cov {
		if _, organ := organNoun(q[wlo+k].text); organ && !c {
			return true
		}
	}
	return false
}

// indexSiteIn reports a word of q[wlo:whi] that indexSites spells as the
// Index's site.
func indexSiteIn(q []qtok, wlo, whi int) bool {
	for _, t := range q[wlo:whi] {
		if _, ok := indexSites[t.text]; ok {
			return true
		}
	}
	return false
}

// explains counts the words a lookup explains.
func explains(cov []bool) int {
	n := 0
	for _, c := range cov {
		if c {
			n++
		}
	}
	return n
}

// siteGap reports a site, with another word, that the hit leaves out
// between the words it explains (strong): "painful abdomen normal rectal
// examination" is not Pain, rectum.
func siteGap(w []qtok, strong []bool) bool {
	first, last := bounds(strong)
	site, content := false, 0
	for k := first + 1; k < last; k++ {
		if !strong[k] && isContent(w[k]) {
			content++
			site = site || siteWord(w[k].text)
		}
	}
	// One word between may qualify the site ("epigastric abdominal
	// pain", "burns on the skin of the face"); a site and another word
	// are a finding of their own.
	return site && content >= 2
}

// siteWord reports a word naming an organ or body site.
func siteWord(w string) bool {
	if _, ok := organNoun(w); ok {
		return true
	}
	return siteNounSet[w]
}

var siteNounSet = map[string]bool{}

func init() {
	for _, m := range []map[string]string{organAdjectives, siteAdjectives} {
		for _, noun := range m {
			for _, w := range strings.Fields(noun) { // "sigmoid colon"
				siteNounSet[w] = true
			}
		}
	}
	for _, w := range strings.Fields("abdomen abdominal chest thorax thoracic head neck back arm leg knee hip shoulder foot hand") {
		siteNounSet[w] = true
	}
}

// contiguous reports whether the words a lookup explains run without a
// gap: "painful abdomen, normal rectal examination" is not rectal pain.
func contiguous(cov []bool) bool {
	first, last := bounds(cov)
	return first < 0 || explains(cov) == last-first+1
}

// joined reports whether the words a lookup explains (cov, from wlo) run
// with no content word between them: "diverticulosis of the colon".
func joined(q []qtok, wlo int, cov []bool) bool {
	first, last := bounds(cov)
	for k := first + 1; k < last; k++ {
		if !cov[k] && isContent(q[wlo+k]) {
			return false
		}
	}
	return true
}

// contentWords counts the content words of w.
func contentWords(w []qtok) int {
	n := 0
	for _, t := range w {
		if isContent(t) {
			n++
		}
	}
	return n
}

// bounds returns the first and last of the words a lookup explains, -1
// and -1 when it explains none.
func bounds(cov []bool) (first, last int) {
	first, last = -1, -1
	for k, c := range cov {
		if c {
			if first < 0 {
				first = k
			}
			last = k
		}
	}
	return first, last
}

// qualifierWords qualify the finding before them, as problem lists write
// a diagnosis the way the classification titles it: "Major depressive
// disorder, recurrent, moderate"; "Nicotine dependence, cigarettes".
var qualifierWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`acute chronic subacute indeterminate recurrent recurring single episode moderate severe mild
		uncomplicated complicated intractable unspecified initial subsequent encounter sequela right left bilateral
		stage type early late in partial full sustained remission persistent paroxysmal permanent essential
		benign primary cigarettes cigarette cigars chewing tobacco unilateral generalized localized
		nonintractable controlled uncontrolled moderately severely mildly lower upper quadrant side ear eye
		knee hip shoulder ankle wrist elbow foot hand noncardiac non-cardiac atypical pleuritic musculoskeletal
		metabolic toxic septic hemorrhagic ischemic obstructive nonobstructive protein-calorie calorie alcoholic
		viral bacterial allergic unstageable both sides first second third trimester
		combined predominantly inattentive hyperactive impulsive type intermittent degree`) {
		qualifierWords[w] = true
	}
}

// clauseWords join a problem list's qualifier clause to its diagnosis
// ("Major depressive disorder, recurrent severe without psychotic
// features"; "Asthma, severe persistent, with acute exacerbation"; "Type 2
// diabetes, poorly controlled"); they are no value of an axis (axisValue).
var clauseWords = rawSet("with without psychotic features exacerbation poorly inadequately")

// qualifies reports a word of a problem list's qualifiers.
func qualifies(raw string) bool { return qualifierWords[raw] || clauseWords[raw] || isNumber(raw) }

// qualifiersAfter reports a comma after toks[i] followed by nothing but
// qualifying words (and numbers) up to the next punctuation or the
// sentence's end: the comma does not end the finding.
func qualifiersAfter(toks []token, i int) bool {
	if i+1 >= len(toks) || toks[i].punct != ',' {
		return false
	}
	for k := i + 1; k < len(toks); k++ {
		if !qualifies(toks[k].raw) {
			return false
		}
		if toks[k].punct != 0 {
			return true
		}
	}
	return true
}

// qualifiersRun extends a window's end [.., whi) to the end of the
// problem list's qualifiers it has begun: "Opioid use disorder, severe,
// in early remission" is read to "remission" (F11.21), past the window's
// four words after the anchor i.
func qualifiersRun(toks []token, i, whi, hi int) int {
	for k := i; k < whi-1; k++ {
		if qualifiersAfter(toks, k) {
			// Clause by clause: "Type 2 DM, uncontrolled, with left foot
			// ulcer" is read to "uncontrolled", not into the ulcer's.
			for whi < hi && qualifies(toks[whi].raw) && toks[whi-1].punct != '.' && (toks[whi-1].punct != ',' || qualifiersAfter(toks, whi-1)) {
				whi++
			}
			break
		}
	}
	return whi
}

// siteSynonyms are words notes use for what the classification names
// with another word: US notes say "lower extremity" where the Index and
// most titles say "lower limb", "cancer" where the Index says "neoplasm
// (malignant)" (Screening, neoplasm, colon), "caries" where the Index
// says "Caries, dental" (the bare word has no code of its own).
var siteSynonyms = map[string]string{"extremity": "limb", "extremities": "limbs", "cancer": "malignant neoplasm", "cancers": "malignant neoplasms",
	"caries": "dental caries"}

// screeningFor reports "screening for" (or "screen for") at q[i]: the
// condition after it is what the encounter screens for (Screening, colon
// neoplasm: Z12.11), not one the patient has, so the words are looked up
// from "screening" first and the condition is not coded as present.
// "Screening" alone starts no lookup ("screening labs").
func screeningFor(q []qtok, i, hi int) bool {
	return i+1 < hi && (q[i].text == "screening" || q[i].text == "screen") && q[i+1].text == "for"
}

// screeningTest reports "screening" (or "screen") before a test the
// Index lists under Screening ("screening colonoscopy": Screening,
// colonoscopy, Z12.11): the encounter's reason, looked up from
// "screening". Not a test the Index does not list ("screening labs").
func (e *Engine) screeningTest(q []qtok, i, hi int) bool {
	if i+1 >= hi || q[i].text != "screening" && q[i].text != "screen" {
		return false
	}
	e.screenOnce.Do(e.buildScreenTests)
	for _, n := range q[i+1].norms {
		if e.screenTests[n] {
			return true
		}
	}
	return false
}

// buildScreenTests finds the tests the Index lists under Screening
// (screenTests).
func (e *Engine) buildScreenTests() {
	e.screenTests = map[string]bool{}
	for _, t := range e.mainTermsNamed("Screening") {
		for _, sub := range t.Terms {
			// A test is a level of one word with a code of its own
			// that names a procedure ("colonoscopy"); a condition
			// screened for ("Screening, anemia") needs its "for".
			if ws := search.StrongWords(sub.Title); len(ws) == 1 && sub.Code != "" && e.anchors.pcs[ws[0]] && !e.anchors.dx[ws[0]] {
				e.screenTests[ws[0]] = true
			}
		}
	}
}

// mainTermsNamed returns the Alphabetic Index's main terms whose title
// starts with the word head.
func (e *Engine) mainTermsNamed(head string) []*terminology.IndexTerm {
	ix := e.set.Index(terminology.MainIndex)
	if ix == nil {
		return nil
	}
	var out []*terminology.IndexTerm
	for _, t := range ix.Terms {
		if firstWord := strings.FieldsFunc(t.Title, func(r rune) bool { return r == ' ' || r == ',' || r == '(' }); len(firstWord) > 0 && firstWord[0] == head {
			out = append(out, t)
		}
	}
	return out
}

// visitReason are the sections that say what the encounter is for: a
// screening or a routine examination said there is the visit's reason; one
// the history of present illness tells of ("had a screening colonoscopy in
// 2020"), or a narrative without sections ("on routine examination, an
// intraocular pressure of..."), is not.
var visitReason = map[Section]bool{ChiefComplaint: true, Assessment: true, Procedures: true}

// reasonAt reports the word at toks[i] said as this visit's reason: in a
// section that gives it (visitReason), or after "here for", "presents
// for", "seen today for", "comes in for" in any other ("Patient is here
// for her annual physical exam", "presents for a flu shot"); not one to
// come ("return for well-child visit in 1 year", planned).
func reasonAt(toks []token, sec Section, i int) bool {
	return (visitReason[sec] || visitFor(toks, i)) && !planned(toks, i)
}

// visitFor reports a "for" shortly before toks[i], in its clause, after a
// word that says the patient comes for it at this visit (comesFor: "here
// for", "presents today for", "comes in for", "is in for", "here with mom
// for", "nurse visit for"), with nothing between but what it is ("here
// for her annual physical and flu shot"; not "presents with cough for",
// "here for discussion of screening colonoscopy results"). Not someone
// else's ("husband, who is here for his annual physical"), nor at another
// time ("was here for a flu shot yesterday", "here for annual physical
// but has bronchitis, physical rescheduled").
func visitFor(toks []token, i int) bool {
	lo, hi := clauseOf(toks, i)
	for k := i - 1; k >= max(lo, i-8); k-- {
		w := toks[k].raw
		if forPurpose[w] {
			return false
		}
		if w != "for" || k == 0 {
			continue
		}
		j := visitVerbAt(toks, k-1)
		if j < lo {
			return false
		}
		isIn := (toks[j].raw == "is" || toks[j].raw == "are") && j > 0 && visitSubjects[toks[j-1].raw] // "he is in for"; not "the plan is for"
		if !(comesFor[toks[j].raw] || isIn) || j > 0 && (toks[j-1].raw == "was" || toks[j-1].raw == "were") {
			return false
		}
		surgery := slices.ContainsFunc(toks[lo:hi], func(t token) bool { return preopWords[t.raw] || surgeryWords[t.raw] })
		for m := lo; m < hi; m++ {
			if toks[m].raw == "who" && m < j || otherTime[toks[m].raw] || isYear(toks[m].raw) || laterTime[toks[m].raw] && !surgery {
				return false // "coming for her annual physical next week"; not "pre-op evaluation, surgery tomorrow"
			}
		}
		// "Here for annual physical but has bronchitis, physical
		// rescheduled": a moved visit said of the visit's own words; not
		// "here for annual physical; mammogram was rescheduled".
		for m, t := range toks {
			if visitMoved[t.raw] {
				if ml, mh := clauseOf(toks, m); ml == lo || slices.ContainsFunc(toks[ml:mh], func(t token) bool { return examWords[t.raw] }) {
					return false
				}
			}
		}
		return true
	}
	return false
}

// visitVerbAt returns where the word that says the patient comes is,
// reading back from toks[j], the word before "for": past "today" ("presents
// today for"), "in" ("comes in for", "is in for"; not "checked in for"),
// who came with the patient ("here with mom for", "brought in by mom
// for"; not "presents with cough for") and whom the patient was brought
// as ("mom brings her 10-day-old for"). -1 when it runs off the start.
func visitVerbAt(toks []token, j int) int {
	at := func(k int) string {
		if k < 0 {
			return ""
		}
		return toks[k].raw
	}
	if at(j) == "today" || at(j) == "in" && (comesFor[at(j-1)] || at(j-1) == "is" || at(j-1) == "are") {
		j--
	}
	if w := at(j); (at(j-1) == "with" || at(j-1) == "by") && (familyPeople[w] || caregivers[w] || companions[w]) {
		j -= 2
	}
	if at(j) == "in" && comesFor[at(j-1)] {
		j--
	}
	if (at(j-1) == "her" || at(j-1) == "his") && (at(j-2) == "brings" || at(j-2) == "brought") {
		j -= 2
	}
	return max(j, -1)
}

// comesFor are the words before "for" that make what follows it the
// reason the patient comes: "here for", "presents for", "returns for".
// forPurpose between "for" and the reason make it another purpose.
// otherTime in the clause, and visitMoved in the sentence, put the visit
// at another time.
var (
	comesFor = rawSet("here presents presenting presented comes coming came returns seen visit brought brings")
	// visitSubjects are who "is in for" the visit: the patient.
	visitSubjects = rawSet("he she they patient pt child baby infant boy girl man woman")
	laterTime     = rawSet("next tomorrow upcoming")
	// surgeryWords say the clause is about an operation to come, whose
	// time is not the visit's ("here for preop evaluation, surgery next
	// week").
	surgeryWords = rawSet("surgery surgical procedure operation repair replacement arthroplasty")
	forPurpose   = rawSet("of after about regarding results result discussion review questions follow-up followup evaluation side effects reaction concerns")
	otherTime    = rawSet("yesterday ago last previously previous january february march april june july august september october november december") // not "may", as often the verb
	visitMoved   = rawSet("rescheduled postponed cancelled canceled converted")
)

// weightGoal reports the "loss" of "weight loss" at toks[i] said as what
// the patient aims at, not a loss that happened: after a word of
// weightGoalBefore shortly before it in its clause ("interested in weight
// loss", "counseled on weight loss", "intentional weight loss"), or before
// one of weightGoalAfter ("weight loss goal", "weight loss clinic"). Not
// when the clause says the loss happened ("discussed unintentional weight
// loss", "she has lost 12 lb"), nor "presents for evaluation of weight
// loss", "concerned about weight loss", "continued weight loss".
func weightGoal(toks []token, i int) bool {
	if i == 0 || toks[i-1].raw != "weight" || toks[i-1].punct != 0 {
		return false
	}
	if toks[i].punct == 0 && i+1 < len(toks) && weightGoalAfter[toks[i+1].raw] {
		return true
	}
	lo, hi := clauseOf(toks, i)
	if slices.ContainsFunc(toks[lo:hi], func(t token) bool { return weightLost[t.raw] }) {
		return false
	}
	for k := max(lo, i-4); k < i-1; k++ {
		if weightGoalBefore[toks[k].raw] {
			return true
		}
	}
	return false
}

var weightGoalBefore = rawSet(`intentional intended purposeful desired goal goals interested interest wants wishes desires
	counseled counselled counseling counselling`)
var weightGoalAfter = rawSet("goal goals clinic program programs plan counseling counselling surgery medication medications management diet journey")
var weightLost = rawSet("unintentional unintended unexplained lost losing involuntary despite")

// appetiteLess are the words that say an appetite is less than it was,
// appetiteFine that it is not.
var appetiteLess = rawSet("decreased decrease diminished reduced poor low lower lessened")
var appetiteFine = rawSet("good normal preserved fine ok okay intact healthy stable adequate")

// fallPrevention are the words after "fall" that make it a fall to
// prevent, not one that happened.
var fallPrevention = rawSet("precautions precaution prevention prevent preventions")

// fallSeason reports the "fall" at toks[i] naming the season: "last fall",
// "next fall" (not "her last fall was in May"), "in the fall and winter",
// "spring and fall".
func fallSeason(toks []token, i int) bool {
	if i > 0 && (toks[i-1].raw == "last" || toks[i-1].raw == "next") {
		before := ""
		if i > 1 {
			before = toks[i-2].raw
		}
		after := ""
		if i+1 < len(toks) {
			after = toks[i+1].raw
		}
		return !fallOwner[before] && !fallEvent[after] && !isNumber(after) && !slices.ContainsFunc(toks[i:min(len(toks), i+4)], func(t token) bool { return t.raw == "ago" })
	}
	if i+2 < len(toks) && (toks[i+1].raw == "and" || toks[i+1].raw == "or") && seasons[toks[i+2].raw] {
		return true
	}
	return i > 1 && (toks[i-1].raw == "and" || toks[i-1].raw == "or") && seasons[toks[i-2].raw]
}

var (
	fallOwner = rawSet("her his their the a patient's most recent")
	fallEvent = rawSet("was occurred resulted caused happened with from at in onto on")
	seasons   = rawSet("winter spring summer autumn")
)

// routineExams are the words that make an examination the encounter's
// reason ("annual physical exam", "well child visit", "routine
// check-up": Examination, annual, Z00.00; routine child health, Z00.129),
// not the examination part of every note.
var routineExams, examWords = rawSet("annual yearly routine periodic preventive preventative wellness well well-woman sports sport"), rawSet("exam examination physical visit checkup check-up check")

// wellChild reports the child of "well child visit" (or "well baby
// check", "well woman exam") at i: a child's or a woman's word after
// "well", an examination's word after it.
func wellChild(toks []token, i int) bool {
	if i < 0 || i+1 >= len(toks) || toks[i].punct != 0 || !examWords[toks[i+1].raw] {
		return false
	}
	if kind, ok := strings.CutPrefix(toks[i].raw, "well-"); ok {
		return wellChildren[kind] || wellWoman[kind] // "well-child visit"
	}
	return i > 0 && toks[i-1].raw == "well" && toks[i-1].punct == 0 && (wellChildren[toks[i].raw] || wellWoman[toks[i].raw])
}

// gynWords name a gynecological examination's kind, as notes write it.
var gynWords = rawSet("gyn gyne gynecologic gynecological gynaecologic gynaecological ob/gyn obgyn ob-gyn")

// wellChildren are the words of a well child visit's child.
var wellChildren = rawSet("child baby infant")

// diabetesSaid reports a sentence that names diabetes ("diabetic", or an
// abbreviation of it: "DM", "T2DM").
func diabetesSaid(toks []token) bool {
	return slices.ContainsFunc(toks, func(t token) bool {
		return strings.HasPrefix(t.raw, "diabet") || strings.Contains(abbreviations[t.raw], "diabetes")
	})
}

// totalBefore reports "total knee", "total hip" (or another of
// totalJoints) just before toks[i], in a clause that says nothing of the
// prosthesis (prostheticWords): "right total knee arthroplasty", "left
// total shoulder arthroplasty for proximal humerus fracture", "right total
// knee arthroplasty; history of left total knee arthroplasty" (the right
// one).
func totalBefore(toks []token, i int) bool {
	if i < 2 || toks[i-2].raw != "total" || toks[i-2].punct != 0 || toks[i-1].punct != 0 || !totalJoints[toks[i-1].raw] {
		return false
	}
	lo, hi := clauseOf(toks, i)
	return !slices.ContainsFunc(toks[lo:hi], func(t token) bool { return prostheticWords[t.raw] })
}

// totalJoints are the joints a total arthroplasty replaces.
var totalJoints = rawSet("knee hip shoulder elbow ankle")

// prostheticWords are what a sentence says of a joint prosthesis in
// place, rather than of putting one in.
var prostheticWords = rawSet("removal removed explant explanted revision revised loosening loose dislocation dislocated infection infected periprosthetic aftercare failure failed complication complicated status s/p history prior previous")

// wellWoman are the words of a well-woman visit, a routine gynecological
// examination (Examination, gynecological: Z01.419).
var wellWoman = rawSet("woman women")

// plannedWords say that what follows in the sentence is to come, not
// this visit's: "schedule screening colonoscopy", "return in a year for
// the annual physical".
var plannedWords = rawSet("schedule scheduled return returns next due refer referral referred order ordered recommend recommended plan planned will")

// plannedCue returns the word that makes the procedure at toks[i] one to
// come, or one not done, rather than one done; "" when none. A sentence
// that says a procedure was done ("underwent", "performed", "showed",
// "s/p", "after") has none: "recommended laparoscopic appendectomy, which
// was performed", "awaiting pathology from the liver biopsy". Else, in the
// procedure's clause (no semicolon or comma between): a word of
// plannedBefore or an uncertainty cue shortly before it ("will undergo",
// "scheduled for", "recommend", "may need", "possible EGD"), or a word of
// plannedAfter shortly after it ("... tomorrow", "... pending", "... was
// ordered", "... if fever persists", "... was cancelled"). A sentence under
// a "Plan:" heading is to come as a whole (plan).
func plannedCue(toks []token, a asserted, i int, plan bool) string {
	if slices.ContainsFunc(toks, func(t token) bool { return doneWords[t.raw] }) {
		return ""
	}
	if plan {
		return "plan"
	}
	lo, hi := clauseOf(toks, i)
	for k := max(lo, i-4); k < i; k++ {
		if plannedBefore[toks[k].raw] {
			return toks[k].raw
		}
		if k >= i-2 && a.isCue[k] && a.kind[i] == Uncertain {
			return a.cue[i] // "possible EGD", not "with the suspicion of carcinoma, hysterectomy"
		}
	}
	for k := i + 1; k < min(hi, i+6); k++ {
		if plannedAfter[toks[k].raw] {
			return toks[k].raw
		}
		if t := timeToCome(toks, k, hi); t != "" {
			return t // "cast removal in 4 weeks"
		}
	}
	return ""
}

// preventedWords say that the condition named beside them is prevented,
// not present: "DVT prophylaxis", "stress ulcer ppx", "prophylaxis
// against endocarditis", "prevention of falls", "to prevent stroke".
var preventedWords = rawSet("prophylaxis ppx prevention prophylactic")

// attackWords after a condition make its prevention that of the attacks
// of one the patient has: "to prevent asthma attacks", "COPD
// exacerbations", "herpes outbreaks" (not "TB reactivation": the
// infection is latent).
var attackWords = rawSet("attack attacks exacerbation exacerbations episode episodes outbreak outbreaks flare flares flare-up flare-ups rebound progression crisis crises relapse relapses")

// preventable are the ICD-10-CM categories (and codes) of the events a
// note names to say they are prevented: venous thromboembolism, stroke
// and TIA, myocardial infarction and cardiac arrest, endocarditis, peptic
// and stress ulcers and bleeding, seizures, infections (not the herpes
// viruses' recurrences), spontaneous bacterial peritonitis, nausea,
// constipation, delirium, falls, pressure ulcers, hypoglycemia,
// aspiration, contrast nephropathy, tumor lysis, osteoporosis,
// preeclampsia, motion and altitude sickness, urinary tract infections.
// A chronic disease the patient has is no event its prophylaxis prevents
// ("prophylaxis for hemophilia A", "montelukast for asthma
// prophylaxis").
var preventable = []string{"I80", "I82", "I26", "I63", "G45", "I21", "I22", "I46", "I33", "I38", "I39",
	"K25", "K26", "K27", "K28", "K92", "R58", "R56", "K65", "R11", "K590", "R410", "F05", "W19", "R296", "L89",
	"E160", "E161", "E162", "J69", "N141", "E883", "M80", "M81", "O11", "O14", "T753", "T702", "N390"}

// prevents reports code (canonical) as an event preventedAt reads.
func prevents(code string) bool {
	if code == "" {
		return false
	}
	switch c := code[0]; {
	case c == 'A' || c == 'B':
		return !strings.HasPrefix(code, "B00") && !strings.HasPrefix(code, "A60")
	case c == 'E' && len(code) >= 5 && code[1] == '1' && code[3:5] == "64":
		return true // a diabetic's hypoglycemia (E11.649)
	}
	for _, p := range preventable {
		if strings.HasPrefix(code, p) {
			return true
		}
	}
	return false
}

// preventedAt returns the word that makes the condition read at
// toks[wlo:whi] one prevented rather than one the patient has, "" when
// none: a prophylaxis word right after it, or after it and the other
// events joined to it ("DVT and GI prophylaxis"; not "cellulitis on
// heparin prophylaxis"), or before it with "for", "against" or "of",
// with up to two words between ("prophylactic heparin for DVT"), or
// "prevent" before it ("to prevent a heart attack"), also over the
// events joined before it ("prevent heart attack and stroke", "prevent
// active TB", "prevent recurrent UTIs": none is present). Only an
// event (prevents), and not a chronic disease's attacks ("to prevent
// asthma attacks"), nor what the words after it say is managed
// ("prophylaxis for hypertension control"); a status code is its own
// ("HIV post-exposure prophylaxis": Z20.6).
func preventedAt(toks []token, wlo, whi int, code string) string {
	if !prevents(code) || whi < len(toks) && (managedWords[toks[whi].raw] || attackWords[toks[whi].raw]) {
		return ""
	}
	joined := false
	for k := whi; k < len(toks) && k < whi+4; k++ {
		if toks[k-1].punct != 0 {
			break
		}
		w := toks[k].raw
		if (preventedWords[w] || w == "precautions") && (k == whi || joined) {
			return w // "DVT prophylaxis", "seizure precautions" (not "contact precautions for MRSA")
		}
		if w == "and" || w == "or" || w == "&" {
			joined = true
		} else if k == whi {
			break // "cellulitis on heparin prophylaxis"
		}
	}
	// Back over the events joined before it ("heart attack and stroke")
	// and an article ("a heart attack").
	join := false
	for k, n := wlo-1, 0; k >= 0 && n < 6 && toks[k].punct == 0; k, n = k-1, n+1 {
		switch w := toks[k].raw; {
		case w == "prevent" || w == "prevents" || w == "preventing":
			return w
		case w == "for" || w == "against" || w == "of":
			for j := k - 1; j >= 0 && j >= k-3 && toks[j].punct == 0; j-- {
				if preventedWords[toks[j].raw] {
					return toks[j].raw + " " + w
				}
			}
			return ""
		case w == "and" || w == "or":
			join = true
		case w == "a" || w == "an" || w == "the" || w == "further" || w == "future" || w == "active" || w == "recurrent" || w == "new":
		case !join:
			return "" // "aspirin for stroke": no event joined before it
		}
	}
	return ""
}

// watchedAt returns the words before toks[wlo] that make the condition
// there one watched for or risked, not one the patient has, "" when
// none: "monitor for alcohol withdrawal", "watch for signs of
// infection", "observe for delirium", "high risk for DVT", "risk of
// aspiration pneumonia", "risk of progression to active TB", "monitor for
// symptoms of active TB", also its list in parentheses "(cough,
// fevers)"; or "risk" after it ("bleeding risk with warfarin",
// toks[wlo:whi] the condition's words). The Index's own
// entries for a risk ("At risk, for, falling": Z91.81) are the caller's
// to keep.
func watchedAt(toks []token, wlo, whi int) string {
	if whi < len(toks) && whi > 0 && toks[whi-1].punct == 0 && (toks[whi].raw == "risk" || toks[whi].raw == "risks") {
		return toks[whi].raw // "bleeding risk with warfarin"
	}
	// An item of a list in parentheses after what is watched for:
	// "monitor for symptoms of active TB (cough, fevers, night sweats)".
	for p := wlo - 1; p >= 0 && p >= wlo-8; p-- {
		if toks[p].punct == ')' || toks[p].punct == ';' {
			break
		}
		if toks[p].punct == '(' {
			if cue := watchedAt(toks, p, p); cue != "" {
				return cue
			}
			break
		}
	}
	// An item of a list after "such as": "monitor for signs of
	// dehydration such as dark urine or dizziness".
	for p := wlo - 1; p >= 1 && p >= wlo-8; p-- {
		if toks[p].punct == ';' || toks[p].punct == ':' || toks[p].punct == ')' {
			break
		}
		if toks[p].raw == "as" && toks[p-1].raw == "such" && toks[p-1].punct == 0 {
			// The list's head ends at "such"; it starts after the "of"
			// or "for" before it.
			for h := p - 2; h >= 1 && h >= p-6 && toks[h].punct == 0; h-- {
				if toks[h].raw == "of" || toks[h].raw == "for" {
					if cue := watchedAt(toks, h+1, h+1); cue != "" {
						return cue
					}
					break
				}
			}
			break
		}
	}
	k := wlo - 1
skip:
	for k >= 1 && toks[k].punct == 0 {
		switch w := toks[k].raw; {
		case w == "of" && (toks[k-1].raw == "signs" || toks[k-1].raw == "symptoms" || toks[k-1].raw == "development"):
			k -= 2 // "signs of", "development of"
		case w == "to" && (toks[k-1].raw == "progression" || toks[k-1].raw == "progressing"):
			k -= 2 // "progression to"
		case w == "any" || w == "active" || w == "new" || w == "developing":
			k-- // "any", "active TB"
		case (w == "or" || w == "and") && k >= 2 && toks[k-1].punct == 0 && (toks[k-2].raw == "for" || toks[k-2].raw == "of"):
			k -= 2 // "monitor for delirium or withdrawal": the one before is a word
		case (w == "or" || w == "and") && k >= 3 && toks[k-1].punct == 0 && toks[k-2].punct == 0 && (toks[k-3].raw == "for" || toks[k-3].raw == "of"):
			k -= 3 // "watch for chest pain or syncope": or two
		default:
			break skip
		}
	}
	if k < 1 || toks[k].punct != 0 || toks[k-1].punct != 0 {
		return ""
	}
	w, before := toks[k].raw, toks[k-1].raw
	if (before == "closely" || before == "carefully") && k >= 2 && toks[k-2].punct == 0 {
		before = toks[k-2].raw // "monitor closely for"
	}
	switch {
	case w == "for" && watchWords[before]:
		return before + " for"
	case (w == "for" || w == "of") && (before == "risk" || before == "risks"):
		return before + " " + w
	}
	return ""
}

// Not "monitoring", "observation": "telemetry monitoring for atrial
// fibrillation", "admitted for observation for chest pain" are for what
// the patient has.
var watchWords = rawSet("monitor watch observe")

// managedWords after a condition say it is one the patient has, whatever
// is before it: "for hypertension control", "diabetes management".
var managedWords = rawSet("control management treatment therapy care")

// returnWords are what a patient is told to do when a condition comes
// ("return if", "call for", "seek care if"); goOnWords say a condition
// the patient has goes on or changes ("if pain persists", "if her
// diabetes is not controlled", "if asthma worsens"); ifDoubt are the
// words before an "if" that is a doubt or no condition ("unclear if", "to
// see if", "even if"), which the assertion cues read; thenWords start the
// main clause after an "if" clause ("if fever, call"; "if no
// improvement, will admit for pneumonia"); a subject (visitSubjects)
// starts a main clause an "if" clause runs into with no comma ("if she
// walks a block she gets chest pain"); ifStops end an "if" clause ("call if fever
// develops after discharge for UTI"); comingWords say what a return is
// for is still to come ("return for worsening pain", "call with any new
// symptoms": not "return in 3 months for diabetes").
var (
	returnWords = rawSet("return come call seek go present contact notify")
	goOnWords   = rawSet("persist persists persistent persisting continue continues continuing still ongoing remains remain worsens worsen worse improve improves improving controlled uncontrolled recurs recur progresses progress flares linger lingers becomes become increases increase resolve resolves spreads spread better stop stops away")
	// habitWords outside an "if" clause say it tells what happens, not
	// what may come: "she uses her inhaler if she wheezes, about twice a
	// day", "takes nitroglycerin if chest pain, used twice this week",
	// "if she gets headaches, she takes Tylenol"; not an instruction's
	// "take Tylenol if fever".
	habitWords   = rawSet("uses used takes took gets got has had needs needed usually often sometimes always daily twice times prn")
	ifDoubt      = rawSet("unclear uncertain unsure sure know known determine see assess evaluate check question wonder wonders wondering asks asked ask clear confirm whether even as")
	thenWords    = rawSet("call return seek go come contact notify will would then please consider start stop take continue admit we he she they")
	ifStops      = rawSet("after because since due following for from")
	comingWords  = rawSet("worsening worse new any increased increasing severe persistent continued development signs symptoms")
	presentWords = rawSet("arrival admission presented presents presenting developed develops had has have noted present found")
	teachWords   = rawSet("reviewed discussed given educated education instructed counseled counselled explained told advised return call seek 911 precautions")
	urgentWords  = rawSet("911 ems immediately immediate emergency emergently urgent urgently ed er")
	followWords  = rawSet("follow-up followup follow f/u recheck check visit appointment evaluation reevaluation re-evaluation management monitoring physical exam review")
)

// taughtKinds are what a teaching names of a condition that may come
// (taughtAbout); taughtVerbs, the teaching.
var (
	taughtKinds = rawSet("signs symptoms s/s risks risk complications effects")
	taughtVerbs = rawSet("counseled counselled educated education instructed taught explained discussed reviewed advised teaching")
	riskLists   = rawSet("include includes including")
)

// taughtAbout returns the words at toks[k] that make the condition at
// toks[i] one a teaching or a consent names as what may come, "" when
// they do not: signs, symptoms, risks or side effects a teaching verb
// just before names ("counseled on signs of DVT and PE", "educated on
// symptoms of hypoglycemia", "reviewed signs and symptoms of infection",
// "discussed risks of bleeding"), or risks a sentence lists ("risks include
// bleeding, infection, and stroke", "risks including bleeding"). Not signs
// the patient has ("wound with signs of infection", "she reports symptoms
// of hypoglycemia").
func taughtAbout(toks []token, k, i int) string {
	j := k + 1
	if toks[j].raw == "and" && j+1 < i && taughtKinds[toks[j+1].raw] {
		j += 2 // "signs and symptoms of"
	}
	w := toks[k].raw
	switch {
	case (w == "risks" || w == "complications" || w == "effects") && riskLists[toks[j].raw]:
		// "Risks include bleeding", "side effects including nausea":
		// a consent's or a drug's.
	case (w == "risk" || w == "risks" || w == "effects") && toks[j].raw == "of" && taughtAfter(toks, i):
		// "Risk of genital yeast infections and dehydration with
		// empagliflozin reviewed".
	case toks[j].raw == "of" || toks[j].raw == "for":
		taught := false
		for b := k - 1; b >= max(0, k-5) && !taught; b-- {
			if toks[b].punct == ';' || toks[b].punct == ':' && b < k-1 {
				break
			}
			taught = taughtVerbs[toks[b].raw]
		}
		if !taught {
			return ""
		}
	default:
		return ""
	}
	if !listedAfter(toks, j, i) {
		return ""
	}
	return strings.Join(rawsOf(toks[k:j+1]), " ")
}

// taughtAfter reports a teaching verb after toks[i] in its clause, up to
// a semicolon: "risk of dehydration with empagliflozin reviewed".
func taughtAfter(toks []token, i int) bool {
	for k := i + 1; k < len(toks); k++ {
		if taughtVerbs[toks[k].raw] {
			return true
		}
		if toks[k].punct == ';' || toks[k].punct == ':' {
			break
		}
	}
	return false
}

// listedAfter reports the condition at toks[i] in the list that starts
// after toks[j]: no clause of its own between them ("signs of DVT, PE, and
// stroke"; not "symptoms of hypoglycemia, has chest pain today"), nor a
// cause after the item ("in case of symptoms due to tumor compression":
// the tumor is there).
func listedAfter(toks []token, j, i int) bool {
	if i-j > 10 {
		return false
	}
	for b := j; b < i; b++ {
		if toks[b].punct == ';' || toks[b].punct == ':' || presentWords[toks[b].raw] || visitSubjects[toks[b].raw] || toks[b].raw == "is" || toks[b].raw == "was" || toks[b].raw == "with" ||
			ifStops[toks[b].raw] || toks[b].raw == "to" && b > j && toks[b-1].raw == "due" {
			return false
		}
	}
	return true
}

// hypotheticalAt returns the words that make the condition at toks[i] one
// that may come rather than one documented, "" when none: the patient's
// instructions for when to come back ("return precautions given for
// worsening pain, fever", "return to the ED if chest pain", "advised to
// call for new fever", "warning signs: dyspnea, syncope", "discussed
// warning signs of stroke") or an "if" clause ("if he develops chest
// pain, call 911"; "Tylenol if fever";
// "should he develop syncope"). Not a condition that goes on or changes
// ("if pain persists", "if asthma worsens": the patient has it), a doubt
// ("unclear if pneumonia", "even if"), a visit that happened ("returns
// with", "returned for"), a return for what the patient has ("return in
// 3 months for diabetes"), nor the main clause after an "if" clause ("if
// no improvement, will admit for pneumonia"; "if she walks a block she
// gets chest pain").
func hypotheticalAt(toks []token, i int) string {
	for k := i - 1; k >= 0; k-- {
		w := toks[k].raw
		switch {
		case (w == "precautions" || w == "precaution") && k > 0 && (toks[k-1].raw == "return" || toks[k-1].raw == "strict" || toks[k-1].raw == "ed" || toks[k-1].raw == "er"):
			return toks[k-1].raw + " " + w
		case (w == "signs" || w == "flags" || w == "symptoms") && k > 0 && (toks[k-1].raw == "warning" || toks[k-1].raw == "red" || toks[k-1].raw == "alarm"):
			// "Warning signs: chest pain, syncope", "warning signs of
			// active TB: cough ... call", "discussed warning signs of
			// stroke": taught, up to the teaching's verb ("warning
			// signs of hypoglycemia reviewed with a patient with
			// diabetes"), or a list the sentence starts with; not warning
			// signs the patient has ("presented with warning signs of
			// sepsis: fever", "warning signs of DKA on arrival:
			// vomiting").
			taught, at := false, len(toks)
			for j, t := range toks {
				if teachWords[t.raw] {
					taught = true
					if j > k && j < at && t.punct != ':' {
						at = j // ("warning signs reviewed: fainting": the list after the label is taught)
					}
				}
			}
			listed := (k == 1 || toks[k-2].punct == ':') && !slices.ContainsFunc(toks, func(t token) bool { return presentWords[t.raw] })
			if (taught && i < at || !taught && listed) && !slices.ContainsFunc(toks[k:i], func(t token) bool { return presentWords[t.raw] || t.raw == "currently" }) {
				return toks[k-1].raw + " " + w // (not "warning signs reviewed: he currently has mild headache")
			}
			return ""
		case taughtKinds[w] && k+1 < i:
			if cue := taughtAbout(toks, k, i); cue != "" {
				return cue
			}
		case w == "case" && k > 0 && toks[k-1].raw == "in" && k+1 < i && toks[k+1].raw == "of" && listedAfter(toks, k+1, i):
			return "in case of" // "Narcan kit given in case of opioid overdose"
		case w == "if" || w == "should" && (k == 0 || clauseEnd(toks[k-1])) && k+1 < len(toks) && (visitSubjects[toks[k+1].raw] || toks[k+1].raw == "the" || toks[k+1].raw == "any" || toks[k+1].raw == "there"):
			end := ifEnd(toks, k, i)
			if end <= i {
				return ""
			}
			if r := returnsAt(toks, k-1); w == "if" && r >= 0 {
				return toks[r].raw + " " + w
			}
			for j := range toks {
				if (j < k || j >= end) && habitWords[toks[j].raw] || j == k-1 && toks[j].raw == "needed" {
					return "" // "uses her inhaler if she wheezes", "as needed if migraine"
				}
			}
			return w
		case (w == "for" || w == "with") && returnsTold(toks, k-1) >= 0:
			r := returnsTold(toks, k-1)
			if slices.ContainsFunc(toks[r:k], func(t token) bool { return urgentWords[t.raw] }) {
				return toks[r].raw + " " + w // "call 911 for chest pain", "seek immediate care for"
			}
			for j := k + 1; j < i; j++ {
				if followWords[toks[j].raw] {
					return ""
				}
				if comingWords[toks[j].raw] {
					return toks[r].raw + " " + w
				}
			}
			return ""
		}
		if toks[k].punct == ';' {
			break
		}
	}
	return ""
}

// ifEnd returns where the "if" (or "should") clause at toks[k] ends: 0
// when it is no condition to come (a doubt, "if any", "if so", "if not",
// one that goes on); else the end of the sentence after an instruction
// ("return if fever, vomiting, or rash"), the comma before the main
// clause ("if fever or rash develop, call"), the first comma or colon
// ("if a thrombosis is suspected, an arteriography is done"; "worse if
// she eats: epigastric pain"), or the subject of a main clause with no
// comma before it ("if she walks a block she gets chest pain"); and no
// further than a word of ifStops ("after discharge for UTI").
func ifEnd(toks []token, k, i int) int {
	w := toks[k].raw
	if k+1 >= len(toks) || w == "if" && (k > 0 && ifDoubt[toks[k-1].raw] || ifNot(toks[k+1].raw)) {
		return 0
	}
	told := w == "if" && k > 0 && returnsAt(toks, k-1) >= 0
	end, first := len(toks), -1
	for j := k + 1; j < len(toks); j++ {
		t := toks[j].raw
		if goOnWords[t] && i < j && !slices.ContainsFunc(toks[i:j], clauseEnd) && !(stopWord(t) && toks[j].punct == 0 && j+1 < len(toks)) {
			// "If pain persists", "if chest pain worsens": the
			// patient has it. Not what the clause names after the word
			// or in another of its items: "if chest pain worsens,
			// shortness of breath, or fainting", "persistent nausea",
			// "if fingers become numb, cold, pale".
			return 0
		}
		if j > k+2 && ifStops[t] && j <= i {
			return j
		}
		if !told && j > k+2 && visitSubjects[t] && first < 0 && !clauseEnd(toks[j-1]) {
			return j // "if he eats he gets diarrhea"
		}
		if toks[j].punct == ':' && first < 0 {
			first = j + 1
		}
		if !clauseEnd(toks[j]) {
			continue
		}
		if j+1 < len(toks) && thenWords[toks[j+1].raw] {
			end = j + 1
			break
		}
		if first < 0 {
			first = j + 1
		}
	}
	if !told && end == len(toks) && first >= 0 {
		end = first
	}
	return end
}

// stopWord reports "stop", which goes on ("if the bleeding does not
// stop") unless an object follows, the main clause's instruction ("if
// nausea - stop medication").
func stopWord(w string) bool { return w == "stop" || w == "stops" }

// ifNot reports the word after "if" that makes its clause no condition to
// come: "if not", "if no improvement", "if any", "if so", "if needed",
// "if necessary", "if applicable", "if possible", "if tolerated".
func ifNot(w string) bool {
	switch w {
	case "not", "no", "any", "so", "needed", "necessary", "applicable", "possible", "tolerated", "indicated", "appropriate":
		return true
	}
	return false
}

// returnsTold returns the index of a word of returnWords at toks[j], or a
// few words before it ("return to the ED for", "return in 2 weeks for"),
// that tells the patient when to come back, -1 when none: bare or after
// "to", "will", "should" or "please" ("return for", "instructed to
// return for", "call for"), not "returns", "returned", "did not seek care
// for", and not going or presenting somewhere (a narrative's "decided to
// go to the ED for"), nor a contact ("contact with wet surfaces").
func returnsTold(toks []token, j int) int {
	k := returnsAt(toks, j)
	if k < 0 {
		return -1
	}
	switch toks[k].raw {
	case "go", "present", "come", "contact", "notify":
		return -1 // "contact with wet surfaces"
	}
	if k == 0 || toks[k-1].punct != 0 || toks[k-1].raw == "to" || toks[k-1].raw == "will" || toks[k-1].raw == "should" || toks[k-1].raw == "please" {
		return k
	}
	return -1
}

// returnsAt returns the index of the word of returnWords at toks[j] or up
// to four words before it in its clause, -1 when none (or j < 0).
func returnsAt(toks []token, j int) int {
	for k := j; k >= 0 && k >= j-4; k-- {
		if k < j && toks[k].punct != 0 {
			return -1
		}
		if returnWords[toks[k].raw] {
			return k
		}
	}
	return -1
}

// laterVisit returns what puts the "Encounter for" code read at toks[i]
// at a later visit ("suture removal in 10 days", "return for suture
// removal", "follow up in 1 week for wound check", "RTC 10-14 days for",
// "due for", a plan), "" when its clause says this visit ("returns today
// for suture removal", "presents as scheduled for", "removed today").
func laterVisit(toks []token, i int, plan bool) string {
	lo, hi := clauseOf(toks, i)
	for k := lo; k < hi; k++ {
		// "Sutures removed today"; not "sutures to be removed in 10 days".
		if thisVisit[toks[k].raw] && !(k > 0 && toks[k-1].raw == "be") {
			return ""
		}
	}
	if plan {
		return "plan"
	}
	for k := lo; k < i; k++ {
		w := toks[k].raw
		if toComeWords[w] && !(w == "due" && k+1 < len(toks) && toks[k+1].raw == "to") {
			return w
		}
	}
	for k := i + 1; k < hi && k < i+8; k++ {
		if t := timeToCome(toks, k, hi); t != "" {
			return t
		}
	}
	for k := lo; k < i; k++ {
		if t := timeToCome(toks, k, hi); t != "" {
			return t // "in 10 days, suture removal"
		}
	}
	return ""
}

// timeToCome returns "in" at toks[k] and the time to come it starts, in
// toks[:hi]: "in 10 days", "in 10-14 days", "in 7 to 10 days", "in one to
// two weeks"; "" when it is none.
func timeToCome(toks []token, k, hi int) string {
	if toks[k].raw != "in" {
		return ""
	}
	for j := k + 1; j < hi && j <= k+4; j++ {
		w := toks[j].raw
		if laterUnits[w] {
			if j == k+1 {
				return "" // "in days"
			}
			return "in " + toks[k+1].raw + " " + w
		}
		if !numberWords[w] && w != "to" && !strings.ContainsFunc(w, func(r rune) bool { return r >= '0' && r <= '9' }) {
			return ""
		}
	}
	return ""
}

// thisVisit and toComeWords say an encounter's reason is this visit's, or
// a later one's.
var thisVisit, toComeWords = rawSet("today tonight now presents presented presenting removed performed done inserted placed given"),
	rawSet("will return rtc follow f/u fu due schedule scheduled next")

// numberWords and laterUnits say a time to come after "in": "in one
// week", "in 10 days", "in a few weeks".
var numberWords, laterUnits = rawSet("a an one two three four five six seven eight nine ten few several couple"),
	rawSet("day days week weeks month months year years")

// pastCue returns the words that put the procedure at toks[i] before
// this stay, in its clause: a year two or more before the fiscal year fy
// after "in", "since" or "during" ("in 2010"; not a clock time, "at
// 2000", nor a volume), "ago" after the procedure ("underwent an
// appendectomy two years ago"; not a symptom's "pain that began 2 days
// ago and underwent"), "last" and a unit of time ("last week"),
// "previous", "prior" or "previously" shortly before it (not "prior to
// laparoscopic cholecystectomy"); "" when none, or when the clause says
// it was done now ("today", "tonight", "yesterday").
func pastCue(toks []token, i int, fy int) string {
	lo, hi := clauseOf(toks, i)
	if slices.ContainsFunc(toks[lo:hi], func(t token) bool { return nowWords[t.raw] }) {
		return ""
	}
	for k := max(lo, i-3); k < i; k++ {
		if priorWords[toks[k].raw] && toks[k+1].raw != "to" {
			return toks[k].raw
		}
	}
	for k := lo; k < hi; k++ {
		r := toks[k].raw
		if pastYear(toks, k, fy) {
			return toks[k-1].raw + " " + r
		}
		if r == "ago" && k > i {
			return strings.Join(rawsOf(toks[max(i+1, k-2):k+1]), " ")
		}
		if r == "last" && k+1 < hi && timeUnits[toks[k+1].raw] {
			return r + " " + toks[k+1].raw
		}
	}
	return ""
}

// pastYear reports toks[k] a year two or more before the fiscal year fy,
// said as one ("in 2010", "since 2015", "during 2019").
func pastYear(toks []token, k int, fy int) bool {
	r := toks[k].raw
	if !isYear(r) {
		return false
	}
	y, _ := strconv.Atoi(r)
	return y >= 1900 && y <= fy-2 && k > 0 && yearPrepositions[toks[k-1].raw]
}

// isYear reports a year written out ("2024").
func isYear(w string) bool {
	return len(w) == 4 && w[0] >= '1' && w[0] <= '2' && isDigit(w[1]) && isDigit(w[2]) && isDigit(w[3])
}

// rawsOf is the words of toks as written.
func rawsOf(toks []token) []string {
	out := make([]string, len(toks))
	for k, t := range toks {
		out[k] = t.raw
	}
	return out
}

// priorWords put a procedure just after them before this stay; nowWords
// in it; yearPrepositions say the number after them is a year.
var (
	priorWords       = rawSet("previous previously prior remote")
	nowWords         = rawSet("today tonight yesterday")
	yearPrepositions = rawSet("in since during")
)

// clauseEnd reports a word a semicolon or a comma follows.
func clauseEnd(t token) bool { return t.punct == ';' || t.punct == ',' }

// clauseOf returns the bounds [lo, hi) of the clause of toks[i]: the
// words from the last clause end before it to the next after it.
func clauseOf(toks []token, i int) (lo, hi int) {
	lo, hi = i, i+1
	for lo > 0 && !clauseEnd(toks[lo-1]) {
		lo--
	}
	for hi < len(toks) && !clauseEnd(toks[hi-1]) {
		hi++
	}
	return lo, hi
}

// plannedBefore and plannedAfter are the words that put a procedure just
// after or before them later than the note, or not done; doneWords say a
// sentence's procedure was done.
var (
	plannedBefore = rawSet("will schedule scheduled recommend recommended plan planned consider considering may need needs candidate awaiting await refer referral declined refused deferred cancelled canceled postponed")
	plannedAfter  = rawSet("tomorrow pending ordered scheduled planned recommended requested if declined refused deferred cancelled canceled postponed")
	doneWords     = rawSet("underwent undergone performed completed done s/p post after showed shows showing revealed reveals revealing reported demonstrated confirmed found observed seen identified evidenced noted result results pathology report weaned extubated tolerated")
)

// planned reports a word of plannedWords before i in the sentence, or,
// in i's clause, a word of otherBefore just before it or of otherAfter
// just after: "return for well-child visit in 1 year", "overdue for
// well-child check", "well-child check last month was normal", not "well
// woman exam with last menstrual period 1 week ago" or "annual physical in
// a patient with prior MI".
func planned(toks []token, i int) bool {
	for k, t := range toks[:i] {
		if plannedWords[t.raw] && !(t.raw == "due" && toks[k+1].raw == "to") {
			return true // not "metformin held due to AKI; here for flu shot"
		}
	}
	lo, hi := clauseOf(toks, i)
	for k := max(lo, i-3); k < i; k++ {
		if otherBefore[toks[k].raw] {
			return true // "overdue for", "missed", "last", "previous"
		}
	}
	for k := i + 1; k < min(hi, i+5); k++ {
		if otherAfter[toks[k].raw] || toks[k].raw == "last" && k+1 < len(toks) && timeUnits[toks[k+1].raw] {
			return true // "deferred", "postponed", "last month"
		}
	}
	return false
}

// otherBefore and otherAfter are the words that put a visit or a test
// just after or before them another time than this one; timeUnits what
// "last" says so of ("last month", not "last menstrual period").
var otherBefore, otherAfter, timeUnits = rawSet("overdue missed last previous prior"), rawSet("deferred postponed"), rawSet("week month year visit")

// routineExam reports the word at i naming an examination that a word
// just before it makes the encounter's reason.
func routineExam(toks []token, i int) bool {
	if !examWords[toks[i].raw] {
		return false
	}
	for k := i - 1; k >= 0 && k >= i-2; k-- {
		if toks[k].punct != 0 {
			return false
		}
		if routineExams[toks[k].raw] {
			return true
		}
		if !examWords[toks[k].raw] && !examKinds[toks[k].raw] && !ageWord(toks[k].raw) {
			return false // "routine BP check", "routine diabetes check": of something
		}
	}
	return false
}

// ageWord reports a word of a child's age at a visit: "2-month", "4",
// "month", "year" ("routine 2-month check", "annual 4 year well visit").
func ageWord(w string) bool {
	return isNumber(w) || timeUnits[w] || w == "months" || w == "years" || w == "weeks" || w == "week" ||
		strings.HasSuffix(w, "-month") || strings.HasSuffix(w, "-year") || strings.HasSuffix(w, "-week")
}

// examKinds are the words between a routine word and an examination's
// that keep it a routine one, the Index's Examination entries ("annual
// physical exam", "routine adult physical", "routine prenatal visit",
// "routine eye exam").
var examKinds = rawSet(`adult health medical general preventive preventative complete comprehensive full prenatal
	postpartum newborn well wellness child baby infant woman eye eyes vision hearing dental`)

// onChronic reports the "on" of "acute kidney injury on chronic kidney
// disease" ("AKI on CKD"): two findings, the acute one on the chronic
// one, so the words before "on" are one finding and those after another.
// "Acute on chronic" is the classification's own phrase (heart failure),
// which stays whole.
func onChronic(toks []token, q []qtok, i int) bool {
	return i > 0 && i+1 < len(toks) && toks[i].raw == "on" && toks[i-1].raw != "acute" &&
		strings.HasPrefix(q[i+1].text, "chronic")
}

// genera spell out a genus written as its initial before the species
// ("E. coli", "S. aureus", "K. pneumoniae"), keyed by initial and species.
var genera = map[[2]string]string{
	{"e", "coli"}: "escherichia", {"s", "aureus"}: "staphylococcus", {"s", "epidermidis"}: "staphylococcus",
	{"s", "pneumoniae"}: "streptococcus", {"s", "pyogenes"}: "streptococcus", {"s", "agalactiae"}: "streptococcus",
	{"k", "pneumoniae"}: "klebsiella", {"p", "aeruginosa"}: "pseudomonas", {"h", "influenzae"}: "haemophilus",
	{"h", "pylori"}: "helicobacter", {"c", "difficile"}: "clostridium", {"c", "albicans"}: "candida",
	{"e", "faecalis"}: "enterococcus", {"e", "faecium"}: "enterococcus", {"m", "tuberculosis"}: "mycobacterium",
	{"p", "mirabilis"}: "proteus", {"n", "gonorrhoeae"}: "neisseria", {"n", "meningitidis"}: "neisseria",
	{"c", "diff"}: "clostridium",
}

// speciesShort are species names notes shorten ("C. diff").
var speciesShort = map[[2]string]string{{"c", "diff"}: "difficile"}

// genus returns the genus the one-letter word at toks[i] stands for, or
// "pneumococcal" for Streptococcus pneumoniae: the Index files it as
// pneumococcal (Pneumonia, pneumococcal J13), and its "Streptococcus"
// alone would be the other streptococci (J15.4).
func genus(toks []token, i int) (string, bool) {
	if i+1 >= len(toks) {
		return "", false
	}
	if toks[i+1].raw == "pneumoniae" && (toks[i].raw == "streptococcus" || toks[i].raw == "s" || toks[i].raw == "strep") {
		return "pneumococcal", true
	}
	if len(toks[i].raw) != 1 {
		return "", false
	}
	g, ok := genera[[2]string{toks[i].raw, toks[i+1].raw}]
	return g, ok
}

// adjectiveEndings turn an adjective into the noun of the finding
// ("hyperopic" hyperopia, "macrocephalic" macrocephalia, "icteric"
// icterus), tried in this order.
var adjectiveEndings = [][2]string{{"eic", "ea"}, {"ctic", "xia"}, {"tic", "sis"}, {"ic", "ia"}, {"ic", "y"}, {"ic", "us"}}

// nounOf returns the noun of an adjective that no title or Index entry
// has ("hyperopic", "macrocephalic") when the noun is a main term. An
// adjective the code sets use ("atrophic gastritis") is looked up as it
// is.
func (e *Engine) nounOf(w string) (string, bool) {
	if len(w) < 6 || e.ix.Knows(w) {
		return "", false
	}
	for _, x := range adjectiveEndings {
		if stem, ok := strings.CutSuffix(w, x[0]); ok {
			if n := stem + x[1]; e.anchors.dx[search.Word(n)] {
				return n, true
			}
		}
	}
	return "", false
}

// describesPatient reports an adjective said of the patient, the one
// place it stands for its noun: after a verb of being ("she is icteric",
// "appears cachectic") or before a person or an appearance ("a hyperopic
// male", "macrocephalic appearance"). Elsewhere it describes a thing:
// "lordotic curvature", "atelectatic changes", "hypervolemic hyponatremia".
func describesPatient(toks []token, i int) bool {
	return i > 0 && beingVerbs[toks[i-1].raw] || i+1 < len(toks) && (personNouns[toks[i+1].raw] || toks[i+1].raw == "appearance" || toks[i+1].raw == "habitus")
}

var beingVerbs = map[string]bool{"is": true, "was": true, "are": true, "were": true, "appears": true, "appeared": true,
	"looks": true, "looked": true, "became": true, "remains": true, "remained": true, "seems": true, "seemed": true}

// beingVerbs join a site to what the note says of it ("the liver was
// enlarged"); degreeWords may stand between them; predicateFindings are
// the adjectives that say a finding of the site before them.
var degreeWords, predicateFindings = map[string]bool{}, map[string]bool{}

func init() {
	for _, w := range strings.Fields("markedly mildly slightly moderately severely very diffusely massively grossly somewhat") {
		degreeWords[w] = true
	}
	for _, w := range strings.Fields(`enlarged swollen distended tender painful inflamed infected erythematous edematous ulcerated
		dilated thickened obstructed perforated fractured dislocated herniated calcified atrophic necrotic ruptured`) {
		predicateFindings[w] = true
	}
}

// predicates reads "the abdomen was distended" as "abdomen distended": the
// verb (and a word of degree after it) ends no chunk and is no word of
// the lookup, so the site is the finding's (R14.0, Distension, abdomen).
// Not past punctuation, nor when a negation stands between them ("the
// abdomen was not distended" keeps its cue).
func predicates(toks []token, q []qtok, joined map[int]bool) {
	for i := 1; i+1 < len(toks); i++ {
		if !beingVerbs[toks[i].raw] || toks[i-1].punct != 0 || toks[i].punct != 0 || !isContent(q[i-1]) {
			continue
		}
		j := i + 1
		if degreeWords[toks[j].raw] && toks[j].punct == 0 && j+1 < len(toks) {
			j++
		}
		if !predicateFindings[toks[j].raw] {
			continue
		}
		for k := i; k < j; k++ {
			q[k] = qtok{}
			joined[k] = true
		}
	}
}

// theCold reports "cold" at toks[i] naming the illness (Cold, J00): "a
// cold for three days", "common cold", "cough and cold."; not an
// adjective before a noun ("cold therapy", "a cold area", "cold sputum").
func theCold(toks []token, i int) bool {
	if toks[i].raw != "cold" && toks[i].raw != "colds" {
		return true // the Index's word said otherwise ("coryza")
	}
	if i > 0 {
		switch toks[i-1].raw {
		case "common", "head", "chest":
			return true
		case "local", "to":
			return false // "sensitivity to cold"
		}
		if beingVerbs[toks[i-1].raw] {
			return false // "hands are cold"
		}
	}
	if i+1 < len(toks) && toks[i+1].raw == "clammy" || i+2 < len(toks) && toks[i+1].raw == "and" && toks[i+2].raw == "clammy" {
		return false // "cold, clammy skin", "cold and clammy"
	}
	return toks[i].punct != 0 || i == len(toks)-1 || coldFollowers[toks[i+1].raw]
}

// coldFollowers may follow the illness "cold" in its sentence.
var coldFollowers = map[string]bool{"for": true, "since": true, "with": true, "and": true, "or": true, "in": true,
	"last": true, "this": true, "that": true, "which": true, "during": true, "but": true, "after": true, "before": true}

// byDiseaseWords name a finding the Index codes, at an organ it does not
// list under the word, as the organ's disease: "Mass, specified organ NEC"
// and "Lesion, organ or site NEC" — see Disease, by site.
var byDiseaseWords = rawSet("mass masses lesion lesions")

// diseaseBySite looks the organ of q[wlo:whi] up under "Disease" in place
// of the mass or lesion at i ("testicular mass": Disease, testis, N50.9).
// Only an Index path of Disease whose organ the note says is taken.
func (e *Engine) diseaseBySite(fy int, q []qtok, wlo, whi, i int) (mention, []bool, bool) {
	dq := slices.Clone(siteNouns(q, wlo, whi))
	dq[i] = qtok{text: "disease", norms: search.Words("disease")}
	m, cov, ok := e.resolve(app.ICD10CM, fy, dq, wlo, whi, i)
	if !ok || !strings.HasPrefix(m.why, "index: Disease, diseased > ") || strings.Contains(m.why, " → ") {
		return mention{}, nil, false
	}
	if wlo < i && q[i-1].text == "muscle" || slices.ContainsFunc(q[wlo:whi], func(t qtok) bool { return t.text != q[i].text && e.isAnchorMorphology(t) }) {
		// "Muscle mass" is the muscles' bulk; "a lesion corresponding to
		// a malignant neoplasm" is coded as the neoplasm.
		return mention{}, nil, false
	}
	site := false
	for k, c := range cov {
		site = site || c && wlo+k != i && !sideWords[dq[wlo+k].text] && e.isSite(dq[wlo+k])
	}
	if !site {
		// "Demyelinating lesions", "bullous lesions": a kind, not an
		// organ (Disease, demyelinating).
		return mention{}, nil, false
	}
	ref := "Mass > specified organ NEC"
	if strings.HasPrefix(q[i].text, "lesion") {
		ref = "Lesion (s) (nontraumatic) > organ or site NEC"
	}
	m.why = "index: " + ref + " → see Disease, by site: " + strings.TrimPrefix(m.why, "index: ")
	return m, cov, true
}

// isSite reports a word naming a site of the body: a word of a row of the
// Neoplasm Table, which lists every site by its noun.
func (e *Engine) isSite(t qtok) bool {
	e.sitesOnce.Do(func() {
		e.sites = map[string]bool{}
		table := e.set.Index(terminology.NeoplasmTable)
		if table == nil || len(table.Terms) == 0 {
			return
		}
		for _, row := range table.Terms[0].Terms {
			for _, w := range search.StrongWords(withoutParens(row.Title)) {
				e.sites[w] = true
			}
			for _, sub := range row.Terms {
				for _, w := range search.StrongWords(withoutParens(sub.Title)) {
					e.sites[w] = true
				}
			}
		}
		for _, w := range strings.Fields("nec nos specified site sites other multiple overlapping") {
			delete(e.sites, search.Word(w))
		}
	})
	for _, n := range t.norms {
		if e.sites[n] {
			return true
		}
	}
	return false
}

// speciesLike are species names of bacteria that read as a condition of
// the Index ("Propionibacterium acnes": Acne; "Enterobacter cloacae":
// Cloaca), taken for the species after a word.
var speciesLike = rawSet("acnes cloacae")

// deviceWords name a device or implant the patient has; "in place" after
// one says its presence (Presence, cardiac pacemaker: Z95.0).
var deviceWords = rawSet("pacemaker defibrillator stent stents iud shunt prosthesis implant implants pump valve graft")

// pacerNamed are the words before "pacemaker" (or after "pacemaker
// for") that already say whose it is: the heart's own words, the other
// organs a pacemaker may be for (Status, pacemaker, brain: Z96.89), and
// the heart's rhythm ("wandering atrial pacemaker", I49.8).
var pacerNamed = rawSet("cardiac heart brain diaphragm diaphragmatic phrenic gastric spinal nerve bladder sacral wandering atrial")

// lumbarPuncture reports the word at i naming a lumbar puncture: the
// procedure the ICD-10-PCS Index names
// (Puncture, lumbar — see Drainage, Spinal Canal), not the wound the
// Alphabetic Index's Puncture is (S31.030A for the lumbar region).
func lumbarPuncture(toks []token, i int) bool {
	return (toks[i].raw == "puncture" || toks[i].raw == "punctures") && i > 0 && toks[i-1].punct == 0 && toks[i-1].raw == "lumbar"
}

// inPlace reads "<device> in place" as the device's presence: the Index's
// "Presence (of)" entries are the status codes a coder gives for a device
// the patient has.
func inPlace(toks []token, q []qtok) {
	for k := 1; k+1 < len(toks); k++ {
		if toks[k].raw == "in" && toks[k+1].raw == "place" && deviceWords[toks[k-1].raw] && toks[k-1].punct == 0 && toks[k].punct == 0 {
			q[k] = qtok{}
			q[k+1] = qtok{text: "presence", norms: search.Words("presence")}
		}
	}
}

// commonWordAsName reports an Index path with a name that is also a
// common word ("Syndrome > Good's", "Still's") read from that word written
// in lower case ("with good response"): the note does not name the
// person.
func commonWordAsName(toks []token, text string, wlo int, cov []bool, why string) bool {
	path, ok := strings.CutPrefix(why, "index: ")
	if !ok {
		return false
	}
	path, _, _ = strings.Cut(path, " →")
	var names []string
	for _, w := range strings.Fields(path) {
		w = strings.Trim(w, ",()")
		if n, ok := strings.CutSuffix(w, "'s"); ok {
			names = append(names, strings.ToLower(n))
		} else if n, ok := strings.CutSuffix(w, "s'"); ok {
			names = append(names, strings.ToLower(n)+"s")
		}
	}
	for _, name := range names {
		for k, c := range cov {
			t := toks[wlo+k]
			if !c || t.raw != name || !commonNames[name] || t.start >= len(text) || text[t.start] < 'a' || text[t.start] > 'z' {
				continue
			}
			// Written in lower case but as a name still: "down
			// syndrome", "still disease".
			if wlo+k+1 < len(toks) && eponymHeads[toks[wlo+k+1].raw] {
				continue
			}
			return true
		}
	}
	return false
}

// commonNames are the names of Index eponyms that are also common words
// ("good response", "still", "little"); any other name is taken as one
// however it is written ("barrett esophagus").
var commonNames = rawSet("good still little best brown hand wood young black white long short early major")

// eponymHeads follow a person's name in the name of a condition.
var eponymHeads = rawSet("disease syndrome disorder palsy tumor fracture sign anemia anomaly")

// suicidalNamed reports "suicidal" at toks[i] said with what it is: an
// attempt ("suicidal attempt", "suicidal gesture", "attempted
// suicidal", "suicidal overdose": the poisoning's code), or the
// ideation, thoughts, tendencies or risk the Index and the reader before
// it read.
func suicidalNamed(toks []token, i int) bool {
	if i > 0 && strings.HasPrefix(toks[i-1].raw, "attempt") {
		return true
	}
	if i+1 >= len(toks) || toks[i].punct != 0 {
		return false
	}
	return suicidalWhat[toks[i+1].raw]
}

var suicidalWhat = rawSet("attempt attempts attempted gesture gestures act acts behavior behaviour ideation ideations ideas idea thoughts thought tendencies tendency risk precautions overdose overdoses ingestion ingestions poisoning")

// episodeAfter are the words after a past history's year that tell what
// the episode brought: "STEMI 2019 with LAD stent", "DVT 2012 s/p IVC
// filter", "stroke 2018 complicated by aphasia".
var episodeAfter = rawSet("with s/p status treated complicated requiring required after")

// pastYearAfter returns the year written right after toks[j] that dates
// a past history's entry to a year up to fy ("Kidney stone 2010",
// "kidney stones (2015)", "DVT - 2018", "gout in 2010", "sepsis 2019
// (from cholangitis)", "concussion 1985, no residual symptoms", "DVT left
// leg 2012", "STEMI 2019 with LAD stent"), "" when none; not "since 2010"
// (which says it goes on), nor a year that goes on into more words ("DVT
// 2018 on apixaban").
func pastYearAfter(toks []token, j, fy int) string {
	k := j + 1
	if j < 0 || k >= len(toks) || toks[j].punct != 0 && toks[j].punct != '(' {
		return ""
	}
	for n := 0; n < 3 && k+1 < len(toks) && toks[k-1].punct == 0 && limbSides[toks[k].raw]; n++ {
		k++ // "DVT left leg 2012"
	}
	if toks[k].raw == "in" && toks[j].punct == 0 {
		k++
	}
	if k >= len(toks) || k+1 < len(toks) && !clauseEnd(toks[k]) && toks[k].punct != '(' && !(toks[k].punct == 0 && episodeAfter[toks[k+1].raw]) {
		return ""
	}
	y := toks[k].raw
	if len(y) != 4 || !isNumber(y) {
		return ""
	}
	n, err := strconv.Atoi(y)
	if err != nil || n < 1900 || n > fy {
		return ""
	}
	return y
}

// pluralAbbreviation returns what the abbreviation whose plural w is
// stands for: capitals and a small "s" ("UTIs", "TIAs", "CVAs"), not a
// word ("Gas", "PROs" of no abbreviation).
func pluralAbbreviation(w string) (string, bool) {
	stem, ok := strings.CutSuffix(w, "s")
	if !ok || len(stem) < 2 {
		return "", false
	}
	letters := false
	for i := 0; i < len(stem); i++ {
		switch c := stem[i]; {
		case c >= 'A' && c <= 'Z':
			letters = true
		case c >= '0' && c <= '9':
		default:
			return "", false // (most words: no allocation)
		}
	}
	if !letters {
		return "", false
	}
	x, ok := abbreviations[strings.ToLower(stem)]
	return x, ok
}

// definedAbbreviation reports an abbreviation in capitals in parentheses
// at toks[i] whose letters are the initials of words just before it,
// which say something else than the shorthand's usual meaning: "right
// atrial enlargement (RA)" (not rheumatoid arthritis), "costovertebral
// angle (CVA)" (not a stroke). One that means what its words say
// ("computed tomography (CT)") or that the table does not spell out
// ("invasive mechanical ventilation (IMV)") is read as before.
func definedAbbreviation(toks []token, text string, i int) bool {
	if i == 0 || toks[i-1].punct != '(' {
		return false
	}
	w := text[toks[i].start:toks[i].end]
	n := len(w)
	if n < 2 || n > 5 || strings.ToUpper(w) != w || strings.ToLower(w) == w {
		return false
	}
	x, ok := abbreviations[toks[i].raw]
	if !ok {
		return false
	}
	meant := search.Words(x)
	for from := max(0, i-n-3); from+n <= i; from++ {
		ok := true
		for k := 0; k < n && ok; k++ {
			t := toks[from+k]
			ok = t.raw != "" && t.raw[0] == w[k]+('a'-'A') && (k == n-1 || t.punct == 0) &&
				!slices.ContainsFunc(t.norms, func(x string) bool { return slices.Contains(meant, x) })
		}
		if ok {
			return true
		}
	}
	return false
}

// smokedUntil say that what the patient smoked is over: "quit in 2005;
// smoked 2 packs a day", "smoked until 2010". lately are the times that
// make a past tense this visit's: "smoked 2 cigarettes today".
var smokedUntil = rawSet("quit quitting stopped until ago former formerly previously")

var lately = rawSet("today yesterday tonight daily week")

// usingAgain say a substance's use goes on after a history of it.
var usingAgain = rawSet("still currently active relapsed relapse relapses again continues continuing ongoing now restarted resumed unable tried trying")

// limbSides are the side and limb words between a past history's entry
// and its year ("DVT left leg 2012").
var limbSides = rawSet("left right bilateral leg legs arm arms lower upper extremity extremities lle rle lue rue")
