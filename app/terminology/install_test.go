package terminology

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/codebench/codebench/app"
)

func smallPack(t testing.TB, fy int, rows ...[3]string) []byte {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, "icd10cm_order_"+itoa(fy)+".txt")
	if err := os.WriteFile(p, []byte(orderSample("\r\n", rows...)), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Import(context.Background(), []string{p}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := s.WritePack(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestLoadAndImportRelease(t *testing.T) {
	embedded := smallPack(t, 2030, sampleRows...)
	data := t.TempDir()

	s, src, err := Load(embedded, data)
	if err != nil || !src.Embedded || s.Lookup(app.ICD10CM, "Q00.1") == nil {
		t.Fatalf("embedded load: %v %v", src, err)
	}
	if _, _, err := Load(nil, data); !errors.Is(err, ErrNoCodeSets) {
		t.Errorf("no packs: err = %v", err)
	}

	// A user imports FY2031: a renamed title, a new code, a deleted code.
	rel := t.TempDir()
	fy31 := append([][3]string{{"Q00", "0", "Made-up category renamed"}}, sampleRows[1:4]...)
	fy31 = append(fy31, [3]string{"Q0011", "1", "Made-up new in 2031"})
	writeZip(t, filepath.Join(rel, "cms_2031_dx.zip"), map[string][]byte{"icd10cm_order_2031.txt": []byte(orderSample("\r\n", fy31...))})
	var progress int
	merged, imported, err := ImportRelease(context.Background(), embedded, data, []string{rel}, func(done, total int, what string) { progress = done })
	if err != nil {
		t.Fatal(err)
	}
	if progress != 1 || len(imported.FiscalYears(app.ICD10CM)) != 1 {
		t.Errorf("progress %d, imported years %v", progress, imported.FiscalYears(app.ICD10CM))
	}
	if ys := merged.FiscalYears(app.ICD10CM); len(ys) != 2 || ys[0] != 2030 || ys[1] != 2031 {
		t.Fatalf("merged years = %v", ys)
	}
	s, src, err = Load(embedded, data)
	if err != nil || src.Embedded || src.Path != DataPackPath(data) {
		t.Fatalf("data pack load: %v %v", src, err)
	}
	q := s.Lookup(app.ICD10CM, "Q00")
	if q.TitleIn(2030).Short != "Made-up category" || q.TitleIn(2031).Short != "Made-up category renamed" {
		t.Errorf("titles = %+v", q.Titles)
	}
	if c := s.Lookup(app.ICD10CM, "Q00.9"); c == nil || c.Valid.Has(2031) || !c.Valid.Has(2030) {
		t.Errorf("Q00.9 (deleted in 2031) = %+v", c)
	}
	if c := s.Lookup(app.ICD10CM, "Q00.11"); c == nil || c.Parent != "Q001" || c.Valid.Has(2030) {
		t.Errorf("Q00.11 (new) = %+v", c)
	}
	var codes []string
	for _, c := range s.Concepts(app.ICD10CM) {
		codes = append(codes, c.Code)
	}
	if strings.Join(codes, " ") != "Q00 Q001 Q00X1 Q00X1XA Q0011 Q009" {
		t.Errorf("order = %v", codes)
	}

	// Re-importing the same year replaces it, and a bad release changes nothing.
	before, _ := os.ReadFile(DataPackPath(data))
	bad := t.TempDir()
	os.WriteFile(filepath.Join(bad, "icd10cm_order_2032.txt"), []byte("00001 Q00     9 broken\r\n"), 0o644)
	if _, _, err := ImportRelease(context.Background(), embedded, data, []string{bad}, nil); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("bad release: err = %v", err)
	}
	after, _ := os.ReadFile(DataPackPath(data))
	if !bytes.Equal(before, after) {
		t.Error("a failed import changed the data folder's pack")
	}
	// A damaged data pack is reported, with what to do.
	os.WriteFile(DataPackPath(data), after[:len(after)/2], 0o644)
	if _, _, err := Load(embedded, data); !errors.Is(err, ErrPackCorrupt) || !strings.Contains(err.Error(), "delete it") {
		t.Errorf("damaged data pack: err = %v", err)
	}
	if entries, _ := os.ReadDir(data); len(entries) != 1 {
		t.Errorf("temporary files left in the data folder: %v", entries)
	}
}

func TestMergeNewYearIntoOfficial(t *testing.T) {
	full, err := LoadPack(builtPackBytes(t)) // a private copy: Merge changes it
	if err != nil {
		t.Fatal(err)
	}
	// A made-up FY2027: the FY2026 file plus one code.
	var rows []orderRow
	for _, c := range full.Concepts(app.ICD10CM) {
		if c.Valid.Has(2026) {
			tt := c.TitleIn(2026)
			rows = append(rows, orderRow{c.Code, c.Billable.Has(2026), tt.Short, tt.Long})
		}
	}
	rows = append(rows, orderRow{"Z9999", true, "Made-up FY2027 code", "Made-up FY2027 code"})
	newer := newSet()
	newer.addYear(app.ICD10CM, 2027, rows)
	newer.finish()
	full.Merge(newer)
	stats := map[int]Stat{}
	for _, st := range full.Stats() {
		if st.System == app.ICD10CM {
			stats[st.Year] = st
		}
	}
	if stats[2026].Total != 98186 || stats[2027].Total != 98187 || stats[2027].Billable != 74720 {
		t.Errorf("after merge: FY2026 %+v FY2027 %+v", stats[2026], stats[2027])
	}
	// Notes and index survive the merge.
	if c := full.Lookup(app.ICD10CM, "E11.9"); c.Chapter != "4" || len(full.NotesFor(c)) == 0 || len(c.Index) == 0 {
		t.Errorf("E11.9 after merge: chapter %q, %d notes, %d index refs", c.Chapter, len(full.NotesFor(c)), len(c.Index))
	}
}
