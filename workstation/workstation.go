// Package workstation is Codebench's application layer: what the window
// (desktop) and the command line (cli) both do, written once. It opens a
// data folder as a signed-in user (the encrypted store, its lock and the
// coding service with the edits gating Finalize), loads the code sets and
// their search index with one loader, describes a code and its
// billability in a fiscal year, reads note files with one PDF engine per
// data folder, and makes, saves and prints a record's PDF summary with
// its audit entry.
//
// The faces only translate: the window turns these values into its
// views.Deps, the command line into flags, text and JSON. A rule written in
// either face instead of here has started to drift.
package workstation

import (
	"os"
	"path/filepath"
	"sync"

	"github.com/codebench/codebench/app/intake"
	"github.com/codebench/codebench/app/terminology"
	"github.com/codebench/codebench/assets"
	"github.com/codebench/codebench/storage"
)

// Config says where the workstation's data lives and what it may read.
// Only DataDir is required.
type Config struct {
	// DataDir is the data folder: the database, keys, lock, caches and
	// the code-set pack of imported releases.
	DataDir string
	// Getenv reads the environment (CODEBENCH_CODESETS,
	// CODEBENCH_PRINTER); nil means os.Getenv.
	Getenv func(string) string
	// Pack returns the code-set pack built into the binary; nil means
	// assets.TerminologyPack. Tests hand in none or a damaged one.
	Pack func() ([]byte, error)
	// SearchIndex returns the search index built into the binary (read in
	// place); nil means assets.SearchIndex. It is used only for the pack
	// it was built from (see CodeSets.Index).
	SearchIndex func() ([]byte, error)
	// LoadCodeSets, when set, replaces the loader (tests hand in a small
	// set imported once for the whole package).
	LoadCodeSets func() (*terminology.Set, error)
	// PDFCache, when set, is where the PDF engine keeps its compiled code
	// instead of the data folder's cache (tests share one across data
	// folders, so the engine is compiled once, not once per test).
	PDFCache string
	// StoreOptions tune the store (tests lower the passphrase cost).
	StoreOptions *storage.Options
	// Store is a shared database's connection string (postgres://…) to
	// keep the records in instead of the data folder, which then holds
	// only what stays on each desk: the code sets, the search index and
	// the caches. "" is the data folder's own encrypted store.
	Store string
}

// Workstation is one data folder: the sessions opened on it, the code
// sets once loaded, and the note reader with its PDF engine.
type Workstation struct {
	cfg    Config
	reader *intake.Reader

	loadMu sync.Mutex // held while the code sets load; one load at a time
	mu     sync.Mutex // guards the fields below
	sets   *CodeSets
	open   *Session // the session signed in last, given the code sets once loaded
}

// New returns the workstation for cfg.DataDir. Nothing is read until a
// session opens or the code sets are asked for.
func New(cfg Config) *Workstation {
	if cfg.Getenv == nil {
		cfg.Getenv = os.Getenv
	}
	if cfg.Pack == nil {
		cfg.Pack = assets.TerminologyPack
	}
	if cfg.SearchIndex == nil {
		cfg.SearchIndex = assets.SearchIndex
	}
	pdfCache := cfg.PDFCache
	if pdfCache == "" && cfg.DataDir != "" {
		pdfCache = filepath.Join(cfg.DataDir, "cache", "pdfium")
	}
	return &Workstation{cfg: cfg, reader: intake.NewReader(pdfCache)}
}

// DataDir is the data folder.
func (w *Workstation) DataDir() string { return w.cfg.DataDir }

// CacheDir holds what is rebuilt when lost (the search index, the PDF
// engine's compiled code); no patient data.
func (w *Workstation) CacheDir() string { return filepath.Join(w.cfg.DataDir, "cache") }

// Notes is the note reader: text, images, TIFF and PDF with OCR. Its PDF
// engine keeps its compiled code in this data folder's cache.
func (w *Workstation) Notes() *intake.Reader { return w.reader }

// Close stops the PDF engine, if it was started.
func (w *Workstation) Close() error { return w.reader.Close() }
