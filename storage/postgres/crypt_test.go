package postgres

import (
	"bytes"
	"testing"

	"github.com/codebench/codebench/app"
)

func testStore(t *testing.T) *Store {
	k, err := blindKey(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	return &Store{blind: k}
}

func TestPrefixes(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
	}{{"", 0}, {"a", 1}, {"ólaf", 4}, {"abcdefghijklmnopqrstuvwxyz0123", maxPrefix}} {
		p := prefixes(c.in)
		if len(p) != c.want {
			t.Errorf("prefixes(%q) = %d, want %d", c.in, len(p), c.want)
		}
		if c.want > 0 && c.want < maxPrefix && p[len(p)-1] != c.in {
			t.Errorf("prefixes(%q) ends with %q", c.in, p[len(p)-1])
		}
	}
	if got := searchPrefix("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123"); got != "abcdefghijklmnopqrstuvwx" {
		t.Errorf("searchPrefix of a long word = %q", got)
	}
}

// TestTokens: every prefix a search may type finds the record's token,
// fields do not share tokens, and the count per record stays small.
func TestTokens(t *testing.T) {
	s := testStore(t)
	r := &app.Record{Patient: app.Patient{MRN: "00482913", Name: "Maria del Carmen Gonzalez-Ortiz"}, Encounter: app.Encounter{Account: "A-2026-0001234"}}
	toks := s.recordTokens(r)
	have := map[string]bool{}
	for _, tk := range toks {
		have[string(tk)] = true
	}
	for _, w := range []string{"0", "00482913", "maria", "del", "carm", "gonzalez-ortiz", "GONZ", "a-2026"} {
		found := false
		for _, tk := range s.wordTokens(w) {
			found = found || have[string(tk)]
		}
		if !found {
			t.Errorf("the search word %q finds no token of the record", w)
		}
	}
	if bytes.Equal(s.token(fieldMRN, "12"), s.token(fieldAccount, "12")) {
		t.Error("an MRN prefix and an account prefix share a token")
	}
	if other := (&Store{blind: bytes.Repeat([]byte{8}, 32)}).token(fieldMRN, "12"); bytes.Equal(other, s.token(fieldMRN, "12")) {
		t.Error("two practices' keys give the same token")
	}
	// 8 MRN + 14 account + 5+3+6+14 name prefixes.
	if len(toks) != 50 {
		t.Errorf("%d tokens, want 50", len(toks))
	}
	t.Logf("tokens for MRN(8) + account(14) + name(4 words, 28 letters): %d × %d bytes", len(toks), tokenSize)
}
