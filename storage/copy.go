package storage

import (
	"bytes"
	"encoding/binary"
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
// the database (the users from keys.json as it is). Each user's Item
// carries their keys.json entry for a copy into another data folder, and
// Key in the format every engine reads when the entry has it (a version 1
// entry); a version 2 entry (a key pair) gives a Key without Wrapped.
func (s *Store) Export(fn func(Item) error) error {
	kf, err := readKeyFile(s.dir)
	if err != nil {
		return err
	}
	for i := range kf.Users {
		u := kf.Users[i]
		if err := fn(Item{Kind: ItemUser, Key: u.portable(), badger: &u}); err != nil {
			return err
		}
	}
	return s.view(func(txn *tx) error {
		each := func(prefix string, f func(k, v []byte) error) error {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(prefix), PrefetchValues: true, PrefetchSize: 16})
			defer it.Close()
			for it.Rewind(); it.Valid(); it.Next() {
				k := it.Item().KeyCopy(nil)
				v, err := txn.open(it.Item())
				if err != nil {
					return err
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
				return fmt.Errorf("record%s: %w", safeID(string(k[len(prefixRecord):])), err)
			}
			return fn(Item{Kind: ItemRecord, Record: r})
		}); err != nil {
			return err
		}
		// Note keys are n/<id>; the note's text pieces (t/) and its
		// original's (o/) are read per note.
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

// portable is the user's entry in the format every engine reads: a
// version 1 entry as it is; for a version 2 one (a key pair, which only
// the Badger store reads) or a disabled user, only the name.
func (u keyUser) portable() UserKey {
	k := UserKey{Name: u.Name, Created: u.Created, Changed: u.Changed}
	if len(u.Public) == 0 && !u.Disabled && len(u.Wrapped) > 0 {
		k.KDF, k.Params, k.Salt, k.Nonce, k.Wrapped = u.KDF, u.Params, u.Salt, u.Nonce, u.Wrapped
	}
	return k
}

// fromPortable is a version 1 keys.json entry for a user copied from
// another engine; it becomes version 2 when the user next signs in.
func fromPortable(k UserKey, role app.UserRole) keyUser {
	return keyUser{Name: k.Name, Role: role, KDF: k.KDF, Params: k.Params, Salt: k.Salt, Nonce: k.Nonce,
		Wrapped: k.Wrapped, Created: k.Created, Changed: k.Changed}
}

// importer writes a copy into a new data folder.
type importer struct {
	s      *Store
	b      *batch
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
	return &importer{s: s, b: s.newBatch(), counts: map[app.Status]uint64{}, head: auditHead{Hash: genesis}}, nil
}

func (im *importer) setAll(kvs ...keyValue) error {
	for _, kv := range kvs {
		if err := im.b.set(kv.k, kv.v); err != nil {
			return err
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
		switch {
		case it.badger != nil:
			// From another data folder: the entry as it was, role,
			// state and key pair included.
			im.users = append(im.users, *it.badger)
		case it.Portable():
			// From another engine, which has no roles: the first user
			// (who set the store up) administers the copy.
			role := app.CodingStaff
			if len(im.users) == 0 {
				role = app.Administrator
			}
			im.users = append(im.users, fromPortable(it.Key, role))
		default:
			return fmt.Errorf("user %s: %w", it.Key.Name, ErrKeyNotPortable)
		}
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
		return im.putNote(it.Note, it.Original)
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
		err = im.b.flush()
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
	b, err := (&keyFile{Users: im.users}).marshal()
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
	im.b.cancel()
	return im.s.Close()
}

// putNote writes a note as SaveNote stores it: the original file in
// pieces, the last marked, and the note's value whole under n/ or, when
// longer than noteChunk, in pieces under t/ that n/ counts.
func (im *importer) putNote(n *app.Note, original []byte) error {
	for i := 0; i*originalChunk < len(original) || i == 0; i++ {
		end := min((i+1)*originalChunk, len(original))
		version := valueV1
		if end == len(original) {
			version = origLastV2
		}
		if err := im.b.set(origKey(n.ID, uint32(i)), append([]byte{version}, original[i*originalChunk:end]...)); err != nil {
			return err
		}
	}
	var v bytes.Buffer
	v.WriteByte(valueV1)
	if err := encodeNote(&v, n); err != nil {
		return err
	}
	if v.Len() <= noteChunk {
		return im.b.set(noteKey(n.ID), v.Bytes())
	}
	var pieces uint32
	for b := v.Bytes(); len(b) > 0; pieces++ {
		k := min(noteChunk, len(b))
		if err := im.b.set(noteChunkKey(n.ID, pieces), b[:k]); err != nil {
			return err
		}
		b = b[k:]
	}
	return im.b.set(noteKey(n.ID), binary.BigEndian.AppendUint32([]byte{noteChunkedV2}, pieces))
}
