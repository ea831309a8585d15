package terminology

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	neturl "net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/internal/atomicfile"
)

// Errors of a release file Fetch could not use. Fetch skips such a file
// and goes on with the others; FetchResult.Err wraps one of them.
var (
	// ErrChecksum means a downloaded file is not the one pinned in Releases.
	ErrChecksum = errors.New("SHA-256 does not match the pinned release")
	// ErrNotPublished means the publisher answered that the file is not
	// there (404 or 410): it was moved or renamed.
	ErrNotPublished = errors.New("not found at the publisher")
	// ErrDownload means the file could not be downloaded after retries
	// (network down, server errors).
	ErrDownload = errors.New("download failed")
	// ErrCurrentYearMissing means the current fiscal year's order files
	// (ICD-10-CM and ICD-10-PCS) are not among the verified files: the
	// code sets would not cover today's dates of service.
	ErrCurrentYearMissing = errors.New("the current fiscal year's code sets are missing")
)

// FetchMarker is the file Fetch leaves in the folder it downloads into
// (hidden, so no import reads it).
const FetchMarker = ".codebench-fetch"

// maxDownload bounds one download; the largest official zip is ~3 MB.
const maxDownload = 512 << 20

// FetchOptions tune Fetch. The zero value downloads from the publishers
// with http.DefaultClient, 4 attempts per file and pauses from 2 s.
type FetchOptions struct {
	Client *http.Client
	// Mirror, when not empty, is a base URL serving a copy laid out like
	// the folder (Mirror/icd10cm/cms_2026_dx.zip), used instead of the
	// publishers' URLs.
	Mirror string
	// Attempts is how often one download is tried on a network or server
	// error (0 means 4); a 404 is not tried again.
	Attempts int
	// Backoff is the pause after the first failed attempt, doubled after
	// each further one (0 means 2 s).
	Backoff time.Duration
	// Progress, when set, is told about each file as it is done.
	Progress func(done, total int, what string)
}

// FetchStatus is what Fetch did with one release file.
type FetchStatus int

// What became of one release file.
const (
	FetchSkipped    FetchStatus = iota // not saved: Err says why; never used unverified
	FetchDownloaded                    // downloaded, verified and saved
	FetchPresent                       // already in the folder with the pinned hash
)

// FetchResult is one release file's outcome.
type FetchResult struct {
	Release Release
	Status  FetchStatus
	Err     error // why it was skipped
	// SetAside names where a file already in the folder with another hash
	// was moved (hidden, so no import reads it); "" when none was.
	SetAside string
}

// FetchReport is what Fetch did, file by file, in the order of the
// releases it was given.
type FetchReport struct {
	Results []FetchResult
	// Year is the current fiscal year Fetch required (CurrentFiscalYear).
	Year int
}

// Skipped returns the files that were not saved.
func (r FetchReport) Skipped() []FetchResult {
	var out []FetchResult
	for _, x := range r.Results {
		if x.Status == FetchSkipped {
			out = append(out, x)
		}
	}
	return out
}

// Verified counts the files in the folder with their pinned hash.
func (r FetchReport) Verified() int { return len(r.Results) - len(r.Skipped()) }

// MissingYears lists, per system, the fiscal years whose order file was
// skipped.
func (r FetchReport) MissingYears() map[app.System][]int {
	out := map[app.System][]int{}
	for _, x := range r.Skipped() {
		if sys, fy, ok := x.Release.OrderFile(); ok {
			out[sys] = append(out[sys], fy)
		}
	}
	return out
}

// OrderFile reports whether r is an ICD-10-CM or ICD-10-PCS order file
// (a fiscal year's codes), and which system and year.
func (r Release) OrderFile() (app.System, int, bool) {
	var sys app.System
	switch {
	case strings.HasPrefix(r.Path, "icd10cm/"):
		sys = app.ICD10CM
	case strings.HasPrefix(r.Path, "icd10pcs/"):
		sys = app.ICD10PCS
	default:
		return "", 0, false
	}
	fy := yearIn(path.Base(r.Path))
	return sys, fy, fy != 0
}

// CurrentFiscalYear is the newest fiscal year whose ICD-10-CM or
// ICD-10-PCS order file is in releases: the year this build of Codebench codes in by default.
// It is the pinned list, not the clock, that decides: a release CMS has
// not published yet, or this build does not know, cannot be required.
func CurrentFiscalYear(releases []Release) int {
	cur := 0
	for _, r := range releases {
		if _, fy, ok := r.OrderFile(); ok && fy > cur {
			cur = fy
		}
	}
	return cur
}

// Fetch downloads the release files into dir (laid out as Release.Path),
// keeping those already there with the right hash. Each file is checked
// against its pinned SHA-256 before it is saved (atomically). A file that
// cannot be had is skipped with the reason in its FetchResult, and Fetch
// goes on with the next: a download that fails on the network or with a
// server error is tried again after a pause (doubling), a 404 or a hash
// that differs is not. A file already in the folder with another hash,
// which no verified download replaced, is moved aside to a hidden name so
// no import reads it unverified.
//
// The error is ErrCurrentYearMissing (with the report complete) when the
// current fiscal year's ICD-10-CM or ICD-10-PCS order file is among the
// skipped, or the context's error, or a failure to write into dir.
func Fetch(ctx context.Context, dir string, releases []Release, opt FetchOptions) (FetchReport, error) {
	if opt.Client == nil {
		opt.Client = http.DefaultClient
	}
	if opt.Attempts <= 0 {
		opt.Attempts = 4
	}
	if opt.Backoff <= 0 {
		opt.Backoff = 2 * time.Second
	}
	rep := FetchReport{Year: CurrentFiscalYear(releases)}
	// The marker says the folder is Fetch's, so `make terminology` runs
	// Fetch again over it for what an earlier run could not get.
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return rep, err
	}
	if err := os.WriteFile(filepath.Join(dir, FetchMarker), []byte("This folder was downloaded by codebench terms fetch; make terminology fetches what is missing again.\n"), 0o644); err != nil {
		return rep, err
	}
	type got struct {
		body []byte
		err  error
	}
	// Several files come out of one zip: it is downloaded (or given up on) once.
	cache := map[string]got{}
	// A host that failed every attempt (no network, DNS down) is tried
	// once per further file, not Attempts times with pauses: a machine
	// offline learns it in seconds, not minutes.
	down := map[string]bool{}
	for i, r := range releases {
		res := FetchResult{Release: r, Status: FetchDownloaded}
		dest := filepath.Join(dir, filepath.FromSlash(r.Path))
		old, rerr := os.ReadFile(dest)
		if rerr == nil && sha256Hex(old) == r.SHA256 {
			res.Status = FetchPresent
			rep.Results = append(rep.Results, res)
			if opt.Progress != nil {
				opt.Progress(i+1, len(releases), r.Path+" (already there)")
			}
			continue
		}
		url, member := r.URL, r.Member
		if opt.Mirror != "" {
			url, member = strings.TrimRight(opt.Mirror, "/")+"/"+r.Path, ""
		}
		g, ok := cache[url]
		if !ok {
			o := opt
			host := hostOf(url)
			if down[host] {
				o.Attempts = 1
			}
			g.body, g.err = downloadRetrying(ctx, o, url)
			if err := ctx.Err(); err != nil {
				return rep, err
			}
			var re retryable
			down[host] = errors.As(g.err, &re)
			cache[url] = g
		}
		b, err := g.body, g.err
		if err == nil && member != "" {
			if b, err = zipMember(b, member); err != nil {
				err = fmt.Errorf("%s: %w: %w", url, ErrChecksum, err)
			}
		}
		if err == nil {
			if sum := sha256Hex(b); sum != r.SHA256 {
				err = fmt.Errorf("%s: %w: got %s, want %s (the publisher changed the file or the download is damaged)", url, ErrChecksum, sum, r.SHA256)
			}
		}
		if err == nil {
			if err := writeFileAtomic(dest, b); err != nil {
				return rep, err
			}
		} else {
			res.Status, res.Err = FetchSkipped, err
			if rerr == nil {
				// What is there is not the pinned file: keep it for the
				// person to look at, where no import will pick it up.
				aside := filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".unverified")
				if err := os.Rename(dest, aside); err != nil {
					return rep, fmt.Errorf("set aside %s (its SHA-256 is not the pinned one): %w", dest, err)
				}
				res.SetAside = aside
			}
		}
		rep.Results = append(rep.Results, res)
		if opt.Progress != nil {
			what := r.Path
			if res.Status == FetchSkipped {
				what += " skipped"
			}
			opt.Progress(i+1, len(releases), what)
		}
	}
	var missing []string
	for _, x := range rep.Skipped() {
		if _, fy, ok := x.Release.OrderFile(); ok && fy == rep.Year {
			missing = append(missing, x.Release.Path)
		}
	}
	if len(missing) > 0 {
		return rep, fmt.Errorf("%w: FY%d needs %s: run the fetch again later, fetch with --mirror from a copy, or download them from CMS into %s", ErrCurrentYearMissing, rep.Year, strings.Join(missing, " and "), dir)
	}
	return rep, nil
}

// hostOf is the host of a URL, "" when it has none.
func hostOf(u string) string {
	p, err := neturl.Parse(u)
	if err != nil {
		return ""
	}
	return p.Host
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// retryable is a download error worth another attempt: the network or
// the server, not the file being absent.
type retryable struct{ error }

func (r retryable) Unwrap() error { return r.error }

// downloadRetrying downloads url, trying again after network and server
// errors with a doubling pause.
func downloadRetrying(ctx context.Context, opt FetchOptions, url string) ([]byte, error) {
	pause := opt.Backoff
	var err error
	for attempt := 1; ; attempt++ {
		var b []byte
		b, err = download(ctx, opt.Client, url)
		var re retryable
		if err == nil || !errors.As(err, &re) || attempt >= opt.Attempts || ctx.Err() != nil {
			if err != nil && errors.As(err, &re) {
				if attempt == 1 {
					err = fmt.Errorf("%w (tried once: the host failed every attempt before)", err)
				} else {
					err = fmt.Errorf("%w (tried %d times)", err, attempt)
				}
			}
			return b, err
		}
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
		pause *= 2
	}
}

func download(ctx context.Context, client *http.Client, url string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %w", url, ErrDownload, err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, retryable{fmt.Errorf("%s: %w: %w (check the network)", url, ErrDownload, err)}
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone:
		return nil, fmt.Errorf("%s: %w (%s): the publisher moved or renamed it", url, ErrNotPublished, resp.Status)
	case resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusRequestTimeout:
		return nil, retryable{fmt.Errorf("%s: %w: %s", url, ErrDownload, resp.Status)}
	case resp.StatusCode != http.StatusOK:
		return nil, fmt.Errorf("%s: %w: %s", url, ErrDownload, resp.Status)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxDownload+1))
	if err != nil {
		return nil, retryable{fmt.Errorf("%s: %w: %w", url, ErrDownload, err)}
	}
	if len(b) > maxDownload {
		return nil, fmt.Errorf("%s: %w: larger than %d MB", url, ErrDownload, maxDownload>>20)
	}
	return b, nil
}

// zipMember returns the file named name (any folder, any case) in a zip.
func zipMember(b []byte, name string) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, fmt.Errorf("not a zip: %w", err)
	}
	for _, f := range zr.File {
		if strings.EqualFold(path.Base(f.Name), name) {
			rc, err := f.Open()
			if err != nil {
				return nil, err
			}
			defer rc.Close()
			return io.ReadAll(io.LimitReader(rc, maxDownload))
		}
	}
	return nil, fmt.Errorf("no %s in the zip", name)
}

func writeFileAtomic(dest string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return err
	}
	if err := atomicfile.WriteFile(dest, b, 0o644); err != nil {
		return fmt.Errorf("save %s: %w", dest, err)
	}
	return nil
}
