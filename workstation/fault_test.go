package workstation

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/internal/testenv/testpg"
)

// saveUntilStopped saves rec over and over, calling acked with the
// Query of every save the store acknowledged, until stop is closed.
// Failed saves (the server restarting) are retried on the stored version.
func saveUntilStopped(t *testing.T, s *Session, rec *app.Record, stop <-chan struct{}, acked func(n int)) (failed int) {
	for i := 1; ; i++ {
		select {
		case <-stop:
			return failed
		default:
		}
		rec.Query = strconv.Itoa(i)
		if err := s.Store.SaveRecord(rec, app.AuditEvent{Action: app.AuditRecordUpdated, RecordID: rec.ID}); err != nil {
			failed++
			time.Sleep(50 * time.Millisecond)
			// The save may have committed before the connection dropped:
			// carry on from what is stored.
			if cur, err := s.Store.Record(rec.ID); err == nil {
				rec.Version = cur.Version
			}
			continue
		}
		acked(i)
	}
}

// TestPostgresRestartMidRun restarts the server (pg_ctl restart) while a
// workstation saves: saves fail while it is down and succeed again after,
// without reopening; every acknowledged save is stored, the audit chain
// verifies, and the change feed reconnects and says "reload everything".
func TestPostgresRestartMidRun(t *testing.T) {
	// A cluster of its own: restarting the one other tests share (or the
	// one `make test` names in CODEBENCH_TEST_POSTGRES) would cut them off.
	cl, err := testpg.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cl.Stop() })
	dsn := cl.DSN("postgres")
	s, err := New(Config{DataDir: t.TempDir(), Store: dsn, StoreOptions: cheap}).Create("ana", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	feed, err := s.Store.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Read the feed as the window does, all along: a reader that stops
	// lets the buffer fill, and a full buffer is itself reported as a
	// "reload everything" change.
	reloaded := make(chan struct{})
	go func() {
		seen := false
		for c := range feed {
			if c.RecordID == "" && !seen {
				seen = true
				close(reloaded)
			}
		}
	}()
	rec := benchRecord("RRESTART")
	var mu sync.Mutex
	last, count := 0, 0
	stop := make(chan struct{})
	done := make(chan int)
	go func() {
		done <- saveUntilStopped(t, s, rec, stop, func(n int) { mu.Lock(); last, count = n, count+1; mu.Unlock() })
	}()
	time.Sleep(time.Second)
	if err := cl.Restart(); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	before := count
	mu.Unlock()
	time.Sleep(2 * time.Second)
	close(stop)
	failed := <-done
	mu.Lock()
	defer mu.Unlock()
	if count <= before {
		t.Fatalf("no save acknowledged after the restart (%d before, %d in all)", before, count)
	}
	got, err := s.Store.Record(rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := strconv.Atoi(got.Query); n < last {
		t.Fatalf("stored save %d, but save %d was acknowledged", n, last)
	}
	if _, err := s.Store.VerifyAudit(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-reloaded:
	case <-time.After(5 * time.Second):
		t.Fatal("the change feed did not say it reconnected")
	}
	t.Logf("%d saves acknowledged (%d before the restart), %d failed while the server was down", count, before, failed)
}

// TestKilledWorkstationMidSave kills (SIGKILL) a workstation process in
// the middle of its saves: every save it acknowledged is stored, and the
// audit chain verifies from another workstation.
func TestKilledWorkstationMidSave(t *testing.T) {
	if dsn := os.Getenv("CODEBENCH_SAVER_DSN"); dsn != "" {
		saverProcess(t, dsn, os.Getenv("CODEBENCH_SAVER_DIR"))
		return
	}
	dsn := testpg.DB(t)
	s, err := New(Config{DataDir: t.TempDir(), Store: dsn, StoreOptions: cheap}).Create("ana", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledWorkstationMidSave$")
	// The killed process cannot remove its own temporary directory: it
	// works in one this test removes.
	cmd.Env = append(os.Environ(), "CODEBENCH_SAVER_DSN="+dsn, "CODEBENCH_SAVER_DIR="+t.TempDir())
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	last := 0
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		n, err := strconv.Atoi(sc.Text())
		if err != nil {
			continue // the test binary's own lines
		}
		last = n
		if n == 200 {
			cmd.Process.Signal(syscall.SIGKILL)
			break
		}
	}
	cmd.Wait()
	if last < 200 {
		t.Fatalf("the workstation acknowledged %d saves before it was killed, want 200", last)
	}
	got, err := s.Store.Record("RKILLED")
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := strconv.Atoi(got.Query); n < last {
		t.Fatalf("stored save %d, but save %d was acknowledged", n, last)
	}
	if _, err := s.Store.VerifyAudit(); err != nil {
		t.Fatal(err)
	}
}

// saverProcess is the workstation TestKilledWorkstationMidSave kills: it
// prints the number of each acknowledged save.
func saverProcess(t *testing.T, dsn, dir string) {
	s, err := New(Config{DataDir: dir, Store: dsn, StoreOptions: cheap}).Open("ana", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	rec := benchRecord("RKILLED")
	saveUntilStopped(t, s, rec, nil, func(n int) { fmt.Println(n) })
}
