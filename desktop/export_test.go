package desktop

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/internal/testenv/testpack"
	"github.com/codebench/codebench/views"
	"github.com/codebench/codebench/workstation"
)

// TestExportAndShortcutsThroughTheSession drives File → Export… and the
// coding panel's lists through the real session: Badger store, coding
// service, edits and the code sets from the generated pack.
func TestExportAndShortcutsThroughTheSession(t *testing.T) {
	pack := testpack.Bytes(t)
	w := newWiring(workstation.Config{DataDir: filepath.Join(t.TempDir(), "data"), Pack: func() ([]byte, error) { return pack, nil }})
	deps := w.deps()
	vs, err := deps.Vault.CreateUser("Casey Coder", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	defer vs.Close()
	if _, err := deps.LoadCodebook(context.Background(), func(float64, string) {}); err != nil {
		t.Fatal(err)
	}
	s := vs.(session)
	var _ views.Exporter = s
	var _ views.Shortcuts = s
	recs := s.Records()
	mk := func(service string, codes ...string) *app.Record {
		t.Helper()
		d, _ := app.ParseDate(service)
		r, err := recs.Create(app.Record{Patient: app.Patient{MRN: "MRN-31", Name: "Test, Patient", DOB: d.AddDate(-60, 0, 0), Sex: app.Female},
			Encounter: app.Encounter{Type: app.Office, Service: d, Account: "A-1"}})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range codes {
			if r, err = recs.Assign(r.ID, app.ICD10CM, c, 0, nil); err != nil {
				t.Fatal(err)
			}
		}
		return r
	}
	first := mk("2025-11-03", "E11.9", "I10")
	// E11.9's Tabular note asks for the control code; the note says diet only.
	if _, err := recs.Acknowledge(first.ID, "use-additional-code", []string{"E119"}, "diet-controlled: no insulin or oral agents"); err != nil {
		t.Fatal(err)
	}
	for _, st := range []app.Status{app.Coded, app.Final} {
		if _, err := recs.SetStatus(first.ID, st, ""); err != nil {
			t.Fatal(err)
		}
	}
	open := mk("2026-02-10", "J44.9")

	out := filepath.Join(t.TempDir(), "billing.csv")
	res, err := s.Export(views.ExportRequest{Format: "csv", Status: app.Final, Path: out})
	if err != nil || res.Records != 1 || res.Codes != 2 {
		t.Fatalf("export %+v %v", res, err)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(rows) != 3 || rows[1][0] != first.ID || rows[1][9] != "E11.9" || rows[2][9] != "I10" {
		t.Fatalf("rows %q %v", rows, err)
	}
	log, err := s.Coding.AuditLog(first.ID)
	if err != nil || !strings.Contains(log[len(log)-1].Detail, "CSV billing export") {
		t.Errorf("record audit %+v %v", log[len(log)-1], err)
	}

	on, err := s.Toggle(app.ICD10CM, "E11.9")
	if err != nil || !on {
		t.Fatalf("star: %v %v", on, err)
	}
	l, err := s.Lists(open.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Favourites) != 1 || l.Favourites[0].Code != "E119" || !l.Favourites[0].Valid || l.Favourites[0].Year != 2026 {
		t.Errorf("favourites %+v", l.Favourites)
	}
	var recent, hist []string
	for _, it := range l.Recent {
		recent = append(recent, it.Code)
	}
	for _, it := range l.History {
		hist = append(hist, it.Code)
	}
	if strings.Join(recent, " ") != "J449 I10 E119" || strings.Join(hist, " ") != "E119 I10" {
		t.Errorf("recent %v history %v", recent, hist)
	}
}
