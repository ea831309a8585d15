package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/storage"
	"github.com/codebench/codebench/storage/internal/seal"
)

// Errors of the PostgreSQL store; callers test them with errors.Is. The
// store's other errors are storage's and app's sentinels.
var (
	// ErrUnreachable means the server could not be reached or stopped
	// answering. A write in progress was not saved.
	ErrUnreachable = errors.New("the shared database cannot be reached: check the network and that the PostgreSQL server is running; nothing was saved")
	// ErrCommitUnknown means the connection was lost while a save was
	// being committed: the server may or may not have applied it.
	ErrCommitUnknown = errors.New("the connection to the shared database was lost while saving: the change may or may not have been saved; reload the record to see which, and apply it again if it is missing")
	// ErrRefused means the server refused the connection's role or password.
	ErrRefused = errors.New("the shared database refused the connection: check the role and password in the connection string")
	// ErrDamaged means a sealed value does not open: it was changed, cut
	// short or moved to another row on the server.
	ErrDamaged = errors.New("is damaged on the server (a stored value does not match its key): restore it from a backup")
)

// ownError marks an error the store's own code made: its text names ids
// and counts, never values, and is shown as it is. Every other error
// (pgx's, the server's) is replaced by safe, since its text can quote
// the SQL's parameters, which hold patient details.
type ownError struct{ err error }

func (e ownError) Error() string { return e.err.Error() }
func (e ownError) Unwrap() error { return e.err }

func ownf(format string, a ...any) error { return ownError{fmt.Errorf(format, a...)} }

// safe turns any error into one whose text can be shown to a coder and
// logged: the store's own errors pass, the server's and the driver's
// become a sentinel with the SQLSTATE code (a number, never a value).
func safe(err error) error {
	if err == nil {
		return nil
	}
	var own ownError
	if errors.As(err, &own) {
		return own.err
	}
	for _, s := range []error{app.ErrStale, app.ErrLeased, app.ErrNotFound, storage.ErrAuditBroken,
		storage.ErrWrongPassphrase, storage.ErrUnknownUser, storage.ErrNoDatabase, storage.ErrExists,
		storage.ErrTooLarge, ErrUnreachable, ErrRefused, ErrCommitUnknown} {
		if errors.Is(err, s) && !isDriverError(err) {
			return err
		}
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch {
		case pgErr.Code == "53100": // disk_full
			return fmt.Errorf("%w (PostgreSQL error %s on the server)", storage.ErrDiskFull, pgErr.Code)
		case pgErr.Code == "54000" || pgErr.Code == "22001": // program_limit_exceeded, string_data_right_truncation
			return fmt.Errorf("%w: the change is over what the shared database keeps in one item (PostgreSQL error %s)", storage.ErrTooLarge, pgErr.Code)
		case pgErr.Code[:2] == "28": // invalid_authorization_specification
			return fmt.Errorf("%w (PostgreSQL error %s)", ErrRefused, pgErr.Code)
		case pgErr.Code == "3D000": // invalid_catalog_name
			return fmt.Errorf("the database named in the connection string does not exist: create it (createdb) first (PostgreSQL error %s)", pgErr.Code)
		case pgErr.Code == "42501": // insufficient_privilege
			return fmt.Errorf("the database role may not do this (PostgreSQL error %s): ask whoever runs the server to grant it the Codebench tables; nothing was saved", pgErr.Code)
		case pgErr.Code[:2] == "57" || pgErr.Code[:2] == "08": // operator intervention (shutdown), connection exception
			return fmt.Errorf("%w (PostgreSQL error %s)", ErrUnreachable, pgErr.Code)
		}
		return fmt.Errorf("%w (PostgreSQL error %s)", storage.ErrStorage, pgErr.Code)
	}
	var netErr net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr), errors.Is(err, io.EOF),
		errors.Is(err, io.ErrUnexpectedEOF), pgconn.Timeout(err), pgconn.SafeToRetry(err), isConnectError(err):
		return ErrUnreachable
	case errors.Is(err, seal.ErrDamaged):
		return fmt.Errorf("a value %w", ErrDamaged)
	}
	return storage.ErrStorage
}

// lostConnection reports whether err means the connection failed (the
// server restarted, the network dropped) rather than the server refusing
// the statement: such a transaction was not applied unless its commit
// had been sent, and can be run again on another connection.
func lostConnection(err error) bool {
	if errors.As(err, new(ownError)) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		// admin_shutdown, crash_shutdown, cannot_connect_now; connection exceptions
		return pgErr.Code == "57P01" || pgErr.Code == "57P02" || pgErr.Code == "57P03" || pgErr.Code[:2] == "08"
	}
	var netErr net.Error
	return pgconn.SafeToRetry(err) || isConnectError(err) || errors.As(err, &netErr) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed)
}

func isConnectError(err error) bool {
	var ce *pgconn.ConnectError
	return errors.As(err, &ce)
}

// isDriverError reports whether err carries a server or driver error
// inside it, whose text must not be shown even when it also wraps one
// of the store's sentinels.
func isDriverError(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) || isConnectError(err)
}
