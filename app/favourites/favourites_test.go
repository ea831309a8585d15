package favourites

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/internal/testenv/testpack"
)

// memStore is an in-memory Store; storage's tests check the Badger one.
type memStore struct {
	favs   []app.CodeRef
	recent []app.CodeRef
	recs   map[string]*app.Record
}

func (m *memStore) Favourites() ([]app.CodeRef, error) { return m.favs, nil }
func (m *memStore) SetFavourite(c app.CodeRef, on bool) error {
	out := m.favs[:0:0]
	for _, f := range m.favs {
		if f.System != c.System || f.Code != c.Code {
			out = append(out, f)
		}
	}
	if on {
		out = append(out, c)
	}
	m.favs = out
	return nil
}
func (m *memStore) RecentCodes() ([]app.CodeRef, error) { return m.recent, nil }
func (m *memStore) RecordsByMRN(mrn string) ([]*app.Record, error) {
	var out []*app.Record
	for _, id := range []string{"R3", "R2", "R1"} { // newest first
		if r := m.recs[id]; r != nil && strings.EqualFold(r.Patient.MRN, mrn) {
			out = append(out, r)
		}
	}
	return out, nil
}
func (m *memStore) Record(id string) (*app.Record, error) {
	if r := m.recs[id]; r != nil {
		return r, nil
	}
	return nil, app.ErrNotFound
}

func day(s string) time.Time { t, _ := app.ParseDate(s); return t }

func rec(id, mrn, service string, codes ...string) *app.Record {
	r := &app.Record{ID: id, Patient: app.Patient{MRN: mrn}, Encounter: app.Encounter{Type: app.Office, Service: day(service)}}
	for _, c := range codes {
		r.Assignments = append(r.Assignments, app.Assignment{ID: r.NewAssignmentID(), System: app.ICD10CM, Code: c})
	}
	return r
}

func codesOf(rs []Replacement) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Code)
	}
	return out
}

func byCode(items []Item) map[string]Item {
	m := map[string]Item{}
	for _, it := range items {
		m[it.Code] = it
	}
	return m
}

// TestListsWithTheRealCodeSets marks favourites, recent codes and the
// patient's history against the official code sets and the CDC
// conversion table: H40.11X0 existed in FY2016 only and was replaced by
// H40.1110, H40.1120, H40.1130 and H40.1190.
func TestListsWithTheRealCodeSets(t *testing.T) {
	set := testpack.Set(t)
	st := &memStore{recs: map[string]*app.Record{
		"R1": rec("R1", "MRN-1", "2016-03-01", "H4011X0", "E119"),
		"R2": rec("R2", "mrn-1", "2024-05-01", "E119", "I10"),
		"R3": rec("R3", "MRN-1", "2026-01-10"), // the open record, FY2026
		"R9": rec("R9", "MRN-9", "2026-01-10", "J449"),
	}}
	s := New(st, set)
	for _, c := range []string{"H40.11X0", "E11.9", "E11"} {
		if err := s.SetFavourite(app.ICD10CM, c, true); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetFavourite(app.ICD10CM, "Q99.99", true); !errors.Is(err, ErrUnknownCode) {
		t.Errorf("made-up code starred: %v", err)
	}
	if err := s.SetFavourite(app.HCPCS, "J1100", true); err != nil {
		t.Fatal(err)
	}
	st.recent = []app.CodeRef{{System: app.ICD10CM, Code: "I10"}, {System: app.ICD10PCS, Code: "0DTJ4ZZ"}}

	l, err := s.Lists("R3")
	if err != nil {
		t.Fatal(err)
	}
	var favOrder []string
	for _, f := range l.Favourites {
		favOrder = append(favOrder, f.Code)
	}
	if want := []string{"E11", "E119", "H4011X0", "J1100"}; !reflect.DeepEqual(favOrder, want) {
		t.Errorf("favourites %v, want %v", favOrder, want)
	}
	favs := byCode(l.Favourites)
	old := favs["H4011X0"]
	if old.Valid || !old.Known || old.Year != 2026 || !reflect.DeepEqual(codesOf(old.Replacements), []string{"H401110", "H401120", "H401130", "H401190"}) ||
		old.Replacements[0].Title != "Primary open-angle glaucoma, right eye, stage unspecified" || !old.Replacements[0].Billable {
		t.Errorf("H40.11X0 in FY2026: %+v", old)
	}
	if v := old.Validity(); !strings.Contains(v, "not valid in FY2026: use H40.1110 or H40.1120") {
		t.Errorf("validity %q", v)
	}
	if e := favs["E119"]; !e.Valid || !e.Billable || !e.Favourite || e.Title != "Type 2 diabetes mellitus without complications" || e.Validity() != "valid in FY2026" {
		t.Errorf("E11.9: %+v %q", e, e.Validity())
	}
	if e := favs["E11"]; !e.Valid || e.Billable || !strings.Contains(e.Validity(), "header") {
		t.Errorf("E11: %+v %q", e, e.Validity())
	}
	// HCPCS goes by calendar year; the newest release loaded (2025) stands in for 2026.
	if j := favs["J1100"]; !j.Known || j.Year != 2025 || !j.Valid {
		t.Errorf("J1100: %+v", j)
	}
	if len(l.Recent) != 2 || l.Recent[0].Code != "I10" || !l.Recent[0].Valid || l.Recent[0].Favourite || l.Recent[1].System != app.ICD10PCS {
		t.Errorf("recent %+v", l.Recent)
	}
	// History: the other records of MRN-1 (any case), newest first, each
	// code once with the records it was on; never R9 (another patient).
	var hist []string
	for _, h := range l.History {
		hist = append(hist, h.Code+"@"+strings.Join(h.Records, ","))
	}
	if want := []string{"E119@R2 2024-05-01,R1 2016-03-01", "I10@R2 2024-05-01", "H4011X0@R1 2016-03-01"}; !reflect.DeepEqual(hist, want) {
		t.Errorf("history %v, want %v", hist, want)
	}
	if h := byCode(l.History)["E119"]; !h.Favourite {
		t.Errorf("history E11.9 should show its star")
	}

	// On a FY2016 record the newer codes are the ones out of year, and the
	// conversion table gives the code used before them.
	st.recs["R0"] = rec("R0", "MRN-0", "2016-02-01")
	if err := s.SetFavourite(app.ICD10CM, "H40.1110", true); err != nil {
		t.Fatal(err)
	}
	l, err = s.Lists("R0")
	if err != nil {
		t.Fatal(err)
	}
	f := byCode(l.Favourites)
	if n := f["H401110"]; n.Valid || n.Year != 2016 || !reflect.DeepEqual(codesOf(n.Replacements), []string{"H4011X0"}) {
		t.Errorf("H40.1110 in FY2016: %+v", n)
	}
	if o := f["H4011X0"]; !o.Valid || len(o.Replacements) != 0 {
		t.Errorf("H40.11X0 in FY2016: %+v", o)
	}
	if _, err := s.Lists("R404"); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("missing record: %v", err)
	}
}

func TestToggleAndNoCodeSets(t *testing.T) {
	st := &memStore{recs: map[string]*app.Record{"R1": rec("R1", "M", "2026-01-01")}}
	s := New(st, nil) // code sets still loading
	on, err := s.Toggle(app.ICD10CM, "e11.9")
	if err != nil || !on || len(st.favs) != 1 || st.favs[0].Code != "E119" {
		t.Fatalf("toggle on: %v %v %+v", on, err, st.favs)
	}
	l, err := s.Lists("R1")
	if err != nil || len(l.Favourites) != 1 || l.Favourites[0].Known || l.Favourites[0].Validity() != "not in the loaded code sets" {
		t.Errorf("without code sets: %+v %v", l, err)
	}
	on, err = s.Toggle(app.ICD10CM, "E119")
	if err != nil || on || len(st.favs) != 0 {
		t.Errorf("toggle off: %v %v %+v", on, err, st.favs)
	}
}
