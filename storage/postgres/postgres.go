// Package postgres keeps a practice's Codebench store in a shared
// PostgreSQL database, so that several workstations code from one
// worklist. It implements storage.Backend, as the Badger store does, and
// is chosen by a postgres:// connection string instead of a data folder.
//
// The server never sees patient data in plain text: every record, note,
// original file, audit detail and code shortcut is sealed on the
// workstation with the practice's master key (storage/internal/seal)
// before it is sent, and the master key is kept wrapped per user with
// argon2id exactly as keys.json does (storage/internal/keywrap). The
// worklist filters and sorts in SQL on the few columns left in clear
// (schema.go) and searches MRNs, account numbers and names through keyed
// blind-index tokens (crypt.go). Every write takes the audit head's row
// lock first and appends its audit entries in the same transaction, so
// the hash-chained trail is one chain across all workstations.
package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/storage"
	"github.com/codebench/codebench/storage/internal/keywrap"
	"github.com/codebench/codebench/storage/internal/seal"
)

// Options tune how a store is opened. The zero value is right for the
// shipped program.
type Options struct {
	// KDF is the argon2id cost for new users and changed passphrases;
	// zero means storage.DefaultKDF. Tests use a cheap one.
	KDF storage.KDF
	// Timeout bounds one call to the server (a save of a large note
	// included); zero means two minutes.
	Timeout time.Duration
	// MaxConns is the size of the connection pool; zero means 4.
	MaxConns int32
}

func (o Options) kdf() storage.KDF {
	if o.KDF == (storage.KDF{}) {
		return storage.DefaultKDF
	}
	return o.KDF
}

// Store is a session on a shared PostgreSQL database: one signed-in user
// on one workstation. Its methods are safe for concurrent use.
type Store struct {
	pool     *pgxpool.Pool
	cfg      *pgxpool.Config
	user     string
	master   []byte
	seal     *seal.Sealer
	blind    []byte
	opt      Options
	holder   string // this session's lease holder id
	location string

	ctx    context.Context // cancelled by Close: ends Watch
	cancel context.CancelFunc

	mu     sync.Mutex
	closed bool
}

// IsDSN reports whether s names a PostgreSQL database (a postgres:// or
// postgresql:// URL) rather than a data folder.
func IsDSN(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// connect opens a pool on dsn and brings the schema up to date (creating
// it when create is set).
func connect(dsn string, opt Options, create bool) (*pgxpool.Pool, *pgxpool.Config, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// pgx's message can quote the connection string, password included.
		return nil, nil, errors.New("the connection string is not valid: use postgres://ROLE@HOST/DATABASE?sslmode=verify-full")
	}
	cfg.MaxConns = opt.MaxConns
	if cfg.MaxConns == 0 {
		cfg.MaxConns = 4
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = 10 * time.Second
	}
	ctx, cancel := context.WithTimeout(context.Background(), opt.timeout())
	defer cancel()
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, nil, safe(err)
	}
	conn, err := pool.Acquire(ctx)
	if err != nil {
		pool.Close()
		return nil, nil, safe(err)
	}
	err = migrate(ctx, conn.Conn(), create)
	conn.Release()
	if err != nil {
		pool.Close()
		return nil, nil, safe(err)
	}
	return pool, cfg, nil
}

func (o Options) timeout() time.Duration {
	if o.Timeout > 0 {
		return o.Timeout
	}
	return 2 * time.Minute
}

func newStore(pool *pgxpool.Pool, cfg *pgxpool.Config, user string, master []byte, opt Options) (*Store, error) {
	sl, err := seal.New(master)
	if err != nil {
		return nil, err
	}
	bk, err := blindKey(master)
	if err != nil {
		return nil, err
	}
	h := make([]byte, 8)
	_, _ = rand.Read(h)
	s := &Store{pool: pool, cfg: cfg, user: user, master: master, seal: sl, blind: bk, opt: opt,
		holder: hex.EncodeToString(h), location: location(cfg)}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	return s, nil
}

// location names the database for a person: host and database, never the
// password.
func location(cfg *pgxpool.Config) string {
	c := cfg.ConnConfig
	host := c.Host
	if c.Port != 0 && c.Port != 5432 {
		host += ":" + strconv.Itoa(int(c.Port))
	}
	return "postgres://" + c.User + "@" + host + "/" + c.Database
}

// Create sets up a new practice store in the (empty) database dsn names,
// with user as its first user, and signs in. A database that already
// has Codebench users returns storage.ErrExists.
func Create(dsn, user, passphrase string, opt *Options) (*Store, error) {
	var o Options
	if opt != nil {
		o = *opt
	}
	if err := keywrap.CheckUserName(user); err != nil {
		return nil, err
	}
	if err := keywrap.CheckPassphrase(passphrase); err != nil {
		return nil, err
	}
	master, err := keywrap.NewMasterKey()
	if err != nil {
		return nil, err
	}
	u, err := keywrap.Wrap(user, passphrase, master, o.kdf())
	if err != nil {
		return nil, err
	}
	pool, cfg, err := connect(dsn, o, true)
	if err != nil {
		return nil, err
	}
	s, err := newStore(pool, cfg, user, master, o)
	if err != nil {
		pool.Close()
		return nil, err
	}
	entry, err := json.Marshal(&u)
	if err != nil {
		s.Close()
		return nil, err
	}
	err = s.write(func(ctx context.Context, tx pgx.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, "SELECT count(*) FROM users").Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return ownf("a Codebench store %w in this database: open it instead", storage.ErrExists)
		}
		_, err := tx.Exec(ctx, "INSERT INTO users (name, entry) VALUES ($1, $2)", user, entry)
		return err
	}, app.AuditEvent{Action: app.AuditUserAdded, Detail: "first user " + user}, app.AuditEvent{Action: app.AuditLogin})
	if err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Open signs user in to the practice store in dsn. A wrong passphrase, or
// a name that is not a user, returns an error wrapping
// storage.ErrWrongPassphrase (the same for both) and writes nothing.
func Open(dsn, user, passphrase string, opt *Options) (*Store, error) {
	var o Options
	if opt != nil {
		o = *opt
	}
	pool, cfg, err := connect(dsn, o, false)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), o.timeout())
	defer cancel()
	u, err := readUser(ctx, pool, user)
	if errors.Is(err, storage.ErrUnknownUser) {
		// Sign-in does not tell whether the name is a user.
		err = keywrap.UnknownUser(passphrase, o.kdf())
	}
	if err != nil {
		pool.Close()
		return nil, err
	}
	master, err := u.Unlock(passphrase)
	if err != nil {
		pool.Close()
		return nil, err
	}
	s, err := newStore(pool, cfg, user, master, o)
	if err != nil {
		pool.Close()
		return nil, err
	}
	if err := s.Audit(app.AuditEvent{Action: app.AuditLogin}); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

func readUser(ctx context.Context, q querier, name string) (keywrap.User, error) {
	var u keywrap.User
	var entry []byte
	err := q.QueryRow(ctx, "SELECT entry FROM users WHERE name = $1", name).Scan(&entry)
	if errors.Is(err, pgx.ErrNoRows) {
		names, err := userNames(ctx, q)
		if err != nil {
			return u, err
		}
		if len(names) == 0 {
			// Set up, but the first user was never added (a create cut short).
			return u, fmt.Errorf("%w: create the first user to set it up", storage.ErrNoDatabase)
		}
		return u, fmt.Errorf("%w %q: users are %s", storage.ErrUnknownUser, name, strings.Join(names, ", "))
	}
	if err != nil {
		return u, safe(err)
	}
	if err := json.Unmarshal(entry, &u); err != nil || u.Name != name {
		return u, fmt.Errorf("user %s: the key entry in the shared database is damaged: restore it from a backup", name)
	}
	return u, nil
}

func userNames(ctx context.Context, q querier) ([]string, error) {
	rows, err := q.Query(ctx, "SELECT name FROM users ORDER BY added")
	if err != nil {
		return nil, safe(err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	return names, safe(err)
}

// Users lists the users of the practice store in dsn, in the order they
// were added, without signing in (the sign-in screen). A database without
// the store returns storage.ErrNoDatabase.
func Users(dsn string, opt *Options) ([]string, error) {
	var o Options
	if opt != nil {
		o = *opt
	}
	pool, _, err := connect(dsn, o, false)
	if err != nil {
		return nil, err
	}
	defer pool.Close()
	ctx, cancel := context.WithTimeout(context.Background(), o.timeout())
	defer cancel()
	return userNames(ctx, pool)
}

// User is the signed-in user every change is attributed to.
func (s *Store) User() string { return s.user }

// Location names the database: user, host and database, never the password.
func (s *Store) Location() string { return s.location }

// MasterKey is a copy of the practice's master key (store copy only).
func (s *Store) MasterKey() []byte { return append([]byte(nil), s.master...) }

// Close releases this session's leases, ends its Watch feeds and closes
// its connections.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	s.cancel()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// A lease left behind expires anyway; releasing it frees the record now.
	_, err := s.pool.Exec(ctx, "DELETE FROM leases WHERE holder = $1", s.holder)
	s.pool.Close()
	return safe(err)
}

func (s *Store) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

var errClosed = errors.New("the database is closed")

// opCtx bounds one call to the server.
func (s *Store) opCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(s.ctx, s.opt.timeout())
}

// read runs fn in a read-only, repeatable-read transaction: one
// consistent snapshot. A connection lost on the way (a server restart)
// is retried on another.
func (s *Store) read(fn func(ctx context.Context, tx pgx.Tx) error) error {
	return s.run(pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, fn)
}

// write runs fn and appends events to the audit trail in one transaction:
// the change and its audit entries are committed together or not at all.
// It takes the audit head's row lock before fn runs, so the writes of all
// workstations are applied one at a time and the chain stays linear.
//
// A connection lost before the commit was sent rolled the transaction
// back on the server, so the whole transaction is run again on another
// connection: fn must start from the caller's values each time. One lost
// while the commit was on its way leaves its outcome unknown and returns
// ErrCommitUnknown.
func (s *Store) write(fn func(ctx context.Context, tx pgx.Tx) error, events ...app.AuditEvent) error {
	return s.run(pgx.TxOptions{}, func(ctx context.Context, tx pgx.Tx) error {
		var head auditHead
		if err := tx.QueryRow(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE").Scan(&head.Seq, &head.Hash); err != nil {
			return err
		}
		if fn != nil {
			if err := fn(ctx, tx); err != nil {
				return err
			}
		}
		return s.appendAudit(ctx, tx, head, events)
	})
}

// retryDelays are the pauses before running a transaction again after
// its connection was lost (a server restart, a dropped network).
var retryDelays = []time.Duration{50 * time.Millisecond, 500 * time.Millisecond, 2 * time.Second}

func (s *Store) run(opts pgx.TxOptions, fn func(ctx context.Context, tx pgx.Tx) error) error {
	if s.isClosed() {
		return errClosed
	}
	ctx, cancel := s.opCtx()
	defer cancel()
	for attempt := 0; ; attempt++ {
		committing, err := s.runOnce(ctx, opts, fn)
		if err == nil {
			return nil
		}
		if committing && !pgconn.SafeToRetry(err) && lostConnection(err) {
			return ErrCommitUnknown
		}
		if !lostConnection(err) || attempt == len(retryDelays) || ctx.Err() != nil {
			return safe(err)
		}
		select {
		case <-ctx.Done():
			return safe(err)
		case <-time.After(retryDelays[attempt]):
		}
	}
}

// runOnce runs fn in one transaction and reports whether a failure came
// from the commit.
func (s *Store) runOnce(ctx context.Context, opts pgx.TxOptions, fn func(ctx context.Context, tx pgx.Tx) error) (committing bool, err error) {
	tx, err := s.pool.BeginTx(ctx, opts)
	if err != nil {
		return false, err
	}
	if err := fn(ctx, tx); err != nil {
		rctx, rcancel := context.WithTimeout(context.Background(), 5*time.Second)
		_ = tx.Rollback(rctx)
		rcancel()
		return false, err
	}
	return true, tx.Commit(ctx)
}

// AddUser gives another person their own passphrase to the store.
func (s *Store) AddUser(name, passphrase string) error {
	if err := keywrap.CheckUserName(name); err != nil {
		return err
	}
	u, err := keywrap.Wrap(name, passphrase, s.master, s.opt.kdf())
	if err != nil {
		return err
	}
	entry, err := json.Marshal(&u)
	if err != nil {
		return err
	}
	return s.write(func(ctx context.Context, tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, "INSERT INTO users (name, entry) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING", name, entry)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return ownf("user %s %w", name, storage.ErrExists)
		}
		return nil
	}, app.AuditEvent{Action: app.AuditUserAdded, Detail: "user " + name})
}

// Users lists the store's users in the order they were added.
func (s *Store) Users() ([]string, error) {
	ctx, cancel := s.opCtx()
	defer cancel()
	return userNames(ctx, s.pool)
}

// ChangePassphrase re-wraps the master key for the signed-in user under a
// new passphrase; the data is not rewritten.
func (s *Store) ChangePassphrase(old, new string) error {
	if err := keywrap.CheckPassphrase(new); err != nil {
		return err
	}
	return s.write(func(ctx context.Context, tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT 1 FROM users WHERE name = $1 FOR UPDATE", s.user); err != nil {
			return err
		}
		u, err := readUser(ctx, tx, s.user)
		if err != nil {
			return ownError{err}
		}
		if _, err := u.Unlock(old); err != nil {
			return ownError{err}
		}
		nu, err := keywrap.Wrap(s.user, new, s.master, s.opt.kdf())
		if err != nil {
			return ownError{err}
		}
		nu.Created, nu.Changed = u.Created, time.Now().UTC()
		entry, err := json.Marshal(&nu)
		if err != nil {
			return ownError{err}
		}
		_, err = tx.Exec(ctx, "UPDATE users SET entry = $2 WHERE name = $1", s.user, entry)
		return err
	}, app.AuditEvent{Action: app.AuditPassphraseChanged, Detail: "user " + s.user})
}

// CheckPassphrase reports whether passphrase unlocks the signed-in user,
// changing nothing.
func (s *Store) CheckPassphrase(passphrase string) error {
	ctx, cancel := s.opCtx()
	defer cancel()
	u, err := readUser(ctx, s.pool, s.user)
	if err != nil {
		return err
	}
	_, err = u.Unlock(passphrase)
	return err
}

// NextID hands out the next id of a kind: "R" gives R000001, R000002...
// The sequence row's lock makes it unique across workstations.
func (s *Store) NextID(kind string) (string, error) {
	if s.isClosed() {
		return "", errClosed
	}
	ctx, cancel := s.opCtx()
	defer cancel()
	var n int64
	err := s.pool.QueryRow(ctx, `INSERT INTO sequences (kind, n) VALUES ($1, 1)
		ON CONFLICT (kind) DO UPDATE SET n = sequences.n + 1 RETURNING n`, kind).Scan(&n)
	if err != nil {
		return "", safe(err)
	}
	return fmt.Sprintf("%s%06d", kind, n), nil
}

// Store is a storage.Backend.
var _ storage.Backend = (*Store)(nil)
