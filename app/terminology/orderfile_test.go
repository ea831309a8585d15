package terminology

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/codebench/codebench/app"
)

// orderLine builds one line of the CMS order-file layout.
func orderLine(n int, code string, billable bool, short, long string) string {
	flag := "0"
	if billable {
		flag = "1"
	}
	return fmt.Sprintf("%05d %-7s %s %-60s %s", n, code, flag, short, long)
}

// orderSample is a made-up order file (codes in the Q00 range, which no
// real ICD-10-CM chapter uses this way).
func orderSample(eol string, rows ...[3]string) string {
	var b strings.Builder
	for i, r := range rows {
		b.WriteString(orderLine(i+1, r[0], r[1] == "1", r[2], r[2]+" (long)"))
		b.WriteString(eol)
	}
	return b.String()
}

var sampleRows = [][3]string{
	{"Q00", "0", "Made-up category"},
	{"Q001", "1", "Made-up left"},
	{"Q00X1", "0", "Made-up placeholder"},
	{"Q00X1XA", "1", "Made-up seventh"},
	{"Q009", "1", "Made-up unspecified"},
}

func TestParseOrderFileLayouts(t *testing.T) {
	for _, eol := range []string{"\r\n", "\n"} {
		var rows []orderRow
		n, err := parseOrderFile(strings.NewReader(orderSample(eol, sampleRows...)), func(r orderRow) { rows = append(rows, r) })
		if err != nil {
			t.Fatalf("eol %q: %v", eol, err)
		}
		if n != 5 || len(rows) != 5 || rows[1] != (orderRow{"Q001", true, "Made-up left", "Made-up left (long)"}) {
			t.Errorf("eol %q: n=%d rows=%+v", eol, n, rows)
		}
	}
	// Latin-1 bytes (older files) become UTF-8 and keep the columns.
	latin := []byte(orderLine(1, "Q00", false, "Made-up Sj\xf6gren", "Made-up Sj\xf6gren syndrome") + "\r\n")
	var got orderRow
	if _, err := parseOrderFile(bytes.NewReader(latin), func(r orderRow) { got = r }); err != nil {
		t.Fatal(err)
	}
	if got.Short != "Made-up Sjögren" || got.Long != "Made-up Sjögren syndrome" {
		t.Errorf("latin-1 row = %+v", got)
	}
	// A UTF-8 byte-order mark before the first line is not part of the layout.
	if _, err := parseOrderFile(strings.NewReader("\ufeff"+orderSample("\n", sampleRows...)), func(orderRow) {}); err != nil {
		t.Errorf("BOM: %v", err)
	}
	// A line with no long title, and a line cut after the short title.
	short := fmt.Sprintf("%05d %-7s 1 %s\r\n", 1, "Q001", "Only short")
	if _, err := parseOrderFile(strings.NewReader(short), func(r orderRow) { got = r }); err != nil || got.Long != "Only short" {
		t.Errorf("short-only line: %+v %v", got, err)
	}
}

// TestParseOrderFileCutShort: an order file cut in the middle of a line
// (a download that stopped) is refused, never read as a smaller release
// (issue 14, item 5); one cut at a line's end reads as the lines it has.
func TestParseOrderFileCutShort(t *testing.T) {
	good := orderSample("\r\n", sampleRows...)
	for _, cut := range []int{len(good) - 5, len(good) / 2, len(good) - 2} {
		n, err := parseOrderFile(strings.NewReader(good[:cut]), func(orderRow) {})
		if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "cut short") {
			t.Errorf("cut at %d of %d: line %d, %v", cut, len(good), n, err)
		}
	}
	if _, err := parseOrderFile(strings.NewReader(good+"\x1a"), func(orderRow) {}); err == nil {
		t.Error("a stray byte after the last line is not a code")
	}
}

func TestParseOrderFileErrors(t *testing.T) {
	good := orderSample("\r\n", sampleRows...)
	lines := strings.Split(good, "\r\n")
	tests := []struct{ name, text, want string }{
		{"bad order number", "0000x" + lines[0][5:], "line 1"},
		{"bad flag", lines[0] + "\r\n" + lines[1][:14] + "2" + lines[1][15:], "line 2"},
		{"bad code", lines[0] + "\r\n" + lines[1] + "\r\n" + lines[2][:6] + "q!0    " + lines[2][13:], "line 3"},
		{"truncated line", lines[0] + "\r\n" + lines[1][:10], "line 2"},
		{"duplicate", lines[0] + "\r\n" + lines[0], "line 2"},
		{"empty", "\r\n\r\n", "no codes"},
		{"not an order file", "Order26\tPOAexemptCode\tDescription\r\n", "line 1"},
		{"overlong line", lines[0] + "\n" + strings.Repeat("x", maxLine+10), "line 2"},
	}
	for _, tt := range tests {
		_, err := parseOrderFile(strings.NewReader(tt.text), func(orderRow) {})
		if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
}

func writeZip(t testing.TB, p string, files map[string][]byte) {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, b := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestImportFoldersZipsAndYears(t *testing.T) {
	dir := t.TempDir()
	y1 := orderSample("\r\n", sampleRows[:2]...)
	y2 := orderSample("\n", append(sampleRows[1:], [3]string{"Q00", "0", "Made-up category renamed"})...)
	// FY2030 as a plain file in a nested folder whose name carries no year
	// in the file name itself; FY2031 inside a zip with a PDF beside it.
	if err := os.MkdirAll(filepath.Join(dir, "2030 Code Descriptions", "inner"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "2030 Code Descriptions", "inner", "icd10cm_order.txt"), []byte(y1), 0o644); err != nil {
		t.Fatal(err)
	}
	writeZip(t, filepath.Join(dir, "zips", "cms_2031_dx.zip"), map[string][]byte{
		"Code Descriptions/icd10cm_order_2031.txt":         []byte(y2),
		"Code Descriptions/icd10cm_order_addenda_2031.txt": []byte("not an order file"),
		"Code Descriptions/icd10OrderFiles.pdf":            []byte("%PDF-1.4 layout"),
	})
	var calls []string
	s, err := Import(context.Background(), []string{dir}, func(done, total int, what string) {
		calls = append(calls, fmt.Sprintf("%d/%d", done, total))
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(calls, " ") != "1/2 2/2" {
		t.Errorf("progress = %v", calls)
	}
	if ys := s.FiscalYears(app.ICD10CM); fmt.Sprint(ys) != "[2030 2031]" {
		t.Fatalf("years = %v", ys)
	}
	q := s.Lookup(app.ICD10CM, "Q00")
	if len(q.Titles) != 2 || q.TitleIn(2030).Short != "Made-up category" || q.TitleIn(2031).Short != "Made-up category renamed" {
		t.Errorf("Q00 titles = %+v", q.Titles)
	}
	// The placeholder code hangs under the nearest existing ancestor.
	if c := s.Lookup(app.ICD10CM, "Q00X1XA"); c == nil || c.Parent != "Q00X1" {
		t.Errorf("Q00X1XA = %+v", c)
	}
	if c := s.Lookup(app.ICD10CM, "Q00X1"); c == nil || c.Parent != "Q00" {
		t.Errorf("Q00X1 = %+v", c)
	}

	// A malformed file anywhere fails the whole import with its name and line.
	bad := y2[:len(y2)-30] + "\n00009 Q00?    1 broken\n"
	writeZip(t, filepath.Join(dir, "zips", "cms_2032_dx.zip"), map[string][]byte{"icd10cm_order_2032.txt": []byte(bad)})
	_, err = Import(context.Background(), []string{dir}, nil)
	if err == nil || !strings.Contains(err.Error(), "cms_2032_dx.zip!icd10cm_order_2032.txt: line ") {
		t.Errorf("malformed zip member: err = %v", err)
	}

	// A file named directly that is not a release file is refused.
	other := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(other, []byte("hello"), 0o644)
	if _, err := Import(context.Background(), []string{other}, nil); err == nil || !strings.Contains(err.Error(), "not a code-set release file") {
		t.Errorf("unrelated file: err = %v", err)
	}
	if _, err := Import(context.Background(), []string{t.TempDir()}, nil); !errors.Is(err, ErrNothingToImport) {
		t.Errorf("empty folder: err = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Import(ctx, []string{dir}, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
}
