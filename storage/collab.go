package storage

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"sync"
	"time"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/pb"

	"github.com/codebench/codebench/app"
)

// Leases and the change feed of the Badger store. A data folder is open in
// one process at a time (the folder lock), so every lease on it is held by
// that process's session: leases live in memory, are always granted to
// it, and vanish with the process, which is exactly "expires when the
// holder dies". They matter on a shared PostgreSQL store; here they keep
// the same contract so the window and the command line need not know
// which store they have. Record versions (app.ErrStale) are kept in the
// record value itself and checked in the saving transaction.

// leases is the lease table of one open store.
type leases struct {
	mu     sync.Mutex
	holder string // this session's id
	held   map[string]app.Lease

	// watches ends every Watch when the store closes: Badger registers a
	// subscription on the Watch's goroutine, and one registered after the
	// database closed would never end.
	watchMu sync.Mutex
	watches []context.CancelFunc
	ended   bool // the store closed: no new Watch
}

// endWatches ends every Watch's feed; Close calls it first.
func (l *leases) endWatches() {
	l.watchMu.Lock()
	defer l.watchMu.Unlock()
	for _, c := range l.watches {
		c()
	}
	l.watches, l.ended = nil, true
}

// Location is the data folder.
func (s *Store) Location() string { return s.dir }

// MasterKey is a copy of the key the database is encrypted with (for
// store copy only).
func (s *Store) MasterKey() []byte { return append([]byte(nil), s.master...) }

// Lease takes or renews this session's lease on a record. On a data
// folder no other session can hold one, so it always succeeds.
func (s *Store) Lease(recordID string, ttl time.Duration) (app.Lease, error) {
	if recordID == "" {
		return app.Lease{}, errors.New("lease: no record id")
	}
	l := &s.leases
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.holder == "" {
		b := make([]byte, 8)
		_, _ = rand.Read(b)
		l.holder = hex.EncodeToString(b)
		l.held = map[string]app.Lease{}
	}
	now := time.Now().UTC()
	ls, ok := l.held[recordID]
	if !ok || now.After(ls.Expires) {
		ls = app.Lease{RecordID: recordID, User: s.user, Holder: l.holder, Since: now}
	}
	ls.Expires = now.Add(ttl)
	l.held[recordID] = ls
	return ls, nil
}

// Release gives up this session's lease on a record.
func (s *Store) Release(recordID string) error {
	l := &s.leases
	l.mu.Lock()
	delete(l.held, recordID)
	l.mu.Unlock()
	return nil
}

// watchBuffer is how many changes a Watch channel holds before a slow
// reader is sent "reload everything" instead.
const watchBuffer = 64

// Watch reports every saved record through Badger's subscription to the
// record prefix. Badger registers the subscription on its own goroutine:
// a save in the moment Watch returns may be missed, which the window
// covers by loading the worklist after it starts watching.
func (s *Store) Watch(ctx context.Context) (<-chan app.Change, error) {
	ctx, cancel := context.WithCancel(ctx)
	s.leases.watchMu.Lock()
	if s.leases.ended {
		s.leases.watchMu.Unlock()
		cancel()
		return nil, errors.New("the database is closed")
	}
	s.leases.watches = append(s.leases.watches, cancel)
	s.leases.watchMu.Unlock()
	out := make(chan app.Change, watchBuffer)
	go func() {
		defer cancel()
		defer close(out)
		send := ChangeSender(out)
		// Subscribe returns when ctx is done or the database closes.
		_ = s.db.Subscribe(ctx, func(kvs *badger.KVList) error {
			for _, kv := range kvs.Kv {
				b, deleted, err := s.openKV(kv)
				if deleted {
					continue
				}
				var v struct {
					Version uint64 `json:"version"`
				}
				if err == nil && len(b) > 0 {
					_ = json.Unmarshal(b[1:], &v)
				}
				// A value that does not open is still a change: the
				// record is reloaded, and its load reports the damage.
				send(app.Change{RecordID: string(kv.Key[len(prefixRecord):]), Version: v.Version})
			}
			return nil
		}, []pb.Match{{Prefix: []byte(prefixRecord)}})
	}()
	return out, nil
}

// ChangeSender returns the send of a change feed onto out, shared by both
// stores: a change that finds out full is dropped and the next one that
// fits is preceded by app.Change{} ("reload everything"), so a slow reader
// never holds up the store and always learns it missed something.
func ChangeSender(out chan<- app.Change) func(app.Change) {
	missed := false
	return func(c app.Change) {
		if missed {
			select {
			case out <- app.Change{}:
				missed = false
			default:
				return
			}
		}
		select {
		case out <- c:
		default:
			missed = true
		}
	}
}
