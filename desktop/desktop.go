// Package desktop adapts the application layer (workstation) to the
// window's small interfaces (views.Deps): the vault and session, the code
// sets with search, detail and edits, the note reader and the PDF
// summary. It holds no rule of its own; only main imports it.
package desktop

import (
	"context"
	"errors"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/coding/edits"
	"github.com/codebench/codebench/app/intake"
	"github.com/codebench/codebench/app/report"
	"github.com/codebench/codebench/app/suggest"
	"github.com/codebench/codebench/app/terminology"
	"github.com/codebench/codebench/app/terminology/search"
	"github.com/codebench/codebench/views"
	"github.com/codebench/codebench/workstation"
)

// maxChildren bounds the "codes under it" list of the detail pane.
const maxChildren = 40

// wiring is the window's view of one workstation and its open session.
type wiring struct {
	ws *workstation.Workstation
}

// NewDeps returns the window's dependencies over the real components for
// the data folder dir and, when store is a connection string, the shared
// database that keeps the records instead (--store, CODEBENCH_STORE).
func NewDeps(dir, store string) views.Deps {
	return newWiring(workstation.Config{DataDir: dir, Store: store}).deps()
}

// pdfCache, when set, is where the PDF engine keeps its compiled code
// instead of the data folder; tests share one.
var pdfCache string

func newWiring(cfg workstation.Config) *wiring {
	if cfg.PDFCache == "" {
		cfg.PDFCache = pdfCache
	}
	ws := workstation.New(cfg)
	return &wiring{ws: ws}
}

func (w *wiring) deps() views.Deps {
	return views.Deps{
		DataDir:       w.ws.DataDir(),
		Vault:         w,
		LoadCodebook:  w.loadCodebook,
		ImportRelease: w.importRelease,
		Intake:        noteReader{w.ws.Notes()},
		Reporter:      w,
		Offline:       workstation.Unreachable,
	}
}

// ---- vault and session

func (w *wiring) HasUsers() (bool, error) {
	users, err := w.ws.Users()
	return len(users) > 0, err
}

func (w *wiring) CreateUser(name, passphrase string) (views.Session, error) {
	return signedIn(w.ws.Create(name, passphrase))
}

func (w *wiring) Unlock(name, passphrase string) (views.Session, error) {
	return signedIn(w.ws.Open(name, passphrase))
}

func signedIn(s *workstation.Session, err error) (views.Session, error) {
	if err != nil {
		return nil, err
	}
	return session{s}, nil
}

// session is a signed-in workstation session as the window sees it.
type session struct{ *workstation.Session }

func (s session) Records() views.Records { return &records{s: s.Session, svc: s.Coding} }

// leaseTTL is how long the window's lease on the open record lasts
// without renewal (it renews every views.leaseRenew, 20 s): a window that
// dies frees the record within it.
const leaseTTL = 90 * time.Second

// Lease, Release and Watch make the session a views.Sharing: the window
// holds the open record's lease and refreshes on other desks' saves.
func (s session) Lease(recordID string) (app.Lease, error) { return s.Store.Lease(recordID, leaseTTL) }

func (s session) Release(recordID string) error { return s.Store.Release(recordID) }

func (s session) Watch(ctx context.Context) (<-chan app.Change, error) { return s.Store.Watch(ctx) }

var _ views.Sharing = session{}

func (w *wiring) session() (*workstation.Session, error) {
	if s := w.ws.Session(); s != nil {
		return s, nil
	}
	return nil, errors.New("not signed in: unlock Codebench first")
}

// ---- code sets

func (w *wiring) loadCodebook(ctx context.Context, progress func(float64, string)) (*views.Codebook, error) {
	cs, err := w.ws.CodeSets(ctx, progress)
	if err != nil {
		return nil, err
	}
	progress(0.85, "Indexing codes for search…")
	ix, err := cs.Index()
	if err != nil {
		return nil, err
	}
	progress(1, "Code sets ready")
	// Search is usable now; the suggestion engine scans the Index books'
	// main terms in the pack for its word lists, so it is built in the
	// background and the first suggestions wait for it (issue 16: search
	// within a second of sign-in).
	// Memory the searches and suggestions used goes back to the system
	// when the coder pauses (see idleRelease).
	trim := newIdleTrim(ix.Release)
	engine := newLazySuggester(func() views.Suggester {
		e := suggest.New(cs.Set, ix)
		settleHeap()
		return e
	}, trim)
	// The PDF engine is not started here: it starts with the first PDF
	// note or print preview (about 0.3 s from its compiled code in the
	// data folder) and is released when idle (issue 16).
	return &views.Codebook{Terms: terms{cs, trim}, Edits: checker{cs}, Suggest: engine, About: cs.About(), Missing: cs.Missing(), Guidelines: cs.Set}, nil
}

func (w *wiring) importRelease(ctx context.Context, paths []string, force bool, progress func(float64, string)) (string, error) {
	s, err := w.session()
	if err != nil {
		return "", err
	}
	res, err := s.ImportRelease(ctx, paths, force, func(done, total int, what string) {
		if total > 0 {
			progress(float64(done)/float64(total), "Importing "+filepath.Base(what)+"…")
		}
	})
	if errors.Is(err, terminology.ErrShrinks) {
		return "", fmt.Errorf("%w: %w", views.ErrReleaseShrinks, err)
	}
	if err != nil {
		return "", err
	}
	var counts []string
	for _, c := range res.Counts {
		if c.Before != 0 {
			counts = append(counts, c.String())
		}
	}
	summary := workstation.Describe(res.Imported)
	if len(counts) > 0 {
		summary += " (" + strings.Join(counts, "; ") + ")"
	}
	return summary, nil
}

// lazySuggester is the suggestion engine being built in the background.
type lazySuggester struct {
	ready  chan struct{}
	engine views.Suggester
	trim   *idleTrim
}

func newLazySuggester(build func() views.Suggester, trim *idleTrim) *lazySuggester {
	l := &lazySuggester{ready: make(chan struct{}), trim: trim}
	go func() {
		l.engine = build()
		close(l.ready)
	}()
	return l
}

// Suggest waits for the engine, then suggests; the window calls it off
// the UI goroutine.
func (l *lazySuggester) Suggest(r suggest.Request) []suggest.Suggestion {
	<-l.ready
	defer l.trim.touch()
	return l.engine.Suggest(r)
}

// heapGCPercent is the collector's target once the code sets are loaded:
// the heap may grow by this percentage of what is live before the next
// collection. The code sets and index are most of what is live and stay
// for the whole run, so Go's default of 100 would let a window that
// allocates little grow by their whole size again (hundreds of MB of
// resident memory for nothing, issue 16); 20 keeps the growth to a few
// tens of MB at the cost of a collection every few dozen MB allocated.
const heapGCPercent = 20

// settleHeap collects what loading the code sets and the index left
// behind and hands it back to the operating system now, instead of when
// the background scavenger gets to it, and lowers the collector's target
// unless $GOGC says otherwise.
func settleHeap() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(heapGCPercent)
	}
	debug.FreeOSMemory()
}

// terms is the window's search and detail over the code sets.
type terms struct {
	cs   *workstation.CodeSets
	trim *idleTrim
}

func (t terms) Search(q views.CodeQuery) []views.CodeHit {
	defer t.trim.touch()
	hits, err := t.cs.Search(search.Query{Text: q.Text, System: q.System, Year: q.Year, Billable: q.BillableOnly, Limit: q.Limit})
	if err != nil {
		return nil // the index was built when the code sets loaded
	}
	out := make([]views.CodeHit, len(hits))
	for i, h := range hits {
		out[i] = views.CodeHit{System: h.System, Code: h.Code, Title: h.Title, Billable: h.Billable, Why: h.Why}
	}
	return out
}

func (t terms) Detail(sys app.System, code string, year int) (views.CodeDetail, error) {
	d, err := t.cs.Detail(sys, code, year)
	if err != nil {
		return views.CodeDetail{}, err
	}
	c := d.Concept
	v := views.CodeDetail{System: sys, Code: c.Code, Title: d.Title, Billable: d.Billable, Valid: d.Valid,
		Notes: d.Notes, Index: d.Index}
	if d.Chapter != nil {
		v.Path = append(v.Path, views.CodeCrumb{Code: "Chapter " + d.Chapter.Code, Title: d.Chapter.Title})
	}
	if d.Section != nil {
		v.Path = append(v.Path, views.CodeCrumb(*d.Section))
	}
	for _, a := range d.Ancestors {
		v.Path = append(v.Path, views.CodeCrumb(a))
	}
	if d.NeedsSeventh {
		v.Seventh = d.Seventh
	}
	for i, k := range d.Children {
		if i == maxChildren {
			break
		}
		v.Children = append(v.Children, views.CodeCrumb(k))
	}
	return v, nil
}

// checker runs the coding edits.
type checker struct{ cs *workstation.CodeSets }

func (k checker) Check(rec *app.Record) []views.Finding {
	fs := edits.Check(rec, k.cs.Set)
	out := make([]views.Finding, len(fs))
	for i, f := range fs {
		out[i] = views.Finding{Rule: f.Rule, Severity: string(f.Severity), Codes: f.Codes, Message: f.Message,
			Source: f.Source, Acknowledged: f.Acknowledged, Reason: f.Reason, Fixes: f.Fixes}
	}
	return out
}

// ---- PDF summary

func (w *wiring) Summary(rec *app.Record, notes []app.Note, f views.Facility) ([]byte, error) {
	s, err := w.session()
	if err != nil {
		return nil, err
	}
	sum, err := s.Summary(rec, notes, report.Options{Facility: f.Name, FacilityAddress: f.Address, IncludeNotes: true})
	return sum.PDF, err
}

func (w *wiring) Print(ctx context.Context, rec *app.Record, pdf []byte) error {
	s, err := w.session()
	if err != nil {
		return err
	}
	_, err = s.Print(ctx, workstation.Summary{RecordID: rec.ID, PDF: pdf, Notes: true}, "")
	return err
}

func (w *wiring) Save(rec *app.Record, path string, pdf []byte) error {
	s, err := w.session()
	if err != nil {
		return err
	}
	return s.Save(workstation.Summary{RecordID: rec.ID, PDF: pdf, Notes: true}, path)
}

// ---- notes

// noteReader reads note files with the workstation's reader.
type noteReader struct{ r *intake.Reader }

func (n noteReader) Read(ctx context.Context, name string, data []byte, progress func(done, total int)) (app.Note, error) {
	doc, err := n.r.Open(ctx, name, data, intake.Options{Progress: progress})
	if err != nil {
		return app.Note{}, err
	}
	defer doc.Close()
	if doc.OCRError != nil && !hasText(doc.Pages) {
		return app.Note{}, fmt.Errorf("no text could be read from %s: %w", name, doc.OCRError)
	}
	return app.Note{FileName: name, MediaType: doc.MediaType, Size: int64(len(data)), Pages: doc.Pages}, nil
}

func hasText(pages []app.Page) bool {
	for _, p := range pages {
		if p.Text != "" {
			return true
		}
	}
	return false
}

// Open opens a saved note without OCR: its text is saved with the note.
func (n noteReader) Open(ctx context.Context, name string, data []byte) (views.Document, error) {
	doc, err := n.r.Open(ctx, name, data, intake.Options{NoOCR: true})
	if err != nil {
		return nil, err
	}
	return document{doc}, nil
}

// document draws a note's pages, taking pages as US Letter (8.5 inches)
// wide to turn the width asked for into a resolution.
type document struct{ *intake.Document }

func (d document) Render(ctx context.Context, page, width int) (image.Image, error) {
	return d.RenderPage(ctx, page, max(float64(width)/8.5, 10))
}
