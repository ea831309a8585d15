//go:build !unix && !windows

package storage

// freeBytes cannot tell here; writes rely on the OS's own errors.
func freeBytes(string) (uint64, bool) { return 0, false }
