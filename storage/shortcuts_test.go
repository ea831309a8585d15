package storage

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
)

func codes(refs []app.CodeRef) []string {
	out := make([]string, len(refs))
	for i, c := range refs {
		out[i] = string(c.System) + ":" + c.Code
	}
	return out
}

func TestFavouritesPerUser(t *testing.T) {
	s, dir := openTestStore(t)
	now := time.Now().UTC()
	for _, c := range []app.CodeRef{{System: app.ICD10CM, Code: "I10", At: now}, {System: app.ICD10CM, Code: "E119", At: now}, {System: app.HCPCS, Code: "J1100", At: now}} {
		if err := s.SetFavourite(c, true); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetFavourite(app.CodeRef{System: app.ICD10CM, Code: "E119"}, false); err != nil {
		t.Fatal(err)
	}
	// Unstarring what is not starred is no error.
	if err := s.SetFavourite(app.CodeRef{System: app.ICD10CM, Code: "Z00"}, false); err != nil {
		t.Fatal(err)
	}
	if err := s.AddUser("second", "second passphrase"); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// They survive a reopen, and another user has their own.
	s, err := Open(dir, "coder", testPass, testOptions(&syncBuffer{}))
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Favourites()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"hcpcs:J1100", "icd10cm:I10"}; !reflect.DeepEqual(codes(got), want) || !got[0].At.Equal(now) {
		t.Errorf("favourites %v, want %v", codes(got), want)
	}
	s.Close()
	s2, err := Open(dir, "second", "second passphrase", testOptions(&syncBuffer{}))
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if got, err := s2.Favourites(); err != nil || len(got) != 0 {
		t.Errorf("second user's favourites %v, %v", codes(got), err)
	}
}

func TestRecentCodesKeptOnSave(t *testing.T) {
	s, _ := openTestStore(t)
	r := fakeRecord(t, s, fakeName, fakeMRN, day(2025, 11, 3), app.InProgress)
	assign := func(sys app.System, code string) {
		t.Helper()
		a := app.Assignment{ID: r.NewAssignmentID(), System: sys, Code: code, AssignedBy: s.User(), AssignedAt: time.Now().UTC()}
		r.Assignments = append(r.Assignments, a)
		if err := s.SaveRecord(r, app.AuditEvent{Action: app.AuditCodeAssigned, RecordID: r.ID, Detail: code}); err != nil {
			t.Fatal(err)
		}
	}
	assign(app.ICD10CM, "I10")
	assign(app.ICD10CM, "E119")
	assign(app.ICD10PCS, "0DTJ4ZZ")
	// A save that changes no code (a status change) leaves the list alone.
	r.Status = app.Coded
	if err := s.SaveRecord(r); err != nil {
		t.Fatal(err)
	}
	// A code put in place of another under the same assignment ID counts.
	r.Assignments[0].Code = "I110"
	if err := s.SaveRecord(r); err != nil {
		t.Fatal(err)
	}
	got, err := s.RecentCodes()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"icd10cm:I110", "icd10pcs:0DTJ4ZZ", "icd10cm:E119", "icd10cm:I10"}; !reflect.DeepEqual(codes(got), want) {
		t.Errorf("recent %v, want %v", codes(got), want)
	}
	// Assigning a code again moves it to the front; the list stops at 50.
	for i := 0; i < 60; i++ {
		assign(app.HCPCS, fmt.Sprintf("A%04d", i))
	}
	assign(app.ICD10CM, "E119")
	got, _ = s.RecentCodes()
	if len(got) != app.MaxRecentCodes || codes(got)[0] != "icd10cm:E119" || codes(got)[1] != "hcpcs:A0059" {
		t.Errorf("recent after 62 more: %d codes, first %v", len(got), codes(got)[:2])
	}
	for i, c := range codes(got) {
		for _, d := range codes(got)[i+1:] {
			if c == d {
				t.Errorf("%s twice", c)
			}
		}
	}
}

func TestRecordsByMRN(t *testing.T) {
	s, _ := openTestStore(t)
	a := fakeRecord(t, s, fakeName, "MRN-77", day(2024, 5, 1), app.Final)
	b := fakeRecord(t, s, fakeName, "mrn-77", day(2025, 11, 3), app.InProgress)
	fakeRecord(t, s, fakeName, "MRN-770", day(2025, 1, 1), app.Final) // a longer MRN is another patient
	fakeRecord(t, s, "Other Person", "MRN-8", day(2025, 1, 1), app.Final)
	got, err := s.RecordsByMRN("MRN-77")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range got {
		ids = append(ids, r.ID)
	}
	if want := []string{b.ID, a.ID}; !reflect.DeepEqual(ids, want) {
		t.Errorf("records %v, want %v (newest first)", ids, want)
	}
	if got, err := s.RecordsByMRN(" "); err != nil || len(got) != 0 {
		t.Errorf("empty MRN: %v %v", got, err)
	}
}
