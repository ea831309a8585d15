// Package coding holds Codebench's use cases: create a record, add notes,
// assign, sequence and update codes checked against the code set of the
// date of service, move the record through the workflow and finalize it
// after the edits. The window and the command line both call the same
// Service; persistence and the code sets come in through small interfaces
// (Store, Terms) so the package needs neither Badger nor the terminology
// loader.
package coding

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/codeset"
)

// Store is the persistence the service needs; *storage.Store provides
// it. Each Save call writes the change and its audit events together.
type Store interface {
	User() string
	NextID(kind string) (string, error)
	Record(id string) (*app.Record, error)
	SaveRecord(rec *app.Record, events ...app.AuditEvent) error
	SaveNote(rec *app.Record, n *app.Note, original []byte, events ...app.AuditEvent) error
	Note(id string) (*app.Note, error)
	NoteOriginal(id string) ([]byte, error)
	List(f app.ListFilter) (app.Worklist, error)
	Audit(events ...app.AuditEvent) error
	AuditLog(recordID string) ([]app.AuditEntry, error)
}

// Terms is what assigning a code needs from the code sets;
// *codeset.Set provides it.
type Terms interface {
	Lookup(sys app.System, code string) *codeset.Concept
}

// yearLister is the optional part of Terms that says which fiscal years
// are loaded, so a date past the newest release is checked against it.
type yearLister interface {
	FiscalYears(sys app.System) []int
}

// Service is the coding workflow over one store. It is safe for
// concurrent use; changes to records are serialised.
type Service struct {
	store Store

	// FinalizeCheck runs the coding edits before a record becomes final;
	// an error blocks it and is shown to the coder. The workstation package
	// sets it to the edits over the loaded code sets for both faces; nil
	// runs only the built-in checks.
	FinalizeCheck func(*app.Record) error

	// Now is the clock; tests set it.
	Now func() time.Time

	mu sync.Mutex // serialises read-modify-write of records

	termsMu sync.RWMutex
	termSet Terms

	lmu       sync.Mutex
	listeners map[int]func(*app.Record)
	nextL     int
}

// New returns a service over store, checking codes with terms (which may
// be nil until the code sets are loaded; assigning then fails with a
// message saying so).
func New(store Store, terms Terms) *Service {
	return &Service{store: store, termSet: terms, Now: func() time.Time { return time.Now().UTC() }, listeners: map[int]func(*app.Record){}}
}

// SetTerms swaps in the code sets once they are loaded.
// It may be called at any time, also from a FinalizeCheck.
func (s *Service) SetTerms(t Terms) {
	s.termsMu.Lock()
	s.termSet = t
	s.termsMu.Unlock()
}

func (s *Service) terms() Terms {
	s.termsMu.RLock()
	defer s.termsMu.RUnlock()
	return s.termSet
}

// User is who the changes are attributed to.
func (s *Service) User() string { return s.store.User() }

// OnSaved registers fn to be called, outside any lock, with a copy of
// each record after it is saved (the window's "record saved" event). The
// returned func unregisters it.
func (s *Service) OnSaved(fn func(*app.Record)) (cancel func()) {
	s.lmu.Lock()
	defer s.lmu.Unlock()
	id := s.nextL
	s.nextL++
	s.listeners[id] = fn
	return func() {
		s.lmu.Lock()
		delete(s.listeners, id)
		s.lmu.Unlock()
	}
}

func (s *Service) notify(r *app.Record) {
	s.lmu.Lock()
	fns := make([]func(*app.Record), 0, len(s.listeners))
	for _, fn := range s.listeners {
		fns = append(fns, fn)
	}
	s.lmu.Unlock()
	for _, fn := range fns {
		c := *r
		fn(&c)
	}
}

// CreateRecord saves a new record in "to code".
func (s *Service) CreateRecord(p app.Patient, e app.Encounter) (*app.Record, error) {
	return s.create(p, e, false)
}

// CreateDemo saves the made-up demo record, marked Demo so the worklist,
// the workspace and printouts label it, in one save.
func (s *Service) CreateDemo(p app.Patient, e app.Encounter) (*app.Record, error) {
	return s.create(p, e, true)
}

func (s *Service) create(p app.Patient, e app.Encounter, demo bool) (*app.Record, error) {
	now := s.Now()
	r := &app.Record{Patient: p, Encounter: e, Status: app.ToCode, Demo: demo, CreatedBy: s.User(), CreatedAt: now, UpdatedAt: now}
	normalise(r)
	if err := r.Validate(); err != nil {
		return nil, err
	}
	id, err := s.store.NextID("R")
	if err != nil {
		return nil, err
	}
	r.ID = id
	detail := fmt.Sprintf("%s, FY%d", r.Encounter.Type, r.Year())
	if demo {
		detail += ", demo"
	}
	if err := s.store.SaveRecord(r, app.AuditEvent{Action: app.AuditRecordCreated, RecordID: id, Detail: detail}); err != nil {
		return nil, err
	}
	s.notify(r)
	return r, nil
}

func normalise(r *app.Record) {
	r.Patient.MRN = strings.TrimSpace(r.Patient.MRN)
	r.Patient.Name = strings.TrimSpace(r.Patient.Name)
	r.Encounter.Account = strings.TrimSpace(r.Encounter.Account)
	r.Encounter.Provider = strings.TrimSpace(r.Encounter.Provider)
	r.Encounter.Facility = strings.TrimSpace(r.Encounter.Facility)
	if r.Encounter.Type != app.Inpatient {
		r.Encounter.Discharge = time.Time{}
	}
}

// UpdateDetails changes the patient and encounter of a record. Codes keep
// the fiscal year they were checked against; if the coding date moves to
// another fiscal year, Finalize asks for them to be checked again.
func (s *Service) UpdateDetails(id string, p app.Patient, e app.Encounter) (*app.Record, error) {
	return s.change(id, func(r *app.Record) (app.AuditEvent, error) {
		r.Patient, r.Encounter = p, e
		normalise(r)
		if err := r.Validate(); err != nil {
			return app.AuditEvent{}, err
		}
		return app.AuditEvent{Action: app.AuditRecordUpdated, Detail: fmt.Sprintf("%s, FY%d", r.Encounter.Type, r.Year())}, nil
	})
}

// Record loads one record.
func (s *Service) Record(id string) (*app.Record, error) { return s.store.Record(id) }

// List answers the worklist.
func (s *Service) List(f app.ListFilter) (app.Worklist, error) { return s.store.List(f) }

// Note loads a note with its pages and text.
func (s *Service) Note(id string) (*app.Note, error) { return s.store.Note(id) }

// NoteOriginal returns a note's original file byte for byte.
func (s *Service) NoteOriginal(id string) ([]byte, error) { return s.store.NoteOriginal(id) }

// AuditLog returns the audit entries about a record, or all with "".
func (s *Service) AuditLog(recordID string) ([]app.AuditEntry, error) {
	return s.store.AuditLog(recordID)
}

// Log records an event that changes no record: printed, exported, lock,
// unlock. Detail must not hold patient details.
func (s *Service) Log(action app.AuditAction, recordID, detail string) error {
	return s.store.Audit(app.AuditEvent{Action: action, RecordID: recordID, Detail: detail})
}

// change loads a record, refuses if it is final, applies fn and saves the
// record with fn's audit event.
func (s *Service) change(id string, fn func(r *app.Record) (app.AuditEvent, error)) (*app.Record, error) {
	return s.changeOpt(id, false, fn)
}

func (s *Service) changeOpt(id string, allowFinal bool, fn func(r *app.Record) (app.AuditEvent, error)) (*app.Record, error) {
	s.mu.Lock()
	r, err := s.store.Record(id)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	if r.ReadOnly() && !allowFinal {
		s.mu.Unlock()
		return nil, fmt.Errorf("record %s: %w", id, app.ErrReadOnly)
	}
	ev, err := fn(r)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	r.UpdatedAt = s.Now()
	ev.RecordID = r.ID
	err = s.store.SaveRecord(r, ev)
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	s.notify(r)
	return r, nil
}

// NoteInput is a note to add: its pages and text, and the original file.
type NoteInput struct {
	FileName  string // "" for typed text
	MediaType string
	Pages     []app.Page
	Original  []byte // the file byte for byte; for typed text, the text
}

// AddNote attaches a note to a record and keeps its original.
func (s *Service) AddNote(recordID string, in NoteInput) (*app.Note, error) {
	if len(in.Pages) == 0 {
		return nil, fmt.Errorf("%w: the note has no pages", app.ErrIncomplete)
	}
	if in.MediaType == "" {
		in.MediaType = "text/plain"
	}
	s.mu.Lock()
	r, err := s.store.Record(recordID)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	if r.ReadOnly() {
		s.mu.Unlock()
		return nil, fmt.Errorf("record %s: %w", recordID, app.ErrReadOnly)
	}
	id, err := s.store.NextID("N")
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	sum := sha256.Sum256(in.Original)
	now := s.Now()
	n := &app.Note{ID: id, RecordID: r.ID, FileName: in.FileName, MediaType: in.MediaType, Size: int64(len(in.Original)),
		SHA256: hex.EncodeToString(sum[:]), Pages: in.Pages, AddedBy: s.User(), AddedAt: now}
	for i := range n.Pages {
		n.Pages[i].Number = i + 1
	}
	r.NoteIDs = append(r.NoteIDs, id)
	r.UpdatedAt = now
	err = s.store.SaveNote(r, n, in.Original, app.AuditEvent{Action: app.AuditNoteAdded, RecordID: r.ID,
		Detail: fmt.Sprintf("%s %s, %d page(s), %d bytes", id, n.MediaType, len(n.Pages), n.Size)})
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	s.notify(r)
	return n, nil
}

// Acknowledge records that the coder reviewed a warning and keeps the codes.
func (s *Service) Acknowledge(recordID, rule string, codes []string, reason string) (*app.Record, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, fmt.Errorf("%w: say why the warning is acknowledged", app.ErrIncomplete)
	}
	if strings.TrimSpace(rule) == "" {
		return nil, fmt.Errorf("%w: name the rule acknowledged", app.ErrIncomplete)
	}
	return s.change(recordID, func(r *app.Record) (app.AuditEvent, error) {
		cs := make([]string, len(codes))
		for i, c := range codes {
			cs[i] = codeset.Canonical(c)
		}
		a := app.Acknowledgement{Rule: rule, Codes: cs, Reason: reason, By: s.User(), At: s.Now()}
		replaced := false
		for i, old := range r.Acknowledgements {
			if old.Rule == rule && sameCodes(old.Codes, cs) {
				r.Acknowledgements[i] = a
				replaced = true
			}
		}
		if !replaced {
			r.Acknowledgements = append(r.Acknowledgements, a)
		}
		return app.AuditEvent{Action: app.AuditWarningAcknowledged, Detail: rule + " " + strings.Join(cs, " ")}, nil
	})
}

func sameCodes(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, c := range a {
		seen[c]++
	}
	for _, c := range b {
		seen[c]--
		if seen[c] < 0 {
			return false
		}
	}
	return true
}

// SetStatus moves a record through the workflow. Finalizing runs the
// built-in checks and FinalizeCheck first; reopening a final record and
// putting one on hold need a reason (the query text).
func (s *Service) SetStatus(id string, to app.Status, reason string) (*app.Record, error) {
	return s.changeOpt(id, to == app.InProgress, func(r *app.Record) (app.AuditEvent, error) {
		from := r.Status
		if from == to {
			return app.AuditEvent{}, fmt.Errorf("record %s is already %s", r.ID, to.Label())
		}
		if r.ReadOnly() && to != app.InProgress {
			return app.AuditEvent{}, fmt.Errorf("record %s: %w", r.ID, app.ErrReadOnly)
		}
		if to == app.Coded && len(r.Assignments) == 0 {
			return app.AuditEvent{}, fmt.Errorf("%w: assign at least one code first", ErrNotCoded)
		}
		if to == app.Final {
			if err := s.finalizeChecks(r); err != nil {
				return app.AuditEvent{}, err
			}
		}
		if err := r.Transition(to, reason, s.User(), s.Now()); err != nil {
			return app.AuditEvent{}, err
		}
		return app.AuditEvent{Action: app.AuditStatusChanged, Detail: string(from) + " -> " + string(to)}, nil
	})
}

// Errors of the workflow's gates; the message says what to do.
var (
	// ErrNotCoded means the record has no codes, so it cannot be marked coded.
	ErrNotCoded = errors.New("record cannot be marked coded")
	// ErrNotReady means the record cannot be finalized yet.
	ErrNotReady = errors.New("record cannot be finalized")
)

func (s *Service) finalizeChecks(r *app.Record) error {
	if len(r.Assignments) == 0 {
		return fmt.Errorf("%w: assign at least one code", ErrNotReady)
	}
	for _, a := range r.Assignments {
		if want := s.checkYear(r, a.System); a.Year != want {
			return fmt.Errorf("%w: %s was checked against FY%d but the record is now coded in FY%d: remove it and assign it again",
				ErrNotReady, codeset.Display(a.System, a.Code), a.Year, want)
		}
	}
	if s.FinalizeCheck != nil {
		if err := s.FinalizeCheck(r); err != nil {
			return fmt.Errorf("%w: %w", ErrNotReady, err)
		}
	}
	return nil
}
