//go:build windows

package intake

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// withoutTesseract points PATH and every folder a Windows installer of
// tesseract uses at empty folders, and forgets a tesseract found earlier.
func withoutTesseract(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	for _, env := range []string{"PATH", "ProgramFiles", "ProgramFiles(x86)", "LocalAppData", "ProgramData", "UserProfile"} {
		d := filepath.Join(root, env)
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
		t.Setenv(env, d)
	}
	tesseract.Lock()
	saved := tesseract.path
	tesseract.path = ""
	tesseract.Unlock()
	t.Cleanup(func() { tesseract.Lock(); tesseract.path = saved; tesseract.Unlock() })
	return root
}

func TestTesseractFoundWhereWindowsInstallersPutIt(t *testing.T) {
	for _, c := range []struct{ env, rel string }{
		{"ProgramFiles", `Tesseract-OCR\tesseract.exe`},
		{"ProgramFiles(x86)", `Tesseract-OCR\tesseract.exe`},
		{"LocalAppData", `Programs\Tesseract-OCR\tesseract.exe`},
		{"ProgramData", `chocolatey\bin\tesseract.exe`},
		{"UserProfile", `scoop\shims\tesseract.exe`},
		{"PATH", `tesseract.exe`},
	} {
		t.Run(c.env, func(t *testing.T) {
			root := withoutTesseract(t)
			// The folder has a space and non-ASCII letters, as a user's
			// profile can.
			base := filepath.Join(root, "Zoë Ångström "+c.env)
			t.Setenv(c.env, base)
			want := filepath.Join(base, c.rel)
			if err := os.MkdirAll(filepath.Dir(want), 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(want, []byte("MZ"), 0o700); err != nil {
				t.Fatal(err)
			}
			got, err := lookTesseract()
			if err != nil {
				t.Fatal(err)
			}
			if !strings.EqualFold(got, want) {
				t.Errorf("found %s, want %s", got, want)
			}
		})
	}
}

// TestOCRMissingOnWindows checks that a missing tesseract says how to
// install it on Windows, and that typed notes and PDFs with text still
// read in full.
func TestOCRMissingOnWindows(t *testing.T) {
	withoutTesseract(t)
	err := OCRAvailable()
	if !errors.Is(err, ErrOCRUnavailable) {
		t.Fatalf("without tesseract: %v", err)
	}
	if !strings.Contains(err.Error(), "winget install UB-Mannheim.TesseractOCR") || strings.Contains(err.Error(), "apt-get") {
		t.Errorf("message does not say how to install on Windows: %q", err)
	}

	typed := Typed("Type 2 diabetes mellitus without complications.")
	if !strings.Contains(typed.Text(), "diabetes") {
		t.Errorf("typed note text %q", typed.Text())
	}
	pdf := textPDF(t, []string{"Discharge summary: community-acquired pneumonia."}, "")
	doc, err := Open(context.Background(), "discharge.pdf", pdf, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	if doc.OCRError != nil || !strings.Contains(doc.Text(), "pneumonia") {
		t.Errorf("PDF with text: OCRError %v, text %q", doc.OCRError, doc.Text())
	}
	scan, err := Open(context.Background(), "scan.png", pngBytes(t, renderNote("Acute bronchitis")), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(scan.OCRError, ErrOCRUnavailable) || scan.Pages[0].Text != "" {
		t.Errorf("scan without tesseract: OCRError %v, text %q", scan.OCRError, scan.Pages[0].Text)
	}
}
