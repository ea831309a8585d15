package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/codebench/codebench/app"
)

// TestBinaryVersion builds the real binary and runs `codebench version`,
// the way a user or a script calls it.
func TestBinaryVersion(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "codebench")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version").CombinedOutput()
	if err != nil {
		t.Fatalf("codebench version: %v\n%s", err, out)
	}
	if got, want := strings.TrimSpace(string(out)), app.Name+" "+app.Version; got != want {
		t.Errorf("codebench version = %q, want %q", got, want)
	}
}

// TestVersionMatchesFyneApp keeps the binary's version and the package
// metadata in step.
func TestVersionMatchesFyneApp(t *testing.T) {
	b, err := os.ReadFile("FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `Version = "`+app.Version+`"`) {
		t.Errorf("FyneApp.toml does not carry Version = %q", app.Version)
	}
}
