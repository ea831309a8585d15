package seal

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"errors"
	"testing"
)

func master(b byte) []byte { return bytes.Repeat([]byte{b}, MasterSize) }

func newSealer(t testing.TB, b byte) *Sealer {
	t.Helper()
	s, err := New(master(b))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestRoundTrip(t *testing.T) {
	s := newSealer(t, 7)
	for _, plain := range [][]byte{nil, {}, []byte("I10"), bytes.Repeat([]byte("note text "), 100000)} {
		key := []byte("r/R000001")
		sealed := s.Seal(key, plain)
		if len(sealed) != len(plain)+Overhead {
			t.Errorf("sealed %d bytes to %d, want +%d", len(plain), len(sealed), Overhead)
		}
		if len(plain) > 0 && bytes.Contains(sealed, plain[:min(len(plain), 16)]) {
			t.Error("sealed value holds the plain text")
		}
		got, err := s.Open(key, sealed)
		if err != nil || !bytes.Equal(got, plain) {
			t.Fatalf("open: %v, %d bytes back of %d", err, len(got), len(plain))
		}
		// AppendOpen and AppendSeal keep what dst held.
		got, err = s.AppendOpen([]byte("x"), key, s.AppendSeal([]byte("y"), key, plain)[1:])
		if err != nil || !bytes.Equal(got, append([]byte("x"), plain...)) {
			t.Fatalf("append open: %v", err)
		}
	}
}

// Every single-bit flip, every cut and every other key or master key is
// refused with ErrDamaged.
func TestDamageIsRefused(t *testing.T) {
	s := newSealer(t, 7)
	key := []byte("s/R000012")
	plain := []byte(`{"status":"final","codes":["I10"]}`)
	sealed := s.Seal(key, plain)
	open := func(what string, k, v []byte, by *Sealer) {
		t.Helper()
		if got, err := by.Open(k, v); !errors.Is(err, ErrDamaged) {
			t.Errorf("%s: opened (%q, %v), want ErrDamaged", what, got, err)
		}
	}
	for i := range sealed {
		for bit := range 8 {
			v := bytes.Clone(sealed)
			v[i] ^= 1 << bit
			open("bit flip", key, v, s)
		}
	}
	for n := range len(sealed) {
		open("cut short", key, sealed[:n], s)
	}
	open("extra byte", key, append(bytes.Clone(sealed), 0), s)
	open("moved to another key", []byte("s/R000013"), sealed, s)
	open("moved to a shorter key", key[:len(key)-1], sealed, s)
	open("other master key", key, sealed, newSealer(t, 8))
}

// The value key is derived, not the master key itself: a value sealed
// with AES-GCM under the raw master key does not open.
func TestValueKeyIsDerived(t *testing.T) {
	b, _ := aes.NewCipher(master(7))
	raw, _ := cipher.NewGCMWithRandomNonce(b)
	key := []byte("k")
	v := raw.Seal([]byte{Format}, nil, []byte("plain"), append([]byte{Format}, key...))
	if _, err := newSealer(t, 7).Open(key, v); !errors.Is(err, ErrDamaged) {
		t.Errorf("a value sealed under the raw master key opened: %v", err)
	}
}

func TestNoncesDiffer(t *testing.T) {
	s := newSealer(t, 7)
	a, b := s.Seal([]byte("k"), []byte("same")), s.Seal([]byte("k"), []byte("same"))
	if bytes.Equal(a, b) {
		t.Error("two seals of the same value are equal: the nonce is not random")
	}
}

func TestNewRefusesShortKeys(t *testing.T) {
	for _, n := range []int{0, 16, 31, 33} {
		if _, err := New(make([]byte, n)); err == nil {
			t.Errorf("New accepted a %d-byte master key", n)
		}
	}
}

// FuzzOpen: Open never panics, and nothing opens but a value sealed for
// that key. The only value ever sealed under this master key is plain
// under key (in every fuzz worker), so anything that opens must be it.
func FuzzOpen(f *testing.F) {
	s := newSealer(f, 7)
	key := []byte("r/R000001")
	plain := []byte(`{"id":"R000001","codes":["I10"]}`)
	sealed := s.Seal(key, plain)
	f.Add(key, sealed)
	f.Add(key, sealed[:Overhead])
	f.Add([]byte{}, []byte{})
	f.Add(key[:1], sealed)
	f.Fuzz(func(t *testing.T, k, v []byte) {
		got, err := s.Open(k, v)
		if err == nil {
			if !bytes.Equal(k, key) || !bytes.Equal(got, plain) {
				t.Fatalf("Open(%q, %x) = %q, want ErrDamaged", k, v, got)
			}
			return
		}
		if !errors.Is(err, ErrDamaged) || got != nil {
			t.Fatalf("Open(%q, %x) = %q, %v; want ErrDamaged", k, v, got, err)
		}
	})
}

func BenchmarkSeal(b *testing.B) {
	s := newSealer(b, 7)
	for _, size := range []int{100, 4 << 20} {
		plain := make([]byte, size)
		key := []byte("t/N000001/0000")
		b.Run(byteSize(size), func(b *testing.B) {
			b.SetBytes(int64(size))
			for b.Loop() {
				s.Seal(key, plain)
			}
		})
		sealed := s.Seal(key, plain)
		b.Run(byteSize(size)+"/open", func(b *testing.B) {
			b.SetBytes(int64(size))
			for b.Loop() {
				if _, err := s.Open(key, sealed); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func byteSize(n int) string {
	if n >= 1<<20 {
		return "4MB"
	}
	return "100B"
}
