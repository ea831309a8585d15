package terminology

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
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
	opt := FetchOptions{Client: srv.Client(), Progress: func(done, total int, what string) { got = append(got, what) }}
	if rep, err := Fetch(context.Background(), dir, rel, opt); err != nil || rep.Verified() != 2 || rep.Year != 2031 {
		t.Fatalf("fetch: %v, %+v", err, rep)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "icd10cm-xml", "icd10cm_tabular_2031.xml")); string(b) != tabularSample {
		t.Error("zip member not saved")
	}
	// The fetched folder imports.
	if s, err := Import(context.Background(), []string{dir}, nil); err != nil || len(s.Chapters()) != 1 {
		t.Fatalf("import fetched files: %v", err)
	}
	// A second run downloads nothing.
	rep, err := Fetch(context.Background(), dir, rel, FetchOptions{Client: srv.Client()})
	if err != nil || hits["/cms/order.txt"] != 1 || rep.Results[0].Status != FetchPresent {
		t.Errorf("refetched: %v %v", err, hits)
	}
	// A mirror laid out like the folder.
	mdir := t.TempDir()
	if _, err := Fetch(context.Background(), mdir, rel[:1], FetchOptions{Client: srv.Client(), Mirror: srv.URL + "/mirror/"}); err != nil {
		t.Fatal(err)
	}
	// A file that is not the pinned one is skipped and nothing is saved;
	// as it is the current year's order file, Fetch says so.
	bad := []Release{{Path: "icd10cm/icd10cm_order_2031.txt", URL: srv.URL + "/cms/tampered.txt", SHA256: sha256Hex(order)}}
	bdir := t.TempDir()
	rep, err = Fetch(context.Background(), bdir, bad, FetchOptions{Client: srv.Client()})
	if !errors.Is(err, ErrCurrentYearMissing) || len(rep.Skipped()) != 1 || !errors.Is(rep.Skipped()[0].Err, ErrChecksum) {
		t.Errorf("tampered: err = %v, report %+v", err, rep)
	}
	if _, err := os.Stat(filepath.Join(bdir, "icd10cm", "icd10cm_order_2031.txt")); !os.IsNotExist(err) {
		t.Error("tampered file saved")
	}
	missing := []Release{{Path: "x/gone.txt", URL: srv.URL + "/gone", SHA256: sha256Hex(order)}}
	rep, err = Fetch(context.Background(), bdir, missing, FetchOptions{Client: srv.Client()})
	if err != nil || len(rep.Skipped()) != 1 || !errors.Is(rep.Skipped()[0].Err, ErrNotPublished) || !strings.Contains(rep.Skipped()[0].Err.Error(), "404") || hits["/gone"] != 1 {
		t.Errorf("missing: err = %v, report %+v, %d requests", err, rep, hits["/gone"])
	}
	if entries, _ := os.ReadDir(filepath.Join(bdir, "x")); len(entries) != 0 {
		t.Errorf("temporary files left: %v", entries)
	}
}

// TestFetchPartialRelease: a server that serves some of the official
// files, 404s others, changes one, and fails one twice before serving it.
// Fetch keeps what it can verify, skips and names the others, and the
// folder builds with the current year; the missing years are reported
// (issue 14, item 14).
func TestFetchPartialRelease(t *testing.T) {
	shared := testenv.Terminology(t)
	var mu sync.Mutex
	hits := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		n := hits[r.URL.Path]
		mu.Unlock()
		p := strings.TrimPrefix(r.URL.Path, "/")
		switch p {
		case "icd10cm/cms_2024_dx.zip", "icd10pcs/cms_2025_pr.zip":
			http.NotFound(w, r)
			return
		case "icd10pcs/cms_2026_pr.zip":
			if n <= 2 { // a server having a bad moment
				http.Error(w, "busy", http.StatusServiceUnavailable)
				return
			}
		}
		b, err := os.ReadFile(filepath.Join(shared, filepath.FromSlash(p)))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		if p == "icd10cm/cms_2025_dx.zip" {
			b = append(b, 0) // the publisher changed the file
		}
		w.Write(b)
	}))
	defer srv.Close()
	var rel []Release
	for _, r := range Releases {
		switch r.Path {
		case "icd10cm/cms_2024_dx.zip", "icd10cm/cms_2025_dx.zip", "icd10cm/cms_2026_dx.zip",
			"icd10pcs/cms_2025_pr.zip", "icd10pcs/cms_2026_pr.zip", "poa/POAexemptCodesFY26.zip":
			r.URL = srv.URL + "/" + r.Path
			rel = append(rel, r)
		}
	}
	dir := t.TempDir()
	// A file already there that is not the pinned one, and cannot be
	// replaced, is set aside where no import reads it.
	stale := filepath.Join(dir, "icd10cm", "cms_2025_dx.zip")
	os.MkdirAll(filepath.Dir(stale), 0o755)
	os.WriteFile(stale, []byte("an older download"), 0o644)

	rep, err := Fetch(context.Background(), dir, rel, FetchOptions{Client: srv.Client(), Backoff: time.Millisecond})
	if err != nil {
		t.Fatalf("fetch with the current year served: %v", err)
	}
	if rep.Year != 2026 || rep.Verified() != 3 || hits["/icd10pcs/cms_2026_pr.zip"] != 3 {
		t.Errorf("year %d, %d verified, %d requests for the busy file", rep.Year, rep.Verified(), hits["/icd10pcs/cms_2026_pr.zip"])
	}
	skipped := map[string]error{}
	for _, x := range rep.Skipped() {
		skipped[x.Release.Path] = x.Err
	}
	if err := skipped["icd10cm/cms_2025_dx.zip"]; !errors.Is(err, ErrChecksum) || !strings.Contains(err.Error(), "cms_2025_dx.zip") {
		t.Errorf("changed file: %v", err)
	}
	for _, p := range []string{"icd10cm/cms_2024_dx.zip", "icd10pcs/cms_2025_pr.zip"} {
		if err := skipped[p]; !errors.Is(err, ErrNotPublished) || hits["/"+p] != 1 {
			t.Errorf("%s: %v after %d requests", p, err, hits["/"+p])
		}
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Error("an unverified file was left where the build reads it")
	}
	if m := rep.MissingYears(); fmt.Sprint(m) != "map[icd10cm:[2024 2025] icd10pcs:[2025]]" {
		t.Errorf("missing years %v", m)
	}
	// The folder builds from the verified files, with the current year.
	s, err := Import(context.Background(), []string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RequireYear(rep.Year); err != nil {
		t.Error(err)
	}
	if got := s.MissingYears(app.ICD10CM, 2026); len(got) != 10 || got[8] != 2024 || got[9] != 2025 {
		t.Errorf("ICD-10-CM missing years %v", got)
	}
	if got := s.MissingYears(app.ICD10PCS, 2026); len(got) != 10 || got[9] != 2025 {
		t.Errorf("ICD-10-PCS missing years %v", got)
	}
	if s.POAYear(2026) != 2026 {
		t.Errorf("POA year %d", s.POAYear(2026))
	}

	// Without the current year's PCS file the fetch fails, naming it.
	gone := []Release{rel[3], rel[4]} // PCS 2025 (404) and 2026
	gone[1].URL = srv.URL + "/moved"
	_, err = Fetch(context.Background(), t.TempDir(), gone, FetchOptions{Client: srv.Client(), Backoff: time.Millisecond})
	if !errors.Is(err, ErrCurrentYearMissing) || !strings.Contains(err.Error(), "icd10pcs/cms_2026_pr.zip") {
		t.Errorf("no current year: %v", err)
	}
	if err := newSet().RequireYear(2026); !errors.Is(err, ErrCurrentYearMissing) || !strings.Contains(err.Error(), "ICD-10-CM or ICD-10-PCS") {
		t.Errorf("empty set: %v", err)
	}
}

// TestFetchRetries: a server that never answers well is tried Attempts
// times, then the file is skipped as a failed download; further files
// from that host are tried once.
func TestFetchRetries(t *testing.T) {
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n++
		http.Error(w, "down", http.StatusBadGateway)
	}))
	defer srv.Close()
	rel := []Release{{Path: "x/a.txt", URL: srv.URL + "/a", SHA256: sha256Hex(nil)}, {Path: "x/b.txt", URL: srv.URL + "/b", SHA256: sha256Hex(nil)}}
	rep, err := Fetch(context.Background(), t.TempDir(), rel, FetchOptions{Client: srv.Client(), Attempts: 3, Backoff: time.Millisecond})
	if err != nil || len(rep.Skipped()) != 2 || !errors.Is(rep.Skipped()[0].Err, ErrDownload) || !strings.Contains(rep.Skipped()[0].Err.Error(), "tried 3 times") {
		t.Errorf("err %v, %+v", err, rep)
	}
	// The host failed every attempt: the next file from it is tried once.
	if n != 4 || !strings.Contains(rep.Skipped()[1].Err.Error(), "tried once") {
		t.Errorf("%d requests, %v", n, rep.Skipped()[1].Err)
	}
	// A network that is down (nothing listens) is retried too.
	srv.Close()
	rep, _ = Fetch(context.Background(), t.TempDir(), rel, FetchOptions{Client: srv.Client(), Attempts: 2, Backoff: time.Millisecond})
	if len(rep.Skipped()) != 2 || !strings.Contains(rep.Skipped()[0].Err.Error(), "tried 2 times") {
		t.Errorf("network down: %+v", rep)
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
