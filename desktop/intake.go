package desktop

import (
	"context"
	"fmt"
	"image"
	"sync"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/intake"
)

// docCache keeps the last few opened documents so paging through a PDF or
// drawing its thumbnails does not reopen it every time.
const docCache = 4

// noteReader reads note files and renders their pages with app/intake.
type noteReader struct {
	cacheDir string

	mu   sync.Mutex
	docs []*cachedDoc
}

type cachedDoc struct {
	key  string
	mu   sync.Mutex // a document renders one page at a time
	doc  *intake.Document
	err  error
	once sync.Once
	data []byte
}

func newIntake(cacheDir string) *noteReader { return &noteReader{cacheDir: cacheDir} }

func (n *noteReader) Read(ctx context.Context, name string, data []byte, progress func(done, total int)) (app.Note, error) {
	doc, err := intake.Open(ctx, name, data, intake.Options{Progress: progress, CacheDir: n.cacheDir})
	if err != nil {
		return app.Note{}, err
	}
	defer doc.Close()
	note := app.Note{FileName: name, MediaType: doc.MediaType, Size: int64(len(data)), Pages: doc.Pages}
	if doc.OCRError != nil {
		empty := true
		for _, p := range doc.Pages {
			if p.Text != "" {
				empty = false
			}
		}
		if empty {
			return app.Note{}, fmt.Errorf("no text could be read from %s: %w", name, doc.OCRError)
		}
	}
	return note, nil
}

// open returns the cached document for data, opening it without OCR (the
// text is already saved with the note).
func (n *noteReader) open(ctx context.Context, data []byte) (*cachedDoc, error) {
	if len(data) == 0 {
		return nil, intake.ErrNoImage
	}
	key := fmt.Sprintf("%p/%d", &data[0], len(data))
	n.mu.Lock()
	var d *cachedDoc
	for _, c := range n.docs {
		if c.key == key {
			d = c
		}
	}
	if d == nil {
		d = &cachedDoc{key: key, data: data}
		n.docs = append(n.docs, d)
		if len(n.docs) > docCache {
			old := n.docs[0]
			n.docs = n.docs[1:]
			go func() {
				old.mu.Lock()
				if old.doc != nil {
					old.doc.Close()
				}
				old.mu.Unlock()
			}()
		}
	}
	n.mu.Unlock()
	d.once.Do(func() {
		d.doc, d.err = intake.Open(ctx, "note", data, intake.Options{NoOCR: true, CacheDir: n.cacheDir})
	})
	return d, d.err
}

func (n *noteReader) PageCount(mediaType string, data []byte) (int, error) {
	d, err := n.open(context.Background(), data)
	if err != nil {
		return 0, err
	}
	return d.doc.PageCount(), nil
}

// Render draws a page about width pixels wide, taking pages as US Letter
// (8.5 inches) wide.
func (n *noteReader) Render(ctx context.Context, mediaType string, data []byte, page, width int) (image.Image, error) {
	d, err := n.open(ctx, data)
	if err != nil {
		return nil, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	dpi := float64(width) / 8.5
	if dpi < 10 {
		dpi = 10
	}
	return d.doc.RenderPage(ctx, page, dpi)
}
