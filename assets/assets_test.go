package assets

import (
	"io/fs"
	"testing"
	"unsafe"
)

// TestInPlace: an embedded file is handed out where it lies: the same
// bytes the embed API reads, and the same memory on every call (no copy
// on the heap).
func TestInPlace(t *testing.T) {
	const name = "terminology/README.md"
	want, err := fs.ReadFile(terminology, name)
	if err != nil {
		t.Fatal(err)
	}
	a, err := inPlace(name)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := inPlace(name)
	if string(a) != string(want) || len(a) == 0 {
		t.Fatalf("in place %q, want %q", a, want)
	}
	if unsafe.SliceData(a) != unsafe.SliceData(b) {
		t.Error("each call copied the file")
	}
	if _, err := inPlace("terminology/nothing"); err == nil {
		t.Error("a missing file was found")
	}
}
