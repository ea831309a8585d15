package cli

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/codebench/codebench/app/intake"
)

func TestIntakeFile(t *testing.T) {
	dir := t.TempDir()
	// Windows-1252 text, as Notepad on an older PC saves it.
	txt := filepath.Join(dir, "visit.txt")
	if err := os.WriteFile(txt, []byte("Caf\xe9 visit\r\nAssessment: I10\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var progress bytes.Buffer
	pages, media, orig, err := intakeFile(context.Background(), txt, intakeOptions{DataDir: dir, Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}
	if media != "text/plain" || len(pages) != 1 || pages[0].Text != "Café visit\nAssessment: I10\n" || pages[0].Source != "typed" {
		t.Errorf("got %s %+v", media, pages)
	}
	if !bytes.Equal(orig, []byte("Caf\xe9 visit\r\nAssessment: I10\r\n")) {
		t.Errorf("original bytes changed: %q", orig)
	}
	if !strings.Contains(progress.String(), "visit.txt: page 1 of 1") {
		t.Errorf("progress %q", progress.String())
	}
	bad := filepath.Join(dir, "scan.tif")
	if err := os.WriteFile(bad, []byte("II*\x00\xff\xff\xff\x00"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, _, err = intakeFile(context.Background(), bad, intakeOptions{})
	if !errors.Is(err, intake.ErrCorrupt) || !strings.HasPrefix(err.Error(), "scan.tif: ") {
		t.Errorf("corrupt TIFF: %v", err)
	}
}

// renderScan draws lines of text on a white 300-dpi letter page, as a
// scanner would deliver a typed note.
func renderScan(t *testing.T, lines []string) []byte {
	t.Helper()
	f, err := opentype.Parse(goregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 12, DPI: 300, Hinting: font.HintingFull})
	if err != nil {
		t.Fatal(err)
	}
	img := image.NewGray(image.Rect(0, 0, 2550, 3300))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	d := &font.Drawer{Dst: img, Src: image.Black, Face: face}
	for i, l := range lines {
		d.Dot = fixed.P(300, 400+i*70)
		d.DrawString(l)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestNoteAddScan runs `codebench note add` end to end on a scanned page:
// intake with real tesseract, then storage, then `note text`.
func TestNoteAddScan(t *testing.T) {
	c := newRunner(t)
	id := strings.TrimSpace(c.newRecord())
	scan := filepath.Join(t.TempDir(), "scan.png")
	lines := []string{"PROGRESS NOTE", "Assessment: essential hypertension, ICD-10-CM I10.", "Plan: recheck blood pressure in four weeks."}
	if err := os.WriteFile(scan, renderScan(t, lines), 0o600); err != nil {
		t.Fatal(err)
	}
	noteID := strings.TrimSpace(c.ok("note", "add", id, scan))
	text := c.ok("note", "text", id, noteID)
	for _, w := range []string{"PROGRESS NOTE", "essential hypertension, ICD-10-CM", "four weeks"} {
		if !strings.Contains(text, w) {
			t.Errorf("note text lacks %q:\n%s", w, text)
		}
	}
	// A damaged file adds nothing and says which file and what is wrong.
	bad := filepath.Join(t.TempDir(), "broken.pdf")
	if err := os.WriteFile(bad, []byte("%PDF-1.7\ngarbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	if msg := c.fail(1, "note", "add", id, bad); !strings.Contains(msg, "broken.pdf: file is damaged") {
		t.Errorf("damaged PDF: %q", msg)
	}
}
