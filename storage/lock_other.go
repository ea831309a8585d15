//go:build !unix && !windows

package storage

import "os"

// lockDir has no flock here; Badger's own directory lock is the guard and
// its error is recognised in open (see isBadgerLockError).
func lockDir(dir string) (*os.File, error) { return nil, nil }

func unlockDir(f *os.File) error { return nil }
