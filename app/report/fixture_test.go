package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
)

// Every person and place here is made up.

var fixedNow = time.Date(2026, 3, 9, 14, 30, 0, 0, time.UTC)

func day(s string) time.Time {
	t, err := app.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

func at(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func testOptions() Options {
	return Options{
		Facility:        "Riverbend Family Clinic",
		FacilityAddress: "12 Example Lane\nSpringfield, ZZ 00000",
		PrintedBy:       "t.tester",
		Now:             fixedNow,
		Location:        time.UTC,
	}
}

// inpatientRecord is a small, final inpatient record with a provider query
// in its history.
func inpatientRecord() *app.Record {
	r := &app.Record{
		ID: "R-0001",
		Patient: app.Patient{
			MRN:  "MRN-778899",
			Name: "Zoë Ångström-Núñez",
			DOB:  day("1958-07-14"),
			Sex:  app.Female,
		},
		Encounter: app.Encounter{
			Account:   "ACCT-44021",
			Type:      app.Inpatient,
			Service:   day("2026-02-02"),
			Discharge: day("2026-02-06"),
			Provider:  "Dr. Imaginary Provider",
		},
		Status: app.ToCode,
		Assignments: []app.Assignment{
			{System: app.ICD10CM, Code: "E1122", Year: 2026, Role: app.Principal, POA: app.POAYes,
				Title:   "Type 2 diabetes mellitus with diabetic chronic kidney disease",
				Comment: "Linked by the provider in the progress note of 2026-02-03."},
			{System: app.ICD10CM, Code: "N183", Year: 2026, Role: app.Secondary, POA: app.POAYes,
				Title: "Chronic kidney disease, stage 3 (moderate)"},
			{System: app.ICD10CM, Code: "Z794", Year: 2025, Role: app.Secondary, POA: app.POAExempt,
				Title: "Long term (current) use of insulin"},
			{System: app.ICD10PCS, Code: "0DJ08ZZ", Year: 2026, Role: app.Procedure,
				ProcedureDate: day("2026-02-04"),
				Title:         "Inspection of Upper Intestinal Tract, Via Natural or Artificial Opening Endoscopic"},
		},
		CreatedBy: "c.coder",
		CreatedAt: at("2026-02-07 08:00"),
	}
	steps := []struct {
		to     app.Status
		reason string
		by     string
		when   string
	}{
		{app.InProgress, "", "c.coder", "2026-02-07 08:05"},
		{app.OnHold, "Please clarify the stage of the chronic kidney disease documented on 2026-02-03.", "c.coder", "2026-02-07 09:10"},
		{app.InProgress, "", "c.coder", "2026-02-08 10:00"},
		{app.Coded, "", "c.coder", "2026-02-08 10:30"},
		{app.Final, "", "s.supervisor", "2026-02-09 16:45"},
	}
	for _, s := range steps {
		if err := r.Transition(s.to, s.reason, s.by, at(s.when)); err != nil {
			panic(err)
		}
	}
	return r
}

func outpatientRecord() *app.Record {
	r := inpatientRecord()
	r.Encounter.Type = app.Office
	r.Encounter.Discharge = time.Time{}
	return r
}

func testNotes() []app.Note {
	return []app.Note{{
		ID:        "N-1",
		RecordID:  "R-0001",
		MediaType: "text/plain",
		Pages: []app.Page{{Number: 1, Source: app.SourceTyped,
			Text: "Progress note.\nAssessment: type 2 diabetes with CKD stage 3.\n\tPlan: continue insulin glargine."}},
		AddedBy: "c.coder",
		AddedAt: at("2026-02-07 08:01"),
	}, {
		ID:        "N-2",
		RecordID:  "R-0001",
		FileName:  "discharge-summary.tiff",
		MediaType: "image/tiff",
		SHA256:    strings.Repeat("ab", 32),
		Pages: []app.Page{
			{Number: 1, Source: app.SourceOCR, Confidence: 91.4, Text: "Discharge summary. Patient Zoë Ångström-Núñez discharged home in stable condition."},
			{Number: 2, Source: app.SourceOCR, Confidence: 88, Text: ""},
		},
		AddedBy: "c.coder",
		AddedAt: at("2026-02-07 08:02"),
	}}
}

// manyCodes returns a record with n secondary codes after the principal,
// every fifth with a long title and a comment so rows differ in height.
func manyCodes(n int) *app.Record {
	r := inpatientRecord()
	r.Assignments = r.Assignments[:1]
	for i := 1; i < n; i++ {
		a := app.Assignment{System: app.ICD10CM, Code: fmt.Sprintf("Z%02d%d", i%100, i/100), Year: 2026, Role: app.Secondary, POA: app.POAYes,
			Title: fmt.Sprintf("Made-up condition number %d", i+1)}
		if i%5 == 0 {
			a.Title += ", with a deliberately long qualifier that has to wrap onto a second and maybe a third line of the title column"
			a.Comment = fmt.Sprintf("Comment on code %d.", i+1)
		}
		r.Assignments = append(r.Assignments, a)
	}
	return r
}

func render(t testing.TB, rec *app.Record, notes []app.Note, opt Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Summary(&b, rec, notes, opt); err != nil {
		t.Fatalf("Summary: %v", err)
	}
	return b.Bytes()
}

// poppler runs a poppler-utils tool. They are installed by `make deps` and
// in CI; a missing tool fails the test rather than skipping it.
func poppler(t testing.TB, tool string, args ...string) []byte {
	t.Helper()
	path, err := exec.LookPath(tool)
	if err != nil {
		t.Fatalf("%s not found: install poppler-utils (make deps)", tool)
	}
	out, err := exec.Command(path, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", tool, args, err, out)
	}
	return out
}

func writePDF(t testing.TB, pdf []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "summary.pdf")
	if err := os.WriteFile(p, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// pageTexts returns the text of each page, as pdftotext extracts it.
func pageTexts(t testing.TB, pdf []byte) []string {
	t.Helper()
	out := string(poppler(t, "pdftotext", "-enc", "UTF-8", writePDF(t, pdf), "-"))
	pages := strings.Split(out, "\f")
	if len(pages) > 0 && strings.TrimSpace(pages[len(pages)-1]) == "" {
		pages = pages[:len(pages)-1]
	}
	return pages
}

// word is one word as pdftotext -bbox places it, in points from the top
// left of its page.
type word struct {
	Text                   string
	XMin, YMin, XMax, YMax float64
}

type bboxPage struct {
	Width, Height float64
	Words         []word
}

// wordBoxes reads the position of every word on every page.
func wordBoxes(t testing.TB, pdf []byte) []bboxPage {
	t.Helper()
	out := poppler(t, "pdftotext", "-bbox", "-enc", "UTF-8", writePDF(t, pdf), "-")
	dec := xml.NewDecoder(bytes.NewReader(out))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity
	var pages []bboxPage
	attr := func(se xml.StartElement, name string) float64 {
		for _, a := range se.Attr {
			if a.Name.Local == name {
				v, err := strconv.ParseFloat(a.Value, 64)
				if err != nil {
					t.Fatalf("bbox %s=%q: %v", name, a.Value, err)
				}
				return v
			}
		}
		t.Fatalf("bbox: no %s attribute on <%s>", name, se.Name.Local)
		return 0
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "page":
			pages = append(pages, bboxPage{Width: attr(se, "width"), Height: attr(se, "height")})
		case "word":
			w := word{XMin: attr(se, "xMin"), YMin: attr(se, "yMin"), XMax: attr(se, "xMax"), YMax: attr(se, "yMax")}
			var text string
			if err := dec.DecodeElement(&text, &se); err != nil {
				t.Fatalf("bbox word: %v", err)
			}
			w.Text = text
			pages[len(pages)-1].Words = append(pages[len(pages)-1].Words, w)
		}
	}
	if len(pages) == 0 {
		t.Fatalf("pdftotext -bbox found no pages:\n%s", out)
	}
	return pages
}

const ptPerMM = 72 / 25.4

// assertInsideMargins checks that every word lies inside the side margins,
// and that nothing but the footer sits below the body's bottom limit.
func assertInsideMargins(t *testing.T, pdf []byte) {
	t.Helper()
	const slack = 0.6 // points: glyph side bearings
	for i, pg := range wordBoxes(t, pdf) {
		left, right := marginX*ptPerMM-slack, pg.Width-marginX*ptPerMM+slack
		bodyBottom := pg.Height - footerSpace*ptPerMM + slack
		footerTop := pg.Height - (footerSpace-5)*ptPerMM
		for _, w := range pg.Words {
			if w.XMin < left || w.XMax > right {
				t.Errorf("page %d: %q runs into the side margin (x %.1f–%.1f, allowed %.1f–%.1f)", i+1, w.Text, w.XMin, w.XMax, left, right)
			}
			if w.YMax > bodyBottom && w.YMin < footerTop {
				t.Errorf("page %d: %q runs into the footer (y %.1f–%.1f, body ends %.1f)", i+1, w.Text, w.YMin, w.YMax, bodyBottom)
			}
			if w.YMax > pg.Height || w.YMin < 0 {
				t.Errorf("page %d: %q is off the page (y %.1f–%.1f)", i+1, w.Text, w.YMin, w.YMax)
			}
		}
	}
}

// assertRenders rasterises every page with pdftoppm and checks that each
// page decodes and has ink on it.
func assertRenders(t *testing.T, pdf []byte, pages int) {
	t.Helper()
	dir := t.TempDir()
	p := writePDF(t, pdf)
	poppler(t, "pdftoppm", "-png", "-r", "40", p, filepath.Join(dir, "page"))
	files, err := filepath.Glob(filepath.Join(dir, "page-*.png"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != pages {
		t.Fatalf("pdftoppm wrote %d pages, want %d", len(files), pages)
	}
	for _, f := range files {
		img := decodePNG(t, f)
		if ink := inkPixels(img); ink < 300 {
			t.Errorf("%s: only %d pixels with ink: page looks blank", filepath.Base(f), ink)
		}
	}
}

func decodePNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return img
}

// inkPixels counts pixels that are not white.
func inkPixels(img image.Image) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if (r+g+bl)/3 < 0xE000 {
				n++
			}
		}
	}
	return n
}
