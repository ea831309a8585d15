package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/codebench/codebench/app/terminology"
)

func TestTermsSearch(t *testing.T) {
	old := loadTerms
	loadTerms = func(*Env) (*terminology.Set, error) { return testTerms() }
	t.Cleanup(func() { loadTerms = old })

	var out, errb bytes.Buffer
	env := &Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	if err := runTermsSearch(env, []string{"--system", "icd10cm", "--year", "2026", "E11.9"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "E11.9") || !strings.Contains(out.String(), "Type 2 diabetes mellitus without complications") {
		t.Fatalf("plain output lacks E11.9:\n%s", out.String())
	}

	out.Reset()
	env.Stdin = strings.NewReader("e119\ntype 2 diabetes without complications\n0DTJ4\n")
	if err := runTermsSearch(env, []string{"--date", "2025-11-03", "--limit", "3", "-"}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("want 3 JSON lines, got %d:\n%s", len(lines), out.String())
	}
	var first searchLineJSON
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	if first.Query != "e119" || len(first.Hits) == 0 || first.Hits[0].Code != "E11.9" || !first.Hits[0].Billable || first.Hits[0].Why != "code" {
		t.Fatalf("first line: %+v", first)
	}
	if first.Micros < 0 || len(first.Hits[0].Years) == 0 || first.Hits[0].Years[len(first.Hits[0].Years)-1] != 2026 {
		t.Fatalf("first line micros/years: %+v", first)
	}
	var third searchLineJSON
	if err := json.Unmarshal([]byte(lines[2]), &third); err != nil {
		t.Fatal(err)
	}
	if len(third.Hits) == 0 || !strings.HasPrefix(third.Hits[0].Code, "0DTJ4") || third.Hits[0].System != "icd10pcs" {
		t.Fatalf("third line: %+v", third)
	}

	for _, bad := range [][]string{{}, {"--year", "2020", "--date", "2020-01-01", "x"}, {"--system", "cpt", "x"}, {"--limit", "0", "x"}, {"--date", "01/02/2020", "x"}} {
		if err := runTermsSearch(env, bad); !errors.Is(err, ErrUsage) {
			t.Errorf("%v: want a usage error, got %v", bad, err)
		}
	}
}
