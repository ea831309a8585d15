package report

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
)

// Errors from printing.
var (
	// ErrNoPrinter means the computer has no printer, no default printer,
	// or no print service; the person should save the PDF instead.
	//lint:ignore ST1005 shown to the person as a sentence, as written
	ErrNoPrinter = errors.New("No printer is set up on this computer: use Save as PDF…")
	// ErrNotPDF means the bytes handed to Print are not a PDF.
	ErrNotPDF = errors.New("not a PDF document")
)

// JobTitle names every print job. Print queues are visible to anyone on
// the computer or the print server, so it never carries patient details.
const JobTitle = "Codebench record summary"

// Print sends a PDF to a printer: printer names it, or "" means the
// system's default printer. It returns ErrNoPrinter when there is nothing
// to print to, so the caller can offer Save as PDF instead.
//
// On Linux and macOS it runs CUPS `lp -d PRINTER` (or BSD `lpr -P PRINTER`
// where lp is missing) and hands it the document on standard input, so no
// copy of the record is written to a temporary file. With no printer named
// it first asks `lpstat -d` whether a default exists (LPDEST or PRINTER in
// the environment also count as one).
//
// On Windows it prints through GDI: the pages are rendered in memory by
// the PDF engine intake uses and drawn on the printer's device context, so
// no PDF reader is needed and no copy is written to a file. With no
// printer named it uses the user's default printer (GetDefaultPrinter).
func Print(ctx context.Context, pdf []byte, printer string) error {
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		return fmt.Errorf("print: %w", ErrNotPDF)
	}
	return printPDF(ctx, pdf, strings.TrimSpace(printer))
}

// PrintFile prints the PDF file at path; see Print.
func PrintFile(ctx context.Context, path, printer string) error {
	pdf, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("print: %w", err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		return fmt.Errorf("print %s: %w", path, ErrNotPDF)
	}
	return printPDF(ctx, pdf, strings.TrimSpace(printer))
}
