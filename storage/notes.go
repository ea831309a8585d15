package storage

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"unicode/utf8"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/codebench/codebench/app"
)

// MaxOriginal is the largest original file a note may keep (a long
// scanned chart is tens of megabytes).
const MaxOriginal = 512 << 20

// stageBudget is how many bytes of a long note's pieces one transaction
// holds before it is committed. Badger keeps a transaction's values in
// memory until its commit, so a 70 MB note written in one transaction
// held all of it (text and original, sealed) at once; in steps it holds
// this much.
const stageBudget = 8 << 20

// SaveNote writes a note, its original file byte for byte, the record
// that lists it and the audit events. The note appears whole or not at
// all: a long note's pieces (its original file and its text) are written
// first, in steps of stageBudget bytes marked as pending, and the note,
// the record and the audit entries are saved in the last, synced
// transaction, which also clears the mark. Pieces of a save that failed
// or was cut short by a crash are removed (at once, or when the database
// is next opened); they were never reachable.
//
// Peak memory stays about the size of what the caller holds: the note's
// JSON is never built whole but encoded page by page into pieces of
// noteChunk bytes.
func (s *Store) SaveNote(rec *app.Record, n *app.Note, original []byte, events ...app.AuditEvent) (err error) {
	if n.ID == "" || rec.ID == "" {
		return errors.New("save note: no id")
	}
	if len(original) > MaxOriginal {
		return fmt.Errorf("the file is %d MB; Codebench keeps originals up to %d MB: split it", len(original)>>20, MaxOriginal>>20)
	}
	textSize := 0
	for _, p := range n.Pages {
		textSize += len(p.Text)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkWrite(len(original) + textSize); err != nil {
		return err
	}
	base := rec.Version
	defer func() {
		if rec.Version != base && err != nil {
			rec.Version = base
		}
	}()
	w := &noteWriter{s: s, id: n.ID, txn: s.newTx()}
	err = w.write(n, original)
	if err == nil {
		err = s.finish(w.txn, func(txn *tx) error {
			if err := txn.set(noteKey(n.ID), w.value); err != nil {
				return err
			}
			if w.staged {
				if err := txn.Delete(pendingKey(n.ID)); err != nil {
					return safeBadger(err)
				}
			}
			return putRecord(txn, rec)
		}, events...)
	}
	w.txn.Discard()
	if err != nil && w.staged {
		// Best effort: what is left is removed on the next open.
		s.dropPieces(n.ID)
	}
	return err
}

// noteWriter writes the pieces of one note.
type noteWriter struct {
	s       *Store
	id      string
	txn     *tx
	pending int    // bytes set in txn so far
	staged  bool   // a step was committed: the pending mark is on disk
	value   []byte // the note's value under n/: the v1 value, or noteChunkedV2 and the piece count

	buf    []byte // the note's value being cut into pieces
	pieces uint32 // pieces written under t/
}

// set writes one piece, committing the transaction once it holds
// stageBudget bytes; the first such commit also writes the pending mark.
func (w *noteWriter) set(key, value []byte) error {
	if err := w.txn.set(key, value); err != nil {
		return err
	}
	w.pending += len(value)
	if w.pending < stageBudget {
		return nil
	}
	if !w.staged {
		if err := w.txn.set(pendingKey(w.id), nil); err != nil {
			return err
		}
	}
	if err := w.txn.Commit(); err != nil {
		return wrapWrite(err)
	}
	w.staged = true
	w.txn = w.s.newTx()
	w.pending = 0
	// The step's values are garbage now, and Badger made two copies of
	// each while writing them. Left to its pace, the collector lets the
	// heap grow to twice what was live at its last cycle (the note's text
	// and original, held by the caller, plus a step) before it runs: 3x
	// the file for a 70 MB text note. Collecting after each step keeps
	// the peak near what the caller holds plus one step (1.9x; see
	// BenchmarkNoteSaveMemory), for one collection per 8 MB of a long
	// note; short notes never get here.
	runtime.GC()
	return nil
}

// write sets the original file's chunks and the note's value: whole in
// w.value, or in pieces under t/ with w.value counting them.
func (w *noteWriter) write(n *app.Note, original []byte) error {
	// One buffer for every chunk: set seals a copy of it.
	chunk := make([]byte, 0, 1+min(len(original), originalChunk))
	for i := 0; i*originalChunk < len(original) || i == 0; i++ {
		end := min((i+1)*originalChunk, len(original))
		version := valueV1
		if end == len(original) {
			version = origLastV2
		}
		chunk = append(append(chunk[:0], version), original[i*originalChunk:end]...)
		if err := w.set(origKey(n.ID, uint32(i)), chunk); err != nil {
			return err
		}
	}
	if _, err := w.Write([]byte{valueV1}); err != nil {
		return err
	}
	if err := encodeNote(w, n); err != nil {
		return err
	}
	if w.pieces == 0 {
		w.value = w.buf
		return nil
	}
	if err := w.flushPiece(); err != nil {
		return err
	}
	w.value = binary.BigEndian.AppendUint32([]byte{noteChunkedV2}, w.pieces)
	return nil
}

// Write takes the note's value as encodeNote produces it and writes
// every full noteChunk bytes of it as a piece under t/.
func (w *noteWriter) Write(b []byte) (int, error) {
	total := len(b)
	for len(b) > 0 {
		// A full buffer is written only when more follows: a value of
		// exactly noteChunk bytes stays whole.
		if len(w.buf) == noteChunk {
			if err := w.flushPiece(); err != nil {
				return 0, err
			}
		}
		k := min(noteChunk-len(w.buf), len(b))
		w.buf = append(w.buf, b[:k]...)
		b = b[k:]
	}
	return total, nil
}

func (w *noteWriter) flushPiece() error {
	if err := w.set(noteChunkKey(w.id, w.pieces), w.buf); err != nil {
		return err
	}
	w.pieces++
	w.buf = w.buf[:0]
	return nil
}

// encodeNote writes n as encoding/json writes it (json.Marshal(n) byte
// for byte), without ever holding the whole text: each page's text is
// escaped in pieces of textPiece bytes.
func encodeNote(w io.Writer, n *app.Note) error {
	head := *n
	head.Pages = nil
	b, err := json.Marshal(&head)
	if err != nil {
		return err
	}
	// A quote in a JSON string is escaped, so this is the key itself.
	const nilPages = `"pages":null`
	i := bytes.Index(b, []byte(nilPages))
	if i < 0 {
		return errors.New("note encoding: no pages field")
	}
	if n.Pages == nil {
		_, err := w.Write(b)
		return err
	}
	if _, err := w.Write(append(b[:i:i], `"pages":[`...)); err != nil {
		return err
	}
	for k := range n.Pages {
		if k > 0 {
			if _, err := w.Write([]byte{','}); err != nil {
				return err
			}
		}
		if err := encodePage(w, &n.Pages[k]); err != nil {
			return err
		}
	}
	_, err = w.Write(append([]byte{']'}, b[i+len(nilPages):]...))
	return err
}

func encodePage(w io.Writer, p *app.Page) error {
	q := *p
	q.Text = ""
	b, err := json.Marshal(&q)
	if err != nil {
		return err
	}
	const emptyText = `"text":"`
	i := bytes.Index(b, []byte(emptyText+`"`))
	if i < 0 {
		return errors.New("note encoding: no text field")
	}
	i += len(emptyText)
	if _, err := w.Write(b[:i]); err != nil {
		return err
	}
	if err := writeJSONString(w, p.Text); err != nil {
		return err
	}
	_, err = w.Write(b[i:])
	return err
}

// textPiece is how much of a page's text is escaped at once.
const textPiece = 64 << 10

// writeJSONString writes s escaped as encoding/json escapes a string,
// without the quotes. It escapes one rune at a time (an invalid byte
// becomes U+FFFD on its own), so pieces cut at rune starts escape to
// the same bytes as the whole.
func writeJSONString(w io.Writer, s string) error {
	for len(s) > 0 {
		end := min(textPiece, len(s))
		// Back up to the start of a rune; if none is within UTFMax bytes
		// the cut is inside invalid bytes, which escape one by one.
		for k := end; k > end-utf8.UTFMax && k > 0 && k < len(s); k-- {
			if utf8.RuneStart(s[k]) {
				end = k
				break
			}
		}
		b, err := json.Marshal(s[:end])
		if err != nil {
			return err
		}
		if _, err := w.Write(b[1 : len(b)-1]); err != nil {
			return err
		}
		s = s[end:]
	}
	return nil
}

// dropPieces removes the pieces and the pending mark of a note whose save
// did not finish.
func (s *Store) dropPieces(id string) error {
	var keys [][]byte
	err := s.view(func(txn *tx) error {
		for _, p := range []string{prefixOrig + id + "/", prefixNoteText + id + "/"} {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(p), PrefetchValues: false})
			for it.Rewind(); it.Valid(); it.Next() {
				keys = append(keys, it.Item().KeyCopy(nil))
			}
			it.Close()
		}
		return nil
	})
	if err != nil {
		return err
	}
	keys = append(keys, pendingKey(id))
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	for _, k := range keys {
		if err := wb.Delete(k); err != nil {
			return safeBadger(err)
		}
	}
	return safeBadger(wb.Flush())
}

// dropPending removes what saves of long notes cut short by a crash left
// (see SaveNote), when the database is opened.
func (s *Store) dropPending() error {
	var ids []string
	err := s.view(func(txn *tx) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(prefixPending), PrefetchValues: false})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if _, err := txn.open(it.Item()); err != nil {
				return err
			}
			ids = append(ids, string(it.Item().Key()[len(prefixPending):]))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := s.dropPieces(id); err != nil {
			return fmt.Errorf("remove the pieces of an unfinished note: %w", err)
		}
	}
	return nil
}

// Note loads a note with its pages.
func (s *Store) Note(id string) (*app.Note, error) {
	var n *app.Note
	err := s.view(func(txn *tx) error {
		var err error
		n, err = getNote(txn, id)
		return err
	})
	return n, err
}

func getNote(txn *tx, id string) (*app.Note, error) {
	var n app.Note
	v, err := txn.get(noteKey(id))
	if err != nil {
		return nil, notFound(err, "note "+id)
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

// noteChunks reads back the n pieces of a long note's value.
func noteChunks(txn *tx, id string, n uint32) ([]byte, error) {
	buf := make([]byte, 0, min(int(n), 128)*noteChunk)
	for i := uint32(0); i < n; i++ {
		p, err := txn.get(noteChunkKey(id, i))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil, &damagedError{what: "the text of note" + safeID(id)}
		}
		if err != nil {
			return nil, err
		}
		buf = append(buf, p...)
	}
	return buf, nil
}

// NoteOriginal returns the note's original file exactly as it was added.
func (s *Store) NoteOriginal(id string) ([]byte, error) {
	var b []byte
	err := s.view(func(txn *tx) error {
		var err error
		b, err = getOriginal(txn, id)
		return err
	})
	return b, err
}

func getOriginal(txn *tx, id string) ([]byte, error) {
	var buf bytes.Buffer
	found := false
	prefix := []byte(prefixOrig + id + "/")
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: false})
	defer it.Close()
	var want uint32
	last := false
	cut := &damagedError{what: "the original file of note" + safeID(id)}
	for it.Rewind(); it.Valid(); it.Next() {
		found = true
		if last || readUint32(it.Item().Key()[len(prefix):]) != want {
			return nil, cut
		}
		want++
		v, err := txn.open(it.Item())
		if err != nil {
			return nil, err
		}
		if len(v) == 0 || v[0] != valueV1 && v[0] != origLastV2 {
			return nil, fmt.Errorf("note %s: original file piece of unknown version", id)
		}
		last = v[0] == origLastV2
		buf.Write(v[1:])
	}
	if found && !last {
		return nil, cut
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
