package edits

import (
	"fmt"
	"strings"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"
)

// Rules about the date of service and each code on its own: validity in
// the fiscal year, header codes, 7th characters.

func checkDate(k *checker, r Rule) []Finding {
	e := k.rec.Encounter
	switch {
	case e.Service.IsZero():
		return []Finding{{Severity: Error, Message: "The record has no date of service. Codes are valid by date of service (discharge date for an inpatient stay), so none can be checked. Enter the date of service."}}
	case e.Type == app.Inpatient && e.Discharge.IsZero():
		return []Finding{{Severity: Error, Message: fmt.Sprintf("The inpatient stay has no discharge date. Inpatient codes are valid by the fiscal year of the discharge date; until it is entered they are checked against the admission date (FY%d). Enter the discharge date.", k.fy)}}
	case k.fy < terminology.FirstYear:
		return []Finding{{Severity: Error, Message: fmt.Sprintf("The coding date %s falls before 1 October 2015, when ICD-10-CM and ICD-10-PCS took effect; that encounter is coded in ICD-9-CM, which Codebench does not hold. Check the date.", app.FormatDate(k.date))}}
	}
	return nil
}

func checkCodeSetYear(k *checker, r Rule) []Finding {
	if k.fy < terminology.FirstYear {
		return nil
	}
	var out []Finding
	seen := map[app.System]bool{}
	for _, it := range k.items {
		sys := it.a.System
		if seen[sys] || (sys != app.ICD10CM && sys != app.ICD10PCS) {
			continue
		}
		seen[sys] = true
		if k.hasYear(sys, k.fy) {
			continue
		}
		if y := k.loaded(sys); y != 0 && !y.Has(k.fy) {
			out = append(out, Finding{Severity: Warning, Message: fmt.Sprintf(
				"The %s code set for FY%d (coding date %s) is not loaded, so the %s codes were checked against FY%d. Codes are valid by the fiscal year of the date of service. Import the FY%d release, or acknowledge that the FY%d check is enough.",
				sys.Label(), k.fy, app.FormatDate(k.date), sys.Label(), k.checkYear(sys), k.fy, k.checkYear(sys))})
		}
	}
	return out
}

func checkValidity(k *checker, r Rule) []Finding {
	var out []Finding
	for i, it := range k.items {
		if it.code == "" {
			out = append(out, Finding{Severity: Error, Codes: []string{}, Message: fmt.Sprintf("Line %d (%s) has no code. Enter the code or remove the line.", it.seq+1, it.a.System.Label())})
			continue
		}
		switch it.a.System {
		case app.ICD10CM, app.ICD10PCS:
			if f, ok := k.validityYear(i); ok {
				out = append(out, f)
			}
		case app.HCPCS:
			if f, ok := k.validityHCPCS(it); ok {
				out = append(out, f)
			}
		default:
			out = append(out, Finding{Severity: Error, Codes: []string{it.code}, Message: fmt.Sprintf("%s is in an unknown code system %q. Codebench checks ICD-10-CM, ICD-10-PCS and HCPCS Level II codes; re-enter it in one of them.", it.code, it.a.System)})
		}
	}
	return out
}

func (k *checker) validityYear(i int) (Finding, bool) {
	it := k.items[i]
	sys := it.a.System
	fy := k.checkYear(sys)
	if it.c == nil {
		if f := k.seventh(i); f != nil && (len(f.fixes) > 0 || f.badChar != 0) {
			return Finding{}, false // the 7th-character rule says what is wrong
		}
		msg := fmt.Sprintf("%s is not a %s code in any loaded fiscal year (%s). Codes must exist in the code set for the date of service.", it.disp(), sys.Label(), k.loaded(sys).Runs())
		var fixes []string
		if p := k.nearest(it, fy); p != nil {
			first, total := k.billableBelow(p, fy, 8)
			if p.BillableIn(fy) {
				msg += fmt.Sprintf(" The nearest code is %s (%s).", terminology.Display(sys, p.Code), title(p, fy))
				fixes = []string{terminology.Display(sys, p.Code)}
			} else if total > 0 {
				msg += fmt.Sprintf(" The nearest entry is %s (%s); valid codes under it in FY%d: %s.", terminology.Display(sys, p.Code), title(p, fy), fy, listCodes(first, total))
				fixes = first
			}
		}
		if sys == app.ICD10PCS && len(it.code) != 7 {
			msg += " ICD-10-PCS codes have exactly 7 characters."
		}
		msg += " Look the condition or procedure up again in the Index and Tabular List and enter a valid code."
		return Finding{Severity: Error, Codes: []string{it.disp()}, Message: msg, Fixes: fixes}, true
	}
	if it.c.Valid.Has(fy) {
		return Finding{}, false
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s is not valid for FY%d (coding date %s): it is in the %s code set for %s only. Codes must be valid in the fiscal year of the date of service (the discharge date for an inpatient stay).",
		named(it, it.c.Valid.Last()), k.fy, app.FormatDate(k.date), sys.Label(), it.c.Valid.Runs())
	var fixes []string
	if repl := k.replacements(it, fy); len(repl) > 0 {
		if it.c.Valid.Last() < fy {
			fmt.Fprintf(&b, " It was replaced after FY%d by %s.", it.c.Valid.Last(), strings.Join(repl, ", "))
		} else {
			fmt.Fprintf(&b, " Before it was created in FY%d, the code was %s.", it.c.Valid.List()[0], strings.Join(repl, ", "))
		}
		fixes = repl
	} else if it.c.Valid.Last() < fy {
		fmt.Fprintf(&b, " It was deleted after FY%d.", it.c.Valid.Last())
		// Without a conversion-table row, the codes now under its nearest
		// surviving parent are where the condition went.
		if p := k.nearest(it, fy); p != nil {
			if first, total := k.billableBelow(p, fy, 8); total > 0 {
				fmt.Fprintf(&b, " Codes under %s in FY%d: %s.", terminology.Display(it.a.System, p.Code), fy, listCodes(first, total))
				fixes = first
			}
		}
	} else {
		fmt.Fprintf(&b, " It was created in FY%d.", it.c.Valid.List()[0])
	}
	fmt.Fprintf(&b, " Assign the code valid in FY%d.", fy)
	return Finding{Severity: Error, Codes: []string{it.disp()}, Message: b.String(), Fixes: fixes}, true
}

// nearest returns the longest existing prefix of the item's code valid in fy.
func (k *checker) nearest(it item, fy int) *terminology.Concept {
	for n := len(it.code) - 1; n >= 1; n-- {
		p := it.code[:n]
		if it.a.System == app.ICD10CM {
			p = strings.TrimRight(p, "X") // placeholder X, not part of a parent code
		}
		if c := k.terms.Lookup(it.a.System, p); c != nil && c.Valid.Has(fy) {
			return c
		}
	}
	return nil
}

// replacements are the codes valid in fy that the conversion table gives
// for the item's code: the codes that replaced it when it is older than fy,
// the codes used before it when it is newer. Display form.
func (k *checker) replacements(it item, fy int) []string {
	var out []string
	seen := map[string]bool{it.code: true}
	add := func(code string) {
		code = terminology.Canonical(code)
		if seen[code] {
			return
		}
		seen[code] = true
		if c := k.terms.Lookup(it.a.System, code); c != nil && c.Valid.Has(fy) {
			out = append(out, terminology.Display(it.a.System, code))
		}
	}
	older := it.c.Valid.Last() < fy
	for _, cv := range k.terms.Conversions(it.code) {
		if older {
			for _, p := range cv.Previous {
				if terminology.Canonical(p) == it.code {
					add(cv.Current)
				}
			}
		} else if terminology.Canonical(cv.Current) == it.code {
			for _, p := range cv.Previous {
				add(p)
			}
		}
	}
	return out
}

func (k *checker) validityHCPCS(it item) (Finding, bool) {
	if it.c == nil {
		msg := fmt.Sprintf("%s is not in the loaded HCPCS Level II file.", it.code)
		if isCPTLike(it.code) {
			msg += " It looks like a CPT code (AMA), which Codebench does not hold; HCPCS Level II codes are a letter and four digits."
		}
		msg += " Codes must exist in the code set on the date of service. Enter a valid HCPCS Level II code or modifier."
		return Finding{Severity: Error, Codes: []string{it.code}, Message: msg}, true
	}
	day := k.date
	if !it.a.ProcedureDate.IsZero() {
		day = it.a.ProcedureDate
	}
	if eff, err := time.Parse(app.DateLayout, it.c.Start()); err == nil && day.Before(eff) {
		return Finding{Severity: Error, Codes: []string{it.code}, Message: fmt.Sprintf("%s (%s) takes effect on %s, after the date of service %s. Codes must be valid on the date of service; assign the code in effect then.", it.code, title(it.c, 0), it.c.Start(), app.FormatDate(day))}, true
	}
	if end, err := time.Parse(app.DateLayout, it.c.Termination); err == nil && day.After(end) {
		return Finding{Severity: Error, Codes: []string{it.code}, Message: fmt.Sprintf("%s (%s) was terminated on %s, before the date of service %s. Codes must be valid on the date of service; assign its replacement.", it.code, title(it.c, 0), it.c.Termination, app.FormatDate(day))}, true
	}
	return Finding{}, false
}

// isCPTLike spots CPT (five digits, or four digits and F, T or U), which
// belongs to the AMA and is never shipped.
func isCPTLike(code string) bool {
	if len(code) != 5 {
		return false
	}
	for i := 0; i < 4; i++ {
		if code[i] < '0' || code[i] > '9' {
			return false
		}
	}
	last := code[4]
	return (last >= '0' && last <= '9') || last == 'F' || last == 'T' || last == 'U'
}

func checkHeader(k *checker, r Rule) []Finding {
	var out []Finding
	for i, it := range k.items {
		if it.c == nil || (it.a.System != app.ICD10CM && it.a.System != app.ICD10PCS) {
			continue
		}
		fy := k.checkYear(it.a.System)
		if !it.c.Valid.Has(fy) || it.c.BillableIn(fy) {
			continue
		}
		if f := k.seventh(i); f != nil && len(f.fixes) > 0 {
			continue // only the 7th character is missing: that rule says so
		}
		var b strings.Builder
		fmt.Fprintf(&b, "%s is a header in FY%d, not a reportable code: it needs more characters.", named(it, fy), fy)
		if it.c.Billable != 0 {
			fmt.Fprintf(&b, " (It was a complete code in %s and was subdivided since.)", it.c.Billable.Runs())
		}
		b.WriteString(" Only complete codes may be reported, at the highest number of characters available.")
		first, total := k.billableBelow(it.c, fy, 6)
		if total > 0 {
			fmt.Fprintf(&b, " Valid codes under it in FY%d: %s.", fy, listCodes(first, total))
		}
		b.WriteString(" Choose the one the documentation supports.")
		out = append(out, Finding{Severity: Error, Codes: []string{it.disp()}, Message: b.String(), Fixes: first})
	}
	return out
}

// seventh works out, once per item, whether an ICD-10-CM code lacks its 7th
// character or placeholder X, and which complete codes would fix it.
func (k *checker) seventh(i int) *seventhFix {
	if f, ok := k.fixes[i]; ok {
		return f
	}
	f := k.computeSeventh(k.items[i])
	k.fixes[i] = f
	return f
}

func (k *checker) computeSeventh(it item) *seventhFix {
	if it.a.System != app.ICD10CM || len(it.code) < 3 {
		return nil
	}
	fy := k.checkYear(it.a.System)
	billable := func(code string) bool {
		c := k.terms.Lookup(app.ICD10CM, code)
		return c != nil && c.BillableIn(fy)
	}
	if it.c != nil {
		if !it.c.Valid.Has(fy) || it.c.BillableIn(fy) || len(it.code) >= 7 {
			return nil
		}
		defs, from := k.terms.SeventhFor(it.c)
		if len(defs) == 0 {
			defs, from = k.inferSeventh(it.c, fy)
		}
		if len(defs) == 0 {
			return nil
		}
		f := &seventhFix{from: from, defs: defs, padded: len(it.code) < 6}
		base := padX(it.code)
		for _, d := range defs {
			if billable(base + d.Char) {
				f.fixes = append(f.fixes, terminology.Display(app.ICD10CM, base+d.Char))
			}
		}
		f.deeper = len(f.fixes) == 0
		return f
	}
	// Unknown code: perhaps a 7th character typed without its placeholder
	// X ("T15.00A"), or a 7th character the category does not define.
	p := k.nearest(it, fy)
	if p == nil || len(it.code) < 4 {
		return nil
	}
	defs, from := k.terms.SeventhFor(p)
	if len(defs) == 0 {
		return nil
	}
	f := &seventhFix{from: from, defs: defs}
	last := it.code[len(it.code)-1:]
	if hasChar(defs, last) {
		stem := it.code[:len(it.code)-1]
		if len(stem) <= 6 {
			if cand := padX(stem) + last; billable(cand) {
				f.fixes = []string{terminology.Display(app.ICD10CM, cand)}
				f.padded = true
				return f
			}
		}
	}
	if len(it.code) == 7 && !hasChar(defs, last) {
		f.badChar = last[0]
		for _, d := range defs {
			if billable(it.code[:6] + d.Char) {
				f.fixes = append(f.fixes, terminology.Display(app.ICD10CM, it.code[:6]+d.Char))
			}
		}
		return f
	}
	return nil
}

// inferSeventh reads the 7th characters of a header from the order file
// when the Tabular List (sevenChrDef) is not loaded for it: its billable
// children that are the header, placeholder X and one more character. The
// title is what the child's title adds to the header's.
func (k *checker) inferSeventh(c *terminology.Concept, fy int) ([]terminology.SevenChr, string) {
	// Only the chapters whose categories use 7th characters (§I.A.5): a
	// 7-character code elsewhere (C44.1121) is a plain subdivision.
	if c.System != app.ICD10CM || !strings.ContainsRune("MORSTVWXY", rune(c.Code[0])) {
		return nil, ""
	}
	base := padX(c.Code)
	parent := title(c, fy)
	var defs []terminology.SevenChr
	for _, code := range c.Children {
		ch := k.terms.Lookup(c.System, code)
		if ch == nil || len(code) != 7 || code[:6] != base || !ch.BillableIn(fy) {
			continue
		}
		t := strings.TrimPrefix(strings.TrimPrefix(title(ch, fy), parent), ", ")
		defs = append(defs, terminology.SevenChr{Char: code[6:], Title: t})
	}
	if len(defs) == 0 {
		return nil, ""
	}
	return defs, terminology.Display(c.System, c.Code) + fmt.Sprintf(" (FY%d code file)", fy)
}

// padX fills a code with placeholder X to six characters, so a 7th
// character lands in the 7th position (§I.A.4).
func padX(code string) string {
	for len(code) < 6 {
		code += "X"
	}
	return code
}

func hasChar(defs []terminology.SevenChr, c string) bool {
	for _, d := range defs {
		if d.Char == c {
			return true
		}
	}
	return false
}

func describeDefs(defs []terminology.SevenChr) string {
	parts := make([]string, len(defs))
	for i, d := range defs {
		parts[i] = d.Char + " = " + d.Title
	}
	return strings.Join(parts, "; ")
}

func checkSeventh(k *checker, r Rule) []Finding {
	var out []Finding
	for i, it := range k.items {
		f := k.seventh(i)
		if f == nil || (len(f.fixes) == 0 && f.badChar == 0) {
			continue
		}
		from := terminology.Display(app.ICD10CM, f.from)
		var msg string
		switch {
		case f.badChar != 0:
			msg = fmt.Sprintf("%s is not a code: %q is not a 7th character of %s, which defines: %s. Choose the 7th character for this encounter", it.disp(), f.badChar, from, describeDefs(f.defs))
			if len(f.fixes) > 0 {
				msg += ": " + strings.Join(f.fixes, ", ")
			}
			msg += "."
		case it.c == nil:
			msg = fmt.Sprintf("%s is not a code: its 7th character must sit in the 7th position, with placeholder X filling the empty characters before it. Use %s.", it.disp(), strings.Join(f.fixes, ", "))
		default:
			fy := k.checkYear(app.ICD10CM)
			msg = fmt.Sprintf("%s needs a 7th character: %s defines them (%s), and a code in that category is incomplete without one.", named(it, fy), from, describeDefs(f.defs))
			if f.padded {
				msg += " The code is shorter than six characters, so placeholder X fills the gap."
			}
			msg += fmt.Sprintf(" Choose the one for this encounter: %s.", strings.Join(f.fixes, ", "))
		}
		out = append(out, Finding{Severity: Error, Codes: []string{it.disp()}, Message: msg, Fixes: f.fixes})
	}
	return out
}

func checkTitle(k *checker, r Rule) []Finding {
	var out []Finding
	for _, it := range k.items {
		if it.c == nil || it.a.Title == "" || it.a.System == app.HCPCS {
			continue
		}
		fy := k.checkYear(it.a.System)
		if !it.c.Valid.Has(fy) {
			continue // the validity rule reports it
		}
		now := title(it.c, fy)
		if now == "" || words(now) == words(it.a.Title) {
			continue
		}
		then := "when it was assigned"
		if it.a.Year != 0 {
			then = fmt.Sprintf("when it was assigned (FY%d)", it.a.Year)
		}
		out = append(out, Finding{Severity: Warning, Codes: []string{it.disp()}, Message: fmt.Sprintf(
			"%s was titled %q %s; in FY%d, the year of this record's coding date, its title is %q. Titles are revised each fiscal year and a revision can change what the code covers. Confirm the code still describes the documented condition or procedure and acknowledge, or assign the right code.",
			it.disp(), it.a.Title, then, fy, now)})
	}
	return out
}

// words reduces a title to its lower-case words, so punctuation and
// spacing changes alone are not a revision.
func words(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}), " ")
}
