//go:build !windows

package report

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// printCommand picks the spooler and its arguments: CUPS lp where it
// exists, else BSD lpr. Both read the document from standard input.
func printCommand(printer string) (path string, args []string, err error) {
	if p, err := exec.LookPath("lp"); err == nil {
		args = []string{"-t", JobTitle}
		if printer != "" {
			args = append(args, "-d", printer)
		}
		return p, args, nil
	}
	if p, err := exec.LookPath("lpr"); err == nil {
		args = []string{"-T", JobTitle}
		if printer != "" {
			args = append(args, "-P", printer)
		}
		return p, args, nil
	}
	return "", nil, fmt.Errorf("%w (no lp or lpr command found)", ErrNoPrinter)
}

// cLocale runs the print tools with untranslated messages, which are
// matched below.
func cLocale() []string { return append(os.Environ(), "LC_ALL=C", "LANG=C") }

// hasDefaultPrinter asks lpstat whether a default destination exists. It
// reports true when it cannot tell (no lpstat), leaving lp to decide.
func hasDefaultPrinter(ctx context.Context) (bool, error) {
	if os.Getenv("LPDEST") != "" || os.Getenv("PRINTER") != "" {
		return true, nil
	}
	p, err := exec.LookPath("lpstat")
	if err != nil {
		return true, nil
	}
	cmd := exec.CommandContext(ctx, p, "-d")
	cmd.Env = cLocale()
	cmd.WaitDelay = time.Second
	out, err := cmd.CombinedOutput()
	msg := strings.TrimSpace(string(out))
	switch {
	case strings.Contains(msg, "no system default destination"):
		return false, nil
	case strings.Contains(msg, "system default destination:"):
		return true, nil
	case ctx.Err() != nil:
		return false, ctx.Err()
	case err != nil:
		// Typically "scheduler is not running": nothing can print.
		return false, fmt.Errorf("%w (lpstat: %s)", ErrNoPrinter, firstLine(msg, err))
	}
	return true, nil
}

func printPDF(ctx context.Context, pdf []byte, printer string) error {
	path, args, err := printCommand(printer)
	if err != nil {
		return err
	}
	if printer == "" {
		ok, err := hasDefaultPrinter(ctx)
		if err != nil {
			return err
		}
		if !ok {
			return ErrNoPrinter
		}
	}
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Env = cLocale()
	cmd.Stdin = bytes.NewReader(pdf)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	// Do not wait on children that keep lp's output open after it is killed.
	cmd.WaitDelay = time.Second
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("print: %w", ctx.Err())
		}
		msg := strings.TrimSpace(out.String())
		lower := strings.ToLower(msg)
		switch {
		case strings.Contains(lower, "no default destination"),
			strings.Contains(lower, "scheduler is not running"),
			strings.Contains(lower, "no default printer"):
			return fmt.Errorf("%w (%s)", ErrNoPrinter, firstLine(msg, err))
		case printer != "" && (strings.Contains(lower, "does not exist") || strings.Contains(lower, "unknown printer")):
			return fmt.Errorf("printer %q is not set up on this computer: choose another (lpstat -p lists them) or use Save as PDF…", printer)
		}
		return fmt.Errorf("print: %s failed: %s", cmdName(path), firstLine(msg, err))
	}
	return nil
}

func cmdName(path string) string {
	if i := strings.LastIndexByte(path, '/'); i >= 0 {
		return path[i+1:]
	}
	return path
}

// firstLine is the first line of a tool's output, or the exit error when
// it printed nothing.
func firstLine(msg string, err error) string {
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	if msg == "" && err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return exit.String()
		}
		return err.Error()
	}
	return msg
}
