//go:build windows

package report

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/codebench/codebench/app/intake"
)

// tempFiles lists the temporary folder, to show that printing left no
// copy of the summary behind.
func tempFiles(t *testing.T) []string {
	t.Helper()
	ents, err := os.ReadDir(os.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

func TestPrintOnAPrinterThatIsNotSetUp(t *testing.T) {
	pdf := render(t, inpatientRecord(), nil, testOptions())
	before := tempFiles(t)
	err := Print(context.Background(), pdf, "Codebench Test Printer That Does Not Exist")
	if err == nil || !strings.Contains(err.Error(), "is not set up on this computer") {
		t.Fatalf("Print on a missing printer: %v", err)
	}
	if after := tempFiles(t); !slices.Equal(before, after) {
		t.Errorf("printing changed the temporary folder:\nbefore %v\nafter  %v", before, after)
	}
}

func TestPrintWithNoDefaultPrinter(t *testing.T) {
	if name, err := defaultPrinter(); err == nil {
		t.Skipf("this computer has a default printer (%s): not printing a test page on it", name)
	}
	pdf := render(t, inpatientRecord(), nil, testOptions())
	before := tempFiles(t)
	if err := Print(context.Background(), pdf, ""); !errors.Is(err, ErrNoPrinter) {
		t.Fatalf("Print with no printer: %v, want ErrNoPrinter", err)
	}
	if after := tempFiles(t); !slices.Equal(before, after) {
		t.Errorf("printing changed the temporary folder:\nbefore %v\nafter  %v", before, after)
	}
}

// TestDrawPageOnABitmap draws a real summary page through the same GDI
// call a printer gets, on an in-memory bitmap standing in for the sheet,
// and compares the ink with the page the PDF engine rendered.
func TestDrawPageOnABitmap(t *testing.T) {
	const dpi, w, h = 100, 850, 1100 // a letter sheet at 100 dpi
	pdf := render(t, inpatientRecord(), nil, testOptions())
	doc, err := intake.Open(context.Background(), "summary.pdf", pdf, intake.Options{NoOCR: true, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	img, err := doc.RenderPage(context.Background(), 1, dpi)
	if err != nil {
		t.Fatal(err)
	}

	hdc, _, _ := gdi32.NewProc("CreateCompatibleDC").Call(0)
	if hdc == 0 {
		t.Fatal("CreateCompatibleDC failed")
	}
	defer procDeleteDC.Call(hdc)
	hdr := bitmapInfoHeader{width: w, height: -h, planes: 1, bitCount: 32}
	hdr.size = uint32(unsafe.Sizeof(hdr))
	var bitsPtr unsafe.Pointer
	bmp, _, _ := gdi32.NewProc("CreateDIBSection").Call(hdc, uintptr(unsafe.Pointer(&hdr)), 0, uintptr(unsafe.Pointer(&bitsPtr)), 0, 0)
	if bmp == 0 {
		t.Fatal("CreateDIBSection failed")
	}
	defer gdi32.NewProc("DeleteObject").Call(bmp)
	gdi32.NewProc("SelectObject").Call(hdc, bmp)
	sheet := unsafe.Slice((*byte)(bitsPtr), w*h*4)
	for i := range sheet {
		sheet[i] = 0xff
	}

	if err := drawPage(hdc, img, dpi, page{width: w, height: h, dpiX: dpi, dpiY: dpi}); err != nil {
		t.Fatal(err)
	}
	gdi32.NewProc("GdiFlush").Call()

	b := img.Bounds()
	var ink, same int
	for y := 0; y < min(h, b.Dy()); y++ {
		for x := 0; x < min(w, b.Dx()); x++ {
			r, g, bl, _ := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
			want := (r+g+bl)/3 < 0x8000
			p := sheet[(y*w+x)*4:]
			got := (int(p[0])+int(p[1])+int(p[2]))/3 < 0x80
			if want {
				ink++
				if got {
					same++
				}
			}
		}
	}
	if ink < 2000 {
		t.Fatalf("the rendered page has only %d dark pixels", ink)
	}
	if same*100 < ink*95 {
		t.Errorf("the sheet has %d of the page's %d dark pixels", same, ink)
	}
	t.Logf("%d of %d dark pixels drawn", same, ink)
}
