package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/codebench/codebench/app/terminology"

	"github.com/codebench/codebench/internal/testenv"
)

func TestTermsSearch(t *testing.T) {
	// The real loader, pointed at a folder holding this year's official
	// ICD-10-CM and ICD-10-PCS releases.
	shared := testenv.Terminology(t)
	codesets := t.TempDir()
	for _, f := range []string{"icd10cm/cms_2026_dx.zip", "icd10pcs/cms_2026_pr.zip"} {
		if err := os.Symlink(filepath.Join(shared, f), filepath.Join(codesets, filepath.Base(f))); err != nil {
			t.Fatal(err)
		}
	}
	var out, errb bytes.Buffer
	env := &Env{Stdout: &out, Stderr: &errb, DataDir: t.TempDir(), Getenv: func(k string) string {
		if k == envCodeSets {
			return codesets
		}
		return ""
	}}
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

	// Through the command dispatcher, as the binary runs it.
	out.Reset()
	if code := Run(env, []string{"terms", "search", "--json", "--system", "pcs", "--billable", "0DTJ4"}); code != 0 {
		t.Fatalf("codebench terms search exited %d: %s", code, errb.String())
	}
	var viaRun searchLineJSON
	if err := json.Unmarshal(out.Bytes(), &viaRun); err != nil {
		t.Fatal(err)
	}
	if len(viaRun.Hits) < 2 {
		t.Fatalf("via Run: %+v", viaRun)
	}
	for _, h := range viaRun.Hits {
		if !strings.HasPrefix(h.Code, "0DTJ4") || !h.Billable {
			t.Fatalf("via Run: %+v", viaRun)
		}
	}

	for _, bad := range [][]string{{}, {"--year", "2020", "--date", "2020-01-01", "x"}, {"--system", "cpt", "x"}, {"--limit", "0", "x"}, {"--date", "01/02/2020", "x"}} {
		if err := runTermsSearch(env, bad); !errors.Is(err, ErrUsage) {
			t.Errorf("%v: want a usage error, got %v", bad, err)
		}
	}
}

// TestTermsSearchCache: with a pack in the data folder the index is built
// once, cached beside it, and read back on the next run.
func TestTermsSearchCache(t *testing.T) {
	shared := testenv.Terminology(t)
	set, err := terminology.Import(context.Background(), []string{filepath.Join(shared, "icd10cm", "cms_2026_dx.zip")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	if err := set.WritePackFile(terminology.DataPackPath(data)); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	env := &Env{Stdout: &out, Stderr: &errb, DataDir: data, Getenv: func(string) string { return "" }}
	search := func() string {
		out.Reset()
		if err := runTermsSearch(env, []string{"--json", "--year", "2026", "type", "2", "diabetes", "without", "complications"}); err != nil {
			t.Fatal(err)
		}
		var line searchLineJSON
		if err := json.Unmarshal(out.Bytes(), &line); err != nil {
			t.Fatal(err)
		}
		if len(line.Hits) == 0 || line.Hits[0].Code != "E11.9" {
			t.Fatalf("hits: %+v", line.Hits)
		}
		line.Micros = 0
		b, _ := json.Marshal(line)
		return string(b)
	}
	first := search()
	cached, _ := filepath.Glob(filepath.Join(data, "cache", "search-*.idx"))
	if len(cached) != 1 {
		t.Fatalf("want one cached index, got %v", cached)
	}
	st, _ := os.Stat(cached[0])
	if second := search(); second != first {
		t.Fatalf("cached index answers differently:\n%s\n%s", first, second)
	}
	if st2, _ := os.Stat(cached[0]); !st2.ModTime().Equal(st.ModTime()) {
		t.Fatal("the cached index was rebuilt instead of read")
	}
}
