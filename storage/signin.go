package storage

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/internal/atomicfile"
)

// Failed sign-ins happen before the master key is known, so they cannot
// go into the encrypted audit trail at once. They are kept in a small
// plain file beside the database, <data>/signin-failures.jsonl, one JSON
// FailedSignIn per line, and folded into the audit trail by the next
// successful Open (which then clears them). The file holds a time and a
// user name as typed (a coder's name, never patient data), capped at
// maxSignInUser bytes, and at most maxPendingSignIns lines: someone
// guessing passphrases for hours cannot fill the disk.
//
// Writers hold the folder lock (Open records a failure while it holds
// it), so appends and the rewrite of Clear do not interleave; readers
// skip a line a kill cut short.
const (
	signInFileName    = "signin-failures.jsonl"
	maxSignInUser     = 64
	maxPendingSignIns = 1000
)

// FailedSignIn is one failed sign-in kept outside the database.
type FailedSignIn struct {
	// ID tells entries apart so one already folded into the audit trail
	// is not folded again after a kill.
	ID   string    `json:"id"`
	Time time.Time `json:"time"`
	// User is the name as typed, cut to maxSignInUser bytes, control
	// characters replaced.
	User string `json:"user"`
	// Dropped, on the first entry after the file reached
	// maxPendingSignIns, counts the older failures not kept.
	Dropped int `json:"dropped,omitempty"`
}

// cleanSignInUser makes a typed name safe to keep and print: valid UTF-8,
// no control characters, at most maxSignInUser bytes.
func cleanSignInUser(name string) string {
	name = strings.ToValidUTF8(name, "�")
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return '?'
		}
		return r
	}, name)
	if len(name) > maxSignInUser {
		cut := maxSignInUser
		for cut > 0 && !utf8.RuneStart(name[cut]) {
			cut--
		}
		name = name[:cut] + "…"
	}
	return name
}

// RecordFailedSignIn notes a failed sign-in of user (as typed) in the
// data folder dir, synced before it returns. The caller holds the folder
// lock.
func RecordFailedSignIn(dir, user string) error {
	var id [8]byte
	if _, err := rand.Read(id[:]); err != nil {
		return err
	}
	e := FailedSignIn{ID: hex.EncodeToString(id[:]), Time: time.Now().UTC(), User: cleanSignInUser(user)}
	pending, err := PendingFailedSignIns(dir)
	if err != nil {
		return err
	}
	if len(pending) >= maxPendingSignIns {
		// Keep the newest, counting what is dropped on the oldest kept.
		cut := len(pending) - maxPendingSignIns + 1
		keep := slices.Clone(pending[cut:])
		for _, p := range pending[:cut] {
			keep[0].Dropped += 1 + p.Dropped
		}
		return writeSignIns(dir, append(keep, e))
	}
	b, err := json.Marshal(&e)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(filepath.Join(dir, signInFileName), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("note the failed sign-in: %w", wrapWrite(err))
	}
	// A kill before the write is whole leaves a cut line without its
	// newline; start on a fresh line so the new entry still reads.
	if info, err := f.Stat(); err == nil && info.Size() > 0 && !endsInNewline(filepath.Join(dir, signInFileName), info.Size()) {
		b = append([]byte{'\n'}, b...)
	}
	_, werr := f.Write(append(b, '\n'))
	if werr == nil {
		werr = f.Sync()
	}
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return fmt.Errorf("note the failed sign-in: %w", wrapWrite(werr))
	}
	return nil
}

func endsInNewline(path string, size int64) bool {
	f, err := os.Open(path)
	if err != nil {
		return true
	}
	defer f.Close()
	var last [1]byte
	if _, err := f.ReadAt(last[:], size-1); err != nil {
		return true
	}
	return last[0] == '\n'
}

// PendingFailedSignIns returns the failed sign-ins in dir not yet folded
// into the audit trail, oldest first. A line a kill cut short is skipped.
func PendingFailedSignIns(dir string) ([]FailedSignIn, error) {
	b, err := os.ReadFile(filepath.Join(dir, signInFileName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the failed sign-ins: %w", err)
	}
	var out []FailedSignIn
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var e FailedSignIn
		if json.Unmarshal(sc.Bytes(), &e) != nil || e.ID == "" {
			continue
		}
		e.User = cleanSignInUser(e.User)
		out = append(out, e)
	}
	return out, nil
}

// ClearFailedSignIns removes the entries of done (by ID) from dir's
// failed sign-ins, keeping any recorded since they were read. The caller
// holds the folder lock.
func ClearFailedSignIns(dir string, done []FailedSignIn) error {
	pending, err := PendingFailedSignIns(dir)
	if err != nil || len(pending) == 0 {
		return err
	}
	gone := make(map[string]bool, len(done))
	for _, e := range done {
		gone[e.ID] = true
	}
	keep := slices.DeleteFunc(pending, func(e FailedSignIn) bool { return gone[e.ID] })
	if len(keep) == 0 {
		err := os.Remove(filepath.Join(dir, signInFileName))
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err == nil {
			atomicfile.SyncDir(dir)
		}
		return err
	}
	return writeSignIns(dir, keep)
}

func writeSignIns(dir string, entries []FailedSignIn) error {
	var buf bytes.Buffer
	for i := range entries {
		b, err := json.Marshal(&entries[i])
		if err != nil {
			return err
		}
		buf.Write(b)
		buf.WriteByte('\n')
	}
	return writeFileAtomic(filepath.Join(dir, signInFileName), buf.Bytes())
}

// keySignInFolded holds the IDs of the failed sign-ins the last fold
// wrote to the audit trail, so a kill between the fold and the clearing
// of the file does not write them twice.
var keySignInFolded = []byte("m/signin-folded")

// foldFailedSignIns writes the failed sign-ins recorded since the last
// successful open into the audit trail (time of the attempt and the name
// typed in Detail), then clears them from the file. Open calls it with
// the folder lock held.
func (s *Store) foldFailedSignIns() error {
	pending, err := PendingFailedSignIns(s.dir)
	if err != nil || len(pending) == 0 {
		return err
	}
	var folded []string
	if err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(keySignInFolded)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		return item.Value(func(v []byte) error { return decode(v, &folded) })
	}); err != nil {
		return wrapWrite(err)
	}
	var events []app.AuditEvent
	var ids []string
	for _, e := range pending {
		ids = append(ids, e.ID)
		if slices.Contains(folded, e.ID) {
			continue
		}
		d := fmt.Sprintf("user %q at %s", e.User, e.Time.Format(time.RFC3339))
		if e.Dropped > 0 {
			d += fmt.Sprintf(" (%d earlier failures not kept)", e.Dropped)
		}
		events = append(events, app.AuditEvent{Action: app.AuditSignInFailed, Detail: d})
	}
	if len(events) > 0 {
		v, err := encode(ids)
		if err != nil {
			return err
		}
		if err := s.update(func(txn *badger.Txn) error { return set(txn, keySignInFolded, v) }, events...); err != nil {
			return err
		}
	}
	return ClearFailedSignIns(s.dir, pending)
}
