package coding

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"
)

// memStore is an in-memory Store for unit tests; the real one (storage)
// is exercised through the CLI tests.
type memStore struct {
	mu      sync.Mutex
	user    string
	seq     map[string]int
	records map[string]app.Record
	notes   map[string]app.Note
	origs   map[string][]byte
	audit   []app.AuditEvent
}

func newMemStore() *memStore {
	return &memStore{user: "coder", seq: map[string]int{}, records: map[string]app.Record{}, notes: map[string]app.Note{}, origs: map[string][]byte{}}
}

func clone(r app.Record) *app.Record {
	r.Assignments = append([]app.Assignment(nil), r.Assignments...)
	r.NoteIDs = append([]string(nil), r.NoteIDs...)
	r.History = append([]app.StatusChange(nil), r.History...)
	r.Acknowledgements = append([]app.Acknowledgement(nil), r.Acknowledgements...)
	return &r
}

func (m *memStore) User() string { return m.user }
func (m *memStore) NextID(kind string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.seq[kind]++
	return fmt.Sprintf("%s%06d", kind, m.seq[kind]), nil
}
func (m *memStore) Record(id string) (*app.Record, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.records[id]
	if !ok {
		return nil, fmt.Errorf("record %s: %w", id, app.ErrNotFound)
	}
	return clone(r), nil
}
func (m *memStore) SaveRecord(r *app.Record, evs ...app.AuditEvent) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.records[r.ID] = *clone(*r)
	m.audit = append(m.audit, evs...)
	return nil
}
func (m *memStore) SaveNote(r *app.Record, n *app.Note, orig []byte, evs ...app.AuditEvent) error {
	m.mu.Lock()
	m.notes[n.ID] = *n
	m.origs[n.ID] = append([]byte(nil), orig...)
	m.mu.Unlock()
	return m.SaveRecord(r, evs...)
}
func (m *memStore) Note(id string) (*app.Note, error) {
	n, ok := m.notes[id]
	if !ok {
		return nil, app.ErrNotFound
	}
	return &n, nil
}
func (m *memStore) NoteOriginal(id string) ([]byte, error) { return m.origs[id], nil }
func (m *memStore) List(f app.ListFilter) (app.Worklist, error) {
	var wl app.Worklist
	for _, r := range m.records {
		if f.Status == "" || r.Status == f.Status {
			wl.Records = append(wl.Records, r.Summary())
		}
	}
	sort.Slice(wl.Records, func(i, j int) bool { return wl.Records[i].ID < wl.Records[j].ID })
	return wl, nil
}
func (m *memStore) Audit(evs ...app.AuditEvent) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.audit = append(m.audit, evs...)
	return nil
}
func (m *memStore) AuditLog(string) ([]app.AuditEntry, error) { return nil, nil }

func (m *memStore) actions() string {
	var a []string
	for _, e := range m.audit {
		a = append(a, string(e.Action))
	}
	return strings.Join(a, " ")
}

// fakeTerms holds a few concepts with made-up year ranges shaped like the
// real ones.
type fakeTerms map[string]*terminology.Concept

func years(from, to int) terminology.Years {
	var y terminology.Years
	for fy := from; fy <= to; fy++ {
		y = y.With(fy)
	}
	return y
}

func newFakeTerms() fakeTerms {
	t := fakeTerms{}
	add := func(sys app.System, code string, valid terminology.Years, titles ...terminology.Title) {
		t[string(sys)+"/"+code] = &terminology.Concept{System: sys, Code: code, Valid: valid, Billable: valid, Titles: titles}
	}
	add(app.ICD10CM, "E119", years(2016, 2026), terminology.Title{Years: years(2016, 2026), Long: "Type 2 diabetes mellitus without complications"})
	add(app.ICD10CM, "I10", years(2016, 2026), terminology.Title{Years: years(2016, 2026), Long: "Essential (primary) hypertension"})
	add(app.ICD10CM, "U071", years(2020, 2026), terminology.Title{Years: years(2020, 2026), Long: "COVID-19"})
	add(app.ICD10CM, "E785", years(2016, 2026),
		terminology.Title{Years: years(2016, 2018), Long: "Hyperlipidemia, unspecified (old title)"},
		terminology.Title{Years: years(2019, 2026), Long: "Hyperlipidemia, unspecified"})
	add(app.ICD10CM, "Z23", years(2016, 2019)|years(2022, 2026), terminology.Title{Years: years(2016, 2026), Long: "Encounter for immunization"})
	add(app.ICD10PCS, "0DTJ4ZZ", years(2016, 2026), terminology.Title{Years: years(2016, 2026), Long: "Resection of Appendix, Percutaneous Endoscopic Approach"})
	add(app.ICD10PCS, "B020ZZZ", years(2016, 2026), terminology.Title{Years: years(2016, 2026), Long: "Plain Radiography of Sella Turcica"})
	add(app.HCPCS, "J1100", years(2016, 2026), terminology.Title{Years: years(2016, 2026), Long: "Injection, dexamethasone sodium phosphate, 1 mg"})
	// A code terminated after the date of service, whose last action's
	// "effective" date is its termination's, and one added later.
	add(app.HCPCS, "J1040", years(2016, 2026), terminology.Title{Years: years(2016, 2026), Long: "Injection, methylprednisolone acetate, 80 mg"})
	t["hcpcs/J1040"].Added, t["hcpcs/J1040"].Effective, t["hcpcs/J1040"].Termination = "1982-01-01", "2024-04-01", "2024-03-31"
	add(app.HCPCS, "J0165", years(2016, 2026), terminology.Title{Years: years(2016, 2026), Long: "Injection, epinephrine, not otherwise specified, 0.1 mg"})
	t["hcpcs/J0165"].Added, t["hcpcs/J0165"].Effective = "2025-07-01", "2025-07-01"
	return t
}

func (f fakeTerms) Lookup(sys app.System, code string) *terminology.Concept {
	return f[string(sys)+"/"+terminology.Canonical(code)]
}

func (f fakeTerms) FiscalYears(sys app.System) []int { return years(2016, 2026).List() }

func newTestService(t *testing.T) (*Service, *memStore) {
	t.Helper()
	m := newMemStore()
	s := New(m, newFakeTerms())
	clock := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC) // after every date of service the tests use
	s.Now = func() time.Time { clock = clock.Add(time.Second); return clock }
	return s, m
}

func date(s string) time.Time { t, _ := app.ParseDate(s); return t }

func newRecord(t *testing.T, s *Service, typ app.EncounterType, service, discharge string) *app.Record {
	t.Helper()
	r, err := s.CreateRecord(app.Patient{MRN: "MRN-T1", Name: "Testperson, Ada", DOB: date("1970-01-02"), Sex: app.Female},
		app.Encounter{Type: typ, Service: date(service), Discharge: date(discharge), Account: "A-1"})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func codes(r *app.Record) string {
	var out []string
	for _, a := range r.Assignments {
		out = append(out, a.Code+":"+string(a.Role))
	}
	return strings.Join(out, " ")
}

func TestCreateRecordValidates(t *testing.T) {
	s, _ := newTestService(t)
	if _, err := s.CreateRecord(app.Patient{Name: "X"}, app.Encounter{Type: app.Office}); !errors.Is(err, app.ErrIncomplete) {
		t.Errorf("incomplete record: %v", err)
	}
	r := newRecord(t, s, app.Office, "2025-11-03", "")
	if r.ID != "R000001" || r.Status != app.ToCode || r.CreatedBy != "coder" || r.Demo {
		t.Errorf("new record: %+v", r)
	}
	d, err := s.CreateDemo(r.Patient, r.Encounter)
	if err != nil {
		t.Fatal(err)
	}
	if saved, _ := s.Record(d.ID); !saved.Demo {
		t.Error("demo record saved without the demo flag")
	}
}

func TestAssignChecksTheFiscalYear(t *testing.T) {
	s, _ := newTestService(t)
	cases := []struct {
		name, service, discharge string
		typ                      app.EncounterType
		code                     string
		wantErr                  string
		wantYear                 int
		wantTitle                string
	}{
		{"valid", "2025-11-03", "", app.Office, "E11.9", "", 2026, "Type 2 diabetes mellitus without complications"},
		{"before it existed", "2019-05-01", "", app.Office, "U07.1", "does not exist in FY2019 (coding date 2019-05-01); it exists in FY2020–FY2026", 0, ""},
		{"gap in years", "2021-03-01", "", app.Office, "Z23", "it exists in FY2016–FY2019, FY2022–FY2026", 0, ""},
		{"unknown", "2025-11-03", "", app.Office, "E11.99", "does not exist in any fiscal year loaded", 0, ""},
		{"title of that year", "2017-10-02", "", app.Office, "E78.5", "", 2018, "Hyperlipidemia, unspecified (old title)"},
		{"inpatient uses discharge", "2019-09-28", "2019-10-02", app.Inpatient, "E785", "", 2020, "Hyperlipidemia, unspecified"},
		{"past the newest release", "2027-02-01", "", app.Office, "I10", "", 2026, "Essential (primary) hypertension"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newRecord(t, s, c.typ, c.service, c.discharge)
			got, err := s.AssignCode(r.ID, Assign{Code: c.code})
			if c.wantErr != "" {
				if !errors.Is(err, app.ErrInvalidCode) || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("got %v, want ErrInvalidCode saying %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			a := got.Assignments[0]
			if a.Year != c.wantYear || a.Title != c.wantTitle || a.Role != app.Principal || a.AssignedBy != "coder" {
				t.Errorf("assignment %+v", a)
			}
			if got.Status != app.InProgress {
				t.Errorf("status %s after the first code", got.Status)
			}
		})
	}
}

func TestGuessSystem(t *testing.T) {
	s, _ := newTestService(t)
	for code, want := range map[string]app.System{
		"E11.9": app.ICD10CM, "E119": app.ICD10CM, "S72001A": app.ICD10CM, "0DTJ4ZZ": app.ICD10PCS,
		"XW033E5": app.ICD10PCS, "J1100": app.HCPCS, "A01.00": app.ICD10CM, "I10": app.ICD10CM,
	} {
		if got := GuessSystem(code); got != want {
			t.Errorf("GuessSystem(%s) = %s, want %s", code, got, want)
		}
	}
	// Shaped like ICD-10-CM, found only in ICD-10-PCS.
	if got := s.GuessSystem("B020ZZZ"); got != app.ICD10PCS {
		t.Errorf("service guess for B020ZZZ = %s", got)
	}
}

func TestSequenceRolesAndMoves(t *testing.T) {
	s, m := newTestService(t)
	r := newRecord(t, s, app.Inpatient, "2025-11-03", "2025-11-06")
	var ids []string // the IDs the codes are named by from here on, wherever they move
	for _, in := range []Assign{{Code: "I10", POA: app.POAYes}, {Code: "E119"}, {Code: "0DTJ4ZZ", ProcedureDate: date("2025-11-04")}} {
		got, err := s.AssignCode(r.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		a, err := Find(got, "", in.Code)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	i10, e119, pcs := ids[0], ids[1], ids[2]
	if i10 != "A1" || e119 != "A2" || pcs != "A3" {
		t.Fatalf("assignment IDs %v, want A1 A2 A3", ids)
	}
	got, _ := s.Record(r.ID)
	if codes(got) != "I10:principal E119:secondary 0DTJ4ZZ:procedure" {
		t.Fatalf("sequence %s", codes(got))
	}
	if _, err := s.AssignCode(r.ID, Assign{Code: "E11.9"}); err == nil || !strings.Contains(err.Error(), "already on record") {
		t.Errorf("duplicate: %v", err)
	}
	if _, err := s.AssignCode(r.ID, Assign{Code: "J1100", Role: app.Secondary}); err == nil {
		t.Error("HCPCS accepted as a secondary diagnosis")
	}
	if _, err := s.AssignCode(r.ID, Assign{Code: "J1100", POA: "Q"}); err == nil {
		t.Error("POA Q accepted")
	}
	// Making E11.9 principal moves it up and demotes I10.
	p := app.Principal
	got, err := s.UpdateAssignment(r.ID, e119, Change{Role: &p})
	if err != nil {
		t.Fatal(err)
	}
	if codes(got) != "E119:principal I10:secondary 0DTJ4ZZ:procedure" {
		t.Errorf("after principal change: %s", codes(got))
	}
	got, err = s.MoveCode(r.ID, pcs, 1)
	if err != nil {
		t.Fatal(err)
	}
	if codes(got) != "0DTJ4ZZ:procedure E119:principal I10:secondary" {
		t.Errorf("after move: %s", codes(got))
	}
	// Moving a secondary diagnosis above the principal makes it principal.
	got, err = s.MoveCode(r.ID, i10, 2)
	if err != nil || codes(got) != "0DTJ4ZZ:procedure I10:principal E119:secondary" {
		t.Errorf("after moving I10 up: %s %v", codes(got), err)
	}
	got, err = s.MoveCode(r.ID, i10, 3)
	if err != nil || codes(got) != "0DTJ4ZZ:procedure E119:principal I10:secondary" {
		t.Errorf("after moving I10 back: %s %v", codes(got), err)
	}
	if _, err := s.MoveCode(r.ID, i10, 4); err == nil {
		t.Error("move past the end accepted")
	}
	got, err = s.RemoveCode(r.ID, i10)
	if err != nil || codes(got) != "0DTJ4ZZ:procedure E119:principal" {
		t.Errorf("after remove: %s %v", codes(got), err)
	}
	if _, err := s.RemoveCode(r.ID, i10); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("remove again: %v", err)
	}
	comment := "per op note"
	got, _ = s.UpdateAssignment(r.ID, pcs, Change{Comment: &comment})
	if got.Assignments[0].Comment != comment {
		t.Errorf("comment not saved")
	}
	want := "record-created code-assigned code-assigned code-assigned code-updated code-moved code-moved code-moved code-removed code-updated"
	if m.actions() != want {
		t.Errorf("audit\n got %s\nwant %s", m.actions(), want)
	}
	for _, e := range m.audit {
		if strings.Contains(e.Detail, "Testperson") || strings.Contains(e.Detail, "MRN-T1") || strings.Contains(e.Detail, comment) {
			t.Errorf("audit detail holds record text: %q", e.Detail)
		}
	}
}

func TestReplaceCodeKeepsItsPlace(t *testing.T) {
	s, m := newTestService(t)
	r := newRecord(t, s, app.Inpatient, "2025-11-03", "2025-11-06")
	text := "Hyperlipidemia noted."
	n, err := s.AddNote(r.ID, NoteInput{Pages: []app.Page{{Text: text}}, Original: []byte(text)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AssignCode(r.ID, Assign{Code: "I10", POA: app.POAYes}); err != nil {
		t.Fatal(err)
	}
	got, err := s.AssignCode(r.ID, Assign{Code: "E119", POA: app.POAUnknown, Comment: "per H&P",
		Evidence: &app.Evidence{NoteID: n.ID, Page: 1, Start: 0, End: len("Hyperlipidemia")}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AssignCode(r.ID, Assign{Code: "0DTJ4ZZ"}); err != nil {
		t.Fatal(err)
	}
	old, _ := Find(got, "", "E119")
	saves := len(m.audit)
	got, err = s.ReplaceCode(r.ID, old.ID, "e78.5")
	if err != nil {
		t.Fatal(err)
	}
	if len(m.audit) != saves+1 || m.audit[saves].Action != app.AuditCodeReplaced || m.audit[saves].Detail != "icd10cm E11.9 -> E78.5 secondary FY2026 at 2" {
		t.Fatalf("want one save with one code-replaced entry, got %+v", m.audit[saves:])
	}
	if codes(got) != "I10:principal E785:secondary 0DTJ4ZZ:procedure" {
		t.Fatalf("sequence %s", codes(got))
	}
	a := got.Assignments[1]
	if a.ID == old.ID || a.ID == "" || a.POA != app.POAUnknown || a.Comment != "per H&P" || a.Evidence == nil || a.Evidence.Text != "Hyperlipidemia" ||
		a.Title != "Hyperlipidemia, unspecified" || a.Year != 2026 || a.AssignedBy != "coder" || !a.AssignedAt.After(old.AssignedAt) {
		t.Fatalf("replacement %+v (old %+v)", a, old)
	}
	// The old ID names nothing now; refusals leave the record as it was.
	for name, tc := range map[string]struct {
		id, code string
		want     error
	}{
		"old id":        {old.ID, "Z23", app.ErrNotFound},
		"not in FY2026": {a.ID, "U071X", app.ErrInvalidCode},
		"already on it": {a.ID, "I10", nil},
		"same code":     {a.ID, "E78.5", nil},
		"no code":       {a.ID, " ", app.ErrIncomplete},
		"unknown id":    {"A99", "Z23", app.ErrNotFound},
	} {
		before, _ := s.Record(r.ID)
		_, err := s.ReplaceCode(r.ID, tc.id, tc.code)
		if err == nil || tc.want != nil && !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", name, err, tc.want)
		}
		after, _ := s.Record(r.ID)
		if codes(after) != codes(before) {
			t.Errorf("%s: a refused replace changed the record: %s", name, codes(after))
		}
	}
}

func TestEvidenceAndNotes(t *testing.T) {
	s, _ := newTestService(t)
	r := newRecord(t, s, app.Office, "2025-11-03", "")
	text := "Assessment: type 2 diabetes, well controlled."
	n, err := s.AddNote(r.ID, NoteInput{Pages: []app.Page{{Text: text, Source: app.SourceTyped}}, Original: []byte(text)})
	if err != nil {
		t.Fatal(err)
	}
	if n.Pages[0].Number != 1 || n.Size != int64(len(text)) || len(n.SHA256) != 64 {
		t.Errorf("note %+v", n)
	}
	start := strings.Index(text, "type 2")
	got, err := s.AssignCode(r.ID, Assign{Code: "E119", Evidence: &app.Evidence{NoteID: n.ID, Page: 1, Start: start, End: start + len("type 2 diabetes")}})
	if err != nil {
		t.Fatal(err)
	}
	if got.Assignments[0].Evidence.Text != "type 2 diabetes" {
		t.Errorf("evidence text %q", got.Assignments[0].Evidence.Text)
	}
	for _, ev := range []app.Evidence{{NoteID: "N999999", Page: 1}, {NoteID: n.ID, Page: 2}, {NoteID: n.ID, Page: 1, Start: 5, End: 500}} {
		if _, err := s.AssignCode(r.ID, Assign{Code: "I10", Evidence: &ev}); !errors.Is(err, app.ErrIncomplete) {
			t.Errorf("evidence %+v accepted: %v", ev, err)
		}
	}
}

func TestWorkflowFinalIsReadOnly(t *testing.T) {
	s, _ := newTestService(t)
	r := newRecord(t, s, app.Office, "2025-11-03", "")
	if _, err := s.SetStatus(r.ID, app.Coded, ""); !errors.Is(err, ErrNotCoded) {
		t.Fatalf("marked coded with no codes: %v", err)
	}
	if _, err := s.AssignCode(r.ID, Assign{Code: "E119"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetStatus(r.ID, app.Coded, ""); err != nil {
		t.Fatal(err)
	}
	checked := 0
	s.FinalizeCheck = func(r *app.Record) error {
		checked++
		if len(r.Acknowledgements) == 0 {
			return errors.New("warning unacknowledged: acknowledge it")
		}
		return nil
	}
	if _, err := s.SetStatus(r.ID, app.Final, ""); !errors.Is(err, ErrNotReady) || !strings.Contains(err.Error(), "acknowledge") {
		t.Fatalf("FinalizeCheck ignored: %v", err)
	}
	if _, err := s.Acknowledge(r.ID, "some-rule", []string{"E11.9"}, "reviewed with provider"); err != nil {
		t.Fatal(err)
	}
	var saved []string
	cancel := s.OnSaved(func(r *app.Record) { saved = append(saved, string(r.Status)) })
	got, err := s.SetStatus(r.ID, app.Final, "")
	if err != nil || got.Status != app.Final || checked != 2 {
		t.Fatalf("finalize: %v %v checked %d", got.Status, err, checked)
	}
	cancel()
	if len(saved) != 1 || saved[0] != "final" {
		t.Errorf("listener saw %v", saved)
	}
	// Every change is refused until reopened.
	p := app.Secondary
	for name, try := range map[string]func() error{
		"assign":  func() error { _, err := s.AssignCode(r.ID, Assign{Code: "I10"}); return err },
		"remove":  func() error { _, err := s.RemoveCode(r.ID, "A1"); return err },
		"move":    func() error { _, err := s.MoveCode(r.ID, "A1", 1); return err },
		"update":  func() error { _, err := s.UpdateAssignment(r.ID, "A1", Change{Role: &p}); return err },
		"replace": func() error { _, err := s.ReplaceCode(r.ID, "A1", "I10"); return err },
		"note":    func() error { _, err := s.AddNote(r.ID, NoteInput{Pages: []app.Page{{Text: "x"}}}); return err },
		"ack":     func() error { _, err := s.Acknowledge(r.ID, "r", nil, "x"); return err },
		"details": func() error { _, err := s.UpdateDetails(r.ID, got.Patient, got.Encounter); return err },
		"coded":   func() error { _, err := s.SetStatus(r.ID, app.Coded, ""); return err },
	} {
		if err := try(); !errors.Is(err, app.ErrReadOnly) {
			t.Errorf("%s on a final record: %v", name, err)
		}
	}
	if _, err := s.SetStatus(r.ID, app.InProgress, ""); !errors.Is(err, app.ErrTransition) {
		t.Errorf("reopen without a reason: %v", err)
	}
	got, err = s.SetStatus(r.ID, app.InProgress, "payer asked for a correction")
	if err != nil || got.Status != app.InProgress {
		t.Fatalf("reopen: %v", err)
	}
	if _, err := s.AssignCode(r.ID, Assign{Code: "I10"}); err != nil {
		t.Errorf("assign after reopen: %v", err)
	}
}

func TestFinalizeNeedsCodesOfTheCurrentYear(t *testing.T) {
	s, _ := newTestService(t)
	r := newRecord(t, s, app.Office, "2025-09-30", "")
	if _, err := s.AssignCode(r.ID, Assign{Code: "E119"}); err != nil {
		t.Fatal(err)
	}
	r, _ = s.Record(r.ID)
	enc := r.Encounter
	enc.Service = date("2025-10-01") // moves to FY2026
	if _, err := s.UpdateDetails(r.ID, r.Patient, enc); err != nil {
		t.Fatal(err)
	}
	s.SetStatus(r.ID, app.Coded, "")
	if _, err := s.SetStatus(r.ID, app.Final, ""); !errors.Is(err, ErrNotReady) || !strings.Contains(err.Error(), "FY2025") {
		t.Errorf("finalize with a stale year: %v", err)
	}
}

func TestNoTerms(t *testing.T) {
	s := New(newMemStore(), nil)
	r, _ := s.CreateRecord(app.Patient{MRN: "M", Name: "N", Sex: app.Unknown}, app.Encounter{Type: app.Office, Service: date("2025-01-01")})
	if _, err := s.AssignCode(r.ID, Assign{Code: "E119"}); err == nil || !strings.Contains(err.Error(), "not loaded") {
		t.Errorf("assign without code sets: %v", err)
	}
}

func TestYearRanges(t *testing.T) {
	if got := YearRanges(years(2016, 2019) | years(2021, 2021) | years(2023, 2026)); got != "FY2016–FY2019, FY2021, FY2023–FY2026" {
		t.Errorf("got %q", got)
	}
}

// TestUnitsOfService: a HCPCS code takes its units of service (a drug's
// dose in the code's units), kept, audited and changed; a diagnosis code
// and a count no claim line takes are refused.
func TestUnitsOfService(t *testing.T) {
	s, m := newTestService(t)
	r := newRecord(t, s, app.Office, "2025-11-03", "")
	if _, err := s.AssignCode(r.ID, Assign{Code: "E11.9", Units: 2}); !errors.Is(err, app.ErrIncomplete) {
		t.Errorf("units on a diagnosis: %v, want ErrIncomplete", err)
	}
	if _, err := s.AssignCode(r.ID, Assign{Code: "J1100", Units: app.MaxUnits + 1}); !errors.Is(err, app.ErrIncomplete) {
		t.Errorf("%d units: %v, want ErrIncomplete", app.MaxUnits+1, err)
	}
	got, err := s.AssignCode(r.ID, Assign{Code: "J1100", Units: 10})
	if err != nil {
		t.Fatal(err)
	}
	a := got.Assignments[0]
	if a.Units != 10 {
		t.Fatalf("units %d, want 10", a.Units)
	}
	n := 4
	if got, err = s.UpdateAssignment(r.ID, a.ID, Change{Units: &n}); err != nil || got.Assignments[0].Units != 4 {
		t.Fatalf("units after the change: %v, %v", got, err)
	}
	n = -1
	if _, err := s.UpdateAssignment(r.ID, a.ID, Change{Units: &n}); !errors.Is(err, app.ErrIncomplete) {
		t.Errorf("-1 units: %v, want ErrIncomplete", err)
	}
	var details []string
	for _, e := range m.audit {
		details = append(details, e.Detail)
	}
	if all := strings.Join(details, "\n"); !strings.Contains(all, "J1100 ×10") || !strings.Contains(all, "units 4") {
		t.Errorf("audit trail does not say the units:\n%s", all)
	}
}

// TestHCPCSValidFromItsAdding: a HCPCS code is valid from the date it was
// added to its termination; the release's "effective" date is its last
// action's (J1040's termination), no start.
func TestHCPCSValidFromItsAdding(t *testing.T) {
	s, _ := newTestService(t)
	r := newRecord(t, s, app.Office, "2024-01-15", "")
	if _, err := s.AssignCode(r.ID, Assign{Code: "J1040"}); err != nil {
		t.Errorf("J1040 on 2024-01-15, before its termination: %v", err)
	}
	if _, err := s.AssignCode(r.ID, Assign{Code: "J0165"}); !errors.Is(err, app.ErrInvalidCode) || !strings.Contains(err.Error(), "takes effect on 2025-07-01") {
		t.Errorf("J0165 before it was added: %v", err)
	}
	later := newRecord(t, s, app.Office, "2025-11-03", "")
	if _, err := s.AssignCode(later.ID, Assign{Code: "J1040"}); !errors.Is(err, app.ErrInvalidCode) || !strings.Contains(err.Error(), "terminated on 2024-03-31") {
		t.Errorf("J1040 after its termination: %v", err)
	}
}
