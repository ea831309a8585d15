// Package storetest is the conformance suite every Codebench store passes:
// the Badger store (storage) and the shared PostgreSQL store
// (storage/postgres) run the same tests, so the window and the command
// line see one behaviour whichever store a practice uses.
package storetest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/storage"
)

// Passphrase is the first user's passphrase in every store a Harness makes.
const Passphrase = "correct horse battery staple"

// FirstUser is the name of the user a Harness creates the store with.
const FirstUser = "ana"

// KDF keeps argon2id cheap in tests.
var KDF = storage.KDF{Time: 1, MemoryKiB: 1 << 10, Threads: 1}

// Harness makes stores for the suite.
type Harness struct {
	// New creates an empty store signed in as FirstUser (Passphrase, KDF)
	// and returns it with a function that signs in to the same store as
	// another session, closing first (when the engine allows one session
	// only) the store New returned. The suite closes what it opens.
	New func(t *testing.T) (s storage.Backend, open func(user, passphrase string) (storage.Backend, error))
}

// Run runs the suite.
func Run(t *testing.T, h Harness) {
	t.Run("Records", func(t *testing.T) { testRecords(t, h) })
	t.Run("Notes", func(t *testing.T) { testNotes(t, h) })
	t.Run("Worklist", func(t *testing.T) { testWorklist(t, h) })
	t.Run("Audit", func(t *testing.T) { testAudit(t, h) })
	t.Run("Users", func(t *testing.T) { testUsers(t, h) })
	t.Run("Shortcuts", func(t *testing.T) { testShortcuts(t, h) })
	t.Run("LeaseAndWatch", func(t *testing.T) { testLeaseAndWatch(t, h) })
	t.Run("Export", func(t *testing.T) { testExport(t, h) })
}

func newStore(t *testing.T, h Harness) (storage.Backend, func(user, passphrase string) (storage.Backend, error)) {
	t.Helper()
	s, open := h.New(t)
	t.Cleanup(func() { s.Close() })
	return s, open
}

var day = func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Record makes a new record (not yet saved) with an id from s.
func Record(t testing.TB, s storage.Backend, mrn, name, account string, service time.Time, st app.Status) *app.Record {
	t.Helper()
	id, err := s.NextID("R")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC().Truncate(time.Second)
	return &app.Record{ID: id, Patient: app.Patient{MRN: mrn, Name: name, DOB: day(1960, 5, 17), Sex: "F"},
		Encounter: app.Encounter{Account: account, Type: app.Outpatient, Service: service, Provider: "Dr Lee"},
		Status:    st, CreatedBy: s.User(), CreatedAt: now, UpdatedAt: now}
}

func save(t testing.TB, s storage.Backend, r *app.Record) {
	t.Helper()
	if err := s.SaveRecord(r, app.AuditEvent{Action: app.AuditRecordCreated, RecordID: r.ID}); err != nil {
		t.Fatalf("save %s: %v", r.ID, err)
	}
}

func sameJSON(t *testing.T, what string, got, want any) {
	t.Helper()
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if !bytes.Equal(g, w) {
		t.Errorf("%s:\n got %s\nwant %s", what, g, w)
	}
}

func testRecords(t *testing.T, h Harness) {
	s, _ := newStore(t, h)
	seen := map[string]bool{}
	for range 5 {
		id, err := s.NextID("N")
		if err != nil || seen[id] || !strings.HasPrefix(id, "N") {
			t.Fatalf("NextID = %q, %v (seen %v)", id, err, seen)
		}
		seen[id] = true
	}
	r := Record(t, s, "MRN-0042", "Rosa Delgado-Smith", "ACC77", day(2026, 3, 4), app.ToCode)
	r.Assignments = []app.Assignment{{System: app.ICD10CM, Code: "E119", Year: 2026, Title: "Type 2 diabetes", Role: app.Role("principal"), Comment: "per note"}}
	save(t, s, r)
	if r.Version != 1 {
		t.Fatalf("a new record's version after its first save = %d, want 1", r.Version)
	}
	got, err := s.Record(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, "record read back", got, r)
	if got.Assignments[0].ID == "" {
		t.Error("the saved assignment has no ID")
	}

	stale := *got
	got.Status = app.InProgress
	if err := s.SaveRecord(got); err != nil {
		t.Fatal(err)
	}
	if got.Version != 2 {
		t.Errorf("version after the second save = %d, want 2", got.Version)
	}
	stale.Status = app.OnHold
	err = s.SaveRecord(&stale)
	if !errors.Is(err, app.ErrStale) {
		t.Fatalf("a save based on version 1 after version 2 = %v, want app.ErrStale", err)
	}
	if stale.Version != 1 {
		t.Errorf("a refused save changed the caller's version to %d", stale.Version)
	}
	if now, _ := s.Record(r.ID); now.Status != app.InProgress {
		t.Errorf("after a refused stale save the status is %s, want %s", now.Status, app.InProgress)
	}
	if _, err := s.Record("R999999"); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("Record of a missing id = %v, want app.ErrNotFound", err)
	}
	for _, err := range []error{s.SaveRecord(&app.Record{}), s.SaveNote(&app.Record{}, &app.Note{}, nil)} {
		if err == nil {
			t.Error("a save without an id succeeded")
		}
	}
}

func testNotes(t *testing.T, h Harness) {
	s, _ := newStore(t, h)
	r := Record(t, s, "M1", "Hana Ito", "", day(2026, 1, 2), app.ToCode)
	save(t, s, r)

	big := make([]byte, 3<<20+12345) // several pieces, the last one short
	if _, err := rand.Read(big); err != nil {
		t.Fatal(err)
	}
	longText := strings.Repeat("Patient reports chest pain radiating to the left arm. ", 110000) // ~6 MB: the note itself in pieces
	notes := []struct {
		note     app.Note
		original []byte
	}{
		{app.Note{MediaType: "text/plain", Pages: []app.Page{{Number: 1, Text: "Assessment: type 2 diabetes without complications."}}}, []byte("Assessment: type 2 diabetes without complications.")},
		{app.Note{FileName: "scan.tiff", MediaType: "image/tiff", Pages: []app.Page{{Number: 1, Text: "scanned"}, {Number: 2, Text: "page two"}}}, big},
		{app.Note{FileName: "long.txt", MediaType: "text/plain", Pages: []app.Page{{Number: 1, Text: longText}}}, []byte(longText)},
		{app.Note{MediaType: "text/plain", Pages: []app.Page{{Number: 1, Text: ""}}}, []byte{}},
	}
	for i := range notes {
		n := &notes[i].note
		id, err := s.NextID("N")
		if err != nil {
			t.Fatal(err)
		}
		n.ID, n.RecordID, n.AddedBy, n.AddedAt = id, r.ID, s.User(), time.Now().UTC().Truncate(time.Second)
		n.Size = int64(len(notes[i].original))
		r.NoteIDs = append(r.NoteIDs, id)
		if err := s.SaveNote(r, n, notes[i].original, app.AuditEvent{Action: app.AuditNoteAdded, RecordID: r.ID, Detail: id}); err != nil {
			t.Fatalf("save note %d: %v", i, err)
		}
	}
	if r.Version != 1+uint64(len(notes)) {
		t.Errorf("record version after %d notes = %d, want %d", len(notes), r.Version, 1+len(notes))
	}
	for i, c := range notes {
		got, err := s.Note(c.note.ID)
		if err != nil {
			t.Fatalf("note %d: %v", i, err)
		}
		sameJSON(t, fmt.Sprintf("note %d", i), got, &c.note)
		orig, err := s.NoteOriginal(c.note.ID)
		if err != nil {
			t.Fatalf("original %d: %v", i, err)
		}
		if !bytes.Equal(orig, c.original) {
			t.Errorf("original %d: %d bytes back, want %d, equal %v", i, len(orig), len(c.original), bytes.Equal(orig, c.original))
		}
	}
	rec, err := s.Record(r.ID)
	if err != nil || len(rec.NoteIDs) != len(notes) {
		t.Errorf("the record lists %v (%v), want %d notes", rec.NoteIDs, err, len(notes))
	}
	if _, err := s.Note("N999999"); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("a missing note: %v, want app.ErrNotFound", err)
	}
	if _, err := s.NoteOriginal("N999999"); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("a missing original: %v, want app.ErrNotFound", err)
	}
	stale := *r
	stale.Version--
	if err := s.SaveNote(&stale, &app.Note{ID: "N999998", RecordID: r.ID}, []byte("x")); !errors.Is(err, app.ErrStale) {
		t.Errorf("a note saved with a stale record: %v, want app.ErrStale", err)
	}
	if _, err := s.Note("N999998"); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("the note of a refused save was kept: %v", err)
	}
}

// worklistRecords are the made-up patients of the worklist test.
var worklistRecords = []struct {
	mrn, name, account string
	service            time.Time
	status             app.Status
}{
	{"100234", "Maria Gonzalez", "A-5501", day(2026, 2, 1), app.ToCode},
	{"100235", "Mario Gonzales", "A-5502", day(2026, 2, 3), app.ToCode},
	{"200111", "Li Wei", "B-7000", day(2025, 12, 24), app.InProgress},
	{"200112", "Wei Zhang", "", day(2026, 2, 3), app.OnHold},
	{"300900", "Ólafur Jónsson", "C-1", day(2026, 1, 15), app.Coded},
	{"300901", "Olga Maria Petrova", "C-2", time.Time{}, app.Final},
	{"mrn-x9", "Anne-Marie O'Neil", "A-5503", day(2026, 2, 1), app.ToCode},
}

func testWorklist(t *testing.T, h Harness) {
	s, _ := newStore(t, h)
	var all []app.RecordSummary
	byMRN := map[string][]string{}
	for _, w := range worklistRecords {
		r := Record(t, s, w.mrn, w.name, w.account, w.service, w.status)
		save(t, s, r)
		all = append(all, r.Summary())
		byMRN[strings.ToLower(w.mrn)] = append(byMRN[strings.ToLower(w.mrn)], r.ID)
	}
	// A second record of the first patient, and a record saved twice.
	r := Record(t, s, "100234", "Maria Gonzalez", "A-5601", day(2026, 3, 9), app.ToCode)
	save(t, s, r)
	r.Status = app.Coded
	if err := s.SaveRecord(r); err != nil {
		t.Fatal(err)
	}
	all = append(all, r.Summary())

	want := func(f app.ListFilter) app.Worklist {
		words := app.SearchWords(f.Query)
		wl := app.Worklist{Counts: map[app.Status]int{}}
		for _, st := range app.Statuses {
			wl.Counts[st] = 0
		}
		for _, r := range all {
			if !storage.SummaryMatches(r, words) {
				continue
			}
			wl.Counts[r.Status]++
			if f.Status == "" || r.Status == f.Status {
				wl.Records = append(wl.Records, r)
			}
		}
		storage.SortSummaries(wl.Records, f.Oldest)
		wl.Total = len(wl.Records)
		if f.Limit > 0 && len(wl.Records) > f.Limit {
			wl.Records = wl.Records[:f.Limit]
		}
		return wl
	}
	ids := func(rs []app.RecordSummary) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r.ID)
		}
		return out
	}
	for _, f := range []app.ListFilter{
		{},
		{Oldest: true},
		{Limit: 3},
		{Oldest: true, Limit: 2},
		{Status: app.ToCode},
		{Status: app.Coded, Oldest: true},
		{Status: app.Final},
		{Query: "maria"},
		{Query: "MAR"},
		{Query: "gonz mar"},
		{Query: "Gonzalez", Status: app.Coded},
		{Query: "1002"},
		{Query: "100234"},
		{Query: "a-55"},
		{Query: "ólaf"},
		{Query: "olaf"},
		{Query: "o'neil"},
		{Query: "anne-marie"},
		{Query: "wei"},
		{Query: "zhang li"},
		{Query: "nobody"},
		{Query: all[2].ID},
		{Query: strings.ToLower(all[3].ID)},
		{Query: "m", Limit: 2},
		{Query: "m", Oldest: true},
	} {
		got, err := s.List(f)
		if err != nil {
			t.Fatalf("List(%+v): %v", f, err)
		}
		w := want(f)
		if !reflect.DeepEqual(ids(got.Records), ids(w.Records)) || got.Total != w.Total || !reflect.DeepEqual(got.Counts, w.Counts) {
			t.Errorf("List(%+v):\n got %v total %d counts %v\nwant %v total %d counts %v", f,
				ids(got.Records), got.Total, got.Counts, ids(w.Records), w.Total, w.Counts)
		}
		for i := range min(len(got.Records), len(w.Records)) {
			sameJSON(t, "worklist row "+w.Records[i].ID, got.Records[i], w.Records[i])
		}
	}

	recs, err := s.RecordsByMRN(" 100234 ")
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0].ID != r.ID {
		t.Errorf("RecordsByMRN = %d records, first %v; want 2, newest %s first", len(recs), recs, r.ID)
	}
	if recs, _ := s.RecordsByMRN("MRN-X9"); len(recs) != 1 {
		t.Errorf("RecordsByMRN is case-sensitive: %d records", len(recs))
	}
	if recs, _ := s.RecordsByMRN("1002"); len(recs) != 0 {
		t.Errorf("RecordsByMRN(a prefix) = %d records, want an exact match only", len(recs))
	}
}

func testAudit(t *testing.T, h Harness) {
	s, _ := newStore(t, h)
	r := Record(t, s, "M1", "Ada Byron", "", day(2026, 1, 2), app.ToCode)
	save(t, s, r)
	if err := s.Audit(app.AuditEvent{Action: app.AuditPrinted, RecordID: r.ID, Detail: "summary PDF"},
		app.AuditEvent{Action: app.AuditLock}); err != nil {
		t.Fatal(err)
	}
	all, err := s.AuditLog("")
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 4 {
		t.Fatalf("%d audit entries, want at least first user, login, created, printed, lock", len(all))
	}
	for i, e := range all {
		if e.Seq != uint64(i+1) || e.Hash != storage.AuditHash(&e) || (i > 0 && e.Prev != all[i-1].Hash) {
			t.Fatalf("entry %d does not chain: %+v", i+1, e)
		}
		if e.User != FirstUser {
			t.Errorf("entry %d by %q, want %q", e.Seq, e.User, FirstUser)
		}
	}
	last := all[len(all)-2]
	if last.Action != app.AuditPrinted || last.Detail != "summary PDF" || last.RecordID != r.ID {
		t.Errorf("the printed entry reads back as %+v", last)
	}
	mine, err := s.AuditLog(r.ID)
	if err != nil || len(mine) != 2 || mine[0].Action != app.AuditRecordCreated || mine[1].Action != app.AuditPrinted {
		t.Errorf("AuditLog(%s) = %+v, %v", r.ID, mine, err)
	}
	rep, err := s.VerifyAudit()
	if err != nil || rep.Entries != uint64(len(all)) || rep.Head != all[len(all)-1].Hash {
		t.Errorf("VerifyAudit = %+v, %v; want %d entries ending at %s", rep, err, len(all), all[len(all)-1].Hash)
	}
	stale := *r
	r.Status = app.InProgress
	if err := s.SaveRecord(r, app.AuditEvent{Action: app.AuditStatusChanged, RecordID: r.ID}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveRecord(&stale, app.AuditEvent{Action: app.AuditStatusChanged, RecordID: r.ID, Detail: "refused"}); !errors.Is(err, app.ErrStale) {
		t.Fatalf("stale save: %v", err)
	}
	after, _ := s.AuditLog("")
	if len(after) != len(all)+1 {
		t.Errorf("%d entries after one save and one refused save, want %d: a refused save must audit nothing", len(after), len(all)+1)
	}
}

func testUsers(t *testing.T, h Harness) {
	s, open := newStore(t, h)
	if s.User() != FirstUser {
		t.Fatalf("User() = %q", s.User())
	}
	if err := s.AddUser("ben", "ben's passphrase"); err != nil {
		t.Fatal(err)
	}
	if err := s.AddUser("ben", "another passphrase"); !errors.Is(err, storage.ErrExists) {
		t.Errorf("adding ben twice: %v, want ErrExists", err)
	}
	if err := s.AddUser("cy", "short"); err == nil {
		t.Error("a 5-character passphrase was accepted")
	}
	if err := s.AddUser("two\nlines", "long enough passphrase"); err == nil {
		t.Error("a user name with a newline was accepted")
	}
	users, err := s.Users()
	if err != nil || !reflect.DeepEqual(users, []string{FirstUser, "ben"}) {
		t.Errorf("Users() = %v, %v", users, err)
	}
	if err := s.CheckPassphrase(Passphrase); err != nil {
		t.Errorf("CheckPassphrase(right) = %v", err)
	}
	if err := s.CheckPassphrase("wrong passphrase"); !errors.Is(err, storage.ErrWrongPassphrase) {
		t.Errorf("CheckPassphrase(wrong) = %v", err)
	}
	if err := s.ChangePassphrase("wrong passphrase", "a new passphrase"); !errors.Is(err, storage.ErrWrongPassphrase) {
		t.Errorf("ChangePassphrase(wrong old) = %v", err)
	}
	if err := s.ChangePassphrase(Passphrase, "a new passphrase"); err != nil {
		t.Fatal(err)
	}
	if err := s.CheckPassphrase("a new passphrase"); err != nil {
		t.Errorf("the new passphrase: %v", err)
	}
	if err := s.CheckPassphrase(Passphrase); !errors.Is(err, storage.ErrWrongPassphrase) {
		t.Errorf("the old passphrase after a change: %v", err)
	}
	log, _ := s.AuditLog("")
	var actions []app.AuditAction
	for _, e := range log {
		// A store that keeps its keys outside the database (Badger's
		// keys.json) also notes the change as started before it replaces
		// them (issue 14 item 10); one that changes them in the same
		// transaction need not.
		if e.Action != app.AuditPassphraseChanging {
			actions = append(actions, e.Action)
		}
	}
	if !reflect.DeepEqual(actions, []app.AuditAction{app.AuditUserAdded, app.AuditLogin, app.AuditUserAdded, app.AuditPassphraseChanged}) {
		t.Errorf("audit after user changes: %v", actions)
	}

	for _, c := range []struct {
		user, pass string
		want       error
	}{
		{"ben", "wrong passphrase", storage.ErrWrongPassphrase},
		// Sign-in does not tell whether a name is a user.
		{"zed", "ben's passphrase", storage.ErrWrongPassphrase},
		{FirstUser, Passphrase, storage.ErrWrongPassphrase},
		{"ben", "ben's passphrase", nil},
		{FirstUser, "a new passphrase", nil},
	} {
		o, err := open(c.user, c.pass)
		if !errors.Is(err, c.want) || (c.want == nil && err != nil) {
			t.Errorf("sign in as %s: %v, want %v", c.user, err, c.want)
		}
		if err == nil {
			if o.User() != c.user {
				t.Errorf("signed in as %s, User() = %s", c.user, o.User())
			}
			o.Close()
		}
	}
}

func testShortcuts(t *testing.T, h Harness) {
	s, _ := newStore(t, h)
	favs := []app.CodeRef{{System: app.ICD10CM, Code: "I10"}, {System: app.HCPCS, Code: "J1100"}, {System: app.ICD10CM, Code: "E119"}}
	for _, c := range favs {
		if err := s.SetFavourite(c, true); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetFavourite(favs[0], true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetFavourite(favs[1], false); err != nil {
		t.Fatal(err)
	}
	got, err := s.Favourites()
	want := []app.CodeRef{{System: app.ICD10CM, Code: "E119"}, {System: app.ICD10CM, Code: "I10"}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Favourites() = %v, %v; want %v", got, err, want)
	}
	if err := s.SetFavourite(app.CodeRef{}, true); err == nil {
		t.Error("a favourite without a code was accepted")
	}

	r := Record(t, s, "M1", "Ada Byron", "", day(2026, 1, 2), app.ToCode)
	at := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	r.Assignments = []app.Assignment{{System: app.ICD10CM, Code: "E119", AssignedBy: FirstUser, AssignedAt: at},
		{System: app.ICD10CM, Code: "I10", AssignedBy: "ben", AssignedAt: at}}
	save(t, s, r)
	r.Assignments = append(r.Assignments, app.Assignment{System: app.ICD10CM, Code: "Z794", AssignedBy: FirstUser, AssignedAt: at})
	if err := s.SaveRecord(r); err != nil {
		t.Fatal(err)
	}
	recent, err := s.RecentCodes()
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, c := range recent {
		codes = append(codes, c.Code)
	}
	if !reflect.DeepEqual(codes, []string{"Z794", "E119"}) {
		t.Errorf("recent codes = %v, want [Z794 E119] (newest first, ben's I10 not among them)", codes)
	}
}

func testLeaseAndWatch(t *testing.T, h Harness) {
	s, _ := newStore(t, h)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch, err := s.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r := Record(t, s, "M1", "Ada Byron", "", day(2026, 1, 2), app.ToCode)
	l, err := s.Lease(r.ID, time.Minute)
	if err != nil || l.User != FirstUser || l.RecordID != r.ID || !l.Expires.After(l.Since) {
		t.Fatalf("Lease = %+v, %v", l, err)
	}
	l2, err := s.Lease(r.ID, time.Minute)
	if err != nil || !l2.Since.Equal(l.Since) {
		t.Errorf("renewing the lease: %+v, %v; want the same Since %v", l2, err, l.Since)
	}
	// The session's own lease does not stop its saves.
	save(t, s, r)
	if err := s.Release(r.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.Release(r.ID); err != nil {
		t.Errorf("releasing twice: %v", err)
	}
	deadline := time.After(10 * time.Second)
	for {
		select {
		case c := <-ch:
			if c.RecordID == r.ID && c.Version == 1 {
				return
			}
		case <-deadline:
			t.Fatalf("no change of %s reported by Watch within 10s", r.ID)
		}
	}
}

func testExport(t *testing.T, h Harness) {
	s, _ := newStore(t, h)
	r := Record(t, s, "M1", "Ada Byron", "", day(2026, 1, 2), app.ToCode)
	save(t, s, r)
	n := &app.Note{ID: "N000001", RecordID: r.ID, MediaType: "text/plain", Pages: []app.Page{{Number: 1, Text: "seen today"}}}
	r.NoteIDs = []string{n.ID}
	if err := s.SaveNote(r, n, []byte("seen today")); err != nil {
		t.Fatal(err)
	}
	if err := s.SetFavourite(app.CodeRef{System: app.ICD10CM, Code: "I10"}, true); err != nil {
		t.Fatal(err)
	}
	count := map[storage.ItemKind]int{}
	var last storage.ItemKind
	err := s.Export(func(it storage.Item) error {
		if it.Kind < last {
			return fmt.Errorf("%v after %v", it.Kind, last)
		}
		last = it.Kind
		count[it.Kind]++
		switch it.Kind {
		case storage.ItemRecord:
			sameJSON(t, "exported record", it.Record, r)
		case storage.ItemNote:
			if string(it.Original) != "seen today" || it.Note.Pages[0].Text != "seen today" {
				t.Errorf("exported note %+v, original %q", it.Note, it.Original)
			}
		case storage.ItemUser:
			if it.Key.Name != FirstUser {
				t.Errorf("exported user %q", it.Key.Name)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	log, _ := s.AuditLog("")
	if count[storage.ItemUser] != 1 || count[storage.ItemRecord] != 1 || count[storage.ItemNote] != 1 ||
		count[storage.ItemFavourite] != 1 || count[storage.ItemAudit] != len(log) || count[storage.ItemSequence] < 1 {
		t.Errorf("exported %v", count)
	}
	stop := errors.New("stop")
	if err := s.Export(func(storage.Item) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("Export with fn failing = %v, want fn's error", err)
	}
}
