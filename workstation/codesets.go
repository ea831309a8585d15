package workstation

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
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

	cacheDir string // where the index of an imported release is kept
	// packKey names the pack the sets were loaded from
	// (terminology.PackKey); "" when they come from elsewhere.
	packKey string
	// builtIn is the binary's search index, nil without one; it is used
	// when it was built from the same pack, and for the interim while an
	// imported release's index is built.
	builtIn    func() ([]byte, error)
	builtInKey string // terminology.PackKey of the binary's pack

	ixMu       sync.Mutex
	ix         *search.Index
	ixErr      error
	ixFinal    bool          // ix is the index of these very sets
	ixBuilt    chan struct{} // closed when the background build ends
	ixProgress []Progress
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
	sets := &CodeSets{cacheDir: w.CacheDir(), builtIn: w.cfg.SearchIndex}
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
	sets.Set, sets.Source = set, src.String()
	sets.builtInKey, _ = terminology.PackKey(embedded)
	if src.Embedded {
		sets.packKey, _ = terminology.PackKey(embedded)
	} else {
		sets.packKey, _ = terminology.PackFileKey(src.Path)
	}
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

// Index is the search index over the code sets. It is read in place, not
// built: the built-in code sets' from the binary (made by `make
// terminology`), an imported release's from the data folder's cache. When
// an imported release has no index yet, it is built once in the
// background (see OnIndexProgress) and, meanwhile, Index returns the
// built-in one, attached to the merged code sets, so search keeps
// working; after the build it returns the new one. Only without any index
// to read is it built here, before returning.
func (c *CodeSets) Index() (*search.Index, error) {
	c.ixMu.Lock()
	defer c.ixMu.Unlock()
	if c.ix != nil || c.ixErr != nil {
		return c.ix, c.ixErr
	}
	if ix := c.stored(); ix != nil {
		c.ix, c.ixFinal = ix, true
		return ix, nil
	}
	interim := c.builtInIndex(false)
	if interim == nil || c.packKey == "" || c.cacheDir == "" {
		// Nothing to search meanwhile: build now.
		c.ix, c.ixErr = search.Cached(c.Set, c.cacheDir, c.packKey, nil)
		c.ixFinal = c.ixErr == nil
		return c.ix, c.ixErr
	}
	c.ix = interim
	c.ixBuilt = make(chan struct{})
	go c.buildInBackground()
	return c.ix, nil
}

// FinalIndex is Index, but when an imported release's index is being
// built it waits for it: a command-line search answers from the sets in
// use, not from the built-in ones.
func (c *CodeSets) FinalIndex() (*search.Index, error) {
	if _, err := c.Index(); err != nil {
		return nil, err
	}
	c.ixMu.Lock()
	done := c.ixBuilt
	c.ixMu.Unlock()
	if done != nil {
		<-done
	}
	c.ixMu.Lock()
	defer c.ixMu.Unlock()
	return c.ix, c.ixErr
}

// IndexBuilding reports whether an imported release's index is being
// built in the background (searches meanwhile use the built-in one).
func (c *CodeSets) IndexBuilding() bool {
	c.ixMu.Lock()
	defer c.ixMu.Unlock()
	return c.ix != nil && !c.ixFinal && c.ixErr == nil
}

// OnIndexProgress has p told how far the background build of an imported
// release's index is, from 0 to 1; it is called from the building
// goroutine.
func (c *CodeSets) OnIndexProgress(p Progress) {
	c.ixMu.Lock()
	defer c.ixMu.Unlock()
	c.ixProgress = append(c.ixProgress, p)
}

func (c *CodeSets) buildInBackground() {
	ix, err := search.Cached(c.Set, c.cacheDir, c.packKey, func(f float64) {
		c.ixMu.Lock()
		ps := append([]Progress(nil), c.ixProgress...)
		c.ixMu.Unlock()
		for _, p := range ps {
			p.report(f, "Indexing the imported code sets for search…")
		}
	})
	c.ixMu.Lock()
	defer c.ixMu.Unlock()
	if err == nil {
		// On failure the built-in index stays in use: search still works.
		c.ix = ix
	}
	c.ixFinal = true
	close(c.ixBuilt)
}

// stored is the index of these very sets when one was built before: the
// binary's for the built-in pack, the cache's for an imported release.
func (c *CodeSets) stored() *search.Index {
	if c.packKey == "" {
		return nil
	}
	if ix := c.builtInIndex(true); ix != nil {
		if c.cacheDir != "" {
			// The built-in code sets need no cached index: drop those of
			// releases no longer in use and of older versions (a v2 index
			// was ~55 MB).
			go search.RemoveStale(c.cacheDir, "")
		}
		return ix
	}
	if c.cacheDir == "" {
		return nil
	}
	ix, err := search.OpenFile(search.CachePath(c.cacheDir, c.packKey), c.packKey)
	if err != nil {
		return nil
	}
	ix.Attach(c.Set)
	return ix
}

// builtInIndex is the binary's index attached to the sets, when it was
// built from the pack in use (same) or else from the binary's own pack,
// whose codes an imported release's pack holds too.
func (c *CodeSets) builtInIndex(same bool) *search.Index {
	if c.builtIn == nil {
		return nil
	}
	b, err := c.builtIn()
	if err != nil || len(b) == 0 {
		return nil
	}
	ix, err := search.OpenBuiltIn(b)
	if err != nil {
		return nil
	}
	want := c.builtInKey
	if same {
		want = c.packKey
	}
	if want == "" || ix.Source() != want {
		return nil
	}
	ix.Attach(c.Set)
	return ix
}

// StoredIndex is the search index of the code sets in use, read in place
// without loading the code sets, when one is stored: the binary's for its
// built-in code sets, the data folder's cache for an imported release
// already indexed. Its hits carry no Concept; SearchIndex shows them. nil
// means there is none (or the code sets come from $CODEBENCH_CODESETS or
// the caller): load them with CodeSets and search those. A one-off search
// (the command line) costs then only the pages of the index it reads.
func (w *Workstation) StoredIndex() *search.Index {
	if w.cfg.LoadCodeSets != nil || w.cfg.Getenv(EnvCodeSets) != "" {
		return nil
	}
	if w.cfg.DataDir != "" {
		key, err := terminology.PackFileKey(terminology.DataPackPath(w.cfg.DataDir))
		switch {
		case err == nil:
			if ix, err := search.OpenFile(search.CachePath(w.CacheDir(), key), key); err == nil {
				return ix
			}
			return w.builtInIndexFor(key) // the data folder's pack may be the built-in one
		case !errors.Is(err, fs.ErrNotExist):
			return nil // let the load say what is wrong with it
		}
	}
	embedded, err := w.embedded()
	if err != nil || embedded == nil {
		return nil
	}
	key, err := terminology.PackKey(embedded)
	if err != nil {
		return nil
	}
	return w.builtInIndexFor(key)
}

// builtInIndexFor is the binary's search index when it was built from the
// pack named key; nil otherwise.
func (w *Workstation) builtInIndexFor(key string) *search.Index {
	if w.cfg.SearchIndex == nil {
		return nil
	}
	b, err := w.cfg.SearchIndex()
	if err != nil {
		return nil
	}
	ix, err := search.OpenBuiltIn(b)
	if err != nil || ix.Source() != key {
		return nil
	}
	return ix
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
	for _, ix := range s.IndexBooks() {
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
