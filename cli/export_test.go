package cli

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/samply/golang-fhir-models/fhir-models/fhir"

	"github.com/codebench/codebench/app/export"
)

// TestExportCommand exports from a real encrypted store with the real
// code sets and reads both files back.
func TestExportCommand(t *testing.T) {
	c := newRunner(t)
	final := c.newRecord()
	c.ok("code", "add", final, "E11.9")
	c.ok("code", "add", final, "I10")
	c.ok("record", "status", final, "coded")
	// E11.9's Tabular note asks for the control code; this made-up visit is diet only.
	c.ok("check", final, "--ack", "use-additional-code", "--codes", "E11.9", "--reason", "diet-controlled: no insulin or oral agents")
	c.ok("record", "status", final, "final")
	coded := c.newRecord("--mrn", "MRN-5000", "--date", "2025-12-01")
	c.ok("code", "add", coded, "I10")
	c.ok("record", "status", coded, "coded")
	c.newRecord("--mrn", "MRN-6000") // no codes: never exported

	dir := t.TempDir()
	out := filepath.Join(dir, "Vantongeren claims.csv")
	_, errOut, _ := c.run("export", "--format", "csv", "--out", out)
	if !strings.Contains(errOut, "1 records, 2 codes") || !strings.Contains(errOut, "patient information") {
		t.Errorf("stderr %q", errOut)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || strings.Join(rows[0], ",") != strings.Join(export.CSVHeader, ",") {
		t.Fatalf("rows %q", rows)
	}
	want := []string{final, "MRN-4471", "ACC-900", "outpatient", "2025-11-03", "", "1", "principal", "ICD-10-CM", "E11.9",
		"Type 2 diabetes mellitus without complications", "", "2026", "", "", ""}
	if strings.Join(rows[1], "|") != strings.Join(want, "|") {
		t.Errorf("row 1 %q\nwant   %q", rows[1], want)
	}
	if rows[2][9] != "I10" || rows[2][6] != "2" || rows[2][7] != "secondary" {
		t.Errorf("row 2 %q", rows[2])
	}
	if st, _ := os.Stat(out); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", st.Mode().Perm())
	}

	// Every status, by date, in FHIR.
	js := filepath.Join(dir, "out.json")
	c.ok("export", "--format", "fhir", "--status", "all", "--from", "2025-11-01", "--to", "2025-12-31", "--out", js)
	b, err := os.ReadFile(js)
	if err != nil {
		t.Fatal(err)
	}
	bundle, err := fhir.UnmarshalBundle(b)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, e := range bundle.Entry {
		var r struct{ ResourceType string }
		if err := json.Unmarshal(e.Resource, &r); err != nil {
			t.Fatal(err)
		}
		kinds[r.ResourceType]++
		if r.ResourceType == "Condition" {
			cond, err := fhir.UnmarshalCondition(e.Resource)
			if err != nil || *cond.Code.Coding[0].System != export.SystemICD10CM {
				t.Errorf("condition %+v %v", cond, err)
			}
		}
	}
	if kinds["Patient"] != 2 || kinds["Encounter"] != 2 || kinds["Condition"] != 3 {
		t.Errorf("resources %v", kinds)
	}

	// The audit trail has the exports, never the file names.
	log := c.ok("audit", "log")
	if !strings.Contains(log, "CSV billing export of 1 records, 2 codes") || !strings.Contains(log, "FHIR billing export of 2 records, 3 codes") {
		t.Errorf("audit log lacks the exports:\n%s", log)
	}
	if strings.Contains(log, "claims") || strings.Contains(log, dir) {
		t.Errorf("audit log holds the file name:\n%s", log)
	}
	if rec := c.ok("audit", "log", "--record", coded); !strings.Contains(rec, "FHIR billing export: 1 codes") {
		t.Errorf("record audit lacks the export:\n%s", rec)
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"export", "--out", out}, "--format csv"},
		{[]string{"export", "--format", "x12", "--out", out}, "use csv or fhir"},
		{[]string{"export", "--format", "csv"}, "--out FILE.csv"},
		{[]string{"export", "--format", "csv", "--out", out, "--from", "2026-01-02", "--to", "2026-01-01"}, "after the --to"},
		{[]string{"export", "--format", "csv", "--out", out, "--from", "1/2/2026"}, "YYYY-MM-DD"},
		{[]string{"export", "--format", "csv", "--out", out, "--status", "on-hold"}, "nothing was exported"},
		{[]string{"export", "--format", "csv", "--out", out, "R999999"}, "not found"},
	} {
		if _, errOut, code := c.run(tc.args...); code == 0 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, %q; want %q", tc.args, code, errOut, tc.want)
		}
	}
}
