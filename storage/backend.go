package storage

import (
	"context"
	"errors"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/storage/internal/keywrap"
)

// Backend is a Codebench store, whichever engine keeps it: the embedded
// Badger database in a data folder (*Store: the default, and the
// reference every other backend is tested against) or a practice's shared
// PostgreSQL database (storage/postgres). The window and the command line
// use a store only through this interface (workstation.Session.Store).
//
// Every method is safe for concurrent use. Every write is synced before it
// returns ("acknowledged") and carries its audit events in the same
// transaction: a change and its audit entries are saved together or not at
// all, and the audit trail is one hash chain, without forks, however many
// sessions append to it.
type Backend interface {
	// User is the signed-in user every change is attributed to.
	User() string
	// Location names the store for a person: the data folder, or the
	// database's host and name (never its password).
	Location() string
	// Close ends the session: leases it holds are released, its Watch
	// channels closed.
	Close() error

	// NextID hands out the next id of a kind: "R" gives R000001, R000002...,
	// never the same one twice, to any session.
	NextID(kind string) (string, error)
	// Record loads one record, with the Version it was stored at;
	// app.ErrNotFound if there is none.
	Record(id string) (*app.Record, error)
	// SaveRecord writes rec (new or changed), its worklist entry and the
	// audit events. rec.Version must be the stored version (0 for a new
	// record); otherwise nothing is saved and the error wraps app.ErrStale.
	// A record whose lease another session holds is refused with an
	// *app.LeasedError. On success rec.Version is the new stored version.
	SaveRecord(rec *app.Record, events ...app.AuditEvent) error
	// SaveNote writes a note, its original file byte for byte and the
	// record that lists it, under SaveRecord's version and lease rules.
	SaveNote(rec *app.Record, n *app.Note, original []byte, events ...app.AuditEvent) error
	// Note loads a note with its pages.
	Note(id string) (*app.Note, error)
	// NoteOriginal returns a note's original file exactly as it was added.
	NoteOriginal(id string) ([]byte, error)
	// List answers the worklist.
	List(f app.ListFilter) (app.Worklist, error)
	// RecordsByMRN lists every record of the patient with this MRN.
	RecordsByMRN(mrn string) ([]*app.Record, error)

	// Favourites, SetFavourite and RecentCodes are the signed-in user's
	// code shortcuts.
	Favourites() ([]app.CodeRef, error)
	SetFavourite(c app.CodeRef, on bool) error
	RecentCodes() ([]app.CodeRef, error)

	// Audit appends events that change no record (login, lock, printed).
	Audit(events ...app.AuditEvent) error
	// AuditLog returns the entries about recordID, oldest first, or every
	// entry for "".
	AuditLog(recordID string) ([]app.AuditEntry, error)
	// VerifyAudit walks the whole trail and checks every link; a broken
	// chain returns an error wrapping ErrAuditBroken.
	VerifyAudit() (AuditReport, error)

	// Users lists the store's users in the order they were added.
	Users() ([]string, error)
	// AddUser gives another person their own passphrase to the store.
	AddUser(name, passphrase string) error
	// ChangePassphrase re-wraps the master key for the signed-in user.
	ChangePassphrase(old, new string) error
	// CheckPassphrase reports whether passphrase unlocks the signed-in
	// user, changing nothing (the window's lock screen).
	CheckPassphrase(passphrase string) error

	// Lease takes, or renews, this session's lease on a record for ttl
	// from now and returns it. When another session holds an unexpired
	// lease it returns that lease and an *app.LeasedError (errors.Is
	// app.ErrLeased), and takes nothing. A lease not renewed expires, so a
	// workstation that dies frees its records within ttl.
	Lease(recordID string, ttl time.Duration) (app.Lease, error)
	// Release gives up this session's lease on a record; releasing one it
	// does not hold is not an error.
	Release(recordID string) error
	// Watch reports every saved change to a record, from any session
	// (this one's included), until ctx is done or the store is closed,
	// when the channel is closed. A consumer that falls behind may miss
	// changes; it is then sent a Change with an empty RecordID, meaning
	// "reload everything".
	Watch(ctx context.Context) (<-chan app.Change, error)

	// Export calls fn with everything the store holds, for `store copy`:
	// users (their wrapped keys), id sequences, records, notes with their
	// originals, favourite and recent codes, and the audit trail in order,
	// in that order. It reads one consistent snapshot where the engine has
	// them. An error from fn stops it and is returned.
	Export(fn func(Item) error) error
	// MasterKey is the key every value is encrypted with. Only `store
	// copy` asks for it, to create the target under the same key so the
	// users' wrapped keys carry over unchanged where the target's format
	// holds them (see UserKey).
	MasterKey() []byte
}

// Importer writes a copied store into an empty target: Put every Item an
// Export gives, in its order, then Finish. The target is not a usable
// store until Finish returns nil.
type Importer interface {
	// Put writes one item; it may keep it until a batch is full.
	Put(it Item) error
	// Finish writes what is left, rebuilds what is derived (worklist
	// indexes, counts, the audit head), checks the audit chain and closes
	// the target.
	Finish() error
	// Abort gives up: the target is closed and must not be used. Calling
	// it after Finish does nothing.
	Abort() error
}

// ItemKind says what an Item of a store copy holds.
type ItemKind int

// Kinds of items, in the order Export gives them.
const (
	ItemUser      ItemKind = iota + 1 // Key
	ItemSequence                      // SeqKind, Seq
	ItemRecord                        // Record, Version kept
	ItemNote                          // Note, Original
	ItemFavourite                     // User, Codes (one code)
	ItemRecent                        // User, Codes (newest first)
	ItemAudit                         // Audit, written as it is: same Seq, time, user, hashes
)

func (k ItemKind) String() string {
	switch k {
	case ItemUser:
		return "users"
	case ItemSequence:
		return "id sequences"
	case ItemRecord:
		return "records"
	case ItemNote:
		return "notes"
	case ItemFavourite:
		return "favourite codes"
	case ItemRecent:
		return "recent-code lists"
	case ItemAudit:
		return "audit entries"
	}
	return "unknown items"
}

// Item is one thing a store holds, as a store copy moves it. Only the
// fields of its Kind are set.
type Item struct {
	Kind     ItemKind
	Key      UserKey // ItemUser
	SeqKind  string  // ItemSequence: "R", "N", ...
	Seq      uint64  // ItemSequence: the last id handed out
	Record   *app.Record
	Note     *app.Note
	Original []byte // ItemNote: the original file, byte for byte
	User     string // ItemFavourite, ItemRecent
	Codes    []app.CodeRef
	Audit    *app.AuditEntry

	// badger is the user's keys.json entry as the Badger store keeps it
	// (ItemUser from a data folder): a copy into another data folder
	// writes it unchanged, role, state and key pair included.
	badger *keyUser
}

// UserKey is one user's wrapped copy of the master key in the format
// both engines read (storage/internal/keywrap, "v1"): the argon2id salt
// and cost and the AES-256-GCM-wrapped master key. The PostgreSQL store
// keeps its users so; the Badger store keeps version 2 entries (a key
// pair per user, keys.json) and reads version 1 ones. An ItemUser whose
// Key has no Wrapped key comes from a version 2 entry, which cannot be
// turned into this format without the user's passphrase: a PostgreSQL
// target refuses it with ErrKeyNotPortable.
type UserKey = keywrap.User

// ErrKeyNotPortable means a store copy cannot carry a user's key into the
// target's format (a data folder's version 2 entry into a shared
// database): the user must be added again on the target.
var ErrKeyNotPortable = errors.New("the user's key cannot be carried over to this kind of store")

// Portable reports whether the user's key is in the format every engine
// reads.
func (it Item) Portable() bool { return len(it.Key.Wrapped) > 0 }

// NewMasterKey makes a new random master key for a new store.
func NewMasterKey() ([]byte, error) { return newMasterKey() }

// WrapKey wraps master for user under passphrase at the given cost (zero
// means DefaultKDF) in the format every engine reads. It refuses a
// passphrase too short or a bad user name.
func WrapKey(user, passphrase string, master []byte, kdf KDF) (UserKey, error) {
	if err := keywrap.CheckUserName(user); err != nil {
		return UserKey{}, err
	}
	if kdf == (KDF{}) {
		kdf = DefaultKDF
	}
	return keywrap.Wrap(user, passphrase, master, kdf)
}

// CheckPassphrase refuses a passphrase too short to protect patient data.
func CheckPassphrase(p string) error { return checkPassphrase(p) }

// CheckUserName refuses a user name that is empty, over 64 characters or
// not on one line.
func CheckUserName(name string) error { return keywrap.CheckUserName(name) }

// AuditHash is the hash an audit entry must carry: SHA-256 over every
// other field. Every backend chains entries with it, so a trail copied
// from one engine to another verifies in both.
func AuditHash(e *app.AuditEntry) string { return entryHash(e) }

// AuditGenesis is the Prev of the first audit entry.
func AuditGenesis() string { return genesis }

// Backend is what both faces use; the Badger store is one.
var _ Backend = (*Store)(nil)
