package app

import (
	"errors"
	"fmt"
	"time"
)

// Errors of several coders sharing one store; callers test them with
// errors.Is.
var (
	// ErrStale means a save was based on a version of the record that is
	// no longer the stored one: someone else saved it in between. Nothing
	// was saved; reload the record and apply the change again.
	ErrStale = errors.New("the record was changed by someone else since you opened it: nothing was saved; reload it and apply your change again")
	// ErrLeased means another coder holds the record's lease (is coding it).
	ErrLeased = errors.New("the record is being coded by someone else")
)

// Lease says who is coding a record. A workstation takes it when it opens
// a record to code and renews it while the record stays open; it expires
// at Expires if that workstation stops renewing (closed, crashed,
// unplugged), so a dead desk never keeps a record from the others.
type Lease struct {
	RecordID string    `json:"record"`
	User     string    `json:"user"`   // who holds it
	Holder   string    `json:"holder"` // the session holding it (opaque; one per signed-in window or command)
	Since    time.Time `json:"since"`  // when the holder first took it; renewals keep it
	Expires  time.Time `json:"expires"`
}

// Message is what a coder reads about a lease someone else holds, e.g.
// "Being coded by ANA since 10:02", in local time.
func (l Lease) Message() string {
	return fmt.Sprintf("Being coded by %s since %s", l.User, l.Since.Local().Format("15:04"))
}

// LeasedError is the error of a lease someone else holds: errors.Is it
// ErrLeased, and errors.As gives the holder's Lease.
type LeasedError struct{ Lease Lease }

func (e *LeasedError) Error() string {
	return e.Lease.Message() + ": open it read-only, or wait until they close it"
}

// Is makes errors.Is(err, ErrLeased) true.
func (e *LeasedError) Is(target error) bool { return target == ErrLeased }

// Change is one saved change to a record, from any workstation sharing
// the store: the worklist and an open record refresh from it. A Change
// with an empty RecordID means "reload everything" (the feed was
// interrupted, e.g. by a reconnect, and changes may have been missed).
type Change struct {
	RecordID string `json:"record"`
	Version  uint64 `json:"version"`
}
