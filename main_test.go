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
	// Debian's default locale in containers; Fyne must not complain about it
	// on the command line.
	cmd := exec.Command(bin, "version")
	cmd.Env = append(os.Environ(), "LANG=C.UTF-8", "LC_ALL=", "LC_MESSAGES=")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("codebench version: %v\n%s", err, stderr.String())
	}
	if stderr.Len() > 0 {
		t.Errorf("codebench version wrote to stderr: %q", stderr.String())
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
