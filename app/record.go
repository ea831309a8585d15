package app

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// System is a code system a record can be coded in.
type System string

// The code systems Codebench ships. CPT and CDT are never among them.
const (
	ICD10CM  System = "icd10cm"  // ICD-10-CM diagnoses
	ICD10PCS System = "icd10pcs" // ICD-10-PCS inpatient procedures
	HCPCS    System = "hcpcs"    // HCPCS Level II supplies and services
)

// Systems lists every system in display order.
var Systems = []System{ICD10CM, ICD10PCS, HCPCS}

// Label is the name a coder reads.
func (s System) Label() string {
	switch s {
	case ICD10CM:
		return "ICD-10-CM"
	case ICD10PCS:
		return "ICD-10-PCS"
	case HCPCS:
		return "HCPCS"
	}
	return string(s)
}

// ParseSystem accepts the system's id or its label, in any case.
func ParseSystem(s string) (System, error) {
	k := strings.ToLower(strings.NewReplacer("-", "", " ", "", "_", "").Replace(s))
	switch k {
	case "icd10cm", "cm", "dx":
		return ICD10CM, nil
	case "icd10pcs", "pcs", "pr":
		return ICD10PCS, nil
	case "hcpcs", "hcpcs2", "hcpcsii", "hcpcslevelii":
		return HCPCS, nil
	}
	return "", fmt.Errorf("unknown code system %q: use icd10cm, icd10pcs or hcpcs", s)
}

// Sex is the patient's sex as recorded for billing.
type Sex string

// Sexes a record may carry.
const (
	Female  Sex = "F"
	Male    Sex = "M"
	Unknown Sex = "U"
)

// EncounterType is the setting of care; it decides which code systems and
// which date drive the fiscal year.
type EncounterType string

// Encounter types.
const (
	Office     EncounterType = "office"
	Outpatient EncounterType = "outpatient"
	Emergency  EncounterType = "ed"
	Inpatient  EncounterType = "inpatient"
)

// EncounterTypes lists every type in display order.
var EncounterTypes = []EncounterType{Office, Outpatient, Emergency, Inpatient}

// Label is the name a coder reads.
func (t EncounterType) Label() string {
	switch t {
	case Office:
		return "Office visit"
	case Outpatient:
		return "Outpatient"
	case Emergency:
		return "Emergency"
	case Inpatient:
		return "Inpatient"
	}
	return string(t)
}

// Reports tells whether a claim for this setting reports codes of sys:
// ICD-10-PCS is for inpatient hospital procedures only; diagnoses and
// HCPCS are reported in every setting (HCPCS on an inpatient claim only
// for a few items, which the edits check).
func (t EncounterType) Reports(sys System) bool {
	return sys != ICD10PCS || t == Inpatient
}

// Patient is the person the record is about. Every field is protected
// health information: it is encrypted at rest and never logged.
type Patient struct {
	MRN  string    `json:"mrn"`
	Name string    `json:"name"`
	DOB  time.Time `json:"dob"`
	Sex  Sex       `json:"sex"`
}

// Encounter is the visit or stay being coded.
type Encounter struct {
	Account   string        `json:"account,omitempty"`
	Type      EncounterType `json:"type"`
	Service   time.Time     `json:"service"`             // date of service, or admission date for inpatient
	Discharge time.Time     `json:"discharge,omitempty"` // inpatient only
	Provider  string        `json:"provider,omitempty"`
	Facility  string        `json:"facility,omitempty"`
}

// CodingDate is the date whose fiscal year the codes must be valid in: the
// discharge date for an inpatient stay, otherwise the date of service.
func (e Encounter) CodingDate() time.Time {
	if e.Type == Inpatient && !e.Discharge.IsZero() {
		return e.Discharge
	}
	return e.Service
}

// FiscalYear is the federal fiscal year that code sets follow: FY2026 runs
// from 1 October 2025 to 30 September 2026.
func FiscalYear(d time.Time) int {
	if d.Month() >= time.October {
		return d.Year() + 1
	}
	return d.Year()
}

// Role is what an assigned code does on the claim.
type Role string

// Roles.
const (
	Principal Role = "principal" // principal (inpatient) or first-listed (outpatient) diagnosis
	Secondary Role = "secondary"
	Admitting Role = "admitting"
	Procedure Role = "procedure"
)

// Roles lists every role in display order.
var Roles = []Role{Principal, Secondary, Admitting, Procedure}

// POA is the present-on-admission indicator of an inpatient diagnosis.
type POA string

// POA indicators, as the UB-04 reports them.
const (
	POANone         POA = ""
	POAYes          POA = "Y"
	POANo           POA = "N"
	POAUnknown      POA = "U" // documentation insufficient
	POAUndetermined POA = "W" // clinically undetermined
	POAExempt       POA = "1" // exempt from POA reporting
)

// POAs lists the indicators a coder can pick.
var POAs = []POA{POAYes, POANo, POAUnknown, POAUndetermined, POAExempt}

// Evidence points at the words in a note that support a code.
type Evidence struct {
	NoteID string `json:"note"`
	Page   int    `json:"page"`  // 1-based
	Start  int    `json:"start"` // byte offsets into the page text
	End    int    `json:"end"`
	Text   string `json:"text,omitempty"`
}

// Assignment is one code on a record. Its place in Record.Assignments is
// its sequence; its ID names it while it moves through the sequence.
type Assignment struct {
	// ID is stable for the life of the assignment and never reused on the
	// record ("A1", "A2", ...): the window and the command line name the
	// code they change by it, not by its place, which a resequence moves.
	ID     string `json:"id,omitempty"`
	System System `json:"system"`
	Code   string `json:"code"` // canonical form: upper case, no dot
	// Modifiers are a HCPCS code's modifiers in the order typed (RT, 59).
	Modifiers []string `json:"modifiers,omitempty"`
	// Units are the units of service a HCPCS code is billed in (a drug's
	// dose in the code's units: ceftriaxone 1 g is J0696 × 4); 0 when
	// not given, which a claim reads as one.
	Units         int       `json:"units,omitempty"`
	Year          int       `json:"year"`  // fiscal year it was checked against
	Title         string    `json:"title"` // title in that year, at assignment time
	Role          Role      `json:"role"`
	POA           POA       `json:"poa,omitempty"`
	ProcedureDate time.Time `json:"procedureDate,omitempty"`
	Evidence      *Evidence `json:"evidence,omitempty"`
	Comment       string    `json:"comment,omitempty"`
	AssignedBy    string    `json:"assignedBy,omitempty"`
	AssignedAt    time.Time `json:"assignedAt,omitempty"`
}

// Acknowledgement records that a coder reviewed a warning and kept the codes.
type Acknowledgement struct {
	Rule   string    `json:"rule"`
	Codes  []string  `json:"codes"`
	Reason string    `json:"reason"`
	By     string    `json:"by"`
	At     time.Time `json:"at"`
}

// Record is one encounter being coded: the patient, the visit, its notes
// and the codes assigned to it.
type Record struct {
	ID               string            `json:"id"`
	Patient          Patient           `json:"patient"`
	Encounter        Encounter         `json:"encounter"`
	Status           Status            `json:"status"`
	Query            string            `json:"query,omitempty"` // open provider query, when on hold
	NoteIDs          []string          `json:"notes,omitempty"`
	Assignments      []Assignment      `json:"assignments,omitempty"`
	Acknowledgements []Acknowledgement `json:"acknowledgements,omitempty"`
	History          []StatusChange    `json:"history,omitempty"`
	Demo             bool              `json:"demo,omitempty"` // the made-up demo record
	// Dismissed is the suggested codes the coder hid for this record, so
	// they stay hidden the next time the record is opened (At is when).
	Dismissed []CodeRef `json:"dismissed,omitempty"`
	// LastAssignment is the number in the last assignment ID handed out,
	// so a removed code's ID is never given to another.
	LastAssignment int       `json:"lastAssignment,omitempty"`
	CreatedBy      string    `json:"createdBy"`
	CreatedAt      time.Time `json:"createdAt"`
	UpdatedAt      time.Time `json:"updatedAt"`
	// Version counts the record's saves: 0 before the first, and the
	// store adds one on each. A save must carry the version it was
	// loaded at; a store holding a newer one refuses it with ErrStale,
	// so two coders never overwrite each other's work unseen.
	Version uint64 `json:"version,omitempty"`
}

// IsDismissed reports whether the coder hid the suggestion of code
// (canonical) in sys for this record.
func (r *Record) IsDismissed(sys System, code string) bool {
	for _, d := range r.Dismissed {
		if d.System == sys && d.Code == code {
			return true
		}
	}
	return false
}

// NewAssignmentID hands out the next assignment ID of the record.
func (r *Record) NewAssignmentID() string {
	r.LastAssignment++
	return "A" + strconv.Itoa(r.LastAssignment)
}

// NumberAssignments gives every assignment without an ID one, in sequence
// order, and reports whether it changed anything. Records saved before
// assignments had IDs get the same IDs on every load (A1, A2, ... in their
// saved order), so the window and the store agree on them until the
// record is saved again with the IDs.
func (r *Record) NumberAssignments() bool {
	changed := false
	for i := range r.Assignments {
		if n, ok := assignmentNumber(r.Assignments[i].ID); ok && n > r.LastAssignment {
			r.LastAssignment = n
		}
	}
	for i := range r.Assignments {
		if r.Assignments[i].ID == "" {
			r.Assignments[i].ID = r.NewAssignmentID()
			changed = true
		}
	}
	return changed
}

func assignmentNumber(id string) (int, bool) {
	if len(id) < 2 || id[0] != 'A' {
		return 0, false
	}
	n, err := strconv.Atoi(id[1:])
	return n, err == nil
}

// AssignmentIndex returns the place in the sequence of the assignment
// with the given ID, or ErrNotFound.
func (r *Record) AssignmentIndex(id string) (int, error) {
	for i, a := range r.Assignments {
		if a.ID == id {
			return i, nil
		}
	}
	return -1, fmt.Errorf("code %s on record %s: %w (it was removed or replaced: reopen the record)", id, r.ID, ErrNotFound)
}

// DefaultRole is the role a new code of sys takes on r when the coder
// does not say: a procedure for ICD-10-PCS and HCPCS, the principal
// (first-listed) diagnosis for the first ICD-10-CM code, else secondary.
func DefaultRole(r *Record, sys System) Role {
	if sys != ICD10CM {
		return Procedure
	}
	for _, a := range r.Assignments {
		if a.Role == Principal {
			return Secondary
		}
	}
	return Principal
}

// Year is the fiscal year the record's codes are checked against.
func (r *Record) Year() int { return FiscalYear(r.Encounter.CodingDate()) }

// ReadOnly reports whether the record is final and must be reopened first.
func (r *Record) ReadOnly() bool { return r.Status == Final }

// Validate checks the fields a record needs before it can be saved.
func (r *Record) Validate() error {
	var missing []string
	if strings.TrimSpace(r.Patient.MRN) == "" {
		missing = append(missing, "MRN")
	}
	if strings.TrimSpace(r.Patient.Name) == "" {
		missing = append(missing, "patient name")
	}
	if r.Encounter.Service.IsZero() {
		missing = append(missing, "date of service")
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w: enter the %s", ErrIncomplete, strings.Join(missing, ", "))
	}
	for _, f := range []struct {
		name, value string
		max         int
	}{
		{"MRN", r.Patient.MRN, MaxMRN}, {"patient name", r.Patient.Name, MaxName},
		{"account number", r.Encounter.Account, MaxMRN}, {"provider", r.Encounter.Provider, MaxName},
		{"facility", r.Encounter.Facility, MaxName},
	} {
		if err := CheckLength(f.name, f.value, f.max); err != nil {
			return err
		}
	}
	switch r.Patient.Sex {
	case Female, Male, Unknown:
	default:
		return fmt.Errorf("%w: sex must be F, M or U", ErrIncomplete)
	}
	switch r.Encounter.Type {
	case Office, Outpatient, Emergency, Inpatient:
	default:
		return fmt.Errorf("%w: encounter type must be office, outpatient, ed or inpatient", ErrIncomplete)
	}
	if r.Encounter.Type == Inpatient && !r.Encounter.Discharge.IsZero() && r.Encounter.Discharge.Before(r.Encounter.Service) {
		return fmt.Errorf("%w: discharge date is before the admission date", ErrIncomplete)
	}
	if dob := r.Patient.DOB; !dob.IsZero() {
		if dob.After(r.Encounter.Service) {
			return fmt.Errorf("%w: the birth date %s is after the date of service %s: check both dates",
				ErrIncomplete, FormatDate(dob), FormatDate(r.Encounter.Service))
		}
		if dob.Year() < EarliestBirthYear {
			return fmt.Errorf("%w: the birth date %s is before %d: check the year", ErrIncomplete, FormatDate(dob), EarliestBirthYear)
		}
	}
	return nil
}

// EarliestBirthYear is the earliest birth year a record takes; an earlier
// one is a typing slip (0958 for 1958).
const EarliestBirthYear = 1880

// ValidateAt is Validate plus the rules that need today's date: a record
// codes what has happened, so no date of service, discharge or birth date
// lies in the future. A day of slack allows for a coder whose day has
// started in a time zone ahead of UTC.
func (r *Record) ValidateAt(now time.Time) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return CheckNotFuture(now, map[string]time.Time{
		"date of service": r.Encounter.Service, "discharge date": r.Encounter.Discharge, "birth date": r.Patient.DOB,
	})
}

// CheckNotFuture refuses any of the named dates that is later than the
// day after now's day (zero dates are not checked).
func CheckNotFuture(now time.Time, dates map[string]time.Time) error {
	y, m, d := now.UTC().Date()
	limit := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 1)
	for _, name := range []string{"date of service", "discharge date", "birth date", "procedure date"} {
		t, ok := dates[name]
		if !ok || t.IsZero() || !t.After(limit) {
			continue
		}
		return fmt.Errorf("%w: the %s %s is in the future (today is %s): check the date",
			ErrIncomplete, name, FormatDate(t), FormatDate(now.UTC()))
	}
	return nil
}

// DateLayout is how dates are typed and shown: ISO 8601.
const DateLayout = "2006-01-02"

// ParseDate reads a YYYY-MM-DD date.
func ParseDate(s string) (time.Time, error) {
	t, err := time.Parse(DateLayout, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, fmt.Errorf("date %q: use YYYY-MM-DD", s)
	}
	return t, nil
}

// FormatDate writes a date as YYYY-MM-DD, or "" for the zero date.
func FormatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(DateLayout)
}
