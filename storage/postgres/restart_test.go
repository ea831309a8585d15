package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/internal/testenv/testpg"
	"github.com/codebench/codebench/storage/postgres"
	"github.com/codebench/codebench/storage/storetest"
)

// TestServerRestart: after `pg_ctl restart` the session's next save and
// read go through on new connections without an error, and the change
// feed reconnects and says "reload everything". It runs on a cluster of
// its own, since it restarts it.
func TestServerRestart(t *testing.T) {
	c, err := testpg.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Stop()
	dsn := c.DSN("postgres")
	s, err := postgres.Create(dsn, storetest.FirstUser, storetest.Passphrase, testOpt)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	feed, err := s.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r := storetest.Record(t, s, "M1", "Ada Byron", "", time.Time{}, app.ToCode)
	if err := s.SaveRecord(r); err != nil {
		t.Fatal(err)
	}
	if err := c.Restart(); err != nil {
		t.Fatal(err)
	}
	r.Status = app.InProgress
	if err := s.SaveRecord(r, app.AuditEvent{Action: app.AuditStatusChanged, RecordID: r.ID}); err != nil {
		t.Fatalf("the first save after a server restart: %v", err)
	}
	if r.Version != 2 {
		t.Errorf("version %d after the second save, want 2", r.Version)
	}
	got, err := s.Record(r.ID)
	if err != nil || got.Status != app.InProgress {
		t.Fatalf("read after restart: %+v, %v", got, err)
	}
	if _, err := s.VerifyAudit(); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(15 * time.Second)
	for reload := false; !reload; {
		select {
		case ch := <-feed:
			reload = ch.RecordID == ""
		case <-deadline:
			t.Fatal("the change feed did not reconnect with a reload after the restart")
		}
	}
}
