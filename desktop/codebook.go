package desktop

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/coding/edits"
	"github.com/codebench/codebench/app/terminology"
	"github.com/codebench/codebench/app/terminology/search"
	"github.com/codebench/codebench/assets"
	"github.com/codebench/codebench/views"
)

// maxChildren bounds the "codes under it" list of the detail pane.
const maxChildren = 40

// releaseSources are the official release files tried, in order, when the
// binary carries no code-set pack: $CODEBENCH_TERMINOLOGY (folders or
// files, separated like PATH), the data folder's "terminology", and, for a
// developer's checkout, the shared folder beside the repository. The first
// that exists is imported.
func (w *wiring) releaseSources() [][]string {
	var out [][]string
	if d := os.Getenv("CODEBENCH_TERMINOLOGY"); d != "" {
		out = append(out, filepath.SplitList(d))
	}
	out = append(out, []string{filepath.Join(w.dataDir, "terminology")})
	if wd, err := os.Getwd(); err == nil {
		out = append(out, []string{filepath.Join(wd, "..", "shared", "terminology")})
	}
	return out
}

func (w *wiring) cacheDir() string { return filepath.Join(w.dataDir, "cache") }

// loadCodebook loads the code sets (the pack built into the binary, else
// the official release files found on disk), builds the search index and
// returns the window's view of them.
func (w *wiring) loadCodebook(ctx context.Context, progress func(float64, string)) (*views.Codebook, error) {
	set, key, err := w.loadSet(ctx, progress)
	if err != nil {
		return nil, err
	}
	progress(0.85, "Indexing codes for search…")
	// The index built on the first start is kept in the cache folder and
	// read back on the next (tens of milliseconds instead of seconds).
	ix, err := search.Cached(set, w.cacheDir(), key)
	if err != nil {
		return nil, err
	}
	w.setCodeSet(set)
	progress(1, "Code sets ready")
	// Compile the PDF engine now, in the background, so the first PDF
	// note or print preview opens without a wait.
	go w.warm(w.cacheDir())
	return &views.Codebook{Terms: &terms{set: set, ix: ix}, Edits: &checker{set: set}, About: about(set), Guidelines: set}, nil
}

// loadSet returns the code sets and a key naming them for the search
// index cache ("" when they came from release files, not a pack).
func (w *wiring) loadSet(ctx context.Context, progress func(float64, string)) (*terminology.Set, string, error) {
	embedded, err := w.pack()
	if err != nil && !errors.Is(err, assets.ErrNoPack) {
		return nil, "", err
	}
	progress(0.1, "Loading the code sets…")
	// The data folder's pack (releases the coder imported, merged with the
	// built-in sets) wins over the one built into the binary.
	set, src, packErr := terminology.Load(embedded, w.dataDir)
	if packErr == nil {
		return set, src.CacheKey(embedded), nil
	}
	// A damaged or outdated pack: the release files, when at hand, still
	// give the coder working code sets.
	for _, paths := range w.releaseSources() {
		if _, err := os.Stat(paths[0]); err != nil {
			continue
		}
		progress(0.1, "Importing code-set releases from "+paths[0]+"…")
		set, err := terminology.Import(ctx, paths, func(done, total int, what string) {
			if total > 0 {
				progress(0.1+0.7*float64(done)/float64(total), "Importing "+filepath.Base(what)+"…")
			}
		})
		return set, "", err
	}
	if errors.Is(packErr, terminology.ErrNoCodeSets) {
		return nil, "", assets.ErrNoPack
	}
	return nil, "", packErr
}

// importRelease adds release files to the data folder's code sets; the
// window then loads them again.
func (w *wiring) importRelease(ctx context.Context, paths []string, progress func(float64, string)) (string, error) {
	embedded, err := w.pack()
	if err != nil && !errors.Is(err, assets.ErrNoPack) {
		return "", err
	}
	_, imported, err := terminology.ImportRelease(ctx, embedded, w.dataDir, paths, func(done, total int, what string) {
		if total > 0 {
			progress(float64(done)/float64(total), "Importing "+filepath.Base(what)+"…")
		}
	})
	if err != nil {
		return "", err
	}
	if a := about(imported); a != "" {
		return a, nil
	}
	return "the release (Tabular List, index or POA content)", nil
}

// about is the status-bar line naming the years loaded.
func about(set *terminology.Set) string {
	var parts []string
	for _, sys := range app.Systems {
		ys := set.FiscalYears(sys)
		switch len(ys) {
		case 0:
		case 1:
			parts = append(parts, fmt.Sprintf("%s %d", sys.Label(), ys[0]))
		default:
			parts = append(parts, fmt.Sprintf("%s %d–%d", sys.Label(), ys[0], ys[len(ys)-1]))
		}
	}
	return strings.Join(parts, " · ")
}

// terms is the window's search and detail over the code sets.
type terms struct {
	set *terminology.Set
	ix  *search.Index
}

func titleIn(c *terminology.Concept, year int) string {
	t := c.TitleIn(year)
	if t.Long == "" {
		t = c.Latest()
	}
	if t.Long != "" {
		return t.Long
	}
	return t.Short
}

// billableIn reports whether c can be reported in year; HCPCS follows the
// calendar year, so any billable year counts for display and the edits
// check the date.
func billableIn(c *terminology.Concept, year int) bool {
	if c.System == app.HCPCS {
		return c.Billable != 0 && !c.Modifier
	}
	return c.Billable.Has(year)
}

func (t *terms) Search(q views.CodeQuery) []views.CodeHit {
	hits := t.ix.Search(search.Query{Text: q.Text, System: q.System, Year: q.Year, Billable: q.BillableOnly, Limit: q.Limit})
	out := make([]views.CodeHit, 0, len(hits))
	for _, h := range hits {
		c := h.Concept
		out = append(out, views.CodeHit{System: c.System, Code: c.Code, Title: titleIn(c, q.Year), Billable: billableIn(c, q.Year), Why: h.Why})
	}
	return out
}

func (t *terms) Detail(sys app.System, code string, year int) (views.CodeDetail, error) {
	c := t.set.Lookup(sys, code)
	if c == nil {
		return views.CodeDetail{}, fmt.Errorf("%s is not in the loaded %s code set: %w", terminology.Display(sys, code), sys.Label(), app.ErrNotFound)
	}
	d := views.CodeDetail{System: sys, Code: c.Code, Title: titleIn(c, year), Billable: billableIn(c, year),
		Valid: c.Valid.Has(year) || sys == app.HCPCS && c.Valid != 0, Index: c.Index}
	if ch := t.set.Chapter(c.Chapter); ch != nil {
		d.Path = append(d.Path, views.CodeCrumb{Code: "Chapter " + ch.ID, Title: ch.Title})
	}
	if sec := t.set.Section(c.Section); sec != nil {
		d.Path = append(d.Path, views.CodeCrumb{Code: sec.ID, Title: sec.Title})
	}
	for _, a := range t.set.Ancestors(c) {
		d.Path = append(d.Path, views.CodeCrumb{Code: terminology.Display(sys, a.Code), Title: titleIn(a, year)})
	}
	d.Notes = t.set.NotesFor(c)
	if sys == app.ICD10CM && len(c.Code) < 7 && !c.Billable.Has(year) {
		d.Seventh, _ = t.set.SeventhFor(c)
	}
	for i, k := range t.set.ChildConcepts(c) {
		if i == maxChildren {
			break
		}
		d.Children = append(d.Children, views.CodeCrumb{Code: k.Code, Title: titleIn(k, year)})
	}
	return d, nil
}

// checker runs the coding edits.
type checker struct{ set *terminology.Set }

func (k *checker) Check(rec *app.Record) []views.Finding {
	fs := edits.Check(rec, k.set)
	out := make([]views.Finding, len(fs))
	for i, f := range fs {
		out[i] = views.Finding{Rule: f.Rule, Severity: string(f.Severity), Codes: f.Codes, Message: f.Message,
			Source: f.Source, Acknowledged: f.Acknowledged, Reason: f.Reason, Fixes: f.Fixes}
	}
	return out
}
