// Package assets carries the files built into the binary: the app icon
// and the generated terminology pack.
package assets

import (
	"embed"
	_ "embed"
	"errors"
	"io/fs"
)

//go:embed icon.png
var iconPNG []byte

// IconPNG is the app icon, drawn for Codebench (a page with a code bracket).
func IconPNG() []byte { return iconPNG }

//go:embed terminology
var terminology embed.FS

// PackName is the file name of the terminology pack inside the embedded
// folder and in the data folder.
const PackName = "codebench.pack"

// ErrNoPack means the binary was built without `make terminology`.
var ErrNoPack = errors.New("this build has no built-in code sets: run `make terminology` then `make build`, or import a release with File → Import code-set release…")

// TerminologyPack returns the embedded pack's bytes.
func TerminologyPack() ([]byte, error) {
	b, err := fs.ReadFile(terminology, "terminology/"+PackName)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNoPack
	}
	return b, err
}
