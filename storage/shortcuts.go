package storage

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/codebench/codebench/app"
)

// Favourite codes, recent codes and the records of one patient: what the
// coding panel offers when its search box is empty. Keys are in keys.go.

func favouriteKey(user string, sys app.System, code string) []byte {
	return []byte(prefixFavourite + user + "\x00" + string(sys) + "\x00" + code)
}

func favouritePrefix(user string) []byte { return []byte(prefixFavourite + user + "\x00") }

func recentKey(user string) []byte { return []byte(prefixRecent + user) }

// Favourites lists the signed-in user's favourite codes, by system and code.
func (s *Store) Favourites() ([]app.CodeRef, error) {
	var out []app.CodeRef
	err := s.view(func(txn *tx) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: favouritePrefix(s.user), PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			v, err := txn.open(it.Item())
			if err != nil {
				return err
			}
			var c app.CodeRef
			if err := decode(v, &c); err != nil {
				return fmt.Errorf("favourite codes: %w", err)
			}
			out = append(out, c)
		}
		return nil
	})
	return out, err
}

// SetFavourite stars (on) or unstars a code for the signed-in user.
func (s *Store) SetFavourite(c app.CodeRef, on bool) error {
	if c.System == "" || c.Code == "" {
		return errors.New("favourite: no code")
	}
	k := favouriteKey(s.user, c.System, c.Code)
	return s.update(func(txn *tx) error {
		if !on {
			return txn.Delete(k)
		}
		v, err := encode(&c)
		if err != nil {
			return err
		}
		return txn.set(k, v)
	})
}

// RecentCodes lists the codes the signed-in user assigned most recently,
// newest first, each once, at most app.MaxRecentCodes.
func (s *Store) RecentCodes() ([]app.CodeRef, error) {
	var out []app.CodeRef
	err := s.view(func(txn *tx) error {
		var err error
		out, err = getRecent(txn, s.user)
		return err
	})
	return out, err
}

func getRecent(txn *tx, user string) ([]app.CodeRef, error) {
	v, err := txn.get(recentKey(user))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []app.CodeRef
	if err := decode(v, &out); err != nil {
		return nil, fmt.Errorf("recent codes: %w", err)
	}
	return out, nil
}

// rememberAssigned puts the codes that rec has and old had not (a new
// assignment, or a code put in place of another) at the front of the
// recent codes of the user who assigned them, in the transaction that
// saves rec: the list cannot miss an assignment or hold one that was not
// saved.
func rememberAssigned(txn *tx, user string, old, rec *app.Record) error {
	for u, added := range NewlyAssigned(user, old, rec) {
		list, err := getRecent(txn, u)
		if err != nil {
			return err
		}
		list = pushRecent(list, added)
		v, err := encode(&list)
		if err != nil {
			return err
		}
		if err := txn.set(recentKey(u), v); err != nil {
			return err
		}
	}
	return nil
}

// pushRecent puts added at the front of list (the last added first),
// drops older copies of the same codes and keeps app.MaxRecentCodes.
func pushRecent(list, added []app.CodeRef) []app.CodeRef {
	out := make([]app.CodeRef, 0, len(list)+len(added))
	seen := map[string]bool{}
	for i := len(added) - 1; i >= 0; i-- {
		k := string(added[i].System) + "\x00" + added[i].Code
		if !seen[k] {
			seen[k] = true
			out = append(out, added[i])
		}
	}
	for _, c := range list {
		k := string(c.System) + "\x00" + c.Code
		if !seen[k] {
			seen[k] = true
			out = append(out, c)
		}
	}
	if len(out) > app.MaxRecentCodes {
		out = out[:app.MaxRecentCodes]
	}
	return out
}

// RecordsByMRN loads every record of the patient with this MRN (compared
// without regard to case, as the worklist does), newest date of service
// first.
func (s *Store) RecordsByMRN(mrn string) ([]*app.Record, error) {
	t := term(mrn)
	if t == "" {
		return nil, nil
	}
	var out []*app.Record
	err := s.view(func(txn *tx) error {
		ids := map[string]bool{}
		// The NUL after the MRN makes the prefix an exact match.
		if err := scanIDs(txn, []byte(prefixMRN+t+"\x00"), ids); err != nil {
			return err
		}
		for id := range ids {
			r, err := getRecord(txn, id)
			if err != nil {
				return err
			}
			if strings.EqualFold(strings.TrimSpace(r.Patient.MRN), strings.TrimSpace(mrn)) {
				out = append(out, r)
			}
		}
		return nil
	})
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if !a.Encounter.Service.Equal(b.Encounter.Service) {
			return a.Encounter.Service.After(b.Encounter.Service)
		}
		return a.ID > b.ID
	})
	return out, err
}
