package edits

import (
	"fmt"
	"strings"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"
)

// Rules about the claim as a whole: POA indicators, duplicates, which code
// system belongs to which setting and role, HCPCS modifiers.

func checkPOA(k *checker, r Rule) []Finding {
	if k.rec.Encounter.Type != app.Inpatient {
		return nil
	}
	var out []Finding
	fy := k.checkYear(app.ICD10CM)
	list := k.terms.POAYear(fy)
	source := r.Source
	listName := fmt.Sprintf("the FY%d POA-exempt list", list)
	if list != 0 && list != k.fy {
		listName = fmt.Sprintf("the FY%d POA-exempt list (the nearest loaded to FY%d)", list, k.fy)
		source += fmt.Sprintf(" (FY%d list used for FY%d)", list, k.fy)
	}
	for _, i := range k.dx {
		it := k.items[i]
		if it.a.Role == app.Admitting || it.code == "" {
			continue // the admitting diagnosis carries no POA indicator
		}
		exempt := list != 0 && k.terms.POAExempt(it.code, fy)
		poa := it.a.POA
		switch {
		case !validPOA(poa):
			out = append(out, Finding{Severity: Error, Codes: []string{it.disp()}, Source: source, Message: fmt.Sprintf(
				"%s has POA indicator %q, which is not one of Y, N, U, W or 1 (exempt). Set the indicator the documentation supports.", it.disp(), string(poa))})
		case exempt && poa != app.POANone && poa != app.POAExempt:
			out = append(out, Finding{Severity: Warning, Codes: []string{it.disp()}, Source: source, Message: fmt.Sprintf(
				"%s is on %s, yet carries POA %q. Exempt codes are reported with the indicator left blank (or 1). Clear the indicator, or acknowledge why it is kept.", it.disp(), listName, string(poa))})
		case !exempt && (poa == app.POANone || poa == app.POAExempt):
			what := "has no present-on-admission indicator"
			if poa == app.POAExempt {
				what = "is marked exempt (1) from POA reporting"
			}
			msg := fmt.Sprintf("%s on this inpatient stay %s, and it is not on %s. Every inpatient principal and secondary diagnosis needs Y (present at admission), N (not present), U (documentation insufficient) or W (clinically undetermined). Set the indicator from the documentation, or query the provider.", it.disp(), what, listName)
			if list == 0 {
				msg = fmt.Sprintf("%s on this inpatient stay %s. No POA-exempt list is loaded, so the code is treated as requiring Y, N, U or W. Set the indicator, and import the CDC POA-exempt list.", it.disp(), what)
			}
			out = append(out, Finding{Severity: Error, Codes: []string{it.disp()}, Source: source, Message: msg})
		}
	}
	return out
}

func validPOA(p app.POA) bool {
	if p == app.POANone {
		return true
	}
	for _, v := range app.POAs {
		if p == v {
			return true
		}
	}
	return false
}

func checkDuplicates(k *checker, r Rule) []Finding {
	type key struct {
		sys  app.System
		code string
		day  string
	}
	var order []key
	count := map[key]int{}
	for _, it := range k.items {
		if it.code == "" {
			continue
		}
		kk := key{sys: it.a.System, code: it.code}
		if it.a.System != app.ICD10CM {
			kk.day = app.FormatDate(it.a.ProcedureDate)
		}
		if count[kk] == 0 {
			order = append(order, kk)
		}
		count[kk]++
	}
	var out []Finding
	for _, kk := range order {
		n := count[kk]
		if n < 2 {
			continue
		}
		d := terminology.Display(kk.sys, kk.code)
		switch kk.sys {
		case app.ICD10CM:
			out = append(out, Finding{Severity: Error, Codes: []string{d}, Message: fmt.Sprintf(
				"%s is assigned %d times. Each unique ICD-10-CM code is reported only once per encounter, even for a bilateral condition without a laterality code or two conditions classified to the same code. Remove the extra lines.", d, n)})
		default:
			when := ""
			if kk.day != "" {
				when = " on " + kk.day
			}
			out = append(out, Finding{Severity: Warning, Codes: []string{d}, Source: "Claim rules for the code system (" + kk.sys.Label() + "): one line per distinct procedure or service; repeats are separate procedures or units", Message: fmt.Sprintf(
				"%s %s is assigned %d times%s. A repeated procedure or service is reported again only when it was really performed again (another site, session or approach); a quantity is reported as units. Remove the duplicate, or acknowledge why it is separate.", kk.sys.Label(), d, n, when)})
		}
	}
	return out
}

func checkSetting(k *checker, r Rule) []Finding {
	var out []Finding
	typ := k.rec.Encounter.Type
	for _, it := range k.items {
		switch {
		case it.a.System == app.ICD10PCS && typ != app.Inpatient:
			out = append(out, Finding{Severity: Error, Codes: []string{it.disp()}, Message: fmt.Sprintf(
				"ICD-10-PCS code %s is on a %s record. ICD-10-PCS is the code set for hospital inpatient procedures only; outpatient, emergency and office procedures are reported with HCPCS (or CPT, which Codebench does not hold). Remove it, or change the encounter type if this is an inpatient stay.", it.disp(), strings.ToLower(typ.Label()))})
		case it.a.System == app.HCPCS && typ == app.Inpatient:
			out = append(out, Finding{Severity: Warning, Codes: []string{it.code}, Message: fmt.Sprintf(
				"HCPCS code %s is on an inpatient record. Inpatient hospital procedures are reported in ICD-10-PCS; HCPCS belongs on outpatient, emergency and office claims (a few items, such as clotting factors, are also billed on inpatient claims). Replace it with the ICD-10-PCS code, or acknowledge why HCPCS is required.", it.code)})
		}
	}
	return out
}

func checkRole(k *checker, r Rule) []Finding {
	var out []Finding
	for _, it := range k.items {
		switch {
		case it.a.System == app.ICD10CM && it.a.Role == app.Procedure:
			out = append(out, Finding{Severity: Error, Codes: []string{it.disp()}, Message: fmt.Sprintf(
				"ICD-10-CM code %s has the role \"procedure\". ICD-10-CM codes report diagnoses. Make it principal or secondary, or replace it with the procedure code.", it.disp())})
		case (it.a.System == app.ICD10PCS || it.a.System == app.HCPCS) && it.a.Role != "" && it.a.Role != app.Procedure:
			out = append(out, Finding{Severity: Error, Codes: []string{it.disp()}, Message: fmt.Sprintf(
				"%s code %s has the role %q. %s codes report procedures, services and supplies, never diagnoses. Set its role to procedure and code the diagnosis in ICD-10-CM.", it.a.System.Label(), it.disp(), string(it.a.Role), it.a.System.Label())})
		}
	}
	return out
}

func checkModifier(k *checker, r Rule) []Finding {
	var mods []item
	codes := 0
	for _, it := range k.items {
		if it.a.System != app.HCPCS || it.code == "" {
			continue
		}
		if (it.c != nil && it.c.Modifier) || (it.c == nil && len(it.code) == 2) {
			mods = append(mods, it)
		} else {
			codes++
		}
	}
	if codes > 0 {
		return nil
	}
	var out []Finding
	for _, m := range mods {
		name := m.code
		if t := title(m.c, 0); t != "" {
			name += " (" + t + ")"
		}
		out = append(out, Finding{Severity: Error, Codes: []string{m.code}, Message: fmt.Sprintf(
			"Modifier %s is on the record without any HCPCS code. A modifier only qualifies the HCPCS procedure or supply code it is appended to. Add that HCPCS code, or remove the modifier.", name)})
	}
	return out
}
