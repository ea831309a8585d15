package workstation

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/coding"
	"github.com/codebench/codebench/storage"
)

// auditSince returns the audit entries after the first n.
func auditSince(t *testing.T, s *Session, n int) []app.AuditEntry {
	t.Helper()
	log, err := s.Store.AuditLog("")
	if err != nil {
		t.Fatal(err)
	}
	return log[n:]
}

func auditLen(t *testing.T, s *Session) int {
	t.Helper()
	log, err := s.Store.AuditLog("")
	if err != nil {
		t.Fatal(err)
	}
	return len(log)
}

// TestReadsAreAudited: opening a record, reading a note and searching the
// worklist each write an entry with the record and note ids, never the
// note text, the patient's name or the words searched for; a refresh with
// the same answer is not written twice; a wrong passphrase at the lock
// screen and the sign-out are written too, and the trail verifies.
func TestReadsAreAudited(t *testing.T) {
	dir := t.TempDir()
	w := New(Config{DataDir: dir, StoreOptions: cheap})
	s, err := w.Create("ines", pass)
	if err != nil {
		t.Fatal(err)
	}
	const name, text = "Quillfeather, Zephyrine", "Zephyrine reports wheezing since the garden party."
	r, err := s.Coding.CreateRecord(app.Patient{MRN: "MRN-77", Name: name, Sex: app.Female},
		app.Encounter{Type: app.Office, Service: time.Date(2025, 11, 3, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	other, err := s.Coding.CreateRecord(app.Patient{MRN: "MRN-78", Name: "Other, Person", Sex: app.Male},
		app.Encounter{Type: app.Office, Service: time.Date(2025, 11, 4, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	n, err := s.Coding.AddNote(r.ID, coding.NoteInput{MediaType: "text/plain", Pages: []app.Page{{Text: text, Source: app.SourceTyped}}, Original: []byte(text)})
	if err != nil {
		t.Fatal(err)
	}
	start := auditLen(t, s)

	if _, err := s.ViewRecord(r.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ReadNote(n.ID, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ReadNote(n.ID, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SearchRecords(app.ListFilter{}); err != nil { // the queue, no search
		t.Fatal(err)
	}
	for range 2 { // the second is the window refreshing: not written again
		wl, err := s.SearchRecords(app.ListFilter{Query: "quillf"})
		if err != nil || len(wl.Records) != 1 {
			t.Fatalf("search: %v %v", wl.Records, err)
		}
	}
	if _, err := s.SearchRecords(app.ListFilter{Query: "mrn-7"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ViewRecord("R999999"); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("unknown record: %v", err)
	}
	if err := s.Verify("not the passphrase"); err == nil {
		t.Fatal("a wrong passphrase unlocked")
	}
	got := auditSince(t, s, start)
	want := []struct {
		action app.AuditAction
		record string
		detail string
	}{
		{app.AuditRecordViewed, r.ID, ""},
		{app.AuditNoteRead, r.ID, "note " + n.ID},
		{app.AuditNoteRead, r.ID, "note " + n.ID + " page 1"},
		{app.AuditWorklistSearched, "", "1 records: " + r.ID},
		{app.AuditWorklistSearched, "", "2 records: " + other.ID + " " + r.ID},
		{app.AuditSignInFailed, "", "user ines at the lock screen"},
	}
	if len(got) != len(want) {
		t.Fatalf("audit entries:\n%+v", got)
	}
	for i, w := range want {
		g := got[i]
		if g.Action != w.action || g.RecordID != w.record || g.Detail != w.detail || g.User != "ines" {
			t.Errorf("entry %d: %s %s %q, want %s %s %q", i, g.Action, g.RecordID, g.Detail, w.action, w.record, w.detail)
		}
		for _, phi := range []string{"Quillfeather", "Zephyrine", "wheezing", "quillf", "mrn-7", "MRN-7"} {
			if strings.Contains(g.Detail, phi) {
				t.Errorf("entry %d holds %q: %q", i, phi, g.Detail)
			}
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second close: %v", err)
	}

	st, err := storage.Open(dir, "ines", pass, cheap)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	log, _ := st.AuditLog("")
	if a := log[len(log)-2].Action; a != app.AuditLogout {
		t.Errorf("the entry before this login is %s, want logout", a)
	}
	if _, err := st.VerifyAudit(); err != nil {
		t.Fatal(err)
	}
}
