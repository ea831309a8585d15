// Package testenv finds what tests share with the workplace around the
// repository: its root, and the official CMS/CDC code-set files that live in
// ../shared/terminology beside it. Tests that need the real code sets fail,
// never skip, when the files are missing: CI must run them.
package testenv

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// Root returns the repository root: the nearest folder above the working
// directory (a package folder, under go test) that holds go.mod.
func Root() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", errors.New("no go.mod above the test's folder")
		}
		dir = up
	}
}

// SharedTerminology returns ../shared/terminology seen from the repository
// root, or an error saying where the official files belong.
func SharedTerminology() (string, error) {
	root, err := Root()
	if err != nil {
		return "", err
	}
	d := filepath.Join(root, "..", "shared", "terminology")
	if _, err := os.Stat(filepath.Join(d, "README.md")); err != nil {
		return "", fmt.Errorf("the official code-set files are missing: %w (they belong in ../shared/terminology beside the repository)", err)
	}
	return d, nil
}

// RepoRoot is Root for a test: it fails the test when there is none.
func RepoRoot(tb testing.TB) string {
	tb.Helper()
	root, err := Root()
	if err != nil {
		tb.Fatal(err)
	}
	return root
}

// Terminology is SharedTerminology for a test: it fails the test when the
// files are missing.
func Terminology(tb testing.TB) string {
	tb.Helper()
	d, err := SharedTerminology()
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// PDFEngineCache returns a folder, kept between test runs on this machine,
// for the PDF engine's compiled code (intake.Warm's cacheDir). Compiling
// the engine takes minutes under -race; with the folder it is done once per
// machine and engine version, as the shipped app does once per data folder.
func PDFEngineCache() string {
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	return filepath.Join(base, "codebench-tests", "pdfium")
}

// ZipMember reads the member of the zip at path whose base name is name
// (the official releases put their files at the top or in one folder).
func ZipMember(tb testing.TB, path, name string) []byte {
	tb.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if filepath.Base(f.Name) != name {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			tb.Fatal(err)
		}
		defer rc.Close()
		b, err := io.ReadAll(rc)
		if err != nil {
			tb.Fatal(err)
		}
		return b
	}
	tb.Fatalf("%s not in %s", name, path)
	return nil
}
