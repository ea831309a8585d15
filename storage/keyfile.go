package storage

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/crypto/nacl/box"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/internal/atomicfile"
	"github.com/codebench/codebench/storage/internal/keywrap"
)

const (
	keyFileName   = "keys.json"
	lockFileName  = "codebench.lock"
	dbDirName     = "db"
	masterKeySize = keywrap.MasterKeySize // AES-256
	// keyFileVersion is what this Codebench writes; it reads
	// keyFileV1 (the master key wrapped by each passphrase, no roles) too.
	keyFileVersion = 2
	keyFileV1      = 1
)

// KDF is the argon2id cost of turning a passphrase into the key that
// wraps a user's key (storage/internal/keywrap, shared with the
// PostgreSQL store). The parameters are stored per user, so raising them
// later only affects new and changed passphrases.
type KDF = keywrap.KDF

// DefaultKDF costs about a quarter of a second and 64 MiB on a desktop
// (see BenchmarkKDF): cheap once per login, expensive per guess.
var DefaultKDF = keywrap.DefaultKDF

// The master key's size and generation, AES-GCM and the passphrase rule
// are keywrap's, shared with the PostgreSQL store.
var (
	newMasterKey    = keywrap.NewMasterKey
	newGCM          = keywrap.NewGCM
	checkPassphrase = keywrap.CheckPassphrase
)

// keyFile is <data>/keys.json: who may open the database, and the master
// key wrapped for each of them.
type keyFile struct {
	Version int       `json:"version"`
	Users   []keyUser `json:"users"`
}

// keyUser is one user's entry. User names are coders' names, not
// patients': they are stored in clear so the sign-in screen can list them.
//
// A version 2 entry holds an X25519 key pair: the private key wrapped
// (AES-256-GCM) by the key argon2id derives from the passphrase, and the
// master key sealed to the public key (NaCl sealed box). An administrator
// can so give the master key to every other user without knowing their
// passphrase, which is what rotating it on a removal needs. A version 1
// entry (no Public) has the master key itself wrapped by the passphrase;
// it becomes version 2 the next time its user signs in.
type keyUser struct {
	Name string `json:"name"`
	// Role is app.Administrator or app.CodingStaff; a version 1 file has
	// none, and its first user becomes the administrator.
	Role app.UserRole `json:"role,omitempty"`
	// Disabled users keep their key pair (to be enabled again) but hold
	// no master key: the key was rotated when they were disabled.
	Disabled bool   `json:"disabled,omitempty"`
	KDF      string `json:"kdf"` // "argon2id"
	Params   KDF    `json:"params"`
	Salt     []byte `json:"salt"`
	Nonce    []byte `json:"nonce"`
	// Wrapped is AES-256-GCM(private key), additional data userKeyAAD(name),
	// in a version 2 entry; AES-256-GCM(master key), additional data
	// wrapAAD(name), in a version 1 entry.
	Wrapped []byte    `json:"wrapped"`
	Public  []byte    `json:"public,omitempty"` // X25519 public key (version 2)
	Master  []byte    `json:"master,omitempty"` // sealed box of the master key to Public; empty when disabled
	Created time.Time `json:"created"`
	Changed time.Time `json:"changed,omitempty"`
}

func wrapAAD(name string) []byte    { return []byte("codebench master key v1\x00" + name) }
func userKeyAAD(name string) []byte { return []byte("codebench user key v2\x00" + name) }

// newUser makes a version 2 entry for a new user (or a new passphrase)
// holding master.
func newUser(name, passphrase string, role app.UserRole, master []byte, params KDF) (keyUser, error) {
	if err := checkPassphrase(passphrase); err != nil {
		return keyUser{}, err
	}
	pub, priv, err := box.GenerateKey(rand.Reader)
	if err != nil {
		return keyUser{}, err
	}
	u := keyUser{Name: name, Role: role, Created: time.Now().UTC(), Public: pub[:]}
	if err := u.wrapPrivate(passphrase, priv, params); err != nil {
		return keyUser{}, err
	}
	if err := u.give(master); err != nil {
		return keyUser{}, err
	}
	return u, nil
}

// wrapPrivate wraps the user's private key under passphrase.
func (u *keyUser) wrapPrivate(passphrase string, priv *[32]byte, params KDF) error {
	if err := checkPassphrase(passphrase); err != nil {
		return err
	}
	salt := make([]byte, 16)
	nonce := make([]byte, 12)
	if _, err := rand.Read(salt); err != nil {
		return err
	}
	if _, err := rand.Read(nonce); err != nil {
		return err
	}
	gcm, err := newGCM(params.Derive(passphrase, salt))
	if err != nil {
		return err
	}
	u.KDF, u.Params, u.Salt, u.Nonce = "argon2id", params, salt, nonce
	u.Wrapped = gcm.Seal(nil, nonce, priv[:], userKeyAAD(u.Name))
	return nil
}

// give seals master to the user's public key.
func (u *keyUser) give(master []byte) error {
	if len(u.Public) != 32 {
		return fmt.Errorf("user %s has no key pair yet: they must sign in once with this version of Codebench", u.Name)
	}
	sealed, err := box.SealAnonymous(nil, master, (*[32]byte)(u.Public), rand.Reader)
	if err != nil {
		return err
	}
	u.Master = sealed
	return nil
}

// unlocked is what a passphrase opens in a user's entry.
type unlocked struct {
	priv   *[32]byte // nil for a version 1 entry
	master []byte    // nil for a disabled user
}

// errSignIn is the one answer to a wrong passphrase and to an unknown
// name, so that neither tells whether the name exists.
var errSignIn = fmt.Errorf("%w: type them again (passphrases are case-sensitive)", ErrWrongPassphrase)

// unwrap derives the passphrase's key (the slow step) and opens the
// entry, or returns errSignIn.
func (u keyUser) unwrap(passphrase string) (unlocked, error) {
	if u.KDF != "argon2id" {
		return unlocked{}, fmt.Errorf("user %s: key derivation %q is not supported by this Codebench", u.Name, u.KDF)
	}
	gcm, err := newGCM(u.Params.Derive(passphrase, u.Salt))
	if err != nil {
		return unlocked{}, err
	}
	if len(u.Nonce) != gcm.NonceSize() {
		return unlocked{}, fmt.Errorf("user %s: key file entry is damaged", u.Name)
	}
	if len(u.Public) == 0 {
		key, err := gcm.Open(nil, u.Nonce, u.Wrapped, wrapAAD(u.Name))
		if err != nil {
			return unlocked{}, errSignIn
		}
		return unlocked{master: key}, nil
	}
	p, err := gcm.Open(nil, u.Nonce, u.Wrapped, userKeyAAD(u.Name))
	if err != nil {
		return unlocked{}, errSignIn
	}
	if len(p) != 32 {
		return unlocked{}, fmt.Errorf("user %s: key file entry is damaged", u.Name)
	}
	priv := (*[32]byte)(p)
	if u.Disabled || len(u.Master) == 0 {
		return unlocked{priv: priv}, nil
	}
	master, err := u.openMaster(priv)
	return unlocked{priv: priv, master: master}, err
}

// openMaster opens the master key sealed to the user with their private key.
func (u keyUser) openMaster(priv *[32]byte) ([]byte, error) {
	if len(u.Public) != 32 || len(u.Master) == 0 {
		return nil, fmt.Errorf("user %s holds no key to this database", u.Name)
	}
	m, ok := box.OpenAnonymous(nil, u.Master, (*[32]byte)(u.Public), priv)
	if !ok || len(m) != masterKeySize {
		return nil, fmt.Errorf("user %s: key file entry is damaged: restore keys.json from a backup", u.Name)
	}
	return m, nil
}

// dummyUnwrap costs what unwrap of a real entry costs, for a name that
// is not a user: the answer comes in the same time as a wrong passphrase.
func dummyUnwrap(passphrase string, params KDF) {
	salt := make([]byte, 16)
	rand.Read(salt)
	key := params.Derive(passphrase, salt)
	if gcm, err := newGCM(key); err == nil {
		gcm.Open(nil, make([]byte, gcm.NonceSize()), make([]byte, 48), userKeyAAD(""))
	}
}

// user returns the index of the user whose name matches name after
// normalising both (NFKC, case folded), or -1.
func (f *keyFile) user(name string) int {
	k := nameKey(name)
	for i, u := range f.Users {
		if nameKey(u.Name) == k {
			return i
		}
	}
	return -1
}

func (f *keyFile) names() []string {
	n := make([]string, len(f.Users))
	for i, u := range f.Users {
		n[i] = u.Name
	}
	return n
}

// infos lists the users with their role and state.
func (f *keyFile) infos() []app.UserInfo {
	out := make([]app.UserInfo, len(f.Users))
	for i, u := range f.Users {
		out[i] = app.UserInfo{Name: u.Name, Role: u.Role, Disabled: u.Disabled}
	}
	return out
}

// enabledAdmins counts the administrators who can sign in.
func (f *keyFile) enabledAdmins() int {
	n := 0
	for _, u := range f.Users {
		if u.Role == app.Administrator && !u.Disabled {
			n++
		}
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
	if f.Version != keyFileVersion && f.Version != keyFileV1 {
		return nil, fmt.Errorf("the key file is version %d; this Codebench reads versions %d and %d: update Codebench", f.Version, keyFileV1, keyFileVersion)
	}
	if len(f.Users) == 0 {
		return nil, fmt.Errorf("the key file %s has no users: restore it from a backup", keyFileName)
	}
	for _, u := range f.Users {
		if p := u.Params; p.Time == 0 || p.Threads == 0 || p.MemoryKiB < 8*uint32(p.Threads) {
			return nil, fmt.Errorf("the key file %s is damaged (user %s has no usable key derivation): restore it from a backup", keyFileName, u.Name)
		}
	}
	// Before roles, everyone could manage users; the first user, who
	// created the database, becomes its administrator.
	for i := range f.Users {
		if f.Users[i].Role == "" {
			f.Users[i].Role = app.CodingStaff
			if i == 0 {
				f.Users[i].Role = app.Administrator
			}
		}
	}
	return &f, nil
}

// writeKeyFile replaces keys.json atomically: a crash leaves the old file
// or the new one, never half of either.
func writeKeyFile(dir string, f *keyFile) error {
	b, err := f.marshal()
	if err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(dir, keyFileName), b)
}

// marshal writes the file as this Codebench's version.
func (f *keyFile) marshal() ([]byte, error) {
	f.Version = keyFileVersion
	return json.MarshalIndent(f, "", "  ")
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
