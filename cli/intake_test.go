package cli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
