package coding

import (
	"fmt"
	"strings"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/codeset"
)

// Assign is a code to put on a record.
type Assign struct {
	System        app.System // "" guesses from the code's shape (GuessSystem)
	Code          string     // as typed: "e11.9", "E119"
	Role          app.Role   // "" picks: procedure for PCS/HCPCS, principal for the first diagnosis, else secondary
	POA           app.POA
	ProcedureDate time.Time
	Comment       string
	Evidence      *app.Evidence
	Units         int // HCPCS only: the units of service, 0 when not given (one)
}

// checkUnits makes sure units belong to a HCPCS code and are a count a
// claim line takes.
func checkUnits(sys app.System, units int) error {
	if units != 0 && sys != app.HCPCS {
		return fmt.Errorf("%w: units of service belong to a HCPCS code, not %s", app.ErrIncomplete, sys.Label())
	}
	return app.CheckUnits(units)
}

// withUnits is an assigned code for the audit trail: its display and, if
// given, its units ("J0696 ×4 units").
func withUnits(a app.Assignment) string {
	return codeset.DisplayAssigned(a) + codeset.UnitsLabel(a)
}

// checkYear is the year a code of sys on r is checked against (CheckYear).
func (s *Service) checkYear(r *app.Record, sys app.System) int {
	return CheckYear(s.terms(), r, sys)
}

// hcpcsReleaser is the optional part of Terms that says in which month
// each loaded HCPCS release took effect (releases are quarterly: January,
// April, July, October).
type hcpcsReleaser interface {
	HCPCSReleaseMonth(year int) time.Month
}

// CheckYear is the year a code of sys on r is checked against: for
// ICD-10-CM and ICD-10-PCS the fiscal year of the coding date, or the
// nearest loaded year of terms when that release is not loaded. HCPCS is
// released by calendar quarter, not fiscal year: its year is that of the
// loaded release covering the date of service (the latest one in effect
// on it, or the earliest loaded when the date precedes them all); the
// code's own effective and termination dates are checked against the date
// itself. terms may be nil.
func CheckYear(terms Terms, r *app.Record, sys app.System) int {
	d := r.Encounter.CodingDate()
	fy := app.FiscalYear(d)
	if sys == app.HCPCS {
		fy = d.Year()
	}
	yl, ok := terms.(yearLister)
	if !ok {
		return fy
	}
	years := yl.FiscalYears(sys)
	if len(years) == 0 {
		return fy
	}
	if sys == app.HCPCS {
		return hcpcsRelease(terms, years, d)
	}
	best := years[0]
	for _, y := range years {
		if y == fy {
			return fy
		}
		if y <= fy {
			best = y
		}
	}
	return best
}

// hcpcsRelease picks among the loaded HCPCS release years (ascending) the
// one covering the date of service d.
func hcpcsRelease(terms Terms, years []int, d time.Time) int {
	rel, _ := terms.(hcpcsReleaser)
	best := years[0]
	for _, y := range years {
		month := time.January
		if rel != nil {
			month = rel.HCPCSReleaseMonth(y)
		}
		start := time.Date(y, month, 1, 0, 0, 0, 0, time.UTC)
		if !d.Before(start) {
			best = y
		}
	}
	return best
}

// yearName is how a code's year is written in messages: "FY2026" for
// ICD-10, "the 2025 HCPCS release" for HCPCS, whose years are release
// years, not fiscal years.
func yearName(sys app.System, y int) string {
	if sys == app.HCPCS {
		return fmt.Sprintf("the %d HCPCS release", y)
	}
	return fmt.Sprintf("FY%d", y)
}

// lookup checks that code exists in sys in the record's year and returns
// that year and the code's title in it.
func (s *Service) lookup(r *app.Record, sys app.System, code string) (int, string, error) {
	disp := sys.Label() + " " + codeset.Display(sys, code)
	terms := s.terms()
	if terms == nil {
		return 0, "", fmt.Errorf("cannot check %s: the code sets are not loaded (install the terminology pack)", disp)
	}
	c := terms.Lookup(sys, code)
	if c == nil {
		return 0, "", fmt.Errorf("%w: %s does not exist in any fiscal year loaded", app.ErrInvalidCode, disp)
	}
	if c.Modifier {
		return 0, "", fmt.Errorf("%w: %s is a HCPCS modifier, not a code: type it after the HCPCS code it qualifies, as in J1100-%s", app.ErrInvalidCode, code, code)
	}
	fy := s.checkYear(r, sys)
	if !c.Valid.Has(fy) {
		return 0, "", fmt.Errorf("%w: %s does not exist in %s (coding date %s); it exists in %s",
			app.ErrInvalidCode, disp, yearName(sys, fy), app.FormatDate(r.Encounter.CodingDate()), YearRanges(c.Valid))
	}
	if sys == app.HCPCS {
		date := app.FormatDate(r.Encounter.CodingDate())
		if start := c.Start(); start != "" && date < start {
			return 0, "", fmt.Errorf("%w: %s takes effect on %s, after the date of service %s", app.ErrInvalidCode, disp, start, date)
		}
		if c.Termination != "" && date > c.Termination {
			return 0, "", fmt.Errorf("%w: %s was terminated on %s, before the date of service %s", app.ErrInvalidCode, disp, c.Termination, date)
		}
	}
	return fy, titleIn(c, fy), nil
}

func titleIn(c *codeset.Concept, fy int) string {
	for _, t := range c.Titles {
		if t.Years.Has(fy) {
			if t.Long != "" {
				return t.Long
			}
			return t.Short
		}
	}
	return ""
}

// YearRanges writes a set of years as "FY2016–FY2019, FY2021–FY2026".
func YearRanges(y codeset.Years) string { return y.Runs() }

// GuessSystem tells the code system from a code's shape: a dotted code
// is ICD-10-CM; seven letters and digits without I or O that start with a
// digit, or with a PCS section letter (B C D F G H X) not followed by two
// digits, is ICD-10-PCS; a letter and four digits is HCPCS Level II;
// anything else is ICD-10-CM. The service also asks the code sets (see
// Service.GuessSystem) because a few shapes are shared.
func GuessSystem(code string) app.System {
	if strings.Contains(code, ".") {
		return app.ICD10CM
	}
	c := codeset.Canonical(code)
	if len(c) == 7 && alnum(c) && !strings.ContainsAny(c, "IO") {
		if isDigit(c[0]) || strings.IndexByte("BCDFGHX", c[0]) >= 0 && !(isDigit(c[1]) && isDigit(c[2])) {
			return app.ICD10PCS
		}
	}
	if len(c) == 5 && c[0] >= 'A' && c[0] <= 'Z' && isDigit(c[1]) && isDigit(c[2]) && isDigit(c[3]) && isDigit(c[4]) {
		return app.HCPCS
	}
	return app.ICD10CM
}

// GuessSystem is the package's GuessSystem, corrected by the code sets:
// when the shape's system has no such code and another system does, that
// one wins (B020ZZZ is ICD-10-PCS though it is shaped like ICD-10-CM).
func (s *Service) GuessSystem(code string) app.System {
	shape := GuessSystem(code)
	terms := s.terms()
	if terms == nil || strings.Contains(code, ".") {
		return shape
	}
	c := codeset.Canonical(code)
	if terms.Lookup(shape, c) != nil {
		return shape
	}
	for _, sys := range app.Systems {
		if terms.Lookup(sys, c) != nil {
			return sys
		}
	}
	return shape
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

func alnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) && (s[i] < 'A' || s[i] > 'Z') {
			return false
		}
	}
	return true
}

func isDiagnosis(r app.Role) bool { return r != app.Procedure }

// checkRole refuses a role that the code system cannot have.
func checkRole(sys app.System, role app.Role) error {
	switch role {
	case app.Principal, app.Secondary, app.Admitting:
		if sys != app.ICD10CM {
			return fmt.Errorf("%w: a %s code cannot be a %s diagnosis: use role procedure", app.ErrIncomplete, sys.Label(), role)
		}
	case app.Procedure:
		if sys == app.ICD10CM {
			return fmt.Errorf("%w: an ICD-10-CM code is a diagnosis: use role principal, secondary or admitting", app.ErrIncomplete)
		}
	default:
		return fmt.Errorf("%w: unknown role %q: use principal, secondary, admitting or procedure", app.ErrIncomplete, role)
	}
	return nil
}

func checkPOA(p app.POA, role app.Role) error {
	if p == app.POANone {
		return nil
	}
	ok := false
	for _, v := range app.POAs {
		if p == v {
			ok = true
		}
	}
	if !ok {
		return fmt.Errorf("%w: POA indicator %q: use Y, N, U, W or 1", app.ErrIncomplete, string(p))
	}
	if !isDiagnosis(role) {
		return fmt.Errorf("%w: a POA indicator belongs to a diagnosis, not a procedure", app.ErrIncomplete)
	}
	return nil
}

// checkEvidence makes sure evidence points at a page of a note of the
// record, and fills in the quoted text from the span.
func (s *Service) checkEvidence(r *app.Record, ev *app.Evidence) error {
	if ev == nil {
		return nil
	}
	found := false
	for _, id := range r.NoteIDs {
		if id == ev.NoteID {
			found = true
		}
	}
	if !found {
		return fmt.Errorf("%w: evidence note %s is not a note of record %s", app.ErrIncomplete, ev.NoteID, r.ID)
	}
	n, err := s.store.Note(ev.NoteID)
	if err != nil {
		return err
	}
	if ev.Page < 1 || ev.Page > len(n.Pages) {
		return fmt.Errorf("%w: note %s has no page %d", app.ErrIncomplete, n.ID, ev.Page)
	}
	text := n.Pages[ev.Page-1].Text
	if ev.Start < 0 || ev.End < ev.Start || ev.End > len(text) {
		return fmt.Errorf("%w: evidence span %d–%d is outside page %d of note %s", app.ErrIncomplete, ev.Start, ev.End, ev.Page, n.ID)
	}
	if ev.Text == "" {
		ev.Text = text[ev.Start:ev.End]
	}
	return nil
}

// Find returns the assignment of code on r; sys "" matches any system but
// is refused when two systems share the code. The command line names codes
// by what the coder types and turns them into assignment IDs with it.
func Find(r *app.Record, sys app.System, code string) (app.Assignment, error) {
	code, mods, err := ParseTyped(code)
	if err != nil {
		return app.Assignment{}, err
	}
	at := -1
	for i, a := range r.Assignments {
		if a.Code != code || sys != "" && a.System != sys || len(mods) > 0 && !sameModifiers(a.Modifiers, mods) {
			continue
		}
		if at >= 0 {
			if prev := r.Assignments[at]; prev.System == a.System {
				return app.Assignment{}, fmt.Errorf("%s is assigned as both %s and %s: give the modifiers", code,
					codeset.DisplayAssigned(prev), codeset.DisplayAssigned(a))
			}
			return app.Assignment{}, fmt.Errorf("%s is assigned in both %s and %s: say which system", code, r.Assignments[at].System.Label(), a.System.Label())
		}
		at = i
	}
	if at < 0 {
		return app.Assignment{}, fmt.Errorf("code %s on record %s: %w", code, r.ID, app.ErrNotFound)
	}
	return r.Assignments[at], nil
}

// makePrincipal moves the principal diagnosis at i to the top and demotes
// any other principal to secondary.
func makePrincipal(r *app.Record, i int) {
	a := r.Assignments[i]
	for j := range r.Assignments {
		if j != i && r.Assignments[j].Role == app.Principal {
			r.Assignments[j].Role = app.Secondary
		}
	}
	r.Assignments = append(r.Assignments[:i], r.Assignments[i+1:]...)
	r.Assignments = append([]app.Assignment{a}, r.Assignments...)
}

// AssignCode puts a code on a record after checking it exists in the
// fiscal year of the coding date; the title is that year's. A record
// still "to code" moves to "in progress".
func (s *Service) AssignCode(recordID string, in Assign) (*app.Record, error) {
	code, mods, err := ParseTyped(in.Code)
	if err != nil {
		return nil, err
	}
	if err := app.CheckLength("comment", in.Comment, app.MaxComment); err != nil {
		return nil, err
	}
	if code == "" {
		return nil, fmt.Errorf("%w: type a code", app.ErrIncomplete)
	}
	return s.change(recordID, func(r *app.Record) (app.AuditEvent, error) {
		sys := in.System
		switch {
		case len(mods) > 0 && sys != "" && sys != app.HCPCS:
			return app.AuditEvent{}, fmt.Errorf("%w: only HCPCS codes take modifiers; %s is not HCPCS", app.ErrIncomplete, in.Code)
		case len(mods) > 0:
			sys = app.HCPCS
		case sys == "":
			sys = s.GuessSystem(code)
		}
		for _, a := range r.Assignments {
			if a.Code == code && a.System == sys && sameModifiers(a.Modifiers, mods) {
				return app.AuditEvent{}, fmt.Errorf("%s is already on record %s", codeset.DisplayAssigned(a), r.ID)
			}
		}
		role := in.Role
		if role == "" {
			role = app.DefaultRole(r, sys)
		}
		if err := checkRole(sys, role); err != nil {
			return app.AuditEvent{}, err
		}
		if err := checkPOA(in.POA, role); err != nil {
			return app.AuditEvent{}, err
		}
		if !in.ProcedureDate.IsZero() && role != app.Procedure {
			return app.AuditEvent{}, fmt.Errorf("%w: a procedure date belongs to a procedure code", app.ErrIncomplete)
		}
		if err := app.CheckNotFuture(s.Now(), map[string]time.Time{"procedure date": in.ProcedureDate}); err != nil {
			return app.AuditEvent{}, err
		}
		ev := in.Evidence
		if ev != nil {
			c := *ev
			ev = &c
		}
		if err := s.checkEvidence(r, ev); err != nil {
			return app.AuditEvent{}, err
		}
		fy, title, err := s.lookup(r, sys, code)
		if err != nil {
			return app.AuditEvent{}, err
		}
		if err := s.checkModifiers(r, fy, mods); err != nil {
			return app.AuditEvent{}, err
		}
		if err := checkUnits(sys, in.Units); err != nil {
			return app.AuditEvent{}, err
		}
		a := app.Assignment{ID: r.NewAssignmentID(), System: sys, Code: code, Modifiers: mods, Units: in.Units, Year: fy, Title: title, Role: role, POA: in.POA,
			ProcedureDate: in.ProcedureDate, Evidence: ev, Comment: strings.TrimSpace(in.Comment),
			AssignedBy: s.User(), AssignedAt: s.Now()}
		r.Assignments = append(r.Assignments, a)
		if role == app.Principal {
			makePrincipal(r, len(r.Assignments)-1)
		}
		if r.Status == app.ToCode {
			if err := r.Transition(app.InProgress, "", s.User(), s.Now()); err != nil {
				return app.AuditEvent{}, err
			}
		}
		return app.AuditEvent{Action: app.AuditCodeAssigned, Detail: fmt.Sprintf("%s %s %s FY%d at %d",
			sys, withUnits(a), role, fy, position(r, a.ID))}, nil
	})
}

func position(r *app.Record, id string) int {
	for i, a := range r.Assignments {
		if a.ID == id {
			return i + 1
		}
	}
	return 0
}

// RemoveCode takes the assignment with the given ID off a record.
func (s *Service) RemoveCode(recordID, assignmentID string) (*app.Record, error) {
	return s.change(recordID, func(r *app.Record) (app.AuditEvent, error) {
		i, err := r.AssignmentIndex(assignmentID)
		if err != nil {
			return app.AuditEvent{}, err
		}
		a := r.Assignments[i]
		r.Assignments = append(r.Assignments[:i], r.Assignments[i+1:]...)
		return app.AuditEvent{Action: app.AuditCodeRemoved, Detail: fmt.Sprintf("%s %s from %d", a.System, codeset.DisplayAssigned(a), i+1)}, nil
	})
}

// MoveCode puts the assignment with the given ID at position (1-based) in
// the record's sequence.
func (s *Service) MoveCode(recordID, assignmentID string, pos int) (*app.Record, error) {
	return s.change(recordID, func(r *app.Record) (app.AuditEvent, error) {
		i, err := r.AssignmentIndex(assignmentID)
		if err != nil {
			return app.AuditEvent{}, err
		}
		if pos < 1 || pos > len(r.Assignments) {
			return app.AuditEvent{}, fmt.Errorf("%w: position %d: the record has %d codes", app.ErrIncomplete, pos, len(r.Assignments))
		}
		a := r.Assignments[i]
		rest := append(append([]app.Assignment{}, r.Assignments[:i]...), r.Assignments[i+1:]...)
		r.Assignments = append(append(append([]app.Assignment{}, rest[:pos-1]...), a), rest[pos-1:]...)
		principalFollowsSequence(r)
		return app.AuditEvent{Action: app.AuditCodeMoved, Detail: fmt.Sprintf("%s %s from %d to %d", a.System, codeset.DisplayAssigned(a), i+1, pos)}, nil
	})
}

// principalFollowsSequence keeps the principal (first-listed) diagnosis
// first among the diagnoses after a move, as the claim sequences it: when
// the record has a principal, the first diagnosis becomes principal and a
// principal moved below it becomes secondary.
func principalFollowsSequence(r *app.Record) {
	first := -1
	hasPrincipal := false
	for i, a := range r.Assignments {
		if a.System != app.ICD10CM || (a.Role != app.Principal && a.Role != app.Secondary) {
			continue
		}
		if first < 0 {
			first = i
		}
		hasPrincipal = hasPrincipal || a.Role == app.Principal
	}
	if !hasPrincipal {
		return
	}
	for i := range r.Assignments {
		a := &r.Assignments[i]
		switch {
		case i == first:
			a.Role = app.Principal
		case a.Role == app.Principal:
			a.Role = app.Secondary
		}
	}
}

// Change is an edit to an assignment; nil fields stay as they are.
type Change struct {
	Role          *app.Role
	POA           *app.POA
	ProcedureDate *time.Time
	Comment       *string
	Evidence      *app.Evidence // replaces the evidence
	ClearEvidence bool
	Units         *int // HCPCS only; 0 clears
}

// UpdateAssignment edits the role, POA indicator, procedure date,
// comment, evidence or units of the assignment with the given ID. Making a
// diagnosis principal moves it to the top and the old principal becomes
// secondary.
func (s *Service) UpdateAssignment(recordID, assignmentID string, c Change) (*app.Record, error) {
	return s.change(recordID, func(r *app.Record) (app.AuditEvent, error) {
		i, err := r.AssignmentIndex(assignmentID)
		if err != nil {
			return app.AuditEvent{}, err
		}
		a := r.Assignments[i]
		var what []string
		if c.Role != nil && *c.Role != a.Role {
			if err := checkRole(a.System, *c.Role); err != nil {
				return app.AuditEvent{}, err
			}
			a.Role = *c.Role
			what = append(what, "role "+string(a.Role))
		}
		if c.POA != nil {
			a.POA = *c.POA
			what = append(what, "POA "+string(a.POA))
		}
		if err := checkPOA(a.POA, a.Role); err != nil {
			return app.AuditEvent{}, err
		}
		if c.ProcedureDate != nil {
			if !c.ProcedureDate.IsZero() && a.Role != app.Procedure {
				return app.AuditEvent{}, fmt.Errorf("%w: a procedure date belongs to a procedure code", app.ErrIncomplete)
			}
			if err := app.CheckNotFuture(s.Now(), map[string]time.Time{"procedure date": *c.ProcedureDate}); err != nil {
				return app.AuditEvent{}, err
			}
			a.ProcedureDate = *c.ProcedureDate
			what = append(what, "procedure date")
		}
		if c.Comment != nil {
			if err := app.CheckLength("comment", *c.Comment, app.MaxComment); err != nil {
				return app.AuditEvent{}, err
			}
			a.Comment = strings.TrimSpace(*c.Comment)
			what = append(what, "comment")
		}
		if c.Units != nil && *c.Units != a.Units {
			if err := checkUnits(a.System, *c.Units); err != nil {
				return app.AuditEvent{}, err
			}
			a.Units = *c.Units
			what = append(what, fmt.Sprintf("units %d", a.Units))
		}
		if c.ClearEvidence {
			a.Evidence = nil
			what = append(what, "evidence cleared")
		} else if c.Evidence != nil {
			ev := *c.Evidence
			if err := s.checkEvidence(r, &ev); err != nil {
				return app.AuditEvent{}, err
			}
			a.Evidence = &ev
			what = append(what, "evidence")
		}
		if len(what) == 0 {
			return app.AuditEvent{}, fmt.Errorf("nothing to change on %s", codeset.DisplayAssigned(a))
		}
		r.Assignments[i] = a
		if a.Role == app.Principal {
			makePrincipal(r, i)
		}
		return app.AuditEvent{Action: app.AuditCodeUpdated, Detail: fmt.Sprintf("%s %s: %s", a.System, codeset.DisplayAssigned(a), strings.Join(what, ", "))}, nil
	})
}

// ReplaceCode puts code in place of the assignment with the given ID, in
// one save: the fix an edit offers for the code it flags (a header code's
// billable child, the other side of an Excludes1 pair). The new code is in
// the old one's system and is checked against the record's year like any
// assigned code; it takes the old one's place in the sequence, role, POA,
// procedure date, comment and evidence, and a new assignment ID (the old
// one no longer names a code). Who and when are the replacer and now.
// There is no moment at which the record has neither code.
func (s *Service) ReplaceCode(recordID, assignmentID, typed string) (*app.Record, error) {
	code, mods, err := ParseTyped(typed)
	if err != nil {
		return nil, err
	}
	if len(mods) > 0 {
		return nil, fmt.Errorf("%w: the new code keeps the old one's modifiers: type it without them", app.ErrIncomplete)
	}
	if code == "" {
		return nil, fmt.Errorf("%w: type the code to put in its place", app.ErrIncomplete)
	}
	return s.change(recordID, func(r *app.Record) (app.AuditEvent, error) {
		i, err := r.AssignmentIndex(assignmentID)
		if err != nil {
			return app.AuditEvent{}, err
		}
		old := r.Assignments[i]
		if old.Code == code {
			return app.AuditEvent{}, fmt.Errorf("%s is already the code at %d", codeset.Display(old.System, code), i+1)
		}
		for _, a := range r.Assignments {
			if a.Code == code && a.System == old.System {
				return app.AuditEvent{}, fmt.Errorf("%s is already on record %s: remove %s instead",
					codeset.Display(a.System, code), r.ID, codeset.Display(old.System, old.Code))
			}
		}
		fy, title, err := s.lookup(r, old.System, code)
		if err != nil {
			return app.AuditEvent{}, err
		}
		a := old
		a.ID = r.NewAssignmentID()
		a.Code, a.Year, a.Title = code, fy, title
		a.AssignedBy, a.AssignedAt = s.User(), s.Now()
		r.Assignments[i] = a
		return app.AuditEvent{Action: app.AuditCodeReplaced, Detail: fmt.Sprintf("%s %s -> %s %s FY%d at %d",
			a.System, codeset.Display(a.System, old.Code), codeset.Display(a.System, code), a.Role, fy, i+1)}, nil
	})
}
