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
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/codebench/codebench/internal/atomicfile"
)

// ErrChecksum means a downloaded file is not the one pinned in Releases.
var ErrChecksum = errors.New("SHA-256 does not match the pinned release")

// maxDownload bounds one download; the largest official zip is ~3 MB.
const maxDownload = 512 << 20

// Fetch downloads the release files into dir (laid out as Release.Path),
// skipping those already there with the right hash. Each file is checked
// against its pinned SHA-256 before it is saved (atomically); a mismatch
// saves nothing and fails. mirror, when not empty, is a base URL serving a
// copy laid out like dir (mirror/icd10cm/cms_2026_dx.zip), used instead of
// the publishers.
func Fetch(ctx context.Context, client *http.Client, dir string, releases []Release, mirror string, progress func(done, total int, what string)) error {
	if client == nil {
		client = http.DefaultClient
	}
	cache := map[string][]byte{}
	for i, r := range releases {
		dest := filepath.Join(dir, filepath.FromSlash(r.Path))
		if b, err := os.ReadFile(dest); err == nil && sha256Hex(b) == r.SHA256 {
			if progress != nil {
				progress(i+1, len(releases), r.Path+" (already there)")
			}
			continue
		}
		url, member := r.URL, r.Member
		if mirror != "" {
			url, member = strings.TrimRight(mirror, "/")+"/"+r.Path, ""
		}
		body, ok := cache[url]
		if !ok {
			var err error
			if body, err = download(ctx, client, url); err != nil {
				return err
			}
			cache[url] = body
		}
		b := body
		if member != "" {
			var err error
			if b, err = zipMember(body, member); err != nil {
				return fmt.Errorf("%s: %w", url, err)
			}
		}
		if got := sha256Hex(b); got != r.SHA256 {
			return fmt.Errorf("%s: %w: got %s, want %s (the publisher changed the file or the download is damaged; nothing was saved)", url, ErrChecksum, got, r.SHA256)
		}
		if err := writeFileAtomic(dest, b); err != nil {
			return err
		}
		if progress != nil {
			progress(i+1, len(releases), r.Path)
		}
	}
	return nil
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func download(ctx context.Context, client *http.Client, url string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("download %s: %w (check the network, or fetch with --mirror from a copy)", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("download %s: %s (the publisher may have moved it: fetch with --mirror from a copy)", url, resp.Status)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxDownload+1))
	if err != nil {
		return nil, fmt.Errorf("download %s: %w", url, err)
	}
	if len(b) > maxDownload {
		return nil, fmt.Errorf("download %s: larger than %d MB", url, maxDownload>>20)
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
