// Package assets carries the files built into the binary: the app icon,
// the generated terminology pack and the search index built from it.
package assets

import (
	"embed"
	_ "embed"
	"errors"
	"io"
	"io/fs"
	"unsafe"
)

//go:embed icon.png
var iconPNG []byte

// IconPNG is the app icon, drawn for Codebench (a page with a code bracket).
func IconPNG() []byte { return iconPNG }

// The folder is embedded whole so a build without `make terminology`
// still compiles (it then holds only its README).
//
//go:embed terminology
var terminology embed.FS

// PackName is the file name of the terminology pack inside the embedded
// folder and in the data folder.
const PackName = "codebench.pack"

// IndexName is the file name of the search index built from the pack
// (`codebench terms build-index`, run by `make terminology`).
const IndexName = "codebench.index"

// ErrNoPack means the binary was built without `make terminology`.
var ErrNoPack = errors.New("this build has no built-in code sets: run `make terminology` then `make build`, or import a release with File → Import code-set release…")

// ErrNoIndex means the binary was built without the search index of its
// pack; the index is then built at start.
var ErrNoIndex = errors.New("this build has no built-in search index: run `make terminology` then `make build`")

// TerminologyPack returns the embedded pack's bytes. They are the
// binary's own read-only data, not a copy: do not modify them.
func TerminologyPack() ([]byte, error) {
	b, err := inPlace("terminology/" + PackName)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNoPack
	}
	return b, err
}

// SearchIndex returns the embedded search index's bytes, read in place
// (app/terminology/search.OpenBuiltIn): the binary's own read-only data,
// paged in by the system as a search touches it. Do not modify them.
func SearchIndex() ([]byte, error) {
	b, err := inPlace("terminology/" + IndexName)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNoIndex
	}
	return b, err
}

// embedFile is the layout of an embedded file in embed.FS, which the
// compiler fixes (cmd/compile/internal/staticdata.WriteEmbed): embed
// offers only copies (ReadFile) and the index is meant to be read where
// it lies.
type embedFile struct {
	name string
	data string
	_    [16]byte // hash
}

// inPlace returns an embedded file's bytes without copying them. Should
// the layout ever not be the expected one (checked against the file's
// size and contents through the embed API), it falls back to a copy.
func inPlace(name string) ([]byte, error) {
	f, err := terminology.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if data, ok := embedded(name); ok && int64(len(data)) == st.Size() && sameEnds(f, data) {
		if len(data) == 0 {
			return []byte{}, nil
		}
		return unsafe.Slice(unsafe.StringData(data), len(data)), nil
	}
	return fs.ReadFile(terminology, name)
}

func embedded(name string) (string, bool) {
	files := *(**[]embedFile)(unsafe.Pointer(&terminology))
	if files == nil {
		return "", false
	}
	for _, f := range *files {
		if f.name == name {
			return f.data, true
		}
	}
	return "", false
}

// sameEnds compares the first and last bytes the embed API reads with
// data.
func sameEnds(f fs.File, data string) bool {
	ra, ok := f.(io.ReaderAt)
	if !ok {
		return false
	}
	n := min(len(data), 64)
	head, tail := make([]byte, n), make([]byte, n)
	if _, err := ra.ReadAt(head, 0); err != nil && err != io.EOF {
		return false
	}
	if _, err := ra.ReadAt(tail, int64(len(data)-n)); err != nil && err != io.EOF {
		return false
	}
	return string(head) == data[:n] && string(tail) == data[len(data)-n:]
}
