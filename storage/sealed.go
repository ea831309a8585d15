package storage

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/pb"

	"github.com/codebench/codebench/storage/internal/seal"
)

// Every value the store keeps is sealed (storage/internal/seal): AES-256-GCM
// under a key derived from the master key, with the value's own Badger key
// as additional data. Badger's encryption (AES-CTR) hides values but does
// not notice a changed bit; the seal does, and it also notices a value
// copied under another key. A value that does not open is reported as
// ErrDamaged naming what it belongs to, never read as different content.
//
// This file is the only place that hands values to Badger or takes them
// back (TestOnlySealedFileTouchesValues keeps it so): the rest of the
// package goes through tx.set, tx.get and tx.open.

// ErrDamaged means a stored value failed its check: it was changed on
// disk (a bad sector, a flipped bit, an edit) and is not used.
var ErrDamaged = errors.New("damaged")

// damagedError names what is damaged; it matches ErrDamaged.
type damagedError struct{ what string }

func (e *damagedError) Error() string {
	return e.what + " is damaged: restore it from a backup (codebench restore BACKUP-FILE --force)"
}

func (e *damagedError) Is(target error) bool { return target == ErrDamaged }

// damaged reports the value stored under key as damaged. The message
// names the record, note or audit entry by its id and never quotes the
// key's other parts (index keys hold names and MRNs).
func damaged(key []byte) error { return &damagedError{what: describeKey(key)} }

var idPattern = regexp.MustCompile(`^[A-Z][0-9]{1,12}$`)

// safeID is id if it looks like one of the store's ids (a damaged key
// may hold anything).
func safeID(id string) string {
	if idPattern.MatchString(id) {
		return " " + id
	}
	return ""
}

// describeKey says in a coder's words what the value under key is.
func describeKey(key []byte) string {
	k := string(key)
	firstPart := func(p string) string { id, _, _ := strings.Cut(strings.TrimPrefix(k, p), "/"); return safeID(id) }
	switch {
	case strings.HasPrefix(k, prefixRecord):
		return "record" + firstPart(prefixRecord)
	case strings.HasPrefix(k, prefixSum):
		return "the worklist row of record" + firstPart(prefixSum)
	case strings.HasPrefix(k, "i/"):
		return "the worklist index entry of record" + safeID(idFromIndexKey(key))
	case strings.HasPrefix(k, prefixCount):
		return "the worklist counts"
	case strings.HasPrefix(k, prefixNote):
		return "note" + firstPart(prefixNote)
	case strings.HasPrefix(k, prefixNoteText):
		return "the text of note" + firstPart(prefixNoteText)
	case strings.HasPrefix(k, prefixOrig):
		return "the original file of note" + firstPart(prefixOrig)
	case strings.HasPrefix(k, prefixAudit) && len(k) == len(prefixAudit)+8:
		return "audit trail entry " + strconv.FormatUint(readUint64(key[len(prefixAudit):]), 10)
	case k == string(keyAuditHead):
		return "the end marker of the audit trail"
	case k == string(keySchema):
		return "the database's version marker"
	case strings.HasPrefix(k, "m/seq/"):
		return "the id counter"
	case strings.HasPrefix(k, prefixFavourite):
		return "a favourite code"
	case strings.HasPrefix(k, prefixRecent):
		return "the recent codes list"
	}
	return "a stored value"
}

// sealers is the key values are sealed with, and during a master-key
// rotation (reseal) the key they may still be sealed with.
type sealers struct {
	cur, old *seal.Sealer
}

func (k *sealers) open(key, v []byte) ([]byte, error) {
	out, err := k.cur.Open(key, v)
	if err != nil && k.old != nil {
		out, err = k.old.Open(key, v)
	}
	return out, err
}

// tx is a Badger transaction of the store: values go in sealed and come
// out checked.
type tx struct {
	*badger.Txn
	keys *sealers
}

// set seals value for key and writes it. Sizes are checked before Badger
// sees them (Badger's own message dumps the key or value in hex), and
// Badger's errors come back without their text.
func (t *tx) set(key, value []byte) error {
	if err := checkSizes(key, value); err != nil {
		return err
	}
	return safeBadger(t.Txn.Set(key, t.keys.cur.Seal(key, value)))
}

// checkSizes refuses a key or a value over what Badger keeps, before
// Badger sees them.
func checkSizes(key, value []byte) error {
	if len(key) > maxKeySize {
		return fmt.Errorf("%w: an index entry would be %d bytes long; the store keeps at most %d: shorten the name, MRN or account number",
			ErrTooLarge, len(key), maxKeySize)
	}
	if len(value)+seal.Overhead > maxValueSize {
		return fmt.Errorf("%w: one stored item would be %d MB; the store keeps at most %d MB in one item",
			ErrTooLarge, len(value)>>20, maxValueSize>>20)
	}
	return nil
}

// batch writes many values, sealed like tx.set's, without a
// transaction's size limit: Badger's WriteBatch, which commits as it
// fills. Only a store copy into a new database uses it (copy.go): its
// writes are not atomic, which an import that is not finished (no
// keys.json) does not need.
type batch struct {
	wb   *badger.WriteBatch
	keys *sealers
}

func (s *Store) newBatch() *batch { return &batch{wb: s.db.NewWriteBatch(), keys: s.keys.Load()} }

// set seals value for key and adds it to the batch.
func (b *batch) set(key, value []byte) error {
	if err := checkSizes(key, value); err != nil {
		return err
	}
	return safeBadger(b.wb.Set(key, b.keys.cur.Seal(key, value)))
}

// flush writes what the batch holds.
func (b *batch) flush() error { return wrapWrite(b.wb.Flush()) }

// cancel drops what the batch holds.
func (b *batch) cancel() { b.wb.Cancel() }

// get returns the checked value under key. A missing key is Badger's
// ErrKeyNotFound (callers map it with notFound).
func (t *tx) get(key []byte) ([]byte, error) {
	item, err := t.Txn.Get(key)
	if err != nil {
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil, err
		}
		return nil, readError(err, key)
	}
	return t.open(item)
}

// open returns the checked value of item (from get or an iterator), in
// a slice of its own.
func (t *tx) open(item *badger.Item) ([]byte, error) {
	var out []byte
	err := item.Value(func(v []byte) error {
		var err error
		out, err = t.keys.open(item.Key(), v)
		return err
	})
	if err != nil {
		return nil, readError(err, item.Key())
	}
	return out, nil
}

// openKV opens a value as Badger's Subscribe hands it over (collab.go's
// Watch): as stored, sealed. deleted reports a deletion (no value).
func (s *Store) openKV(kv *pb.KV) (v []byte, deleted bool, err error) {
	if len(kv.Value) == 0 {
		return nil, true, nil
	}
	v, err = s.keys.Load().open(kv.Key, kv.Value)
	return v, false, err
}

// readError is the store's error for a value that could not be read: a
// closed database, or else damage (a failed seal, or Badger's own
// checksum or read errors on its files). Badger's text is dropped.
func readError(err error, key []byte) error {
	if errors.Is(err, badger.ErrDBClosed) {
		return ErrClosed
	}
	return damaged(key)
}

// view runs fn in a read-only transaction.
func (s *Store) view(fn func(txn *tx) error) error {
	// The keys are read once the transaction has started: a master-key
	// rotation swaps the database and the keys together while no
	// transaction runs (rotate.go, guardedDB).
	return s.db.View(func(txn *badger.Txn) error { return fn(&tx{Txn: txn, keys: s.keys.Load()}) })
}

// rawSchema reads m/schema as stored. Schema 1 kept it, like every value,
// unsealed: one byte, 1.
func rawSchema(db *badger.DB) (v []byte, found bool, err error) {
	err = db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(keySchema)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		found = true
		v, err = item.ValueCopy(nil)
		return err
	})
	return v, found, err
}

// checkSchema reads the schema version, seals a schema-1 database (see
// sealAll) and refuses one written by a newer Codebench.
func (s *Store) checkSchema() error {
	raw, found, err := rawSchema(s.db.DB)
	if err != nil {
		return readError(err, keySchema)
	}
	if !found {
		return s.setSchema()
	}
	if len(raw) == 1 {
		switch {
		case raw[0] == 1:
			return s.sealAll()
		case raw[0] > schemaVersion:
			return fmt.Errorf("the database was written by a newer Codebench (schema %d): update Codebench", raw[0])
		}
		return damaged(keySchema)
	}
	v, err := s.keys.Load().open(keySchema, raw)
	if err != nil || len(v) != 1 || v[0] < schemaSealed {
		return damaged(keySchema)
	}
	if v[0] > schemaVersion {
		return fmt.Errorf("the database was written by a newer Codebench (schema %d): update Codebench", v[0])
	}
	return nil
}

func (s *Store) setSchema() error {
	keys := s.keys.Load()
	return wrapWrite(s.db.Update(func(txn *badger.Txn) error {
		return (&tx{Txn: txn, keys: keys}).set(keySchema, []byte{schemaVersion})
	}))
}

// sealAll upgrades a schema-1 database: every value is sealed in place,
// in one pass over the database, then m/schema becomes schemaVersion. The
// pass commits in steps (a database can be far larger than one
// transaction); a pass cut short by a crash is finished on the next open,
// which leaves the values that already open as they are. The last piece
// of each note's original file gets its end mark (origLastV2) on the way.
func (s *Store) sealAll() error {
	keys := s.keys.Load()
	err := s.rewriteAll(func(key, v []byte, lastOfGroup bool) ([]byte, error) {
		if bytes.Equal(key, keySchema) {
			return nil, nil
		}
		if _, err := keys.cur.Open(key, v); err == nil {
			return nil, nil // sealed by an earlier, interrupted pass
		}
		if bytes.HasPrefix(key, []byte(prefixOrig)) && lastOfGroup && len(v) > 0 && v[0] == valueV1 {
			v = append([]byte{origLastV2}, v[1:]...)
		}
		return keys.cur.Seal(key, v), nil
	})
	if err != nil {
		return fmt.Errorf("upgrade the database (sealing every value): %w", err)
	}
	return s.setSchema()
}

// reseal seals every value of the database again under a new master key,
// for the master-key rotation (issue 14 item 11); on success the store
// seals under newMaster and its backups are keyed by it.
//
// It holds the write lock for the whole pass; reads go on meanwhile and
// open values under either key. The pass commits in steps: if it is cut
// short (a crash, a full disk) the database holds values under both keys,
// and calling reseal again with the same two keys finishes it (values
// that open under newMaster are left as they are). So the caller must
// keep newMaster recoverable (wrapped in keys.json beside the old one)
// before calling it, and switch keys.json to newMaster only after it
// returns.
//
// Badger's own encryption key is not changed here: Badger rotates it
// only on a closed database (badger.WriteKeyRegistry with the new key).
func (s *Store) reseal(newMaster []byte) error {
	next, err := seal.New(newMaster)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	prev := s.keys.Load()
	s.keys.Store(&sealers{cur: next, old: prev.cur})
	err = s.rewriteAll(func(key, v []byte, _ bool) ([]byte, error) {
		if _, err := next.Open(key, v); err == nil {
			return nil, nil
		}
		plain, err := prev.cur.Open(key, v)
		if err != nil {
			return nil, damaged(key)
		}
		return next.Seal(key, plain), nil
	})
	if err != nil {
		s.keys.Store(&sealers{cur: prev.cur, old: next})
		return fmt.Errorf("seal the database under the new key: %w", err)
	}
	s.keys.Store(&sealers{cur: next})
	s.master = append([]byte(nil), newMaster...)
	return nil
}

// rewriteBudget is how many value bytes one step of rewriteAll commits:
// memory stays bounded whatever the size of the database.
const rewriteBudget = 16 << 20

// rewriteAll walks every key of the database once, in key order, and
// writes edit's new value for it (nil: leave it). lastOfGroup is true when
// the next key is not another piece of the same note (an o/ or t/ key with
// another id) or there is no next key. It commits in steps of about
// rewriteBudget bytes, each synced.
func (s *Store) rewriteAll(edit func(key, v []byte, lastOfGroup bool) ([]byte, error)) error {
	rd := s.db.NewTransaction(false)
	defer rd.Discard()
	it := rd.NewIterator(badger.IteratorOptions{PrefetchValues: false})
	defer it.Close()

	wr := s.db.NewTransaction(true)
	defer func() { wr.Discard() }()
	pending := 0
	commit := func() error {
		if err := wr.Commit(); err != nil {
			return wrapWrite(err)
		}
		wr = s.db.NewTransaction(true)
		pending = 0
		return nil
	}
	put := func(k, v []byte) error {
		err := wr.Set(k, v)
		if errors.Is(err, badger.ErrTxnTooBig) {
			if err := commit(); err != nil {
				return err
			}
			err = wr.Set(k, v)
		}
		if err != nil {
			return safeBadger(err)
		}
		pending += len(k) + len(v)
		if pending > rewriteBudget {
			return commit()
		}
		return nil
	}

	var key, val []byte
	have := false
	flush := func(next []byte) error {
		if !have {
			return nil
		}
		nv, err := edit(key, val, !samePieces(key, next))
		if err != nil {
			return err
		}
		if nv != nil {
			return put(key, nv)
		}
		return nil
	}
	for it.Rewind(); it.Valid(); it.Next() {
		item := it.Item()
		next := item.KeyCopy(nil)
		if err := flush(next); err != nil {
			return err
		}
		v, err := item.ValueCopy(nil)
		if err != nil {
			return readError(err, next)
		}
		key, val, have = next, v, true
	}
	if err := flush(nil); err != nil {
		return err
	}
	return commit()
}

// samePieces reports whether a and b are pieces (o/ or t/ keys) of the
// same note.
func samePieces(a, b []byte) bool {
	for _, p := range []string{prefixOrig, prefixNoteText} {
		if bytes.HasPrefix(a, []byte(p)) && len(a) > 4 && len(b) == len(a) && bytes.Equal(a[:len(a)-4], b[:len(b)-4]) {
			return true
		}
	}
	return false
}
