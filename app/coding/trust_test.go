package coding

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
)

// quarterTerms loads HCPCS releases of 2024 (October) and 2025 (October)
// and ICD-10-CM FY2016–FY2026.
type quarterTerms struct{ fakeTerms }

func (quarterTerms) FiscalYears(sys app.System) []int {
	if sys == app.HCPCS {
		return []int{2024, 2025}
	}
	return years(2016, 2026).List()
}

func (quarterTerms) HCPCSReleaseMonth(int) time.Month { return time.October }

// Issue 14, item 3: a HCPCS code is checked against the loaded release
// covering the date of service (calendar quarters), not the fiscal or
// calendar year of the date.
func TestCheckYearHCPCSByReleaseCoveringTheDate(t *testing.T) {
	terms := quarterTerms{newFakeTerms()}
	for _, c := range []struct {
		date string
		want int
	}{
		{"2023-05-01", 2024}, // before every release: the earliest
		{"2024-10-01", 2024},
		{"2025-03-31", 2024}, // calendar 2025, but the 2025 release starts in October
		{"2025-09-30", 2024},
		{"2025-10-01", 2025},
		{"2026-02-10", 2025}, // no 2026 release loaded
	} {
		r := &app.Record{Encounter: app.Encounter{Type: app.Outpatient, Service: date(c.date)}}
		if got := CheckYear(terms, r, app.HCPCS); got != c.want {
			t.Errorf("HCPCS on %s: release %d, want %d", c.date, got, c.want)
		}
	}
	r := &app.Record{Encounter: app.Encounter{Type: app.Outpatient, Service: date("2025-10-01")}}
	if got := CheckYear(terms, r, app.ICD10CM); got != 2026 {
		t.Errorf("ICD-10-CM on 2025-10-01: FY%d, want FY2026", got)
	}
}

// Finalize compares each code's year with the code sets' year for the
// date; a service whose code sets are not loaded yet loads them first
// instead of comparing against the bare calendar year.
func TestFinalizeLoadsTheCodeSetsFirst(t *testing.T) {
	s, m := newTestService(t)
	terms := quarterTerms{newFakeTerms()}
	s.SetTerms(terms)
	r := newRecord(t, s, app.Outpatient, "2026-02-10", "")
	if _, err := s.AssignCode(r.ID, Assign{Code: "I10"}); err != nil {
		t.Fatal(err)
	}
	rec, err := s.AssignCode(r.ID, Assign{Code: "J1100"})
	if err != nil {
		t.Fatal(err)
	}
	if y := rec.Assignments[1].Year; y != 2025 {
		t.Fatalf("J1100 on 2026-02-10 checked against %d, want the 2025 release", y)
	}
	if _, err := s.SetStatus(r.ID, app.Coded, ""); err != nil {
		t.Fatal(err)
	}
	// A new process: the same store, no code sets until asked.
	fresh := New(m, nil)
	loads := 0
	fresh.LoadTerms = func() (Terms, error) { loads++; return terms, nil }
	if _, err := fresh.SetStatus(r.ID, app.Final, ""); err != nil {
		t.Fatalf("finalize: %v", err)
	}
	if loads != 1 {
		t.Errorf("code sets loaded %d times, want 1", loads)
	}
}

func TestParseTyped(t *testing.T) {
	for _, c := range []struct {
		in, code, mods string
		err            error
	}{
		{"J1100-RT", "J1100", "RT", nil},
		{" j1100-rt-59 ", "J1100", "RT 59", nil},
		{"J1100", "J1100", "", nil},
		{"J11.00", "J1100", "", nil},
		{"I21.-", "I21", "", nil},
		{"0DTJ4ZZ", "0DTJ4ZZ", "", nil},
		{"99213", "", "", ErrCPT},
		{"0001U", "", "", ErrCPT},
		{"1234F", "", "", ErrCPT},
		{"99213-25", "", "", ErrCPT},
		{"J11.00-RT", "", "", app.ErrIncomplete},
		{"E11.9-RT", "", "", app.ErrIncomplete},
		{"J1100-RTX", "", "", app.ErrIncomplete},
		{"J1100-RT-RT", "", "", app.ErrIncomplete},
		{"J1100-A1-A2-A3-A4-A5", "", "", app.ErrIncomplete},
	} {
		code, mods, err := ParseTyped(c.in)
		if c.err != nil {
			if !errors.Is(err, c.err) {
				t.Errorf("%q: error %v, want %v", c.in, err, c.err)
			}
			continue
		}
		if err != nil || code != c.code || strings.Join(mods, " ") != c.mods {
			t.Errorf("%q: got %q %v %v, want %q %q", c.in, code, mods, err, c.code, c.mods)
		}
	}
}

func FuzzParseTyped(f *testing.F) {
	for _, s := range []string{"J1100-RT", "99213", "E11.9", "I21.-", "--", "J1100-RT-59-LT-GA"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, mods, err := ParseTyped(s)
		if err != nil {
			return
		}
		if len(mods) > MaxModifiers {
			t.Fatalf("%q: %d modifiers", s, len(mods))
		}
		if len(mods) > 0 && !isHCPCSShape(code) {
			t.Fatalf("%q: modifiers on %q", s, code)
		}
	})
}

// failingNotes fails the save of the note numbered failAt (1-based).
type failingNotes struct {
	*memStore
	saves, failAt int
}

func (f *failingNotes) SaveNote(r *app.Record, n *app.Note, orig []byte, evs ...app.AuditEvent) error {
	f.saves++
	if f.saves == f.failAt {
		return errors.New("could not save: disk full? free space and retry; nothing was lost")
	}
	return f.memStore.SaveNote(r, n, orig, evs...)
}

// Issue 14, item 8: AddNotes checks every file before saving any, reports
// the notes it saved when a later save fails, and does not add a file
// that is already attached again.
func TestAddNotesAllCheckedFirstAndRetrySafe(t *testing.T) {
	m := &failingNotes{memStore: newMemStore(), failAt: 2}
	s := New(m, newFakeTerms())
	s.Now = func() time.Time { return time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC) }
	r := newRecord(t, s, app.Office, "2025-11-03", "")
	note := func(name, text string) NoteInput {
		return NoteInput{FileName: name, Pages: []app.Page{{Text: text}}, Original: []byte(text)}
	}
	long := strings.Repeat("n", app.MaxFileName+1)
	if _, err := s.AddNotes(r.ID, []NoteInput{note("a.txt", "A"), note(long, "B")}); !errors.Is(err, app.ErrIncomplete) {
		t.Fatalf("a bad second file: %v", err)
	}
	if m.saves != 0 {
		t.Fatalf("%d notes saved before the bad file was found", m.saves)
	}
	added, err := s.AddNotes(r.ID, []NoteInput{note("a.txt", "A"), note("b.txt", "B")})
	if err == nil || len(added) != 1 || added[0].Note.FileName != "a.txt" {
		t.Fatalf("the second save failed: added %v, err %v", added, err)
	}
	added, err = s.AddNotes(r.ID, []NoteInput{note("a.txt", "A"), note("b.txt", "B")})
	if err != nil || len(added) != 2 || !added[0].Existing || added[1].Existing {
		t.Fatalf("retry: %+v %v", added, err)
	}
	got, _ := s.Record(r.ID)
	if len(got.NoteIDs) != 2 {
		t.Errorf("%d notes after the retry, want 2 (a.txt once, b.txt)", len(got.NoteIDs))
	}
	// Same name, other content: a new note.
	if added, err := s.AddNotes(r.ID, []NoteInput{note("a.txt", "A, corrected")}); err != nil || added[0].Existing {
		t.Errorf("changed a.txt: %+v %v", added, err)
	}
}
