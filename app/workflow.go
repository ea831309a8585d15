package app

import (
	"fmt"
	"strings"
	"time"
)

// Status is where a record stands in the coding workflow.
type Status string

// Workflow states.
const (
	ToCode     Status = "to-code"
	InProgress Status = "in-progress"
	OnHold     Status = "on-hold" // waiting on a provider query
	Coded      Status = "coded"
	Final      Status = "final"
)

// Statuses lists every state in worklist order.
var Statuses = []Status{ToCode, InProgress, OnHold, Coded, Final}

// Label is the name a coder reads.
func (s Status) Label() string {
	switch s {
	case ToCode:
		return "To code"
	case InProgress:
		return "In progress"
	case OnHold:
		return "On hold"
	case Coded:
		return "Coded"
	case Final:
		return "Final"
	}
	return string(s)
}

// ParseStatus accepts a status id or label.
func ParseStatus(s string) (Status, error) {
	k := strings.ToLower(strings.NewReplacer(" ", "-", "_", "-").Replace(strings.TrimSpace(s)))
	for _, st := range Statuses {
		if k == string(st) {
			return st, nil
		}
	}
	return "", fmt.Errorf("unknown status %q: use to-code, in-progress, on-hold, coded or final", s)
}

// StatusChange is one step in a record's history.
type StatusChange struct {
	From   Status    `json:"from"`
	To     Status    `json:"to"`
	Reason string    `json:"reason,omitempty"` // query text or reopen reason
	By     string    `json:"by"`
	At     time.Time `json:"at"`
}

// allowed lists the workflow's edges. Reopening (final → in progress) needs
// a reason; putting on hold needs the query text.
var allowed = map[Status][]Status{
	ToCode:     {InProgress, OnHold, Coded},
	InProgress: {ToCode, OnHold, Coded},
	OnHold:     {InProgress, Coded},
	Coded:      {InProgress, OnHold, Final},
	Final:      {InProgress},
}

// CanMove reports whether the workflow lets r move to status to now (a
// reason may still be needed: see Transition). A record already in to
// cannot move there.
func (r *Record) CanMove(to Status) bool {
	from := r.Status
	if from == "" {
		from = ToCode
	}
	for _, s := range allowed[from] {
		if s == to {
			return true
		}
	}
	return false
}

// CanReopen reports whether r can be taken back to "in progress" with a
// reason: from coded, on hold or final. A record still to code starts
// by assigning a code, not by reopening.
func (r *Record) CanReopen() bool {
	return r.Status != ToCode && r.Status != "" && r.CanMove(InProgress)
}

// Transition moves the record to status to, recording who and why. It does
// not check coding edits; callers that finalize run the edits first.
func (r *Record) Transition(to Status, reason, by string, at time.Time) error {
	if r.Status == "" {
		r.Status = ToCode
	}
	if to == r.Status {
		return nil
	}
	if !r.CanMove(to) {
		return fmt.Errorf("%w: %s → %s", ErrTransition, r.Status.Label(), to.Label())
	}
	reason = strings.TrimSpace(reason)
	switch {
	case to == OnHold && reason == "":
		return fmt.Errorf("%w: write the query to the provider", ErrTransition)
	case r.Status == Final && reason == "":
		return fmt.Errorf("%w: say why the final record is reopened", ErrTransition)
	}
	if to == OnHold {
		r.Query = reason
	} else if r.Status == OnHold {
		r.Query = ""
	}
	r.History = append(r.History, StatusChange{From: r.Status, To: to, Reason: reason, By: by, At: at})
	r.Status = to
	r.UpdatedAt = at
	return nil
}

// LastChange returns the most recent move into status s, if any.
func (r *Record) LastChange(s Status) (StatusChange, bool) {
	for i := len(r.History) - 1; i >= 0; i-- {
		if r.History[i].To == s {
			return r.History[i], true
		}
	}
	return StatusChange{}, false
}
