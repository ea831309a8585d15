package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"sort"

	"github.com/jackc/pgx/v5"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/storage"
)

// Favourite and recent codes, per user, sealed like everything else: the
// codes a coder uses most say what the practice's patients have. A
// favourite's row is keyed by a blind token of its code so starring the
// same code twice is one row.

func (s *Store) favouriteToken(c app.CodeRef) []byte {
	return s.token('f', string(c.System)+"\x00"+c.Code)
}

// Favourites lists the signed-in user's favourite codes, by system and code.
func (s *Store) Favourites() ([]app.CodeRef, error) {
	out, err := s.favourites(s.user)
	return out, err
}

func (s *Store) favourites(user string) ([]app.CodeRef, error) {
	var out []app.CodeRef
	err := s.read(func(ctx context.Context, tx pgx.Tx) error {
		rows, err := tx.Query(ctx, "SELECT token, value FROM shortcuts WHERE user_name = $1 AND kind = 'f'", user)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var token, v []byte
			if err := rows.Scan(&token, &v); err != nil {
				return err
			}
			c, err := s.openCodes(favouriteKey(user, token), v)
			if err != nil || len(c) != 1 {
				return ownf("the favourite codes of %s: a value %w", user, ErrDamaged)
			}
			out = append(out, c[0])
		}
		return rows.Err()
	})
	sort.Slice(out, func(i, j int) bool {
		if out[i].System != out[j].System {
			return out[i].System < out[j].System
		}
		return out[i].Code < out[j].Code
	})
	return out, err
}

func (s *Store) openCodes(key, v []byte) ([]app.CodeRef, error) {
	plain, err := s.seal.Open(key, v)
	if err != nil {
		return nil, err
	}
	var cs []app.CodeRef
	if err := json.Unmarshal(plain, &cs); err != nil {
		return nil, err
	}
	return cs, nil
}

func (s *Store) sealCodes(key []byte, cs []app.CodeRef) ([]byte, error) {
	b, err := json.Marshal(cs)
	if err != nil {
		return nil, err
	}
	return s.seal.Seal(key, b), nil
}

// SetFavourite stars (on) or unstars a code for the signed-in user.
func (s *Store) SetFavourite(c app.CodeRef, on bool) error {
	if c.System == "" || c.Code == "" {
		return errors.New("favourite: no code")
	}
	if s.isClosed() {
		return errClosed
	}
	ctx, cancel := s.opCtx()
	defer cancel()
	token := s.favouriteToken(c)
	if !on {
		_, err := s.pool.Exec(ctx, "DELETE FROM shortcuts WHERE user_name = $1 AND kind = 'f' AND token = $2", s.user, token)
		return safe(err)
	}
	v, err := s.sealCodes(favouriteKey(s.user, token), []app.CodeRef{c})
	if err != nil {
		return err
	}
	_, err = s.pool.Exec(ctx, `INSERT INTO shortcuts (user_name, kind, token, value) VALUES ($1, 'f', $2, $3)
		ON CONFLICT (user_name, kind, token) DO UPDATE SET value = $3`, s.user, token, v)
	return safe(err)
}

// RecentCodes lists the codes the signed-in user assigned most recently,
// newest first, each once, at most app.MaxRecentCodes.
func (s *Store) RecentCodes() ([]app.CodeRef, error) {
	var out []app.CodeRef
	err := s.read(func(ctx context.Context, tx pgx.Tx) error {
		var err error
		out, err = s.getRecent(ctx, tx, s.user, false)
		return err
	})
	return out, err
}

func (s *Store) getRecent(ctx context.Context, tx pgx.Tx, user string, forUpdate bool) ([]app.CodeRef, error) {
	q := "SELECT value FROM shortcuts WHERE user_name = $1 AND kind = 'r' AND token = ''"
	if forUpdate {
		q += " FOR UPDATE"
	}
	var v []byte
	err := tx.QueryRow(ctx, q, user).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	cs, err := s.openCodes(recentKey(user), v)
	if err != nil {
		return nil, ownf("the recent codes of %s: a value %w", user, ErrDamaged)
	}
	return cs, nil
}

// pushRecent puts added at the front of user's recent codes inside a
// record's save.
func (s *Store) pushRecent(ctx context.Context, tx pgx.Tx, user string, added []app.CodeRef) error {
	list, err := s.getRecent(ctx, tx, user, true)
	if err != nil {
		return err
	}
	return s.putRecent(ctx, tx, user, storage.PushRecent(list, added))
}

func (s *Store) putRecent(ctx context.Context, tx pgx.Tx, user string, list []app.CodeRef) error {
	v, err := s.sealCodes(recentKey(user), list)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO shortcuts (user_name, kind, token, value) VALUES ($1, 'r', '', $2)
		ON CONFLICT (user_name, kind, token) DO UPDATE SET value = $2`, user, v)
	return err
}
