package terminology

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestSourceCacheKey(t *testing.T) {
	emb := Source{Embedded: true}
	if emb.CacheKey(nil) != "" {
		t.Error("no built-in pack, yet a key")
	}
	a, b := emb.CacheKey([]byte("pack one")), emb.CacheKey([]byte("pack two"))
	if a == "" || a == b || a != emb.CacheKey([]byte("pack one")) {
		t.Errorf("built-in keys %q %q: must name the pack's bytes", a, b)
	}
	p := filepath.Join(t.TempDir(), PackName)
	if (Source{Path: p}).CacheKey(nil) != "" {
		t.Error("a missing data-folder pack has a key")
	}
	os.WriteFile(p, []byte("v1"), 0o644)
	k1 := Source{Path: p}.CacheKey(nil)
	os.WriteFile(p, []byte("v2 longer"), 0o644)
	os.Chtimes(p, time.Now().Add(time.Minute), time.Now().Add(time.Minute))
	k2 := Source{Path: p}.CacheKey(nil)
	if k1 == "" || k1 == k2 {
		t.Errorf("data-folder keys %q %q: a rewritten pack must change its key", k1, k2)
	}
	if (Source{Path: filepath.Dir(p)}).CacheKey(nil) != "" {
		t.Error("a folder of release files has a key")
	}
}
