package storage

import (
	"bytes"
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
	return s.updateSized(len(original), func(txn *badger.Txn) error {
		if err := set(txn, noteKey(n.ID), v); err != nil {
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
}

// Note loads a note with its pages.
func (s *Store) Note(id string) (*app.Note, error) {
	var n app.Note
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(noteKey(id))
		if err != nil {
			return notFound(err, "note "+id)
		}
		return item.Value(func(v []byte) error { return decode(v, &n) })
	})
	if err != nil {
		return nil, err
	}
	return &n, nil
}

// NoteOriginal returns the note's original file exactly as it was added.
func (s *Store) NoteOriginal(id string) ([]byte, error) {
	var buf bytes.Buffer
	found := false
	err := s.db.View(func(txn *badger.Txn) error {
		prefix := []byte(prefixOrig + id + "/")
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: false})
		defer it.Close()
		var want uint32
		for it.Rewind(); it.Valid(); it.Next() {
			found = true
			if got := readUint32(it.Item().Key()[len(prefix):]); got != want {
				return fmt.Errorf("note %s: original file piece %d is missing", id, want)
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
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
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
