package cli

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/codebench/codebench/app/coding/edits"
)

// TestCheckCommand runs the edits over the real code sets (from the
// generated pack, as every command test does), whose FY2023 Tabular List
// notes (Excludes1, use additional code) the edits read.
func TestCheckCommand(t *testing.T) {
	c := newRunner(t)
	id := c.newRecord() // outpatient, 2025-11-03: FY2026
	c.ok("code", "add", id, "E11.9")
	c.ok("code", "add", id, "E10.9")

	// Warnings only: exit 0, and the JSON names the Excludes1 pair.
	var fs []edits.Finding
	if err := json.Unmarshal([]byte(c.ok("check", id, "--json")), &fs); err != nil {
		t.Fatal(err)
	}
	var ex *edits.Finding
	for i := range fs {
		if fs[i].Rule == "excludes1" {
			ex = &fs[i]
		}
		if fs[i].Severity == edits.Error {
			t.Errorf("unexpected error finding: %+v", fs[i])
		}
	}
	if ex == nil || ex.Severity != edits.Warning || !reflect.DeepEqual(ex.Codes, []string{"E11.9", "E10.9"}) ||
		!strings.Contains(ex.Message, "type 1 diabetes mellitus (E10.-)") || !strings.Contains(ex.Source, "§I.A.12.a") {
		t.Fatalf("Excludes1 finding: %+v", ex)
	}

	// An error finding: exit 1, and the text says what and why.
	c.ok("code", "add", id, "E11.0")
	out, _, code := c.run("check", id)
	if code != 1 {
		t.Fatalf("check with a header code: exit %d\n%s", code, out)
	}
	for _, want := range []string{"ERROR [header-code] E11.0", "Corrected code(s): E11.00, E11.01", "WARNING [excludes1] E11.9, E10.9", "Source: ICD-10-CM Official Guidelines"} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
	// The raw JSON keeps the agreed keys.
	raw, _, code := c.run("check", id, "--json")
	var objs []map[string]any
	if err := json.Unmarshal([]byte(raw), &objs); err != nil || code != 1 || len(objs) == 0 {
		t.Fatalf("check --json: exit %d, %v\n%s", code, err, raw)
	}
	for _, k := range []string{"rule", "severity", "codes", "message", "source"} {
		if _, ok := objs[0][k]; !ok {
			t.Errorf("JSON finding lacks %q: %v", k, objs[0])
		}
	}

	// Acknowledging: the Excludes1 warning with a reason; never an error.
	c.fail(2, "check", id, "--ack", "excludes1", "--codes", "E11.9,E10.9")
	c.fail(1, "check", id, "--ack", "header-code", "--codes", "E11.0", "--reason", "x")
	c.fail(1, "check", id, "--ack", "excludes1", "--codes", "E11.9", "--reason", "x")
	out, _, code = c.run("check", id, "--ack", "excludes1", "--codes", "E10.9, E11.9", "--reason", "type 1 documented in error; provider confirmed type 2")
	if code != 1 || !strings.Contains(out, "ACKNOWLEDGED [excludes1] E11.9, E10.9") || !strings.Contains(out, "Reason: type 1 documented in error") {
		t.Errorf("check --ack: exit %d\n%s", code, out)
	}
	c.ok("code", "rm", id, "E11.0")
	if out, _, code = c.run("check", id); code != 0 || !strings.Contains(out, "ACKNOWLEDGED [excludes1]") {
		t.Errorf("after the fix and the acknowledgement: exit %d\n%s", code, out)
	}

	rules := c.ok("check", "--rules")
	for _, r := range edits.Rules {
		if !strings.Contains(rules, r.ID) || !strings.Contains(rules, r.Source) {
			t.Errorf("check --rules lacks %s:\n%s", r.ID, rules)
		}
	}
	c.fail(2, "check")
	c.fail(1, "check", "R999999")
}
