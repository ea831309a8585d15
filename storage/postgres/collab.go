package postgres

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/storage"
)

// Leases and the change feed. A lease is a row naming the session that
// holds a record and until when, in the server's clock (workstations'
// clocks may disagree); one not renewed expires, so a workstation that
// dies frees its records. Saves announce themselves with NOTIFY in their
// own transaction, so other workstations hear of a change exactly when
// it is committed.

// Lease takes, or renews, this session's lease on a record for ttl.
func (s *Store) Lease(recordID string, ttl time.Duration) (app.Lease, error) {
	if recordID == "" {
		return app.Lease{}, errors.New("lease: no record id")
	}
	if s.isClosed() {
		return app.Lease{}, errClosed
	}
	ctx, cancel := s.opCtx()
	defer cancel()
	var l app.Lease
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		row := tx.QueryRow(ctx, `INSERT INTO leases (record_id, user_name, holder, since, expires)
			VALUES ($1, $2, $3, now(), now() + make_interval(secs => $4))
			ON CONFLICT (record_id) DO UPDATE SET user_name = EXCLUDED.user_name, holder = EXCLUDED.holder,
				since = CASE WHEN leases.holder = EXCLUDED.holder AND leases.expires > now() THEN leases.since ELSE now() END,
				expires = EXCLUDED.expires
			WHERE leases.holder = EXCLUDED.holder OR leases.expires <= now()
			RETURNING record_id, user_name, holder, since, expires`, recordID, s.user, s.holder, ttl.Seconds())
		err := row.Scan(&l.RecordID, &l.User, &l.Holder, &l.Since, &l.Expires)
		if !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		// Someone else's unexpired lease: the upsert's WHERE kept it.
		err = tx.QueryRow(ctx, "SELECT record_id, user_name, holder, since, expires FROM leases WHERE record_id = $1",
			recordID).Scan(&l.RecordID, &l.User, &l.Holder, &l.Since, &l.Expires)
		if err != nil {
			return err
		}
		return ownError{&app.LeasedError{Lease: l}}
	})
	l.Since, l.Expires = l.Since.UTC(), l.Expires.UTC()
	var le *app.LeasedError
	if errors.As(err, &le) {
		le.Lease = l
		return l, le
	}
	return l, safe(err)
}

// checkLease refuses a save to a record another session holds.
func (s *Store) checkLease(ctx context.Context, tx pgx.Tx, recordID string) error {
	var l app.Lease
	err := tx.QueryRow(ctx, `SELECT record_id, user_name, holder, since, expires FROM leases
		WHERE record_id = $1 AND holder <> $2 AND expires > now()`, recordID, s.holder).
		Scan(&l.RecordID, &l.User, &l.Holder, &l.Since, &l.Expires)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	l.Since, l.Expires = l.Since.UTC(), l.Expires.UTC()
	return ownError{&app.LeasedError{Lease: l}}
}

// Release gives up this session's lease on a record.
func (s *Store) Release(recordID string) error {
	if s.isClosed() {
		return errClosed
	}
	ctx, cancel := s.opCtx()
	defer cancel()
	_, err := s.pool.Exec(ctx, "DELETE FROM leases WHERE record_id = $1 AND holder = $2", recordID, s.holder)
	return safe(err)
}

// watchBuffer is how many changes a Watch channel holds before a slow
// reader is sent "reload everything" instead.
const watchBuffer = 64

// Watch reports every committed save, from any workstation, through
// LISTEN on a connection of its own. When that connection drops it
// reconnects (every second until it can) and sends a Change with an empty
// RecordID: changes made meanwhile were not heard, reload everything.
func (s *Store) Watch(ctx context.Context) (<-chan app.Change, error) {
	if s.isClosed() {
		return nil, errClosed
	}
	ctx, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(s.ctx, cancel)
	conn, err := s.listen(ctx)
	if err != nil {
		stop()
		cancel()
		return nil, safe(err)
	}
	out := make(chan app.Change, watchBuffer)
	go func() {
		defer close(out)
		defer stop()
		defer cancel()
		send := storage.ChangeSender(out)
		for {
			for conn == nil {
				select {
				case <-ctx.Done():
					return
				case <-time.After(time.Second):
				}
				if conn, _ = s.listen(ctx); conn != nil {
					send(app.Change{})
				}
			}
			n, err := conn.WaitForNotification(ctx)
			if err != nil {
				cctx, ccancel := context.WithTimeout(context.Background(), time.Second)
				conn.Close(cctx)
				ccancel()
				conn = nil
				if ctx.Err() != nil {
					return
				}
				continue
			}
			id, v, _ := strings.Cut(n.Payload, " ")
			version, _ := strconv.ParseUint(v, 10, 64)
			send(app.Change{RecordID: id, Version: version})
		}
	}()
	return out, nil
}

// listen opens a connection outside the pool and LISTENs on it.
func (s *Store) listen(ctx context.Context) (*pgx.Conn, error) {
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	conn, err := pgx.ConnectConfig(cctx, s.cfg.ConnConfig.Copy())
	if err != nil {
		return nil, err
	}
	if _, err := conn.Exec(cctx, "LISTEN "+changesChannel); err != nil {
		conn.Close(cctx)
		return nil, err
	}
	return conn, nil
}
