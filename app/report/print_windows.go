//go:build windows

package report

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

const tempPrefix = "codebench-print-"

func printPDF(ctx context.Context, pdf []byte, printer string) error {
	removeOldCopies(time.Hour)
	dir, err := os.MkdirTemp("", tempPrefix)
	if err != nil {
		return fmt.Errorf("print: %w", err)
	}
	path := filepath.Join(dir, "record-summary.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		os.RemoveAll(dir)
		return fmt.Errorf("print: %w", err)
	}
	cmd := exec.CommandContext(ctx, "powershell.exe", "-NoProfile", "-NonInteractive", "-Command", windowsPrintScript(path, printer))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	if err == nil {
		// The PDF program opens the file after Start-Process returns:
		// removeOldCopies deletes it on a later print.
		return nil
	}
	os.RemoveAll(dir)
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		switch exit.ExitCode() {
		case 3:
			return ErrNoPrinter
		case 4:
			return errors.New("no program on this computer can print PDFs: install a PDF reader, or use Save as PDF… and print from there")
		case 5:
			return fmt.Errorf("printer %q is not set up on this computer: choose another or use Save as PDF…", printer)
		}
	}
	if ctx.Err() != nil {
		return fmt.Errorf("print: %w", ctx.Err())
	}
	return fmt.Errorf("print: %v: %s", err, strings.TrimSpace(out.String()))
}

// removeOldCopies deletes earlier print copies older than age.
func removeOldCopies(age time.Duration) {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), tempPrefix+"*"))
	for _, d := range dirs {
		if fi, err := os.Stat(d); err == nil && time.Since(fi.ModTime()) > age {
			os.RemoveAll(d)
		}
	}
}
