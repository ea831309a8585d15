package views

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/codeset"
	"github.com/codebench/codebench/app/terminology"
)

// syncRunner runs background work at once on the test goroutine, so tests
// see the result when the call returns and the race detector stays quiet.
// With manual set, work waits in pending until the test runs it.
type syncRunner struct {
	manual  bool
	pending []func()
}

func (r *syncRunner) Go(work, done func()) { r.add(work, done) }

func (r *syncRunner) Serial(work, done func()) { r.add(work, done) }

func (r *syncRunner) add(work, done func()) {
	j := func() {
		work()
		if done != nil {
			done()
		}
	}
	if r.manual {
		r.pending = append(r.pending, j)
		return
	}
	j()
}

// ---- vault and session

type fakeVault struct {
	users map[string]string
	recs  *fakeRecords
	// share, when set, makes sessions Sharing (leases and a change feed).
	share *fakeSharing
}

func (v *fakeVault) session(name string) Session {
	s := &fakeSession{user: name, v: v}
	if v.share != nil {
		return sharingSession{s, v.share}
	}
	return s
}

func newFakeVault() *fakeVault { return &fakeVault{users: map[string]string{}, recs: newFakeRecords()} }

func (v *fakeVault) HasUsers() (bool, error) { return len(v.users) > 0, nil }

func (v *fakeVault) CreateUser(name, pass string) (Session, error) {
	if len(v.users) > 0 {
		return nil, errors.New("already exists")
	}
	v.users[name] = pass
	v.recs.user = name
	return v.session(name), nil
}

func (v *fakeVault) Unlock(name, pass string) (Session, error) {
	p, ok := v.users[name]
	if !ok {
		return nil, errors.New("no such user")
	}
	if p != pass {
		return nil, errors.New("wrong passphrase")
	}
	v.recs.user = name
	return v.session(name), nil
}

type fakeSession struct {
	user   string
	v      *fakeVault
	closed bool
	locked bool
}

func (s *fakeSession) Locked() error { s.locked = true; return nil }

func (s *fakeSession) User() string     { return s.user }
func (s *fakeSession) Records() Records { return s.v.recs }
func (s *fakeSession) Close() error     { s.closed = true; return nil }
func (s *fakeSession) Verify(p string) error {
	if s.v.users[s.user] != p {
		return errors.New("wrong passphrase")
	}
	return nil
}

// ---- records: an in-memory service with the real service's rules

type fakeRecords struct {
	mu     sync.Mutex
	recs   map[string]*app.Record
	notes  map[string]*app.Note
	origs  map[string][]byte
	n      int
	calls  []string
	failOn string // method name that fails
	// failWith, when set, is the error failOn fails with.
	failWith error
	user     string // who changes are attributed to
	saved    map[int]func(*app.Record)
	nextL    int

	decisions []decision // suggestions accepted or dismissed, as audited
}

func newFakeRecords() *fakeRecords {
	return &fakeRecords{recs: map[string]*app.Record{}, notes: map[string]*app.Note{}, origs: map[string][]byte{},
		user: "tester", saved: map[int]func(*app.Record){}}
}

func (f *fakeRecords) OnSaved(fn func(*app.Record)) func() {
	id := f.nextL
	f.nextL++
	f.saved[id] = fn
	return func() { delete(f.saved, id) }
}

// notify tells the listeners, as the service does after a save.
func (f *fakeRecords) notify(r *app.Record) {
	for _, fn := range f.saved {
		fn(copyRec(r))
	}
}

func (f *fakeRecords) call(name string) error {
	f.calls = append(f.calls, name)
	if f.failWith != nil && f.failOn == name {
		return f.failWith
	}
	if f.failOn == name {
		return fmt.Errorf("%s failed: disk full? free space and retry", name)
	}
	return nil
}

func (f *fakeRecords) get(id string) (*app.Record, error) {
	r, ok := f.recs[id]
	if !ok {
		return nil, app.ErrNotFound
	}
	return r, nil
}

func copyRec(r *app.Record) *app.Record { return cloneRecord(r) }

func (f *fakeRecords) List(q RecordQuery) (RecordList, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := RecordList{Counts: map[app.Status]int{}}
	text := strings.ToLower(q.Text)
	for _, r := range f.recs {
		if text != "" && !strings.Contains(strings.ToLower(r.Patient.MRN+" "+r.Patient.Name+" "+r.Encounter.Account), text) {
			continue
		}
		out.Counts[r.Status]++
		if q.Status != "" && r.Status != q.Status {
			continue
		}
		out.Records = append(out.Records, r.Summary())
	}
	sort.Slice(out.Records, func(i, j int) bool {
		a, b := out.Records[i].Service, out.Records[j].Service
		if q.Oldest {
			return a.Before(b)
		}
		return a.After(b)
	})
	return out, nil
}

func (f *fakeRecords) Record(id string) (*app.Record, error) {
	r, err := f.get(id)
	if err != nil {
		return nil, err
	}
	return copyRec(r), nil
}

func (f *fakeRecords) Create(r app.Record) (*app.Record, error) {
	if err := f.call("Create"); err != nil {
		return nil, err
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	f.n++
	r.ID = fmt.Sprintf("R%06d", f.n)
	if r.Status == "" {
		r.Status = app.ToCode
	}
	f.recs[r.ID] = copyRec(&r)
	f.notify(&r)
	return copyRec(&r), nil
}

func (f *fakeRecords) AddNote(id string, n app.Note, orig []byte) (*app.Note, error) {
	if err := f.call("AddNote"); err != nil {
		return nil, err
	}
	r, err := f.get(id)
	if err != nil {
		return nil, err
	}
	f.n++
	n.ID = fmt.Sprintf("N%06d", f.n)
	n.RecordID = id
	f.notes[n.ID] = &n
	f.origs[n.ID] = orig
	r.NoteIDs = append(r.NoteIDs, n.ID)
	f.notify(r)
	c := n
	return &c, nil
}

func (f *fakeRecords) Note(id string) (*app.Note, []byte, error) {
	n, ok := f.notes[id]
	if !ok {
		return nil, nil, app.ErrNotFound
	}
	c := *n
	return &c, f.origs[id], nil
}

func (f *fakeRecords) change(name, id string, fn func(r *app.Record) error) (*app.Record, error) {
	if err := f.call(name); err != nil {
		return nil, err
	}
	r, err := f.get(id)
	if err != nil {
		return nil, err
	}
	c := copyRec(r)
	if c.ReadOnly() && name != "SetStatus" {
		return nil, app.ErrReadOnly
	}
	if err := fn(c); err != nil {
		return nil, err
	}
	c.UpdatedAt = time.Now()
	f.recs[id] = c
	f.notify(c)
	return copyRec(c), nil
}

func fakeTitle(sys app.System, code string) string {
	for _, c := range fakeCodes {
		if c.sys == sys && c.code == code {
			return c.title
		}
	}
	return ""
}

func (f *fakeRecords) Assign(id string, sys app.System, code string, units int, ev *app.Evidence) (*app.Record, error) {
	return f.change("Assign", id, func(r *app.Record) error {
		code := terminology.Canonical(code)
		for _, b := range r.Assignments {
			if b.Code == code && b.System == sys {
				return fmt.Errorf("%s is already on the record", code)
			}
		}
		r.Assignments = append(r.Assignments, app.Assignment{ID: r.NewAssignmentID(), System: sys, Code: code, Units: units, Year: r.Year(),
			Title: fakeTitle(sys, code), Role: app.DefaultRole(r, sys), Evidence: ev, AssignedBy: f.user, AssignedAt: time.Now()})
		if r.Status == app.ToCode {
			return r.Transition(app.InProgress, "", f.user, time.Now())
		}
		return nil
	})
}

func (f *fakeRecords) Update(id, aid string, c CodeChange) (*app.Record, error) {
	return f.change("Update", id, func(r *app.Record) error {
		i, err := r.AssignmentIndex(aid)
		if err != nil {
			return err
		}
		a := &r.Assignments[i]
		if c.Role != nil {
			a.Role = *c.Role
		}
		if c.POA != nil {
			a.POA = *c.POA
		}
		if c.ProcedureDate != nil {
			a.ProcedureDate = *c.ProcedureDate
		}
		if c.Evidence != nil {
			a.Evidence = c.Evidence
		}
		if c.Units != nil {
			a.Units = *c.Units
		}
		return nil
	})
}

func (f *fakeRecords) Move(id, aid string, pos int) (*app.Record, error) {
	return f.change("Move", id, func(r *app.Record) error {
		from, err := r.AssignmentIndex(aid)
		if err != nil {
			return err
		}
		if pos < 1 || pos > len(r.Assignments) {
			return fmt.Errorf("position %d: the record has %d codes", pos, len(r.Assignments))
		}
		a := r.Assignments[from]
		rest := append(append([]app.Assignment{}, r.Assignments[:from]...), r.Assignments[from+1:]...)
		r.Assignments = append(append(append([]app.Assignment{}, rest[:pos-1]...), a), rest[pos-1:]...)
		return nil
	})
}

func (f *fakeRecords) Remove(id, aid string) (*app.Record, error) {
	return f.change("Remove", id, func(r *app.Record) error {
		i, err := r.AssignmentIndex(aid)
		if err != nil {
			return err
		}
		r.Assignments = append(r.Assignments[:i], r.Assignments[i+1:]...)
		return nil
	})
}

func (f *fakeRecords) Replace(id, aid, code string) (*app.Record, error) {
	return f.change("Replace", id, func(r *app.Record) error {
		i, err := r.AssignmentIndex(aid)
		if err != nil {
			return err
		}
		a := r.Assignments[i]
		code = terminology.Canonical(code)
		if fakeTitle(a.System, code) == "" {
			return fmt.Errorf("%w: %s", app.ErrInvalidCode, code)
		}
		a.ID, a.Code, a.Title = r.NewAssignmentID(), code, fakeTitle(a.System, code)
		a.AssignedBy, a.AssignedAt = f.user, time.Now()
		r.Assignments[i] = a
		return nil
	})
}

func (f *fakeRecords) SetStatus(id string, to app.Status, reason string) (*app.Record, error) {
	return f.change("SetStatus", id, func(r *app.Record) error {
		if r.Status == to {
			return fmt.Errorf("already %s", to.Label())
		}
		if to == app.Coded && len(r.Assignments) == 0 {
			return errNoCodes
		}
		return r.Transition(to, reason, f.user, time.Now())
	})
}

func (f *fakeRecords) Acknowledge(id, rule string, codes []string, reason string) (*app.Record, error) {
	return f.change("Acknowledge", id, func(r *app.Record) error {
		r.Acknowledgements = append(r.Acknowledgements, app.Acknowledgement{Rule: rule, Codes: codes, Reason: reason, By: f.user, At: time.Now()})
		return nil
	})
}

// errNoCodes is the service's refusal to mark a record coded without codes.
var errNoCodes = errors.New("record cannot be marked coded: assign at least one code first")

// ---- code sets

type fakeCode struct {
	sys      app.System
	code     string
	title    string
	billable bool
	parent   string
	seventh  []terminology.SevenChr
	notes    []terminology.Note
}

var fakeCodes = []fakeCode{
	{sys: app.ICD10CM, code: "J189", title: "Pneumonia, unspecified organism", billable: true, parent: "J18"},
	{sys: app.ICD10CM, code: "J18", title: "Pneumonia, unspecified organism", parent: ""},
	{sys: app.ICD10CM, code: "E1122", title: "Type 2 diabetes mellitus with diabetic chronic kidney disease", billable: true, parent: "E112",
		notes: []terminology.Note{{Kind: terminology.UseAdditionalCode, Texts: []string{"code to identify stage of chronic kidney disease (N18.1-N18.6)"}, Year: 2023}}},
	{sys: app.ICD10CM, code: "E1165", title: "Type 2 diabetes mellitus with hyperglycemia", billable: true, parent: "E116"},
	{sys: app.ICD10CM, code: "N1831", title: "Chronic kidney disease, stage 3a", billable: true, parent: "N183"},
	{sys: app.ICD10CM, code: "Z794", title: "Long term (current) use of insulin", billable: true, parent: "Z79"},
	{sys: app.ICD10CM, code: "S72001", title: "Fracture of unspecified part of neck of right femur", parent: "S7200",
		seventh: []terminology.SevenChr{{Char: "A", Title: "initial encounter for closed fracture"}, {Char: "D", Title: "subsequent encounter for closed fracture with routine healing"}}},
	{sys: app.ICD10CM, code: "S6290", title: "Unspecified fracture of unspecified wrist and hand", parent: "S629",
		seventh: []terminology.SevenChr{{Char: "A", Title: "initial encounter for closed fracture"}}},
	{sys: app.HCPCS, code: "E0114", title: "Crutches underarm other than wood adjustable or fixed, pair", billable: true},
}

type fakeTerms struct {
	mu       sync.Mutex
	searches []CodeQuery
}

func (t *fakeTerms) Search(q CodeQuery) []CodeHit {
	t.mu.Lock()
	t.searches = append(t.searches, q)
	t.mu.Unlock()
	var out []CodeHit
	words := strings.Fields(strings.ToLower(q.Text))
	for _, c := range fakeCodes {
		if q.System != "" && c.sys != q.System || q.BillableOnly && !c.billable {
			continue
		}
		hay := strings.ToLower(c.code + " " + terminology.Display(c.sys, c.code) + " " + c.title)
		ok := len(words) > 0
		for _, w := range words {
			if !strings.Contains(hay, w) {
				ok = false
			}
		}
		if ok {
			out = append(out, CodeHit{System: c.sys, Code: c.code, Title: c.title, Billable: c.billable, Why: "title: " + strings.Join(words, ", ")})
		}
	}
	return out
}

func (t *fakeTerms) Detail(sys app.System, code string, year int) (CodeDetail, error) {
	for _, c := range fakeCodes {
		if c.sys == sys && c.code == code {
			d := CodeDetail{System: sys, Code: code, Title: c.title, Billable: c.billable, Valid: true,
				Notes: c.notes, Seventh: c.seventh,
				Path: []CodeCrumb{{Code: "Chapter 10", Title: "Diseases of the respiratory system"}}}
			if c.parent != "" {
				d.Path = append(d.Path, CodeCrumb{Code: terminology.Display(sys, c.parent), Title: "parent"})
			}
			for _, k := range fakeCodes {
				if k.sys == sys && k.parent == code {
					d.Children = append(d.Children, CodeCrumb{Code: k.code, Title: k.title})
				}
			}
			return d, nil
		}
	}
	for _, c := range fakeCodes {
		if c.sys == sys && len(code) == 7 && strings.HasPrefix(fillSeventh(c.code, ""), code[:6]) {
			return CodeDetail{System: sys, Code: code, Title: c.title, Billable: true, Valid: true}, nil
		}
	}
	return CodeDetail{}, fmt.Errorf("%s: %w", code, app.ErrNotFound)
}

// fakeChecker warns when E11.22 has no CKD stage or is coded with E10.9
// (Excludes1), and errs on a header code.
type fakeChecker struct{}

func (fakeChecker) Check(r *app.Record) []Finding {
	var fs []Finding
	has := map[string]bool{}
	for _, a := range r.Assignments {
		has[a.Code] = true
	}
	if has["E1122"] && !has["N1831"] {
		fs = append(fs, Finding{Rule: "useAdditionalCode", Severity: SeverityWarning, Codes: []string{"E1122"},
			Message: "Use an additional code for the stage of chronic kidney disease.", Source: "ICD-10-CM Tabular FY2023, E11.2"})
	}
	if has["E109"] && has["E1122"] {
		// Type 2 on insulin is E11 with Z79.4, never E10 (guideline I.C.4.a.3).
		fs = append(fs, Finding{Rule: "excludes1", Severity: SeverityWarning, Codes: []string{"E10.9", "E11.22"},
			Message: "E10.9 and E11.22 are coded together, but an Excludes1 note separates them.", Source: "ICD-10-CM Tabular FY2026, E11",
			Fixes: []string{"Z79.4"}})
	}
	if has["J18"] {
		fs = append(fs, Finding{Rule: "header", Severity: SeverityError, Codes: []string{"J18"},
			Message: "J18 is a category, not a billable code.", Source: "ICD-10-CM Official Guidelines §I.A.3 (only codes, not categories), §I.B.2", Fixes: []string{"J18.9"}})
	}
	return fs
}

// ---- intake and report

// fakeIntake counts renders and open documents (opened minus closed).
type fakeIntake struct {
	mu            sync.Mutex
	renders, open int
}

func (in *fakeIntake) Read(ctx context.Context, name string, data []byte, progress func(int, int)) (app.Note, error) {
	if strings.HasSuffix(name, ".bad") {
		return app.Note{}, errors.New("not a supported file")
	}
	texts := strings.Split(string(data), "\f")
	n := app.Note{FileName: name, MediaType: "text/plain", Size: int64(len(data))}
	if strings.HasSuffix(name, ".pdf") {
		n.MediaType = "application/pdf"
	}
	for i, t := range texts {
		if err := ctx.Err(); err != nil {
			return app.Note{}, err
		}
		n.Pages = append(n.Pages, app.Page{Number: i + 1, Text: t, Source: app.SourceOCR, Confidence: 91})
		progress(i+1, len(texts))
	}
	return n, nil
}

func (in *fakeIntake) Open(ctx context.Context, name string, data []byte) (Document, error) {
	in.mu.Lock()
	in.open++
	in.mu.Unlock()
	return &fakeDoc{in: in, pages: strings.Split(string(data), "\f")}, nil
}

func (in *fakeIntake) openDocs() int {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.open
}

type fakeDoc struct {
	in     *fakeIntake
	pages  []string
	closed bool
}

func (d *fakeDoc) PageCount() int { return len(d.pages) }

func (d *fakeDoc) PageText(page int) string { return d.pages[page-1] }

func (d *fakeDoc) Render(ctx context.Context, page, width int) (image.Image, error) {
	if d.closed {
		return nil, errors.New("render after Close")
	}
	d.in.mu.Lock()
	d.in.renders++
	d.in.mu.Unlock()
	img := image.NewRGBA(image.Rect(0, 0, width, width*11/8))
	for x := 0; x < width; x++ {
		img.Set(x, page, color.Black)
	}
	return img, nil
}

func (d *fakeDoc) Close() error {
	if !d.closed {
		d.closed = true
		d.in.mu.Lock()
		d.in.open--
		d.in.mu.Unlock()
	}
	return nil
}

type fakeReporter struct {
	summaries  int
	printed    [][]byte
	printedIDs []string
	savedIDs   []string
	failPrint  bool
}

func (r *fakeReporter) Summary(rec *app.Record, notes []app.Note, f Facility) ([]byte, error) {
	r.summaries++
	return []byte("%PDF-1.4 fake summary for " + rec.ID + " at " + f.Name + "\fpage two"), nil
}

func (r *fakeReporter) Print(ctx context.Context, rec *app.Record, pdf []byte) error {
	if r.failPrint {
		return errors.New("No printer is set up on this computer: use Save as PDF…")
	}
	r.printed = append(r.printed, pdf)
	r.printedIDs = append(r.printedIDs, rec.ID)
	return nil
}

func (r *fakeReporter) Save(rec *app.Record, path string, pdf []byte) error {
	r.savedIDs = append(r.savedIDs, rec.ID)
	return os.WriteFile(path, pdf, 0o600)
}

// ---- helpers

type fixture struct {
	t      *testing.T
	app    fyne.App
	win    fyne.Window
	u      *ui
	vault  *fakeVault
	recs   *fakeRecords
	terms  *fakeTerms
	intake *fakeIntake
	rep    *fakeReporter
	run    *syncRunner
	sugg   *fakeSuggester
}

// newFixture builds the whole window on fakes, signed out.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	a := test.NewTempApp(t)
	f := &fixture{t: t, app: a, vault: newFakeVault(), terms: &fakeTerms{}, intake: &fakeIntake{}, rep: &fakeReporter{}, run: &syncRunner{}, sugg: &fakeSuggester{}}
	f.recs = f.vault.recs
	deps := Deps{DataDir: "/tmp/codebench-test", Vault: f.vault, Intake: f.intake, Reporter: f.rep,
		LoadCodebook: func(ctx context.Context, progress func(float64, string)) (*Codebook, error) {
			progress(0.5, "Loading ICD-10-CM…")
			return &Codebook{Terms: f.terms, Edits: fakeChecker{}, Suggest: f.sugg, About: "Fake code sets"}, nil
		}}
	f.win = a.NewWindow("Codebench")
	f.u = newUI(a, f.win, deps, f.run)
	f.win.Resize(fyne.NewSize(1280, 800))
	f.u.loadCodebook()
	t.Cleanup(f.win.Close)
	return f
}

// signIn creates the first user through the sign-in screen.
func (f *fixture) signIn() {
	f.t.Helper()
	l := f.u.root.Objects[0].(*login)
	test.Type(l.name, "Casey Coder")
	test.Type(l.pass, "correct horse battery")
	test.Type(l.confirm, "correct horse battery")
	test.Tap(l.submit)
	if f.u.session == nil {
		f.t.Fatalf("not signed in: %q", l.msg.Text)
	}
}

func (f *fixture) typeShortcut(k fyne.KeyName, m fyne.KeyModifier) {
	f.t.Helper()
	f.win.Canvas().(interface{ TypedShortcut(fyne.Shortcut) }).TypedShortcut(customShortcut(k, m))
}

// decision is one SuggestionDecided call.
type decision struct {
	record, code string
	sys          app.System
	accepted     bool
}

func (f *fakeRecords) SuggestionDecided(id string, sys app.System, code string, accepted bool) error {
	if err := f.call("SuggestionDecided"); err != nil {
		return err
	}
	r, err := f.get(id)
	if err != nil {
		return err
	}
	f.decisions = append(f.decisions, decision{record: id, code: code, sys: sys, accepted: accepted})
	code = codeset.Canonical(code)
	if accepted || r.ReadOnly() || r.IsDismissed(sys, code) {
		return nil
	}
	// Like the service, a dismissal is kept on the record.
	_, err = f.change("dismiss", id, func(r *app.Record) error {
		r.Dismissed = append(r.Dismissed, app.CodeRef{System: sys, Code: code, At: time.Now()})
		return nil
	})
	return err
}
