package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/samply/golang-fhir-models/fhir-models/fhir"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"
)

// fakeSource is an in-memory Source; the real one (Badger through the
// coding service) is exercised by the cli export tests.
type fakeSource struct{ recs map[string]*app.Record }

func (f *fakeSource) List(lf app.ListFilter) (app.Worklist, error) {
	var wl app.Worklist
	for _, r := range f.recs {
		if lf.Status == "" || r.Status == lf.Status {
			wl.Records = append(wl.Records, r.Summary())
		}
	}
	return wl, nil
}

func (f *fakeSource) Record(id string) (*app.Record, error) {
	r, ok := f.recs[id]
	if !ok {
		return nil, fmt.Errorf("record %s: %w", id, app.ErrNotFound)
	}
	c := *r
	return &c, nil
}

type fakeAudit struct {
	events []app.AuditEvent
	err    error
}

func (f *fakeAudit) AuditAll(ev ...app.AuditEvent) error {
	if f.err != nil {
		return f.err
	}
	f.events = append(f.events, ev...)
	return nil
}

func date(s string) time.Time { t, _ := app.ParseDate(s); return t }

// sampleRecords has what breaks naive CSV writers and FHIR mappers: a
// comma, a quote and a line break in free text, non-ASCII letters, an
// inpatient stay with POA and a PCS procedure, an office visit with
// HCPCS, the demo record and an uncoded record.
func sampleRecords() map[string]*app.Record {
	return map[string]*app.Record{
		"R000001": {ID: "R000001", Status: app.Final,
			Patient:   app.Patient{MRN: "M-1001", Name: "Zoë O'Brien, \"Jr\"", DOB: date("1950-02-03"), Sex: app.Female},
			Encounter: app.Encounter{Account: "ACC,1\n2", Type: app.Inpatient, Service: date("2025-10-02"), Discharge: date("2025-10-06")},
			Assignments: []app.Assignment{
				{ID: "A1", System: app.ICD10CM, Code: "I214", Year: 2026, Title: "Non-ST elevation (NSTEMI) myocardial infarction", Role: app.Principal, POA: app.POAYes},
				{ID: "A3", System: app.ICD10CM, Code: "E119", Year: 2026, Title: `Type 2 diabetes, "without" complications`, Role: app.Secondary, POA: app.POAExempt},
				{ID: "A2", System: app.ICD10PCS, Code: "02703DZ", Year: 2026, Title: "Dilation of Coronary Artery, One Artery with Intraluminal Device, Percutaneous Approach", Role: app.Procedure, ProcedureDate: date("2025-10-03")},
				{ID: "A4", System: app.ICD10CM, Code: "R079", Year: 2026, Title: "Chest pain, unspecified", Role: app.Admitting, POA: app.POAYes},
			}},
		"R000002": {ID: "R000002", Status: app.Final,
			Patient:   app.Patient{MRN: "M-1001", Name: "Zoë O'Brien, \"Jr\"", DOB: date("1950-02-03"), Sex: app.Female},
			Encounter: app.Encounter{Type: app.Office, Service: date("2026-01-15")},
			Assignments: []app.Assignment{
				{ID: "A1", System: app.ICD10CM, Code: "E119", Year: 2026, Title: "Type 2 diabetes mellitus without complications", Role: app.Principal},
				{ID: "A2", System: app.HCPCS, Code: "J1100", Year: 2026, Title: "Injection, dexamethasone sodium phosphate, 1 mg", Role: app.Procedure},
			}},
		"R000003": {ID: "R000003", Status: app.Coded,
			Patient:   app.Patient{MRN: "M-2002", Name: "Ana Ruiz", Sex: app.Male},
			Encounter: app.Encounter{Type: app.Emergency, Service: date("2026-02-01")},
			Assignments: []app.Assignment{
				{ID: "A1", System: app.ICD10CM, Code: "S0100XA", Year: 2026, Title: "Unspecified open wound of scalp, initial encounter", Role: app.Principal},
			}},
		"R000004": {ID: "R000004", Status: app.Final, Demo: true,
			Patient:     app.Patient{MRN: "DEMO-1", Name: "Demo Patient", Sex: app.Unknown},
			Encounter:   app.Encounter{Type: app.Office, Service: date("2026-01-20")},
			Assignments: []app.Assignment{{ID: "A1", System: app.ICD10CM, Code: "J069", Year: 2026, Title: "Acute upper respiratory infection, unspecified", Role: app.Principal}}},
		"R000005": {ID: "R000005", Status: app.Final,
			Patient:   app.Patient{MRN: "M-3003", Name: "No Codes", Sex: app.Female},
			Encounter: app.Encounter{Type: app.Office, Service: date("2026-01-21")}},
	}
}

func TestSelect(t *testing.T) {
	src := &fakeSource{recs: sampleRecords()}
	ids := func(s Selection) string {
		var out []string
		for _, r := range s.Records {
			out = append(out, r.ID)
		}
		return strings.Join(out, " ")
	}
	for _, tc := range []struct {
		name          string
		f             Filter
		want          string
		uncoded, demo int
		err           error
	}{
		{"final", Filter{Status: app.Final}, "R000001 R000002", 1, 1, nil},
		{"every status", Filter{}, "R000001 R000002 R000003", 1, 1, nil},
		// The inpatient stay is billed on its discharge date (2025-10-06).
		{"from", Filter{From: date("2025-10-04")}, "R000001 R000002 R000003", 1, 1, nil},
		{"to before discharge", Filter{To: date("2025-10-05")}, "", 0, 0, nil},
		{"range", Filter{From: date("2026-01-01"), To: date("2026-01-31")}, "R000002", 1, 1, nil},
		{"ids keep the demo", Filter{IDs: []string{"r000004", "R000003", "R000003"}}, "R000004 R000003", 0, 0, nil},
		{"ids with status", Filter{IDs: []string{"R000003", "R000002"}, Status: app.Final}, "R000002", 0, 0, nil},
		{"missing id", Filter{IDs: []string{"R000009"}}, "", 0, 0, app.ErrNotFound},
		{"backwards", Filter{From: date("2026-02-01"), To: date("2026-01-01")}, "", 0, 0, ErrDates},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Select(src, tc.f)
			if !errors.Is(err, tc.err) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
			if got := ids(s); got != tc.want || s.Uncoded != tc.uncoded || s.Demo != tc.demo {
				t.Errorf("got %q uncoded %d demo %d, want %q %d %d", got, s.Uncoded, s.Demo, tc.want, tc.uncoded, tc.demo)
			}
		})
	}
}

func exportFile(t *testing.T, f Format, filter Filter) (string, Result, *fakeAudit) {
	t.Helper()
	aud := &fakeAudit{}
	path := filepath.Join(t.TempDir(), "Zoë O'Brien claims"+f.Ext())
	res, err := ToFile(&fakeSource{recs: sampleRecords()}, aud, Request{Format: f, Filter: filter, Path: path, Now: date("2026-03-01")})
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v, want 0600 (the file holds PHI)", st.Mode().Perm())
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".codebench-export-*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	checkAudit(t, aud, res, path)
	return path, res, aud
}

// checkAudit checks what the audit trail got: one export entry with the
// counts and one per record, never the path, a name or an MRN.
func checkAudit(t *testing.T, aud *fakeAudit, res Result, path string) {
	t.Helper()
	if len(aud.events) != res.Records+1 {
		t.Fatalf("%d audit events, want %d", len(aud.events), res.Records+1)
	}
	head := aud.events[0]
	if head.Action != app.AuditExported || head.RecordID != "" ||
		!strings.Contains(head.Detail, fmt.Sprintf("%d records, %d codes", res.Records, res.Codes)) {
		t.Errorf("export audit entry %+v", head)
	}
	for _, e := range aud.events {
		for _, secret := range []string{filepath.Base(path), filepath.Dir(path), "M-1001", "Zoë", "O'Brien", "ACC"} {
			if strings.Contains(e.Detail, secret) {
				t.Errorf("audit detail %q holds %q", e.Detail, secret)
			}
		}
	}
}

func TestCSVReadBack(t *testing.T) {
	path, res, aud := exportFile(t, CSV, Filter{Status: app.Final})
	if res.Records != 2 || res.Codes != 6 || res.Uncoded != 1 || res.Demo != 1 {
		t.Fatalf("result %+v", res)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasSuffix(b, []byte("\r\n")) || bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) {
		t.Errorf("want CRLF line ends and no byte-order mark")
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rows[0], CSVHeader) {
		t.Fatalf("header %q", rows[0])
	}
	src := sampleRecords()
	var want [][]string
	for _, id := range []string{"R000001", "R000002"} {
		r := src[id]
		for i, a := range r.Assignments {
			want = append(want, []string{r.ID, r.Patient.MRN, r.Encounter.Account, string(r.Encounter.Type),
				app.FormatDate(r.Encounter.Service), app.FormatDate(r.Encounter.Discharge), strconv.Itoa(i + 1),
				string(a.Role), a.System.Label(), terminology.Display(a.System, a.Code), a.Title, string(a.POA),
				strconv.Itoa(a.Year), app.FormatDate(a.ProcedureDate), strings.Join(a.Modifiers, " "), units(a)})
		}
	}
	if !reflect.DeepEqual(rows[1:], want) {
		t.Errorf("rows read back:\n%q\nwant\n%q", rows[1:], want)
	}
	if rows[1][9] != "I21.4" || rows[3][9] != "02703DZ" || rows[3][8] != "ICD-10-PCS" || rows[6][9] != "J1100" {
		t.Errorf("codes with the dot: %q %q %q", rows[1][9], rows[3][9], rows[6][9])
	}
	if aud.events[1].RecordID != "R000001" || aud.events[2].RecordID != "R000002" {
		t.Errorf("per-record audit entries %+v", aud.events[1:])
	}
}

// readBundle reads an export back with the same FHIR models and checks
// the references resolve inside the Bundle.
func readBundle(t *testing.T, b []byte) (fhir.Bundle, map[string]json.RawMessage, map[string]string) {
	t.Helper()
	bundle, err := fhir.UnmarshalBundle(b)
	if err != nil {
		t.Fatal(err)
	}
	var top struct{ ResourceType string }
	if err := json.Unmarshal(b, &top); err != nil || top.ResourceType != "Bundle" || bundle.Type != fhir.BundleTypeCollection {
		t.Fatalf("resourceType %q type %v: %v", top.ResourceType, bundle.Type, err)
	}
	byURL := map[string]json.RawMessage{}
	kind := map[string]string{}
	for _, e := range bundle.Entry {
		var r struct{ ResourceType, ID string }
		if err := json.Unmarshal(e.Resource, &r); err != nil {
			t.Fatal(err)
		}
		if e.FullUrl == nil || *e.FullUrl != "urn:uuid:"+r.ID {
			t.Fatalf("fullUrl %v for id %s", e.FullUrl, r.ID)
		}
		byURL[*e.FullUrl] = e.Resource
		kind[*e.FullUrl] = r.ResourceType
	}
	return bundle, byURL, kind
}

func TestFHIRReadBack(t *testing.T) {
	path, res, _ := exportFile(t, FHIR, Filter{})
	if res.Records != 3 || res.Codes != 7 {
		t.Fatalf("result %+v", res)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	bundle, byURL, kind := readBundle(t, b)
	count := map[string]int{}
	for _, k := range kind {
		count[k]++
	}
	// Two patients (R000001 and R000002 share an MRN), three encounters,
	// five diagnoses, two procedures (PCS and HCPCS).
	if want := map[string]int{"Patient": 2, "Encounter": 3, "Condition": 5, "Procedure": 2}; !reflect.DeepEqual(count, want) {
		t.Fatalf("resources %v, want %v", count, want)
	}
	if bundle.Timestamp == nil || *bundle.Timestamp != "2026-03-01T00:00:00Z" {
		t.Errorf("timestamp %v", bundle.Timestamp)
	}
	src := sampleRecords()
	seen := 0
	for u, raw := range byURL {
		if kind[u] != "Encounter" {
			continue
		}
		enc, err := fhir.UnmarshalEncounter(raw)
		if err != nil {
			t.Fatal(err)
		}
		r := src[*enc.Identifier[0].Value]
		if r == nil || *enc.Identifier[0].System != SystemRecord {
			t.Fatalf("encounter identifier %+v", enc.Identifier)
		}
		seen++
		pt, err := fhir.UnmarshalPatient(byURL[*enc.Subject.Reference])
		if err != nil || *pt.Identifier[0].Value != r.Patient.MRN || *pt.Name[0].Text != r.Patient.Name {
			t.Errorf("%s: patient %+v %v", r.ID, pt, err)
		}
		if enc.Status != fhir.EncounterStatusFinished || *enc.Period.Start != app.FormatDate(r.Encounter.Service) {
			t.Errorf("%s: status %v period %+v", r.ID, enc.Status, enc.Period)
		}
		if r.Encounter.Type == app.Inpatient && (*enc.Class.Code != "IMP" || *enc.Class.System != "http://terminology.hl7.org/CodeSystem/v3-ActCode" || *enc.Period.End != "2025-10-06" || *enc.Identifier[1].Value != r.Encounter.Account) {
			t.Errorf("%s: inpatient class %v period %+v identifiers %+v", r.ID, *enc.Class.Code, enc.Period, enc.Identifier)
		}
		// Every diagnosis in sequence with its rank, role and POA; every
		// procedure pointing back at the encounter.
		rank := 0
		for _, a := range r.Assignments {
			if a.System != app.ICD10CM {
				continue
			}
			d := enc.Diagnosis[rank]
			rank++
			if *d.Rank != rank || *d.Use.Text != string(a.Role) {
				t.Errorf("%s %s: rank %d role %q, want %d %q", r.ID, a.Code, *d.Rank, *d.Use.Text, rank, a.Role)
			}
			if a.POA == app.POANone && len(d.Extension) != 0 || a.POA != app.POANone && (len(d.Extension) != 1 || d.Extension[0].Url != ExtensionPOA || *d.Extension[0].ValueCode != string(a.POA)) {
				t.Errorf("%s %s: POA extension %+v, want %q", r.ID, a.Code, d.Extension, a.POA)
			}
			c, err := fhir.UnmarshalCondition(byURL[*d.Condition.Reference])
			if err != nil {
				t.Fatal(err)
			}
			cd := c.Code.Coding[0]
			if *cd.System != SystemICD10CM || *cd.Code != terminology.Display(a.System, a.Code) || *cd.Display != a.Title ||
				*c.Subject.Reference != *enc.Subject.Reference || *c.Encounter.Reference != "urn:uuid:"+*enc.Id ||
				*c.Identifier[0].Value != r.ID+"/"+a.ID {
				t.Errorf("%s %s: condition %+v", r.ID, a.Code, c)
			}
		}
		if rank != len(enc.Diagnosis) {
			t.Errorf("%s: %d diagnoses in the encounter, want %d", r.ID, len(enc.Diagnosis), rank)
		}
	}
	if seen != 3 {
		t.Errorf("%d encounters checked", seen)
	}
	procs := map[string]string{}
	for u, raw := range byURL {
		if kind[u] != "Procedure" {
			continue
		}
		p, err := fhir.UnmarshalProcedure(raw)
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != fhir.EventStatusCompleted || p.Encounter == nil || kind[*p.Encounter.Reference] != "Encounter" {
			t.Errorf("procedure %+v", p)
		}
		procs[*p.Code.Coding[0].Code] = *p.Code.Coding[0].System
		if *p.Code.Coding[0].Code == "02703DZ" && (p.PerformedDateTime == nil || *p.PerformedDateTime != "2025-10-03") {
			t.Errorf("PCS procedure date %v", p.PerformedDateTime)
		}
	}
	if want := map[string]string{"02703DZ": SystemICD10PCS, "J1100": SystemHCPCS}; !reflect.DeepEqual(procs, want) {
		t.Errorf("procedures %v, want %v", procs, want)
	}
}

func TestExportFailures(t *testing.T) {
	src := &fakeSource{recs: sampleRecords()}
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	if err := os.WriteFile(path, []byte("earlier export"), 0o600); err != nil {
		t.Fatal(err)
	}
	// The audit trail refuses: no file is written, the earlier one stays.
	_, err := ToFile(src, &fakeAudit{err: errors.New("disk full")}, Request{Format: CSV, Path: path})
	if err == nil || !strings.Contains(err.Error(), "nothing was exported") {
		t.Fatalf("err = %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "earlier export" {
		t.Errorf("earlier file changed to %q", b)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("files left: %v", ents)
	}
	aud := &fakeAudit{}
	if _, err := ToFile(src, aud, Request{Format: CSV, Path: path, Filter: Filter{Status: app.OnHold}}); !errors.Is(err, ErrNothing) || len(aud.events) != 0 {
		t.Errorf("empty selection: %v, %d audit events", err, len(aud.events))
	}
	if _, err := ToFile(src, aud, Request{Format: "xml", Path: path}); !errors.Is(err, ErrFormat) {
		t.Errorf("unknown format: %v", err)
	}
	if _, err := ToFile(src, aud, Request{Format: CSV, Path: filepath.Join(dir, "missing", "out.csv")}); err == nil || len(aud.events) != 0 {
		t.Errorf("missing folder: %v, %d audit events", err, len(aud.events))
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"csv": CSV, "CSV": CSV, "fhir": FHIR, " FHIR ": FHIR} {
		if got, err := ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseFormat("x12"); !errors.Is(err, ErrFormat) {
		t.Errorf("x12: %v", err)
	}
}

// TestCSVUnitsAndModifiers: a HCPCS code's modifiers and units of service
// are columns of its row; a diagnosis leaves them empty.
func TestCSVUnitsAndModifiers(t *testing.T) {
	r := &app.Record{ID: "R1", Assignments: []app.Assignment{
		{System: app.ICD10CM, Code: "M1711", Role: app.Principal},
		{System: app.HCPCS, Code: "J3301", Modifiers: []string{"RT"}, Units: 4, Role: app.Procedure},
	}}
	n := len(CSVHeader)
	if CSVHeader[n-2] != "modifiers" || CSVHeader[n-1] != "units" {
		t.Fatalf("header ends %v", CSVHeader[n-2:])
	}
	if row := CSVRow(r, 0); row[n-2] != "" || row[n-1] != "" {
		t.Errorf("diagnosis row ends %q", row[n-2:])
	}
	if row := CSVRow(r, 1); row[n-2] != "RT" || row[n-1] != "4" || row[9] != "J3301" {
		t.Errorf("HCPCS row %q", row)
	}
}
