// Package atomicfile replaces a file in one step: the new content goes to a
// temporary file in the same folder, which is synced, renamed over the old
// file, and the folder synced, so a crash, a kill or a full disk leaves
// either the old file or the whole new one, never a part.
//
// It is written here rather than taken from github.com/google/renameio/v2
// because renameio does not build on Windows (its fallback there is a plain,
// non-atomic os.WriteFile) and does not sync the folder after the rename.
package atomicfile

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteFile replaces path with data, with permissions perm (before umask).
// On an error path is as it was and the temporary file is gone.
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	return Write(path, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// Write replaces path with what fill writes, with permissions perm (before
// umask). fill may stream a large file; when it fails nothing is replaced.
func Write(path string, perm fs.FileMode, fill func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err := f.Chmod(perm); err != nil {
		return err
	}
	if err := fill(f); err != nil {
		return err
	}
	// Without the sync a crash after the rename can leave an empty file
	// under the new name on file systems that reorder metadata and data.
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return SyncDir(dir)
}

// SyncDir makes a rename or a new file in dir durable. Systems that cannot
// sync a folder (Windows) make the rename as durable as they allow, so
// only a failure to open dir is reported.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync folder %s: %w", dir, err)
	}
	defer d.Close()
	_ = d.Sync()
	return nil
}
