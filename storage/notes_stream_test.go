package storage

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
)

// encodeNote writes exactly what json.Marshal writes, whatever falls on
// the boundaries of the pieces it escapes a page's text in.
func TestEncodeNoteMatchesJSON(t *testing.T) {
	// Runes of 2, 3 and 4 bytes, invalid bytes, HTML and line separator
	// characters, quotes and control characters, placed across the
	// piece boundaries.
	tricky := []string{"é", "€", "𝄞", "\xff", "\xe2\x82", "<a&b>", "\u2028", "\"\\\n\t\x01", "\x80\x80\x80\x80"}
	var texts []string
	for _, s := range tricky {
		for shift := -4; shift <= 4; shift++ {
			texts = append(texts, strings.Repeat("a", textPiece+shift)+s+strings.Repeat("b", textPiece)+s)
		}
	}
	texts = append(texts, "", "short", strings.Repeat("€", 3*textPiece))
	for i, text := range texts {
		n := &app.Note{ID: "N000001", RecordID: "R000001", FileName: `a "quoted" name.txt`, MediaType: "text/plain", Size: 12,
			Pages:   []app.Page{{Number: 1, Text: text, Source: app.SourceTyped}, {Number: 2, Text: "p2", Source: app.SourceOCR, Confidence: 91.5}},
			AddedBy: "coder", AddedAt: time.Date(2025, 1, 2, 3, 4, 5, 6, time.UTC)}
		want, _ := json.Marshal(n)
		var got bytes.Buffer
		if err := encodeNote(&got, n); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Fatalf("text %d: encodeNote differs from json.Marshal", i)
		}
	}
	for _, pages := range [][]app.Page{nil, {}} {
		n := &app.Note{ID: "N1", Pages: pages}
		want, _ := json.Marshal(n)
		var got bytes.Buffer
		if err := encodeNote(&got, n); err != nil || !bytes.Equal(got.Bytes(), want) {
			t.Errorf("pages %#v: got %s, want %s (%v)", pages, got.Bytes(), want, err)
		}
	}
}

// The pieces of a long note whose save did not finish are removed: at
// once when the save fails, and when the database is next opened after a
// crash left them.
func TestUnfinishedNotePiecesRemoved(t *testing.T) {
	s, dir := openTestStore(t)
	r := fakeRecord(t, s, fakeName, fakeMRN, day(2025, 3, 4), app.ToCode)
	orig := bytes.Repeat([]byte{1, 2, 3, 4}, 3*stageBudget/4) // three steps of pieces
	n := &app.Note{ID: "N000001", RecordID: r.ID, MediaType: "application/octet-stream", Pages: []app.Page{{Number: 1, Text: "scan"}}}

	// A record the last step cannot save: its MRN is too long for an
	// index key, so the save fails after the pieces were committed.
	bad := *r
	bad.Patient.MRN = strings.Repeat("m", maxKeySize)
	bad.NoteIDs = []string{n.ID}
	if err := s.SaveNote(&bad, n, orig); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("save: %v, want ErrTooLarge", err)
	}
	if left := notePieces(t, s, n.ID); left != 0 {
		t.Errorf("%d pieces of the failed save are left", left)
	}
	if _, err := s.NoteOriginal(n.ID); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("original of the failed save: %v", err)
	}

	// A crash after some steps: pieces and the pending mark on disk.
	for i := range 3 {
		if err := s.rawSet(origKey("N000002", uint32(i)), append([]byte{valueV1}, orig[:originalChunk]...)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.rawSet(noteChunkKey("N000002", 0), []byte{valueV1, '{'}); err != nil {
		t.Fatal(err)
	}
	if err := s.rawSet(pendingKey("N000002"), []byte{}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err := Open(dir, "coder", testPass, testOptions(&syncBuffer{}))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if left := notePieces(t, s, "N000002"); left != 0 {
		t.Errorf("%d pieces of the unfinished save are left after opening", left)
	}
	// A finished long note is whole.
	r.NoteIDs = []string{n.ID}
	if err := s.SaveNote(r, n, orig); err != nil {
		t.Fatal(err)
	}
	if got, err := s.NoteOriginal(n.ID); err != nil || !bytes.Equal(got, orig) {
		t.Fatalf("original: %v", err)
	}
	if notePieces(t, s, n.ID) == 0 {
		t.Fatal("no pieces")
	}
	if err := s.view(func(txn *tx) error {
		_, err := txn.get(pendingKey(n.ID))
		return err
	}); err == nil {
		t.Error("the pending mark of a finished note is left")
	}
}

func notePieces(t *testing.T, s *Store, id string) int {
	t.Helper()
	n := 0
	for k := range rawValues(t, s) {
		if strings.HasPrefix(k, prefixOrig+id+"/") || strings.HasPrefix(k, prefixNoteText+id+"/") || k == string(pendingKey(id)) {
			n++
		}
	}
	return n
}
