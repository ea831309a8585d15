package storage

import (
	"strings"

	"github.com/codebench/codebench/app"
)

// What every backend must do the same way, exported for the PostgreSQL
// store (storage/postgres) so the two cannot drift: recent codes, index
// terms and the worklist's word matching and order.

// NewlyAssigned returns, per user who assigned them, the codes rec has and
// old (nil for a new record) had not: a new assignment, or a code put in
// place of another. An assignment without AssignedBy counts as user's.
func NewlyAssigned(user string, old, rec *app.Record) map[string][]app.CodeRef {
	had := map[string]bool{}
	if old != nil {
		for _, a := range old.Assignments {
			had[a.ID+"\x00"+string(a.System)+"\x00"+a.Code] = true
		}
	}
	byUser := map[string][]app.CodeRef{}
	for _, a := range rec.Assignments {
		if had[a.ID+"\x00"+string(a.System)+"\x00"+a.Code] {
			continue
		}
		u := a.AssignedBy
		if u == "" {
			u = user
		}
		byUser[u] = append(byUser[u], app.CodeRef{System: a.System, Code: a.Code, At: a.AssignedAt})
	}
	return byUser
}

// PushRecent puts added at the front of a recent-codes list (the last
// added first), drops older copies of the same codes and keeps
// app.MaxRecentCodes.
func PushRecent(list, added []app.CodeRef) []app.CodeRef { return pushRecent(list, added) }

// SearchTerm is how an MRN, account number or name word is compared in
// the worklist search: trimmed, lower case, without NUL.
func SearchTerm(s string) string { return term(s) }

// SummaryMatches reports whether a worklist row matches every word of a
// query (app.SearchWords): each word starts the MRN, the account number
// or a word of the name, or is the record id.
func SummaryMatches(r app.RecordSummary, words []string) bool {
	for _, w := range words {
		w = term(w)
		ok := strings.HasPrefix(term(r.MRN), w) || (r.Account != "" && strings.HasPrefix(term(r.Account), w)) ||
			strings.EqualFold(r.ID, w)
		for _, nw := range app.SearchWords(r.Name) {
			if strings.HasPrefix(nw, w) {
				ok = true
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// WorklistOf is the worklist of rows for filter f: the rows matching every
// word of the query (SummaryMatches), counted by status, those of f's
// status in date order (SortSummaries), cut to f's limit. A store that
// fetches candidate rows by other means (PostgreSQL's blind index) decides
// on them here.
func WorklistOf(rows []app.RecordSummary, f app.ListFilter) app.Worklist {
	words := app.SearchWords(f.Query)
	wl := app.Worklist{Counts: make(map[app.Status]int, len(app.Statuses))}
	for _, st := range app.Statuses {
		wl.Counts[st] = 0
	}
	for _, r := range rows {
		if !SummaryMatches(r, words) {
			continue
		}
		wl.Counts[r.Status]++
		if f.Status == "" || r.Status == f.Status {
			wl.Records = append(wl.Records, r)
		}
	}
	sortSummaries(wl.Records, f.Oldest)
	wl.Total = len(wl.Records)
	if f.Limit > 0 && len(wl.Records) > f.Limit {
		wl.Records = wl.Records[:f.Limit]
	}
	return wl
}

// SortSummaries orders worklist rows as the Badger store's date index
// does: by date of service (a missing date first), then record id; newest
// first unless oldest.
func SortSummaries(rs []app.RecordSummary, oldest bool) { sortSummaries(rs, oldest) }
