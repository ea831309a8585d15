package intake

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/image/bmp"
)

// fuzzOptions keep each run small: no OCR, small pages, few of them.
var fuzzOptions = Options{NoOCR: true, MaxPages: 8, MaxPixels: 4_000_000, Workers: 1}

// fuzzReader opens every fuzz input; worker processes share its
// compilation cache.
var fuzzReader = sync.OnceValue(func() *Reader {
	r := NewReader(filepath.Join(os.TempDir(), "codebench-intake-fuzz-cache"))
	r.pdf.idleAfter = time.Hour // a restart mid-run would look like a hang
	return r
})

// warmForFuzz starts the PDF engine before fuzzing: a cold start takes
// seconds, and the fuzzer takes any input slower than 10 s for a hang.
func warmForFuzz(f *testing.F) {
	e := fuzzReader().pdf
	inst, err := e.acquire(context.Background())
	if err != nil {
		f.Fatal(err)
	}
	e.giveBack(inst)
}

// checkOpen opens data and renders every page; any failure must be one of
// the documented errors, naming the file.
func checkOpen(t *testing.T, name string, data []byte) {
	letPanic.Store(true) // a panic must fail the fuzz run, not be hidden
	defer letPanic.Store(false)
	ctx := context.Background()
	doc, err := fuzzReader().Open(ctx, name, data, fuzzOptions)
	if err != nil {
		checkErr(t, name, err)
		return
	}
	defer doc.Close()
	if doc.PageCount() < 1 || doc.PageCount() > fuzzOptions.MaxPages {
		t.Fatalf("%d pages", doc.PageCount())
	}
	for n := 1; n <= doc.PageCount(); n++ {
		img, err := doc.RenderPage(ctx, n, 24)
		if err != nil {
			if errors.Is(err, ErrNoImage) {
				return
			}
			checkErr(t, name, err)
			continue
		}
		if img.Bounds().Empty() {
			t.Fatalf("page %d: empty image", n)
		}
	}
}

func checkErr(t *testing.T, name string, err error) {
	t.Helper()
	for _, known := range []error{ErrUnsupported, ErrCorrupt, ErrPassword, ErrEmpty, ErrTooLarge, ErrTooManyPages} {
		if errors.Is(err, known) {
			if !strings.HasPrefix(err.Error(), name+": ") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
	}
	t.Fatalf("undocumented error: %v", err)
}

func tinyPage() *image.Gray {
	g := image.NewGray(image.Rect(0, 0, 64, 24))
	for i := range g.Pix {
		g.Pix[i] = 0xff
	}
	for x := 8; x < 56; x++ {
		g.Pix[12*g.Stride+x] = 0
		g.Pix[(4+x%16)*g.Stride+x] = 0
	}
	return g
}

func FuzzOpenImage(f *testing.F) {
	g := tinyPage()
	pal := image.NewPaletted(g.Bounds(), color.Palette{color.White, color.Black})
	for i, v := range g.Pix {
		if v < 128 {
			pal.Pix[i] = 1
		}
	}
	var gb, bb bytes.Buffer
	gif.Encode(&gb, pal, nil)
	bmp.Encode(&bb, g)
	f.Add("page.png", pngBytes(f, g))
	f.Add("page.jpg", asJPEG(f, g))
	f.Add("page.gif", gb.Bytes())
	f.Add("page.bmp", bb.Bytes())
	f.Add("page.webp", bilevelWebP(pal))
	f.Add("note.txt", []byte("Assessment: I10\r\n"))
	warmForFuzz(f)
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		if name == "" || strings.ContainsAny(name, "\x00/") {
			name = "fuzz.bin"
		}
		checkOpen(t, name, data)
	})
}

func FuzzOpenTIFF(f *testing.F) {
	g := tinyPage()
	bw := tinyPage()
	f.Add(makeTIFF([]tiffSpec{{img: g, compression: 1, dpiX: 300, dpiY: 300}}))
	f.Add(makeTIFF([]tiffSpec{{img: bw, compression: 4, dpiX: 300, dpiY: 300}, {img: bw, compression: 3, dpiX: 204, dpiY: 98}}))
	f.Add(makeTIFF([]tiffSpec{{img: bw, compression: 3, g3K: 2, dpiX: 204, dpiY: 196, bigEndian: true}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkOpen(t, "fuzz.tif", data)
	})
}

func FuzzOpenPDF(f *testing.F) {
	f.Add(textPDF(f, []string{"Assessment: I10"}, ""))
	f.Add(textPDF(f, []string{"Locked"}, "pw"))
	f.Add(scanPDF(f, []*image.Gray{tinyPage()}))
	warmForFuzz(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		checkOpen(t, "fuzz.pdf", data)
	})
}
