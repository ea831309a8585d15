package intake

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"image"

	"github.com/hhrutter/tiff"

	"github.com/codebench/codebench/app"
)

// tiffPage is one image file directory (page) of a TIFF.
type tiffPage struct {
	offset      int64
	width       int
	height      int
	dpi         [2]float64
	compression uint32
	t4Options   uint32
	// Read only for Group 3 2-D pages, which intake decodes itself.
	photometric  uint32
	fillOrder    uint32
	rowsPerStrip int
	stripOffsets []int64
	stripCounts  []int64
}

// TIFF tags intake reads itself; hhrutter/tiff decodes the pixels.
const (
	tagNewSubfileType = 254
	tagImageWidth     = 256
	tagImageLength    = 257
	tagCompression    = 259
	tagPhotometric    = 262
	tagFillOrder      = 266
	tagStripOffsets   = 273
	tagRowsPerStrip   = 278
	tagStripCounts    = 279
	tagXResolution    = 282
	tagYResolution    = 283
	tagT4Options      = 292
	tagResolutionUnit = 296
)

// tiffPages walks the chain of image file directories: x/image/tiff and
// hhrutter/tiff's Decode read only the first, and a scanned record is
// usually many pages in one file. Reduced-resolution thumbnails are
// skipped; a loop in the chain or a directory outside the file is an error.
func tiffPages(data []byte, maxPages int) ([]tiffPage, error) {
	if len(data) < 8 {
		return nil, fmt.Errorf("%w (TIFF header cut short)", ErrCorrupt)
	}
	var bo binary.ByteOrder = binary.LittleEndian
	if data[0] == 'M' {
		bo = binary.BigEndian
	}
	u16 := func(p int64) uint32 { return uint32(bo.Uint16(data[p:])) }
	u32 := func(p int64) uint32 { return bo.Uint32(data[p:]) }
	size := int64(len(data))
	off := int64(u32(4))
	seen := map[int64]bool{}
	var pages []tiffPage
	for off != 0 {
		if off < 8 || off+2 > size {
			if len(pages) > 0 {
				// A bad link after good pages is a file cut short or
				// damaged: importing the pages before it would lose the
				// rest without a word.
				return nil, fmt.Errorf("%w (TIFF incomplete: the pages after page %d could not be read; scan or export the file again)", ErrCorrupt, len(pages))
			}
			return nil, fmt.Errorf("%w (TIFF page directory at %d is outside the file)", ErrCorrupt, off)
		}
		if seen[off] {
			return nil, fmt.Errorf("%w (TIFF page chain loops)", ErrCorrupt)
		}
		seen[off] = true
		n := int64(u16(off))
		end := off + 2 + 12*n
		if n == 0 || end+4 > size {
			return nil, fmt.Errorf("%w (TIFF page directory %d cut short)", ErrCorrupt, len(seen))
		}
		p := tiffPage{offset: off, compression: 1}
		var xres, yres float64
		unit := uint32(2)
		subfile := uint32(0)
		for e := off + 2; e < end; e += 12 {
			tag, typ, count := u16(e), u16(e+2), u32(e+4)
			val := func() uint32 {
				if typ == 3 {
					return u16(e + 8)
				}
				return u32(e + 8)
			}
			rational := func() float64 {
				if typ != 5 || count < 1 {
					return 0
				}
				vo := int64(u32(e + 8))
				if vo < 0 || vo+8 > size {
					return 0
				}
				num, den := u32(vo), u32(vo+4)
				if den == 0 {
					return 0
				}
				return float64(num) / float64(den)
			}
			switch tag {
			case tagNewSubfileType:
				subfile = val()
			case tagImageWidth:
				p.width = int(val())
			case tagImageLength:
				p.height = int(val())
			case tagCompression:
				p.compression = val()
			case tagXResolution:
				xres = rational()
			case tagYResolution:
				yres = rational()
			case tagResolutionUnit:
				unit = val()
			case tagT4Options:
				p.t4Options = val()
			case tagPhotometric:
				p.photometric = val()
			case tagFillOrder:
				p.fillOrder = val()
			case tagRowsPerStrip:
				p.rowsPerStrip = int(val())
			case tagStripOffsets, tagStripCounts:
				vals := make([]int64, 0, min(count, 4096))
				width := int64(4)
				if typ == 3 {
					width = 2
				}
				at := e + 8
				if int64(count)*width > 4 {
					at = int64(u32(e + 8))
				}
				if (typ != 3 && typ != 4) || count > 1<<20 || at < 0 || at+int64(count)*width > size {
					return nil, fmt.Errorf("%w (TIFF strip table of page %d)", ErrCorrupt, len(seen))
				}
				for k := int64(0); k < int64(count); k++ {
					if typ == 3 {
						vals = append(vals, int64(u16(at+2*k)))
					} else {
						vals = append(vals, int64(u32(at+4*k)))
					}
				}
				if tag == tagStripOffsets {
					p.stripOffsets = vals
				} else {
					p.stripCounts = vals
				}
			}
		}
		switch unit {
		case 2:
			p.dpi = [2]float64{xres, yres}
		case 3:
			p.dpi = [2]float64{xres * 2.54, yres * 2.54}
		}
		for k, at := range p.stripOffsets {
			if k < len(p.stripCounts) && (at < 0 || p.stripCounts[k] < 0 || at+p.stripCounts[k] > size) {
				return nil, fmt.Errorf("%w (TIFF incomplete: page %d's image is cut short; scan or export the file again)", ErrCorrupt, len(pages)+1)
			}
		}
		if subfile&1 == 0 {
			pages = append(pages, p)
			if len(pages) > maxPages {
				return nil, fmt.Errorf("%w (more than %d pages)", ErrTooManyPages, maxPages)
			}
		}
		off = int64(u32(end))
	}
	if len(pages) == 0 {
		return nil, fmt.Errorf("%w (TIFF without pages)", ErrEmpty)
	}
	return pages, nil
}

func (d *Document) openTIFF(ctx context.Context, opts Options) error {
	pages, err := tiffPages(d.data, opts.MaxPages)
	if err != nil {
		return err
	}
	d.tiff = pages
	d.Pages = make([]app.Page, len(pages))
	for i, p := range pages {
		if err := checkPixels(p.width, p.height, opts.MaxPixels); err != nil {
			return fmt.Errorf("page %d: %w", i+1, err)
		}
		if p.compression == 3 && p.t4Options&1 != 0 {
			// hhrutter/tiff reads 1-D Group 3 only; 2-D is ours.
		} else if err := checkTIFFConfig(d.data, p, opts.MaxPixels); err != nil {
			return fmt.Errorf("page %d: %w", i+1, err)
		}
		d.Pages[i] = app.Page{Number: i + 1, Source: app.SourceOCR}
	}
	if err := d.recognize(ctx, opts, d.allPages()); err != nil {
		return err
	}
	if len(pages) > 1 && !opts.NoOCR {
		// OCR left the last page decoded; the viewer opens on the first.
		go d.tiffPage(1)
	}
	return nil
}

// tiffPage decodes page n (1-based), remembering the last page decoded:
// the viewer asks for the same page at several sizes.
func (d *Document) tiffPage(n int) (image.Image, error) {
	d.lastMu.Lock()
	defer d.lastMu.Unlock()
	if d.lastN == n && d.last != nil {
		return d.last, nil
	}
	img, err := d.decodeTIFFPage(n)
	if err == nil {
		d.lastN, d.last = n, img
	}
	return img, err
}

func (d *Document) decodeTIFFPage(n int) (img image.Image, err error) {
	p := d.tiff[n-1]
	defer func() {
		if letPanic.Load() {
			return
		}
		if r := recover(); r != nil {
			img, err = nil, fmt.Errorf("%w (TIFF decoder failure: %v)", ErrCorrupt, r)
		}
	}()
	if p.compression == 3 && p.t4Options&1 != 0 {
		return decodeG3TwoD(d.data, p)
	}
	if err := checkTIFFConfig(d.data, p, d.maxPixels); err != nil {
		return nil, err
	}
	img, err = tiff.DecodeAt(bytes.NewReader(d.data), p.offset)
	if err != nil {
		return nil, tiffError(err)
	}
	if b := img.Bounds(); b.Dx() != p.width || b.Dy() != p.height {
		return nil, fmt.Errorf("%w (TIFF page is %d×%d, its directory says %d×%d)", ErrCorrupt, b.Dx(), b.Dy(), p.width, p.height)
	}
	return img, nil
}

// checkTIFFConfig reads a page's size as the decoder will see it, which
// is what it allocates, and refuses pages over the pixel limit or whose
// size disagrees with the directory intake read.
func checkTIFFConfig(data []byte, p tiffPage, maxPixels int64) error {
	cfg, err := tiff.DecodeConfigAt(bytes.NewReader(data), p.offset)
	if err != nil {
		return tiffError(err)
	}
	if err := checkPixels(cfg.Width, cfg.Height, maxPixels); err != nil {
		return err
	}
	if cfg.Width != p.width || cfg.Height != p.height {
		return fmt.Errorf("%w (TIFF page size %d×%d is stated twice differently)", ErrCorrupt, cfg.Width, cfg.Height)
	}
	return nil
}

func tiffError(err error) error {
	switch err.(type) {
	case tiff.UnsupportedError:
		return fmt.Errorf("%w (TIFF %v)", ErrUnsupported, err)
	}
	return fmt.Errorf("%w (TIFF: %v)", ErrCorrupt, err)
}
