package intake

import (
	"bytes"
	"context"
	"image"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klippa-app/go-pdfium/requests"
	xtiff "golang.org/x/image/tiff"
)

// Screen size: a letter page shown about 1000 pixels tall.
const screenDPI = 96

var benchData struct {
	once                      sync.Once
	g4, png, textPDF, scanPDF []byte
	scan20                    []byte
	page                      *image.Gray
}

func loadBench(b *testing.B) {
	benchData.once.Do(func() {
		page := renderNote(notePages[0])
		benchData.page = page
		benchData.g4 = asG4(b, page)
		benchData.png = pngBytes(b, page)
		benchData.textPDF = cmsPDF(b, "icd10cm/cms_2026_dx.zip", "icd10OrderFiles.pdf")
		benchData.scanPDF = scanPDF(b, []*image.Gray{page})
		var pages []*image.Gray
		for i := range 20 {
			img := renderNote(notePages[i%len(notePages)])
			if i%3 == 1 {
				img = rotate(img, 1)
			}
			pages = append(pages, img)
		}
		benchData.scan20 = scanPDF(b, pages)
	})
}

// loop runs body b.N times and reports CPU milliseconds per op beside
// the wall time.
func loop(b *testing.B, body func()) {
	c0 := cpuTime()
	for b.Loop() {
		body()
	}
	b.ReportMetric(float64(cpuTime()-c0)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

func openNoOCR(b *testing.B, name string, data []byte) *Document {
	doc, err := Open(context.Background(), name, data, Options{NoOCR: true})
	if err != nil {
		b.Fatal(err)
	}
	return doc
}

// BenchmarkRenderScreen renders page 1 at screen size for the viewer
// (target ≤ 50 ms), without the page cache; TIFF pages also without the
// decoded-page cache in "first-view". Baselines in the same run: x/image/tiff decoding the
// same G4 page (no scaling), image/png decoding the same PNG, and a PDF
// page rendered the plain go-pdfium way (open, render, close per call)
// instead of through the document's open instance.
func BenchmarkRenderScreen(b *testing.B) {
	loadBench(b)
	ctx := context.Background()
	for _, c := range []struct {
		name, file string
		data       []byte
	}{
		{"TIFF-G4", "scan.tif", benchData.g4},
		{"PNG", "scan.png", benchData.png},
		{"PDF-text-CMS", "order.pdf", benchData.textPDF},
		{"PDF-scan", "scan.pdf", benchData.scanPDF},
	} {
		doc := openNoOCR(b, c.file, c.data)
		// doc.render bypasses the page cache and prefetch: a page turn to
		// a page not yet prefetched.
		b.Run(c.name, func(b *testing.B) {
			loop(b, func() {
				if _, err := doc.render(ctx, 1, screenDPI); err != nil {
					b.Fatal(err)
				}
			})
		})
		if doc.kind == kindTIFF {
			// First view of a page: decode as well as scale.
			b.Run(c.name+"-first-view", func(b *testing.B) {
				loop(b, func() {
					doc.lastN = 0
					if _, err := doc.render(ctx, 1, screenDPI); err != nil {
						b.Fatal(err)
					}
				})
			})
		}
		doc.Close()
	}
	b.Run("baseline-xtiff-decode-G4", func(b *testing.B) {
		loop(b, func() {
			if _, err := xtiff.Decode(bytes.NewReader(benchData.g4)); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("baseline-png-decode", func(b *testing.B) {
		loop(b, func() {
			if _, err := decodeImage("image/png", benchData.png, DefaultMaxPixels); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("baseline-pdfium-open-render-close", func(b *testing.B) {
		engine := defaultReader().pdf
		inst, err := engine.acquire(ctx) // started before the clock
		if err != nil {
			b.Fatal(err)
		}
		engine.giveBack(inst)
		loop(b, func() {
			h := &pdfHandle{data: benchData.textPDF, engine: engine}
			if err := h.open(ctx); err != nil {
				b.Fatal(err)
			}
			res, err := h.inst.RenderPageInDPI(&requests.RenderPageInDPI{Page: h.page(0), DPI: screenDPI})
			if err != nil {
				b.Fatal(err)
			}
			res.Cleanup()
			h.release()
		})
	})
}

// BenchmarkPDFStart measures PDF engine start-up, from nothing to one
// instance ready: cold (no compilation cache, the baseline) and warm
// (the cache NewReader keeps in the data folder; target ≤ 0.4 s).
func BenchmarkPDFStart(b *testing.B) {
	start := func(b *testing.B, cacheDir string) {
		pool, err := newPDFPool(cacheDir, 1)
		if err != nil {
			b.Fatal(err)
		}
		inst, err := pool.GetInstance(time.Minute)
		if err != nil {
			b.Fatal(err)
		}
		inst.Close()
		pool.Close()
	}
	b.Run("cold-no-cache", func(b *testing.B) {
		loop(b, func() { start(b, "") })
	})
	b.Run("warm-cache", func(b *testing.B) {
		dir := b.TempDir()
		start(b, dir) // fill the cache, as the first run after install does
		b.ResetTimer()
		loop(b, func() { start(b, dir) })
	})
}

// BenchmarkOCRPage recognises one 300-dpi letter page (target ≤ 0.6 s
// per page on 2 cores). Baseline: the same tesseract with plain text
// output instead of TSV, to show what word confidences cost.
func BenchmarkOCRPage(b *testing.B) {
	loadBench(b)
	ctx := context.Background()
	b.Run("tsv", func(b *testing.B) {
		loop(b, func() {
			if _, err := OCR(ctx, benchData.page, OCRDPI); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("baseline-txt", func(b *testing.B) {
		in := pngBytes(b, benchData.page)
		loop(b, func() {
			cmd := exec.Command("tesseract", "stdin", "stdout", "--dpi", "300", "--psm", "6")
			cmd.Env = append(cmd.Environ(), "OMP_THREAD_LIMIT=1")
			cmd.Stdin = bytes.NewReader(in)
			if out, err := cmd.Output(); err != nil || !strings.Contains(string(out), "OFFICE") {
				b.Fatal(err, string(out))
			}
		})
	})
}

// BenchmarkScanPDF20 imports a 20-page scanned PDF with progress:
// one tesseract at a time (baseline) against one per CPU. The s/page
// metric is the throughput a coder sees.
func BenchmarkScanPDF20(b *testing.B) {
	loadBench(b)
	for _, w := range []int{1, runtime.NumCPU()} {
		name := "workers-1-baseline"
		if w > 1 {
			name = "workers-ncpu"
		}
		b.Run(name, func(b *testing.B) {
			var last int
			t0 := time.Now()
			c0 := cpuTime()
			for b.Loop() {
				doc, err := Open(context.Background(), "scan20.pdf", benchData.scan20, Options{Workers: w,
					Progress: func(done, total int) { last = done }})
				if err != nil {
					b.Fatal(err)
				}
				if last != 20 || doc.OCRError != nil {
					b.Fatalf("progress ended at %d, OCR error %v", last, doc.OCRError)
				}
				doc.Close()
			}
			b.ReportMetric(time.Since(t0).Seconds()/float64(b.N)/20, "s/page")
			b.ReportMetric((cpuTime()-c0).Seconds()/float64(b.N)/20, "cpu-s/page")
		})
	}
}
