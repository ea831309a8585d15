package coding

import (
	"errors"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
)

func TestSuggestionDecidedIsAudited(t *testing.T) {
	m := newMemStore()
	s := New(m, newFakeTerms())
	r, err := s.CreateRecord(app.Patient{MRN: "1", Name: "Test, Pat", Sex: app.Female},
		app.Encounter{Type: app.Office, Service: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SuggestionDecided(r.ID, app.ICD10CM, "J18.9", true); err != nil {
		t.Fatal(err)
	}
	if err := s.SuggestionDecided(r.ID, app.ICD10CM, "R079", false); err != nil {
		t.Fatal(err)
	}
	got := m.audit[len(m.audit)-2:]
	want := []app.AuditEvent{
		{Action: app.AuditSuggestionAccepted, RecordID: r.ID, Detail: "icd10cm J18.9"},
		{Action: app.AuditSuggestionDismissed, RecordID: r.ID, Detail: "icd10cm R07.9"},
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("audit %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	if err := s.SuggestionDecided("R999", app.ICD10CM, "J18.9", true); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("unknown record: %v", err)
	}
}

// TestDismissalIsKeptOnTheRecord: a dismissed suggestion is saved on the
// record with its audit entry, once however often it is dismissed, so the
// window hides it when the record is opened again; accepting saves
// nothing on the record (the assignment does).
func TestDismissalIsKeptOnTheRecord(t *testing.T) {
	m := newMemStore()
	s := New(m, newFakeTerms())
	r, err := s.CreateRecord(app.Patient{MRN: "1", Name: "Test, Pat", Sex: app.Female},
		app.Encounter{Type: app.Office, Service: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := s.SuggestionDecided(r.ID, app.ICD10CM, "R07.9", false); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SuggestionDecided(r.ID, app.ICD10CM, "J18.9", true); err != nil {
		t.Fatal(err)
	}
	got, err := s.Record(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Dismissed) != 1 || !got.IsDismissed(app.ICD10CM, "R079") || got.IsDismissed(app.ICD10CM, "J189") {
		t.Fatalf("dismissed on the record: %+v", got.Dismissed)
	}
	n := 0
	for _, e := range m.audit {
		if e.Action == app.AuditSuggestionDismissed && e.RecordID == r.ID {
			n++
		}
	}
	if n != 2 {
		t.Fatalf("%d dismissals audited, want 2", n)
	}
}
