package intake

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"strings"
	"sync"
	"testing"

	"golang.org/x/image/bmp"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

func mustEncode(t *testing.T, e *encoding.Encoder, s string) []byte {
	t.Helper()
	b, err := e.Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestTextEncodings(t *testing.T) {
	const note = "Café visit: naïve patient, temp 38°C — “quoted”\r\nAssessment: I10\r\n\fPage two"
	want := []string{"Café visit: naïve patient, temp 38°C — “quoted”\nAssessment: I10\n", "Page two"}
	utf16le := mustEncode(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder(), note)
	utf16be := mustEncode(t, unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder(), note)
	utf16noBOM := mustEncode(t, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewEncoder(), note)
	cp1252 := mustEncode(t, charmap.Windows1252.NewEncoder(), note)
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"utf8.txt", []byte(note)},
		{"utf8-bom.txt", append([]byte{0xef, 0xbb, 0xbf}, note...)},
		{"utf16le.txt", utf16le},
		{"utf16be.txt", utf16be},
		{"utf16-nobom.txt", utf16noBOM},
		{"windows-1252.txt", cp1252},
	} {
		doc, err := Open(context.Background(), c.name, c.data, Options{})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if doc.MediaType != "text/plain" || doc.PageCount() != 2 {
			t.Fatalf("%s: %s, %d pages", c.name, doc.MediaType, doc.PageCount())
		}
		for i, p := range doc.Pages {
			if p.Text != want[i] || p.Source != "typed" || p.Number != i+1 {
				t.Errorf("%s page %d: %q (%s), want %q", c.name, i+1, p.Text, p.Source, want[i])
			}
		}
		if _, err := doc.RenderPage(context.Background(), 1, 96); !errors.Is(err, ErrNoImage) {
			t.Errorf("%s: rendering a typed page: %v, want ErrNoImage", c.name, err)
		}
	}
	// Latin-1 is the ISO subset of Windows-1252.
	latin1 := mustEncode(t, charmap.ISO8859_1.NewEncoder(), "Résumé of visit")
	doc, err := Open(context.Background(), "latin1.txt", latin1, Options{})
	if err != nil || doc.Pages[0].Text != "Résumé of visit" {
		t.Errorf("Latin-1: %v %q", err, doc.Pages[0].Text)
	}
	if got := Typed("pasted\r\ntext").Pages[0]; got.Text != "pasted\ntext" || got.Source != "typed" {
		t.Errorf("Typed: %+v", got)
	}
}

// docx builds a minimal Word document around body XML.
func docx(t *testing.T, body string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range map[string]string{
		"[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"word/document.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body + `</w:body></w:document>`,
	} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(content))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestDocx(t *testing.T) {
	body := `<w:p><w:r><w:t>PROGRESS NOTE</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Assessment: </w:t></w:r><w:r><w:t>hypertension</w:t></w:r><w:r><w:tab/><w:t>I10</w:t></w:r></w:p>
<w:p><w:r><w:t>Plan: recheck</w:t><w:br/><w:t>in 3 months &amp; labs</w:t></w:r><w:del><w:r><w:delText>deleted words</w:delText></w:r></w:del></w:p>
<w:p><w:r><w:br w:type="page"/></w:r></w:p>
<w:p><w:r><w:t>Second page</w:t></w:r></w:p>`
	doc, err := Open(context.Background(), "note.docx", docx(t, body), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"PROGRESS NOTE\nAssessment: hypertension\tI10\nPlan: recheck\nin 3 months & labs", "Second page"}
	if doc.MediaType != mediaDocx || doc.PageCount() != 2 {
		t.Fatalf("%s with %d pages", doc.MediaType, doc.PageCount())
	}
	for i, p := range doc.Pages {
		if p.Text != want[i] {
			t.Errorf("page %d: %q, want %q", i+1, p.Text, want[i])
		}
	}
	if _, err := Open(context.Background(), "empty.docx", docx(t, `<w:p/>`), Options{}); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty docx: %v", err)
	}
	if _, err := Open(context.Background(), "broken.docx", docx(t, `<w:p><w:t>unclosed`), Options{}); !errors.Is(err, ErrCorrupt) {
		t.Errorf("broken docx: %v", err)
	}
}

// TestImageFormats opens the same scanned page in each image format and
// checks it renders at the requested size and reads by OCR.
func TestImageFormats(t *testing.T) {
	ctx := context.Background()
	page := renderNote(notePages[11])
	// Paletted copy for GIF (two colours, as a bilevel scan).
	pal := image.NewPaletted(page.Bounds(), color.Palette{color.White, color.Black})
	for i, v := range page.Pix {
		if v < 128 {
			pal.Pix[i] = 1
		}
	}
	var gifBuf, bmpBuf bytes.Buffer
	if err := gif.Encode(&gifBuf, pal, nil); err != nil {
		t.Fatal(err)
	}
	if err := bmp.Encode(&bmpBuf, page); err != nil {
		t.Fatal(err)
	}
	rgba := image.NewNRGBA(page.Bounds())
	for i, v := range page.Pix {
		copy(rgba.Pix[4*i:], []uint8{v, v, v, 255})
	}
	for _, c := range []struct {
		name, mt string
		data     []byte
	}{
		{"scan.png", "image/png", pngBytes(t, page)},
		{"scan-rgba.png", "image/png", pngBytes(t, rgba)},
		{"scan.jpg", "image/jpeg", asJPEG(t, page)},
		{"scan.gif", "image/gif", gifBuf.Bytes()},
		{"scan.bmp", "image/bmp", bmpBuf.Bytes()},
		{"scan.webp", "image/webp", bilevelWebP(pal)},
	} {
		doc, err := Open(ctx, c.name, c.data, Options{})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if doc.MediaType != c.mt || doc.PageCount() != 1 {
			t.Fatalf("%s: %s with %d pages", c.name, doc.MediaType, doc.PageCount())
		}
		errs, words := wordErrors(notePages[11], doc.Pages[0].Text)
		if float64(errs) > pageWERLimit*float64(words) {
			t.Errorf("%s: %d of %d words wrong:\n%s", c.name, errs, words, doc.Pages[0].Text)
		}
		// A page-size image without a resolution is taken as letter width.
		img, err := doc.RenderPage(ctx, 1, 100)
		if err != nil {
			t.Fatal(err)
		}
		if b := img.Bounds(); b.Dx() != 850 || b.Dy() != 1100 {
			t.Errorf("%s at 100 dpi: %v, want 850x1100", c.name, b.Size())
		}
	}
}

func TestBadInput(t *testing.T) {
	ctx := context.Background()
	png1 := pngBytes(t, image.NewGray(image.Rect(0, 0, 10, 10)))
	var hugePNG bytes.Buffer
	// A PNG header claiming 100000×100000 pixels: refused before decoding.
	big := image.NewGray(image.Rect(0, 0, 1, 1))
	png.Encode(&hugePNG, big)
	hb := hugePNG.Bytes()
	copy(hb[16:24], []byte{0, 1, 0x86, 0xa0, 0, 1, 0x86, 0xa0})
	binary.BigEndian.PutUint32(hb[29:], crc32.ChecksumIEEE(hb[12:29]))
	for _, c := range []struct {
		name string
		data []byte
		opts Options
		want error
	}{
		{"empty.pdf", nil, Options{}, ErrEmpty},
		{"blank.txt", []byte("  \n\n "), Options{}, ErrEmpty},
		{"program.exe", []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"), Options{}, ErrUnsupported},
		{"old.doc", []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + strings.Repeat("\x00", 100)), Options{}, ErrUnsupported},
		{"archive.zip", docxLike(t), Options{}, ErrUnsupported},
		{"note.rtf", []byte(`{\rtf1\ansi hello}`), Options{}, ErrUnsupported},
		{"cut.png", png1[:len(png1)-20], Options{}, ErrCorrupt},
		{"cut.jpg", asJPEG(t, image.NewGray(image.Rect(0, 0, 64, 64)))[:100], Options{}, ErrCorrupt},
		{"bomb.png", hb, Options{}, ErrTooLarge},
		{"big.txt", []byte(strings.Repeat("a", 2000)), Options{MaxBytes: 1000}, ErrTooLarge},
	} {
		_, err := Open(ctx, c.name, c.data, c.opts)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.want)
			continue
		}
		if !strings.HasPrefix(err.Error(), c.name+": ") {
			t.Errorf("%s: error %q does not start with the file name", c.name, err)
		}
	}
}

func docxLike(t *testing.T) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("readme.txt")
	w.Write([]byte("not a document"))
	zw.Close()
	return buf.Bytes()
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	pages := []tiffSpec{}
	for i := range 6 { // small pages: cancelling does not depend on page size
		pages = append(pages, tiffSpec{img: smallPage(t, i), compression: 4, dpiX: 300, dpiY: 300})
	}
	data := makeTIFF(pages)
	calls := 0
	_, err := Open(ctx, "long.tif", data, Options{Workers: 1, Progress: func(done, total int) {
		calls++
		if done == 1 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled after page 1: got %v", err)
	}
	if calls > 3 {
		t.Errorf("%d progress calls after cancel at page 1 of 6", calls)
	}
}

func TestOCRUnavailableMessage(t *testing.T) {
	if ErrOCRUnavailable.Error() != "OCR is unavailable: install tesseract (sudo apt-get install tesseract-ocr)" {
		t.Errorf("message changed: %q", ErrOCRUnavailable)
	}
	t.Setenv("PATH", t.TempDir())
	tesseract.Lock()
	saved := tesseract.path
	tesseract.path = ""
	tesseract.Unlock()
	defer func() { tesseract.Lock(); tesseract.path = saved; tesseract.Unlock() }()
	if err := OCRAvailable(); !errors.Is(err, ErrOCRUnavailable) {
		t.Fatalf("without tesseract on PATH: %v", err)
	}
	// The scan still opens, without text, and says why.
	doc, err := Open(context.Background(), "scan.png", pngBytes(t, smallPage(t, 0)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(doc.OCRError, ErrOCRUnavailable) || doc.Pages[0].Text != "" {
		t.Errorf("OCRError %v, text %q", doc.OCRError, doc.Pages[0].Text)
	}
}

// TestRenderCache checks the viewer's page cache and prefetch: the next
// page is ready after a render, and concurrent requests share a render.
func TestRenderCache(t *testing.T) {
	ctx := context.Background()
	var specs []tiffSpec
	for i := range 3 {
		specs = append(specs, tiffSpec{img: smallPage(t, i), compression: 4, dpiX: 300, dpiY: 300})
	}
	doc, err := Open(ctx, "three.tif", makeTIFF(specs), Options{NoOCR: true})
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	first, err := doc.RenderPage(ctx, 1, 72)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := doc.RenderPage(ctx, 1, 72)
	if first != again {
		t.Error("page 1 rendered twice instead of coming from the cache")
	}
	// Page 2 is being prefetched or is ready; asking for it must give the
	// same image as a direct render.
	two, err := doc.RenderPage(ctx, 2, 72)
	if err != nil {
		t.Fatal(err)
	}
	direct, _ := doc.render(ctx, 2, 72)
	sameInk(t, "prefetched page 2", toGray(direct), two)
	var wg sync.WaitGroup
	imgs := make([]image.Image, 8)
	for i := range imgs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			imgs[i], _ = doc.RenderPage(ctx, 3, 150)
		}()
	}
	wg.Wait()
	for i := range imgs {
		if imgs[i] == nil || imgs[i] != imgs[0] {
			t.Fatalf("concurrent render %d differs", i)
		}
	}
	if _, err := doc.RenderPage(ctx, 4, 72); !errors.Is(err, ErrNoPage) {
		t.Errorf("page 4 of 3: %v", err)
	}
}

// withOrientation inserts an EXIF APP1 segment with the orientation tag
// after a JPEG's start-of-image marker, as a phone camera writes it.
func withOrientation(jpg []byte, o uint16) []byte {
	exif := []byte("Exif\x00\x00II*\x00\x08\x00\x00\x00\x01\x00\x12\x01\x03\x00\x01\x00\x00\x00")
	exif = binary.LittleEndian.AppendUint16(exif, o)
	exif = append(exif, 0, 0, 0, 0, 0, 0)
	seg := []byte{0xff, 0xe1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(exif)+2))
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	out = append(out, exif...)
	return append(out, jpg[2:]...)
}

// TestPhotoOrientation opens a note photographed sideways: the pixels
// are stored turned, the EXIF orientation says how to show them.
func TestPhotoOrientation(t *testing.T) {
	page := renderNote(notePages[11])
	// Stored turned 90° anticlockwise; orientation 6 says "turn clockwise".
	turned := orient(page, 8).(*image.Gray)
	doc, err := Open(context.Background(), "photo.jpg", withOrientation(asJPEG(t, turned), 6), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if b := doc.img.Bounds(); b.Dx() != pageW || b.Dy() != pageH {
		t.Fatalf("upright size %v, want %dx%d", b.Size(), pageW, pageH)
	}
	if errs, words := wordErrors(notePages[11], doc.Pages[0].Text); float64(errs) > pageWERLimit*float64(words) {
		t.Errorf("%d of %d words wrong:\n%s", errs, words, doc.Pages[0].Text)
	}
	// Every orientation undoes its own turn or flip.
	small := smallPage(t, 0)
	inverse := map[int]int{1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 8, 7: 7, 8: 6}
	for o := 1; o <= 8; o++ {
		sameInk(t, fmt.Sprintf("orientation %d", o), small, orient(orient(small, o), inverse[o]))
	}
	if got := jpegOrientation(withOrientation(asJPEG(t, small), 3)); got != 3 {
		t.Errorf("orientation read as %d, want 3", got)
	}
}
