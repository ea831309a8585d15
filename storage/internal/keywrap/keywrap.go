// Package keywrap wraps a database's master key once per user under a key
// derived from the user's passphrase with argon2id, and unwraps it again.
// The PostgreSQL store keeps its users this way (storage/postgres); it is
// also the Badger store's version 1 keys.json entry, which that store
// still reads (storage/keyfile.go; it writes version 2, a key pair per
// user). So an entry in this format carries unchanged from either store
// to the other in a store copy (storage.UserKey).
package keywrap

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/crypto/argon2"
)

// MasterKeySize is the length of a master key (AES-256).
const MasterKeySize = 32

// ErrWrongPassphrase means the name is not a user or the passphrase does
// not unlock the user's key: sign-in does not say which (storage returns
// this same error).
var ErrWrongPassphrase = errors.New("wrong user name or passphrase")

// KDF is the argon2id cost of turning a passphrase into the key that
// wraps the master key. The parameters are stored per user, so raising
// them later only affects new and changed passphrases.
type KDF struct {
	Time      uint32 `json:"time"`
	MemoryKiB uint32 `json:"memoryKiB"`
	Threads   uint8  `json:"threads"`
}

// DefaultKDF costs about a quarter of a second and 64 MiB on a desktop
// (see storage's BenchmarkKDF): cheap once per login, expensive per guess.
var DefaultKDF = KDF{Time: 3, MemoryKiB: 64 << 10, Threads: 2}

// Derive is the 32-byte key passphrase gives with salt at this cost.
func (k KDF) Derive(passphrase string, salt []byte) []byte {
	return argon2.IDKey([]byte(passphrase), salt, k.Time, k.MemoryKiB, k.Threads, 32)
}

// User is one user's wrapped copy of the master key. User names are
// coders' names, not patients': they are stored in clear so the sign-in
// screen can list them.
type User struct {
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

// NewMasterKey returns a new random master key.
func NewMasterKey() ([]byte, error) {
	k := make([]byte, MasterKeySize)
	if _, err := rand.Read(k); err != nil {
		return nil, err
	}
	return k, nil
}

// Wrap makes a user's entry for master under passphrase.
func Wrap(name, passphrase string, master []byte, params KDF) (User, error) {
	if err := CheckPassphrase(passphrase); err != nil {
		return User{}, err
	}
	salt := make([]byte, 16)
	nonce := make([]byte, 12)
	if _, err := rand.Read(salt); err != nil {
		return User{}, err
	}
	if _, err := rand.Read(nonce); err != nil {
		return User{}, err
	}
	gcm, err := NewGCM(params.Derive(passphrase, salt))
	if err != nil {
		return User{}, err
	}
	return User{Name: name, KDF: "argon2id", Params: params, Salt: salt, Nonce: nonce,
		Wrapped: gcm.Seal(nil, nonce, master, wrapAAD(name)), Created: time.Now().UTC()}, nil
}

// Unlock returns the master key, or an error wrapping ErrWrongPassphrase.
func (u User) Unlock(passphrase string) ([]byte, error) {
	if u.KDF != "argon2id" {
		return nil, fmt.Errorf("user %s: key derivation %q is not supported by this Codebench", u.Name, u.KDF)
	}
	gcm, err := NewGCM(u.Params.Derive(passphrase, u.Salt))
	if err != nil {
		return nil, err
	}
	if len(u.Nonce) != gcm.NonceSize() {
		return nil, fmt.Errorf("user %s: key file entry is damaged", u.Name)
	}
	key, err := gcm.Open(nil, u.Nonce, u.Wrapped, wrapAAD(u.Name))
	if err != nil {
		return nil, errSignIn
	}
	return key, nil
}

// errSignIn is the one answer to a wrong passphrase and to an unknown
// name, so that neither tells whether the name exists.
var errSignIn = fmt.Errorf("%w: type them again (passphrases are case-sensitive)", ErrWrongPassphrase)

// UnknownUser answers a sign-in under a name that is not a user as a
// wrong passphrase is answered, after the same argon2id work at params,
// so neither the answer nor its time tells whether the name exists.
func UnknownUser(passphrase string, params KDF) error {
	salt := make([]byte, 16)
	_, _ = rand.Read(salt)
	params.Derive(passphrase, salt)
	return errSignIn
}

// NewGCM is AES-GCM under key.
func NewGCM(key []byte) (cipher.AEAD, error) {
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(b)
}

// CheckPassphrase refuses passphrases too short to protect PHI.
func CheckPassphrase(p string) error {
	if len([]rune(p)) < 8 {
		return errors.New("passphrase too short: use at least 8 characters")
	}
	return nil
}

// CheckUserName refuses a user name that is empty, longer than 64 bytes or
// more than one line.
func CheckUserName(name string) error {
	if strings.TrimSpace(name) == "" || strings.ContainsAny(name, "\x00\n\r\t") || len(name) > 64 {
		return errors.New("user name must be 1 to 64 characters on one line")
	}
	return nil
}
