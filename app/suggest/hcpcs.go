package suggest

import (
	"cmp"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"
	"github.com/codebench/codebench/app/terminology/search"
)

// A drug given in the office, the clinic or the emergency department is
// billed with its HCPCS Level II code and units: "ceftriaxone 1 g IM given"
// is J0696, "Injection, ceftriaxone sodium, per 250 mg", 4 units. The
// codes are read from the code set's own titles (the J codes that name an
// injection or infusion), never from a list of our own; what is ours is
// the few brand names offices write (brandNames) and the words that say a
// drug was given now rather than prescribed, planned or given elsewhere.
// In an inpatient stay the drugs are not coded (ICD-10-PCS leaves them to
// the pharmacy's charges), and none is proposed.

// drugFamily is the J codes of one drug as the code set names it: the
// same words, a dose each ("Injection, methylprednisolone acetate, 20
// mg", "..., 40 mg", "..., 80 mg").
type drugFamily struct {
	name     string   // as the titles write it: "methylprednisolone acetate"
	required []string // normalised words a note must say: the drug and its kind ("preservative free")
	salts    []string // normalised salt and ester words: said, they choose between families
	codes    []drugCode
}

// drugCode is one code of a family and the amount its one unit is.
type drugCode struct {
	code, title string
	amount      float64 // in the base unit of kind (mg, ml, units); 0 when the title gives none
	per         string  // as the title says it: "250 mg", "up to 1000 mcg", "500 ml"
	// from and to are the dates the code is valid (YYYY-MM-DD, "" when
	// the release gives none): J1040, methylprednisolone acetate 80 mg,
	// until March 2024; J1010, 1 mg, after.
	from, to string
	kind     doseKind
}

// doseKind is what a dose is measured in.
type doseKind uint8

const (
	noDose           doseKind = iota
	mass                      // milligrams
	volume                    // millilitres
	intlUnits                 // units (international units)
	milliequivalents          // mEq
)

func (k doseKind) String() string {
	switch k {
	case mass:
		return "mg"
	case volume:
		return "mL"
	case intlUnits:
		return "units"
	case milliequivalents:
		return "mEq"
	}
	return ""
}

// titleDose finds a J code title's dose: "per 250 mg", "up to 1000 mcg",
// "100,000 units", "1000 cc", "(500 ml = 1 unit)". The last one counts.
var titleDose = regexp.MustCompile(`(?i)(?:\bper |\bup to |\()?\b(\d[\d,]*(?:\.\d+)?)\s*(million units|mg|mcg|micrograms?|milligrams?|gm?|grams?|units?|iu|i\.u\.|ml|cc|meq|kiu|usp units)(?:\b|\.|$)`)

// notInjectedTitle finds a title of a drug not injected: by mouth, by
// inhalation, through a pump, an implant or an insert.
var notInjectedTitle = regexp.MustCompile(`\b(?:dme|oral|inhalation|implant|insert|ophthalmic|instillation|topical|vaginal|intrauterine|unclassified|not otherwise classified)\b`)

// romanLetters are the one-letter roman numerals a drug's name may end
// with (factor X, factor V).
var romanLetters = wordSet("i v x")

// numberedParens are a title's parentheses with a number in them.
var numberedParens = regexp.MustCompile(`\([^()]*\d[^()]*\)`)

// perUnit finds a title's unit with no amount: "per gm".
var perUnit = regexp.MustCompile(`(?i)\bper ()(gm?|mg|ml|cc|unit)\b`)

// saltWords are the salts and esters a drug's title names; a note that
// does not say one leaves open which of the drug's forms it was (a
// methylprednisolone acetate or sodium succinate), one that says it
// chooses.
var saltWords = wordSet(`sodium hcl hydrochloride acetate acetonide diacetate hexacetonide phosphate succinate
	sulfate tromethamine potassium cypionate enanthate undecanoate decanoate lactate mesylate citrate
	bromide chloride tartrate maleate fumarate gluconate benzathine procaine pamoate palmitate`)

// hclWord and hydrochlorideWord are one salt, as titles and notes write
// it both ways ("ondansetron hydrochloride", "Ondansetron HCl").
var hclWord, hydrochlorideWord = search.Word("hcl"), search.Word("hydrochloride")

// saltForm is a normalised word with hydrochloride written as hcl.
func saltForm(w string) string {
	if w == hydrochlorideWord {
		return hclWord
	}
	return w
}

// saltForms is ws with hydrochloride written as hcl (a copy if any is).
func saltForms(ws []string) []string {
	if !slices.Contains(ws, hydrochlorideWord) {
		return ws
	}
	ws = slices.Clone(ws)
	for j := range ws {
		ws[j] = saltForm(ws[j])
	}
	return ws
}

// localAnesthetics numb the site of a procedure; intravenousWord is the
// word of the one code of theirs given for itself (J2001, lidocaine for
// intravenous infusion).
var localAnesthetics, intravenousWord = wordSet("lidocaine bupivacaine ropivacaine mepivacaine chloroprocaine tetracaine"), search.Word("intravenous")

// drugFiller are words of a title's drug part that no note need say:
// "normal saline solution", "sterile".
var drugFiller = wordSet("solution sterile injection infusion aqueous human adrenalin injectable hyaluronan derivative derivitive")

// brandNames are the brand names offices write for the drugs they give
// most, as the J code titles name the drug; said, the title's words are
// said. Tokens as the note writes them.
var brandNames = map[string]string{
	"kenalog":           "triamcinolone acetonide",
	"depo-medrol":       "methylprednisolone acetate",
	"solu-medrol":       "methylprednisolone sodium succinate",
	"toradol":           "ketorolac tromethamine",
	"rocephin":          "ceftriaxone sodium",
	"decadron":          "dexamethasone sodium phosphate",
	"zofran":            "ondansetron hydrochloride",
	"phenergan":         "promethazine hcl",
	"benadryl":          "diphenhydramine hcl",
	"depo-provera":      "medroxyprogesterone acetate",
	"prolia":            "denosumab",
	"depo-testosterone": "testosterone cypionate",
	"solu-cortef":       "hydrocortisone sodium succinate",
	"lasix":             "furosemide",
	"b12":               "vitamin b-12 cyanocobalamin",
	"cyanocobalamin":    "vitamin b-12 cyanocobalamin",
	"ns":                "normal saline",
	"lr":                "ringers lactate",
	"d5ns":              "5% dextrose normal saline",
	"d5w":               "5% dextrose water",
	"dmpa":              "medroxyprogesterone acetate",
	"bicillin":          "penicillin g benzathine",
	"bicillin l-a":      "penicillin g benzathine",
	"bicillin c-r":      "penicillin g benzathine and penicillin g procaine",
	"venofer":           "iron sucrose",
	"injectafer":        "ferric carboxymaltose",
	"reglan":            "metoclopramide hcl",
	"compazine":         "prochlorperazine",
	"pepcid":            "famotidine",
	"ancef":             "cefazolin sodium",
	"unasyn":            "ampicillin sodium sulbactam sodium",
	"versed":            "midazolam hydrochloride",
	"dilaudid":          "hydromorphone",
	"haldol":            "haloperidol",
	"ativan":            "lorazepam",
	"geodon":            "ziprasidone mesylate",
	"cogentin":          "benztropine mesylate",
	"bentyl":            "dicyclomine hcl",
	"ofirmev":           "acetaminophen",
	"narcan":            "naloxone hydrochloride",
	"lovenox":           "enoxaparin sodium",
	"tylenol":           "acetaminophen",
	"motrin":            "ibuprofen",
	"zosyn":             "piperacillin sodium tazobactam sodium",
	"keppra":            "levetiracetam",
	"lupron":            "leuprolide acetate",
	"vivitrol":          "naltrexone depot form",
	"rhogam":            "rho d immune globulin full dose",
}

// brands are brandNames by their key (brandKey).
var brands = map[string]string{}

func init() {
	for b, g := range brandNames {
		brands[brandKey(b)] = g
	}
}

// brandKey is a brand name as the note may write it, without its hyphens
// and spaces: "Depo-Provera", "Depo Provera" and "Depoprovera" alike.
func brandKey(s string) string {
	return strings.NewReplacer("-", "", " ", "").Replace(s)
}

// buildDrugs reads the code set's HCPCS J codes for an injection or an
// infusion into families, by the first word a note must say of each.
func buildDrugs(set *terminology.Set) map[string][]*drugFamily {
	byKind := map[string]*drugFamily{} // by required and salt words: "normal saline solution" and its "sterile" one are one drug
	var order []*drugFamily
	for r := range set.RowsWithPrefix(app.HCPCS, "J") {
		c := r.Concept()
		if c == nil || len(c.Titles) == 0 {
			continue
		}
		name, dc, ok := drugTitle(c.Code, c.Latest().Long)
		if !ok {
			continue
		}
		dc.code, dc.from, dc.to = c.Code, c.Start(), c.Termination
		f := &drugFamily{name: name}
		for _, part := range strings.Split(name, ", ") {
			// "For subcutaneous injection": a route, said or not.
			route := strings.HasPrefix(part, "for ")
			for _, w := range search.ContentWords(part) {
				w = saltForm(w)
				switch {
				case slices.Contains(f.salts, w) || slices.Contains(f.required, w):
				case saltWords[w] || len(w) == 1 && !romanLetters[w] || route:
					// A letter names a form too: penicillin G, not V (a
					// roman numeral names the drug: factor X).
					f.salts = append(f.salts, w)
				case !drugFiller[w]:
					f.required = append(f.required, w)
				}
			}
		}
		if len(f.required) == 0 {
			// "Potassium chloride": the salt is the drug.
			f.required, f.salts = f.salts, nil
		}
		if len(f.required) == 0 {
			continue
		}
		k := strings.Join(f.required, " ") + "|" + strings.Join(f.salts, " ")
		if g := byKind[k]; g != nil {
			f = g
		} else {
			byKind[k] = f
			order = append(order, f)
		}
		f.codes = append(f.codes, dc)
	}
	out := map[string][]*drugFamily{}
	for _, f := range order {
		slices.SortStableFunc(f.codes, func(a, b drugCode) int { return cmp.Compare(a.amount, b.amount) })
		// By the drug's first word, not a route the title starts with
		// ("Injection, iv, urokinase").
		at := slices.IndexFunc(f.required, func(w string) bool { return !routeWords[w] })
		if at < 0 {
			continue
		}
		out[f.required[at]] = append(out[f.required[at]], f)
	}
	return out
}

// drugTitle reads a J code's title: the drug's name (its words without
// the doses, "Injection," and "not otherwise specified") and the amount of
// one unit. The title's last dose is the unit ("Injection, testosterone
// cypionate, 1 cc, 200 mg"), or a "(500 ml = 1 unit)"; doses of two drugs
// ("betamethasone acetate 3 mg and betamethasone sodium phosphate 3 mg",
// "1 g/0.125 g") are the one in parentheses after them ("(1.125 g)"), or
// none the units can be counted by. Not a title that names no injection
// or infusion (implants, inhalation solutions, oral drugs, supplies).
func drugTitle(code, title string) (string, drugCode, bool) {
	t := title
	lower := strings.ToLower(t)
	var rest string
	for _, p := range []string{"injection, ", "infusion, ", "injection "} {
		if strings.HasPrefix(lower, p) {
			rest = t[len(p):]
			break
		}
	}
	if rest == "" {
		// "Ringers lactate infusion, up to 1000 cc", "5% dextrose/normal
		// saline (500 ml = 1 unit)": the fluids, by the litre; "Ustekinumab,
		// for subcutaneous injection, 1 mg", "Leuprolide injectable,
		// camcevi, 1 mg": a drug for injection; a chemotherapy drug (J9),
		// all injected ("Methotrexate sodium, 5 mg").
		name, _, _ := strings.Cut(lower, ",")
		name, _, _ = strings.Cut(name, "(")
		switch {
		case notInjectedTitle.MatchString(lower):
			return "", drugCode{}, false
		case strings.HasSuffix(strings.TrimSpace(name), " infusion"), strings.Contains(lower, "ml = 1 unit"),
			forInjection.MatchString(lower), strings.HasSuffix(strings.TrimSpace(name), " injectable"),
			strings.HasPrefix(code, "J9") && !strings.HasPrefix(code, "J99"):
		default:
			return "", drugCode{}, false
		}
		rest = t
	}
	if i := strings.Index(strings.ToLower(rest), "(code may be used"); i >= 0 {
		rest = rest[:i] // Medicare's remark on who gives it, not the drug
	}
	dc := drugCode{title: title}
	locs := titleDose.FindAllStringSubmatchIndex(rest, -1)
	if len(locs) == 0 {
		locs = perUnit.FindAllStringSubmatchIndex(rest, -1) // "per gm"
	}
	var unit []int
	var joined bool // doses of two drugs: "3 mg and ... 3 mg", "1 g/0.125 g"
	for k, l := range locs {
		paren := rest[l[0]] == '('
		if paren && strings.Contains(rest[l[1]:min(len(rest), l[1]+12)], "= 1 unit") {
			unit = l // "(500 ml = 1 unit)"
			break
		}
		if k > 0 {
			between := strings.ToLower(rest[locs[k-1][1]:l[0]])
			joined = joined || strings.Contains(between, " and ") || strings.Contains(between, "/")
		}
		if paren && joined || !paren && !joined {
			unit = l
		}
	}
	if joined && unit != nil && rest[unit[0]] != '(' {
		unit = nil
	}
	if unit != nil {
		n := 1.0 // "per gm"
		if unit[3] > unit[2] {
			n, _ = strconv.ParseFloat(strings.ReplaceAll(rest[unit[2]:unit[3]], ",", ""), 64)
		}
		dc.amount, dc.kind = toBase(n, strings.ToLower(rest[unit[4]:unit[5]]))
		dc.per = strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(rest[unit[0]:unit[1]], "("), "per "), "Per ")
		if dc.kind == noDose {
			dc.per = ""
		}
	}
	// The name is the title without its doses, a parenthesis with a
	// number ("(500 ml = 1 unit)", "(1500 i.u.)"; not "(azmiro)") and what
	// follows the last dose.
	named := numberedParens.ReplaceAllString(rest, "")
	locs = titleDose.FindAllStringIndex(named, -1)
	var b strings.Builder
	from := 0
	for _, l := range locs {
		b.WriteString(named[from:l[0]])
		from = l[1]
	}
	if len(locs) > 0 {
		tail := named[from:]
		if i := strings.IndexAny(tail, ",("); i >= 0 {
			tail = tail[:i] // "(1500 i.u.)", ", 1 mg" gone; "and hyaluronidase" stays
		}
		b.WriteString(tail)
	} else {
		b.WriteString(perUnit.ReplaceAllString(named, ""))
	}
	var parts []string
	for _, p := range strings.Split(b.String(), ",") {
		p = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(p), "("))
		switch lp := strings.ToLower(p); {
		case p == "", lp == "not otherwise specified", lp == "nos", lp == "per", lp == "up to",
			strings.HasPrefix(lp, "per "), // "per vial", "per therapeutic dose"
			!strings.ContainsFunc(lp, func(r rune) bool { return r >= 'a' && r <= 'z' }):
			continue
		default:
			parts = append(parts, lp)
		}
	}
	if len(parts) == 0 {
		return "", drugCode{}, false
	}
	return strings.Join(parts, ", "), dc, true
}

// forInjection finds a title that says its drug is for injection or
// infusion without starting "Injection,": "for subcutaneous injection",
// "for intra-articular injection".
var forInjection = regexp.MustCompile(`\bfor (?:[a-z-]+ )?(?:injection|infusion)\b`)

// toBase converts an amount to its kind's base unit.
func toBase(n float64, unit string) (float64, doseKind) {
	switch unit {
	case "mg", "milligram", "milligrams":
		return n, mass
	case "mcg", "microgram", "micrograms", "ug":
		return n / 1000, mass
	case "g", "gm", "gram", "grams":
		return n * 1000, mass
	case "ml", "cc", "milliliter", "milliliters", "millilitre", "millilitres":
		return n, volume
	case "l", "liter", "liters", "litre", "litres":
		return n * 1000, volume
	case "unit", "units", "iu", "i.u.", "u":
		return n, intlUnits
	case "million units":
		return n * 1e6, intlUnits
	case "meq":
		return n, milliequivalents
	}
	return 0, noDose
}

// givenWords say the drug was given at the visit; routeWords how, which
// with "today" or "in office" says so too; routeWords and injectedWords
// say it was not swallowed (a J code is an injection's or an infusion's).
var (
	givenWords    = rawSet("given gave administered injected infused received got performed treated done")
	routeWords    = rawSet("im iv ivp ivpb sq subq sub-q subcut sc subcutaneous subcutaneously intramuscular intramuscularly intravenous intravenously intra-articular intraarticular bolus push")
	hereAndNow    = rawSet("today now office clinic")
	injectedWords = rawSet("injection injections injected infusion infused shot gluteus gluteal deltoid buttock ventrogluteal")
	// notGiven are the words that make a drug named in its clause one
	// prescribed, planned, refused, not given, given before or
	// elsewhere, or by another route: not this visit's injection.
	notGiven = rawSet(`prescribed prescription prescriptions rx refill refills refilled daily bid tid qid qhs qd prn
		continue continues continued home will plan planned
		schedule scheduled next recommend recommended consider considering considered discussed offered declined
		declines refused refuses held hold deferred allergic allergy allergies yesterday ago last previously
		outside pharmacy not unable contraindicated should can could would may might if unless be
		education information sheet handout instructions counseled counseling
		been every another elsewhere monthly weekly quarterly
		ems prehospital pre-hospital osh pcp eloped pending asked requested requests return tomorrow follow
		paramedics paramedic ambulance scene referring facility hospitalization previous unavailable
		level levels trough peak serum screen kvo ordered order orders
		irrigated irrigation irrigate flush flushed lock wound
		husband wife partner spouse boyfriend girlfriend roommate
		monday tuesday wednesday thursday friday saturday sunday january february march april june july august
		september october november december`)
	// notInjected are the routes and forms of a drug not injected: they
	// say so of their own drug only ("Rocephin 500 mg IM and azithromycin
	// 1 g po given").
	notInjected = rawSet(`po orally oral mouth tablet tablets tab tabs capsule capsules odt sublingual sl chewable
		suppository rectal rectally pr topical topically inhaled nebulized nebulizer neb intranasal nasal ophthalmic
		drops drop gel spray patch cream ointment inhaler`)
	// givenBefore are the words after which "given" means "in view of"
	// ("contraindicated given his kidney disease").
	givenBefore = rawSet("his her their the that this its these those patient's known recent ongoing current concern concerns risk history age how")
	// indicationWords end what a drug's clause says of the drug: the
	// words after them say why ("Toradol given for daily headaches").
	indicationWords = rawSet("for because secondary")
	// listWords may stand between the drugs of a list with one verb
	// ("Benadryl 50 mg IV and Solu-Medrol 125 mg IV given").
	listWords = rawSet("and with x of plus then followed by as well along reconstituted mixed diluted combined")
)

// drugUse is one drug a sentence names: its words toks[i:end], the rest
// of what the sentence says of it toks[wlo:whi], and its families.
type drugUse struct {
	i, end, wlo, whi int
	head             string
	said             []string
	fams             []*drugFamily
}

// administered adds the HCPCS codes of the drugs the sentence says were
// given at this visit (day, the date of service, YYYY-MM-DD), outside
// inpatient care.
func (e *Engine) administered(s *sentence, text string, a asserted, setting app.EncounterType, day string, ms []mention) []mention {
	if setting == app.Inpatient || len(e.drugFamilies) == 0 {
		return ms
	}
	switch s.sec {
	case NoSection, Assessment, Procedures, HospitalCourse:
	default:
		return ms // a medication list, the history, the exam: not what was given now
	}
	toks := s.toks
	uses := e.drugUses(toks)
	for k, u := range uses {
		if !assertedNow(toks, a, u.i) || !givenNow(toks, uses, k, s.sec, s.plan, setting, day) {
			continue
		}
		said := slices.Clone(u.said)
		for x := max(u.wlo, u.i-2); x < u.whi; x++ {
			if x < u.i || x >= u.end {
				w, _, _ := e.drugAt(toks, x)
				said = append(said, w...)
			}
		}
		next := -1 // the next drug, whose dose may be right before it
		if k+1 < len(uses) {
			next = uses[k+1].i
		}
		dose, kind, dlo, dhi := doseNear(toks, u.i, u.end, u.whi, next)
		doseText := ""
		if dhi > 0 {
			doseText = text[toks[dlo].start:toks[dhi-1].end]
			_, clause := clauseOf(toks, dhi-1)
			if n := times(toks, dhi, min(u.whi, clause)); n > 1 {
				// "Zofran 4 mg IV given x2", "repeated": the doses given.
				dose *= float64(n)
				doseText = fmt.Sprintf("%s given %d times", doseText, n)
			}
		}
		conc, concText := 0.0, ""
		if kind == volume {
			conc, concText = concentration(text, toks, u.end, u.whi)
			if conc == 0 {
				conc, concText = brandStrength(toks[u.i].raw)
			}
			from := max(dhi, u.end)
			if m, mk, _, mhi := doseNear(toks, from-1, from, min(from+5, u.whi), next); mk == mass {
				// "1.5 mL (300 mg)": the mass given.
				dose, kind, conc = m, mass, 0
				doseText = text[toks[dlo].start:toks[mhi-1].end]
			}
		}
		chosen := chooseFamilies(u.fams, said, u.said, day)
		for _, f := range chosen {
			dose, kind, doseText := dose, kind, doseText
			if conc > 0 && !f.measures(volume, day) {
				// "0.5 mL Kenalog 40 mg/mL": 20 mg of a code counted in mg.
				dose, kind = dose*conc, mass
				doseText = fmt.Sprintf("%s of %s (%s mg)", doseText, concText, strconv.FormatFloat(dose, 'f', -1, 64))
			}
			dc, units := f.pick(dose, kind, day)
			why := fmt.Sprintf("HCPCS title: %s; %s", dc.title, unitsSaid(dc, doseText, kind, units))
			less := len(chosen) > 1
			if less {
				why += fmt.Sprintf("; the note does not say which form of %s (%d codes name it)", u.head, len(chosen))
			}
			if !injected(toks, uses, k, s.sec) && !(dc.kind == volume && strings.HasPrefix(dc.code, "J7")) {
				// "Diphenhydramine given": by mouth as often as not.
				why += "; the note does not say it was injected or infused"
				less = true
			}
			if units == 0 && dc.kind == volume && f.measures(volume, day) && len(f.codes) > 1 {
				// "NS bolus", "NS KVO": which size of bag is the coder's to
				// find.
				why += "; the note gives no volume"
				less = true
			}
			if localAnesthetics[u.head] && !slices.Contains(f.required, intravenousWord) {
				// Lidocaine for a laceration's repair or with a joint's
				// injection numbs for the procedure, whose code includes it.
				why += "; a local anesthetic is part of the procedure it numbs, not billed apart"
				less = true
			}
			// The evidence is the drug's name and, right beside it, its
			// dose.
			from, to := toks[u.i].start, toks[u.end-1].end
			if dhi > 0 && dlo <= u.end+3 {
				from, to = min(from, toks[dlo].start), max(to, toks[dhi-1].end)
			}
			ms = append(ms, mention{sys: app.HCPCS, code: dc.code, complete: true, title: dc.title, why: why,
				conf: 0.7 + 0.05*float64(min(units, 1)), sec: s.sec, assertion: Present, query: text[toks[u.i].start:toks[u.end-1].end], tail: less, units: units,
				ev: Evidence{Page: s.page, Start: from, End: to, Text: text[from:to]}})
		}
	}
	return ms
}

// contraceptiveShot adds the encounter's reason for an injectable
// contraceptive given at the visit, ms[from:] holding the sentence's
// drugs given: medroxyprogesterone acetate (J1050) at a contraceptive
// dose (150 mg IM, 104 mg subcutaneous; 400 mg/mL is the oncology one) or
// said to be for contraception. A first one is its initial prescription
// ("Contraception, initial prescription, injectable": Z30.013), else its
// surveillance ("Contraception, maintenance, injectable": Z30.42).
func (e *Engine) contraceptiveShot(s *sentence, text string, fy int, ms []mention, from int) []mention {
	for _, m := range ms[from:] {
		if m.sys != app.HCPCS || m.code != "J1050" || m.tail {
			continue
		}
		said := false // "for contraception", "for birth control" (not "date of birth")
		for k, t := range s.toks {
			said = said || strings.HasPrefix(t.raw, "contracept") || matchWords(s.toks, k, birthControl)
		}
		at := 0 // the drug's first word
		for k, x := range s.toks {
			if x.start >= m.ev.Start {
				at = k
				break
			}
		}
		if !said && (m.units < 104 || m.units > 150 || otherPurpose(s.toks, at)) {
			// "given for abnormal uterine bleeding", "for endometriosis":
			// a treatment, not a contraceptive.
			continue
		}
		code, why := "Z3042", "index: Contraception, contraceptive > maintenance > injectable"
		for k := max(0, at-3); k < min(len(s.toks), at+4); k++ {
			if firstShot[s.toks[k].raw] {
				// "first Depo-Provera injection", "Depo-Provera
				// initiated": its initial prescription.
				code, why = "Z30013", "index: Contraception, contraceptive > initial prescription > injectable"
			}
		}
		t := s.toks[at]
		if z, ok := e.statusMention(code, why, "an injectable contraceptive given at the visit", s, text, t, fy); ok {
			z.ev = m.ev
			ms = append(ms, z)
		}
	}
	return ms
}

var birthControl = []string{"birth", "control"}

// firstShot, near the drug, says an injectable contraceptive is the
// patient's first.
var firstShot = rawSet("first initial initiate initiated initiating")

// otherPurpose reports "for" and what the drug at toks[i] treats, in its
// clause: "given for abnormal uterine bleeding"; not "for contraception",
// "for her injection", "for birth control".
func otherPurpose(toks []token, i int) bool {
	lo, hi := clauseOf(toks, i)
	for k := lo; k+1 < hi; k++ {
		if toks[k].raw == "for" && !purposeOK[toks[k+1].raw] && !strings.HasPrefix(toks[k+1].raw, "contracept") {
			return true
		}
	}
	return false
}

// purposeOK may follow "for" beside a contraceptive injection.
var purposeOK = rawSet("her the a an birth injection injections shot shots depo depo-provera repeat next pregnancy")

// assertedNow reports the drug at toks[i] present for the assertion cues:
// not negated by a cue in its own clause ("no Toradol given"; "pain not
// relieved, morphine 4 mg IV given" is given), nor history or family.
func assertedNow(toks []token, a asserted, i int) bool {
	switch a.kind[i] {
	case Present:
		return true
	case Negated:
		lo, _ := clauseOf(toks, i)
		return !slices.Contains(a.isCue[lo:i], true)
	}
	return false
}

// drugUses finds the drugs toks names, each with its words: a drug's name
// runs on over the words its families have ("iron dextran", "penicillin G
// benzathine"); what the sentence says of it runs from its clause's start
// (or the drug before it) to the next drug of its part of the sentence.
func (e *Engine) drugUses(toks []token) []drugUse {
	var uses []drugUse
	for i := 0; i < len(toks); i++ {
		said, head, n := e.drugAt(toks, i)
		fams := e.drugFamilies[head]
		if head == "" || len(fams) == 0 {
			continue
		}
		// The drug's name runs back over words of its families too
		// ("benzathine penicillin").
		start := i
		for start > 0 && toks[start-1].punct == 0 && (len(uses) == 0 || uses[len(uses)-1].end < start) {
			w, _, _ := e.drugAt(toks, start-1)
			if !slices.ContainsFunc(fams, func(f *drugFamily) bool {
				return slices.ContainsFunc(w, func(x string) bool { return slices.Contains(f.salts, x) })
			}) {
				break
			}
			said = append(said, w...)
			start--
		}
		end := i + n
		for end < len(toks) && toks[end-1].punct == 0 {
			w, _, m := e.drugAt(toks, end)
			if !slices.ContainsFunc(fams, func(f *drugFamily) bool {
				return slices.ContainsFunc(w, func(x string) bool { return slices.Contains(f.required, x) || slices.Contains(f.salts, x) })
			}) {
				break
			}
			said = append(said, w...)
			end += m
		}
		u := drugUse{i: start, end: end, head: head, said: said, fams: fams}
		if n := len(uses); n > 0 && e.partOfDrug(toks, uses[n-1], u) {
			// "Ceftriaxone (Rocephin) 1 g", "lidocaine 2% with
			// epinephrine", "Rocephin 1 g IV in 100 mL NS": one drug.
			uses[n-1].said = append(uses[n-1].said, said...)
			i = end - 1
			continue
		}
		uses = append(uses, u)
		i = end - 1
	}
	for k := range uses {
		u := &uses[k]
		u.wlo, _ = clauseOf(toks, u.i)
		if k > 0 && uses[k-1].end > u.wlo {
			// After the drug before it and what it says of that one: its
			// dose and route ("Tylenol 1 g PO and Toradol 30 mg IV").
			u.wlo = uses[k-1].end
			for u.wlo < u.i && (isDoseWord(toks[u.wlo].raw) || routeWords[toks[u.wlo].raw] || notInjected[toks[u.wlo].raw]) && toks[u.wlo-1].punct == 0 {
				u.wlo++
			}
		}
		for x := u.i - 1; x > u.wlo; x-- {
			if newClause(toks, x) {
				u.wlo = x + 1 // "Depo-Medrol was unavailable so Kenalog 40 mg was injected"
				break
			}
		}
		_, u.whi = partOf(toks, u.i)
		if k+1 < len(uses) && uses[k+1].i < u.whi {
			u.whi = uses[k+1].i
		}
	}
	return uses
}

// partOfDrug reports a drug v the sentence names as part of drug u before
// it: the same drug named again, in parentheses or after its dose
// ("Ceftriaxone (Rocephin) 1 g", "Ondansetron 4 mg (Zofran)"); a drug
// after "with" that u's codes name with it ("lidocaine with
// epinephrine"), or with a local anesthetic, whose epinephrine numbs too;
// a fluid the drug is given in ("Rocephin 1 g IV in 100 mL NS").
func (e *Engine) partOfDrug(toks []token, u, v drugUse) bool {
	between := toks[u.end:v.i]
	onlyDose := !slices.ContainsFunc(between, func(t token) bool { return !isDoseWord(t.raw) && !routeWords[t.raw] })
	fluid := !slices.ContainsFunc(v.fams, func(f *drugFamily) bool { return !f.measures(volume, "") })
	switch {
	case v.head == u.head && onlyDose:
		// Not across a clause's end: "requested Toradol; Toradol 30 mg
		// IV given" names it twice.
		return !slices.ContainsFunc(toks[u.end-1:v.i], func(t token) bool { return clauseEnd(t) || t.punct == ':' })
	case slices.ContainsFunc(between, func(t token) bool { return t.raw == "with" }) &&
		(localAnesthetics[u.head] || slices.ContainsFunc(u.fams, func(f *drugFamily) bool { return slices.Contains(f.required, v.head) })):
		return !slices.ContainsFunc(between, clauseEnd)
	case fluid && len(between) <= 8 && slices.ContainsFunc(between[max(0, len(between)-3):], func(t token) bool { return t.raw == "in" }) &&
		!slices.ContainsFunc(toks[u.end-1:v.i], clauseEnd):
		// "In 100 mL NS", right before the fluid, in one clause; not
		// "Zofran 4 mg IV given in triage, 1 L NS bolus".
		return true
	}
	return false
}

// times is how many doses toks[from:to] says were given: "x2", "x 2",
// "twice", "repeated"; not "x 3 days", a course.
func times(toks []token, from, to int) int {
	for k := from; k < to; k++ {
		raw := toks[k].raw
		switch {
		case raw == "twice", raw == "repeated", raw == "repeat" && k > 0 && toks[k-1].raw == "with":
			return 2
		case raw == "times" && k > 0:
			if n, ok := countWords[toks[k-1].raw]; ok {
				return n // "three times"
			}
		case raw == "x" && k+1 < to && isNumber(toks[k+1].raw):
			if k+2 < len(toks) && courseWords[toks[k+2].raw] {
				return 1
			}
			return int(mustFloat(toks[k+1].raw))
		case strings.HasPrefix(raw, "x") && len(raw) > 1 && isNumber(raw[1:]):
			if k+1 < len(toks) && courseWords[toks[k+1].raw] {
				return 1
			}
			return int(mustFloat(raw[1:]))
		}
	}
	return 1
}

// countWords are the counts of doses a note spells out.
var countWords = map[string]int{"two": 2, "three": 3, "four": 4, "2": 2, "3": 3, "4": 4}

// courseWords say a "x 3" is days of a course, not doses given now.
var courseWords = rawSet("day days week weeks month months")

// drugAt gives the normalised words toks[k] says of a drug (a brand name
// says its generic's: "Kenalog", "Kenalog-40", "Depo Medrol"), the first
// of them ("" when none), and how many tokens say it.
func (e *Engine) drugAt(toks []token, k int) ([]string, string, int) {
	raw := toks[k].raw
	if k+1 < len(toks) && toks[k].punct == 0 {
		if g, ok := brands[brandKey(raw+toks[k+1].raw)]; ok {
			ws := saltForms(search.ContentWords(g))
			return ws, brandHead(ws), 2 // "Depo Medrol", "Solu Medrol", "Bicillin L-A"
		}
	}
	g, ok := brands[brandKey(raw)] // "B-12"
	if b, n, cut := strings.Cut(raw, "-"); !ok && cut && isNumber(n) {
		g, ok = brands[brandKey(b)] // "Kenalog-40"
	}
	if ok {
		ws := saltForms(search.ContentWords(g))
		return ws, brandHead(ws), 1
	}
	if len(toks[k].norms) == 0 || isNumber(toks[k].raw) {
		return nil, "", 1
	}
	ws := saltForms(toks[k].norms)
	return ws, ws[0], 1
}

// formWords name a drug's form that the code of its plain form is not
// ("buprenorphine extended-release" is not J0592, buprenorphine
// hydrochloride).
var formWords = wordSet("extended-release extended liposome liposomal depot pegylated microsphere long-acting")

// chooseFamilies gives the families of a drug the note's words say
// (said; own, the drug's name's, for its salts): those whose every
// required word is said, the most specific of
// them ("lidocaine with epinephrine" is not the plain lidocaine), and of
// those, when a salt is said, the ones that name the most of the said
// salts and the fewest others (penicillin G benzathine is not its mix
// with the procaine one); a salt said that none of them names is another
// form, none of them; none said, the drug's plain form, if it has one.
// Only codes valid on day count. More than one left:
// the note does not say which.
func chooseFamilies(fams []*drugFamily, said, own []string, day string) []*drugFamily {
	var out []*drugFamily
	most := 0
	for _, f := range fams {
		if !isSubset(f.required, said) || !slices.ContainsFunc(f.codes, func(c drugCode) bool { return c.validOn(day) }) ||
			slices.ContainsFunc(said, func(w string) bool {
				return formWords[w] && !slices.Contains(f.required, w) && !slices.Contains(f.salts, w)
			}) {
			continue
		}
		switch {
		case len(f.required) > most:
			out, most = []*drugFamily{f}, len(f.required)
		case len(f.required) == most:
			out = append(out, f)
		}
	}
	saltsOf := func(f *drugFamily) (in, other int) {
		for _, w := range f.salts {
			// A route ("for subcutaneous injection") may be said anywhere.
			if slices.Contains(own, w) || routeWords[w] && slices.Contains(said, w) {
				in++
			} else {
				other++
			}
		}
		return in, other
	}
	bestIn, bestOther := 0, math.MaxInt
	for _, f := range out {
		in, other := saltsOf(f)
		if in > bestIn || in == bestIn && in > 0 && other < bestOther {
			bestIn, bestOther = in, other
		}
	}
	if bestIn == 0 {
		plain := slices.DeleteFunc(slices.Clone(out), func(f *drugFamily) bool { return len(f.salts) > 0 })
		switch {
		case len(plain) > 0:
			// "Haloperidol", "haloperidol lactate": the plain one, not
			// the decanoate, which a note names.
			return plain
		case slices.ContainsFunc(own, func(w string) bool { return saltWords[w] }):
			// "Magnesium citrate": a form none of the drug's codes is.
			return nil
		}
		return out
	}
	return slices.DeleteFunc(out, func(f *drugFamily) bool {
		in, other := saltsOf(f)
		return in != bestIn || other != bestOther
	})
}

// brandHead is the word of a brand's generic its families are found by:
// its first word of more than one letter that is no number ("5% dextrose
// normal saline": dextrose).
func brandHead(ws []string) string {
	if i := slices.IndexFunc(ws, func(w string) bool { return len(w) > 1 && !isNumber(w) }); i >= 0 {
		return ws[i]
	}
	return ""
}

// givenNow reports whether the sentence says uses[k] was given at this
// visit. Its own clause says so with a verb ("given", "injected"), or a
// later clause of its words with no word against it ("Ceftriaxone 500 mg
// IM, given in clinic"; "Toradol 60 mg IM given, will follow up" keeps
// Toradol given); with none, a neighbour in its list whose words are only
// a drug's name, dose and route ("Benadryl 50 mg IV and Solu-Medrol 125 mg
// IV given"); with no verb at all, a procedure note's section, an
// emergency department's course, or a route with "today" or "in clinic".
// Not what its own clause, or its list, says was prescribed, planned,
// refused, not given, given before or elsewhere (against), nor its own
// notInjected route; under a plan heading only a verb or a route with
// "today" does. A refusal said of no drug ("Toradol 30 mg IV; patient
// refused") is of the drugs before it.
func givenNow(toks []token, uses []drugUse, k int, sec Section, plan bool, setting app.EncounterType, day string) bool {
	// window reads what uses[j]'s words say, clause by clause: blocked by
	// a word against it in its first clause (or, its own, a notInjected
	// one), a verb, only a list's words, a route, a "today".
	window := func(j int, own bool) (blocked, verb, list, route, now bool) {
		u := uses[j]
		list = true
		first := true
		clauseBlocked, clauseVerb, withdrawn := false, false, false
		// end closes a clause: blocked if it is the drug's own, else the
		// rest is on another matter.
		end := func() (done, blocked bool) {
			switch {
			case clauseBlocked && (first || withdrawn):
				return true, true
			case clauseBlocked:
				return true, false
			}
			verb = verb || clauseVerb
			first, clauseVerb = false, false
			return false, false
		}
		for x := u.wlo; x < u.whi; x++ {
			t := toks[x]
			if x >= u.end && (indicationWords[t.raw] || newClause(toks, x)) {
				// "… given for daily headaches", "… given and she may
				// return to school": what follows is another matter.
				if done, b := end(); done {
					return b, verb && !b, list, route, now
				}
				if indicationWords[t.raw] {
					return false, verb, list, route, now
				}
			}
			if against(toks, x, setting, day) || notInjected[t.raw] && own && x >= u.i {
				clauseBlocked = true
				// "…, then held": the drug itself withdrawn, whichever
				// clause says it.
				withdrawn = withdrawn || withdrawnWords[t.raw]
			}
			clauseVerb = clauseVerb || givenWords[t.raw] && !(t.raw == "given" && x+1 < len(toks) && givenBefore[toks[x+1].raw] && !startsDrug(uses, x+2)) ||
				// "Injection: Toradol 60 mg IM", "left knee injection:
				// Kenalog 40 mg", "trigger point injection with 1 mL
				// lidocaine": the procedure's record.
				injectedWords[t.raw] && x < u.i && (t.punct == ':' || x+1 < len(toks) && (toks[x+1].raw == "with" || toks[x+1].raw == "of"))
			route = route || routeWords[t.raw]
			now = now || hereAndNow[t.raw]
			list = list && u.listWord(toks, x)
			if clauseEnd(t) || x == u.whi-1 {
				if done, b := end(); done {
					return b, verb && !b, list, route, now
				}
			}
		}
		return false, verb || clauseVerb, list, route, now
	}
	blocked, verb, list, route, now := window(k, true)
	switch {
	case blocked:
		return false
	case verb:
		return true
	case refusedAfter(toks, uses, k):
		return false
	case list:
		// A list's one verb, after it or before it.
		for _, step := range []int{1, -1} {
			for j := k + step; j >= 0 && j < len(uses); j += step {
				b, v, l, r, n := window(j, false)
				if b {
					if tokensInClause(toks, uses[j].i, uses[k].i) {
						return false // "Benadryl 50 mg IV and Solu-Medrol 125 mg IV prescribed"
					}
					break // another item: "…, then prescribed Zofran ODT"
				}
				if v {
					return true
				}
				route, now = route || r, now || n
				if !l {
					break
				}
			}
		}
	}
	switch {
	case route && now:
		return true
	case plan:
		return false
	}
	// An emergency department's course lists what was given there
	// ("ED COURSE: Zofran 4 mg IV, Toradol 30 mg IV, 1 L NS").
	return sec == Procedures || sec == HospitalCourse && setting == app.Emergency
}

// newClause reports toks[x], a conjunction that starts a clause of its
// own: "and she may return", "which", "but", "so".
func newClause(toks []token, x int) bool {
	switch toks[x].raw {
	case "which", "but", "so", "although", "though":
		return true
	case "and":
		return x+1 < len(toks) && subjects[toks[x+1].raw]
	}
	return false
}

// subjects start a clause of their own after "and".
var subjects = rawSet("she he they we i patient pt it her his mother father parent parents")

// listWord reports toks[x], a word of u's that a list of drugs given with
// one verb has: the drug's name, its dose and route, "and", "x2".
func (u drugUse) listWord(toks []token, x int) bool {
	raw := toks[x].raw
	return x >= u.i && x < u.end || listWords[raw] || routeWords[raw] || isDoseWord(raw) || timesWord(raw)
}

// timesWord reports "x2", "x" or "twice": how many doses, in a list.
func timesWord(raw string) bool {
	return raw == "x" || raw == "twice" || strings.HasPrefix(raw, "x") && isNumber(raw[1:])
}

// against reports toks[x], a word that makes the drug of its clause one
// not given at this visit (notGiven, a date, "prior to arrival", another
// place): "at the health department", "at urgent care", "at the ER" (but
// in an emergency department's own note); "discharged home" is not home.
func against(toks []token, x int, setting app.EncounterType, day string) bool {
	t := toks[x].raw
	prev := ""
	if x > 0 {
		prev = toks[x-1].raw
	}
	switch {
	case t == "home":
		return prev != "discharged" && prev != "sent" && prev != "went"
	case t == "department":
		return prev != "emergency"
	case t == "urgent":
		return prev != "here" && prev != "our" && prev != "this" && !(x > 1 && toks[x-2].raw == "here")
	case t == "er" || t == "ed" || t == "emergency":
		return setting != app.Emergency
	case t == "prior":
		return x+2 < len(toks) && toks[x+1].raw == "to" && toks[x+2].raw == "arrival" // "prior to discharge" is now
	case t == "by":
		// "Given by her dermatologist": another provider; "by the nurse",
		// "by RN" are this visit's.
		return x+2 < len(toks) && (toks[x+1].raw == "her" || toks[x+1].raw == "his" || toks[x+1].raw == "their") && !staff[toks[x+2].raw]
	case t == "lr":
		return x+1 < len(toks) && toks[x+1].raw == "quadrant" // "the LR quadrant": lower right
	}
	return notGiven[t] || dated(toks, x, day)
}

// withdrawnWords say the drug was withdrawn before it was given, in any
// clause of its words ("Morphine 4 mg IV ordered, then held").
var withdrawnWords = rawSet("held hold discontinued cancelled canceled")

// staff are the people who give a drug at the visit.
var staff = rawSet("nurse nurses rn lpn ma provider physician doctor")

// refusedAfter reports a refusal said after uses[k] in a part of the
// sentence that names no drug of its own: "Toradol 30 mg IV; patient
// refused".
func refusedAfter(toks []token, uses []drugUse, k int) bool {
	for x := uses[k].whi; x < len(toks); x++ {
		if startsDrug(uses, x) {
			return false
		}
		if refusal(toks[x].raw) || toks[x].raw == "eloped" {
			return true
		}
	}
	return false
}

// startsDrug reports a drug the sentence names at toks[x].
func startsDrug(uses []drugUse, x int) bool {
	return slices.ContainsFunc(uses, func(u drugUse) bool { return u.i == x })
}

// tokensInClause reports toks[i] and toks[j] in one clause.
func tokensInClause(toks []token, i, j int) bool {
	lo, hi := clauseOf(toks, i)
	return j >= lo && j < hi
}

// dated reports toks[x], a word that dates a drug's giving other than day
// (the date of service, YYYY-MM-DD): a year ("in September 2025"; not a
// dose, "2000 mL"), or a date ("on 1/5/2026"; not a pain score, "8/10",
// nor a blood pressure, "120/80").
func dated(toks []token, x int, day string) bool {
	raw := toks[x].raw
	if len(raw) == 4 && (strings.HasPrefix(raw, "19") || strings.HasPrefix(raw, "20")) && isNumber(raw) {
		return !(x+1 < len(toks) && toks[x].punct == 0 && isDoseWord(toks[x+1].raw)) && !strings.HasPrefix(day, raw)
	}
	parts := strings.Split(raw, "/")
	if len(parts) != 3 || slices.ContainsFunc(parts, func(p string) bool { return !isNumber(p) || p == "" || strings.Contains(p, ".") }) {
		return false
	}
	m, d, y := int(mustFloat(parts[0])), int(mustFloat(parts[1])), int(mustFloat(parts[2]))
	if y < 100 {
		y += 2000
	}
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return false
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d) != day
}

// splitAmount splits a word into the amount and the unit it runs into:
// "40mg" is "40" and "mg", "40" is "40" and "", "mg" is "" and "mg".
func splitAmount(raw string) (num, unit string) {
	if j := strings.IndexFunc(raw, func(r rune) bool { return r >= 'a' && r <= 'z' }); j >= 0 {
		return raw[:j], raw[j:]
	}
	return raw, ""
}

// isDoseWord reports a word of a dose: an amount or a unit ("40", "mg",
// "40mg", "mg/2").
func isDoseWord(raw string) bool {
	num, unit := splitAmount(raw)
	if unit == "" {
		return isNumber(num)
	}
	if num != "" && !isNumber(num) {
		return false
	}
	u, _, _ := strings.Cut(unit, "/")
	_, kind := toBase(1, u)
	return kind != noDose || u == "million"
}

// injected reports whether the sentence says uses[k] was injected or
// infused: a route or an injection's word in its words or in those of the
// other drugs of its list, up to the first that are more than a list's
// ("trigger point injection with 1 mL lidocaine and 0.5 mL Kenalog", "Gave
// Zofran 4 mg, Toradol 30 mg, Benadryl 25 mg IV"); or a procedure note's
// section.
func injected(toks []token, uses []drugUse, k int, sec Section) bool {
	if sec == Procedures {
		return true
	}
	// says reads uses[j]'s words: a route, an injection's word, only a
	// list's words.
	says := func(j int) (route, injection, list bool) {
		u := uses[j]
		list = true
		for x := u.wlo; x < u.whi; x++ {
			t := toks[x]
			route = route || routeWords[t.raw]
			injection = injection || injectedWords[t.raw]
			list = list && u.listWord(toks, x)
		}
		return route, injection, list
	}
	if r, in, _ := says(k); r || in {
		return true
	}
	// A route after the list is all of it ("Zofran 4 mg, Toradol 30 mg,
	// Benadryl 25 mg IV"); one before it is the drug's it follows
	// ("Toradol 30 mg IV and acetaminophen 1 g given"), not an injection
	// the list is of.
	for _, step := range []int{1, -1} {
		for j := k + step; j >= 0 && j < len(uses); j += step {
			r, in, l := says(j)
			if in || r && step > 0 {
				return true
			}
			if !l {
				break
			}
		}
	}
	return false
}

// partOf returns the bounds [lo, hi) of toks[i]'s part of the sentence:
// from the last semicolon before it to the next after it.
func partOf(toks []token, i int) (lo, hi int) {
	lo, hi = i, i+1
	for lo > 0 && toks[lo-1].punct != ';' {
		lo--
	}
	for hi < len(toks) && toks[hi-1].punct != ';' {
		hi++
	}
	return lo, hi
}

// doseNear finds the dose of the drug at toks[i:end]: an amount and its
// unit right before it ("40 mg Kenalog", "1 g of ceftriaxone"), else after
// it and before stop, the next drug ("ceftriaxone 1 g IM", "Kenalog 40mg
// with 3 mL lidocaine"), not one right before the next drug, which is
// that drug's ("lidocaine and 0.5 mL Kenalog"), nor one by the body's
// weight ("50 mg/kg (750 mg)": the 750 mg). "x 2" after it doubles it.
// It returns the amount in its kind's base unit, and the tokens that say
// it.
func doseNear(toks []token, i, end, stop, nextDrug int) (float64, doseKind, int, int) {
	try := func(k int) (float64, doseKind, int, bool) {
		num, unit := splitAmount(toks[k].raw) // "40mg", "1g"
		if !isNumber(num) {
			return 0, noDose, 0, false
		}
		n, err := strconv.ParseFloat(num, 64)
		if err != nil {
			return 0, noDose, 0, false
		}
		next := k + 1
		for unit == "" && toks[next-1].punct == ',' && next < len(toks) && len(toks[next].raw) >= 3 && isNumber(toks[next].raw[:3]) {
			// "1,000 mcg", "2,400,000 units", "1,000mcg"
			g := toks[next].raw
			n = n*1000 + mustFloat(g[:3])
			if len(g) > 3 {
				if isNumber(g[3:]) {
					break
				}
				unit = g[3:]
			}
			next++
		}
		if unit == "" {
			if next >= len(toks) || toks[next-1].punct != 0 {
				return 0, noDose, 0, false
			}
			unit = toks[next].raw
			next++
			if unit == "million" && next < len(toks) && strings.HasPrefix(toks[next].raw, "unit") {
				unit = "million units"
				next++
			}
		}
		unit, per, _ := strings.Cut(unit, "/") // "4 mg/2 mL": the 4 mg
		switch {
		case strings.Contains(per, "kg") || strings.HasPrefix(per, "m2") || per == "hr" || per == "h" || per == "min" || per == "day":
			return 0, noDose, 0, false // by the body's weight or surface, or a rate
		case per == "ml" || per == "cc":
			return 0, noDose, 0, false // a strength, "40 mg/mL" (concentration)
		case per != "" && isNumber(per) && next < len(toks) && toks[next-1].punct == 0:
			if _, k := toBase(1, toks[next].raw); k == volume {
				next++ // "4 mg/2 mL"
			}
		}
		amount, kind := toBase(n, unit)
		if kind == noDose {
			return 0, noDose, 0, false
		}
		return amount, kind, next, true
	}
	for k := i - 1; k >= max(0, i-4); k-- {
		if toks[k].punct != 0 {
			break
		}
		if _, _, next, ok := try(k); ok && (next == i || next == i-1 && toks[i-1].raw == "of") {
			for k > 0 && toks[k-1].punct == ',' && isNumber(toks[k-1].raw) && len(toks[k].raw) >= 3 && isNumber(toks[k].raw[:3]) {
				k-- // "1,000 mcg B12": from its first group
			}
			amount, kind, next, _ := try(k)
			return amount, kind, k, next
		}
	}
	for k := end; k < min(stop, end+8); k++ {
		amount, kind, next, ok := try(k)
		// A dose right before the next drug is that drug's ("lidocaine and
		// 0.5 mL Kenalog"), unless a comma ends it ("Zofran 4 mg, Toradol").
		if ok && amount > 0 && (next != nextDrug || toks[next-1].punct != 0) {
			return amount, kind, k, next
		}
	}
	return 0, noDose, 0, 0
}

// brandStrength is the strength per millilitre a brand name says
// ("Kenalog-40": 40 mg/mL), 0 when none.
func brandStrength(raw string) (float64, string) {
	b, n, ok := strings.Cut(raw, "-")
	if !ok || !isNumber(n) || brands[brandKey(b)] == "" {
		return 0, ""
	}
	return mustFloat(n), n + " mg/mL"
}

// concentration finds a drug's strength per millilitre in toks[from:to]
// ("40 mg/mL", "40mg/ml"), in milligrams, and its words.
func concentration(text string, toks []token, from, to int) (float64, string) {
	for k := from; k < min(to, len(toks)); k++ {
		raw := toks[k].raw
		num, unit := splitAmount(raw)
		if unit == "" && k+1 < to && toks[k].punct == 0 {
			unit = toks[k+1].raw
		}
		u, per, ok := strings.Cut(unit, "/")
		if !isNumber(num) || !ok || per != "ml" {
			continue
		}
		n, _ := strconv.ParseFloat(num, 64)
		if amount, kind := toBase(n, u); kind == mass && amount > 0 {
			end := k
			if !strings.Contains(raw, "/") {
				end = k + 1
			}
			return amount, text[toks[k].start:toks[end].end]
		}
	}
	return 0, ""
}

// measures reports a family with a code valid on day whose unit is of
// kind.
func (f *drugFamily) measures(kind doseKind, day string) bool {
	return slices.ContainsFunc(f.codes, func(c drugCode) bool { return c.kind == kind && c.validOn(day) })
}

func mustFloat(s string) float64 {
	n, _ := strconv.ParseFloat(s, 64)
	return n
}

// pick chooses the code of the family for a dose, and the units it is
// billed in: of the codes whose unit is in the dose's measure, the one
// with the largest unit the dose is a whole number of, else the one with
// the smallest unit, the dose rounded up (J1030, methylprednisolone
// acetate 40 mg, for 40 mg; J1020, 20 mg, twice for 60). Without a dose
// the smallest unit's code, units unknown (0).
func (f *drugFamily) pick(dose float64, kind doseKind, day string) (drugCode, int) {
	var valid, fit []drugCode
	for _, c := range f.codes {
		if c.validOn(day) {
			valid = append(valid, c)
			if c.kind == kind && c.amount > 0 {
				fit = append(fit, c)
			}
		}
	}
	if dose <= 0 || len(fit) == 0 {
		return valid[0], 0
	}
	for k := len(fit) - 1; k >= 0; k-- {
		n := dose / fit[k].amount
		if n >= 1 && math.Abs(n-math.Round(n)) < 1e-6 {
			return fit[k], countable(math.Round(n))
		}
	}
	return fit[0], countable(math.Ceil(dose/fit[0].amount - 1e-9))
}

// countable is n units if a claim line takes them, else 0 (not counted):
// "x 50000" is a slip, not 200,000 units.
func countable(n float64) int {
	if math.IsNaN(n) || n < 1 || n > app.MaxUnits {
		return 0
	}
	return int(n)
}

// validOn reports a code valid on day (YYYY-MM-DD; "" is any day).
func (c drugCode) validOn(day string) bool {
	return day == "" || (c.from == "" || c.from <= day) && (c.to == "" || day <= c.to)
}

// unitsSaid says how many units the note's dose is, or why the units
// are the coder's to count.
func unitsSaid(c drugCode, dose string, kind doseKind, units int) string {
	switch {
	case units > 0:
		return fmt.Sprintf("the note's %s is %d unit%s (a unit is %s)", dose, units, plural(units), c.per)
	case dose == "":
		return "units: the note gives no dose"
	case c.kind == noDose:
		return "units: the title gives no amount a unit is"
	case c.kind == kind:
		return fmt.Sprintf("units: the note's %s is more than a claim line takes (%d); the coder counts them", dose, app.MaxUnits)
	}
	return fmt.Sprintf("units: the note's %s is in %s, a unit of the code %s", dose, kind, c.per)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
