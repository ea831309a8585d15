package app

import (
	"errors"
	"testing"
	"time"
)

func date(s string) time.Time {
	t, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestFiscalYear(t *testing.T) {
	cases := map[string]int{
		"2025-09-30": 2025,
		"2025-10-01": 2026,
		"2026-01-15": 2026,
		"2015-10-01": 2016,
		"2026-12-31": 2027,
	}
	for d, want := range cases {
		if got := FiscalYear(date(d)); got != want {
			t.Errorf("FiscalYear(%s) = %d, want %d", d, got, want)
		}
	}
}

func TestCodingDate(t *testing.T) {
	in := Encounter{Type: Inpatient, Service: date("2025-09-28"), Discharge: date("2025-10-03")}
	if got := FiscalYear(in.CodingDate()); got != 2026 {
		t.Errorf("inpatient discharged in FY2026 coded as FY%d", got)
	}
	off := Encounter{Type: Office, Service: date("2025-09-28"), Discharge: date("2025-10-03")}
	if got := FiscalYear(off.CodingDate()); got != 2025 {
		t.Errorf("office visit coded as FY%d, want the date of service's FY2025", got)
	}
}

func TestTransitions(t *testing.T) {
	now := date("2026-01-02")
	cases := []struct {
		name    string
		from    Status
		to      Status
		reason  string
		wantErr bool
	}{
		{"start coding", ToCode, InProgress, "", false},
		{"hold needs query", InProgress, OnHold, "", true},
		{"hold with query", InProgress, OnHold, "Type of fracture?", false},
		{"code", InProgress, Coded, "", false},
		{"finalize coded", Coded, Final, "", false},
		{"finalize uncoded", InProgress, Final, "", true},
		{"reopen needs reason", Final, InProgress, " ", true},
		{"reopen with reason", Final, InProgress, "late lab result", false},
		{"final to coded", Final, Coded, "x", true},
	}
	for _, c := range cases {
		r := Record{Status: c.from}
		err := r.Transition(c.to, c.reason, "coder", now)
		if (err != nil) != c.wantErr {
			t.Errorf("%s: err = %v, want error %v", c.name, err, c.wantErr)
			continue
		}
		if err != nil {
			if !errors.Is(err, ErrTransition) {
				t.Errorf("%s: %v is not ErrTransition", c.name, err)
			}
			if r.Status != c.from || len(r.History) != 0 {
				t.Errorf("%s: failed transition changed the record", c.name)
			}
			continue
		}
		if r.Status != c.to || len(r.History) != 1 || r.History[0].By != "coder" {
			t.Errorf("%s: got status %s history %+v", c.name, r.Status, r.History)
		}
	}
}

func TestHoldKeepsQueryUntilAnswered(t *testing.T) {
	r := Record{Status: InProgress}
	if err := r.Transition(OnHold, "Left or right knee?", "c", time.Now()); err != nil {
		t.Fatal(err)
	}
	if r.Query != "Left or right knee?" {
		t.Fatalf("query = %q", r.Query)
	}
	if err := r.Transition(InProgress, "", "c", time.Now()); err != nil {
		t.Fatal(err)
	}
	if r.Query != "" {
		t.Errorf("answered query still open: %q", r.Query)
	}
}

func TestValidate(t *testing.T) {
	ok := Record{Patient: Patient{MRN: "M1", Name: "Test Patient", Sex: Female},
		Encounter: Encounter{Type: Office, Service: date("2026-01-02")}}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := ok
	bad.Patient.MRN = ""
	bad.Encounter.Type = "spa"
	if err := bad.Validate(); !errors.Is(err, ErrIncomplete) {
		t.Errorf("missing MRN: %v", err)
	}
	back := ok
	back.Encounter = Encounter{Type: Inpatient, Service: date("2026-01-05"), Discharge: date("2026-01-02")}
	if err := back.Validate(); err == nil {
		t.Error("discharge before admission accepted")
	}
}

func TestParseSystemAndStatus(t *testing.T) {
	for in, want := range map[string]System{"ICD-10-CM": ICD10CM, "pcs": ICD10PCS, "HCPCS": HCPCS} {
		if got, err := ParseSystem(in); err != nil || got != want {
			t.Errorf("ParseSystem(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := ParseSystem("cpt"); err == nil {
		t.Error("CPT accepted as a code system")
	}
	if s, err := ParseStatus("In progress"); err != nil || s != InProgress {
		t.Errorf("ParseStatus: %v %v", s, err)
	}
}

func TestActionsFollowTheWorkflow(t *testing.T) {
	// What the workspace offers in each status: Coded, Finalize, Query, Reopen.
	cases := []struct {
		from                         Status
		coded, final, onHold, reopen bool
	}{
		{ToCode, true, false, true, false},
		{InProgress, true, false, true, false},
		{OnHold, true, false, false, true},
		{Coded, false, true, true, true},
		{Final, false, false, false, true},
	}
	for _, c := range cases {
		r := Record{Status: c.from}
		got := [4]bool{r.CanMove(Coded), r.CanMove(Final), r.CanMove(OnHold), r.CanReopen()}
		if want := [4]bool{c.coded, c.final, c.onHold, c.reopen}; got != want {
			t.Errorf("%s: coded/final/hold/reopen = %v, want %v", c.from, got, want)
		}
	}
}

func TestDefaultRole(t *testing.T) {
	r := &Record{}
	if got := DefaultRole(r, ICD10CM); got != Principal {
		t.Errorf("first diagnosis: %s", got)
	}
	r.Assignments = []Assignment{{System: ICD10CM, Role: Principal}}
	if got := DefaultRole(r, ICD10CM); got != Secondary {
		t.Errorf("second diagnosis: %s", got)
	}
	for _, sys := range []System{ICD10PCS, HCPCS} {
		if got := DefaultRole(&Record{}, sys); got != Procedure {
			t.Errorf("%s: %s", sys, got)
		}
	}
}

func TestAssignmentIDs(t *testing.T) {
	// A record saved before IDs: the same IDs on every load, in sequence order.
	old := func() *Record {
		return &Record{ID: "R1", Assignments: []Assignment{{Code: "I10"}, {Code: "E119"}, {Code: "Z794"}}}
	}
	a, b := old(), old()
	if !a.NumberAssignments() || !b.NumberAssignments() {
		t.Fatal("IDs not given")
	}
	for i := range a.Assignments {
		if a.Assignments[i].ID != b.Assignments[i].ID || a.Assignments[i].ID == "" {
			t.Fatalf("loads disagree: %v vs %v", a.Assignments, b.Assignments)
		}
	}
	if a.Assignments[2].ID != "A3" || a.LastAssignment != 3 || a.NumberAssignments() {
		t.Fatalf("ids %+v last %d", a.Assignments, a.LastAssignment)
	}
	// A removed code's ID is never handed out again.
	a.Assignments = a.Assignments[:2]
	if id := a.NewAssignmentID(); id != "A4" {
		t.Fatalf("next id %s, want A4", id)
	}
	// Mixed: a stray ID above the counter moves the counter past it.
	m := &Record{Assignments: []Assignment{{ID: "A7"}, {}}}
	m.NumberAssignments()
	if m.Assignments[1].ID != "A8" {
		t.Fatalf("got %s, want A8", m.Assignments[1].ID)
	}
	if i, err := a.AssignmentIndex("A2"); err != nil || i != 1 {
		t.Fatalf("AssignmentIndex(A2) = %d, %v", i, err)
	}
	if _, err := a.AssignmentIndex("A3"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("removed A3: %v", err)
	}
}

func TestSettingReports(t *testing.T) {
	for _, typ := range EncounterTypes {
		if got := typ.Reports(ICD10PCS); got != (typ == Inpatient) {
			t.Errorf("%s reports ICD-10-PCS: %v", typ, got)
		}
		if !typ.Reports(ICD10CM) || !typ.Reports(HCPCS) {
			t.Errorf("%s does not report diagnoses or HCPCS", typ)
		}
	}
}
