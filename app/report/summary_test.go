package report

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
)

// flat joins pdftotext output into one line of single spaces so phrases
// wrapped across lines still match.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestSummaryContent(t *testing.T) {
	pdf := render(t, inpatientRecord(), testNotes(), testOptions())
	pages := pageTexts(t, pdf)
	all := flat(strings.Join(pages, " "))
	want := []string{
		// facility header
		"Riverbend Family Clinic", "12 Example Lane", "Springfield, ZZ 00000",
		"Coded record summary", "Record R-0001", "Printed 2026-03-09 14:30 UTC by t.tester",
		// patient, UTF-8 intact
		"Zoë Ångström-Núñez", "MRN-778899", "1958-07-14", "Female",
		// encounter
		"ACCT-44021", "Inpatient", "Admitted 2026-02-02", "Discharged 2026-02-06", "Dr. Imaginary Provider",
		"FY2026 (by discharge date)",
		// codes: role wording, dotted code, title at assignment, POA, FY, procedure date
		"Principal diagnosis", "E11.22", "Type 2 diabetes mellitus with diabetic chronic kidney disease",
		"N18.3", "Z79.4", "0DJ08ZZ", "ICD-10-PCS", "2026-02-04", "2025*",
		"* checked against a fiscal year other than the record's FY2026.",
		"Coder comment: Linked by the provider in the progress note of 2026-02-03.",
		// provider query from the history
		"Please clarify the stage of the chronic kidney disease documented on 2026-02-03.",
		// status and sign-off
		"Status Final", "Coded by c.coder, 2026-02-08 10:30 UTC", "Finalized by s.supervisor, 2026-02-09 16:45 UTC",
		"On hold → In progress",
		// notes listed but text left out
		"discharge-summary.tiff", "Note text is not included in this summary.",
	}
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("summary lacks %q", w)
		}
	}
	for _, w := range []string{"First-listed diagnosis", "Plan: continue insulin glargine", "Appendix: note text"} {
		if strings.Contains(all, w) {
			t.Errorf("summary has %q; it should not", w)
		}
	}
	// The POA indicators sit in the code rows, in sequence.
	if !regexp.MustCompile(`E11\.22.*N18\.3.*Z79\.4.*0DJ08ZZ`).MatchString(all) {
		t.Errorf("codes are out of sequence:\n%s", all)
	}
	for i, p := range pages {
		p = flat(p)
		if !strings.Contains(p, confidential) {
			t.Errorf("page %d lacks the confidentiality footer", i+1)
		}
		if want := fmt.Sprintf("Page %d of %d", i+1, len(pages)); !strings.Contains(p, want) {
			t.Errorf("page %d lacks %q", i+1, want)
		}
	}
	assertInsideMargins(t, pdf)
	assertRenders(t, pdf, len(pages))
}

func TestRoleWording(t *testing.T) {
	tests := []struct {
		role app.Role
		typ  app.EncounterType
		want string
	}{
		{app.Principal, app.Inpatient, "Principal diagnosis"},
		{app.Principal, app.Office, "First-listed diagnosis"},
		{app.Principal, app.Outpatient, "First-listed diagnosis"},
		{app.Principal, app.Emergency, "First-listed diagnosis"},
		{app.Secondary, app.Office, "Secondary diagnosis"},
		{app.Admitting, app.Inpatient, "Admitting diagnosis"},
		{app.Procedure, app.Inpatient, "Procedure"},
	}
	for _, tt := range tests {
		if got := RoleLabel(tt.role, tt.typ); got != tt.want {
			t.Errorf("RoleLabel(%s, %s) = %q, want %q", tt.role, tt.typ, got, tt.want)
		}
	}
	all := flat(strings.Join(pageTexts(t, render(t, outpatientRecord(), nil, testOptions())), " "))
	if !strings.Contains(all, "First-listed diagnosis E11.22") || strings.Contains(all, "Principal diagnosis") {
		t.Errorf("office visit should read \"First-listed diagnosis\":\n%s", all)
	}
	if !strings.Contains(all, "Date of service 2026-02-02") || !strings.Contains(all, "FY2026 (by date of service)") {
		t.Errorf("office visit should show the date of service:\n%s", all)
	}
}

func TestSummaryOpenQuery(t *testing.T) {
	r := inpatientRecord()
	r.Status, r.History = app.ToCode, nil
	if err := r.Transition(app.OnHold, "Was the pneumonia present on admission?", "c.coder", at("2026-02-07 09:10")); err != nil {
		t.Fatal(err)
	}
	all := flat(strings.Join(pageTexts(t, render(t, r, nil, testOptions())), " "))
	for _, w := range []string{"Open query, sent c.coder, 2026-02-07 09:10 UTC", "Was the pneumonia present on admission?",
		"Status On hold", "Coded by not yet coded", "Finalized by not finalized"} {
		if !strings.Contains(all, w) {
			t.Errorf("summary lacks %q:\n%s", w, all)
		}
	}
}

func TestSummaryNotesAppendix(t *testing.T) {
	opt := testOptions()
	opt.IncludeNotes = true
	pdf := render(t, inpatientRecord(), testNotes(), opt)
	pages := pageTexts(t, pdf)
	last := flat(strings.Join(pages[1:], " "))
	for _, w := range []string{
		"Appendix: note text", "Note 1: Typed note", "Progress note.", "Plan: continue insulin glargine.",
		"Note 2: discharge-summary.tiff", "recognised by OCR, confidence 91%",
		"Patient Zoë Ångström-Núñez discharged home", "(no text on this page)", "SHA-256 of the original: abab",
	} {
		if !strings.Contains(last, w) {
			t.Errorf("appendix lacks %q", w)
		}
	}
	if strings.Contains(flat(pages[0]), "Appendix") {
		t.Error("the appendix should start on its own page")
	}
	assertInsideMargins(t, pdf)
	assertRenders(t, pdf, len(pages))
}

func TestSummary200CodesPaginates(t *testing.T) {
	rec := manyCodes(200)
	pdf := render(t, rec, nil, testOptions())
	pages := pageTexts(t, pdf)
	if len(pages) < 5 {
		t.Fatalf("200 codes fit on %d pages; expected at least 5", len(pages))
	}
	t.Logf("200 codes: %d pages", len(pages))
	// Every code is printed, in sequence.
	all := flat(strings.Join(pages, " "))
	pos := 0
	for i, a := range rec.Assignments {
		code := a.Code[:3] + "." + a.Code[3:]
		j := strings.Index(all[pos:], code)
		if j < 0 {
			t.Fatalf("code %d (%s) missing or out of sequence", i+1, code)
		}
		pos += j + len(code)
	}
	// Every page that carries codes repeats the column heads.
	for i, p := range pages {
		p = flat(p)
		if !strings.Contains(p, "Made-up condition") {
			continue
		}
		if !strings.Contains(p, "Title at assignment") {
			t.Errorf("page %d has codes but no table header", i+1)
		}
		if i > 0 && !strings.Contains(p, "Codes in sequence, continued") {
			t.Errorf("page %d does not say the table continues", i+1)
		}
		if i > 0 && !strings.Contains(p, "Zoë Ångström-Núñez · MRN MRN-778899") {
			t.Errorf("page %d lacks the running patient header", i+1)
		}
		if want := fmt.Sprintf("Page %d of %d", i+1, len(pages)); !strings.Contains(p, want) {
			t.Errorf("page %d lacks %q", i+1, want)
		}
	}
	assertInsideMargins(t, pdf)
	assertRenders(t, pdf, len(pages))
}

func TestSummaryLongTextWrapsInsideThePage(t *testing.T) {
	rec := inpatientRecord()
	longWord := strings.Repeat("Pneumonoultramicroscopicsilicovolcanoconiosis", 6)
	rec.Assignments[1].Title = "Chronic kidney disease, stage 3 (moderate), " + strings.Repeat("with a qualifier that keeps going ", 12) + longWord
	// A comment far taller than a page must split across pages.
	var c strings.Builder
	for i := 1; i <= 150; i++ {
		fmt.Fprintf(&c, "Line %d of a very long coder comment.\n", i)
	}
	rec.Assignments[2].Comment = c.String()
	rec.Patient.Name = "Zoë Ångström-Núñez " + strings.Repeat("de la Montaña ", 20)
	pdf := render(t, rec, nil, testOptions())
	pages := pageTexts(t, pdf)
	all := strings.Join(strings.Fields(strings.Join(pages, "")), "")
	if !strings.Contains(all, strings.Repeat("Pneumonoultramicroscopicsilicovolcanoconiosis", 6)) {
		t.Error("the unbreakable word lost characters when broken across lines")
	}
	flatAll := flat(strings.Join(pages, " "))
	for _, w := range []string{"Line 1 of a very long coder comment.", "Line 150 of a very long coder comment."} {
		if !strings.Contains(flatAll, w) {
			t.Errorf("lost %q", w)
		}
	}
	if len(pages) < 3 {
		t.Errorf("a 150-line comment fit on %d pages", len(pages))
	}
	// Each page the split row continues on names its code again.
	for i, p := range pages {
		if strings.Contains(p, "of a very long coder comment") && !strings.Contains(p, "Z79.4") {
			t.Errorf("page %d continues code 3's row without naming Z79.4", i+1)
		}
	}
	assertInsideMargins(t, pdf)
	assertRenders(t, pdf, len(pages))
}

func TestSummaryCharactersNeverDropSilently(t *testing.T) {
	rec := inpatientRecord()
	// Decomposed "ë" (e + combining diaeresis), Greek, Cyrillic, a CJK
	// name and an emoji the Go fonts cannot draw, and a stray control byte.
	rec.Patient.Name = "Zoe\u0308 Ångström-Núñez"
	rec.Encounter.Provider = "Δρ. Σοφία Παπαδοπούλου / Др. Иван Петров"
	rec.Assignments[0].Comment = "Family name 王 noted 🙂 here\x01."
	all := flat(strings.Join(pageTexts(t, render(t, rec, nil, testOptions())), " "))
	for _, w := range []string{"Zoë Ångström-Núñez", "Δρ. Σοφία Παπαδοπούλου / Др. Иван Петров", "Family name \uFFFD noted \uFFFD here ."} {
		if !strings.Contains(all, w) {
			t.Errorf("summary lacks %q:\n%s", w, all)
		}
	}
}

func TestSummaryDeterministic(t *testing.T) {
	a := render(t, inpatientRecord(), testNotes(), testOptions())
	b := render(t, inpatientRecord(), testNotes(), testOptions())
	if !bytes.Equal(a, b) {
		t.Fatal("the same record and options gave different bytes")
	}
	if !bytes.Contains(a, []byte("D:20260309143000")) {
		t.Error("creation date is not Options.Now")
	}
	opt := testOptions()
	opt.Now = opt.Now.Add(time.Minute)
	if bytes.Equal(a, render(t, inpatientRecord(), testNotes(), opt)) {
		t.Error("a different print time gave identical bytes")
	}
	// PHI stays out of the document metadata that file browsers show.
	info := string(poppler(t, "pdfinfo", writePDF(t, a)))
	if !strings.Contains(info, "Record summary R-0001") || strings.Contains(info, "Zoë") || strings.Contains(info, "MRN-778899") {
		t.Errorf("document metadata should name the record, not the patient:\n%s", info)
	}
}

func TestSummaryOptionsAndErrors(t *testing.T) {
	if err := Summary(&bytes.Buffer{}, nil, nil, testOptions()); !errors.Is(err, ErrNoRecord) {
		t.Errorf("nil record: %v, want ErrNoRecord", err)
	}
	opt := testOptions()
	opt.PageSize = "tabloid"
	if err := Summary(&bytes.Buffer{}, inpatientRecord(), nil, opt); err == nil || !strings.Contains(err.Error(), "Letter or A4") {
		t.Errorf("bad page size: %v", err)
	}
	opt.PageSize = "A4"
	pdf := render(t, inpatientRecord(), nil, opt)
	boxes := wordBoxes(t, pdf)
	if w, h := boxes[0].Width, boxes[0].Height; w < 595 || w > 596 || h < 841 || h > 842 {
		t.Errorf("A4 page is %.0f×%.0f pt", w, h)
	}
	assertInsideMargins(t, pdf)
	// No facility configured: the header says where to set it.
	opt = testOptions()
	opt.Facility, opt.FacilityAddress = "", ""
	all := flat(strings.Join(pageTexts(t, render(t, inpatientRecord(), nil, opt)), " "))
	if !strings.Contains(all, "Facility name not set") {
		t.Error("an empty facility name should say it is not set")
	}
	// A record with no codes still prints.
	r := inpatientRecord()
	r.Assignments = nil
	all = flat(strings.Join(pageTexts(t, render(t, r, nil, testOptions())), " "))
	if !strings.Contains(all, "No codes assigned.") {
		t.Error("a record without codes should say so")
	}
	// A failing writer is reported.
	if err := Summary(failWriter{}, inpatientRecord(), nil, testOptions()); err == nil {
		t.Error("a failing writer went unreported")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestDemoBanner(t *testing.T) {
	r := inpatientRecord()
	r.Demo = true
	all := flat(strings.Join(pageTexts(t, render(t, r, nil, testOptions())), " "))
	if !strings.Contains(all, "DEMO RECORD") {
		t.Error("a demo record should carry the demo banner")
	}
}

// TestSummaryUnitsOfService: a HCPCS code's units of service are printed
// under its title.
func TestSummaryUnitsOfService(t *testing.T) {
	r := outpatientRecord()
	r.Assignments = append(r.Assignments, app.Assignment{ID: "A9", System: app.HCPCS, Code: "J0696", Units: 4, Year: 2026,
		Title: "Injection, ceftriaxone sodium, per 250 mg", Role: app.Procedure})
	all := flat(strings.Join(pageTexts(t, render(t, r, nil, testOptions())), " "))
	if !strings.Contains(all, "Injection, ceftriaxone sodium, per 250 mg Units of service: 4") {
		t.Errorf("the summary does not print J0696's units:\n%s", all)
	}
}
