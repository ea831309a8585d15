package edits

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
)

func day(s string) time.Time {
	t, err := app.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

// record builds a record; for inpatient the date is the discharge date and
// admission is two days earlier.
func record(typ app.EncounterType, date string, as ...app.Assignment) *app.Record {
	r := &app.Record{ID: "r1", Encounter: app.Encounter{Type: typ, Service: day(date)}, Assignments: as}
	if typ == app.Inpatient {
		r.Encounter.Discharge = r.Encounter.Service
		r.Encounter.Service = r.Encounter.Service.AddDate(0, 0, -2)
	}
	return r
}

func dx(code string, role app.Role, poa app.POA) app.Assignment {
	return app.Assignment{System: app.ICD10CM, Code: code, Role: role, POA: poa}
}

func pdx(code string) app.Assignment  { return dx(code, app.Principal, "") }
func sdx(code string) app.Assignment  { return dx(code, app.Secondary, "") }
func pdxY(code string) app.Assignment { return dx(code, app.Principal, app.POAYes) }
func sdxY(code string) app.Assignment { return dx(code, app.Secondary, app.POAYes) }

func proc(sys app.System, code string) app.Assignment {
	return app.Assignment{System: sys, Code: code, Role: app.Procedure}
}

// want is one expected finding of the rule under test.
type want struct {
	sev   Severity
	codes []string
	fixes []string // nil: not checked
}

type ruleCase struct {
	name string
	rule string
	rec  *app.Record
	want []want
}

// runCases checks that the rule under test reports exactly the wanted
// findings, and that every finding of any rule explains itself.
func runCases(t *testing.T, terms Terms, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			all := Check(tc.rec, terms)
			var got []Finding
			for _, f := range all {
				if f.Message == "" || f.Source == "" || f.Codes == nil {
					t.Errorf("finding without message, source or codes: %+v", f)
				}
				if f.Rule == tc.rule {
					got = append(got, f)
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("rule %s: got %d findings, want %d:\n%s", tc.rule, len(got), len(tc.want), dump(all))
			}
			for i, w := range tc.want {
				g := got[i]
				if g.Severity != w.sev || !reflect.DeepEqual(g.Codes, w.codes) {
					t.Errorf("finding %d: got %s %v, want %s %v\n%s", i, g.Severity, g.Codes, w.sev, w.codes, g.Message)
				}
				if w.fixes != nil && !reflect.DeepEqual(g.Fixes, w.fixes) {
					t.Errorf("finding %d fixes: got %v, want %v\n%s", i, g.Fixes, w.fixes, g.Message)
				}
			}
		})
	}
}

func dump(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("  " + string(f.Severity) + " " + f.Rule + " " + strings.Join(f.Codes, ",") + ": " + f.Message + "\n")
	}
	return b.String()
}

const fy26 = "2026-03-02" // a date of service in FY2026

func TestRulesFake(t *testing.T) {
	e := Error
	w := Warning
	cases := []ruleCase{
		// 1. Validity by date of service.
		{"valid code", "code-validity", record(app.Office, fy26, pdx("E11.9")), nil},
		{"code newer than the date of service", "code-validity", record(app.Office, "2025-06-01", pdx("E11.A")),
			[]want{{e, []string{"E11.A"}, []string{"E11.9"}}}},
		{"deleted code", "code-validity", record(app.Office, fy26, pdx("E11.9"), sdx("D68.5")), []want{{e, []string{"D68.5"}, nil}}},
		{"no such code", "code-validity", record(app.Office, fy26, pdx("E11.97")), []want{{e, []string{"E11.97"}, []string{"E11.9"}}}},
		{"CPT is not HCPCS", "code-validity", record(app.Office, fy26, pdx("E11.9"), proc(app.HCPCS, "99213")), []want{{e, []string{"99213"}, nil}}},
		{"HCPCS in effect", "code-validity", record(app.Office, fy26, pdx("E11.9"), proc(app.HCPCS, "J1100")), nil},
		{"empty code", "code-validity", record(app.Office, fy26, pdx("E11.9"), sdx("")), []want{{e, []string{}, nil}}},
		// 2. Header codes.
		{"header", "header-code", record(app.Office, fy26, pdx("E11.0")), []want{{e, []string{"E11.0"}, []string{"E11.00", "E11.01"}}}},
		{"header deeper than 7th character", "header-code", record(app.Office, fy26, pdx("T15.0")),
			[]want{{e, []string{"T15.0"}, []string{"T15.00XA", "T15.00XD", "T15.00XS"}}}},
		{"not a header", "header-code", record(app.Office, fy26, pdx("S52.501A")), nil},
		// 3. 7th character.
		{"missing 7th character", "seventh-character", record(app.Office, fy26, pdx("S52.501")),
			[]want{{e, []string{"S52.501"}, []string{"S52.501A", "S52.501D", "S52.501S"}}}},
		{"missing 7th and placeholder", "seventh-character", record(app.Office, fy26, pdx("T15.00")),
			[]want{{e, []string{"T15.00"}, []string{"T15.00XA", "T15.00XD", "T15.00XS"}}}},
		{"7th character without placeholder", "seventh-character", record(app.Office, fy26, pdx("T15.00A")),
			[]want{{e, []string{"T15.00A"}, []string{"T15.00XA"}}}},
		{"7th character not defined", "seventh-character", record(app.Office, fy26, pdx("S52.501Z")),
			[]want{{e, []string{"S52.501Z"}, []string{"S52.501A", "S52.501D", "S52.501S"}}}},
		{"header above the 7th level is not a 7th-character case", "seventh-character", record(app.Office, fy26, pdx("T15.0")), nil},
		{"complete code", "seventh-character", record(app.Office, fy26, pdx("T15.00XA")), nil},
		// 4. Excludes1.
		{"Excludes1 both ways", "excludes1", record(app.Office, fy26, pdx("E11.9"), sdx("E10.9")), []want{{w, []string{"E11.9", "E10.9"}, nil}}},
		{"Excludes1 with qualifier", "excludes1", record(app.Office, fy26, pdx("E11.42"), sdx("G63")), []want{{w, []string{"E11.42", "G63"}, nil}}},
		{"Excludes1 qualifier not met", "excludes1", record(app.Office, fy26, pdx("E11.9"), sdx("G63")), nil},
		{"no Excludes1", "excludes1", record(app.Office, fy26, pdx("E11.9"), sdx("Z79.4")), nil},
		// 5. Manifestation and code first.
		{"manifestation as principal", "manifestation-principal", record(app.Office, fy26, pdx("G63"), sdx("E85.1")), []want{{e, []string{"G63"}, nil}}},
		{"manifestation after its etiology", "manifestation-principal", record(app.Office, fy26, pdx("E85.1"), sdx("G63")), nil},
		{"etiology sequenced after", "code-first", record(app.Office, fy26, pdx("G63"), sdx("E85.1")), []want{{w, []string{"E85.1", "G63"}, nil}}},
		{"etiology first", "code-first", record(app.Office, fy26, pdx("E85.1"), sdx("G63")), nil},
		{"etiology missing", "code-first", record(app.Office, fy26, pdx("E11.9"), sdx("G63")), []want{{w, []string{"G63"}, nil}}},
		// 6. Use additional code.
		{"use additional code missing", "use-additional-code", record(app.Office, fy26, pdx("E11.9")), []want{{w, []string{"E11.9"}, nil}}},
		{"use additional code present", "use-additional-code", record(app.Office, fy26, pdx("E11.9"), sdx("Z79.4")), nil},
		// 7. External cause never principal.
		{"external cause principal", "external-cause-principal", record(app.Emergency, fy26, pdx("V03.10XA")), []want{{e, []string{"V03.10XA"}, nil}}},
		{"external cause first-listed", "external-cause-principal", record(app.Emergency, fy26, sdx("V03.10XA"), sdx("S52.501A")), []want{{e, []string{"V03.10XA"}, nil}}},
		{"external cause secondary", "external-cause-principal", record(app.Emergency, fy26, pdx("S52.501A"), sdx("V03.10XA")), nil},
		// 8. POA.
		{"inpatient without POA", "poa", record(app.Inpatient, fy26, pdx("E10.9")), []want{{e, []string{"E10.9"}, nil}}},
		{"inpatient with POA", "poa", record(app.Inpatient, fy26, pdxY("E10.9")), nil},
		{"exempt code blank", "poa", record(app.Inpatient, fy26, pdxY("E11.9"), sdx("Z79.4")), nil},
		{"exempt code with Y", "poa", record(app.Inpatient, fy26, pdxY("E11.9"), sdxY("Z79.4")), []want{{w, []string{"Z79.4"}, nil}}},
		{"1 on a non-exempt code", "poa", record(app.Inpatient, fy26, dx("E10.9", app.Principal, app.POAExempt)), []want{{e, []string{"E10.9"}, nil}}},
		{"bad indicator", "poa", record(app.Inpatient, fy26, dx("E10.9", app.Principal, "Q")), []want{{e, []string{"E10.9"}, nil}}},
		{"outpatient needs no POA", "poa", record(app.Outpatient, fy26, pdx("E10.9")), nil},
		{"admitting diagnosis needs no POA", "poa", record(app.Inpatient, fy26, pdxY("E10.9"), dx("E11.9", app.Admitting, "")), nil},
		// 9. Duplicates, settings, roles, modifiers.
		{"duplicate diagnosis", "duplicate", record(app.Office, fy26, pdx("E11.9"), sdx("E11.9")), []want{{e, []string{"E11.9"}, nil}}},
		{"repeated HCPCS", "duplicate", record(app.Office, fy26, pdx("E11.9"), proc(app.HCPCS, "J1100"), proc(app.HCPCS, "J1100")), []want{{w, []string{"J1100"}, nil}}},
		{"PCS on an office visit", "code-system-setting", record(app.Office, fy26, pdx("K35.80"), proc(app.ICD10PCS, "0DTJ4ZZ")), []want{{e, []string{"0DTJ4ZZ"}, nil}}},
		{"PCS inpatient", "code-system-setting", record(app.Inpatient, fy26, pdxY("E11.9"), proc(app.ICD10PCS, "0DTJ4ZZ")), nil},
		{"HCPCS inpatient", "code-system-setting", record(app.Inpatient, fy26, pdxY("E11.9"), proc(app.HCPCS, "J1100")), []want{{w, []string{"J1100"}, nil}}},
		{"HCPCS in the ED", "code-system-setting", record(app.Emergency, fy26, pdx("E11.9"), proc(app.HCPCS, "J1100")), nil},
		{"modifier alone", "hcpcs-modifier", record(app.Office, fy26, pdx("E11.9"), proc(app.HCPCS, "LT")), []want{{e, []string{"LT"}, nil}}},
		{"modifier with its code", "hcpcs-modifier", record(app.Office, fy26, pdx("E11.9"), proc(app.HCPCS, "J1100"), proc(app.HCPCS, "LT")), nil},
		{"diagnosis as procedure", "code-role", record(app.Office, fy26, pdx("E11.9"), dx("E10.9", app.Procedure, "")), []want{{e, []string{"E10.9"}, nil}}},
		{"procedure as diagnosis", "code-role", record(app.Inpatient, fy26, pdxY("E11.9"), app.Assignment{System: app.ICD10PCS, Code: "0DTJ4ZZ", Role: app.Secondary}), []want{{e, []string{"0DTJ4ZZ"}, nil}}},
		// Title revisions.
		{"title unchanged but for punctuation", "title-changed", record(app.Office, fy26, app.Assignment{System: app.ICD10CM, Code: "E119", Role: app.Principal, Year: 2025, Title: "Type 2 diabetes mellitus, without complications"}), nil},
		{"title revised", "title-changed", record(app.Office, fy26, app.Assignment{System: app.ICD10CM, Code: "E119", Role: app.Principal, Year: 2025, Title: "Type 2 diabetes mellitus"}), []want{{w, []string{"E11.9"}, nil}}},
		// Principal diagnosis.
		{"two principals", "principal-diagnosis", record(app.Office, fy26, pdx("E11.9"), pdx("Z79.4")), []want{{e, []string{"E11.9", "Z79.4"}, nil}}},
		{"inpatient without principal", "principal-diagnosis", record(app.Inpatient, fy26, sdxY("E11.9")), []want{{e, []string{"E11.9"}, nil}}},
		{"principal not first", "principal-diagnosis", record(app.Office, fy26, sdx("Z79.4"), pdx("E11.9")), []want{{e, []string{"E11.9", "Z79.4"}, nil}}},
		{"no diagnosis", "principal-diagnosis", record(app.Office, fy26), []want{{e, []string{}, nil}}},
		// Dates and code-set years.
		{"no discharge date", "date-of-service", &app.Record{Encounter: app.Encounter{Type: app.Inpatient, Service: day(fy26)}, Assignments: []app.Assignment{pdxY("E11.9")}}, []want{{e, []string{}, nil}}},
		{"before ICD-10", "date-of-service", record(app.Office, "2015-09-30", pdx("E11.9")), []want{{e, []string{}, nil}}},
		{"year not loaded", "code-set-year", record(app.Office, "2026-10-01", pdx("E11.9")), []want{{w, []string{}, nil}}},
	}
	runCases(t, fixture(), cases)
}

func TestAcknowledgeAndBlocking(t *testing.T) {
	terms := fixture()
	rec := record(app.Office, fy26, pdx("E11.9"), sdx("E10.9"), sdx("Z79.4"))
	fs := Check(rec, terms)
	var ex Finding
	for _, f := range fs {
		if f.Rule == "excludes1" {
			ex = f
		}
	}
	if ex.Rule == "" {
		t.Fatalf("no Excludes1 finding:\n%s", dump(fs))
	}
	err := Blocking(fs)
	var be *BlockingError
	if !errors.Is(err, ErrBlocked) || !errors.As(err, &be) || len(be.Findings) == 0 {
		t.Fatalf("an unacknowledged warning must block: %v", err)
	}
	if err := Acknowledge(rec, ex, "  ", "coder", time.Now()); !errors.Is(err, ErrNoReason) {
		t.Fatalf("empty reason: got %v", err)
	}
	if err := Acknowledge(rec, Finding{Rule: "poa", Severity: Error}, "x", "coder", time.Now()); !errors.Is(err, ErrNotAcknowledgeable) {
		t.Fatalf("acknowledging an error: got %v", err)
	}
	// The coder writes the codes in any order and form.
	rec.Acknowledgements = []app.Acknowledgement{{Rule: "excludes1", Codes: []string{"e109", "E11.9"}, Reason: "old note, superseded", By: "coder"}}
	if err := Acknowledge(rec, ex, "Type 1 documented in error; provider queried, E11.9 confirmed", "coder", time.Now()); err != nil {
		t.Fatal(err)
	}
	if len(rec.Acknowledgements) != 1 {
		t.Fatalf("acknowledging again must replace, got %d", len(rec.Acknowledgements))
	}
	fs = Check(rec, terms)
	for _, f := range fs {
		if f.Rule == "excludes1" && (!f.Acknowledged || !strings.Contains(f.Reason, "provider queried")) {
			t.Fatalf("acknowledged finding not marked: %+v", f)
		}
	}
	if err := Blocking(fs); err != nil {
		t.Fatalf("only acknowledged warnings left, yet blocked: %v", err)
	}
	// An error is never cleared by an acknowledgement.
	rec.Assignments = append(rec.Assignments, sdx("E11.0"))
	rec.Acknowledgements = append(rec.Acknowledgements, app.Acknowledgement{Rule: "header-code", Codes: []string{"E11.0"}, Reason: "x"})
	if err := Gate(terms)(rec); err == nil || !strings.Contains(err.Error(), "header-code") {
		t.Fatalf("header error must block: %v", err)
	}
}

func TestNoCodeSets(t *testing.T) {
	fs := Check(record(app.Office, fy26, pdx("E11.9")), nil)
	if len(fs) != 1 || fs[0].Severity != Error || Blocking(fs) == nil {
		t.Fatalf("without code sets the record must be blocked: %+v", fs)
	}
	if Check(nil, fixture()) != nil {
		t.Fatal("a nil record has no findings")
	}
}

func TestEveryRuleHasASource(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Rules {
		if r.ID == "" || r.Name == "" || r.Source == "" || r.check == nil || seen[r.ID] {
			t.Errorf("incomplete or duplicate rule %+v", r)
		}
		seen[r.ID] = true
		if got, ok := RuleByID(r.ID); !ok || got.ID != r.ID {
			t.Errorf("RuleByID(%q) = %v, %v", r.ID, got.ID, ok)
		}
	}
}
