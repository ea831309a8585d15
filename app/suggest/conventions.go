package suggest

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/coding/edits"
	"github.com/codebench/codebench/app/terminology"
	"github.com/codebench/codebench/app/terminology/search"
)

// longTermDrugs are medicines whose current use has its own status code
// (Z79.-, §I.C.21.c.3), so "on metformin" is coded as the coder would. A
// code the record's year does not have yet (the Z79.6- immunosuppressants
// and chemotherapy, Z79.85, are FY2023's) gives way to Z79.899, other long
// term drug therapy, as it did for coders before.
var longTermDrugs = byWord(map[string]string{
	"Z794": "insulin glargine lispro aspart detemir degludec lantus humalog novolog levemir " +
		"toujeo tresiba basaglar humulin novolin",
	"Z7984": "metformin glipizide glyburide glimepiride sitagliptin pioglitazone empagliflozin " +
		"dapagliflozin canagliflozin linagliptin saxagliptin alogliptin repaglinide nateglinide " +
		"glucophage januvia jardiance farxiga invokana actos glucotrol amaryl tradjenta rybelsus " +
		"antidiabetic antidiabetics hypoglycemics",
	"Z7985": "liraglutide dulaglutide exenatide tirzepatide victoza trulicity mounjaro ozempic byetta bydureon",
	"Z7901": "warfarin apixaban rivaroxaban dabigatran edoxaban coumadin jantoven eliquis xarelto pradaxa savaysa",
	"Z7902": "clopidogrel prasugrel ticagrelor plavix effient brilinta",
	"Z7982": "aspirin acetylsalicylic",
	"Z793":  "contraceptives ocp ocps",
	"Z7952": "prednisone prednisolone methylprednisolone medrol deflazacort",
	"Z7951": "advair symbicort breo trelegy dulera qvar pulmicort flovent arnuity asmanex",
	"Z791": "ibuprofen naproxen meloxicam celecoxib diclofenac indomethacin nabumetone etodolac " +
		"motrin advil aleve celebrex mobic nsaid nsaids",
	"Z79891": "oxycodone hydrocodone oxycontin percocet norco vicodin tramadol hydromorphone dilaudid tapentadol",
	"Z79810": "tamoxifen raloxifene evista",
	"Z79811": "anastrozole letrozole exemestane arimidex femara aromasin",
	"Z7983":  "alendronate risedronate ibandronate fosamax actonel boniva",
	"Z79631": "methotrexate",
	"Z79621": "tacrolimus cyclosporine prograf",
	"Z79623": "sirolimus everolimus",
	"Z79624": "mycophenolate azathioprine cellcept imuran",
	"Z79622": "tofacitinib baricitinib upadacitinib ruxolitinib xeljanz olumiant rinvoq",
})

// byWord maps each word of the lists of words onto their code.
func byWord(words map[string]string) map[string]string {
	out := map[string]string{}
	for code, ws := range words {
		for _, w := range strings.Fields(ws) {
			out[w] = code
		}
	}
	return out
}

// newDrug words before a medicine say it starts now, not that it is in
// long-term use.
var newDrug = map[string]bool{"start": true, "starting": true, "started": true, "begin": true, "initiate": true,
	"initiated": true, "trial": true, "placed": true}

// onceBefore words before a medicine, in its phrase, say a dose given here
// ("given aspirin", "IV methylprednisolone", "pulses of
// methylprednisolone") or that it stops ("hold metformin"); onceAfter
// words after it, in its phrase, a dose given, a short course or its harm
// ("aspirin 325 mg given", "prednisone taper", "ibuprofen 400 mg every 6
// hours as needed", "digoxin toxicity", "prednisone 1 mg/kg/day was
// initiated", "for five days"): not long-term use.
var (
	onceBefore = map[string]bool{"given": true, "received": true, "administered": true, "iv": true,
		"intravenous": true, "stress": true, "loading": true, "bolus": true, "pulse": true, "pulses": true,
		"stop": true, "stopped": true, "stopping": true, "discontinue": true, "discontinued": true, "hold": true, "held": true, "holding": true}
	onceAfter = map[string]bool{"taper": true, "burst": true, "pulse": true, "pulses": true, "bolus": true,
		"prn": true, "needed": true, "iv": true, "intravenous": true, "intravenously": true, "given": true,
		"administered": true, "received": true, "stat": true, "once": true, "dosepak": true, "nebulizer": true,
		"nebulized": true, "toxicity": true, "overdose": true, "poisoning": true, "intoxication": true, "induced": true,
		"initiated": true, "started": true, "begun": true, "days": true, "stopped": true, "discontinued": true,
		"held": true, "suspended": true, "withdrawn": true}
)

// longTermSaid words before a medicine say the patient takes it ("on
// prednisone", "home aspirin", "continue apixaban", "chronic opioid").
var longTermSaid = map[string]bool{"on": true, "home": true, "chronic": true, "chronically": true, "long-term": true,
	"maintenance": true, "continue": true, "continued": true, "continues": true, "takes": true, "taking": true}

// oftenShort are the status codes of medicines as often given for a short
// course as taken for long (NSAIDs, opiate analgesics, systemic steroids):
// only a medication list, or a word that says the patient takes it, says
// long-term use.
var oftenShort = map[string]bool{"Z791": true, "Z79891": true, "Z7952": true}

// shortTerm reports a medicine at toks[i] its phrase (the words from the
// last punctuation before it to the first after it) says is given now or
// for a short course, or names as a cause.
func shortTerm(toks []token, i int) bool {
	for k := i - 1; k >= max(0, i-4) && toks[k].punct == 0; k-- {
		if onceBefore[toks[k].raw] || newDrug[toks[k].raw] {
			return true
		}
	}
	if i >= 2 && (toks[i-1].raw == "to" && (toks[i-2].raw == "due" || toks[i-2].raw == "secondary") || toks[i-1].raw == "by" && toks[i-2].raw == "caused") {
		return true // "delirium secondary to hydromorphone": the drug's effect, not its use
	}
	for k := i; k < min(i+10, len(toks)) && (k == i || toks[k-1].punct == 0); k++ {
		if k > i && onceAfter[toks[k].raw] {
			return true
		}
	}
	return false
}

// takenSaid reports words before the medicine at toks[i], in its phrase,
// that say the patient takes it ("on", "home", "continue").
func takenSaid(toks []token, i int) bool {
	for k := i - 1; k >= max(0, i-3) && toks[k].punct == 0; k-- {
		if longTermSaid[toks[k].raw] {
			// Not an instruction's "while taking" ("monitor for black
			// stools while taking ibuprofen"), nor a use that stopped
			// ("she had been taking ibuprofen for 3 weeks").
			return !(toks[k].raw == "taking" && k > 0 && (toks[k-1].raw == "while" || toks[k-1].raw == "been" && k > 1 && toks[k-2].raw == "had"))
		}
	}
	return false
}

// treatedWith returns where "treated with" starts before a medicine at
// toks[i], in a list after a condition ("diabetes mellitus treated with
// irbesartan and metformin"), or -1; not "the patient was treated with",
// which tells of the stay's treatment.
func treatedWith(toks []token, i int) int {
	for k := i - 2; k >= max(1, i-8); k-- {
		if toks[k].raw == "treated" && toks[k+1].raw == "with" {
			switch toks[k-1].raw {
			case "was", "were", "is", "are", "been", "being", "be", "then", "successfully", "initially":
				return -1
			}
			return k
		}
	}
	return -1
}

// drugRule is the rule of a long-term drug therapy status code.
const drugRule = "status code for current drug therapy"

// lifelongTreated reports a medicine at toks[i] "treated with" after a
// lifelong condition, the last finding of ms before "treated": the
// condition's standing treatment ("a history of diabetes treated with
// metformin"), not a past one's ("DVT treated with warfarin").
func lifelongTreated(ms []mention, s *sentence, i int) bool {
	k := treatedWith(s.toks, i)
	if k < 0 {
		return false
	}
	at := s.toks[k].start
	for j := len(ms) - 1; j >= 0; j-- {
		m := ms[j]
		if m.sys != app.ICD10CM || m.tail || m.ev.Page != s.page || m.ev.Start < s.toks[0].start || m.ev.End > at {
			continue
		}
		return isLifelong(m.code)
	}
	return false
}

// drugIn is the medicine a word names: the drug's own name, or insulin's
// in "insulin-dependent", "insulin-requiring" and "insulin-treated".
func drugIn(raw string) (string, bool) {
	if code, ok := longTermDrugs[raw]; ok {
		return code, true
	}
	if d, how, ok := strings.Cut(raw, "-"); ok && d == "insulin" &&
		(how == "dependent" || how == "requiring" || how == "treated") {
		return longTermDrugs[d], true
	}
	return "", false
}

// drugs adds the long-term drug therapy status codes for medicines the
// sentence says the patient takes. In a hospital stay or an emergency
// department a medicine named is most often treatment given there, and NSAIDs, opiates and systemic
// steroids are often a short course anywhere: for those only a medication
// list's, one the sentence says the patient is on, or a lifelong
// condition's standing treatment is.
func (e *Engine) drugs(s *sentence, text string, a asserted, setting app.EncounterType, fy int, ms []mention) []mention {
	for i, t := range s.toks {
		code, ok := drugIn(t.raw)
		if !ok || shortTerm(s.toks, i) || i > 0 && s.toks[i-1].raw == "non" {
			continue
		}
		if a.kind[i] != Present && !(a.kind[i] == History && datingCues[a.cue[i]] && lifelongTreated(ms, s, i)) {
			// "A history of diabetes treated with metformin": the
			// lasting condition's standing treatment is current too.
			continue
		}
		listed := s.sec == Medications || s.sec == PastHistory
		if (setting == app.Inpatient || setting == app.Emergency || oftenShort[code]) && !listed && !takenSaid(s.toks, i) && !lifelongTreated(ms, s, i) {
			continue
		}
		c := e.set.Lookup(app.ICD10CM, code)
		if c == nil || !c.Billable.Has(fy) {
			code = "Z79899"
			if c = e.set.Lookup(app.ICD10CM, code); c == nil || !c.Billable.Has(fy) {
				continue
			}
		}
		ms = append(ms, mention{sys: app.ICD10CM, code: code, complete: true, title: c.TitleIn(fy).Long,
			why: "long-term (current) drug therapy: " + t.raw, conf: 0.8, sec: s.sec, assertion: Present,
			ev: Evidence{Page: s.page, Start: t.start, End: t.end, Text: text[t.start:t.end]}, rule: drugRule})
	}
	return ms
}

// integral lists, for symptom categories, the definitive diagnoses they
// are routinely part of (§I.B.5): a symptom is not coded beside them.
var integral = []integralSet{
	{symptoms: []string{"R05", "R06", "R09", "R91", "R04", "R07.1", "R07.8"}, dx: []string{"J", "A15", "A37", "U07"}},
	{symptoms: []string{"R50", "R68.83"}, dx: []string{"A", "B", "J0", "J1", "J20", "J21", "J22", "J36", "J39.0", "J85", "J86", "N10", "N30.0", "N39.0", "K35", "K57.2", "K57.3", "K65", "K81.0", "K85", "L02", "L03", "G00", "G01", "G02", "G03", "G04", "I33", "M86", "U07"}},
	{symptoms: []string{"R10", "R11", "R19.7", "R14"}, dx: []string{"K35", "K36", "K37", "K57", "K80", "K81", "K85", "K25", "K26", "K27", "K29", "K50", "K51", "K52", "K56", "A08", "A09", "A04", "N20", "N13.2", "N23", "O00"}},
	{symptoms: []string{"R07"}, dx: []string{"I20", "I21", "I22", "I24", "I25.1"}},
	{symptoms: []string{"R60"}, dx: []string{"I50", "I11.0", "I13.0", "I13.2", "N04"}},
	{symptoms: []string{"R73", "R35", "R63.1"}, dx: []string{"E08", "E09", "E10", "E11", "E13"}},
	{symptoms: []string{"R51"}, dx: []string{"G43", "G44"}},
	// A migraine's nausea and light sensitivity; a concussion's or another
	// brain injury's headache, nausea, dizziness, light sensitivity and
	// poor concentration.
	{symptoms: []string{"R11", "H53.14"}, dx: []string{"G43"}},
	{symptoms: []string{"R51", "R11", "R42", "H53.14", "R41.84", "R41.0"}, dx: []string{"S06"}, acute: true},
	// A withdrawal's tremor, sweating, nausea, anxiety, sleeplessness,
	// poor appetite and racing heart (alcohol's F10.x3-, and the other
	// substances' withdrawal codes).
	{symptoms: []string{"R25.1", "R61", "R11", "F41.9", "G47.0", "R63.0", "R00.0", "R45.1", "R45.0"},
		dx: []string{"F10.13", "F10.23", "F10.93", "F11.13", "F11.23", "F11.93", "F13.13", "F13.23", "F13.93", "F14.23", "F15.23", "F19.13", "F19.23", "F19.93"}},
	// A depression's loss of pleasure and low mood; an anxiety disorder's
	// worry and restlessness.
	{symptoms: []string{"R45.84", "R45.2", "R45.3"}, dx: []string{"F32", "F33", "F34.1"}},
	{symptoms: []string{"R45.82", "R45.1", "R45.0", "R45.7"}, dx: []string{"F41"}},
	// A heart failure's breathlessness and the weight its fluid adds.
	{symptoms: []string{"R06.0", "R63.5"}, dx: []string{"I50", "I11.0", "I13.0", "I13.2"}},
	// A pyelonephritis's flank pain and nausea.
	{symptoms: []string{"R10", "R11"}, dx: []string{"N10"}},
	// An injury's pain, swelling and deformity where it is ("right wrist
	// pain", "deformity of the right wrist" beside the fracture of the
	// right radius; not another region's).
	{symptoms: []string{"M25.5", "M79.6", "R60.0", "R60.9", "M21.9", "R22"}, dx: []string{"S"}, region: true, injury: true, acute: true},
	{symptoms: []string{"R30", "R35", "R39.1"}, dx: []string{"N30", "N39.0", "N41"}},
	{symptoms: []string{"R31"}, dx: []string{"N20", "N21", "N13.2"}},
	// An elevated reading is the hypertension the note diagnoses.
	{symptoms: []string{"R03.0"}, dx: []string{"I10", "I11", "I12", "I13", "I15", "I16", "I1A", "O10", "O11", "O13", "O16"}},
	// A joint's pain is its arthritis's ("hand pain" beside
	// "osteoarthritis of both hands"), not another joint's.
	{symptoms: []string{"M25.5", "M79.6"}, dx: []string{"M05", "M06", "M08", "M10", "M1A", "M15", "M16", "M17", "M18", "M19"}, site: true},
	// A cellulitis's or an abscess's pain, swelling and redness, where it
	// is ("redness and swelling of the left forearm" beside cellulitis of
	// the left upper limb; not "swelling of both legs" beside a cellulitis
	// of the hand).
	{symptoms: []string{"M79.6", "M79.89", "R60.0", "R60.9", "R22", "R23.8", "L53.9"}, dx: []string{"L02", "L03"}, region: true},
}

// integralSet is symptoms integral to diagnoses (integral).
type integralSet struct {
	symptoms []string // category prefixes
	dx       []string // code prefixes of the diagnoses
	// site asks the diagnosis's title to name a joint of the symptom's.
	site bool
	// region asks the symptom's words (its title's and the note's) to
	// name no other region of the body, nor another side, than the
	// diagnosis's title.
	region bool
	// injury asks a site the symptom's words name to be one of the
	// injury's (injurySites): a wrist's pain beside a fracture of the
	// lower end of the radius, not a knee's.
	injury bool
	// acute leaves out a symptom the note calls chronic or persistent
	// ("TBI with chronic headaches": a post-traumatic headache of its
	// own).
	acute bool
}

// group is the mentions of one code.
type group struct {
	m        mention // the best mention
	proposed bool
	tail     bool // less certain candidates only
	score    float64
	n        int
	ev       []Evidence
	reason   string
}

// key identifies a suggestion: system and canonical code.
type key struct {
	sys  app.System
	code string
}

// assemble merges the mentions into suggestions: one per code with every
// piece of evidence, the assertion rules of the setting, the personal and
// family history codes, the combination codes, and the symptoms integral
// to a proposed diagnosis left out.
func (e *Engine) assemble(ms []mention, sents []span, setting app.EncounterType, fy int) []Suggestion {
	if slices.ContainsFunc(ms, func(m mention) bool {
		return m.sys == app.ICD10CM && !m.tail && m.assertion == Present && strings.HasPrefix(m.code, "E10")
	}) {
		// Type 1 diabetes is treated with insulin by definition: E10 has
		// no "use additional code" note for Z79.4, and it is not coded
		// beside it.
		ms = slices.DeleteFunc(slices.Clone(ms), func(m mention) bool { return m.code == "Z794" && m.rule == drugRule })
	}
	// The history codes are looked up in parallel, each into its slot.
	hist := make([]*mention, len(ms))
	inParallel(len(ms), nil, func(i int) {
		m := ms[i]
		if m.tail {
			return // a less certain candidate gives no history code
		}
		var z mention
		ok := false
		switch {
		case m.sys == app.ICD10CM && m.assertion == History && m.code == "Z227":
			// A latent tuberculosis treated has its own personal history
			// (Z86.15).
			z, ok = e.historyCode(m, fy, "personal history of ", "Z86")
		case m.sys == app.ICD10CM && m.assertion == History && m.code[0] == 'Z':
			// A status or history code a convention gave, or the lookup
			// found ("cataract extraction status"), is its own (pastCode);
			// a status the note says is over ("former wheelchair
			// dependence") has no history code.
		case m.sys == app.ICD10CM && m.assertion == History:
			// Z80–Z84 are family history: not a personal history code.
			z, ok = e.historyCode(m, fy, "personal history of ", "Z85", "Z86", "Z87", "Z9")
		case m.sys == app.ICD10CM && m.assertion == Family && !strings.HasPrefix(m.rule, codeFirstRule):
			// (A manifestation's family history is its etiology's.)
			z, ok = e.historyCode(m, fy, "family history of ", "Z80", "Z81", "Z82", "Z83", "Z84")
		case m.sys == app.ICD10CM && m.assertion == Present && m.pastYear != "" && episodic(m.code):
			// "PMH: Kidney stone 2010", "DVT (2018)": an episode a past
			// history dates is over, its personal history code when
			// the Index has one (Z87.442, Z86.718); a chronic
			// condition it dates the start of stays ("Diabetes 2010",
			// "HIV 2005", "Breast cancer 2015, on tamoxifen").
			if z, ok = e.historyCode(m, fy, "personal history of ", "Z85", "Z86", "Z87", "Z9"); ok {
				ms[i].assertion, ms[i].cue = History, m.pastYear
				z.assertion, z.cue = History, m.pastYear
			}
		}
		if ok {
			hist[i] = &z
		}
	})
	over := map[string]bool{} // the categories of dated episodes now past
	for _, m := range ms {
		if !m.tail && m.pastYear != "" && m.assertion == History {
			over[m.pastYear+" "+m.code[:min(3, len(m.code))]] = true
		}
	}
	for i, m := range ms {
		if m.tail && m.pastYear != "" && m.assertion == Present && over[m.pastYear+" "+m.code[:min(3, len(m.code))]] {
			ms[i].assertion, ms[i].cue = History, m.pastYear // its runners-up too
		}
	}
	for _, z := range hist {
		if z != nil {
			ms = append(ms, *z)
		}
	}

	groups := map[key]*group{}
	var order []key
	for _, m := range ms {
		proposed, reason := e.judge(m, setting)
		if m.tail {
			if !proposed {
				continue // a negated or past finding gives no candidates
			}
			proposed, reason = false, "less certain: "+reason
		}
		sc := weight[m.sec] * m.conf
		k := key{m.sys, m.code}
		g := groups[k]
		r := rankOf(proposed, m.tail)
		switch {
		case g == nil:
			g = &group{m: m, proposed: proposed, tail: m.tail, score: sc, reason: reason}
			groups[k] = g
			order = append(order, k)
		case r > rankOf(g.proposed, g.tail):
			// A present mention outweighs a negated or past one of the
			// same code, and both outweigh a less certain candidate: the
			// evidence is the stronger one's.
			*g = group{m: m, proposed: proposed, tail: m.tail, score: sc, reason: reason}
		case r == rankOf(g.proposed, g.tail):
			if sc > g.score {
				g.m, g.score, g.reason = m, sc, reason
			}
		default:
			continue
		}
		g.n++
		g.ev = append(g.ev, m.ev)
	}

	proposedNow := func() map[key]bool {
		present := map[key]bool{}
		for k, g := range groups {
			if g.proposed && k.sys == app.ICD10CM {
				present[k] = true
			}
		}
		return present
	}
	// A condition with the symptoms its sibling's note lists first; the
	// conventions' own rules then read what it made (I11.9 with I50.9 is
	// I11.0, which I13.0 beside CKD then drops).
	e.applyRules(groups, &order, e.withSymptomRules(proposedNow(), func(code string) bool {
		// "Benign prostatic hyperplasia without lower urinary tract
		// symptoms": the note says the code's "without" itself.
		g := groups[key{app.ICD10CM, code}]
		return g != nil && slices.ContainsFunc(g.ev, func(ev Evidence) bool {
			return slices.ContainsFunc(strings.FieldsFunc(strings.ToLower(ev.Text), func(r rune) bool { return strings.ContainsRune(" ,;:.()", r) }),
				func(w string) bool { return w == "without" || w == "w/o" || w == "no" })
		})
	}, func(a, b string) string {
		ga, gb := groups[key{app.ICD10CM, a}], groups[key{app.ICD10CM, b}]
		if ga == nil || gb == nil {
			return ""
		}
		for _, x := range ga.ev {
			for _, y := range gb.ev {
				if sameClause(sents, x, y) {
					return y.Text
				}
			}
		}
		return ""
	}, fy), fy)
	e.applyRules(groups, &order, e.combine(proposedNow(), fy), fy)

	weeksBesidePregnancy(groups)
	fallBesideInjury(groups)
	testResultBesideTest(groups)
	useBesideCondition(groups)
	weightBesideBMI(groups)
	e.excludes1Pairs(groups, fy)
	receptorsBesideCancer(groups)
	exposureBesideDisease(groups)
	var definitive []string
	for k, g := range groups {
		if g.proposed && k.sys == app.ICD10CM && !strings.HasPrefix(k.code, "R") && !g.m.dated {
			// (Not an episode dated weeks before: "MI 3 weeks ago, now
			// chest pain" has the chest pain of today.)
			definitive = append(definitive, terminology.Display(app.ICD10CM, k.code))
		}
	}
	// In code order, not the map's: the diagnosis a symptom is said to be
	// integral to is then the same on every run.
	sort.Strings(definitive)
	out := make([]Suggestion, 0, len(groups))
	for _, k := range order {
		g := groups[k]
		if g == nil {
			continue
		}
		if (g.proposed || g.tail) && k.sys == app.ICD10CM {
			if dx := e.integralTo(k.code, g.ev, definitive, fy, g.m.chronic); dx != "" && e.causeIs(g.m.cause, dx, fy) {
				if g.tail {
					// A less certain symptom integral to a proposed
					// diagnosis is neither candidate nor worth listing.
					delete(groups, k)
					continue
				}
				// Listed, not proposed, so the coder sees why (§I.B.5).
				g.proposed, g.m.assertion = false, Integral
				g.reason = "not coded separately: a symptom integral to " + dx + " (§I.B.5); " + g.reason
			}
		}
		sc := g.score + 0.15*math.Min(float64(g.n-1), 3)
		switch {
		case g.tail:
			sc *= tailWeight
		case !g.proposed:
			sc *= 0.1
		}
		sortEvidence(g.ev)
		out = append(out, Suggestion{System: k.sys, Code: terminology.Display(k.sys, k.code), Title: g.m.title,
			Score: math.Round(sc*1000) / 1000, Assertion: g.m.assertion, Reason: g.reason, Evidence: g.ev,
			Proposed: g.proposed, LessCertain: g.tail, Complete: g.m.complete, Units: g.m.units})
		delete(groups, k) // one suggestion per code even if order holds it twice
	}
	e.additionalAfter(out, fy)
	out = e.trimesterFromWeeks(out, fy)
	out = e.demoteUnspecified(out, fy)
	out = demoteSiteless(out)
	out = demoteSubsumed(out)
	out = e.unspecifiedSiblings(out, fy)
	sortSuggestions(out)
	return out
}

// rankOf orders what a code's mentions make of it: proposed, listed as
// not proposed (negated, past), less certain.
func rankOf(proposed, tail bool) int {
	switch {
	case proposed:
		return 2
	case tail:
		return 0
	}
	return 1
}

// judge decides whether a mention is proposed and says why.
func (e *Engine) judge(m mention, setting app.EncounterType) (bool, string) {
	why := m.why
	if m.rule != "" {
		why = m.rule + ": " + why
	}
	switch m.assertion {
	case Negated:
		return false, fmt.Sprintf("negated (%q): %s", m.cue, why)
	case Uncertain:
		if m.planned && m.sys == app.ICD10CM {
			switch m.maybe {
			case prevented:
				return false, fmt.Sprintf("prevented (%q): a prophylaxis, not a condition the patient has: %s", m.cue, why)
			case mayCome:
				return false, fmt.Sprintf("may come (%q): what to do if it comes, not documented as present: %s", m.cue, why)
			}
			return false, fmt.Sprintf("to come (%q): the reason of a later encounter: %s", m.cue, why)
		}
		if m.planned {
			// §II.H is for diagnoses: a procedure is coded when done.
			return false, fmt.Sprintf("to come (%q): a procedure is coded when it is done: %s", m.cue, why)
		}
		if setting == app.Inpatient {
			return true, fmt.Sprintf("uncertain (%q), coded as if established in inpatient care (§II.H): %s", m.cue, why)
		}
		return false, fmt.Sprintf("uncertain (%q): outside inpatient care the symptoms are coded instead (§IV.H): %s", m.cue, why)
	case History, Family:
		if m.rule != "" && !strings.HasPrefix(m.rule, additionalRule) && !strings.HasPrefix(m.rule, codeFirstRule) || pastCode(m) {
			// A status or history code a convention gives; not the code
			// a past condition's "use additional code" note adds (the E.
			// coli of a past urinary tract infection), nor the
			// manifestation of a relative's or a past etiology (a
			// mother's Alzheimer disease is no dementia, F02.80, of the
			// patient's).
			return true, why
		}
		return false, fmt.Sprintf("%s (%q): not an active condition: %s", m.assertion, m.cue, why)
	}
	return true, why
}

// oneKind reports a category or block title that names one kind of
// condition: not "Other ...", "... unspecified" or "A and B".
func oneKind(title string) bool {
	return !strings.HasPrefix(title, "Other") && !strings.Contains(title, "nspecified") && !strings.Contains(title, " and ")
}

// kindOfDisease reports a block title that names a kind of disease
// ("Ischemic heart diseases"), not a condition whose own title says more
// ("Nutritional anemias": an iron deficiency anemia's history is a
// blood disease's, Z86.2, not a nutritional one's).
func kindOfDisease(title string) bool {
	ws := strings.Fields(strings.ToLower(strings.TrimSpace(title)))
	return len(ws) > 0 && (ws[len(ws)-1] == "diseases" || ws[len(ws)-1] == "disorders")
}

// conditionWords is what a title names, before a comma or a "without":
// what the condition is without is not its history ("osteoporosis
// without current pathological fracture" has no fracture's).
func conditionWords(title string) string {
	if i := strings.IndexByte(title, ','); i > 0 {
		title = title[:i]
	}
	if i := strings.Index(title, " without "); i > 0 {
		title = title[:i]
	}
	return title
}

// halfOfTwo reports a history entry whose last level is two words of
// which the condition says one that is not a generic noun: the other word
// names another condition ("wheelchair dependence" is no "alcohol
// dependence", "alcoholic hepatitis" no "alcohol dependence"), while
// autism is a "psychiatric disorder".
func halfOfTwo(h search.Hit, said string) bool {
	why := indexPath(h.Why)
	if why == "" {
		return false
	}
	levels := strings.Split(withoutParens(why), " > ")
	have := search.StrongWords(said)
	var n, hit int
	generic := false
	for _, w := range search.StrongWords(levels[len(levels)-1]) {
		if historyWords[w] || filler[w] {
			continue
		}
		n++
		if rootMatch(w, have) {
			hit++
			generic = generic || w == search.Word("disorder") || w == search.Word("disease")
		}
	}
	return n == 2 && hit == 1 && !generic
}

// genericLevels are Index levels under "History" that name no condition.
var genericLevels = map[string]bool{"disease or disorder": true, "surgery NEC": true, "surgery": true}

// pastCode reports a code that itself says what a past or family
// mention does: for a past one, a personal history code (Z85–Z88, Z91,
// Z92), or a status code (Z89, Z90, Z93–Z99) when the note says the
// operation is past ("status post cataract extraction", a surgical
// history), not that the state has ended ("former wheelchair
// dependence"); for a family one, a family history code (Z80–Z84).
func pastCode(m mention) bool {
	if m.sys != app.ICD10CM || len(m.code) < 3 || m.code[0] != 'Z' {
		return false
	}
	switch cat := m.code[:3]; m.assertion {
	case History:
		if cat >= "Z85" && cat <= "Z88" || cat == "Z91" || cat == "Z92" {
			return true
		}
		return cat >= "Z89" && statusCues[m.cue]
	case Family:
		return cat >= "Z80" && cat <= "Z84"
	}
	return false
}

// mainTerm is the first level of a hit's Index path, or "".
func mainTerm(why string) string {
	first, _, _ := strings.Cut(indexPath(why), " > ")
	return first
}

// statusCues are the history cues that leave a status: the operation is
// past, what it left is present.
var statusCues = map[string]bool{"status post": true, "s/p": true, "surgical history": true, "history of": true}

// historyCode finds the personal or family history code for a past or
// family condition: the Index's "History, personal (of)" or "History,
// family (of)" entry for the condition's title or the note's words.
func (e *Engine) historyCode(m mention, fy int, lead string, prefixes ...string) (mention, bool) {
	if m.sys != app.ICD10CM {
		return mention{}, false
	}
	t := conditionWords(m.title)
	said := t + " " + m.query
	own := t // the condition's own words, not the note's (for a class: NEC below)
	if strings.HasPrefix(m.code, "F17") {
		// Nicotine is tobacco's (Index: Tobacco (nicotine)): a smoker's
		// family history is of tobacco dependence (Z81.2).
		said += " tobacco"
	}
	queries := []string{lead + t, lead + m.query}
	class := "" // the condition's chapter title
	if c := e.set.Lookup(app.ICD10CM, m.code[:min(3, len(m.code))]); c != nil {
		// The category and its block name the kind: coronary artery
		// disease is a chronic ischemic heart disease, a myocardial
		// infarction one of the ischemic heart diseases (I20-I25), and
		// their family history "History, family, ischemic heart disease"
		// (Z82.49).
		// Not a title of several kinds ("Influenza and pneumonia": an
		// influenza has no history of pneumonia), nor an "other" one.
		if ct := conditionWords(c.TitleIn(fy).Long); oneKind(ct) {
			said += " " + ct
			own += " " + ct
		}
		if b := e.set.Section(c.Section); b != nil && oneKind(withoutParens(b.Title)) && kindOfDisease(withoutParens(b.Title)) {
			said += " " + withoutParens(b.Title)
			queries = append(queries, lead+withoutParens(b.Title))
		}
		if b := e.set.Section(c.Section); b != nil {
			if ch := e.set.Chapter(b.Chapter); ch != nil {
				class = withoutParens(ch.Title)
			}
		}
	}
	if lead == "family history of " {
		if z, ok := e.classifiableHistory(m, fy); ok {
			return z, true
		}
	}
	if lead == "personal history of " {
		if z, ok := e.inRemission(m, fy); ok {
			return z, true
		}
		if k := historyKind(m); k != "" {
			// What the Index's "History, personal" entry calls the
			// condition's kind, tried last: a concussion is a brain
			// injury (traumatic), sepsis an infection NEC.
			said += " " + k
			queries = append(queries, lead+k)
		}
	}
	for _, q := range queries {
		for _, h := range e.search(app.ICD10CM, fy, q, 5) {
			code := h.Concept.Code
			// The Index's own "History, personal (of)" or "History,
			// family (of)" entry may lead outside the Z codes: "History,
			// personal, myocardial infarction (old)" is I25.2.
			// So may the "personal history (of)" subterm of the main term
			// the condition was read from ("Thrombosis > personal
			// history (of)": Z86.718).
			kind := strings.TrimSpace(strings.TrimSuffix(lead, "history of "))
			reason, why := h.Why, strings.ToLower(h.Why)
			ok := strings.HasPrefix(why, "index: history > "+kind)
			if i := strings.Index(why, " > "+kind+" history"); i > 0 && len(why) == len(h.Why) && !ok && mainTerm(h.Why) != "" && mainTerm(h.Why) == mainTerm(m.why) {
				// The main term the condition was read from, and the
				// condition's words are what the note must say.
				ok = true
				h.Why = h.Why[:i]
			}
			for _, p := range prefixes {
				if strings.HasPrefix(code, p) {
					ok = true
				}
			}
			// The condition names the entry, or says the whole of it;
			// and says at least half of it.
			title := h.Concept.TitleIn(fy).Long
			if strings.HasPrefix(code, "Z877") && m.code[0] != 'Q' {
				// (Codes are kept undotted.) A corrected congenital
				// malformation's history is for a congenital condition:
				// an inguinal hernia's is not the diaphragmatic hernia's
				// (Z87.760).
				continue
			}
			said := said
			if path := indexPath(h.Why); strings.HasSuffix(path, " NEC") {
				// An entry "NEC" is for a class, which the condition or
				// its chapter must say whole: autism is a mental and
				// behavioral disorder ("History, family, disease or
				// disorder, behavioral NEC": Z81.8); a chronic
				// obstructive pulmonary disease is no "chronic, disabling
				// disease NEC".
				said += " " + class
				last := path
				if i := strings.LastIndex(path, " > "); i >= 0 {
					last = path[i+len(" > "):]
				}
				// The class is the condition's by its own words or its
				// chapter, not by the note's other words ("surgery NEC"
				// is no history of an intellectual disability the note
				// tells of beside a surgery); an infection's is the
				// infections' whatever organ its title names
				// ("Respiratory tuberculosis": Z83.1, not Z83.6).
				of := own + " " + class
				if m.code[0] == 'A' || m.code[0] == 'B' {
					of = class
				}
				if ws := slices.DeleteFunc(classWords(withoutParens(last)), kindNoun); len(ws) > 0 && !partSaid(strings.Join(ws, " "), of, 1) {
					continue
				}
			}
			if !ok || !(e.names(h, fy, t) || entrySaid(h, title, said, 1)) || !entrySaid(h, title, said, 0.5) || halfOfTwo(h, said) {
				continue
			}
			z := m
			z.code, z.title, z.why, z.query = code, h.Concept.TitleIn(fy).Long, reason, q
			z.rule = strings.TrimSpace(lead) + " " + terminology.Display(app.ICD10CM, m.code)
			z.conf = m.conf * 0.9
			return z, true
		}
	}
	if lead == "family history of " {
		// Not a personal history: what the Index has no history entry
		// for is mostly a chronic condition the patient still has
		// ("history of cardiomyopathy", "of obesity"), its own code
		// the coder's.
		return e.classHistory(m, fy, lead, class, prefixes)
	}
	return mention{}, false
}

// episodic reports a condition (its code canonical) that comes as an
// episode that ends: calculi and colic, venous thromboembolism, a
// myocardial infarction, a stroke or TIA, pneumonia, an injury, a
// urinary tract infection or pyelonephritis, pancreatitis, cellulitis,
// sepsis, C. difficile, preeclampsia, gestational diabetes, anaphylaxis,
// appendicitis, a colon polyp (removed). Not a chronic disease or a cancer, which a past history
// dates the start of.
func episodic(code string) bool {
	if code != "" && (code[0] == 'S' || code[0] == 'T' && code < "T79") {
		return true
	}
	for _, p := range []string{"N20", "N21", "N22", "N23", "I80", "I81", "I82", "I26", "I21", "I22", "I63", "G45",
		"J12", "J13", "J14", "J15", "J16", "J17", "J18", "N390", "K85", "L03", "A40", "A41", "A047", "O14", "O244",
		"T782", "K35", "K36", "K37", "N10", "N12", "K635", "K621", "D12"} {
		if strings.HasPrefix(code, p) {
			return true
		}
	}
	return false
}

// historyKind returns the words of the Index's "History, personal (of)"
// entry for the kind of condition m is, when its own words name none:
// an intracranial injury (S06) is a traumatic brain injury (Z87.820), a
// STEMI a myocardial infarction (I25.2), a DVT of a side a venous
// thrombosis (Z86.718), an
// injury's fracture a traumatic one (Z87.81), an infectious disease of
// chapter 1 an infection (NEC: Z86.19; the entries for its own kind,
// tuberculosis or MRSA, are found first), not HIV disease; "" for the
// others.
func historyKind(m mention) string {
	switch c := m.code; {
	case strings.HasPrefix(c, "S06"):
		return "traumatic brain injury"
	case strings.HasPrefix(c, "I21") || strings.HasPrefix(c, "I22"):
		return "myocardial infarction" // a STEMI's title says it otherwise: I25.2
	case strings.HasPrefix(c, "I80") || strings.HasPrefix(c, "I82"):
		return "venous thrombosis" // a sided DVT's title: Z86.718
	case (c[0] == 'S' || c[0] == 'T') && strings.Contains(strings.ToLower(m.title), "fracture"):
		return "traumatic fracture"
	case (c[0] == 'A' || c[0] == 'B') && !strings.HasPrefix(c, "B20"):
		return "infection" // not HIV disease, which stays
	case strings.HasPrefix(c, "N10") || strings.HasPrefix(c, "N12") || strings.HasPrefix(c, "N300") || strings.HasPrefix(c, "N390"):
		return "urinary tract infection" // a pyelonephritis: Z87.440
	case strings.HasPrefix(c, "K635") || strings.HasPrefix(c, "D12"):
		return "colonic polyps" // Z86.010-
	}
	return ""
}

// inRemission is the history of a substance's abuse, dependence or use
// (F10–F19, not nicotine's): the same disorder in remission ("history
// of alcohol abuse": F10.11; History, personal, alcohol dependence:
// F10.21; drug dependence — see Dependence, drug, by type, in
// remission), not a personal history Z code (§I.C.5.b.1).
func (e *Engine) inRemission(m mention, fy int) (mention, bool) {
	c := m.code // canonical: "F1010"
	if len(c) != 5 || c[:2] != "F1" || c[:3] == "F17" || c[4] != '0' || !strings.ContainsRune("129", rune(c[3])) {
		return mention{}, false
	}
	r := e.set.Lookup(app.ICD10CM, c[:4]+"1")
	if r == nil || !r.Valid.Has(fy) {
		return mention{}, false
	}
	z := m
	z.code, z.title = r.Code, r.TitleIn(fy).Long
	z.rule = "personal history of " + terminology.Display(app.ICD10CM, m.code) + ": in remission (§I.C.5.b.1)"
	z.conf = m.conf * 0.9
	return z, true
}

// classifiableHistory is the family history code of a malignant
// neoplasm whose inclusion term names the condition's code ("Family
// history of malignant neoplasm of digestive organs: Conditions
// classifiable to C15-C26" for colon cancer, C18.9: Z80.0), the narrowest
// range of those billable in fy. The search, reading "colon" in no title,
// could not tell the digestive organs' code from the ovary's.
func (e *Engine) classifiableHistory(m mention, fy int) (mention, bool) {
	if m.code == "" || m.code[0] != 'C' {
		return mention{}, false
	}
	var best *terminology.Concept
	width := 0
	for r := range e.set.RowsWithPrefix(app.ICD10CM, "Z80") {
		if !r.Billable().Has(fy) {
			continue
		}
		c := r.Concept()
		if c == nil {
			continue
		}
		for _, n := range c.Notes {
			if n.Kind != terminology.InclusionTerm {
				continue
			}
			for _, t := range n.Texts {
				if !strings.Contains(strings.ToLower(t), "classifiable to") {
					continue
				}
				for _, ref := range edits.ParseRefs(t) {
					if !ref.Match(m.code) {
						continue
					}
					if w := refWidth(ref); best == nil || w < width {
						best, width = c, w
					}
				}
			}
		}
	}
	if best == nil {
		return mention{}, false
	}
	z := m
	z.code, z.title, z.query = best.Code, best.TitleIn(fy).Long, m.query
	z.why = "tabular: " + terminology.Display(app.ICD10CM, best.Code) + " includes conditions classifiable to " + terminology.Display(app.ICD10CM, m.code)
	z.rule = "family history of " + terminology.Display(app.ICD10CM, m.code)
	z.conf = m.conf * 0.9
	return z, true
}

// refWidth is how many categories a reference's range spans ("C15-C26":
// 12; "C56": 1), to prefer the narrowest.
func refWidth(r edits.Ref) int {
	if len(r.Lo) < 3 || len(r.Hi) < 3 || r.Lo[0] != r.Hi[0] {
		return 1000
	}
	lo, err1 := strconv.Atoi(r.Lo[1:3])
	hi, err2 := strconv.Atoi(r.Hi[1:3])
	if err1 != nil || err2 != nil {
		return 1000
	}
	return hi - lo + 1
}

// classHistory is the family history code for a condition the Index has
// no history entry for: the Tabular List's code for the condition's chapter,
// whose title names the chapter's class — "Family history of diseases of
// the skin and subcutaneous tissue" (Z84.0) for psoriasis, "Family history
// of epilepsy and other diseases of the nervous system" (Z82.0) for
// Parkinson disease, "... of other mental and behavioral disorders" (Z81.8)
// for schizophrenia.
func (e *Engine) classHistory(m mention, fy int, lead, class string, prefixes []string) (mention, bool) {
	cw := classWords(class)
	if len(cw) < 2 {
		return mention{}, false
	}
	q := lead + class
	for _, h := range e.search(app.ICD10CM, fy, q, 5) {
		title := h.Concept.TitleIn(fy).Long
		_, rest, ok := strings.Cut(title, " history of ")
		if !ok || !strings.HasPrefix(strings.ToLower(title), lead) || !slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(h.Concept.Code, p) }) {
			continue
		}
		// The title says the whole class, or names nothing but it.
		rw := classWords(rest)
		if !(isSubset(cw, rw) || len(rw) >= 2 && isSubset(rw, cw)) {
			continue
		}
		z := m
		z.code, z.title, z.why, z.query = h.Concept.Code, title, "the chapter's class ("+class+"): "+h.Why, q
		z.rule = strings.TrimSpace(lead) + " " + terminology.Display(app.ICD10CM, m.code)
		z.conf = m.conf * 0.9
		return z, true
	}
	return mention{}, false
}

// kindNoun reports the nouns a class entry ends in ("respiratory
// condition", "disabling disease"), which say no class.
func kindNoun(w string) bool { return kindNouns[w] }

var kindNouns = wordSet("disease disorder condition")

// classWords are the words of a chapter's or a history code's class: not
// filler ("other diseases of the nervous system": disease, nervous, system).
func classWords(s string) []string {
	return slices.DeleteFunc(search.ContentWords(s), func(w string) bool { return filler[w] })
}

// names reports whether a history code's Index path or title names the
// condition: at least half the words of the condition's title other than
// history words.
func (e *Engine) names(h search.Hit, fy int, condition string) bool {
	n, said := countSaid(condition, e.hitWords(h, fy))
	// Most of the condition's words: "ischemic" alone does not make a
	// history of a transient ischemic attack of one of ischemic heart
	// disease.
	return said > 0 && 2*said >= n
}

// hitWords are the words of what a hit's code is about: its title's, and
// its Index path's (a title hit's list is the query's words it matched,
// not what the code is about).
func (e *Engine) hitWords(h search.Hit, fy int) []string {
	words := search.StrongWords(h.Concept.TitleIn(fy).Long)
	if p := e.phraseOf(h, fy); !p.title {
		words = append(words, p.all...)
	}
	return words
}

// entrySaid reports whether the condition's words say most of what a
// history code's own Index entry or title names, so that "history of
// duodenal ulcer" does not take "History, personal, diabetic foot ulcer"
// for sharing the word ulcer: at least the part of the entry's words
// (other than history words and nonessential modifiers) that part asks.
func entrySaid(h search.Hit, title, said string, part float64) bool {
	if term, ok := strings.CutPrefix(h.Why, "inclusion term: "); ok {
		return partSaid(withoutParens(term), said, part)
	}
	// The entry, not the cross-reference it gives nor the words the
	// title met besides.
	why := indexPath(h.Why)
	if why == "" {
		return partSaid(withoutParens(title), said, part)
	}
	// The last level ("diabetic foot ulcer"), or the levels under
	// "History > personal (of)" together ("melanoma > skin").
	levels := strings.Split(withoutParens(why), " > ")
	under := slices.DeleteFunc(slices.Clone(levels[min(2, len(levels)-1):]), func(l string) bool {
		// "History, personal, disease or disorder (of), infectious"
		return genericLevels[strings.TrimSpace(l)]
	})
	all := strings.Join(under, " ")
	if !partSaid(levels[len(levels)-1], said, part) && !partSaid(all, said, part) {
		return false
	}
	// A status's kind is its second level: "Status, angioplasty, coronary
	// artery" (Z98.61) is not said by a coronary artery bypass.
	if strings.TrimSpace(levels[0]) == "Status" && len(levels) > 2 {
		if n, _ := countSaid(levels[1], nil); n > 0 && !partSaid(levels[1], said, min(part, 0.5)) {
			return false
		}
	}
	// A history entry's levels are half said together, its first in
	// part: "History, personal, fracture (healed), osteoporosis" is not
	// said by "osteoporosis".
	return levels[0] != "History" || len(under) == 0 || partSaid(all, said, min(part, 0.5)) && partSaid(under[0], said, min(part, 0.5))
}

// partSaid reports whether said holds at least the part of entry's words
// (other than history words and filler) that part asks, and one.
func partSaid(entry, said string, part float64) bool {
	// "Knee-joint implant": the knee and the joint.
	var words []string
	for _, f := range strings.Fields(entry) {
		if len(f) == 1 {
			if words == nil {
				words = search.Words(said)
			}
			if !slices.Contains(words, search.Word(f)) {
				return false // "Hepatitis > B" is not said by alcoholic hepatitis
			}
		}
	}
	n, hit := countSaid(strings.ReplaceAll(entry, "-", " "), search.StrongWords(said))
	return hit > 0 && float64(hit) >= part*float64(n)
}

// countSaid counts the words of text other than history words and filler,
// and those of them that have holds.
func countSaid(text string, have []string) (n, hit int) {
	for _, w := range search.StrongWords(text) {
		if historyWords[w] || filler[w] {
			continue
		}
		n++
		if rootMatch(w, have) {
			hit++
		}
	}
	return n, hit
}

var historyWords = map[string]bool{"history": true, "personal": true, "family": true, "status": true}

// applyRules applies the combination rules to the groups of codes: a
// rule's code added with the evidence of the codes it comes from (new ones
// at the end of order), the codes it drops dropped.
func (e *Engine) applyRules(groups map[key]*group, order *[]key, rules []rule, fy int) {
	for _, r := range rules {
		if r.drop != "" {
			if g := groups[key{app.ICD10CM, r.drop}]; g != nil && g.proposed {
				if r.add == "" {
					dropCode(groups, r)
					continue
				}
			}
		}
		if r.add != "" {
			c := e.set.Lookup(app.ICD10CM, r.add)
			if c == nil || !c.Billable.Has(fy) {
				continue
			}
			var ev []Evidence
			sc := 0.0
			for _, from := range r.from {
				if g := groups[key{app.ICD10CM, from}]; g != nil {
					ev = append(ev, g.ev...)
					sc = max(sc, g.score)
				}
			}
			k := key{app.ICD10CM, r.add}
			if g := groups[k]; g != nil && g.proposed {
				g.reason += "; " + r.why
			} else {
				groups[k] = &group{m: mention{sys: app.ICD10CM, code: r.add, complete: true, title: c.TitleIn(fy).Long, assertion: Present},
					proposed: true, score: sc, n: 1, ev: ev, reason: r.why}
				*order = append(*order, k)
			}
			if r.drop != "" {
				dropCode(groups, r)
			}
		}
	}
}

// rule is one combination convention applied: add a code, drop one, or
// both (a replacement).
type rule struct {
	add, drop string
	from      []string
	why       string
	// listed keeps the dropped code as a listed, not proposed, suggestion
	// (the coder sees where its words went).
	listed bool
}

// dropCode takes the code a rule drops out of the suggestions, or when
// the rule keeps it listed, out of the proposed ones.
func dropCode(groups map[key]*group, r rule) {
	k := key{app.ICD10CM, r.drop}
	g := groups[k]
	if g == nil {
		return
	}
	if !r.listed {
		delete(groups, k)
		return
	}
	g.proposed = false
	g.reason = "not proposed: " + r.why + "; " + g.reason
}

// additionalAfter scores a proposed code that another proposed code's
// "use additional code" note names below that code (§I.A.13), whichever
// words gave it: the site of a diabetic ulcer (L97.-) after E11.621, the
// organism (B96.20) after the urinary tract infection, alcohol
// dependence (F10.-) after alcoholic cirrhosis (K70.3-).
func (e *Engine) additionalAfter(out []Suggestion, fy int) {
	type pair struct{ main, add int }
	var pairs []pair
	for i, a := range out {
		if !a.Proposed || a.System != app.ICD10CM {
			continue
		}
		for n := range e.set.AllNotes(e.set.Lookup(app.ICD10CM, terminology.Canonical(a.Code))) {
			if n.Kind != terminology.UseAdditionalCode {
				continue
			}
			for _, t := range n.Texts {
				for _, r := range edits.ParseRefs(t) {
					for j, b := range out {
						if j != i && b.Proposed && b.System == app.ICD10CM && r.Match(terminology.Canonical(b.Code)) && !slices.Contains(pairs, pair{i, j}) {
							pairs = append(pairs, pair{i, j})
						}
					}
				}
			}
		}
	}
	// A chain (A names B, B names C) settles in as many passes.
	for range 3 {
		for _, p := range pairs {
			if out[p.add].Score >= out[p.main].Score {
				out[p.add].Score = math.Round((out[p.main].Score-0.01)*1000) / 1000
			}
		}
	}
}

// bilateralRules: a condition coded for the right side and for the left
// whose category has a code for both takes that one (§I.B.13):
// "osteoarthritis of right knee and left knee" is M17.0, not M17.11 and
// M17.12. Where there is none ("pain in both knees") both stay.
func (e *Engine) bilateralRules(present map[key]bool, fy int) []rule {
	var out []rule
	var codes []string
	for k := range present {
		codes = append(codes, k.code)
	}
	sort.Strings(codes)
	for _, right := range codes {
		c := e.set.Lookup(app.ICD10CM, right)
		if c == nil || sideOf(c.TitleIn(fy).Long) != "right" {
			continue
		}
		title := strings.ToLower(c.TitleIn(fy).Long)
		leftTitle := strings.ReplaceAll(title, "right", "left")
		left := e.siblingTitled(right, fy, func(t string) bool { return t == leftTitle })
		if left == nil || !present[key{app.ICD10CM, left.Code}] {
			continue
		}
		want := bothSidesWords(title)
		for r := range e.set.RowsWithPrefix(app.ICD10CM, right[:3]) {
			if !r.Billable().Has(fy) {
				continue
			}
			b := r.Concept()
			if bt := b.TitleIn(fy).Long; !containsFold(bt, "bilateral") || !slices.Equal(bothSidesWords(strings.ToLower(bt)), want) {
				continue
			}
			why := "the same condition on both sides: the code for both (§I.B.13)"
			out = append(out, rule{add: b.Code, drop: right, from: []string{right, left.Code}, why: why}, rule{drop: left.Code, why: why})
			break
		}
	}
	return out
}

// bothSidesWords are a title's content words but its side's, sorted:
// "Unilateral primary osteoarthritis, right knee" and "Bilateral primary
// osteoarthritis of knee" say the same, as do "Age-related nuclear
// cataract, right eye" and "…, bilateral".
func bothSidesWords(title string) []string {
	var out []string
	for _, w := range search.ContentWords(title) {
		switch w {
		case search.Word("right"), search.Word("left"), search.Word("bilateral"), search.Word("unilateral"), search.Word("eye"), search.Word("ear"):
		default:
			out = append(out, w)
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
}

func firstWith(present map[key]bool, prefixes ...string) string {
	var codes []string
	for k := range present {
		for _, p := range prefixes {
			if strings.HasPrefix(k.code, p) {
				codes = append(codes, k.code)
			}
		}
	}
	sort.Strings(codes)
	if len(codes) == 0 {
		return ""
	}
	return codes[0]
}

// combine applies the combination conventions a coder applies to the
// proposed codes:
//   - diabetes with chronic kidney disease: E08–E13 .22 plus the N18 stage
//     (the "with" convention, §I.A.15, and use additional code);
//   - hypertension with chronic kidney disease: I12.- (§I.C.9.a.2), with
//     heart failure too: I13.- (§I.C.9.a.3); with heart failure alone:
//     I11.0 (§I.C.9.a.1);
//   - a diabetes code "without complications" is dropped beside a diabetes
//     code with one.
func (e *Engine) combine(present map[key]bool, fy int) []rule {
	out := e.bilateralRules(present, fy)
	ckd := firstWith(present, "N18")
	hf := firstWith(present, "I50")
	if hf == "" && present[key{app.ICD10CM, "I110"}] {
		hf = "I110" // hypertensive heart disease with heart failure says the failure
	}
	for _, cat := range []string{"E08", "E09", "E10", "E11", "E13"} {
		dm := firstWith(present, cat)
		if dm == "" {
			continue
		}
		if ckd != "" && !present[key{app.ICD10CM, cat + "22"}] {
			r := rule{add: cat + "22", from: []string{dm, ckd}, why: "diabetes with chronic kidney disease: the combination code, with the stage coded as well (§I.A.15 \"with\", use additional code N18.-)"}
			if dm == cat+"9" || dm == cat+"8" {
				r.drop = dm
			}
			out = append(out, r)
		}
		out = append(out, e.diabetesWith(present, cat, dm, fy)...)
		if present[key{app.ICD10CM, cat + "9"}] && firstOther(present, cat, cat+"9") {
			out = append(out, rule{drop: cat + "9"})
		}
	}
	htn := present[key{app.ICD10CM, "I10"}]
	stage5 := ckd == "N185" || ckd == "N186"
	switch {
	case (htn || firstWith(present, "I12", "I11") != "") && ckd != "" && hf != "":
		add := "I130"
		if stage5 {
			add = "I132"
		}
		out = append(out, rule{add: add, drop: "I10", from: []string{"I10", ckd, hf}, why: "hypertension with heart failure and chronic kidney disease: I13.- (§I.C.9.a.3)"})
		out = append(out, rule{drop: "I129"}, rule{drop: "I120"}, rule{drop: "I110"}, rule{drop: "I119"})
	case present[key{app.ICD10CM, "I119"}] && ckd != "":
		// Hypertensive heart disease with chronic kidney disease and no
		// heart failure said: I13.1- (§I.C.9.a.3).
		add := "I1310"
		if stage5 {
			add = "I1311"
		}
		out = append(out, rule{add: add, drop: "I119", from: []string{"I119", ckd}, why: "hypertensive heart disease with chronic kidney disease: I13.1- (§I.C.9.a.3)"})
		out = append(out, rule{drop: "I10"}, rule{drop: "I129"}, rule{drop: "I120"})
	case htn && ckd != "":
		add := "I129"
		if stage5 {
			add = "I120"
		}
		out = append(out, rule{add: add, drop: "I10", from: []string{"I10", ckd}, why: "hypertension with chronic kidney disease: I12.- (§I.C.9.a.2)"})
	case htn && hf != "":
		out = append(out, rule{add: "I110", drop: "I10", from: []string{"I10", hf}, why: "hypertension with heart failure: I11.0 (§I.C.9.a.1)"})
	}
	if firstWith(present, "I12", "I13") != "" && htn {
		out = append(out, rule{drop: "I10"})
	}
	if sev := firstWith(present, "R652"); sev != "" && !e.sepsisIn(present, fy) {
		// Severe sepsis is coded after its systemic infection, A41.9
		// when the note names no organism (§I.C.1.d.4).
		out = append(out, rule{add: "A419", from: []string{sev}, why: "severe sepsis: the underlying systemic infection first; no organism documented: A41.9 (§I.C.1.d.4)"})
	}
	out = append(out, e.excludedWith(present, fy)...)
	if present[key{app.ICD10CM, "R110"}] && present[key{app.ICD10CM, "R1110"}] {
		// Nausea and vomiting: "Nausea, with vomiting" (R11.2).
		out = append(out, rule{add: "R112", drop: "R110", from: []string{"R110", "R1110"}, why: "nausea with vomiting: one code (Index: Nausea, with vomiting)", listed: true},
			rule{drop: "R1110", listed: true, why: "nausea with vomiting: one code (Index: Nausea, with vomiting)"})
	}
	return out
}

// excludedWith gives, for two proposed codes a and b where an Excludes1
// note of a reads "that with <words> (<code>)" naming one code, and b's
// title says those words, the code the note names in place of both: a
// kidney stone (N20.0; Excludes1 "that with hydronephrosis (N13.2)")
// beside hydronephrosis (N13.30) is N13.2, Hydronephrosis with renal and
// ureteral calculous obstruction. The Tabular says the two are not coded
// together; the note's code is what it codes them as.
func (e *Engine) excludedWith(present map[key]bool, fy int) []rule {
	var codes []string
	for k := range present {
		if k.sys == app.ICD10CM {
			codes = append(codes, k.code)
		}
	}
	sort.Strings(codes)
	var out []rule
	for _, a := range codes {
		ac := e.set.Lookup(app.ICD10CM, a)
		if ac == nil {
			continue
		}
		for n := range e.set.AllNotes(ac) {
			if n.Kind != terminology.Excludes1 {
				continue
			}
			for _, t := range n.Texts {
				// "That with ...": the note's own condition with another;
				// a note naming another condition ("psychogenic pain
				// associated with micturition") is not it.
				before, with, ok := strings.Cut(t, " with ")
				refs := edits.ParseRefs(t)
				if !ok || strings.ToLower(strings.TrimSpace(before)) != "that" || len(refs) != 1 || refs[0].Lo != refs[0].Hi {
					continue
				}
				target := e.set.Lookup(app.ICD10CM, refs[0].Lo)
				if target == nil || !target.Billable.Has(fy) || present[key{app.ICD10CM, target.Code}] {
					continue
				}
				with, _, _ = strings.Cut(with, "(")
				words := search.StrongWords(with)
				if len(words) == 0 {
					continue
				}
				for _, b := range codes {
					bc := e.set.Lookup(app.ICD10CM, b)
					if b == a || bc == nil {
						continue
					}
					// What b is, not what it is without: N13.5, "...
					// stricture of ureter without hydronephrosis", is no
					// hydronephrosis.
					has, _, _ := strings.Cut(strings.ToLower(bc.TitleIn(fy).Long), " without ")
					if !isSubset(words, search.StrongWords(has)) {
						continue
					}
					why := fmt.Sprintf("%s with %s: one code, as the Excludes1 note of %s says (%s)", terminology.Display(app.ICD10CM, a),
						terminology.Display(app.ICD10CM, b), terminology.Display(app.ICD10CM, a), strings.TrimSpace(t))
					out = append(out, rule{add: target.Code, drop: a, from: []string{a, b}, why: why, listed: true},
						rule{drop: b, listed: true, why: why})
					break
				}
			}
		}
	}
	return out
}

// symptomOf matches the link of an Excludes1 item that names the symptom
// as a sign of a condition ("somnolence, stupor and coma in diabetes").
var symptomOf = regexp.MustCompile(`\b(?:in|due to|following|complicating|associated with|with)\b`)

// unlinkedSymptom reports an Excludes1 item naming the symptom as a sign
// of a condition ("somnolence, stupor and coma in diabetes (E08-E13)")
// whose category has codes "with" the symptom, when the proposed code
// (dx) is not one of them: the note did not link the two (E11.9 is no
// diabetes with coma), so the symptom may be unrelated and stays. A
// category without such codes (hallucinations in schizophrenia, F20-F29;
// vomiting in pregnancy, O21) has the symptom as its own.
func (e *Engine) unlinkedSymptom(item, dx string, fy int) bool {
	loc := symptomOf.FindStringIndex(item)
	if loc == nil {
		return false
	}
	var words []string
	for _, w := range strings.FieldsFunc(strings.ToLower(item[:loc[0]]), func(r rune) bool { return r < 'a' || r > 'z' }) {
		if len(w) > 3 {
			words = append(words, w) // "somnolence", "stupor", "coma"
		}
	}
	c := e.set.Lookup(app.ICD10CM, dx)
	if c == nil || len(words) == 0 {
		return false
	}
	own, _, _ := strings.Cut(strings.ToLower(c.TitleIn(fy).Long), " without ")
	for _, w := range words {
		if containsWord(own, w) {
			return false // the code is the symptom's combination
		}
	}
	with := false
	e.walkCategory(dx[:3], func(x *terminology.Concept) {
		t := strings.ToLower(x.TitleIn(fy).Long)
		for _, w := range words {
			with = with || strings.Contains(t, "with "+w)
		}
	})
	return with
}

// walkCategory calls f with each ICD-10-CM code under category cat.
func (e *Engine) walkCategory(cat string, f func(*terminology.Concept)) {
	var walk func(code string, depth int)
	walk = func(code string, depth int) {
		c := e.set.Lookup(app.ICD10CM, code)
		if c == nil || depth > 4 {
			return
		}
		f(c)
		for _, k := range c.Children {
			walk(k, depth+1)
		}
	}
	walk(cat, 0)
}

// excludes1Pairs lists, not proposes, a symptom code (chapter R) or a
// factor of health status (chapter Z) whose Excludes1 note names a
// proposed diagnosis outside the two chapters: the two are not coded
// together (§I.A.12.a), and the diagnosis is the one the note documents
// (tremor, R25 "Excludes1: specific movement disorders (G20-G26)", beside
// Parkinson's disease; tobacco use, Z72.0, beside nicotine dependence);
// and a finding (chapter R) a proposed status's Excludes1 note names
// (R76.12 beside latent tuberculosis, Z22.7). Which of two diagnoses an
// Excludes1 note keeps apart the note documents, the note's order does
// not say: both stay proposed, and the coding edits flag the pair. The
// reason quotes the note, for the coder who knows the two unrelated.
func (e *Engine) excludes1Pairs(groups map[key]*group, fy int) {
	var codes []key
	for k, g := range groups {
		if g.proposed && k.sys == app.ICD10CM {
			codes = append(codes, k)
		}
	}
	if len(codes) < 2 {
		return
	}
	sort.Slice(codes, func(i, j int) bool { return codes[i].code < codes[j].code })
	// names[a] is the Excludes1 text of symptom or status code a naming
	// each other proposed code.
	names := make(map[key]map[key]string, len(codes))
	for _, a := range codes {
		ac := e.set.Lookup(app.ICD10CM, a.code)
		if ac == nil || a.code[0] != 'R' && a.code[0] != 'Z' {
			continue
		}
		for n := range e.set.AllNotes(ac) {
			if n.Kind != terminology.Excludes1 {
				continue
			}
			for _, t := range n.Texts {
				for _, ref := range edits.ParseRefs(t) {
					for _, b := range codes {
						if b != a && ref.Match(b.code) && names[a][b] == "" && !e.unlinkedSymptom(t, b.code, fy) {
							if names[a] == nil {
								names[a] = map[key]string{}
							}
							names[a][b] = t
						}
					}
				}
			}
		}
	}
	for _, a := range codes {
		for _, b := range codes {
			t := names[a][b]
			ga, gb := groups[a], groups[b]
			if t != "" && ga.proposed && gb.proposed && a.code[0] == 'Z' && b.code[0] == 'R' {
				// A status whose Excludes1 note names the finding it
				// explains: latent tuberculosis (Z22.7) beside a positive
				// QuantiFERON (R76.12) is the status alone.
				gb.proposed = false
				gb.reason = fmt.Sprintf("not proposed: %s's Excludes1 note names %s (%q); %s",
					terminology.Display(app.ICD10CM, a.code), terminology.Display(app.ICD10CM, b.code), t, gb.reason)
				continue
			}
			if t == "" || !ga.proposed || !gb.proposed || b.code[0] == 'R' || b.code[0] == 'Z' {
				continue
			}
			ga.proposed = false
			ga.reason = fmt.Sprintf("not proposed: %s's Excludes1 note names %s (%q): the two are not coded together unless unrelated (§I.A.12.a); %s",
				terminology.Display(app.ICD10CM, a.code), terminology.Display(app.ICD10CM, b.code), t, ga.reason)
		}
	}
}

// withSymptomRules gives, for a proposed code whose sibling is the same
// condition "with" what the sibling's "use additional code" note lists,
// the sibling when another proposed code is one it lists: "benign
// prostatic hyperplasia with nocturia" is N40.1, "... with lower urinary
// tract symptoms", whose note names nocturia (R35.1), not N40.0 beside
// R35.1. Not when the code's own notes name it too (a category's note is
// both codes'), nor when another proposed code's own note names it (a
// Pseudomonas UTI's B96.5 is the UTI's, not cystic fibrosis's E84.0), nor
// when the note says the code's "without" itself (saidWithout). A
// proposed code that is its category's unspecified one counts for the
// code of that category the note names, when the two are said in one
// clause (near returns the symptom's words there, "" when they are not)
// by those words: "BPH with urinary retention" is N40.1 with R33.8.
func (e *Engine) withSymptomRules(present map[key]bool, saidWithout func(code string) bool, near func(a, b string) string, fy int) []rule {
	var codes []string
	for k := range present {
		codes = append(codes, k.code)
	}
	sort.Strings(codes) // the same rules, in the same order, on every run
	var out []rule
	for _, code := range codes {
		c := e.set.Lookup(app.ICD10CM, code)
		if c == nil || c.Parent == "" {
			continue
		}
		title := strings.ToLower(c.TitleIn(fy).Long)
		if strings.Contains(title, " with ") || saidWithout(code) {
			continue
		}
		p := e.set.Lookup(app.ICD10CM, c.Parent)
		if p == nil {
			continue
		}
	siblings:
		for _, sk := range p.Children {
			sib := e.set.Lookup(app.ICD10CM, sk)
			if sib == nil || sib.Code == c.Code || !sib.Billable.Has(fy) {
				continue
			}
			st := strings.ToLower(sib.TitleIn(fy).Long)
			i := strings.Index(st, " with ")
			if i < 0 || !strings.HasPrefix(title, st[:i]) || len(title) > i && title[i] != ' ' && title[i] != ',' {
				continue
			}
			for _, x := range codes {
				if x == code {
					continue
				}
				named := x
				if !e.notesName(sib, terminology.UseAdditionalCode, x) {
					// "BPH with urinary retention": the note names the
					// retention's code for this use (R33.8), where the
					// words alone gave the category's unspecified one
					// (R33.9).
					// Only words said together: the note's unspecified
					// obstruction a paragraph from its history of BPH is
					// not the BPH's.
					if said := near(code, x); said == "" {
						continue
					} else if named = e.namedForUnspecified(sib, x, said, fy); named == "" {
						continue
					}
				}
				if e.notesName(c, terminology.UseAdditionalCode, named) ||
					slices.ContainsFunc(codes, func(o string) bool {
						oc := e.set.Lookup(app.ICD10CM, o)
						return o != code && o != x && oc != nil && e.notesName(oc, terminology.UseAdditionalCode, named)
					}) {
					continue
				}
				out = append(out, rule{add: sib.Code, drop: code, from: []string{code, x},
					why: fmt.Sprintf("the condition with what the note documents beside it: the \"use additional code\" note of %s names %s", terminology.Display(app.ICD10CM, sib.Code), terminology.Display(app.ICD10CM, named))})
				if named != x {
					out = append(out, rule{add: named, drop: x, from: []string{x},
						why: fmt.Sprintf("the code the \"use additional code\" note of %s gives for it", terminology.Display(app.ICD10CM, sib.Code))})
				}
				break siblings
			}
		}
	}
	return out
}

// span is where one clause of the note is (a sentence, or its part a
// semicolon ends): its page and byte offsets.
type span struct{ page, start, end int }

// sameClause reports two pieces of evidence in one clause.
func sameClause(sents []span, x, y Evidence) bool {
	return x.Page == y.Page && slices.ContainsFunc(sents, func(s span) bool {
		return s.page == x.Page && s.start <= min(x.Start, y.Start) && max(x.End, y.End) <= s.end
	})
}

// namedForUnspecified returns the code of x's category that c's "use
// additional code" note names in an item whose head noun the note's words
// for x (said) say,
// when x is that category's unspecified code ("Retention of urine,
// unspecified", R33.9, said "urinary retention", for N40.1's "urinary
// retention (R33.8)"; not for "incomplete bladder emptying", which the
// note lists as R39.14), else "".
func (e *Engine) namedForUnspecified(c *terminology.Concept, x, said string, fy int) string {
	xc := e.set.Lookup(app.ICD10CM, x)
	if xc == nil || len(x) < 4 || !vague(xc.TitleIn(fy).Long) {
		return ""
	}
	words := search.ContentWords(said)
	for n := range e.set.AllNotes(c) {
		if n.Kind != terminology.UseAdditionalCode {
			continue
		}
		for _, t := range n.Texts {
			// The item's head noun said ("urinary retention (R33.8)" by
			// "urinary retention" or "urine retention").
			if item := search.ContentWords(withoutParens(t)); len(item) == 0 || !rootMatch(item[len(item)-1], words) {
				continue
			}
			for _, r := range edits.ParseRefs(t) {
				if r.Lo == r.Hi && len(r.Lo) > 3 && r.Lo[:3] == x[:3] && r.Lo != x {
					if y := e.set.Lookup(app.ICD10CM, r.Lo); y != nil && y.Billable.Has(fy) {
						return r.Lo
					}
				}
			}
		}
	}
	return ""
}

// dmWith is one subterm of the Alphabetic Index's "Diabetes, type 2,
// with": its words, the characters its code adds to the category (E11.649:
// "649", the same for E08-E13), and the codes its words alone lead to in
// the Index (Hypoglycemia: E16.2).
type dmWith struct {
	title  string
	words  []string
	suffix string
	codes  []string
}

// notPresumed are the "Diabetes, with" subterms the convention below does
// not apply from a code alone: a kind the note may give another cause for
// in words the code does not keep (an age-related cataract, a traumatic
// osteomyelitis, a contact dermatitis), and the catch-alls (NEC,
// "complication").
var notPresumed = []string{"cataract", "osteomyelitis", "dermatitis", "necrobiosis", "amyotrophy", "myasthenia", "complication", "nec", "coma"}

// dmWithTerms reads the subterms of "Diabetes, type 2, with" that have a
// code of their own.
func (e *Engine) dmWithTerms() []dmWith {
	e.dmWithOnce.Do(func() {
		var with *terminology.IndexTerm
		for _, t := range e.mainTermsNamed("Diabetes") {
			if t2 := termAt(t.Terms, []string{"type 2"}); t2 != nil {
				with = termAt(t2.Terms, []string{"with"})
				break
			}
		}
		if with == nil {
			return
		}
	terms:
		for _, t := range with.Terms {
			code := terminology.Canonical(strings.TrimSuffix(t.Code, "-"))
			if !strings.HasPrefix(code, "E11") || len(code) < 4 {
				continue
			}
			words := search.StrongWords(t.Title)
			for _, w := range append(search.Words(t.Title), search.Words(t.Nemod)...) {
				for _, n := range notPresumed {
					if w == search.Word(n) {
						continue terms
					}
				}
			}
			d := dmWith{title: strings.TrimSpace(t.Title), words: words, suffix: code[3:]}
			for _, h := range e.ix.Search(search.Query{Text: t.Title, System: app.ICD10CM, Year: e.newest, Billable: true, Limit: 3}) {
				// An entry in the subterm's own words ("Angiopathy,
				// peripheral": I73.9), not one that names it in passing
				// ("Polyneuropathy, in, hypoglycemia") or says more
				// ("Retinopathy, arteriosclerotic").
				if ownWords(indexPath(h.Why), words) && !isDiabetes(terminology.Canonical(h.Code)) {
					d.codes = append(d.codes, h.Code)
				}
			}
			e.dmWith = append(e.dmWith, d)
		}
	})
	return e.dmWith
}

// diabetesWith applies the "with" convention (§I.A.15) to a note's
// diabetes (dm, of category cat) and the conditions it lists beside it:
// a condition the Index lists under "Diabetes, with" is presumed linked,
// coded by the combination code ("type 2 diabetes" and "hypoglycemia":
// E11.649), the condition's own code kept only when the Tabular pairs the
// two (the combination code's "use additional code", the condition's
// "code first") and otherwise listed, not proposed. Chronic kidney
// disease has its rule in combine.
func (e *Engine) diabetesWith(present map[key]bool, cat, dm string, fy int) []rule {
	var conds []string
	for k := range present {
		c := k.code
		// Not a diabetes code, the CKD of its own rule, nor a history,
		// status or injury code ("personal history of diabetic foot
		// ulcer" is no ulcer now).
		if k.sys == app.ICD10CM && !isDiabetes(c) && !strings.HasPrefix(c, "N18") && c[0] != 'Z' && c[0] != 'T' && c[0] != 'S' {
			conds = append(conds, c)
		}
	}
	sort.Strings(conds) // the rules in one order whatever the map's
	var out []rule
	added := map[string]int{} // combination code → its rule in out
	for _, c := range conds {
		cc := e.set.Lookup(app.ICD10CM, c)
		if cc == nil {
			continue
		}
		// The subterm the condition's title says ("Polyneuropathy,
		// unspecified": polyneuropathy, not neuropathy), else one whose own
		// entry leads to the condition's code.
		title := search.ContentWords(cc.TitleIn(fy).Long)
		at := slices.IndexFunc(e.dmWithTerms(), func(w dmWith) bool { return w.titled(title) })
		if at < 0 {
			at = slices.IndexFunc(e.dmWithTerms(), func(w dmWith) bool { return slices.Contains(w.codes, c) })
		}
		if at < 0 {
			continue
		}
		w := e.dmWithTerms()[at]
		add := cat + w.suffix
		combo := e.set.Lookup(app.ICD10CM, add)
		if combo == nil || !combo.Billable.Has(fy) {
			continue
		}
		if n, ok := added[add]; ok {
			// Both feet's ulcers: one combination code from both.
			out[n].from = append(out[n].from, c)
		} else if !present[key{app.ICD10CM, add}] {
			r := rule{add: add, from: []string{dm, c}, why: "diabetes with " + w.title + ": the combination code (§I.A.15 \"with\": Diabetes, with, " + w.title + ")"}
			if dm == cat+"9" || dm == cat+"8" {
				r.drop = dm
			}
			added[add] = len(out)
			out = append(out, r)
		}
		if !e.notesName(combo, terminology.UseAdditionalCode, c) && !e.notesName(cc, terminology.CodeFirst, add) {
			// Not a manifestation the combination code asks for (a foot
			// ulcer's site, L97.-), nor one whose "code first" note
			// names it (gastroparesis, K31.84: code first E11.43).
			out = append(out, rule{drop: c, listed: true, why: "in the combination code " + terminology.Display(app.ICD10CM, add) + " (§I.A.15 \"with\")"})
		}
	}
	return out
}

// dmGeneric are the words a condition's title may say besides a "with"
// subterm's and still be that condition with no other cause: its site,
// side, severity and the classification's filler ("Non-pressure chronic
// ulcer of other part of left foot with unspecified severity" is a foot
// ulcer; "Alcoholic polyneuropathy" and "Varicose veins of left lower
// extremity with ulcer" name another cause).
var dmGeneric = wordSet(`unspecified other part site right left bilateral severity with of non-pressure chronic
	limb lower upper ankle heel midfoot toe toes foot feet`)

// titled reports a condition's title (its content words) that says the
// subterm's words and nothing else but dmGeneric's.
func (w dmWith) titled(words []string) bool {
	if !isSubset(w.words, words) || len(w.words) == 0 {
		return false
	}
	for _, x := range words {
		if !slices.Contains(w.words, x) && !dmGeneric[x] && !filler[x] {
			return false
		}
	}
	return true
}

// notesName reports whether a code's notes of one kind (its own and its
// ancestors') name code, read as the edits read them (edits.ParseRefs:
// ranges, "with" qualifiers).
func (e *Engine) notesName(c *terminology.Concept, kind terminology.NoteKind, code string) bool {
	for n := range e.set.AllNotes(c) {
		if n.Kind != kind {
			continue
		}
		for _, t := range n.Texts {
			for _, r := range edits.ParseRefs(t) {
				if r.Match(code) {
					return true
				}
			}
		}
	}
	return false
}

// ownWords reports an Index path each of whose levels is, in one of its
// comma forms, said by words alone.
func ownWords(path string, words []string) bool {
	if path == "" {
		return false
	}
	for _, level := range strings.Split(path, " > ") {
		if !slices.ContainsFunc(levelForms(level), func(f string) bool { ws := search.StrongWords(f); return len(ws) > 0 && isSubset(ws, words) }) {
			return false
		}
	}
	return true
}

// isDiabetes reports a diabetes code (E08-E13, canonical).
func isDiabetes(code string) bool {
	return slices.Contains([]string{"E08", "E09", "E10", "E11", "E13"}, code[:min(3, len(code))])
}

// sepsisIn reports a present code for the systemic infection or its
// agent: a sepsis code of any organism (sepsisCodes), or an agent coded as
// the cause (B95-B97) or COVID-19 (U07.1), whose sepsis code is the
// coder's to choose (A41.89 for COVID-19), not A41.9. Another infection
// of the note (chronic hepatitis C) is no agent of the sepsis.
func (e *Engine) sepsisIn(present map[key]bool, fy int) bool {
	for k := range present {
		for _, p := range sepsisCodes {
			if strings.HasPrefix(k.code, p) {
				return true
			}
		}
	}
	return false
}

// sepsisCodes are the sepsis codes and agents (canonical prefixes): A40,
// A41 and the sepsis of named infections, puerperal, obstetric, neonatal
// and postprocedural sepsis, the agents coded as a cause, COVID-19.
var sepsisCodes = []string{"A40", "A41", "A021", "A207", "A217", "A227", "A241", "A267", "A327", "A392", "A393", "A394",
	"A427", "A5486", "B007", "B377", "O85", "O8604", "O0337", "O0387", "O0487", "O0737", "O0882", "P36", "T8144", "T8112",
	"T880XX", "B95", "B96", "B97", "U071"}

func firstOther(present map[key]bool, cat, not string) bool {
	for k := range present {
		if strings.HasPrefix(k.code, cat) && k.code != not {
			return true
		}
	}
	return false
}

// integralTo returns the proposed diagnosis a symptom code is integral
// to, or "".
func (e *Engine) integralTo(code string, ev []Evidence, definitive []string, fy int, chronic bool) string {
	d := terminology.Display(app.ICD10CM, code)
	for _, in := range integral {
		sym := false
		for _, p := range in.symptoms {
			if strings.HasPrefix(d, p) {
				sym = true
			}
		}
		if !sym {
			continue
		}
		for _, dk := range definitive {
			for _, p := range in.dx {
				if strings.HasPrefix(dk, p) && (!in.site || e.sameSite(code, dk, fy)) && (!in.region || e.sameRegion(code, ev, dk, fy)) &&
					(!in.injury || e.injurySite(code, ev, dk, fy)) && (!in.acute || !chronic) {
					return dk
				}
			}
		}
	}
	return ""
}

// injurySite reports whether the sites a symptom's words (its code's title
// and the note's, ev) name are the injury dx's (injurySites): all of them,
// and at least one when the injury has any.
func (e *Engine) injurySite(code string, ev []Evidence, dx string, fy int) bool {
	a := e.set.Lookup(app.ICD10CM, code)
	if a == nil {
		return false
	}
	words := a.TitleIn(fy).Long
	for _, x := range ev {
		words += " " + x.Text
	}
	sites := injurySites(terminology.Canonical(dx))
	named := false
	for _, w := range search.Words(strings.ToLower(words)) {
		if s, ok := siteWords[w]; ok {
			named = true
			if !slices.Contains(sites, s) {
				return false // "right knee pain" beside a fracture of the radius
			}
		}
	}
	return named || len(sites) > 0
}

// siteWords are the words that name a site of the limbs or the head, as
// the tokenizer leaves them, with the site they name.
var siteWords = map[string]string{}

func init() {
	for site, ws := range map[string]string{
		"shoulder": "shoulder shoulders", "upper arm": "arm", "elbow": "elbow elbows", "forearm": "forearm forearms",
		"wrist": "wrist wrists", "hand": "hand hands finger fingers thumb thumbs", "hip": "hip hips", "thigh": "thigh thighs",
		"knee": "knee knees", "lower leg": "leg legs shin calf", "ankle": "ankle ankles", "foot": "foot feet toe toes heel",
		"head": "head face scalp", "neck": "neck", "back": "back",
	} {
		for _, w := range strings.Fields(ws) {
			siteWords[search.Word(w)] = site
		}
	}
}

// injurySites are the sites an injury code's block covers (S40-S49
// shoulder and upper arm, S50-S59 elbow and forearm, S60-S69 wrist and
// hand ...), with the joint a bone's end makes: the lower end of the
// radius or ulna is at the wrist (S52.5, S52.6), the upper end of the
// tibia or the patella at the knee (S82.0, S82.1), its lower end and
// the malleoli at the ankle (S82.3-S82.8), the upper end of the femur at
// the hip (S72.0-S72.2), the upper end of the humerus at the shoulder
// (S42.2), its lower end at the elbow (S42.4).
func injurySites(code string) []string {
	if len(code) < 3 || code[0] != 'S' {
		return nil
	}
	var out []string
	switch code[1] {
	case '0':
		out = []string{"head"}
	case '1':
		out = []string{"neck"}
	case '3':
		out = []string{"back"}
	case '4':
		out = []string{"shoulder", "upper arm"}
	case '5':
		out = []string{"elbow", "forearm"}
	case '6':
		out = []string{"wrist", "hand"}
	case '7':
		out = []string{"hip", "thigh"}
	case '8':
		out = []string{"knee", "lower leg"}
	case '9':
		out = []string{"ankle", "foot"}
	}
	for _, j := range []struct{ prefix, site, shaft string }{
		{"S525", "wrist", "forearm"}, {"S526", "wrist", "forearm"}, {"S820", "knee", "lower leg"}, {"S821", "knee", "lower leg"},
		{"S823", "ankle", "lower leg"}, {"S825", "ankle", "lower leg"}, {"S826", "ankle", "lower leg"}, {"S828", "ankle", "lower leg"},
		{"S720", "hip", "thigh"}, {"S721", "hip", "thigh"}, {"S722", "hip", "thigh"}, {"S422", "shoulder", "upper arm"}, {"S424", "elbow", "upper arm"},
	} {
		if strings.HasPrefix(code, j.prefix) {
			// A bone's end is at its joint, not at the block's other
			// joint: a distal radius is at the wrist, not the elbow.
			return []string{j.site, j.shaft}
		}
	}
	return out
}

// sameRegion reports whether a symptom's words, its code's title and the
// note's words for it (ev), name no region of the body and no side other
// than a diagnosis's title does: "swelling of both legs" is no cellulitis
// of the left hand's; "redness and swelling" with no site is.
func (e *Engine) sameRegion(code string, ev []Evidence, dx string, fy int) bool {
	a, b := e.set.Lookup(app.ICD10CM, code), e.set.Lookup(app.ICD10CM, terminology.Canonical(dx))
	if a == nil || b == nil {
		return false
	}
	words := a.TitleIn(fy).Long
	for _, x := range ev {
		words += " " + x.Text
	}
	bt := b.TitleIn(fy).Long
	if ra, rb := bodyRegion(words), bodyRegion(bt); ra != "" && rb != "" && ra != rb {
		return false
	}
	sa, sb := sideOf(words), sideOf(bt)
	if both := wordSet(words); both[search.Word("bilateral")] || both[search.Word("both")] {
		sa = "bilateral" // "bilateral leg edema", "swelling of both legs"
	}
	return sa == "" || sb == "" || sa == sb
}

// bodyRegion returns the region of the body text names first: "upper
// limb", "lower limb", "head" or "trunk"; "" for none.
func bodyRegion(text string) string {
	ws := search.Words(strings.ToLower(text))
	for k, w := range ws {
		switch {
		case limbWords[w] && k > 0 && ws[k-1] == search.Word("upper"), limbParts["upper limb"][w], w == search.Word("axilla"):
			return "upper limb"
		case limbWords[w] && k > 0 && ws[k-1] == search.Word("lower"), limbParts["lower limb"][w]:
			return "lower limb"
		case headParts[w]:
			return "head"
		case trunkParts[w], trunkWords[w]:
			return "trunk"
		}
	}
	return ""
}

// headParts are the words of the head and neck; trunkWords the trunk's
// besides trunkParts; limbWords say a limb after "upper" or "lower".
var (
	headParts  = wordSet("head face neck scalp ear nose cheek chin forehead lip eyelid")
	trunkWords = wordSet("trunk buttock groin abdominal thoracic")
	limbWords  = wordSet("limb limbs extremity extremities")
)

// jointSites are the words of the joints and limbs the musculoskeletal
// codes' titles name.
var jointSites = wordSet("shoulder elbow wrist hand finger thumb hip knee ankle foot toe")

// sameSite reports whether a symptom's code and a diagnosis's (displayed)
// name a joint in common on no other side: "right knee pain" is the right
// knee's osteoarthritis's, not the left's; a title naming no joint
// (M25.50, M19.90) goes with any.
func (e *Engine) sameSite(code, dx string, fy int) bool {
	a, b := e.set.Lookup(app.ICD10CM, code), e.set.Lookup(app.ICD10CM, terminology.Canonical(dx))
	if a == nil || b == nil {
		return false
	}
	at, bt := a.TitleIn(fy).Long, b.TitleIn(fy).Long
	if sa, sb := sideOf(at), sideOf(bt); sa != "" && sb != "" && sa != sb {
		return false
	}
	var aj, bj []string
	for w := range wordSet(at) {
		if jointSites[w] {
			aj = append(aj, w)
		}
	}
	for w := range wordSet(bt) {
		if jointSites[w] {
			bj = append(bj, w)
		}
	}
	return len(aj) == 0 || len(bj) == 0 || slices.ContainsFunc(aj, func(w string) bool { return slices.Contains(bj, w) })
}

// demoteUnspecified does not propose an unspecified code when a more
// specific code of its group (unspecifiedGroup) is proposed
// ("Hyperlipidemia, unspecified" beside "Mixed hyperlipidemia" from the
// same note), nor a code "without" what its sibling proposed is "with"
// (E11.51 beside E11.52).
func (e *Engine) demoteUnspecified(in []Suggestion, fy int) []Suggestion {
	// For each code prefix, the fewest "unspecified" words of a proposed
	// code under it: "Pressure ulcer of sacral region, unspecified stage"
	// (one) is more specific than "Pressure ulcer of unspecified site,
	// unspecified stage" (two).
	fewest := map[string]int{}
	specific := map[string]bool{} // a code with nothing unspecified under the prefix
	for _, s := range in {
		if s.Proposed && s.System == app.ICD10CM {
			c, n := terminology.Canonical(s.Code), unspecifiedWords(s.Title)
			for k := 3; k <= len(c); k++ {
				if f, ok := fewest[c[:k]]; !ok || n < f {
					fewest[c[:k]] = n
				}
				specific[c[:k]] = specific[c[:k]] || n == 0
			}
		}
	}
	for i, s := range in {
		group := e.unspecifiedGroup(terminology.Canonical(s.Code), fy)
		if f, ok := fewest[group]; s.Proposed && s.System == app.ICD10CM && vague(s.Title) && ok && (f < unspecifiedWords(s.Title) && (specific[group] && alike(in, i, group) || sameFinding(in, i, group)) || saysMore(in, i, group)) {
			// Listed, not proposed: the coder sees the words went to the
			// more specific code of the category.
			demote(&in[i], "a more specific code of "+terminology.Display(app.ICD10CM, group)+" is")
		}
	}
	for i, s := range in {
		// "Diabetic peripheral angiopathy without gangrene" (E11.51)
		// beside its sibling "with gangrene" (E11.52): the note said the
		// gangrene.
		if !s.Proposed || s.System != app.ICD10CM || !strings.Contains(s.Title, " without ") {
			continue
		}
		with := strings.Replace(s.Title, " without ", " with ", 1)
		if j := slices.IndexFunc(in, func(o Suggestion) bool { return o.Proposed && o.System == app.ICD10CM && o.Title == with }); j >= 0 {
			demote(&in[i], in[j].Code+" is, with what this code is without")
		}
	}
	return in
}

// demote lists s without proposing it, its score a tenth, the reason why
// first.
func demote(s *Suggestion, why string) {
	s.Proposed = false
	s.Score = math.Round(s.Score*100) / 1000
	s.Reason = "not proposed: " + why + "; " + s.Reason
}

// saysMore reports a proposed code under group, other than in[i], whose
// title has every word of in[i]'s and more, "unspecified" aside: "Chronic
// kidney disease, stage 3 unspecified" (N18.30) says what "Chronic kidney
// disease, unspecified" (N18.9) does, though both are unspecified once.
func saysMore(in []Suggestion, i int, group string) bool {
	words := func(title string) []string {
		return slices.DeleteFunc(search.ContentWords(title), func(w string) bool { return w == unspecifiedWord })
	}
	mine := words(in[i].Title)
	for j, s := range in {
		if j == i || !s.Proposed || s.System != app.ICD10CM || !strings.HasPrefix(terminology.Canonical(s.Code), group) {
			continue
		}
		if theirs := words(s.Title); len(theirs) > len(mine) && isSubset(mine, theirs) {
			return true
		}
	}
	return false
}

// alike reports a proposed code under group, other than in[i], whose
// title shares a word with in[i]'s beside "unspecified" ("Mixed
// hyperlipidemia" and "Hyperlipidemia, unspecified"): the same condition
// said more precisely. "Cervicalgia" and "Dorsalgia, unspecified" are the
// neck's pain and the back's, both coded.
func alike(in []Suggestion, i int, group string) bool {
	for j, s := range in {
		if j != i && s.Proposed && s.System == app.ICD10CM && strings.HasPrefix(terminology.Canonical(s.Code), group) && sharesWord(in[i].Title, s.Title) {
			return true
		}
	}
	return false
}

// unspecifiedGroup is the codes an unspecified code stands among: its
// nearest ancestor in the Tabular List whose title is not itself
// unspecified. I48.91 stands among I48 (its parent I48.9 is "Unspecified
// atrial fibrillation and atrial flutter"), R10.9 among R10, E11.319 among
// E11.3, the eye complications, not beside E11.22.
func (e *Engine) unspecifiedGroup(code string, fy int) string {
	c := e.set.Lookup(app.ICD10CM, code)
	for c != nil && c.Parent != "" {
		p := e.set.Lookup(app.ICD10CM, c.Parent)
		if p == nil {
			break
		}
		c = p
		if !vague(p.TitleIn(fy).Long) {
			return p.Code
		}
	}
	if c != nil && c.Code != code {
		return c.Code
	}
	return code[:min(3, len(code))]
}

// siteless are the codes for a neoplasm or injury whose site the note
// does not say, and the codes that say one: C80.1 is for a primary site
// that cannot be determined, so not beside a primary coded by site
// (§I.C.2.d); C79.9 not beside a secondary site; T14.9- not beside an
// injury coded by body region.
var sitelessCodes = []struct {
	code       string      // canonical prefix
	bySite     [][2]string // the categories by site, ranges of 3 characters
	whatIsSaid string
}{
	{"C801", [][2]string{{"C00", "C76"}, {"C81", "C96"}}, "a primary site"},
	{"C800", [][2]string{{"C00", "C76"}, {"C81", "C96"}}, "a primary site"},
	{"C799", [][2]string{{"C77", "C79"}}, "a secondary site"},
	// "The tumor" of a note that names the neoplasm elsewhere is that
	// neoplasm, not another of unspecified site and behavior.
	{"D499", [][2]string{{"C00", "D49"}}, "a neoplasm by site"},
	{"D489", [][2]string{{"C00", "D49"}}, "a neoplasm by site"},
	{"D369", [][2]string{{"C00", "D49"}}, "a neoplasm by site"},
	{"D099", [][2]string{{"C00", "D49"}}, "a neoplasm by site"},
	{"T149", [][2]string{{"S00", "S99"}}, "an injury by body region"},
}

// demoteSiteless lists, not proposes, a siteless neoplasm or injury code
// beside one coded by site (sitelessCodes).
func demoteSiteless(in []Suggestion) []Suggestion {
	for _, r := range sitelessCodes {
		bySite := false
		for _, s := range in {
			c := terminology.Canonical(s.Code)
			if !s.Proposed || s.System != app.ICD10CM || strings.HasPrefix(c, r.code) {
				continue
			}
			for _, rg := range r.bySite {
				bySite = bySite || c[:3] >= rg[0] && c[:3] <= rg[1]
			}
		}
		if !bySite {
			continue
		}
		for i, s := range in {
			if s.Proposed && s.System == app.ICD10CM && strings.HasPrefix(terminology.Canonical(s.Code), r.code) {
				demote(&in[i], r.whatIsSaid+" is coded")
			}
		}
	}
	return in
}

// demoteSubsumed lists, not proposes, R52 (Pain, unspecified) when every
// piece of its evidence lies inside the evidence of a proposed code for
// pain at a site: "pain in both knees" is M25.561 and M25.562, and the
// "pain" of it no R52 besides. (Other codes inside another's words are
// often coded beside it: "metastatic melanoma" is C43.9 and C78.-.)
func demoteSubsumed(in []Suggestion) []Suggestion {
	within := func(ev Evidence, by Suggestion) bool {
		for _, o := range by.Evidence {
			if o.Page == ev.Page && o.Start <= ev.Start && ev.End <= o.End && o.End-o.Start > ev.End-ev.Start {
				return true
			}
		}
		return false
	}
	for i, s := range in {
		if !s.Proposed || s.System != app.ICD10CM || s.Code != "R52" || len(s.Evidence) == 0 {
			continue
		}
		for _, o := range in {
			if !o.Proposed || o.System != app.ICD10CM || o.Code == s.Code || !strings.Contains(strings.ToLower(o.Title), "pain") {
				continue
			}
			all := true
			for _, ev := range s.Evidence {
				all = all && within(ev, o)
			}
			if all {
				demote(&in[i], "its words are part of "+o.Code+"'s")
				break
			}
		}
	}
	return in
}

// sameFinding reports whether suggestion i's evidence overlaps that of a
// proposed code under group with fewer unspecified words: two readings of
// one finding ("sacral decubitus ulcer": L89.159 and L89.90), not two
// findings ("right distal radius fracture", "forearm fracture").
func sameFinding(in []Suggestion, i int, group string) bool {
	n := unspecifiedWords(in[i].Title)
	for j, o := range in {
		if j == i || !o.Proposed || o.System != app.ICD10CM || !strings.HasPrefix(terminology.Canonical(o.Code), group) || unspecifiedWords(o.Title) >= n {
			continue
		}
		for _, a := range in[i].Evidence {
			for _, b := range o.Evidence {
				if a.Page != b.Page || a.Start >= b.End || b.Start >= a.End {
					continue
				}
				if b.Start < a.Start && a.End == b.End && !sharesWord(in[i].Title, o.Title) {
					// "Neck and back pain": the back's pain is the end of
					// the neck's words, a finding of its own (M54.2, M54.9).
					continue
				}
				return true
			}
		}
	}
	return false
}

// sharesWord reports whether two titles share a word beside "unspecified".
func sharesWord(a, b string) bool {
	words := search.ContentWords(a)
	for _, w := range search.ContentWords(b) {
		if w != unspecifiedWord && slices.Contains(words, w) {
			return true
		}
	}
	return false
}

// unspecifiedWords counts what a title leaves unspecified: its
// "unspecified" words, and "without complications".
func unspecifiedWords(title string) int {
	t := strings.ToLower(title)
	return strings.Count(t, "unspecified") + strings.Count(t, "without complications")
}

func vague(title string) bool {
	t := strings.ToLower(title)
	return strings.Contains(t, "unspecified") || strings.Contains(t, "without complications")
}

func sortEvidence(ev []Evidence) {
	sort.Slice(ev, func(i, j int) bool {
		if ev[i].Page != ev[j].Page {
			return ev[i].Page < ev[j].Page
		}
		return ev[i].Start < ev[j].Start
	})
}

// neoplasmColumns are the Neoplasm Table's columns a "see Neoplasm, …,
// by site" reference names, with the code for a site the note does not
// say (the siteless codes, which neoplasmSite then codes by site).
var neoplasmColumns = []struct{ word, code string }{
	{"secondary", "C799"}, {"in situ", "D099"}, {"benign", "D369"},
	{"uncertain", "D489"}, {"unspecified behavior", "D499"}, {"malignant", "C801"},
}

// bySiteRef turns a code reached through an Index reference to the
// Neoplasm Table by site ("Adenoma — see also Neoplasm, benign, by
// site"; "Tumor, Sertoli cell — see Neoplasm, benign, by site") into the
// column's code for an unspecified site: the table row of the site the
// note names is then looked up (siteless), and with no site said the
// unspecified row's code stands. Whatever code the reference itself led
// to is not the site's: the Index sends the coder to the table.
func (e *Engine) bySiteRef(m mention, fy int) mention {
	_, ref, ok := strings.Cut(m.why, "→ see ")
	if !ok {
		return m
	}
	ref = strings.ToLower(strings.TrimPrefix(ref, "also "))
	if i := strings.IndexAny(ref, ";["); i >= 0 {
		ref = ref[:i]
	}
	if !strings.HasPrefix(strings.TrimSpace(ref), "neoplasm") || !strings.Contains(ref, "by site") {
		return m
	}
	for _, c := range neoplasmColumns {
		if !strings.Contains(ref, c.word) {
			continue
		}
		if m.code == c.code || siteless[m.code] != "" {
			return m
		}
		x := e.set.Lookup(app.ICD10CM, c.code)
		if x == nil || !x.Billable.Has(fy) {
			return m
		}
		m.code, m.title = x.Code, x.TitleIn(fy).Long
		m.why += "; the Neoplasm Table by site"
		return m
	}
	return m
}

// siteAdjectives are adjectives notes use for a site the Neoplasm Table
// lists by its noun only ("ovarian carcinoma": Neoplasm, ovary).
var siteAdjectives = map[string]string{
	"ovarian": "ovary", "testicular": "testis", "pulmonary": "lung", "hepatic": "liver", "gastric": "stomach",
	"pancreatic": "pancreas", "uterine": "uterus", "prostatic": "prostate", "esophageal": "esophagus",
	"laryngeal": "larynx", "colonic": "colon", "rectal": "rectum", "vesical": "bladder", "splenic": "spleen",
	"penile": "penis", "scrotal": "scrotum", "vaginal": "vagina", "vulvar": "vulva", "cerebral": "brain",
	"mammary": "breast", "duodenal": "duodenum", "ileal": "ileum", "jejunal": "jejunum", "cecal": "cecum",
	"appendiceal": "appendix", "anal": "anus", "thymic": "thymus", "tracheal": "trachea", "bronchial": "bronchus",
	"pleural": "pleura", "peritoneal": "peritoneum", "pericardial": "pericardium", "cardiac": "heart",
	"renal": "kidney", "ureteral": "ureter", "urethral": "urethra", "epididymal": "epididymis",
	"endometrial": "endometrium", "tonsillar": "tonsil", "pharyngeal": "pharynx", "nasal": "nose",
	"lingual": "tongue", "osseous": "bone", "cutaneous": "skin", "ocular": "eye", "orbital": "orbit",
	"hypophyseal": "pituitary", "testicle": "testis", "testicles": "testis", "gingival": "gum", "labial": "lip", "palatal": "palate", "sigmoid": "sigmoid colon",
	// The bones ("calcaneal fracture": Fracture, calcaneus).
	"humeral": "humerus", "tibial": "tibia", "fibular": "fibula", "calcaneal": "calcaneus", "clavicular": "clavicle",
	"vertebral": "vertebra", "radial": "radius", "ulnar": "ulna", "scapular": "scapula", "patellar": "patella",
	"sternal": "sternum", "coccygeal": "coccyx", "mandibular": "mandible", "maxillary": "maxilla", "palpebral": "eyelid",
}

// siteNouns returns q with the site adjectives of q[wlo:whi] spelled as
// the Neoplasm Table's nouns; the adjective's own forms stay, so the
// evidence is the note's word.
func siteNouns(q []qtok, wlo, whi int) []qtok {
	out := q
	for i := wlo; i < whi; i++ {
		if noun, ok := siteAdjectives[q[i].text]; ok {
			if &out[0] == &q[0] {
				out = append([]qtok(nil), q...)
			}
			out[i] = qtok{text: noun, norms: append(search.Words(noun), q[i].norms...)}
		}
	}
	return out
}

// neoplasmSite codes the neoplasm named by the morphology word i by the
// site the words of q[wlo:whi] name, in the Neoplasm Table's column col.
// When the window's words together find no row ("pituitary adenoma with
// positive immunohistochemistry for prolactin"), the words before the
// morphology word ("pituitary adenoma") and then those after it
// ("adenoma of the pituitary") are tried alone.
func (e *Engine) neoplasmSite(fy int, q []qtok, wlo, whi, i int, col string) (mention, []bool, bool) {
	if m, cov, ok := e.neoplasmSiteIn(fy, q, wlo, whi, i, col); ok {
		return e.sided(m, q[wlo:whi], fy), cov, ok
	}
	for _, span := range [][2]int{{wlo, i + 1}, {i, whi}} {
		if span[1]-span[0] < 2 || span[0] == wlo && span[1] == whi {
			continue
		}
		m, part, ok := e.neoplasmSiteIn(fy, q, span[0], span[1], i, col)
		if !ok {
			continue
		}
		cov := make([]bool, whi-wlo)
		copy(cov[span[0]-wlo:], part)
		return e.sided(m, q[wlo:whi], fy), cov, true
	}
	// Then each site word alone, nearest first ("tumor in the lower pole
	// of the left testicle": testicle).
	var near []int
	for d := 1; d < whi-wlo && len(near) < 3; d++ {
		for _, k := range []int{i - d, i + d} {
			if k >= wlo && k < whi && isContent(q[k]) && !e.isAnchorMorphology(q[k]) && !sideWords[q[k].text] && len(near) < 3 {
				near = append(near, k)
			}
		}
	}
	for _, k := range near {
		lo, hi := min(i, k), max(i, k)+1
		one := append([]qtok(nil), q[lo:hi]...)
		for j := range one {
			if lo+j != i && lo+j != k {
				one[j] = qtok{}
			}
		}
		m, part, ok := e.neoplasmSiteIn(fy, one, 0, len(one), i-lo, col)
		if !ok {
			continue
		}
		cov := make([]bool, whi-wlo)
		copy(cov[lo-wlo:], part)
		return e.sided(m, q[wlo:whi], fy), cov, true
	}
	return mention{}, nil, false
}

// buildRefs maps the one-word main terms the Alphabetic Index only sends
// elsewhere ("Lithiasis — see Calculus"; "Ureterolith — see Calculus,
// ureter") to the words of the reference, so a note's "lithiasis in the
// right kidney" is looked up as the coder follows it: Calculus, kidney.
// References to a kind of entry rather than a term ("see condition",
// "see Neoplasm, …", "see specified injury by site") are left out.
func buildRefs(set *terminology.Set) map[string]string {
	return refsOf(set, func(t terminology.IndexTerm) string {
		if t.Code != "" || t.Subcat != "" || t.SeeCat != "" {
			return ""
		}
		return t.See
	})
}

// buildAlsoRefs maps the one-word main terms with a "see also"
// ("Paresis — see also Paralysis"; "Polyposis — see also Polyp") to the
// words of the reference: where the coder looks
// when the term's own subterms do not hold what the note says ("facial
// paresis": Paralysis, facial, G51.0).
func buildAlsoRefs(set *terminology.Set) map[string]string {
	return refsOf(set, func(t terminology.IndexTerm) string { return t.SeeAlso })
}

// refsOf maps the one-word main terms to the words of the reference ref
// gives for them ("" for none).
func refsOf(set *terminology.Set, refOf func(terminology.IndexTerm) string) map[string]string {
	out := map[string]string{}
	for t := range set.MainTerms(terminology.MainIndex) {
		ref := strings.TrimSpace(refOf(t))
		if ref == "" {
			continue
		}
		lref := strings.ToLower(ref)
		if strings.Contains(lref, "condition") || strings.HasPrefix(lref, "neoplasm") || strings.HasPrefix(lref, "table") ||
			strings.Contains(lref, "by site") || strings.Contains(lref, "specified") {
			continue
		}
		words := search.Words(strings.NewReplacer(",", " ", "(", " ", ")", " ").Replace(ref))
		if len(words) == 0 || len(words) > 3 {
			continue
		}
		// Each comma form one word, a variant of the head ("Ureterolith,
		// ureterolithiasis"); not a head with a qualifier ("Bar, median").
		forms := strings.Split(t.Title, ",")
		head := search.StrongWords(forms[0])
		if len(head) != 1 {
			continue
		}
		keys := head
		for _, form := range forms[1:] {
			ws := search.StrongWords(form)
			if len(ws) != 1 || !variant(ws[0], head[0]) {
				keys = nil
				break
			}
			keys = append(keys, ws[0])
		}
		for _, k := range keys {
			if !rootMatch(k, words) {
				out[k] = strings.Join(words, " ")
			}
		}
	}
	return out
}

// seeRefs returns q with the words of q[wlo:whi] the Index only sends
// elsewhere spelled as the reference (refs), the note's own word kept
// among the forms, and whether there were any.
func (e *Engine) seeRefs(q []qtok, wlo, whi int) ([]qtok, bool) {
	return spellRefs(e.refs, q, wlo, whi)
}

// spellRefs returns q with the words of q[wlo:whi] that refs holds spelled
// as their reference, the note's own word kept among the forms, and
// whether there were any.
func spellRefs(refs map[string]string, q []qtok, wlo, whi int) ([]qtok, bool) {
	var out []qtok
	for i := wlo; i < whi; i++ {
		ref, ok := refs[q[i].text]
		if !ok {
			continue
		}
		if out == nil {
			out = append([]qtok(nil), q...)
		}
		out[i] = qtok{text: ref, norms: append(search.Words(ref), q[i].norms...)}
	}
	return out, out != nil
}

// resolveRef looks up the window [wlo, whi) of q, in which a reference's
// words stand for the note's (seeRefs), and when the wide window finds
// nothing, the words nearest the anchor i: the reference's subterms are
// sites and kinds said next to it ("9 mm lithiasis in the right renal
// pelvis with mild hydronephrosis"). It returns m unchanged when neither
// resolves.
func (e *Engine) resolveRef(fy int, q []qtok, lo, hi, wlo, whi, i int, m mention) (mention, []bool, int, int, bool) {
	if rm, cov, ok := e.resolve(app.ICD10CM, fy, q, wlo, whi, i); ok {
		return rm, cov, wlo, whi, true
	}
	nlo, nhi := window(q, lo, hi, i, 1, 3)
	if nlo == wlo && nhi == whi || nhi-nlo < 2 {
		return m, nil, wlo, whi, false
	}
	if rm, cov, ok := e.resolve(app.ICD10CM, fy, q, nlo, nhi, i); ok {
		return rm, cov, nlo, nhi, true
	}
	return m, nil, wlo, whi, false
}

// refTarget is an Index path without its last level when that level is
// the one the path's see reference itself names: "Epilepsy > focal > with
// simple partial seizures → see Epilepsy, localization-related,
// symptomatic, with simple partial seizures" is where the Index sends
// "focal epilepsy", which the note need not say more of.
func refTarget(path, see string) string {
	if i := strings.Index(see, " ["); i >= 0 {
		see = see[:i]
	}
	if i := strings.IndexByte(see, ';'); i >= 0 {
		see = see[:i]
	}
	j := strings.LastIndex(path, " > ")
	if j < 0 {
		return path
	}
	last := strings.TrimSpace(path[j+3:])
	if last != "" && strings.HasSuffix(strings.TrimSpace(see), ", "+last+", "+last) {
		return path[:j]
	}
	return path
}

// tumorWords name a neoplasm without its behavior: the Index's "Tumor —
// see also Neoplasm, unspecified behavior, by site" (a "bladder tumor"
// without histology is D49.4).
var tumorWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields("tumor tumors tumour tumours neoplasm neoplasms neoplasia") {
		tumorWords[search.Word(w)] = true
	}
}

// neoplasmWordColumn returns the Neoplasm Table column a morphology word
// that the Index codes by site sends the coder to, or "".
func neoplasmWordColumn(w []qtok) string {
	switch {
	case saysAny(w, primaryWords):
		return "malignant primary"
	case saysAny(w, tumorWords):
		return "unspecified behavior"
	}
	return ""
}

// sitePrepositions introduce the site after a neoplasm's name ("tumor of
// the bladder", "tumor in the left kidney").
var sitePrepositions = map[string]bool{"of": true, "in": true, "on": true, "at": true, "within": true, "involving": true, "from": true}

// siteAfter narrows the end of the span a site is read from for a word
// without behavior ("tumor"): the words after it name its site only after
// a preposition; "tumor thrombus", "tumor capsule" name a part of the
// tumor, not where it is.
func siteAfter(q []qtok, i, whi int, col string) int {
	if col != "unspecified behavior" || i+1 >= whi || sitePrepositions[q[i+1].text] {
		return whi
	}
	return i + 1
}

// beforeWith narrows the end of the span a neoplasm's site is read from
// to the first "with" after its word i: "adenocarcinoma of the lung with
// mediastinal lymph node involvement" is of the lung, the nodes being
// its spread.
func beforeWith(q []qtok, i, whi int) int {
	for k := i + 1; k < whi; k++ {
		if q[k].text == "with" {
			return k
		}
	}
	return whi
}

// siteSaid reports whether the words w say more than half of the words
// of a Neoplasm Table row below its head (one form of each level, its
// nonessential modifiers aside): "tumor in the lower pole" is not the row
// "frontal > pole", nor "tumor in the left breast" the row "skin NOS >
// breast"; "tumor in the left frontal lobe" is the row "brain NEC >
// frontal lobe".
func (e *Engine) siteSaid(h search.Hit, fy int, w []qtok) bool {
	var said []string
	for _, t := range w {
		said = append(said, t.norms...)
	}
	path, _ := strings.CutPrefix(h.Why, "neoplasm: ")
	if i := strings.Index(path, " ["); i >= 0 {
		path = path[:i]
	}
	n, hit := 0, 0
	levels := strings.Split(path, " > ")[1:]
	for l, level := range levels {
		bestN, best := 0, -1
		for _, form := range strings.Split(withoutParens(level), ",") {
			fn, fh := 0, 0
			for _, x := range search.StrongWords(form) {
				if filler[x] || len(x) < 2 {
					continue
				}
				fn++
				if rootMatch(x, said) {
					fh++
				}
			}
			if fn > 0 && (best < 0 || fh*bestN > best*fn) {
				bestN, best = fn, fh
			}
		}
		if best >= 0 {
			n += bestN
			hit += best
		}
		if l == len(levels)-1 && best == 0 && bestN > 0 {
			// The row's own words unsaid: "lymph node" is not the row
			// "lymph > node > Cloquet".
			return false
		}
	}
	return n > 0 && 2*hit > n
}

// withoutParens is s without its parenthesized parts.
func withoutParens(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// orForms is an Index level's head as alternatives: a level of two words
// joined by "or" ("healed or old", "infected or inflamed") is said by
// either, as a coder reads it; any other head is one form.
func orForms(form string, head []string) [][]string {
	a, b, ok := strings.Cut(strings.TrimSpace(withoutParens(form)), " or ")
	if !ok {
		return [][]string{head}
	}
	x, y := search.StrongWords(a), search.StrongWords(b)
	if len(x) != 1 || len(y) != 1 || len(head) != 2 {
		return [][]string{head}
	}
	return [][]string{x, y}
}

// britishSpellings are the British spellings of medical word parts and
// the American ones the classification uses ("oedema", "diarrhoea",
// "haematuria", "hyperglycaemia").
var britishSpellings = strings.NewReplacer("haem", "hem", "aemia", "emia", "aemic", "emic", "oedem", "edem",
	"rrhoea", "rrhea", "pnoea", "pnea", "ischaem", "ischem", "leukaem", "leukem", "anaem", "anem",
	"coeliac", "celiac", "faec", "fec", "gynaec", "gynec", "aesth", "esth", "paediatr", "pediatr",
	"orthopaed", "orthoped", "tumour", "tumor", "oesophag", "esophag", "oestr", "estr", "foet", "fet")

// usSpelling returns a word's American spelling when it has a British
// one. "Oesophag" and "oestr" are British only at the start of a word
// ("gastroesophageal" is American).
func usSpelling(w string) (string, bool) {
	if x, ok := smokingVerbs[w]; ok {
		return x, true
	}
	if x, ok := lay[w]; ok {
		return x, true
	}
	if len(w) < 5 || !strings.Contains(w, "ae") && !strings.Contains(w, "oe") && !strings.Contains(w, "our") {
		return "", false
	}
	us := britishSpellings.Replace(w)
	for _, start := range []string{"oesophag", "oestr", "foet"} {
		if i := strings.Index(w, start); i > 0 {
			return "", false
		}
	}
	return us, us != w
}

// personNouns name the patient ("a 65-year-old man with", "patient with").
var personNouns = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`patient patients man men woman women male female boy girl child children infant
		newborn neonate baby adolescent gentleman lady person individual case old`) {
		personNouns[w] = true
	}
}

// personWith reports the "with" of "a 65-year-old man with chronic renal
// failure": it ends the words before it, which name the patient, not a
// condition; "diabetes with chronic kidney disease" keeps its link.
func personWith(toks []token, i int) bool {
	return i > 0 && i < len(toks) && toks[i].raw == "with" && personNouns[toks[i-1].raw]
}

// smokingVerbs say the patient smokes as a verb ("she smokes 20
// cigarettes a day"), which the Index has as its noun: Smoker — see
// Dependence, drug, nicotine (with its subterm "cigarettes").
var smokingVerbs = map[string]string{"smokes": "smoker", "smoked": "smoker", "smokers": "smoker"}

// smokingSays reports "smoking" at toks[i] saying the patient smokes or
// smoked tobacco: "history of smoking", "quit smoking", "smoking habit",
// "smoking 1 pack a day"; not a heading ("Smoking: denies"), the risks
// of it, secondhand smoke or another substance ("smoking marijuana").
func smokingSays(toks []token, i int) bool {
	if toks[i].raw != "smoking" || toks[i].punct != 0 {
		return false
	}
	other := func(k int) bool { return smokedDrugs[toks[k].raw] || secondhand[toks[k].raw] }
	if i+1 < len(toks) && other(i+1) || i > 0 && other(i-1) {
		return false
	}
	if i > 0 {
		switch toks[i-1].raw {
		case "quit", "stopped", "current", "active", "heavy", "former", "continues", "continued", "still", "daily", "chronic":
			return true
		case "of":
			return i > 1 && (toks[i-2].raw == "history" || toks[i-2].raw == "hx")
		}
	}
	if i+1 < len(toks) {
		next := toks[i+1].raw
		return smokingAfter[next] || next != "" && isDigit(next[0])
	}
	return false
}

// vitaminLetters are the vitamins notes name by letter alone ("B12
// deficiency", "low B6").
var vitaminLetters = rawSet("b1 b2 b6 b12")

// insects are the ones whose bites notes name.
var insects = rawSet("mosquito mosquitoes mosquitos flea fleas bedbug bedbugs chigger chiggers gnat gnats")

// saysGait reports the word at toks[i] next to "gait": "gait
// instability", "unstable gait", "instability of gait".
func saysGait(toks []token, i int) bool {
	gait := func(k int) bool { return k >= 0 && k < len(toks) && toks[k].raw == "gait" }
	return gait(i+1) && toks[i].punct == 0 || gait(i-1) && toks[i-1].punct == 0 ||
		i+2 < len(toks) && toks[i+1].raw == "of" && gait(i+2)
}

// smokesOther reports toks[i] saying the patient smokes a substance other
// than tobacco ("smokes marijuana", "smoking crack", "a regular marijuana
// smoker"): that substance's use, not tobacco's.
func smokesOther(toks []token, i int) bool {
	drug := func(k int) bool { return smokedDrugs[toks[k].raw] }
	switch toks[i].raw {
	case "smokes", "smoked", "smoking", "smoke", "smoker", "smokers":
		if i+1 < len(toks) && toks[i].punct == 0 && drug(i+1) {
			return true
		}
		return (toks[i].raw == "smoker" || toks[i].raw == "smokers") && i > 0 && toks[i-1].punct == 0 && drug(i-1)
	}
	return false
}

// drugKinds are illicit drugs, by their street or chemical names, with the
// kind the Index files their use, abuse and dependence under ("Use,
// opioid"). Drugs also prescribed (oxycodone, fentanyl, methadone) are
// not here: taking them as prescribed is long-term drug therapy (Z79.891),
// no substance use.
var drugKinds = map[string]string{"heroin": "opioid", "crack": "cocaine", "meth": "amphetamine",
	"methamphetamine": "amphetamine", "methamphetamines": "amphetamine", "pot": "cannabis", "weed": "cannabis"}

// drugUseBefore and drugUseAfter say a drug is taken, before ("uses
// heroin", "smokes crack") or after ("heroin use", "meth abuse") its
// name.
var drugUseBefore = rawSet("uses used using smokes smoked smoking injects injected injecting snorts snorted abuses abused")
var drugUseAfter = rawSet("use abuse dependence addiction disorder user users abuser smoker smokers")

// drugKindUsed returns the Index's kind for the drug toks[i] names when
// the words around it say the drug is taken or name its kind ("crack
// cocaine"), else "": a word alone ("pot", "crack", "weed") is read as
// written.
func drugKindUsed(toks []token, i int) string {
	kind, ok := drugKinds[toks[i].raw]
	if !ok {
		return ""
	}
	if i > 0 && drugUseBefore[toks[i-1].raw] && toks[i-1].punct == 0 || i+1 < len(toks) && toks[i].punct == 0 && (drugUseAfter[toks[i+1].raw] || toks[i+1].raw == kind) {
		return kind
	}
	return ""
}

// smokingAfter follow "smoking" that says the patient smokes; smokedDrugs
// are what else one smokes, secondhand the smoke one breathes.
var smokingAfter = map[string]bool{"habit": true, "history": true, "since": true, "for": true, "one": true,
	"two": true, "half": true, "a": true, "pack": true, "packs": true, "ppd": true, "cigarettes": true}
var (
	smokedDrugs = rawSet("marijuana marihuana cannabis pot weed crack meth methamphetamine cocaine heroin opium")
	secondhand  = rawSet("secondhand second-hand passive household")
)

// lay are words notes use for a region the Index names otherwise: "belly
// pain" is abdominal pain; the right hypochondrium is the right upper
// quadrant (Pain, abdominal, right upper quadrant).
// "Undisplaced" is the Tabular's "nondisplaced".
var lay = map[string]string{"undisplaced": "nondisplaced", "belly": "abdominal", "tummy": "abdominal", "hemiabdomen": "abdomen",
	"hypochondrium": "upper quadrant", "hypochondriac": "upper quadrant",
	// The examination's adjectives for a state the Index names by its
	// noun: "hypotensive, tachycardic and diaphoretic".
	"embolic": "embolism", "hypotensive": "hypotension", "tachycardic": "tachycardia", "bradycardic": "bradycardia",
	"tachypneic": "tachypnea", "tachypnoeic": "tachypnea", "dyspneic": "dyspnea", "hypoxic": "hypoxia",
	"hypoxemic": "hypoxemia", "diaphoretic": "diaphoresis", "cachectic": "cachexia",
	"dehydrated": "dehydration", "lethargic": "lethargy", "syncopal": "syncope", "pruritic": "pruritus",
	"edematous": "edema", "icteric": "jaundice", "anemic": "anemia", "hypothermic": "hypothermia",
	"dyslipidemic": "dyslipidemia", "agitated": "agitation",
	"nauseous": "nausea", "nauseated": "nausea", "encephalopathic": "encephalopathy",
	"distended": "distension", "cyanotic": "cyanosis", "jaundiced": "jaundice", "somnolent": "somnolence",
	"confused": "confusion", "microhematuria": "microscopic hematuria", "feverish": "fever",
	// Sweating as a complaint is the Index's diaphoresis (R61), not a
	// sweat gland's disorder (L74.9).
	"sweating": "diaphoresis", "sweats": "diaphoresis",
	// "Pneumonia due to bronchoaspiration" is Aspiration, pneumonia (J69.0).
	"bronchoaspiration": "aspiration",
	"unsteady":          "unsteadiness", // "unsteady on her feet": Unsteadiness on feet (R26.81)
	// "Painful abdomen" is abdominal pain, not the Index's bare "Painful"
	// (R52); "tender abdomen" its tenderness.
	"painful": "pain", "tender": "tenderness"}

// allergyCodes maps what a patient is allergic to onto its allergy status
// code (Z88 drugs, Z91.0- other substances): a documented allergy is the
// status a coder reports, not an allergic reaction (T78.-) happening now.
var allergyCodes = byWord(map[string]string{
	"Z880":   "penicillin penicillins amoxicillin ampicillin augmentin",
	"Z881":   "cephalosporin cephalosporins cephalexin keflex ceftriaxone erythromycin azithromycin clarithromycin ciprofloxacin levofloxacin doxycycline tetracycline vancomycin clindamycin macrolides quinolones",
	"Z882":   "sulfa sulfonamide sulfonamides bactrim sulfamethoxazole",
	"Z884":   "anesthesia anesthetic anesthetics lidocaine",
	"Z885":   "codeine morphine oxycodone hydrocodone opiates opioids narcotics",
	"Z886":   "aspirin ibuprofen naproxen nsaid nsaids",
	"Z91041": "contrast iodine iodinated",
	"Z91040": "latex",
	"Z91010": "peanut peanuts",
	"Z91013": "shellfish shrimp",
	"Z91012": "egg eggs",
	"Z91030": "bee bees wasp wasps",
})

// allergyWords introduce what the patient is allergic to ("allergic to
// penicillin", "penicillin allergy").
var allergyWords = map[string]bool{"allergic": true, "allergy": true, "allergies": true}

// allergies adds the allergy status codes for the substances a sentence
// says the patient is allergic to: any it names in the Allergies section
// (listed), elsewhere those next to an allergy word. "No known drug
// allergies" gives none (negated).
func (e *Engine) allergies(s *sentence, text string, a asserted, fy int, listed bool, ms []mention) []mention {
	seen := map[string]bool{}
	for i, t := range s.toks {
		code, ok := allergyCodes[t.raw]
		if !ok || a.kind[i] == Negated || seen[code] {
			continue
		}
		if !listed && !allergyNear(s.toks, i) {
			continue
		}
		c := e.set.Lookup(app.ICD10CM, code)
		if c == nil || !c.Billable.Has(fy) {
			continue
		}
		seen[code] = true
		ms = append(ms, mention{sys: app.ICD10CM, code: code, complete: true, title: c.TitleIn(fy).Long,
			why: "allergy status: " + t.raw, conf: 0.5, sec: s.sec, assertion: Present,
			ev: Evidence{Page: s.page, Start: t.start, End: t.end, Text: text[t.start:t.end]}, rule: "allergy status code"})
	}
	return ms
}

// allergyNear reports an allergy word within three words of toks[i], or
// before it with only a list of allergens between ("allergic to sulfa,
// codeine and penicillin").
func allergyNear(toks []token, i int) bool {
	for k := max(0, i-3); k < min(len(toks), i+3); k++ {
		if allergyWords[toks[k].raw] {
			return true
		}
	}
	for k := i - 1; k >= 0; k-- {
		w := toks[k].raw
		if toks[k].punct != 0 && toks[k].punct != ',' {
			return false // "allergic to sulfa; penicillin given": the list ended
		}
		switch {
		case allergyWords[w]:
			return true
		case allergyCodes[w] != "" || w == "and" || w == "or" || w == "to":
		default:
			return false
		}
	}
	return false
}

// statusEntries are the hits a past operation's status code is found by:
// the Index's "Status (post)" and "History, personal" entries, and the
// Tabular's "Status post ..." inclusion terms.
var statusEntries = []string{"index: status (post) > ", "index: history > personal (of) > ", "inclusion term: status post ", "index: presence (of) > "}

// statusEntry reports a hit by one of entries (an Index path or inclusion
// term, as "index: status (post) > "), or by a title that starts with one
// of titles ("Presence of ").
func statusEntry(h search.Hit, fy int, entries []string, titles ...string) bool {
	why := strings.ToLower(h.Why)
	if strings.HasPrefix(why, "title: ") {
		title := h.Concept.TitleIn(fy).Long
		return slices.ContainsFunc(titles, func(t string) bool { return strings.HasPrefix(title, t) })
	}
	return slices.ContainsFunc(entries, func(p string) bool { return strings.HasPrefix(why, p) })
}

// operationWords are the words for an operation that leaves a status,
// besides the "-ectomy", "-ostomy" and "-plasty" words.
var operationWords = map[string]bool{"transplant": true, "transplantation": true, "bypass": true,
	"replacement": true, "amputation": true, "stent": true, "stenting": true, "pacemaker": true, "implant": true,
	// Not a PCS main term, but the word of a status the Index names
	// ("Status, bariatric surgery").
	"surgery": true}

// operation reports a word that names an operation leaving a status.
func operation(t qtok) bool {
	for _, w := range strings.Fields(strings.ToLower(t.text)) {
		if operationWords[w] {
			return true
		}
		for _, end := range []string{"ectomy", "ectomies", "ostomy", "plasty", "ostomies"} {
			if strings.HasSuffix(w, end) {
				return true
			}
		}
	}
	return false
}

// procedureStatus adds, for an operation the note says is past ("status
// post CABG", "history of total hysterectomy", "s/p left nephrectomy"),
// the status code it leaves (Z95.1, Z90.710, Z90.5): the operation is not
// coded again, the status it left is (§I.C.21.c.3).
func (e *Engine) procedureStatus(s *sentence, text string, q []qtok, a asserted, fy int, ms []mention) []mention {
	for i := range s.toks {
		if a.kind[i] != History || a.isCue[i] || (!e.isAnchor(q[i], true) && q[i].text != "surgery") || !operation(q[i]) ||
			heldDevices[heldWord(q[i])] && !heldEnds(s.toks, i, true) {
			// A device's word: not its "removal", not a colostomy's
			// "reversal".
			continue
		}
		// The operation's own words before it: "total", "left", "coronary
		// artery".
		lo := i
		for lo > 0 && i-lo < 3 && !a.isCue[lo-1] && s.toks[lo-1].punct == 0 && !breakWords[s.toks[lo-1].raw] && isContent(q[lo-1]) {
			lo--
		}
		var words []string
		for k := lo; k <= i; k++ {
			words = append(words, q[k].text)
		}
		said := strings.Join(words, " ")
		if stentAfter(s.toks, a, i) {
			// "Status post PCI with a drug-eluting stent": Status,
			// angioplasty, coronary artery, with implant (Z95.5).
			said += " with implant"
		}
		if strings.Contains(said, "arthroplasty") {
			// A total knee arthroplasty is a knee joint replacement.
			said = strings.ReplaceAll(said, "arthroplasty", "joint replacement")
		}
		saids := []string{said}
		if strings.Contains(said, "replacement") && saysAny(qtoks(said), jointWords) {
			// A joint replaced is a joint implant present: Presence (of),
			// knee-joint implant (Z96.65-); hormone replacement is none.
			saids = append(saids, strings.Replace(said, "replacement", "joint implant", 1))
		}
		h, query, found := e.statusHit(saids, q[i].text, fy)
		if head := heldWord(q[i]); !found && heldDevices[head] && (lo < i || heldAlone[head] || len(strings.Fields(q[i].text)) > 1) {
			// "History of left below knee amputation", "status post
			// coronary stent placement": the device or the absence left,
			// found as one the patient has.
			h, query, found = e.heldHit(said, head, fy)
		}
		if found {
			t0, t1 := s.toks[lo], s.toks[i]
			m := mention{sys: app.ICD10CM, code: h.Concept.Code, complete: true, title: h.Concept.TitleIn(fy).Long,
				why: h.Why, conf: 0.6, query: query, sec: s.sec, assertion: History, cue: a.cue[i],
				rule: "the status a past " + text[s.toks[i].start:s.toks[i].end] + " leaves",
				ev:   Evidence{Page: s.page, Start: t0.start, End: t1.end, Text: text[t0.start:t1.end]}}
			ms = append(ms, m)
		}
	}
	return ms
}

// stentAfter reports an operation said to have been done with a stent
// ("angioplasty with a drug-eluting stent", "PCI with placement of two
// stents"): the implant the status code names. Not one the note negates
// ("PCI with no stent").
func stentAfter(toks []token, a asserted, i int) bool {
	if toks[i].punct != 0 || i+1 >= len(toks) || toks[i+1].raw != "with" {
		return false
	}
	for k := i + 2; k < len(toks) && k <= i+7; k++ {
		if a.kind[k] == Negated {
			return false
		}
		switch toks[k].raw {
		case "stent", "stents", "stenting":
			return true
		}
		if toks[k].punct != 0 {
			return false
		}
	}
	return false
}

// jointWords name the joints an orthopedic implant replaces.
var jointWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields("joint knee hip shoulder elbow wrist ankle finger toe") {
		jointWords[search.Word(w)] = true
	}
}

// qtoks is text as lookup words.
func qtoks(text string) []qtok {
	var out []qtok
	for _, f := range strings.Fields(text) {
		out = append(out, qtok{text: f, norms: search.Words(f)})
	}
	return out
}

// otherSide reports a title naming a side (right, left, bilateral) the
// words do not say: "s/p total knee arthroplasty" is Z96.659, not the
// right knee's Z96.651.
func otherSide(title, said string) bool {
	ws, ts := search.Words(said), search.Words(title)
	for _, side := range []string{"right", "left", "bilateral"} {
		if w := search.Word(side); slices.Contains(ts, w) && !slices.Contains(ws, w) {
			return true // whole words: "cleft" is no left
		}
	}
	return false
}

// statusHit returns the first status code found whose entry the
// operation's words name (saids: as the note says them, then as the
// implant they leave; op, the operation's own word): the
// Index's "Status (post)", "History, personal" and "Presence (of)"
// entries, the Tabular's "Status post ..." inclusion terms and the titles
// of "Presence of ..." codes. "Left total knee replacement" is no
// artificial leg (Z97.12) for sharing "left".
func (e *Engine) statusHit(saids []string, op string, fy int) (search.Hit, string, bool) {
	for k, said := range saids {
		query, part := "status post "+said, 0.5
		if k > 0 {
			// The implant's whole entry said: a knee's, not a finger's;
			// with no side said, the unspecified side's code.
			query, part = "presence "+said, 1
			if !saysAny(qtoks(said), sideWords) {
				query += " unspecified"
			}
		}
		first := -1 // the first entry said in part, should none be said whole
		hits := e.search(app.ICD10CM, fy, query, 5)
		for n, h := range hits {
			why := strings.ToLower(h.Why)
			entry := statusEntry(h, fy, statusEntries, "Presence of ")
			need := part
			if strings.HasPrefix(why, "title: ") {
				need = min(part, 0.75) // a title's "artificial"
			}
			if op == "surgery" {
				need = 1 // which surgery: cataract surgery is no obesity surgery
			}
			if !entry || h.Concept.Code[0] != 'Z' || k == 0 && !e.names(h, fy, op) && !strings.Contains(said, "replacement") ||
				!e.names(h, fy, said) || !entrySaid(h, h.Concept.TitleIn(fy).Long, query, need) || otherSide(h.Concept.TitleIn(fy).Long, said) {
				continue
			}
			if need < 1 && !entrySaid(h, h.Concept.TitleIn(fy).Long, query, 1) {
				// "Status post PCI": "Status, angioplasty, coronary
				// artery" (Z98.61), said whole, before "Status,
				// prosthesis coronary angioplasty" (Z95.5), whose implant
				// the note does not name.
				if first < 0 {
					first = n
				}
				continue
			}
			return h, query, true
		}
		if first >= 0 {
			return hits[first], query, true
		}
	}
	return search.Hit{}, "", false
}
