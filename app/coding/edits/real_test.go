package edits

import (
	"fmt"
	"strings"
	"testing"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"

	"github.com/codebench/codebench/internal/testenv/testpack"
)

// realTerms is the code sets of every official file (every ICD-10-CM and
// ICD-10-PCS year, the FY2023 Tabular List, HCPCS, the POA-exempt lists and
// the conversion table), loaded once per test binary from the generated pack.
func realTerms(t testing.TB) *terminology.Set {
	t.Helper()
	return testpack.Set(t)
}

const fy23 = "2023-03-01" // a date of service in FY2023

// TestRulesRealData runs every rule over the official FY2026 and FY2023
// code sets with real codes.
func TestRulesRealData(t *testing.T) {
	terms := realTerms(t)
	e, w := Error, Warning
	s52501 := []string{"S52.501A", "S52.501B", "S52.501C", "S52.501D", "S52.501E", "S52.501F", "S52.501G", "S52.501H",
		"S52.501J", "S52.501K", "S52.501M", "S52.501N", "S52.501P", "S52.501Q", "S52.501R", "S52.501S"}
	cases := []ruleCase{
		// 1. Validity by date of service.
		{"E11.9 valid FY2026", "code-validity", record(app.Office, fy26, pdx("E11.9")), nil},
		{"E11.9 valid FY2023", "code-validity", record(app.Office, fy23, pdx("E11.9")), nil},
		{"E11.A is new in FY2026", "code-validity", record(app.Office, "2025-06-01", pdx("E11.A")), []want{{e, []string{"E11.A"}, []string{"E11.9"}}}},
		{"A41.54 is new in FY2024", "code-validity", record(app.Inpatient, fy23, pdxY("A41.54")), []want{{e, []string{"A41.54"}, []string{"A41.59"}}}},
		{"S30.1XXA deleted in FY2026", "code-validity", record(app.Emergency, fy26, pdx("S30.1XXA")),
			[]want{{e, []string{"S30.1XXA"}, []string{"S30.11XA", "S30.12XA", "S30.13XA"}}}},
		{"S30.1XXA valid FY2023", "code-validity", record(app.Emergency, fy23, pdx("S30.1XXA")), nil},
		{"no such code", "code-validity", record(app.Office, fy26, pdx("E11.97")), []want{{e, []string{"E11.97"}, []string{"E11.9"}}}},
		{"PCS valid FY2026", "code-validity", record(app.Inpatient, fy26, pdxY("K35.80"), proc(app.ICD10PCS, "0DTJ4ZZ")), nil},
		{"PCS too short", "code-validity", record(app.Inpatient, fy26, pdxY("K35.80"), proc(app.ICD10PCS, "0DTJ4Z")), []want{{e, []string{"0DTJ4Z"}, nil}}},
		{"HCPCS J1100", "code-validity", record(app.Office, fy26, pdx("E11.9"), proc(app.HCPCS, "J1100")), nil},
		{"CPT is not in HCPCS Level II", "code-validity", record(app.Office, fy26, pdx("E11.9"), proc(app.HCPCS, "99213")), []want{{e, []string{"99213"}, nil}}},
		{"Q75.001 retitled in FY2026", "title-changed", record(app.Office, fy26, app.Assignment{System: app.ICD10CM, Code: "Q75001", Role: app.Principal, Year: 2025, Title: "Craniosynostosis unspecified, unilateral"}), []want{{w, []string{"Q75.001"}, nil}}},
		{"Q75.001 FY2025 title in FY2025", "title-changed", record(app.Office, "2025-06-01", app.Assignment{System: app.ICD10CM, Code: "Q75001", Role: app.Principal, Year: 2025, Title: "Craniosynostosis unspecified, unilateral"}), nil},
		// 2. Header codes.
		{"E11.0 header", "header-code", record(app.Office, fy26, pdx("E11.0")), []want{{e, []string{"E11.0"}, []string{"E11.00", "E11.01"}}}},
		{"E11 category", "header-code", record(app.Office, fy23, pdx("E11")), []want{{e, []string{"E11"}, nil}}},
		{"D71 subdivided in FY2026", "header-code", record(app.Office, fy26, pdx("D71")), []want{{e, []string{"D71"}, []string{"D71.1", "D71.8", "D71.9"}}}},
		{"D71 complete in FY2023", "header-code", record(app.Office, fy23, pdx("D71")), nil},
		{"T15.0 needs a 5th character first", "header-code", record(app.Emergency, fy26, pdx("T15.0")), []want{{e, []string{"T15.0"}, nil}}},
		// 3. 7th character.
		{"S52.501 without 7th character", "seventh-character", record(app.Emergency, fy26, pdx("S52.501")), []want{{e, []string{"S52.501"}, s52501}}},
		{"S52.501 without 7th character FY2023", "seventh-character", record(app.Emergency, fy23, pdx("S52.501")), []want{{e, []string{"S52.501"}, s52501}}},
		{"T15.00 needs X and 7th", "seventh-character", record(app.Emergency, fy26, pdx("T15.00")), []want{{e, []string{"T15.00"}, []string{"T15.00XA", "T15.00XD", "T15.00XS"}}}},
		{"T15.00A missing placeholder", "seventh-character", record(app.Emergency, fy26, pdx("T15.00A")), []want{{e, []string{"T15.00A"}, []string{"T15.00XA"}}}},
		{"S52.501Z undefined 7th", "seventh-character", record(app.Emergency, fy26, pdx("S52.501Z")), []want{{e, []string{"S52.501Z"}, s52501}}},
		{"S30.11XA FY2026 code after the FY2023 notes", "seventh-character", record(app.Emergency, fy26, pdx("S30.11")), []want{{e, []string{"S30.11"}, []string{"S30.11XA", "S30.11XD", "S30.11XS"}}}},
		{"S52.501A complete", "seventh-character", record(app.Emergency, fy26, pdx("S52.501A")), nil},
		// 4. Excludes1.
		{"E11.9 with E10.9", "excludes1", record(app.Office, fy26, pdx("E11.9"), sdx("E10.9")), []want{{w, []string{"E11.9", "E10.9"}, nil}}},
		{"E11.9 with E10.9 FY2023", "excludes1", record(app.Office, fy23, pdx("E10.9"), sdx("E11.9")), []want{{w, []string{"E10.9", "E11.9"}, nil}}},
		{"G63 with E11.42", "excludes1", record(app.Office, fy26, pdx("E11.42"), sdx("G63")), []want{{w, []string{"E11.42", "G63"}, nil}}},
		{"E11.9 with O24.410 (gestational)", "excludes1", record(app.Inpatient, fy26, pdxY("O24.410"), sdxY("E11.9")), []want{{w, []string{"O24.410", "E11.9"}, nil}}},
		{"Excludes2 is allowed: E11.9 with Z79.4", "excludes1", record(app.Office, fy26, pdx("E11.9"), sdx("Z79.4")), nil},
		{"E11.9 with G63 (no .42)", "excludes1", record(app.Office, fy26, pdx("E85.1"), sdx("G63"), sdx("E11.9")), nil},
		// 5. Manifestation and code first.
		{"G63 as principal", "manifestation-principal", record(app.Office, fy26, pdx("G63"), sdx("E85.1")), []want{{e, []string{"G63"}, nil}}},
		{"G63 after amyloidosis", "manifestation-principal", record(app.Office, fy26, pdx("E85.1"), sdx("G63")), nil},
		{"G63 before its etiology", "code-first", record(app.Office, fy26, pdx("G63"), sdx("E85.1")), []want{{w, []string{"E85.1", "G63"}, nil}}},
		{"G63 without etiology", "code-first", record(app.Office, fy26, pdx("R53.83"), sdx("G63")), []want{{w, []string{"G63"}, nil}}},
		{"G63 after etiology", "code-first", record(app.Office, fy23, pdx("E85.1"), sdx("G63")), nil},
		{"N18.30 before diabetic CKD", "code-first", record(app.Office, fy26, pdx("N18.30"), sdx("E11.22")), []want{{w, []string{"E11.22", "N18.30"}, nil}}},
		{"hypertensive CKD first", "code-first", record(app.Office, fy26, pdx("I12.9"), sdx("N18.30")), nil},
		{"N18.30 alone is not a manifestation", "code-first", record(app.Office, fy26, pdx("N18.30")), nil},
		{"N18.30 may be principal", "manifestation-principal", record(app.Office, fy26, pdx("N18.30")), nil},
		{"R65.20 with N17.9", "use-additional-code", record(app.Inpatient, fy26, pdxY("A41.9"), sdxY("R65.20"), sdxY("N17.9")), nil},
		// 6. Use additional code.
		{"E11.9 without Z79.4/Z79.84", "use-additional-code", record(app.Office, fy26, pdx("E11.9")), []want{{w, []string{"E11.9"}, nil}}},
		{"E11.9 with Z79.84", "use-additional-code", record(app.Office, fy26, pdx("E11.9"), sdx("Z79.84")), nil},
		// 7. External cause.
		{"V03.10XA as principal", "external-cause-principal", record(app.Emergency, fy26, pdx("V03.10XA"), sdx("S52.501A")), []want{{e, []string{"V03.10XA"}, nil}}},
		{"Y92.009 first-listed", "external-cause-principal", record(app.Emergency, fy23, sdx("Y92.009"), sdx("S52.501A")), []want{{e, []string{"Y92.009"}, nil}}},
		{"V03.10XA secondary", "external-cause-principal", record(app.Emergency, fy26, pdx("S52.501A"), sdx("V03.10XA")), nil},
		// 8. POA.
		{"inpatient E10.9 without POA", "poa", record(app.Inpatient, fy26, pdx("E10.9")), []want{{e, []string{"E10.9"}, nil}}},
		{"inpatient E10.9 without POA FY2023", "poa", record(app.Inpatient, fy23, pdx("E10.9")), []want{{e, []string{"E10.9"}, nil}}},
		{"inpatient E10.9 with Y", "poa", record(app.Inpatient, fy26, pdxY("E10.9")), nil},
		{"exempt Z79.4 left blank", "poa", record(app.Inpatient, fy26, pdxY("E11.9"), sdx("Z79.4")), nil},
		{"exempt Z79.4 reported 1", "poa", record(app.Inpatient, fy23, pdxY("E11.9"), dx("Z79.4", app.Secondary, app.POAExempt)), nil},
		{"exempt Z79.4 with Y", "poa", record(app.Inpatient, fy26, pdxY("E11.9"), sdxY("Z79.4")), []want{{w, []string{"Z79.4"}, nil}}},
		{"exempt Y92.009 with N", "poa", record(app.Inpatient, fy26, pdxY("S52.501A"), dx("Y92.009", app.Secondary, app.POANo)), []want{{w, []string{"Y92.009"}, nil}}},
		{"non-exempt E11.9 reported 1", "poa", record(app.Inpatient, fy26, dx("E11.9", app.Principal, app.POAExempt)), []want{{e, []string{"E11.9"}, nil}}},
		// 9. Duplicates, settings, modifiers.
		{"E11.9 twice", "duplicate", record(app.Office, fy26, pdx("E11.9"), sdx("E11.9")), []want{{e, []string{"E11.9"}, nil}}},
		{"PCS on an outpatient record", "code-system-setting", record(app.Outpatient, fy26, pdx("K35.80"), proc(app.ICD10PCS, "0DTJ4ZZ")), []want{{e, []string{"0DTJ4ZZ"}, nil}}},
		{"HCPCS on an inpatient record", "code-system-setting", record(app.Inpatient, fy26, pdxY("E11.9"), proc(app.HCPCS, "J1100")), []want{{w, []string{"J1100"}, nil}}},
		{"modifier LT alone", "hcpcs-modifier", record(app.Office, fy26, pdx("S52.501A"), proc(app.HCPCS, "LT")), []want{{e, []string{"LT"}, nil}}},
		{"modifier LT with L3908", "hcpcs-modifier", record(app.Office, fy26, pdx("S52.501A"), proc(app.HCPCS, "L3908"), proc(app.HCPCS, "LT")), nil},
	}
	runCases(t, terms, cases)
}

// TestRealMessagesQuoteTheNote checks that the Excludes1 and code-first
// findings quote the Tabular List's own words and say where they sit.
func TestRealMessagesQuoteTheNote(t *testing.T) {
	terms := realTerms(t)
	fs := Check(record(app.Office, fy26, pdx("G63"), sdx("E11.9"), sdx("E10.9")), terms)
	text := dump(fs)
	for _, s := range []string{
		`at E11 (Tabular List FY2023), Excludes1 "type 1 diabetes mellitus (E10.-)"`,
		`at E10 (Tabular List FY2023), Excludes1 "type 2 diabetes mellitus (E11.-)"`,
		"amyloidosis (E85.-)",
		"§I.A.13",
	} {
		if !strings.Contains(text+sources(fs), s) {
			t.Errorf("findings do not mention %q:\n%s", s, text)
		}
	}
}

// TestRealPOAListYear checks that a year without its own POA-exempt list
// says which list was used. FY2022 has none: the oldest published list is
// FY2024's, from whose changes the FY2023 list is derived.
func TestRealPOAListYear(t *testing.T) {
	terms := realTerms(t)
	fs := Check(record(app.Inpatient, "2022-03-01", pdx("E10.9")), terms)
	var poa []Finding
	for _, f := range fs {
		if f.Rule == "poa" {
			poa = append(poa, f)
		}
	}
	want := fmt.Sprintf("FY%d POA-exempt list (the nearest loaded to FY2022)", terms.POAYear(2022))
	if len(poa) != 1 || terms.POAYear(2022) == 2022 || !strings.Contains(poa[0].Message, want) || !strings.Contains(poa[0].Source, "used for FY2022") {
		t.Fatalf("want one POA error naming %q:\n%s", want, dump(fs))
	}
}

func sources(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.Source + "\n")
	}
	return b.String()
}

// TestRealSampleOfCodes runs the edits over a sample of every FY2026
// ICD-10-CM code, in pairs, inpatient with POA: no panic, every finding
// explains itself, and a complete code is never called invalid, a header
// or short of its 7th character.
func TestRealSampleOfCodes(t *testing.T) {
	terms := realTerms(t)
	var codes []string
	for _, c := range terms.Concepts(app.ICD10CM) {
		if c.Billable.Has(2026) {
			codes = append(codes, c.Code)
		}
	}
	if len(codes) != 74719 {
		t.Fatalf("FY2026 has %d billable codes, want 74,719", len(codes))
	}
	checked := 0
	for i := 0; i+1 < len(codes); i += 61 {
		rec := record(app.Inpatient, fy26, pdxY(codes[i]), sdxY(codes[i+1]))
		for _, f := range Check(rec, terms) {
			if f.Message == "" || f.Source == "" {
				t.Fatalf("%s, %s: finding without message or source: %+v", codes[i], codes[i+1], f)
			}
			switch f.Rule {
			case "code-validity", "header-code", "seventh-character":
				t.Errorf("%s, %s: complete FY2026 code reported by %s: %s", codes[i], codes[i+1], f.Rule, f.Message)
			}
		}
		checked++
	}
	if checked < 1000 {
		t.Fatalf("only %d records checked", checked)
	}
}

// BenchmarkCheck measures the edits over a 12-code inpatient record; the
// peer baseline is looking the same codes up and reading their notes,
// which every edit needs at least.
func BenchmarkCheck(b *testing.B) {
	terms := realTerms(b)
	rec := record(app.Inpatient, fy26, pdxY("A41.9"), sdxY("R65.20"), sdxY("N17.9"), sdxY("E11.22"), sdxY("N18.30"),
		sdxY("I12.9"), sdxY("E78.5"), sdxY("Z79.4"), sdxY("J44.1"), sdxY("G63"), sdxY("E10.9"), proc(app.ICD10PCS, "0DTJ4ZZ"))
	b.Run("Check", func(b *testing.B) {
		for b.Loop() {
			Check(rec, terms)
		}
	})
	b.Run("baseline-lookup-and-notes", func(b *testing.B) {
		for b.Loop() {
			for _, a := range rec.Assignments {
				if c := terms.Lookup(a.System, a.Code); c != nil {
					terms.NotesFor(c)
				}
			}
		}
	})
}
