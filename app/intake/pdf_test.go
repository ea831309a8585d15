package intake

import (
	"context"
	"errors"
	"image"
	"path/filepath"
	"strings"
	"testing"

	"github.com/codebench/codebench/internal/testenv"
)

// cmsPDF extracts a PDF CMS ships inside one of the official release zips.
func cmsPDF(t testing.TB, zipPath, name string) []byte {
	t.Helper()
	return testenv.ZipMember(t, filepath.Join(terminologyDir(t), zipPath), name)
}

// TestCMSPDFs reads the born-digital PDFs in the official CMS releases:
// every page must come from the text layer, with the words CMS wrote.
func TestCMSPDFs(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		zip, name string
		want      []string
	}{
		{"icd10cm/cms_2026_dx.zip", "icd10OrderFiles.pdf", []string{"ICD-10-CM/PCS Order Files", "order number", "icd10cm_order_2026.txt"}},
		{"icd10cm/cms_2026_dx.zip", "icd10cmCodesFile.pdf", []string{"ICD-10-CM"}},
		{"icd10pcs/cms_2026_pr.zip", "icd10pcsOrderFile.pdf", []string{"ICD-10-PCS"}},
		{"icd10cm/cms_2016_dx.zip", "icd10OrderFiles.pdf", []string{"order"}},
		{"icd10cm/cms_2016_dx.zip", "icd10CodesFiles.pdf", []string{"ICD-10"}},
	} {
		data := cmsPDF(t, c.zip, c.name)
		keep := append([]byte(nil), data...)
		doc, err := Open(ctx, c.name, data, Options{})
		if err != nil {
			t.Fatalf("%s/%s: %v", c.zip, c.name, err)
		}
		if doc.MediaType != "application/pdf" || doc.PageCount() < 1 {
			t.Fatalf("%s: %s with %d pages", c.name, doc.MediaType, doc.PageCount())
		}
		for _, p := range doc.Pages {
			if p.Source != "pdf-text" || len(strings.Fields(p.Text)) < 20 {
				t.Errorf("%s page %d: source %q, %d words", c.name, p.Number, p.Source, len(strings.Fields(p.Text)))
			}
		}
		text := doc.Text()
		for _, w := range c.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: text lacks %q", c.name, w)
			}
		}
		if string(keep) != string(data) {
			t.Errorf("%s: Open changed the caller's bytes", c.name)
		}
		img, err := doc.RenderPage(ctx, 1, 96)
		if err != nil {
			t.Fatal(err)
		}
		if b := img.Bounds(); b.Dx() != 816 || b.Dy() != 1056 {
			t.Errorf("%s: page 1 at 96 dpi is %v, want letter 816x1056", c.name, b.Size())
		}
		doc.Close()
	}
}

// TestCMSPDFOCR renders the real CMS order-file page at 300 dpi and reads
// it back with OCR: the text layer is the reference for the word error
// rate on a page set in the fonts CMS used.
func TestCMSPDFOCR(t *testing.T) {
	ctx := context.Background()
	doc, err := Open(ctx, "icd10OrderFiles.pdf", cmsPDF(t, "icd10cm/cms_2026_dx.zip", "icd10OrderFiles.pdf"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	img, err := doc.RenderPage(ctx, 1, OCRDPI)
	if err != nil {
		t.Fatal(err)
	}
	res, err := OCR(ctx, img, OCRDPI)
	if err != nil {
		t.Fatal(err)
	}
	// The page is prose, then a layout table with shaded cells that
	// tesseract mostly loses (a known limit of OCR on shaded tables); the
	// word error rate is taken on the prose, up to "as follows:".
	ref, _, ok1 := strings.Cut(doc.Pages[0].Text, "as follows:")
	hyp, _, ok2 := strings.Cut(res.Text, "as follows:")
	if !ok1 || !ok2 {
		t.Fatalf("end of the prose not found: text layer %v, OCR %v", ok1, ok2)
	}
	errs, words := wordErrors(ref, hyp)
	rate := float64(errs) / float64(words)
	t.Logf("CMS icd10OrderFiles.pdf page 1 by OCR: WER %.2f%% (%d/%d words of prose), confidence %.1f", 100*rate, errs, words, res.Confidence)
	if rate > werLimit {
		if testing.Verbose() {
			logWordDiff(t, ref, hyp)
		}
		t.Errorf("WER %.2f%% over %.0f%%", 100*rate, 100*werLimit)
	}
}

func TestPDFTextAndScanPages(t *testing.T) {
	ctx := context.Background()
	// A born-digital page, then a scanned one: one PDF with both, as when
	// a typed letter and a faxed lab result are merged.
	typed := textPDF(t, []string{notePages[0], notePages[1]}, "")
	doc, err := Open(ctx, "typed.pdf", typed, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range doc.Pages {
		if p.Source != "pdf-text" {
			t.Errorf("page %d source %q", i+1, p.Source)
		}
		if errs, words := wordErrors(notePages[i], p.Text); errs != 0 {
			t.Errorf("page %d: %d of %d words differ from what was written:\n%s", i+1, errs, words, p.Text)
		}
	}
	doc.Close()

	scan := scanPDF(t, []*image.Gray{renderNote(notePages[2]), renderNote(notePages[3])})
	var progress []int
	doc, err = Open(ctx, "scan.pdf", scan, Options{Progress: func(done, total int) {
		if total != 2 {
			t.Errorf("progress total %d, want 2", total)
		}
		progress = append(progress, done)
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	if len(progress) == 0 || progress[len(progress)-1] != 2 {
		t.Errorf("progress %v does not reach 2 of 2", progress)
	}
	for i, p := range doc.Pages {
		if p.Source != "ocr" || p.Confidence < 50 {
			t.Errorf("scanned page %d: source %q confidence %.1f", i+1, p.Source, p.Confidence)
		}
		if errs, words := wordErrors(notePages[2+i], p.Text); float64(errs) > pageWERLimit*float64(words) {
			t.Errorf("scanned page %d: %d of %d words wrong", i+1, errs, words)
		}
	}
}

func TestPDFBad(t *testing.T) {
	ctx := context.Background()
	good := textPDF(t, []string{"Short note."}, "")
	for _, c := range []struct {
		name string
		data []byte
		want error
	}{
		{"password.pdf", textPDF(t, []string{"Secret note."}, "open-sesame"), ErrPassword},
		{"truncated.pdf", good[:len(good)/3], ErrCorrupt},
		{"header-only.pdf", []byte("%PDF-1.7\n"), ErrCorrupt},
		{"garbage.pdf", append([]byte("%PDF-1.4\n"), strings.Repeat("\x00garbage", 100)...), ErrCorrupt},
	} {
		_, err := Open(ctx, c.name, c.data, Options{})
		if !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.want)
			continue
		}
		if !strings.HasPrefix(err.Error(), c.name+": ") {
			t.Errorf("%s: error %q does not name the file", c.name, err)
		}
	}
	// Too many pages.
	many := textPDF(t, []string{"a1", "b2", "c3", "d4"}, "")
	if _, err := Open(ctx, "many.pdf", many, Options{MaxPages: 3}); !errors.Is(err, ErrTooManyPages) {
		t.Errorf("4 pages over a limit of 3: got %v", err)
	}
}

// TestPDFCancel cancels a scanned PDF's import after its first page.
func TestPDFCancel(t *testing.T) {
	var pages []*image.Gray
	for i := range 4 {
		pages = append(pages, renderNote(notePages[i]))
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := Open(ctx, "long-scan.pdf", scanPDF(t, pages), Options{Workers: 1,
		Progress: func(done, total int) {
			if done >= 1 {
				cancel()
			}
		}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled after page 1: got %v", err)
	}
}
