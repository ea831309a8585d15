package app

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// DefaultDataDir is the per-user folder where Codebench keeps its database
// and settings: $XDG_DATA_HOME/codebench (~/.local/share/codebench) on Linux,
// ~/Library/Application Support/Codebench on macOS, %LocalAppData%\Codebench
// on Windows.
func DefaultDataDir() (string, error) {
	switch runtime.GOOS {
	case "windows":
		if d := os.Getenv("LocalAppData"); d != "" {
			return filepath.Join(d, Name), nil
		}
	case "darwin":
		if h, err := os.UserHomeDir(); err == nil {
			return filepath.Join(h, "Library", "Application Support", Name), nil
		}
	default:
		if d := os.Getenv("XDG_DATA_HOME"); d != "" {
			return filepath.Join(d, "codebench"), nil
		}
		if h, err := os.UserHomeDir(); err == nil {
			return filepath.Join(h, ".local", "share", "codebench"), nil
		}
	}
	return "", fmt.Errorf("cannot find a per-user data folder: pass --data DIR or set CODEBENCH_DATA")
}
