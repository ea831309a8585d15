package storage

import (
	"fmt"
	"time"
)

// Repeated failed sign-ins for one name slow down: after freeFailures
// within forgetFailures, each further attempt must wait pauseAfter after
// the last failure, doubling with every failure up to maxPause. The
// failures are the failed sign-in log beside the database
// (signin-failures.jsonl, signin.go), which a new process reads too: it
// keeps a failure after folding it into the audit trail, until the name
// signs in or forgetFailures passes. Names are compared normalised
// (nameKey), so "ALICE" and "ａlice" count together.
const (
	freeFailures = 5
	pauseAfter   = 30 * time.Second
	maxPause     = time.Hour
	// forgetFailures is how long after a failure it stops counting.
	forgetFailures = 24 * time.Hour
)

// backoffNow is the clock of the failed sign-in log; tests move it.
var backoffNow = time.Now

// signInPause is how long after the last of n failures the next attempt
// must wait.
func signInPause(n int) time.Duration {
	if n < freeFailures {
		return 0
	}
	p := pauseAfter
	for i := freeFailures; i < n && p < maxPause; i++ {
		p *= 2
	}
	return min(p, maxPause)
}

// checkSignInPause returns ErrSignInPaused, with how long to wait, when
// name has failed too often lately.
func checkSignInPause(dir, name string) error {
	n, last, err := recentFailedSignIns(dir, name)
	if err != nil {
		return err
	}
	if wait := last.Add(signInPause(n)).Sub(backoffNow()); n >= freeFailures && wait > 0 {
		return fmt.Errorf("%w: wait %s, then try again", ErrSignInPaused, roundWait(wait))
	}
	return nil
}

func roundWait(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%d seconds", int(d.Seconds()+0.999))
	}
	return fmt.Sprintf("%d minutes", int(d.Minutes()+0.999))
}
