//go:build !windows

package intake

import "os/exec"

// englishDataHint says how to get tesseract's English data.
const englishDataHint = "OCR is unavailable: install tesseract's English data (sudo apt-get install tesseract-ocr-eng)"

// lookTesseract finds the tesseract command on PATH.
func lookTesseract() (string, error) {
	p, err := exec.LookPath("tesseract")
	if err != nil {
		return "", ErrOCRUnavailable
	}
	return p, nil
}

func hideConsole(*exec.Cmd) {}
