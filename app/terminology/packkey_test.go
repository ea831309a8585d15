package terminology

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestPackKey(t *testing.T) {
	var buf bytes.Buffer
	if err := newSet().WritePack(&buf); err != nil {
		t.Fatal(err)
	}
	pack := buf.Bytes()
	k, err := PackKey(pack)
	if err != nil || len(k) != len("pack")+1+1+64 {
		t.Fatalf("key %q, %v", k, err)
	}
	if again, _ := PackKey(append([]byte(nil), pack...)); again != k {
		t.Errorf("same pack, keys %q and %q", k, again)
	}
	// Other contents carry another checksum, hence another key.
	other := append([]byte(nil), pack...)
	other[30] ^= 1
	if ko, _ := PackKey(other); ko == k {
		t.Errorf("another body, same key %q", k)
	}
	old := append([]byte(nil), pack...)
	old[8] = PackVersion - 1
	if _, err := PackKey(old); !errors.Is(err, ErrPackVersion) {
		t.Errorf("old version: %v", err)
	}
	if _, err := PackKey([]byte("junk")); !errors.Is(err, ErrNotPack) {
		t.Errorf("junk: %v", err)
	}
	path := filepath.Join(t.TempDir(), PackName)
	if err := os.WriteFile(path, pack, 0o600); err != nil {
		t.Fatal(err)
	}
	if kf, err := PackFileKey(path); kf != k || err != nil {
		t.Errorf("file key %q, %v; want %q", kf, err, k)
	}
	if err := os.WriteFile(path, pack[:10], 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := PackFileKey(path); !errors.Is(err, ErrNotPack) {
		t.Errorf("short file: %v", err)
	}
}
