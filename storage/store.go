// Package storage keeps Codebench's records in an embedded, encrypted
// Badger database in the data folder: the key scheme (keys.go), the
// passphrase-wrapped master key (keyfile.go), the worklist indexes, notes
// with their original files, the tamper-evident audit trail, and encrypted
// backups. It is the only package that imports Badger.
package storage

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/internal/atomicfile"
	"github.com/codebench/codebench/storage/internal/seal"
)

// Options tune how a store is opened. The zero value is right for the
// shipped program.
type Options struct {
	// KDF is the argon2id cost for new users and changed passphrases;
	// zero means DefaultKDF. Tests use a cheap one.
	KDF KDF
	// Log receives Badger's warnings and errors (never info or debug
	// chatter); nil means standard error.
	Log io.Writer

	// ReplacedPassphrase, for Restore only, unlocks the database a
	// restore replaces when the backup's passphrase does not (the
	// user's current one), so the audit entries it has and the backup
	// does not are carried into the restored database.
	ReplacedPassphrase string

	badgerDefaults bool // benchmarks only: Badger's default tuning, for comparison
	noSync         bool // benchmarks only: the baseline without fsync per commit
	noTableCheck   bool // benchmarks only: the baseline without checkTables
	// small is for the byte-flip test only: a 1 MB memtable (cheaper to
	// open thousands of times) and values of 256 bytes or more in the
	// value log (so a small database has one to damage).
	small bool
}

func (o *Options) kdf() KDF {
	if o == nil || o.KDF == (KDF{}) {
		return DefaultKDF
	}
	return o.KDF
}

// Store is an open, unlocked database. Its methods are safe for
// concurrent use; writes are serialised so the audit chain stays linear.
type Store struct {
	dir    string
	db     *guardedDB
	lock   *os.File
	master []byte
	user   string
	opt    Options
	keys   atomic.Pointer[sealers] // what values are sealed with (sealed.go)

	mu     sync.Mutex // serialises writes and keys.json changes
	head   auditHead
	closed bool

	leases leases // collab.go
}

// Create makes a new database in dir with its first user and opens it.
// It returns ErrExists when dir already has one.
func Create(dir, user, passphrase string, opt *Options) (*Store, error) {
	user, err := cleanUserName(user)
	if err != nil {
		return nil, err
	}
	if err := checkPassphrase(passphrase); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create the data folder: %w", wrapWrite(err))
	}
	lock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	atomicfile.RemoveStale(filepath.Join(dir, keyFileName), 0)
	if err := recoverRestore(dir); err != nil {
		unlockDir(lock)
		return nil, err
	}
	if Exists(dir) {
		unlockDir(lock)
		return nil, fmt.Errorf("a Codebench database %w in %s: open it instead", ErrExists, dir)
	}
	_, cerr := os.Stat(filepath.Join(dir, keyFileName+".creating"))
	if ents, _ := os.ReadDir(filepath.Join(dir, dbDirName)); len(ents) > 0 && cerr != nil {
		unlockDir(lock)
		return nil, fmt.Errorf("%s has a database folder but no key file %s: restore the key file or a backup", dir, keyFileName)
	}
	master, err := newMasterKey()
	if err != nil {
		unlockDir(lock)
		return nil, err
	}
	// The first user of a new database is its administrator.
	u, err := newUser(user, passphrase, app.Administrator, master, opt.kdf())
	if err != nil {
		unlockDir(lock)
		return nil, err
	}
	// The key file is written under a temporary name, then the database,
	// then the key file is renamed into place: a crash in between leaves
	// a half-created folder that the next Create recognises and clears.
	creating := filepath.Join(dir, keyFileName+".creating")
	if err := os.RemoveAll(filepath.Join(dir, dbDirName)); err != nil {
		unlockDir(lock)
		return nil, err
	}
	kf := &keyFile{Version: keyFileVersion, Users: []keyUser{u}}
	b, err := kf.marshal()
	if err != nil {
		unlockDir(lock)
		return nil, err
	}
	if err := writeFileAtomic(creating, b); err != nil {
		unlockDir(lock)
		return nil, err
	}
	s, err := openLocked(dir, lock, user, master, opt)
	if err != nil {
		unlockDir(lock)
		return nil, err
	}
	if err := os.Rename(creating, filepath.Join(dir, keyFileName)); err != nil {
		s.Close()
		return nil, err
	}
	atomicfile.SyncDir(dir)
	if err := s.Audit(app.AuditEvent{Action: app.AuditUserAdded, Detail: "first user " + user}); err != nil {
		s.Close()
		return nil, err
	}
	return s, s.Audit(app.AuditEvent{Action: app.AuditLogin})
}

// Open unlocks the database in dir as user. An unknown user and a wrong
// passphrase both return ErrWrongPassphrase, after the same work; a
// disabled user ErrUserDisabled; a name that failed too often lately
// ErrSignInPaused (failures are counted in the data folder; nothing else
// is touched). A folder another Codebench has open returns ErrAlreadyOpen.
// A key rotation a kill interrupted is finished first.
func Open(dir, user, passphrase string, opt *Options) (*Store, error) {
	if !Exists(dir) {
		return nil, fmt.Errorf("%w (%s): create the first user", ErrNoDatabase, dir)
	}
	lock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	if err := recoverRestore(dir); err != nil {
		unlockDir(lock)
		return nil, err
	}
	if err := checkDatabasePresent(dir); err != nil {
		unlockDir(lock)
		return nil, err
	}
	s, err := signInLocked(dir, lock, user, passphrase, opt)
	if err != nil {
		unlockDir(lock)
		return nil, err
	}
	return s, nil
}

// signInLocked is Open once the folder lock is held.
func signInLocked(dir string, lock *os.File, user, passphrase string, opt *Options) (*Store, error) {
	if err := checkSignInPause(dir, user); err != nil {
		return nil, err
	}
	cur, err := os.ReadFile(filepath.Join(dir, keyFileName))
	if err != nil {
		return nil, fmt.Errorf("read the key file: %w", err)
	}
	kf, err := parseKeyFile(cur)
	if err != nil {
		return nil, err
	}
	j, finished, stale, err := pendingRotation(dir, cur)
	if err != nil {
		return nil, err
	}
	// During an interrupted rotation the new key file decides who may
	// sign in: the change was decided when the journal was written.
	auth := kf
	if j != nil {
		if auth, err = parseKeyFile(j.NewKeyFile); err != nil {
			return nil, err
		}
	}
	i, k, err := auth.signIn(user, passphrase)
	if err != nil {
		if errors.Is(err, ErrWrongPassphrase) {
			// Kept outside the database until the next successful open
			// folds it into the audit trail, and counted for the
			// backoff; failing to note it must not hide why the
			// sign-in failed (nor change the words).
			_ = RecordFailedSignIn(dir, user)
		}
		return nil, err
	}
	name := auth.Users[i].Name
	var events []app.AuditEvent
	if j != nil {
		oi := kf.user(name)
		if oi < 0 || k.priv == nil {
			return nil, fmt.Errorf("the key rotation journal %s does not match keys.json: restore the data folder from a backup", rotateJournalName)
		}
		old, err := kf.Users[oi].openMaster(k.priv)
		if err != nil {
			return nil, err
		}
		var o Options
		if opt != nil {
			o = *opt
		}
		if err := completeRotation(dir, j, old, k.master, o); err != nil {
			return nil, fmt.Errorf("finish the interrupted key rotation: %w", err)
		}
		kf = auth
		finished = true
	}
	if finished {
		events = append(events, app.AuditEvent{Action: app.AuditKeyRotated, Detail: "finished after an interruption"})
	}
	s, err := openLocked(dir, lock, name, k.master, opt)
	if errors.Is(err, errKeyMismatch) && repairLegacyRestore(dir, k.master, opt) {
		s, err = openLocked(dir, lock, name, k.master, opt)
	}
	if err != nil {
		return nil, err
	}
	// With the folder (and on Windows Badger's) lock held no key file
	// write is running: a temporary one was left by a killed passwd or
	// user add and holds keys for a passphrase that never took effect.
	atomicfile.RemoveStale(filepath.Join(dir, keyFileName), 0)
	if err := s.foldFailedSignIns(); err != nil {
		s.Close()
		return nil, fmt.Errorf("the failed sign-ins could not be written to the audit trail: %w", err)
	}
	// Signed in: the name's failures no longer slow it down.
	if err := forgetFailedSignIns(dir, name); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.upgradeEntry(kf, i, passphrase, k); err != nil {
		s.Close()
		return nil, err
	}
	events = append(events, app.AuditEvent{Action: app.AuditLogin})
	if err := s.Audit(events...); err != nil {
		s.Close()
		return nil, err
	}
	if stale {
		if err := removeJournal(dir); err != nil {
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

// upgradeEntry gives a version 1 entry (the master key wrapped by the
// passphrase) a key pair, now that its passphrase is known, and writes
// a version 1 key file as version 2 (with roles).
func (s *Store) upgradeEntry(kf *keyFile, i int, passphrase string, k unlocked) error {
	if kf.Version == keyFileVersion && k.priv != nil {
		return nil
	}
	u := &kf.Users[i]
	if k.priv == nil {
		nu, err := newUser(u.Name, passphrase, u.Role, k.master, u.Params)
		if err != nil {
			return err
		}
		nu.Created, nu.Changed = u.Created, u.Changed
		*u = nu
	}
	return writeKeyFile(s.dir, kf)
}

// openLocked opens Badger in dir/db once the folder lock is held.
func openLocked(dir string, lock *os.File, user string, master []byte, opt *Options) (*Store, error) {
	var o Options
	if opt != nil {
		o = *opt
	}
	dbDir := filepath.Join(dir, dbDirName)
	if err := removeEmptyLogFiles(dbDir); err != nil {
		return nil, fmt.Errorf("open the database: %w", err)
	}
	bo := badgerOptions(dbDir, master, o)
	if !o.noTableCheck {
		if err := checkTables(dbDir, master, bo); err != nil {
			if errors.Is(err, errTablesDamaged) {
				return nil, &damagedError{what: "the database in " + dbDir}
			}
			return nil, fmt.Errorf("open the database: %w", err)
		}
	}
	db, err := badger.Open(bo)
	if err != nil {
		switch {
		case errors.Is(err, badger.ErrEncryptionKeyMismatch):
			return nil, errKeyMismatch
		case isBadgerLockError(err):
			return nil, ErrAlreadyOpen
		case isDiskFull(err):
			return nil, ErrDiskFull
		case errors.Is(err, fs.ErrPermission):
			return nil, fmt.Errorf("open the database: %s cannot be read or written by this user: check the folder's permissions", dbDir)
		}
		// Anything else is a file Badger could not read back: a failed
		// checksum, a cut or garbled table, manifest or key registry.
		// Badger's text is not passed on (it can quote keys).
		return nil, &damagedError{what: "the database in " + dbDir}
	}
	sl, err := seal.New(master)
	if err != nil {
		db.Close()
		return nil, err
	}
	s := &Store{dir: dir, db: &guardedDB{DB: db}, lock: lock, master: master, user: user, opt: o}
	s.keys.Store(&sealers{cur: sl})
	if err := s.init(); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// removeEmptyLogFiles deletes memtable (.mem) and value-log (.vlog) files of
// length zero in dbDir. Badger creates such a file and then sizes it; a
// process killed in between leaves an empty file that Badger refuses to
// reopen ("while opening memtables ... Create a new file", "Open existing
// file: ...vlog ... Create a new file"). An empty file holds no write, so
// removing it loses nothing and the database opens again.
func removeEmptyLogFiles(dbDir string) error {
	entries, err := os.ReadDir(dbDir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".mem") && !strings.HasSuffix(e.Name(), ".vlog") {
			continue
		}
		info, err := e.Info()
		if err != nil {
			return err
		}
		if info.Size() == 0 {
			if err := os.Remove(filepath.Join(dbDir, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

func isBadgerLockError(err error) bool {
	return strings.Contains(err.Error(), "Cannot acquire directory lock")
}

// Sizes of Badger's files (see badgerOptions).
const (
	memTableSize = 8 << 20
	vlogFileSize = 64 << 20
)

// badgerOptions tunes Badger for one person's desktop: small memtables and
// caches (an empty database opens well under 100 MB), every commit synced,
// everything encrypted with the master key, and Badger's checksums checked
// on every block read and every value read from the value log (every table
// is checked whole before Badger opens it: checkTables): a damaged file is
// an error, not different content (the values' own seals are the second
// check, sealed.go).
func badgerOptions(path string, master []byte, o Options) badger.Options {
	w := o.Log
	if w == nil {
		w = os.Stderr
	}
	bo := badger.DefaultOptions(path).
		WithLogger(quietLogger{w}).
		WithSyncWrites(true).
		WithEncryptionKey(master).
		WithIndexCacheSize(16 << 20).
		WithChecksumVerificationMode(options.OnBlockRead).
		WithVerifyValueChecksum(true)
	if o.noSync {
		bo = bo.WithSyncWrites(false)
	}
	if o.badgerDefaults {
		return bo
	}
	bo = bo.
		WithMemTableSize(memTableSize).
		WithNumMemtables(2).
		WithNumLevelZeroTables(4).
		WithNumLevelZeroTablesStall(12).
		WithBlockCacheSize(16 << 20).
		WithIndexCacheSize(8 << 20).
		WithValueLogFileSize(vlogFileSize).
		WithValueThreshold(32 << 10).
		WithNumCompactors(2).
		WithNumGoroutines(2).
		WithMetricsEnabled(false)
	if o.small {
		bo = bo.WithMemTableSize(1 << 20).WithValueThreshold(256)
	}
	return bo
}

// quietLogger passes Badger's warnings and errors on and drops its info
// and debug lines. Badger does not log values; keys are record ids and
// index terms, and it logs keys only on internal errors.
type quietLogger struct{ w io.Writer }

func (l quietLogger) Errorf(f string, a ...any) { l.print(f, a) }
func (l quietLogger) Warningf(f string, a ...any) {
	// Cache statistics are tuning hints for developers, not something a
	// coder can act on.
	if strings.HasPrefix(f, "%s might be too small") || strings.HasPrefix(f, "Cache life expectancy") {
		return
	}
	l.print(f, a)
}

// print writes Badger's line with only its numbers filled in: its other
// arguments can be keys, values or errors quoting them, which hold
// patient details.
func (l quietLogger) print(f string, a []any) {
	safe := make([]any, len(a))
	for i, v := range a {
		switch v.(type) {
		case int, int32, int64, uint, uint32, uint64, float64, bool, time.Duration:
			safe[i] = v
		default:
			safe[i] = "[…]"
		}
	}
	fmt.Fprintln(l.w, "codebench: storage:", strings.TrimRight(fmt.Sprintf(f, safe...), "\n"))
}
func (quietLogger) Infof(string, ...any)  {}
func (quietLogger) Debugf(string, ...any) {}

// init checks the schema version (sealing an older database's values)
// and loads the audit head.
func (s *Store) init() error {
	if err := s.checkSchema(); err != nil {
		return err
	}
	if err := s.view(func(txn *tx) error {
		h, err := readHead(txn)
		s.head = h
		return err
	}); err != nil {
		return err
	}
	return s.dropPending()
}

// Close releases the database and the folder lock.
func (s *Store) Close() error {
	s.leases.endWatches()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	err := s.db.Close()
	if uerr := unlockDir(s.lock); err == nil {
		err = uerr
	}
	return err
}

// Dir is the data folder.
func (s *Store) Dir() string { return s.dir }

// User is the signed-in user every change is attributed to.
func (s *Store) User() string { return s.user }

// Users lists every user of this database.
func (s *Store) Users() ([]string, error) { return Users(s.dir) }

// ChangePassphrase re-wraps the master key for the signed-in user under a
// new passphrase; the data is not rewritten.
func (s *Store) ChangePassphrase(old, new string) error {
	if err := checkPassphrase(new); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	kf, err := readKeyFile(s.dir)
	if err != nil {
		return err
	}
	i, k, err := kf.signIn(s.user, old)
	if err != nil {
		return err
	}
	u := &kf.Users[i]
	if k.priv == nil {
		nu, err := newUser(u.Name, new, u.Role, s.master, s.opt.kdf())
		if err != nil {
			return err
		}
		nu.Created = u.Created
		*u = nu
	} else if err := u.wrapPrivate(new, k.priv, s.opt.kdf()); err != nil {
		return err
	}
	u.Changed = nowUTC()
	// "Started" is saved before keys.json is replaced, so a kill between
	// the two leaves a trace of a change that may have taken effect.
	if err := s.updateLocked(nil, app.AuditEvent{Action: app.AuditPassphraseChanging, Detail: "user " + s.user}); err != nil {
		return err
	}
	if err := writeKeyFile(s.dir, kf); err != nil {
		return err
	}
	faultPoint("passwd-keys-written")
	return s.updateLocked(nil, app.AuditEvent{Action: app.AuditPassphraseChanged, Detail: "user " + s.user})
}

// CheckPassphrase reports whether passphrase unlocks the signed-in user
// (the window's lock screen), without changing anything.
func (s *Store) CheckPassphrase(passphrase string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := checkSignInPause(s.dir, s.user); err != nil {
		return err
	}
	kf, err := readKeyFile(s.dir)
	if err != nil {
		return err
	}
	_, err = kf.unlock(s.user, passphrase)
	if errors.Is(err, ErrWrongPassphrase) {
		// Counted for the backoff; the caller writes it to the audit
		// trail at once (the store is open), so it is not folded again.
		_ = noteFailedSignIn(s.dir, s.user, true)
		return err
	}
	if err != nil {
		return err
	}
	return forgetFailedSignIns(s.dir, s.user)
}

// update runs fn in one read-write transaction and appends events to the
// audit trail in the same transaction: the change and its audit entry are
// saved together or not at all. The commit is synced before it returns.
func (s *Store) update(fn func(txn *tx) error, events ...app.AuditEvent) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.updateLocked(fn, events...)
}

func (s *Store) updateLocked(fn func(txn *tx) error, events ...app.AuditEvent) error {
	return s.updateSized(0, fn, events...)
}

// minFree is the space a write needs beyond its own size. Badger writes
// its value log and memtables through memory-mapped sparse files, and a
// full disk there is a crash (SIGBUS), not an error; refusing the write
// while there is still room keeps it an error the coder can act on.
const minFree = 2*vlogFileSize + 4*memTableSize + 32<<20

// freeSpace is freeBytes; tests replace it to simulate a full disk.
var freeSpace = freeBytes

func (s *Store) updateSized(size int, fn func(txn *tx) error, events ...app.AuditEvent) error {
	if err := s.checkWrite(size); err != nil {
		return err
	}
	txn := s.newTx()
	defer txn.Discard()
	return s.finish(txn, fn, events...)
}

// checkWrite refuses a write of about size bytes to a closed database or
// a disk without room for it.
func (s *Store) checkWrite(size int) error {
	if s.closed {
		return ErrClosed
	}
	if free, ok := freeSpace(s.dir); ok && free < uint64(minFree+2*size) {
		return fmt.Errorf("%w (%d MB free in %s; Codebench needs %d MB)", ErrDiskFull, free>>20, s.dir, (minFree+2*size)>>20)
	}
	return nil
}

// newTx starts a read-write transaction; the caller discards it.
func (s *Store) newTx() *tx {
	return &tx{Txn: s.db.NewTransaction(true), keys: s.keys.Load()}
}

// finish runs fn in txn, appends events to the audit trail in it and
// commits it, synced. The caller holds s.mu and discards txn.
func (s *Store) finish(txn *tx, fn func(txn *tx) error, events ...app.AuditEvent) error {
	if fn != nil {
		if err := fn(txn); err != nil {
			return wrapWrite(ownError{err})
		}
	}
	head, err := s.appendAudit(txn, s.head, events)
	if err != nil {
		return wrapWrite(ownError{err})
	}
	if err := txn.Commit(); err != nil {
		return wrapWrite(err)
	}
	s.head = head
	return nil
}

// NextID hands out the next id of a kind: "R" gives R000001, R000002...
func (s *Store) NextID(kind string) (string, error) {
	var n uint64
	err := s.update(func(txn *tx) error {
		var err error
		n, err = nextSeq(txn, kind)
		return err
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s%06d", kind, n), nil
}

func nextSeq(txn *tx, kind string) (uint64, error) {
	var n uint64
	v, err := txn.get(seqKey(kind))
	switch {
	case err == nil:
		if n, err = readCounter(v, seqKey(kind)); err != nil {
			return 0, err
		}
	case !errors.Is(err, badger.ErrKeyNotFound):
		return 0, err
	}
	n++
	return n, txn.set(seqKey(kind), uint64Value(n))
}

// wrapWrite turns a failed write into a message a coder can act on. The
// transaction that failed was not applied, so nothing saved before is lost.
// Errors the store's own code returned inside the transaction pass as
// they are; Badger's own (on commit) lose their text, which can quote
// keys and values (safeBadger).
func wrapWrite(err error) error {
	if err == nil {
		return nil
	}
	var own ownError
	if errors.As(err, &own) {
		err = own.err
		if errors.Is(err, ErrDiskFull) || !isDiskFull(err) {
			return err
		}
	}
	if errors.Is(err, ErrDiskFull) {
		return err
	}
	if isDiskFull(err) {
		return ErrDiskFull
	}
	return safeBadger(err)
}

func isDiskFull(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) ||
		strings.Contains(err.Error(), "no space left on device") || strings.Contains(err.Error(), "disk quota exceeded")
}

// notFound maps Badger's ErrKeyNotFound to the domain's ErrNotFound.
func notFound(err error, what string) error {
	if errors.Is(err, badger.ErrKeyNotFound) {
		return fmt.Errorf("%s: %w", what, app.ErrNotFound)
	}
	return err
}
