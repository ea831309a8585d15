package suggest

import (
	"testing"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"
)

// TestLessCertainTail: after the proposed codes come the less certain
// candidates, never proposed, never from negated or past words; the
// proposed codes keep their order ahead of them.
func TestLessCertainTail(t *testing.T) {
	e := realEngine(t)
	check := func(id, text string, setting app.EncounterType, dos string) int {
		got := e.Suggest(Request{Pages: []string{text}, Setting: setting, Date: date(t, dos)})
		n, seenTail, seenListed := 0, false, false // listed: negated, past, integral
		for _, s := range got {
			switch {
			case s.Proposed:
				if seenTail || seenListed {
					t.Errorf("%s: %s proposed after the less certain or listed ones", id, s.Code)
				}
				if s.LessCertain {
					t.Errorf("%s: %s both proposed and less certain", id, s.Code)
				}
			case s.LessCertain:
				n++
				seenTail = true
				if s.Assertion != Present && !(s.Assertion == Uncertain && setting == app.Inpatient) {
					t.Errorf("%s: less certain %s has assertion %s", id, s.Code, s.Assertion)
				}
				for _, ev := range s.Evidence {
					if a, cue := AssertionOf(text, ev.Start, ev.End); a == Negated || a == History || a == Family {
						t.Errorf("%s: less certain %s from %s words %q (cue %q)", id, s.Code, a, ev.Text, cue)
					}
				}
			default:
				seenListed = true
			}
		}
		return n
	}
	n := check("adenopathy", "ASSESSMENT: Chronic hepatitis. Lymphadenopathy. No pneumonia. History of breast cancer.", app.Inpatient, "2026-03-02")
	if n == 0 {
		t.Error("no less certain candidates for chronic hepatitis (K73.9 is taken, B18.- are its siblings)")
	}
	total := 0
	for _, u := range loadUSNotes(t) {
		total += check(u.id, u.text, u.setting, u.date)
	}
	t.Logf("%d less certain candidates over the US notes", total)
}

// TestOlderYearOfService: the Index is the newest edition's; for a date
// of service before a code was created the coder of that year's code is
// suggested (Depression: F32.9 in FY2018, F32.A since FY2022).
func TestOlderYearOfService(t *testing.T) {
	e := realEngine(t)
	for _, tt := range []struct{ dos, want, not string }{
		{"2018-06-01", "F32.9", "F32.A"},
		{"2026-03-02", "F32.A", "F32.9"},
	} {
		got := e.Suggest(Request{Pages: []string{"ASSESSMENT: Depression."}, Setting: app.Office, Date: date(t, tt.dos)})
		fy := app.FiscalYear(date(t, tt.dos))
		found := false
		for _, s := range got {
			if s.Proposed && s.Code == tt.want {
				found = true
			}
			if s.Proposed && s.Code == tt.not {
				t.Errorf("%s: %s proposed", tt.dos, s.Code)
			}
			if c := realSet.Lookup(app.ICD10CM, terminology.Canonical(s.Code)); s.System == app.ICD10CM && (c == nil || !c.Billable.Has(fy)) {
				t.Errorf("%s: %s is not billable in FY%d", tt.dos, s.Code, fy)
			}
		}
		if !found {
			t.Errorf("%s: %s not proposed: %+v", tt.dos, tt.want, got)
		}
	}
}

// TestSiblingsTheSentenceSays: beside a proposed code, the codes of its
// category whose own words the sentence says are less certain
// candidates, never proposed; a code "without" what the sentence says is
// not one of them.
func TestSiblingsTheSentenceSays(t *testing.T) {
	e := realEngine(t)
	text := "HPI: 3 days of nausea and repeated vomiting, unable to keep fluids down."
	got := e.Suggest(Request{Pages: []string{text}, Setting: app.Emergency, Date: date(t, "2026-03-02")})
	tail := map[string]bool{}
	for _, s := range got {
		if s.LessCertain {
			tail[s.Code] = true
		}
		if s.Proposed && s.Code == "R11.11" {
			t.Errorf("R11.11 (vomiting without nausea) proposed: %+v", s)
		}
	}
	if tail["R11.11"] {
		t.Errorf("R11.11, vomiting without nausea, offered beside a sentence that says nausea: %v", tail)
	}
	found := tail["R11.2"]
	for _, s := range got {
		found = found || s.Proposed && s.Code == "R11.2"
	}
	if !found {
		t.Errorf("R11.2 (nausea with vomiting) neither proposed nor offered: %+v", got)
	}
}

// TestOrganismAsCause: a bacterium a culture grew is offered with its
// code as the cause of diseases classified elsewhere (B95–B97), less
// certain (the infection, or a combination code, is the coder's to pair
// it with); one the note negates is not.
func TestOrganismAsCause(t *testing.T) {
	e := realEngine(t)
	text := "Wound culture grew Pseudomonas aeruginosa. Blood cultures negative; no Staphylococcus aureus isolated.\nASSESSMENT: Cellulitis of the left foot."
	got := e.Suggest(Request{Pages: []string{text}, Setting: app.Inpatient, Date: date(t, "2026-03-02")})
	tail := map[string]bool{}
	for _, s := range got {
		if s.LessCertain {
			tail[s.Code] = true
		}
		if s.Code == "B95.61" && s.Assertion != Negated {
			t.Errorf("B95.61 from a negated culture: %+v", s)
		}
	}
	if !tail["B96.5"] {
		t.Errorf("B96.5 (Pseudomonas as the cause) not offered: %v", tail)
	}
}
