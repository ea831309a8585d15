package search

import (
	"sort"
	"strings"
)

// Abbreviation is one clinical abbreviation or piece of shorthand that
// notes and coders write, with what it stands for in the classification's
// words: "CKD" is "chronic kidney disease". Search shows it as the reason a
// hit matched ("CKD = chronic kidney disease"), and the suggestion engine
// reads notes with the same table.
type Abbreviation struct {
	Short     string // as written, e.g. "CKD", "s/p"
	Expansion string // the words it stands for; "" when it only drops out ("r/o")
}

// Reason is how a hit cites the abbreviation: "CKD = chronic kidney disease".
func (a Abbreviation) Reason() string {
	if a.Expansion == "" {
		return a.Short + " (not coded)"
	}
	return a.Short + " = " + a.Expansion
}

// abbreviations is Codebench's own table, written from common charting
// shorthand. Ambiguous ones are read in the sense a diagnosis or procedure
// list gives them ("PE" is pulmonary embolism, not physical examination);
// those that clash with a personal title or a common word ("MS", "ED",
// "PAD") are left out. Every entry is tested against the real code sets
// (TestAbbreviationsFindTheirCodes).
var abbreviations = []Abbreviation{
	{"AAA", "abdominal aortic aneurysm"},
	{"ADHD", "attention deficit hyperactivity disorder"},
	{"AFib", "atrial fibrillation"},
	{"AF", "atrial fibrillation"},
	{"AKI", "acute kidney injury"},
	{"ALS", "amyotrophic lateral sclerosis"},
	{"AMS", "altered mental status"},
	{"AOM", "acute otitis media"},
	{"ARF", "acute renal failure"},
	{"BCC", "basal cell carcinoma"},
	{"BPH", "benign prostatic hyperplasia"},
	{"CAD", "coronary artery disease"},
	{"CHF", "congestive heart failure"},
	{"CKD", "chronic kidney disease"},
	{"COPD", "chronic obstructive pulmonary disease"},
	{"COVID", "COVID-19"},
	{"CP", "chest pain"},
	{"CVA", "cerebrovascular accident"},
	{"DDD", "degenerative disc disease"},
	{"DJD", "degenerative joint disease"},
	{"DKA", "diabetic ketoacidosis"},
	{"DM", "diabetes mellitus"},
	{"DM1", "type 1 diabetes mellitus"},
	{"T1DM", "type 1 diabetes mellitus"},
	{"DM2", "type 2 diabetes mellitus"},
	{"T2DM", "type 2 diabetes mellitus"},
	{"DVT", "deep vein thrombosis"},
	{"ESRD", "end stage renal disease"},
	{"EtOH", "alcohol"},
	{"FHx", "family history"},
	{"Fx", "fracture"},
	{"GAD", "generalized anxiety disorder"},
	{"GERD", "gastroesophageal reflux disease"},
	{"GI", "gastrointestinal"},
	{"HA", "headache"},
	{"HCV", "hepatitis C"},
	{"HLD", "hyperlipidemia"},
	{"HTN", "hypertension"},
	{"Hx", "history"},
	{"h/o", "history"},
	{"IBS", "irritable bowel syndrome"},
	{"Lac", "laceration"},
	// Not an abbreviation but the note's word for an ICD-10-PCS approach.
	{"laparoscopic", "percutaneous endoscopic"},
	{"LBP", "low back pain"},
	{"MDD", "major depressive disorder"},
	{"MI", "myocardial infarction"},
	{"N/V", "nausea with vomiting"},
	{"OA", "osteoarthritis"},
	{"OCD", "obsessive compulsive disorder"},
	{"OSA", "obstructive sleep apnea"},
	{"PE", "pulmonary embolism"},
	{"PNA", "pneumonia"},
	{"PTSD", "posttraumatic stress disorder"},
	{"PUD", "peptic ulcer"}, // "disease": the titles and index say "peptic ulcer"
	{"PVD", "peripheral vascular disease"},
	{"RA", "rheumatoid arthritis"},
	{"r/o", ""},
	{"SCC", "squamous cell carcinoma"},
	{"SLE", "systemic lupus erythematosus"},
	{"SOB", "shortness of breath"},
	{"s/p", "status post"},
	{"SVT", "supraventricular tachycardia"},
	{"Sz", "seizure"},
	{"TIA", "transient ischemic attack"},
	{"URI", "upper respiratory infection"},
	{"UTI", "urinary tract infection"},
	{"w/", "with"},
	{"w/o", "without"},
	// Lay phrases for which the Index has no words, read as the clinical
	// words it has. Like the slash shorthand they are rewritten in the
	// query before it is read, so they cost the index nothing.
	{"ringing in the ears", "tinnitus"},
	{"morning sickness", "hyperemesis gravidarum"},
	{"blood clot in lung", "pulmonary embolism"},
	{"well child visit", "routine child health examination"},
	{"flu shot", "influenza vaccination"},
	{"rhinosinusitis", "sinusitis"},
	{"urinary retention", "retention of urine"},
}

// Abbreviations returns the table, sorted by abbreviation. The slice is a
// copy: callers may keep or change it.
func Abbreviations() []Abbreviation {
	out := append([]Abbreviation(nil), abbreviations...)
	sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i].Short) < strings.ToLower(out[j].Short) })
	return out
}

// abbrev is an Abbreviation ready for matching.
type abbrev struct {
	Abbreviation
	key   string   // the normalised token ("ckd"), or the raw slash form ("s/p")
	words []string // normalised words of the expansion, stop words dropped
	span  int      // how many words of a phrase it stands for
}

var (
	abbrevByKey   = map[string]*abbrev{}
	slashAbbrevs  []*abbrev // written with a slash or a space: rewritten before tokenizing
	phraseAbbrevs []*abbrev // expansions of two words or more: indexed as a token
)

func init() {
	for _, a := range abbreviations {
		ab := &abbrev{Abbreviation: a}
		for _, t := range tokenize(a.Expansion, false, nil) {
			if !stopWords[t.text] {
				ab.words = append(ab.words, t.text)
			}
		}
		ab.span = max(len(ab.words), 1)
		if strings.ContainsAny(a.Short, "/ ") {
			ab.key = strings.ToLower(a.Short)
			slashAbbrevs = append(slashAbbrevs, ab)
			continue
		}
		ab.key = stem(strings.ToLower(a.Short))
		abbrevByKey[ab.key] = ab
		if len(ab.words) >= 2 {
			phraseAbbrevs = append(phraseAbbrevs, ab)
		}
	}
	// Longest first, so "w/o" is rewritten before "w/".
	sort.Slice(slashAbbrevs, func(i, j int) bool { return len(slashAbbrevs[i].key) > len(slashAbbrevs[j].key) })
}

// expandSlashes rewrites the slash shorthand of a query ("s/p", "w/o",
// "r/o") and its lay phrases ("flu shot") into words, returning the
// abbreviations used.
func expandSlashes(text string) (string, []*abbrev) {
	if !strings.ContainsAny(text, "/ ") {
		return text, nil
	}
	lower := strings.ToLower(text)
	var used []*abbrev
	for _, a := range slashAbbrevs {
		for {
			i := strings.Index(lower, a.key)
			if i < 0 || i > 0 && isAlnum(lower[i-1]) {
				break
			}
			end := i + len(a.key)
			if end < len(lower) && isAlnum(lower[end]) && !strings.HasSuffix(a.key, "/") {
				break
			}
			lower = lower[:i] + " " + a.Expansion + " " + lower[end:]
			text = text[:i] + " " + a.Expansion + " " + text[end:]
			used = append(used, a)
		}
	}
	return text, used
}

// abbrevIndexer adds the token of a many-word abbreviation to every phrase
// that holds all the words of its expansion, in any order and counting
// nonessential ones: "ckd" is indexed on "Chronic kidney disease, stage
// 3a" and on the path "Disease, kidney, chronic". The token does not
// lengthen the phrase.
type abbrevIndexer struct {
	byFirst map[uint32][]abbrevTerms // first expansion word → abbreviations
}

type abbrevTerms struct {
	token uint32   // the abbreviation's own term
	rest  []uint32 // the other words of its expansion
}

func newAbbrevIndexer(intern func(string) uint32) *abbrevIndexer {
	ai := &abbrevIndexer{byFirst: map[uint32][]abbrevTerms{}}
	for _, a := range phraseAbbrevs {
		var ts []uint32
		for _, w := range a.words {
			ts = append(ts, intern(w))
		}
		ai.byFirst[ts[0]] = append(ai.byFirst[ts[0]], abbrevTerms{token: intern(a.key), rest: ts[1:]})
	}
	return ai
}

// add returns terms (term<<1|weak, sorted and deduplicated) with the
// tokens of the abbreviations whose expansions they hold.
func (ai *abbrevIndexer) add(terms []uint32) []uint32 {
	find := func(t uint32) (found, weak bool) {
		i := sort.Search(len(terms), func(i int) bool { return terms[i]>>1 >= t })
		if i < len(terms) && terms[i]>>1 == t {
			return true, terms[i]&1 != 0
		}
		return false, false
	}
	var extra []uint32
	for _, t := range terms {
		for _, a := range ai.byFirst[t>>1] {
			// At most one word of the expansion may be a nonessential
			// modifier ("Diabetes (mellitus), type 2" is T2DM;
			// "Personality (disorder), obsessive (-compulsive)" is not
			// OCD).
			all, weak := true, int(t&1)
			for _, r := range a.rest {
				found, w := find(r)
				all = all && found
				if w {
					weak++
				}
			}
			if all && weak <= 1 {
				extra = append(extra, a.token<<1)
			}
		}
	}
	if len(extra) == 0 {
		return terms
	}
	return dedupeTerms(append(terms, extra...))
}
