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
	data []byte

	mu     sync.Mutex // guards the fields below; a document renders one page at a time
	doc    *intake.Document
	err    error
	opened bool
	closed bool // evicted from the cache: a caller takes a fresh entry
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

// entry returns the cache entry for data, adding it (and evicting the
// oldest, closed once no page of it is being drawn) when it is new.
func (n *noteReader) entry(data []byte) *cachedDoc {
	key := fmt.Sprintf("%p/%d", &data[0], len(data))
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, c := range n.docs {
		if c.key == key {
			return c
		}
	}
	d := &cachedDoc{key: key, data: data}
	n.docs = append(n.docs, d)
	if len(n.docs) > docCache {
		old := n.docs[0]
		n.docs = n.docs[1:]
		go func() {
			old.mu.Lock()
			defer old.mu.Unlock()
			old.closed = true
			if old.doc != nil {
				old.doc.Close()
			}
		}()
	}
	return d
}

// use runs f with the open document for data, opening it on first use
// without OCR (the text is already saved with the note).
func (n *noteReader) use(ctx context.Context, data []byte, f func(*intake.Document) error) error {
	if len(data) == 0 {
		return intake.ErrNoImage
	}
	for {
		d := n.entry(data)
		d.mu.Lock()
		if d.closed {
			d.mu.Unlock()
			continue
		}
		if !d.opened {
			d.doc, d.err = intake.Open(ctx, "note", data, intake.Options{NoOCR: true, CacheDir: n.cacheDir})
			// A cancelled open is tried again by the next caller.
			d.opened = ctx.Err() == nil
		}
		err := d.err
		if err == nil {
			err = f(d.doc)
		}
		d.mu.Unlock()
		return err
	}
}

func (n *noteReader) PageCount(mediaType string, data []byte) (int, error) {
	var count int
	err := n.use(context.Background(), data, func(doc *intake.Document) error {
		count = doc.PageCount()
		return nil
	})
	return count, err
}

// Render draws a page about width pixels wide, taking pages as US Letter
// (8.5 inches) wide.
func (n *noteReader) Render(ctx context.Context, mediaType string, data []byte, page, width int) (image.Image, error) {
	dpi := float64(width) / 8.5
	if dpi < 10 {
		dpi = 10
	}
	var img image.Image
	err := n.use(ctx, data, func(doc *intake.Document) error {
		var err error
		img, err = doc.RenderPage(ctx, page, dpi)
		return err
	})
	return img, err
}
