package storage

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
)

// TestRecordsBeforeAssignmentIDs writes a record value as a Codebench
// before assignment IDs did (version 1, no IDs) and reads it back: every
// load numbers its codes the same way, and the next save writes version 2
// with those IDs.
func TestRecordsBeforeAssignmentIDs(t *testing.T) {
	s, _ := openTestStore(t)
	r := fakeRecord(t, s, "Oldvalue, Pat", "OLD1", day(2026, 1, 5), app.InProgress)
	r.Assignments = []app.Assignment{
		{System: app.ICD10CM, Code: "I10", Year: 2026, Role: app.Principal},
		{System: app.ICD10CM, Code: "E119", Year: 2026, Role: app.Secondary},
	}
	r.LastAssignment = 0
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	old := append([]byte{valueV1}, b...)
	if err := s.rawSet(recordKey(r.ID), old); err != nil {
		t.Fatal(err)
	}
	first, err := s.Record(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.Record(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	for i, a := range first.Assignments {
		if a.ID == "" || a.ID != again.Assignments[i].ID {
			t.Fatalf("load 1 %+v, load 2 %+v: IDs differ or are missing", first.Assignments, again.Assignments)
		}
	}
	if first.Assignments[0].ID != "A1" || first.Assignments[1].ID != "A2" || first.LastAssignment != 2 {
		t.Fatalf("ids %s %s, last %d", first.Assignments[0].ID, first.Assignments[1].ID, first.LastAssignment)
	}
	first.UpdatedAt = time.Now().UTC()
	if err := s.SaveRecord(first); err != nil {
		t.Fatal(err)
	}
	var raw []byte
	if err := s.view(func(txn *tx) error {
		var err error
		raw, err = txn.get(recordKey(r.ID))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if raw[0] != recordV2 {
		t.Fatalf("saved as version %d, want %d", raw[0], recordV2)
	}
	var saved app.Record
	if err := json.Unmarshal(raw[1:], &saved); err != nil {
		t.Fatal(err)
	}
	if saved.Assignments[1].ID != "A2" || saved.LastAssignment != 2 {
		t.Fatalf("saved %+v", saved.Assignments)
	}
	// A value from a newer Codebench is refused with what to do.
	if err := s.rawSet(recordKey(r.ID), append([]byte{9}, b...)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Record(r.ID); err == nil {
		t.Fatal("a version-9 record value was read")
	}
}
