package intake

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/jung-kurt/gofpdf"
	"golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/f64"
	"golang.org/x/image/math/fixed"

	"github.com/codebench/codebench/internal/testenv"
)

// The PDF engine's compiled code is kept between runs (see testenv) for
// the package-level Open and OpenFile that most tests use.
func init() {
	r := NewReader(testenv.PDFEngineCache())
	defaultReader = func() *Reader { return r }
}

// terminologyDir is ../shared/terminology seen from the repository root.
// The official files are required: the test fails rather than skips.
func terminologyDir(t testing.TB) string {
	t.Helper()
	d := filepath.Join(testenv.RepoRoot(t), "..", "shared", "terminology")
	if _, err := os.Stat(d); err != nil {
		t.Fatalf("official code-set files not found at %s (see the README): %v", d, err)
	}
	return d
}

// Letter paper at 300 dpi.
const pageW, pageH = 2550, 3300

var noteFace = func() font.Face {
	f, err := opentype.Parse(goregular.TTF)
	if err != nil {
		panic(err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 11, DPI: 300, Hinting: font.HintingFull})
	if err != nil {
		panic(err)
	}
	return face
}()

var (
	renderedMu sync.Mutex
	rendered   = map[string]*image.Gray{}
)

// renderNote draws text on a white letter page at 300 dpi with one-inch
// margins, wrapping long lines at word boundaries. Each text is drawn once
// per test process (most tests draw the same few pages, and drawing is
// slow under -race); every caller gets its own copy to change.
func renderNote(text string) *image.Gray {
	renderedMu.Lock()
	img, ok := rendered[text]
	if !ok {
		img = drawNote(text)
		rendered[text] = img
	}
	renderedMu.Unlock()
	out := *img
	out.Pix = append([]uint8(nil), img.Pix...)
	return &out
}

func drawNote(text string) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, pageW, pageH))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	d := &font.Drawer{Dst: img, Src: image.Black, Face: noteFace}
	m := noteFace.Metrics()
	lineH := m.Height.Ceil() * 13 / 10
	left, right := 300, pageW-300
	y := 300 + m.Ascent.Ceil()
	for _, para := range strings.Split(text, "\n") {
		line := ""
		flush := func() {
			d.Dot = fixed.P(left, y)
			d.DrawString(line)
			y += lineH
			line = ""
		}
		for _, w := range strings.Fields(para) {
			try := w
			if line != "" {
				try = line + " " + w
			}
			if d.MeasureString(try).Ceil() > right-left && line != "" {
				flush()
				try = w
			}
			line = try
		}
		flush()
	}
	return img
}

// rotate turns a page by deg degrees about its centre, as a sheet fed
// crooked through a scanner.
func rotate(src *image.Gray, deg float64) *image.Gray {
	b := src.Bounds()
	dst := image.NewGray(b)
	for i := range dst.Pix {
		dst.Pix[i] = 0xff
	}
	s, c := math.Sincos(deg * math.Pi / 180)
	cx, cy := float64(b.Dx())/2, float64(b.Dy())/2
	m := f64.Aff3{c, -s, cx - c*cx + s*cy, s, c, cy - s*cx - c*cy}
	draw.BiLinear.Transform(dst, m, src, b, draw.Over, nil)
	return dst
}

// addNoise adds scanner grain (gaussian, sigma gray levels) and dust
// (isolated dark specks, dust of the pixels).
func addNoise(img *image.Gray, seed uint64, sigma, dust float64) {
	r := rand.New(rand.NewPCG(seed, 1))
	for i, v := range img.Pix {
		n := float64(v) + r.NormFloat64()*sigma
		if r.Float64() < dust {
			n = 40
		}
		img.Pix[i] = uint8(max(0, min(255, n)))
	}
}

// ---- CCITT encoders (Group 4 and Group 3 1-D/2-D), test only ----

type bitSink struct {
	buf  []byte
	acc  uint64
	nacc uint
}

func (b *bitSink) put(bs bitString) {
	b.acc = b.acc<<bs.nBits | uint64(bs.bits)
	b.nacc += uint(bs.nBits)
	for b.nacc >= 8 {
		b.buf = append(b.buf, byte(b.acc>>(b.nacc-8)))
		b.nacc -= 8
	}
}

func (b *bitSink) bytes() []byte {
	if b.nacc > 0 {
		b.buf = append(b.buf, byte(b.acc<<(8-b.nacc)))
		b.nacc = 0
	}
	return b.buf
}

// alignEOL pads with zeros so the next EOL ends on a byte boundary.
func (b *bitSink) alignEOL() {
	for (b.nacc+12)%8 != 0 {
		b.put(bitString{0, 1})
	}
}

var eolCode = bitString{1, 12}

func (b *bitSink) run(n int, black bool) {
	t2, t3 := whiteEncodeTable2[:], whiteEncodeTable3[:]
	if black {
		t2, t3 = blackEncodeTable2[:], blackEncodeTable3[:]
	}
	for n >= 2560 {
		b.put(t3[2560/64-1])
		n -= 2560
	}
	if n >= 64 {
		b.put(t3[n/64-1])
		n %= 64
	}
	b.put(t2[n])
}

// bilevel thresholds a gray page: true is ink.
func bilevel(img *image.Gray) [][]bool {
	b := img.Bounds()
	rows := make([][]bool, b.Dy())
	for y := range rows {
		rows[y] = make([]bool, b.Dx())
		for x := range rows[y] {
			rows[y][x] = img.Pix[y*img.Stride+x] < 128
		}
	}
	return rows
}

// next is the first position > a0 (or ≥ 0 at the start) whose pixel
// differs from colour, or the width.
func next(line []bool, a0 int, colour bool) int {
	for p := max(a0+1, 0); p < len(line); p++ {
		if line[p] != colour {
			return p
		}
	}
	return len(line)
}

// changeOpposite finds b1: the first change on ref right of a0 to the
// colour opposite colour.
func changeOpposite(ref []bool, a0 int, colour bool) int {
	for p := max(a0+1, 0); p < len(ref); p++ {
		prev := false
		if p > 0 {
			prev = ref[p-1]
		}
		if ref[p] != prev && ref[p] == !colour {
			return p
		}
	}
	return len(ref)
}

func nextChange(ref []bool, p int) int {
	for p++; p < len(ref); p++ {
		if ref[p] != ref[p-1] {
			return p
		}
	}
	return len(ref)
}

// code2D writes one modified READ line against ref (T.4 2-D / T.6).
func (b *bitSink) code2D(cur, ref []bool) {
	w := len(cur)
	a0, colour := -1, false
	for a0 < w {
		a1 := next(cur, a0, colour)
		b1 := changeOpposite(ref, a0, colour)
		b2 := nextChange(ref, b1)
		if b1 >= w {
			b2 = w
		}
		switch {
		case b2 < a1:
			b.put(modeEncodeTable[modePass])
			a0 = b2
		case a1-b1 >= -3 && a1-b1 <= 3:
			b.put(modeEncodeTable[[...]int{modeVL3, modeVL2, modeVL1, modeV0, modeVR1, modeVR2, modeVR3}[a1-b1+3]])
			a0, colour = a1, !colour
		default:
			a2 := next(cur, a1, !colour)
			b.put(modeEncodeTable[modeH])
			b.run(a1-max(a0, 0), colour)
			b.run(a2-a1, !colour)
			a0 = a2
		}
	}
}

func (b *bitSink) code1D(cur []bool) {
	x, colour := 0, false
	for x < len(cur) {
		e := next(cur, x-1, colour)
		b.run(e-x, colour)
		x, colour = e, !colour
	}
}

func encodeG4(rows [][]bool) []byte {
	var b bitSink
	ref := make([]bool, len(rows[0]))
	for _, r := range rows {
		b.code2D(r, ref)
		ref = r
	}
	b.put(eolCode)
	b.put(eolCode)
	return b.bytes()
}

// encodeG3 writes Group 3 with an EOL before every line; with k > 1 it
// uses 2-D coding, every k-th line 1-D, tagged after each EOL.
func encodeG3(rows [][]bool, k int, aligned bool) []byte {
	var b bitSink
	var ref []bool
	for i, r := range rows {
		if aligned {
			b.alignEOL()
		}
		b.put(eolCode)
		switch {
		case k <= 1:
			b.code1D(r)
		case i%k == 0:
			b.put(bitString{1, 1})
			b.code1D(r)
		default:
			b.put(bitString{0, 1})
			b.code2D(r, ref)
		}
		ref = r
	}
	for range 6 {
		if k > 1 {
			b.put(eolCode)
			b.put(bitString{1, 1})
		} else {
			b.put(eolCode)
		}
	}
	return b.bytes()
}

// ---- TIFF writer, test only ----

type tiffSpec struct {
	img         *image.Gray
	compression int     // 1 none (8-bit gray), 3 Group 3, 4 Group 4
	g3K         int     // Group 3: 0/1 for 1-D, >1 for 2-D with this K
	dpiX, dpiY  float64 // 0: no resolution tags
	bigEndian   bool    // whole file; taken from the first page
}

// makeTIFF writes every page into one TIFF, its directories chained.
func makeTIFF(pages []tiffSpec) []byte {
	var bo binary.ByteOrder = binary.LittleEndian
	hdr := []byte("II*\x00\x00\x00\x00\x00")
	if pages[0].bigEndian {
		bo = binary.BigEndian
		hdr = []byte("MM\x00*\x00\x00\x00\x00")
	}
	out := bytes.NewBuffer(hdr)
	linkAt := 4
	for _, p := range pages {
		b := p.img.Bounds()
		var strip []byte
		bps, photometric := 1, 0
		t4 := uint32(0)
		switch p.compression {
		case 1:
			strip = append([]byte(nil), p.img.Pix...)
			bps, photometric = 8, 1
		case 3:
			strip = encodeG3(bilevel(p.img), p.g3K, false)
			if p.g3K > 1 {
				t4 = 1
			}
		case 4:
			strip = encodeG4(bilevel(p.img))
		}
		stripAt := out.Len()
		out.Write(strip)
		if out.Len()%2 == 1 {
			out.WriteByte(0)
		}
		ratAt := out.Len()
		for _, v := range []float64{p.dpiX, p.dpiY} {
			binary.Write(out, bo, uint32(v*100))
			binary.Write(out, bo, uint32(100))
		}
		type entry struct {
			tag, typ uint16
			val      uint32
		}
		es := []entry{
			{256, 4, uint32(b.Dx())}, {257, 4, uint32(b.Dy())}, {258, 3, uint32(bps)},
			{259, 3, uint32(p.compression)}, {262, 3, uint32(photometric)},
			{273, 4, uint32(stripAt)}, {277, 3, 1}, {278, 4, uint32(b.Dy())}, {279, 4, uint32(len(strip))},
		}
		if p.dpiX > 0 {
			es = append(es, entry{282, 5, uint32(ratAt)}, entry{283, 5, uint32(ratAt + 8)})
		}
		if p.compression == 3 {
			es = append(es, entry{292, 4, t4})
		}
		if p.dpiX > 0 {
			es = append(es, entry{296, 3, 2})
		}
		ifdAt := out.Len()
		bo.PutUint32(out.Bytes()[linkAt:], uint32(ifdAt))
		binary.Write(out, bo, uint16(len(es)))
		for _, e := range es {
			binary.Write(out, bo, e.tag)
			binary.Write(out, bo, e.typ)
			binary.Write(out, bo, uint32(1))
			if e.typ == 3 {
				binary.Write(out, bo, uint16(e.val))
				binary.Write(out, bo, uint16(0))
			} else {
				binary.Write(out, bo, e.val)
			}
		}
		linkAt = out.Len()
		binary.Write(out, bo, uint32(0))
	}
	return out.Bytes()
}

// ---- PDFs, test only (gofpdf never enters the app) ----

// textPDF is a born-digital PDF with one page per text.
func textPDF(t testing.TB, texts []string, password string) []byte {
	t.Helper()
	pdf := gofpdf.New("P", "pt", "Letter", "")
	if password != "" {
		pdf.SetProtection(gofpdf.CnProtectPrint, password, password+"-owner")
	}
	pdf.SetFont("Helvetica", "", 11)
	pdf.SetMargins(72, 72, 72)
	for _, s := range texts {
		pdf.AddPage()
		pdf.MultiCell(0, 14, s, "", "L", false)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// scanPDF is a PDF of page images with no text layer, as a scanner
// writes: each image fills a letter page.
func scanPDF(t testing.TB, imgs []*image.Gray) []byte {
	t.Helper()
	pdf := gofpdf.New("P", "pt", "Letter", "")
	for i, img := range imgs {
		var buf bytes.Buffer
		if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img); err != nil {
			t.Fatal(err)
		}
		name := "page" + string(rune('A'+i%26)) + string(rune('a'+i/26))
		pdf.RegisterImageOptionsReader(name, gofpdf.ImageOptions{ImageType: "PNG"}, &buf)
		pdf.AddPage()
		pdf.ImageOptions(name, 0, 0, 612, 792, false, gofpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	}
	var out bytes.Buffer
	if err := pdf.Output(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func pngBytes(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// ---- word error rate ----

var werNormalizer = strings.NewReplacer("\u2018", "'", "\u2019", "'", "\u201c", `"`, "\u201d", `"`, "\u2014", "-", "\u2013", "-")

// wordErrors is the word-level edit distance (substitutions, insertions,
// deletions) between reference and hypothesis, and the reference length.
// Words are compared exactly, case and punctuation included, after
// typographic quotes and dashes are made ASCII.
func wordErrors(ref, hyp string) (errs, words int) {
	r := strings.Fields(werNormalizer.Replace(ref))
	h := strings.Fields(werNormalizer.Replace(hyp))
	prev := make([]int, len(h)+1)
	cur := make([]int, len(h)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(r); i++ {
		cur[0] = i
		for j := 1; j <= len(h); j++ {
			c := prev[j-1]
			if r[i-1] != h[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(h)], len(r)
}

// bilevelWebP writes a two-colour (palette index 0 white, 1 black) image
// as lossless WebP: no Go WebP encoder exists, and a bilevel page needs
// only VP8L "simple" prefix codes of one bit per channel.
func bilevelWebP(img *image.Paletted) []byte {
	var bits []byte
	var acc uint64
	var n uint
	put := func(v uint64, width uint) {
		acc |= v << n
		n += width
		for n >= 8 {
			bits = append(bits, byte(acc))
			acc >>= 8
			n -= 8
		}
	}
	b := img.Bounds()
	put(0x2f, 8)
	put(uint64(b.Dx()-1), 14)
	put(uint64(b.Dy()-1), 14)
	put(0, 1) // no alpha
	put(0, 3) // version 0
	put(0, 1) // no transform
	put(0, 1) // no colour cache
	put(0, 1) // no meta prefix codes
	twoSymbols := func() { put(1, 1); put(1, 1); put(0, 1); put(0, 1); put(255, 8) }
	twoSymbols() // green: 0 or 255
	twoSymbols() // red
	twoSymbols() // blue
	put(1, 1)    // alpha: simple code, one 8-bit symbol 255
	put(0, 1)
	put(1, 1)
	put(255, 8)
	put(1, 1) // distance: simple code, one 1-bit symbol 0
	put(0, 1)
	put(0, 1)
	put(0, 1)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if img.ColorIndexAt(x, y) == 1 {
				put(0, 3) // black: green, red, blue symbol 0
			} else {
				put(7, 3) // white
			}
		}
	}
	if n > 0 {
		bits = append(bits, byte(acc))
	}
	chunk := len(bits)
	if len(bits)%2 == 1 {
		bits = append(bits, 0)
	}
	out := []byte("RIFF\x00\x00\x00\x00WEBPVP8L\x00\x00\x00\x00")
	binary.LittleEndian.PutUint32(out[4:], uint32(4+8+len(bits)))
	binary.LittleEndian.PutUint32(out[16:], uint32(chunk))
	return append(out, bits...)
}
