//go:build winetest

package winetest

import _ "unsafe" // go:linkname

// deleteatFallback is Go's own switch for the older way of deleting a file
// (FileDispositionInformation). Wine 8 answers the newer one
// (FileDispositionInformationEx, Windows 10 1607+) with
// STATUS_NOT_IMPLEMENTED, which Go 1.26 does not take as "fall back" (it
// does for the statuses older Windows gives), so os.RemoveAll of a folder
// with files in it, and with it every t.TempDir cleanup, fails under Wine.
// Linking to it needs -ldflags=-checklinkname=0.
//
//go:linkname deleteatFallback internal/syscall/windows.TestDeleteatFallback
var deleteatFallback bool

func init() { deleteatFallback = true }
