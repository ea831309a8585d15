package storage

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/internal/atomicfile"
)

// Export gives everything in the data folder to fn, from one snapshot of
// the database (the users from keys.json as it is).
func (s *Store) Export(fn func(Item) error) error {
	kf, err := readKeyFile(s.dir)
	if err != nil {
		return err
	}
	for _, u := range kf.Users {
		if err := fn(Item{Kind: ItemUser, Key: u}); err != nil {
			return err
		}
	}
	return s.db.View(func(txn *badger.Txn) error {
		each := func(prefix string, f func(k, v []byte) error) error {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(prefix), PrefetchValues: true, PrefetchSize: 16})
			defer it.Close()
			for it.Rewind(); it.Valid(); it.Next() {
				k := it.Item().KeyCopy(nil)
				v, err := it.Item().ValueCopy(nil)
				if err != nil {
					return safeBadger(err)
				}
				if err := f(k, v); err != nil {
					return err
				}
			}
			return nil
		}
		err := each("m/seq/", func(k, v []byte) error {
			return fn(Item{Kind: ItemSequence, SeqKind: string(k[len("m/seq/"):]), Seq: readUint64(v)})
		})
		if err != nil {
			return err
		}
		if err := each(prefixRecord, func(k, v []byte) error {
			r, err := decodeRecord(v)
			if err != nil {
				return fmt.Errorf("record %s: %w", k[len(prefixRecord):], err)
			}
			return fn(Item{Kind: ItemRecord, Record: r})
		}); err != nil {
			return err
		}
		// Note keys are n/<id>; the original's pieces are read per note.
		var noteIDs []string
		if err := each(prefixNote, func(k, _ []byte) error {
			noteIDs = append(noteIDs, string(k[len(prefixNote):]))
			return nil
		}); err != nil {
			return err
		}
		for _, id := range noteIDs {
			n, err := getNote(txn, id)
			if err != nil {
				return err
			}
			orig, err := getOriginal(txn, id)
			if err != nil && !errors.Is(err, app.ErrNotFound) {
				return err
			}
			if err := fn(Item{Kind: ItemNote, Note: n, Original: orig}); err != nil {
				return err
			}
		}
		if err := each(prefixFavourite, func(k, v []byte) error {
			var c app.CodeRef
			if err := decode(v, &c); err != nil {
				return fmt.Errorf("favourite code: %w", err)
			}
			user, _, _ := strings.Cut(string(k[len(prefixFavourite):]), "\x00")
			return fn(Item{Kind: ItemFavourite, User: user, Codes: []app.CodeRef{c}})
		}); err != nil {
			return err
		}
		if err := each(prefixRecent, func(k, v []byte) error {
			var cs []app.CodeRef
			if err := decode(v, &cs); err != nil {
				return fmt.Errorf("recent codes: %w", err)
			}
			return fn(Item{Kind: ItemRecent, User: string(k[len(prefixRecent):]), Codes: cs})
		}); err != nil {
			return err
		}
		return each(prefixAudit, func(_, v []byte) error {
			var e app.AuditEntry
			if err := decode(v, &e); err != nil {
				return fmt.Errorf("%w: an entry cannot be read: %v", ErrAuditBroken, err)
			}
			return fn(Item{Kind: ItemAudit, Audit: &e})
		})
	})
}

// importer writes a copy into a new data folder.
type importer struct {
	s      *Store
	wb     *badger.WriteBatch
	users  []keyUser
	counts map[app.Status]uint64
	head   auditHead
	done   bool
}

// NewImport makes an empty database in dir, encrypted with master (the
// source's key, so the copied users' passphrases open it), for a store
// copy to fill. A folder that holds a database, or the remains of an
// unfinished one, is refused with ErrExists unless force, which deletes
// it first.
func NewImport(dir string, master []byte, force bool, opt *Options) (Importer, error) {
	if len(master) != masterKeySize {
		return nil, errors.New("store copy: the master key has the wrong size")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create the data folder: %w", wrapWrite(err))
	}
	lock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	ents, _ := os.ReadDir(filepath.Join(dir, dbDirName))
	if Exists(dir) || len(ents) > 0 {
		if !force {
			unlockDir(lock)
			return nil, fmt.Errorf("%s already holds a Codebench database (%w): copy to an empty folder, or add --force to replace it", dir, ErrExists)
		}
		for _, p := range []string{keyFileName, dbDirName} {
			if err := os.RemoveAll(filepath.Join(dir, p)); err != nil {
				unlockDir(lock)
				return nil, fmt.Errorf("remove the old database: %w", err)
			}
		}
	}
	// Until Finish renames it, the key file is under its temporary name:
	// an import cut short is an unfinished Create (see Create).
	creating := filepath.Join(dir, keyFileName+".creating")
	if err := writeFileAtomic(creating, []byte("{}")); err != nil {
		unlockDir(lock)
		return nil, err
	}
	s, err := openLocked(dir, lock, "", append([]byte(nil), master...), opt)
	if err != nil {
		unlockDir(lock)
		return nil, err
	}
	return &importer{s: s, wb: s.db.NewWriteBatch(), counts: map[app.Status]uint64{}, head: auditHead{Hash: genesis}}, nil
}

func (im *importer) setAll(kvs ...keyValue) error {
	for _, kv := range kvs {
		if len(kv.k) > maxKeySize || len(kv.v) > maxValueSize {
			return fmt.Errorf("%w: an item of %d bytes", ErrTooLarge, len(kv.v))
		}
		if err := im.wb.Set(kv.k, kv.v); err != nil {
			return wrapWrite(err)
		}
	}
	return nil
}

// Put writes one item of the copy.
func (im *importer) Put(it Item) error {
	if im.done {
		return errors.New("store copy: the import is finished")
	}
	switch it.Kind {
	case ItemUser:
		im.users = append(im.users, it.Key)
		return nil
	case ItemSequence:
		return im.setAll(keyValue{seqKey(it.SeqKind), uint64Value(it.Seq)})
	case ItemRecord:
		r := *it.Record
		kvs, err := recordEntries(&r)
		if err != nil {
			return err
		}
		im.counts[r.Status]++
		return im.setAll(kvs...)
	case ItemNote:
		v, err := encode(it.Note)
		if err != nil {
			return err
		}
		var kvs []keyValue
		if len(v) <= noteChunk {
			kvs = append(kvs, keyValue{noteKey(it.Note.ID), v})
		} else {
			var n uint32
			for off := 0; off < len(v); off += noteChunk {
				kvs = append(kvs, keyValue{noteChunkKey(it.Note.ID, n), v[off:min(off+noteChunk, len(v))]})
				n++
			}
			kvs = append(kvs, keyValue{noteKey(it.Note.ID), binary.BigEndian.AppendUint32([]byte{noteChunkedV2}, n)})
		}
		for i := 0; i*originalChunk < len(it.Original); i++ {
			end := min((i+1)*originalChunk, len(it.Original))
			kvs = append(kvs, keyValue{origKey(it.Note.ID, uint32(i)), append([]byte{valueV1}, it.Original[i*originalChunk:end]...)})
		}
		return im.setAll(kvs...)
	case ItemFavourite:
		for _, c := range it.Codes {
			v, err := encode(&c)
			if err != nil {
				return err
			}
			if err := im.setAll(keyValue{favouriteKey(it.User, c.System, c.Code), v}); err != nil {
				return err
			}
		}
		return nil
	case ItemRecent:
		v, err := encode(&it.Codes)
		if err != nil {
			return err
		}
		return im.setAll(keyValue{recentKey(it.User), v})
	case ItemAudit:
		e := it.Audit
		switch {
		case e.Seq != im.head.Seq+1:
			return fmt.Errorf("%w: entry %d comes after entry %d", ErrAuditBroken, e.Seq, im.head.Seq)
		case e.Prev != im.head.Hash || entryHash(e) != e.Hash:
			return fmt.Errorf("%w: entry %d does not verify", ErrAuditBroken, e.Seq)
		}
		v, err := encode(e)
		if err != nil {
			return err
		}
		im.head = auditHead{Seq: e.Seq, Hash: e.Hash}
		return im.setAll(keyValue{auditKey(e.Seq), v})
	}
	return fmt.Errorf("store copy: unknown item kind %d", it.Kind)
}

// Finish writes the counts, the audit head and the key file, and closes
// the new database.
func (im *importer) Finish() error {
	if im.done {
		return nil
	}
	if len(im.users) == 0 {
		im.Abort()
		return errors.New("store copy: the source has no users")
	}
	for st, n := range im.counts {
		if err := im.setAll(keyValue{countKey(st), uint64Value(n)}); err != nil {
			im.Abort()
			return err
		}
	}
	hv, err := encode(&im.head)
	if err == nil {
		err = im.setAll(keyValue{keyAuditHead, hv})
	}
	if err == nil {
		err = wrapWrite(im.wb.Flush())
	}
	if err == nil {
		err = wrapWrite(im.s.db.Sync())
	}
	if err != nil {
		im.Abort()
		return err
	}
	im.done = true
	dir := im.s.dir
	b, err := marshalKeyFile(&keyFile{Version: keyFileVersion, Users: im.users})
	creating := filepath.Join(dir, keyFileName+".creating")
	if err == nil {
		err = writeFileAtomic(creating, b)
	}
	if cerr := im.s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Rename(creating, filepath.Join(dir, keyFileName)); err != nil {
		return err
	}
	atomicfile.SyncDir(dir)
	return nil
}

// Abort closes the unfinished database; its folder stays recognisably
// unfinished (no keys.json) and the next Create or copy with --force
// clears it.
func (im *importer) Abort() error {
	if im.done {
		return nil
	}
	im.done = true
	im.wb.Cancel()
	return im.s.Close()
}

func marshalKeyFile(kf *keyFile) ([]byte, error) { return json.MarshalIndent(kf, "", "  ") }
