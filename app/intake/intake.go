package intake

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/codebench/codebench/app"
)

// Limits applied when Options leaves them zero.
const (
	DefaultMaxBytes  = 200 << 20 // 200 MB
	DefaultMaxPages  = 500
	DefaultMaxPixels = 150_000_000 // a letter page at 1200 dpi
	// OCRDPI is the resolution pages are rendered at for OCR.
	OCRDPI = 300
)

// Options tune Open. The zero value is ready to use.
type Options struct {
	// Progress, if set, is called after each page is read, with the pages
	// done so far and the page count. It may be called from several
	// goroutines, but never twice at once.
	Progress func(done, total int)
	// NoOCR leaves scanned pages without text (Source ocr, empty text).
	NoOCR bool
	// Workers is how many pages are read at once; 0 means one per CPU.
	Workers int
	// MaxBytes, MaxPages and MaxPixels (per page) bound the input; zero
	// means the defaults.
	MaxBytes  int64
	MaxPages  int
	MaxPixels int64
}

func (o *Options) defaults() {
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.MaxPages <= 0 {
		o.MaxPages = DefaultMaxPages
	}
	if o.MaxPixels <= 0 {
		o.MaxPixels = DefaultMaxPixels
	}
	if o.Workers <= 0 {
		o.Workers = runtime.NumCPU()
	}
}

type kind int

const (
	kindText kind = iota
	kindImage
	kindTIFF
	kindPDF
)

// Document is a note file read into pages. Its page images are rendered on
// demand from the original bytes, which it shares with the caller and never
// changes.
type Document struct {
	Name      string     // the file name given to Open
	MediaType string     // e.g. application/pdf, image/tiff, text/plain
	Pages     []app.Page // one per page, numbered from 1
	// OCRError is set when some scanned pages could not be recognised
	// (usually ErrOCRUnavailable); those pages have empty text.
	OCRError error

	kind      kind
	data      []byte
	maxPixels int64
	img       image.Image // kindImage
	imgDPI    [2]float64  // kindImage: horizontal and vertical resolution, 0 if unknown
	tiff      []tiffPage  // kindTIFF
	pdf       *pdfHandle  // kindPDF
	engine    *pdfEngine  // the Reader's, for kindPDF

	cache renderCache // pages rendered for the viewer

	lastMu sync.Mutex  // guards lastN and last
	lastN  int         // kindTIFF: the page in last
	last   image.Image // kindTIFF: the last page decoded
}

// PageCount is the number of pages.
func (d *Document) PageCount() int { return len(d.Pages) }

// PageText is the text of page n (1-based): typed, from the PDF's text
// layer, or OCR; "" for a page without text or out of range.
func (d *Document) PageText(n int) string {
	if n < 1 || n > len(d.Pages) {
		return ""
	}
	return d.Pages[n-1].Text
}

// Text joins every page's text with form feeds, as app.Note.Text does.
func (d *Document) Text() string {
	n := app.Note{Pages: d.Pages}
	return n.Text()
}

// Close releases the PDF engine instance a PDF document holds for
// rendering and the cached page images. The document can still render
// afterwards, without the cache.
func (d *Document) Close() error {
	d.cache.close()
	if d.pdf != nil {
		return d.pdf.release()
	}
	return nil
}

// Typed makes a one-page document from text typed or pasted in the app.
func Typed(text string) *Document {
	return &Document{
		MediaType: "text/plain",
		Pages:     textPages(normalizeNewlines(text)),
		kind:      kindText,
	}
}

// Reader opens note files. It owns the PDF engine, which it starts on
// the first PDF (or on Warm), releases it when idle and keeps its
// compiled code in the
// Reader's cache folder; each data folder has its own. A Reader is safe
// for concurrent use.
type Reader struct {
	pdf *pdfEngine
}

// errReaderClosed is returned for a PDF opened after Reader.Close.
var errReaderClosed = errors.New("the note reader was closed")

// NewReader returns a Reader whose PDF engine keeps its compiled code in
// cacheDir (a folder in the data folder; created when needed). Empty
// means no cache: the engine's first start in a run then takes a few
// seconds longer.
func NewReader(cacheDir string) *Reader { return &Reader{pdf: newPDFEngine(cacheDir)} }

// Warm starts the PDF engine in the background, so that the first PDF
// opens without waiting for it.
func (r *Reader) Warm() { r.pdf.start() }

// Close stops the PDF engine. Documents opened by r can no longer render
// PDF pages afterwards.
func (r *Reader) Close() error { return r.pdf.close() }

// defaultReader serves Open and OpenFile: an engine without a cache
// folder, for callers that read a note now and then (tests, tools).
var defaultReader = sync.OnceValue(func() *Reader { return NewReader("") })

// Open is Reader.Open on a Reader without a cache folder.
func Open(ctx context.Context, name string, data []byte, opts Options) (*Document, error) {
	return defaultReader().Open(ctx, name, data, opts)
}

// OpenFile is Reader.OpenFile on a Reader without a cache folder.
func OpenFile(ctx context.Context, path string, opts Options) (*Document, []byte, error) {
	return defaultReader().OpenFile(ctx, path, opts)
}

// OpenFile reads the file at path, refusing it before reading when it is
// over the size limit, and opens it. It returns the original bytes, which
// the caller stores unchanged.
func (r *Reader) OpenFile(ctx context.Context, path string, opts Options) (*Document, []byte, error) {
	opts.defaults()
	name := filepath.Base(path)
	fi, err := os.Stat(path)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	if fi.IsDir() {
		return nil, nil, fmt.Errorf("%s: is a folder, not a file", name)
	}
	if fi.Size() > opts.MaxBytes {
		return nil, nil, fmt.Errorf("%s: %w (%s; the limit is %s)", name, ErrTooLarge, humanBytes(fi.Size()), humanBytes(opts.MaxBytes))
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	doc, err := r.Open(ctx, name, data, opts)
	return doc, data, err
}

// Open reads a note file's bytes into a Document: its type, pages and the
// text of every page, running OCR on scanned pages. name is used for the
// type (when the content does not say) and in error messages. data is not
// modified and is retained by the Document for rendering, so a viewer
// opens a note once and draws its pages from the Document until it
// closes it. The caller hands data over: it must not change it
// afterwards, since the pages of a UTF-8 text file share its memory.
func (r *Reader) Open(ctx context.Context, name string, data []byte, opts Options) (doc *Document, err error) {
	opts.defaults()
	defer func() {
		// Third-party decoders must never take the application down.
		if letPanic.Load() {
			return
		}
		if r := recover(); r != nil {
			doc, err = nil, fmt.Errorf("%s: %w (decoder failure: %v)", name, ErrCorrupt, r)
		}
	}()
	if len(data) == 0 {
		return nil, fmt.Errorf("%s: %w", name, ErrEmpty)
	}
	if int64(len(data)) > opts.MaxBytes {
		return nil, fmt.Errorf("%s: %w (%s; the limit is %s)", name, ErrTooLarge, humanBytes(int64(len(data))), humanBytes(opts.MaxBytes))
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	mt, err := sniff(name, data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	d := &Document{Name: name, MediaType: mt, data: data, maxPixels: opts.MaxPixels, engine: r.pdf}
	switch mt {
	case "text/plain":
		d.kind = kindText
		err = d.openText()
	case mediaDocx:
		d.kind = kindText
		err = d.openDocx()
	case "image/tiff":
		d.kind = kindTIFF
		err = d.openTIFF(ctx, opts)
	case "application/pdf":
		d.kind = kindPDF
		err = d.openPDF(ctx, opts)
	default:
		d.kind = kindImage
		err = d.openImage(ctx, opts)
	}
	if err != nil {
		d.Close()
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return nil, err
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if d.kind == kindText && opts.Progress != nil {
		opts.Progress(len(d.Pages), len(d.Pages))
	}
	return d, nil
}

// RenderPage draws page n (1-based) at dpi dots per inch for the viewer,
// or for OCR at OCRDPI. Typed notes have no page image (ErrNoImage). The
// image may be shared with the Document's cache: do not draw on it. It
// is safe to call from any goroutine; a PDF page waits for the engine
// no longer than ctx allows.
//
// The last few pages rendered are kept, and after each render the next
// page is rendered in the background at the same resolution, so paging
// through a note does not wait for decoding.
func (d *Document) RenderPage(ctx context.Context, n int, dpi float64) (image.Image, error) {
	if n < 1 || n > len(d.Pages) {
		return nil, fmt.Errorf("%s: page %d: %w (it has %d)", d.Name, n, ErrNoPage, len(d.Pages))
	}
	if dpi <= 0 || dpi > 1200 {
		return nil, fmt.Errorf("%s: page %d: resolution %g dpi is outside 1–1200", d.Name, n, dpi)
	}
	if d.kind == kindText {
		return nil, fmt.Errorf("%s: %w", d.Name, ErrNoImage)
	}
	img, err := d.cache.get(ctx, renderKey{n, dpi}, func() (image.Image, error) { return d.render(ctx, n, dpi) })
	if err != nil {
		return nil, err
	}
	if n < len(d.Pages) {
		d.prefetch(n+1, dpi)
	}
	return img, nil
}

// prefetch renders page n in the background unless it is cached or the
// document is closed.
func (d *Document) prefetch(n int, dpi float64) {
	key := renderKey{n, dpi}
	if !d.cache.wants(key) {
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		d.cache.get(ctx, key, func() (image.Image, error) { return d.render(ctx, n, dpi) })
	}()
}

func (d *Document) render(ctx context.Context, n int, dpi float64) (img image.Image, err error) {
	defer func() {
		if letPanic.Load() {
			return
		}
		if r := recover(); r != nil {
			img, err = nil, fmt.Errorf("%s: page %d: %w (decoder failure: %v)", d.Name, n, ErrCorrupt, r)
		}
	}()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	switch d.kind {
	case kindImage:
		img = scaleToDPI(d.img, d.imgDPI, dpi)
	case kindTIFF:
		var src image.Image
		src, err = d.tiffPage(n)
		if err == nil {
			img = scaleToDPI(src, d.tiff[n-1].dpi, dpi)
		}
	case kindPDF:
		img, err = d.renderPDF(ctx, n, dpi)
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("%s: page %d: %w", d.Name, n, err)
	}
	return img, nil
}

type renderKey struct {
	page int
	dpi  float64
}

// renderCache keeps recently rendered pages up to a memory budget and
// makes concurrent requests for the same page share one render.
type renderCache struct {
	mu       sync.Mutex
	closed   bool
	entries  []renderEntry // least recently used first
	bytes    int
	inflight map[renderKey]chan struct{}
}

type renderEntry struct {
	key renderKey
	img image.Image
}

// renderCacheBytes bounds the pixels a document keeps: a dozen pages at
// screen size, or two at 300 dpi.
const renderCacheBytes = 64 << 20

func imageBytes(img image.Image) int {
	switch m := img.(type) {
	case *image.Gray:
		return len(m.Pix)
	case *image.RGBA:
		return len(m.Pix)
	}
	b := img.Bounds()
	return 4 * b.Dx() * b.Dy()
}

// wants reports whether key is neither cached nor being rendered.
func (c *renderCache) wants(key renderKey) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed || c.inflight[key] != nil {
		return false
	}
	for _, e := range c.entries {
		if e.key == key {
			return false
		}
	}
	return true
}

func (c *renderCache) get(ctx context.Context, key renderKey, render func() (image.Image, error)) (image.Image, error) {
	for {
		c.mu.Lock()
		for i, e := range c.entries {
			if e.key == key {
				// Move to the most recently used end.
				c.entries = append(append(c.entries[:i:i], c.entries[i+1:]...), e)
				c.mu.Unlock()
				return e.img, nil
			}
		}
		wait := c.inflight[key]
		if wait == nil {
			break
		}
		c.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if c.inflight == nil {
		c.inflight = map[renderKey]chan struct{}{}
	}
	done := make(chan struct{})
	c.inflight[key] = done
	c.mu.Unlock()

	img, err := render()

	c.mu.Lock()
	delete(c.inflight, key)
	close(done)
	if err == nil && !c.closed {
		size := imageBytes(img)
		if size <= renderCacheBytes/2 {
			c.entries = append(c.entries, renderEntry{key, img})
			c.bytes += size
			for c.bytes > renderCacheBytes && len(c.entries) > 1 {
				c.bytes -= imageBytes(c.entries[0].img)
				c.entries = c.entries[1:]
			}
		}
	}
	c.mu.Unlock()
	return img, err
}

func (c *renderCache) close() {
	c.mu.Lock()
	c.closed = true
	c.entries, c.bytes = nil, 0
	c.mu.Unlock()
}

// letPanic, when set, lets decoder panics through instead of turning
// them into ErrCorrupt: the fuzz tests set it to see every panic.
var letPanic atomic.Bool

const mediaDocx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

// sniff names the media type from the content, falling back to the name's
// extension for text.
func sniff(name string, data []byte) (string, error) {
	head := data
	if len(head) > 1024 {
		head = head[:1024]
	}
	switch {
	case bytes.Contains(head, []byte("%PDF-")):
		return "application/pdf", nil
	case bytes.HasPrefix(data, []byte("II*\x00")), bytes.HasPrefix(data, []byte("MM\x00*")):
		return "image/tiff", nil
	case bytes.HasPrefix(data, []byte("II+\x00")), bytes.HasPrefix(data, []byte("MM\x00+")):
		return "", fmt.Errorf("%w (BigTIFF: save it as an ordinary TIFF or PDF)", ErrUnsupported)
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png", nil
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return "image/jpeg", nil
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return "image/gif", nil
	case bytes.HasPrefix(data, []byte("BM")) && len(data) >= 26 && !utf8Text(head):
		return "image/bmp", nil
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return "image/webp", nil
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		if strings.EqualFold(filepath.Ext(name), ".docx") || zipHas(data, "word/document.xml") {
			return mediaDocx, nil
		}
		return "", fmt.Errorf("%w (a ZIP archive that is not a Word .docx)", ErrUnsupported)
	case bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0")):
		return "", fmt.Errorf("%w (an old Word .doc: save it as .docx or PDF)", ErrUnsupported)
	case bytes.HasPrefix(data, []byte("{\\rtf")):
		return "", fmt.Errorf("%w (RTF: save it as .docx, .txt or PDF)", ErrUnsupported)
	}
	if looksLikeText(data) {
		return "text/plain", nil
	}
	return "", ErrUnsupported
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
