package desktop

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/suggest"
	"github.com/codebench/codebench/assets"
	"github.com/codebench/codebench/storage"
	"github.com/codebench/codebench/views"
	"github.com/codebench/codebench/workstation"

	"github.com/codebench/codebench/internal/testenv"
)

// loadBook loads FY2026 ICD-10-CM plus the FY2023 Tabular List XML.
func loadBook(t *testing.T, deps views.Deps) *views.Codebook {
	t.Helper()
	shared := testenv.Terminology(t)
	t.Setenv("CODEBENCH_CODESETS", filepath.Join(shared, "icd10cm", "cms_2026_dx.zip")+string(os.PathListSeparator)+
		filepath.Join(shared, "icd10cm-xml", "icd10cm_tabular_2023.xml.gz"))
	var last float64
	book, err := deps.LoadCodebook(context.Background(), func(f float64, what string) {
		if f < last {
			t.Errorf("progress went back from %.2f to %.2f (%s)", last, f, what)
		}
		last = f
	})
	if err != nil {
		t.Fatal(err)
	}
	if last != 1 {
		t.Fatalf("progress ended at %.2f", last)
	}
	return book
}

// noPack is a wiring that imports release files, as a build without
// `make terminology` does.
func noPack(dir string) views.Deps {
	w := newWiring(workstation.Config{DataDir: dir, Pack: func() ([]byte, error) { return nil, assets.ErrNoPack }})
	return w.deps()
}

func TestWiringEndToEnd(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	deps := noPack(dir)
	has, err := deps.Vault.HasUsers()
	if err != nil || has {
		t.Fatalf("empty folder: has users %v, %v", has, err)
	}
	s, err := deps.Vault.CreateUser("Casey Coder", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	book := loadBook(t, deps)
	if !strings.HasPrefix(book.About, "ICD-10-CM 2026") {
		t.Fatalf("about %q", book.About)
	}
	recs := s.Records()
	svc := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	rec, err := recs.Create(app.Record{Demo: true, Patient: app.Patient{MRN: "DEMO-1", Name: "DEMO Patient", Sex: app.Male},
		Encounter: app.Encounter{Type: app.Office, Service: svc}})
	if err != nil {
		t.Fatal(err)
	}
	if !rec.Demo {
		t.Fatal("demo flag lost")
	}
	note, err := recs.AddNote(rec.ID, app.Note{FileName: "n.txt", MediaType: "text/plain",
		Pages: []app.Page{{Number: 1, Text: "Community-acquired pneumonia. Type 2 diabetes with CKD stage 3a.", Source: app.SourceTyped}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, orig, err := recs.Note(note.ID); err != nil || !bytes.HasPrefix(orig, []byte("Community")) {
		t.Fatalf("note original %q, %v", orig, err)
	}

	hits := book.Terms.Search(views.CodeQuery{Text: "pneumonia unspecified organism", Year: 2026, BillableOnly: true, Limit: 10})
	found := false
	for _, h := range hits {
		if h.Code == "J189" && h.Billable {
			found = true
		}
	}
	if !found {
		t.Fatalf("J18.9 not among %+v", hits)
	}
	d, err := book.Terms.Detail(app.ICD10CM, "J189", 2026)
	if err != nil || !d.Valid || !d.Billable || len(d.Path) < 3 || !strings.HasPrefix(d.Path[0].Code, "Chapter") || d.Path[len(d.Path)-1].Code != "J18" {
		t.Fatalf("detail %+v %v", d, err)
	}
	if d7, err := book.Terms.Detail(app.ICD10CM, "S6290", 2026); err != nil || len(d7.Seventh) == 0 {
		t.Fatalf("S62.90 should offer 7th characters: %+v %v", d7.Seventh, err)
	}
	if d, err := book.Terms.Detail(app.ICD10CM, "E1122", 2026); err != nil || !hasNote(d, "useAdditionalCode", 2023) {
		t.Fatalf("E11.22 should carry its inherited use-additional-code note from FY2023: %+v %v", d.Notes, err)
	}
	if _, err := book.Terms.Detail(app.ICD10CM, "ZZZ99", 2026); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("unknown code: %v", err)
	}

	ev := &app.Evidence{NoteID: note.ID, Page: 1, Start: 0, End: 28, Text: "Community-acquired pneumonia"}
	for _, code := range []string{"J189", "E1122", "N1831"} {
		var e *app.Evidence
		if code == "J189" {
			e = ev
		}
		if rec, err = recs.Assign(rec.ID, app.ICD10CM, code, 0, e); err != nil {
			t.Fatal(err)
		}
	}
	if rec.Assignments[0].Role != app.Principal || rec.Assignments[1].Role != app.Secondary || rec.Assignments[0].Evidence == nil {
		t.Fatalf("roles the service picked, evidence: %+v", rec.Assignments)
	}
	if rec.Status != app.InProgress || rec.Assignments[0].Title == "" || rec.Assignments[0].Year != 2026 {
		t.Fatalf("after assign: %s %+v", rec.Status, rec.Assignments[0])
	}
	e1122, n1831 := rec.Assignments[1].ID, rec.Assignments[2].ID
	if rec, err = recs.Move(rec.ID, n1831, 2); err != nil || codes(rec) != "J189 N1831 E1122" {
		t.Fatalf("move: %q %v", codes(rec), err)
	}
	p := app.Principal
	if rec, err = recs.Update(rec.ID, e1122, views.CodeChange{Role: &p}); err != nil || rec.Assignments[0].Code != "E1122" || rec.Assignments[0].Role != app.Principal {
		t.Fatalf("make principal: %q %v", codes(rec), err)
	}
	if rec, err = recs.Remove(rec.ID, n1831); err != nil || codes(rec) != "E1122 J189" {
		t.Fatalf("remove: %q %v", codes(rec), err)
	}
	fs := book.Edits.Check(rec)
	var warn *views.Finding
	for i := range fs {
		if fs[i].Severity == views.SeverityWarning && !fs[i].Acknowledged {
			warn = &fs[i]
		}
	}
	if warn == nil {
		t.Fatalf("want a warning (E11.22 without the CKD stage): %+v", fs)
	}
	if rec, err = recs.SetStatus(rec.ID, app.Coded, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := recs.SetStatus(rec.ID, app.Final, ""); err == nil {
		t.Fatal("finalized with an open warning")
	}
	for _, f := range book.Edits.Check(rec) {
		if f.Severity == views.SeverityWarning && !f.Acknowledged {
			if rec, err = recs.Acknowledge(rec.ID, f.Rule, f.Codes, "reviewed"); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, f := range book.Edits.Check(rec) {
		if f.Severity == views.SeverityWarning && !f.Acknowledged {
			t.Fatalf("acknowledged warning still open: %+v", f)
		}
	}
	if rec, err = recs.SetStatus(rec.ID, app.Final, ""); err != nil {
		t.Fatalf("finalize: %v", err)
	}
	list, err := recs.List(views.RecordQuery{Text: "demo"})
	if err != nil || len(list.Records) != 1 || list.Counts[app.Final] != 1 || !list.Records[0].Demo {
		t.Fatalf("worklist %+v %v", list, err)
	}

	pdf, err := deps.Reporter.Summary(rec, []app.Note{*note}, views.Facility{Name: "Harbor Clinic", Address: "1 Quay St"})
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("summary: %v", err)
	}
	out := filepath.Join(t.TempDir(), "summary.pdf")
	if err := deps.Reporter.Save(rec, out, pdf); err != nil {
		t.Fatalf("save as PDF: %v", err)
	}
	if b, err := os.ReadFile(out); err != nil || !bytes.Equal(b, pdf) {
		t.Fatalf("saved PDF differs: %v", err)
	}
	entries, err := deps.Reporter.(*wiring).ws.Session().Coding.AuditLog(rec.ID)
	if err != nil || len(entries) == 0 || entries[len(entries)-1].Action != app.AuditExported {
		t.Fatalf("Save as PDF not in the audit trail: %+v %v", entries, err)
	}
	doc, err := deps.Intake.Open(context.Background(), "summary.pdf", pdf)
	if err != nil || doc.PageCount() < 1 || !strings.Contains(doc.PageText(1), "Harbor Clinic") {
		t.Fatalf("summary opened: %v", err)
	}
	img, err := doc.Render(context.Background(), 1, 425)
	if err != nil || img.Bounds().Dx() < 300 {
		t.Fatalf("render: %v", err)
	}
	doc.Close()
	n, err := deps.Intake.Read(context.Background(), "typed.txt", []byte("Chest pain, rule out MI."), func(int, int) {})
	if err != nil || n.MediaType != "text/plain" || len(n.Pages) != 1 {
		t.Fatalf("read text: %+v %v", n, err)
	}
	if _, err := deps.Intake.Read(context.Background(), "broken.pdf", []byte("%PDF-1.4 truncated"), nil); err == nil {
		t.Fatal("a truncated PDF was read")
	}
	if err := s.Verify("nope"); err == nil || !strings.Contains(err.Error(), "wrong passphrase") {
		t.Fatalf("verify wrong: %v", err)
	}
	if err := s.Verify("correct horse battery"); err != nil {
		t.Fatal(err)
	}
}

func TestVaultErrorsSayWhatToDo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	deps := NewDeps(dir, "")
	s, err := deps.Vault.CreateUser("Casey", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := deps.Vault.Unlock("Casey", "correct horse battery"); !errors.Is(err, storage.ErrAlreadyOpen) {
		t.Fatalf("second instance: %v", err)
	}
	s.Close()
	has, err := deps.Vault.HasUsers()
	if err != nil || !has {
		t.Fatalf("has users %v %v", has, err)
	}
	_, werr := deps.Vault.Unlock("Casey", "wrong")
	if werr == nil || !strings.Contains(werr.Error(), "Caps Lock") {
		t.Fatalf("wrong passphrase: %v", werr)
	}
	// An unknown name gets the same words, which do not list the users.
	if _, err := deps.Vault.Unlock("Kim", "correct horse battery"); err == nil || err.Error() != werr.Error() {
		t.Fatalf("unknown user: %v (a wrong passphrase: %v)", err, werr)
	}
	s2, err := deps.Vault.Unlock("Casey", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	s2.Close()
}

func TestNoCodeSetsSaysHowToGetThem(t *testing.T) {
	deps := noPack(filepath.Join(t.TempDir(), "data"))
	t.Setenv("CODEBENCH_CODESETS", "")
	_, err := deps.LoadCodebook(context.Background(), func(float64, string) {})
	if err == nil || !strings.Contains(err.Error(), "make terminology") {
		t.Fatalf("no code sets: %v", err)
	}
}

func hasNote(d views.CodeDetail, kind string, year int) bool {
	for _, n := range d.Notes {
		if string(n.Kind) == kind && n.Year == year {
			return true
		}
	}
	return false
}

func codes(r *app.Record) string {
	var out []string
	for _, a := range r.Assignments {
		out = append(out, a.Code)
	}
	return strings.Join(out, " ")
}

// TestBadPackSaysSo: a damaged built-in pack is an error naming it, not a
// silent fallback; $CODEBENCH_CODESETS still gives working code sets, and
// the window loads them on its next try.
func TestBadPackSaysSo(t *testing.T) {
	shared := testenv.Terminology(t)
	w := newWiring(workstation.Config{DataDir: filepath.Join(t.TempDir(), "data"), Pack: func() ([]byte, error) { return []byte("not a pack"), nil }})
	t.Setenv("CODEBENCH_CODESETS", "")
	_, err := w.deps().LoadCodebook(context.Background(), func(float64, string) {})
	if err == nil || !strings.Contains(err.Error(), "built-in code sets") {
		t.Fatalf("bad pack, no release files: %v", err)
	}
	t.Setenv("CODEBENCH_CODESETS", filepath.Join(shared, "icd10cm", "cms_2026_dx.zip"))
	book, err := w.deps().LoadCodebook(context.Background(), func(float64, string) {})
	if err != nil || book.About != "ICD-10-CM 2026" {
		t.Fatalf("bad pack with release files: %v", err)
	}
}

// TestImportReleaseFromTheWindow imports an official release the way File →
// Import code-set release… does, into a data folder, and the next load
// uses it without the release files being at hand.
func TestImportReleaseFromTheWindow(t *testing.T) {
	shared := testenv.Terminology(t)
	dir := filepath.Join(t.TempDir(), "data")
	deps := noPack(dir)
	t.Setenv("CODEBENCH_CODESETS", "")
	if _, err := deps.LoadCodebook(context.Background(), func(float64, string) {}); err == nil {
		t.Fatal("loaded code sets from nowhere")
	}
	pcs2019 := []string{filepath.Join(shared, "icd10pcs", "cms_2019_pr.zip")}
	// The import is audited under the signed-in user: none, no import.
	if _, err := deps.ImportRelease(context.Background(), pcs2019, false, func(float64, string) {}); err == nil || !strings.Contains(err.Error(), "not signed in") {
		t.Fatalf("import before sign-in: %v", err)
	}
	s, err := deps.Vault.CreateUser("Casey Coder", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var steps int
	got, err := deps.ImportRelease(context.Background(), pcs2019, false, func(float64, string) { steps++ })
	if err != nil || got != "ICD-10-PCS 2019" || steps == 0 {
		t.Fatalf("import: %q, %d progress steps, %v", got, steps, err)
	}
	book, err := deps.LoadCodebook(context.Background(), func(float64, string) {})
	if err != nil || book.About != "ICD-10-PCS 2019" || !strings.Contains(book.Missing, "ICD-10-CM FY2016–FY2026; ICD-10-PCS FY2016–FY2018, FY2020–FY2026;") {
		t.Fatalf("after import: %v, missing %q", err, book.Missing)
	}
	// A file that is not a release changes nothing.
	bad := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(bad, []byte("not a code set"), 0o600)
	if _, err := deps.ImportRelease(context.Background(), []string{bad}, false, func(float64, string) {}); err == nil {
		t.Fatal("a text file was imported as a release")
	}
	// FY2019 cut to its first 100 codes is refused for the window to ask.
	cut := t.TempDir()
	order := testenv.ZipMember(t, pcs2019[0], "icd10pcs_order_2019.txt")
	lines := strings.SplitAfter(string(order), "\r\n")
	os.WriteFile(filepath.Join(cut, "icd10pcs_order_2019.txt"), []byte(strings.Join(lines[:100], "")), 0o600)
	if _, err := deps.ImportRelease(context.Background(), []string{cut}, false, func(float64, string) {}); !errors.Is(err, views.ErrReleaseShrinks) || !strings.Contains(err.Error(), "ICD-10-PCS FY2019:") {
		t.Fatalf("shrinking import: %v", err)
	}
	book, err = deps.LoadCodebook(context.Background(), func(float64, string) {})
	if err != nil || book.About != "ICD-10-PCS 2019" {
		t.Fatalf("after a failed import: %v", err)
	}
}

// TestSettleHeapLowersTheTarget: once the code sets are loaded the
// collector's target drops (issue 16), unless $GOGC was set.
func TestSettleHeapLowersTheTarget(t *testing.T) {
	t.Setenv("GOGC", "")
	prev := debug.SetGCPercent(100)
	defer debug.SetGCPercent(prev)
	settleHeap()
	if got := debug.SetGCPercent(100); got != heapGCPercent {
		t.Fatalf("GC percent after the load %d, want %d", got, heapGCPercent)
	}
	t.Setenv("GOGC", "150")
	settleHeap()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Fatalf("GC percent with $GOGC set: %d, want it left at 100", got)
	}
}

// TestLazySuggesterWaitsForTheEngine: the codebook is handed over before
// the suggestion engine is built; a suggestion asked for meanwhile waits
// for it instead of finding nothing.
func TestLazySuggesterWaitsForTheEngine(t *testing.T) {
	release := make(chan struct{})
	var built atomic.Bool
	l := newLazySuggester(func() views.Suggester {
		<-release
		built.Store(true)
		return fixedSuggester{{Code: "J18.9"}}
	}, newIdleTrim(nil))
	done := make(chan []suggest.Suggestion)
	go func() { done <- l.Suggest(suggest.Request{Pages: []string{"pneumonia"}}) }()
	select {
	case <-done:
		t.Fatal("Suggest returned before the engine was built")
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	if got := <-done; len(got) != 1 || !built.Load() {
		t.Fatal("Suggest answered without the engine")
	}
}

type fixedSuggester []suggest.Suggestion

func (f fixedSuggester) Suggest(suggest.Request) []suggest.Suggestion { return f }

// TestIdleTrim: the memory is handed back once the window has been idle
// for the whole pause after it was busy, not while searches keep coming,
// and not again until it is busy again.
func TestIdleTrim(t *testing.T) {
	var n atomic.Int32
	trim := newIdleTrim(func() { n.Add(1) })
	trim.after = 500 * time.Millisecond
	for range 5 {
		trim.touch()
		time.Sleep(10 * time.Millisecond)
	}
	if got := n.Load(); got != 0 {
		t.Fatalf("released %d times while busy", got)
	}
	released := func(want int32) {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); n.Load() < want && time.Now().Before(deadline); {
			time.Sleep(10 * time.Millisecond)
		}
		if got := n.Load(); got != want {
			t.Fatalf("released %d times, want %d", got, want)
		}
	}
	released(1)
	time.Sleep(time.Second)
	if got := n.Load(); got != 1 {
		t.Fatalf("released %d times while idle, want 1", got)
	}
	trim.touch()
	released(2)
}
