package suggest

// Status facts a note states outright rather than names as a finding: a
// pregnancy's weeks of gestation, a patient's dialysis regimen, an adult's
// body mass index.

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"
	"github.com/codebench/codebench/app/terminology/search"
)

// gestationAt finds a pregnancy's weeks of gestation: "32 weeks of
// gestation", "at 19.6 weeks gestation", "28 weeks pregnant", "a
// gestational age of 36 weeks".
// The days past the week ("32 4/7", "32+4", "19.6") are part of the
// number, not a week count of their own.
var gestationAt = regexp.MustCompile(`(?i)\b(\d{1,2})(?:[.,]\d+|\s+[0-6]/7|\s*\+\s*[0-6])?[\s-]*(?:weeks?|wks?)(?:\s*\+?\s*\d\s*days?)?[\s,]+(?:of\s+)?(?:gestation|gestational|pregnancy|pregnant|amenorrh)` +
	`|(?i)gestational\s+age\s+(?:of\s+|is\s+|was\s+)?(\d{1,2})(?:[.,]\d+|\s+[0-6]/7|\s*\+\s*[0-6])?\s*(?:weeks?|wks?)` +
	// "Pregnancy at 32 weeks", "G2P1 at 32 weeks", "intrauterine pregnancy of 10 weeks".
	`|(?i)\b(?:pregnancy|pregnant|G\d+\s*P\d+\w*)\s+(?:at|of)\s+(\d{1,2})(?:[.,]\d+|\s+[0-6]/7|\s*\+\s*[0-6])?\s*(?:weeks?|wks?)\b`)

// birthWords say the weeks are a child's age at birth ("born at 38 weeks
// gestation"), which the newborn's record codes (P07.-), not the mother's
// Z3A.
var birthWords = map[string]bool{"born": true, "newborn": true, "neonate": true, "neonatal": true, "infant": true,
	"baby": true, "birthweight": true}

// gestation adds the weeks of gestation a pregnant patient's note gives
// (Z3A.08–Z3A.42; Z3A.01 before 8 weeks, Z3A.49 after 42). The category
// is for the maternal record, beside the pregnancy's O codes (see
// weeksBesidePregnancy); a child's age at birth, a past pregnancy and a
// negated one give none.
func (e *Engine) gestation(s *sentence, text string, a asserted, fy int, ms []mention) []mention {
	if len(s.toks) == 0 {
		return ms
	}
	for _, t := range s.toks {
		if birthWords[t.raw] {
			return ms
		}
	}
	lo, hi := s.toks[0].start, s.toks[len(s.toks)-1].end
	span := text[lo:hi]
	for _, m := range gestationAt.FindAllStringSubmatchIndex(span, -1) {
		g := 2
		for g < len(m)-2 && m[g] < 0 {
			g += 2
		}
		weeks, err := strconv.Atoi(span[m[g]:m[g+1]])
		if err != nil || weeks == 0 {
			continue
		}
		start, end := lo+m[0], lo+m[1]
		i := tokenAt(s.toks, start)
		if i < 0 || a.kind[i] != Present && a.kind[i] != Uncertain {
			continue
		}
		code := fmt.Sprintf("Z3A%02d", weeks)
		switch {
		case weeks < 8:
			code = "Z3A01"
		case weeks > 42:
			code = "Z3A49"
		}
		c := e.set.Lookup(app.ICD10CM, code)
		if c == nil || !c.Billable.Has(fy) {
			continue
		}
		ms = append(ms, mention{sys: app.ICD10CM, code: code, complete: true, title: c.TitleIn(fy).Long,
			why: "weeks said: " + strings.TrimSpace(text[start:end]), conf: 0.6, query: text[start:end],
			sec: s.sec, assertion: a.kind[i], cue: a.cue[i], rule: "weeks of gestation (Z3A), on the maternal record beside the pregnancy's codes",
			ev: Evidence{Page: s.page, Start: start, End: end, Text: text[start:end]}})
	}
	return ms
}

// tokenAt is the token that holds byte offset off, or the first after it;
// -1 when none does.
func tokenAt(toks []token, off int) int {
	for i, t := range toks {
		if off < t.end {
			return i
		}
	}
	return -1
}

// dialysisWords name renal dialysis; chronicDialysis say the patient is on
// it as a regimen, not given it once.
var (
	dialysisWords   = map[string]bool{"dialysis": true, "hemodialysis": true, "haemodialysis": true}
	chronicDialysis = map[string]bool{"since": true, "program": true, "programme": true, "chronic": true, "maintenance": true,
		"dependent": true, "regular": true, "weekly": true, "week": true, "esrd": true, "end-stage": true, "schedule": true}
	// dialysisKinds may stand between "on" and the word: "on
	// peritoneal dialysis", "on chronic hemodialysis".
	dialysisKinds = map[string]bool{"peritoneal": true, "chronic": true, "maintenance": true, "home": true,
		"regular": true, "intermittent": true, "renal": true}
	// notOnDialysis say the dialysis is planned, offered, refused or being
	// prepared for, or given for an acute illness, not a regimen the
	// patient is on.
	notOnDialysis = map[string]bool{"plan": true, "planned": true, "planning": true, "start": true, "started": true,
		"starting": true, "initiate": true, "initiated": true, "initiation": true, "discuss": true, "discussed": true,
		"options": true, "decline": true, "declines": true, "declined": true, "refuse": true, "refuses": true,
		"refused": true, "candidate": true, "access": true, "fistula": true, "urgent": true, "emergent": true,
		"emergency": true, "acute": true, "counseled": true, "counselled": true, "will": true, "consider": true}
)

// dialysisStatus adds Z99.2, dependence on renal dialysis, for a patient
// the note says is on dialysis ("ESRD on hemodialysis", "in a peritoneal
// dialysis program since 2019"): the status the Tabular asks for beside
// end-stage renal disease (N18.6: use additional code). Dialysis given
// once, negated or past ("previously required hemodialysis") gives none.
func (e *Engine) dialysisStatus(s *sentence, text string, q []qtok, a asserted, fy int, ms []mention) []mention {
	for _, u := range s.toks {
		if notOnDialysis[u.raw] {
			return ms // "plan to start hemodialysis", "declines dialysis", "AV fistula for dialysis"
		}
	}
	for i, t := range s.toks {
		if !dialysisWords[t.raw] && !dialysisWords[q[i].text] || a.kind[i] != Present {
			continue
		}
		// "On hemodialysis", "on peritoneal dialysis", "on chronic
		// hemodialysis"; or a regimen's word near it.
		regimen := false
		for k := i - 1; k >= max(0, i-3); k-- {
			if s.toks[k].raw == "on" {
				regimen = true
				break
			}
			if !dialysisKinds[s.toks[k].raw] {
				break
			}
		}
		for k := max(0, i-4); k < min(len(s.toks), i+5); k++ {
			regimen = regimen || chronicDialysis[s.toks[k].raw]
		}
		if !regimen {
			return ms
		}
		if m, ok := e.statusMention("Z992", "index: Dependence (on) > renal dialysis (hemodialysis) (peritoneal)", "the status of a patient on dialysis", s, text, t, fy); ok {
			ms = append(ms, m)
		}
		return ms
	}
	return ms
}

// statusMention is the status code a rule of this file gives for the
// word t of the sentence, if the record's year has it.
func (e *Engine) statusMention(code, why, rule string, s *sentence, text string, t token, fy int) (mention, bool) {
	c := e.set.Lookup(app.ICD10CM, code)
	if c == nil || !c.Billable.Has(fy) {
		return mention{}, false
	}
	return mention{sys: app.ICD10CM, code: c.Code, complete: true, title: c.TitleIn(fy).Long,
		why: why, conf: 0.6, query: t.raw, sec: s.sec, assertion: Present, rule: rule,
		ev: Evidence{Page: s.page, Start: t.start, End: t.end, Text: text[t.start:t.end]}}, true
}

// weeksBesidePregnancy keeps the weeks of gestation (Z3A) proposed only
// beside a proposed pregnancy code (O00–O9A), as the category asks, and
// only the latest of them (the most weeks: an early dating scan's are
// past); the others are listed, not proposed.
func weeksBesidePregnancy(groups map[key]*group) {
	pregnancy := false
	var weeks []key
	for k, g := range groups {
		if k.sys != app.ICD10CM || !g.proposed {
			continue
		}
		pregnancy = pregnancy || strings.HasPrefix(k.code, "O")
		if strings.HasPrefix(k.code, "Z3A") {
			weeks = append(weeks, k)
		}
	}
	none := ""
	if !pregnancy {
		none = "weeks of gestation go beside a pregnancy's code (O00–O9A), and none is proposed"
	}
	keepOne(groups, weeks, none, "the latest weeks said are ")
}

// fallBesideInjury lists, not proposes, a fall (W00–W19) when no injury
// or poisoning (S00–T88) is proposed: an external cause tells how a
// condition came about and goes beside it (§I.C.20), and a fall the note
// tells of with no injury ("her last fall was in January") is no code of
// its own. Other external causes name what the note says happened
// ("contact with a sharp glass") and stay, for the injury the search may
// have missed.
func fallBesideInjury(groups map[key]*group) {
	var falls []key
	for k, g := range groups {
		if k.sys != app.ICD10CM || !g.proposed || k.code == "" {
			continue
		}
		switch {
		case k.code[0] == 'S' || k.code[0] == 'T':
			return
		case k.code >= "W00" && k.code < "W20":
			falls = append(falls, k)
		}
	}
	keepOne(groups, falls, "a fall goes beside the injury it caused, and none is proposed", "")
}

// useBesideCondition lists, not proposes, alcohol use, uncomplicated
// (F10.90), that a social history tells of ("Alcohol use: yes, 1-2
// glasses of wine a week"):
// §I.C.5.b.3 codes a use only when the provider links it to a disorder or
// a condition, which a habit's line does not. An illicit drug's use
// ("uses heroin daily") stays proposed for the coder to weigh.
func useBesideCondition(groups map[key]*group) {
	for k, g := range groups {
		if k.sys != app.ICD10CM || !g.proposed || k.code != "F1090" {
			continue
		}
		if g.m.sec == SocialHistory {
			g.proposed = false
			g.reason = "not proposed: a substance's use is coded only when the provider links it to a condition (§I.C.5.b.3); " + g.reason
		}
	}
}

// keepOne lists, not proposes, the status codes ks: every one with the
// reason none when it is not empty, else all but the highest, whose code
// follows kept in the others' reason.
func keepOne(groups map[key]*group, ks []key, none, kept string) {
	if len(ks) == 0 {
		return
	}
	highest := ks[0]
	for _, k := range ks[1:] {
		if k.code > highest.code {
			highest = k
		}
	}
	for _, k := range ks {
		g := groups[k]
		switch {
		case none != "":
			g.proposed = false
			g.reason = "not proposed: " + none + "; " + g.reason
		case k != highest:
			g.proposed = false
			g.reason = "not proposed: " + kept + terminology.Display(app.ICD10CM, highest.code) + "; " + g.reason
		}
	}
}

// bmiAt finds an adult's body mass index: "BMI 42", "BMI: 31.5", "body
// mass index of 27". A child's BMI is a percentile (Z68.5-), not read.
var bmiAt = regexp.MustCompile(`(?i)\b(?:bmi|body\s+mass\s+index)\b[^0-9%\n]{0,12}?(\d{2})(?:\.\d+)?\b`)

// notAValue follows a number that is no BMI value: "97%", "95th", "12/2023".
var notAValue = regexp.MustCompile(`^\s*(?:%|th\b|st\b|nd\b|rd\b|/)`)

// bmiCode is the Z68 code of an adult's BMI.
func bmiCode(bmi int) string {
	switch {
	case bmi < 20:
		return "Z681"
	case bmi < 40:
		return fmt.Sprintf("Z68%d", bmi) // Z68.20–Z68.39
	case bmi < 45:
		return "Z6841"
	case bmi < 50:
		return "Z6842"
	case bmi < 60:
		return "Z6843"
	case bmi < 70:
		return "Z6844"
	}
	return "Z6845"
}

// bmi adds the Z68 code of the adult body mass index the note gives;
// weightBesideBMI keeps it proposed only beside a weight diagnosis. A
// percentile (a child's) gives none.
func (e *Engine) bmi(s *sentence, text string, a asserted, fy int, ms []mention) []mention {
	if len(s.toks) == 0 {
		return ms
	}
	lo, hi := s.toks[0].start, s.toks[len(s.toks)-1].end
	span := text[lo:hi]
	if strings.Contains(strings.ToLower(span), "percentile") {
		return ms
	}
	for _, m := range bmiAt.FindAllStringSubmatchIndex(span, -1) {
		if notAValue.MatchString(text[lo+m[1]:]) {
			continue // "BMI 97%", "BMI 95th", "BMI 12/2023": not a value
		}
		v, err := strconv.Atoi(span[m[2]:m[3]])
		if err != nil || v < 10 {
			continue
		}
		start, end := lo+m[0], lo+m[1]
		i := tokenAt(s.toks, start)
		if i < 0 || a.kind[i] != Present {
			continue
		}
		c := e.set.Lookup(app.ICD10CM, bmiCode(v))
		if c == nil || !c.Billable.Has(fy) {
			continue
		}
		ms = append(ms, mention{sys: app.ICD10CM, code: c.Code, complete: true, title: c.TitleIn(fy).Long,
			why: "body mass index said: " + strings.TrimSpace(text[start:end]), conf: 0.6, query: text[start:end],
			sec: s.sec, assertion: Present, rule: "body mass index (Z68), beside the weight diagnosis it qualifies (§I.B.14)",
			ev: Evidence{Page: s.page, Start: start, End: end, Text: text[start:end]}})
	}
	return ms
}

// weightDiagnoses are the categories a BMI code goes beside: overweight
// and obesity, malnutrition, abnormal weight loss or gain, cachexia.
var weightDiagnoses = []string{"E66", "E40", "E41", "E42", "E43", "E44", "E45", "E46", "R634", "R635", "R636", "R64", "F500"}

// weightBesideBMI keeps one BMI code (Z68) proposed, the highest, and only
// beside a proposed weight diagnosis (§I.B.14: the BMI is reported with
// the diagnosis it is associated with) and not in pregnancy, where BMI
// codes are not assigned; the others are listed, not proposed.
func weightBesideBMI(groups map[key]*group) {
	weight, pregnancy := false, false
	var bmis []key
	for k, g := range groups {
		if k.sys != app.ICD10CM {
			continue
		}
		// Weeks of gestation said, proposed or not, are a pregnancy.
		pregnancy = pregnancy || strings.HasPrefix(k.code, "Z3A") && !g.tail
		if !g.proposed {
			continue
		}
		for _, p := range weightDiagnoses {
			weight = weight || strings.HasPrefix(k.code, p)
		}
		pregnancy = pregnancy || strings.HasPrefix(k.code, "O")
		if strings.HasPrefix(k.code, "Z68") {
			bmis = append(bmis, k)
		}
	}
	none := ""
	switch {
	case pregnancy:
		none = "a body mass index is not coded in pregnancy"
	case !weight:
		none = "a body mass index goes beside a weight diagnosis (obesity, malnutrition), and none is proposed"
	}
	keepOne(groups, bmis, none, "the highest body mass index said is ")
}

// vaccineWords name a vaccine; shotWords do after what it is for ("flu
// shot", not "cortisone shot" or "shot in the abdomen"); vaccineGiven say
// one was given at the visit; vaccineNot that it was not, not now, or
// that the sentence is about something else it caused.
var vaccineWords = rawSet("vaccine vaccines vaccination vaccinations vaccinated immunization immunizations immunized booster toxoid toxoids tdap dtap mmr prevnar pneumovax shingrix gardasil varivax")
var shotWords = rawSet("shot shots")
var shotFor = rawSet("flu influenza tetanus tdap covid pneumonia pneumococcal shingles zoster hepatitis")
var vaccineGiven = rawSet("given administered today updated")

// shotGivenAfter are the words after "<disease> given" that make it the
// shot given ("flu given today", "tetanus given in the left deltoid").
var shotGivenAfter = rawSet("today now in im intramuscularly at this")

// tetanusShot are the words after "tetanus" that make it the vaccine.
var tetanusShot = rawSet("updated update up up-to-date utd current status not out overdue unknown prophylaxis immunization booster toxoid")
var vaccineNot = rawSet(`declined declines refused refuses deferred due recommended offered discussed will last ago
	previously next yesterday`)

// vaccineElsewhere say a vaccine was given somewhere else than the visit.
var vaccineElsewhere = rawSet("pharmacy pharmacist elsewhere outside walgreens cvs")

// vaccineAbout say the sentence is about something a vaccine caused or
// about the vaccine, not giving it, unless it says one was given
// ("vaccination given today after VIS provided").
var vaccineAbout = rawSet(`after prior reaction reactions site despite following since post side effect effects
	hesitancy hesitant counseling counseled questions question concerns concerned allergy allergic allergies swelling
	schedule scheduled titer titers antibody antibodies immunity immune reviewed review history record records
	asked asks about inquired inquires information info`)

// vaccineAt reports a word naming a vaccine at toks[i]: one of
// vaccineWords, a shot of shotFor ("flu shot"), a child's shots ("2 month
// shots"), or shots of a well child visit ("4 month WCC, shots given");
// not "gel shots", "iron shots", "trigger point shots".
func vaccineAt(toks []token, i int) bool {
	if vaccineWords[toks[i].raw] {
		return true
	}
	if !shotWords[toks[i].raw] || i == 0 {
		return false
	}
	prev := toks[i-1].raw
	if toks[i].punct == 0 && i+1 < len(toks) && toks[i+1].raw == "of" {
		return false // "two shots of Toradol"
	}
	return shotFor[prev] || childShots[prev] || toks[i].raw == "shots" && toks[i-1].punct != 0 &&
		slices.ContainsFunc(toks[:i], func(t token) bool { return wellChildVisit[t.raw] })
}

// afterVaccine reports a vaccine given before the finding at toks[i], in
// its clause: "fever after vaccination", "fever since her 4 month shots
// yesterday", "febrile following immunizations".
func afterVaccine(toks []token, i int) bool {
	_, hi := clauseOf(toks, i)
	for k := i + 1; k < min(hi, i+4); k++ {
		if !afterWords[toks[k].raw] {
			continue
		}
		for j := k + 1; j < min(hi, k+5); j++ {
			if vaccineAt(toks, j) {
				return true
			}
		}
		return false
	}
	return false
}

var afterWords = rawSet("after following since post")

// fallWords are a fall's words, as notes write them; fallCounts the
// counts before "falls" that make them repeated ("two falls").
var fallWords, fallCounts = rawSet("fall falls falling"), rawSet("2 3 4 5 two three four five numerous")

// childShots before "shots" make them a child's vaccines ("2 month
// shots", "routine shots"); wellChildVisit are the words of a well child
// visit, where bare "shots given" are ("4 month WCC, shots given").
var childShots = rawSet("month months year routine childhood catch-up baby kindergarten school")
var wellChildVisit = rawSet("wcc well-child well-baby wcv child baby infant")

// seriesOf are the diseases whose vaccine is given as a series ("hepatitis
// B series", "HPV series").
var seriesOf = rawSet("hepatitis hep hpv shingles zoster shingrix rabies polio")

// vaccineWord reports a word naming a vaccine at toks[i], a tetanus said
// as its vaccine ("tetanus updated", "tetanus is up to date"), or a
// vaccine's series ("hepatitis B series").
func vaccineWord(toks []token, i int) bool {
	return vaccineAt(toks, i) || toks[i].raw == "tetanus" && vaccineNamed(toks, i) ||
		toks[i].raw == "series" && (i >= 1 && vaccineNamed(toks, i-1) || i >= 2 && vaccineNamed(toks, i-2)) // "hepatitis B series"
}

// vaccineNamed reports the word at toks[i] naming the disease a vaccine
// or an immune globulin is for ("influenza vaccine", "flu shot",
// "hepatitis B vaccination", "vaccine against measles", "rabies immune
// globulin"; "tetanus updated"): the patient does not have it.
func vaccineNamed(toks []token, i int) bool {
	next := i + 1
	if next+1 < len(toks) && len(toks[next].raw) == 1 && toks[i].punct == 0 {
		next++ // "hepatitis B vaccine"
	}
	if next < len(toks) && toks[next-1].punct == 0 && (vaccineAt(toks, next) || toks[next].raw == "series" && seriesOf[toks[i].raw]) {
		return true // "influenza vaccine", "completed hepatitis B series"; not "upper GI series"
	}
	if next+1 < len(toks) && toks[next].raw == "immune" && strings.HasPrefix(toks[next+1].raw, "globulin") {
		return true // "tetanus immune globulin", "hepatitis B immune globulin": no tetanus, no hepatitis
	}
	if shotFor[toks[i].raw] && next < len(toks) && (toks[next].raw == "given" || toks[next].raw == "administered") &&
		(toks[next].punct != 0 || next+1 == len(toks) || shotGivenAfter[toks[next+1].raw]) {
		return true // "Flu given today", "Tetanus given": the shot; not "influenza given positive rapid test"
	}
	if next+1 < len(toks) && (toks[next].raw == "is" || toks[next].raw == "was") {
		next++ // "tetanus is up to date"
	}
	if toks[i].raw == "tetanus" && (next < len(toks) && tetanusShot[toks[next].raw] || i > 0 && toks[i-1].raw == "last") {
		return true // "tetanus updated", "tetanus up to date", "last tetanus 2019": its vaccine
	}
	if toks[i].raw == "tetanus" && i >= 2 && toks[i-1].raw == "on" && (tetanusShot[toks[i-2].raw] || toks[i-2].raw == "date") {
		return true // "current on tetanus", "up to date on tetanus"
	}
	if toks[i].raw == "tetanus" && i > 0 && (toks[i-1].raw == "including" || toks[i-1].raw == "last") {
		return true // "immunizations up to date including tetanus", "last tetanus unknown"
	}
	return i >= 2 && (toks[i-1].raw == "against" || toks[i-1].raw == "for") && vaccineWords[toks[i-2].raw]
}

// immunization gives Z23, Encounter for immunization, for a vaccine the
// note says was given at the visit ("influenza vaccine given today") or
// that the patient comes for ("here for a flu shot", "CC: Flu shot"); the
// Immunization, not done code of one refused ("declined the flu shot":
// Z28.21; "parents decline vaccines": Z28.82); the underimmunization
// status of vaccines said to be behind ("immunizations not up to date":
// Z28.39; COVID-19's Z28.31-). Each vaccine is read in its own clause:
// "flu shot given today; immunizations otherwise up to date" is Z23. The
// search reads a bare vaccine word as the encounter for one (Z23) or one
// not done (Z28.-): that reading is dropped when the sentence gives no
// vaccine ("vaccines up to date", "rash after the flu shot", "PLAN: Flu
// vaccine at next visit"), unless it says the encounter ("encounter for
// immunization", "need for influenza vaccination").
func (e *Engine) immunization(s *sentence, text string, a asserted, fy int, ms []mention, from int) []mention {
	toks := s.toks
	given, status, behind, refused, encounter := -1, -1, false, false, false
	notDone, ill, givenWord, givenVaccine, named := -1, false, false, false, -1
	for i, t := range toks {
		encounter = encounter || (t.raw == "encounter" || t.raw == "need") && i+1 < len(toks) && toks[i+1].raw == "for"
		if vaccineGiven[t.raw] && t.raw != "today" {
			lo, hi := clauseOf(toks, i)
			if i > 0 && (toks[i-1].raw == "not" || toks[i-1].raw == "never") {
				notDone = i // "vaccine not given due to fever"
			} else if slices.ContainsFunc(toks[lo:hi], func(t token) bool { return doseWords[t.raw] }) && vaccineTimeOK(toks, lo, hi, hi) {
				givenWord = true // "second dose given today", in a clause of its own
			} else if vaccineClause(toks, lo, hi) {
				givenVaccine = true // "flu shot given"
			}
		}
		if heldWords[t.raw] {
			notDone = i // "vaccines held", "flu shot deferred"
		}
		if !vaccineWord(toks, i) {
			continue
		}
		if named < 0 {
			named = i
		}
		if m, ok := e.vaccineRefused(s, text, i, fy); ok {
			if !refused {
				ms = append(ms, m)
			}
			refused = true
			continue
		}
		lo, hi := clauseOf(toks, i)
		if vaccineGivenAt(s, i, lo, hi) {
			// Given, whatever else its clause says ("influenza vaccine
			// given for the current season").
			if given < 0 && a.kind[i] == Present {
				given = i
			}
			continue
		}
		if st, bh := vaccineStatus(toks[lo:hi]); st {
			if status < 0 || bh {
				status, behind = i, bh
			}
		}
	}
	// The search's readings of a vaccine word: the encounter (Z23), or
	// one not done (Z28.-, as less certain runners-up) unless the
	// sentence says one was not ("immunizations delayed").
	searched := func(notDoneToo bool) []mention {
		return append(ms[:from], slices.DeleteFunc(ms[from:], func(m mention) bool {
			return m.code == "Z23" || notDoneToo && strings.HasPrefix(m.code, "Z28") && m.rule == ""
		})...)
	}
	if notDone >= 0 {
		// A held or not-given word of a vaccine's clause, or of the clause
		// right after one ("here for flu shot; not given due to fever");
		// not another drug's ("metformin held due to AKI; here for flu
		// shot"). The illness is the one that clause gives.
		lo, hi := clauseOf(toks, notDone)
		prev := lo > 0 && vaccineClause(toks, func() int { l, _ := clauseOf(toks, lo-1); return l }(), lo)
		if !vaccineClause(toks, lo, hi) && (givenVaccine || !prev) {
			notDone = -1
		} else {
			ill = slices.ContainsFunc(toks[lo:hi], func(t token) bool { return acuteIllness[t.raw] })
		}
	}
	if notDone >= 0 && !givenWord && named >= 0 && !refused {
		// "Here for flu shot; vaccine not given due to fever", "vaccines
		// held today due to acute illness": not carried out.
		if given < 0 {
			given = named
		}
		code, why := "Z289", "unspecified reason"
		if ill {
			code, why = "Z2801", "acute illness of patient"
		}
		ms = searched(true)
		if m, ok := e.statusMention(code, "index: Immunization > not done > because (of) > "+why, "a vaccine not given at the visit", s, text, toks[given], fy); ok {
			ms = append(ms, m)
		}
		return ms
	}
	if lo, hi := clauseOf(toks, max(named, 0)); given < 0 && givenWord && named >= 0 && !refused && vaccineTimeOK(toks, lo, hi, named) {
		given = named // "hepatitis B series incomplete, second dose given today"; not "flu shot due next month"
	}
	switch {
	case given >= 0:
		// A vaccine given at the visit: the encounter, whatever else the
		// sentence says of the others ("Tdap given, tetanus was not up
		// to date").
		ms = searched(true)
		if m, ok := e.statusMention("Z23", "index: Immunization > encounter for", "a vaccine given at the visit", s, text, toks[given], fy); ok {
			ms = append(ms, m)
		}
	case status >= 0:
		ms = searched(true)
		if behind {
			lo, hi := clauseOf(toks, status)
			ms = append(ms, e.underimmunized(s, text, toks[lo:hi], status, fy)...)
		}
	case !encounter:
		ms = searched(!slices.ContainsFunc(toks, func(t token) bool { return notDoneCues[t.raw] }))
	}
	return ms
}

// heldWords say a vaccine was not given at the visit; acuteIllness that
// an illness was why (Immunization, not done, because of acute illness
// of patient: Z28.01); notDoneCues that a sentence is about vaccines not
// given, which the search's Z28 readings may code.
var (
	heldWords    = rawSet("held deferred postponed withheld")
	acuteIllness = rawSet("fever febrile ill illness sick acute")
	notDoneCues  = rawSet("not delayed held unvaccinated unimmunized nonimmunized never incomplete deferred contraindicated contraindication postponed withheld underimmunization underimmunized refusal")
	// doseWords name a vaccine's dose in a clause of its own ("first
	// dose given today").
	doseWords = rawSet("dose doses #1 #2 #3 booster")
)

// vaccineClause reports a vaccine named in toks[lo:hi].
func vaccineClause(toks []token, lo, hi int) bool {
	for k := lo; k < hi; k++ {
		if vaccineWord(toks, k) {
			return true
		}
	}
	return false
}

// vaccineGivenAt reports the vaccine at toks[i] given at the visit: its
// clause says so ("given", "administered", "updated", "today") and does
// not put it at another time ("due", "last year", "in 2024", "at next
// visit") or make it the cause of something ("rash after the flu shot",
// "questions about the HPV vaccine"); or the patient comes for it (a
// chief complaint, "here for a flu shot").
func vaccineGivenAt(s *sentence, i, lo, hi int) bool {
	toks := s.toks
	if !vaccineTimeOK(toks, lo, hi, i) {
		return false
	}
	given, weak := false, false
	for k := lo; k < hi; k++ {
		w := toks[k].raw
		given = given || vaccineGiven[w]
		weak = weak || vaccineAbout[w] && k != i // not the "allergy" of "allergy shot"
	}
	if weak && !slices.ContainsFunc(toks[lo:hi], func(t token) bool { return vaccineGiven[t.raw] && t.raw != "today" }) {
		return false // "asked about shingles vaccine today"
	}
	return given || (visitFor(toks, i) || visitReason[s.sec] && !s.plan) && !planned(toks, i)
}

// vaccineTimeOK reports a clause that puts its vaccine at no other time
// than the visit (vaccineNot, a year): "due for", "last year", "in 2024".
// What the clause says after "last tetanus", "last one" is of the
// previous dose ("Tdap given as last tetanus was over 10 years ago"), and
// "due to" a cause ("Tdap given due to dirty wound").
func vaccineTimeOK(toks []token, lo, hi, i int) bool {
	if slices.ContainsFunc(toks[lo:hi], func(t token) bool { return vaccineElsewhere[t.raw] }) {
		return false // "received flu shot today at pharmacy"
	}
	if slices.ContainsFunc(toks[lo:hi], func(t token) bool { return t.raw == "today" || t.raw == "now" }) {
		return true // "flu vaccine given today as previously declined"
	}
	for k := lo; k < hi; k++ {
		w := toks[k].raw
		if w == "last" && k > i && k+1 < hi && !timeUnits[toks[k+1].raw] && toks[k+1].raw != "year" {
			return true // after the vaccine: "Tdap given as last tetanus was ..."; not "last flu shot given in 2019"
		}
		if w == "due" && k+1 < hi && toks[k+1].raw == "to" {
			continue
		}
		if vaccineNot[w] || isYear(w) {
			return false
		}
	}
	return true
}

// underimmunized gives the underimmunization status of the vaccines the
// clause says are behind: Status, underimmunization (Z28.39; Z28.3
// before FY2023), COVID-19's unvaccinated (Z28.310) or partially
// vaccinated (Z28.311) when the vaccine is COVID-19's.
func (e *Engine) underimmunized(s *sentence, text string, clause []token, i int, fy int) []mention {
	code, why := "Z2839", "index: Status > underimmunization"
	if slices.ContainsFunc(clause, func(t token) bool { return strings.HasPrefix(t.raw, "covid") }) {
		code, why = "Z28311", "index: Status > underimmunization > COVID-19 > partially vaccinated"
		if slices.ContainsFunc(clause, func(t token) bool { return t.raw == "unvaccinated" || t.raw == "never" }) {
			code, why = "Z28310", "index: Status > underimmunization > COVID-19 > unvaccinated"
		}
	}
	for _, c := range []string{code, "Z283"} {
		if m, ok := e.statusMention(c, why, "vaccines said not to be up to date", s, text, s.toks[i], fy); ok {
			return []mention{m}
		}
	}
	return nil
}

// allergyShotAt reports the "allergy" of "allergy shot(s)", "allergy
// injection(s)" at toks[i].
func allergyShotAt(toks []token, i int) bool {
	return (toks[i].raw == "allergy" || toks[i].raw == "allergen") && toks[i].punct == 0 && i+1 < len(toks) && allergyShotWords[toks[i+1].raw]
}

var allergyShotWords = rawSet("shot shots injection injections immunotherapy")

// allergyShots gives Z51.6, Encounter for desensitization to allergens,
// for allergy shots given at the visit or that the patient comes for
// ("allergy shot given in the left arm", "here for allergy injection");
// not ones given elsewhere or stopped ("on allergy shots at the
// allergist's", "stopped allergy shots").
func (e *Engine) allergyShots(s *sentence, text string, a asserted, fy int, ms []mention) []mention {
	for i := range s.toks {
		if !allergyShotAt(s.toks, i) || a.kind[i] != Present {
			continue
		}
		if lo, hi := clauseOf(s.toks, i); vaccineGivenAt(s, i, lo, hi) {
			if m, ok := e.statusMention("Z516", "index: Encounter (for) > desensitization to allergens", "allergy shots given at the visit", s, text, s.toks[i], fy); ok {
				ms = append(ms, m)
			}
		}
		break
	}
	return ms
}

// examByAge gives a routine examination the code of the patient's age
// group when the note says the age ("a 14-year-old here for her annual
// physical", "2-week-old here for well child check"): the Index's
// Examination, child (over 28 days old) is Z00.12- (Z00.00's Excludes1:
// the health check of a child), Newborn, examination Z00.110 under 8
// days old and Z00.111 8 to 28 days old; an adult's Z00.0-. The age is
// the first one the note gives; none said, the codes stay as read.
func (e *Engine) examByAge(out []Suggestion, pages []string, fy int) []Suggestion {
	if !slices.ContainsFunc(out, func(s Suggestion) bool { return s.System == app.ICD10CM && routineExamCodes[s.Code] }) {
		return out // no routine examination: the note's age is not read
	}
	days := -1
	for _, p := range pages {
		if days = ageInDays(p); days >= 0 {
			break
		}
	}
	if days < 0 {
		return out
	}
	for i, s := range out {
		if s.System != app.ICD10CM {
			continue
		}
		abnormal := s.Code == "Z00.01" || s.Code == "Z00.121"
		if !routineExamCodes[s.Code] {
			continue
		}
		code, why := "Z00.00", "an adult"
		switch {
		case days < 8:
			code, why = "Z00.110", "a newborn under 8 days old"
		case days <= 28:
			code, why = "Z00.111", "a newborn 8 to 28 days old"
		case days < 18*365:
			code, why = "Z00.129", "a child"
			if abnormal {
				code = "Z00.121"
			}
		case abnormal:
			code = "Z00.01"
		}
		if code == s.Code {
			continue
		}
		if c := e.set.Lookup(app.ICD10CM, terminology.Canonical(code)); c != nil && c.Billable.Has(fy) {
			out[i].Code, out[i].Title = code, c.TitleIn(fy).Long
			out[i].Reason += "; the examination of " + why + ", the age the note gives"
		}
	}
	// Two examinations read apart may now be one code ("well child check
	// and annual physical" of a 14-year-old).
	return oneProposedPerCode(out)
}

// routineExamCodes are the routine examinations an age group codes
// apart: an adult's and a child's, without and with abnormal findings.
var routineExamCodes = map[string]bool{"Z00.00": true, "Z00.01": true, "Z00.129": true, "Z00.121": true}

// ageRe finds an age as notes write it: "14-year-old", "14 year old",
// "14 yo", "14 y/o", "2-week-old", "10-day-old", "4-month-old", "aged 67".
var ageRe = regexp.MustCompile(`(?i)\b(\d{1,3})[- ]?(years?|yrs?|months?|mos?|weeks?|wks?|days?)[- ]old\b|\b(\d{1,3}) ?(yo|y/o|y\.o\.)(\W|$)`)

// ageInDays returns the first age the text gives the patient, in days;
// -1 if none. An age said of someone else is passed over: one before a
// relative ("her 3-year-old son", "a 2-week-old baby at home"; not "mom
// brings her 10-day-old for well baby check"), or after a relative shortly
// before it ("Mother is 45
// years old", "grandfather with colon cancer at 62 yo"; not "2-week-old
// here with mom").
func ageInDays(text string) int {
	for _, at := range ageRe.FindAllStringSubmatchIndex(text, -1) {
		end := at[1]
		if at[8] >= 0 {
			end = at[9] // "8 yo": not the full stop after it
		}
		if !othersAge(text, at[0], end) && personsAge(text, at) {
			return ageOf(ageRe.FindStringSubmatch(text[at[0]:end]))
		}
	}
	return -1
}

// personsAge reports an age match that says how old a person is: any
// "N years old", "N yo"; days, weeks or months only hyphenated
// ("2-week-old"), after "a" or "an" ("an 8 day old") or starting a
// sentence ("HPI: 8 days old presents"); not a wound's or a rash's ("cut
// on hand that is 3 days old", "rash about 2 weeks old").
func personsAge(text string, at []int) bool {
	if at[4] < 0 || strings.HasPrefix(strings.ToLower(text[at[4]:at[5]]), "y") {
		return true
	}
	if strings.Contains(text[at[0]:at[1]], "-old") {
		return true
	}
	before := strings.Fields(strings.ToLower(text[max(0, at[0]-12):at[0]]))
	if len(before) == 0 {
		return true // the note's first words
	}
	last := before[len(before)-1]
	return last == "a" || last == "an" || strings.HasSuffix(last, ":") || strings.HasSuffix(last, ".") // "HPI: 8 days old presents"
}

// othersAge reports the age at text[start:end] said of someone else.
func othersAge(text string, start, end int) bool {
	from := max(strings.LastIndexAny(text[:start], ".\n")+1, 0)
	to := len(text)
	if k := strings.IndexAny(text[end:], ".\n"); k >= 0 {
		to = end + k
	}
	before, after := strings.Fields(strings.ToLower(text[from:start])), strings.Fields(strings.ToLower(text[end:to]))
	if len(after) > 0 && relatives[strings.Trim(after[0], ",;:")] {
		return true
	}
	near := before[max(0, len(before)-5):]
	for k, w := range near {
		if w = strings.Trim(w, ",;:()"); familyPeople[w] && !slices.ContainsFunc(near[k+1:], func(w string) bool { return w == "brings" || w == "brought" }) {
			return true // "Mother is 45 years old", "grandfather with colon cancer at 62 yo"; not "mom brings her 10-day-old"
		}
	}
	return false
}

var (
	relatives = union(familyPeople, caregivers, rawSet(`son sons daughter daughters baby babies child children sibling
		siblings grandson granddaughter grandchild grandparent grandparents wife husband spouse twin`))
)

// ageOf is an age match's days.
func ageOf(m []string) int {
	if m == nil {
		return -1
	}
	if m[3] != "" {
		n, _ := strconv.Atoi(m[3])
		return n * 365
	}
	n, _ := strconv.Atoi(m[1])
	switch unit := strings.ToLower(m[2]); {
	case strings.HasPrefix(unit, "y"):
		return n * 365
	case strings.HasPrefix(unit, "mo"):
		return n * 30
	case strings.HasPrefix(unit, "w"):
		return n * 7
	default:
		return n
	}
}

// counseling gives the Index's Counseling (for) code of what the patient
// was counseled on at the visit, which the search does not find from the
// topic's words ("smoking cessation counseling": Counseling, tobacco use,
// Z71.6, as is a bare "counseled on cessation"; "counseled on diet and
// exercise": Counseling, dietary, Z71.3, and exercise, Z71.82). Not
// counseling declined in its clause, or planned ("will refer for
// nutrition counseling").
func (e *Engine) counseling(s *sentence, text string, a asserted, fy int, ms []mention) []mention {
	toks := s.toks
	done := map[string]bool{}
	for at, t := range toks {
		if !counselWords[t.raw] || a.kind[at] != Present || planned(toks, at) {
			continue
		}
		lo, hi := clauseOf(toks, at)
		if slices.ContainsFunc(toks[lo:hi], func(t token) bool { return refusal(t.raw) }) {
			continue // "declined smoking cessation counseling"; not "counseled; declined the patch"
		}
		// The topic: said just before the counseling word ("smoking
		// cessation counseling", "diet and exercise counseling") or after
		// it ("counseled on diet and exercise"); a clause that is the
		// counseling alone is on the sentence's ("tobacco use;
		// counseled").
		from, to := max(lo, at-5), min(hi, at+6)
		if slices.ContainsFunc(toks[lo:hi], func(t token) bool { return isYear(t.raw) || otherTime[t.raw] }) {
			continue // "counseled on smoking cessation in 2019"
		}
		if !slices.ContainsFunc(toks[lo:hi], func(t token) bool { _, ok := counselTopics[t.raw]; return ok }) && hi-lo <= 3 && t.raw != "counseling" && t.raw != "counselling" {
			from, to, lo, hi = 0, len(toks), 0, len(toks) // "tobacco use; counseled", not "attends counseling; diet controlled"
		}
		for k := from; k < to; k++ {
			topic, ok := counselTopics[toks[k].raw]
			if !ok || done[topic.code] || !counselTopicAt(toks, k, lo, hi) {
				continue
			}
			done[topic.code] = true
			if m, ok := e.statusMention(topic.code, "index: Counseling (for) > "+topic.entry, "counseling given at the visit", s, text, t, fy); ok {
				ms = append(ms, m)
			}
		}
	}
	return ms
}

// counselTopicAt reports the topic word at toks[k] as what the counseling
// is on: not one to avoid or a diet advanced ("counseled to avoid sports
// and exercise", "advance diet as tolerated", "BRAT diet"), a test
// ("exercise stress test", "exercise intolerance"), smoke of another kind
// ("smoke detector", "smoke exposure"), nor a cessation of alcohol or
// drugs ("counseled on alcohol cessation").
func counselTopicAt(toks []token, k, lo, hi int) bool {
	for j := max(lo, k-2); j < k; j++ {
		if counselAvoid[toks[j].raw] {
			return false
		}
	}
	if k+1 < hi && counselNotTopic[toks[k+1].raw] {
		return false
	}
	if toks[k].raw == "cessation" {
		return !slices.ContainsFunc(toks, func(t token) bool { return cessationOf[t.raw] })
	}
	return true
}

var (
	counselAvoid    = rawSet("avoid avoiding advance advanced brat clear liquid no without")
	counselNotTopic = rawSet("detector detectors exposure exposures test testing stress intolerance induced tolerance")
	cessationOf     = rawSet("alcohol drinking drug drugs opioid opioids cannabis marijuana substance")
)

// counselWords say the patient was counseled; counselTopics are the words
// of what on, and the Index's entry for it.
var counselWords = rawSet("counseling counselling counseled counselled")
var counselTopics = func() map[string]struct{ code, entry string } {
	topics := map[string]struct{ code, entry string }{}
	for code, t := range map[string]struct{ entry, words string }{
		"Z716":  {"tobacco use", "tobacco smoking smoke smokes smoked smoker smokers cigarette cigarettes cigar cigars nicotine vaping vape e-cigarette e-cigarettes cessation"},
		"Z713":  {"dietary", "diet dietary nutrition nutritional"},
		"Z7182": {"exercise", "exercise exercising"},
	} {
		for _, w := range strings.Fields(t.words) {
			topics[w] = struct{ code, entry string }{code, t.entry}
		}
	}
	return topics
}()

// preprocedural gives the encounter for a preprocedural examination
// (Examination, pre-procedural (pre-operative): Z01.810 cardiovascular,
// Z01.811 respiratory, Z01.812 laboratory, Z01.818 specified NEC) when
// the visit is for one: "pre-op clearance for knee replacement", "here
// for preoperative evaluation", "Reason for visit: cardiac clearance
// before surgery" is not (no "pre-op" word), nor a pre-op evaluation to
// come ("will need pre-op clearance"). The reason for the procedure is
// read as any finding is, and coded beside it.
func (e *Engine) preprocedural(s *sentence, text string, a asserted, fy int, ms []mention) []mention {
	for i, t := range s.toks {
		if !(preopWords[t.raw] || clearanceBefore(s.toks, i)) || a.kind[i] != Present || !reasonAt(s.toks, s.sec, i) || laterVisit(s.toks, i, s.plan) != "" {
			continue
		}
		j := i + 1
		if j+1 < len(s.toks) && t.raw == "pre" && s.toks[j].raw == "op" {
			j++ // "pre op clearance"
		}
		for j < len(s.toks) && j-i <= 3 && s.toks[j-1].punct == 0 && (preopKinds[s.toks[j].raw] != "" || preopBetween[s.toks[j].raw]) && !preopExams[s.toks[j].raw] {
			j++ // "pre-op cardiac clearance", "preoperative risk assessment"
		}
		labs := j == i+2 && preopKinds[s.toks[i+1].raw] == "Z01812" // "preop labs": the examination
		if !labs && (j >= len(s.toks) || s.toks[j-1].punct != 0 || !preopExams[s.toks[j].raw]) {
			continue
		}
		code, kind := "Z01818", "specified NEC"
		for k := max(0, i-1); k < j; k++ {
			if c := preopKinds[s.toks[k].raw]; c != "" && (k >= i || k == i-1 && s.toks[k].punct == 0) {
				code, kind = c, s.toks[k].raw
			}
		}
		if m, ok := e.statusMention(code, "index: Examination > pre-procedural (pre-operative) > "+kind, "a preprocedural examination, the visit's reason", s, text, t, fy); ok {
			ms = append(ms, m)
		}
		return ms
	}
	return ms
}

// administrativeExam reads an examination the visit is for that someone
// other than the patient's health asks for: a school's, an employer's,
// the motor vehicle office's (Z02.0–Z02.89, the Index's Examination,
// admission to school; pre-employment; driving license; ...). Said
// before the examination's word ("school physical", "DOT physical exam",
// "summer camp forms") or after it ("physical for her driver's
// license"), as the visit's reason (reasonAt) and not one to come. A
// sports physical is the search's (Examination, participation in sport,
// Z02.5), and its word, nearer the examination's, keeps another kind's
// off it ("school sports physical").
func (e *Engine) administrativeExam(s *sentence, text string, a asserted, fy int, ms []mention) []mention {
	for i, t := range s.toks {
		if !adminExamWords[t.raw] || a.kind[i] != Present || !reasonAt(s.toks, s.sec, i) || laterVisit(s.toks, i, s.plan) != "" {
			continue
		}
		k := adminKindAt(s.toks, i)
		if k < 0 {
			continue
		}
		kind := adminKinds[s.toks[k].raw]
		if kind.code == "" {
			return ms // a sports physical: the search's
		}
		if m, ok := e.statusMention(kind.code, "index: Examination > "+kind.path, "an administrative examination, the visit's reason", s, text, s.toks[k], fy); ok {
			ms = append(ms, m)
		}
		return ms
	}
	return ms
}

// adminKindAt returns where the kind of the examination word at toks[i]
// is said: the nearest of the three words before it ("school physical",
// "driver's license exam", "school bus driver physical": the driver's),
// or else within three words after its "for" ("physical for school",
// "exam for his CDL"); -1 when none is.
func adminKindAt(toks []token, i int) int {
	for k := i - 1; k >= max(0, i-3); k-- {
		if toks[k].punct != 0 {
			break
		}
		if _, ok := adminKinds[toks[k].raw]; ok {
			return k
		}
	}
	if i+1 < len(toks) && toks[i].punct == 0 && toks[i+1].raw == "for" {
		for k := i + 2; k < min(len(toks), i+5); k++ {
			if _, ok := adminKinds[toks[k].raw]; ok {
				return k
			}
			if toks[k].punct != 0 {
				break
			}
		}
	}
	return -1
}

// adminExamWords are the words of an administrative examination: the
// examination, or the forms it fills in ("school forms").
var adminExamWords = rawSet("physical physicals exam examination form forms")

// adminKinds are the words that say who asks for an examination, with
// its code and the Index's words for it; a sport's has none here (the
// search's).
var adminKinds = map[string]struct{ code, path string }{
	"school": {"Z020", "admission to > school"}, "preschool": {"Z020", "admission to > school"},
	"kindergarten": {"Z020", "admission to > school"}, "college": {"Z020", "admission to > school"},
	"employment": {"Z021", "pre-employment"}, "pre-employment": {"Z021", "pre-employment"},
	"preemployment": {"Z021", "pre-employment"}, "pre-placement": {"Z021", "pre-employment"}, "job": {"Z021", "pre-employment"},
	"dot": {"Z024", "driving license"}, "cdl": {"Z024", "driving license"}, "dmv": {"Z024", "driving license"},
	"driver": {"Z024", "driving license"}, "drivers": {"Z024", "driving license"}, "driver's": {"Z024", "driving license"}, "driving": {"Z024", "driving license"},
	"work": {"Z021", "pre-employment"}, "rotc": {"Z023", "recruitment for armed forces"}, "uscis": {"Z0289", "immigration"},
	"camp": {"Z0289", "camp (summer)"}, "insurance": {"Z026", "insurance purposes"},
	"immigration": {"Z0289", "immigration"}, "adoption": {"Z0282", "adoption"},
	"military": {"Z023", "recruitment for armed forces"}, "enlistment": {"Z023", "recruitment for armed forces"},
	"sports": {}, "sport": {},
}

// skinTest reads a tuberculin skin test (PPD, Mantoux, "TB skin test"):
// a positive one is its finding (Positive, PPD: R76.11) whatever the
// visit is for, unless latent tuberculosis is said (Z22.7, which R76.11
// excludes); one the visit is for (testVisit) or placed at it, with no
// positive result, is the screening (Test, tuberculin: Z11.1), unless it
// is for an exposure (the search's Z20.1). Not someone else's ("her
// husband had a positive PPD"), nor one not done. A smoker's "1 ppd" is
// packs a day.
func (e *Engine) skinTest(s *sentence, text string, a asserted, fy int, ms []mention) []mention {
	for i, t := range s.toks {
		igra := igraAt(s.toks, i)
		if !tuberculinAt(s.toks, i) && !igra || a.kind[i] != Present && !negativeResult(a, i) || someoneElses(s.toks, i) ||
			i+1 < len(s.toks) && s.toks[i].punct == 0 && s.toks[i+1].raw == "not" {
			continue
		}
		lo, hi := clauseOf(s.toks, i)
		result, _ := resultNear(s.toks, i)
		if end := testNameEnd(s.toks, i); result == "" && end > i {
			result, _ = resultNear(s.toks, end) // "TB skin test positive"
		}
		switch {
		case result == "positive" && a.kind[i] == Present:
			if tuberculosisSaid(s.toks) {
				continue // latent or active tuberculosis is coded, not the test (R76.1- Excludes1)
			}
			if k := slices.IndexFunc(s.toks, func(t token) bool { return t.raw == "treated" }); k >= 0 && (k == 0 || s.toks[k-1].raw != "not" && s.toks[k-1].raw != "never") {
				continue // "positive in 2015, treated with INH": the latent infection treated, not a finding now
			}
			code, why, what := "R7611", "index: Positive > PPD (skin test)", "a positive tuberculin skin test"
			if igra {
				code, why, what = "R7612", "index: Reaction > nonspecific > to > QuantiFERON-TB test without active tuberculosis (QFT)", "a positive interferon-gamma release assay"
			}
			if m, ok := e.statusMention(code, why, what, s, text, t, fy); ok {
				ms = append(ms, m)
			}
		case result != "positive" && (testVisit(s, i) || slices.ContainsFunc(s.toks[lo:hi], func(t token) bool { return t.raw == "placed" || t.raw == "placement" })) &&
			laterVisit(s.toks, i, s.plan) == "" && !slices.ContainsFunc(s.toks, func(t token) bool { return exposureWords[t.raw] }):
			if m, ok := e.statusMention("Z111", "index: Test > tuberculin", "a tuberculin skin test, the visit's reason", s, text, t, fy); ok {
				ms = append(ms, m)
			}
		default:
			continue
		}
		return ms
	}
	return ms
}

var exposureWords = union(exposureNouns, rawSet("exposed contact contacts"))

// tbTestWords reports the "TB" at toks[i] naming a test rather than the
// disease: "TB Gold", "TB skin test", "TB screen", "TB clearance", "PPD
// for TB", "test for TB", "T-SPOT.TB" (what a test is for is no
// diagnosis: the test readers code it), a program's or a clinic's name
// ("TB Control Program"), or a lab's total bilirubin ("TB 1.2").
func tbTestWords(toks []token, i int) bool {
	if i+1 < len(toks) && toks[i].punct == 0 && (tbTestAfter[toks[i+1].raw] || isNumber(toks[i+1].raw)) {
		return true // "TB Gold", "TB 1.2" (total bilirubin)
	}
	if i > 0 && (igraAt(toks, i-1) || strings.HasSuffix(toks[i-1].raw, "-spot")) {
		return true // "T-SPOT.TB"
	}
	return i >= 2 && toks[i-1].raw == "for" && toks[i-2].punct == 0 && (tuberculinAt(toks, i-2) || igraAt(toks, i-2) || tbTestAfter[toks[i-2].raw])
}

var tbTestAfter = rawSet("gold test tests testing skin blood screen screening risk ppd quantiferon igra clearance control program clinic nurse department services service")

// tuberculosisSaid reports a sentence that names tuberculosis, latent
// or active, besides a test for it: "QuantiFERON positive, active
// pulmonary TB", "PPD positive, latent TB".
func tuberculosisSaid(toks []token) bool {
	for k, t := range toks {
		if t.raw == "latent" || strings.HasPrefix(t.raw, "tubercul") && !tuberculinAt(toks, k) || t.raw == "tb" && !tbTestWords(toks, k) {
			return true
		}
	}
	return false
}

// igraAt reports an interferon-gamma release assay for tuberculosis named
// at toks[i]: "QuantiFERON", "QuantiFERON-TB Gold", "IGRA", "T-SPOT". A
// positive one without active or latent tuberculosis is R76.12, as a
// positive skin test is R76.11; one the visit is for, a screening
// (Z11.1).
// testNameEnd returns the last word of the test's name that starts at
// toks[i]: the "test" of "TB skin test", "tuberculin skin test", "TB blood
// test".
func testNameEnd(toks []token, i int) int {
	end := i
	for k := i + 1; k < min(len(toks), i+3) && toks[k-1].punct == 0 && (toks[k].raw == "skin" || toks[k].raw == "blood" || toks[k].raw == "test"); k++ {
		end = k
	}
	return end
}

func igraAt(toks []token, i int) bool {
	w := toks[i].raw
	return strings.HasPrefix(w, "quantiferon") || w == "qft" || w == "igra" || strings.HasPrefix(w, "t-spot") || w == "tspot" ||
		w == "tb" && i+2 < len(toks) && toks[i].punct == 0 && toks[i+1].raw == "blood" && toks[i+2].raw == "test" // "TB blood test"
}

// testVisit reports a test at toks[i] the visit is for: the chief
// complaint, "here for" (visitFor), or "encounter for"; not a result an
// assessment lists among others ("UTI. Urine pregnancy test negative.").
// Not one to come (planned).
func testVisit(s *sentence, i int) bool {
	encounter := slices.ContainsFunc(s.toks[max(0, i-4):i], func(t token) bool { return t.raw == "encounter" })
	return (s.sec == ChiefComplaint || visitFor(s.toks, i) || encounter) && !planned(s.toks, i)
}

// someoneElses reports a test or a visit at toks[i] that its clause gives
// to someone else before it: "her husband had a positive PPD", "wife is
// here for her PPD read", "coworker tested positive on TB skin test".
func someoneElses(toks []token, i int) bool {
	lo, _ := clauseOf(toks, i)
	for k := lo; k < i; k++ {
		w := strings.TrimRight(toks[k].raw, ",;:")
		if !(companions[w] || relatives[w] || w == "contact" || w == "contacts") {
			continue
		}
		if k > lo && (toks[k-1].raw == "with" || toks[k-1].raw == "by") || slices.ContainsFunc(toks[lo:i], func(t token) bool { return bringWords[t.raw] }) {
			continue // who came with the patient: "here with mom for PPD placement", "mom brings him in for"
		}
		return true
	}
	return false
}

var bringWords = rawSet("brings brought bring accompanied accompanies")

// tuberculinAt reports a tuberculin skin test named at toks[i]: "PPD"
// (not a smoker's packs a day: "1 ppd", "1-2 ppd", "half a ppd", "smokes
// one ppd"), "Mantoux", "tuberculin", or the "TB" of "TB skin test", "TB
// test".
func tuberculinAt(toks []token, i int) bool {
	switch toks[i].raw {
	case "ppd":
		for k := max(0, i-4); k < i; k++ {
			if smokingWords[toks[k].raw] {
				return false
			}
		}
		if i == 0 || toks[i-1].punct != 0 {
			return true
		}
		prev := toks[i-1].raw
		return !(isNumber(prev) || strings.ContainsAny(prev, "/-") && strings.ContainsAny(prev, "0123456789") || packCounts[prev])
	case "mantoux", "tuberculin":
		return true
	case "tb":
		return i+1 < len(toks) && toks[i].punct == 0 && (toks[i+1].raw == "test" || toks[i+1].raw == "skin" && i+2 < len(toks) && toks[i+2].raw == "test")
	}
	return false
}

// tobaccoProduct returns the Index's words for the tobacco product
// toks[i] says a smoker uses, "" when it says none: a smoker's packs
// ("1 ppd", "2 packs a day", "half a pack", "20 pack-years") are
// cigarettes (not packs of cigars or of marijuana, "1 ppd cigars"),
// cigars, cigarillos and a pipe ("smokes cigars", "pipe smoker") another
// product. Not someone else's ("husband smokes 1 ppd"), the tuberculin
// test ("PPD placed"), ice packs, nor a pipe without smoking.
func tobaccoProduct(toks []token, i int) string {
	w := toks[i].raw
	packYears := strings.HasPrefix(w, "pack-year") || w == "packyears" || w == "pack-yr" || w == "pack-yrs"
	if w != "ppd" && w != "pack" && w != "packs" && !packYears && !otherTobacco[w] {
		return "" // (most words: the checks below read the sentence)
	}
	smokes := func() bool {
		for k := max(0, i-5); k < min(len(toks), i+4); k++ {
			if k != i && smokingWords[toks[k].raw] && toks[k].raw != "pack" && toks[k].raw != "packs" {
				return true
			}
		}
		return false
	}
	counted := i > 0 && toks[i-1].punct == 0 && (isNumber(toks[i-1].raw) || packCounts[toks[i-1].raw] ||
		strings.ContainsAny(toks[i-1].raw, "0123456789") && strings.ContainsAny(toks[i-1].raw, "/-."))
	if companionSubject(toks, i, 6, true) {
		return "" // "husband smokes 1 ppd", "lives with roommate who smokes 1 ppd", "mother smokes 1 ppd"
	}
	// Packs of what the words after them name are its ("1 ppd cigars",
	// "a pack of cigarillos", "1 ppd marijuana"; not "1 ppd, occasional
	// cigar").
	other := slices.ContainsFunc(toks[i+1:min(len(toks), i+4)], func(t token) bool { return otherTobacco[t.raw] || smokedDrugs[t.raw] }) &&
		toks[i].punct == 0
	switch {
	case w == "ppd" && !tuberculinAt(toks, i) && !other,
		(w == "pack" || w == "packs") && counted && smokes() && !other,
		packYears && !other:
		return "cigarettes"
	case otherTobacco[w] && (w != "pipe" || smokes()):
		return "specified product"
	}
	return ""
}

// tobaccoSaid returns m, a nicotine dependence of an unspecified product
// (F17.20-, its code canonical), as the same dependence on the product
// toks say elsewhere in the sentence ("Current smoker, 1 pack per day":
// F17.210), or m itself.
func (e *Engine) tobaccoSaid(m mention, toks []token, fy int) mention {
	var prefix string
	for k := 0; k < len(toks) && prefix == ""; k++ {
		switch x := tobaccoProduct(toks, k); {
		case x == "cigarettes" || toks[k].raw == "cigarettes" || toks[k].raw == "cigarette":
			prefix = "F1721"
		case x == "specified product":
			prefix = "F1729"
		}
	}
	if prefix == "" {
		return m
	}
	c := e.set.Lookup(app.ICD10CM, prefix+m.code[len(prefix):])
	if c == nil || !c.Valid.Has(fy) {
		return m
	}
	m.code, m.title = c.Code, c.TitleIn(fy).Long
	m.why += "; the product the sentence says: " + strings.ToLower(c.TitleIn(fy).Long)
	return m
}

// smokingLabel reports a template's tobacco label at toks[i] whose answer
// says the patient smokes or smoked ("Tobacco: 1 ppd", "Cigarettes: 1
// ppd x 30 yrs", "Smoking: quit 2015", "Tobacco: Yes - cigarettes, 1/2
// ppd"; not a bare "Tobacco: Yes", which may be a use, Z72.0):
// the label is then the smoker the answer tells of (Smoker — see
// Dependence, drug, nicotine), the answer's "quit" its history. Not an
// answer that says no ("Tobacco: never", "Smoking: denies"), nor one
// that names the smoker itself ("Tobacco: current smoker").
func smokingLabel(toks []token, i int) bool {
	switch toks[i].raw {
	case "tobacco", "smoking", "cigarettes", "cigarette":
	default:
		return false
	}
	j := i
	if toks[j].punct != ':' && j+1 < len(toks) && (toks[j+1].raw == "use" || toks[j+1].raw == "status" || toks[j+1].raw == "history") {
		j++
	}
	if toks[j].punct != ':' {
		return false
	}
	says := false
	for k := j + 1; k < len(toks) && k <= j+6; k++ {
		w := toks[k].raw
		switch {
		case labelNo[w] || w == "never" || w == "none" || w == "denies" || (w == "smoker" || w == "smokes") && !othersSmoke(toks, k):
			return false
		case smokedAnswer[w] || isNumber(w) || tobaccoProduct(toks, k) != "":
			says = true
		}
		if toks[k].punct == ':' {
			break // the next label
		}
	}
	return says
}

// smokedAnswer are the words of a tobacco label's answer that say the
// patient smokes or smoked.
var smokedAnswer = rawSet("current currently daily every some ppd quit former ex quitting")

// othersSmoke reports a smoking word at toks[i] whose smoker is a
// companion named just before it ("husband smokes 2 packs a day", "lives
// with roommate who smokes", "nonsmoker, but wife is a smoker"): not the
// patient's smoking. Not the patient who smokes with one ("smokes with
// her husband"), nor when the companion tells of the patient ("per his
// wife, he smokes 2 ppd") or both smoke.
func othersSmoke(toks []token, i int) bool {
	switch toks[i].raw {
	case "smokes", "smoker", "smoking", "smoke", "smoked", "smokers":
	default:
		return false
	}
	return companionSubject(toks, i, 4, false)
}

// companionSubject reports a companion (or, with kin, a relative) named
// up to n words before toks[i], with no other subject between ("husband smokes 1 ppd", "lives
// with roommate who smokes"; not "wife brought him in; he smokes"), in a
// sentence that is not a companion's report on the patient ("per his
// wife, he smokes", "husband reports that the patient smokes") nor of
// both ("both she and her husband smoke").
func companionSubject(toks []token, i, n int, kin bool) bool {
	if slices.ContainsFunc(toks, func(t token) bool { return t.raw == "both" || reportWords[t.raw] }) {
		return false
	}
	for k := i - 1; k >= 0 && k >= i-n; k-- {
		w := toks[k].raw
		if companions[w] || kin && relatives[w] {
			return true
		}
		if visitSubjects[w] || toks[k].punct == ';' {
			break
		}
	}
	return false
}

// reportWords say who tells of the patient: "per his wife, he smokes",
// "husband reports that the patient smokes", "according to her husband".
var reportWords = rawSet("per reports reported says said according states stated notes")

// secondhandWords name tobacco smoke breathed from others.
var secondhandWords = rawSet("secondhand second-hand passive environmental ets")

// tobaccoExposure gives Z77.22, exposure to environmental tobacco smoke,
// for a companion who smokes (othersSmoke) or secondhand smoke the
// sentence says the patient is exposed to ("exposure to secondhand smoke
// at home"); not when the sentence negates it ("no secondhand smoke
// exposure").
func (e *Engine) tobaccoExposure(s *sentence, text string, a asserted, fy int, ms []mention) []mention {
	for i, t := range s.toks {
		second := secondhandWords[t.raw] && i+1 < len(s.toks) && (s.toks[i+1].raw == "smoke" || s.toks[i+1].raw == "smoking" || s.toks[i+1].raw == "tobacco") &&
			!slices.ContainsFunc(s.toks, func(t token) bool { return strings.HasPrefix(t.raw, "avoid") }) // "advised to avoid secondhand smoke"
		if !second && !othersSmoke(s.toks, i) || a.kind[i] != Present {
			continue
		}
		if m, ok := e.statusMention("Z7722", "title: contact, exposure, environmental, tobacco, smoke", "someone else's tobacco smoke", s, text, t, fy); ok {
			return append(ms, m)
		}
	}
	return ms
}

// switchedFrom reports the product a patient switched from at toks[i]:
// "from cigarettes to vaping", "from smoking to e-cigarettes".
func switchedFrom(toks []token, i int) bool {
	if i == 0 || i+2 >= len(toks) || toks[i-1].raw != "from" || toks[i+1].raw != "to" || !smokingWords[toks[i].raw] {
		return false
	}
	return nicotineProduct(toks, i+2) != ""
}

// vapeWords name vaping and its devices.
var vapeWords = rawSet("vape vapes vaping vaped vaper vapers e-cigarette e-cigarettes e-cig e-cigs ecig ecigs juul juuls juuling")

// nicotineProduct returns the Index's words for the nicotine the patient
// takes other than by smoking, said at toks[i], "" for none: vaping and
// electronic cigarettes ("vapes daily", "uses e-cigarettes", "electronic
// cigarettes"), which the classification has as another product (F17.29-),
// and chewing tobacco ("chews tobacco": F17.22-). Not the lung injury
// vaping is associated with ("e-cigarette or vaping associated lung
// injury": U07.0), cannabis ("vapes THC"), nor someone else's ("husband
// vapes").
func nicotineProduct(toks []token, i int) string {
	w := toks[i].raw
	chew := (w == "chews" || w == "chew" || w == "chewing") && i+1 < len(toks) && toks[i].punct == 0 && toks[i+1].raw == "tobacco"
	vape := vapeWords[w] || (w == "cigarette" || w == "cigarettes") && i > 0 && toks[i-1].raw == "electronic" && toks[i-1].punct == 0
	if !chew && !vape || companionSubject(toks, i, 4, false) {
		return ""
	}
	if k := i - 1; k >= 0 && (toks[k].raw == "of" || toks[k].raw == "about" || toks[k].raw == "on") && toks[k].punct == 0 {
		return "" // "discussed risks of vaping", "counseled about vaping"
	}
	if i+1 < len(toks) && toks[i].punct == 0 && (toks[i+1].raw == "shop" || toks[i+1].raw == "store" || toks[i+1].raw == "free" || toks[i+1].raw == "use" && i+2 < len(toks) && toks[i+2].raw == "disorder") {
		return "" // "vape shop employee", "now vape free"
	}
	remission := slices.ContainsFunc(toks, func(t token) bool { return t.raw == "remission" })
	if chew {
		if remission {
			return "nicotine dependence chewing tobacco remission"
		}
		return "nicotine dependence chewing"
	}
	lo, hi := clauseOf(toks, i)
	for _, t := range toks[lo:hi] {
		switch t.raw {
		case "associated", "related", "injury", "evali", "lung", "thc", "cbd", "oil", "cartridge", "cartridges",
			"secondhand", "second-hand", "aerosol", "exposure", "exposed", "tried", "experimented", "once":
			// (Nor someone else's aerosol, nor one try: "tried vaping
			// at a party".)
			return ""
		}
		if smokedDrugs[t.raw] {
			return ""
		}
	}
	if remission {
		// (The Index has the product's remission under "with
		// disorder", which a note does not say: the remission is read
		// as the sentence says it, "nicotine dependence in remission".)
		return ""
	}
	return "nicotine dependence specified product"
}

// otherTobacco are the smoked tobacco products other than cigarettes
// (Dependence, drug, nicotine, specified product NEC: F17.29-).
var otherTobacco = rawSet("cigar cigars cigarillo cigarillos pipe")

var (
	smokingWords = rawSet("smoke smokes smoked smoking smoker cigarette cigarettes tobacco pack packs")
	packCounts   = rawSet("one two three four half a")
)

// resultNear returns the result said of a test named at toks[i]:
// "positive" or "negative", from the two words before it ("positive
// PPD") or the six after it in its sentence ("PPD read today: 0 mm,
// negative"; "pregnancy test, result positive"), the nearest first, not
// past another test ("PPD placement, rapid strep positive"); "" when none
// is. k is where it is said.
func resultNear(toks []token, i int) (string, int) {
	ahead, back := true, true
	for d := 1; d <= 6; d++ {
		if k := i + d; ahead && k < len(toks) {
			if r := resultWords[toks[k].raw]; r != "" {
				return r, k
			}
			ahead = !testNames[toks[k].raw] && !tested(toks[k])
		}
		if k := i - d; back && d <= 2 && k >= 0 {
			if back = toks[k].punct == 0; back {
				if r := resultWords[toks[k].raw]; r != "" {
					return r, k
				}
			}
		}
	}
	return "", -1
}

// negativeResult reports the word at i negated only by a test's result
// ("PPD read, negative"; "pregnancy test negative"): the test was done.
func negativeResult(a asserted, i int) bool {
	return a.kind[i] == Negated && strings.HasSuffix(a.cue[i], "negative")
}

var resultWords = map[string]string{"positive": "positive", "pos": "positive", "abnormal": "positive",
	"negative": "negative", "neg": "negative", "nonreactive": "negative", "non-reactive": "negative"}

// pregnancyTest reads a pregnancy test the visit is for (testVisit: "here
// for pregnancy test", "CC: Pregnancy test", "UPT"): Encounter, pregnancy,
// test, Z32.00, or by its result Z32.01 (positive) or Z32.02 (negative).
// A test done in passing at a visit for something else ("urine pregnancy
// test negative" in an emergency visit for abdominal pain; "ASSESSMENT:
// UTI. Urine pregnancy test negative.") is no code.
func (e *Engine) pregnancyTest(s *sentence, text string, a asserted, fy int, ms []mention) []mention {
	for i, t := range s.toks {
		if !(t.raw == "upt" || t.raw == "pregnancy" && i+1 < len(s.toks) && t.punct == 0 && (s.toks[i+1].raw == "test" || s.toks[i+1].raw == "testing")) ||
			a.kind[i] != Present && !negativeResult(a, i) || !testVisit(s, i) || someoneElses(s.toks, i) || laterVisit(s.toks, i, s.plan) != "" {
			continue
		}
		at := i
		if t.raw == "pregnancy" {
			at = i + 1 // the result is the test's: "positive pregnancy test", "pregnancy test, result negative"
		}
		code, path := "Z3200", "index: Encounter > pregnancy > test"
		switch result, _ := resultNear(s.toks, at); result {
		case "positive":
			code, path = "Z3201", path+" > result positive"
		case "negative":
			code, path = "Z3202", path+" > result negative"
		}
		if m, ok := e.statusMention(code, path, "a pregnancy test, the visit's reason", s, text, t, fy); ok {
			ms = append(ms, m)
		}
		return ms
	}
	return ms
}

// testResultBesideTest lists, not proposes, a pregnancy test of unknown
// result (Z32.00) when the note gives its result (Z32.01, Z32.02), and an
// administrative examination (Z02.-) beside a general one (Z00.0-,
// Z00.1-), which Z00's Excludes1 note keeps apart: the general
// examination done is the code ("well child check and school forms").
func testResultBesideTest(groups map[key]*group) {
	var pregnancy, general, admin []key
	for k, g := range groups {
		if k.sys != app.ICD10CM || !g.proposed {
			continue
		}
		switch {
		case strings.HasPrefix(k.code, "Z320"):
			pregnancy = append(pregnancy, k)
		case strings.HasPrefix(k.code, "Z000") || strings.HasPrefix(k.code, "Z001"):
			general = append(general, k)
		case strings.HasPrefix(k.code, "Z02"):
			admin = append(admin, k)
		}
	}
	keepOne(groups, pregnancy, "", "the test's result is coded: ")
	if len(general) > 0 {
		keepOne(groups, admin, "a general examination is proposed, and Z00 excludes an administrative one (Z02.-)", "")
	}
}

// clearanceBefore reports a clearance of its kind at toks[i] for an
// operation its clause names ("cardiac clearance before hernia repair",
// "medical clearance for surgery"), with no pre-op word.
func clearanceBefore(toks []token, i int) bool {
	if i+1 >= len(toks) || toks[i].punct != 0 || toks[i+1].raw != "clearance" || preopKinds[toks[i].raw] == "" && !preopBetween[toks[i].raw] {
		return false
	}
	lo, hi := clauseOf(toks, i)
	return slices.ContainsFunc(toks[lo:hi], func(t token) bool { return surgeryWords[t.raw] })
}

// preopWords say an examination is before a procedure; preopExams are
// the examination's words; preopKinds the kind's words and their codes.
var preopWords = rawSet("preop pre-op pre preoperative pre-operative presurgical pre-surgical preprocedural pre-procedural preprocedure pre-procedure")
var preopExams = rawSet("evaluation eval exam examination clearance assessment visit physical h&p consultation")
var preopBetween = rawSet("risk medical surgical anesthesia")
var preopKinds = map[string]string{"cardiac": "Z01810", "cardiovascular": "Z01810", "cardiology": "Z01810",
	"pulmonary": "Z01811", "respiratory": "Z01811", "lab": "Z01812", "labs": "Z01812", "laboratory": "Z01812"}

// vaccineStatus reports a clause that says whether the patient's vaccines
// are up to date ("immunizations up to date", "vaccines are current",
// "UTD on vaccines"), and whether it says they are not ("not up to date",
// "not fully up to date", "behind on vaccines", "never been vaccinated").
func vaccineStatus(toks []token) (status, behind bool) {
	for i, t := range toks {
		switch {
		case t.raw == "up" && i+2 < len(toks) && toks[i+1].raw == "to" && toks[i+2].raw == "date",
			t.raw == "current" || t.raw == "utd" || t.raw == "up-to-date":
			status = true
			for k := max(0, i-2); k < i; k++ {
				behind = behind || toks[k].raw == "not" || toks[k].raw == "never"
			}
		case behindWords[t.raw]:
			status, behind = true, true
		}
	}
	return status, behind
}

var behindWords = rawSet("behind delinquent lapsed incomplete unvaccinated never overdue")

// refusals are the verb forms of "decline": the patient refused
// something, no decline of health.
var refusals = rawSet("declined declines")

// refusal reports a word that says the patient refused something (not
// "declining", a decline of health as often: "declining O2 saturation").
func refusal(w string) bool {
	return refusals[w] || w == "refused" || w == "refuses" || w == "refusing"
}

// rawSet is a set of words as the note writes them (lower case).
func rawSet(words string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(words) {
		set[w] = true
	}
	return set
}

// vaccineRefused gives the Immunization, not done code of the vaccine at
// toks[i] when its clause refuses it: the patient's (Z28.21: "declined
// the flu shot", "refuses the influenza vaccine", "flu vaccine
// declined"), a parent's or caregiver's said just before the refusal
// (Z28.82: "parents decline vaccines"; not "patient declines; her mother
// had Guillain-Barre"), or for the patient's beliefs (Z28.1: "declines
// vaccines for religious reasons").
func (e *Engine) vaccineRefused(s *sentence, text string, i int, fy int) (mention, bool) {
	toks := s.toks
	lo, hi := clauseOf(toks, i)
	at := -1
	for k := lo; k < hi && at < 0; k++ {
		w := toks[k].raw
		switch {
		case refusal(w) && !slices.ContainsFunc(toks[lo:hi], func(t token) bool { return vaccineGiven[t.raw] && t.raw != "today" }):
			at = k // not "flu vaccine given today as previously declined", "declined statin but flu vaccine given"
		case presentRefusal[w] && k < i && i-k <= 3:
			at = k // "parents decline vaccines"; not "cognitive decline"
		}
	}
	if at < 0 {
		return mention{}, false
	}
	code, why, rule := "Z2821", "patient refusal", "a vaccine the patient refused"
	for k := max(lo, at-2); k < at; k++ {
		if caregivers[toks[k].raw] {
			code, why, rule = "Z2882", "caregiver refusal", "a vaccine the patient's caregiver refused" // "parents declined"
		}
	}
	if slices.ContainsFunc(toks[lo:hi], func(t token) bool { return beliefWords[t.raw] }) {
		code, why, rule = "Z281", "patient's belief", "a vaccine refused for the patient's beliefs"
	}
	return e.statusMention(code, "index: Immunization > not done > because (of) > "+why, rule, s, text, toks[i], fy)
}

// presentRefusal are "decline" and "refuse" in the present, a refusal
// next to a vaccine ("parents decline vaccines"), though "decline" alone
// is as often a worsening; caregivers are who refuses for the patient;
// beliefWords the reasons of belief (Z28.1).
var presentRefusal = rawSet("decline refuse")
var caregivers = rawSet("parent parents mother father mom dad guardian guardians caregiver caregivers")
var beliefWords = rawSet("religious religion belief beliefs")

// trimesterFromWeeks gives a proposed pregnancy code (O, or Z34
// supervision of a normal pregnancy) of unspecified trimester the
// trimester of the weeks of gestation the note says (Z3A.30 beside
// O41.1290: O41.1230; Z3A.20 beside Z34.00: Z34.02). Trimesters are counted from the
// first day of the last menstrual period (§I.C.15.a.3): the first is
// less than 14 weeks 0 days, the second 14 weeks 0 days to less than
// 28 weeks 0 days, the third 28 weeks 0 days until delivery.
func (e *Engine) trimesterFromWeeks(out []Suggestion, fy int) []Suggestion {
	weeks := -1
	for _, s := range out {
		// Weeks said, proposed or listed (beside a Z34 supervision code,
		// which takes no Z3A), unless negated or past.
		if s.Assertion == Present && s.System == app.ICD10CM && strings.HasPrefix(s.Code, "Z3A.") {
			if n, err := strconv.Atoi(s.Code[4:]); err == nil && n > 0 {
				weeks = max(weeks, n) // Z3A.01: less than 8 weeks
			}
		}
	}
	if weeks < 0 {
		return out
	}
	trimester := "third"
	switch {
	case weeks < 14:
		trimester = "first"
	case weeks < 28:
		trimester = "second"
	}
	for i, s := range out {
		title := strings.ToLower(s.Title)
		if !s.Proposed || s.System != app.ICD10CM || !strings.HasPrefix(s.Code, "O") && !strings.HasPrefix(s.Code, "Z34") || !strings.Contains(title, "unspecified trimester") {
			continue
		}
		want := strings.Replace(title, "unspecified trimester", trimester+" trimester", 1)
		if x := e.siblingTitled(terminology.Canonical(s.Code), fy, func(t string) bool { return t == want }); x != nil {
			out[i].Code, out[i].Title = terminology.Display(app.ICD10CM, x.Code), x.TitleIn(fy).Long
			out[i].Reason += fmt.Sprintf("; the %s trimester of %d weeks of gestation", trimester, weeks)
		}
	}
	return oneProposedPerCode(out)
}

// oneProposedPerCode merges the proposed suggestions a later reading made
// the same code (a trimester given, an examination's age group): one,
// with the evidence of both and the higher score; a less certain
// candidate it now is goes (a listed one, negated or past, cannot be: no
// proposed code comes of it).
func oneProposedPerCode(out []Suggestion) []Suggestion {
	first := map[string]int{}
	drop := make([]bool, len(out))
	for i, s := range out {
		if !s.Proposed {
			continue
		}
		k := string(s.System) + "|" + s.Code
		j, seen := first[k]
		if !seen {
			first[k] = i
			continue
		}
		out[j].Evidence = append(out[j].Evidence, s.Evidence...)
		sortEvidence(out[j].Evidence)
		out[j].Score = max(out[j].Score, s.Score)
		drop[i] = true
	}
	for i, s := range out {
		if _, ok := first[string(s.System)+"|"+s.Code]; ok && s.LessCertain {
			drop[i] = true
		}
	}
	kept := out[:0]
	for i, s := range out {
		if !drop[i] {
			kept = append(kept, s)
		}
	}
	return kept
}

// Receptor status of a breast cancer (Z17): "ER+", "ER/PR positive",
// "estrogen receptor-negative", "ER(-)", "HER2 negative", "HR+/HER2-",
// "triple-negative". The abbreviations are read in capitals only, so
// "in the er" is no receptor; "ER positive for" is the emergency room.
var (
	erAt = regexp.MustCompile(`(?:\b(?i:o?estrogen)[\s-]+(?i:receptors?)|\bER\b)(\s*/\s*(?:PR|PgR|(?i:progesterone[\s-]+receptors?)))?` +
		`(?:\s+(?i:status))?(?:\s*(?:(?i:is|was)\b|:))?(?:[\s-]*\b(?i:(positive|pos|negative|neg))\b|(\s?\(\s*[+-]\s*\)|[+-]))`)
	hrAt = regexp.MustCompile(`(?:\b(?i:hormone)[\s-]+(?i:receptors?)|\bHR\b)(?:\s+(?i:status))?(?:\s*(?:(?i:is|was)\b|:))?` +
		`(?:[\s-]*\b(?i:(positive|pos|negative|neg))\b|(\s?\(\s*[+-]\s*\)|[+-]))`)
	her2At = regexp.MustCompile(`\b(?:HER-?2|(?i:her2))(?:/(?i:neu))?(?:\s+(?i:status))?(?:\s*(?:(?i:is|was)\b|:))?` +
		`(?:[\s-]*\b(?i:(positive|pos|negative|neg))\b|(\s?\(\s*[+-]\s*\)|[+-]))`)
	tripleNegativeAt = regexp.MustCompile(`(?i)\btriple[\s-]+negative\b`)
	// forAfter follows "ER positive" when it is the emergency room: "in
	// the ER positive for influenza".
	forAfter = regexp.MustCompile(`^\s+for\b`)
)

// receptorValue is a status match's value: '+' or '-', 0 when none.
func receptorValue(span string, m []int) byte {
	switch {
	case m[len(m)-4] >= 0:
		if strings.HasPrefix(strings.ToLower(span[m[len(m)-4]:m[len(m)-3]]), "pos") {
			return '+'
		}
		return '-'
	case m[len(m)-2] >= 0:
		if end := m[len(m)-1]; end < len(span) && isDigit(span[end]) {
			return 0 // "Metformin ER-500": a dose, no status
		}
		if strings.Contains(span[m[len(m)-2]:m[len(m)-1]], "+") {
			return '+'
		}
		return '-'
	}
	return 0
}

// receptorFound is one status a sentence states, with its words.
type receptorFound struct {
	value      byte // '+', '-' or 0 (not said)
	start, end int  // in the page's text
	both       bool // ER and PR said together ("ER/PR negative")
}

// receptors adds the receptor status codes a sentence states: the
// estrogen receptor's (Z17.0, Z17.1), and from FY2025 the combined
// hormone receptor and HER2 status (Z17.41-, Z17.42-) when the note gives
// both. A hormone receptor status is positive when the estrogen receptor
// is, negative when the note says so ("HR-", "ER/PR negative",
// "triple-negative"). receptorsBesideCancer keeps them proposed only
// beside a breast cancer, which the category codes first.
func (e *Engine) receptors(s *sentence, text string, a asserted, fy int, ms []mention) []mention {
	if len(s.toks) == 0 {
		return ms
	}
	lo, hi := s.toks[0].start, s.toks[len(s.toks)-1].end
	for hi < len(text) && strings.IndexByte("+-() ", text[hi]) >= 0 {
		hi++ // "HER2-." and "ER(-)." end the sentence with their sign
	}
	span := text[lo:hi]
	if lower := strings.ToLower(span); !strings.Contains(span, "ER") && !strings.Contains(span, "HR") &&
		!strings.Contains(lower, "receptor") && !strings.Contains(lower, "her2") && !strings.Contains(lower, "her-2") && !strings.Contains(lower, "triple") {
		return ms // no receptor named: the regular expressions need not run
	}
	find := func(re *regexp.Regexp) receptorFound {
		for _, m := range re.FindAllStringSubmatchIndex(span, -1) {
			if forAfter.MatchString(span[m[1]:]) && strings.HasPrefix(span[m[0]:], "ER") {
				continue
			}
			i := tokenAt(s.toks, lo+m[0])
			if i < 0 || !statusAsserted(a, i) {
				continue
			}
			if v := receptorValue(span, m); v != 0 {
				return receptorFound{value: v, start: lo + m[0], end: lo + m[1], both: re == erAt && m[2] >= 0}
			}
		}
		return receptorFound{}
	}
	er, hr, her2 := find(erAt), find(hrAt), find(her2At)
	if m := tripleNegativeAt.FindStringIndex(span); m != nil {
		if i := tokenAt(s.toks, lo+m[0]); i >= 0 && statusAsserted(a, i) {
			t := receptorFound{value: '-', start: lo + m[0], end: lo + m[1], both: true}
			if er.value == 0 {
				er = t
			}
			if hr.value == 0 {
				hr = t
			}
			if her2.value == 0 {
				her2 = t
			}
		}
	}
	add := func(code, why string, at ...receptorFound) {
		c := e.set.Lookup(app.ICD10CM, code)
		if c == nil || !c.Billable.Has(fy) {
			return
		}
		for k, f := range at {
			if k > 0 && f == at[0] {
				continue
			}
			ms = append(ms, mention{sys: app.ICD10CM, code: c.Code, complete: true, title: c.TitleIn(fy).Long,
				why: why + ": " + strings.TrimSpace(text[f.start:f.end]), conf: 0.6, query: text[f.start:f.end], sec: s.sec,
				assertion: Present, rule: "receptor status (Z17), beside the breast cancer it qualifies",
				ev: Evidence{Page: s.page, Start: f.start, End: f.end, Text: text[f.start:f.end]}})
		}
	}
	switch er.value {
	case '+':
		add("Z170", "estrogen receptor status said", er)
	case '-':
		add("Z171", "estrogen receptor status said", er)
	}
	if hr.value == 0 && (er.value == '+' || er.value == '-' && er.both) {
		hr = er
	}
	if hr.value != 0 && her2.value != 0 {
		code := "Z1741"
		if hr.value == '-' {
			code = "Z1742"
		}
		if her2.value == '+' {
			code += "0"
		} else {
			code += "1"
		}
		add(code, "hormone receptor and HER2 status said", hr, her2)
	}
	return ms
}

// statusAsserted reports a receptor status stated at token i: present,
// or negated only by its own "negative" ("ER status negative"); not "not
// triple negative" nor a past or family one.
func statusAsserted(a asserted, i int) bool {
	return a.kind[i] == Present || a.kind[i] == Negated && strings.Contains(a.cue[i], "negative")
}

// receptorsBesideCancer keeps the receptor status codes (Z17) proposed
// only beside a proposed malignant neoplasm of the breast (C50), which
// the category asks to be coded first; without one they are listed, not
// proposed.
func receptorsBesideCancer(groups map[key]*group) {
	breast := false
	var status []key
	for k, g := range groups {
		if k.sys != app.ICD10CM {
			continue
		}
		breast = breast || g.proposed && strings.HasPrefix(k.code, "C50")
		if strings.HasPrefix(k.code, "Z17") && g.proposed {
			status = append(status, k)
		}
	}
	if !breast {
		keepOne(groups, status, "a receptor status goes beside the breast cancer it qualifies (C50, code first), and none is proposed", "")
	}
}

// pressureAt finds an elevated blood pressure said as a finding: "elevated
// blood pressure", "raised BP reading", "blood pressures elevated". Not
// "high blood pressure", everyday words for hypertension itself.
var pressureAt = regexp.MustCompile(`(?i)\b(?:(?:elevated|raised|increased)\s+(?:blood[\s-]+pressures?|bps?)(?:\s+readings?)?|(?:blood[\s-]+pressures?|bps?)\s+(?:(?:is|was|are|were|remains|remained)\s+)?(?:elevated|raised))\b`)

// hypertensionWords name hypertension (q's words: HTN spelled out);
// otherHypertension are the kinds that are no blood pressure's.
var hypertensionWords = wordSet("hypertension hypertensive")
var otherHypertension = rawSet("pulmonary portal ocular intracranial")

// elevatedPressure adds R03.0, an elevated blood-pressure reading without
// a diagnosis of hypertension (Elevated, blood pressure, reading, no
// diagnosis of hypertension), for an elevated blood pressure a sentence
// states and does not call hypertension, now or in the past; the Index's
// "see also Hypertension" is for a note that does (plausible). Beside a
// proposed hypertension code it is integral to it (§I.B.5).
func (e *Engine) elevatedPressure(s *sentence, text string, q []qtok, a asserted, fy int, ms []mention) []mention {
	if len(s.toks) == 0 {
		return ms
	}
	lo, hi := s.toks[0].start, s.toks[len(s.toks)-1].end
	if lower := strings.ToLower(text[lo:hi]); !strings.Contains(lower, "pressure") && !strings.Contains(lower, "bp") {
		return ms // no blood pressure named: the regular expression need not run
	}
	for i := range s.toks {
		if a.kind[i] != Negated && a.kind[i] != Family && saysAny(q[i:i+1], hypertensionWords) && !(i > 0 && otherHypertension[s.toks[i-1].raw]) {
			return ms // "elevated blood pressure, history of hypertension"
		}
	}
	for _, m := range pressureAt.FindAllStringIndex(text[lo:hi], -1) {
		start, end := lo+m[0], lo+m[1]
		i := tokenAt(s.toks, start)
		if i < 0 || a.kind[i] != Present {
			continue
		}
		c := e.set.Lookup(app.ICD10CM, "R030")
		if c == nil || !c.Billable.Has(fy) {
			return ms
		}
		return append(ms, mention{sys: app.ICD10CM, code: c.Code, complete: true, title: c.TitleIn(fy).Long,
			why:  "index: Elevated, elevation > blood pressure > reading (incidental) (isolated) (nonspecific), no diagnosis of hypertension",
			conf: 0.9, query: text[start:end], sec: s.sec, assertion: Present,
			rule: "an elevated reading the note does not call hypertension",
			ev:   Evidence{Page: s.page, Start: start, End: end, Text: text[start:end]}})
	}
	return ms
}

// heldDevices are the devices and openings a patient lives with, whose
// presence is a status code (Presence, cardiac pacemaker: Z95.0; Status,
// colostomy: Z93.3; Presence, heart valve implant, prosthetic: Z95.2).
var heldDevices = rawSet(`pacemaker defibrillator cardioverter-defibrillator aicd stent stents shunt prosthesis valve graft
	colostomy ileostomy jejunostomy gastrostomy tracheostomy nephrostomy cystostomy urostomy ureterostomy amputation`)

// heldNames are devices written short, as the status entries name them:
// looked up so here only, an "AICD placement" is no defibrillator the
// patient already has.
var heldNames = map[string]string{"aicd": "automatic implantable cardiac defibrillator"}

// heldAlone are the held devices whose word alone says which they are; a
// "graft", a "stent" or a "valve" alone does not.
var heldAlone = rawSet(`pacemaker defibrillator cardioverter-defibrillator aicd colostomy ileostomy jejunostomy gastrostomy
	tracheostomy nephrostomy cystostomy urostomy ureterostomy`)

// heldAfter may follow a held device without making it something else
// than the device ("a pacemaker for sick sinus syndrome", "a colostomy
// since 2019", "a gastrostomy tube"), as may a verb or a conjunction that
// ends its words ("a man with a pacemaker presents with"); any other word
// after it is what the note is about: a "pacemaker malfunction", a "valve
// stenosis", a "colostomy reversal", a pacemaker "placed today".
var heldAfter = rawSet("for in on tube due at since")

// heldEnds reports toks[i], a device's word, ending what the note says of
// the device (heldAfter), or its placement not said to be today ("a
// pacemaker implanted in 2015", "a pacemaker placed for heart block"; not
// one "placed today"). Past (a history: "status post left BKA at age 50",
// "s/p coronary stent x2"), any word but one that undoes or fails it does
// ("gastrostomy tube removal": the word after "tube" too).
func heldEnds(toks []token, i int, past bool) bool {
	if i+1 < len(toks) && toks[i].punct == 0 && toks[i+1].raw == "tube" {
		i++
	}
	if i+1 == len(toks) || toks[i].punct != 0 {
		return true
	}
	next := toks[i+1].raw
	if past {
		return !undoneWords[next]
	}
	return heldAfter[next] || breakWords[next] && next != "not" ||
		placedWords[next] && !slices.ContainsFunc(toks[i+1:min(len(toks), i+5)], func(t token) bool { return nowWords[t.raw] || t.raw == "now" })
}

// placedWords say a device was put in; undoneWords that it was taken out,
// closed, changed or failed.
var (
	placedWords = rawSet("placement placed insertion inserted implantation implanted")
	undoneWords = rawSet(`removal removed reversal reversed takedown take closure closed explant explanted explantation
		extraction decannulation decannulated revision exchange exchanged replacement malfunction malfunctioning
		failure failed infection infected dislodged dislodgement thrombosis occlusion stenosis restenosis
		complication complications`)
)

// otherPeople are the people besides the patient a note says have
// something ("her husband has a colostomy").
var otherPeople = union(companions, familyPeople, rawSet("child"))

// deviceStatus adds the status code of a device or opening the note says
// the patient has ("she has a colostomy", "a 70-year-old man with a
// pacemaker", "pacemaker" as an item of the past history): the status a
// coder codes beside the conditions (§I.C.21.c.3). A device the note
// places, checks or finds failing is the procedure's or the
// complication's, not this; nor is one another person has, or a question.
func (e *Engine) deviceStatus(s *sentence, text string, q []qtok, a asserted, fy int, ms []mention) []mention {
	toks := s.toks
	if len(toks) == 0 || question(text, toks[len(toks)-1].end) {
		return ms
	}
	for i, t := range toks {
		head := heldWord(q[i])
		if !heldDevices[head] || a.kind[i] != Present || !heldEnds(toks, i, false) {
			continue
		}
		lo, ok := heldBy(toks, q, i)
		// An item of its own in a past history list.
		item := (s.sec == PastHistory || s.sec == SurgicalHistory) && (lo == 0 || toks[lo-1].punct != 0) && (i+1 == len(toks) || t.punct != 0)
		if !ok && !item || lo == i && !heldAlone[head] && len(strings.Fields(q[i].text)) == 1 {
			continue
		}
		var words []string
		for k := lo; k <= i; k++ {
			words = append(words, cmp.Or(heldNames[q[k].text], q[k].text))
		}
		if h, query, found := e.heldHit(strings.Join(words, " "), heldWord(qtok{text: words[len(words)-1]}), fy); found {
			t0 := toks[lo]
			ms = append(ms, mention{sys: app.ICD10CM, code: h.Concept.Code, complete: true, title: h.Concept.TitleIn(fy).Long,
				why: h.Why, conf: 0.6, query: query, sec: s.sec, assertion: Present, cue: a.cue[i],
				rule: "the status of the " + head + " the patient has",
				ev:   Evidence{Page: s.page, Start: t0.start, End: t.end, Text: text[t0.start:t.end]}})
		}
	}
	return ms
}

// question reports a sentence whose last word ends at end and is followed
// by a question mark.
func question(text string, end int) bool {
	rest := strings.TrimLeft(text[end:], " \t\"')")
	return strings.HasPrefix(rest, "?")
}

// heldBy returns where the words of the device at toks[i] begin (its own
// words before it: "coronary", "prosthetic aortic") and whether the note
// says the patient has it: "has a", "has had a", "a 70-year-old man with
// a"; not "her husband has a".
func heldBy(toks []token, q []qtok, i int) (int, bool) {
	lo := i
	for lo > 0 && i-lo < 3 && toks[lo-1].punct == 0 && !breakWords[toks[lo-1].raw] && toks[lo-1].raw != "with" && !determiners[toks[lo-1].raw] && isContent(q[lo-1]) {
		lo--
	}
	b := lo - 1
	for b >= 0 && toks[b].punct == 0 && determiners[toks[b].raw] {
		b--
	}
	if b < 0 || toks[b].punct != 0 {
		return lo, false
	}
	if personWith(toks, b) {
		return lo, true
	}
	if toks[b].raw == "had" && b > 0 && (toks[b-1].raw == "has" || toks[b-1].raw == "have") {
		b-- // "she has had a colostomy since 2019"
	}
	if toks[b].raw != "has" && toks[b].raw != "have" {
		return lo, false
	}
	// "Her husband has", "his wife, who has".
	if b > 0 && toks[b-1].raw == "who" {
		b--
	}
	return lo, !(b > 0 && otherPeople[toks[b-1].raw])
}

// heldWord is the word that names a device, as looked up: "amputation"
// for "BKA".
func heldWord(q qtok) string {
	f := strings.Fields(q.text)
	if len(f) == 0 {
		return ""
	}
	return strings.ToLower(f[len(f)-1])
}

// heldKin are the words the Index names a held device by besides its own:
// a coronary stent is the Index's "prosthesis coronary angioplasty"
// (Z95.5), an amputated leg its "Absence, leg".
var heldKin = map[string][]string{"stent": {"prosthesis", "implant"}, "stents": {"stent", "prosthesis", "implant"},
	"amputation": {"absence"}}

// heldModifiers are a device's words its status code need not name: what
// it is made of and which heart valve or chamber ("prosthetic aortic
// valve": Presence of prosthetic heart valve, Z95.2).
var heldModifiers = wordSet(`prosthetic mechanical artificial implanted implantable permanent automatic aortic mitral
	tricuspid pulmonic pulmonary cardiac dual single chamber`)

// heldEntries are the Index entries and titles a held device's status
// code is found by.
var heldEntries = []string{"index: status (post) > ", "index: presence (of) > ", "index: transplant (ed) (status) > ",
	"index: absence (of) "}

// heldHit returns the status code of a device the patient has (said: the
// device with its own words; head: the device's word): the first of the
// Index's "Status (post)", "Presence (of)", "Transplant(ed)" and "Absence"
// entries, or a "Presence of", "Acquired absence of" or "... status"
// title, that names the device (or what the Index calls it, heldKin),
// every other word of it but a heldModifiers one (a word sharing six
// letters with one of the entry's is named: "ventriculoperitoneal" by
// "ventricular"), and no side the note does not say: a "dialysis graft"
// is no aortocoronary bypass graft (Z95.1), a "biliary stent" no ureteral
// one (Z96.0), an "infected colostomy" no colostomy status.
func (e *Engine) heldHit(said, head string, fy int) (search.Hit, string, bool) {
	kin := append([]string{head}, heldKin[head]...)
	for _, query := range []string{"status post " + said, "presence " + said} {
		for _, h := range e.search(app.ICD10CM, fy, query, 5) {
			title := h.Concept.TitleIn(fy).Long
			entry := statusEntry(h, fy, heldEntries, "Presence of ", "Acquired absence of ") || strings.HasPrefix(h.Why, "title: ") && strings.HasSuffix(title, " status")
			if !entry || h.Concept.Code[0] != 'Z' || otherSide(title, said) || !slices.ContainsFunc(kin, func(w string) bool { return e.names(h, fy, w) }) {
				continue
			}
			words := e.hitWords(h, fy)
			if !slices.ContainsFunc(search.StrongWords(said), func(x string) bool {
				return !heldModifiers[x] && !rootMatch(x, words) && !slices.ContainsFunc(words, func(w string) bool { return commonPrefix(x, w) >= 6 }) &&
					!slices.ContainsFunc(kin, func(k string) bool { return rootMatch(x, search.Words(k)) })
			}) {
				return h, query, true
			}
		}
	}
	return search.Hit{}, "", false
}
