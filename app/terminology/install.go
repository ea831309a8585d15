package terminology

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/internal/atomicfile"
)

// PackName is the pack's file name in the data folder (and in the
// binary's embedded assets).
const PackName = "codebench.pack"

// ErrNoCodeSets means neither the data folder nor the binary has a pack.
var ErrNoCodeSets = errors.New("no code sets: this build has none built in and the data folder has no pack: import the CMS/CDC release files (codebench terms import PATH..., or File → Import code-set release…)")

// Source says where Load found the code sets.
type Source struct {
	Path     string // the data-folder pack, or "" for the built-in one
	Embedded bool
}

func (s Source) String() string {
	if s.Embedded {
		return "built-in code sets"
	}
	return s.Path
}

// CacheKey names the code sets Load returned, for what is built from them
// and kept between runs (the search index): the data folder's pack by path,
// size and modification time, the built-in pack by its SHA-256. "" means
// the source is not worth caching for (nothing to name it by).
func (s Source) CacheKey(embedded []byte) string {
	if s.Embedded {
		if len(embedded) == 0 {
			return ""
		}
		sum := sha256.Sum256(embedded)
		return hex.EncodeToString(sum[:])
	}
	st, err := os.Stat(s.Path)
	if err != nil || st.IsDir() {
		return ""
	}
	return fmt.Sprintf("%s|%d|%d", s.Path, st.Size(), st.ModTime().UnixNano())
}

// DataPackPath is where the data folder keeps its pack.
func DataPackPath(dataDir string) string { return filepath.Join(dataDir, PackName) }

// Load returns the code sets the workstation uses: the pack in the data
// folder when there is one (a release the user imported, merged with the
// built-in sets), else the embedded pack (pass the binary's embedded bytes,
// nil when it has none; read in place with LoadBuiltInPack). A damaged
// data-folder pack is an error that names the file, not a silent fallback.
func Load(embedded []byte, dataDir string) (*Set, Source, error) {
	if dataDir != "" {
		p := DataPackPath(dataDir)
		b, err := os.ReadFile(p)
		switch {
		case err == nil:
			s, err := LoadPack(b)
			if err != nil {
				return nil, Source{Path: p}, fmt.Errorf("%s: %w (delete it to go back to the built-in code sets)", p, err)
			}
			return s, Source{Path: p}, nil
		case !errors.Is(err, fs.ErrNotExist):
			return nil, Source{Path: p}, err
		}
	}
	if len(embedded) == 0 {
		return nil, Source{Embedded: true}, ErrNoCodeSets
	}
	s, err := LoadBuiltInPack(embedded)
	if err != nil {
		return nil, Source{Embedded: true}, fmt.Errorf("built-in code sets: %w", err)
	}
	return s, Source{Embedded: true}, nil
}

// WritePackFile writes the set's pack to path atomically: a temporary file
// in the same folder, synced, then renamed over the old one, so a crash or
// a full disk never leaves a half-written pack.
func (s *Set) WritePackFile(path string) error {
	var buf bytes.Buffer
	if err := s.WritePack(&buf); err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := atomicfile.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w (nothing was changed)", path, err)
	}
	return nil
}

// ErrShrinks means an import would take more than a handful of codes
// away from a fiscal year the code sets already hold (see shrinkLimit):
// usually a release file cut short or the wrong file. --force imports it
// anyway.
var ErrShrinks = errors.New("the import would remove codes from a fiscal year the code sets already hold")

// ReleaseImport is what ImportRelease did.
type ReleaseImport struct {
	// Merged is the data folder's code sets now; Imported the part the
	// release files held.
	Merged, Imported *Set
	// Counts are the codes of each system and fiscal year the release
	// held, before and after, in system then year order.
	Counts []YearCount
	// Files are the base names of the release files read (zip!member for
	// a file inside a zip), without their folders.
	Files []string

	dataDir string
}

// AuditDetail says in one line what was imported, for the audit trail:
// counts per system and year and the file names (no folders, no patient
// data).
func (r *ReleaseImport) AuditDetail() string {
	parts := make([]string, len(r.Counts))
	for i, c := range r.Counts {
		parts[i] = c.String()
	}
	d := strings.Join(parts, "; ")
	if d == "" {
		d = "no code counts changed"
	}
	return d + "; files: " + strings.Join(r.Files, ", ")
}

// ImportRelease imports release files into the data folder: it loads the
// current code sets (data-folder pack, else embedded), imports paths,
// merges them in, and writes the data folder's pack atomically: it is
// PrepareRelease and Save. On any error the data folder is left as it
// was.
func ImportRelease(ctx context.Context, embedded []byte, dataDir string, paths []string, force bool, progress func(done, total int, what string), opts ...ImportOption) (*ReleaseImport, error) {
	res, err := PrepareRelease(ctx, embedded, dataDir, paths, force, progress, opts...)
	if err != nil {
		return res, err
	}
	return res, res.Save()
}

// PrepareRelease does all of ImportRelease but writing the pack (Save
// does), so the caller can audit the import before the code sets change.
// An import that takes more codes from a year than shrinkLimit allows is
// refused with ErrShrinks (naming the years and counts, which the result
// still holds) unless force is set.
//
// The caller holds the data folder's lock (an open session) from
// PrepareRelease to Save, so two imports do not merge into the same old
// pack and lose one.
func PrepareRelease(ctx context.Context, embedded []byte, dataDir string, paths []string, force bool, progress func(done, total int, what string), opts ...ImportOption) (*ReleaseImport, error) {
	res := &ReleaseImport{dataDir: dataDir}
	if dataDir == "" {
		return res, errors.New("no data folder: pass --data DIR")
	}
	cur, _, err := Load(embedded, dataDir)
	if errors.Is(err, ErrNoCodeSets) {
		cur, err = newSet(), nil
	}
	if err != nil {
		return res, err
	}
	before := yearCounts(cur)
	imported, err := Import(ctx, paths, func(done, total int, what string) {
		res.Files = append(res.Files, sourceName(what))
		if progress != nil {
			progress(done, total, what)
		}
	}, opts...)
	if err != nil {
		return res, err
	}
	if err := cur.BooksErr(); err != nil {
		// The import would be saved without the Index books it could
		// not read: refuse rather than drop them.
		return res, fmt.Errorf("the code sets in use have a damaged Alphabetic Index (%w): reinstall Codebench, or import into a new data folder", err)
	}
	cur.Merge(imported)
	if err := ctx.Err(); err != nil {
		return res, err
	}
	after := yearCounts(cur)
	var shrunk []string
	for _, sys := range app.Systems {
		for _, fy := range imported.FiscalYears(sys) {
			c := YearCount{System: sys, Year: fy, Before: before[sys][fy], After: after[sys][fy]}
			res.Counts = append(res.Counts, c)
			if c.Dropped() > shrinkLimit(c.Before) {
				shrunk = append(shrunk, c.String())
			}
		}
	}
	res.Merged, res.Imported = cur, imported
	if len(shrunk) > 0 && !force {
		return res, fmt.Errorf("%w: %s (more than 0.5%% or 50 codes of the year): check that the file is complete and the one you meant; nothing was changed (import it anyway with --force)", ErrShrinks, strings.Join(shrunk, "; "))
	}
	return res, nil
}

// Save writes the merged code sets as the data folder's pack, atomically.
func (r *ReleaseImport) Save() error {
	return r.Merged.WritePackFile(DataPackPath(r.dataDir))
}

// Merge adds a newer import to s: each system's fiscal years in newer
// replace the same years in s (a new year is added), and the Tabular List,
// each index book, the POA lists and the conversion table of newer replace
// those of s when they are the same year or newer; a guidelines edition
// replaces the same edition (year and date) and adds to the others. s must not be read
// while Merge runs; the app merges into a freshly loaded set and swaps.
func (s *Set) Merge(newer *Set) {
	s.ensureBooks()
	newer.ensureBooks()
	// Merge changes Concepts: both sets' move onto the heap.
	s.unpack()
	newer.unpack()
	for _, sys := range app.Systems {
		nd := newer.systems[sys]
		if nd == nil {
			continue
		}
		for _, fy := range newer.FiscalYears(sys) {
			var rows []orderRow
			for _, c := range nd.order {
				if c.Valid.Has(fy) {
					t := c.TitleIn(fy)
					rows = append(rows, orderRow{Code: c.Code, Billable: c.Billable.Has(fy), Short: t.Short, Long: t.Long})
				}
			}
			s.addYear(sys, fy, rows)
		}
		if sys == app.HCPCS {
			d := s.systems[sys]
			for _, nc := range nd.order {
				c := d.byCode[nc.Code]
				if c != nil && nc.Valid.Last() >= c.Valid.Last() {
					c.Modifier, c.Added, c.Effective, c.Termination = nc.Modifier, nc.Added, nc.Effective, nc.Termination
				}
			}
			for y, l := range newer.hcpcsRelease {
				s.hcpcsRelease[y] = l
			}
		}
	}
	if len(newer.chapters) > 0 && (len(s.chapters) == 0 || newer.chapters[0].Year >= s.chapters[0].Year) {
		t := &tabular{year: newer.chapters[0].Year, chapters: newer.chapters, sections: newer.sections}
		if nd := newer.systems[app.ICD10CM]; nd != nil {
			for _, c := range nd.order {
				if len(c.Notes) > 0 || len(c.Seventh) > 0 {
					t.diags = append(t.diags, tabDiag{code: c.Code, notes: c.Notes, seventh: c.Seventh})
				}
			}
		}
		s.applyTabular(t)
	}
	for k, ix := range newer.indexes {
		if old := s.indexes[k]; old == nil || ix.Year >= old.Year {
			s.indexes[k] = ix
		}
	}
	for y, m := range newer.poa {
		s.poa[y] = m
		if newer.poaDerivedYears[y] {
			if s.poaDerivedYears == nil {
				s.poaDerivedYears = map[int]bool{}
			}
			s.poaDerivedYears[y] = true
		} else {
			delete(s.poaDerivedYears, y)
		}
	}
	for y, l := range newer.poaAdded {
		s.poaAdded[y] = l
	}
	for y, l := range newer.poaDeleted {
		s.poaDeleted[y] = l
	}
	if len(newer.conversions) > 0 && newer.convYear >= s.convYear {
		s.applyConversions(newer.convYear, newer.conversions)
	}
	for _, ed := range newer.guidelines {
		s.addGuidelines(ed)
	}
	s.finish()
}
