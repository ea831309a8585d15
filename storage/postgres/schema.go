package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/codebench/codebench/storage"
)

// The schema. Only what the worklist filters and sorts on in SQL, and
// what keeps several workstations consistent, is in clear: record ids,
// status, date of service, who saved when, versions, leases, and the audit
// trail's sequence, time, user, action, record id and hash links. Every
// patient detail (records with their assignments and comments, worklist
// rows, notes, original files, audit details, favourite and recent codes)
// is a value sealed on the workstation (storage/internal/seal) whose
// additional data names its table and row (crypt.go), so the server holds
// ciphertext it cannot read, change or move between rows unnoticed. The
// MRN, account and name search goes through keyed blind-index tokens
// (record_tokens).
//
// schemaVersion is written in codebench_schema; a database written by a
// newer Codebench is refused, an older one migrated on open.
const schemaVersion = 1

// migrations[v] takes a database from version v to v+1.
var migrations = []string{
	0: `
CREATE TABLE users (
	name  text PRIMARY KEY,
	added bigint GENERATED ALWAYS AS IDENTITY,
	entry jsonb NOT NULL -- storage/internal/keywrap.User: argon2id salt and cost, the wrapped master key
);
CREATE TABLE sequences (
	kind text PRIMARY KEY,
	n    bigint NOT NULL
);
CREATE TABLE records (
	id         text COLLATE "C" PRIMARY KEY,
	status     text NOT NULL,
	service    date,            -- NULL: no date of service
	updated_at timestamptz NOT NULL,
	updated_by text NOT NULL,
	version    bigint NOT NULL,
	body       bytea NOT NULL,  -- sealed app.Record
	summary    bytea NOT NULL   -- sealed app.RecordSummary (the worklist row)
);
CREATE INDEX records_status_service ON records (status, service, id);
CREATE INDEX records_service ON records (service, id);
CREATE TABLE record_tokens (
	token     bytea NOT NULL,   -- HMAC of one MRN, account or name-word prefix
	record_id text COLLATE "C" NOT NULL REFERENCES records (id) ON DELETE CASCADE,
	PRIMARY KEY (token, record_id)
);
CREATE INDEX record_tokens_record ON record_tokens (record_id);
CREATE TABLE notes (
	id          text COLLATE "C" PRIMARY KEY,
	text_pieces integer NOT NULL,
	orig_pieces integer NOT NULL
);
CREATE TABLE note_pieces (
	note_id text COLLATE "C" NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
	part    "char" NOT NULL,    -- 't' the note, 'o' its original file
	n       integer NOT NULL,
	data    bytea NOT NULL,     -- sealed piece
	PRIMARY KEY (note_id, part, n)
);
-- Sealed values do not compress: EXTERNAL keeps PostgreSQL from trying.
ALTER TABLE note_pieces ALTER COLUMN data SET STORAGE EXTERNAL;
ALTER TABLE records ALTER COLUMN body SET STORAGE EXTERNAL;
CREATE TABLE shortcuts (
	user_name text NOT NULL,
	kind      "char" NOT NULL,  -- 'f' a favourite code, 'r' the recent-codes list
	token     bytea NOT NULL,   -- favourites: HMAC of the code; recent: empty
	value     bytea NOT NULL,   -- sealed
	PRIMARY KEY (user_name, kind, token)
);
CREATE TABLE audit (
	seq       bigint PRIMARY KEY,
	at_ns     bigint NOT NULL,  -- Unix nanoseconds: the hash covers the exact time
	user_name text NOT NULL,
	action    text NOT NULL,
	record_id text NOT NULL,
	detail    bytea NOT NULL,   -- sealed
	prev      text NOT NULL,
	hash      text NOT NULL
);
CREATE INDEX audit_record ON audit (record_id, seq);
-- The end of the chain. Every write locks this one row first (SELECT ...
-- FOR UPDATE) and appends after it in the same transaction: appends from
-- any number of workstations queue there, so the chain never forks.
CREATE TABLE audit_head (
	id   integer PRIMARY KEY CHECK (id = 1),
	seq  bigint NOT NULL,
	hash text NOT NULL
);
CREATE TABLE leases (
	record_id text COLLATE "C" PRIMARY KEY,
	user_name text NOT NULL,
	holder    text NOT NULL,
	since     timestamptz NOT NULL,
	expires   timestamptz NOT NULL
);
`,
}

// migrateLock is the advisory lock that serialises schema changes of
// workstations opening a database at the same time.
const migrateLock = 0x636f646562656e63 // "codebenc"

// migrate brings the schema to schemaVersion. With create false a
// database without the schema returns storage.ErrNoDatabase.
func migrate(ctx context.Context, conn *pgx.Conn, create bool) error {
	return pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", int64(migrateLock)); err != nil {
			return err
		}
		var exists bool
		if err := tx.QueryRow(ctx, "SELECT to_regclass('codebench_schema') IS NOT NULL").Scan(&exists); err != nil {
			return err
		}
		var v int
		if !exists {
			if !create {
				return ownf("%w: create the first user to set it up", storage.ErrNoDatabase)
			}
			if _, err := tx.Exec(ctx, "CREATE TABLE codebench_schema (version integer NOT NULL)"); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, "INSERT INTO codebench_schema VALUES (0)"); err != nil {
				return err
			}
		} else if err := tx.QueryRow(ctx, "SELECT version FROM codebench_schema").Scan(&v); err != nil {
			return err
		}
		if v > schemaVersion {
			return ownf("the shared database was set up by a newer Codebench (schema %d; this one knows %d): update Codebench", v, schemaVersion)
		}
		for ; v < schemaVersion; v++ {
			if _, err := tx.Exec(ctx, migrations[v]); err != nil {
				return fmt.Errorf("schema %d: %w", v+1, err)
			}
			if v == 0 {
				if _, err := tx.Exec(ctx, "INSERT INTO audit_head VALUES (1, 0, $1)", storage.AuditGenesis()); err != nil {
					return err
				}
			}
		}
		_, err := tx.Exec(ctx, "UPDATE codebench_schema SET version = $1", schemaVersion)
		return err
	})
}
