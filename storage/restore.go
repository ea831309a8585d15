package storage

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/internal/atomicfile"
)

// A restore replaces two things that must match, db/ and keys.json, and
// no rename does both at once. It prepares the new pair beside the old
// one (db.restoring, keys.json.restoring, both complete and synced), then
// writes a journal, restore.journal, and only then swaps:
//
//	db → db.replaced, db.restoring → db,
//	keys.json → keys.json.replaced, keys.json.restoring → keys.json,
//	remove (or keep aside) db.replaced and keys.json.replaced, remove the journal.
//
// Every step is a rename or a removal that can be done again, so whoever
// next takes the folder lock (Open, Create, Restore) and finds the
// journal finishes the swap from wherever a kill stopped it: the new
// pair is complete before the journal exists. Without a journal the swap
// never started, and a leftover db.restoring or keys.json.restoring is a
// copy that never took effect: it is removed and the old database stays.
// The folder therefore always opens with a matching keys.json and db/.
const (
	restoreJournalName = "restore.journal"
	restoringSuffix    = ".restoring"
	replacedSuffix     = ".replaced"
	manifestName       = "MANIFEST" // Badger's; a db/ without one holds no database
)

// restoreJournal is restore.journal.
type restoreJournal struct {
	Version int `json:"version"`
	// Backup is when the backup being restored was made.
	Backup time.Time `json:"backup"`
	// KeepAside, when set, is the suffix under which the replaced
	// database and its key file are kept (db.replaced-KEEP) instead of
	// being removed: its audit trail could not be carried over.
	KeepAside string `json:"keepAside,omitempty"`
}

// faultEnv names the step at which the process kills itself (crash tests
// of the real binary); unset in normal use.
const faultEnv = "CODEBENCH_FAULT_KILL"

// faultPoint kills the process at step when the crash tests ask for it,
// as a power cut or kill -9 would: no deferred function runs.
func faultPoint(step string) {
	if v := os.Getenv(faultEnv); v == "" || v != step {
		return
	}
	p, err := os.FindProcess(os.Getpid())
	if err == nil {
		p.Kill()
	}
	select {} // the kill is asynchronous; never go past the step
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

func restoreInProgress(dir string) bool {
	return exists(filepath.Join(dir, restoreJournalName))
}

// recoverRestore finishes a restore a kill interrupted after its journal
// was written, or clears the leftovers of one interrupted before. The
// caller holds the folder lock.
func recoverRestore(dir string) error {
	b, err := os.ReadFile(filepath.Join(dir, restoreJournalName))
	if errors.Is(err, fs.ErrNotExist) {
		return clearUnstartedRestore(dir)
	}
	if err != nil {
		return fmt.Errorf("read the restore journal %s: %w", restoreJournalName, err)
	}
	var j restoreJournal
	if err := json.Unmarshal(b, &j); err != nil || j.Version != 1 {
		// atomicfile never leaves a partial journal; this one was edited.
		return fmt.Errorf("the restore journal %s in %s is damaged: nothing was changed; move it away and restore the backup again", restoreJournalName, dir)
	}
	return finishRestore(dir, &j)
}

// clearUnstartedRestore removes what a restore killed before its journal
// left: the new copy, which never took effect. A database moved to
// db.replaced by a Codebench from before the journal, with db/ gone, is
// put back: it is the only copy of those records.
func clearUnstartedRestore(dir string) error {
	if err := os.RemoveAll(filepath.Join(dir, dbDirName+restoringSuffix)); err != nil {
		return err
	}
	if err := os.Remove(filepath.Join(dir, keyFileName+restoringSuffix)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	db, old := filepath.Join(dir, dbDirName), filepath.Join(dir, dbDirName+replacedSuffix)
	if !hasDatabase(db) && hasDatabase(old) && exists(filepath.Join(dir, keyFileName)) {
		if err := os.RemoveAll(db); err != nil {
			return err
		}
		if err := os.Rename(old, db); err != nil {
			return fmt.Errorf("put the database back from %s: %w", old, err)
		}
		return atomicfile.SyncDir(dir)
	}
	return nil
}

// finishRestore carries out the swap of j from wherever it stopped.
func finishRestore(dir string, j *restoreJournal) error {
	for i, name := range []string{dbDirName, keyFileName} {
		cur := filepath.Join(dir, name)
		next, old := cur+restoringSuffix, cur+replacedSuffix
		if exists(next) {
			if exists(cur) {
				if exists(old) {
					return fmt.Errorf("an interrupted restore left %s, %s and %s in %s: nothing was changed; move %s away and open again",
						name, name+restoringSuffix, name+replacedSuffix, dir, name+replacedSuffix)
				}
				if err := os.Rename(cur, old); err != nil {
					return fmt.Errorf("finish the interrupted restore: %w", err)
				}
				atomicfile.SyncDir(dir)
				faultPoint(fmt.Sprintf("swap-%d-old-moved", i))
			}
			if err := os.Rename(next, cur); err != nil {
				return fmt.Errorf("finish the interrupted restore: %w", err)
			}
			atomicfile.SyncDir(dir)
			faultPoint(fmt.Sprintf("swap-%d-new-moved", i))
		}
	}
	for _, name := range []string{dbDirName, keyFileName} {
		old := filepath.Join(dir, name+replacedSuffix)
		if !exists(old) {
			continue
		}
		if j.KeepAside != "" {
			if err := os.Rename(old, old+"-"+j.KeepAside); err != nil {
				return fmt.Errorf("keep the replaced database: %w", err)
			}
			continue
		}
		if err := os.RemoveAll(old); err != nil {
			return fmt.Errorf("remove the replaced database: %w", err)
		}
		faultPoint("old-removed-" + name)
	}
	atomicfile.SyncDir(dir)
	if err := os.Remove(filepath.Join(dir, restoreJournalName)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return atomicfile.SyncDir(dir)
}

// errKeyMismatch means keys.json unlocks a master key that is not db/'s.
var errKeyMismatch = fmt.Errorf("the key file %s does not belong to this database: restore the matching key file or a backup", keyFileName)

// repairLegacyRestore mends a folder a Codebench from before the journal
// left when it was killed during a restore, after it had put the
// restored db/ in place but before it wrote the backup's keys.json: db/
// is the restored copy (whose key is only in the backup file) and
// db.replaced the old database, which keys.json does open. The old
// database is put back and the restored copy kept beside it as
// db.unmatched-TIME; the restore can simply be run again. It reports
// whether it changed anything.
func repairLegacyRestore(dir string, master []byte, opt *Options) bool {
	var o Options
	if opt != nil {
		o = *opt
	}
	old := filepath.Join(dir, dbDirName+replacedSuffix)
	if restoreInProgress(dir) || !hasDatabase(old) {
		return false
	}
	db, err := badger.Open(badgerOptions(old, master, o))
	if err != nil {
		return false
	}
	if db.Close() != nil {
		return false
	}
	cur := filepath.Join(dir, dbDirName)
	if os.Rename(cur, cur+".unmatched-"+time.Now().UTC().Format("20060102T150405Z")) != nil {
		return false
	}
	if os.Rename(old, cur) != nil {
		return false
	}
	atomicfile.SyncDir(dir)
	return true
}

// hasDatabase reports whether path is a Badger database (has a manifest).
func hasDatabase(path string) bool { return exists(filepath.Join(path, manifestName)) }

// checkDatabasePresent refuses to open a folder whose keys.json is there
// but whose db/ is not: Badger would make a new, empty database, and the
// coder would see every record gone without a word.
func checkDatabasePresent(dir string) error {
	if exists(filepath.Join(dir, keyFileName)) && !hasDatabase(filepath.Join(dir, dbDirName)) {
		return fmt.Errorf("%w: %s has the key file %s but no database in %s: the records are not there. "+
			"Put the %s folder back where it was, or restore a backup with `codebench restore FILE --force`",
			ErrDatabaseMissing, dir, keyFileName, dbDirName, dbDirName)
	}
	return nil
}

// setAsideReplaced renames a db.replaced and keys.json.replaced that no
// journal accounts for (left by a Codebench from before the journal, or
// put there by hand) to NAME.replaced-STAMP: they may be the only copy of
// records, so a restore never deletes them. It returns the names used.
func setAsideReplaced(dir string) ([]string, error) {
	stamp := time.Now().UTC().Format("20060102T150405Z")
	var kept []string
	for _, name := range []string{dbDirName, keyFileName} {
		old := filepath.Join(dir, name+replacedSuffix)
		if !exists(old) {
			continue
		}
		to := old + "-" + stamp
		if err := os.Rename(old, to); err != nil {
			return kept, fmt.Errorf("set aside %s: %w", old, err)
		}
		kept = append(kept, filepath.Base(to))
	}
	if len(kept) > 0 {
		atomicfile.SyncDir(dir)
	}
	return kept, nil
}

// syncTree fsyncs every file under root and root itself, so the renames
// of the swap never publish a database whose data is still in the cache.
func syncTree(root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if f, err := os.Open(p); err == nil {
				_ = f.Sync() // folders cannot be synced on every system
				f.Close()
			}
			return nil
		}
		// Windows flushes only a file opened for writing (FlushFileBuffers
		// needs write access); a read-only handle is refused.
		f, err := os.OpenFile(p, os.O_RDWR, 0)
		if err != nil {
			return err
		}
		defer f.Close()
		return f.Sync()
	})
}

// carryAudit opens the restored copy at tmp and appends to its audit
// trail the restore itself and every entry of the database being replaced
// that the backup does not hold (those made after the backup was taken;
// all of them when the backup is of another database), re-chained, so a
// restore never loses audit history. The replaced database is unlocked
// with the backup's user and passphrase, else opt.ReplacedPassphrase;
// when neither unlocks it, keepAside is set: it is kept beside the
// restored one instead of removed, and the restore entry says where.
// verr reports a restored trail that does not verify (the restore goes on;
// the coder is told).
func carryAudit(dir, tmp string, master []byte, user, passphrase string, created time.Time, o Options) (keepAside string, verr error, err error) {
	db, err := badger.Open(badgerOptions(tmp, master, o))
	if err != nil {
		return "", nil, fmt.Errorf("restore: %w", wrapWrite(err))
	}
	s, err := bareStore(dir, db, master, user, o)
	if err != nil {
		db.Close()
		return "", nil, err
	}
	closed := false
	defer func() {
		if !closed {
			db.Close()
		}
	}()
	if err := s.init(); err != nil {
		return "", nil, err
	}
	_, verr = s.VerifyAudit()
	restored, err := s.AuditLog("")
	if err != nil {
		return "", nil, err
	}

	detail := "backup of " + created.Format(time.RFC3339)
	var carried []app.AuditEntry
	if cur := filepath.Join(dir, dbDirName); hasDatabase(cur) {
		old, ok := replacedAudit(dir, cur, user, passphrase, o)
		if !ok {
			keepAside = time.Now().UTC().Format("20060102T150405Z")
			detail += fmt.Sprintf("; the replaced database could not be unlocked with this passphrase, so its audit entries are not carried: it is kept in %s-%s with its key file %s-%s",
				dbDirName+replacedSuffix, keepAside, keyFileName+replacedSuffix, keepAside)
		} else {
			same := 0
			for same < len(old) && same < len(restored) && old[same].Hash == restored[same].Hash {
				same++
			}
			carried = old[same:]
			if len(carried) > 0 {
				detail += fmt.Sprintf("; the %d audit entries of the replaced database not in the backup (its entries %d to %d) follow",
					len(carried), carried[0].Seq, carried[len(carried)-1].Seq)
			}
		}
	}
	if err := s.Audit(app.AuditEvent{Action: app.AuditRestore, Detail: detail}); err != nil {
		return "", nil, err
	}
	for len(carried) > 0 {
		n := min(len(carried), 1000) // bounded transactions
		batch := carried[:n]
		carried = carried[n:]
		head := s.head
		keys := s.keys.Load()
		err := s.db.Update(func(btxn *badger.Txn) error {
			txn := &tx{Txn: btxn, keys: keys}
			for _, e := range batch {
				e.Detail = strings.TrimSpace(e.Detail + fmt.Sprintf(" [carried over by the restore; was entry %d]", e.Seq))
				e.Seq, e.Prev = head.Seq+1, head.Hash
				e.Hash = entryHash(&e)
				v, err := encode(&e)
				if err != nil {
					return err
				}
				if err := txn.set(auditKey(e.Seq), v); err != nil {
					return err
				}
				head = auditHead{Seq: e.Seq, Hash: e.Hash}
			}
			v, err := encode(&head)
			if err != nil {
				return err
			}
			return txn.set(keyAuditHead, v)
		})
		if err != nil {
			return "", nil, fmt.Errorf("restore: carry the audit trail: %w", wrapWrite(err))
		}
		s.head = head
	}
	closed = true
	if err := db.Close(); err != nil {
		return "", nil, fmt.Errorf("restore: %w", wrapWrite(err))
	}
	return keepAside, verr, nil
}

// replacedAudit reads the whole audit trail of the database at cur, the
// one a restore replaces; ok is false when it cannot be unlocked or read.
func replacedAudit(dir, cur, user, passphrase string, o Options) ([]app.AuditEntry, bool) {
	kf, err := readKeyFile(dir)
	if err != nil {
		return nil, false
	}
	master, err := kf.unlock(user, passphrase)
	if err != nil && o.ReplacedPassphrase != "" {
		master, err = kf.unlock(user, o.ReplacedPassphrase)
	}
	if err != nil {
		return nil, false
	}
	if err := removeEmptyLogFiles(cur); err != nil {
		return nil, false
	}
	db, err := badger.Open(badgerOptions(cur, master, o))
	if err != nil {
		return nil, false
	}
	defer db.Close()
	s, err := bareStore(dir, db, master, user, o)
	if err != nil {
		return nil, false
	}
	log, err := s.AuditLog("")
	return log, err == nil
}
