package storage

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/codebench/codebench/app"
)

// MaxOriginal is the largest original file a note may keep (a long
// scanned chart is tens of megabytes).
const MaxOriginal = 512 << 20

// SaveNote writes a note, its original file byte for byte, the record
// that lists it and the audit events in one synced transaction.
func (s *Store) SaveNote(rec *app.Record, n *app.Note, original []byte, events ...app.AuditEvent) error {
	if n.ID == "" || rec.ID == "" {
		return errors.New("save note: no id")
	}
	if len(original) > MaxOriginal {
		return fmt.Errorf("the file is %d MB; Codebench keeps originals up to %d MB: split it", len(original)>>20, MaxOriginal>>20)
	}
	v, err := encode(n)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	base := rec.Version
	err = s.updateSized(len(original)+len(v), func(txn *badger.Txn) error {
		if err := putNote(txn, n.ID, v); err != nil {
			return err
		}
		for i := 0; i*originalChunk < len(original) || i == 0; i++ {
			end := min((i+1)*originalChunk, len(original))
			chunk := append([]byte{valueV1}, original[i*originalChunk:end]...)
			if err := set(txn, origKey(n.ID, uint32(i)), chunk); err != nil {
				return err
			}
		}
		return putRecord(txn, rec)
	}, events...)
	if err != nil {
		rec.Version = base
	}
	return err
}

// Note loads a note with its pages.
func (s *Store) Note(id string) (*app.Note, error) {
	var n *app.Note
	err := s.db.View(func(txn *badger.Txn) error {
		var err error
		n, err = getNote(txn, id)
		return err
	})
	return n, err
}

func getNote(txn *badger.Txn, id string) (*app.Note, error) {
	var n app.Note
	item, err := txn.Get(noteKey(id))
	if err != nil {
		return nil, notFound(err, "note "+id)
	}
	v, err := item.ValueCopy(nil)
	if err != nil {
		return nil, safeBadger(err)
	}
	if len(v) == 5 && v[0] == noteChunkedV2 {
		if v, err = noteChunks(txn, id, readUint32(v[1:])); err != nil {
			return nil, err
		}
	}
	if err := decode(v, &n); err != nil {
		return nil, err
	}
	return &n, nil
}

// putNote writes a note's value, in pieces under t/ when it is long. The
// pieces are sub-slices of v: a long note is not copied again.
func putNote(txn *badger.Txn, id string, v []byte) error {
	if len(v) <= noteChunk {
		return set(txn, noteKey(id), v)
	}
	var n uint32
	for off := 0; off < len(v); off += noteChunk {
		if err := set(txn, noteChunkKey(id, n), v[off:min(off+noteChunk, len(v))]); err != nil {
			return err
		}
		n++
	}
	return set(txn, noteKey(id), binary.BigEndian.AppendUint32([]byte{noteChunkedV2}, n))
}

// noteChunks reads back the n pieces of a long note's value.
func noteChunks(txn *badger.Txn, id string, n uint32) ([]byte, error) {
	var buf bytes.Buffer
	for i := uint32(0); i < n; i++ {
		item, err := txn.Get(noteChunkKey(id, i))
		if err != nil {
			return nil, fmt.Errorf("note %s: piece %d of its text is missing: restore it from a backup", id, i)
		}
		if err := item.Value(func(p []byte) error { buf.Write(p); return nil }); err != nil {
			return nil, safeBadger(err)
		}
	}
	return buf.Bytes(), nil
}

// NoteOriginal returns the note's original file exactly as it was added.
func (s *Store) NoteOriginal(id string) ([]byte, error) {
	var b []byte
	err := s.db.View(func(txn *badger.Txn) error {
		var err error
		b, err = getOriginal(txn, id)
		return err
	})
	return b, err
}

func getOriginal(txn *badger.Txn, id string) ([]byte, error) {
	var buf bytes.Buffer
	found := false
	prefix := []byte(prefixOrig + id + "/")
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: false})
	defer it.Close()
	var want uint32
	for it.Rewind(); it.Valid(); it.Next() {
		found = true
		if got := readUint32(it.Item().Key()[len(prefix):]); got != want {
			return nil, fmt.Errorf("note %s: original file piece %d is missing", id, want)
		}
		want++
		err := it.Item().Value(func(v []byte) error {
			if len(v) == 0 || v[0] != valueV1 {
				return fmt.Errorf("note %s: original file piece of unknown version", id)
			}
			buf.Write(v[1:])
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if !found {
		return nil, fmt.Errorf("original of note %s: %w", id, app.ErrNotFound)
	}
	return buf.Bytes(), nil
}

func readUint32(b []byte) uint32 {
	if len(b) != 4 {
		return ^uint32(0)
	}
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}
