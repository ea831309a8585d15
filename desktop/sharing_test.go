package desktop

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/views"
)

// TestSessionSharesLeasesAndChanges checks the window's session over a
// real data folder is a views.Sharing: it takes the open record's lease,
// and the change feed reports the window's own saves (another desk's
// arrive the same way on a shared database: workstation's tests).
func TestSessionSharesLeasesAndChanges(t *testing.T) {
	deps := NewDeps(filepath.Join(t.TempDir(), "data"), "")
	s, err := deps.Vault.CreateUser("Casey", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sh, ok := s.(views.Sharing)
	if !ok {
		t.Fatalf("%T is not a views.Sharing", s)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	feed, err := sh.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := s.Records().Create(app.Record{Patient: app.Patient{MRN: "M-1", Name: "Made-up, Person", Sex: app.Female},
		Encounter: app.Encounter{Type: app.Office, Service: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)}})
	if err != nil {
		t.Fatal(err)
	}
	l, err := sh.Lease(rec.ID)
	if err != nil || l.User != "Casey" || l.Expires.Sub(l.Since) != leaseTTL {
		t.Fatalf("lease %+v, %v", l, err)
	}
	if err := sh.Release(rec.ID); err != nil {
		t.Fatal(err)
	}
	// Badger subscribes on its own goroutine: save until the feed hears one.
	deadline := time.After(10 * time.Second)
	for {
		select {
		case c := <-feed:
			if c.RecordID == rec.ID {
				return
			}
		case <-time.After(50 * time.Millisecond):
			if _, err := s.Records().SetStatus(rec.ID, app.OnHold, "query to the provider"); err != nil {
				if _, err := s.Records().SetStatus(rec.ID, app.InProgress, ""); err != nil {
					t.Fatal(err)
				}
			}
		case <-deadline:
			t.Fatal("the change feed reported no save in 10 s")
		}
	}
}
