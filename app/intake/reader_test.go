package intake

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestReaderOwnsItsEngine: each Reader has its own PDF engine with its
// own cache folder (not whichever folder the process named first), a
// document is a handle that renders and gives page text until closed,
// and a closed Reader refuses PDFs. The engine is not started here (a
// cold start takes seconds); the PDF tests start it.
func TestReaderOwnsItsEngine(t *testing.T) {
	ctx := context.Background()
	a, b := NewReader(filepath.Join(t.TempDir(), "a")), NewReader(filepath.Join(t.TempDir(), "b"))
	if a.pdf == b.pdf || a.pdf.cacheDir == b.pdf.cacheDir || a.pdf == defaultReader().pdf {
		t.Fatal("two data folders share a PDF engine or its cache folder")
	}
	doc, err := a.Open(ctx, "note.txt", []byte("Assessment: pneumonia\fPlan: antibiotics"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if doc.PageCount() != 2 || !strings.Contains(doc.PageText(2), "antibiotics") || doc.PageText(3) != "" {
		t.Fatalf("pages %d, page 2 %q", doc.PageCount(), doc.PageText(2))
	}
	doc.Close()
	pdf := textPDF(t, []string{"Assessment: pneumonia"}, "")
	for _, r := range []*Reader{a, b} {
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := r.Open(ctx, "note.pdf", pdf, Options{NoOCR: true}); !errors.Is(err, errReaderClosed) {
			t.Fatalf("open after Close: %v", err)
		}
	}
}

// TestDocumentsUnderLoad opens, renders and closes documents from several
// goroutines at once through one Reader, as the viewer's page, thumbnails
// and print preview do (run under -race in CI).
func TestDocumentsUnderLoad(t *testing.T) {
	var files [][]byte
	for i := range 4 {
		img := image.NewGray(image.Rect(0, 0, 850, 1100))
		for x := range 850 {
			img.SetGray(x, 100+i*10, color.Gray{})
		}
		var b bytes.Buffer
		if err := png.Encode(&b, img); err != nil {
			t.Fatal(err)
		}
		files = append(files, b.Bytes())
	}
	r := NewReader(t.TempDir())
	defer r.Close()
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range 6 {
				doc, err := r.Open(ctx, "scan.png", files[(g+k)%len(files)], Options{NoOCR: true})
				if err != nil {
					errs <- err
					return
				}
				// Two renders of one open document share it.
				var inner sync.WaitGroup
				for range 2 {
					inner.Add(1)
					go func() {
						defer inner.Done()
						if img, err := doc.RenderPage(ctx, 1, 20); err != nil || img.Bounds().Dx() < 100 {
							errs <- err
						}
					}()
				}
				inner.Wait()
				doc.Close()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("render under load: %v", err)
	}
}

// TestPDFEngineOnDemand: the engine is not started by a text note, starts
// for the first PDF, stays while a document holds an instance, is released
// once idle, and starts again for the next PDF (issue 16: nothing heavy
// lives in a workstation that is not reading PDFs).
func TestPDFEngineOnDemand(t *testing.T) {
	ctx := context.Background()
	r := NewReader(filepath.Join(t.TempDir(), "cache"))
	defer r.Close()
	r.pdf.idleAfter = 300 * time.Millisecond
	if _, err := r.Open(ctx, "note.txt", []byte("Plan: rest"), Options{}); err != nil {
		t.Fatal(err)
	}
	if r.pdf.running() {
		t.Fatal("a text note started the PDF engine")
	}
	pdf := textPDF(t, []string{"Assessment: pneumonia"}, "")
	for round := range 2 {
		doc, err := r.Open(ctx, "note.pdf", pdf, Options{NoOCR: true})
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if !strings.Contains(doc.PageText(1), "pneumonia") {
			t.Fatalf("round %d: page text %q", round, doc.PageText(1))
		}
		if _, err := doc.RenderPage(ctx, 1, 20); err != nil {
			t.Fatalf("round %d: render: %v", round, err)
		}
		time.Sleep(3 * r.pdf.idleAfter)
		if !r.pdf.running() {
			t.Fatalf("round %d: the engine was released while a document held an instance", round)
		}
		doc.Close()
		deadline := time.Now().Add(10 * time.Second)
		for r.pdf.running() && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		if r.pdf.running() {
			t.Fatalf("round %d: the engine is still running after being idle", round)
		}
	}
}
