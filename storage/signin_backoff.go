package storage

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Repeated failed sign-ins for one name slow down: after freeFailures in
// a row, each further attempt must wait pauseAfter, doubling with every
// failure up to maxPause. The counts are kept in <data>/signin-backoff.json
// (beside the database, since they are needed before it is unlocked), so
// starting a new process does not reset them. Names are kept as the
// SHA-256 of their normalised form, never as typed: a passphrase typed
// into the name field is not written down. Writers hold the folder lock.
const (
	backoffFileName = "signin-backoff.json"
	freeFailures    = 5
	pauseAfter      = 30 * time.Second
	maxPause        = time.Hour
	// forgetFailures is how long after the last failure a name starts
	// afresh.
	forgetFailures = 24 * time.Hour
)

// backoffNow is the clock of the backoff; tests move it.
var backoffNow = time.Now

type backoffFile struct {
	Version int                     `json:"version"`
	Names   map[string]backoffEntry `json:"names"`
}

type backoffEntry struct {
	Failures int       `json:"failures"`
	Last     time.Time `json:"last"`
}

func backoffKey(name string) string {
	d := sha256.Sum256([]byte("codebench sign-in\x00" + nameKey(name)))
	return hex.EncodeToString(d[:])
}

func readBackoff(dir string) (*backoffFile, error) {
	f := &backoffFile{Version: 1, Names: map[string]backoffEntry{}}
	b, err := os.ReadFile(filepath.Join(dir, backoffFileName))
	if errors.Is(err, fs.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the failed sign-in counts: %w", err)
	}
	// Someone who can damage the file can as well delete it, and either
	// starts the counts afresh: the pause slows guessing through Codebench,
	// file permissions guard the folder.
	if err := json.Unmarshal(b, f); err != nil || f.Names == nil {
		return &backoffFile{Version: 1, Names: map[string]backoffEntry{}}, nil
	}
	return f, nil
}

// pause is how long after e's last failure the next attempt must wait.
func (e backoffEntry) pause() time.Duration {
	if e.Failures < freeFailures {
		return 0
	}
	p := pauseAfter
	for i := freeFailures; i < e.Failures && p < maxPause; i++ {
		p *= 2
	}
	return min(p, maxPause)
}

// signInPause returns ErrSignInPaused, with how long to wait, when name
// has failed too often lately.
func signInPause(dir, name string) error {
	f, err := readBackoff(dir)
	if err != nil {
		return err
	}
	now := backoffNow()
	e, ok := f.Names[backoffKey(name)]
	if !ok || now.Sub(e.Last) > forgetFailures {
		return nil
	}
	if wait := e.Last.Add(e.pause()).Sub(now); wait > 0 {
		return fmt.Errorf("%w: wait %s, then try again", ErrSignInPaused, roundWait(wait))
	}
	return nil
}

func roundWait(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%d seconds", int(d.Seconds()+0.999))
	}
	return fmt.Sprintf("%d minutes", int(d.Minutes()+0.999))
}

// noteSignInFailure counts a failed sign-in for name.
func noteSignInFailure(dir, name string) error {
	f, err := readBackoff(dir)
	if err != nil {
		return err
	}
	now := backoffNow()
	k := backoffKey(name)
	e := f.Names[k]
	if now.Sub(e.Last) > forgetFailures {
		e = backoffEntry{}
	}
	e.Failures++
	e.Last = now.UTC()
	f.Names[k] = e
	for n, old := range f.Names {
		if now.Sub(old.Last) > forgetFailures {
			delete(f.Names, n)
		}
	}
	return writeBackoff(dir, f)
}

// clearSignInFailures forgets name's failures after it signed in.
func clearSignInFailures(dir, name string) error {
	f, err := readBackoff(dir)
	if err != nil {
		return err
	}
	k := backoffKey(name)
	if _, ok := f.Names[k]; !ok {
		return nil
	}
	delete(f.Names, k)
	return writeBackoff(dir, f)
}

func writeBackoff(dir string, f *backoffFile) error {
	if len(f.Names) == 0 {
		err := os.Remove(filepath.Join(dir, backoffFileName))
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	b, err := json.Marshal(f)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(filepath.Join(dir, backoffFileName), b); err != nil {
		return fmt.Errorf("count the failed sign-in: %w", err)
	}
	return nil
}
