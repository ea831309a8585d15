//go:build windows

package storage

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/windows"
)

// TestLockFileExRefusesASecondHolder checks the Windows lock itself:
// LockFileEx locks belong to a handle, so a second lockDir in the same
// process stands for a second Codebench.
func TestLockFileExRefusesASecondHolder(t *testing.T) {
	dir := t.TempDir()
	f, err := lockDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lockDir(dir); !errors.Is(err, ErrAlreadyOpen) {
		t.Fatalf("second lock: got %v, want ErrAlreadyOpen", err)
	}
	if err := unlockDir(f); err != nil {
		t.Fatal(err)
	}
	f, err = lockDir(dir)
	if err != nil {
		t.Fatalf("lock after unlock: %v", err)
	}
	unlockDir(f)
}

// TestDataFolderReadableOnlyByTheUser creates a database in a folder whose
// path has spaces and non-ASCII letters. The access list given to the
// folder must read back, as Windows parses it, as protected from the
// parent's entries with one entry: full control for the current user,
// inherited by everything inside. On Windows the folder's and the key
// file's lists are read back from disk too; Wine accepts access lists but
// does not keep them for files, so under Wine that part is reported, not
// checked.
func TestDataFolderReadableOnlyByTheUser(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "Zoë Ångström", "Codebench data")
	s, err := Create(dir, "coder", testPass, testOptions(&syncBuffer{}))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tu, err := windows.GetCurrentProcessToken().GetTokenUser()
	if err != nil {
		t.Fatal(err)
	}
	user := tu.User.Sid.String()
	sd, err := windows.SecurityDescriptorFromString(ownerOnlySDDL(tu.User.Sid))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := sd.String(), "D:P(A;OICI;FA;;;"+user+")"; got != want {
		t.Errorf("data folder access list %s, want %s", got, want)
	}
	if underWine() {
		got, _ := windows.GetNamedSecurityInfo(dir, windows.SE_FILE_OBJECT, windows.DACL_SECURITY_INFORMATION)
		t.Logf("under Wine, which keeps no access lists for files: read back %v", got)
		return
	}
	for _, p := range []string{dir, filepath.Join(dir, keyFileName)} {
		sd, err := windows.GetNamedSecurityInfo(p, windows.SE_FILE_OBJECT, windows.DACL_SECURITY_INFORMATION)
		if err != nil {
			t.Fatal(err)
		}
		sddl := sd.String()
		if strings.Count(sddl, "(") != 1 || !strings.Contains(sddl, ";"+user+")") {
			t.Errorf("%s: access list %s, want one entry for %s", filepath.Base(p), sddl, user)
		}
		if p == dir && !strings.HasPrefix(sddl, "D:P") {
			t.Errorf("data folder inherits its parent's entries: %s", sddl)
		}
	}
}

// underWine reports whether the test runs under Wine, whose ntdll has
// wine_get_version.
func underWine() bool {
	return windows.NewLazySystemDLL("ntdll.dll").NewProc("wine_get_version").Find() == nil
}

func TestFreeBytesOnWindows(t *testing.T) {
	n, ok := freeBytes(t.TempDir())
	if !ok || n == 0 {
		t.Fatalf("freeBytes = %d, %v; want the free space", n, ok)
	}
}
