package workstation

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"
	"github.com/codebench/codebench/app/terminology/search"
	"github.com/codebench/codebench/assets"
)

// EnvCodeSets names official release files (CMS/CDC zips or their files,
// folders or single files, separated like PATH) that are imported at
// start-up instead of using the packs. It is for a build without
// `make terminology` and for trying a release before importing it; it is
// slow (seconds per release) and nothing imported this way is kept.
const EnvCodeSets = "CODEBENCH_CODESETS"

// Progress reports how far a long step is, from 0 to 1, and what it is
// doing, for a status bar. It may be nil.
type Progress func(fraction float64, what string)

func (p Progress) report(f float64, what string) {
	if p != nil {
		p(f, what)
	}
}

// CodeSets are the loaded code sets: what every face reads codes from.
type CodeSets struct {
	// Set is every code of every system and year loaded.
	Set *terminology.Set
	// Source says where they came from, e.g. "built-in code sets".
	Source string

	cacheDir, cacheKey string // where the search index is kept, and for which sets ("" not kept)

	ixOnce sync.Once
	ix     *search.Index
	ixErr  error
}

// CodeSets loads the code sets once per workstation and hands them to
// the open session's coding service. They are, in this order of choice:
//
//   - the release files named by $CODEBENCH_CODESETS, imported now;
//   - the data folder's pack, written when the coder imported a release
//     (merged with the built-in sets);
//   - the pack built into the binary.
//
// Without any it returns assets.ErrNoPack, which says how to get them. A
// failed or cancelled load is tried again on the next call.
func (w *Workstation) CodeSets(ctx context.Context, progress Progress) (*CodeSets, error) {
	w.loadMu.Lock()
	defer w.loadMu.Unlock()
	w.mu.Lock()
	sets := w.sets
	w.mu.Unlock()
	if sets != nil {
		return sets, nil
	}
	sets, err := w.load(ctx, progress)
	if err != nil {
		return nil, err
	}
	w.mu.Lock()
	w.sets = sets
	open := w.open
	w.mu.Unlock()
	if open != nil {
		open.Coding.SetTerms(sets.Set)
	}
	return sets, nil
}

func (w *Workstation) load(ctx context.Context, progress Progress) (*CodeSets, error) {
	sets := &CodeSets{cacheDir: w.CacheDir()}
	if w.cfg.LoadCodeSets != nil {
		set, err := w.cfg.LoadCodeSets()
		if err != nil {
			return nil, err
		}
		sets.Set, sets.Source = set, "code sets given by the caller"
		return sets, nil
	}
	if paths := w.cfg.Getenv(EnvCodeSets); paths != "" {
		list := filepath.SplitList(paths)
		progress.report(0.1, "Importing code-set releases from "+paths+"…")
		set, err := terminology.Import(ctx, list, func(done, total int, what string) {
			if total > 0 {
				progress.report(0.1+0.7*float64(done)/float64(total), "Importing "+filepath.Base(what)+"…")
			}
		}, terminology.WithPDFReader(w.reader))
		if err != nil {
			return nil, fmt.Errorf("load the code sets from $%s (%s): %w", EnvCodeSets, paths, err)
		}
		sets.Set, sets.Source = set, paths
		return sets, nil
	}
	embedded, err := w.embedded()
	if err != nil {
		return nil, err
	}
	progress.report(0.1, "Loading the code sets…")
	set, src, err := terminology.Load(embedded, w.cfg.DataDir)
	if errors.Is(err, terminology.ErrNoCodeSets) {
		return nil, assets.ErrNoPack
	}
	if err != nil {
		return nil, err
	}
	sets.Set, sets.Source, sets.cacheKey = set, src.String(), src.CacheKey(embedded)
	return sets, nil
}

// embedded is the binary's pack, nil when it has none.
func (w *Workstation) embedded() ([]byte, error) {
	b, err := w.cfg.Pack()
	if errors.Is(err, assets.ErrNoPack) {
		return nil, nil
	}
	return b, err
}

// Index is the search index over the code sets, built on first use. An
// index built from the same pack is kept in the cache folder and read
// back on the next start (tens of milliseconds instead of seconds).
func (c *CodeSets) Index() (*search.Index, error) {
	c.ixOnce.Do(func() {
		key := c.cacheKey
		if c.cacheDir == "" {
			key = ""
		}
		c.ix, c.ixErr = search.Cached(c.Set, c.cacheDir, key)
	})
	return c.ix, c.ixErr
}

// About says in one line which systems and years are loaded, e.g.
// "ICD-10-CM 2016–2026 · ICD-10-PCS 2016–2026 · HCPCS 2026".
func (c *CodeSets) About() string { return Years(c.Set) }

// Years names the systems and fiscal years a set holds, e.g.
// "ICD-10-CM 2016–2026 · HCPCS 2026"; "" for none.
func Years(s *terminology.Set) string { return strings.Join(yearParts(s), " · ") }

// Describe says in one line everything a set holds: systems and years,
// the Tabular List, indexes and tables, POA list, conversion table and
// Official Guidelines;
// "nothing" for an empty set. It tells the coder what an import added.
func Describe(s *terminology.Set) string {
	parts := yearParts(s)
	if ch := s.Chapters(); len(ch) > 0 {
		parts = append(parts, fmt.Sprintf("Tabular List FY%d", ch[0].Year))
	}
	for _, ix := range s.Indexes() {
		parts = append(parts, fmt.Sprintf("%s FY%d", IndexName(ix.Kind), ix.Year))
	}
	if s.POAYear(0) != 0 {
		parts = append(parts, "POA-exempt list")
	}
	if len(s.AllConversions()) > 0 {
		parts = append(parts, "conversion table")
	}
	if eds := s.GuidelineEditions(); len(eds) > 0 {
		parts = append(parts, GuidelinesSummary(eds))
	}
	if len(parts) == 0 {
		return "nothing"
	}
	return strings.Join(parts, ", ")
}

// GuidelinesSummary names the Official Guidelines editions a set holds,
// e.g. "Official Guidelines FY2024-FY2026 (5 editions)".
func GuidelinesSummary(eds []*terminology.GuidelineEdition) string {
	first, last := eds[0].Year, eds[len(eds)-1].Year
	years := fmt.Sprintf("FY%d", first)
	if last != first {
		years += fmt.Sprintf("-FY%d", last)
	}
	n := "1 edition"
	if len(eds) != 1 {
		n = fmt.Sprintf("%d editions", len(eds))
	}
	return fmt.Sprintf("Official Guidelines %s (%s)", years, n)
}

// IndexName is the title of an index book or table.
func IndexName(k terminology.IndexKind) string {
	switch k {
	case terminology.MainIndex:
		return "Alphabetic Index"
	case terminology.ExternalIndex:
		return "External Cause Index"
	case terminology.DrugTable:
		return "Drug table"
	case terminology.NeoplasmTable:
		return "Neoplasm table"
	case terminology.PCSIndex:
		return "PCS Index"
	}
	return string(k)
}

func yearParts(s *terminology.Set) []string {
	var parts []string
	for _, sys := range app.Systems {
		ys := s.FiscalYears(sys)
		switch len(ys) {
		case 0:
		case 1:
			parts = append(parts, fmt.Sprintf("%s %d", sys.Label(), ys[0]))
		default:
			parts = append(parts, fmt.Sprintf("%s %d–%d", sys.Label(), ys[0], ys[len(ys)-1]))
		}
	}
	return parts
}

// ImportRelease adds official release files to the data folder's code
// sets (written atomically, merged with the built-in ones). It runs in a
// signed-in session: the session holds the data folder's lock, so no
// other Codebench imports or opens the folder meanwhile, and the import
// is written to the audit trail (systems, years, code counts before and
// after, file names) before the pack is replaced. An import that would
// take more than a handful of codes from a fiscal year is refused with
// terminology.ErrShrinks unless force is set; the result holds the counts
// either way. The next CodeSets call loads the new code sets.
func (s *Session) ImportRelease(ctx context.Context, paths []string, force bool, progress func(done, total int, what string)) (*terminology.ReleaseImport, error) {
	w := s.w
	embedded, err := w.embedded()
	if err != nil {
		return nil, err
	}
	w.loadMu.Lock()
	defer w.loadMu.Unlock()
	// Guideline PDFs go through the data folder's PDF engine and its cache.
	res, err := terminology.PrepareRelease(ctx, embedded, w.cfg.DataDir, paths, force, progress, terminology.WithPDFReader(w.reader))
	if err != nil {
		return res, err
	}
	detail := res.AuditDetail()
	if force {
		detail = "forced: " + detail
	}
	if err := s.Store.Audit(app.AuditEvent{Action: app.AuditCodeSetsImported, Detail: detail}); err != nil {
		return res, fmt.Errorf("the import could not be written to the audit trail, so the code sets were not changed: %w", err)
	}
	if err := res.Save(); err != nil {
		// The audit already says imported: say it was not, best effort.
		_ = s.Store.Audit(app.AuditEvent{Action: app.AuditCodeSetsImported, Detail: "not saved, the code sets are unchanged: " + detail})
		return res, err
	}
	w.mu.Lock()
	w.sets = nil
	w.mu.Unlock()
	return res, nil
}

// Loaded returns the code sets if they are loaded, else nil; it never
// waits for a load in progress.
func (w *Workstation) Loaded() *CodeSets {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.sets
}
