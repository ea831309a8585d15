//go:build windows

package intake

import (
	"os"
	"os/exec"
	"path/filepath"
	"syscall"

	"golang.org/x/sys/windows"
)

// ocrMissing is ErrOCRUnavailable with the Windows way to install
// tesseract; errors.Is still matches ErrOCRUnavailable.
type ocrMissing struct{ msg string }

func (e ocrMissing) Error() string        { return e.msg }
func (e ocrMissing) Is(target error) bool { return target == ErrOCRUnavailable }

var errTesseractMissing = ocrMissing{"OCR is unavailable: install Tesseract OCR for Windows " +
	"(winget install UB-Mannheim.TesseractOCR, or the installer from github.com/UB-Mannheim/tesseract/wiki), " +
	"then open the note again. Typed notes and PDFs with text do not need it."}

// englishDataHint says how to get tesseract's English data on Windows.
const englishDataHint = "OCR is unavailable: tesseract has no English data: run the Tesseract OCR installer again and keep English selected"

// tesseractCandidates are where the Windows installers of tesseract put
// it, in order: the UB Mannheim installer for all users and for one user,
// Chocolatey's shim, Scoop's shim.
func tesseractCandidates() []string {
	var c []string
	add := func(env string, elem ...string) {
		if d := os.Getenv(env); d != "" {
			c = append(c, filepath.Join(append([]string{d}, elem...)...))
		}
	}
	add("ProgramFiles", "Tesseract-OCR", "tesseract.exe")
	add("ProgramFiles(x86)", "Tesseract-OCR", "tesseract.exe")
	add("LocalAppData", "Programs", "Tesseract-OCR", "tesseract.exe")
	add("LocalAppData", "Tesseract-OCR", "tesseract.exe")
	add("ProgramData", "chocolatey", "bin", "tesseract.exe")
	add("UserProfile", "scoop", "shims", "tesseract.exe")
	return c
}

// lookTesseract finds tesseract.exe on PATH or, since the Windows
// installers do not add it to PATH, where they install it.
func lookTesseract() (string, error) {
	if p, err := exec.LookPath("tesseract"); err == nil {
		return p, nil
	}
	for _, p := range tesseractCandidates() {
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p, nil
		}
	}
	return "", errTesseractMissing
}

// hideConsole keeps tesseract, a console program started by the window
// (a GUI program without a console), from opening a console window for
// every page.
func hideConsole(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{HideWindow: true, CreationFlags: windows.CREATE_NO_WINDOW}
}
