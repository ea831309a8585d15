// Package edits checks a coded record against the official coding rules
// (the ICD-10-CM Official Guidelines for Coding and Reporting, the Tabular
// List's instructional notes, the POA-exempt list and the HIPAA code-set
// rules) and reports each problem as a Finding that names the rule, cites
// its source and says what to do. Errors block Finalize; warnings need an
// acknowledgement with a reason.
package edits

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"
)

// Severity is how much a finding weighs.
type Severity string

// Severities.
const (
	// Error blocks Finalize until the codes are corrected.
	Error Severity = "error"
	// Warning must be acknowledged with a reason before Finalize.
	Warning Severity = "warning"
)

// Finding is one problem on a record.
type Finding struct {
	Rule     string   `json:"rule"`     // the Rule's ID, e.g. "excludes1"
	Severity Severity `json:"severity"` // error or warning
	// Codes are the assigned codes involved, as a coder writes them
	// ("E11.9"); terminology.Canonical gives the stored form.
	Codes   []string `json:"codes"`
	Message string   `json:"message"` // what is wrong, why, and what to do
	Source  string   `json:"source"`  // the guideline or file the rule comes from
	// Fixes are codes that would correct the problem (canonical), e.g. the
	// complete codes with a 7th character; the coder picks one. Written
	// like Codes.
	Fixes []string `json:"fixes,omitempty"`
	// Acknowledged is set on a warning the record has acknowledged; Reason
	// is the coder's reason.
	Acknowledged bool   `json:"acknowledged,omitempty"`
	Reason       string `json:"reason,omitempty"`
}

// Terms is what the edits need from the code sets; *terminology.Set
// provides it.
type Terms interface {
	// Lookup returns the concept for a code, or nil.
	Lookup(sys app.System, code string) *terminology.Concept
	// FiscalYears returns the years the system has codes for, ascending.
	FiscalYears(sys app.System) []int
	// Ancestors returns the concept's parents up to the category.
	Ancestors(c *terminology.Concept) []*terminology.Concept
	// NotesFor returns the concept's Tabular List notes, its own and those
	// inherited from its parents, section and chapter (Note.From set).
	NotesFor(c *terminology.Concept) []terminology.Note
	// SeventhFor returns the 7th characters that apply to the concept and
	// the code or category that defines them.
	SeventhFor(c *terminology.Concept) (defs []terminology.SevenChr, from string)
	// POAExempt reports whether a diagnosis code is exempt from POA
	// reporting in fiscal year fy, by the list POAYear(fy) names.
	POAExempt(code string, fy int) bool
	// POAYear returns the year of the POA-exempt list used for fy, 0 when
	// none is loaded.
	POAYear(fy int) int
	// Conversions returns the conversion-table rows where code is the
	// current code or one of the previous codes.
	Conversions(code string) []terminology.Conversion
}

// Rule is one edit: an ID, the coder's name for it, where it comes from,
// and the check.
type Rule struct {
	ID     string
	Name   string
	Source string
	check  func(*checker, Rule) []Finding
}

// Guidelines is the edition of the ICD-10-CM Official Guidelines cited.
const Guidelines = "ICD-10-CM Official Guidelines for Coding and Reporting FY2026"

// Rules lists every edit in the order findings are reported.
var Rules = []Rule{
	{ID: "date-of-service", Name: "Date of service", Source: "45 CFR §162.1002 (code sets by date of service; discharge date for inpatient stays)", check: checkDate},
	{ID: "code-set-year", Name: "Code set loaded for the fiscal year", Source: "45 CFR §162.1002; CMS/CDC annual code-set releases (effective 1 October)", check: checkCodeSetYear},
	{ID: "code-validity", Name: "Code valid on the date of service", Source: "45 CFR §162.1002(c); CMS ICD-10-CM/PCS code files and HCPCS file (validity by date of service or discharge)", check: checkValidity},
	{ID: "header-code", Name: "Header code is not billable", Source: Guidelines + " §I.A.3 (only codes, not categories or subcategories), §I.B.2 (highest number of characters)", check: checkHeader},
	{ID: "seventh-character", Name: "7th character and placeholder X", Source: Guidelines + " §I.A.4 (placeholder X), §I.A.5 (7th characters); Tabular List sevenChrDef", check: checkSeventh},
	{ID: "title-changed", Name: "Code title revised since assignment", Source: "CMS ICD-10-CM/PCS code titles by fiscal year (annual title revisions in the addenda)", check: checkTitle},
	{ID: "principal-diagnosis", Name: "One principal or first-listed diagnosis", Source: Guidelines + " Section II (principal diagnosis), Section IV.G (first-listed diagnosis)", check: checkPrincipal},
	{ID: "external-cause-principal", Name: "External cause code as principal", Source: Guidelines + " §I.C.20.a.6 (an external cause code can never be a principal or first-listed diagnosis)", check: checkExternalCause},
	{ID: "manifestation-principal", Name: "Manifestation code as principal", Source: Guidelines + " §I.A.13 (etiology/manifestation convention: \"in diseases classified elsewhere\" codes are never first-listed)", check: checkManifestation},
	{ID: "code-first", Name: "Code first the underlying condition", Source: Guidelines + " §I.A.13 (\"code first\" notes), §I.B.7", check: checkCodeFirst},
	{ID: "excludes1", Name: "Excludes1 pair", Source: Guidelines + " §I.A.12.a (Excludes1: the two conditions are never coded together, unless unrelated)", check: checkExcludes1},
	{ID: "use-additional-code", Name: "Use additional code", Source: Guidelines + " §I.A.13 (\"use additional code\" notes), §I.B.7 (multiple coding for a single condition)", check: checkUseAdditional},
	{ID: "code-also", Name: "Code also", Source: Guidelines + " §I.A.17 (\"code also\" notes)", check: checkCodeAlso},
	{ID: "poa", Name: "Present on admission indicator", Source: Guidelines + " Appendix I (POA reporting); CDC POA-exempt code list", check: checkPOA},
	{ID: "duplicate", Name: "Duplicate code", Source: Guidelines + " §I.B.12 (each unique ICD-10-CM code is reported once per encounter)", check: checkDuplicates},
	{ID: "code-system-setting", Name: "Code system for the setting", Source: "45 CFR §162.1002(c)(3) (ICD-10-PCS for hospital inpatient procedures; HCPCS for outpatient, office and supplier services)", check: checkSetting},
	{ID: "code-role", Name: "Diagnosis and procedure roles", Source: "45 CFR §162.1002 (ICD-10-CM for diagnoses; ICD-10-PCS and HCPCS for procedures, services and supplies)", check: checkRole},
	{ID: "hcpcs-modifier", Name: "HCPCS modifier without a HCPCS code", Source: "CMS HCPCS Level II: a modifier only qualifies a HCPCS code on the same claim", check: checkModifier},
}

// RuleByID returns the rule with that ID.
func RuleByID(id string) (Rule, bool) {
	for _, r := range Rules {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// Check runs every rule over the record and returns its findings, errors
// and warnings in rule order. Warnings the record has acknowledged come
// back with Acknowledged set and the coder's reason.
func Check(rec *app.Record, terms Terms) []Finding {
	if rec == nil {
		return nil
	}
	if terms == nil {
		return []Finding{{Rule: "code-set-year", Severity: Error, Codes: []string{}, Source: "Codebench needs the CMS/CDC code-set releases to run the edits",
			Message: "The code sets are not loaded, so no code can be checked against the official rules. Load the terminology (the built-in pack or the official release files) and check again."}}
	}
	k := newChecker(rec, terms)
	var out []Finding
	for _, r := range Rules {
		for _, f := range r.check(k, r) {
			f.Rule = r.ID
			if f.Source == "" {
				f.Source = r.Source
			}
			if f.Codes == nil {
				f.Codes = []string{}
			}
			if f.Severity == Warning {
				if a, ok := acknowledgement(rec, f); ok {
					f.Acknowledged = true
					f.Reason = a.Reason
				}
			}
			out = append(out, f)
		}
	}
	return out
}

// Matches reports whether the acknowledgement is for this finding: the same
// rule and the same codes, in any order.
func (f Finding) Matches(a app.Acknowledgement) bool {
	if a.Rule != f.Rule || len(a.Codes) != len(f.Codes) {
		return false
	}
	x := canonicalSet(a.Codes)
	y := canonicalSet(f.Codes)
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}

func canonicalSet(codes []string) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = terminology.Canonical(c)
	}
	sort.Strings(out)
	return out
}

func acknowledgement(rec *app.Record, f Finding) (app.Acknowledgement, bool) {
	for _, a := range rec.Acknowledgements {
		if strings.TrimSpace(a.Reason) != "" && f.Matches(a) {
			return a, true
		}
	}
	return app.Acknowledgement{}, false
}

// Errors returned by Acknowledge and Blocking.
var (
	// ErrBlocked means the record has error findings or unacknowledged
	// warnings, so it cannot be finalized.
	ErrBlocked = errors.New("coding edits block finalize")
	// ErrNotAcknowledgeable means the finding is an error, which must be
	// corrected, not acknowledged.
	ErrNotAcknowledgeable = errors.New("an error finding cannot be acknowledged: correct the codes")
	// ErrNoReason means an acknowledgement was given without a reason.
	ErrNoReason = errors.New("an acknowledgement needs a reason")
)

// Acknowledge records on rec that the coder reviewed warning f and kept the
// codes, with a reason (for an Excludes1 pair: why the conditions are
// unrelated). It replaces an earlier acknowledgement of the same finding.
func Acknowledge(rec *app.Record, f Finding, reason, by string, at time.Time) error {
	if f.Severity != Warning {
		return fmt.Errorf("%s: %w", f.Rule, ErrNotAcknowledgeable)
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return fmt.Errorf("%s: %w", f.Rule, ErrNoReason)
	}
	a := app.Acknowledgement{Rule: f.Rule, Codes: append([]string(nil), f.Codes...), Reason: reason, By: by, At: at}
	for i := range rec.Acknowledgements {
		if f.Matches(rec.Acknowledgements[i]) {
			rec.Acknowledgements[i] = a
			return nil
		}
	}
	rec.Acknowledgements = append(rec.Acknowledgements, a)
	return nil
}

// BlockingError lists the findings that stop a record from being finalized.
type BlockingError struct {
	Findings []Finding
}

func (e *BlockingError) Error() string {
	var errs, warns int
	for _, f := range e.Findings {
		if f.Severity == Error {
			errs++
		} else {
			warns++
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%v: %d error(s) to correct and %d warning(s) to acknowledge with a reason", ErrBlocked, errs, warns)
	for _, f := range e.Findings {
		fmt.Fprintf(&b, "\n- %s [%s] %s: %s", f.Severity, f.Rule, strings.Join(f.Codes, ", "), f.Message)
	}
	return b.String()
}

// Unwrap lets callers test errors.Is(err, ErrBlocked).
func (e *BlockingError) Unwrap() error { return ErrBlocked }

// Blocking returns a *BlockingError listing the error findings and the
// unacknowledged warnings, or nil when the record may be finalized.
func Blocking(findings []Finding) error {
	var block []Finding
	for _, f := range findings {
		if f.Severity == Error || !f.Acknowledged {
			block = append(block, f)
		}
	}
	if len(block) == 0 {
		return nil
	}
	return &BlockingError{Findings: block}
}

// Gate returns a finalize hook for the records service: it runs the edits
// and returns Blocking's answer.
func Gate(terms Terms) func(rec *app.Record) error {
	return func(rec *app.Record) error { return Blocking(Check(rec, terms)) }
}
