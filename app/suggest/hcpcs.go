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
	per         string  // as the title says it: "per 250 mg", "up to 1000 mcg", "500 ml"
	kind        doseKind
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
var drugFiller = wordSet("solution sterile injection infusion and")

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
}

// buildDrugs reads the code set's HCPCS J codes for an injection or an
// infusion into families, by the first word a note must say of each.
func buildDrugs(set *terminology.Set) map[string][]*drugFamily {
	byKind := map[string]*drugFamily{} // by required and salt words: "normal saline solution" and its "sterile" one are one drug
	var order []*drugFamily
	for r := range set.RowsWithPrefix(app.HCPCS, "J") {
		c := r.Concept()
		if c == nil || len(c.Titles) == 0 || c.Termination != "" {
			continue
		}
		name, dc, ok := drugTitle(c.Latest().Long)
		if !ok {
			continue
		}
		dc.code = c.Code
		f := &drugFamily{name: name}
		for _, part := range strings.Split(name, ", ") {
			for _, w := range search.ContentWords(part) {
				switch {
				case saltWords[w]:
					f.salts = append(f.salts, w)
				case !drugFiller[w] && !slices.Contains(f.required, w):
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
		out[f.required[0]] = append(out[f.required[0]], f)
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
		return "", drugCode{}, false
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
	givenWords    = rawSet("given administered injected infused received tolerated")
	routeWords    = rawSet("im iv ivp ivpb sq subq sc subcutaneous subcutaneously intramuscular intramuscularly intravenous intravenously intra-articular intraarticular bolus push")
	nowWords2     = rawSet("today now office clinic")
	injectedWords = rawSet("injection injections injected infusion infused shot")
	// notGiven are the words that make a drug named in a clause one
	// prescribed, planned, refused or given before: not this visit's
	// administration.
	notGiven = rawSet(`prescribed prescription prescriptions rx refill refills refilled po orally oral mouth tablet tablets
		tab tabs capsule capsules daily bid tid qid qhs qd prn continue continues continued home will plan planned
		schedule scheduled next recommend recommended consider considering discussed offered declined declines
		refused refuses held hold deferred allergic allergy allergies yesterday ago last previously prior
		outside pharmacy odt sublingual sl chewable suppository rectal rectally pr topical topically inhaled
		nebulized nebulizer neb`)
)

// administered adds the HCPCS codes of the drugs the sentence says were
// given at this visit, outside inpatient care.
func (e *Engine) administered(s *sentence, text string, a asserted, setting app.EncounterType, ms []mention) []mention {
	if setting == app.Inpatient {
		return ms
	}
	switch s.sec {
	case NoSection, Assessment, Procedures, HospitalCourse:
	default:
		return ms // a medication list, the history, the exam: not what was given now
	}
	toks := s.toks
	for i := 0; i < len(toks); i++ {
		said, head := drugWordsAt(toks, i)
		if head == "" {
			continue
		}
		fams := e.drugFamilies[head]
		if len(fams) == 0 || a.kind[i] != Present {
			continue
		}
		lo, hi := clauseOf(toks, i)
		if !givenNow(toks, lo, hi, s.sec, s.plan) {
			continue
		}
		// The dose may follow a comma ("1,000 mcg"): the drug's words and
		// dose are read to the end of its part of the sentence.
		lo, hi = partOf(toks, i)
		// The drug's words: its own and the next few of its clause, up to
		// the next drug.
		end, joined := i+1, -1
		for end < hi && end < i+6 {
			if _, h := drugWordsAt(toks, end); h != "" && len(e.drugFamilies[h]) > 0 {
				if toks[end-1].raw != "with" || joined >= 0 {
					break
				}
				joined = end // "lidocaine with epinephrine": one drug, if the code set has it
			}
			end++
		}
		for k := max(lo, i-2); k < end; k++ {
			if k == i {
				continue
			}
			w, _ := drugWordsAt(toks, k)
			said = append(said, w...)
		}
		stop := end
		for stop < hi {
			if _, h := drugWordsAt(toks, stop); h != "" && len(e.drugFamilies[h]) > 0 {
				break
			}
			stop++
		}
		dose, kind, dlo, dhi := doseNear(toks[:hi], i, stop)
		doseText := ""
		if dhi > 0 {
			doseText = text[toks[dlo].start:toks[dhi-1].end]
		}
		chosen := chooseFamilies(fams, said)
		if joined >= 0 {
			if _, h := drugWordsAt(toks, joined); !slices.ContainsFunc(chosen, func(f *drugFamily) bool { return slices.Contains(f.required, h) }) {
				end = joined // no code names the two: the second is read on its own
			}
		}
		for _, f := range chosen {
			// The evidence is the drug's name as the family has it
			// ("penicillin G benzathine", "lidocaine with epinephrine")
			// and its dose.
			from, to := toks[i].start, toks[i].end
			named := func(k int) bool {
				w, _ := drugWordsAt(toks, k)
				return slices.ContainsFunc(w, func(x string) bool { return slices.Contains(f.required, x) || slices.Contains(f.salts, x) })
			}
			for k := i + 1; k < end && (named(k) || toks[k].raw == "with" && k+1 < end && named(k+1)); k++ {
				to = toks[k].end
			}
			if dhi > 0 {
				from, to = min(from, toks[dlo].start), max(to, toks[dhi-1].end)
			}
			dc, units := f.pick(dose, kind)
			why := fmt.Sprintf("HCPCS title: %s; %s", dc.title, unitsSaid(dc, doseText, kind, units))
			less := len(chosen) > 1
			if less {
				why += fmt.Sprintf("; the note does not say which form of %s (%d codes name it)", head, len(chosen))
			}
			if !injected(toks, s.sec) {
				// "Diphenhydramine given": by mouth as often as not.
				why += "; the note does not say it was injected or infused"
				less = true
			}
			if localAnesthetics[head] && !slices.Contains(f.required, intravenousWord) {
				// Lidocaine for a laceration's repair or with a joint's
				// injection numbs for the procedure, whose code includes it.
				why += "; a local anesthetic is part of the procedure it numbs, not billed apart"
				less = true
			}
			ms = append(ms, mention{sys: app.HCPCS, code: dc.code, complete: true, title: dc.title, why: why,
				conf: 0.7, sec: s.sec, assertion: Present, query: text[toks[i].start:toks[i].end], tail: less,
				ev: Evidence{Page: s.page, Start: from, End: to, Text: text[from:to]}})
		}
		i = end - 1
	}
	return ms
}

// chooseFamilies gives the families of a drug the note's words say
// (said): those whose every required word is said, the most specific of
// them ("lidocaine with epinephrine" is not the plain lidocaine), and of
// those, when a salt is said, the ones that name the most of the said
// salts and the fewest others (penicillin G benzathine is not its mix
// with the procaine one). More than one left: the note does not say
// which.
func chooseFamilies(fams []*drugFamily, said []string) []*drugFamily {
	var out []*drugFamily
	most := 0
	for _, f := range fams {
		if !isSubset(f.required, said) {
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
		return out
	}
	return slices.DeleteFunc(out, func(f *drugFamily) bool {
		in, other := saltsOf(f)
		return in != bestIn || other != bestOther
	})
}

// injected reports a sentence that says its drug was injected or
// infused: a route or an injection's word, or a procedure note's section.
func injected(toks []token, sec Section) bool {
	return sec == Procedures || slices.ContainsFunc(toks, func(t token) bool { return routeWords[t.raw] || injectedWords[t.raw] })
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

// drugWordsAt gives the normalised words toks[k] says of a drug (a brand
// name says its generic's) and the first of them, "" when none.
func drugWordsAt(toks []token, k int) ([]string, string) {
	if g, ok := brandNames[toks[k].raw]; ok {
		ws := search.ContentWords(g)
		return ws, ws[0]
	}
	if len(toks[k].norms) == 0 || isNumber(toks[k].raw) {
		return nil, ""
	}
	return toks[k].norms, toks[k].norms[0]
}

// givenNow reports a sentence that says the drug in toks[lo:hi], its
// clause, was given at this visit: a word that says so, or a route with
// "today" or "in office"; in a procedure note's own section the drug
// named is the procedure's. Not one the clause says was prescribed,
// planned, refused or given before (notGiven), nor, under a plan
// heading, one with no word that says it was given. A sentence's first
// word "given" is no drug given ("Given her pain, ...").
func givenNow(toks []token, lo, hi int, sec Section, plan bool) bool {
	for _, t := range toks[lo:hi] {
		if notGiven[t.raw] {
			return false
		}
	}
	given, route, now := false, false, false
	for k, t := range toks {
		given = given || givenWords[t.raw] && k > 0
		route = route || routeWords[t.raw]
		now = now || nowWords2[t.raw]
	}
	switch {
	case given:
		return true
	case plan:
		return false
	}
	return sec == Procedures || route && now
}

// doseNear finds the dose of the drug at toks[i]: an amount and its unit
// right before it ("40 mg Kenalog", "1 g of ceftriaxone"), else after it
// and before stop, the next drug ("ceftriaxone 1 g IM", "Kenalog 40mg
// with 3 mL lidocaine"). It returns the amount in its kind's base unit,
// and the tokens that say it.
func doseNear(toks []token, i, stop int) (float64, doseKind, int, int) {
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
		if unit == "" && toks[k].punct == ',' && next < len(toks) && len(toks[next].raw) == 3 && isNumber(toks[next].raw) {
			n = n*1000 + mustFloat(toks[next].raw) // "1,000 mcg"
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
		if amount, kind, next, ok := try(k); ok && (next == i || next == i-1 && toks[i-1].raw == "of") {
			return amount, kind, k, next
		}
	}
	for k := i + 1; k < min(stop, i+8); k++ {
		if amount, kind, next, ok := try(k); ok {
			return amount, kind, k, next
		}
	}
	return 0, noDose, 0, 0
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
func (f *drugFamily) pick(dose float64, kind doseKind) (drugCode, int) {
	var fit []drugCode
	for _, c := range f.codes {
		if c.kind == kind && c.amount > 0 {
			fit = append(fit, c)
		}
	}
	if dose <= 0 || len(fit) == 0 {
		return f.codes[0], 0
	}
	for k := len(fit) - 1; k >= 0; k-- {
		n := dose / fit[k].amount
		if n >= 1 && math.Abs(n-math.Round(n)) < 1e-6 {
			return fit[k], int(math.Round(n))
		}
	}
	return fit[0], int(math.Ceil(dose/fit[0].amount - 1e-9))
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
