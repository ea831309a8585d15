package coding

import (
	"errors"
	"fmt"
	"strings"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/codeset"
)

// ErrCPT means the coder typed a CPT code. CPT belongs to the AMA and is
// not among Codebench's code sets, so the code is refused by its shape
// rather than read as something else (99213 is not ICD-10-CM 992.13).
var ErrCPT = errors.New("CPT codes are not part of Codebench")

// MaxModifiers is how many modifiers a HCPCS claim line carries.
const MaxModifiers = 4

// ParseTyped splits a code as the coder types it into the code (canonical)
// and its HCPCS modifiers: "J1100-RT" is HCPCS J1100 with modifier RT,
// "J1100-RT-59" has two. Only a HCPCS-shaped code (a letter and four
// digits) takes modifiers; a trailing dash, as in the index's "I21.-", is
// dropped. A CPT-shaped code (five digits, or four and F, T or U) is
// refused with ErrCPT.
func ParseTyped(typed string) (code string, modifiers []string, err error) {
	parts := strings.Split(strings.TrimSpace(typed), "-")
	for len(parts) > 1 && strings.TrimSpace(parts[len(parts)-1]) == "" {
		parts = parts[:len(parts)-1]
	}
	code = codeset.Canonical(parts[0])
	if isCPT(code) && !strings.Contains(parts[0], ".") {
		return "", nil, fmt.Errorf("%w: %s is a CPT code; Codebench codes ICD-10-CM, ICD-10-PCS and HCPCS Level II only, so report CPT in the system that holds it", ErrCPT, code)
	}
	if len(parts) == 1 {
		return code, nil, nil
	}
	if !isHCPCSShape(code) || strings.Contains(parts[0], ".") {
		return "", nil, fmt.Errorf("%w: %q: only a HCPCS code takes modifiers after a dash (J1100-RT)", app.ErrIncomplete, strings.TrimSpace(typed))
	}
	if len(parts)-1 > MaxModifiers {
		return "", nil, fmt.Errorf("%w: %s has %d modifiers; a claim line takes at most %d", app.ErrIncomplete, code, len(parts)-1, MaxModifiers)
	}
	for _, p := range parts[1:] {
		m := codeset.Canonical(p)
		if len(m) != 2 || !alnum(m) {
			return "", nil, fmt.Errorf("%w: modifier %q: a HCPCS modifier is two letters or digits (J1100-RT)", app.ErrIncomplete, strings.TrimSpace(p))
		}
		for _, seen := range modifiers {
			if seen == m {
				return "", nil, fmt.Errorf("%w: modifier %s is given twice", app.ErrIncomplete, m)
			}
		}
		modifiers = append(modifiers, m)
	}
	return code, modifiers, nil
}

// isCPT reports a CPT shape: five digits (Category I), or four digits and
// F (Category II), T (Category III) or U (proprietary laboratory analyses).
func isCPT(c string) bool {
	if len(c) != 5 {
		return false
	}
	for i := 0; i < 4; i++ {
		if !isDigit(c[i]) {
			return false
		}
	}
	return isDigit(c[4]) || c[4] == 'F' || c[4] == 'T' || c[4] == 'U'
}

func isHCPCSShape(c string) bool {
	return len(c) == 5 && c[0] >= 'A' && c[0] <= 'Z' && isDigit(c[1]) && isDigit(c[2]) && isDigit(c[3]) && isDigit(c[4])
}

// checkModifiers makes sure each modifier is on the HCPCS modifier list of
// the release the code was checked against and in effect on the date of
// service.
func (s *Service) checkModifiers(r *app.Record, fy int, mods []string) error {
	terms := s.terms()
	date := app.FormatDate(r.Encounter.CodingDate())
	for _, m := range mods {
		c := terms.Lookup(app.HCPCS, m)
		if c == nil || !c.Modifier {
			return fmt.Errorf("%w: %s is not a HCPCS modifier", app.ErrInvalidCode, m)
		}
		if !c.Valid.Has(fy) {
			return fmt.Errorf("%w: modifier %s is not in %s", app.ErrInvalidCode, m, yearName(app.HCPCS, fy))
		}
		if start := c.Start(); start != "" && date < start {
			return fmt.Errorf("%w: modifier %s takes effect on %s, after the date of service %s", app.ErrInvalidCode, m, start, date)
		}
		if c.Termination != "" && date > c.Termination {
			return fmt.Errorf("%w: modifier %s was terminated on %s, before the date of service %s", app.ErrInvalidCode, m, c.Termination, date)
		}
	}
	return nil
}

func sameModifiers(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
