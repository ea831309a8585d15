package terminology

import (
	"bytes"
	"context"
	"crypto/sha256"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/codebench/codebench/app"
)

// TestImportRefusesDamagedBooks: a pack whose Index books cannot be read
// (a damaged installation: the built-in pack is not checksummed at start)
// is not merged with an imported release and saved without them; the
// import says what is wrong and the data folder is left as it was.
func TestImportRefusesDamagedBooks(t *testing.T) {
	s := newSet()
	s.addYear(app.ICD10CM, 2030, []orderRow{{Code: "Q00", Short: "Made-up", Long: "Made-up"}, {Code: "Q001", Billable: true, Short: "Left", Long: "Left"}})
	ix, err := parseIndex(strings.NewReader(indexSample), "x.xml", 0)
	if err != nil {
		t.Fatal(err)
	}
	s.indexes[ix.Kind] = ix
	s.finish()
	var buf bytes.Buffer
	if err := s.WritePack(&buf); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	// Flip bytes until one leaves the pack loadable but its books
	// unreadable, with the checksum made to match (as a damaged binary's
	// pack, which is not summed, would be read).
	var damaged []byte
	for i := packHeader; i < len(good) && damaged == nil; i++ {
		b := append([]byte(nil), good...)
		b[i] ^= 0xff
		sum := sha256.Sum256(b[packHeader:])
		copy(b[20:52], sum[:])
		if d, err := LoadPack(b); err == nil && d.BooksErr() != nil {
			damaged = b
		}
	}
	if damaged == nil {
		t.Fatal("no flipped byte damaged only the books")
	}
	data := t.TempDir()
	rel := filepath.Join(t.TempDir(), "icd10cm_order_2031.txt")
	if err := os.WriteFile(rel, []byte(orderSample("\r\n", sampleRows...)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = ImportRelease(context.Background(), damaged, data, []string{rel}, false, nil)
	if err == nil || !strings.Contains(err.Error(), "damaged Alphabetic Index") {
		t.Fatalf("import over damaged books: err = %v", err)
	}
	if entries, _ := os.ReadDir(data); len(entries) != 0 {
		t.Errorf("the data folder was written: %v", entries)
	}
}
