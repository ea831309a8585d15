package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/storage"
)

// changesChannel is the LISTEN/NOTIFY channel every save announces its
// record id and version on (collab.go).
const changesChannel = "codebench_changes"

// Record loads one record, with the version it was stored at.
func (s *Store) Record(id string) (*app.Record, error) {
	var r *app.Record
	err := s.read(func(ctx context.Context, tx pgx.Tx) error {
		var err error
		r, err = s.getRecord(ctx, tx, id, false)
		return err
	})
	return r, err
}

// getRecord reads and opens a record; forUpdate locks its row until the
// transaction ends.
func (s *Store) getRecord(ctx context.Context, tx pgx.Tx, id string, forUpdate bool) (*app.Record, error) {
	q := "SELECT version, body FROM records WHERE id = $1"
	if forUpdate {
		q += " FOR UPDATE"
	}
	var version int64
	var body []byte
	err := tx.QueryRow(ctx, q, id).Scan(&version, &body)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ownf("record %s: %w", id, app.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	return s.openRecord(id, uint64(version), body)
}

func (s *Store) openRecord(id string, version uint64, body []byte) (*app.Record, error) {
	plain, err := s.seal.Open(recordKey(id, version), body)
	if err != nil {
		return nil, ownf("record %s %w", id, ErrDamaged)
	}
	var r app.Record
	if err := json.Unmarshal(plain, &r); err != nil || r.ID != id || r.Version != version {
		return nil, ownf("record %s %w", id, ErrDamaged)
	}
	return &r, nil
}

// SaveRecord writes rec, its worklist row and search tokens and the audit
// events in one transaction, after checking rec.Version against the
// stored one (app.ErrStale) and the record's lease (*app.LeasedError).
// Other workstations are told through NOTIFY when it commits.
func (s *Store) SaveRecord(rec *app.Record, events ...app.AuditEvent) error {
	if rec.ID == "" {
		return errors.New("save record: no id")
	}
	base := rec.Version
	err := s.write(func(ctx context.Context, tx pgx.Tx) error {
		rec.Version = base // a transaction run again starts over
		return s.putRecord(ctx, tx, rec, true)
	}, events...)
	if err != nil {
		rec.Version = base
	}
	return err
}

// putRecord is the body of a record save inside a write transaction.
// With recents it also puts newly assigned codes on their coders' recent
// lists, in the same transaction.
func (s *Store) putRecord(ctx context.Context, tx pgx.Tx, rec *app.Record, recents bool) error {
	old, err := s.getRecord(ctx, tx, rec.ID, true)
	switch {
	case errors.Is(err, app.ErrNotFound):
		old = nil
	case err != nil:
		return err
	}
	var stored uint64
	if old != nil {
		stored = old.Version
	}
	if rec.Version != stored {
		return ownf("record %s (yours is version %d, the saved one %d): %w", rec.ID, rec.Version, stored, app.ErrStale)
	}
	if err := s.checkLease(ctx, tx, rec.ID); err != nil {
		return err
	}
	rec.Version = stored + 1
	if err := s.writeRecord(ctx, tx, rec, s.user); err != nil {
		return err
	}
	if recents {
		for u, added := range storage.NewlyAssigned(s.user, old, rec) {
			if err := s.pushRecent(ctx, tx, u, added); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeRecord stores rec as it is (its Version included), saved by user
// by: the sealed record and worklist row, the clear columns, the search
// tokens; and announces it to the other workstations (NOTIFY is sent
// when the transaction commits, and not at all if it does not).
func (s *Store) writeRecord(ctx context.Context, tx pgx.Tx, rec *app.Record, by string) error {
	if rec.Status == "" {
		rec.Status = app.ToCode
	}
	rec.NumberAssignments()
	body, err := json.Marshal(rec)
	if err != nil {
		return ownf("record %s: %w", rec.ID, err)
	}
	sum := rec.Summary()
	sumV, err := json.Marshal(&sum)
	if err != nil {
		return ownf("record %s: %w", rec.ID, err)
	}
	var service any
	if !rec.Encounter.Service.IsZero() {
		service = rec.Encounter.Service.Format("2006-01-02")
	}
	updatedAt := rec.UpdatedAt
	if updatedAt.IsZero() {
		updatedAt = time.Now().UTC()
	}
	// One round trip for the row, its tokens and the announcement.
	batch := &pgx.Batch{}
	batch.Queue(`INSERT INTO records (id, status, service, updated_at, updated_by, version, body, summary)
		VALUES ($1, $2, $3::date, $4, $5, $6, $7, $8)
		ON CONFLICT (id) DO UPDATE SET status = $2, service = $3::date, updated_at = $4, updated_by = $5,
			version = $6, body = $7, summary = $8`,
		rec.ID, string(rec.Status), service, updatedAt, by, int64(rec.Version),
		s.seal.Seal(recordKey(rec.ID, rec.Version), body), s.seal.Seal(summaryKey(rec.ID, rec.Version), sumV))
	batch.Queue("DELETE FROM record_tokens WHERE record_id = $1", rec.ID)
	batch.Queue("INSERT INTO record_tokens (token, record_id) SELECT t, $1 FROM unnest($2::bytea[]) AS t",
		rec.ID, s.recordTokens(rec))
	batch.Queue("SELECT pg_notify($1, $2)", changesChannel, fmt.Sprintf("%s %d", rec.ID, rec.Version))
	return tx.SendBatch(ctx, batch).Close()
}

// Pieces of a note: its JSON and its original file are stored in pieces,
// so no single value nears PostgreSQL's 1 GB limit and a save's memory
// stays a few pieces above the file.
const (
	textPiece     = 4 << 20
	originalPiece = 1 << 20
)

// SaveNote writes a note, its original file byte for byte, the record
// that lists it and the audit events in one transaction, under
// SaveRecord's version and lease rules.
func (s *Store) SaveNote(rec *app.Record, n *app.Note, original []byte, events ...app.AuditEvent) error {
	if n.ID == "" || rec.ID == "" {
		return errors.New("save note: no id")
	}
	if len(original) > storage.MaxOriginal {
		return fmt.Errorf("the file is %d MB; Codebench keeps originals up to %d MB: split it", len(original)>>20, storage.MaxOriginal>>20)
	}
	v, err := json.Marshal(n)
	if err != nil {
		return err
	}
	base := rec.Version
	err = s.write(func(ctx context.Context, tx pgx.Tx) error {
		rec.Version = base // a transaction run again starts over
		if err := s.putNote(ctx, tx, n.ID, v, original); err != nil {
			return err
		}
		return s.putRecord(ctx, tx, rec, true)
	}, events...)
	if err != nil {
		rec.Version = base
	}
	return err
}

// putNote replaces a note's pieces. An original is always at least one
// (possibly empty) piece, as in the Badger store.
func (s *Store) putNote(ctx context.Context, tx pgx.Tx, id string, text, original []byte) error {
	tn := (len(text) + textPiece - 1) / textPiece
	on := max(1, (len(original)+originalPiece-1)/originalPiece)
	if original == nil {
		on = 0
	}
	if _, err := tx.Exec(ctx, "DELETE FROM notes WHERE id = $1", id); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, "INSERT INTO notes (id, text_pieces, orig_pieces) VALUES ($1, $2, $3)", id, tn, on); err != nil {
		return err
	}
	put := func(part byte, data []byte, size, count int) error {
		for i := range count {
			p := data[min(i*size, len(data)):min((i+1)*size, len(data))]
			if _, err := tx.Exec(ctx, "INSERT INTO note_pieces (note_id, part, n, data) VALUES ($1, $2, $3, $4)",
				id, string(part), i, s.seal.Seal(pieceKey(id, part, i, count), p)); err != nil {
				return err
			}
		}
		return nil
	}
	if err := put('t', text, textPiece, tn); err != nil {
		return err
	}
	return put('o', original, originalPiece, on)
}

// pieces reads back and opens the count pieces of one part of a note.
func (s *Store) pieces(ctx context.Context, tx pgx.Tx, id string, part byte, count int) ([]byte, error) {
	rows, err := tx.Query(ctx, "SELECT n, data FROM note_pieces WHERE note_id = $1 AND part = $2 ORDER BY n", id, string(part))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []byte
	want := 0
	for rows.Next() {
		var n int
		var data []byte
		if err := rows.Scan(&n, &data); err != nil {
			return nil, err
		}
		if n != want || n >= count {
			return nil, ownf("note %s: piece %d of %d is missing: restore it from a backup", id, want, count)
		}
		if out, err = s.seal.AppendOpen(out, pieceKey(id, part, n, count), data); err != nil {
			return nil, ownf("note %s %w", id, ErrDamaged)
		}
		want++
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if want != count {
		return nil, ownf("note %s: piece %d of %d is missing: restore it from a backup", id, want, count)
	}
	return out, nil
}

// noteCounts reads how many pieces a note's text and original have.
func noteCounts(ctx context.Context, tx pgx.Tx, id string) (text, orig int, err error) {
	err = tx.QueryRow(ctx, "SELECT text_pieces, orig_pieces FROM notes WHERE id = $1", id).Scan(&text, &orig)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, 0, ownf("note %s: %w", id, app.ErrNotFound)
	}
	return text, orig, err
}

func (s *Store) getNote(ctx context.Context, tx pgx.Tx, id string) (*app.Note, error) {
	tn, _, err := noteCounts(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	v, err := s.pieces(ctx, tx, id, 't', tn)
	if err != nil {
		return nil, err
	}
	var n app.Note
	if err := json.Unmarshal(v, &n); err != nil || n.ID != id {
		return nil, ownf("note %s %w", id, ErrDamaged)
	}
	return &n, nil
}

func (s *Store) getOriginal(ctx context.Context, tx pgx.Tx, id string) ([]byte, error) {
	_, on, err := noteCounts(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if on == 0 {
		return nil, ownf("original of note %s: %w", id, app.ErrNotFound)
	}
	b, err := s.pieces(ctx, tx, id, 'o', on)
	if b == nil && err == nil {
		b = []byte{}
	}
	return b, err
}

// Note loads a note with its pages.
func (s *Store) Note(id string) (*app.Note, error) {
	var n *app.Note
	err := s.read(func(ctx context.Context, tx pgx.Tx) error {
		var err error
		n, err = s.getNote(ctx, tx, id)
		return err
	})
	return n, err
}

// NoteOriginal returns the note's original file exactly as it was added.
func (s *Store) NoteOriginal(id string) ([]byte, error) {
	var b []byte
	err := s.read(func(ctx context.Context, tx pgx.Tx) error {
		var err error
		b, err = s.getOriginal(ctx, tx, id)
		return err
	})
	return b, err
}

// List answers the worklist. Without a query the status filter, the
// order and the limit run in SQL on the clear columns and only the page's
// rows are opened; with one each word is looked up by its blind-index
// tokens (and as a record id), the matches intersected in SQL, and the
// matching rows opened and checked word by word on the workstation.
func (s *Store) List(f app.ListFilter) (app.Worklist, error) {
	var wl app.Worklist
	err := s.read(func(ctx context.Context, tx pgx.Tx) error {
		if words := app.SearchWords(f.Query); len(words) > 0 {
			return s.listQuery(ctx, tx, f, words, &wl)
		}
		return s.listAll(ctx, tx, f, &wl)
	})
	return wl, err
}

func zeroCounts() map[app.Status]int {
	c := make(map[app.Status]int, len(app.Statuses))
	for _, st := range app.Statuses {
		c[st] = 0
	}
	return c
}

func (s *Store) listAll(ctx context.Context, tx pgx.Tx, f app.ListFilter, wl *app.Worklist) error {
	wl.Counts = zeroCounts()
	rows, err := tx.Query(ctx, "SELECT status, count(*) FROM records GROUP BY status")
	if err != nil {
		return err
	}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			rows.Close()
			return err
		}
		wl.Counts[app.Status(st)] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if f.Status != "" {
		wl.Total = wl.Counts[f.Status]
	} else {
		for _, n := range wl.Counts {
			wl.Total += n
		}
	}
	order := "service DESC NULLS LAST, id DESC"
	if f.Oldest {
		order = "service ASC NULLS FIRST, id ASC"
	}
	where, args := "", []any{}
	if f.Status != "" {
		where, args = "WHERE status = $1", append(args, string(f.Status))
	}
	limit := ""
	if f.Limit > 0 {
		limit = fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err = tx.Query(ctx, "SELECT id, version, summary FROM records "+where+" ORDER BY "+order+limit, args...)
	if err != nil {
		return err
	}
	wl.Records, err = s.collectSummaries(rows)
	return err
}

func (s *Store) collectSummaries(rows pgx.Rows) ([]app.RecordSummary, error) {
	defer rows.Close()
	var out []app.RecordSummary
	for rows.Next() {
		var id string
		var version int64
		var v []byte
		if err := rows.Scan(&id, &version, &v); err != nil {
			return nil, err
		}
		plain, err := s.seal.Open(summaryKey(id, uint64(version)), v)
		if err != nil {
			return nil, ownf("the worklist row of record %s %w", id, ErrDamaged)
		}
		var r app.RecordSummary
		if err := json.Unmarshal(plain, &r); err != nil || r.ID != id {
			return nil, ownf("the worklist row of record %s %w", id, ErrDamaged)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (s *Store) listQuery(ctx context.Context, tx pgx.Tx, f app.ListFilter, words []string, wl *app.Worklist) error {
	var parts []string
	var args []any
	for _, w := range words {
		args = append(args, s.wordTokens(w))
		part := fmt.Sprintf("SELECT record_id FROM record_tokens WHERE token = ANY($%d)", len(args))
		// A record id typed in full finds that record.
		if id := strings.ToUpper(w); len(id) > 1 && id[0] == 'R' {
			args = append(args, id)
			part += fmt.Sprintf(" UNION SELECT id FROM records WHERE id = $%d", len(args))
		}
		parts = append(parts, "("+part+")")
	}
	q := "SELECT id, version, summary FROM records WHERE id IN (" + strings.Join(parts, " INTERSECT ") + ")"
	rows, err := tx.Query(ctx, q, args...)
	if err != nil {
		return err
	}
	all, err := s.collectSummaries(rows)
	if err != nil {
		return err
	}
	// Tokens cover prefixes up to maxPrefix characters, and two prefixes
	// could share a token: the opened rows decide.
	*wl = storage.WorklistOf(all, f)
	return nil
}

// RecordsByMRN loads every record of the patient with this MRN (compared
// without regard to case), newest date of service first. The whole MRN
// is one of its prefix tokens; the opened records decide.
func (s *Store) RecordsByMRN(mrn string) ([]*app.Record, error) {
	p := searchPrefix(mrn)
	if p == "" {
		return nil, nil
	}
	var out []*app.Record
	err := s.read(func(ctx context.Context, tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT r.id, r.version, r.body FROM records r
			JOIN record_tokens t ON t.record_id = r.id WHERE t.token = $1
			ORDER BY r.service DESC NULLS LAST, r.id DESC`, s.token(fieldMRN, p))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			var version int64
			var body []byte
			if err := rows.Scan(&id, &version, &body); err != nil {
				return err
			}
			r, err := s.openRecord(id, uint64(version), body)
			if err != nil {
				return err
			}
			if strings.EqualFold(strings.TrimSpace(r.Patient.MRN), strings.TrimSpace(mrn)) {
				out = append(out, r)
			}
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	sortRecords(out)
	return out, nil
}

// sortRecords orders records as the Badger store's RecordsByMRN does:
// newest date of service first, then the higher id.
func sortRecords(rs []*app.Record) {
	sort.Slice(rs, func(i, j int) bool {
		a, b := rs[i], rs[j]
		if !a.Encounter.Service.Equal(b.Encounter.Service) {
			return a.Encounter.Service.After(b.Encounter.Service)
		}
		return a.ID > b.ID
	})
}
