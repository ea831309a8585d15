//go:build unix

package storage

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockDir takes the folder's writer lock before Badger opens, so a second
// Codebench gets ErrAlreadyOpen instead of Badger's lock error.
func lockDir(dir string) (*os.File, error) {
	if err := privateDir(dir); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(dir, lockFileName), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open the data folder %s: %w", dir, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, ErrAlreadyOpen
		}
		return nil, fmt.Errorf("lock the data folder %s: %w", dir, err)
	}
	return f, nil
}

func unlockDir(f *os.File) error {
	if f == nil {
		return nil
	}
	_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return f.Close()
}

// privateDir makes a data folder that others may write to private to its
// owner (0700) before anything in it is trusted: another user who can
// write there could swap keys.json or the database. A folder that cannot
// be made private (not ours) is refused.
func privateDir(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("open the data folder %s: %w", dir, err)
	}
	if fi.Mode().Perm()&0o022 == 0 {
		return nil
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return fmt.Errorf("%w: the data folder %s can be written by other users (mode %04o) and could not be made private (%v): use a folder of your own, or run chmod 700 on it",
			ErrUnsafeFolder, dir, fi.Mode().Perm(), errors.Unwrap(err))
	}
	return nil
}
