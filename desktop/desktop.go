// Package desktop wires the window (views) to the real components: the
// encrypted Badger store, the coding service, the code sets with their
// search index, the coding edits, the note reader (with OCR) and the PDF
// report. Only main imports it; views sees none of these types, only its
// own small interfaces.
package desktop

import (
	"sync"

	"github.com/codebench/codebench/app/coding"
	"github.com/codebench/codebench/app/coding/edits"
	"github.com/codebench/codebench/app/intake"
	"github.com/codebench/codebench/app/terminology"
	"github.com/codebench/codebench/assets"
	"github.com/codebench/codebench/views"
)

// wiring is what the adapters share: the data folder, the code sets once
// loaded, and the signed-in session's service.
type wiring struct {
	dataDir string
	// pack returns the code-set pack built into the binary;
	// assets.TerminologyPack, replaced in tests.
	pack func() ([]byte, error)
	// warm compiles the PDF engine in the background; intake.Warm,
	// replaced in tests that remove the data folder when they end.
	warm func(cacheDir string)

	mu  sync.Mutex
	set *terminology.Set
	svc *coding.Service
}

// NewDeps returns the window's dependencies over the real components for
// the data folder dir.
func NewDeps(dir string) views.Deps { return newWiring(dir).deps() }

func newWiring(dir string) *wiring {
	return &wiring{dataDir: dir, pack: assets.TerminologyPack, warm: intake.Warm}
}

func (w *wiring) deps() views.Deps {
	dir := w.dataDir
	return views.Deps{
		DataDir:       dir,
		Vault:         &vault{w: w},
		LoadCodebook:  w.loadCodebook,
		ImportRelease: w.importRelease,
		Intake:        newIntake(w.cacheDir()),
		Reporter:      &reporter{w: w},
	}
}

func (w *wiring) codeSet() *terminology.Set {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.set
}

// setCodeSet records the loaded code sets and hands them to the open
// session's service, if any.
func (w *wiring) setCodeSet(s *terminology.Set) {
	w.mu.Lock()
	w.set = s
	svc := w.svc
	w.mu.Unlock()
	if svc != nil {
		svc.SetTerms(s)
	}
}

// newService builds the coding service for a newly opened store; it
// checks codes with the code sets once they are loaded and runs the edits
// before finalizing.
func (w *wiring) newService(st coding.Store) *coding.Service {
	var svc *coding.Service
	if set := w.codeSet(); set != nil {
		svc = coding.New(st, set)
	} else {
		svc = coding.New(st, nil)
	}
	svc.FinalizeCheck = func(r *appRecord) error {
		set := w.codeSet()
		if set == nil {
			return errNoCodeSets
		}
		return edits.Gate(set)(r)
	}
	w.mu.Lock()
	w.svc = svc
	w.mu.Unlock()
	return svc
}

func (w *wiring) service() *coding.Service {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.svc
}
