// Package locale normalises the POSIX "C" locale before Fyne reads it.
//
// Fyne's lang package reads LC_ALL, LC_MESSAGES or LANG in its init and
// logs "Error parsing user locale C" on every start, CLI commands included,
// when the value is C.UTF-8 (Debian's default in containers and CI). This
// package has no dependencies beyond the standard library, so Go's package
// initialisation order (import path order among ready packages) runs its
// init before Fyne's: main imports it for that side effect alone.
package locale

import (
	"os"
	"strings"
)

func init() { Normalise(os.Getenv, os.Setenv) }

// Normalise rewrites a "C.<codeset>" locale to plain "C", which every
// program reads as the POSIX locale and Fyne maps to English.
func Normalise(getenv func(string) string, setenv func(string, string) error) {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := getenv(k)
		if v == "" {
			continue
		}
		if strings.HasPrefix(v, "C.") || strings.HasPrefix(v, "POSIX.") {
			_ = setenv(k, "C")
		}
		return
	}
}
