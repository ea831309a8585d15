package storage

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/crypto/argon2"

	"github.com/codebench/codebench/internal/atomicfile"
)

const (
	keyFileName    = "keys.json"
	lockFileName   = "codebench.lock"
	dbDirName      = "db"
	keyFileVersion = 1
	masterKeySize  = 32 // AES-256
)

// KDF is the argon2id cost of turning a passphrase into the key that
// wraps the master key. The parameters are stored per user, so raising
// them later only affects new and changed passphrases.
type KDF struct {
	Time      uint32 `json:"time"`
	MemoryKiB uint32 `json:"memoryKiB"`
	Threads   uint8  `json:"threads"`
}

// DefaultKDF costs about a quarter of a second and 64 MiB on a desktop
// (see BenchmarkKDF): cheap once per login, expensive per guess.
var DefaultKDF = KDF{Time: 3, MemoryKiB: 64 << 10, Threads: 2}

func (k KDF) derive(passphrase string, salt []byte) []byte {
	return argon2.IDKey([]byte(passphrase), salt, k.Time, k.MemoryKiB, k.Threads, 32)
}

// keyFile is <data>/keys.json: the master key wrapped once per user.
type keyFile struct {
	Version int       `json:"version"`
	Users   []keyUser `json:"users"`
}

// keyUser is one user's wrapped copy of the master key. User names are
// coders' names, not patients': they are stored in clear so the sign-in
// screen can list them.
type keyUser struct {
	Name    string    `json:"name"`
	KDF     string    `json:"kdf"` // "argon2id"
	Params  KDF       `json:"params"`
	Salt    []byte    `json:"salt"`
	Nonce   []byte    `json:"nonce"`
	Wrapped []byte    `json:"wrapped"` // AES-256-GCM(master key), additional data: wrapAAD(name)
	Created time.Time `json:"created"`
	Changed time.Time `json:"changed,omitempty"`
}

func wrapAAD(name string) []byte { return []byte("codebench master key v1\x00" + name) }

func newMasterKey() ([]byte, error) {
	k := make([]byte, masterKeySize)
	if _, err := rand.Read(k); err != nil {
		return nil, err
	}
	return k, nil
}

// wrapKey makes a user's entry for master under passphrase.
func wrapKey(name, passphrase string, master []byte, params KDF) (keyUser, error) {
	if err := checkPassphrase(passphrase); err != nil {
		return keyUser{}, err
	}
	salt := make([]byte, 16)
	nonce := make([]byte, 12)
	if _, err := rand.Read(salt); err != nil {
		return keyUser{}, err
	}
	if _, err := rand.Read(nonce); err != nil {
		return keyUser{}, err
	}
	gcm, err := newGCM(params.derive(passphrase, salt))
	if err != nil {
		return keyUser{}, err
	}
	return keyUser{Name: name, KDF: "argon2id", Params: params, Salt: salt, Nonce: nonce,
		Wrapped: gcm.Seal(nil, nonce, master, wrapAAD(name)), Created: time.Now().UTC()}, nil
}

// unwrap returns the master key, or ErrWrongPassphrase.
func (u keyUser) unwrap(passphrase string) ([]byte, error) {
	if u.KDF != "argon2id" {
		return nil, fmt.Errorf("user %s: key derivation %q is not supported by this Codebench", u.Name, u.KDF)
	}
	gcm, err := newGCM(u.Params.derive(passphrase, u.Salt))
	if err != nil {
		return nil, err
	}
	if len(u.Nonce) != gcm.NonceSize() {
		return nil, fmt.Errorf("user %s: key file entry is damaged", u.Name)
	}
	key, err := gcm.Open(nil, u.Nonce, u.Wrapped, wrapAAD(u.Name))
	if err != nil {
		return nil, fmt.Errorf("%w for user %s: type it again (passphrases are case-sensitive)", ErrWrongPassphrase, u.Name)
	}
	return key, nil
}

func newGCM(key []byte) (cipher.AEAD, error) {
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(b)
}

// checkPassphrase refuses passphrases too short to protect PHI.
func checkPassphrase(p string) error {
	if len([]rune(p)) < 8 {
		return errors.New("passphrase too short: use at least 8 characters")
	}
	return nil
}

func checkUserName(name string) error {
	if strings.TrimSpace(name) == "" || strings.ContainsAny(name, "\x00\n\r\t") || len(name) > 64 {
		return errors.New("user name must be 1 to 64 characters on one line")
	}
	return nil
}

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
