package intake

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"math"

	"golang.org/x/image/bmp"
	"golang.org/x/image/draw"
	"golang.org/x/image/webp"

	"github.com/codebench/codebench/app"
)

// decodeConfig and decode pick the decoder by media type rather than
// through image.RegisterFormat, so no other package's registration can
// change what intake accepts.
// imageCodec is a format's size probe and decoder.
type imageCodec struct {
	config func(io.Reader) (image.Config, error)
	decode func(io.Reader) (image.Image, error)
}

// imageCodecs by media type. A GIF's first frame is the page; animated
// GIFs are not notes.
var imageCodecs = map[string]imageCodec{
	"image/png":  {png.DecodeConfig, png.Decode},
	"image/jpeg": {jpeg.DecodeConfig, jpeg.Decode},
	"image/gif":  {gif.DecodeConfig, gif.Decode},
	"image/bmp":  {bmp.DecodeConfig, bmp.Decode},
	"image/webp": {webp.DecodeConfig, webp.Decode},
}

func decodeImage(mt string, data []byte, maxPixels int64) (image.Image, error) {
	codec, ok := imageCodecs[mt]
	if !ok {
		return nil, ErrUnsupported
	}
	c, err := codec.config(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w (%s: %v)", ErrCorrupt, mt, err)
	}
	if err := checkPixels(c.Width, c.Height, maxPixels); err != nil {
		return nil, err
	}
	img, err := codec.decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w (%s: %v)", ErrCorrupt, mt, err)
	}
	return img, nil
}

func checkPixels(w, h int, maxPixels int64) error {
	if w <= 0 || h <= 0 {
		return fmt.Errorf("%w (image of %d×%d pixels)", ErrEmpty, w, h)
	}
	if int64(w)*int64(h) > maxPixels {
		return fmt.Errorf("%w (page of %d×%d pixels; the limit is %d megapixels)", ErrTooLarge, w, h, maxPixels/1_000_000)
	}
	return nil
}

func (d *Document) openImage(ctx context.Context, opts Options) error {
	img, err := decodeImage(d.MediaType, d.data, opts.MaxPixels)
	if err != nil {
		return err
	}
	d.imgDPI = imageDPI(d.MediaType, d.data)
	if d.MediaType == "image/jpeg" {
		o := jpegOrientation(d.data)
		img = orient(img, o)
		if o >= 5 {
			d.imgDPI[0], d.imgDPI[1] = d.imgDPI[1], d.imgDPI[0]
		}
	}
	d.img = img
	d.Pages = []app.Page{{Number: 1, Source: app.SourceOCR}}
	return d.recognize(ctx, opts, d.allPages())
}

// imageDPI reads the resolution an image file declares: PNG pHYs, JPEG
// JFIF density, BMP pixels per metre. Zero means unknown.
func imageDPI(mt string, data []byte) [2]float64 {
	switch mt {
	case "image/png":
		for p := 8; p+12 <= len(data); {
			n := int(binary.BigEndian.Uint32(data[p:]))
			typ := string(data[p+4 : p+8])
			if n < 0 || p+12+n > len(data) {
				break
			}
			if typ == "pHYs" && n == 9 && data[p+16] == 1 {
				x := float64(binary.BigEndian.Uint32(data[p+8:])) * 0.0254
				y := float64(binary.BigEndian.Uint32(data[p+12:])) * 0.0254
				return [2]float64{x, y}
			}
			if typ == "IDAT" {
				break
			}
			p += 12 + n
		}
	case "image/jpeg":
		if len(data) > 18 && data[2] == 0xff && data[3] == 0xe0 && string(data[6:11]) == "JFIF\x00" {
			unit := data[13]
			x := float64(binary.BigEndian.Uint16(data[14:]))
			y := float64(binary.BigEndian.Uint16(data[16:]))
			switch unit {
			case 1:
				return [2]float64{x, y}
			case 2:
				return [2]float64{x * 2.54, y * 2.54}
			}
		}
	case "image/bmp":
		if len(data) >= 46 {
			x := float64(int32(binary.LittleEndian.Uint32(data[38:]))) * 0.0254
			y := float64(int32(binary.LittleEndian.Uint32(data[42:]))) * 0.0254
			if x > 0 && y > 0 {
				return [2]float64{x, y}
			}
		}
	}
	return [2]float64{}
}

// effectiveDPI fills in a resolution the file does not declare, or one
// that is implausible for a page: a page-sized image (1200 pixels or more
// wide) is taken to be letter width, anything smaller a screen image.
func effectiveDPI(b image.Rectangle, dpi [2]float64) [2]float64 {
	ok := func(v float64) bool { return v >= 50 && v <= 2400 }
	if ok(dpi[0]) && ok(dpi[1]) {
		return dpi
	}
	if b.Dx() >= 1200 {
		v := float64(b.Dx()) / 8.5
		return [2]float64{v, v}
	}
	return [2]float64{96, 96}
}

// scaleToDPI resamples src from its resolution to dpi (square pixels),
// returning src itself when the size would not change.
func scaleToDPI(src image.Image, srcDPI [2]float64, dpi float64) image.Image {
	r := effectiveDPI(src.Bounds(), srcDPI)
	b := src.Bounds()
	w := int(math.Round(float64(b.Dx()) * dpi / r[0]))
	h := int(math.Round(float64(b.Dy()) * dpi / r[1]))
	w, h = max(w, 1), max(h, 1)
	if w == b.Dx() && h == b.Dy() {
		return src
	}
	if g, ok := grayOf(src); ok {
		return scaleGray(g, w, h)
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.ApproxBiLinear.Scale(dst, dst.Bounds(), src, b, draw.Src, nil)
	return dst
}

// grayOf returns src as *image.Gray without converting when it already is
// gray (a scan); ok is false for colour images.
func grayOf(src image.Image) (*image.Gray, bool) {
	switch m := src.(type) {
	case *image.Gray:
		return m, true
	case *image.Paletted:
		for _, c := range m.Palette {
			r, g, b, _ := c.RGBA()
			if r != g || g != b {
				return nil, false
			}
		}
		return toGray(m), true
	}
	return nil, false
}

// toGray converts any image to 8-bit gray, with fast paths for the types
// decoders return.
func toGray(src image.Image) *image.Gray {
	b := src.Bounds()
	dst := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
	switch m := src.(type) {
	case *image.Gray:
		for y := 0; y < b.Dy(); y++ {
			copy(dst.Pix[y*dst.Stride:y*dst.Stride+b.Dx()], m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):])
		}
	case *image.YCbCr:
		for y := 0; y < b.Dy(); y++ {
			copy(dst.Pix[y*dst.Stride:y*dst.Stride+b.Dx()], m.Y[m.YOffset(b.Min.X, b.Min.Y+y):])
		}
	case *image.RGBA:
		for y := 0; y < b.Dy(); y++ {
			s := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):]
			d := dst.Pix[y*dst.Stride:]
			for x := 0; x < b.Dx(); x++ {
				p := s[4*x : 4*x+4 : 4*x+4]
				// Transparent pixels are paper, not ink.
				a := uint32(p[3])
				l := (19595*uint32(p[0]) + 38470*uint32(p[1]) + 7471*uint32(p[2]) + 1<<15) >> 16
				d[x] = uint8(min(l+255-a, 255))
			}
		}
	case *image.NRGBA:
		for y := 0; y < b.Dy(); y++ {
			s := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):]
			d := dst.Pix[y*dst.Stride:]
			for x := 0; x < b.Dx(); x++ {
				p := s[4*x : 4*x+4 : 4*x+4]
				a := uint32(p[3])
				l := (19595*uint32(p[0]) + 38470*uint32(p[1]) + 7471*uint32(p[2]) + 1<<15) >> 16
				d[x] = uint8((l*a + 255*(255-a)) / 255)
			}
		}
	case *image.Paletted:
		lut := make([]uint8, 256)
		for i, c := range m.Palette {
			lut[i] = grayValue(c)
		}
		for y := 0; y < b.Dy(); y++ {
			s := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):]
			d := dst.Pix[y*dst.Stride:]
			for x := 0; x < b.Dx(); x++ {
				d[x] = lut[s[x]]
			}
		}
	default:
		for y := 0; y < b.Dy(); y++ {
			d := dst.Pix[y*dst.Stride:]
			for x := 0; x < b.Dx(); x++ {
				d[x] = grayValue(src.At(b.Min.X+x, b.Min.Y+y))
			}
		}
	}
	return dst
}

// grayValue is a colour's luminance over white paper.
func grayValue(c color.Color) uint8 {
	r, g, b, a := c.RGBA()
	l := (19595*r + 38470*g + 7471*b + 1<<15) >> 16 // 0..0xffff, premultiplied
	return uint8((l + (0xffff - a)) >> 8)
}

// scaleGray resamples a gray image to w×h: area averaging when shrinking
// (sharp text without aliasing, and fast), bilinear when enlarging.
func scaleGray(src *image.Gray, w, h int) *image.Gray {
	b := src.Bounds()
	sw, sh := b.Dx(), b.Dy()
	dst := image.NewGray(image.Rect(0, 0, w, h))
	if w <= sw && h <= sh {
		// Box filter with integer accumulation over the source rows.
		xs := make([]int, w+1)
		for x := 0; x <= w; x++ {
			xs[x] = x * sw / w
		}
		sum := make([]uint32, w)
		for y := 0; y < h; y++ {
			y0, y1 := y*sh/h, (y+1)*sh/h
			if y1 == y0 {
				y1 = y0 + 1
			}
			clear(sum)
			for sy := y0; sy < y1; sy++ {
				row := src.Pix[src.PixOffset(b.Min.X, b.Min.Y+sy):]
				for x := 0; x < w; x++ {
					x0, x1 := xs[x], xs[x+1]
					if x1 == x0 {
						x1 = x0 + 1
					}
					var s uint32
					for _, v := range row[x0:x1] {
						s += uint32(v)
					}
					sum[x] += s * 256 / uint32(x1-x0)
				}
			}
			d := dst.Pix[y*dst.Stride:]
			n := uint32(y1-y0) * 256
			for x := range w {
				d[x] = uint8(sum[x] / n)
			}
		}
		return dst
	}
	draw.BiLinear.Scale(dst, dst.Bounds(), src, b, draw.Src, nil)
	return dst
}

// jpegOrientation reads the EXIF orientation (1–8) a camera or phone
// records instead of turning the pixels; 1 when there is none.
func jpegOrientation(data []byte) int {
	p := 2
	for p+4 <= len(data) && data[p] == 0xff {
		marker := data[p+1]
		if marker == 0xda || marker == 0xd9 {
			break // image data: no more metadata
		}
		n := int(binary.BigEndian.Uint16(data[p+2:]))
		if n < 2 || p+2+n > len(data) {
			break
		}
		if seg := data[p+4 : p+2+n]; marker == 0xe1 && len(seg) > 14 && string(seg[:6]) == "Exif\x00\x00" {
			return exifOrientation(seg[6:])
		}
		p += 2 + n
	}
	return 1
}

func exifOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 1
	}
	off := int(bo.Uint32(t[4:]))
	if off < 8 || off+2 > len(t) {
		return 1
	}
	n := int(bo.Uint16(t[off:]))
	for i := range n {
		e := off + 2 + 12*i
		if e+12 > len(t) {
			break
		}
		if bo.Uint16(t[e:]) == 0x0112 {
			if v := int(bo.Uint16(t[e+8:])); v >= 1 && v <= 8 {
				return v
			}
		}
	}
	return 1
}

// orient turns and flips an image as its EXIF orientation says, so a
// note photographed sideways reads upright (OCR needs upright text).
func orient(src image.Image, o int) image.Image {
	if o <= 1 || o > 8 {
		return src
	}
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	// from maps a destination pixel to its source pixel.
	from := func(x, y int) (int, int) {
		switch o {
		case 2:
			return w - 1 - x, y
		case 3:
			return w - 1 - x, h - 1 - y
		case 4:
			return x, h - 1 - y
		case 5:
			return y, x
		case 6:
			return y, h - 1 - x
		case 7:
			return w - 1 - y, h - 1 - x
		default: // 8
			return w - 1 - y, x
		}
	}
	if g, ok := grayOf(src); ok {
		dst := image.NewGray(image.Rect(0, 0, dw, dh))
		for y := range dh {
			row := dst.Pix[y*dst.Stride:]
			for x := range dw {
				sx, sy := from(x, y)
				row[x] = g.Pix[g.PixOffset(b.Min.X+sx, b.Min.Y+sy)]
			}
		}
		return dst
	}
	rgba := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(rgba, rgba.Bounds(), src, b.Min, draw.Src)
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := range dh {
		row := dst.Pix[y*dst.Stride:]
		for x := range dw {
			sx, sy := from(x, y)
			copy(row[4*x:4*x+4], rgba.Pix[rgba.PixOffset(sx, sy):])
		}
	}
	return dst
}
