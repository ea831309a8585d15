package report

import "github.com/codebench/codebench/internal/atomicfile"

// WriteFile writes a summary to path, readable by the owner only, through
// a temporary file in the same folder, so a failed write (full disk)
// leaves any earlier file at path untouched.
func WriteFile(path string, data []byte) error {
	return atomicfile.WriteFile(path, data, 0o600)
}
