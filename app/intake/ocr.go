package intake

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/codebench/codebench/app"
)

var tesseract struct {
	sync.Mutex
	path string // set once tesseract and its English data were found
}

// OCRAvailable reports whether the tesseract command and its English
// language data can be used; the error says how to install them. A
// successful check is remembered; a failed one is retried on the next
// call, so installing tesseract while the app runs is enough.
func OCRAvailable() error {
	_, err := tesseractPath()
	return err
}

func tesseractPath() (string, error) {
	tesseract.Lock()
	defer tesseract.Unlock()
	if tesseract.path != "" {
		return tesseract.path, nil
	}
	path, err := lookTesseract()
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	list := exec.CommandContext(ctx, path, "--list-langs")
	hideConsole(list)
	out, err := list.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("%w (tesseract --list-langs: %v)", ErrOCRUnavailable, err)
	}
	hasEng := false
	for _, l := range strings.Split(string(out), "\n") {
		if strings.TrimSpace(l) == "eng" {
			hasEng = true
		}
	}
	if !hasEng {
		return "", errors.New(englishDataHint)
	}
	tesseract.path = path
	return path, nil
}

// OCRResult is the text tesseract read from one page.
type OCRResult struct {
	Text       string
	Confidence float64 // mean word confidence, 0–100
	Words      int
}

// pngEncoder uses the fastest deflate: measured, an uncompressed 8 MB PNG
// costs tesseract more to read (about 0.9 s CPU a page against 0.76 s)
// than deflating it costs here (about 40 ms).
var pngEncoder = png.Encoder{CompressionLevel: png.BestSpeed}

// OCR recognises the text of a page image with tesseract, which must be
// rendered at dpi (OCRDPI for pages intake renders). The image goes to
// tesseract on standard input as a grayscale PNG and never touches the
// disk. Code-like tokens OCR garbles are repaired with CleanCodes.
func OCR(ctx context.Context, img image.Image, dpi int) (OCRResult, error) {
	path, err := tesseractPath()
	if err != nil {
		return OCRResult{}, err
	}
	g, ok := img.(*image.Gray)
	if !ok {
		g = toGray(img)
	}
	var in bytes.Buffer
	if err := pngEncoder.Encode(&in, g); err != nil {
		return OCRResult{}, fmt.Errorf("OCR: %w", err)
	}
	// psm 6: a note page is one block of text; the single-thread limit
	// lets pages run side by side instead of fighting over OpenMP threads.
	cmd := exec.CommandContext(ctx, path, "stdin", "stdout", "--dpi", strconv.Itoa(dpi), "--psm", "6", "-l", "eng", "tsv")
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	hideConsole(cmd)
	cmd.Stdin = &in
	var out, stderr bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &limitedBuffer{max: 4096, b: &stderr}
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return OCRResult{}, ctx.Err()
		}
		msg := strings.TrimSpace(stderr.String())
		return OCRResult{}, fmt.Errorf("OCR: tesseract failed: %v: %s", err, msg)
	}
	r := parseTSV(out.Bytes())
	r.Text = CleanCodes(r.Text)
	return r, nil
}

// parseTSV rebuilds the page text, line by line, from tesseract's TSV
// output and averages the word confidences.
func parseTSV(b []byte) OCRResult {
	var res OCRResult
	var text strings.Builder
	var sum float64
	lastLine := ""
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	first := true
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 12 || f[0] != "5" {
			continue
		}
		word := strings.TrimSpace(f[11])
		if word == "" {
			continue
		}
		conf, err := strconv.ParseFloat(f[10], 64)
		if err != nil || conf < 0 {
			continue
		}
		line := f[1] + "." + f[2] + "." + f[3] + "." + f[4]
		switch {
		case first:
		case line != lastLine:
			text.WriteByte('\n')
		default:
			text.WriteByte(' ')
		}
		first = false
		lastLine = line
		text.WriteString(word)
		sum += conf
		res.Words++
	}
	res.Text = text.String()
	if res.Words > 0 {
		res.Confidence = sum / float64(res.Words)
	}
	return res
}

type limitedBuffer struct {
	max int
	b   *bytes.Buffer
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := l.max - l.b.Len(); room > 0 {
		l.b.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

// recognize runs OCR on the listed pages: one goroutine renders pages
// in order, opts.Workers tesseract processes read them. Pages not listed
// are counted as done for progress before OCR starts.
func (d *Document) recognize(ctx context.Context, opts Options, pages []int) error {
	total := len(d.Pages)
	var progMu sync.Mutex
	done := total - len(pages)
	report := func(n int) {
		if opts.Progress == nil {
			return
		}
		progMu.Lock()
		defer progMu.Unlock()
		done += n
		opts.Progress(done, total)
	}
	if done > 0 || len(pages) == 0 {
		report(0)
	}
	if len(pages) == 0 {
		return nil
	}
	if opts.NoOCR {
		report(len(pages))
		return nil
	}
	if err := OCRAvailable(); err != nil {
		d.OCRError = err
		report(len(pages))
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type job struct {
		n   int
		img *image.Gray
	}
	jobs := make(chan job, 1)
	var renderErr error
	go func() {
		defer close(jobs)
		for _, n := range pages {
			img, err := d.ocrImage(ctx, n)
			if err != nil {
				renderErr = fmt.Errorf("page %d: %w", n, err)
				cancel()
				return
			}
			select {
			case jobs <- job{n, img}:
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	var errMu sync.Mutex
	var ocrErr error
	for range min(opts.Workers, len(pages)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if ctx.Err() != nil {
					continue // drain; a cancelled import reports no more progress
				}
				res, err := OCR(ctx, j.img, OCRDPI)
				if ctx.Err() != nil {
					continue
				}
				if err != nil {
					errMu.Lock()
					if ocrErr == nil {
						ocrErr = fmt.Errorf("page %d: %w", j.n, err)
					}
					errMu.Unlock()
				} else {
					p := &d.Pages[j.n-1]
					p.Text, p.Source, p.Confidence = res.Text, app.SourceOCR, res.Confidence
				}
				report(1)
			}
		}()
	}
	wg.Wait()
	switch {
	case renderErr != nil:
		return renderErr
	case ctx.Err() != nil:
		// The caller's context, not ours: ours is only cancelled after.
		return context.Cause(ctx)
	}
	if ocrErr != nil {
		d.OCRError = ocrErr
	}
	return nil
}

// allPages lists every page number of d.
func (d *Document) allPages() []int {
	n := make([]int, len(d.Pages))
	for i := range n {
		n[i] = i + 1
	}
	return n
}

// ocrImage renders page n as the gray 300-dpi image tesseract reads.
func (d *Document) ocrImage(ctx context.Context, n int) (*image.Gray, error) {
	var img image.Image
	var err error
	switch d.kind {
	case kindImage:
		img = scaleToDPI(d.img, d.imgDPI, OCRDPI)
	case kindTIFF:
		img, err = d.tiffPage(n)
		if err == nil {
			img = scaleToDPI(img, d.tiff[n-1].dpi, OCRDPI)
		}
	case kindPDF:
		img, err = d.renderPDFGray(ctx, n, OCRDPI)
	default:
		return nil, errors.New("typed page has no image")
	}
	if err != nil {
		return nil, err
	}
	if g, ok := img.(*image.Gray); ok {
		return g, nil
	}
	return toGray(img), nil
}
