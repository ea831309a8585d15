package storage

import (
	"bufio"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/codebench/codebench/app"
)

// A backup file is
//
//	backupMagic
//	uint32 big-endian length of the header, then the header (JSON backupHeader)
//	frames: uint32 big-endian length, then AES-256-GCM ciphertext of up to
//	        backupChunk bytes of Badger's backup stream
//
// The frame key is derived from the master key with HKDF-SHA256 and the
// header's salt. Frame i's nonce is the header's 4-byte nonce prefix and i;
// its additional data is SHA-256(magic+header), i and a last-frame flag,
// so a frame cannot be edited, moved, dropped, or the file cut short
// without the restore noticing. The header carries keys.json as it was,
// so the backup restores with any passphrase that was valid when it was made.
const (
	backupMagic   = "CODEBENCH BACKUP\n"
	backupVersion = 1
	backupChunk   = 64 << 10
	maxHeader     = 1 << 20
)

type backupHeader struct {
	Version     int       `json:"version"`
	Created     time.Time `json:"created"`
	Salt        []byte    `json:"salt"`
	NoncePrefix []byte    `json:"noncePrefix"`
	KeyFile     []byte    `json:"keyFile"`
}

func backupAEAD(master, salt []byte) (cipher.AEAD, error) {
	k, err := hkdf.Key(sha256.New, master, salt, "codebench backup v1", 32)
	if err != nil {
		return nil, err
	}
	return newGCM(k)
}

// Backup writes an encrypted, consistent copy of the database to w while
// it stays open: Badger streams one snapshot, and writes made during the
// backup are not in it.
func (s *Store) Backup(w io.Writer) error {
	kf, err := os.ReadFile(filepath.Join(s.dir, keyFileName))
	if err != nil {
		return fmt.Errorf("read the key file: %w", err)
	}
	h := backupHeader{Version: backupVersion, Created: time.Now().UTC(), Salt: make([]byte, 32),
		NoncePrefix: make([]byte, 4), KeyFile: kf}
	if _, err := rand.Read(h.Salt); err != nil {
		return err
	}
	if _, err := rand.Read(h.NoncePrefix); err != nil {
		return err
	}
	hb, err := json.Marshal(&h)
	if err != nil {
		return err
	}
	aead, err := backupAEAD(s.master, h.Salt)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, backupChunk+64)
	bw.WriteString(backupMagic)
	binary.Write(bw, binary.BigEndian, uint32(len(hb)))
	bw.Write(hb)
	sw := &sealWriter{w: bw, aead: aead, prefix: h.NoncePrefix, aad: headerDigest(hb)}
	if _, err := s.db.Backup(sw, 0); err != nil {
		return fmt.Errorf("backup: %w", wrapWrite(err))
	}
	if err := sw.Close(); err != nil {
		return fmt.Errorf("backup: %w", wrapWrite(err))
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("backup: %w", wrapWrite(err))
	}
	return s.Audit(app.AuditEvent{Action: app.AuditBackup})
}

func headerDigest(hb []byte) []byte {
	d := sha256.Sum256(append([]byte(backupMagic), hb...))
	return d[:]
}

func frameNonce(prefix []byte, i uint64) []byte {
	return binary.BigEndian.AppendUint64(append([]byte(nil), prefix...), i)
}

func frameAAD(digest []byte, i uint64, last bool) []byte {
	a := binary.BigEndian.AppendUint64(append([]byte(nil), digest...), i)
	if last {
		return append(a, 1)
	}
	return append(a, 0)
}

// sealWriter encrypts a stream into frames.
type sealWriter struct {
	w      io.Writer
	aead   cipher.AEAD
	prefix []byte
	aad    []byte
	buf    []byte
	n      uint64
	err    error
}

func (s *sealWriter) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	s.buf = append(s.buf, p...)
	for len(s.buf) > backupChunk && s.err == nil {
		s.frame(s.buf[:backupChunk], false)
		s.buf = append(s.buf[:0], s.buf[backupChunk:]...)
	}
	return len(p), s.err
}

func (s *sealWriter) frame(plain []byte, last bool) {
	ct := s.aead.Seal(nil, frameNonce(s.prefix, s.n), plain, frameAAD(s.aad, s.n, last))
	s.n++
	if err := binary.Write(s.w, binary.BigEndian, uint32(len(ct))); err != nil {
		s.err = err
		return
	}
	if _, err := s.w.Write(ct); err != nil {
		s.err = err
	}
}

// Close writes the last frame.
func (s *sealWriter) Close() error {
	if s.err == nil {
		s.frame(s.buf, true)
	}
	return s.err
}

// openReader decrypts the frames written by sealWriter.
type openReader struct {
	r      io.Reader
	aead   cipher.AEAD
	prefix []byte
	aad    []byte
	buf    []byte
	n      uint64
	done   bool
}

func (o *openReader) Read(p []byte) (int, error) {
	for len(o.buf) == 0 {
		if o.done {
			return 0, io.EOF
		}
		var size uint32
		if err := binary.Read(o.r, binary.BigEndian, &size); err != nil {
			return 0, fmt.Errorf("%w: the file ends early (frame %d)", ErrBadBackup, o.n)
		}
		if size > backupChunk+uint32(o.aead.Overhead()) {
			return 0, fmt.Errorf("%w: frame %d is damaged", ErrBadBackup, o.n)
		}
		ct := make([]byte, size)
		if _, err := io.ReadFull(o.r, ct); err != nil {
			return 0, fmt.Errorf("%w: the file ends early (frame %d)", ErrBadBackup, o.n)
		}
		nonce := frameNonce(o.prefix, o.n)
		plain, err := o.aead.Open(nil, nonce, ct, frameAAD(o.aad, o.n, false))
		if err != nil {
			plain, err = o.aead.Open(nil, nonce, ct, frameAAD(o.aad, o.n, true))
			if err != nil {
				return 0, fmt.Errorf("%w: frame %d is damaged or was altered", ErrBadBackup, o.n)
			}
			o.done = true
			var extra [1]byte
			if n, _ := o.r.Read(extra[:]); n > 0 {
				return 0, fmt.Errorf("%w: unexpected data after the end", ErrBadBackup)
			}
		}
		o.n++
		o.buf = plain
	}
	n := copy(p, o.buf)
	o.buf = o.buf[n:]
	return n, nil
}

func readBackupHeader(r io.Reader) (*backupHeader, []byte, error) {
	magic := make([]byte, len(backupMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != backupMagic {
		return nil, nil, fmt.Errorf("%w: it does not start like one", ErrBadBackup)
	}
	var size uint32
	if err := binary.Read(r, binary.BigEndian, &size); err != nil || size > maxHeader {
		return nil, nil, fmt.Errorf("%w: damaged header", ErrBadBackup)
	}
	hb := make([]byte, size)
	if _, err := io.ReadFull(r, hb); err != nil {
		return nil, nil, fmt.Errorf("%w: damaged header", ErrBadBackup)
	}
	var h backupHeader
	if err := json.Unmarshal(hb, &h); err != nil {
		return nil, nil, fmt.Errorf("%w: damaged header", ErrBadBackup)
	}
	if h.Version != backupVersion {
		return nil, nil, fmt.Errorf("backup format %d is newer than this Codebench: update Codebench", h.Version)
	}
	if len(h.NoncePrefix) != 4 || len(h.Salt) == 0 {
		return nil, nil, fmt.Errorf("%w: damaged header", ErrBadBackup)
	}
	return &h, hb, nil
}

// BackupUsers lists the users who can restore a backup, from its header.
func BackupUsers(r io.Reader) ([]string, error) {
	h, _, err := readBackupHeader(r)
	if err != nil {
		return nil, err
	}
	kf, err := parseKeyFile(h.KeyFile)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadBackup, err)
	}
	return kf.names(), nil
}

// Restore replaces the database in dir with the backup read from r,
// unlocked with user's passphrase as it was when the backup was made. It
// refuses to replace an existing database unless force is set, and the
// existing one is kept until the restored copy is complete.
func Restore(dir string, r io.Reader, user, passphrase string, force bool, opt *Options) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create the data folder: %w", wrapWrite(err))
	}
	lock, err := lockDir(dir)
	if err != nil {
		return err
	}
	locked := true
	defer func() {
		if locked {
			unlockDir(lock)
		}
	}()
	br := bufio.NewReader(r)
	h, hb, err := readBackupHeader(br)
	if err != nil {
		return err
	}
	return restoreLocked(dir, lock, &locked, h, hb, br, user, passphrase, force, opt)
}

func restoreLocked(dir string, lock *os.File, locked *bool, h *backupHeader, hb []byte, r io.Reader,
	user, passphrase string, force bool, opt *Options) error {
	// A restore killed earlier is finished first, so the checks below
	// see the folder as it really is.
	if err := recoverRestore(dir); err != nil {
		return err
	}
	kf, err := parseKeyFile(h.KeyFile)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrBadBackup, err)
	}
	if user == "" {
		user = kf.Users[0].Name
	}
	master, err := kf.unlock(user, passphrase)
	if err != nil {
		return err
	}
	dbDir := filepath.Join(dir, dbDirName)
	ents, _ := os.ReadDir(dbDir)
	if (Exists(dir) || len(ents) > 0) && !force {
		return fmt.Errorf("%s already has a Codebench database: restore with --force to replace it (back it up first)", dir)
	}
	aead, err := backupAEAD(master, h.Salt)
	if err != nil {
		return err
	}
	var o Options
	if opt != nil {
		o = *opt
	}
	if _, err := setAsideReplaced(dir); err != nil {
		return err
	}
	tmp := filepath.Join(dir, dbDirName+restoringSuffix)
	db, err := badger.Open(badgerOptions(tmp, master, o))
	if err != nil {
		return fmt.Errorf("restore: %w", wrapWrite(err))
	}
	lerr := db.Load(&openReader{r: r, aead: aead, prefix: h.NoncePrefix, aad: headerDigest(hb)}, 16)
	if cerr := db.Close(); lerr == nil {
		lerr = cerr
	}
	if lerr != nil {
		os.RemoveAll(tmp)
		if errors.Is(lerr, ErrBadBackup) {
			return fmt.Errorf("restore: %w; the current database was not touched", lerr)
		}
		return fmt.Errorf("restore: %w; the current database was not touched", wrapWrite(lerr))
	}
	faultPoint("loaded")
	keepAside, verr, err := carryAudit(dir, tmp, master, user, passphrase, h.Created, o)
	if err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("%w; the current database was not touched", err)
	}
	faultPoint("carried")
	if err := syncTree(tmp); err != nil {
		return fmt.Errorf("restore: %w; the current database was not touched", wrapWrite(err))
	}
	if err := writeFileAtomic(filepath.Join(dir, keyFileName+restoringSuffix), h.KeyFile); err != nil {
		return fmt.Errorf("restore: %w; the current database was not touched", err)
	}
	faultPoint("keys-written")
	// From here on the restore is finished by whoever opens the folder
	// next, whatever stops this process.
	j := restoreJournal{Version: 1, Backup: h.Created, KeepAside: keepAside}
	jb, err := json.Marshal(&j)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(filepath.Join(dir, restoreJournalName), jb); err != nil {
		return fmt.Errorf("restore: %w; the current database was not touched", err)
	}
	faultPoint("journal-written")
	if err := finishRestore(dir, &j); err != nil {
		return fmt.Errorf("restore: %w (the next start finishes it)", err)
	}
	faultPoint("done")
	s, err := openLocked(dir, lock, user, master, opt)
	if err != nil {
		return err
	}
	*locked = false // s owns the lock now
	return errors.Join(verr, s.Close())
}
