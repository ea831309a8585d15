package app

import (
	"strings"
	"time"
	"unicode"
)

// ListFilter selects and orders the records of the worklist.
type ListFilter struct {
	Status Status // "" for every status
	// Query is matched word by word: every word must be the start of the
	// MRN, the account number or a word of the patient's name.
	Query  string
	Oldest bool // oldest date of service first; newest first by default
	Limit  int  // 0 for no limit
}

// RecordSummary is one row of the worklist.
type RecordSummary struct {
	ID        string        `json:"id"`
	MRN       string        `json:"mrn"`
	Name      string        `json:"name"`
	Account   string        `json:"account,omitempty"`
	Type      EncounterType `json:"type"`
	Service   time.Time     `json:"service"`
	Status    Status        `json:"status"`
	Codes     int           `json:"codes"`
	Demo      bool          `json:"demo,omitempty"`
	UpdatedAt time.Time     `json:"updatedAt"`
}

// Summary is the record's worklist row.
func (r *Record) Summary() RecordSummary {
	st := r.Status
	if st == "" {
		st = ToCode
	}
	return RecordSummary{ID: r.ID, MRN: r.Patient.MRN, Name: r.Patient.Name, Account: r.Encounter.Account,
		Type: r.Encounter.Type, Service: r.Encounter.Service, Status: st, Codes: len(r.Assignments),
		Demo: r.Demo, UpdatedAt: r.UpdatedAt}
}

// Worklist is the answer to a ListFilter.
type Worklist struct {
	Records []RecordSummary `json:"records"`
	// Total is how many records match before Limit is applied.
	Total int `json:"total"`
	// Counts is how many records match the query in each status,
	// ignoring the Status filter (the worklist's tabs).
	Counts map[Status]int `json:"counts"`
}

// SearchWords splits a name, MRN, account or query into the lower-case
// words the worklist matches on.
func SearchWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '\''
	})
}
