package intake

import (
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"math"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	pdfiumerrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"

	"github.com/codebench/codebench/app"
)

// pdfEngine is one PDFium pool with the folder that keeps its compiled
// code. It starts on first use (or Reader.Warm) and is released when no
// document has held an instance of it for idleAfter, so a workstation
// that is not reading PDFs does not carry the engine (tens of MB of
// WebAssembly memory and compiled code); the next PDF starts it again,
// from the compiled code in cacheDir.
type pdfEngine struct {
	cacheDir  string
	idleAfter time.Duration

	mu     sync.Mutex
	run    *engineRun // the engine started, nil when not running
	users  int        // instances handed out and not given back
	idle   *time.Timer
	closed bool
}

// engineRun is one start of the engine.
type engineRun struct {
	ready chan struct{} // closed when pool or err is set
	pool  pdfium.Pool
	err   error
}

// pdfEngineIdle is how long the engine stays up with no instance in use.
const pdfEngineIdle = 2 * time.Minute

func newPDFEngine(cacheDir string) *pdfEngine {
	return &pdfEngine{cacheDir: cacheDir, idleAfter: pdfEngineIdle}
}

// start compiles and starts the engine in the background unless it is
// running or starting; the caller holds e.mu.
func (e *pdfEngine) startLocked() *engineRun {
	if e.run != nil {
		return e.run
	}
	r := &engineRun{ready: make(chan struct{})}
	e.run = r
	go func() {
		r.pool, r.err = newPDFPool(e.cacheDir, runtime.NumCPU())
		close(r.ready)
		e.mu.Lock()
		defer e.mu.Unlock()
		switch {
		case r.err != nil && e.run == r:
			e.run = nil // the next PDF tries again
		case e.users == 0:
			e.armLocked()
		}
	}()
	return r
}

// start starts the engine in the background (Reader.Warm).
func (e *pdfEngine) start() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.closed {
		e.startLocked()
	}
}

// armLocked (re)starts the idle clock; the caller holds e.mu.
func (e *pdfEngine) armLocked() {
	if e.idle != nil {
		e.idle.Stop()
	}
	r := e.run
	e.idle = time.AfterFunc(e.idleAfter, func() { e.releaseIdle(r) })
}

// releaseIdle stops run r if it is still the engine and still unused.
func (e *pdfEngine) releaseIdle(r *engineRun) {
	e.mu.Lock()
	if e.run != r || r == nil || e.users > 0 {
		e.mu.Unlock()
		return
	}
	e.run, e.idle = nil, nil
	e.mu.Unlock()
	<-r.ready
	if r.pool != nil {
		r.pool.Close()
	}
}

// running reports whether the engine is started or starting (tests).
func (e *pdfEngine) running() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.run != nil
}

// acquire returns an engine instance, starting the engine if need be and
// waiting for it and for a free instance no longer than ctx allows. The
// instance goes back with giveBack.
func (e *pdfEngine) acquire(ctx context.Context) (pdfium.Pdfium, error) {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return nil, errReaderClosed
	}
	r := e.startLocked()
	e.users++
	if e.idle != nil {
		e.idle.Stop()
		e.idle = nil
	}
	e.mu.Unlock()
	inst, err := r.instance(ctx)
	if err != nil {
		e.giveBack(nil)
	}
	return inst, err
}

func (r *engineRun) instance(ctx context.Context) (pdfium.Pdfium, error) {
	select {
	case <-r.ready:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if r.err != nil {
		return nil, fmt.Errorf("PDF engine failed to start: %w", r.err)
	}
	inst, err := r.pool.GetInstanceWithContext(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("PDF engine: %w", err)
	}
	return inst, nil
}

// giveBack returns an instance (nil for one never handed out) and starts
// the idle clock when it was the last in use.
func (e *pdfEngine) giveBack(inst pdfium.Pdfium) error {
	var err error
	if inst != nil {
		err = inst.Close()
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.users--
	if e.users == 0 && e.run != nil && !e.closed {
		e.armLocked()
	}
	return err
}

// close stops the engine if it was started, once its start-up ends; the
// engine will not start any more.
func (e *pdfEngine) close() error {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return nil
	}
	e.closed = true
	r := e.run
	e.run = nil
	if e.idle != nil {
		e.idle.Stop()
		e.idle = nil
	}
	e.mu.Unlock()
	if r == nil {
		return nil
	}
	<-r.ready
	if r.pool == nil {
		return nil
	}
	return r.pool.Close()
}

// newPDFPool starts PDFium in WebAssembly with up to workers instances.
// The module sees no file system: documents are passed as bytes.
func newPDFPool(cacheDir string, workers int) (pdfium.Pool, error) {
	// Not WithCloseOnContextDone: it would let a cancel stop a page
	// mid-render, but makes rendering about five times slower (measured:
	// a scanned page at 96 dpi, 40 → 216 ms CPU). Cancel takes effect
	// between engine calls, each a page at most.
	rc := wazero.NewRuntimeConfig().WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling)
	if cacheDir != "" {
		if err := os.MkdirAll(cacheDir, 0o700); err == nil {
			if cache, err := wazero.NewCompilationCacheWithDir(cacheDir); err == nil {
				rc = rc.WithCompilationCache(cache)
			}
		}
	}
	return webassembly.Init(webassembly.Config{
		MinIdle:       1,
		MaxIdle:       max(workers, 1),
		MaxTotal:      max(workers, 2),
		ReuseWorkers:  true,
		RuntimeConfig: rc,
		FSConfig:      wazero.NewFSConfig(),
		Stdout:        io.Discard,
		Stderr:        io.Discard,
	})
}

// pdfHandle holds one PDFium instance with the document open, for
// rendering pages on demand. It is released by Document.Close, or when
// the Document is garbage collected.
type pdfHandle struct {
	mu     sync.Mutex
	data   []byte
	engine *pdfEngine
	inst   pdfium.Pdfium
	doc    references.FPDF_DOCUMENT
	idle   *time.Timer // gives the instance back after a quiet spell
}

// pdfIdle is how long a document keeps its engine instance after the
// last render: long enough for paging through a note, short enough that
// documents left open do not starve the pool.
const pdfIdle = 20 * time.Second

// open makes sure the document is open in an instance, waiting for a
// free instance no longer than ctx allows.
func (h *pdfHandle) open(ctx context.Context) error {
	if h.inst != nil {
		return nil
	}
	inst, err := h.engine.acquire(ctx)
	if err != nil {
		return err
	}
	res, err := inst.OpenDocument(&requests.OpenDocument{File: &h.data})
	if err != nil {
		h.engine.giveBack(inst)
		if errors.Is(err, pdfiumerrors.ErrPassword) {
			return ErrPassword
		}
		if errors.Is(err, pdfiumerrors.ErrSecurity) {
			return fmt.Errorf("%w (unsupported security handler)", ErrPassword)
		}
		return fmt.Errorf("%w (PDF: %v)", ErrCorrupt, err)
	}
	h.inst, h.doc = inst, res.Document
	return nil
}

func (h *pdfHandle) release() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.idle != nil {
		h.idle.Stop()
		h.idle = nil
	}
	if h.inst == nil {
		return nil
	}
	_, err := h.inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: h.doc})
	if cerr := h.engine.giveBack(h.inst); err == nil {
		err = cerr
	}
	h.inst = nil
	return err
}

func (h *pdfHandle) page(i int) requests.Page {
	return requests.Page{ByIndex: &requests.PageByIndex{Document: h.doc, Index: i}}
}

func (d *Document) openPDF(ctx context.Context, opts Options) error {
	h := &pdfHandle{data: d.data, engine: d.engine}
	d.pdf = h
	runtime.AddCleanup(d, func(h *pdfHandle) { h.release() }, h)
	h.mu.Lock()
	scans, err := d.readPDFText(ctx, h, opts)
	h.mu.Unlock()
	if err != nil {
		return err
	}
	err = d.recognize(ctx, opts, scans)
	// Give the instance back: a note being coded is rendered again only
	// when the viewer asks.
	h.release()
	return err
}

// readPDFText opens the document, checks its pages and takes the text of
// every page that has a text layer. It returns the pages that are scans.
func (d *Document) readPDFText(ctx context.Context, h *pdfHandle, opts Options) ([]int, error) {
	if err := h.open(ctx); err != nil {
		return nil, err
	}
	pc, err := h.inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: h.doc})
	if err != nil {
		return nil, fmt.Errorf("%w (PDF page count: %v)", ErrCorrupt, err)
	}
	switch {
	case pc.PageCount <= 0:
		return nil, fmt.Errorf("%w (PDF without pages)", ErrEmpty)
	case pc.PageCount > opts.MaxPages:
		return nil, fmt.Errorf("%w (%d pages; the limit is %d)", ErrTooManyPages, pc.PageCount, opts.MaxPages)
	}
	d.Pages = make([]app.Page, pc.PageCount)
	var scans []int
	for i := range pc.PageCount {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if _, _, err := h.pixelSize(i, OCRDPI, opts.MaxPixels); err != nil {
			return nil, fmt.Errorf("page %d: %w", i+1, err)
		}
		t, err := h.inst.GetPageText(&requests.GetPageText{Page: h.page(i)})
		if err != nil {
			return nil, fmt.Errorf("page %d: %w (PDF text: %v)", i+1, ErrCorrupt, err)
		}
		text := cleanPDFText(t.Text)
		if hasText(text) {
			d.Pages[i] = app.Page{Number: i + 1, Text: text, Source: app.SourcePDF}
		} else {
			d.Pages[i] = app.Page{Number: i + 1, Source: app.SourceOCR}
			scans = append(scans, i+1)
		}
	}
	return scans, nil
}

// hasText reports whether a page's text layer holds real text; a scan
// has none, or a stray character or two from a stamp.
func hasText(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
			if n >= 3 {
				return true
			}
		}
	}
	return false
}

// cleanPDFText normalises PDFium's text: CRLF line ends, and no NULs or
// the soft hyphens and other control characters some producers leave.
func cleanPDFText(s string) string {
	s = normalizeNewlines(s)
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == 0xad || r == 0xfffe || r == 0xfeff:
			return -1
		case r < 0x20:
			return -1
		}
		return r
	}, s)
}

// pixelSize is page i's size at dpi, refused when over the pixel limit.
func (h *pdfHandle) pixelSize(i int, dpi float64, maxPixels int64) (int, int, error) {
	sz, err := h.inst.GetPageSize(&requests.GetPageSize{Page: h.page(i)})
	if err != nil {
		return 0, 0, fmt.Errorf("%w (PDF page size: %v)", ErrCorrupt, err)
	}
	w := int(math.Ceil(sz.Width / 72 * dpi))
	hh := int(math.Ceil(sz.Height / 72 * dpi))
	if !(sz.Width > 0 && sz.Height > 0) || sz.Width > 14400 || sz.Height > 14400 {
		return 0, 0, fmt.Errorf("%w (page of %.0f×%.0f points)", ErrCorrupt, sz.Width, sz.Height)
	}
	if err := checkPixels(w, hh, maxPixels); err != nil {
		return 0, 0, err
	}
	return w, hh, nil
}

func (d *Document) renderPDF(ctx context.Context, n int, dpi float64) (image.Image, error) {
	return d.renderPDFAs(ctx, n, dpi, requests.RenderImageFormatRGBA)
}

func (d *Document) renderPDFGray(ctx context.Context, n int, dpi float64) (image.Image, error) {
	return d.renderPDFAs(ctx, n, dpi, requests.RenderImageFormatGrayscale)
}

// renderPDFAs renders page n and copies it out of the WebAssembly memory,
// which is reused by the next call.
func (d *Document) renderPDFAs(ctx context.Context, n int, dpi float64, format requests.RenderImageFormat) (image.Image, error) {
	h := d.pdf
	h.mu.Lock()
	defer h.mu.Unlock()
	if err := h.open(ctx); err != nil {
		return nil, err
	}
	if h.idle == nil {
		h.idle = time.AfterFunc(pdfIdle, func() { h.release() })
	} else {
		h.idle.Reset(pdfIdle)
	}
	if _, _, err := h.pixelSize(n-1, dpi, d.maxPixels); err != nil {
		return nil, err
	}
	res, err := h.inst.RenderPageInDPI(&requests.RenderPageInDPI{
		Page:        h.page(n - 1),
		DPI:         int(math.Round(dpi)),
		RenderFlags: enums.FPDF_RENDER_FLAG_ANNOT,
		ImageFormat: format,
	})
	if err != nil {
		return nil, fmt.Errorf("%w (PDF render: %v)", ErrCorrupt, err)
	}
	defer res.Cleanup()
	switch m := res.Result.RenderedImage.(type) {
	case *image.Gray:
		c := &image.Gray{Pix: append([]uint8(nil), m.Pix...), Stride: m.Stride, Rect: m.Rect}
		return c, nil
	case *image.RGBA:
		c := &image.RGBA{Pix: append([]uint8(nil), m.Pix...), Stride: m.Stride, Rect: m.Rect}
		return c, nil
	case nil:
		return nil, fmt.Errorf("%w (PDF render returned no image)", ErrCorrupt)
	default:
		return toGray(m), nil
	}
}
