package workstation

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/internal/testenv/testpg"
)

func TestMain(m *testing.M) { testpg.Main(m) }

// TestTwoWorkstationsOneDatabase opens two workstations (separate
// sessions, separate connection pools) on one PostgreSQL database: a save
// on one reaches the other's change feed within a second, a record one
// holds is refused to the other with who holds it, and a save based on a
// version the other has replaced is refused as stale.
func TestTwoWorkstationsOneDatabase(t *testing.T) {
	dsn := testpg.DB(t)
	a := New(Config{DataDir: t.TempDir(), Store: dsn, StoreOptions: cheap})
	if a.Exists() {
		t.Fatal("an empty database counts as set up")
	}
	sa, err := a.Create("ana", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	defer sa.Close()
	if err := sa.Store.AddUser("ben", "tuesday lighthouse 42"); err != nil {
		t.Fatal(err)
	}
	b := New(Config{DataDir: t.TempDir(), Store: dsn, StoreOptions: cheap})
	sb, err := b.Open("ben", "tuesday lighthouse 42")
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	feed, err := sb.Store.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := sa.Coding.CreateRecord(app.Patient{MRN: "M-1", Name: "Made-up, Patient", Sex: app.Female},
		app.Encounter{Type: app.Office, Service: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	saved := time.Now()
	select {
	case c := <-feed:
		if c.RecordID != rec.ID {
			t.Fatalf("change %+v, want %s", c, rec.ID)
		}
		t.Logf("the other workstation heard of the save after %v", time.Since(saved))
	case <-time.After(time.Second):
		t.Fatal("the other workstation did not hear of the save within a second")
	}

	if _, err := sa.Store.Lease(rec.ID, time.Minute); err != nil {
		t.Fatal(err)
	}
	held, err := sb.Store.Lease(rec.ID, time.Minute)
	var le *app.LeasedError
	if !errors.As(err, &le) || held.User != "ana" || le.Lease.User != "ana" {
		t.Fatalf("lease on a record ana holds: %+v, %v", held, err)
	}
	if err := sa.Store.Release(rec.ID); err != nil {
		t.Fatal(err)
	}

	// Both load version 1; ana saves; ben's save on the old version is refused.
	ra, _ := sa.Store.Record(rec.ID)
	rb, _ := sb.Store.Record(rec.ID)
	ra.Query = "ana's"
	if err := sa.Store.SaveRecord(ra); err != nil {
		t.Fatal(err)
	}
	rb.Query = "ben's"
	if err := sb.Store.SaveRecord(rb); !errors.Is(err, app.ErrStale) {
		t.Fatalf("ben's stale save: %v, want app.ErrStale", err)
	}
	if got, _ := sb.Store.Record(rec.ID); got.Query != "ana's" {
		t.Fatalf("stored %q after the stale save, want ana's", got.Query)
	}
}
