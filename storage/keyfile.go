package storage

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/codebench/codebench/internal/atomicfile"
	"github.com/codebench/codebench/storage/internal/keywrap"
)

const (
	keyFileName    = "keys.json"
	lockFileName   = "codebench.lock"
	dbDirName      = "db"
	keyFileVersion = 1
	masterKeySize  = keywrap.MasterKeySize
)

// KDF is the argon2id cost of turning a passphrase into the key that
// wraps the master key (storage/internal/keywrap, shared with the
// PostgreSQL store).
type KDF = keywrap.KDF

// DefaultKDF costs about a quarter of a second and 64 MiB on a desktop
// (see BenchmarkKDF): cheap once per login, expensive per guess.
var DefaultKDF = keywrap.DefaultKDF

// keyFile is <data>/keys.json: the master key wrapped once per user.
type keyFile struct {
	Version int       `json:"version"`
	Users   []keyUser `json:"users"`
}

// keyUser is one user's wrapped copy of the master key.
type keyUser = keywrap.User

// The key wrapping lives in storage/internal/keywrap, shared with the
// PostgreSQL store.
var (
	newMasterKey    = keywrap.NewMasterKey
	wrapKey         = keywrap.Wrap
	newGCM          = keywrap.NewGCM
	checkPassphrase = keywrap.CheckPassphrase
	checkUserName   = keywrap.CheckUserName
)

func (f *keyFile) user(name string) (keyUser, bool) {
	for _, u := range f.Users {
		if u.Name == name {
			return u, true
		}
	}
	return keyUser{}, false
}

func (f *keyFile) names() []string {
	n := make([]string, len(f.Users))
	for i, u := range f.Users {
		n[i] = u.Name
	}
	return n
}

func readKeyFile(dir string) (*keyFile, error) {
	b, err := os.ReadFile(filepath.Join(dir, keyFileName))
	if errors.Is(err, os.ErrNotExist) && restoreInProgress(dir) {
		// A kill in the middle of a restore's swap: the key file that
		// takes effect when the next open finishes it.
		b, err = os.ReadFile(filepath.Join(dir, keyFileName+restoringSuffix))
	}
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrNoDatabase
	}
	if err != nil {
		return nil, fmt.Errorf("read the key file: %w", err)
	}
	return parseKeyFile(b)
}

func parseKeyFile(b []byte) (*keyFile, error) {
	var f keyFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("the key file %s is damaged (%v): restore it from a backup", keyFileName, err)
	}
	if f.Version != keyFileVersion {
		return nil, fmt.Errorf("the key file is version %d; this Codebench reads version %d: update Codebench", f.Version, keyFileVersion)
	}
	if len(f.Users) == 0 {
		return nil, fmt.Errorf("the key file %s has no users: restore it from a backup", keyFileName)
	}
	return &f, nil
}

// writeKeyFile replaces keys.json atomically: a crash leaves the old file
// or the new one, never half of either.
func writeKeyFile(dir string, f *keyFile) error {
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(dir, keyFileName), b)
}

// writeFileAtomic replaces path, readable by the owner only; a full disk
// comes back as ErrDiskFull.
func writeFileAtomic(path string, b []byte) error {
	return wrapWrite(atomicfile.WriteFile(path, b, 0o600))
}

// Users lists the users of the database in dir, in the order they were
// added, without opening it. It returns ErrNoDatabase for a new folder.
func Users(dir string) ([]string, error) {
	f, err := readKeyFile(dir)
	if err != nil {
		return nil, err
	}
	return f.names(), nil
}

// Exists reports whether dir holds a Codebench database, counting one
// whose restore was interrupted (the next open finishes it).
func Exists(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, keyFileName))
	return err == nil || restoreInProgress(dir)
}
