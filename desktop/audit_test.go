package desktop

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/storage"
	"github.com/codebench/codebench/views"
	"github.com/codebench/codebench/workstation"
)

// TestWindowReadsAreAudited goes through the window's own adapters over a
// real store: the worklist search, opening a record and loading its note
// for the viewer are written to the audit trail (ids only) by the
// workstation calls the command line uses too, and closing the window's
// session writes the sign-out.
func TestWindowReadsAreAudited(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	opt := &storage.Options{KDF: storage.KDF{Time: 1, MemoryKiB: 1 << 10, Threads: 1}}
	w := newWiring(workstation.Config{DataDir: dir, StoreOptions: opt})
	w.warm = func() {}
	deps := w.deps()
	s, err := deps.Vault.CreateUser("ines", "tuesday lighthouse 42")
	if err != nil {
		t.Fatal(err)
	}
	recs := s.Records()
	rec, err := recs.Create(app.Record{Patient: app.Patient{MRN: "W-1", Name: "Windowson, Ada", Sex: app.Female},
		Encounter: app.Encounter{Type: app.Office, Service: time.Date(2025, 11, 3, 0, 0, 0, 0, time.UTC)}})
	if err != nil {
		t.Fatal(err)
	}
	n, err := recs.AddNote(rec.ID, app.Note{MediaType: "text/plain", Pages: []app.Page{{Text: "Ada coughs.", Source: app.SourceTyped}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := recs.List(views.RecordQuery{Text: "windows"}); err != nil {
		t.Fatal(err)
	}
	if _, err := recs.Record(rec.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := recs.Note(n.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	st, err := storage.Open(dir, "ines", "tuesday lighthouse 42", opt)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	log, _ := st.AuditLog("")
	var got []string
	for _, e := range log {
		if strings.Contains(e.Detail, "Windowson") || strings.Contains(e.Detail, "windows") || strings.Contains(e.Detail, "coughs") {
			t.Errorf("%s entry holds patient details: %q", e.Action, e.Detail)
		}
		switch e.Action {
		case app.AuditWorklistSearched, app.AuditRecordViewed, app.AuditNoteRead, app.AuditLogout:
			got = append(got, string(e.Action)+" "+e.RecordID)
		}
	}
	want := "worklist-searched , record-viewed " + rec.ID + ", note-read " + rec.ID + ", logout "
	if strings.Join(got, ", ") != want {
		t.Errorf("audit\n got %s\nwant %s", strings.Join(got, ", "), want)
	}
}
