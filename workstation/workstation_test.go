package workstation

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/coding"
	"github.com/codebench/codebench/app/report"
	"github.com/codebench/codebench/app/terminology"
	"github.com/codebench/codebench/app/terminology/search"
	"github.com/codebench/codebench/assets"
	"github.com/codebench/codebench/internal/testenv/testpack"
	"github.com/codebench/codebench/storage"
)

const pass = "tuesday lighthouse 42"

// cheap is a store cost for tests; the shipped one is measured in
// storage's BenchmarkKDF.
var cheap = &storage.Options{KDF: storage.KDF{Time: 1, MemoryKiB: 1 << 10, Threads: 1}}

// madeUpRelease writes an ICD-10-CM order file for fiscal year fy in the
// CMS layout into a new folder and returns the folder.
func madeUpRelease(t *testing.T, fy int, rows ...string) string {
	t.Helper()
	dir := t.TempDir()
	var b strings.Builder
	for i, r := range rows {
		f := strings.SplitN(r, "|", 3)
		fmt.Fprintf(&b, "%05d %-7s %s %-60s %s\r\n", i+1, f[0], f[1], f[2], f[2])
	}
	if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("icd10cm_order_%d.txt", fy)), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func packOf(t *testing.T, dir string) []byte {
	t.Helper()
	set, err := terminology.Import(context.Background(), []string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := set.WritePack(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestOneLoaderOneVariable: $CODEBENCH_CODESETS wins when set; unset, the
// data folder's pack wins over the built-in one; with neither there is
// the error that says how to get code sets; a failed load is tried again.
func TestOneLoaderOneVariable(t *testing.T) {
	builtin := packOf(t, madeUpRelease(t, 2030, "Q00|0|Made-up category", "Q001|1|Made-up left"))
	env := map[string]string{}
	cfg := Config{DataDir: t.TempDir(), Getenv: func(k string) string { return env[k] }}

	cfg.Pack = func() ([]byte, error) { return nil, assets.ErrNoPack }
	if _, err := New(cfg).CodeSets(context.Background(), nil); !errors.Is(err, assets.ErrNoPack) {
		t.Fatalf("no pack anywhere: %v", err)
	}

	cfg.Pack = func() ([]byte, error) { return builtin, nil }
	w := New(cfg)
	cs, err := w.CodeSets(context.Background(), nil)
	if err != nil || cs.About() != "ICD-10-CM 2030" || cs.Source != "built-in code sets" {
		t.Fatalf("built-in: %v", err)
	}
	// An import runs in a signed-in session: it holds the folder's lock
	// and audits the import.
	cfg.StoreOptions = cheap
	w = New(cfg)
	s, err := w.Create("ines", pass)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := New(cfg).Open("ines", pass); !errors.Is(err, storage.ErrAlreadyOpen) {
		t.Fatalf("a second Codebench during the session: %v", err)
	}
	res, err := s.ImportRelease(context.Background(), []string{madeUpRelease(t, 2031, "Q00|0|Made-up category", "Q002|1|Made-up new")}, false, nil)
	if err != nil || Describe(res.Imported) != "ICD-10-CM 2031" {
		t.Fatalf("import: %v", err)
	}
	// Re-importing FY2031 with one code of two is refused and not audited.
	if _, err := s.ImportRelease(context.Background(), []string{madeUpRelease(t, 2031, "Q00|0|Made-up category")}, false, nil); !errors.Is(err, terminology.ErrShrinks) {
		t.Fatalf("shrinking import: %v", err)
	}
	log, err := s.Store.AuditLog("")
	if err != nil {
		t.Fatal(err)
	}
	var imports []string
	for _, e := range log {
		if e.Action == app.AuditCodeSetsImported {
			imports = append(imports, e.User+": "+e.Detail)
		}
	}
	if want := "ines: ICD-10-CM FY2031: new, 2 codes; files: icd10cm_order_2031.txt"; strings.Join(imports, "|") != want {
		t.Errorf("audited imports %q, want %q", imports, want)
	}
	if cs, err = w.CodeSets(context.Background(), nil); err != nil || cs.About() != "ICD-10-CM 2030–2031" {
		t.Fatalf("after the import the data folder's pack is used: %v", err)
	}

	env[EnvCodeSets] = madeUpRelease(t, 2032, "Z99|0|Made-up other")
	if cs, err = New(cfg).CodeSets(context.Background(), nil); err != nil || cs.About() != "ICD-10-CM 2032" || cs.Source != env[EnvCodeSets] {
		t.Fatalf("$%s: %+v %v", EnvCodeSets, cs, err)
	}
	env[EnvCodeSets] = filepath.Join(t.TempDir(), "missing")
	w = New(cfg)
	if _, err := w.CodeSets(context.Background(), nil); err == nil || !strings.Contains(err.Error(), EnvCodeSets) {
		t.Fatalf("a missing release folder: %v", err)
	}
	delete(env, EnvCodeSets)
	if _, err := w.CodeSets(context.Background(), nil); err != nil {
		t.Fatalf("a failed load is not kept: %v", err)
	}
}

// TestMissing: the code sets say which years and parts of the official
// releases they lack, and how to import them (issue 14, item 14).
func TestMissing(t *testing.T) {
	set, err := terminology.Import(context.Background(), []string{
		madeUpRelease(t, 2017, "Q00|0|Made-up category"),
		madeUpRelease(t, 2020, "Q00|0|Made-up category"),
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := MissingNote(set)
	for _, want := range []string{"ICD-10-CM FY2016, FY2018–FY2019, FY2021–FY2026;", "ICD-10-PCS FY2016–FY2026;", "HCPCS", "Drug table", "Official Guidelines", "terms import"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing note %q lacks %q", got, want)
		}
	}
	// The code sets `make terminology` builds from every pinned release
	// lack nothing.
	if m := Missing(testpack.Set(t)); len(m) != 0 {
		t.Errorf("the official code sets lack %v", m)
	}
}

func TestDetailAndSearch(t *testing.T) {
	set, err := terminology.Import(context.Background(), []string{
		madeUpRelease(t, 2029, "Q00|0|Made-up category", "Q001|1|Made-up left"),
		madeUpRelease(t, 2030, "Q00|0|Made-up category", "Q001|1|Made-up left", "Q009|1|Made-up unspecified"),
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := New(Config{DataDir: t.TempDir(), LoadCodeSets: func() (*terminology.Set, error) { return set, nil }}).CodeSets(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	d, err := cs.Detail(app.ICD10CM, "Q00", 2029)
	if err != nil || d.Billable || !d.Valid || len(d.Children) != 1 || d.Children[0].Code != "Q00.1" {
		t.Fatalf("Q00 in FY2029 (children valid that year only): %+v %v", d, err)
	}
	d, err = cs.Detail(app.ICD10CM, "Q009", 0)
	if err != nil || d.Year != 2030 || !d.Billable || d.Title != "Made-up unspecified" || len(d.Ancestors) != 1 || d.Ancestors[0].Code != "Q00" {
		t.Fatalf("Q00.9 in its latest year: %+v %v", d, err)
	}
	if _, err := cs.Detail(app.ICD10CM, "Q008", 2030); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("unknown code: %v", err)
	}
	if c, err := cs.Find("q00.9", ""); err != nil || c.Code != "Q009" {
		t.Fatalf("find: %v", err)
	}
	hits, err := cs.Search(searchQuery("Q009", 0))
	if err != nil || len(hits) == 0 || hits[0].Code != "Q009" || !hits[0].Billable || fmt.Sprint(hits[0].Years) != "[2030]" {
		t.Fatalf("Q00.9 in its latest year: %+v %v", hits, err)
	}
	if hits, err = cs.Search(searchQuery("Q00", 2029)); err != nil || len(hits) == 0 || hits[0].Code != "Q00" || hits[0].Billable {
		t.Fatalf("the header Q00 in FY2029: %+v %v", hits, err)
	}
}

// TestSessionSummaryAudit: a session opened before the code sets load
// gets them once loaded; Save writes the file and its audit entry
// (without the path), Write audits before the bytes leave; a wrong passphrase says what to check.
func TestSessionSummaryAudit(t *testing.T) {
	dir := t.TempDir()
	cfg := Config{DataDir: dir, StoreOptions: cheap, Pack: func() ([]byte, error) {
		return packOf(t, madeUpRelease(t, 2026, "E11|0|Type 2 diabetes mellitus", "E119|1|Type 2 diabetes mellitus without complications")), nil
	}, Getenv: func(string) string { return "" }}
	w := New(cfg)
	s, err := w.Create("ines", pass)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := s.Coding.CreateRecord(app.Patient{MRN: "1001", Name: "Test Patient", Sex: app.Female},
		app.Encounter{Type: app.Office, Service: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Coding.AssignCode(rec.ID, coding.Assign{Code: "E11.9"}); err == nil {
		t.Fatal("assigned a code before the code sets were loaded")
	}
	if _, err := w.CodeSets(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if rec, err = s.Coding.AssignCode(rec.ID, coding.Assign{Code: "E11.9"}); err != nil {
		t.Fatalf("the session did not get the code sets: %v", err)
	}
	_, sum, err := s.RecordSummary(rec.ID, report.Options{Facility: "Harbor Clinic"})
	if err != nil || !bytes.HasPrefix(sum.PDF, []byte("%PDF-")) || sum.Notes {
		t.Fatalf("summary: %v", err)
	}
	out := filepath.Join(t.TempDir(), "Test Patient.pdf")
	if err := s.Save(sum, out); err != nil {
		t.Fatal(err)
	}
	var piped bytes.Buffer
	if err := s.Write(sum, &piped, "standard output"); err != nil || !bytes.Equal(piped.Bytes(), sum.PDF) {
		t.Fatalf("write: %v", err)
	}
	log, err := s.Coding.AuditLog(rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	var exports []string
	for _, e := range log {
		if e.Action == app.AuditExported {
			exports = append(exports, e.Detail)
		}
	}
	if strings.Join(exports, "|") != "PDF summary to a file|PDF summary to standard output" {
		t.Fatalf("export audit entries: %q", exports)
	}
	s.Close()

	// With the store closed the audit cannot be written: the file is
	// removed again and nothing reaches the pipe.
	if err := s.Save(sum, out+"2"); err == nil {
		t.Fatal("saved without an audit entry")
	}
	if _, err := os.Stat(out + "2"); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the unaudited file stayed: %v", err)
	}
	piped.Reset()
	if err := s.Write(sum, &piped, "standard output"); err == nil || piped.Len() != 0 {
		t.Fatalf("wrote %d bytes without an audit entry: %v", piped.Len(), err)
	}

	if _, err := w.Open("ines", "not the passphrase"); !errors.Is(err, storage.ErrWrongPassphrase) || !strings.Contains(err.Error(), "Caps Lock") {
		t.Fatalf("wrong passphrase: %v", err)
	}
	if users, err := w.Users(); err != nil || len(users) != 1 || users[0] != "ines" {
		t.Fatalf("users %v %v", users, err)
	}
}

func searchQuery(text string, year int) search.Query {
	return search.Query{Text: text, System: app.ICD10CM, Year: year, Limit: 5}
}

// TestCodeSetsLoadOnceUnderLoad: the window's start-up load, a Finalize
// and a search asking at the same time share one load (run under -race).
func TestCodeSetsLoadOnceUnderLoad(t *testing.T) {
	set, err := terminology.Import(context.Background(), []string{madeUpRelease(t, 2030, "Q00|0|Made-up category", "Q001|1|Made-up left")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	loads := 0
	w := New(Config{DataDir: t.TempDir(), StoreOptions: cheap, LoadCodeSets: func() (*terminology.Set, error) {
		loads++ // under loadMu: a race here would be a second loader running
		return set, nil
	}})
	s, err := w.Create("ines", pass)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got := make(chan *CodeSets, 4)
	for range 4 {
		go func() {
			cs, err := w.CodeSets(context.Background(), nil)
			if err != nil {
				t.Error(err)
			}
			if _, err := cs.Index(); err != nil {
				t.Error(err)
			}
			got <- cs
		}()
	}
	first := <-got
	for range 3 {
		if cs := <-got; cs != first {
			t.Fatal("two loads of the code sets")
		}
	}
	if loads != 1 {
		t.Fatalf("%d loads", loads)
	}
}
