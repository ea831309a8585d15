package storage

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/internal/atomicfile"
	"github.com/codebench/codebench/storage/internal/seal"
)

// Rotating the master key (on disabling or removing a user) changes three
// things that must agree: keys.json (the key sealed to each user), Badger's
// key registry (its data keys, encrypted with the master key) and the
// sealed values. It runs in this order:
//
//  1. "started" is written to the audit trail (under the old key);
//  2. the journal <data>/keys.rotating.json is written: the SHA-256 of
//     keys.json as it is and the whole new keys.json, which seals the new
//     key to every remaining enabled user. From here the change is decided:
//     Open reads users from the new file, so the disabled or removed user
//     cannot sign in;
//  3. Badger is closed; its key registry gets a fresh data key and is
//     re-encrypted with the new key (Badger's own `badger rotate`);
//  4. Badger is opened with the new key and every value is sealed again;
//  5. keys.json is replaced by the new file; the journal is removed;
//  6. "master-key-rotated" is written to the audit trail (under the new key).
//
// A kill anywhere leaves either no journal (nothing changed) or a journal
// that the next Open of a remaining user finishes: each step either
// checks whether it is done (the registry opens with the new key) or can
// run again (resealing skips what is already sealed with the new key).
// Until keys.json is replaced it still opens the old key, which the
// remaining users need to finish; after that only the new key exists.
const rotateJournalName = "keys.rotating.json"

// rotationJournal is <data>/keys.rotating.json.
type rotationJournal struct {
	Version    int    `json:"version"`
	OldKeyFile string `json:"oldKeyFile"` // hex SHA-256 of keys.json before the rotation
	NewKeyFile []byte `json:"newKeyFile"` // keys.json after it
	Detail     string `json:"detail"`     // what caused it, for the audit trail
}

// rotationFault, when set by a test, is called at each step of a rotation;
// an error stops the rotation there as a crash would.
var rotationFault func(step string) error

func faultAt(step string) error {
	if rotationFault != nil {
		return rotationFault(step)
	}
	return nil
}

// guardedDB is the open Badger database, which a rotation closes and opens
// again under the new key while readers wait.
type guardedDB struct {
	mu sync.RWMutex
	*badger.DB
}

// View runs a read-only transaction.
func (g *guardedDB) View(fn func(txn *badger.Txn) error) error {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.DB.View(fn)
}

// Update runs a read-write transaction.
func (g *guardedDB) Update(fn func(txn *badger.Txn) error) error {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.DB.Update(fn)
}

// Backup streams a backup of the database.
func (g *guardedDB) Backup(w interface{ Write([]byte) (int, error) }, since uint64) (uint64, error) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.DB.Backup(w, since)
}

func keyFileDigest(b []byte) string {
	d := sha256.Sum256(b)
	return hex.EncodeToString(d[:])
}

func nowUTC() time.Time { return time.Now().UTC() }

// pendingRotation reads the journal of an interrupted rotation of dir,
// given keys.json as it is (cur). It returns the journal when the rotation
// is still to be finished; nil when there is none, or when the journal is
// done with: the rotation finished (keys.json is the new file; finished
// is set) or it belongs to another key file (a restore replaced it).
// The caller removes a journal done with (removeJournal) once signed in.
func pendingRotation(dir string, cur []byte) (j *rotationJournal, finished, stale bool, err error) {
	path := filepath.Join(dir, rotateJournalName)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, false, nil
	}
	if err != nil {
		return nil, false, false, fmt.Errorf("read the key rotation journal: %w", err)
	}
	var rj rotationJournal
	if err := json.Unmarshal(b, &rj); err != nil || rj.Version != 1 {
		// The journal is written whole (temporary file and rename), so a
		// damaged one was damaged after the fact: keys.json still decides.
		return nil, false, false, fmt.Errorf("the key rotation journal %s is damaged: restore the data folder from a backup", rotateJournalName)
	}
	if keyFileDigest(cur) == rj.OldKeyFile {
		return &rj, false, false, nil
	}
	return nil, bytes.Equal(cur, rj.NewKeyFile), true, nil
}

// removeJournal deletes the rotation journal of dir.
func removeJournal(dir string) error {
	if err := os.Remove(filepath.Join(dir, rotateJournalName)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove the key rotation journal: %w", err)
	}
	atomicfile.SyncDir(dir)
	return nil
}

// rotateLocked rotates the master key to a new one sealed to the enabled
// users of next (the key file after the change) and records ev. The
// caller holds s.mu.
func (s *Store) rotateLocked(next *keyFile, ev app.AuditEvent) error {
	var missing []string
	for _, u := range next.Users {
		if !u.Disabled && len(u.Public) == 0 {
			missing = append(missing, u.Name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("the master key cannot be changed yet: %v %s not signed in since Codebench was updated; ask them to sign in once (or remove them), then try again",
			missing, map[bool]string{true: "has", false: "have"}[len(missing) == 1])
	}
	cur, err := os.ReadFile(filepath.Join(s.dir, keyFileName))
	if err != nil {
		return fmt.Errorf("read the key file: %w", err)
	}
	newMaster, err := newMasterKey()
	if err != nil {
		return err
	}
	for i := range next.Users {
		if !next.Users[i].Disabled {
			if err := next.Users[i].give(newMaster); err != nil {
				return err
			}
		}
	}
	nb, err := next.marshal()
	if err != nil {
		return err
	}
	newSealer, err := seal.New(newMaster)
	if err != nil {
		return err
	}
	if err := s.updateLocked(nil, app.AuditEvent{Action: ev.Action, Detail: ev.Detail + ": master key rotation started"}); err != nil {
		return err
	}
	if err := faultAt("started"); err != nil {
		return err
	}
	j := rotationJournal{Version: 1, OldKeyFile: keyFileDigest(cur), NewKeyFile: nb, Detail: ev.Detail}
	jb, err := json.Marshal(&j)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(filepath.Join(s.dir, rotateJournalName), jb); err != nil {
		return fmt.Errorf("start the key rotation: %w", err)
	}
	atomicfile.SyncDir(s.dir)
	if err := faultAt("journal"); err != nil {
		return err
	}
	s.db.mu.Lock()
	err = s.db.DB.Close()
	if err == nil {
		err = completeRotation(s.dir, &j, s.master, newMaster, s.opt)
	}
	// Whatever happened, the database opens with one of the two keys:
	// the new one once the registry was rewritten.
	key := s.master
	if err == nil || registryOpens(filepath.Join(s.dir, dbDirName), newMaster) {
		key = newMaster
	}
	db, oerr := openBadger(filepath.Join(s.dir, dbDirName), key, s.opt)
	if oerr == nil {
		s.db.DB = db
	}
	if err == nil && oerr == nil {
		// Before readers go on: every value is now sealed with the new key.
		s.keys.Store(&sealers{cur: newSealer})
		s.master = newMaster
	}
	s.db.mu.Unlock()
	if err != nil || oerr != nil {
		// The store cannot go on: a half-finished rotation is finished by
		// the next Open.
		s.closed = true
		if oerr == nil {
			db.Close()
		}
		unlockDir(s.lock)
		return fmt.Errorf("the master key rotation was interrupted (%w); sign in again as a remaining user to finish it", errors.Join(err, oerr))
	}
	return s.updateLocked(nil, app.AuditEvent{Action: app.AuditKeyRotated, Detail: ev.Detail})
}

// completeRotation does steps 3 to 5 on the closed database in dir: it
// can run again after a kill at any point.
func completeRotation(dir string, j *rotationJournal, oldMaster, newMaster []byte, o Options) error {
	dbDir := filepath.Join(dir, dbDirName)
	if !registryOpens(dbDir, newMaster) {
		if !registryOpens(dbDir, oldMaster) {
			return fmt.Errorf("the database's key registry opens with neither the old nor the new master key: restore the data folder from a backup")
		}
		if err := rewrapRegistry(dbDir, oldMaster, newMaster); err != nil {
			return fmt.Errorf("re-encrypt the key registry: %w", wrapWrite(err))
		}
	}
	if err := faultAt("registry"); err != nil {
		return err
	}
	db, err := openBadger(dbDir, newMaster, o)
	if err != nil {
		return fmt.Errorf("open the database with the new key: %w", wrapWrite(err))
	}
	rerr := resealValues(dir, db, oldMaster, newMaster, o)
	if cerr := db.Close(); rerr == nil {
		rerr = cerr
	}
	if rerr != nil {
		return fmt.Errorf("seal the values with the new key: %w", wrapWrite(rerr))
	}
	if err := faultAt("resealed"); err != nil {
		return err
	}
	if err := writeFileAtomic(filepath.Join(dir, keyFileName), j.NewKeyFile); err != nil {
		return fmt.Errorf("write the new key file: %w", err)
	}
	atomicfile.SyncDir(dir)
	if err := faultAt("keys"); err != nil {
		return err
	}
	return removeJournal(dir)
}

// openBadger opens the database in dbDir with key as openLocked does:
// first clearing what a kill while Badger opened leaves behind
// (removeEmptyLogFiles) and checking its tables (checkTables).
func openBadger(dbDir string, key []byte, o Options) (*badger.DB, error) {
	if err := removeEmptyLogFiles(dbDir); err != nil {
		return nil, err
	}
	bo := badgerOptions(dbDir, key, o)
	if err := checkTables(dbDir, key, bo); err != nil {
		if errors.Is(err, errTablesDamaged) {
			return nil, &damagedError{what: "the database in " + dbDir}
		}
		return nil, err
	}
	return badger.Open(bo)
}

// registryOpens reports whether Badger's key registry in dbDir is
// encrypted with key (true when there is none yet).
func registryOpens(dbDir string, key []byte) bool {
	kr, err := badger.OpenKeyRegistry(badger.KeyRegistryOptions{Dir: dbDir, ReadOnly: true, EncryptionKey: key})
	if err != nil {
		return false
	}
	kr.Close()
	return true
}

// rewrapRegistry re-encrypts the data keys in Badger's key registry with
// newMaster, as `badger rotate` does, after adding a fresh data key so
// that tables written from now on use a key the old master key never
// protected. The file is replaced by a rename: a kill leaves the old
// registry or the new one.
func rewrapRegistry(dbDir string, oldMaster, newMaster []byte) error {
	opt := badger.KeyRegistryOptions{Dir: dbDir, EncryptionKey: oldMaster}
	kr, err := badger.OpenKeyRegistry(opt)
	if err != nil {
		return err
	}
	// A rotation period of zero makes the newest data key too old: the
	// registry makes a new one.
	_, err = kr.LatestDataKey()
	if cerr := kr.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	opt.EncryptionKey = newMaster
	return badger.WriteKeyRegistry(kr, opt)
}

// resealValues seals every value of the open database again with the
// key derived from newMaster (sealed.go: reseal). Values already sealed
// with it, by a pass a kill cut short, are left as they are.
func resealValues(dir string, db *badger.DB, oldMaster, newMaster []byte, o Options) error {
	old, err := seal.New(oldMaster)
	if err != nil {
		return err
	}
	s := &Store{dir: dir, db: &guardedDB{DB: db}, master: oldMaster, opt: o}
	s.keys.Store(&sealers{cur: old})
	return s.reseal(newMaster)
}

// bareStore is a Store over a Badger database opened outside Open (no
// folder lock of its own, no sign-in): restore reads and writes the
// audit trail of a database it prepares through one.
func bareStore(dir string, db *badger.DB, master []byte, user string, o Options) (*Store, error) {
	sl, err := seal.New(master)
	if err != nil {
		return nil, err
	}
	s := &Store{dir: dir, db: &guardedDB{DB: db}, master: master, user: user, opt: o}
	s.keys.Store(&sealers{cur: sl})
	return s, nil
}
