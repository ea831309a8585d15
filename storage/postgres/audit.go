package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/storage"
)

// auditHead is the last entry of the chain (the audit_head row).
type auditHead struct {
	Seq  uint64
	Hash string
}

// appendAudit writes events after head inside tx, whose audit_head row
// lock the caller holds, and moves the head. The entries are hashed as
// the Badger store hashes them (storage.AuditHash), so a trail copied
// between the two verifies in both.
func (s *Store) appendAudit(ctx context.Context, tx pgx.Tx, head auditHead, events []app.AuditEvent) error {
	if len(events) == 0 {
		return nil
	}
	now := time.Now().UTC()
	batch := &pgx.Batch{}
	for _, ev := range events {
		e := app.AuditEntry{Seq: head.Seq + 1, Time: now, User: s.user, Action: ev.Action,
			RecordID: ev.RecordID, Detail: ev.Detail, Prev: head.Hash}
		e.Hash = storage.AuditHash(&e)
		s.queueAudit(batch, &e)
		head = auditHead{Seq: e.Seq, Hash: e.Hash}
	}
	batch.Queue("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1", int64(head.Seq), head.Hash)
	return tx.SendBatch(ctx, batch).Close()
}

// queueAudit adds the insert of one entry, its detail sealed, to batch.
func (s *Store) queueAudit(batch *pgx.Batch, e *app.AuditEntry) {
	batch.Queue(`INSERT INTO audit (seq, at_ns, user_name, action, record_id, detail, prev, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		int64(e.Seq), e.Time.UnixNano(), e.User, string(e.Action), e.RecordID,
		s.seal.Seal(auditKey(e.Seq), []byte(e.Detail)), e.Prev, e.Hash)
}

// Audit appends events that change no record: login, lock, printed...
func (s *Store) Audit(events ...app.AuditEvent) error { return s.write(nil, events...) }

const auditColumns = "seq, at_ns, user_name, action, record_id, detail, prev, hash"

// scanAudit reads one audit row and opens its detail.
func (s *Store) scanAudit(rows pgx.Rows) (app.AuditEntry, error) {
	var e app.AuditEntry
	var seq, at int64
	var action string
	var detail []byte
	if err := rows.Scan(&seq, &at, &e.User, &action, &e.RecordID, &detail, &e.Prev, &e.Hash); err != nil {
		return e, err
	}
	e.Seq, e.Time, e.Action = uint64(seq), time.Unix(0, at).UTC(), app.AuditAction(action)
	d, err := s.seal.Open(auditKey(e.Seq), detail)
	if err != nil {
		return e, ownf("%w: entry %d cannot be read (its detail does not open)", storage.ErrAuditBroken, e.Seq)
	}
	e.Detail = string(d)
	return e, nil
}

// AuditLog returns the audit entries about recordID, oldest first, or
// every entry when recordID is empty.
func (s *Store) AuditLog(recordID string) ([]app.AuditEntry, error) {
	var out []app.AuditEntry
	err := s.read(func(ctx context.Context, tx pgx.Tx) error {
		q, args := "SELECT "+auditColumns+" FROM audit ORDER BY seq", []any{}
		if recordID != "" {
			q, args = "SELECT "+auditColumns+" FROM audit WHERE record_id = $1 ORDER BY seq", []any{recordID}
		}
		rows, err := tx.Query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e, err := s.scanAudit(rows)
			if err != nil {
				return err
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, err
}

// VerifyAudit walks the whole trail on the server, in one snapshot, and
// checks every link, every hash and every detail's seal. An edited,
// removed or reordered entry returns an error wrapping
// storage.ErrAuditBroken that names the first bad entry.
func (s *Store) VerifyAudit() (storage.AuditReport, error) {
	var rep storage.AuditReport
	err := s.read(func(ctx context.Context, tx pgx.Tx) error {
		var head auditHead
		var hseq int64
		if err := tx.QueryRow(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1").Scan(&hseq, &head.Hash); err != nil {
			return err
		}
		head.Seq = uint64(hseq)
		rows, err := tx.Query(ctx, "SELECT "+auditColumns+" FROM audit ORDER BY seq")
		if err != nil {
			return err
		}
		defer rows.Close()
		prev := storage.AuditGenesis()
		var want uint64 = 1
		for rows.Next() {
			e, err := s.scanAudit(rows)
			if err != nil {
				return err
			}
			switch {
			case e.Seq != want:
				return ownf("%w: entry %d is missing (next entry found is %d)", storage.ErrAuditBroken, want, e.Seq)
			case e.Prev != prev:
				return ownf("%w: entry %d does not follow entry %d: an entry was removed or reordered", storage.ErrAuditBroken, e.Seq, e.Seq-1)
			case storage.AuditHash(&e) != e.Hash:
				return ownf("%w: entry %d was edited after it was written", storage.ErrAuditBroken, e.Seq)
			}
			prev = e.Hash
			want++
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rep.Entries, rep.Head = want-1, prev
		if head.Seq != rep.Entries || head.Hash != prev {
			return ownf("%w: the trail ends at entry %d but %d entries were written: entries were removed from the end", storage.ErrAuditBroken, rep.Entries, head.Seq)
		}
		return nil
	})
	return rep, err
}
