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
	"github.com/codebench/codebench/internal/testenv"
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
	res, err := ImportRelease(context.Background(), embedded, data, []string{rel}, false, func(done, total int, what string) { progress = done })
	if err != nil {
		t.Fatal(err)
	}
	merged, imported := res.Merged, res.Imported
	if len(res.Counts) != 1 || res.Counts[0] != (YearCount{app.ICD10CM, 2031, 0, 5}) || strings.Join(res.Files, ",") != "cms_2031_dx.zip!icd10cm_order_2031.txt" {
		t.Errorf("counts %+v, files %v", res.Counts, res.Files)
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
	if _, err := ImportRelease(context.Background(), embedded, data, []string{bad}, false, nil); err == nil || !strings.Contains(err.Error(), "line 1") {
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

// officialOrderFile returns the FY2026 ICD-10-CM order file from the CMS
// zip in ../shared/terminology.
func officialOrderFile(t *testing.T) []byte {
	t.Helper()
	zb, err := os.ReadFile(filepath.Join(testenv.Terminology(t), "icd10cm", "cms_2026_dx.zip"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := zipMember(zb, "icd10cm_order_2026.txt")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestImportReleaseRefusesShrink: re-importing the official FY2026
// ICD-10-CM order file cut short at a line's end (which the parser cannot
// tell from a whole file) is refused with the before/after counts, and
// the pack is left as it was; a handful of codes fewer, or --force, is
// imported (issue 14, item 5).
func TestImportReleaseRefusesShrink(t *testing.T) {
	order := officialOrderFile(t)
	data := t.TempDir()
	write := func(b []byte) string {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "icd10cm_order_2026.txt"), b, 0o644); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	res, err := ImportRelease(context.Background(), nil, data, []string{write(order)}, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Counts) != 1 || res.Counts[0] != (YearCount{app.ICD10CM, 2026, 0, 98186}) {
		t.Fatalf("counts %+v", res.Counts)
	}
	pack, _ := os.ReadFile(DataPackPath(data))
	lines := bytes.SplitAfter(order, []byte("\r\n"))
	cut := func(keep int) []byte { return bytes.Join(lines[:keep], nil) }

	// Cut in half at a line's end: 49,093 codes would go.
	res, err = ImportRelease(context.Background(), nil, data, []string{write(cut(49093))}, false, nil)
	if !errors.Is(err, ErrShrinks) || !strings.Contains(err.Error(), "ICD-10-CM FY2026: 98186 → 49093 codes") || !strings.Contains(err.Error(), "--force") {
		t.Errorf("half a file: %v", err)
	}
	if len(res.Counts) != 1 || res.Counts[0].Dropped() != 98186-49093 {
		t.Errorf("counts of a refused import: %+v", res.Counts)
	}
	// 51 codes fewer is more than 50.
	if _, err := ImportRelease(context.Background(), nil, data, []string{write(cut(98186 - 51))}, false, nil); !errors.Is(err, ErrShrinks) {
		t.Errorf("51 codes fewer: %v", err)
	}
	// Cut in the middle of a line: refused by the parser.
	mid := order[:len(cut(60000))+20]
	if _, err := ImportRelease(context.Background(), nil, data, []string{write(mid)}, false, nil); !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "cut short") {
		t.Errorf("cut mid-line: %v", err)
	}
	if after, _ := os.ReadFile(DataPackPath(data)); !bytes.Equal(pack, after) {
		t.Fatal("a refused import changed the pack")
	}
	// A handful fewer (a corrected release) is imported, and so is the
	// half file when forced.
	res, err = ImportRelease(context.Background(), nil, data, []string{write(cut(98186 - 50))}, false, nil)
	if err != nil || res.Counts[0] != (YearCount{app.ICD10CM, 2026, 98186, 98136}) {
		t.Errorf("50 codes fewer: %v %+v", err, res.Counts)
	}
	res, err = ImportRelease(context.Background(), nil, data, []string{write(cut(49093))}, true, nil)
	if err != nil || res.Counts[0].After != 49093 || !strings.Contains(res.AuditDetail(), "ICD-10-CM FY2026: 98136 → 49093 codes; files: icd10cm_order_2026.txt") {
		t.Errorf("forced: %v %s", err, res.AuditDetail())
	}
}
