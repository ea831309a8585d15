package storage

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/coding"
	"github.com/codebench/codebench/app/coding/edits"
	"github.com/codebench/codebench/internal/testenv/testpack"
)

// writeLog is the real store with every record write counted and what is
// on disk right after it kept; fail makes the next write fail before it
// reaches Badger, as a crash before the commit would leave it.
type writeLog struct {
	*Store
	writes []*app.Record // the record as read back from disk after each write
	fail   bool
}

var errCrash = errors.New("killed before the commit")

func (w *writeLog) SaveRecord(r *app.Record, events ...app.AuditEvent) error {
	if w.fail {
		return errCrash
	}
	if err := w.Store.SaveRecord(r, events...); err != nil {
		return err
	}
	onDisk, err := w.Store.Record(r.ID)
	if err != nil {
		return err
	}
	w.writes = append(w.writes, onDisk)
	return nil
}

// TestReplaceIsOneWrite takes the fix the real edits offer for a header
// code and puts it in place on the real encrypted store: the change is a
// single synced write, so what is on disk is the old code or the new one
// at its place, never a record without either. A write that fails (a
// crash before the commit) leaves the old code in place.
func TestReplaceIsOneWrite(t *testing.T) {
	s, _ := openTestStore(t)
	w := &writeLog{Store: s}
	terms := testpack.Set(t)
	svc := coding.New(w, terms)
	r, err := svc.CreateRecord(app.Patient{MRN: "RPL1", Name: "Replace, Test", Sex: app.Female},
		app.Encounter{Type: app.Inpatient, Service: day(2026, 3, 2), Discharge: day(2026, 3, 6)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AssignCode(r.ID, coding.Assign{Code: "I10", POA: app.POAYes}); err != nil {
		t.Fatal(err)
	}
	r, err = svc.AssignCode(r.ID, coding.Assign{Code: "J18", POA: app.POAYes})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.MoveCode(r.ID, r.Assignments[1].ID, 1); err != nil {
		t.Fatal(err)
	}
	before, err := s.Record(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	header := before.Assignments[0]
	if header.Code != "J18" || header.Role != app.Principal {
		t.Fatalf("setup: %+v", before.Assignments)
	}
	// The coder picks J18.9 (unspecified organism) from the fixes offered.
	var fix string
	for _, f := range edits.Check(before, terms) {
		if f.Codes[0] == "J18" && slices.Contains(f.Fixes, "J18.9") {
			fix = "J18.9"
		}
	}
	if fix == "" {
		t.Fatal("the edits offer no J18.9 for the header J18")
	}

	// A crash before the commit: nothing on disk changed.
	w.fail = true
	if _, err := svc.ReplaceCode(r.ID, header.ID, fix); !errors.Is(err, errCrash) {
		t.Fatalf("failed write: %v", err)
	}
	w.fail = false
	if got, _ := s.Record(r.ID); got.Assignments[0].Code != "J18" || len(got.Assignments) != 2 {
		t.Fatalf("after a failed write the record has %+v", got.Assignments)
	}

	w.writes = nil
	got, err := svc.ReplaceCode(r.ID, header.ID, fix)
	if err != nil {
		t.Fatal(err)
	}
	if len(w.writes) != 1 {
		t.Fatalf("replace took %d writes; one write is what keeps a crash from losing the code", len(w.writes))
	}
	onDisk := w.writes[0]
	if len(onDisk.Assignments) != 2 || onDisk.Assignments[0].Code != "J189" || onDisk.Assignments[1].Code != "I10" {
		t.Fatalf("on disk after the write: %+v", onDisk.Assignments)
	}
	a := onDisk.Assignments[0]
	if a.Role != app.Principal || a.POA != app.POAYes || a.Year != 2026 || a.Title != "Pneumonia, unspecified organism" || a.ID == header.ID ||
		a.AssignedBy != "coder" || time.Since(a.AssignedAt) > time.Hour {
		t.Fatalf("replacement %+v", a)
	}
	if got.Assignments[0] != onDisk.Assignments[0] {
		t.Fatalf("the service returned %+v, the disk holds %+v", got.Assignments[0], onDisk.Assignments[0])
	}
	log, err := s.AuditLog(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := log[len(log)-1]
	if last.Action != app.AuditCodeReplaced || last.Detail != "icd10cm J18 -> J18.9 principal FY2026 at 1" || last.User != "coder" {
		t.Fatalf("audit %+v", last)
	}
}
