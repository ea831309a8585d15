package app

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on what one record or note holds. They keep every stored value
// well under the store's own limits, so a value is refused here with a
// message naming the field rather than by the store, and they catch a
// paste into the wrong field.
const (
	MaxMRN      = 64        // characters of an MRN or account number
	MaxName     = 200       // characters of a patient, provider or facility name
	MaxComment  = 4000      // characters of a comment, reason or query
	MaxFileName = 255       // bytes of a note's file name (most file systems' limit)
	MaxNoteText = 200 << 20 // bytes of a note's text, all pages: the largest file intake reads
	MaxUnits    = 9999      // units of service on one HCPCS claim line
)

// CheckUnits refuses a count of units of service no claim line takes (0
// is none given: one).
func CheckUnits(units int) error {
	if units < 0 || units > MaxUnits {
		return fmt.Errorf("%w: units must be 1 to %d, not %d", ErrIncomplete, MaxUnits, units)
	}
	return nil
}

// CheckLength refuses a field longer than max characters.
func CheckLength(field, value string, max int) error {
	if n := utf8.RuneCountInString(value); n > max {
		return fmt.Errorf("%w: the %s is %d characters long; at most %d fit", ErrIncomplete, field, n, max)
	}
	return nil
}

// CleanFileName is a note's file name as it is kept and shown: control
// characters (a newline could fake a note header in a listing) and the
// Unicode line and paragraph separators become "_".
func CleanFileName(name string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return '_'
		}
		return r
	}, name)
}
