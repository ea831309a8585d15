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
// On Windows it writes the PDF to a private temporary folder and asks the
// shell to print it with PowerShell's Start-Process -Verb Print (or
// -Verb PrintTo for a named printer), which hands it to the program
// registered for PDFs (Edge, Acrobat, SumatraPDF...). That program reads
// the file after Print returns, so the copy is removed by a later Print
// once it is an hour old. This path is not exercised by the tests, which
// run on Linux.
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

// windowsPrintScript is the PowerShell that prints path on Windows. Exit
// status 3: no printer or no default printer; 4: no program can print
// PDFs; 5: the named printer does not exist.
func windowsPrintScript(path, printer string) string {
	var b strings.Builder
	b.WriteString("$ErrorActionPreference = 'Stop'\n")
	b.WriteString("$printers = @(Get-CimInstance -ClassName Win32_Printer)\n")
	b.WriteString("if ($printers.Count -eq 0) { exit 3 }\n")
	if printer == "" {
		b.WriteString("if (-not ($printers | Where-Object { $_.Default })) { exit 3 }\n")
		fmt.Fprintf(&b, "try { Start-Process -FilePath %s -Verb Print -WindowStyle Hidden } catch { exit 4 }\n", psQuote(path))
	} else {
		fmt.Fprintf(&b, "if (-not ($printers | Where-Object { $_.Name -eq %s })) { exit 5 }\n", psQuote(printer))
		fmt.Fprintf(&b, "try { Start-Process -FilePath %s -Verb PrintTo -ArgumentList %s -WindowStyle Hidden } catch { exit 4 }\n",
			psQuote(path), psQuote(`"`+strings.ReplaceAll(printer, `"`, ``)+`"`))
	}
	return b.String()
}

// psQuote makes s a PowerShell single-quoted string, in which only the
// single quote itself needs escaping (by doubling).
func psQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
