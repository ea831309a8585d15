package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/codebench/codebench/internal/testenv/testpack"
)

// Issue 14, item 3: a HCPCS code on a record of the newest loaded fiscal
// year can be finalized from the command line, where each command loads
// the code sets only when it needs them. The date is in calendar 2026,
// which the October 2025 HCPCS release covers (there is no 2026 release
// loaded); before the fix finalize compared against calendar 2026 without
// the code sets and refused ("checked against FY2025 but ... FY2026").
func TestHCPCSOnCurrentDateFinalizes(t *testing.T) {
	c := newRunner(t)
	id := c.newRecord("--date", "2026-02-10")
	c.ok("code", "add", id, "I10")
	c.ok("code", "add", id, "J1100")
	c.ok("record", "status", id, "coded")
	out, errOut, code := c.run("record", "status", id, "final")
	if code != 0 {
		t.Fatalf("record status final: exit %d\n%s%s", code, out, errOut)
	}
	if strings.Contains(errOut, "was checked against") {
		t.Errorf("finalize asked for the code again: %s", errOut)
	}
}

// The real pack knows the HCPCS release is October's, so a date before
// October 2025 is not read as covered by it.
func TestRealHCPCSReleaseMonth(t *testing.T) {
	set, err := testpack.Load()
	if err != nil {
		t.Fatal(err)
	}
	if m := set.HCPCSReleaseMonth(2025); m != time.October {
		t.Errorf("2025 HCPCS release month %v, want October", m)
	}
}
