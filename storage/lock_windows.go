//go:build windows

package storage

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/windows"
)

// lockDir takes the folder's writer lock before Badger opens, so a second
// Codebench gets ErrAlreadyOpen instead of Badger's lock error. Every
// opening of a data folder passes here right after it is created, so this
// is also where the folder is made private: the 0o700 given to MkdirAll
// means nothing on Windows, where the folder would inherit the parent's
// access list (for a folder chosen with --data, often readable by every
// user of the computer).
func lockDir(dir string) (*os.File, error) {
	if err := restrictToOwner(dir); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(dir, lockFileName), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open the data folder %s: %w", dir, err)
	}
	// One byte far past any content: the lock file stays empty, and the
	// lock is released by Windows when the process ends, even if killed.
	ol := new(windows.Overlapped)
	flags := uint32(windows.LOCKFILE_EXCLUSIVE_LOCK | windows.LOCKFILE_FAIL_IMMEDIATELY)
	if err := windows.LockFileEx(windows.Handle(f.Fd()), flags, 0, 1, 0, ol); err != nil {
		f.Close()
		if errors.Is(err, windows.ERROR_LOCK_VIOLATION) || errors.Is(err, windows.ERROR_SHARING_VIOLATION) {
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
	_ = windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, new(windows.Overlapped))
	return f.Close()
}

// restrictToOwner sets dir's access list so that only the user running
// Codebench can open it: one entry, full control for that user, inherited
// by every file and folder created inside (OICI); P(rotected) stops the
// parent's entries from being inherited. Administrators can still take
// ownership, as of any folder. On a volume without access lists (FAT32,
// exFAT: USB sticks) there is nothing to set and the folder is left as is.
func restrictToOwner(dir string) error {
	if !persistentACLs(dir) {
		return nil
	}
	tu, err := windows.GetCurrentProcessToken().GetTokenUser()
	if err != nil {
		return fmt.Errorf("make the data folder private: %w", err)
	}
	sd, err := windows.SecurityDescriptorFromString(ownerOnlySDDL(tu.User.Sid))
	if err != nil {
		return fmt.Errorf("make the data folder private: %w", err)
	}
	dacl, _, err := sd.DACL()
	if err != nil {
		return fmt.Errorf("make the data folder private: %w", err)
	}
	info := windows.SECURITY_INFORMATION(windows.DACL_SECURITY_INFORMATION | windows.PROTECTED_DACL_SECURITY_INFORMATION)
	if err := windows.SetNamedSecurityInfo(dir, windows.SE_FILE_OBJECT, info, nil, nil, dacl, nil); err != nil {
		return fmt.Errorf("make the data folder %s readable only by you: %w", dir, err)
	}
	return nil
}

// ownerOnlySDDL is the data folder's access list in SDDL.
func ownerOnlySDDL(user *windows.SID) string {
	return "D:P(A;OICI;FA;;;" + user.String() + ")"
}

// persistentACLs reports whether dir's volume keeps access lists (NTFS,
// ReFS do). When it cannot tell it says yes, so that setting the list is
// tried and any failure is reported.
func persistentACLs(dir string) bool {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return true
	}
	root := filepath.VolumeName(abs) + `\`
	p, err := windows.UTF16PtrFromString(root)
	if err != nil {
		return true
	}
	var flags uint32
	if err := windows.GetVolumeInformation(p, nil, 0, nil, nil, &flags, nil, 0); err != nil {
		return true
	}
	return flags&windows.FILE_PERSISTENT_ACLS != 0
}
