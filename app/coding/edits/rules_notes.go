package edits

import (
	"fmt"
	"strings"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"
)

// Rules about sequencing and the Tabular List's instructional notes:
// principal diagnosis, external causes, etiology/manifestation, Excludes1,
// "use additional code" and "code also".

// principalWord is "principal" for an inpatient stay and "first-listed"
// elsewhere, as the Guidelines say.
func (k *checker) principalWord() string {
	if k.rec.Encounter.Type == app.Inpatient {
		return "principal"
	}
	return "first-listed"
}

func checkPrincipal(k *checker, r Rule) []Finding {
	if len(k.dx) == 0 {
		return []Finding{{Severity: Error, Message: fmt.Sprintf("No ICD-10-CM diagnosis is assigned. Every encounter reports a %s diagnosis, the reason for the encounter. Assign it.", k.principalWord())}}
	}
	var principals []string
	for _, i := range k.dx {
		if k.items[i].a.Role == app.Principal {
			principals = append(principals, k.items[i].disp())
		}
	}
	switch {
	case len(principals) > 1:
		return []Finding{{Severity: Error, Codes: principals, Message: fmt.Sprintf("%s are all marked principal. An encounter has exactly one %s diagnosis. Keep the role on the condition chiefly responsible for the encounter and make the others secondary.", strings.Join(principals, ", "), k.principalWord())}}
	case len(principals) == 0 && k.rec.Encounter.Type == app.Inpatient:
		return []Finding{{Severity: Error, Codes: []string{k.items[k.dx[0]].disp()}, Message: "No diagnosis is marked principal. An inpatient stay reports the condition established after study to be chiefly responsible for the admission as its principal diagnosis. Mark it principal."}}
	case len(principals) == 1 && k.principal != k.dx[0]:
		p := k.items[k.principal]
		return []Finding{{Severity: Error, Codes: []string{p.disp(), k.items[k.dx[0]].disp()}, Message: fmt.Sprintf("%s is marked principal but %s is listed before it. The principal diagnosis is sequenced first on the claim. Move %s to the top of the diagnoses, or make %s the principal diagnosis and %s secondary.", p.disp(), k.items[k.dx[0]].disp(), p.disp(), k.items[k.dx[0]].disp(), p.disp())}}
	}
	return nil
}

func checkExternalCause(k *checker, r Rule) []Finding {
	if k.principal < 0 {
		return nil
	}
	it := k.items[k.principal]
	if it.code == "" || !strings.ContainsRune("VWXY", rune(it.code[0])) {
		return nil
	}
	fy := k.checkYear(app.ICD10CM)
	return []Finding{{Severity: Error, Codes: []string{it.disp()}, Message: fmt.Sprintf(
		"%s is an external cause code (V00–Y99) sequenced as the %s diagnosis. An external cause code can never be principal or first-listed: it only adds how, where and with what intent an injury or condition happened. Sequence the injury or condition it explains first (for example the S or T code), and keep %s as an additional code.",
		named(it, fy), k.principalWord(), it.disp())}}
}

func checkManifestation(k *checker, r Rule) []Finding {
	if k.principal < 0 {
		return nil
	}
	it := k.items[k.principal]
	if !k.isManifestation(it) {
		return nil
	}
	fy := k.checkYear(app.ICD10CM)
	msg := fmt.Sprintf("%s is a manifestation code (\"in diseases classified elsewhere\") sequenced as the %s diagnosis. Manifestation codes describe a consequence of an underlying disease and are never %s: the etiology is coded first.",
		named(it, fy), k.principalWord(), k.principalWord())
	if cf := k.notes(it, terminology.CodeFirst); len(cf) > 0 {
		msg += fmt.Sprintf(" The Tabular List says: code first %s.", quote(cf[0].Texts))
	}
	msg += " Sequence the underlying condition first and this code after it."
	return []Finding{{Severity: Error, Codes: []string{it.disp()}, Message: msg}}
}

// refsOf parses every text of the notes, once per text.
func (k *checker) refsOf(notes []terminology.Note) []Ref {
	var out []Ref
	for _, n := range notes {
		for _, t := range n.Texts {
			out = append(out, ParseRefs(t)...)
		}
	}
	return out
}

func checkCodeFirst(k *checker, r Rule) []Finding {
	var out []Finding
	fy := k.checkYear(app.ICD10CM)
	for _, i := range k.dx {
		it := k.items[i]
		notes := k.notes(it, terminology.CodeFirst)
		refs := k.refsOf(notes)
		if len(refs) == 0 {
			continue
		}
		var after []item
		before := false
		for _, j := range k.matchingDx(refs, i) {
			if k.items[j].seq > it.seq {
				after = append(after, k.items[j])
			} else {
				before = true
			}
		}
		switch {
		case len(after) > 0 && !before:
			e := after[0]
			out = append(out, Finding{Severity: Warning, Codes: []string{e.disp(), it.disp()}, Message: fmt.Sprintf(
				"%s is sequenced after %s, but %s says code first %s. When a \"code first\" note applies and the underlying condition is present, it is sequenced first. Move %s above %s, or acknowledge why this order is right.",
				named(e, fy), it.disp(), where(notes[0], it), quote(notes[0].Texts), e.disp(), it.disp())})
		case len(after) == 0 && !before && k.isManifestation(it):
			out = append(out, Finding{Severity: Warning, Codes: []string{it.disp()}, Message: fmt.Sprintf(
				"%s is a manifestation code, and none of the underlying conditions its \"code first\" note names is assigned before it: %s. A manifestation is always reported with its etiology, sequenced first. Assign the underlying condition above it, or, if the etiology is another condition already coded first, acknowledge with the reason.",
				named(it, fy), quote(notes[0].Texts))})
		}
	}
	return out
}

func checkExcludes1(k *checker, r Rule) []Finding {
	var out []Finding
	fy := k.checkYear(app.ICD10CM)
	for x := 0; x < len(k.dx); x++ {
		for y := x + 1; y < len(k.dx); y++ {
			a, b := k.items[k.dx[x]], k.items[k.dx[y]]
			if a.code == b.code {
				continue // the duplicate rule reports it
			}
			quotes := append(k.excluding(a, b), k.excluding(b, a)...)
			if len(quotes) == 0 {
				continue
			}
			out = append(out, Finding{Severity: Warning, Codes: []string{a.disp(), b.disp()}, Message: fmt.Sprintf(
				"%s and %s are coded together, but an Excludes1 note separates them: %s. Excludes1 means the two conditions cannot occur together, so they are never coded together. Keep the code the documentation supports and remove the other; if the two conditions are unrelated, acknowledge with the reason.",
				named(a, fy), named(b, fy), strings.Join(quotes, "; "))})
		}
	}
	return out
}

// excluding quotes the Excludes1 note texts of a (own or inherited) that
// name b.
func (k *checker) excluding(a, b item) []string {
	var out []string
	for _, n := range k.notes(a, terminology.Excludes1) {
		for _, t := range n.Texts {
			for _, ref := range ParseRefs(t) {
				if ref.Match(b.code) {
					out = append(out, fmt.Sprintf("at %s, Excludes1 %q", where(n, a), t))
					break
				}
			}
		}
	}
	return out
}

func checkUseAdditional(k *checker, r Rule) []Finding {
	return k.reminders(terminology.UseAdditionalCode, "Use additional code",
		"The note asks for a second code to complete the picture (for example the cause, the agent or the control of the condition) when it applies. Add the code the documentation supports, or acknowledge that it does not apply.")
}

func checkCodeAlso(k *checker, r Rule) []Finding {
	return k.reminders(terminology.CodeAlso, "Code also",
		"The note says two codes may be needed to describe the condition fully; sequencing depends on the encounter. Add the code when the condition is documented, or acknowledge that it is not.")
}

// codeLevel reports whether a note sits at the code or one of its parent
// codes, not at its section ("I10-I16") or chapter: a section- or
// chapter-wide "use additional code" (tobacco exposure, retained foreign
// body) would remind on every code of the block, and coders read it there.
func codeLevel(n terminology.Note) bool {
	return n.From == "" || (!strings.Contains(n.From, "-") && !strings.HasPrefix(n.From, "Chapter"))
}

// reminders warns once per diagnosis whose code-level notes of kind name
// codes of which none is assigned.
func (k *checker) reminders(kind terminology.NoteKind, label, advice string) []Finding {
	var out []Finding
	fy := k.checkYear(app.ICD10CM)
	for _, i := range k.dx {
		it := k.items[i]
		if it.c == nil || !it.c.BillableIn(fy) {
			continue // fix the code first; its notes may change
		}
		var unmet []string
		for _, n := range k.notes(it, kind) {
			if !codeLevel(n) {
				continue
			}
			refs := k.refsOf([]terminology.Note{n})
			if len(refs) == 0 || len(k.matchingDx(refs, i)) > 0 {
				continue
			}
			unmet = append(unmet, fmt.Sprintf("at %s: %s", where(n, it), quote(n.Texts)))
		}
		if len(unmet) == 0 {
			continue
		}
		out = append(out, Finding{Severity: Warning, Codes: []string{it.disp()}, Message: fmt.Sprintf(
			"%s carries a %q note and no code it names is assigned: %s. %s",
			named(it, fy), label, strings.Join(unmet, "; "), advice)})
	}
	return out
}
