package intake

import (
	"context"
	"errors"
	"fmt"
	"image"
	"strings"
	"testing"
)

// smallPage is the top of a rendered note: quick to encode, with real
// glyph edges for the CCITT coders.
func smallPage(t testing.TB, i int) *image.Gray {
	t.Helper()
	full := renderNote(notePages[i%len(notePages)])
	g := image.NewGray(image.Rect(0, 0, 1700, 700))
	for y := range 700 {
		copy(g.Pix[y*g.Stride:y*g.Stride+1700], full.Pix[(250+y)*full.Stride+250:])
	}
	return g
}

func sameInk(t *testing.T, what string, want *image.Gray, got image.Image) {
	t.Helper()
	if got.Bounds().Size() != want.Bounds().Size() {
		t.Fatalf("%s: size %v, want %v", what, got.Bounds().Size(), want.Bounds().Size())
	}
	g := toGray(got)
	diff := 0
	for y := range want.Bounds().Dy() {
		for x := range want.Bounds().Dx() {
			if (want.Pix[y*want.Stride+x] < 128) != (g.Pix[y*g.Stride+x] < 128) {
				diff++
			}
		}
	}
	if diff != 0 {
		t.Errorf("%s: %d pixels differ", what, diff)
	}
}

// TestTIFFEveryPage writes one multi-page TIFF with every compression a
// scanner or fax uses and checks each page decodes to the same ink.
func TestTIFFEveryPage(t *testing.T) {
	ctx := context.Background()
	var specs []tiffSpec
	var want []*image.Gray
	kinds := []struct {
		name string
		spec tiffSpec
	}{
		{"uncompressed gray", tiffSpec{compression: 1, dpiX: 300, dpiY: 300}},
		{"Group 3 1-D", tiffSpec{compression: 3, dpiX: 204, dpiY: 196}},
		{"Group 3 2-D K=4", tiffSpec{compression: 3, g3K: 4, dpiX: 204, dpiY: 98}},
		{"Group 4", tiffSpec{compression: 4, dpiX: 300, dpiY: 300}},
		{"Group 4, no resolution", tiffSpec{compression: 4}},
	}
	for i, k := range kinds {
		img := smallPage(t, i)
		if k.spec.compression != 1 {
			// Bilevel pages hold only black and white.
			for j, v := range img.Pix {
				img.Pix[j] = map[bool]uint8{true: 0, false: 255}[v < 128]
			}
		}
		s := k.spec
		s.img = img
		specs = append(specs, s)
		want = append(want, img)
	}
	for _, bigEndian := range []bool{false, true} {
		specs[0].bigEndian = bigEndian
		data := makeTIFF(specs)
		doc, err := Open(ctx, "fax.tif", data, Options{NoOCR: true})
		if err != nil {
			t.Fatalf("big-endian %v: %v", bigEndian, err)
		}
		if doc.MediaType != "image/tiff" || doc.PageCount() != len(kinds) {
			t.Fatalf("got %s with %d pages, want image/tiff with %d", doc.MediaType, doc.PageCount(), len(kinds))
		}
		for i, k := range kinds {
			img, err := doc.tiffPage(i + 1)
			if err != nil {
				t.Fatalf("%s: %v", k.name, err)
			}
			sameInk(t, fmt.Sprintf("%s (big-endian %v)", k.name, bigEndian), want[i], img)
		}
		// Fax resolution 204×98 is stretched to square pixels.
		r, err := doc.RenderPage(ctx, 3, 300)
		if err != nil {
			t.Fatal(err)
		}
		if got, wantW, wantH := r.Bounds().Size(), 1700*300/204, 700*300/98; abs(got.X-wantW) > 1 || abs(got.Y-wantH) > 1 {
			t.Errorf("fax page at 300 dpi is %v, want about %dx%d", got, wantW, wantH)
		}
	}
}

// TestTIFFCutShortIsRefused: a multi-page scan cut short (a copy that
// stopped, a damaged download) is refused with the page it stops after,
// never imported as fewer pages without a word (issue 14, item 6).
func TestTIFFCutShortIsRefused(t *testing.T) {
	ctx := context.Background()
	var specs []tiffSpec
	for i := range 5 {
		specs = append(specs, tiffSpec{img: smallPage(t, i), compression: 4, dpiX: 300, dpiY: 300})
	}
	whole := makeTIFF(specs)
	doc, err := Open(ctx, "scan.tif", whole, Options{NoOCR: true})
	if err != nil || len(doc.Pages) != 5 {
		t.Fatalf("the whole file: %v", err)
	}
	doc.Close()
	for _, cut := range []int{len(whole) * 2 / 5, len(whole) * 3 / 5, len(whole) - 20} {
		_, err := Open(ctx, "scan.tif", whole[:cut], Options{NoOCR: true})
		if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "incomplete") {
			t.Errorf("cut at %d of %d bytes: %v, want the file refused as incomplete", cut, len(whole), err)
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func TestTIFFBad(t *testing.T) {
	ctx := context.Background()
	good := makeTIFF([]tiffSpec{{img: smallPage(t, 0), compression: 4, dpiX: 300, dpiY: 300}})
	loop := append([]byte(nil), good...)
	// Point the last directory's next link back at itself.
	ifd := int(loop[4]) | int(loop[5])<<8 | int(loop[6])<<16 | int(loop[7])<<24
	n := int(loop[ifd]) | int(loop[ifd+1])<<8
	next := ifd + 2 + 12*n
	copy(loop[next:], loop[4:8])
	truncated := good[:len(good)/2]
	for _, c := range []struct {
		name string
		data []byte
		want error
	}{
		{"header only", []byte("II*\x00"), ErrCorrupt},
		{"directory outside", []byte("II*\x00\xff\xff\x00\x00"), ErrCorrupt},
		{"page chain loop", loop, ErrCorrupt},
		{"truncated strip", truncated, ErrCorrupt},
		{"BigTIFF", []byte("II+\x00\x08\x00\x00\x00"), ErrUnsupported},
	} {
		_, err := Open(ctx, "scan.tif", c.data, Options{NoOCR: true})
		if !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.want)
			continue
		}
		if err.Error()[:len("scan.tif: ")] != "scan.tif: " {
			t.Errorf("%s: error %q does not name the file", c.name, err)
		}
	}
}
