package storage

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/codebench/codebench/app"
)

// genesis is the Prev of the first audit entry.
var genesis = hex.EncodeToString(make([]byte, sha256.Size))

// auditHead is the last entry of the chain, kept under m/audit-head so
// that cutting entries off the end is detected too.
type auditHead struct {
	Seq  uint64 `json:"seq"`
	Hash string `json:"hash"`
}

func readHead(txn *tx) (auditHead, error) {
	h := auditHead{Hash: genesis}
	v, err := txn.get(keyAuditHead)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return h, nil
	}
	if err != nil {
		return h, err
	}
	return h, decode(v, &h)
}

// entryHash is the SHA-256 of every field but Hash, each separated by a
// unit separator so no two different entries hash the same text.
func entryHash(e *app.AuditEntry) string {
	h := sha256.New()
	for _, f := range []string{strconv.FormatUint(e.Seq, 10), e.Time.UTC().Format(time.RFC3339Nano), e.User,
		string(e.Action), e.RecordID, e.Detail, e.Prev} {
		h.Write([]byte(f))
		h.Write([]byte{0x1f})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// appendAudit writes events after head inside txn and returns the new head.
func (s *Store) appendAudit(txn *tx, head auditHead, events []app.AuditEvent) (auditHead, error) {
	if len(events) == 0 {
		return head, nil
	}
	now := time.Now().UTC()
	for _, ev := range events {
		e := app.AuditEntry{Seq: head.Seq + 1, Time: now, User: s.user, Action: ev.Action,
			RecordID: ev.RecordID, Detail: ev.Detail, Prev: head.Hash}
		e.Hash = entryHash(&e)
		v, err := encode(&e)
		if err != nil {
			return head, err
		}
		if err := txn.set(auditKey(e.Seq), v); err != nil {
			return head, err
		}
		head = auditHead{Seq: e.Seq, Hash: e.Hash}
	}
	v, err := encode(&head)
	if err != nil {
		return head, err
	}
	return head, txn.set(keyAuditHead, v)
}

// Audit appends events that change no record: login, lock, printed...
func (s *Store) Audit(events ...app.AuditEvent) error {
	return s.update(nil, events...)
}

// AuditLog returns the audit entries about recordID, oldest first, or
// every entry when recordID is empty.
func (s *Store) AuditLog(recordID string) ([]app.AuditEntry, error) {
	var out []app.AuditEntry
	err := s.view(func(txn *tx) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(prefixAudit), PrefetchValues: true, PrefetchSize: 100})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			v, err := txn.open(it.Item())
			if err != nil {
				return err
			}
			var e app.AuditEntry
			if err := decode(v, &e); err != nil {
				return err
			}
			if recordID == "" || e.RecordID == recordID {
				out = append(out, e)
			}
		}
		return nil
	})
	return out, err
}

// AuditReport is the result of a successful VerifyAudit.
type AuditReport struct {
	Entries uint64 // entries checked
	Head    string // hash of the last entry
}

// VerifyAudit walks the whole audit trail and checks every link. An
// edited, removed or reordered entry returns an error wrapping
// ErrAuditBroken that names the first bad entry.
func (s *Store) VerifyAudit() (AuditReport, error) {
	var rep AuditReport
	err := s.view(func(txn *tx) error {
		head, err := readHead(txn)
		if err != nil {
			return err
		}
		prev := genesis
		var want uint64 = 1
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(prefixAudit), PrefetchValues: true, PrefetchSize: 100})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			item := it.Item()
			keySeq := readUint64(item.Key()[len(prefixAudit):])
			if keySeq != want {
				return fmt.Errorf("%w: entry %d is missing (next entry found is %d)", ErrAuditBroken, want, keySeq)
			}
			v, err := txn.open(item)
			if err != nil {
				return fmt.Errorf("%w: %w", ErrAuditBroken, err)
			}
			var e app.AuditEntry
			if err := decode(v, &e); err != nil {
				return fmt.Errorf("%w: entry %d cannot be read: %v", ErrAuditBroken, want, err)
			}
			switch {
			case e.Seq != keySeq:
				return fmt.Errorf("%w: entry %d holds entry %d: entries were reordered", ErrAuditBroken, keySeq, e.Seq)
			case e.Prev != prev:
				return fmt.Errorf("%w: entry %d does not follow entry %d: an entry was removed or reordered", ErrAuditBroken, keySeq, keySeq-1)
			case entryHash(&e) != e.Hash:
				return fmt.Errorf("%w: entry %d was edited after it was written", ErrAuditBroken, keySeq)
			}
			prev = e.Hash
			want++
		}
		rep.Entries = want - 1
		rep.Head = prev
		if head.Seq != rep.Entries || head.Hash != prev {
			return fmt.Errorf("%w: the trail ends at entry %d but %d entries were written: entries were removed from the end", ErrAuditBroken, rep.Entries, head.Seq)
		}
		return nil
	})
	return rep, err
}
