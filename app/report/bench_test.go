package report

import (
	"bytes"
	"io"
	"testing"

	"github.com/codebench/codebench/app"
)

// benchCodes is how many codes make the benchmark's summary three pages
// long; TestBenchmarkFixtures keeps it honest.
const benchCodes = 40

// pageCount counts the page objects gofpdf writes.
func pageCount(pdf []byte) int { return bytes.Count(pdf, []byte("<</Type /Page\n")) }

func TestBenchmarkFixtures(t *testing.T) {
	three := render(t, manyCodes(benchCodes), nil, testOptions())
	if n := pageCount(three); n != 3 {
		t.Errorf("benchmark summary has %d pages, want 3: adjust benchCodes", n)
	}
	if n := len(pageTexts(t, three)); n != 3 {
		t.Errorf("pdftotext sees %d pages in the benchmark summary, want 3", n)
	}
	if n := pageCount(render(t, onePageRecord(), nil, testOptions())); n != 1 {
		t.Errorf("one-page baseline has %d pages, want 1", n)
	}
	var b bytes.Buffer
	if err := summary(&b, manyCodes(benchCodes), nil, testOptions(), true); err != nil {
		t.Fatal(err)
	}
	if n := pageCount(b.Bytes()); n != 3 {
		t.Errorf("core-font baseline has %d pages, want 3", n)
	}
}

func onePageRecord() *app.Record {
	r := inpatientRecord()
	r.History = r.History[len(r.History)-2:]
	return r
}

// BenchmarkSummary measures a three-page summary (the target: ≤ 50 ms) with
// two baselines in the same run: the same document set in the PDF core
// fonts (no embedding, no Unicode), and a one-page summary.
func BenchmarkSummary(b *testing.B) {
	three := manyCodes(benchCodes)
	opt := testOptions()
	b.Run("3pages", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := Summary(io.Discard, three, nil, opt); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("3pages-corefonts-baseline", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := summary(io.Discard, three, nil, opt, true); err != nil {
				b.Fatal(err)
			}
		}
	})
	one := onePageRecord()
	b.Run("1page-baseline", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := Summary(io.Discard, one, nil, opt); err != nil {
				b.Fatal(err)
			}
		}
	})
}
