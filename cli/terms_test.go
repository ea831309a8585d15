package cli

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/codebench/codebench/app/terminology"
	"github.com/codebench/codebench/storage"

	"github.com/codebench/codebench/internal/testenv"
	"github.com/codebench/codebench/internal/testenv/testpack"
)

// termsRun runs a command with a given data folder and environment.
func termsRun(t *testing.T, data string, env map[string]string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, DataDir: data, Getenv: func(k string) string { return env[k] }}
	code := Run(e, args)
	return out.String(), errb.String(), code
}

// orderFile writes a made-up order file in the CMS layout.
func orderFile(t *testing.T, p string, rows ...string) {
	t.Helper()
	var b strings.Builder
	for i, r := range rows {
		f := strings.SplitN(r, "|", 3)
		fmt.Fprintf(&b, "%05d %-7s %s %-60s %s\r\n", i+1, f[0], f[1], f[2], f[2])
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestTermsBuildImportStatsShowMadeUp(t *testing.T) {
	src, data := t.TempDir(), t.TempDir()
	orderFile(t, filepath.Join(src, "icd10cm_order_2030.txt"), "Q00|0|Made-up category", "Q001|1|Made-up left", "Q009|1|Made-up unspecified")
	// Build the data folder's pack directly, then import a new year on top.
	// Without FY2026 a build is refused unless --any-years.
	if _, errOut, code := termsRun(t, data, nil, "terms", "build", "--from", src, "--out", filepath.Join(data, terminology.PackName)); code != 1 ||
		!strings.Contains(errOut, "no FY2026 ICD-10-CM or ICD-10-PCS order file") {
		t.Fatalf("build without the current year: exit %d\n%s", code, errOut)
	}
	_, errOut, code := termsRun(t, data, nil, "terms", "build", "--any-years", "--from", src, "--out", filepath.Join(data, terminology.PackName))
	if code != 0 || !strings.Contains(errOut, "[1/1]") || !strings.Contains(errOut, "ICD-10-CM 2030") || !strings.Contains(errOut, "ICD-10-PCS FY2016–FY2026") {
		t.Fatalf("build: exit %d\n%s", code, errOut)
	}
	// An import signs in (it locks the folder and is audited).
	rel := t.TempDir()
	orderFile(t, filepath.Join(rel, "2031", "icd10cm_order_2031.txt"), "Q00|0|Made-up category", "Q001|1|Made-up left, renamed", "Q002|1|Made-up new")
	if _, errOut, code := termsRun(t, data, nil, "terms", "import", rel); code != 1 || !strings.Contains(errOut, "CODEBENCH_PASSPHRASE") {
		t.Fatalf("import without a passphrase: exit %d\n%s", code, errOut)
	}
	signIn := map[string]string{envPassphrase: "tuesday lighthouse 42", envUser: "ines"}
	out, errOut, code := termsRun(t, data, signIn, "terms", "import", rel)
	if code != 0 || !strings.Contains(out, "ICD-10-CM FY2031: new, 3 codes\nimported ICD-10-CM 2031") {
		t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
	}
	// Re-importing FY2030 with one of its three codes is refused, with
	// the counts; --force imports it.
	shrunk := t.TempDir()
	orderFile(t, filepath.Join(shrunk, "icd10cm_order_2030.txt"), "Q00|0|Made-up category")
	out, errOut, code = termsRun(t, data, signIn, "terms", "import", shrunk)
	if code != 1 || out != "ICD-10-CM FY2030: 3 → 1 code\n" || !strings.Contains(errOut, "would remove codes") || !strings.Contains(errOut, "--force") {
		t.Fatalf("shrinking import: exit %d\n%s%s", code, out, errOut)
	}
	if out, errOut, code = termsRun(t, data, signIn, "terms", "import", "--force", shrunk); code != 0 || !strings.Contains(out, "ICD-10-CM FY2030: 3 → 1 code") {
		t.Fatalf("forced import: exit %d\n%s%s", code, out, errOut)
	}
	out, _, _ = termsRun(t, data, signIn, "audit", "log")
	if strings.Count(out, "code-sets-imported") != 2 || !strings.Contains(out, "forced: ICD-10-CM FY2030: 3 → 1 code; files: icd10cm_order_2030.txt") {
		t.Errorf("audit log:\n%s", out)
	}
	if out, errOut, code = termsRun(t, data, signIn, "terms", "import", rel); code != 0 {
		t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
	}
	orderFile(t, filepath.Join(src, "icd10cm_order_2030.txt"), "Q00|0|Made-up category", "Q001|1|Made-up left", "Q009|1|Made-up unspecified")
	if out, errOut, code = termsRun(t, data, signIn, "terms", "import", src); code != 0 || !strings.Contains(out, "ICD-10-CM FY2030: 1 → 3 codes") {
		t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
	}
	out, _, code = termsRun(t, data, nil, "terms", "stats", "--json")
	want := `[{"system":"icd10cm","year":2030,"total":3,"billable":2},{"system":"icd10cm","year":2031,"total":3,"billable":2}]` + "\n"
	if code != 0 || out != want {
		t.Errorf("stats --json = %q, want %q", out, want)
	}
	out, _, _ = termsRun(t, data, nil, "terms", "stats")
	if !strings.Contains(out, "ICD-10-CM  2031      3         2") {
		t.Errorf("stats table:\n%s", out)
	}
	out, _, code = termsRun(t, data, nil, "terms", "show", "q00.1")
	if code != 0 || !strings.Contains(out, "ICD-10-CM Q00.1  Made-up left, renamed") || !strings.Contains(out, "FY2030: Made-up left") ||
		!strings.Contains(out, "Q00 Made-up category") {
		t.Errorf("show:\n%s", out)
	}
	out, _, code = termsRun(t, data, nil, "terms", "show", "--year", "2030", "--json", "Q00.2")
	var v map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &v) != nil || v["validInYear"] != false || v["code"] != "Q00.2" {
		t.Errorf("show --year 2030 Q00.2: %s", out)
	}
	for _, bad := range [][]string{
		{"terms"}, {"terms", "frob"}, {"terms", "build", "--out", "x"}, {"terms", "import"}, {"terms", "show"}, {"terms", "show", "--system", "cpt", "Q00"},
	} {
		if _, _, code := termsRun(t, data, nil, bad...); code != 2 {
			t.Errorf("%v: exit %d, want 2", bad, code)
		}
	}
	if _, errOut, code := termsRun(t, data, nil, "terms", "show", "Z99.99"); code != 1 || !strings.Contains(errOut, "no code Z99.99") {
		t.Errorf("unknown code: exit %d %s", code, errOut)
	}
	// A malformed release names the file and line, and changes nothing.
	before, _ := os.ReadFile(filepath.Join(data, terminology.PackName))
	bad := t.TempDir()
	os.WriteFile(filepath.Join(bad, "icd10cm_order_2032.txt"), []byte("00001 Q00     0 Made-up\r\n0000x Q001    1 Broken\r\n"), 0o644)
	if _, errOut, code := termsRun(t, data, signIn, "terms", "import", bad); code != 1 || !strings.Contains(errOut, "icd10cm_order_2032.txt: line 2") {
		t.Errorf("bad import: exit %d %s", code, errOut)
	}
	if after, _ := os.ReadFile(filepath.Join(data, terminology.PackName)); !bytes.Equal(before, after) {
		t.Error("a failed import changed the pack")
	}
}

// officialDataDir is a data folder holding the generated pack of every
// official file (what `terms build --from ../shared/terminology` writes;
// make test builds it before the tests, and app/terminology's
// TestPackRoundTripOfficial checks it against a fresh import).
func officialDataDir(t *testing.T) string {
	t.Helper()
	d := t.TempDir()
	if err := os.WriteFile(filepath.Join(d, terminology.PackName), testpack.Bytes(t), 0o600); err != nil {
		t.Fatal(err)
	}
	return d
}

func TestTermsStatsOfficial(t *testing.T) {
	data := officialDataDir(t)
	out, _, code := termsRun(t, data, nil, "terms", "stats", "--json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	wantStart := `[{"system":"icd10cm","year":2016,"total":91737,"billable":69823},{"system":"icd10cm","year":2017,"total":93830,"billable":71486},`
	wantEnd := `{"system":"icd10pcs","year":2026,"total":80029,"billable":79115},{"system":"hcpcs","year":2025,"total":8846,"billable":8463}]` + "\n"
	if !strings.HasPrefix(out, wantStart) || !strings.HasSuffix(out, wantEnd) {
		t.Errorf("stats --json = %s", out)
	}
	var stats []terminology.Stat
	if err := json.Unmarshal([]byte(out), &stats); err != nil || len(stats) != 23 {
		t.Errorf("%d stats, %v", len(stats), err)
	}
}

func TestTermsShowOfficial(t *testing.T) {
	data := officialDataDir(t)
	out, _, code := termsRun(t, data, nil, "terms", "show", "--json", "S52.501A")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var v showJSON
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	if v.Code != "S52.501A" || v.Year != 2026 || !v.Billable || v.Seventh == nil || v.Seventh.From != "S52" || v.Seventh.Year != 2023 ||
		len(v.Path) < 4 || v.Path[0].Code != "S52" || v.Chapter == nil || v.Chapter.ID != "19" || v.POAExempt == nil {
		t.Errorf("S52.501A = %+v", v)
	}
	out, _, code = termsRun(t, data, nil, "terms", "show", "E11.9")
	for _, want := range []string{"ICD-10-CM E11.9  Type 2 diabetes mellitus without complications", "FY2016–FY2026", "Use additional code (at E11) [FY2023]",
		"chapter 4:", "section E08-E13", "Alphabetic Index: Diabetes, diabetic", "POA reporting: not exempt (FY2026 list)"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("show E11.9 lacks %q:\n%s", want, out)
		}
	}
	// J1100 is both a HCPCS code and an ICD-10-CM code.
	if _, errOut, code := termsRun(t, data, nil, "terms", "show", "J1100"); code != 2 || !strings.Contains(errOut, "add --system") {
		t.Errorf("ambiguous: exit %d %s", code, errOut)
	}
	out, _, code = termsRun(t, data, nil, "terms", "show", "--system", "hcpcs", "J1100")
	if code != 0 || !strings.Contains(strings.ToLower(out), "dexamethasone") || !strings.Contains(out, "effective") {
		t.Errorf("HCPCS J1100:\n%s", out)
	}
	out, _, code = termsRun(t, data, nil, "terms", "show", "0DTJ4ZZ")
	if code != 0 || !strings.Contains(out, "ICD-10-PCS 0DTJ4ZZ") || !strings.Contains(out, "valid") {
		t.Errorf("PCS:\n%s", out)
	}
}

// TestTermsFetchFromMirror downloads every pinned release from a local
// server holding the official files (XML served as the publishers ship
// it, uncompressed) and checks each hash.
func TestTermsFetchFromMirror(t *testing.T) {
	root := testenv.Terminology(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := filepath.Join(root, filepath.FromSlash(strings.TrimPrefix(r.URL.Path, "/")))
		if b, err := os.ReadFile(p); err == nil {
			w.Write(b)
			return
		}
		f, err := os.Open(p + ".gz")
		if err != nil {
			http.NotFound(w, r)
			return
		}
		defer f.Close()
		zr, err := gzip.NewReader(f)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		io.Copy(w, zr)
	}))
	defer srv.Close()
	out := t.TempDir()
	_, errOut, code := termsRun(t, t.TempDir(), nil, "terms", "fetch", "--out", out, "--mirror", srv.URL)
	if code != 0 || !strings.Contains(errOut, "SHA-256 checked") {
		t.Fatalf("fetch: exit %d\n%s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(out, "icd10cm", "cms_2026_dx.zip")); err != nil {
		t.Error(err)
	}
	if _, err := os.Stat(filepath.Join(out, "icd10cm-xml", "icd10cm_tabular_2023.xml")); err != nil {
		t.Error(err)
	}
	// A mirror serving something else is refused.
	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("not it")) }))
	defer bad.Close()
	if _, errOut, code := termsRun(t, t.TempDir(), nil, "terms", "fetch", "--out", t.TempDir(), "--mirror", bad.URL); code != 1 || !strings.Contains(errOut, "SHA-256") {
		t.Errorf("bad mirror: exit %d %s", code, errOut)
	}
}

// TestTermsFetchPartialThenBuild is `make terminology` without
// ../shared/terminology against publishers that moved most files and
// changed one: the fetch keeps the verified files, names the skipped
// ones and the missing years, exits 0, and the build makes a pack with
// the current year that says what it lacks (issue 14, item 14).
func TestTermsFetchPartialThenBuild(t *testing.T) {
	root := testenv.Terminology(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := strings.TrimPrefix(r.URL.Path, "/")
		switch p {
		case "icd10cm/cms_2026_dx.zip", "icd10pcs/cms_2026_pr.zip", "icd10cm/cms_2025_dx.zip":
		default:
			http.NotFound(w, r)
			return
		}
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
		if err != nil {
			t.Error(err)
		}
		if p == "icd10cm/cms_2025_dx.zip" {
			b = b[:len(b)-1] // the publisher changed it
		}
		w.Write(b)
	}))
	defer srv.Close()
	out := filepath.Join(t.TempDir(), "terminology")
	_, errOut, code := termsRun(t, t.TempDir(), nil, "terms", "fetch", "--out", out, "--mirror", srv.URL)
	for _, want := range []string{
		"skipped icd10cm/cms_2025_dx.zip: " + srv.URL + "/icd10cm/cms_2025_dx.zip: SHA-256 does not match",
		"skipped icd10pcs/cms_2016_pr.zip: " + srv.URL + "/icd10pcs/cms_2016_pr.zip: not found at the publisher (404 Not Found)",
		"2 of " + fmt.Sprint(len(terminology.Releases)) + " release files in " + out + ", SHA-256 checked; " + fmt.Sprint(len(terminology.Releases)-2) + " skipped",
		"missing fiscal years: ICD-10-CM FY2016–FY2025; ICD-10-PCS FY2016–FY2025;",
	} {
		if code != 0 || !strings.Contains(errOut, want) {
			t.Fatalf("fetch: exit %d, lacks %q:\n%s", code, want, errOut)
		}
	}
	pack := filepath.Join(t.TempDir(), terminology.PackName)
	_, errOut, code = termsRun(t, t.TempDir(), nil, "terms", "build", "--from", out, "--out", pack)
	if code != 0 || !strings.Contains(errOut, "ICD-10-CM 2026, ICD-10-PCS 2026") ||
		!strings.Contains(errOut, "Not in these code sets: ICD-10-CM FY2016–FY2025; ICD-10-PCS FY2016–FY2025; HCPCS; Tabular List notes") {
		t.Fatalf("build: exit %d\n%s", code, errOut)
	}
	data := t.TempDir()
	os.Rename(pack, filepath.Join(data, terminology.PackName))
	if stats, _, code := termsRun(t, data, nil, "terms", "stats"); code != 0 || !strings.Contains(stats, "ICD-10-PCS FY2016–FY2025") || !strings.Contains(stats, "terms import") {
		t.Errorf("stats: exit %d\n%s", code, stats)
	}
}

// TestTermsImportWaitsForTheFolder: while another Codebench has the data
// folder open (the window, a command), an import does not touch the
// pack: it answers busy (issue 14, item 5).
func TestTermsImportWaitsForTheFolder(t *testing.T) {
	data := t.TempDir()
	st, err := storage.Create(data, "ines", cliPass, storeOptions)
	if err != nil {
		t.Fatal(err)
	}
	rel := t.TempDir()
	orderFile(t, filepath.Join(rel, "icd10cm_order_2031.txt"), "Q00|0|Made-up category")
	signIn := map[string]string{envPassphrase: cliPass, envUser: "ines"}
	if _, errOut, code := termsRun(t, data, signIn, "terms", "import", rel); code != ExitBusy || !strings.Contains(errOut, "--wait") {
		t.Errorf("import while the folder is open: exit %d\n%s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(data, terminology.PackName)); !os.IsNotExist(err) {
		t.Errorf("the pack was written while the folder was open: %v", err)
	}
	st.Close()
	if out, errOut, code := termsRun(t, data, signIn, "terms", "import", rel); code != 0 || !strings.Contains(out, "ICD-10-CM FY2031: new, 1 code") {
		t.Errorf("import once the folder is free: exit %d\n%s%s", code, out, errOut)
	}
}
