package suggest

import (
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
	noDose    doseKind = iota
	mass               // milligrams
	volume             // millilitres
	intlUnits          // units (international units)
)

func (k doseKind) String() string {
	switch k {
	case mass:
		return "mg"
	case volume:
		return "mL"
	case intlUnits:
		return "units"
	}
	return ""
}

// titleDose finds a J code title's dose: "per 250 mg", "up to 1000 mcg",
// "100,000 units", "1000 cc", "(500 ml = 1 unit)". The last one counts.
var titleDose = regexp.MustCompile(`(?i)(?:\bper |\bup to |\()?\b(\d[\d,]*(?:\.\d+)?)\s*(mg|mcg|micrograms?|microgram|gm?|grams?|units?|iu|ml|cc|million units)\b`)

// saltWords are the salts and esters a drug's title names; a note that
// does not say one leaves open which of the drug's forms it was (a
// methylprednisolone acetate or sodium succinate), one that says it
// chooses.
var saltWords = wordSet(`sodium hcl hydrochloride acetate acetonide diacetate hexacetonide phosphate succinate
	sulfate tromethamine potassium cypionate enanthate undecanoate decanoate lactate mesylate citrate
	bromide chloride tartrate maleate fumarate gluconate benzathine procaine pamoate palmitate`)

// localAnesthetics numb the site of a procedure; intravenousWord is the
// word of the one code of theirs given for itself (J2001, lidocaine for
// intravenous infusion).
var localAnesthetics, intravenousWord = wordSet("lidocaine bupivacaine ropivacaine mepivacaine chloroprocaine tetracaine"), search.Word("intravenous")

// drugFiller are words of a title's drug part that no note need say:
// "normal saline solution", "sterile".
var drugFiller = wordSet("solution sterile injection infusion and aqueous human adrenalin")

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
		name, dc, ok := drugTitle(c.Latest().Long)
		if !ok {
			continue
		}
		// A code is valid from its adding to its termination ("effective"
		// is the date of its last change, a termination's too).
		dc.code, dc.from, dc.to = c.Code, c.Added, c.Termination
		f := &drugFamily{name: name}
		for _, part := range strings.Split(name, ", ") {
			for _, w := range search.ContentWords(part) {
				switch {
				case slices.Contains(f.salts, w) || slices.Contains(f.required, w):
				case saltWords[w] || len(w) == 1:
					// A letter names a form too: penicillin G, not V.
					f.salts = append(f.salts, w)
				case !drugFiller[w]:
					f.required = append(f.required, w)
				}
			}
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
		slices.SortStableFunc(f.codes, func(a, b drugCode) int {
			switch {
			case a.amount < b.amount:
				return -1
			case a.amount > b.amount:
				return 1
			}
			return 0
		})
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

// drugTitle reads a J code's title: the drug's name (its words before
// the dose, without "Injection," and "not otherwise specified") and the
// amount of one unit. Not a title that names no injection or infusion
// (implants, inhalation solutions, oral drugs, supplies).
func drugTitle(title string) (string, drugCode, bool) {
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
		// saline (500 ml = 1 unit)": the fluids, by the litre.
		name, _, _ := strings.Cut(lower, ",")
		name, _, _ = strings.Cut(name, "(")
		if !strings.HasSuffix(strings.TrimSpace(name), " infusion") && !strings.Contains(lower, "ml = 1 unit") {
			return "", drugCode{}, false
		}
		rest = strings.Replace(t, " infusion", "", 1)
	}
	if i := strings.Index(strings.ToLower(rest), "(code may be used"); i >= 0 {
		rest = rest[:i] // Medicare's remark on who gives it, not the drug
	}
	dc := drugCode{title: title}
	name := rest
	if locs := titleDose.FindAllStringSubmatchIndex(rest, -1); len(locs) > 0 {
		l := locs[len(locs)-1]
		for _, x := range locs {
			if rest[x[0]] == '(' {
				l = x // "(500 ml = 1 unit)": what one unit is
				break
			}
		}
		n, err := strconv.ParseFloat(strings.ReplaceAll(rest[l[2]:l[3]], ",", ""), 64)
		if err == nil {
			dc.amount, dc.kind = toBase(n, strings.ToLower(rest[l[4]:l[5]]))
			dc.per = strings.TrimPrefix(strings.TrimPrefix(rest[l[0]:l[1]], "("), "per ")
		}
		if strings.HasPrefix(rest[l[0]:], "(") {
			name = rest[:l[0]] // "(500 ml = 1 unit)"
		} else {
			// The dose's own comma part, and what follows it.
			name = rest[:l[0]]
			if i := strings.LastIndex(name, ","); i >= 0 && strings.TrimSpace(name[i+1:]) == "" || strings.HasSuffix(strings.TrimSpace(name), ",") {
				name = strings.TrimSpace(name)
			}
		}
	}
	var parts []string
	for _, p := range strings.Split(name, ",") {
		p = strings.TrimSpace(p)
		if p == "" || strings.EqualFold(p, "not otherwise specified") || strings.EqualFold(p, "nos") {
			continue
		}
		parts = append(parts, strings.ToLower(p))
	}
	if len(parts) == 0 {
		return "", drugCode{}, false
	}
	return strings.Join(parts, ", "), dc, true
}

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
	case "unit", "units", "iu", "u":
		return n, intlUnits
	case "million units":
		return n * 1e6, intlUnits
	}
	return 0, noDose
}

// givenWords say the drug was given at the visit; routeWords how, which
// with "today" or "in office" says so too; routeWords and injectedWords
// say it was not swallowed (a J code is an injection's or an infusion's).
var (
	givenWords    = rawSet("given gave administered injected infused received got performed")
	routeWords    = rawSet("im iv ivp ivpb sq subq sc subcutaneous subcutaneously intramuscular intramuscularly intravenous intravenously intra-articular intraarticular bolus push")
	nowWords2     = rawSet("today now office clinic")
	injectedWords = rawSet("injection injections injected infusion infused shot")
	// notGiven are the words that make a drug named in its clause one
	// prescribed, planned, refused, not given, given before or
	// elsewhere, or by another route: not this visit's injection.
	notGiven = rawSet(`prescribed prescription prescriptions rx refill refills refilled daily bid tid qid qhs qd prn
		continue continues continued home will plan planned
		schedule scheduled next recommend recommended consider considering considered discussed offered declined
		declines refused refuses held hold deferred allergic allergy allergies yesterday ago last previously
		outside pharmacy not unable contraindicated should can could would may might if unless before
		education information sheet handout instructions counseled counseling
		been every urgent another elsewhere
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
	listWords = rawSet("and with x of plus then")
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
		if a.kind[u.i] != Present || !givenNow(toks, uses, k, s.sec, s.plan, setting) {
			continue
		}
		said := slices.Clone(u.said)
		for x := max(u.wlo, u.i-2); x < u.whi; x++ {
			if x < u.i || x >= u.end {
				w, _, _ := e.drugAt(toks, x)
				said = append(said, w...)
			}
		}
		stop := u.whi
		if k+1 < len(uses) {
			stop = min(stop, uses[k+1].i)
		}
		dose, kind, dlo, dhi := doseNear(toks, u.i, u.end, stop)
		doseText := ""
		if dhi > 0 {
			doseText = text[toks[dlo].start:toks[dhi-1].end]
		}
		conc, concText := 0.0, ""
		if kind == volume {
			conc, concText = concentration(text, toks, u.end, stop)
		}
		chosen := chooseFamilies(u.fams, said, day)
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
				conf: 0.7, sec: s.sec, assertion: Present, query: text[toks[u.i].start:toks[u.end-1].end], tail: less, units: units,
				ev: Evidence{Page: s.page, Start: from, End: to, Text: text[from:to]}})
		}
	}
	return ms
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
		uses = append(uses, drugUse{i: i, end: end, head: head, said: said, fams: fams})
		i = end - 1
	}
	for k := range uses {
		u := &uses[k]
		u.wlo, _ = clauseOf(toks, u.i)
		if k > 0 && uses[k-1].end > u.wlo {
			u.wlo = uses[k-1].end
		}
		_, u.whi = partOf(toks, u.i)
		if k+1 < len(uses) && uses[k+1].i < u.whi {
			u.whi = uses[k+1].i
		}
	}
	return uses
}

// drugAt gives the normalised words toks[k] says of a drug (a brand name
// says its generic's: "Kenalog", "Kenalog-40", "Depo Medrol"), the first
// of them ("" when none), and how many tokens say it.
func (e *Engine) drugAt(toks []token, k int) ([]string, string, int) {
	raw := toks[k].raw
	if k+1 < len(toks) && toks[k].punct == 0 {
		if g, ok := brands[brandKey(raw+toks[k+1].raw)]; ok {
			ws := search.ContentWords(g)
			return ws, brandHead(ws), 2 // "Depo Medrol", "Solu Medrol", "Bicillin L-A"
		}
	}
	if b, n, ok := strings.Cut(raw, "-"); ok && isNumber(n) {
		raw = b // "Kenalog-40"
	}
	if g, ok := brands[brandKey(raw)]; ok {
		ws := search.ContentWords(g)
		return ws, brandHead(ws), 1
	}
	if len(toks[k].norms) == 0 || isNumber(toks[k].raw) {
		return nil, "", 1
	}
	return toks[k].norms, toks[k].norms[0], 1
}

// chooseFamilies gives the families of a drug the note's words say
// (said): those whose every required word is said, the most specific of
// them ("lidocaine with epinephrine" is not the plain lidocaine), and of
// those, when a salt is said, the ones that name the most of the said
// salts and the fewest others (penicillin G benzathine is not its mix
// with the procaine one); a salt said that none of them names is another
// form, none of them; none said, the drug's plain form, if it has one.
// Only codes valid on day count. More than one left:
// the note does not say which.
func chooseFamilies(fams []*drugFamily, said []string, day string) []*drugFamily {
	var out []*drugFamily
	most := 0
	for _, f := range fams {
		if !isSubset(f.required, said) || !slices.ContainsFunc(f.codes, func(c drugCode) bool { return c.validOn(day) }) {
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
			if slices.Contains(said, w) {
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
		if slices.ContainsFunc(said, func(w string) bool { return saltWords[w] }) {
			// "Magnesium citrate": a form none of the drug's codes is.
			return nil
		}
		if plain := slices.DeleteFunc(slices.Clone(out), func(f *drugFamily) bool { return len(f.salts) > 0 }); len(plain) > 0 {
			// "Haloperidol" is the plain one, not the decanoate, which a
			// note names.
			return plain
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
// visit. Its own words (from its clause's start, to the words that say
// why) say so with a verb ("given", "injected"), or, with none, a later
// drug's words do when the drug's own are only its name, dose and route
// ("Benadryl 50 mg IV and Solu-Medrol 125 mg IV given"); with no verb a
// procedure note's section, an emergency department's course with a
// route, or a route with "today" or "in clinic" say so. Not words that
// make it prescribed, planned, refused, not given, given before, or by
// mouth (notGiven); under a plan heading only a verb or "today" does.
func givenNow(toks []token, uses []drugUse, k int, sec Section, plan bool, setting app.EncounterType) bool {
	// window reads what uses[j]'s words say: blocked by a notGiven word
	// (or, its own, a notInjected one), a verb, only a list's words, a
	// route, a "today".
	window := func(j int, own bool) (blocked, verb, list, route, now bool) {
		u := uses[j]
		list = true
		for x := u.wlo; x < u.whi; x++ {
			t := toks[x]
			if indicationWords[t.raw] && x >= u.end {
				break
			}
			if notGiven[t.raw] && !(t.raw == "prior" && x+1 < len(toks) && toks[x+1].raw == "to") || dated(t.raw) ||
				t.raw == "department" && !(x > 0 && toks[x-1].raw == "emergency") || // "at the health department"
				notInjected[t.raw] && own {
				return true, false, false, false, false
			}
			verb = verb || givenWords[t.raw] && !(t.raw == "given" && x+1 < len(toks) && givenBefore[toks[x+1].raw]) ||
				// "Injection: Toradol 60 mg IM", "trigger point injection
				// with 1 mL lidocaine": the procedure's record.
				injectedWords[t.raw] && x < u.i && (x == 0 && t.punct == ':' || x+1 < len(toks) && (toks[x+1].raw == "with" || toks[x+1].raw == "of"))
			route = route || routeWords[t.raw]
			now = now || nowWords2[t.raw]
			list = list && (x >= u.i && x < u.end || listWords[t.raw] || routeWords[t.raw] || isDoseWord(t.raw))
		}
		return blocked, verb, list, route, now
	}
	blocked, verb, list, route, now := window(k, true)
	switch {
	case blocked:
		return false
	case verb:
		return true
	case list:
		// A list's one verb, after it or before it.
		for _, step := range []int{1, -1} {
			for j := k + step; j >= 0 && j < len(uses); j += step {
				b, v, l, r, n := window(j, false)
				if b {
					return false
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

// dated reports a word that dates a drug's giving: a year or a date
// ("in September 2025", "on 1/5/2026") is not today's visit's.
func dated(raw string) bool {
	if len(raw) == 4 && (strings.HasPrefix(raw, "19") || strings.HasPrefix(raw, "20")) && isNumber(raw) {
		return true
	}
	parts := strings.Split(raw, "/")
	return len(parts) >= 2 && !slices.ContainsFunc(parts, func(p string) bool { return !isNumber(p) || p == "" })
}

// isDoseWord reports a word of a dose: an amount or a unit ("40", "mg",
// "40mg", "1%", "mg/2").
func isDoseWord(raw string) bool {
	if j := strings.IndexFunc(raw, func(r rune) bool { return r >= 'a' && r <= 'z' }); j >= 0 {
		if j > 0 && !isNumber(raw[:j]) {
			return false
		}
		u, _, _ := strings.Cut(raw[j:], "/")
		_, kind := toBase(1, u)
		return kind != noDose || u == "million"
	}
	return isNumber(raw)
}

// injected reports whether the sentence says uses[k] was injected or
// infused: a route or an injection's word in its words or, its words a
// list's, in those of the list's other drugs up to the first that are
// more than a list's ("trigger point injection with 1 mL lidocaine and
// 0.5 mL Kenalog"); or a procedure note's section.
func injected(toks []token, uses []drugUse, k int, sec Section) bool {
	if sec == Procedures {
		return true
	}
	says := func(j int) (injected, list bool) {
		u := uses[j]
		list = true
		for x := u.wlo; x < u.whi; x++ {
			t := toks[x]
			injected = injected || routeWords[t.raw] || injectedWords[t.raw]
			list = list && (x >= u.i && x < u.end || listWords[t.raw] || routeWords[t.raw] || isDoseWord(t.raw))
		}
		return injected, list
	}
	in, list := says(k)
	if in || !list {
		return in
	}
	for _, step := range []int{1, -1} {
		for j := k + step; j >= 0 && j < len(uses); j += step {
			in, l := says(j)
			if in {
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
func doseNear(toks []token, i, end, stop int) (float64, doseKind, int, int) {
	try := func(k int) (float64, doseKind, int, bool) {
		raw := toks[k].raw
		num, unit := raw, ""
		if j := strings.IndexFunc(raw, func(r rune) bool { return r >= 'a' && r <= 'z' }); j > 0 {
			num, unit = raw[:j], raw[j:] // "40mg", "1g"
		}
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
		case per == "kg" || strings.HasSuffix(per, "kg"):
			return 0, noDose, 0, false // by the body's weight
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
		if next+1 < len(toks) && routeWords[toks[next].raw] && toks[next-1].punct == 0 && (toks[next+1].raw == "x" || strings.HasPrefix(toks[next+1].raw, "x") && isNumber(toks[next+1].raw[1:])) {
			next++ // "30 mg IM x 2"
		}
		if next+1 < len(toks) && toks[next].raw == "x" && isNumber(toks[next+1].raw) && toks[next-1].punct == 0 {
			amount *= mustFloat(toks[next+1].raw) // "30 mg IM x 2"
			next += 2
		} else if next < len(toks) && strings.HasPrefix(toks[next].raw, "x") && isNumber(toks[next].raw[1:]) && toks[next-1].punct == 0 {
			amount *= mustFloat(toks[next].raw[1:]) // "x2"
			next++
		}
		return amount, kind, next, true
	}
	for k := i - 1; k >= max(0, i-4); k-- {
		if toks[k].punct != 0 {
			break
		}
		if amount, kind, next, ok := try(k); ok && (next == i || next == i-1 && toks[i-1].raw == "of") {
			return amount, kind, k, next
		}
	}
	for k := end; k < min(stop, end+8); k++ {
		if amount, kind, next, ok := try(k); ok && next != stop && amount > 0 {
			return amount, kind, k, next
		}
	}
	return 0, noDose, 0, 0
}

// concentration finds a drug's strength per millilitre in toks[from:to]
// ("40 mg/mL", "40mg/ml"), in milligrams, and its words.
func concentration(text string, toks []token, from, to int) (float64, string) {
	for k := from; k < min(to, len(toks)); k++ {
		raw := toks[k].raw
		num, unit := raw, ""
		if j := strings.IndexFunc(raw, func(r rune) bool { return r >= 'a' && r <= 'z' }); j > 0 {
			num, unit = raw[:j], raw[j:]
		} else if k+1 < to && toks[k].punct == 0 {
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
			return fit[k], int(math.Round(n))
		}
	}
	return fit[0], int(math.Ceil(dose/fit[0].amount - 1e-9))
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
	}
	return fmt.Sprintf("units: the note's %s is in %s, a unit of the code %s", dose, kind, c.per)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
