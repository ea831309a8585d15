package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/codebench/codebench/app/terminology"
	"github.com/codebench/codebench/internal/testenv"
	"github.com/codebench/codebench/internal/testenv/testpack"
)

// guidelinesData is a data folder whose pack is the generated one, so the
// commands read the real Official Guidelines through the real loader.
func guidelinesData(t *testing.T) string {
	t.Helper()
	data := t.TempDir()
	if err := os.WriteFile(filepath.Join(data, terminology.PackName), testpack.Bytes(t), 0o644); err != nil {
		t.Fatal(err)
	}
	return data
}

func TestGuidelinesSection(t *testing.T) {
	data := guidelinesData(t)
	cases := []struct {
		args       []string
		code       int
		want, not  []string
		wantStderr string
	}{
		{[]string{"guidelines", "I.C.4.a.3", "--year", "2026"}, 0,
			[]string{"ICD-10-CM Official Guidelines, FY2026, October 1, 2025 (page ", "I.C.4.a.3 Diabetes mellitus and the use of insulin, oral hypoglycemics, and injectable non-insulin drugs", "Z79.4, Long term (current) use of insulin"}, nil, ""},
		// The newest edition of the year, and the one in effect on a date.
		{[]string{"guidelines", "Section IV.H", "--year", "2024"}, 0, []string{"FY2024, April 1, 2024", "IV.H Uncertain diagnosis"}, nil, ""},
		{[]string{"guidelines", "§I.A.15", "--date", "2024-02-01"}, 0, []string{"FY2024, October 1, 2023", "I.A.15 “With”"}, nil, ""},
		// A section with its subsections.
		{[]string{"guidelines", "I.C.4.a.5", "--year", "2025"}, 0, []string{"I.C.4.a.5.a Underdose of insulin due to insulin pump failure", "I.C.4.a.5.b Overdose of insulin"}, nil, ""},
		// Not in the year's edition: said so, and nothing printed.
		{[]string{"guidelines", "I.C.4.b", "--year", "2024"}, 1, nil, []string{"Obesity"}, "I.C.4.b is not in the FY2024, April 1, 2024 edition"},
		{[]string{"guidelines", "I.A.15", "--year", "2023"}, 1, nil, []string{"With"}, "FY2023 (loaded: FY2024, FY2025, FY2026)"},
		{[]string{"guidelines", "E11.9"}, 2, nil, nil, "not a guideline section number"},
	}
	for _, c := range cases {
		out, errOut, code := termsRun(t, data, nil, c.args...)
		if code != c.code {
			t.Errorf("%v: exit %d, want %d\n%s%s", c.args, code, c.code, out, errOut)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v: output lacks %q:\n%.600s", c.args, w, out)
			}
		}
		for _, n := range c.not {
			if strings.Contains(out, n) {
				t.Errorf("%v: output has %q:\n%.600s", c.args, n, out)
			}
		}
		if c.wantStderr != "" && !strings.Contains(errOut, c.wantStderr) {
			t.Errorf("%v: stderr %q lacks %q", c.args, errOut, c.wantStderr)
		}
	}
}

func TestGuidelinesSearchAndContents(t *testing.T) {
	data := guidelinesData(t)
	out, errOut, code := termsRun(t, data, nil, "guidelines", "search", "insulin", "pump", "--year", "2026")
	if code != 0 || !strings.HasPrefix(out, "ICD-10-CM Official Guidelines, FY2026, October 1, 2025: ") {
		t.Fatalf("search: exit %d\n%s%s", code, out, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 2 || !strings.HasPrefix(lines[1], "I.C.4.a.5") {
		t.Fatalf("first hit is not I.C.4.a.5:\n%s", out)
	}
	out, _, code = termsRun(t, data, nil, "guidelines", "search", "--json", "--year", "2025", "uncertain", "diagnosis")
	var res struct {
		Edition string
		Hits    []terminology.GuidelineHit
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != 0 {
		t.Fatalf("json: %v, exit %d\n%s", err, code, out)
	}
	found := map[string]bool{}
	for _, h := range res.Hits {
		found[h.Number] = true
	}
	if res.Edition != "FY2025, April 1, 2025" || !found["II.H"] || !found["IV.H"] || !found["III.C"] {
		t.Fatalf("uncertain diagnosis: %s %+v", res.Edition, res.Hits)
	}
	out, _, code = termsRun(t, data, nil, "guidelines", "search", "--year", "2026", "zzyzx")
	if code != 0 || !strings.Contains(out, ": 0 sections") {
		t.Fatalf("no hits: exit %d %q", code, out)
	}
	out, _, code = termsRun(t, data, nil, "guidelines", "contents", "--year", "2026")
	if code != 0 || !strings.Contains(out, ": 490 sections") || !strings.Contains(out, "\n  I.A Conventions for the ICD-10-CM  (p. 7)\n") {
		t.Fatalf("contents: exit %d\n%.500s", code, out)
	}
}

// A guidelines PDF imported into the data folder, as a coder adds a new
// edition: merged into the pack in use and read back from it.
func TestGuidelinesImportPDF(t *testing.T) {
	data := guidelinesData(t)
	pdf := filepath.Join(testenv.Terminology(t), "guidelines", "icd-10-cm-guidelines-fy2026-october.pdf")
	// An import signs in: it is audited under the user.
	out, errOut, code := termsRun(t, data, map[string]string{envPassphrase: cliPass, envUser: "ines"}, "terms", "import", pdf)
	if code != 0 || !strings.Contains(out, "imported Official Guidelines FY2026 (1 edition)") {
		t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
	}
	out, errOut, code = termsRun(t, data, nil, "guidelines", "I.C.4.b", "--year", "2026")
	if code != 0 || !strings.Contains(out, "I.C.4.b Obesity") {
		t.Fatalf("after the import: exit %d\n%.300s%s", code, out, errOut)
	}
	out, _, _ = termsRun(t, data, nil, "terms", "stats")
	if !strings.Contains(out, "Official Guidelines FY2024-FY2026 (5 editions)") {
		t.Errorf("stats do not name the guidelines:\n%s", out)
	}
}
