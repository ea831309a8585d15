package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/internal/testenv/testpg"
	"github.com/codebench/codebench/storage"
	"github.com/codebench/codebench/storage/postgres"
	"github.com/codebench/codebench/storage/storetest"
)

func TestMain(m *testing.M) { testpg.Main(m) }

var testOpt = &postgres.Options{KDF: storetest.KDF}

// newPractice creates a store in a fresh database with users ana (the
// first) and ben, and returns ana's session and the connection string.
func newPractice(t *testing.T) (*postgres.Store, string) {
	t.Helper()
	dsn := testpg.DB(t)
	s, err := postgres.Create(dsn, storetest.FirstUser, storetest.Passphrase, testOpt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.AddUser("ben", "ben's passphrase"); err != nil {
		t.Fatal(err)
	}
	return s, dsn
}

func openAs(t *testing.T, dsn, user, pass string) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(dsn, user, pass, testOpt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func sql(t *testing.T, dsn, q string, args ...any) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// TestTwoWorkstations: a lease shows who is coding a record and keeps the
// other workstation's saves out; a save based on an old version is
// refused; the other workstation hears of every save.
func TestTwoWorkstations(t *testing.T) {
	ana, dsn := newPractice(t)
	ben := openAs(t, dsn, "ben", "ben's passphrase")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	feed, err := ben.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}

	r := storetest.Record(t, ana, "M77", "Quentin Abernathy", "", time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC), app.ToCode)
	if err := ana.SaveRecord(r); err != nil {
		t.Fatal(err)
	}
	if _, err := ana.Lease(r.ID, time.Minute); err != nil {
		t.Fatal(err)
	}
	l, err := ben.Lease(r.ID, time.Minute)
	var le *app.LeasedError
	if !errors.As(err, &le) || !errors.Is(err, app.ErrLeased) || le.Lease.User != "ana" || l.User != "ana" {
		t.Fatalf("ben's lease on ana's record: %+v, %v; want a LeasedError naming ana", l, err)
	}
	if !strings.HasPrefix(err.Error(), "Being coded by ana since ") {
		t.Errorf("lease message %q", err)
	}
	theirs, err := ben.Record(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	theirs.Status = app.OnHold
	if err := ben.SaveRecord(theirs); !errors.Is(err, app.ErrLeased) {
		t.Fatalf("ben's save of a record ana holds: %v, want app.ErrLeased", err)
	}
	r.Status = app.InProgress
	if err := ana.SaveRecord(r); err != nil {
		t.Fatalf("ana's save under her own lease: %v", err)
	}
	if err := ana.Release(r.ID); err != nil {
		t.Fatal(err)
	}
	if err := ben.SaveRecord(theirs); !errors.Is(err, app.ErrStale) {
		t.Fatalf("ben's save based on version 1 after ana saved version 2: %v, want app.ErrStale", err)
	}
	theirs, _ = ben.Record(r.ID)
	theirs.Status = app.OnHold
	if err := ben.SaveRecord(theirs); err != nil || theirs.Version != 3 {
		t.Fatalf("ben's save after reloading: %v (version %d)", err, theirs.Version)
	}

	// A lease that is not renewed expires.
	if _, err := ana.Lease(r.ID, 300*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second)
	if _, err := ben.Lease(r.ID, time.Minute); err != nil {
		t.Errorf("ben could not take an expired lease: %v", err)
	}

	want := map[uint64]bool{1: true, 2: true, 3: true}
	deadline := time.After(10 * time.Second)
	for len(want) > 0 {
		select {
		case c := <-feed:
			if c.RecordID == r.ID {
				delete(want, c.Version)
			}
		case <-deadline:
			t.Fatalf("ben's feed did not report versions %v", want)
		}
	}

	// Closing a session frees its leases at once.
	if err := ben.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := ana.Lease(r.ID, time.Minute); err != nil {
		t.Errorf("ana could not take the lease ben's closed session held: %v", err)
	}
}

// TestConcurrentWorkstations: sessions saving and auditing at once get
// unique ids and leave one audit chain without forks that verifies.
func TestConcurrentWorkstations(t *testing.T) {
	ana, dsn := newPractice(t)
	const sessions, saves = 4, 15
	var wg sync.WaitGroup
	errs := make(chan error, sessions*saves)
	ids := make(chan string, sessions*saves)
	for i := range sessions {
		user, pass := "ana", storetest.Passphrase
		if i%2 == 1 {
			user, pass = "ben", "ben's passphrase"
		}
		s := openAs(t, dsn, user, pass)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range saves {
				id, err := s.NextID("R")
				if err != nil {
					errs <- err
					return
				}
				ids <- id
				r := &app.Record{ID: id, Patient: app.Patient{MRN: fmt.Sprint(i, j), Name: "Made Up"}, Status: app.ToCode}
				if err := s.SaveRecord(r, app.AuditEvent{Action: app.AuditRecordCreated, RecordID: id}); err != nil {
					errs <- err
					return
				}
				if err := s.Audit(app.AuditEvent{Action: app.AuditPrinted, RecordID: id}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	close(ids)
	for err := range errs {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for id := range ids {
		if seen[id] {
			t.Fatalf("id %s handed out twice", id)
		}
		seen[id] = true
	}
	rep, err := ana.VerifyAudit()
	if err != nil {
		t.Fatal(err)
	}
	// Create: first user + login; AddUser; one login per session; two per save.
	want := uint64(2 + 1 + sessions + 2*sessions*saves)
	if rep.Entries != want {
		t.Errorf("%d audit entries, want %d", rep.Entries, want)
	}
	wl, err := ana.List(app.ListFilter{})
	if err != nil || wl.Total != sessions*saves {
		t.Errorf("worklist total %d (%v), want %d", wl.Total, err, sessions*saves)
	}
}

// TestTamperedServer: values moved between rows, edited or removed on the
// server are refused, never read as different content, and the audit
// chain reports edits.
func TestTamperedServer(t *testing.T) {
	s, dsn := newPractice(t)
	day := time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC)
	a := storetest.Record(t, s, "M1", "Philippa Farnsworth", "", day, app.ToCode)
	b := storetest.Record(t, s, "M2", "Bartholomew Quince", "", day, app.ToCode)
	for _, r := range []*app.Record{a, b} {
		if err := s.SaveRecord(r, app.AuditEvent{Action: app.AuditRecordCreated, RecordID: r.ID, Detail: "created"}); err != nil {
			t.Fatal(err)
		}
	}
	n := &app.Note{ID: "N1", RecordID: a.ID, Pages: []app.Page{{Number: 1, Text: "note text"}}}
	if err := s.SaveNote(a, n, make([]byte, 3<<20)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.VerifyAudit(); err != nil {
		t.Fatal(err)
	}
	noPHI := func(err error) {
		t.Helper()
		for _, phi := range []string{"Philippa", "Farnsworth", "Bartholomew", "Quince", "note text"} {
			if err != nil && strings.Contains(err.Error(), phi) {
				t.Errorf("error text holds patient data: %v", err)
			}
		}
	}
	// b's sealed body under a's row.
	sql(t, dsn, "UPDATE records SET body = (SELECT body FROM records WHERE id = $2), version = (SELECT version FROM records WHERE id = $2) WHERE id = $1", a.ID, b.ID)
	_, err := s.Record(a.ID)
	if !errors.Is(err, postgres.ErrDamaged) {
		t.Errorf("a record holding another's sealed body: %v, want ErrDamaged", err)
	}
	noPHI(err)
	// A worklist row moved likewise.
	sql(t, dsn, "UPDATE records SET summary = (SELECT summary FROM records WHERE id = $2) WHERE id = $1", b.ID, a.ID)
	_, err = s.List(app.ListFilter{})
	if !errors.Is(err, postgres.ErrDamaged) {
		t.Errorf("a worklist with a moved row: %v, want ErrDamaged", err)
	}
	noPHI(err)
	// A piece of the original swapped with the next one.
	sql(t, dsn, `UPDATE note_pieces p SET data = (SELECT data FROM note_pieces q WHERE q.note_id = p.note_id AND q.part = p.part AND q.n = 1 - p.n)
		WHERE note_id = 'N1' AND part = 'o' AND n IN (0, 1)`)
	if _, err := s.NoteOriginal("N1"); !errors.Is(err, postgres.ErrDamaged) {
		t.Errorf("an original with two pieces swapped: %v, want ErrDamaged", err)
	}
	sql(t, dsn, "DELETE FROM note_pieces WHERE note_id = 'N1' AND part = 'o' AND n = 3")
	if _, err := s.NoteOriginal("N1"); err == nil {
		t.Error("an original with its last piece gone read back without an error")
	}
	// The audit trail: a detail moved, an action edited, the end cut off.
	for _, c := range []struct{ name, q string }{
		{"detail moved", "UPDATE audit SET detail = (SELECT detail FROM audit WHERE seq = 4) WHERE seq = 5"},
		{"action edited", "UPDATE audit SET action = 'printed' WHERE seq = 4"},
		{"end removed", "DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, dsn := newPractice(t)
			for _, r := range []*app.Record{storetest.Record(t, s, "M1", "X Y", "", day, app.ToCode), storetest.Record(t, s, "M2", "Z W", "", day, app.ToCode)} {
				if err := s.SaveRecord(r, app.AuditEvent{Action: app.AuditRecordCreated, RecordID: r.ID, Detail: "d " + r.ID}); err != nil {
					t.Fatal(err)
				}
			}
			sql(t, dsn, c.q)
			if _, err := s.VerifyAudit(); !errors.Is(err, storage.ErrAuditBroken) {
				t.Errorf("VerifyAudit = %v, want ErrAuditBroken", err)
			}
		})
	}
}

// TestClearErrors: what a coder reads never quotes the connection
// string's password or the server's text.
func TestClearErrors(t *testing.T) {
	_, err := postgres.Open("postgres://ana:s3cretpw@/nodb?host=/nonexistent-dir&connect_timeout=2", "ana", storetest.Passphrase, testOpt)
	if !errors.Is(err, postgres.ErrUnreachable) || strings.Contains(err.Error(), "s3cretpw") || strings.Contains(err.Error(), "nonexistent") {
		t.Errorf("an unreachable server: %v, want ErrUnreachable without the connection string", err)
	}
	_, err = postgres.Open("postgres://ana:s3cretpw@host:notaport/db", "ana", storetest.Passphrase, testOpt)
	if err == nil || strings.Contains(err.Error(), "s3cretpw") {
		t.Errorf("a malformed connection string: %v", err)
	}

	dsn := testpg.DB(t)
	if _, err := postgres.Open(dsn, "ana", storetest.Passphrase, testOpt); !errors.Is(err, storage.ErrNoDatabase) {
		t.Errorf("opening an empty database: %v, want ErrNoDatabase", err)
	}
	// A create cut short after the schema: no users yet.
	sql(t, dsn, "CREATE TABLE codebench_schema (version integer NOT NULL)")
	sql(t, dsn, "INSERT INTO codebench_schema VALUES (0)")
	if _, err := postgres.Open(dsn, "ana", storetest.Passphrase, testOpt); !errors.Is(err, storage.ErrNoDatabase) {
		t.Errorf("opening a store without users: %v, want ErrNoDatabase", err)
	}
	s, err := postgres.Create(dsn, "ana", storetest.Passphrase, testOpt)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := postgres.Create(dsn, "ana", storetest.Passphrase, testOpt); !errors.Is(err, storage.ErrExists) {
		t.Errorf("creating over a store: %v, want ErrExists", err)
	}
	users, err := postgres.Users(dsn, testOpt)
	if err != nil || len(users) != 1 || users[0] != "ana" {
		t.Errorf("Users = %v, %v", users, err)
	}

	// A server refusing a write with a message quoting the row's values.
	s = openAs(t, dsn, "ana", storetest.Passphrase)
	sql(t, dsn, `CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN RAISE EXCEPTION 'refused row %', NEW; END $$`)
	sql(t, dsn, "CREATE TRIGGER refuse BEFORE INSERT ON record_tokens FOR EACH ROW EXECUTE FUNCTION refuse()")
	r := storetest.Record(t, s, "MRN-SECRET-1", "Evangeline Throckmorton", "", time.Time{}, app.ToCode)
	err = s.SaveRecord(r)
	if !errors.Is(err, storage.ErrStorage) || strings.Contains(err.Error(), "refused row") || r.Version != 0 {
		t.Errorf("a refused write: %v (version %d), want ErrStorage without the server's text", err, r.Version)
	}
	if _, err := s.Record(r.ID); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("the refused record was saved in part: %v", err)
	}

	sql(t, dsn, "UPDATE codebench_schema SET version = 99")
	if _, err := postgres.Open(dsn, "ana", storetest.Passphrase, testOpt); err == nil || !strings.Contains(err.Error(), "update Codebench") {
		t.Errorf("a database of a newer Codebench: %v", err)
	}
}

// TestDumpHoldsNoPatientData populates a practice with made-up patients,
// notes and codes, dumps the database with pg_dump (what a server's
// administrator, backup or thief has) and finds no patient name, MRN,
// account number, note sentence or comment in it, in text or hex.
func TestDumpHoldsNoPatientData(t *testing.T) {
	s, dsn := newPractice(t)
	first := []string{"Evangeline", "Thaddeus", "Marisol", "Bartholomew", "Philippa", "Cornelius", "Anastasia", "Leopold", "Guinevere", "Ignatius"}
	last := []string{"Throckmorton", "Vanderslice", "Quackenbush", "Featherstonehaugh", "Abernathy", "Oyelaran", "Nakashima", "Krzyzanowski"}
	sentences := []string{
		"The patient describes crushing substernal pressure since breakfast",
		"Left ankle swelling after a fall from a ladder at the orchard",
		"History of gestational diabetes treated with diet alone",
		"Denies tobacco but reports chewing betel nut daily",
		"Wound on the right heel has purulent drainage and a foul odour",
	}
	var secrets []string
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 24 {
		name := first[i%len(first)] + " " + last[i%len(last)]
		mrn := fmt.Sprintf("QX%07d", 4410000+i*37)
		acct := fmt.Sprintf("ACCT-%06d", 900000+i*11)
		sentence := fmt.Sprintf("%s (visit %d)", sentences[i%len(sentences)], i)
		comment := fmt.Sprintf("query sent to Dr Zylstra about %s", last[i%len(last)])
		secrets = append(secrets, name, first[i%len(first)], last[i%len(last)], mrn, acct, sentence, comment)
		r := storetest.Record(t, s, mrn, name, acct, base.AddDate(0, 0, i), app.Statuses[i%len(app.Statuses)])
		r.Assignments = []app.Assignment{{System: app.ICD10CM, Code: "E119", Title: "Type 2 diabetes mellitus", Comment: comment}}
		if err := s.SaveRecord(r, app.AuditEvent{Action: app.AuditRecordCreated, RecordID: r.ID}); err != nil {
			t.Fatal(err)
		}
		n := &app.Note{ID: fmt.Sprintf("N%06d", i+1), RecordID: r.ID, FileName: last[i%len(last)] + "-discharge.txt", MediaType: "text/plain",
			Pages: []app.Page{{Number: 1, Text: sentence}}}
		r.NoteIDs = append(r.NoteIDs, n.ID)
		if err := s.SaveNote(r, n, []byte(sentence+"\n"), app.AuditEvent{Action: app.AuditNoteAdded, RecordID: r.ID, Detail: n.ID}); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			if err := s.SetFavourite(app.CodeRef{System: app.ICD10CM, Code: "E119"}, true); err != nil {
				t.Fatal(err)
			}
		}
	}
	bin, err := testpg.BinDir()
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(filepath.Join(bin, "pg_dump"), "--no-owner", "--dbname="+dsn).Output()
	if err != nil {
		t.Fatalf("pg_dump: %v", err)
	}
	dump := strings.ToLower(string(out))
	// The dump is the database: its tables and the clear columns are there.
	for _, must := range []string{"copy public.records", "copy public.audit ", "r000001", "to-code"} {
		if !strings.Contains(dump, must) {
			t.Fatalf("the dump (%d bytes) has no %q: it is not a dump of the store", len(out), must)
		}
	}
	found := 0
	for _, sec := range secrets {
		for _, form := range []string{strings.ToLower(sec), fmt.Sprintf("%x", strings.ToLower(sec)), fmt.Sprintf("%x", sec)} {
			if strings.Contains(dump, form) {
				t.Errorf("the dump holds %q", sec)
				found++
			}
		}
	}
	t.Logf("pg_dump: %d bytes, searched for %d names, MRNs, accounts, sentences and comments (as text and hex): %d found", len(out), len(secrets), found)
}
