package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/storage"
	"github.com/codebench/codebench/storage/internal/keywrap"
)

// Export gives everything in the store to fn, opened, from one snapshot,
// in the order storage.Backend documents (store copy).
func (s *Store) Export(fn func(storage.Item) error) error {
	if s.isClosed() {
		return errClosed
	}
	// A copy of a large practice takes longer than one call's timeout.
	ctx, cancel := context.WithCancel(s.ctx)
	defer cancel()
	var fnErr error
	call := func(it storage.Item) error {
		if err := fn(it); err != nil {
			fnErr = err
			return ownError{err}
		}
		return nil
	}
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, "SELECT entry FROM users ORDER BY added")
		if err != nil {
			return err
		}
		entries, err := pgx.CollectRows(rows, pgx.RowTo[[]byte])
		if err != nil {
			return err
		}
		for _, e := range entries {
			var u keywrap.User
			if err := json.Unmarshal(e, &u); err != nil {
				return ownf("a user's key entry in the shared database is damaged: restore it from a backup")
			}
			if err := call(storage.Item{Kind: storage.ItemUser, Key: u}); err != nil {
				return err
			}
		}
		rows, err = tx.Query(ctx, "SELECT kind, n FROM sequences ORDER BY kind")
		if err != nil {
			return err
		}
		type seq struct {
			Kind string
			N    int64
		}
		seqs, err := pgx.CollectRows(rows, pgx.RowToStructByPos[seq])
		if err != nil {
			return err
		}
		for _, q := range seqs {
			if err := call(storage.Item{Kind: storage.ItemSequence, SeqKind: q.Kind, Seq: uint64(q.N)}); err != nil {
				return err
			}
		}
		rows, err = tx.Query(ctx, "SELECT id, version, body FROM records ORDER BY id")
		if err != nil {
			return err
		}
		for rows.Next() {
			var id string
			var version int64
			var body []byte
			if err := rows.Scan(&id, &version, &body); err != nil {
				rows.Close()
				return err
			}
			r, err := s.openRecord(id, uint64(version), body)
			if err == nil {
				err = call(storage.Item{Kind: storage.ItemRecord, Record: r})
			}
			if err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		rows, err = tx.Query(ctx, "SELECT id FROM notes ORDER BY id")
		if err != nil {
			return err
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return err
		}
		for _, id := range ids {
			n, err := s.getNote(ctx, tx, id)
			if err != nil {
				return err
			}
			orig, err := s.getOriginal(ctx, tx, id)
			if err != nil && !errors.Is(err, app.ErrNotFound) {
				return err
			}
			if err := call(storage.Item{Kind: storage.ItemNote, Note: n, Original: orig}); err != nil {
				return err
			}
		}
		rows, err = tx.Query(ctx, "SELECT user_name, kind, token, value FROM shortcuts ORDER BY kind, user_name, token")
		if err != nil {
			return err
		}
		type shortcut struct {
			User  string
			Kind  byte
			Token []byte
			Value []byte
		}
		scs, err := pgx.CollectRows(rows, pgx.RowToStructByPos[shortcut])
		if err != nil {
			return err
		}
		for _, sc := range scs {
			it := storage.Item{Kind: storage.ItemFavourite, User: sc.User}
			key := favouriteKey(sc.User, sc.Token)
			if sc.Kind == 'r' {
				it.Kind, key = storage.ItemRecent, recentKey(sc.User)
			}
			if it.Codes, err = s.openCodes(key, sc.Value); err != nil {
				return ownf("the code shortcuts of %s: a value %w", sc.User, ErrDamaged)
			}
			if err := call(it); err != nil {
				return err
			}
		}
		rows, err = tx.Query(ctx, "SELECT "+auditColumns+" FROM audit ORDER BY seq")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e, err := s.scanAudit(rows)
			if err != nil {
				return err
			}
			if err := call(storage.Item{Kind: storage.ItemAudit, Audit: &e}); err != nil {
				return err
			}
		}
		return rows.Err()
	})
	if fnErr != nil {
		return fnErr
	}
	return safe(err)
}

// importer writes a store copy into a PostgreSQL database in one
// transaction: the target holds all of it or, after a failure, nothing.
type importer struct {
	s    *Store
	tx   pgx.Tx
	ctx  context.Context
	head auditHead
	user bool
	done bool
}

// NewImport prepares the database dsn names to receive a store copy
// sealed under master. A database that already holds a Codebench store
// returns storage.ErrExists unless force, which empties it first (in the
// same transaction as the copy: a failed copy leaves the old store).
func NewImport(dsn string, master []byte, force bool, opt *Options) (storage.Importer, error) {
	var o Options
	if opt != nil {
		o = *opt
	}
	if len(master) != keywrap.MasterKeySize {
		return nil, errors.New("store copy: the master key has the wrong size")
	}
	pool, cfg, err := connect(dsn, o, true)
	if err != nil {
		return nil, err
	}
	s, err := newStore(pool, cfg, "", append([]byte(nil), master...), o)
	if err != nil {
		pool.Close()
		return nil, err
	}
	im, err := s.beginImport(pool, force)
	if err != nil {
		s.Close()
		return nil, safe(err)
	}
	return im, nil
}

func (s *Store) beginImport(pool *pgxpool.Pool, force bool) (*importer, error) {
	ctx := s.ctx
	tx, err := pool.Begin(ctx)
	if err != nil {
		return nil, err
	}
	// The head's lock keeps every workstation's writes out until the copy
	// commits.
	var head auditHead
	if err := tx.QueryRow(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE").Scan(&head.Seq, &head.Hash); err != nil {
		tx.Rollback(ctx)
		return nil, err
	}
	var used bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM users) OR EXISTS (SELECT 1 FROM records)
		OR EXISTS (SELECT 1 FROM audit) OR EXISTS (SELECT 1 FROM notes)`).Scan(&used); err != nil {
		tx.Rollback(ctx)
		return nil, err
	}
	if used {
		if !force {
			tx.Rollback(ctx)
			return nil, ownf("%s already holds a Codebench store (%w): copy to an empty database, or add --force to replace it", s.location, storage.ErrExists)
		}
		if _, err := tx.Exec(ctx, `TRUNCATE users, sequences, records, record_tokens, notes, note_pieces,
			shortcuts, audit, leases`); err != nil {
			tx.Rollback(ctx)
			return nil, err
		}
	}
	return &importer{s: s, tx: tx, ctx: ctx, head: auditHead{Hash: storage.AuditGenesis()}}, nil
}

// Put writes one item of the copy.
func (im *importer) Put(it storage.Item) error {
	if im.done {
		return errors.New("store copy: the import is finished")
	}
	return safe(im.put(it))
}

func (im *importer) put(it storage.Item) error {
	ctx, tx, s := im.ctx, im.tx, im.s
	switch it.Kind {
	case storage.ItemUser:
		if !it.Portable() {
			// A data folder's key pair: only its owner can wrap the
			// master key again in this store's format.
			return ownf("user %s: %w", it.Key.Name, storage.ErrKeyNotPortable)
		}
		entry, err := json.Marshal(&it.Key)
		if err != nil {
			return err
		}
		im.user = true
		_, err = tx.Exec(ctx, "INSERT INTO users (name, entry) VALUES ($1, $2)", it.Key.Name, entry)
		return err
	case storage.ItemSequence:
		_, err := tx.Exec(ctx, "INSERT INTO sequences (kind, n) VALUES ($1, $2)", it.SeqKind, int64(it.Seq))
		return err
	case storage.ItemRecord:
		r := *it.Record
		return s.writeRecord(ctx, tx, &r, r.CreatedBy)
	case storage.ItemNote:
		v, err := json.Marshal(it.Note)
		if err != nil {
			return err
		}
		return s.putNote(ctx, tx, it.Note.ID, v, it.Original)
	case storage.ItemFavourite:
		for _, c := range it.Codes {
			token := s.favouriteToken(c)
			v, err := s.sealCodes(favouriteKey(it.User, token), []app.CodeRef{c})
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, "INSERT INTO shortcuts (user_name, kind, token, value) VALUES ($1, 'f', $2, $3) ON CONFLICT DO NOTHING",
				it.User, token, v); err != nil {
				return err
			}
		}
		return nil
	case storage.ItemRecent:
		return s.putRecent(ctx, tx, it.User, it.Codes)
	case storage.ItemAudit:
		e := it.Audit
		switch {
		case e.Seq != im.head.Seq+1:
			return ownf("%w: entry %d comes after entry %d", storage.ErrAuditBroken, e.Seq, im.head.Seq)
		case e.Prev != im.head.Hash || storage.AuditHash(e) != e.Hash:
			return ownf("%w: entry %d does not verify", storage.ErrAuditBroken, e.Seq)
		}
		batch := &pgx.Batch{}
		s.queueAudit(batch, e)
		if err := tx.SendBatch(ctx, batch).Close(); err != nil {
			return err
		}
		im.head = auditHead{Seq: e.Seq, Hash: e.Hash}
		return nil
	}
	return ownf("store copy: unknown item kind %d", it.Kind)
}

// Finish moves the audit head to the copied trail's end, checks the
// chain inside the transaction and commits.
func (im *importer) Finish() error {
	if im.done {
		return nil
	}
	if !im.user {
		im.Abort()
		return errors.New("store copy: the source has no users")
	}
	ctx, tx := im.ctx, im.tx
	if _, err := tx.Exec(ctx, "UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1", int64(im.head.Seq), im.head.Hash); err != nil {
		im.Abort()
		return safe(err)
	}
	if err := tx.Commit(ctx); err != nil {
		im.Abort()
		return safe(err)
	}
	im.done = true
	rep, err := im.s.VerifyAudit()
	if cerr := im.s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if rep.Entries != im.head.Seq {
		return fmt.Errorf("%w: %d entries were copied but %d verify", storage.ErrAuditBroken, im.head.Seq, rep.Entries)
	}
	return nil
}

// Abort rolls the copy back: the target is as it was before NewImport.
func (im *importer) Abort() error {
	if im.done {
		return nil
	}
	im.done = true
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := im.tx.Rollback(ctx)
	if cerr := im.s.Close(); err == nil {
		err = cerr
	}
	return safe(err)
}
