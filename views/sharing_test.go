package views

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
)

// fakeSharing is a shared store's leases and change feed: other holds
// every record's lease when set.
type fakeSharing struct {
	mu       sync.Mutex
	other    *app.Lease
	leased   []string
	released []string
	feed     chan app.Change
}

type sharingSession struct {
	*fakeSession
	sh *fakeSharing
}

func (s sharingSession) Lease(id string) (app.Lease, error) {
	s.sh.mu.Lock()
	defer s.sh.mu.Unlock()
	if s.sh.other != nil {
		l := *s.sh.other
		l.RecordID = id
		return l, &app.LeasedError{Lease: l}
	}
	s.sh.leased = append(s.sh.leased, id)
	return app.Lease{RecordID: id, User: s.user}, nil
}

func (s sharingSession) Release(id string) error {
	s.sh.mu.Lock()
	defer s.sh.mu.Unlock()
	s.sh.released = append(s.sh.released, id)
	return nil
}

func (s sharingSession) Watch(ctx context.Context) (<-chan app.Change, error) {
	return s.sh.feed, nil
}

func newSharedFixture(t *testing.T) *fixture {
	f := newFixture(t)
	f.vault.share = &fakeSharing{feed: make(chan app.Change, 8)}
	return f
}

func TestRecordSomeoneIsCodingOpensReadOnly(t *testing.T) {
	f := newSharedFixture(t)
	since := time.Date(2026, 3, 2, 10, 2, 0, 0, time.Local)
	f.vault.share.other = &app.Lease{User: "Ana Reyes", Since: since, Expires: since.Add(time.Minute)}
	ws := f.openDemo()
	if ws.banner.Hidden || !strings.Contains(ws.banner.Text, "Being coded by Ana Reyes since 10:02") || !strings.Contains(ws.banner.Text, "read-only") {
		t.Fatalf("banner %q (hidden %v)", ws.banner.Text, ws.banner.Hidden)
	}
	if !ws.coded.Disabled() || !ws.final.Disabled() || !ws.query.Disabled() {
		t.Error("the status actions are enabled on a record someone else is coding")
	}
	if !ws.assigned.readOnly {
		t.Error("the assigned codes can be edited on a record someone else is coding")
	}
	if len(f.vault.share.leased) != 0 {
		t.Errorf("leases taken: %v", f.vault.share.leased)
	}
}

func TestReadOnlyRecordOpensForCodingWhenTheHolderLetsGo(t *testing.T) {
	defer func(d time.Duration) { leaseRetry = d }(leaseRetry)
	leaseRetry = 10 * time.Millisecond
	f := newSharedFixture(t)
	f.vault.share.other = &app.Lease{User: "Ana Reyes", Since: time.Now(), Expires: time.Now().Add(time.Minute)}
	ws := f.openDemo()
	if ws.heldBy == nil {
		t.Fatal("not read-only while Ana holds it")
	}
	f.vault.share.mu.Lock()
	f.vault.share.other = nil
	f.vault.share.mu.Unlock()
	deadline := time.Now().Add(5 * time.Second)
	for {
		var held bool
		WithUI(func() { held = ws.heldBy != nil || !ws.banner.Hidden || ws.coded.Disabled() })
		if !held {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the record stayed read-only after Ana let it go")
		}
		time.Sleep(10 * time.Millisecond)
	}
	f.vault.share.mu.Lock()
	defer f.vault.share.mu.Unlock()
	if len(f.vault.share.leased) == 0 || f.vault.share.leased[0] != ws.rec.ID {
		t.Errorf("leases taken %v, want the record's", f.vault.share.leased)
	}
}

func TestOpenRecordHoldsItsLease(t *testing.T) {
	f := newSharedFixture(t)
	ws := f.openDemo()
	if !ws.banner.Hidden {
		t.Fatalf("banner on a record this coder holds: %q", ws.banner.Text)
	}
	if got := f.vault.share.leased; len(got) != 1 || got[0] != ws.rec.ID {
		t.Fatalf("leases taken %v, want the open record's", got)
	}
	id := ws.rec.ID
	f.u.closeSession()
	deadline := time.Now().Add(5 * time.Second)
	for {
		f.vault.share.mu.Lock()
		released := strings.Join(f.vault.share.released, ",")
		f.vault.share.mu.Unlock()
		if released == id {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("released %q after the session closed, want %s", released, id)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestStaleSaveIsRefusedAndKeptToApplyAgain(t *testing.T) {
	f := newSharedFixture(t)
	ws := f.openDemo()
	id := ws.rec.ID
	// Another workstation saves the record (a code of theirs, a newer
	// version) before this window hears of it.
	theirs := copyRec(f.recs.recs[id])
	theirs.Assignments = append(theirs.Assignments, app.Assignment{ID: "A9", System: app.ICD10CM, Code: "I10", Role: app.Secondary, Title: "Essential (primary) hypertension"})
	theirs.Version = ws.rec.Version + 1
	f.recs.recs[id] = theirs

	ws.onAssign(CodeHit{System: app.ICD10CM, Code: "J189"}, "J189")
	if got := codes(f.recs.recs[id]); got != "I10" {
		t.Fatalf("a stale save was applied: stored %q", got)
	}
	if got := codes(ws.rec); got != "I10" {
		t.Errorf("the window shows %q, want what the other coder saved (I10)", got)
	}
	ov := overlayText(f.win)
	if !strings.Contains(ov, "Not saved: the record changed") || !strings.Contains(ov, "assign the code") {
		t.Fatalf("no stale message: %s", ov)
	}
	confirmDialog(t, f.win, "Apply again")
	if got := codes(f.recs.recs[id]); got != "I10 J189" {
		t.Fatalf("after Apply again the record has %q, want I10 J189", got)
	}
}

func TestLiveWorklistRefreshesOnAChange(t *testing.T) {
	f := newSharedFixture(t)
	f.signIn()
	if n := len(f.u.worklist.rows); n != 0 {
		t.Fatalf("%d rows before", n)
	}
	// Another workstation creates a record: the store has it, this
	// window was not told by its own service.
	other := &app.Record{ID: "R000042", Patient: app.Patient{Name: "Made-up, Other", MRN: "M42"}, Status: app.ToCode, Version: 1,
		Encounter: app.Encounter{Type: app.Office, Service: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)}}
	WithUI(func() { f.recs.recs[other.ID] = other })
	f.vault.share.feed <- app.Change{RecordID: other.ID, Version: 1}
	deadline := time.Now().Add(time.Second)
	for {
		var n int
		WithUI(func() { n = len(f.u.worklist.rows) })
		if n == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the worklist did not show the other workstation's record within a second")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestSettingsSharedDatabase(t *testing.T) {
	f := newFixture(t)
	s := newSettings(f.app.Preferences(), "/data", nil)
	for _, tc := range []struct{ addr, msg string }{
		{"/some/folder", "give an address"},
		{"postgres://coder:secret@db.lan/codebench", ".pgpass"},
	} {
		s.store.SetText(tc.addr)
		s.onSave()
		if !strings.Contains(s.msg.Text, tc.msg) || f.app.Preferences().String(PrefStore) != "" {
			t.Errorf("%s: message %q, saved %q", tc.addr, s.msg.Text, f.app.Preferences().String(PrefStore))
		}
	}
	s.store.SetText(" postgres://coder@db.lan/codebench?sslmode=verify-full ")
	s.onSave()
	if got := f.app.Preferences().String(PrefStore); got != "postgres://coder@db.lan/codebench?sslmode=verify-full" || s.msg.Text != "" {
		t.Errorf("saved %q, message %q", got, s.msg.Text)
	}
}

var errFakeOffline = errors.New("the shared database cannot be reached")

func TestOfflineKeepsTheChangeAndSavesOnReconnect(t *testing.T) {
	f := newSharedFixture(t)
	f.u.deps.Offline = func(err error) bool { return errors.Is(err, errFakeOffline) }
	ws := f.openDemo()
	id := ws.rec.ID
	f.recs.failOn, f.recs.failWith = "Assign", errFakeOffline
	ws.onAssign(CodeHit{System: app.ICD10CM, Code: "J189"}, "J189")
	if ws.banner.Hidden || !strings.Contains(ws.banner.Text, "cannot be reached") || !strings.Contains(ws.banner.Text, "1 unsaved change") {
		t.Fatalf("no offline banner: %q", ws.banner.Text)
	}
	if ov := overlayText(f.win); strings.Contains(ov, "Could not assign") {
		t.Errorf("an error dialog while offline: %s", ov)
	}
	if got := codes(f.recs.recs[id]); got != "" {
		t.Fatalf("stored %q while offline", got)
	}
	// The store answers again: the feed says so, and the kept change is saved.
	f.recs.failOn, f.recs.failWith = "", nil
	f.u.onChanges(map[string]bool{"": true})
	if !ws.banner.Hidden {
		t.Errorf("the banner stays after the reconnect: %q", ws.banner.Text)
	}
	if got := codes(f.recs.recs[id]); got != "J189" {
		t.Fatalf("after the reconnect the record has %q, want the kept change J189", got)
	}
}
