package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/suggest"
	"github.com/codebench/codebench/internal/testenv"
)

// suggestCodeSets links the FY2026 ICD-10-CM release, the FY2023 Tabular
// List and Alphabetic Index into a folder for CODEBENCH_CODESETS.
func suggestCodeSets(t *testing.T) string {
	t.Helper()
	shared := testenv.Terminology(t)
	dir := t.TempDir()
	for _, f := range []string{"icd10cm/cms_2026_dx.zip", "icd10cm-xml/icd10cm_tabular_2023.xml.gz", "icd10cm-xml/icd10cm_index_2023.xml.gz"} {
		if err := os.Symlink(filepath.Join(shared, f), filepath.Join(dir, filepath.Base(f))); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const suggestNote = `CHIEF COMPLAINT: Cough.
HPI: 60-year-old woman with cough and fever. No chest pain. Former smoker.
ASSESSMENT: Community-acquired pneumonia. Hyperlipidemia.
`

func TestSuggestFilesAndRecord(t *testing.T) {
	c := newRunner(t)
	c.env[envCodeSets] = suggestCodeSets(t)
	note := filepath.Join(t.TempDir(), "visit.txt")
	if err := os.WriteFile(note, []byte(suggestNote), 0o600); err != nil {
		t.Fatal(err)
	}
	out := c.ok("suggest", "--date", "2026-03-02", "--json", note)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 1 {
		t.Fatalf("want one JSON line per file, got %d:\n%s", len(lines), out)
	}
	var got struct {
		File        string `json:"file"`
		Micros      int64  `json:"micros"`
		Suggestions []struct {
			System    string  `json:"system"`
			Code      string  `json:"code"`
			Title     string  `json:"title"`
			Score     float64 `json:"score"`
			Assertion string  `json:"assertion"`
			Reason    string  `json:"reason"`
			Evidence  []struct {
				Page  int    `json:"page"`
				Start int    `json:"start"`
				End   int    `json:"end"`
				Text  string `json:"text"`
			} `json:"evidence"`
		} `json:"suggestions"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &got); err != nil {
		t.Fatal(err)
	}
	if got.File != "visit.txt" || got.Micros < 0 || len(got.Suggestions) == 0 {
		t.Fatalf("line: %s", lines[0])
	}
	codes := map[string]string{}
	for _, s := range got.Suggestions {
		codes[s.Code] = s.Assertion
		for _, e := range s.Evidence {
			if e.Page != 1 || suggestNote[e.Start:e.End] != e.Text {
				t.Errorf("%s: evidence %+v is not the note's words at those offsets", s.Code, e)
			}
		}
		if s.System != "icd10cm" || s.Title == "" || s.Reason == "" {
			t.Errorf("incomplete suggestion %+v", s)
		}
	}
	if codes["J18.9"] != "present" || codes["E78.5"] != "present" || codes["R07.9"] != "negated" || codes["Z87.891"] != "history" {
		t.Errorf("codes and assertions: %v", codes)
	}

	// A record's notes, with the record's setting and date.
	id := c.newRecord("--type", "office", "--date", "2026-03-02")
	c.ok("note", "add", id, note)
	out = c.ok("suggest", id)
	if !strings.Contains(out, "visit.txt:") || !strings.Contains(out, "+ J18.9") || !strings.Contains(out, "  R07.9") {
		t.Errorf("suggest ID:\n%s", out)
	}
}

// TestSuggestRecordKeepsDismissals: a code the coder dismissed for the
// record in the window is listed by `suggest ID` as not proposed, saying
// so; other codes are untouched.
func TestSuggestRecordKeepsDismissals(t *testing.T) {
	r := &app.Record{Dismissed: []app.CodeRef{{System: app.ICD10CM, Code: "E785"}}}
	got := []suggest.Suggestion{
		{System: app.ICD10CM, Code: "E78.5", Proposed: true, Reason: "Index: Hyperlipidemia"},
		{System: app.ICD10CM, Code: "J18.9", Proposed: true, Reason: "Index: Pneumonia"},
	}
	markDismissed(r, got)
	if got[0].Proposed || !strings.HasPrefix(got[0].Reason, "dismissed by the coder") || !got[1].Proposed {
		t.Fatalf("after markDismissed: %+v", got)
	}
}
