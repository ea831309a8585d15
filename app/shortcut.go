package app

import "time"

// CodeRef names a code a coder keeps at hand: a favourite, or one of the
// codes they assigned recently.
type CodeRef struct {
	System System    `json:"system"`
	Code   string    `json:"code"` // canonical: upper case, no dot
	At     time.Time `json:"at"`   // when it was starred or last assigned
}

// MaxRecentCodes is how many recently assigned codes are kept per user.
const MaxRecentCodes = 50
