// Package favourites gives the coder the codes they reach for without
// searching: their favourite codes, the last codes they assigned, and the
// codes of the patient's earlier records (same MRN). Each comes marked
// with its validity in the year the open record is coded in and, when it
// is not valid then, the codes the conversion table gives in its place.
// The window and the command line both call Service; the store and the
// code sets come in through small interfaces.
package favourites

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/coding"
	"github.com/codebench/codebench/app/terminology"
)

// Store keeps favourites and recent codes per user and finds a patient's
// records; *storage.Store provides it. The recent codes are kept by the
// store itself, in the transaction that saves each assignment.
type Store interface {
	Favourites() ([]app.CodeRef, error)
	SetFavourite(c app.CodeRef, on bool) error
	RecentCodes() ([]app.CodeRef, error)
	RecordsByMRN(mrn string) ([]*app.Record, error)
	Record(id string) (*app.Record, error)
}

// Terms is what the validity marks need from the code sets;
// *terminology.Set provides it.
type Terms interface {
	coding.Terms
	FiscalYears(sys app.System) []int
	Conversions(code string) []terminology.Conversion
}

// ErrUnknownCode means a code to star is in none of the loaded code sets.
var ErrUnknownCode = errors.New("code not in the code sets")

// Item is one code offered: its title and validity in the year the
// record's codes are checked against.
type Item struct {
	System app.System `json:"system"`
	Code   string     `json:"code"` // canonical
	Title  string     `json:"title"`
	// Year is the year checked: the record's fiscal year (calendar year
	// for HCPCS).
	Year int `json:"year"`
	// Known is false when the code is in none of the loaded code sets (or
	// they are not loaded); Valid and Billable are then false too.
	Known    bool `json:"known"`
	Valid    bool `json:"valid"`
	Billable bool `json:"billable"`
	// Replacements are the codes (canonical) valid in Year that the
	// conversion table gives for a code not valid then: what replaced a
	// deleted code, or what was used before a code newer than Year.
	Replacements []Replacement `json:"replacements,omitempty"`
	Favourite    bool          `json:"favourite,omitempty"`
	// Records are the patient's earlier records that carry the code, as
	// "R000012 2025-06-01" (history only).
	Records []string `json:"records,omitempty"`
}

// Replacement is a code the conversion table gives in place of one not
// valid in the year, with its title and billability in that year.
type Replacement struct {
	Code     string `json:"code"` // canonical
	Title    string `json:"title"`
	Billable bool   `json:"billable"`
}

// Lists are the three lists the coding panel shows when its search box
// is empty.
type Lists struct {
	Favourites []Item `json:"favourites"`
	Recent     []Item `json:"recent"`  // newest first
	History    []Item `json:"history"` // the patient's codes on other records, newest first
}

// Service answers for one signed-in user over one store.
type Service struct {
	store Store
	terms Terms // nil until the code sets are loaded
	now   func() time.Time
}

// New returns the service; terms may be nil (codes are then marked unknown).
func New(store Store, terms Terms) *Service {
	return &Service{store: store, terms: terms, now: func() time.Time { return time.Now().UTC() }}
}

// SetFavourite stars (on) or unstars code of sys for the signed-in user.
// A code is starred only if the loaded code sets know it, in any year.
func (s *Service) SetFavourite(sys app.System, code string, on bool) error {
	code = terminology.Canonical(code)
	if on && s.terms != nil && s.terms.Lookup(sys, code) == nil {
		return fmt.Errorf("%w: %s %s is in no fiscal year loaded", ErrUnknownCode, sys.Label(), terminology.Display(sys, code))
	}
	return s.store.SetFavourite(app.CodeRef{System: sys, Code: code, At: s.now()}, on)
}

// IsFavourite reports whether code of sys is one of the user's favourites.
func (s *Service) IsFavourite(sys app.System, code string) (bool, error) {
	favs, err := s.store.Favourites()
	if err != nil {
		return false, err
	}
	code = terminology.Canonical(code)
	for _, f := range favs {
		if f.System == sys && f.Code == code {
			return true, nil
		}
	}
	return false, nil
}

// Toggle stars code of sys when it is not a favourite, else unstars it,
// and says which it did.
func (s *Service) Toggle(sys app.System, code string) (starred bool, err error) {
	on, err := s.IsFavourite(sys, code)
	if err != nil {
		return false, err
	}
	return !on, s.SetFavourite(sys, code, !on)
}

// Lists returns the favourites, recent codes and the patient's history
// for the record recordID, each marked for the record's year.
func (s *Service) Lists(recordID string) (Lists, error) {
	rec, err := s.store.Record(recordID)
	if err != nil {
		return Lists{}, err
	}
	return s.ListsFor(rec)
}

// ListsFor is Lists for a record already loaded.
func (s *Service) ListsFor(rec *app.Record) (Lists, error) {
	var out Lists
	favs, err := s.store.Favourites()
	if err != nil {
		return out, err
	}
	starred := map[string]bool{}
	for _, f := range favs {
		starred[key(f.System, f.Code)] = true
	}
	mark := func(sys app.System, code string) Item {
		it := s.item(rec, sys, code)
		it.Favourite = starred[key(sys, code)]
		return it
	}
	for _, f := range favs {
		out.Favourites = append(out.Favourites, mark(f.System, f.Code))
	}
	sort.SliceStable(out.Favourites, func(i, j int) bool {
		a, b := out.Favourites[i], out.Favourites[j]
		if a.System != b.System {
			return sysOrder(a.System) < sysOrder(b.System)
		}
		return a.Code < b.Code
	})
	recent, err := s.store.RecentCodes()
	if err != nil {
		return out, err
	}
	for _, c := range recent {
		out.Recent = append(out.Recent, mark(c.System, c.Code))
	}
	if rec.Patient.MRN == "" {
		return out, nil
	}
	others, err := s.store.RecordsByMRN(rec.Patient.MRN)
	if err != nil {
		return out, err
	}
	at := map[string]int{}
	for _, o := range others {
		if o.ID == rec.ID {
			continue
		}
		where := o.ID + " " + app.FormatDate(o.Encounter.Service)
		for _, a := range o.Assignments {
			k := key(a.System, a.Code)
			i, ok := at[k]
			if !ok {
				i = len(out.History)
				at[k] = i
				out.History = append(out.History, mark(a.System, a.Code))
			}
			if rs := out.History[i].Records; len(rs) == 0 || rs[len(rs)-1] != where {
				out.History[i].Records = append(rs, where)
			}
		}
	}
	return out, nil
}

func key(sys app.System, code string) string { return string(sys) + "\x00" + code }

func sysOrder(s app.System) int {
	for i, x := range app.Systems {
		if x == s {
			return i
		}
	}
	return len(app.Systems)
}

// item marks code of sys for rec's year.
func (s *Service) item(rec *app.Record, sys app.System, code string) Item {
	var terms coding.Terms
	if s.terms != nil {
		terms = s.terms
	}
	it := Item{System: sys, Code: code, Year: coding.CheckYear(terms, rec, sys)}
	if s.terms == nil {
		return it
	}
	c := s.terms.Lookup(sys, code)
	if c == nil {
		return it
	}
	it.Known = true
	t := c.TitleIn(it.Year)
	it.Title = t.Long
	if it.Title == "" {
		it.Title = t.Short
	}
	it.Valid = c.Valid.Has(it.Year)
	it.Billable = c.Billable.Has(it.Year)
	if !it.Valid {
		it.Replacements = s.replacements(sys, code, c, it.Year)
	}
	return it
}

// replacements are the codes valid in fy that the conversion table gives
// for code: those that replaced it when it is older than fy, those used
// before it when it is newer (the same reading as the validity edit's fix).
func (s *Service) replacements(sys app.System, code string, c *terminology.Concept, fy int) []Replacement {
	var out []Replacement
	seen := map[string]bool{code: true}
	add := func(x string) {
		x = terminology.Canonical(x)
		if seen[x] {
			return
		}
		seen[x] = true
		if r := s.terms.Lookup(sys, x); r != nil && r.Valid.Has(fy) {
			t := r.TitleIn(fy)
			title := t.Long
			if title == "" {
				title = t.Short
			}
			out = append(out, Replacement{Code: x, Title: title, Billable: r.Billable.Has(fy)})
		}
	}
	older := c.Valid.Last() < fy
	for _, cv := range s.terms.Conversions(code) {
		if older {
			for _, p := range cv.Previous {
				if terminology.Canonical(p) == code {
					add(cv.Current)
				}
			}
		} else if terminology.Canonical(cv.Current) == code {
			for _, p := range cv.Previous {
				add(p)
			}
		}
	}
	return out
}

// Describe is the code with the dot and its title.
func (it Item) Describe() string {
	s := terminology.Display(it.System, it.Code)
	if it.Title != "" {
		s += "  " + it.Title
	}
	return s
}

// Validity says in words how the code stands in its year: "valid FY2026",
// "not billable in FY2026 (a header)", "not valid in FY2026: replaced by
// I21.A1", "not in the code sets".
func (it Item) Validity() string {
	y := fmt.Sprintf("FY%d", it.Year)
	if it.System == app.HCPCS {
		y = fmt.Sprintf("%d", it.Year)
	}
	switch {
	case !it.Known:
		return "not in the loaded code sets"
	case !it.Valid && len(it.Replacements) > 0:
		var d []string
		for _, r := range it.Replacements {
			d = append(d, terminology.Display(it.System, r.Code))
		}
		return "not valid in " + y + ": use " + strings.Join(d, " or ") + " (conversion table)"
	case !it.Valid:
		return "not valid in " + y
	case !it.Billable && it.System == app.ICD10CM:
		return "valid in " + y + ", not billable (a header: pick a code under it)"
	case !it.Billable:
		return "valid in " + y + ", not billable"
	}
	return "valid in " + y
}
