package app

import (
	"fmt"
	"strings"
)

// UserRole is what a person may do in Codebench. It is not a code's
// Role on the claim (Principal, Secondary...).
type UserRole string

// User roles. Every user codes; only an administrator adds, disables,
// enables and removes users and changes another's role.
const (
	Administrator UserRole = "admin"
	CodingStaff   UserRole = "coder"
)

// Label is the role as a person reads it.
func (r UserRole) Label() string {
	switch r {
	case Administrator:
		return "Administrator"
	case CodingStaff:
		return "Coder"
	}
	return string(r)
}

// ParseUserRole accepts "admin"/"administrator" or "coder".
func ParseUserRole(s string) (UserRole, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "admin", "administrator":
		return Administrator, nil
	case "coder":
		return CodingStaff, nil
	}
	return "", fmt.Errorf("unknown role %q: use admin or coder", s)
}

// UserInfo is one user of a data folder as the user management screens
// list them. Names are coders' names, never patients'.
type UserInfo struct {
	Name     string
	Role     UserRole
	Disabled bool
}
