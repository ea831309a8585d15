package testpack

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"
)

func TestSetIsTheOfficialCodeSets(t *testing.T) {
	s := Set(t)
	if s != Set(t) {
		t.Error("a second call decoded the pack again")
	}
	for _, sys := range app.Systems {
		if len(s.Concepts(sys)) == 0 {
			t.Errorf("%s: no concepts in the pack", sys)
		}
	}
	if c := s.Lookup(app.ICD10CM, "E11.9"); c == nil || !c.Billable.Has(2026) {
		t.Errorf("E11.9 = %+v, want billable in FY2026", c)
	}
	f := Fresh(t)
	if f == s || len(f.Concepts(app.ICD10PCS)) != len(s.Concepts(app.ICD10PCS)) {
		t.Error("Fresh did not return a separate copy of the same code sets")
	}
}

func TestMissingOrStalePackFails(t *testing.T) {
	root := t.TempDir()
	if _, _, err := loadFrom(root); err == nil {
		t.Fatal("loaded code sets from an empty folder")
	}
	src := filepath.Join(root, "app", "terminology")
	os.MkdirAll(src, 0o755)
	if _, _, err := loadFrom(root); !errors.Is(err, ErrNoPack) {
		t.Errorf("no pack: err = %v, want ErrNoPack", err)
	}
	pack := packPath(root)
	os.MkdirAll(filepath.Dir(pack), 0o755)
	if err := os.WriteFile(pack, []byte("not a pack"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := loadFrom(root); !errors.Is(err, terminology.ErrNotPack) {
		t.Errorf("damaged pack: err = %v, want ErrNotPack", err)
	}
	importer := filepath.Join(src, "import.go")
	os.WriteFile(importer, []byte("package terminology\n"), 0o644)
	later := time.Now().Add(time.Hour)
	os.Chtimes(importer, later, later)
	if _, _, err := loadFrom(root); !errors.Is(err, ErrStalePack) {
		t.Errorf("importer newer than the pack: err = %v, want ErrStalePack", err)
	}
}
