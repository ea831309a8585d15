package terminology

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/codebench/codebench/internal/testenv"
)

func TestFetchFromServer(t *testing.T) {
	order := []byte(orderSample("\r\n", sampleRows...))
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	w, _ := zw.Create("Folder/icd10cm_tabular_2031.xml")
	w.Write([]byte(tabularSample))
	zw.Close()
	hits := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits[r.URL.Path]++
		switch r.URL.Path {
		case "/cms/order.txt", "/mirror/icd10cm/icd10cm_order_2031.txt":
			w.Write(order)
		case "/cdc/table-index.zip":
			w.Write(zbuf.Bytes())
		case "/cms/tampered.txt":
			w.Write(append(order, 'x'))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	rel := []Release{
		{Path: "icd10cm/icd10cm_order_2031.txt", URL: srv.URL + "/cms/order.txt", SHA256: sha256Hex(order)},
		{Path: "icd10cm-xml/icd10cm_tabular_2031.xml", URL: srv.URL + "/cdc/table-index.zip", SHA256: sha256Hex([]byte(tabularSample)), Member: "icd10cm_tabular_2031.xml"},
	}
	dir := t.TempDir()
	var got []string
	if err := Fetch(context.Background(), srv.Client(), dir, rel, "", func(done, total int, what string) { got = append(got, what) }); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "icd10cm-xml", "icd10cm_tabular_2031.xml")); string(b) != tabularSample {
		t.Error("zip member not saved")
	}
	// The fetched folder imports.
	if s, err := Import(context.Background(), []string{dir}, nil); err != nil || len(s.Chapters()) != 1 {
		t.Fatalf("import fetched files: %v", err)
	}
	// A second run downloads nothing.
	if err := Fetch(context.Background(), srv.Client(), dir, rel, "", nil); err != nil || hits["/cms/order.txt"] != 1 {
		t.Errorf("refetched: %v %v", err, hits)
	}
	// A mirror laid out like the folder.
	mdir := t.TempDir()
	if err := Fetch(context.Background(), srv.Client(), mdir, rel[:1], srv.URL+"/mirror/", nil); err != nil {
		t.Fatal(err)
	}
	// A file that is not the pinned one is refused and nothing is saved.
	bad := []Release{{Path: "x/tampered.txt", URL: srv.URL + "/cms/tampered.txt", SHA256: sha256Hex(order)}}
	bdir := t.TempDir()
	if err := Fetch(context.Background(), srv.Client(), bdir, bad, "", nil); !errors.Is(err, ErrChecksum) {
		t.Errorf("tampered: err = %v", err)
	}
	if _, err := os.Stat(filepath.Join(bdir, "x", "tampered.txt")); !os.IsNotExist(err) {
		t.Error("tampered file saved")
	}
	missing := []Release{{Path: "x/gone.txt", URL: srv.URL + "/gone", SHA256: sha256Hex(order)}}
	if err := Fetch(context.Background(), srv.Client(), bdir, missing, "", nil); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("missing: err = %v", err)
	}
	if entries, _ := os.ReadDir(filepath.Join(bdir, "x")); len(entries) != 0 {
		t.Errorf("temporary files left: %v", entries)
	}
}

// TestReleasesMatchSharedSums keeps the pinned hashes equal to the
// official files' SHA256SUMS (XML pinned as extracted from its .gz).
func TestReleasesMatchSharedSums(t *testing.T) {
	d := testenv.Terminology(t)
	f, err := os.Open(filepath.Join(d, "SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sums := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if fields := strings.Fields(sc.Text()); len(fields) == 2 {
			sums[strings.TrimPrefix(fields[1], "./")] = fields[0]
		}
	}
	covered := map[string]bool{}
	for _, r := range Releases {
		if want, ok := sums[r.Path]; ok {
			covered[r.Path] = true
			if want != r.SHA256 {
				t.Errorf("%s: pinned %s, SHA256SUMS %s", r.Path, r.SHA256, want)
			}
			continue
		}
		gz, err := os.ReadFile(filepath.Join(d, r.Path+".gz"))
		if err != nil {
			t.Errorf("%s: not in SHA256SUMS and no .gz beside it", r.Path)
			continue
		}
		covered[r.Path+".gz"] = true
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(zr)
		if sha256Hex(b) != r.SHA256 {
			t.Errorf("%s: pinned %s, extracted %s", r.Path, r.SHA256, sha256Hex(b))
		}
	}
	for p := range sums {
		if !covered[p] && !strings.HasSuffix(p, ".xsd") {
			t.Errorf("%s is in SHA256SUMS but not in Releases", p)
		}
	}
}
