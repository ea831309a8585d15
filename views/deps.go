package views

import (
	"context"
	"image"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/codeset"
)

// Deps is everything the window needs from the rest of Codebench. Every
// field is a small interface declared here, so each screen is tested with
// fakes and main wires the real services (Badger store, code sets, edits,
// intake, PDF report) through adapters.
type Deps struct {
	// DataDir is the data folder, shown in Settings and the status bar.
	DataDir string
	// Vault opens the encrypted data folder with a user's passphrase.
	Vault Vault
	// LoadCodebook loads the code sets and builds the search index. The
	// window calls it once, off the UI goroutine, showing progress in the
	// status bar. Nil means no code sets: the coding panel says so.
	LoadCodebook func(ctx context.Context, progress func(fraction float64, what string)) (*Codebook, error)
	// ImportRelease adds official code-set release files (CMS/CDC zips,
	// order files, Tabular or Index XML, the HCPCS workbook) to the code
	// sets kept in the data folder and returns what was imported, e.g.
	// "ICD-10-CM 2027". It needs a signed-in user (the import is
	// audited). An import that would remove more than a handful of codes
	// from a fiscal year fails with an error wrapping ErrReleaseShrinks
	// unless force is set; the window asks before forcing it. Nil hides
	// File → Import code-set release….
	ImportRelease func(ctx context.Context, paths []string, force bool, progress func(fraction float64, what string)) (string, error)
	// Intake reads note files (text, images, TIFF, PDF with OCR) and
	// renders their pages. Nil disables import.
	Intake Intake
	// Reporter makes the PDF summary and prints it. Nil disables printing.
	Reporter Reporter
	// Offline reports whether err means the shared database cannot be
	// reached (network, server restarting). The window then shows a
	// banner instead of an error, keeps the open record's unsaved changes
	// and saves them once the store answers again. Nil: never.
	Offline func(err error) bool
}

// Vault is the encrypted data folder before anyone has signed in.
type Vault interface {
	// HasUsers reports whether a first user was created; false on an empty
	// data folder, which shows the first-run form.
	HasUsers() (bool, error)
	// CreateUser creates the first user and opens the data folder.
	CreateUser(name, passphrase string) (Session, error)
	// Unlock opens the data folder as an existing user.
	Unlock(name, passphrase string) (Session, error)
}

// Session is the open data folder, signed in as one user. A session that
// also has a Locked() error method is told when the window locks (for the audit
// trail).
type Session interface {
	// User is the coder's name, recorded on every change.
	User() string
	// Records is the records service bound to this user.
	Records() Records
	// Verify checks the passphrase again, to leave the idle lock.
	Verify(passphrase string) error
	// Close releases the data folder.
	Close() error
}

// RecordQuery selects worklist rows.
type RecordQuery struct {
	Status app.Status // "" for every status
	Text   string     // matches MRN, patient name or account
	Oldest bool       // sort by date of service, oldest first; newest first otherwise
}

// RecordList is one worklist page with the count of every status (for the
// whole worklist, not just the rows returned).
type RecordList struct {
	Records []app.RecordSummary
	Counts  map[app.Status]int
}

// Records is the records service: every call saves at once (auto-save).
// Assigned codes are named by their assignment ID (app.Assignment.ID),
// never by their place in the sequence, which a resequence changes. The
// service checks codes against the record's fiscal year and fills in the
// title, the default role, who and when: the window never does.
type Records interface {
	List(q RecordQuery) (RecordList, error)
	Record(id string) (*app.Record, error)
	Create(r app.Record) (*app.Record, error)
	// AddNote attaches a note; original is the file's bytes kept unchanged
	// (nil for typed text).
	AddNote(recordID string, n app.Note, original []byte) (*app.Note, error)
	// Note returns a note and its original bytes.
	Note(id string) (*app.Note, []byte, error)
	// Assign puts code of sys on a record, with a HCPCS code's units of
	// service (0: not given) and the words of a note that support it (nil
	// for none); the service picks the role.
	Assign(recordID string, sys app.System, code string, units int, evidence *app.Evidence) (*app.Record, error)
	// Update changes the role, POA, procedure date, evidence or units of
	// one assigned code.
	Update(recordID, assignmentID string, c CodeChange) (*app.Record, error)
	// Move puts an assigned code at position (1 is first) in the sequence.
	Move(recordID, assignmentID string, position int) (*app.Record, error)
	Remove(recordID, assignmentID string) (*app.Record, error)
	// Replace puts code in place of an assigned code in one save, keeping
	// its place, role, POA, date and evidence (an edit's fix).
	Replace(recordID, assignmentID, code string) (*app.Record, error)
	SetStatus(recordID string, to app.Status, reason string) (*app.Record, error)
	// Acknowledge records that the coder reviewed a warning and keeps the
	// codes, with the reason.
	Acknowledge(recordID, rule string, codes []string, reason string) (*app.Record, error)
	// SuggestionDecided writes to the audit trail that the coder accepted
	// or dismissed a suggested code (record id and code, never note text).
	SuggestionDecided(recordID string, sys app.System, code string, accepted bool) error
	// OnSaved calls fn with a copy of every record after it is saved (by
	// any of the calls above), on the goroutine that saved it, until
	// cancel is called. It is the window's "record saved" event: the
	// worklist and the open record refresh from it.
	OnSaved(fn func(*app.Record)) (cancel func())
}

// CodeChange is an edit to an assigned code; nil fields stay as they are.
type CodeChange struct {
	Role          *app.Role
	POA           *app.POA
	ProcedureDate *time.Time // the zero time clears it
	Evidence      *app.Evidence
	Units         *int // a HCPCS code's units of service; 0 clears
}

// Codebook is the loaded code sets: search, detail and the edits.
type Codebook struct {
	Terms Terms
	Edits Checker // nil when the edits are not available
	// Suggest reads a note and suggests codes; nil hides nothing but
	// says in the Suggested panel that suggestions are not available.
	Suggest Suggester
	About   string // e.g. "ICD-10-CM FY2016–FY2026, ICD-10-PCS …", shown in the status bar
	// Missing says which years and parts of the official releases the
	// code sets lack and how to import them; "" when none. It is shown in
	// Help → About Codebench, and the status bar points there.
	Missing string
	// Guidelines are the Official Guidelines editions; nil when the code
	// sets hold none.
	Guidelines Guidelines
}

// CodeQuery is one terminology search.
type CodeQuery struct {
	Text         string
	System       app.System // "" for every system
	Year         int        // fiscal year the codes must be valid in
	BillableOnly bool
	Limit        int
}

// CodeHit is one search result.
type CodeHit struct {
	System   app.System
	Code     string // canonical
	Title    string
	Billable bool
	Why      string // why it matched, e.g. "index: Infarct, myocardium"
}

// CodeCrumb is one level of a code's hierarchy.
type CodeCrumb struct {
	Code  string // chapter number, section range or code
	Title string
}

// CodeDetail is what the detail pane shows for one code in one year.
type CodeDetail struct {
	System   app.System
	Code     string
	Title    string
	Billable bool
	Valid    bool           // valid in the year asked for
	Path     []CodeCrumb    // chapter, section, ancestors; top first, excluding the code
	Notes    []codeset.Note // this level and inherited, with their source year
	Index    []codeset.IndexRef
	Seventh  []codeset.SevenChr // 7th characters that apply, if any
	Children []CodeCrumb
}

// Terms searches and describes codes.
type Terms interface {
	Search(q CodeQuery) []CodeHit
	Detail(sys app.System, code string, year int) (CodeDetail, error)
}

// Finding is one result of the coding edits.
type Finding struct {
	Rule     string // e.g. "excludes1"
	Severity string // "error", "warning" or "info"
	Codes    []string
	Message  string
	Source   string // guideline or table cited, e.g. "ICD-10-CM Tabular FY2023, I21"
	// Acknowledged is set by checkers that match the record's
	// acknowledgements themselves; Reason is the coder's reason.
	Acknowledged bool
	Reason       string
	// Fixes are codes that would correct it, if known; the coder picks
	// one and it replaces the first of Codes (the code flagged).
	Fixes []string
}

// Severities of findings.
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
	SeverityInfo    = "info"
)

// Checker runs the coding edits on a record.
type Checker interface {
	Check(rec *app.Record) []Finding
}

// Intake reads note files and opens them for viewing.
type Intake interface {
	// Read turns a file into a note with the text of every page (OCR for
	// scans), reporting progress per page; ctx cancels it.
	Read(ctx context.Context, name string, data []byte, progress func(done, total int)) (app.Note, error)
	// Open opens a saved note's original file (or a PDF summary) to draw
	// its pages, without OCR. The caller closes it.
	Open(ctx context.Context, name string, data []byte) (Document, error)
}

// Document is an open note file. It is safe to use from several
// goroutines.
type Document interface {
	PageCount() int
	// Render draws page n (1-based) about width pixels wide.
	Render(ctx context.Context, page, width int) (image.Image, error)
	// PageText is the text layer of page n (typed, PDF text or OCR).
	PageText(page int) string
	Close() error
}

// Facility heads the PDF summary.
type Facility struct {
	Name    string
	Address string
}

// Reporter makes the record summary PDF and prints it.
type Reporter interface {
	Summary(rec *app.Record, notes []app.Note, f Facility) ([]byte, error)
	// Print sends rec's summary to the printer and writes the print to the
	// audit trail.
	Print(ctx context.Context, rec *app.Record, pdf []byte) error
	// Save writes rec's summary to path, replacing it only once the whole
	// file is written, and writes the export to the audit trail.
	Save(rec *app.Record, path string, pdf []byte) error
}
